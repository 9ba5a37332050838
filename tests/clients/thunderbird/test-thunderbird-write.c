/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The whole writer on disk, in a private $HOME: profiles, lock, backups,
 * corrupt files, dry run. */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ms-tb-test-util.h"
#include "ms-thunderbird-nss.h"

#define EXISTING MS_TB_TEST_EXISTING
/* Any fingerprint: these tests only look at where it goes. */
#define TEST_CERT_SHA256 \
  "E3:C8:1B:B2:B5:84:92:75:EC:98:93:24:B6:D2:47:4A:AE:54:CB:A2:13:00:D3:DF:16:95:21:1F:52:EC:36:6B"
#define CORRUPT "// Mozilla User Preferences\nuser_pref(\"ok\", 1);\nuser_pref(\"broken\", 1)\n\n"

static void
test_fresh_machine (MsTbFixture *f, gconstpointer data)
{
  g_autoptr(MsAccount) account = ms_tb_test_account ("alice@example.test", "mail.example.test");
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientReport) report = ms_tb_test_write (account, NULL, NULL, &error);
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GHashTable) logins = NULL;
  g_autofree char *root = g_build_filename (f->home, ".thunderbird", NULL);
  g_autofree char *ini = ms_tb_test_read (root, "profiles.ini");
  g_autofree char *installs = ms_tb_test_read (root, "installs.ini");
  g_autofree char *prefs = NULL;
  g_autofree char *compat = NULL;
  g_autofree char *prefs_path = NULL;
  MsThunderbirdProfile *profile;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpstr (report->client_id, ==, "thunderbird");
  g_assert_null (report->backup);  /* nothing to back up */
  g_assert_true (report->password_stored);
  g_assert_null (report->password_note);

  profiles = ms_thunderbird_list_profiles (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (profiles->len, ==, 1);
  profile = profiles->pdata[0];
  g_assert_true (profile->is_default);
  g_assert_true (g_str_has_prefix (profile->path, root));
  g_assert_nonnull (strstr (ini, "[InstallFDC34C9F024745EB]"));
  g_assert_nonnull (strstr (ini, "Default=1"));
  g_assert_nonnull (strstr (installs, "[FDC34C9F024745EB]"));
  compat = ms_tb_test_read (profile->path, "compatibility.ini");
  g_assert_cmpstr (compat, ==, "[Compatibility]\n");

  prefs = ms_tb_test_read (profile->path, "prefs.js");
  g_assert_true (g_str_has_prefix (prefs, "// Mozilla User Preferences\n"));
  g_assert_nonnull (strstr (prefs, "user_pref(\"mail.accountmanager.defaultaccount\", \"account1\");"));
  prefs_path = g_build_filename (profile->path, "prefs.js", NULL);
  g_assert_true (g_ptr_array_find_with_equal_func (report->written, prefs_path, g_str_equal, NULL));
  g_assert_cmpint (g_stat (prefs_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  logins = ms_tb_test_read_logins (profile->path);
  g_assert_cmpuint (g_hash_table_size (logins), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (logins, "imap://mail.example.test"), ==,
                   "alice@example.test\n" MS_TB_TEST_PASSWORD);
  g_assert_cmpstr (g_hash_table_lookup (logins, "smtp://mail.example.test"), ==,
                   "alice@example.test\n" MS_TB_TEST_PASSWORD);
  ms_tb_test_assert_no_clear_password (f->home);
}

/* OAuth2 providers: Thunderbird's sign-in (authMethod 10), no password
 * saved, so that Thunderbird opens the provider's page at first start. */
static void
test_oauth2 (MsTbFixture *f, gconstpointer data)
{
  g_autoptr(MsAccount) account = ms_tb_test_account ("alice@gmail.com", "imap.gmail.com");
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientReport) report = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autofree char *prefs = NULL, *logins = NULL;
  MsThunderbirdProfile *profile;

  ms_server_set_auth (ms_account_get_incoming (account), MS_AUTH_OAUTH2);
  ms_server_set_auth (ms_account_get_outgoing (account), MS_AUTH_OAUTH2);
  report = ms_tb_test_write (account, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (report->password_stored);
  g_assert_nonnull (strstr (report->password_note, "signs in through its own page"));
  profiles = ms_thunderbird_list_profiles (&error);
  profile = profiles->pdata[0];
  prefs = ms_tb_test_read (profile->path, "prefs.js");
  g_assert_nonnull (strstr (prefs, "user_pref(\"mail.server.server1.authMethod\", 10);"));
  g_assert_nonnull (strstr (prefs, "user_pref(\"mail.smtpserver.smtp1.authMethod\", 10);"));
  logins = g_build_filename (profile->path, "logins.json", NULL);
  g_assert_false (g_file_test (logins, G_FILE_TEST_EXISTS));
  ms_tb_test_assert_no_clear_password (f->home);
}

static void
test_rerun (MsTbFixture *f, gconstpointer data)
{
  g_autoptr(MsAccount) account = ms_tb_test_account ("alice@example.test", "mail.example.test");
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientReport) first = ms_tb_test_write (account, NULL, NULL, &error);
  g_autofree char *prefs1 = ms_tb_test_read (f->profile, "prefs.js");
  g_autoptr(MsClientReport) second = NULL;
  g_autofree char *prefs2 = NULL;
  g_autofree char *backup = NULL;
  g_autoptr(GHashTable) logins = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (first->backup);
  backup = ms_tb_test_read (f->profile, strrchr (first->backup, '/') + 1);
  g_assert_cmpstr (backup, ==, (const char *) data);
  g_assert_true (g_str_has_prefix (prefs1, (const char *) data));

  second = ms_tb_test_write (account, NULL, NULL, &error);
  g_assert_no_error (error);
  prefs2 = ms_tb_test_read (f->profile, "prefs.js");
  g_assert_cmpstr (prefs2, ==, prefs1);
  g_assert_nonnull (strstr (second->summary, "Updated"));
  logins = ms_tb_test_read_logins (f->profile);
  g_assert_cmpuint (g_hash_table_size (logins), ==, 2);
}

static void
test_choose_profile (MsTbFixture *f, gconstpointer data)
{
  g_autofree char *root = g_build_filename (f->home, ".thunderbird", NULL);
  g_autofree char *ini = g_build_filename (root, "profiles.ini", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(MsThunderbirdProfile) chosen = NULL;
  gboolean create = TRUE;
  const char *two = "[Profile0]\nName=work\nIsRelative=1\nPath=w.work\n\n"
                    "[Profile1]\nName=home\nIsRelative=0\nPath=/nonexistent/h.home\nDefault=1\n\n"
                    "[General]\nVersion=2\n";
  g_autofree char *with_install = g_strconcat (two, "[InstallFDC34C9F024745EB]\nDefault=w.work\n", NULL);

  g_assert_cmpint (g_mkdir_with_parents (root, 0700), ==, 0);
  g_assert_true (g_file_set_contents (ini, with_install, -1, NULL));
  profiles = ms_thunderbird_list_profiles (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (profiles->len, ==, 2);
  g_assert_true (((MsThunderbirdProfile *) profiles->pdata[0])->is_default);   /* the install's */
  g_assert_false (((MsThunderbirdProfile *) profiles->pdata[1])->is_default);
  g_assert_cmpstr (((MsThunderbirdProfile *) profiles->pdata[1])->path, ==, "/nonexistent/h.home");
  g_clear_pointer (&profiles, g_ptr_array_unref);

  g_assert_true (g_file_set_contents (ini, two, -1, NULL));
  profiles = ms_thunderbird_list_profiles (&error);
  g_assert_true (((MsThunderbirdProfile *) profiles->pdata[1])->is_default);  /* legacy Default=1 */
  chosen = ms_tb_resolve_profile ("work", &create, &error);
  g_assert_no_error (error);
  g_assert_false (create);
  g_assert_true (g_str_has_suffix (chosen->path, "/.thunderbird/w.work"));
  g_clear_pointer (&chosen, ms_thunderbird_profile_free);

  /* Two profiles, no default: the caller has to choose. */
  g_assert_true (g_file_set_contents (ini, "[Profile0]\nName=a\nPath=a.a\nIsRelative=1\n\n"
                                           "[Profile1]\nName=b\nPath=b.b\nIsRelative=1\n", -1, NULL));
  chosen = ms_tb_resolve_profile (NULL, &create, &error);
  g_assert_null (chosen);
  g_assert_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_NO_PROFILE);
  g_clear_error (&error);
  chosen = ms_tb_resolve_profile ("nope", &create, &error);
  g_assert_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_NO_PROFILE);
}

static void
listed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = ms_thunderbird_list_profiles_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_list_async (MsTbFixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) profiles = NULL;

  ms_thunderbird_list_profiles_async (NULL, listed_cb, &profiles);
  while (profiles == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (profiles->len, ==, 1);
  g_assert_cmpstr (((MsThunderbirdProfile *) profiles->pdata[0])->path, ==, f->profile);
  g_assert_true (((MsThunderbirdProfile *) profiles->pdata[0])->is_default);
}

static void
test_corrupt_untouched (MsTbFixture *f, gconstpointer data)
{
  g_autoptr(MsAccount) account = ms_tb_test_account ("alice@example.test", "mail.example.test");
  g_autoptr(MsPinStore) pins = ms_pin_store_new_memory ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientReport) report = NULL;
  g_autofree char *before = ms_tb_test_listing (f->profile);
  g_autofree char *after = NULL;
  g_autofree char *prefs = NULL;

  g_assert_true (ms_pin_store_add_fingerprint (pins, "mail.example.test", 993, TEST_CERT_SHA256, NULL));
  report = ms_tb_test_write (account, pins, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_assert_nonnull (strstr (error->message, "Nothing was changed"));
  prefs = ms_tb_test_read (f->profile, "prefs.js");
  g_assert_cmpstr (prefs, ==, (const char *) data);
  after = ms_tb_test_listing (f->profile);
  g_assert_cmpstr (after, ==, before);  /* no temporary file, backup, key4.db… */
}

/* A child process named @name holds .parentlock the way Thunderbird does
 * (fcntl). */
static pid_t
hold_lock (const char *profile, const char *name, int *release)
{
  int ready[2], hold[2];
  pid_t pid;
  char c;

  g_assert_cmpint (pipe (ready), ==, 0);
  g_assert_cmpint (pipe (hold), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autofree char *path = g_build_filename (profile, ".parentlock", NULL);
      struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
      int fd = open (path, O_RDWR | O_CREAT, 0600);
      prctl (PR_SET_NAME, name);
      close (hold[1]);
      if (fd < 0 || fcntl (fd, F_SETLK, &fl) != 0)
        _exit (1);
      if (write (ready[1], "x", 1) != 1)
        _exit (1);
      if (read (hold[0], &c, 1) < 0)  /* until the parent closes its end */
        _exit (1);
      _exit (0);
    }
  close (hold[0]);
  close (ready[1]);
  g_assert_cmpint (read (ready[0], &c, 1), ==, 1);
  close (ready[0]);
  *release = hold[1];
  return pid;
}

static void
test_locked (MsTbFixture *f, gconstpointer data)
{
  g_autoptr(MsAccount) account = ms_tb_test_account ("alice@example.test", "mail.example.test");
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientReport) report = NULL;
  g_autofree char *lock = g_build_filename (f->profile, "lock", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *prefs = NULL;
  g_autofree char *target = NULL;
  int release, status;
  pid_t child;

  g_assert_false (ms_thunderbird_profile_is_locked (f->profile));
  child = hold_lock (f->profile, "thunderbird", &release);
  before = ms_tb_test_listing (f->profile);
  g_assert_true (ms_thunderbird_profile_is_locked (f->profile));
  report = ms_tb_test_write (account, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_RUNNING);
  g_assert_nonnull (strstr (error->message, "Close Thunderbird"));
  g_clear_error (&error);
  {
    /* A dry run still shows the change; the setup session lists the
     * running Thunderbird as what blocks the real run. */
    MsClientOptions dry = { .dry_run = TRUE, .store_password = TRUE };
    report = ms_tb_test_write (account, NULL, &dry, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (report->diff, "mail.example.test"));
    g_clear_pointer (&report, ms_client_report_free);
  }
  prefs = ms_tb_test_read (f->profile, "prefs.js");
  g_assert_cmpstr (prefs, ==, (const char *) data);
  after = ms_tb_test_listing (f->profile);
  g_assert_cmpstr (after, ==, before);

  close (release);
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_false (ms_thunderbird_profile_is_locked (f->profile));

  /* The `lock` symlink: a live PID counts, a stale one (after a crash) does not. */
  target = g_strdup_printf ("127.0.0.1:+%d", (int) getpid ());
  g_assert_cmpint (symlink (target, lock), ==, 0);
  g_assert_true (ms_thunderbird_profile_is_locked (f->profile));
  g_unlink (lock);
  g_clear_pointer (&target, g_free);
  target = g_strdup_printf ("127.0.0.1:+%d", (int) child);  /* reaped above */
  g_assert_cmpint (symlink (target, lock), ==, 0);
  g_assert_false (ms_thunderbird_profile_is_locked (f->profile));
  report = ms_tb_test_write (account, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Two Mail Setups race for one profile: the one that waits is told so,
 * not to close a Thunderbird that is not even running. */
static void
test_locked_by_mail_setup (MsTbFixture *f, gconstpointer data)
{
  g_autoptr(MsAccount) account = ms_tb_test_account ("alice@example.test", "mail.example.test");
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientReport) report = NULL;
  g_autofree char *pid = NULL;
  int release, status;
  pid_t child;

  child = hold_lock (f->profile, "mail-setup", &release);
  pid = g_strdup_printf ("process %d", (int) child);
  g_assert_true (ms_thunderbird_profile_is_locked (f->profile));
  report = ms_tb_test_write (account, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_RUNNING);
  g_assert_nonnull (strstr (error->message, "Another Mail Setup"));
  g_assert_nonnull (strstr (error->message, pid));
  g_assert_null (strstr (error->message, "Thunderbird is open"));
  g_clear_error (&error);
  g_assert_false (ms_tb_check_profile_free (f->profile, &error));
  g_assert_nonnull (strstr (error->message, "Another Mail Setup"));

  close (release);
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_false (ms_thunderbird_profile_is_locked (f->profile));
}

static void
test_dry_run (MsTbFixture *f, gconstpointer data)
{
  g_autoptr(MsAccount) account = ms_tb_test_account ("alice@example.test", "mail.example.test");
  g_autoptr(MsPinStore) pins = ms_pin_store_new_memory ();
  g_autoptr(GError) error = NULL;
  MsClientOptions options = { .dry_run = TRUE, .store_password = TRUE };
  g_autoptr(MsClientReport) report = NULL;
  g_autofree char *before = ms_tb_test_listing (f->profile);
  g_autofree char *after = NULL;
  g_autofree char *prefs = NULL;
  g_autofree char *header = g_strdup_printf ("--- %s/prefs.js\n+++ %s/prefs.js\n", f->profile, f->profile);

  g_assert_true (ms_pin_store_add_fingerprint (pins, "mail.example.test", 993, TEST_CERT_SHA256, NULL));
  report = ms_tb_test_write (account, pins, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report->diff);
  g_assert_nonnull (strstr (report->diff, header));
  g_assert_nonnull (strstr (report->diff, "\n user_pref(\"mail.ui-rdf.version\", 61);\n"));
  g_assert_nonnull (strstr (report->diff, "\n+user_pref(\"mail.server.server1.hostname\", \"mail.example.test\");\n"));
  g_assert_nonnull (strstr (report->diff, "+++ "));
  g_assert_nonnull (strstr (report->diff, "cert_override.txt\n"));
  g_assert_null (strstr (report->diff, "battery"));
  g_assert_cmpuint (report->written->len, ==, 0);
  g_assert_false (report->password_stored);
  g_assert_nonnull (strstr (report->summary, "would be added"));
  prefs = ms_tb_test_read (f->profile, "prefs.js");
  g_assert_cmpstr (prefs, ==, (const char *) data);
  after = ms_tb_test_listing (f->profile);
  g_assert_cmpstr (after, ==, before);
}


static void
test_dry_run_fresh_machine (MsTbFixture *f, gconstpointer data)
{
  g_autoptr(MsAccount) account = ms_tb_test_account ("alice@example.test", "mail.example.test");
  g_autoptr(GError) error = NULL;
  MsClientOptions options = { .dry_run = TRUE, .store_password = TRUE };
  g_autoptr(MsClientReport) report = ms_tb_test_write (account, NULL, &options, &error);
  g_autofree char *listing = ms_tb_test_listing (f->home);

  g_assert_no_error (error);
  g_assert_cmpstr (listing, ==, "");  /* not even ~/.thunderbird */
  g_assert_true (g_str_has_prefix (report->diff, "# new profile "));
  g_assert_nonnull (strstr (report->diff, "--- /dev/null\n+++ "));
  g_assert_nonnull (strstr (report->diff, "\n+// Mozilla User Preferences\n"));
  g_assert_nonnull (strstr (report->diff, "logins.json: encrypted password entries for imap://mail.example.test "
                                          "smtp://mail.example.test\n"));
}

static void
test_interface (MsTbFixture *f, gconstpointer data)
{
  g_autoptr(MsClient) client = ms_thunderbird_client_new ();
  g_autofree char *binary = g_find_program_in_path ("thunderbird");
  g_autoptr(GAppInfo) app = ms_client_get_app_info (client);

  g_assert_cmpstr (ms_client_get_id (client), ==, "thunderbird");
  g_assert_cmpstr (ms_client_get_display_name (client), ==, "Thunderbird");
  /* With a profile, even without the program. */
  g_assert_true (ms_client_is_installed (client) == (binary != NULL || f->profile != NULL));
  if (binary)
    g_assert_nonnull (app);
}

/* A disk failing part-way through the commit leaves the profile as it
 * was: same files, same contents, no backup left for a change that never
 * happened. */
static void
test_failure_rolls_back (MsTbFixture *f, gconstpointer data)
{
  g_autoptr(MsAccount) account = ms_tb_test_account ("alice@example.test", "mail.example.test");
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = ms_tb_test_listing (f->profile);
  g_autofree char *after = NULL;
  g_autofree char *prefs = NULL;

  /* logins.json and key4.db are renamed first; prefs.js fails. */
  ms_file_set_inject_failure (3);
  g_assert_null (ms_tb_test_write (account, NULL, NULL, &error));
  ms_file_set_inject_failure (0);
  g_assert_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "Nothing was changed"));
  after = ms_tb_test_listing (f->profile);
  g_assert_cmpstr (after, ==, listing);
  prefs = ms_tb_test_read (f->profile, "prefs.js");
  g_assert_cmpstr (prefs, ==, (const char *) data);
}

/* On a fresh machine a failure leaves no profile and no folder behind,
 * so that Thunderbird's first start is the one it would have been. */
static void
test_failure_fresh_machine (MsTbFixture *f, gconstpointer data)
{
  g_autoptr(MsAccount) account = ms_tb_test_account ("alice@example.test", "mail.example.test");
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_build_filename (f->home, ".thunderbird", NULL);

  for (guint n = 1; n <= 6; n++)
    {
      ms_file_set_inject_failure (n);
      g_assert_null (ms_tb_test_write (account, NULL, NULL, &error));
      g_assert_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_IO);
      g_clear_error (&error);
      g_assert_false (g_file_test (root, G_FILE_TEST_EXISTS));
    }
  ms_file_set_inject_failure (0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, data, fn) g_test_add (path, MsTbFixture, data, ms_tb_test_setup, fn, ms_tb_test_teardown)
  ADD ("/thunderbird/write/fresh-machine", NULL, test_fresh_machine);
  ADD ("/thunderbird/write/rerun-same-file", EXISTING, test_rerun);
  ADD ("/thunderbird/write/oauth2", NULL, test_oauth2);
  ADD ("/thunderbird/write/choose-profile", NULL, test_choose_profile);
  ADD ("/thunderbird/write/locked-by-mail-setup", EXISTING, test_locked_by_mail_setup);
  ADD ("/thunderbird/write/list-profiles-async", EXISTING, test_list_async);
  ADD ("/thunderbird/write/corrupt-untouched", CORRUPT, test_corrupt_untouched);
  ADD ("/thunderbird/write/locked-refused", EXISTING, test_locked);
  ADD ("/thunderbird/write/dry-run", EXISTING, test_dry_run);
  ADD ("/thunderbird/write/dry-run-fresh-machine", NULL, test_dry_run_fresh_machine);
  ADD ("/thunderbird/write/failure-rolls-back", EXISTING, test_failure_rolls_back);
  ADD ("/thunderbird/write/failure-fresh-machine", NULL, test_failure_fresh_machine);
  ADD ("/thunderbird/client/interface", NULL, test_interface);
  ADD ("/thunderbird/client/interface-with-profile", EXISTING, test_interface);
#undef ADD
  {
    int status = g_test_run ();
    ms_tb_test_home_cleanup ();
    return status;
  }
}
