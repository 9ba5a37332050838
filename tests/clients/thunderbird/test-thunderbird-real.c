/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Debian's real Thunderbird, headless, on a machine with no profile: Mail
 * Setup writes the account, the certificate exception and the password;
 * Thunderbird must pick that profile, trust the test server's certificate
 * and log in to the private Dovecot with the stored password, which the
 * Dovecot log shows.  Run by tests/servers/run-with-servers.sh. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ms-tb-test-util.h"

#define LOGIN_DEADLINE_S 150
#define EXIT_DEADLINE_S 20

static char *home;

static GBytes *
server_certificate (void)
{
  g_autofree char *chain = g_build_filename (g_getenv ("MS_TEST_DIR"), "certs", "good-chain.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_file (chain, &error);
  g_autoptr(GByteArray) der = NULL;

  g_assert_no_error (error);
  g_object_get (cert, "certificate", &der, NULL);
  return g_bytes_new (der->data, der->len);
}

static void
new_session (gpointer data)
{
  /* Its own process group, so that every Thunderbird process can be killed. */
  setsid ();
}

static gboolean
log_has_login (const char *log, const char *user)
{
  g_autofree char *text = NULL;
  g_autofree char *needle = g_strdup_printf (": Login: user=<%s>,", user);
  const char *at;

  if (!g_file_get_contents (log, &text, NULL, NULL))
    return FALSE;
  /* "imap-login: Info: Login: user=<alice@example.test>, method=PLAIN, …" */
  for (at = strstr (text, needle); at; at = strstr (at + 1, needle))
    {
      const char *line = at;
      while (line > text && line[-1] != '\n')
        line--;
      if (g_strstr_len (line, at - line, "imap-login:"))
        return TRUE;
    }
  return FALSE;
}

static gboolean
exited (GPid pid, int *status)
{
  return waitpid (pid, status, WNOHANG) == pid;
}

static void
stop (GPid pid)
{
  gint64 deadline = g_get_monotonic_time () + EXIT_DEADLINE_S * G_USEC_PER_SEC;
  int status;

  /* The main process first: it shuts its content processes down itself. */
  kill (pid, SIGTERM);
  while (!exited (pid, &status))
    {
      if (g_get_monotonic_time () > deadline)
        {
          kill (-pid, SIGKILL);
          waitpid (pid, &status, 0);
          break;
        }
      g_usleep (100 * 1000);
    }
  kill (-pid, SIGKILL);  /* helpers left in the group */
}

static void
test_real_login (void)
{
  const char *user = g_getenv ("MS_TEST_USER");
  guint base = (guint) g_ascii_strtoull (g_getenv ("MS_TEST_BASE_PORT"), NULL, 10);
  g_autofree char *dovecot_log = g_build_filename (g_getenv ("MS_TEST_DIR"), "dovecot", "dovecot.log", NULL);
  g_autofree char *tb_log = g_build_filename (home, "thunderbird.log", NULL);
  g_autoptr(MsAccount) account = ms_tb_test_account (user, "127.0.0.1");
  g_autoptr(MsPinStore) pins = ms_pin_store_new_memory ();
  g_autoptr(GBytes) der = server_certificate ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientReport) report = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *prefs = NULL;
  g_autofree char *tb_output = NULL;
  char *argv[] = { (char *) "thunderbird", (char *) "--headless", NULL };
  g_auto(GStrv) envp = NULL;
  gint64 deadline;
  gboolean logged_in = FALSE;
  int status = 0, out_fd;
  GPid pid;

  g_object_set (account, "password", g_getenv ("MS_TEST_PASSWORD"), NULL);
  ms_server_set_port (ms_account_get_incoming (account), base + 2);   /* IMAPS */
  ms_server_set_port (ms_account_get_outgoing (account), base + 7);   /* SMTPS */
  /* The test CA is unknown to Thunderbird: only the exception lets it in. */
  g_assert_true (ms_pin_store_add (pins, "127.0.0.1", base + 2, der, &error));
  g_assert_true (ms_pin_store_add (pins, "127.0.0.1", base + 7, der, &error));
  g_assert_no_error (error);
  g_assert_false (log_has_login (dovecot_log, user));

  report = ms_tb_test_write (account, pins, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (report->password_stored);
  profiles = ms_thunderbird_list_profiles (&error);
  g_assert_cmpuint (profiles->len, ==, 1);

  /* The test harness's G_DEBUG=fatal-criticals would abort Thunderbird on
   * its own harmless GTK warnings in headless mode. */
  envp = g_get_environ ();
  envp = g_environ_unsetenv (envp, "G_DEBUG");
  envp = g_environ_unsetenv (envp, "G_ENABLE_DIAGNOSTIC");
  envp = g_environ_unsetenv (envp, "MALLOC_PERTURB_");

  /* No -profile: Thunderbird has to choose the profile we created itself. */
  out_fd = g_open (tb_log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (out_fd, >=, 0);
  g_spawn_async_with_fds (home, argv, envp, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, new_session, NULL,
                          &pid, -1, out_fd, out_fd, &error);
  close (out_fd);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + LOGIN_DEADLINE_S * G_USEC_PER_SEC;
  while (!(logged_in = log_has_login (dovecot_log, user)) && g_get_monotonic_time () < deadline)
    {
      if (exited (pid, &status))
        break;
      g_usleep (200 * 1000);
    }
  if (!logged_in)
    {
      g_autofree char *dlog = NULL;
      g_file_get_contents (tb_log, &tb_output, NULL, NULL);
      g_file_get_contents (dovecot_log, &dlog, NULL, NULL);
      g_test_message ("thunderbird output:\n%s\ndovecot log:\n%s", tb_output, dlog);
    }
  stop (pid);
  g_assert_true (logged_in);
  g_test_message ("Dovecot logged Thunderbird in as %s", user);

  /* Still one profile, ours, and the account survived Thunderbird's own save. */
  after = ms_thunderbird_list_profiles (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpstr (((MsThunderbirdProfile *) after->pdata[0])->path, ==,
                   ((MsThunderbirdProfile *) profiles->pdata[0])->path);
  prefs = ms_tb_test_read (((MsThunderbirdProfile *) after->pdata[0])->path, "prefs.js");
  g_assert_nonnull (strstr (prefs, "\"mail.server.server1.hostname\", \"127.0.0.1\""));
}

int
main (int argc, char **argv)
{
  g_autofree char *binary = g_find_program_in_path ("thunderbird");
  int status;

  g_test_init (&argc, &argv, NULL);
  if (binary == NULL || g_getenv ("MS_TEST_BASE_PORT") == NULL)
    {
      g_print ("1..0 # SKIP needs Debian's thunderbird (tests/clients/thunderbird/packages.txt) "
               "and tests/servers/run-with-servers.sh\n");
      return 77;
    }
  home = ms_tb_test_home_new ();
  g_test_add_func ("/thunderbird/real/login-with-stored-password", test_real_login);
  status = g_test_run ();
  g_free (home);
  ms_tb_test_home_cleanup ();
  return status;
}
