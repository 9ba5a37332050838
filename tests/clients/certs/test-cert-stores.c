/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The stores' readers and writers on their own, with the files the
 * programs write and the ones nobody should: comments, IPv6, origin
 * attributes, old and foreign lines in cert_override.txt; truncated,
 * oversized and path-climbing entries in camel-cert.db; a broken pin
 * store; the provider's authorities; dates in words. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "core/ms-date.h"
#include "core/ms-provider.h"
#include "evolution/ms-evolution-private.h"
#include "ms-cert-exceptions.h"
#include "ms-file-set.h"
#include "thunderbird/ms-thunderbird-private.h"
#include "ms-cert-test-util.h"

#define OID "OID.2.16.840.1.101.3.4.2.1"
#define SHA_A "AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA"
#define SHA_B "BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB"

static const char overrides[] =
  "# PSM Certificate Override Settings file\n"
  "# This is a generated file!  Do not edit.\n"
  "\n"
  "mail.3xo.fr:993:\t" OID "\t" SHA_A "\t\tAAAAAAAAAAA=\n"                 /* with Mail Setup's old fields */
  "MAIL.3XO.FR:465:^privateBrowsingId=1\t" OID "\t" SHA_A "\t\r\n"          /* origin attributes, CRLF */
  "[::1]:993:\t" OID "\t" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" "\t\n"
  "mail.3xo.fr:993:\tOID.1.2.3\t" SHA_B "\t\n"                                 /* another digest: ignored */
  "mail.3xo.fr:0:\t" OID "\t" SHA_B "\t\n"                                     /* no such port */
  "mail.3xo.fr:70000:\t" OID "\t" SHA_B "\t\n"
  "mail.3xo.fr\t" OID "\t" SHA_B "\t\n"                                        /* no port at all */
  "mail.3xo.fr:587:\t" OID "\tnot-a-fingerprint\t\n"
  "garbage\n"
  "other.example:993:\t" OID "\t" SHA_B "\t\n";

static void
test_override_parse (void)
{
  g_autoptr(GPtrArray) entries = ms_tb_cert_override_parse (overrides);
  MsTbOverride *e;

  /* What Thunderbird itself reads, nothing more. */
  g_assert_cmpuint (entries->len, ==, 4);
  e = entries->pdata[0];
  g_assert_cmpstr (e->host, ==, "mail.3xo.fr");
  g_assert_cmpuint (e->port, ==, 993);
  g_assert_cmpstr (e->origin_attributes, ==, "");
  g_assert_cmpstr (e->sha256, ==, SHA_A);
  e = entries->pdata[1];
  g_assert_cmpstr (e->host, ==, "MAIL.3XO.FR");
  g_assert_cmpstr (e->origin_attributes, ==, "^privateBrowsingId=1");
  e = entries->pdata[2];
  g_assert_cmpstr (e->host, ==, "::1");
  g_assert_cmpstr (e->sha256, ==, SHA_A);
  e = entries->pdata[3];
  g_assert_cmpstr (e->host, ==, "other.example");
}

static void
test_override_edit (void)
{
  g_autoptr(GPtrArray) entries = ms_tb_cert_override_parse (overrides);
  g_autoptr(GPtrArray) remove = g_ptr_array_new ();
  g_autofree char *text = NULL;

  /* Only the very line asked: host (any case), port, attributes and fingerprint. */
  g_ptr_array_add (remove, entries->pdata[1]);
  text = ms_tb_cert_override_edit (overrides, remove, NULL);
  g_assert_null (strstr (text, "privateBrowsingId"));
  g_assert_nonnull (strstr (text, "mail.3xo.fr:993:\t" OID "\t" SHA_A "\t\tAAAAAAAAAAA=\n"));
  g_assert_nonnull (strstr (text, "garbage\n"));
  g_assert_true (g_str_has_prefix (text, "# PSM Certificate Override Settings file\n"));
  /* A fingerprint that does not match removes nothing. */
  g_free (((MsTbOverride *) entries->pdata[0])->sha256);
  ((MsTbOverride *) entries->pdata[0])->sha256 = g_strdup (SHA_B);
  g_ptr_array_set_size (remove, 0);
  g_ptr_array_add (remove, entries->pdata[0]);
  g_free (text);
  text = ms_tb_cert_override_edit (overrides, remove, NULL);
  g_assert_cmpstr (text, ==, overrides);
}

/* A renewal takes the old line's place: the rest of the file is untouched. */
static void
test_override_renew_in_place (void)
{
  static const char before[] = "# PSM Certificate Override Settings file\n"
                               "a.example:993:\t" OID "\t" SHA_A "\t\n"
                               "b.example:465:\t" OID "\t" SHA_A "\t\n";
  g_autoptr(GPtrArray) entries = ms_tb_cert_override_parse (before);
  g_autoptr(GPtrArray) remove = g_ptr_array_new ();
  g_autoptr(GPtrArray) add = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_pin_free);
  MsPin *pin = g_new0 (MsPin, 1);
  g_autofree char *text = NULL;

  pin->host = g_strdup ("a.example");
  pin->port = 993;
  pin->sha256 = g_strdup (SHA_B);
  g_ptr_array_add (add, pin);
  g_ptr_array_add (remove, entries->pdata[0]);
  text = ms_tb_cert_override_edit (before, remove, add);
  g_assert_cmpstr (text, ==, "# PSM Certificate Override Settings file\n"
                             "a.example:993:\t" OID "\t" SHA_B "\t\n"
                             "b.example:465:\t" OID "\t" SHA_A "\t\n");
}

static GBytes *
entry_bytes (const char *host, const char *fingerprint, guint32 trust)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_evo_cert_entry_free);
  MsEvoCertEntry *e = g_new0 (MsEvoCertEntry, 1);

  e->hostname = g_strdup (host);
  e->fingerprint = g_strdup (fingerprint);
  e->trust = trust;
  g_ptr_array_add (entries, e);
  return ms_evo_certdb_serialize (0x100, entries);
}

static void
test_camel_parse (void)
{
  g_autoptr(GBytes) data = entry_bytes ("mail.3xo.fr", "00:11:", 3);
  gsize size = 0;
  const char *bytes = g_bytes_get_data (data, &size);
  g_autoptr(GPtrArray) entries = ms_evo_certdb_parse (bytes, size, NULL);
  g_autoptr(GBytes) again = NULL;
  static const guint8 many[] = { 0x82, 0x80 | 0x7f, 0x7f, 0x7f, 0xff };   /* version, then a huge count */
  static const guint8 long_string[] = { 0x82, 0x81, 0x10, 0x10, 0x10, 0x80 | 0x10 };

  g_assert_nonnull (entries);
  g_assert_cmpuint (entries->len, ==, 1);
  again = ms_evo_certdb_serialize (0x100, entries);
  g_assert_true (g_bytes_equal (data, again));
  /* Every truncation is refused, none read past the end. */
  for (gsize cut = 1; cut < size; cut++)
    {
      g_autoptr(GPtrArray) partial = ms_evo_certdb_parse (bytes, cut, NULL);
      g_assert_null (partial);
    }
  g_assert_null (ms_evo_certdb_parse ((const char *) many, sizeof many, NULL));
  g_assert_null (ms_evo_certdb_parse ((const char *) long_string, sizeof long_string, NULL));
}

static void
test_camel_corrupt_left_alone (void)
{
  g_autoptr(MsCertTestHome) home = ms_cert_test_home_new ();
  g_autoptr(MsFileSet) set = ms_file_set_new ();
  g_autofree char *db = ms_evo_certdb_path (home->data_home);
  g_autofree char *dir = g_path_get_dirname (db);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (db, "\x82\x85garbage", -1, NULL));
  g_assert_false (ms_evo_certdb_plan_edit (set, home->data_home, NULL, NULL, &error));
  g_assert_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT);
  g_assert_false (ms_file_set_has_changes (set));
  found = ms_cert_exceptions_list (&home->stores, NULL, problems);
  g_assert_cmpuint (found->len, ==, 0);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_error ((GError *) problems->pdata[0], MS_CERT_EXCEPTIONS_ERROR, MS_CERT_EXCEPTIONS_ERROR_READ);
}

/* An entry whose fingerprint climbs out of camel_certs/, one whose copy is
 * another certificate, a rejected one: none may lend a certificate. */
static void
test_camel_hostile_entries (void)
{
  g_autoptr(MsCertTestHome) home = ms_cert_test_home_new ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_evo_cert_entry_free);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autofree char *db = ms_evo_certdb_path (home->data_home);
  g_autofree char *dir = g_path_get_dirname (db);
  g_autofree char *copies = g_build_filename (home->data_home, "camel_certs", NULL);
  g_autofree char *secret = g_build_filename (home->data_home, "secret", NULL);
  g_autofree char *wrong = g_build_filename (copies, "00:11:22:", NULL);
  const char *hosts[] = { "mail.3xo.fr", "mail.3xo.fr", "mail.3xo.fr" };
  const char *prints[] = { "../secret", "00:11:22:", "33:44:" };
  guint32 trusts[] = { 3, 3, 1 };

  g_mkdir_with_parents (dir, 0700);
  g_mkdir_with_parents (copies, 0700);
  g_assert_true (g_file_set_contents (secret, "not a certificate", -1, NULL));
  g_assert_true (g_file_set_contents (wrong, "not this one either", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      MsEvoCertEntry *e = g_new0 (MsEvoCertEntry, 1);
      e->hostname = g_strdup (hosts[i]);
      e->fingerprint = g_strdup (prints[i]);
      e->trust = trusts[i];
      g_ptr_array_add (entries, e);
    }
  data = ms_evo_certdb_serialize (0x100, entries);
  g_assert_true (g_file_set_contents (db, g_bytes_get_data (data, NULL), (gssize) g_bytes_get_size (data), NULL));
  found = ms_cert_exceptions_list (&home->stores, NULL, problems);
  /* The rejected one is no exception; the others are, without details. */
  g_assert_cmpuint (found->len, ==, 2);
  for (guint i = 0; i < found->len; i++)
    {
      MsCertException *e = found->pdata[i];
      g_assert_null (e->info);
      g_assert_null (e->sha256);
      g_assert_cmpuint (e->port, ==, 0);
    }
}

static void
test_listing_filters_and_problems (void)
{
  g_autoptr(MsCertTestHome) home = ms_cert_test_home_new ();
  g_autofree char *profile = ms_cert_test_add_profile (home, "default", TRUE);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  const char *hosts[] = { "MAIL.3xo.fr", NULL };
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *pins_dir = g_path_get_dirname (home->pin_path);

  ms_cert_test_write (profile, "cert_override.txt", overrides);
  g_mkdir_with_parents (pins_dir, 0700);
  g_assert_true (g_file_set_contents (home->pin_path, "[broken", -1, NULL));
  found = ms_cert_exceptions_list (&home->stores, hosts, problems);
  /* Names without case; the broken pin store said, the rest listed. */
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (((GError *) problems->pdata[0])->message, home->pin_path));
  g_assert_cmpstr (((MsCertException *) found->pdata[0])->profile_name, ==, "default");
}

static void
test_pin_edit (void)
{
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  static const char store[] = "[mail.3xo.fr:993]\nhost=mail.3xo.fr\nport=993\nsha256=" SHA_A "\n"
                              "[mail.3xo.fr:465]\nhost=mail.3xo.fr\nport=465\nsha256=" SHA_A "\n";
  g_autofree char *removed = ms_pin_store_edit_data (store, sizeof store - 1, "MAIL.3xo.fr", 993, NULL, &length,
                                                     &error);

  g_assert_no_error (error);
  g_assert_null (strstr (removed, "[mail.3xo.fr:993]"));
  g_assert_nonnull (strstr (removed, "[mail.3xo.fr:465]"));
  g_assert_null (ms_pin_store_edit_data ("[broken", 7, "h", 1, NULL, &length, &error));
  g_assert_error (error, MS_PIN_STORE_ERROR, MS_PIN_STORE_ERROR_PARSE);
}

static MsProvider *
provider_with (const char *element, GError **error)
{
  g_autofree char *xml = g_strdup_printf (
    "<clientConfig version=\"1.1\" xmlns:ms=\"https://mailsetup.github.io/ns/provider/1\" xmlns:x=\"urn:other\">"
    "<emailProvider id=\"p.example\"><domain>p.example</domain>%s"
    "<incomingServer type=\"imap\"><hostname>imap.p.example</hostname><port>993</port><socketType>SSL</socketType>"
    "<authentication>password-cleartext</authentication><ms:certificateName>mail.p.example</ms:certificateName>"
    "</incomingServer><outgoingServer type=\"smtp\"><hostname>SMTP.p.example</hostname><port>465</port>"
    "<socketType>SSL</socketType><authentication>password-cleartext</authentication></outgoingServer>"
    "</emailProvider></clientConfig>", element);

  return ms_provider_new_from_data (xml, -1, "p.xml", error);
}

static void
test_provider_authorities (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsProvider) p = provider_with ("<ms:certificateAuthority name=\"P Root\" sha256=\"aa:" "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                                           "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\" "
                                           "url=\"https://p.example/root.pem\"/>"
                                           "<x:certificateAuthority name=\"ignored\" sha256=\"zz\"/>", &error);
  g_auto(GStrv) hosts = NULL;
  g_autofree char *name = NULL, *fallback = NULL;
  MsProviderAuthority *a;

  g_assert_no_error (error);
  g_assert_cmpuint (ms_provider_get_authorities (p)->len, ==, 1);
  a = ms_provider_get_authorities (p)->pdata[0];
  g_assert_cmpstr (a->name, ==, "P Root");
  g_assert_cmpstr (a->sha256, ==, SHA_A);
  g_assert_cmpstr (a->url, ==, "https://p.example/root.pem");
  hosts = ms_provider_dup_hostnames (p);
  g_assert_cmpstr (hosts[0], ==, "imap.p.example");
  g_assert_cmpstr (hosts[1], ==, "smtp.p.example");
  g_assert_null (hosts[2]);
  name = ms_provider_dup_certificate_name (p, "IMAP.p.example");
  g_assert_cmpstr (name, ==, "mail.p.example");
  fallback = ms_provider_dup_certificate_name (p, "smtp.p.example");
  g_assert_cmpstr (fallback, ==, "smtp.p.example");

  /* A trust statement that cannot be read is an error, with its line. */
  g_assert_null (provider_with ("<ms:certificateAuthority sha256=\"" SHA_A "\"/>", &error));
  g_assert_error (error, MS_PROVIDER_ERROR, MS_PROVIDER_ERROR_BAD_AUTHORITY);
  g_clear_error (&error);
  g_assert_null (provider_with ("<ms:certificateAuthority name=\"P\" sha256=\"AA:BB\"/>", &error));
  g_assert_error (error, MS_PROVIDER_ERROR, MS_PROVIDER_ERROR_BAD_AUTHORITY);
  g_assert_nonnull (strstr (error->message, "p.xml, line 1"));
  g_clear_error (&error);
  g_assert_null (provider_with ("<ms:certificateAuthority name=\"P\" sha256=\"" SHA_A "\" url=\"file:///etc/x\"/>",
                                &error));
  g_assert_error (error, MS_PROVIDER_ERROR, MS_PROVIDER_ERROR_BAD_AUTHORITY);
}

static void
test_dates (void)
{
  g_autofree char *date = NULL, *first = NULL, *left = NULL, *ago = NULL, *today = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_setenv ("TZ", "UTC", TRUE);
  date = ms_date_format_long (1796256000);   /* 2026-12-03 */
  g_assert_cmpstr (date, ==, "3 December 2026");
  first = ms_date_format_long (1777593600);  /* 2026-05-01 */
  g_assert_cmpstr (first, ==, "1 May 2026");
  g_assert_cmpint (ms_date_days_until (now + 86400 * 10 + 60), ==, 10);
  g_assert_cmpint (ms_date_days_until (now - 60), ==, -1);
  left = ms_date_describe_days_left (now + 86400 * 2 + 60);
  g_assert_cmpstr (left, ==, "valid for 2 more days");
  ago = ms_date_describe_days_left (now - 86400 * 3 + 60);
  g_assert_cmpstr (ago, ==, "expired 3 days ago");
  today = ms_date_describe_days_left (now + 3600);
  g_assert_cmpstr (today, ==, "expires within a day");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/certs/stores/thunderbird-parse", test_override_parse);
  g_test_add_func ("/certs/stores/thunderbird-edit", test_override_edit);
  g_test_add_func ("/certs/stores/thunderbird-renew-in-place", test_override_renew_in_place);
  g_test_add_func ("/certs/stores/evolution-parse", test_camel_parse);
  g_test_add_func ("/certs/stores/evolution-corrupt-left-alone", test_camel_corrupt_left_alone);
  g_test_add_func ("/certs/stores/evolution-hostile-entries", test_camel_hostile_entries);
  g_test_add_func ("/certs/stores/listing-filters-and-problems", test_listing_filters_and_problems);
  g_test_add_func ("/certs/stores/pin-store-edit", test_pin_edit);
  g_test_add_func ("/certs/stores/provider-authorities", test_provider_authorities);
  g_test_add_func ("/certs/stores/dates-in-words", test_dates);
  return g_test_run ();
}
