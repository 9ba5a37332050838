/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The setup session against the real Dovecot and Postfix of tests/servers:
 * verdicts, accepting a certificate then trying the login, what can never
 * be accepted, the keyring asked only of the programs that need it, and a
 * dry run that shows everything even when a real run is blocked. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "clients/evolution/ms-evolution.h"
#include "clients/thunderbird/ms-thunderbird.h"
#include "session/ms-setup-session.h"
#include "ms-test-util.h"

static char *home;

static MsAccount *
account_on (const char *host, guint in_offset, guint out_offset, const char *password)
{
  MsAccount *account = ms_account_new (NULL);
  MsServer *in = ms_account_get_incoming (account);
  MsServer *out = ms_account_get_outgoing (account);

  g_object_set (account, "real-name", "Alice", "address", ms_test_env ("MS_TEST_USER"), "password", password, NULL);
  ms_server_set_hostname (in, host);
  ms_server_set_port_from_user (in, ms_test_base_port () + in_offset);
  ms_server_set_security (in, MS_SECURITY_SSL);
  ms_server_set_username (in, ms_test_env ("MS_TEST_USER"));
  ms_server_set_certificate_name (in, "localhost");
  ms_server_set_hostname (out, "127.0.0.1");
  ms_server_set_port_from_user (out, ms_test_base_port () + out_offset);
  ms_server_set_security (out, MS_SECURITY_SSL);
  ms_server_set_username (out, ms_test_env ("MS_TEST_USER"));
  ms_server_set_certificate_name (out, "localhost");
  return account;
}

static MsSetupSession *
session_for (MsAccount *account, gboolean with_ca)
{
  MsSetupSession *session = ms_setup_session_new (account, NULL);

  ms_setup_session_set_timeout (session, 2000);
  if (with_ca)
    ms_setup_session_set_ca_file (session, ms_test_env ("MS_TEST_CA"));
  return session;
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static MsCheckReport *
check (MsSetupSession *session, MsCheckScope scope)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MsCheckReport *report;

  ms_setup_session_check_async (session, scope, NULL, ms_test_async_done, &result);
  report = ms_setup_session_check_finish (session, wait_for (&result), &error);
  g_assert_no_error (error);
  return report;
}

static gboolean
accept (MsSetupSession *session, const char *sha256, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ms_setup_session_accept_async (session, sha256, NULL, ms_test_async_done, &result);
  return ms_setup_session_accept_finish (session, wait_for (&result), error);
}

static const char *
leaf_sha256 (MsVerdict *v)
{
  return ((MsCertInfo *) v->result->certificate->chain->pdata[0])->sha256;
}

static void
test_good (void)
{
  g_autoptr(MsAccount) account = account_on ("127.0.0.1", 2, 7, ms_test_env ("MS_TEST_PASSWORD"));
  g_autoptr(MsSetupSession) session = session_for (account, TRUE);
  g_autoptr(MsCheckReport) report = check (session, MS_CHECK_BOTH);

  g_assert_true (ms_check_report_works (report));
  for (MsRole role = MS_ROLE_INCOMING; role <= MS_ROLE_OUTGOING; role++)
    {
      MsVerdict *v = ms_setup_session_get_verdict (session, role);

      g_assert_nonnull (v);
      g_assert_cmpint (v->kind, ==, MS_VERDICT_PASSED);
      g_assert_true (v->login_tested);
      g_assert_true (v->account_server);
    }
  /* The other doors were looked at, and listed apart. */
  g_assert_cmpuint (report->alternatives->len, >, 0);

  /* An edit makes the verdict stale at once. */
  ms_server_set_port_from_user (ms_account_get_incoming (account), 993);
  g_assert_null (ms_setup_session_get_verdict (session, MS_ROLE_INCOMING));
  g_assert_nonnull (ms_setup_session_get_verdict (session, MS_ROLE_OUTGOING));
}

static void
test_local_part_then_fix (void)
{
  g_autoptr(MsAccount) account = account_on ("127.0.0.1", 2, 7, ms_test_env ("MS_TEST_PASSWORD"));
  g_autoptr(MsSetupSession) session = session_for (account, TRUE);
  g_autoptr(MsCheckReport) report = NULL;
  MsVerdict *v;

  ms_server_set_username (ms_account_get_incoming (account), "alice");
  report = check (session, MS_CHECK_INCOMING);
  v = ms_setup_session_get_verdict (session, MS_ROLE_INCOMING);
  g_assert_cmpint (v->kind, ==, MS_VERDICT_FAILED);
  g_assert_cmpint (v->fix, ==, MS_FIX_FULL_ADDRESS);
  g_assert_false (ms_check_report_works (report));
}

/* Right name, but no authority this computer knows: approval first, then
 * the login is tried, and the exception is kept for the writers. */
static void
test_accept_then_login (void)
{
  g_autoptr(MsAccount) account = account_on ("127.0.0.1", 2, 7, ms_test_env ("MS_TEST_PASSWORD"));
  g_autoptr(MsSetupSession) session = session_for (account, FALSE);
  g_autoptr(MsCheckReport) report = check (session, MS_CHECK_BOTH);
  g_autoptr(GError) error = NULL;
  g_autofree char *pinned = NULL;
  MsVerdict *in = ms_setup_session_get_verdict (session, MS_ROLE_INCOMING);
  g_autofree char *sha = g_strdup (leaf_sha256 (in));

  g_assert_cmpint (in->kind, ==, MS_VERDICT_NEEDS_APPROVAL);
  g_assert_false (in->result->login_attempted);
  g_assert_cmpint (ms_setup_session_get_verdict (session, MS_ROLE_OUTGOING)->kind, ==, MS_VERDICT_NEEDS_APPROVAL);

  /* One certificate on both servers: one "yes" covers both. */
  g_assert_true (accept (session, sha, &error));
  g_assert_no_error (error);
  for (MsRole role = MS_ROLE_INCOMING; role <= MS_ROLE_OUTGOING; role++)
    {
      MsVerdict *v = ms_setup_session_get_verdict (session, role);
      g_assert_cmpint (v->kind, ==, MS_VERDICT_PASSED);
      g_assert_true (v->login_tested);
    }
  pinned = ms_pin_store_lookup (ms_setup_session_get_pin_store (session), "127.0.0.1", ms_test_base_port () + 2);
  g_assert_cmpstr (pinned, ==, sha);
  g_assert_nonnull (ms_pin_store_get (ms_setup_session_get_pin_store (session), "127.0.0.1",
                                      ms_test_base_port () + 2)->der);
}

/* After the exception, the login fails: the verdict says why, and it is
 * no longer about the certificate. */
static void
test_accept_then_wrong_username (void)
{
  g_autoptr(MsAccount) account = account_on ("127.0.0.1", 2, 7, ms_test_env ("MS_TEST_PASSWORD"));
  g_autoptr(MsSetupSession) session = session_for (account, FALSE);
  g_autoptr(MsCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;
  MsVerdict *v;

  ms_server_set_username (ms_account_get_incoming (account), "alice");
  report = check (session, MS_CHECK_BOTH);
  v = ms_setup_session_get_verdict (session, MS_ROLE_INCOMING);
  g_assert_cmpint (v->kind, ==, MS_VERDICT_NEEDS_APPROVAL);
  g_assert_true (accept (session, leaf_sha256 (v), &error));
  v = ms_setup_session_get_verdict (session, MS_ROLE_INCOMING);
  g_assert_cmpint (v->kind, ==, MS_VERDICT_FAILED);
  g_assert_cmpint (v->fix, ==, MS_FIX_FULL_ADDRESS);
}

static void
test_never_accepted (gconstpointer data)
{
  const char *host = data;
  g_autoptr(MsAccount) account = account_on (host, 2, 7, ms_test_env ("MS_TEST_PASSWORD"));
  g_autoptr(MsSetupSession) session = session_for (account, TRUE);
  g_autoptr(MsCheckReport) report = check (session, MS_CHECK_INCOMING);
  g_autoptr(GError) error = NULL;
  MsVerdict *v = ms_setup_session_get_verdict (session, MS_ROLE_INCOMING);

  g_assert_cmpint (v->kind, ==, MS_VERDICT_FAILED);
  g_assert_cmpint (v->fix, ==, MS_FIX_CONTACT_PROVIDER);
  g_assert_false (accept (session, leaf_sha256 (v), &error));
  g_assert_error (error, MS_SESSION_ERROR, MS_SESSION_ERROR_CANNOT_ACCEPT);
  g_assert_null (ms_pin_store_lookup (ms_setup_session_get_pin_store (session), host, ms_test_base_port () + 2));
}

/* A server that never says a word, in both modes: the verdict comes
 * within one timeout, the other mode having been tried at the same time. */
static void
test_silent_within_timeout (void)
{
  g_autoptr(GSocket) silent = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, ms_test_base_port () + 20);
  g_autoptr(MsAccount) account = account_on ("127.0.0.1", 2, 20, ms_test_env ("MS_TEST_PASSWORD"));
  g_autoptr(MsSetupSession) session = session_for (account, TRUE);
  g_autoptr(MsCheckReport) report = NULL;
  MsVerdict *v;
  gint64 start;

  g_assert_true (g_socket_bind (silent, addr, TRUE, NULL));
  g_assert_true (g_socket_listen (silent, NULL));
  ms_setup_session_set_timeout (session, 1500);
  start = g_get_monotonic_time ();
  report = check (session, MS_CHECK_OUTGOING);
  v = ms_setup_session_get_verdict (session, MS_ROLE_OUTGOING);
  g_assert_cmpint (v->kind, ==, MS_VERDICT_FAILED);
  g_assert_nonnull (v->fallback);
  g_test_message ("verdict in %" G_GINT64_FORMAT " ms with a 1500 ms timeout",
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2500 * 1000);
}

static MsApplyReport *
apply (MsSetupSession *session, MsClient *client, gboolean dry_run, gboolean store_password)
{
  g_autoptr(GPtrArray) clients = g_ptr_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MsClientOptions options = { .dry_run = dry_run, .store_password = store_password };
  MsApplyReport *report;

  g_ptr_array_add (clients, client);
  ms_setup_session_apply_async (session, clients, &options, NULL, ms_test_async_done, &result);
  report = ms_setup_session_apply_finish (session, wait_for (&result), &error);
  g_assert_no_error (error);
  return report;
}

/* No keyring in this test (no session bus): Thunderbird does not need
 * one, Evolution does, and a dry run still shows Evolution's change. */
static void
test_keyring_gate (void)
{
  g_autoptr(MsAccount) account = account_on ("127.0.0.1", 2, 7, ms_test_env ("MS_TEST_PASSWORD"));
  g_autoptr(MsSetupSession) session = session_for (account, TRUE);
  g_autoptr(MsClient) thunderbird = ms_thunderbird_client_new ();
  g_autoptr(MsClient) evolution = ms_evolution_client_new ();
  g_autoptr(MsApplyReport) tb = NULL, evo = NULL, dry = NULL;
  g_autofree char *sources = g_build_filename (g_get_user_config_dir (), "evolution", "sources", NULL);
  MsBlocker *blocker;

  tb = apply (session, thunderbird, FALSE, TRUE);
  g_assert_cmpuint (tb->blockers->len, ==, 0);
  g_assert_cmpuint (tb->outcomes->len, ==, 1);
  g_assert_no_error (((MsApplyOutcome *) tb->outcomes->pdata[0])->error);

  evo = apply (session, evolution, FALSE, TRUE);
  g_assert_cmpuint (evo->blockers->len, ==, 1);
  blocker = evo->blockers->pdata[0];
  g_assert_null (blocker->client);
  g_assert_error (blocker->error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_KEYRING);
  g_assert_null (evo->outcomes);
  g_assert_false (g_file_test (sources, G_FILE_TEST_EXISTS));

  dry = apply (session, evolution, TRUE, TRUE);
  g_assert_cmpuint (dry->blockers->len, ==, 1);
  g_assert_cmpuint (dry->outcomes->len, ==, 1);
  g_assert_nonnull (strstr (((MsApplyOutcome *) dry->outcomes->pdata[0])->report->diff, "127.0.0.1"));
  g_assert_false (g_file_test (sources, G_FILE_TEST_EXISTS));
}

/* Thunderbird open on the profile: a blocker, nothing written; the dry
 * run shows the change anyway. */
static void
test_program_running (void)
{
  g_autoptr(MsAccount) account = account_on ("127.0.0.1", 2, 7, ms_test_env ("MS_TEST_PASSWORD"));
  g_autoptr(MsSetupSession) session = session_for (account, TRUE);
  g_autoptr(MsClient) thunderbird = ms_thunderbird_client_new ();
  g_autoptr(GPtrArray) profiles = ms_thunderbird_list_profiles (NULL);
  g_autoptr(MsApplyReport) real = NULL, dry = NULL;
  g_autofree char *lock = NULL, *target = NULL, *prefs = NULL, *before = NULL, *after = NULL;
  MsThunderbirdProfile *profile;

  g_assert_cmpuint (profiles->len, ==, 1);   /* made by test_keyring_gate */
  profile = profiles->pdata[0];
  lock = g_build_filename (profile->path, "lock", NULL);
  prefs = g_build_filename (profile->path, "prefs.js", NULL);
  target = g_strdup_printf ("127.0.0.1:+%d", (int) getpid ());
  g_assert_cmpint (symlink (target, lock), ==, 0);
  g_assert_true (g_file_get_contents (prefs, &before, NULL, NULL));
  g_object_set (account, "organization", "Changed", NULL);

  real = apply (session, thunderbird, FALSE, FALSE);
  g_assert_cmpuint (real->blockers->len, ==, 1);
  g_assert_error (((MsBlocker *) real->blockers->pdata[0])->error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_RUNNING);
  g_assert_true (g_file_get_contents (prefs, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);

  dry = apply (session, thunderbird, TRUE, FALSE);
  g_assert_cmpuint (dry->blockers->len, ==, 1);
  g_assert_nonnull (strstr (((MsApplyOutcome *) dry->outcomes->pdata[0])->report->diff, "Changed"));
  g_unlink (lock);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("MS_TEST_BASE_PORT") == NULL)
    return 77;
  home = g_dir_make_tmp ("ms-session-XXXXXX", NULL);
  {
    g_autofree char *config = g_build_filename (home, "config", NULL);
    g_autofree char *data = g_build_filename (home, "data", NULL);

    g_setenv ("HOME", home, TRUE);
    g_setenv ("XDG_CONFIG_HOME", config, TRUE);
    g_setenv ("XDG_DATA_HOME", data, TRUE);
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/ms-session-bus", TRUE);
  }
  g_test_add_func ("/session/servers/good", test_good);
  g_test_add_func ("/session/servers/local-part", test_local_part_then_fix);
  g_test_add_func ("/session/servers/accept-then-login", test_accept_then_login);
  g_test_add_func ("/session/servers/accept-then-wrong-username", test_accept_then_wrong_username);
  g_test_add_data_func ("/session/servers/never-accepted/wrong-name", "127.0.0.2", test_never_accepted);
  g_test_add_data_func ("/session/servers/never-accepted/expired", "127.0.0.3", test_never_accepted);
  g_test_add_func ("/session/servers/silent-within-timeout", test_silent_within_timeout);
  g_test_add_func ("/session/servers/keyring-gate", test_keyring_gate);
  g_test_add_func ("/session/servers/program-running", test_program_running);
  status = g_test_run ();
  {
    const char *rm[] = { "rm", "-rf", home, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  return status;
}
