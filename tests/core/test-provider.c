/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "core/ms-provider-store.h"

static MsProvider *
builtin (void)
{
  g_autoptr(MsProviderStore) store = ms_provider_store_new ();
  MsProvider *p = ms_provider_store_lookup (store, "3xo.fr");

  g_assert_nonnull (p);
  return g_object_ref (p);
}

static void
test_builtin_profile (void)
{
  g_autoptr(MsProvider) p = builtin ();
  GPtrArray *in = ms_provider_get_incoming (p);
  GPtrArray *out = ms_provider_get_outgoing (p);
  const MsEndpoint *first_in = g_ptr_array_index (in, 0);
  const MsEndpoint *first_out = g_ptr_array_index (out, 0);
  gboolean seen[4] = { 0 };

  g_assert_cmpstr (ms_provider_get_display_name (p), ==, "3xo");
  g_assert_cmpstr (ms_provider_get_domains (p)[0], ==, "3xo.fr");

  /* The guide's recommendation comes first: IMAPS 993, SMTP SSL/TLS 465. */
  g_assert_cmpint (first_in->protocol, ==, MS_PROTOCOL_IMAP);
  g_assert_cmpuint (first_in->port, ==, 993);
  g_assert_cmpint (first_in->security, ==, MS_SECURITY_SSL);
  g_assert_cmpint (first_out->protocol, ==, MS_PROTOCOL_SMTP);
  g_assert_cmpuint (first_out->port, ==, 465);
  g_assert_cmpint (first_out->security, ==, MS_SECURITY_SSL);

  /* Every endpoint of the guide, all on mail.3xo.fr with the full address. */
  for (guint i = 0; i < in->len; i++)
    {
      const MsEndpoint *e = g_ptr_array_index (in, i);
      g_assert_cmpstr (e->hostname, ==, "mail.3xo.fr");
      g_assert_cmpstr (e->username, ==, "%EMAILADDRESS%");
      g_assert_cmpstr (e->certificate_name, ==, "mail.3xo.fr");
      seen[0] |= e->port == 110 && e->protocol == MS_PROTOCOL_POP3;
      seen[1] |= e->port == 995 && e->protocol == MS_PROTOCOL_POP3;
      seen[2] |= e->port == 143 && e->protocol == MS_PROTOCOL_IMAP;
      seen[3] |= e->port == 993 && e->protocol == MS_PROTOCOL_IMAP;
    }
  for (guint i = 0; i < G_N_ELEMENTS (seen); i++)
    g_assert_true (seen[i]);

  /* Both modes on every sending port, as the guide says. */
  for (guint port = 25; port; port = port == 25 ? 465 : port == 465 ? 587 : 0)
    {
      g_assert_true (ms_provider_offers (p, MS_PROTOCOL_SMTP, port, MS_SECURITY_SSL));
      g_assert_true (ms_provider_offers (p, MS_PROTOCOL_SMTP, port, MS_SECURITY_STARTTLS));
    }
  g_assert_true (ms_provider_wants_full_address (p, MS_PROTOCOL_IMAP));
  g_assert_true (ms_provider_is_recommended (p, first_in));
  g_assert_false (ms_provider_is_recommended (p, g_ptr_array_index (in, 1)));
}

static void
test_placeholders (void)
{
  g_autofree char *a = ms_expand_placeholders ("%EMAILADDRESS%", "test@test.com", "T");
  g_autofree char *b = ms_expand_placeholders ("%EMAILLOCALPART%", "test@test.com", "T");
  g_autofree char *c = ms_expand_placeholders ("imap.%EMAILDOMAIN%", "test@test.com", "T");
  g_autofree char *d = ms_expand_placeholders ("%REALNAME% <%EMAILADDRESS%>", "a@b.fr", "%EMAILLOCALPART%");
  g_autofree char *e = ms_expand_placeholders ("50% off %EMAILDOMAIN", "a@b.fr", NULL);

  g_assert_cmpstr (a, ==, "test@test.com");
  g_assert_cmpstr (b, ==, "test");
  g_assert_cmpstr (c, ==, "imap.test.com");
  /* A value that looks like a placeholder is not expanded again. */
  g_assert_cmpstr (d, ==, "%EMAILLOCALPART% <a@b.fr>");
  g_assert_cmpstr (e, ==, "50% off %EMAILDOMAIN");
}

static const char *ispdb_like =
  "<?xml version=\"1.0\"?>\n"
  "<clientConfig version=\"1.1\" xmlns:x=\"urn:other\">\n"
  "  <emailProvider id=\"example.com\">\n"
  "    <domain>example.com</domain><domain>Example.NET</domain>\n"
  "    <displayName>Example Mail</displayName>\n"
  "    <x:secret>ignored</x:secret>\n"
  "    <incomingServer type=\"exchange\"><hostname>ews.example.com</hostname></incomingServer>\n"
  "    <incomingServer type=\"imap\"><hostname>imap.example.com</hostname><port>993</port>\n"
  "      <socketType>SSL</socketType><username>%EMAILLOCALPART%</username>\n"
  "      <authentication>OAuth2</authentication></incomingServer>\n"
  "    <incomingServer type=\"pop3\"><hostname>pop.example.com</hostname><port>110</port>\n"
  "      <socketType>bogus</socketType><socketType>STARTTLS</socketType>\n"
  "      <authentication>OAuth2</authentication><authentication>password-cleartext</authentication>\n"
  "      <pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>\n"
  "    <outgoingServer type=\"smtp\"><hostname>smtp.%EMAILDOMAIN%</hostname><port>587</port>\n"
  "      <socketType>STARTTLS</socketType><authentication>password-encrypted</authentication></outgoingServer>\n"
  "    <documentation url=\"https://example.com/help\"><descr lang=\"en\">Help</descr></documentation>\n"
  "  </emailProvider>\n"
  "</clientConfig>\n";

static void
test_thunderbird_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsProvider) p = ms_provider_new_from_data (ispdb_like, -1, "example.xml", &error);
  const MsEndpoint *pop, *smtp;

  g_assert_no_error (error);
  g_assert_cmpstr (ms_provider_get_id (p), ==, "example.com");
  g_assert_cmpstr (ms_provider_get_domains (p)[1], ==, "example.net");
  g_assert_cmpstr (ms_provider_get_documentation_url (p), ==, "https://example.com/help");
  /* Exchange, and OAuth2 on a host no mail program can sign in to, are
   * skipped, like Thunderbird does. */
  g_assert_cmpuint (ms_provider_get_incoming (p)->len, ==, 1);
  pop = g_ptr_array_index (ms_provider_get_incoming (p), 0);
  g_assert_cmpint (pop->protocol, ==, MS_PROTOCOL_POP3);
  g_assert_cmpint (pop->security, ==, MS_SECURITY_STARTTLS);
  g_assert_cmpuint (pop->port, ==, 110);
  g_assert_cmpint (pop->auth, ==, MS_AUTH_PASSWORD_CLEARTEXT);
  g_assert_null (pop->certificate_name);
  smtp = g_ptr_array_index (ms_provider_get_outgoing (p), 0);
  g_assert_cmpstr (smtp->hostname, ==, "smtp.%EMAILDOMAIN%");
  g_assert_cmpint (smtp->auth, ==, MS_AUTH_PASSWORD_ENCRYPTED);
}

typedef struct {
  const char *name;
  const char *xml;
  MsProviderError code;
  const char *line;   /* text the message must contain */
} BadCase;

static const char *header = "<clientConfig><emailProvider id=\"x\"><domain>x.fr</domain>";
static const char *imap_ok = "<incomingServer type=\"imap\"><hostname>h.x.fr</hostname><port>993</port><socketType>SSL</socketType><authentication>plain</authentication></incomingServer>";
static const char *smtp_ok = "<outgoingServer type=\"smtp\"><hostname>h.x.fr</hostname><port>465</port><socketType>SSL</socketType><authentication>plain</authentication></outgoingServer>";

static void
check_bad (const char *xml, int code, const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsProvider) p = ms_provider_new_from_data (xml, -1, "bad.xml", &error);

  g_assert_null (p);
  g_assert_error (error, MS_PROVIDER_ERROR, code);
  /* The file name always, and the line where it helps. */
  g_assert_nonnull (strstr (error->message, "bad.xml"));
  if (needle)
    g_assert_nonnull (strstr (error->message, needle));
}

static void
test_malformed (void)
{
  g_autofree char *truncated = g_strdup_printf ("%s%s", header, "<incomingServer type=\"imap\"><hostname>h");
  g_autofree char *no_host = g_strdup_printf ("%s\n\n<incomingServer type=\"imap\"><port>993</port><socketType>SSL</socketType><authentication>plain</authentication></incomingServer>%s</emailProvider></clientConfig>", header, smtp_ok);
  g_autofree char *bad_port = g_strdup_printf ("%s<incomingServer type=\"imap\">\n<hostname>h.x.fr</hostname>\n<port>70000</port><socketType>SSL</socketType><authentication>plain</authentication></incomingServer>%s</emailProvider></clientConfig>", header, smtp_ok);
  g_autofree char *neg_port = g_strdup_printf ("%s<incomingServer type=\"imap\"><hostname>h.x.fr</hostname><port>-1</port><socketType>SSL</socketType><authentication>plain</authentication></incomingServer>%s</emailProvider></clientConfig>", header, smtp_ok);
  g_autofree char *no_out = g_strdup_printf ("%s%s</emailProvider></clientConfig>", header, imap_ok);
  g_autofree char *bad_host = g_strdup_printf ("%s<incomingServer type=\"imap\"><hostname>bad host;rm</hostname><port>993</port><socketType>SSL</socketType><authentication>plain</authentication></incomingServer>%s</emailProvider></clientConfig>", header, smtp_ok);
  g_autofree char *dot_host = g_strdup_printf ("%s<incomingServer type=\"imap\">\n<hostname>.</hostname><port>993</port><socketType>SSL</socketType><authentication>plain</authentication></incomingServer>%s</emailProvider></clientConfig>", header, smtp_ok);
  g_autofree char *ideographic_dot_host = g_strdup_printf ("%s%s<outgoingServer type=\"smtp\"><hostname>\xe3\x80\x82</hostname><port>465</port><socketType>SSL</socketType><authentication>plain</authentication></outgoingServer></emailProvider></clientConfig>", header, imap_ok);
  g_autofree char *no_socket = g_strdup_printf ("%s<incomingServer type=\"imap\"><hostname>h.x.fr</hostname><port>993</port><authentication>plain</authentication></incomingServer>%s</emailProvider></clientConfig>", header, smtp_ok);

  check_bad (truncated, MS_PROVIDER_ERROR_MARKUP, NULL);
  check_bad ("<html><body>404</body></html>", MS_PROVIDER_ERROR_WRONG_ROOT, "line 1");
  check_bad ("", MS_PROVIDER_ERROR_MARKUP, NULL);
  check_bad ("\x89PNG\r\n\x1a\n\x01\x02", MS_PROVIDER_ERROR_MARKUP, NULL);
  /* A bad server is skipped; with no other, the file is refused, saying
   * which server was skipped and why. */
  check_bad (no_host, MS_PROVIDER_ERROR_NO_INCOMING, "server at line 3 is skipped: it has no <hostname>");
  check_bad (bad_port, MS_PROVIDER_ERROR_NO_INCOMING, "its port “70000” is not a number");
  check_bad (neg_port, MS_PROVIDER_ERROR_NO_INCOMING, "-1");
  check_bad (no_out, MS_PROVIDER_ERROR_NO_OUTGOING, "The file lists none");
  check_bad (bad_host, MS_PROVIDER_ERROR_NO_INCOMING, "is not valid");
  check_bad (no_socket, MS_PROVIDER_ERROR_NO_INCOMING, "socketType");
  /* A host name that is only a dot once crashed the parser. */
  check_bad (dot_host, MS_PROVIDER_ERROR_NO_INCOMING, "line 2");
  check_bad (ideographic_dot_host, MS_PROVIDER_ERROR_NO_OUTGOING, "is not valid");
  check_bad ("<clientConfig><emailProvider><domain>x</domain></emailProvider></clientConfig>",
             MS_PROVIDER_ERROR_NO_ID, NULL);
  check_bad ("<clientConfig/>", MS_PROVIDER_ERROR_NO_PROVIDER, NULL);
}

static void
test_huge_and_deep (void)
{
  GString *huge = g_string_new ("<clientConfig><emailProvider id=\"x\"><displayName>");
  GString *deep = g_string_new ("<clientConfig>");
  GString *long_text = g_string_new ("<clientConfig><emailProvider id=\"x\"><displayName>");

  while (huge->len < 2 * 1024 * 1024)
    g_string_append (huge, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  check_bad (huge->str, MS_PROVIDER_ERROR_TOO_LARGE, NULL);

  for (guint i = 0; i < 10000; i++)
    g_string_append (deep, "<a>");
  check_bad (deep->str, MS_PROVIDER_ERROR_TOO_DEEP, NULL);

  for (guint i = 0; i < 20000; i++)
    g_string_append_c (long_text, 'B');
  g_string_append (long_text, "</displayName></emailProvider></clientConfig>");
  check_bad (long_text->str, MS_PROVIDER_ERROR_TOO_LARGE, NULL);

  g_string_free (huge, TRUE);
  g_string_free (deep, TRUE);
  g_string_free (long_text, TRUE);
}

static void
write_file (const char *dir, const char *name, const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

/* A helpdesk ships a profile in a system dir, a user overrides it, and a
 * broken file is reported without hiding the good ones. */
static void
test_store_dirs (void)
{
  g_autofree char *user_dir = g_build_filename (g_get_user_data_dir (), "mail-setup", "providers", NULL);
  g_autofree char *good = NULL, *override = NULL;
  g_autoptr(MsProviderStore) store = NULL;
  GPtrArray *problems;
  MsProvider *p;

  g_assert_cmpint (g_mkdir_with_parents (user_dir, 0700), ==, 0);
  good = g_strdup_printf ("%s%s%s</emailProvider></clientConfig>", header, imap_ok, smtp_ok);
  override = g_strdup ("<clientConfig><emailProvider id=\"3xo.fr\"><domain>3xo.fr</domain>"
                       "<displayName>3xo (helpdesk)</displayName>"
                       "<incomingServer type=\"imap\"><hostname>imap.3xo.example</hostname><port>993</port><socketType>SSL</socketType><authentication>plain</authentication></incomingServer>"
                       "<outgoingServer type=\"smtp\"><hostname>smtp.3xo.example</hostname><port>465</port><socketType>SSL</socketType><authentication>plain</authentication></outgoingServer>"
                       "</emailProvider></clientConfig>");
  write_file (user_dir, "x.xml", good);
  write_file (user_dir, "override.xml", override);
  write_file (user_dir, "broken.xml", "<clientConfig><emailProvider id=\"y\">\n<domain>y.fr");
  write_file (user_dir, "notes.txt", "not a profile");

  store = ms_provider_store_new ();
  ms_provider_store_load_sync (store, NULL);
  g_assert_nonnull (ms_provider_store_lookup (store, "x"));
  p = ms_provider_store_lookup (store, "3xo.fr");
  g_assert_cmpstr (ms_provider_get_display_name (p), ==, "3xo (helpdesk)");
  g_assert_true (g_str_has_suffix (ms_provider_get_source (p), "override.xml"));
  problems = ms_provider_store_get_problems (store);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (problems, 0))->message, "broken.xml"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/provider/builtin", test_builtin_profile);
  g_test_add_func ("/provider/placeholders", test_placeholders);
  g_test_add_func ("/provider/thunderbird-file", test_thunderbird_file);
  g_test_add_func ("/provider/malformed", test_malformed);
  g_test_add_func ("/provider/huge-and-deep", test_huge_and_deep);
  g_test_add_func ("/provider/store-dirs", test_store_dirs);
  return g_test_run ();
}
