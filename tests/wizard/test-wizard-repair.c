/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Check My Existing Account" from the wizard's first page, against the
 * real servers of tests/servers: a Thunderbird account with the username
 * without the domain and SMTP on 25, an Evolution account with the
 * username without the domain too and STARTTLS set on a port that speaks
 * TLS at once (a port the rules do not know: the check finds it).  The dialog lists each problem with its
 * fix, shows the diff, refuses while Thunderbird holds the profile, then
 * repairs both in place (same keys, same UIDs, no account added).
 * Pictures of each state in the test's language. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ms-repair-dialog.h"
#include "ms-test-keys.h"
#include "ms-test-ui.h"

typedef MsTestWizard Fixture;

static guint base;

static char *
profile_dir (void)
{
  return g_build_filename (g_get_home_dir (), ".thunderbird", "broken.default", NULL);
}

static char *
evolution_source (void)
{
  return g_build_filename (g_get_user_config_dir (), "evolution", "sources", "evo-acc.source", NULL);
}

static void
write_file (const char *path, const char *text)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* The accounts as customers' machines hold them. */
static void
write_accounts (void)
{
  const char *user = g_getenv ("MS_TEST_USER");
  g_autofree char *local = g_strndup (user, strcspn (user, "@"));
  g_autofree char *dir = profile_dir ();
  g_autofree char *ini = g_build_filename (g_get_home_dir (), ".thunderbird", "profiles.ini", NULL);
  g_autofree char *prefs_path = g_build_filename (dir, "prefs.js", NULL);
  g_autofree char *sources = g_build_filename (g_get_user_config_dir (), "evolution", "sources", NULL);
  g_autofree char *account = evolution_source ();
  g_autofree char *identity = g_build_filename (sources, "evo-id.source", NULL);
  g_autofree char *transport = g_build_filename (sources, "evo-tr.source", NULL);
  g_autofree char *prefs = g_strdup_printf (
    "user_pref(\"mail.accountmanager.accounts\", \"account1,account2\");\n"
    "user_pref(\"mail.account.account1.server\", \"server1\");\n"
    "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
    "user_pref(\"mail.server.server1.type\", \"imap\");\n"
    "user_pref(\"mail.server.server1.hostname\", \"127.0.0.1\");\n"
    "user_pref(\"mail.server.server1.port\", %u);\n"
    "user_pref(\"mail.server.server1.socketType\", 3);\n"
    "user_pref(\"mail.server.server1.userName\", \"%s\");\n"
    "user_pref(\"mail.identity.id1.useremail\", \"%s\");\n"
    "user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n"
    "user_pref(\"mail.smtpservers\", \"smtp1\");\n"
    "user_pref(\"mail.smtpserver.smtp1.hostname\", \"127.0.0.1\");\n"
    "user_pref(\"mail.smtpserver.smtp1.port\", 25);\n"
    "user_pref(\"mail.smtpserver.smtp1.try_ssl\", 2);\n"
    "user_pref(\"mail.smtpserver.smtp1.username\", \"%s\");\n"
    "user_pref(\"mail.account.account2.server\", \"server2\");\n"
    "user_pref(\"mail.server.server2.type\", \"none\");\n"
    "user_pref(\"mail.server.server2.hostname\", \"Local Folders\");\n", base + 2, local, user, user);
  g_autofree char *evo = g_strdup_printf (
    "[Data Source]\nDisplayName=%s\nEnabled=true\nParent=\n\n[Mail Account]\nBackendName=imapx\nIdentityUid=evo-id\n\n"
    "[Authentication]\nHost=127.0.0.1\nMethod=none\nPort=%u\nUser=%s\n\n[Security]\nMethod=starttls-on-standard-port\n",
    user, base + 2, local);
  g_autofree char *evo_identity = g_strdup_printf (
    "[Data Source]\nDisplayName=%s\nParent=evo-acc\n\n[Mail Identity]\nAddress=%s\n\n"
    "[Mail Submission]\nTransportUid=evo-tr\n", user, user);
  g_autofree char *evo_transport = g_strdup_printf (
    "[Data Source]\nDisplayName=%s\nParent=evo-acc\n\n[Mail Transport]\nBackendName=smtp\n\n"
    "[Authentication]\nHost=127.0.0.1\nMethod=PLAIN\nPort=%u\nUser=%s\n\n[Security]\nMethod=ssl-on-alternate-port\n",
    user, base + 7, user);

  write_file (ini, "[Profile0]\nName=default\nIsRelative=1\nPath=broken.default\nDefault=1\n\n"
                   "[General]\nStartWithLastProfile=1\nVersion=2\n");
  write_file (prefs_path, prefs);
  write_file (account, evo);
  write_file (identity, evo_identity);
  write_file (transport, evo_transport);
}

static void
set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *pins = g_build_filename (g_get_user_data_dir (), "pins.ini", NULL);
  MsProviderStore *store = ms_provider_store_new ();

  g_setenv ("MAIL_SETUP_PIN_STORE", pins, TRUE);
  /* The test authority, as a provider's would be trusted by the system. */
  g_setenv ("MAIL_SETUP_CA_FILE", g_getenv ("MS_TEST_CA"), TRUE);
  ms_test_write_profile (base);
  write_accounts ();
  ms_provider_store_load_sync (store, NULL);
  ms_test_wizard_open (f, store, ms_account_new (ms_provider_store_lookup (store, "test")), TRUE);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  ms_test_wizard_close (f);
}

static gboolean
showing (gpointer data)
{
  void **args = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (ms_test_find (args[0], "stack"))), args[1]) == 0 &&
         !ms_repair_dialog_is_busy (args[0]);
}

static void
wait_for (GtkWidget *dialog, const char *page)
{
  void *args[] = { dialog, (void *) page };

  ms_test_wait (showing, args);
}

static char *
read_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
test_check_and_repair (Fixture *f, gconstpointer data)
{
  const char *user = g_getenv ("MS_TEST_USER");
  g_autofree char *dir = profile_dir ();
  g_autofree char *prefs_path = g_build_filename (dir, "prefs.js", NULL);
  g_autofree char *lock = g_build_filename (dir, "lock", NULL);
  g_autofree char *holder = g_strdup_printf ("127.0.0.1:+%d", (int) getpid ());
  g_autofree char *evo_path = evolution_source ();
  g_autofree char *before = read_text (prefs_path);
  g_autofree char *all = NULL, *diff = NULL, *outcome = NULL, *prefs = NULL, *evo = NULL, *user_pref = NULL;
  g_autofree char *retried = NULL;
  g_autofree char *evo_user = g_strdup_printf ("+User=%s\n", user);
  GtkWidget *dialog;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  ms_test_click (f->win, "check_existing_button");
  ms_test_wait (ms_test_dialog_shown, (gpointer) "repair-dialog");
  dialog = ms_test_find_dialog ("repair-dialog");
  ms_test_type (dialog, "address_entry", user);
  /* The dialog is what the keyboard reaches, and no two of its
   * mnemonics share a letter. */
  g_assert_true (ms_test_key_target (f->win) == GTK_WINDOW (dialog));
  ms_test_assert_mnemonics (f->win);
  ms_test_screenshot (dialog, "repair-ask");
  ms_test_click (dialog, "check_button");
  wait_for (dialog, "results");

  /* Each mistake, in the guide's words, with its fix. */
  all = ms_test_texts (dialog);
  g_assert_nonnull (strstr (all, ms_test_tr ("Thunderbird, profile “default”", "Thunderbird, profil «\u00a0default\u00a0»")));
  g_assert_nonnull (strstr (all, ms_test_tr ("as the username.", "comme nom d’utilisateur.")));
  g_assert_nonnull (strstr (all, ms_test_tr ("port 25", "port 25")));
  g_assert_nonnull (strstr (all, "Evolution"));
  /* STARTTLS on a port that speaks TLS at once, found by trying the other mode. */
  g_assert_nonnull (strstr (all, ms_test_tr ("but the server speaks SSL/TLS on it", "mais le serveur y parle SSL/TLS")));
  g_assert_nonnull (strstr (all, ms_test_tr ("Checked now:", "Vérifié à l’instant")));
  g_assert_true (gtk_widget_get_visible (ms_test_find (dialog, "repair_button")));
  /* The diff a dry run of the repair makes: shown, nothing written. */
  gtk_expander_set_expanded (GTK_EXPANDER (ms_test_find (dialog, "diff_expander")), TRUE);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (ms_test_find (dialog, "diff_view")));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  diff = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  user_pref = g_strdup_printf ("+user_pref(\"mail.server.server1.userName\", \"%s\");", user);
  g_assert_nonnull (strstr (diff, user_pref));
  g_assert_nonnull (strstr (diff, evo_user));
  g_assert_nonnull (strstr (diff, "+Method=ssl-on-alternate-port"));
  g_assert_cmpstr (read_text (prefs_path), ==, before);
  ms_snapshot_settle ();
  ms_test_assert_mnemonics (f->win);
  ms_test_screenshot (dialog, "repair-results");

  /* Thunderbird "running" on the profile: refused, with what to do. */
  g_assert_cmpint (symlink (holder, lock), ==, 0);
  ms_test_click (dialog, "repair_button");
  wait_for (dialog, "results");
  outcome = g_strdup (gtk_label_get_text (GTK_LABEL (ms_test_find (dialog, "outcome_label"))));
  g_assert_nonnull (strstr (outcome, ms_test_tr ("Close Thunderbird", "Fermez Thunderbird")));
  g_assert_cmpstr (read_text (prefs_path), ==, before);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (ms_test_find (dialog, "repair_button"))), ==,
                   ms_test_tr ("_Try Again", "_Réessayer"));
  ms_test_screenshot (dialog, "repair-locked");

  /* Closed: Try Again repairs it in place. */
  g_assert_cmpint (g_unlink (lock), ==, 0);
  ms_test_click (dialog, "repair_button");
  wait_for (dialog, "results");
  retried = g_strdup (gtk_label_get_text (GTK_LABEL (ms_test_find (dialog, "outcome_label"))));
  g_assert_null (strstr (retried, "✗"));
  prefs = read_text (prefs_path);
  g_assert_nonnull (strstr (prefs, user_pref + 1));
  g_assert_nonnull (strstr (prefs, "\"mail.smtpserver.smtp1.port\", 465"));
  g_assert_nonnull (strstr (prefs, "\"mail.smtpserver.smtp1.try_ssl\", 3"));
  g_assert_nonnull (strstr (prefs, "\"mail.accountmanager.accounts\", \"account1,account2\""));
  evo = read_text (evo_path);
  g_assert_nonnull (strstr (evo, evo_user + 1));
  g_assert_nonnull (strstr (evo, "Method=ssl-on-alternate-port"));
  g_assert_nonnull (strstr (evo, "IdentityUid=evo-id"));
  ms_test_screenshot (dialog, "repair-done");
  gtk_widget_destroy (dialog);
}

/* Closing the window while it checks leaves nothing running behind. */
static void
test_closed_while_checking (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = profile_dir ();
  g_autofree char *prefs_path = g_build_filename (dir, "prefs.js", NULL);
  g_autofree char *before = read_text (prefs_path);
  GtkWidget *dialog;

  ms_test_click (f->win, "check_existing_button");
  ms_test_wait (ms_test_dialog_shown, (gpointer) "repair-dialog");
  dialog = ms_test_find_dialog ("repair-dialog");
  ms_test_click (dialog, "check_button");
  g_assert_true (ms_repair_dialog_is_busy (MS_REPAIR_DIALOG (dialog)));
  gtk_widget_destroy (dialog);
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_visible (f->win));
  g_assert_cmpstr (read_text (prefs_path), ==, before);
}

int
main (int argc, char **argv)
{
  ms_test_ui_init (&argc, &argv);
  if (g_getenv ("MS_TEST_BASE_PORT") == NULL)
    {
      g_print ("1..0 # SKIP needs tests/servers/run-with-servers.sh\n");
      return 77;
    }
  base = (guint) g_ascii_strtoull (g_getenv ("MS_TEST_BASE_PORT"), NULL, 10);
  g_test_add ("/wizard/repair/check-and-repair", Fixture, NULL, set_up, test_check_and_repair, tear_down);
  g_test_add ("/wizard/repair/closed-while-checking", Fixture, NULL, set_up, test_closed_while_checking, tear_down);
  return g_test_run ();
}
