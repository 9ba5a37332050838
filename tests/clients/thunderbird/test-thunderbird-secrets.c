/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What Thunderbird must not ask again: certificate exceptions in
 * cert_override.txt, the password in logins.json through NSS. */
#include "config.h"

#include <dlfcn.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ms-tb-test-util.h"
#include "ms-thunderbird-nss.h"

/* certtool, cn = mail.example.com, serial 0x0089abcdef (with its leading 00). */
static const char test_cert[] =
  "MIIBZzCCAQ6gAwIBAgIFAImrze8wCgYIKoZIzj0EAwIwGzEZMBcGA1UEAxMQbWFp"
  "bC5leGFtcGxlLmNvbTAeFw0yNjExMjcxNzM2NTFaFw0zNjExMjQxNzM2NTFaMBsx"
  "GTAXBgNVBAMTEG1haWwuZXhhbXBsZS5jb20wWTATBgcqhkjOPQIBBggqhkjOPQMB"
  "BwNCAASPaJbf2wh7FgeY8P6KWoT0vRmHmAV6WkOlAaTEPvxcN+8qlkSXPzxBf3q7"
  "EoEEfk6QAHabkYJyLN/FifLTg/s/oz8wPTAMBgNVHRMBAf8EAjAAMA4GA1UdDwEB"
  "/wQEAwIHgDAdBgNVHQ4EFgQUe2NqVB4EdlqBLox5jPBKYrysXbEwCgYIKoZIzj0E"
  "AwIDRwAwRAIgSigC18jZAZd4ASG8K10AhOsemT76JPHWiYVSaxX2abQCIEG56cRI"
  "BNICuCHIzwWdyLqUrBynWxG1lcfOQpWRJcLg";
#define TEST_CERT_SHA256 \
  "E3:C8:1B:B2:B5:84:92:75:EC:98:93:24:B6:D2:47:4A:AE:54:CB:A2:13:00:D3:DF:16:95:21:1F:52:EC:36:6B"
/* Computed independently (openssl + a DER walk in Python). */
#define TEST_CERT_DBKEY "AAAAAAAAAAAAAAAFAAAAHQCJq83vMBsxGTAXBgNVBAMTEG1haWwuZXhhbXBsZS5jb20="

static void
test_cert_override (MsTbFixture *f, gconstpointer data)
{
  g_autoptr(MsAccount) account = ms_tb_test_account ("alice@example.test", "Mail.Example.test");
  g_autoptr(MsPinStore) pins = ms_pin_store_new_memory ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientReport) report = NULL;
  g_autofree char *path = g_build_filename (f->profile, "cert_override.txt", NULL);
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;
  gsize len = 0;
  g_autofree guchar *der = g_base64_decode (test_cert, &len);
  g_autoptr(GBytes) bytes = g_bytes_new (der, len);
  g_autofree char *db_key = ms_tb_cert_db_key (bytes);
  const char *old = "# PSM Certificate Override Settings file\n"
                    "# This is a generated file!  Do not edit.\n"
                    "mail.example.test:993:\tOID.2.16.840.1.101.3.4.2.1\tAA:BB\t\n"
                    "other.example:443:^privateBrowsingId=1\tOID.2.16.840.1.101.3.4.2.1\tCC:DD\t\n";

  g_assert_cmpstr (db_key, ==, TEST_CERT_DBKEY);
  g_assert_true (g_file_set_contents (path, old, -1, NULL));
  g_assert_true (ms_pin_store_add (pins, "mail.example.test", 993, bytes, &error));
  g_assert_no_error (error);
  g_assert_true (ms_pin_store_add_fingerprint (pins, "mail.example.test", 465, TEST_CERT_SHA256, NULL));
  g_assert_true (ms_pin_store_add_fingerprint (pins, "unrelated.example", 993, TEST_CERT_SHA256, NULL));

  report = ms_tb_test_write (account, pins, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_ptr_array_find_with_equal_func (report->written, path, g_str_equal, NULL));
  out = ms_tb_test_read (f->profile, "cert_override.txt");
  expected = g_strconcat ("# PSM Certificate Override Settings file\n"
                          "# This is a generated file!  Do not edit.\n"
                          "other.example:443:^privateBrowsingId=1\tOID.2.16.840.1.101.3.4.2.1\tCC:DD\t\n"
                          "Mail.Example.test:993:\tOID.2.16.840.1.101.3.4.2.1\t" TEST_CERT_SHA256 "\t\t" TEST_CERT_DBKEY "\n"
                          "Mail.Example.test:465:\tOID.2.16.840.1.101.3.4.2.1\t" TEST_CERT_SHA256 "\t\n", NULL);
  g_assert_cmpstr (out, ==, expected);

  /* Again: the same lines are replaced, not added. */
  g_clear_pointer (&report, ms_client_report_free);
  report = ms_tb_test_write (account, pins, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&out, g_free);
  out = ms_tb_test_read (f->profile, "cert_override.txt");
  g_assert_cmpstr (out, ==, expected);
}

static void
test_no_password (MsTbFixture *f, gconstpointer data)
{
  g_autoptr(MsAccount) account = ms_tb_test_account ("alice@example.test", "mail.example.test");
  g_autoptr(GError) error = NULL;
  MsClientOptions options = { .store_password = FALSE };
  g_autoptr(MsClientReport) report = ms_tb_test_write (account, NULL, &options, &error);
  g_autofree char *logins = NULL;

  g_assert_no_error (error);
  g_assert_false (report->password_stored);
  g_assert_nonnull (report->password_note);
  logins = ms_tb_test_read (f->profile, "logins.json");
  g_assert_null (logins);
  ms_tb_test_assert_no_clear_password (f->home);
}

static void
test_unreadable_logins (MsTbFixture *f, gconstpointer data)
{
  g_autoptr(MsAccount) account = ms_tb_test_account ("alice@example.test", "mail.example.test");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->profile, "logins.json", NULL);
  g_autoptr(MsClientReport) report = NULL;
  g_autofree char *logins = NULL;
  g_autofree char *prefs = NULL;

  g_assert_true (g_file_set_contents (path, "{not json", -1, NULL));
  report = ms_tb_test_write (account, NULL, NULL, &error);
  g_assert_no_error (error);   /* the account is written anyway */
  g_assert_false (report->password_stored);
  g_assert_nonnull (strstr (report->password_note, "Thunderbird will ask for the password once"));
  logins = ms_tb_test_read (f->profile, "logins.json");
  g_assert_cmpstr (logins, ==, "{not json");
  prefs = ms_tb_test_read (f->profile, "prefs.js");
  g_assert_nonnull (strstr (prefs, "alice@example.test"));
}

/* Sets a primary password on the profile's key4.db, as a user can in
 * Thunderbird's settings, through the NSS the writer loaded. */
static void
set_primary_password (const char *profile)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTbNss) nss = ms_tb_nss_open (profile, &error);
  void *lib = dlopen ("libnss3.so", RTLD_NOW | RTLD_NOLOAD);
  void *(*get_slot) (void);
  int (*change_pw) (void *, const char *, const char *);
  void (*free_slot) (void *);
  void *slot;

  g_assert_no_error (error);
  g_assert_nonnull (lib);
  get_slot = (void *(*) (void)) dlsym (lib, "PK11_GetInternalKeySlot");
  change_pw = (int (*) (void *, const char *, const char *)) dlsym (lib, "PK11_ChangePW");
  free_slot = (void (*) (void *)) dlsym (lib, "PK11_FreeSlot");
  slot = get_slot ();
  g_assert_cmpint (change_pw (slot, "", "primary secret"), ==, 0);
  free_slot (slot);
  dlclose (lib);
}

static void
test_primary_password (MsTbFixture *f, gconstpointer data)
{
  g_autoptr(MsAccount) account = ms_tb_test_account ("alice@example.test", "mail.example.test");
  g_autoptr(MsAccount) other = ms_tb_test_account ("bob@example.test", "mail.example.test");
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientReport) first = ms_tb_test_write (account, NULL, NULL, &error);
  g_autoptr(MsClientReport) second = NULL;
  g_autofree char *logins_before = NULL;
  g_autofree char *logins_after = NULL;
  g_autofree char *prefs = NULL;

  g_assert_no_error (error);
  g_assert_true (first->password_stored);
  set_primary_password (f->profile);
  logins_before = ms_tb_test_read (f->profile, "logins.json");

  second = ms_tb_test_write (other, NULL, NULL, &error);
  g_assert_no_error (error);  /* the account is written; Thunderbird asks once */
  g_assert_false (second->password_stored);
  g_assert_nonnull (strstr (second->password_note, "primary password"));
  logins_after = ms_tb_test_read (f->profile, "logins.json");
  g_assert_cmpstr (logins_after, ==, logins_before);
  prefs = ms_tb_test_read (f->profile, "prefs.js");
  g_assert_nonnull (strstr (prefs, "\"bob@example.test\""));
}

#define EXISTING MS_TB_TEST_EXISTING

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, MsTbFixture, EXISTING, ms_tb_test_setup, fn, ms_tb_test_teardown)
  ADD ("/thunderbird/secrets/cert-override", test_cert_override);
  ADD ("/thunderbird/secrets/no-password", test_no_password);
  ADD ("/thunderbird/secrets/unreadable-logins", test_unreadable_logins);
  ADD ("/thunderbird/secrets/primary-password", test_primary_password);
#undef ADD
  status = g_test_run ();
  ms_tb_test_home_cleanup ();
  return status;
}
