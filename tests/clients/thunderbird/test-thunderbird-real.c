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

/* Text of the Dovecot log from @from on (earlier subtests logged in too). */
static char *
log_since (gsize from)
{
  g_autofree char *log = g_build_filename (g_getenv ("MS_TEST_DIR"), "dovecot", "dovecot.log", NULL);
  g_autofree char *text = NULL;
  gsize len = 0;

  if (!g_file_get_contents (log, &text, &len, NULL) || len < from)
    return g_strdup ("");
  return g_strdup (text + from);
}

static gsize
log_length (void)
{
  g_autofree char *all = log_since (0);

  return strlen (all);
}

/* "imap-login: Info: Login: user=<alice@example.test>, method=PLAIN, …" */
static gboolean
has_login (const char *text, const char *service, const char *user)
{
  g_autofree char *needle = g_strdup_printf (": Login: user=<%s>,", user);

  for (const char *at = strstr (text, needle); at; at = strstr (at + 1, needle))
    {
      const char *line = at;
      while (line > text && line[-1] != '\n')
        line--;
      if (g_strstr_len (line, at - line, service))
        return TRUE;
    }
  return FALSE;
}

static GPid
start_thunderbird (const char *log_name)
{
  g_autofree char *tb_log = g_build_filename (home, log_name, NULL);
  char *argv[] = { (char *) "thunderbird", (char *) "--headless", NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int out_fd;
  GPid pid;

  /* The test harness's G_DEBUG=fatal-criticals would abort Thunderbird on
   * its own harmless GTK warnings in headless mode. */
  envp = g_environ_unsetenv (envp, "G_DEBUG");
  envp = g_environ_unsetenv (envp, "G_ENABLE_DIAGNOSTIC");
  envp = g_environ_unsetenv (envp, "MALLOC_PERTURB_");
  out_fd = g_open (tb_log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (out_fd, >=, 0);
  /* No -profile: Thunderbird chooses the profile itself. */
  g_spawn_async_with_fds (home, argv, envp, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, new_session, NULL,
                          &pid, -1, out_fd, out_fd, &error);
  close (out_fd);
  g_assert_no_error (error);
  return pid;
}

/* Waits for Thunderbird to log in to @service; stops it either way. */
static gboolean
run_until_login (const char *service, const char *user, const char *log_name)
{
  gsize from = log_length ();
  GPid pid = start_thunderbird (log_name);
  gint64 deadline = g_get_monotonic_time () + LOGIN_DEADLINE_S * G_USEC_PER_SEC;
  gboolean logged_in = FALSE;
  int status;

  while (g_get_monotonic_time () < deadline && !exited (pid, &status))
    {
      g_autofree char *text = log_since (from);
      if ((logged_in = has_login (text, service, user)))
        break;
      g_usleep (200 * 1000);
    }
  stop (pid);
  if (!logged_in)
    {
      g_autofree char *tb_log = g_build_filename (home, log_name, NULL);
      g_autofree char *output = NULL;
      g_autofree char *text = log_since (from);
      g_file_get_contents (tb_log, &output, NULL, NULL);
      g_test_message ("thunderbird output:\n%s\ndovecot log:\n%s", output, text);
    }
  else
    g_test_message ("Dovecot logged Thunderbird in to %s as %s", service, user);
  return logged_in;
}

static MsAccount *
test_account (MsProtocol incoming, guint port, MsPinStore *pins)
{
  guint base = (guint) g_ascii_strtoull (g_getenv ("MS_TEST_BASE_PORT"), NULL, 10);
  MsAccount *account = ms_tb_test_account (g_getenv ("MS_TEST_USER"), "127.0.0.1");
  g_autoptr(GBytes) der = server_certificate ();
  g_autoptr(GError) error = NULL;

  g_object_set (account, "password", g_getenv ("MS_TEST_PASSWORD"), NULL);
  ms_account_select_incoming (account, incoming);
  ms_server_set_hostname (ms_account_get_incoming (account), "127.0.0.1");
  ms_server_set_port (ms_account_get_incoming (account), base + port);
  ms_server_set_security (ms_account_get_incoming (account), MS_SECURITY_SSL);
  ms_server_set_username (ms_account_get_incoming (account), g_getenv ("MS_TEST_USER"));
  ms_server_set_port (ms_account_get_outgoing (account), base + 7);   /* SMTPS */
  /* The test CA is unknown to Thunderbird: only the exception lets it in. */
  g_assert_true (ms_pin_store_add (pins, "127.0.0.1", base + port, der, &error));
  g_assert_true (ms_pin_store_add (pins, "127.0.0.1", base + 7, der, &error));
  g_assert_no_error (error);
  return account;
}

/* Writes into a machine without Thunderbird profile, runs Thunderbird. */
static void
fresh_machine (MsProtocol protocol, guint port, const char *service, const char *type)
{
  g_autofree char *reset = ms_tb_test_home_new ();
  g_autoptr(MsPinStore) pins = ms_pin_store_new_memory ();
  g_autoptr(MsAccount) account = test_account (protocol, port, pins);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientReport) report = ms_tb_test_write (account, pins, NULL, &error);
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *prefs = NULL;
  g_autofree char *type_pref = g_strdup_printf ("\"mail.server.server1.type\", \"%s\"", type);

  g_assert_no_error (error);
  g_assert_true (report->password_stored);
  profiles = ms_thunderbird_list_profiles (&error);
  g_assert_cmpuint (profiles->len, ==, 1);

  g_assert_true (run_until_login (service, g_getenv ("MS_TEST_USER"), "thunderbird.log"));

  /* Still one profile, ours, and the account survived Thunderbird's own save. */
  after = ms_thunderbird_list_profiles (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpstr (((MsThunderbirdProfile *) after->pdata[0])->path, ==,
                   ((MsThunderbirdProfile *) profiles->pdata[0])->path);
  prefs = ms_tb_test_read (((MsThunderbirdProfile *) after->pdata[0])->path, "prefs.js");
  g_assert_nonnull (strstr (prefs, "\"mail.server.server1.hostname\", \"127.0.0.1\""));
  g_assert_nonnull (strstr (prefs, type_pref));
}

static void
test_imap_fresh_machine (void)
{
  fresh_machine (MS_PROTOCOL_IMAP, 2, "imap-login:", "imap");
}

static void
test_pop3_fresh_machine (void)
{
  /* POP3 passwords live under mailbox://host, not pop3://. */
  fresh_machine (MS_PROTOCOL_POP3, 4, "pop3-login:", "pop3");
}

/* The usual case: a profile Thunderbird made and used itself, with its own
 * prefs.js and its own key4.db (an AES key since Thunderbird 153). */
static void
test_into_thunderbird_profile (void)
{
  g_autofree char *reset = ms_tb_test_home_new ();
  g_autoptr(MsPinStore) pins = ms_pin_store_new_memory ();
  g_autoptr(MsAccount) account = test_account (MS_PROTOCOL_IMAP, 2, pins);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientReport) report = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autofree char *key4 = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 deadline = g_get_monotonic_time () + LOGIN_DEADLINE_S * G_USEC_PER_SEC;
  MsThunderbirdProfile *profile = NULL;
  gboolean created = FALSE;
  int status;
  GPid pid;

  /* First start: Thunderbird makes its profile; stop it once it is up. */
  pid = start_thunderbird ("first-start.log");
  while (g_get_monotonic_time () < deadline && !exited (pid, &status))
    {
      g_autoptr(MsThunderbirdProfile) running = ms_tb_resolve_profile (NULL, &created, NULL);
      if (running && !created)
        {
          /* Started all the way (its session checkpoints say so). */
          g_autofree char *checkpoints = ms_tb_test_read (running->path, "sessionCheckpoints.json");
          if (checkpoints && strstr (checkpoints, "\"final-ui-startup\":true"))
            break;
        }
      g_usleep (200 * 1000);
    }
  stop (pid);
  /* Thunderbird 153 makes "default" and "default-default", and points its
   * [Install…] section at the second: that is the one to write into. */
  profiles = ms_thunderbird_list_profiles (&error);
  g_assert_no_error (error);
  for (guint i = 0; i < profiles->len; i++)
    if (((MsThunderbirdProfile *) profiles->pdata[i])->is_default)
      profile = profiles->pdata[i];
  g_assert_nonnull (profile);
  g_test_message ("Thunderbird made %u profiles; its default is %s", profiles->len, profile->path);
  key4 = (g_free (key4), g_build_filename (profile->path, "key4.db", NULL));
  g_assert_true (g_file_test (key4, G_FILE_TEST_EXISTS));
  g_assert_false (ms_thunderbird_profile_is_locked (profile->path));
  /* Killed during its first start, Thunderbird may not have saved prefs.js:
   * what matters here is its own key4.db. */
  before = ms_tb_test_read (profile->path, "prefs.js");

  report = ms_tb_test_write (account, pins, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (report->password_stored);
  after = ms_tb_test_read (profile->path, "prefs.js");
  if (before)
    {
      g_assert_nonnull (report->backup);
      g_assert_true (g_str_has_prefix (after, before));  /* appended; nothing of Thunderbird's lost */
    }

  g_assert_true (run_until_login ("imap-login:", g_getenv ("MS_TEST_USER"), "second-start.log"));
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
  g_test_add_func ("/thunderbird/real/imap-fresh-machine", test_imap_fresh_machine);
  g_test_add_func ("/thunderbird/real/pop3-fresh-machine", test_pop3_fresh_machine);
  g_test_add_func ("/thunderbird/real/imap-into-thunderbird-profile", test_into_thunderbird_profile);
  status = g_test_run ();
  g_free (home);
  ms_tb_test_home_cleanup ();
  return status;
}
