/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The diagnostic report from the setup session's real checks against
 * tests/servers: the verdict and its reasons are in it, the password never
 * is. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "session/ms-report.h"
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

/* The session's own check, as the wizard and --check run it. */
static MsSetupSession *
checked_session (MsAccount *account)
{
  MsSetupSession *session = ms_setup_session_new (account, NULL);
  g_autoptr(MsCheckReport) report = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  ms_setup_session_set_ca_file (session, ms_test_env ("MS_TEST_CA"));
  ms_setup_session_set_timeout (session, 3000);
  ms_setup_session_check_async (session, MS_CHECK_BOTH, NULL, ms_test_async_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  report = ms_setup_session_check_finish (session, result, NULL);
  g_assert_nonnull (report);
  return session;
}

static void
test_failed_check (void)
{
  g_autoptr(MsAccount) account = test_account (WRONG_PASSWORD);
  g_autoptr(MsSetupSession) session = checked_session (account);
  MsReportInput input = ms_report_input_from_session (session, NULL);
  g_autofree char *text = NULL, *html = NULL;

  g_assert_nonnull (input.incoming);
  g_assert_cmpint (input.incoming->kind, ==, MS_VERDICT_FAILED);
  text = ms_report_text (&input);
  html = ms_report_html (&input);

  /* The verdict, its reasons, the certificate and the settings are there... */
  g_assert_nonnull (strstr (text, input.incoming->headline));
  g_assert_nonnull (strstr (text, input.incoming->error->message));
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
  /* ..."recommended" is not, for settings that fail. */
  g_assert_null (strstr (text, "Recommended settings"));
  g_assert_nonnull (strstr (html, "<pre>"));
  /* ...the password never. */
  g_assert_null (strstr (text, WRONG_PASSWORD));
  g_assert_null (strstr (html, WRONG_PASSWORD));
}

static void
test_server_echo_redacted (void)
{
  g_autoptr(MsAccount) account = test_account (WRONG_PASSWORD);
  g_autoptr(MsSetupSession) session = checked_session (account);
  MsReportInput input = ms_report_input_from_session (session, NULL);
  g_autofree char *text = NULL;

  /* A server (or a user) that echoes the password into a message. */
  g_free (input.incoming->result->greeting);
  input.incoming->result->greeting = g_strdup ("* OK your password is " WRONG_PASSWORD);
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
  MsReportInput input = { account, NULL, NULL, NULL, NULL };
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

/* What "Check my existing account" found goes into the report, so that
 * the helpdesk sees the customer's own settings. */
static void
test_existing_accounts (void)
{
  g_autoptr(MsAccount) account = test_account (WRONG_PASSWORD);
  g_autoptr(MsDiagnosisReport) existing = ms_diagnosis_report_new ();
  MsDiagnosis *d = g_new0 (MsDiagnosis, 1);
  MsReportInput input = { account, NULL, NULL, NULL, NULL, NULL, existing };
  g_autofree char *text = NULL;
  g_autofree char *none = NULL;

  d->account = ms_existing_account_new ("thunderbird");
  d->account->location = g_strdup ("default");
  d->account->account_key = g_strdup ("account1");
  d->account->address = g_strdup ("test@test.com");
  d->account->incoming = ms_endpoint_new (MS_PROTOCOL_IMAP, "mail.3xo.fr", 993, MS_SECURITY_SSL);
  d->account->incoming->username = g_strdup ("test");
  d->account->outgoing = ms_endpoint_new (MS_PROTOCOL_SMTP, "mail.3xo.fr", 25, MS_SECURITY_STARTTLS);
  d->problems = ms_diagnose_settings (d->account->address, d->account->incoming, d->account->outgoing);
  g_ptr_array_add (existing->diagnoses, d);

  text = ms_report_text (&input);
  g_assert_nonnull (strstr (text, "== Existing accounts =="));
  g_assert_nonnull (strstr (text, "Thunderbird, profile “default”: test@test.com"));
  g_assert_nonnull (strstr (text, "Use the full e-mail address, test@test.com, as the username."));
  g_assert_nonnull (strstr (text, "port 25"));
  g_assert_null (strstr (text, WRONG_PASSWORD));
  /* Without a check, no section at all. */
  input.existing = NULL;
  none = ms_report_text (&input);
  g_assert_null (strstr (none, "Existing accounts"));
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
  g_test_add_func ("/report/existing-accounts", test_existing_accounts);
  return g_test_run ();
}
