/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Profiles are read by Thunderbird's rules (readFromXML), so that a file
 * chooses the same servers here as in Thunderbird. */
#include "config.h"

#include <string.h>

#include "core/ms-oauth2.h"
#include "core/ms-provider-store.h"

#define HEAD "<clientConfig version=\"1.1\"><emailProvider id=\"example.com\"><domain>example.com</domain>"
#define TAIL "</emailProvider></clientConfig>"
#define IMAP(host, port, sock, auth) \
  "<incomingServer type=\"imap\"><hostname>" host "</hostname>" port "<socketType>" sock "</socketType>" \
  auth "</incomingServer>"
#define SMTP_OK "<outgoingServer type=\"smtp\"><hostname>smtp.example.com</hostname><port>465</port>" \
  "<socketType>SSL</socketType><authentication>password-cleartext</authentication></outgoingServer>"
#define PW "<authentication>password-cleartext</authentication>"

static MsProvider *
read_ok (const char *xml)
{
  g_autoptr(GError) error = NULL;
  MsProvider *p = ms_provider_new_from_data (xml, -1, "rules.xml", &error);

  g_assert_no_error (error);
  g_assert_nonnull (p);
  return p;
}

static const MsEndpoint *
in0 (MsProvider *p)
{
  return g_ptr_array_index (ms_provider_get_incoming (p), 0);
}

static const MsEndpoint *
out0 (MsProvider *p)
{
  return g_ptr_array_index (ms_provider_get_outgoing (p), 0);
}

static gboolean
notes_contain (MsProvider *p, const char *needle)
{
  const char *const *notes = ms_provider_get_notes (p);

  for (guint i = 0; notes[i]; i++)
    if (strstr (notes[i], needle))
      return TRUE;
  return FALSE;
}

/* A bad server is skipped with a reason; the next good one is chosen. */
static void
test_bad_server_skipped (void)
{
  g_autoptr(MsProvider) p = read_ok (HEAD
    IMAP ("imap1.example.com", "", "SSL", PW)                               /* no port */
    IMAP ("bad host", "<port>993</port>", "SSL", PW)                        /* invalid name */
    IMAP ("imap3.example.com", "<port>99999</port>", "SSL", PW)             /* port out of range */
    IMAP ("imap4.example.com", "<port>993</port>", "bogus", PW)             /* no known socket type */
    IMAP ("imap5.example.com", "<port>993</port>", "SSL", "")               /* no authentication */
    "<incomingServer type=\"exchange\"><hostname>ews.example.com</hostname></incomingServer>"
    IMAP ("imap7.example.com", "<port>993</port>", "SSL", PW)
    IMAP ("imap8.example.com", "<port>143</port>", "STARTTLS", PW)
    SMTP_OK TAIL);

  g_assert_cmpuint (ms_provider_get_incoming (p)->len, ==, 2);
  g_assert_cmpstr (in0 (p)->hostname, ==, "imap7.example.com");
  g_assert_true (ms_provider_is_recommended (p, in0 (p)));
  g_assert_cmpuint (g_strv_length ((GStrv) ms_provider_get_notes (p)), ==, 6);
  g_assert_true (notes_contain (p, "has no <port>"));
  g_assert_true (notes_contain (p, "“bad host” is not valid"));
  g_assert_true (notes_contain (p, "“99999” is not a number"));
  g_assert_true (notes_contain (p, "no known <socketType>"));
  g_assert_true (notes_contain (p, "has no <authentication>"));
  g_assert_true (notes_contain (p, "type “exchange”"));
}

/* Without any usable server the file is refused, and the message says why
 * for each server. */
static void
test_rejection_says_why (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsProvider) p = ms_provider_new_from_data (HEAD
    IMAP ("outlook.example.com", "<port>993</port>", "SSL", "<authentication>OAuth2</authentication>")
    "<incomingServer type=\"exchange\"><hostname>ews.example.com</hostname><port>443</port></incomingServer>"
    SMTP_OK TAIL, -1, "office.xml", &error);

  g_assert_null (p);
  g_assert_error (error, MS_PROVIDER_ERROR, MS_PROVIDER_ERROR_NO_INCOMING);
  g_assert_nonnull (strstr (error->message, "office.xml"));
  g_assert_nonnull (strstr (error->message, "no authentication it lists (OAuth2) can be used here"));
  g_assert_nonnull (strstr (error->message, "type “exchange”, which Mail Setup does not set up"));
}

static void
test_authentication (void)
{
  /* SMTP "none" is no authentication, never a password login. */
  g_autoptr(MsProvider) relay = read_ok (HEAD IMAP ("imap.example.com", "<port>993</port>", "SSL", PW)
    "<outgoingServer type=\"smtp\"><hostname>smtp.example.com</hostname><port>25</port>"
    "<socketType>STARTTLS</socketType><authentication>none</authentication></outgoingServer>" TAIL);
  g_autoptr(MsProvider) by_ip = read_ok (HEAD IMAP ("imap.example.com", "<port>993</port>", "SSL", PW)
    "<outgoingServer type=\"smtp\"><hostname>smtp.example.com</hostname><port>25</port>"
    "<socketType>plain</socketType><authentication>client-IP-address</authentication></outgoingServer>" TAIL);
  /* Incoming "none" is not an authentication Thunderbird knows. */
  g_autoptr(MsProvider) in_none = read_ok (HEAD
    IMAP ("imap1.example.com", "<port>993</port>", "SSL", "<authentication>none</authentication>")
    IMAP ("imap2.example.com", "<port>993</port>", "SSL", "<authentication>secure</authentication>")
    SMTP_OK TAIL);
  /* The first usable value wins; OAuth2 counts only where a mail program
   * can sign in. */
  g_autoptr(MsProvider) unknown_oauth = read_ok (HEAD IMAP ("imap.example.com", "<port>993</port>", "SSL",
    "<authentication>OAuth2</authentication><authentication>NTLM</authentication>" PW) SMTP_OK TAIL);

  g_assert_cmpint (out0 (relay)->auth, ==, MS_AUTH_NONE);
  g_assert_cmpint (out0 (by_ip)->auth, ==, MS_AUTH_NONE);
  g_assert_cmpstr (in0 (in_none)->hostname, ==, "imap2.example.com");
  g_assert_cmpint (in0 (in_none)->auth, ==, MS_AUTH_PASSWORD_ENCRYPTED);
  g_assert_cmpint (in0 (unknown_oauth)->auth, ==, MS_AUTH_PASSWORD_CLEARTEXT);
  g_assert_false (ms_provider_uses_oauth2 (unknown_oauth));
}

/* Gmail's file: OAuth2 first, a password after; Thunderbird signs in. */
static void
test_oauth2_provider (void)
{
  g_autoptr(MsProvider) p = read_ok (
    "<clientConfig version=\"1.1\"><emailProvider id=\"googlemail.com\"><domain>gmail.com</domain>"
    "<incomingServer type=\"imap\"><hostname>imap.gmail.com</hostname><port>993</port>"
    "<socketType>SSL</socketType><username>%EMAILADDRESS%</username>"
    "<authentication>OAuth2</authentication><authentication>password-cleartext</authentication></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>smtp.gmail.com</hostname><port>465</port>"
    "<socketType>SSL</socketType><authentication>OAuth2</authentication>"
    "<authentication>password-cleartext</authentication></outgoingServer>" TAIL);

  g_assert_cmpint (in0 (p)->auth, ==, MS_AUTH_OAUTH2);
  g_assert_cmpint (out0 (p)->auth, ==, MS_AUTH_OAUTH2);
  g_assert_true (ms_provider_uses_oauth2 (p));
  g_assert_true (ms_oauth2_host_known ("IMAP.gmail.com"));
  g_assert_true (ms_oauth2_host_known ("outlook.office365.com"));
  g_assert_false (ms_oauth2_host_known ("notgmail.com"));
  g_assert_false (ms_oauth2_host_known ("imap.%EMAILDOMAIN%"));
  g_assert_cmpint (ms_sign_in_for_domain ("gmail.com"), ==, MS_SIGN_IN_OAUTH2);
  g_assert_cmpint (ms_sign_in_for_domain ("icloud.com"), ==, MS_SIGN_IN_APP_PASSWORD);
  g_assert_cmpint (ms_sign_in_for_domain ("3xo.fr"), ==, MS_SIGN_IN_PASSWORD);
}

static void
test_server_replies (void)
{
  const char *oauth_only[] = { "XOAUTH2", "OAUTHBEARER", NULL };
  const char *both[] = { "XOAUTH2", "PLAIN", NULL };
  const char *none[] = { NULL };

  g_assert_true (ms_sign_in_mechanisms_oauth2_only (oauth_only));
  g_assert_false (ms_sign_in_mechanisms_oauth2_only (both));
  g_assert_false (ms_sign_in_mechanisms_oauth2_only (none));
  g_assert_true (ms_sign_in_reply_needs_oauth2 ("535 5.7.139 Authentication unsuccessful, basic authentication is disabled. 5.7.30"));
  g_assert_true (ms_sign_in_reply_needs_oauth2 ("550 5.7.30 Basic authentication is not supported for Client Submission."));
  g_assert_true (ms_sign_in_reply_needs_oauth2 ("534-5.7.9 Application-specific password required."));
  g_assert_true (ms_sign_in_reply_needs_oauth2 ("A1 NO [WEBALERT https://accounts.google.com/signin] Web login required."));
  g_assert_false (ms_sign_in_reply_needs_oauth2 ("535 5.7.8 Error: authentication failed"));
  g_assert_false (ms_sign_in_reply_needs_oauth2 ("A1 NO [AUTHENTICATIONFAILED] Authentication failed."));
}

/* The first <hostname> and <port> count, TLS means SSL, and 1.2 files
 * with parts we do not use are read. */
static void
test_first_element_and_v12 (void)
{
  g_autoptr(MsProvider) p = read_ok (
    "<clientConfig version=\"1.2\"><emailProvider id=\"Example.COM\"><domain>example.com</domain>"
    "<incomingServer type=\"imap\"><hostname>first.example.com</hostname><hostname>second.example.com</hostname>"
    "<port>993</port><port>143</port><socketType>TLS</socketType>" PW
    "<username>%EMAILLOCALPART%</username><username>%EMAILADDRESS%</username></incomingServer>"
    SMTP_OK
    "<documentation url=\"https://example.com/help\"><descr lang=\"en\">Help</descr></documentation>"
    "</emailProvider>"
    "<oAuth2><issuer>example.com</issuer><scope>mail</scope><authURL>https://example.com/a</authURL>"
    "<tokenURL>https://example.com/t</tokenURL></oAuth2>"
    "<addressbook type=\"carddav\"><url>https://example.com/dav</url></addressbook>"
    "<calendar type=\"caldav\"><url>https://example.com/cal</url></calendar>"
    "</clientConfig>");

  g_assert_cmpstr (ms_provider_get_id (p), ==, "example.com");
  g_assert_cmpstr (in0 (p)->hostname, ==, "first.example.com");
  g_assert_cmpuint (in0 (p)->port, ==, 993);
  g_assert_cmpint (in0 (p)->security, ==, MS_SECURITY_SSL);
  g_assert_cmpstr (in0 (p)->username, ==, "%EMAILLOCALPART%");
  g_assert_cmpstr (ms_provider_get_documentation_url (p), ==, "https://example.com/help");
}

static void
write_profile (const char *dir, const char *name, const char *id, const char *domain, const char *host)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *xml = g_strdup_printf (
    "<clientConfig version=\"1.1\"><emailProvider id=\"%s\"><domain>%s</domain><domain>mail.%s</domain>"
    "<displayName>Zoho Mail</displayName>"
    IMAP ("%s", "<port>993</port>", "SSL", PW) SMTP_OK TAIL, id, domain, domain, host);

  g_assert_true (g_file_set_contents (path, xml, -1, NULL));
}

/* Six ISPDB files share id="zoho.com": all are kept, told apart by their
 * domains; the same id and a shared domain still overrides. */
static void
test_duplicate_ids (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "mail-setup", "providers", NULL);
  g_autoptr(MsProviderStore) store = NULL;
  MsProvider *eu, *com, *ca;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  write_profile (dir, "a.xml", "zoho.com", "zoho.com", "imap.zoho.com");
  write_profile (dir, "b.xml", "zoho.com", "zoho.eu", "imap.zoho.eu");
  write_profile (dir, "c.xml", "ZOHO.com", "zohocloud.ca", "imap.zohocloud.ca");
  write_profile (dir, "d.xml", "zoho.com", "zoho.eu", "imappro.zoho.eu");   /* replaces b.xml */

  store = ms_provider_store_new ();
  ms_provider_store_load_sync (store, NULL);
  g_assert_cmpuint (ms_provider_store_get_problems (store)->len, ==, 0);
  com = ms_provider_store_lookup_domain (store, "zoho.com");
  eu = ms_provider_store_lookup_domain (store, "ZOHO.EU");
  ca = ms_provider_store_lookup_domain (store, "mail.zohocloud.ca");
  g_assert_nonnull (com);
  g_assert_nonnull (eu);
  g_assert_nonnull (ca);
  g_assert_cmpstr (in0 (com)->hostname, ==, "imap.zoho.com");
  g_assert_cmpstr (in0 (eu)->hostname, ==, "imappro.zoho.eu");
  g_assert_cmpstr (in0 (ca)->hostname, ==, "imap.zohocloud.ca");
  /* Ids are case-insensitive; a key picks one of several. */
  g_assert_true (ms_provider_store_lookup (store, "Zoho.Com") != NULL);
  g_assert_true (ms_provider_store_lookup (store, "zoho.com/zoho.eu") == eu);
  g_assert_true (ms_provider_store_lookup (store, "zoho.com/zohocloud.ca") == ca);
  g_assert_null (ms_provider_store_lookup_domain (store, "example.org"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/provider-rules/bad-server-skipped", test_bad_server_skipped);
  g_test_add_func ("/provider-rules/rejection-says-why", test_rejection_says_why);
  g_test_add_func ("/provider-rules/authentication", test_authentication);
  g_test_add_func ("/provider-rules/oauth2-provider", test_oauth2_provider);
  g_test_add_func ("/provider-rules/server-replies", test_server_replies);
  g_test_add_func ("/provider-rules/first-element-and-1.2", test_first_element_and_v12);
  g_test_add_func ("/provider-rules/duplicate-ids", test_duplicate_ids);
  return g_test_run ();
}
