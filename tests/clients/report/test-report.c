/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The diagnostic report from real checks against tests/servers: the
 * reasons of a failed check are in it, the password never is. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "clients/ms-report.h"
#include "core/ms-provider-store.h"
#include "ms-test-util.h"

#define WRONG_PASSWORD "Wr0ng-but-Secret!"

static MsAccount *
test_account (const char *password)
{
  g_autofree char *xml = g_strdup_printf (
    "<clientConfig><emailProvider id=\"test\"><domain>example.test</domain><displayName>Test Mail</displayName>"
    "<incomingServer type=\"imap\"><hostname>127.0.0.1</hostname><port>%u</port><socketType>SSL</socketType><authentication>password-cleartext</authentication></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>127.0.0.1</hostname><port>%u</port><socketType>SSL</socketType><authentication>password-cleartext</authentication></outgoingServer>"
    "</emailProvider></clientConfig>", ms_test_base_port () + 2, ms_test_base_port () + 7);
  g_autoptr(MsProvider) provider = ms_provider_new_from_data (xml, -1, "test.xml", NULL);
  MsAccount *account = ms_account_new (provider);

  g_object_set (account, "real-name", "Alice", "address", ms_test_env ("MS_TEST_USER"),
                "password", password, NULL);
  ms_server_set_certificate_name (ms_account_get_incoming (account), "localhost");
  ms_server_set_certificate_name (ms_account_get_outgoing (account), "localhost");
  return account;
}

static MsProbeResult *
probe (MsAccount *account, MsServer *server)
{
  g_autoptr(MsEndpoint) endpoint = ms_server_to_endpoint (server);
  g_autoptr(MsProbeOptions) options = ms_test_options (TRUE, FALSE);

  options->username = g_strdup (ms_server_get_username (server));
  options->password = g_strdup (ms_account_get_password (account));
  return ms_test_probe (endpoint, options);
}

static void
test_failed_check (void)
{
  g_autoptr(MsAccount) account = test_account (WRONG_PASSWORD);
  g_autoptr(MsProbeResult) in = probe (account, ms_account_get_incoming (account));
  g_autoptr(MsProbeResult) out = probe (account, ms_account_get_outgoing (account));
  MsReportInput input = { account, in, out, NULL };
  g_autofree char *text = NULL, *html = NULL;

  g_assert_nonnull (in->error);
  text = ms_report_text (&input);
  html = ms_report_html (&input);

  /* The reasons, the certificate and the settings are there... */
  g_assert_nonnull (strstr (text, in->error->message));
  /* ... and how many days each certificate has left. */
  {
    g_autofree char *line = g_strdup_printf ("Incoming server 127.0.0.1:%u: “localhost”, until ", ms_test_base_port () + 2);
    g_assert_nonnull (strstr (text, "== Certificates =="));
    g_assert_nonnull (strstr (text, line));
    g_assert_nonnull (strstr (text, "more days"));
  }
  g_assert_nonnull (strstr (text, "127.0.0.1"));
  g_assert_nonnull (strstr (text, ms_test_env ("MS_TEST_USER")));
  g_assert_nonnull (strstr (text, "SHA-256"));
  g_assert_nonnull (strstr (text, PACKAGE_VERSION));
  g_assert_nonnull (strstr (html, "<pre>"));
  /* ...the password never. */
  g_assert_null (strstr (text, WRONG_PASSWORD));
  g_assert_null (strstr (html, WRONG_PASSWORD));
}

static void
test_server_echo_redacted (void)
{
  g_autoptr(MsAccount) account = test_account (WRONG_PASSWORD);
  g_autoptr(MsProbeResult) in = probe (account, ms_account_get_incoming (account));
  MsReportInput input = { account, in, NULL, NULL };
  g_autofree char *text = NULL;

  /* A server (or a user) that echoes the password into a message. */
  g_free (in->greeting);
  in->greeting = g_strdup ("* OK your password is " WRONG_PASSWORD);
  text = ms_report_text (&input);
  g_assert_null (strstr (text, WRONG_PASSWORD));
  g_assert_nonnull (strstr (text, "your password is ********"));
}

static void
saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError **error = user_data;

  if (!ms_report_save_finish (result, error) && *error == NULL)
    g_assert_not_reached ();
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, 0, "ok");
}

static void
test_save (void)
{
  g_autoptr(MsAccount) account = test_account (WRONG_PASSWORD);
  MsReportInput input = { account, NULL, NULL, NULL };
  g_autofree char *dir = g_dir_make_tmp ("ms-report-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.html", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_autoptr(GError) done = NULL;
  GStatBuf st;

  ms_report_save_async (&input, file, NULL, saved, &done);
  while (done == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (done->message, ==, "ok");
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "</html>"));
  /* A report is private: it names servers, addresses and files. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_null (strstr (contents, WRONG_PASSWORD));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("MS_TEST_BASE_PORT") == NULL)
    return 77;
  g_test_add_func ("/report/failed-check", test_failed_check);
  g_test_add_func ("/report/server-echo-redacted", test_server_echo_redacted);
  g_test_add_func ("/report/save", test_save);
  return g_test_run ();
}
