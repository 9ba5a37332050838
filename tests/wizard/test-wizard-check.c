/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The wizard's check step and certificate page against the real Dovecot
 * and Postfix of tests/servers, driven as a user would. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "ms-test-ui.h"
#include "pages/ms-apply-page.h"
#include "pages/ms-certificates-page.h"
#include "pages/ms-done-page.h"
#include "pages/ms-incoming-page.h"
#include "pages/ms-outgoing-page.h"
#include "pages/ms-summary-page.h"

typedef MsTestWizard Fixture;

static guint base_port;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *pins = g_build_filename (g_get_user_data_dir (), "pins.ini", NULL);

  /* Each test starts with no accepted certificate. */
  g_unlink (pins);
  g_setenv ("MAIL_SETUP_PIN_STORE", pins, TRUE);
  ms_test_write_profile (base_port);
  MsProviderStore *store = ms_provider_store_new ();

  ms_provider_store_load_sync (store, NULL);
  g_assert_nonnull (ms_provider_store_lookup (store, "test"));
  ms_test_wizard_open (f, store, ms_account_new (ms_provider_store_lookup (store, "test")), TRUE);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  ms_test_wizard_close (f);
}

static gboolean
not_applying (gpointer data)
{
  Fixture *f = data;
  return !ms_page_get_applying (ms_assistant_get_current (f->assistant));
}

/* Continue, then wait for the page's check to end, as a user waits for
 * the spinner to stop. */
static void
press_continue (Fixture *f)
{
  GtkWidget *forward = ms_assistant_get_forward_button (f->assistant);

  ms_snapshot_settle ();
  g_assert_true (gtk_widget_is_sensitive (forward));
  gtk_button_clicked (GTK_BUTTON (forward));
  ms_test_wait (not_applying, f);
  ms_snapshot_settle ();
}

static void
to_incoming (Fixture *f, const char *password)
{
  press_continue (f);   /* provider */
  ms_test_type (f->win, "name_entry", "Alice");
  ms_test_type (f->win, "address_entry", g_getenv ("MS_TEST_USER"));
  ms_test_type (f->win, "password_entry", password);
  press_continue (f);   /* account */
  ms_test_expect_page (f, MS_TYPE_INCOMING_PAGE);
}

static GtkWidget *
current (Fixture *f)
{
  return GTK_WIDGET (ms_assistant_get_current (f->assistant));
}

static gboolean
keyring_answered (gpointer data)
{
  Fixture *f = data;
  return ms_test_visible (current (f), "keyring_box");
}

static gboolean
test_finished (gpointer data)
{
  Fixture *f = data;
  return gtk_widget_is_sensitive (ms_test_find (current (f), "test_button")) &&
         ms_test_visible (current (f), "sent_label") &&
         (g_str_has_prefix (ms_test_label (current (f), "sent_label"), "✗") ||
          g_str_has_prefix (ms_test_label (current (f), "received_label"), "✓") ||
          g_str_has_prefix (ms_test_label (current (f), "received_label"), "✗"));
}

static MsVerdict *
verdict (Fixture *f, MsRole role)
{
  MsVerdict *v = ms_setup_session_get_verdict (f->session, role);

  g_assert_nonnull (v);
  return v;
}

/* The command line on the same servers, in the same language, writing
 * nothing (a dry run in a home of its own): its JSON and exit code. */
static JsonObject *
cli_apply (Fixture *f, const char *password, int *exit_code, ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("ms-parity-XXXXXX", NULL);
  g_autofree char *pins = g_build_filename (home, "pins.ini", NULL);
  g_autofree char *input = g_strdup_printf ("%s\n", password);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) argv = NULL;
  const char *arg;
  va_list args;

  g_strv_builder_add_many (builder, g_getenv ("MS_TEST_APP"), "--apply", "--json", "--dry-run", "--name", "Alice",
                           "--address", g_getenv ("MS_TEST_USER"), "--password-stdin", "--no-remember-password",
                           "--clients", "thunderbird", "--timeout", "4", "--provider", "test", NULL);
  va_start (args, exit_code);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_strv_builder_add (builder, arg);
  va_end (args);
  argv = g_strv_builder_end (builder);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "MAIL_SETUP_PIN_STORE", pins, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  /* A crash must say which signal, and what the program printed. */
  if (!g_subprocess_get_if_exited (process))
    g_error ("mail-setup --apply died from signal %d; its standard error:\n%s", g_subprocess_get_term_sig (process),
             err ? err : "");
  *exit_code = g_subprocess_get_exit_status (process);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  {
    const char *rm[] = { "rm", "-rf", home, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
cli_server (JsonObject *cli, guint index)
{
  JsonObject *check = json_object_get_object_member (cli, "check");

  g_assert_nonnull (check);
  return json_array_get_object_element (json_object_get_array_member (check, "servers"), index);
}

/* The wizard's verdict and the command line's, word for word. */
static void
assert_same_verdict (MsVerdict *v, JsonObject *server)
{
  g_assert_cmpstr (ms_verdict_kind_to_string (v->kind), ==, json_object_get_string_member (server, "verdict"));
  g_assert_cmpstr (v->headline, ==, json_object_get_string_member (server, "headline"));
  g_assert_cmpstr (v->advice, ==, json_object_get_string_member_with_default (server, "advice", NULL));
  g_assert_cmpstr (ms_fix_kind_to_string (v->fix), ==,
                   json_object_get_string_member (json_object_get_object_member (server, "fix"), "kind"));
  g_assert_cmpuint (v->endpoint->port, ==,
                    json_object_get_int_member (json_object_get_object_member (server, "endpoint"), "port"));
}

static char *
spec (MsServer *server)
{
  return g_strdup_printf ("%s:%s:%u:%s:%s", ms_protocol_to_string (ms_server_get_protocol (server)),
                          ms_server_get_hostname (server), ms_server_get_port (server),
                          ms_security_to_string (ms_server_get_security (server)),
                          ms_server_get_certificate_name (server));
}

static gboolean
label_shown (GtkWidget *root, const char *text)
{
  g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (root));

  for (GList *l = children; l; l = l->next)
    if (GTK_IS_LABEL (l->data) && g_str_equal (gtk_label_get_text (l->data), text))
      return TRUE;
  return FALSE;
}

static void
test_good_servers (Fixture *f, gconstpointer data)
{
  g_autofree char *summary = NULL;
  GtkWidget *page;

  to_incoming (f, g_getenv ("MS_TEST_PASSWORD"));
  press_continue (f);
  ms_test_expect_page (f, MS_TYPE_OUTGOING_PAGE);
  g_assert_cmpint (verdict (f, MS_ROLE_INCOMING)->kind, ==, MS_VERDICT_PASSED);
  g_assert_true (verdict (f, MS_ROLE_INCOMING)->login_tested);

  press_continue (f);
  ms_test_expect_page (f, MS_TYPE_CERTIFICATES_PAGE);
  page = current (f);
  /* Both servers show the same certificate: one section says it once. */
  g_assert_true (g_str_has_prefix (ms_test_label (page, "verdict_label"), "✓"));
  g_assert_false (ms_test_visible (page, "accept_check"));
  ms_test_screenshot (f->win, "check-certificates-trusted");
  press_continue (f);
  ms_test_expect_page (f, MS_TYPE_SUMMARY_PAGE);

  /* The summary tells what the check found. */
  summary = ms_verdict_short (verdict (f, MS_ROLE_INCOMING));
  g_assert_true (label_shown (ms_test_find (current (f), "summary_grid"), summary));

  /* Write the programs (no keyring in this session: go on without), then
   * the guide's advice: a message to yourself, through the real servers. */
  press_continue (f);
  ms_test_expect_page (f, MS_TYPE_APPLY_PAGE);
  ms_test_wait (keyring_answered, f);
  ms_test_click (current (f), "no_keyring_check");
  press_continue (f);
  ms_test_wait_for_page (f, MS_TYPE_DONE_PAGE);
  ms_test_click (current (f), "test_button");
  ms_test_wait (test_finished, f);
  ms_test_screenshot (f->win, "check-done-test-message");
  g_assert_true (g_str_has_prefix (ms_test_label (current (f), "sent_label"), "✓"));
  g_assert_true (g_str_has_prefix (ms_test_label (current (f), "received_label"), "✓"));
}

static void
test_wrong_password (Fixture *f, gconstpointer data)
{
  GtkWidget *page;
  int code;

  to_incoming (f, "not the password");
  page = current (f);
  ms_test_type (page, "username_entry", "alice");
  press_continue (f);

  /* Still on the page, with the reason and the one-click fix. */
  ms_test_expect_page (f, MS_TYPE_INCOMING_PAGE);
  g_assert_true (ms_test_visible (page, "check_result"));
  g_assert_true (ms_test_visible (page, "check_fix_button"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (ms_assistant_get_forward_button (f->assistant))), ==,
                   ms_test_tr ("Continue An_yway", "Continuer _quand même"));
  ms_test_screenshot (f->win, "check-wrong-password");
  {
    g_autofree char *in = spec (ms_account_get_incoming (f->account));
    g_autofree char *out = spec (ms_account_get_outgoing (f->account));
    g_autoptr(JsonObject) cli = cli_apply (f, "not the password", &code, "--incoming", in, "--outgoing", out,
                                           "--username", "alice", "--ca-file", g_getenv ("MS_TEST_CA"), NULL);

    /* The command line says the same, word for word, and exits 4. */
    g_assert_cmpint (code, ==, 4);
    assert_same_verdict (ms_setup_session_get_verdict (f->session, MS_ROLE_INCOMING), cli_server (cli, 0));
  }
  ms_test_click (page, "check_fix_button");
  g_assert_cmpstr (ms_server_get_username (ms_account_get_incoming (f->account)), ==, g_getenv ("MS_TEST_USER"));
  /* The edit made the verdict stale: Continue checks again. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (ms_assistant_get_forward_button (f->assistant))), ==,
                   ms_test_tr ("C_ontinue", "_Continuer"));
}

static void
test_wrong_name_refused (Fixture *f, gconstpointer data)
{
  GtkWidget *page;
  int code;

  to_incoming (f, g_getenv ("MS_TEST_PASSWORD"));
  /* Dovecot presents its wrong-name certificate on 127.0.0.2. */
  ms_test_type (current (f), "host_entry", "127.0.0.2");
  press_continue (f);
  ms_test_expect_page (f, MS_TYPE_OUTGOING_PAGE);
  press_continue (f);
  ms_test_expect_page (f, MS_TYPE_CERTIFICATES_PAGE);
  page = current (f);

  g_assert_nonnull (strstr (ms_test_label (page, "advice_label"), ms_test_tr ("Do not connect", "Ne vous connectez pas")));
  g_assert_nonnull (strstr (ms_test_label (page, "verdict_label"), "wrong.example.org"));
  g_assert_nonnull (strstr (ms_test_label (page, "verdict_label"), "localhost"));
  /* No way to accept it, and no way forward; the report for the provider. */
  g_assert_true (ms_test_visible (page, "details_expander"));
  g_assert_false (ms_test_visible (page, "accept_check"));
  g_assert_true (ms_test_visible (page, "report_button"));
  g_assert_false (gtk_widget_is_sensitive (ms_assistant_get_forward_button (f->assistant)));
  ms_test_screenshot (f->win, "check-certificate-wrong-name");
  {
    g_autofree char *in = spec (ms_account_get_incoming (f->account));
    g_autofree char *out = spec (ms_account_get_outgoing (f->account));
    g_autoptr(JsonObject) cli = cli_apply (f, g_getenv ("MS_TEST_PASSWORD"), &code, "--incoming", in,
                                           "--outgoing", out, "--ca-file", g_getenv ("MS_TEST_CA"), NULL);

    g_assert_cmpint (code, ==, 5);
    assert_same_verdict (ms_setup_session_get_verdict (f->session, MS_ROLE_INCOMING), cli_server (cli, 0));
  }
}

static void
test_self_signed_exception (Fixture *f, gconstpointer data)
{
  g_autoptr(GKeyFile) pins = g_key_file_new ();
  g_autofree char *pins_text = NULL;
  GtkWidget *page;
  MsVerdict *v;
  g_autofree char *in_spec = NULL, *out_spec = NULL, *sha = NULL;
  int code;

  /* Without the test CA, the good certificate is a private-CA one:
   * the right name, but nothing on this computer vouches for it. */
  ms_setup_session_set_ca_file (f->session, NULL);
  in_spec = spec (ms_account_get_incoming (f->account));
  out_spec = spec (ms_account_get_outgoing (f->account));
  to_incoming (f, g_getenv ("MS_TEST_PASSWORD"));
  press_continue (f);
  ms_test_expect_page (f, MS_TYPE_OUTGOING_PAGE);
  /* The password was not sent to an unverified server. */
  g_assert_cmpint (verdict (f, MS_ROLE_INCOMING)->kind, ==, MS_VERDICT_NEEDS_APPROVAL);
  g_assert_false (verdict (f, MS_ROLE_INCOMING)->result->login_attempted);
  press_continue (f);
  ms_test_expect_page (f, MS_TYPE_CERTIFICATES_PAGE);
  page = current (f);

  /* The command line, given no authority either, needs the approval too. */
  {
    g_autoptr(JsonObject) cli = cli_apply (f, g_getenv ("MS_TEST_PASSWORD"), &code, "--incoming", in_spec,
                                           "--outgoing", out_spec, NULL);

    g_assert_cmpint (code, ==, 5);
    assert_same_verdict (verdict (f, MS_ROLE_INCOMING), cli_server (cli, 0));
    assert_same_verdict (verdict (f, MS_ROLE_OUTGOING), cli_server (cli, 1));
    sha = g_strdup (((MsCertInfo *) verdict (f, MS_ROLE_INCOMING)->result->certificate->chain->pdata[0])->sha256);
  }
  /* One certificate on both servers: one box to tick. */
  g_assert_true (ms_test_visible (page, "accept_check"));
  g_assert_false (gtk_widget_is_sensitive (ms_assistant_get_forward_button (f->assistant)));
  ms_test_click (page, "accept_check");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (ms_assistant_get_forward_button (f->assistant))), ==,
                   ms_test_tr ("Confirm Security _Exception", "Confirmer l’_exception de sécurité"));
  gtk_expander_set_expanded (GTK_EXPANDER (ms_test_find (page, "details_expander")), TRUE);
  ms_test_screenshot (f->win, "check-certificate-exception");
  press_continue (f);
  ms_test_expect_page (f, MS_TYPE_SUMMARY_PAGE);

  /* Pinned for that host and port, and the login then went through. */
  v = verdict (f, MS_ROLE_INCOMING);
  g_assert_true (v->result->certificate->pinned);
  g_assert_true (v->login_tested);
  g_assert_true (verdict (f, MS_ROLE_OUTGOING)->login_tested);
  /* The command line, with the same certificate accepted by fingerprint. */
  {
    g_autofree char *pin_in = g_strdup_printf ("127.0.0.1:%u=%s", base_port + 2, sha);
    g_autofree char *pin_out = g_strdup_printf ("127.0.0.1:%u=%s", base_port + 7, sha);
    g_autoptr(JsonObject) cli = cli_apply (f, g_getenv ("MS_TEST_PASSWORD"), &code, "--incoming", in_spec,
                                           "--outgoing", out_spec, "--accept-fingerprint", pin_in,
                                           "--accept-fingerprint", pin_out, NULL);

    g_assert_cmpint (code, ==, 0);
    assert_same_verdict (verdict (f, MS_ROLE_INCOMING), cli_server (cli, 0));
    assert_same_verdict (verdict (f, MS_ROLE_OUTGOING), cli_server (cli, 1));
  }
  g_assert_true (g_key_file_load_from_file (pins, g_getenv ("MAIL_SETUP_PIN_STORE"), 0, NULL));
  pins_text = g_key_file_to_data (pins, NULL, NULL);
  g_assert_nonnull (strstr (pins_text, "127.0.0.1"));
}

static gboolean
clipboard_has_text (gpointer data)
{
  return gtk_clipboard_wait_is_text_available (gtk_clipboard_get (GDK_SELECTION_CLIPBOARD));
}

/* Going on after a failure takes a confirmation, and the helpdesk report
 * then carries the reason, never the password. */
static void
test_continue_anyway_and_report (Fixture *f, gconstpointer data)
{
  const char *password = "n0t-the-Password";
  MsVerdict *failed;
  int code;
  g_autofree char *report = NULL;
  GtkWidget *dialog;

  to_incoming (f, password);
  press_continue (f);
  ms_test_expect_page (f, MS_TYPE_INCOMING_PAGE);
  failed = verdict (f, MS_ROLE_INCOMING);
  g_assert_error (failed->error, MS_NET_ERROR, MS_NET_ERROR_AUTH_FAILED);
  g_assert_cmpint (failed->fix, ==, MS_FIX_RETYPE_PASSWORD);
  {
    g_autofree char *in = spec (ms_account_get_incoming (f->account));
    g_autofree char *out = spec (ms_account_get_outgoing (f->account));
    g_autoptr(JsonObject) cli = cli_apply (f, password, &code, "--incoming", in, "--outgoing", out,
                                           "--ca-file", g_getenv ("MS_TEST_CA"), NULL);

    g_assert_cmpint (code, ==, 4);
    assert_same_verdict (failed, cli_server (cli, 0));
  }

  gtk_button_clicked (GTK_BUTTON (ms_assistant_get_forward_button (f->assistant)));
  ms_test_wait (ms_test_dialog_shown, "check_anyway_dialog");
  dialog = ms_test_find_dialog ("check_anyway_dialog");
  ms_test_screenshot (dialog, "check-continue-anyway");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  ms_test_wait_for_page (f, MS_TYPE_OUTGOING_PAGE);

  press_continue (f);   /* the outgoing check fails too: same password */
  gtk_button_clicked (GTK_BUTTON (ms_assistant_get_forward_button (f->assistant)));
  ms_test_wait (ms_test_dialog_shown, "check_anyway_dialog");
  gtk_dialog_response (GTK_DIALOG (ms_test_find_dialog ("check_anyway_dialog")), GTK_RESPONSE_ACCEPT);
  ms_test_wait_for_page (f, MS_TYPE_CERTIFICATES_PAGE);
  press_continue (f);   /* certificates: trusted */
  ms_test_expect_page (f, MS_TYPE_SUMMARY_PAGE);

  gtk_clipboard_clear (gtk_clipboard_get (GDK_SELECTION_CLIPBOARD));
  ms_test_click (current (f), "copy_report_button");
  ms_test_wait (clipboard_has_text, NULL);
  report = gtk_clipboard_wait_for_text (gtk_clipboard_get (GDK_SELECTION_CLIPBOARD));
  g_assert_nonnull (strstr (report, verdict (f, MS_ROLE_INCOMING)->headline));
  g_assert_nonnull (strstr (report, "SHA-256"));
  g_assert_null (strstr (report, password));
}

static gboolean
outgoing_check_done (gpointer data)
{
  Fixture *f = data;
  return !ms_page_get_applying (ms_assistant_get_current (f->assistant));
}

/* Port 25 blocked, 465 and 587 open: the guide's explanation, and 465
 * selected.  Runs in a private network namespace (test-port25.sh), where
 * the real SMTP ports are ours: 465 and 587 lead to the harness Postfix,
 * nothing listens on 25. */
static void
set_security_combo (GtkWidget *page, const char *id)
{
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (ms_test_find (page, "security_combo")), id);
  ms_snapshot_settle ();
}

static guint
count_in (GtkWidget *box, const char *needle)
{
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (box));
  guint n = 0;

  for (GList *l = rows; l; l = l->next)
    if (gtk_widget_get_visible (l->data) &&
        strstr (gtk_label_get_text (g_object_get_data (l->data, "ms-label")), needle))
      n++;
  return n;
}

static guint
rows_naming (GtkWidget *page, const char *needle)
{
  return count_in (ms_test_find (page, "check_rows"), needle) + count_in (ms_test_find (page, "other_rows"), needle);
}

static void
test_port25_blocked (Fixture *f, gconstpointer data)
{
  MsServer *out = ms_account_get_outgoing (f->account);
  GtkWidget *page;
  int code;

  to_incoming (f, g_getenv ("MS_TEST_PASSWORD"));
  press_continue (f);
  ms_test_expect_page (f, MS_TYPE_OUTGOING_PAGE);
  page = current (f);
  ms_test_type (page, "port_entry", "25");
  set_security_combo (page, "STARTTLS");
  g_assert_cmpuint (ms_server_get_port (out), ==, 25);

  gtk_button_clicked (GTK_BUTTON (ms_assistant_get_forward_button (f->assistant)));
  ms_test_wait (outgoing_check_done, f);
  ms_snapshot_settle ();
  ms_test_expect_page (f, MS_TYPE_OUTGOING_PAGE);
  /* The explanation, and 465 SSL/TLS now selected and checked. */
  g_assert_true (ms_test_visible (page, "check_change"));
  g_assert_nonnull (strstr (ms_test_label (page, "check_change"), "25"));
  g_assert_nonnull (strstr (ms_test_label (page, "check_change"), "465"));
  g_assert_cmpuint (ms_server_get_port (out), ==, 465);
  g_assert_cmpint (ms_server_get_security (out), ==, MS_SECURITY_SSL);
  g_assert_cmpint (verdict (f, MS_ROLE_OUTGOING)->kind, ==, MS_VERDICT_PASSED);
  g_assert_cmpuint (verdict (f, MS_ROLE_OUTGOING)->asked->port, ==, 25);
  ms_test_screenshot (f->win, "check-port25-blocked");
  /* 465 is now the account's own door: listed once, not also among the others. */
  g_assert_cmpuint (rows_naming (page, ", port 465, "), ==, 1);

  /* The command line, given port 25, does the same: 465, for the same
   * reason; told to keep the servers, it stops with that advice. */
  {
    g_autofree char *in = spec (ms_account_get_incoming (f->account));
    g_autoptr(JsonObject) cli = cli_apply (f, g_getenv ("MS_TEST_PASSWORD"), &code, "--incoming", in,
                                           "--outgoing", "smtp:127.0.0.1:25:STARTTLS:localhost",
                                           "--ca-file", g_getenv ("MS_TEST_CA"), NULL);
    g_autoptr(JsonObject) kept = NULL;
    JsonObject *change;
    int kept_code;

    g_assert_cmpint (code, ==, 0);
    assert_same_verdict (verdict (f, MS_ROLE_OUTGOING), cli_server (cli, 1));
    change = json_array_get_object_element (json_object_get_array_member (cli, "changes"), 0);
    g_assert_nonnull (change);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (change, "asked"), "port"), ==, 25);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (change, "used"), "port"), ==, 465);
    g_assert_cmpstr (json_object_get_string_member (change, "why"), ==, verdict (f, MS_ROLE_OUTGOING)->change_reason);

    kept = cli_apply (f, g_getenv ("MS_TEST_PASSWORD"), &kept_code, "--incoming", in,
                      "--outgoing", "smtp:127.0.0.1:25:STARTTLS:localhost", "--keep-servers",
                      "--ca-file", g_getenv ("MS_TEST_CA"), NULL);
    g_assert_cmpint (kept_code, ==, 3);
    g_assert_cmpstr (json_object_get_string_member (cli_server (kept, 1), "advice"), ==,
                     verdict (f, MS_ROLE_OUTGOING)->change_reason);
  }

  /* The new server was checked with the login already: Continue goes on. */
  press_continue (f);
  ms_test_expect_page (f, MS_TYPE_CERTIFICATES_PAGE);
}

static gboolean
rows_shown (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (ms_test_find (current (f), "check_rows")));
  return rows != NULL;
}

static guint
spinners_in (GtkWidget *widget)
{
  guint n = 0;

  if (GTK_IS_SPINNER (widget) && gtk_widget_get_mapped (widget))
    {
      gboolean active;

      g_object_get (widget, "active", &active, NULL);
      n += active;
    }
  if (GTK_IS_CONTAINER (widget))
    {
      g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (widget));

      for (GList *l = children; l; l = l->next)
        n += spinners_in (l->data);
    }
  return n;
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) silent = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, base_port + 20);
  gint64 start;

  /* A server that accepts the connection and never says a word. */
  g_assert_true (g_socket_bind (silent, addr, TRUE, NULL));
  g_assert_true (g_socket_listen (silent, NULL));

  to_incoming (f, g_getenv ("MS_TEST_PASSWORD"));
  ms_test_type (current (f), "port_entry", "");
  {
    g_autofree char *port = g_strdup_printf ("%u", base_port + 20);
    ms_test_type (current (f), "port_entry", port);
  }
  gtk_button_clicked (GTK_BUTTON (ms_assistant_get_forward_button (f->assistant)));
  g_assert_true (ms_page_get_applying (ms_assistant_get_current (f->assistant)));
  g_assert_true (ms_test_visible (f->win, "cancel_button"));
  g_assert_false (gtk_widget_is_sensitive (ms_assistant_get_forward_button (f->assistant)));
  ms_test_wait (rows_shown, f);
  ms_test_screenshot (f->win, "check-running");

  start = g_get_monotonic_time ();
  gtk_button_clicked (GTK_BUTTON (ms_test_find (f->win, "cancel_button")));
  ms_test_wait (not_applying, f);
  /* Cancel is immediate, not the end of a timeout. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  ms_test_expect_page (f, MS_TYPE_INCOMING_PAGE);
  g_assert_true (ms_test_visible (current (f), "check_result"));
  g_assert_true (gtk_widget_is_sensitive (ms_assistant_get_forward_button (f->assistant)));
  /* No row goes on spinning for a check that was stopped. */
  g_assert_cmpuint (spinners_in (current (f)), ==, 0);
}

int
main (int argc, char **argv)
{
  ms_test_ui_init (&argc, &argv);

  if (g_getenv ("MS_TEST_BASE_PORT") == NULL)
    {
      g_printerr ("run me through tests/servers/run-with-servers.sh\n");
      return 77;
    }
  base_port = atoi (g_getenv ("MS_TEST_BASE_PORT"));
  g_setenv ("MAIL_SETUP_CA_FILE", g_getenv ("MS_TEST_CA"), TRUE);
  g_setenv ("MAIL_SETUP_TIMEOUT_MS", "4000", TRUE);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  /* Only inside test-port25.sh's network namespace, where 25/465/587 are ours. */
  if (g_getenv ("MS_TEST_PORT25"))
    {
      ADD ("/wizard-check/port25-blocked", test_port25_blocked);
      return g_test_run ();
    }
  ADD ("/wizard-check/good-servers", test_good_servers);
  ADD ("/wizard-check/wrong-password", test_wrong_password);
  ADD ("/wizard-check/wrong-name-refused", test_wrong_name_refused);
  ADD ("/wizard-check/self-signed-exception", test_self_signed_exception);
  ADD ("/wizard-check/cancel", test_cancel);
  ADD ("/wizard-check/continue-anyway-and-report", test_continue_anyway_and_report);
#undef ADD
  return g_test_run ();
}
