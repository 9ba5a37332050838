/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Debian's real Thunderbird, headless, against the test servers
 * (run-with-servers.sh), before and after a renewal:
 *  - with the exception the user accepted for the original certificate,
 *    Thunderbird refuses the renewed one (127.0.0.5) and never logs in;
 *  - after `mail-setup --certificates --renew --accept-fingerprint …` it
 *    logs in;
 *  - a fresh profile with no exception at all, but the test authority
 *    installed with `mail-setup --certificates --install-authority`, logs
 *    in through the original certificate (127.0.0.1) and the renewed one.
 * Dovecot's log says what Thunderbird did. */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "net/ms-cert-trust.h"
#include "ms-cert-test-util.h"
#include "ms-tb-test-util.h"

#define DEADLINE_S 150
#define EXIT_DEADLINE_S 20

static const char *mail_setup;   /* the binary under test, from the environment */

static char *
dovecot_log (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("MS_TEST_DIR"), "dovecot", "dovecot.log", NULL);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    text = g_strdup ("");
  return text;
}

static gsize
log_mark (void)
{
  g_autofree char *text = dovecot_log ();
  return strlen (text);
}

/* A line of the log after @from that has every one of @needles. */
static gboolean
log_has_line (gsize from, const char *const *needles)
{
  g_autofree char *text = dovecot_log ();
  g_auto(GStrv) lines = g_strsplit (strlen (text) >= from ? text + from : "", "\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      gboolean all = TRUE;
      for (guint n = 0; needles[n] && all; n++)
        all = strstr (lines[i], needles[n]) != NULL;
      if (all)
        return TRUE;
    }
  return FALSE;
}

static void
own_group (gpointer data)
{
  setsid ();
}

static gboolean
reaped (GPid pid, int *status)
{
  return waitpid (pid, status, WNOHANG) == pid;
}

static void
stop (GPid pid)
{
  gint64 deadline = g_get_monotonic_time () + EXIT_DEADLINE_S * G_USEC_PER_SEC;
  int status;

  kill (pid, SIGTERM);
  while (!reaped (pid, &status))
    {
      if (g_get_monotonic_time () > deadline)
        {
          kill (-pid, SIGKILL);
          waitpid (pid, &status, 0);
          break;
        }
      g_usleep (100 * 1000);
    }
  kill (-pid, SIGKILL);
}

static GPid
start_thunderbird (const char *log_name)
{
  g_autofree char *path = g_build_filename (g_getenv ("HOME"), log_name, NULL);
  char *argv[] = { (char *) "thunderbird", (char *) "--headless", NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  GPid pid;

  g_assert_cmpint (fd, >=, 0);
  envp = g_environ_unsetenv (envp, "G_DEBUG");
  envp = g_environ_unsetenv (envp, "G_ENABLE_DIAGNOSTIC");
  envp = g_environ_unsetenv (envp, "MALLOC_PERTURB_");
  g_spawn_async_with_fds (g_getenv ("HOME"), argv, envp, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, own_group,
                          NULL, &pid, -1, fd, fd, &error);
  close (fd);
  g_assert_no_error (error);
  return pid;
}

/* Runs Thunderbird until Dovecot logs @success or @failure on @address;
 * TRUE for a login.  Either way within the deadline, no fixed wait. */
static gboolean
run_thunderbird (const char *address, const char *log_name)
{
  g_autofree char *lip = g_strdup_printf ("lip=%s,", address);
  g_autofree char *user = g_strdup_printf ("Login: user=<%s>", g_getenv ("MS_TEST_USER"));
  const char *login[] = { "imap-login:", user, lip, NULL };
  /* Thunderbird drops the handshake when it does not accept the certificate. */
  const char *refused[] = { "imap-login:", "SSL_accept() failed", lip, NULL };
  gsize from = log_mark ();
  GPid pid = start_thunderbird (log_name);
  gint64 deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;
  gboolean logged_in = FALSE, failed = FALSE;
  int status;

  while (g_get_monotonic_time () < deadline && !reaped (pid, &status))
    {
      if ((logged_in = log_has_line (from, login)) || (failed = log_has_line (from, refused)))
        break;
      g_usleep (200 * 1000);
    }
  stop (pid);
  {
    g_autofree char *text = dovecot_log ();
    g_test_message ("Dovecot, on %s:\n%s", address, strlen (text) >= from ? text + from : "");
  }
  if (!logged_in && !failed)
    {
      g_autofree char *path = g_build_filename (g_getenv ("HOME"), log_name, NULL);
      g_autofree char *output = NULL;
      g_file_get_contents (path, &output, NULL, NULL);
      g_test_message ("Thunderbird said:\n%s", output ? output : "");
    }
  g_assert_true (logged_in || failed);
  return logged_in;
}

static MsAccount *
account_for (const char *host, guint base)
{
  MsAccount *account = ms_tb_test_account (g_getenv ("MS_TEST_USER"), host);

  g_object_set (account, "password", g_getenv ("MS_TEST_PASSWORD"), NULL);
  ms_server_set_port (ms_account_get_incoming (account), base + 2);
  ms_server_set_username (ms_account_get_incoming (account), g_getenv ("MS_TEST_USER"));
  ms_server_set_port (ms_account_get_outgoing (account), base + 7);
  return account;
}

/* The test profile (tests/clients/certs/ms-cert-test-util.c), on disk for
 * the command line's --profile. */
static char *
provider_file (const char *extra)
{
  guint base = ms_cert_test_base ();
  g_autoptr(MsProvider) check = ms_cert_test_provider (extra);
  g_autofree char *path = g_build_filename (g_getenv ("HOME"), "test-provider.xml", NULL);
  GString *xml = g_string_new ("<clientConfig version=\"1.1\" xmlns:ms=\"https://mailsetup.github.io/ns/provider/1\">"
                               "<emailProvider id=\"test.example\"><domain>example.test</domain>"
                               "<displayName>Test Mail</displayName>");

  g_assert_nonnull (check);
  g_string_append_printf (xml, "<incomingServer type=\"imap\"><hostname>127.0.0.5</hostname><port>%u</port>"
                          "<socketType>SSL</socketType><authentication>password-cleartext</authentication>"
                          "<ms:certificateName>localhost</ms:certificateName></incomingServer>"
                          "<outgoingServer type=\"smtp\"><hostname>127.0.0.5</hostname><port>%u</port>"
                          "<socketType>SSL</socketType><authentication>password-cleartext</authentication>"
                          "<ms:certificateName>localhost</ms:certificateName></outgoingServer>%s"
                          "</emailProvider></clientConfig>\n", base + 2, base + 7, extra ? extra : "");
  g_assert_true (g_file_set_contents (path, xml->str, -1, NULL));
  g_string_free (xml, TRUE);
  return g_steal_pointer (&path);
}

/* mail-setup ARGS…, its exit status; output in the test log. */
static int
run_mail_setup (const char *const *args)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_strv_builder_add (builder, mail_setup);
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("mail-setup said:\n%s%s", out, err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_renewal (void)
{
  guint base = ms_cert_test_base ();
  g_autofree char *home = ms_tb_test_home_new ();
  g_autoptr(MsPinStore) pins = ms_pin_store_new_memory ();
  g_autoptr(MsAccount) account = account_for ("127.0.0.5", base);
  g_autoptr(GBytes) good = ms_cert_test_server_der ("good");
  g_autoptr(GBytes) renewed = ms_cert_test_server_der ("renewed");
  g_autofree char *renewed_sha = ms_cert_test_sha256 (renewed);
  g_autofree char *good_sha = ms_cert_test_sha256 (good);
  g_autofree char *imap = g_strdup_printf ("127.0.0.5:%u=%s", base + 2, renewed_sha);
  g_autofree char *smtp = g_strdup_printf ("127.0.0.5:%u=%s", base + 7, renewed_sha);
  g_autofree char *profile_xml = provider_file (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientReport) report = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autofree char *overrides = NULL;
  const char *dir;

  /* What the user accepted when the server still had its original
   * certificate. */
  g_assert_true (ms_pin_store_add (pins, "127.0.0.5", base + 2, good, &error));
  g_assert_true (ms_pin_store_add (pins, "127.0.0.5", base + 7, good, &error));
  report = ms_tb_test_write (account, pins, NULL, &error);
  g_assert_no_error (error);
  profiles = ms_thunderbird_list_profiles (&error);
  dir = ((MsThunderbirdProfile *) profiles->pdata[0])->path;
  overrides = ms_tb_test_read (dir, "cert_override.txt");
  g_assert_nonnull (strstr (overrides, good_sha));

  g_assert_false (run_thunderbird ("127.0.0.5", "before-renewal.log"));

  {
    const char *args[] = { "--certificates", "--renew", "--profile", profile_xml, "--accept-fingerprint", imap,
                           "--accept-fingerprint", smtp, NULL };
    g_assert_cmpint (run_mail_setup (args), ==, 0);
  }
  g_clear_pointer (&overrides, g_free);
  overrides = ms_tb_test_read (dir, "cert_override.txt");
  g_assert_null (strstr (overrides, good_sha));
  g_assert_nonnull (strstr (overrides, renewed_sha));

  g_assert_true (run_thunderbird ("127.0.0.5", "after-renewal.log"));
}

static void
test_authority_fresh_profile (void)
{
  guint base = ms_cert_test_base ();
  g_autofree char *home = ms_tb_test_home_new ();
  g_autoptr(MsPinStore) none = ms_pin_store_new_memory ();
  g_autoptr(MsAccount) original = account_for ("127.0.0.1", base);
  g_autoptr(MsAccount) renewed = account_for ("127.0.0.5", base);
  g_autofree char *ca = g_build_filename (g_getenv ("MS_TEST_DIR"), "certs", "ca.pem", NULL);
  g_autoptr(GPtrArray) ders = NULL;
  g_autoptr(MsCertInfo) info = NULL;
  g_autofree char *extra = NULL;
  g_autofree char *profile_xml = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientReport) first = NULL;
  g_autoptr(MsClientReport) second = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autofree char *overrides = NULL;

  /* A profile with the account and no exception at all. */
  first = ms_tb_test_write (original, none, NULL, &error);
  g_assert_no_error (error);
  profiles = ms_thunderbird_list_profiles (&error);
  overrides = ms_tb_test_read (((MsThunderbirdProfile *) profiles->pdata[0])->path, "cert_override.txt");
  g_assert_null (overrides);

  ders = ms_cert_read_pem_file (ca, &error);
  g_assert_no_error (error);
  info = ms_cert_info_new_from_der (ders->pdata[0], NULL);
  extra = g_strdup_printf ("<ms:certificateAuthority name=\"Mail Setup Test CA\" sha256=\"%s\"/>", info->sha256);
  profile_xml = provider_file (extra);
  {
    const char *args[] = { "--certificates", "--install-authority", ca, "--profile", profile_xml, NULL };
    g_assert_cmpint (run_mail_setup (args), ==, 0);
  }
  g_assert_true (run_thunderbird ("127.0.0.1", "authority-original.log"));

  /* The same account moved to the server with the renewed certificate. */
  second = ms_tb_test_write (renewed, none, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (run_thunderbird ("127.0.0.5", "authority-renewed.log"));
}

int
main (int argc, char **argv)
{
  g_autofree char *binary = g_find_program_in_path ("thunderbird");
  int status;

  g_test_init (&argc, &argv, NULL);
  mail_setup = g_getenv ("MS_TEST_MAIL_SETUP");
  if (binary == NULL || g_getenv ("MS_TEST_DIR") == NULL || mail_setup == NULL)
    {
      g_print ("1..0 # SKIP needs Debian's thunderbird, run-with-servers.sh and MS_TEST_MAIL_SETUP\n");
      return 77;
    }
  g_test_add_func ("/certs/thunderbird/renewal", test_renewal);
  g_test_add_func ("/certs/thunderbird/authority-in-fresh-profile", test_authority_fresh_profile);
  status = g_test_run ();
  ms_tb_test_home_cleanup ();
  return status;
}
