/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "core/ms-address.h"
#include "ms-test-ui.h"
#include "pages/ms-account-page.h"
#include "pages/ms-apply-page.h"
#include "pages/ms-done-page.h"
#include "pages/ms-certificates-page.h"
#include "pages/ms-incoming-page.h"
#include "pages/ms-outgoing-page.h"
#include "pages/ms-summary-page.h"

#define PASSWORD "Tr0ub4dor&3-s3cret"

typedef MsTestWizard Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  MsProviderStore *store = ms_provider_store_new ();

  ms_provider_store_load_sync (store, NULL);
  /* These tests are about the pages; test-wizard-check talks to servers. */
  ms_test_wizard_open (f, store, ms_account_new (NULL), FALSE);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  ms_test_wizard_close (f);
}

static gboolean
forward_sensitive (Fixture *f)
{
  ms_snapshot_settle ();
  return gtk_widget_is_sensitive (ms_assistant_get_forward_button (f->assistant));
}

static void
go_forward (Fixture *f, GType expected)
{
  g_assert_true (forward_sensitive (f));
  gtk_button_clicked (GTK_BUTTON (ms_assistant_get_forward_button (f->assistant)));
  ms_snapshot_settle ();
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (ms_assistant_get_current (f->assistant), expected));
}

static void
fill_account_page (Fixture *f)
{
  go_forward (f, MS_TYPE_ACCOUNT_PAGE);
  ms_test_type (f->win, "name_entry", "Test");
  ms_test_type (f->win, "address_entry", "test@test.com");
  ms_test_type (f->win, "password_entry", PASSWORD);
}

static void
test_provider_page (Fixture *f, gconstpointer data)
{
  GtkWidget *combo = ms_test_find (f->win, "provider_combo");
  MsServer *in = ms_account_get_incoming (f->account);

  /* 3xo is preselected, and Continue is offered at once. */
  g_assert_cmpstr (gtk_combo_box_get_active_id (GTK_COMBO_BOX (combo)), ==, "3xo.fr");
  g_assert_true (forward_sensitive (f));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (ms_assistant_get_forward_button (f->assistant))), ==,
                   ms_test_tr ("C_ontinue", "_Continuer"));
  g_assert_nonnull (strstr (ms_test_label (f->win, "details_label"), "mail.3xo.fr"));
  g_assert_false (ms_test_visible (f->win, "problems_label"));
  ms_test_screenshot (f->win, "01-provider");

  /* "Other provider" leaves the servers for the user to type. */
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), "manual");
  ms_snapshot_settle ();
  g_assert_cmpstr (ms_server_get_hostname (in), ==, "");
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), "3xo.fr");
  ms_snapshot_settle ();
  g_assert_cmpstr (ms_server_get_hostname (in), ==, "mail.3xo.fr");
}

static void
expect_address_error (Fixture *f, const char *address)
{
  g_autoptr(GError) error = NULL;

  ms_test_type (f->win, "address_entry", address);
  g_assert_false (ms_address_validate (address, &error));
  g_assert_true (ms_test_visible (f->win, "address_error"));
  g_assert_cmpstr (ms_test_label (f->win, "address_error"), ==, error->message);
  g_assert_false (forward_sensitive (f));
}

static gboolean
on_incoming_page (gpointer data)
{
  Fixture *f = data;
  return MS_IS_INCOMING_PAGE (ms_assistant_get_current (f->assistant));
}

static void
test_account_page (Fixture *f, gconstpointer data)
{
  GtkWidget *password;

  go_forward (f, MS_TYPE_ACCOUNT_PAGE);
  g_assert_false (forward_sensitive (f));
  ms_test_type (f->win, "name_entry", "Test");
  g_assert_false (forward_sensitive (f));

  /* Precise messages while typing. */
  expect_address_error (f, "test");
  expect_address_error (f, "test@");
  expect_address_error (f, "test@test");
  expect_address_error (f, "te st@test.com");
  ms_test_type (f->win, "address_entry", "jean@exämple.fr");
  g_assert_false (ms_test_visible (f->win, "address_error"));
  ms_test_type (f->win, "address_entry", "test@test.com");
  g_assert_false (ms_test_visible (f->win, "address_error"));
  g_assert_false (forward_sensitive (f));

  password = ms_test_find (f->win, "password_entry");
  ms_test_type (f->win, "password_entry", PASSWORD);
  g_assert_true (forward_sensitive (f));
  g_assert_false (gtk_entry_get_visibility (GTK_ENTRY (password)));
  ms_test_click (f->win, "show_password_check");
  g_assert_true (gtk_entry_get_visibility (GTK_ENTRY (password)));
  ms_test_click (f->win, "show_password_check");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (ms_test_find (f->win, "remember_check"))));

  /* The optional identity fields of the guide. */
  gtk_expander_set_expanded (GTK_EXPANDER (ms_test_find (f->win, "identity_expander")), TRUE);
  ms_test_type (f->win, "reply_to_entry", "not-an-address");
  g_assert_true (ms_test_visible (f->win, "reply_to_error"));
  g_assert_false (forward_sensitive (f));
  ms_test_type (f->win, "reply_to_entry", "contact@test.com");
  g_assert_false (ms_test_visible (f->win, "reply_to_error"));
  ms_test_type (f->win, "organization_entry", "3xo.fr");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (ms_test_find (f->win, "signature_view"))),
                            "Test\n3xo.fr", -1);
  g_assert_cmpstr (ms_account_get_signature (f->account), ==, "Test\n3xo.fr");
  g_assert_cmpstr (ms_account_get_reply_to (f->account), ==, "contact@test.com");
  g_assert_true (forward_sensitive (f));
  ms_test_screenshot (f->win, "02-account");

  /* Enter in a field moves forward. */
  gtk_widget_activate (ms_test_find (f->win, "address_entry"));
  ms_test_wait (on_incoming_page, f);
}

static void
set_security (Fixture *f, const char *id)
{
  GtkWidget *page = GTK_WIDGET (ms_assistant_get_current (f->assistant));

  gtk_combo_box_set_active_id (GTK_COMBO_BOX (ms_test_find (page, "security_combo")), id);
  ms_snapshot_settle ();
}

static const char *
port_text (Fixture *f)
{
  GtkWidget *page = GTK_WIDGET (ms_assistant_get_current (f->assistant));
  return gtk_entry_get_text (GTK_ENTRY (ms_test_find (page, "port_entry")));
}

static const char *
security_id (Fixture *f)
{
  GtkWidget *page = GTK_WIDGET (ms_assistant_get_current (f->assistant));
  return gtk_combo_box_get_active_id (GTK_COMBO_BOX (ms_test_find (page, "security_combo")));
}

static void
test_incoming_page (Fixture *f, gconstpointer data)
{
  GtkWidget *page;

  fill_account_page (f);
  go_forward (f, MS_TYPE_INCOMING_PAGE);
  page = GTK_WIDGET (ms_assistant_get_current (f->assistant));

  /* Prefilled from the profile, with the full address and why. */
  g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (ms_test_find (page, "host_entry"))), ==, "mail.3xo.fr");
  g_assert_cmpstr (port_text (f), ==, "993");
  g_assert_cmpstr (security_id (f), ==, "SSL");
  g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (ms_test_find (page, "username_entry"))), ==, "test@test.com");
  g_assert_nonnull (strstr (ms_test_label (page, "username_hint"), "test@test.com"));
  g_assert_true (g_str_has_prefix (ms_test_label (page, "recommended_label"), "✓"));
  g_assert_false (ms_test_visible (page, "recommended_button"));
  g_assert_nonnull (strstr (ms_test_label (page, "imap_radio"), ms_test_tr ("(recommended)", "(recommandé)")));
  g_assert_false (ms_test_visible (page, "local_part_box"));
  g_assert_false (ms_test_visible (page, "pop_box"));
  /* Nothing checked yet: no verdict, no advice, not even an empty box. */
  g_assert_false (ms_test_visible (page, "check_result"));
  g_assert_false (ms_test_visible (page, "check_advice"));
  g_assert_false (ms_test_visible (page, "check_fix_button"));
  g_assert_true (forward_sensitive (f));
  ms_test_screenshot (f->win, "03-incoming");

  /* The local part alone: the guide's warning, and a one-click fix. */
  ms_test_type (page, "username_entry", "test");
  g_assert_true (ms_test_visible (page, "local_part_box"));
  g_assert_nonnull (strstr (ms_test_label (page, "local_part_label"),
                            ms_test_tr ("This does not work at 3xo", "ne fonctionne pas chez 3xo")));
  ms_test_screenshot (f->win, "03-incoming-local-part");
  ms_test_click (page, "full_address_button");
  g_assert_cmpstr (ms_server_get_username (ms_account_get_incoming (f->account)), ==, "test@test.com");
  g_assert_false (ms_test_visible (page, "local_part_box"));

  /* POP: the plain explanation, and its own default port. */
  ms_test_click (page, "pop_radio");
  g_assert_true (ms_test_visible (page, "pop_box"));
  g_assert_cmpstr (port_text (f), ==, "995");
  g_assert_false (ms_test_visible (page, "recommended_label") &&
                  g_str_has_prefix (ms_test_label (page, "recommended_label"), "✓"));
  g_assert_true (ms_test_visible (page, "recommended_button"));
  ms_test_screenshot (f->win, "03-incoming-pop");
  ms_test_click (page, "recommended_button");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (ms_test_find (page, "imap_radio"))));
  g_assert_cmpstr (port_text (f), ==, "993");
  g_assert_false (ms_test_visible (page, "pop_box"));

  /* "None" needs an explicit confirmation. */
  set_security (f, "plain");
  g_assert_true (ms_test_visible (page, "plaintext_box"));
  g_assert_false (forward_sensitive (f));
  ms_test_click (page, "plaintext_check");
  g_assert_true (forward_sensitive (f));
  ms_test_screenshot (f->win, "03-incoming-none");
  set_security (f, "SSL");
  g_assert_false (ms_test_visible (page, "plaintext_box"));
  g_assert_cmpstr (port_text (f), ==, "993");

  /* Port and security move together, except for a port typed on purpose. */
  ms_test_type (page, "port_entry", "143");
  g_assert_cmpstr (security_id (f), ==, "STARTTLS");
  ms_test_type (page, "port_entry", "993");
  g_assert_cmpstr (security_id (f), ==, "SSL");
  set_security (f, "STARTTLS");
  g_assert_cmpstr (port_text (f), ==, "143");
  ms_test_type (page, "port_entry", "10993");
  set_security (f, "SSL");
  g_assert_cmpstr (port_text (f), ==, "10993");
  ms_test_type (page, "port_entry", "99999");
  g_assert_false (forward_sensitive (f));
  g_assert_true (ms_test_visible (page, "error_label"));
  ms_test_type (page, "port_entry", "993");
  g_assert_true (forward_sensitive (f));

  /* A bad server name is explained. */
  ms_test_type (page, "host_entry", "mail 3xo.fr");
  g_assert_true (ms_test_visible (page, "error_label"));
  g_assert_false (forward_sensitive (f));
  ms_test_type (page, "host_entry", "mail.3xo.fr");
  g_assert_true (forward_sensitive (f));

  /* A name that is only a dot, typed or from an Asian keyboard, once
   * killed the wizard as soon as it was in the field. */
  {
    const char *dots[] = { ".", "\xe3\x80\x82", "\xef\xbc\x8e", "\xef\xbd\xa1" };

    for (guint i = 0; i < G_N_ELEMENTS (dots); i++)
      {
        ms_test_type (page, "host_entry", dots[i]);
        g_assert_true (ms_test_visible (page, "error_label"));
        g_assert_nonnull (strstr (ms_test_label (page, "error_label"), dots[i]));
        g_assert_false (forward_sensitive (f));
      }
  }
  ms_test_type (page, "host_entry", "mail.3xo.fr");
  g_assert_true (forward_sensitive (f));
}

static void
test_outgoing_page (Fixture *f, gconstpointer data)
{
  GtkWidget *page;

  fill_account_page (f);
  go_forward (f, MS_TYPE_INCOMING_PAGE);
  go_forward (f, MS_TYPE_OUTGOING_PAGE);
  page = GTK_WIDGET (ms_assistant_get_current (f->assistant));

  g_assert_cmpstr (port_text (f), ==, "465");
  g_assert_cmpstr (security_id (f), ==, "SSL");
  g_assert_true (ms_test_visible (page, "auth_combo"));
  g_assert_cmpstr (gtk_combo_box_get_active_id (GTK_COMBO_BOX (ms_test_find (page, "auth_combo"))), ==,
                   "password-cleartext");
  g_assert_true (g_str_has_prefix (ms_test_label (page, "recommended_label"), "✓"));
  g_assert_false (ms_test_visible (page, "port25_box"));
  g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (ms_test_find (page, "username_entry"))), ==, "test@test.com");
  ms_test_screenshot (f->win, "04-outgoing");

  /* Port 25 comes with the guide's explanation. */
  ms_test_type (page, "port_entry", "25");
  g_assert_true (ms_test_visible (page, "port25_box"));
  g_assert_true (ms_test_visible (page, "recommended_button"));
  ms_test_screenshot (f->win, "04-outgoing-port25");
  ms_test_type (page, "port_entry", "587");
  g_assert_cmpstr (security_id (f), ==, "STARTTLS");
  g_assert_false (ms_test_visible (page, "port25_box"));
  ms_test_click (page, "recommended_button");
  g_assert_cmpstr (port_text (f), ==, "465");
  g_assert_cmpstr (security_id (f), ==, "SSL");
}

static void
collect_labels (GtkWidget *widget, gpointer data)
{
  GString *text = data;

  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), collect_labels, text);
}

static gboolean
clipboard_has_text (gpointer data)
{
  return gtk_clipboard_wait_is_text_available (gtk_clipboard_get (GDK_SELECTION_CLIPBOARD));
}

static void
test_summary_page (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autofree char *copied = NULL;
  GtkWidget *page;

  fill_account_page (f);
  go_forward (f, MS_TYPE_INCOMING_PAGE);
  go_forward (f, MS_TYPE_OUTGOING_PAGE);
  go_forward (f, MS_TYPE_CERTIFICATES_PAGE);
  go_forward (f, MS_TYPE_SUMMARY_PAGE);
  page = GTK_WIDGET (ms_assistant_get_current (f->assistant));

  collect_labels (ms_test_find (page, "summary_grid"), shown);
  g_assert_nonnull (strstr (shown->str, "test@test.com"));
  g_assert_nonnull (strstr (shown->str, "mail.3xo.fr"));
  g_assert_nonnull (strstr (shown->str, "993"));
  g_assert_nonnull (strstr (shown->str, "465"));
  g_assert_nonnull (strstr (shown->str, ms_test_tr ("Incoming server (IMAP)", "Serveur entrant (IMAP)")));
  g_assert_null (strstr (shown->str, PASSWORD));
  g_assert_false (ms_test_visible (page, "copied_label"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (ms_assistant_get_forward_button (f->assistant))), ==,
                   ms_test_tr ("C_ontinue", "_Continuer"));
  ms_test_screenshot (f->win, "06-summary");

  gtk_clipboard_clear (gtk_clipboard_get (GDK_SELECTION_CLIPBOARD));
  ms_test_click (page, "copy_button");
  ms_test_wait (clipboard_has_text, NULL);
  copied = gtk_clipboard_wait_for_text (gtk_clipboard_get (GDK_SELECTION_CLIPBOARD));
  g_assert_nonnull (strstr (copied, "test@test.com"));
  g_assert_nonnull (strstr (copied, "mail.3xo.fr"));
  g_assert_nonnull (strstr (copied, ms_test_tr ("Outgoing server (SMTP)", "Serveur sortant (SMTP)")));
  g_assert_null (strstr (copied, PASSWORD));
  g_assert_true (ms_test_visible (page, "copied_label"));

  /* Phones and tablets: the guide's advice, and the password only on request. */
  ms_test_click (page, "phone_button");
  {
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
    GtkWidget *dialog = NULL;

    for (GList *l = toplevels; l; l = l->next)
      if (g_strcmp0 (gtk_widget_get_name (l->data), "phone_dialog") == 0)
        dialog = l->data;
    g_assert_nonnull (dialog);
    g_assert_false (ms_test_visible (dialog, "export_password_warning"));
    ms_test_click (dialog, "export_password");
    g_assert_true (ms_test_visible (dialog, "export_password_warning"));
    g_assert_true (ms_test_visible (dialog, "export_card"));
    ms_test_screenshot (dialog, "06-summary-phone");
    gtk_widget_destroy (dialog);
  }

  /* Back keeps everything the user typed. */
  gtk_button_clicked (GTK_BUTTON (ms_test_find (f->win, "back_button")));
  ms_snapshot_settle ();
  gtk_button_clicked (GTK_BUTTON (ms_test_find (f->win, "back_button")));
  ms_snapshot_settle ();
  g_assert_true (MS_IS_OUTGOING_PAGE (ms_assistant_get_current (f->assistant)));
  g_assert_cmpstr (ms_account_get_password (f->account), ==, PASSWORD);
}

static gboolean
not_applying (gpointer data)
{
  Fixture *f = data;
  return !ms_page_get_applying (ms_assistant_get_current (f->assistant));
}

static gboolean
keyring_answered (gpointer data)
{
  Fixture *f = data;
  /* Either the warning is up, or the page may go on with the keyring. */
  return ms_test_visible (f->win, "keyring_box") || forward_sensitive (f);
}

static gboolean
on_done_page (gpointer data)
{
  Fixture *f = data;
  return MS_IS_DONE_PAGE (ms_assistant_get_current (f->assistant));
}

static gboolean
profile_chooser_shown (gpointer data)
{
  Fixture *f = data;
  return ms_test_lookup (f->win, "thunderbird_profile") != NULL;
}

/* Two Thunderbird profiles, "home" the default, as a family PC has. */
static char *
make_two_profiles (void)
{
  g_autofree char *root = g_build_filename (g_get_home_dir (), ".thunderbird", NULL);
  g_autofree char *work = g_build_filename (root, "work.default", NULL);
  g_autofree char *home = g_build_filename (root, "home.default", NULL);
  g_autofree char *ini = g_build_filename (root, "profiles.ini", NULL);

  g_assert_cmpint (g_mkdir_with_parents (work, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  g_assert_true (g_file_set_contents (ini,
    "[General]\nStartWithLastProfile=1\nVersion=2\n\n"
    "[Profile0]\nName=work\nIsRelative=1\nPath=work.default\n\n"
    "[Profile1]\nName=home\nIsRelative=1\nPath=home.default\nDefault=1\n", -1, NULL));
  return g_steal_pointer (&work);
}

/* The last steps with the real writers, into this test's private HOME. */
static void
test_apply_pages (Fixture *f, gconstpointer data)
{
  g_autofree char *work = make_two_profiles ();
  g_autofree char *work_prefs = g_build_filename (work, "prefs.js", NULL);
  g_autofree char *sources = g_build_filename (g_get_user_config_dir (), "evolution", "sources", NULL);
  GtkWidget *page, *thunderbird, *evolution;
  g_autoptr(GDir) dir = NULL;
  guint written = 0;

  fill_account_page (f);
  go_forward (f, MS_TYPE_INCOMING_PAGE);
  go_forward (f, MS_TYPE_OUTGOING_PAGE);
  go_forward (f, MS_TYPE_CERTIFICATES_PAGE);
  go_forward (f, MS_TYPE_SUMMARY_PAGE);
  go_forward (f, MS_TYPE_APPLY_PAGE);
  page = GTK_WIDGET (ms_assistant_get_current (f->assistant));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (ms_assistant_get_forward_button (f->assistant))), ==,
                   ms_test_tr ("_Set Up", "_Configurer"));

  thunderbird = ms_test_find (page, "client_thunderbird");
  evolution = ms_test_find (page, "client_evolution");
  /* Nothing chosen, nothing to do. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (thunderbird), FALSE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (evolution), FALSE);
  g_assert_false (forward_sensitive (f));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (evolution), TRUE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (thunderbird), TRUE);

  /* No Secret Service in this test's session: say so, offer to go on. */
  ms_test_wait (keyring_answered, f);
  g_assert_true (ms_test_visible (page, "keyring_box"));
  g_assert_false (forward_sensitive (f));
  ms_test_screenshot (f->win, "07-apply-no-keyring");
  ms_test_click (page, "no_keyring_check");
  /* Several Thunderbird profiles: the user picks one (read in a thread). */
  ms_test_wait (profile_chooser_shown, f);
  g_assert_true (gtk_combo_box_set_active_id (GTK_COMBO_BOX (ms_test_find (page, "thunderbird_profile")), work));
  g_assert_true (forward_sensitive (f));
  ms_test_screenshot (f->win, "07-apply");

  gtk_button_clicked (GTK_BUTTON (ms_assistant_get_forward_button (f->assistant)));
  ms_test_wait (not_applying, f);
  ms_test_wait (on_done_page, f);
  ms_test_screenshot (f->win, "08-done");

  /* The Evolution sources exist, and the password is in none of them. */
  dir = g_dir_open (sources, 0, NULL);
  g_assert_nonnull (dir);
  for (const char *name; (name = g_dir_read_name (dir)) != NULL;)
    {
      g_autofree char *path = g_build_filename (sources, name, NULL);
      g_autofree char *contents = NULL;

      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_null (strstr (contents, PASSWORD));
      written++;
    }
  g_assert_cmpuint (written, ==, 3);
  /* Thunderbird's account went into the chosen profile. */
  {
    g_autofree char *prefs = NULL;
    g_assert_true (g_file_get_contents (work_prefs, &prefs, NULL, NULL));
    g_assert_nonnull (strstr (prefs, "test@test.com"));
  }

  /* The report now says what was written where, still without the password. */
  {
    g_autofree char *report = NULL;

    gtk_clipboard_clear (gtk_clipboard_get (GDK_SELECTION_CLIPBOARD));
    ms_test_click (GTK_WIDGET (ms_assistant_get_current (f->assistant)), "copy_report_button");
    ms_test_wait (clipboard_has_text, NULL);
    report = gtk_clipboard_wait_for_text (gtk_clipboard_get (GDK_SELECTION_CLIPBOARD));
    g_assert_nonnull (strstr (report, sources));
    g_assert_nonnull (strstr (report, "prefs.js"));
    g_assert_null (strstr (report, PASSWORD));
  }
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (ms_assistant_get_forward_button (f->assistant))), ==,
                   ms_test_tr ("_Close", "_Fermer"));
}

static GtkWidget *
find_quit_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (g_strcmp0 (gtk_widget_get_name (l->data), "quit_dialog") == 0 && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static void
press_escape (Fixture *f)
{
  GdkEvent *event = gdk_event_new (GDK_KEY_PRESS);

  event->key.window = g_object_ref (gtk_widget_get_window (f->win));
  event->key.keyval = GDK_KEY_Escape;
  event->key.send_event = TRUE;
  gdk_event_set_device (event, gdk_seat_get_keyboard (gdk_display_get_default_seat (gdk_display_get_default ())));
  gtk_main_do_event (event);
  gdk_event_free (event);
  ms_snapshot_settle ();
}

static void
test_escape (Fixture *f, gconstpointer data)
{
  GtkWidget *dialog;

  go_forward (f, MS_TYPE_ACCOUNT_PAGE);
  ms_test_type (f->win, "name_entry", "Test");

  /* Something was typed: ask before throwing it away. */
  press_escape (f);
  dialog = find_quit_dialog ();
  g_assert_nonnull (dialog);
  ms_test_screenshot (dialog, "06-quit-confirmation");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  ms_snapshot_settle ();
  g_assert_nonnull (f->win);
  g_assert_cmpstr (ms_account_get_real_name (f->account), ==, "Test");

  press_escape (f);
  dialog = find_quit_dialog ();
  g_assert_nonnull (dialog);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  ms_snapshot_settle ();
  g_assert_null (f->win);
}

static void
test_escape_untouched (Fixture *f, gconstpointer data)
{
  press_escape (f);
  g_assert_null (find_quit_dialog ());
  g_assert_null (f->win);
}

static void
check_accessible (GtkWidget *widget, gpointer data)
{
  guint *checked = data;
  const char *id = gtk_buildable_get_name (GTK_BUILDABLE (widget));

  if (id && (GTK_IS_ENTRY (widget) || GTK_IS_COMBO_BOX (widget) || GTK_IS_TOGGLE_BUTTON (widget) ||
             GTK_IS_TEXT_VIEW (widget) || GTK_IS_BUTTON (widget)) &&
      !g_str_has_prefix (id, "___object_") &&
      /* A combo's own arrow button speaks through the combo. */
      !(GTK_IS_TOGGLE_BUTTON (widget) && gtk_widget_get_ancestor (widget, GTK_TYPE_COMBO_BOX)))
    {
      AtkObject *accessible = gtk_widget_get_accessible (widget);
      g_autoptr(AtkRelationSet) relations = atk_object_ref_relation_set (accessible);
      const char *name = atk_object_get_name (accessible);
      gboolean labelled = atk_relation_set_contains (relations, ATK_RELATION_LABELLED_BY);

      if (!labelled && (name == NULL || *name == '\0'))
        g_error ("%s (%s) has no label an accessibility tool can read", id, G_OBJECT_TYPE_NAME (widget));
      (*checked)++;
    }
  if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), check_accessible, data);
}

static void
test_accessibility (Fixture *f, gconstpointer data)
{
  guint checked = 0;

  gtk_container_forall (GTK_CONTAINER (f->win), check_accessible, &checked);
  g_assert_cmpuint (checked, >=, 30);
}

int
main (int argc, char **argv)
{
  ms_test_ui_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/wizard/provider", test_provider_page);
  ADD ("/wizard/account", test_account_page);
  ADD ("/wizard/incoming", test_incoming_page);
  ADD ("/wizard/outgoing", test_outgoing_page);
  ADD ("/wizard/summary", test_summary_page);
  ADD ("/wizard/apply", test_apply_pages);
  ADD ("/wizard/escape", test_escape);
  ADD ("/wizard/escape-untouched", test_escape_untouched);
  ADD ("/wizard/accessibility", test_accessibility);
#undef ADD
  return g_test_run ();
}
