/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ms-test-ui.h"
#include "wizard/ms-snapshot.h"

typedef struct {
  const char *id;
  GtkWidget *found;
} Search;

static void
search_cb (GtkWidget *widget, gpointer data)
{
  Search *search = data;
  const char *name;

  if (search->found)
    return;
  name = gtk_buildable_get_name (GTK_BUILDABLE (widget));
  if (g_strcmp0 (name, search->id) == 0)
    {
      search->found = widget;
      return;
    }
  if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), search_cb, search);
}

GtkWidget *
ms_test_lookup (GtkWidget *root, const char *id)
{
  Search search = { id, NULL };

  gtk_container_forall (GTK_CONTAINER (root), search_cb, &search);
  return search.found;
}

GtkWidget *
ms_test_find (GtkWidget *root, const char *id)
{
  GtkWidget *found = ms_test_lookup (root, id);

  if (found == NULL)
    g_error ("no widget with id %s", id);
  return found;
}

void
ms_test_type (GtkWidget *root, const char *id, const char *text)
{
  GtkWidget *entry = ms_test_find (root, id);

  g_assert_true (gtk_widget_is_sensitive (entry));
  /* Character by character, as typing does, so each step is validated. */
  gtk_entry_set_text (GTK_ENTRY (entry), "");
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      int pos = -1;
      gtk_editable_insert_text (GTK_EDITABLE (entry), p, g_utf8_next_char (p) - p, &pos);
      pos = gtk_entry_get_text_length (GTK_ENTRY (entry));
      gtk_editable_set_position (GTK_EDITABLE (entry), pos);
    }
  ms_snapshot_settle ();
}

void
ms_test_click (GtkWidget *root, const char *id)
{
  GtkWidget *button = ms_test_find (root, id);

  g_assert_true (gtk_widget_is_drawable (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  /* "clicked" straight away: "activate" would wait for the press animation. */
  gtk_button_clicked (GTK_BUTTON (button));
  ms_snapshot_settle ();
}

gboolean
ms_test_visible (GtkWidget *root, const char *id)
{
  ms_snapshot_settle ();
  return gtk_widget_is_drawable (ms_test_find (root, id));
}

const char *
ms_test_label (GtkWidget *root, const char *id)
{
  GtkWidget *w = ms_test_find (root, id);

  if (GTK_IS_LABEL (w))
    return gtk_label_get_text (GTK_LABEL (w));
  return gtk_button_get_label (GTK_BUTTON (w));
}

void
ms_test_wait (gboolean (*condition) (gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("condition not met within 10 s");
      g_main_context_iteration (NULL, TRUE);
    }
}

const char *
ms_test_lang (void)
{
  const char *lang = g_getenv ("LANGUAGE");

  return lang && g_str_has_prefix (lang, "fr") ? "fr" : "en";
}

void
ms_test_screenshot (GtkWidget *window, const char *name)
{
  const char *dir = g_getenv ("MS_SCREENSHOT_DIR");
  g_autofree char *file = NULL, *path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  file = g_strdup_printf ("%s.png", name);
  path = g_build_filename (dir, ms_test_lang (), file, NULL);
  if (!ms_snapshot_save_png (window, path, &error))
    g_error ("screenshot %s: %s", path, error->message);
}

/* The setting every UI test starts from: translations of this build, a
 * private HOME and XDG user dirs (the system ones stay: GTK needs the MIME
 * database to load its theme's images), no session bus so no keyring and
 * no desktop services, and no animations to wait for. */
void
ms_test_ui_init (int *argc, char ***argv)
{
  const char *localedir = g_getenv ("MAIL_SETUP_LOCALEDIR");
  g_autofree char *home = g_dir_make_tmp ("mail-setup-ui-XXXXXX", NULL);
  g_autofree char *data_home = g_build_filename (home, "data", NULL);
  g_autofree char *config_home = g_build_filename (home, "config", NULL);
  g_autofree char *cache_home = g_build_filename (home, "cache", NULL);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/mail-setup-test-bus", TRUE);
  g_test_init (argc, argv, NULL);
  gtk_init (argc, argv);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

void
ms_test_wizard_open (MsTestWizard *w, MsProviderStore *store, MsAccount *account, gboolean checks_enabled)
{
  w->store = store;
  w->account = account;
  g_autoptr(MsPinStore) pins = ms_pin_store_new (g_getenv ("MAIL_SETUP_PIN_STORE"));

  g_assert_true (ms_pin_store_load (pins, NULL));
  w->session = ms_setup_session_new (account, pins);
  ms_setup_session_load_environment (w->session);
  ms_setup_session_set_offline (w->session, !checks_enabled);
  w->assistant = ms_wizard_new (NULL, w->session, store);
  w->win = GTK_WIDGET (w->assistant);
  g_object_add_weak_pointer (G_OBJECT (w->win), (gpointer *) &w->win);
  gtk_widget_show (w->win);
  ms_snapshot_settle ();
}

void
ms_test_wizard_close (MsTestWizard *w)
{
  if (w->win)
    gtk_widget_destroy (w->win);
  ms_snapshot_settle ();
  g_clear_object (&w->session);
  g_clear_object (&w->account);
  g_clear_object (&w->store);
}

const char *
ms_test_tr (const char *en, const char *fr)
{
  return g_str_equal (ms_test_lang (), "fr") ? fr : en;
}

/* The provider of the server tests: IMAPS and SMTPS of tests/servers on
 * 127.0.0.1, whose certificate is for "localhost". */
void
ms_test_write_profile (guint base_port)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "mail-setup", "providers", NULL);
  g_autofree char *path = g_build_filename (dir, "test.xml", NULL);
  g_autofree char *xml = g_strdup_printf (
    "<clientConfig version=\"1.1\" xmlns:ms=\"https://mailsetup.github.io/ns/provider/1\">"
    "<emailProvider id=\"test\"><domain>example.test</domain><displayName>Test Mail</displayName>"
    "<incomingServer type=\"imap\"><hostname>127.0.0.1</hostname><port>%u</port><socketType>SSL</socketType>"
    "<username>%%EMAILADDRESS%%</username><authentication>password-cleartext</authentication>"
    "<ms:certificateName>localhost</ms:certificateName></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>127.0.0.1</hostname><port>%u</port><socketType>SSL</socketType>"
    "<username>%%EMAILADDRESS%%</username><authentication>password-cleartext</authentication>"
    "<ms:certificateName>localhost</ms:certificateName></outgoingServer>"
    "</emailProvider></clientConfig>", base_port + 2, base_port + 7);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, xml, -1, NULL));
}

/* A dialog of the wizard by its widget name, once it is on screen. */
GtkWidget *
ms_test_find_dialog (const char *name)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (g_strcmp0 (gtk_widget_get_name (l->data), name) == 0 && gtk_widget_get_mapped (l->data))
      return l->data;
  return NULL;
}

gboolean
ms_test_dialog_shown (gpointer name)
{
  return ms_test_find_dialog (name) != NULL;
}

typedef struct {
  MsTestWizard *w;
  GType type;
} PageWait;

static gboolean
on_page (gpointer data)
{
  PageWait *p = data;
  return G_TYPE_CHECK_INSTANCE_TYPE (ms_assistant_get_current (p->w->assistant), p->type);
}

/* The page moves on once the apply task has returned, from the main loop. */
void
ms_test_wait_for_page (MsTestWizard *w, GType type)
{
  PageWait p = { w, type };
  ms_test_wait (on_page, &p);
}

void
ms_test_expect_page_at (MsTestWizard *w, GType type, int line)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (ms_assistant_get_current (w->assistant), type))
    return;
  /* Say what the session decided: that is usually why. */
  for (MsRole role = MS_ROLE_INCOMING; role <= MS_ROLE_OUTGOING; role++)
    {
      MsVerdict *v = ms_setup_session_get_verdict (w->session, role);

      g_printerr ("verdict %d: %s (%s)\n", role, v ? v->headline : "none", v && v->error ? v->error->message : "");
    }
  g_error ("line %d: on %s, expected %s", line, G_OBJECT_TYPE_NAME (ms_assistant_get_current (w->assistant)),
           g_type_name (type));
}

/* Every label's text under @root, one per line. */
static void
collect_labels (GtkWidget *widget, gpointer data)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget))
    g_string_append_printf (data, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), collect_labels, data);
}

char *
ms_test_texts (GtkWidget *root)
{
  GString *out = g_string_new (NULL);

  ms_snapshot_settle ();
  gtk_container_forall (GTK_CONTAINER (root), collect_labels, out);
  return g_string_free (out, FALSE);
}
