/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "clients/evolution/ms-keyring.h"
#include "clients/thunderbird/ms-thunderbird.h"
#include "ms-apply-page.h"
#include "wizard/ms-ui.h"

/* The last step of the guide: write the account into the chosen mail
 * programs, with the password in the keyring, and say what was done. */
struct _MsApplyPage
{
  MsPage parent_instance;

  GtkWidget *clients_box;
  GtkWidget *keyring_box;
  GtkWidget *keyring_label;
  GtkWidget *no_keyring_check;
  GtkWidget *results_box;

  MsSetupSession *session;
  GPtrArray *clients;
  GPtrArray *checkboxes;       /* one per client */
  GtkWidget *profile_combo;    /* Thunderbird profile, when there are several */
  GtkWidget *thunderbird_row;
  GtkWidget *profile_box;
  GCancellable *cancellable;   /* for the page's own reads */
  GHashTable *result_labels;   /* MsClient → GtkLabel */
  GPtrArray *outcomes;
  gboolean keyring_missing;
  gboolean keyring_checking;
  GCancellable *keyring_cancellable;
};

G_DEFINE_TYPE (MsApplyPage, ms_apply_page, MS_TYPE_PAGE)

static void
update_complete (MsApplyPage *self)
{
  MsAccount *account = ms_page_get_account (MS_PAGE (self));
  gboolean any = FALSE;
  gboolean keyring_ok;

  for (guint i = 0; i < self->checkboxes->len; i++)
    any = any || gtk_toggle_button_get_active (g_ptr_array_index (self->checkboxes, i));
  /* A missing keyring is the user's call: remember nothing, or stop. */
  keyring_ok = !self->keyring_missing || !ms_account_get_remember_password (account) ||
               gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->no_keyring_check));
  /* Wait for the keyring's answer: it decides what Set Up may promise. */
  ms_page_set_complete (MS_PAGE (self), any && keyring_ok && !self->keyring_checking);
}

static void
keyring_checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(MsApplyPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ms_keyring_check_available_finish (result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->keyring_checking = FALSE;
      self->keyring_missing = TRUE;
      /* TRANSLATORS: %s is why, a sentence, e.g. “No keyring service is running (…).” */
      text = g_strdup_printf (_("The password cannot be remembered: %s You can go on without it; your mail program will then ask for it."),
                              error->message);
      gtk_label_set_text (GTK_LABEL (self->keyring_label), text);
      gtk_widget_show (self->keyring_box);
    }
  self->keyring_checking = FALSE;
  update_complete (self);
}

static char *
client_status (MsClient *client)
{
  if (ms_client_is_installed (client))
    /* TRANSLATORS: %s is a mail program, e.g. Thunderbird. */
    return g_strdup_printf (_("%s is installed."), ms_client_get_display_name (client));
  /* TRANSLATORS: %s is a mail program, e.g. Thunderbird. */
  return g_strdup_printf (_("%s is not installed yet: its account will be ready when you install it."),
                          ms_client_get_display_name (client));
}

static void
profiles_listed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(MsApplyPage) self = user_data;
  g_autoptr(GPtrArray) profiles = ms_thunderbird_list_profiles_finish (result, NULL);
  GtkWidget *box, *label;

  if (profiles == NULL || profiles->len < 2 || self->thunderbird_row == NULL)
    return;
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->profile_box = box;
  label = gtk_label_new_with_mnemonic (_("_Profile"));
  self->profile_combo = gtk_combo_box_text_new ();
  gtk_buildable_set_name (GTK_BUILDABLE (self->profile_combo), "thunderbird_profile");
  for (guint p = 0; p < profiles->len; p++)
    {
      MsThunderbirdProfile *profile = g_ptr_array_index (profiles, p);
      gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (self->profile_combo), profile->path, profile->name);
      if (profile->is_default)
        gtk_combo_box_set_active (GTK_COMBO_BOX (self->profile_combo), p);
    }
  if (gtk_combo_box_get_active (GTK_COMBO_BOX (self->profile_combo)) < 0)
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->profile_combo), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), self->profile_combo);
  gtk_widget_set_margin_start (box, 26);
  gtk_container_add (GTK_CONTAINER (box), label);
  gtk_container_add (GTK_CONTAINER (box), self->profile_combo);
  gtk_widget_show_all (box);
  gtk_container_add (GTK_CONTAINER (self->thunderbird_row), box);
}

static void
fill_clients (MsApplyPage *self)
{
  for (guint i = 0; i < self->clients->len; i++)
    {
      MsClient *client = g_ptr_array_index (self->clients, i);
      GtkWidget *check = gtk_check_button_new_with_label (ms_client_get_display_name (client));
      g_autofree char *status = client_status (client);
      g_autofree char *id = g_strdup_printf ("client_%s", ms_client_get_id (client));
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *detail = ms_ui_label_new (status, "ms-dim", TRUE);

      gtk_buildable_set_name (GTK_BUILDABLE (check), id);
      /* Preselect what is there; the rest can still be prepared. */
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check), ms_client_is_installed (client));
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (update_complete), self);
      gtk_widget_set_margin_start (detail, 26);
      gtk_container_add (GTK_CONTAINER (row), check);
      gtk_container_add (GTK_CONTAINER (row), detail);
      gtk_widget_show_all (row);
      gtk_container_add (GTK_CONTAINER (self->clients_box), row);
      g_ptr_array_add (self->checkboxes, check);

      if (g_str_equal (ms_client_get_id (client), "thunderbird"))
        self->thunderbird_row = row;
    }
}

static void
show_outcome (MsApplyPage *self, MsClient *client, const MsApplyOutcome *outcome)
{
  GtkWidget *label = g_hash_table_lookup (self->result_labels, client);
  GString *text = g_string_new (NULL);

  if (outcome->error)
    {
      /* TRANSLATORS: a mail program, e.g. Thunderbird, then the error message. */
      g_string_append_printf (text, _("✗ %s: %s"), ms_client_get_display_name (client), outcome->error->message);
      if (g_error_matches (outcome->error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_RUNNING))
        /* The message says who holds the profile: Thunderbird, or another Mail Setup. */
        g_string_append_printf (text, "\n%s", _("Nothing was changed. Press Try Again when the profile is free."));
      else
        g_string_append_printf (text, "\n%s", _("Nothing was changed in it."));
      gtk_style_context_add_class (gtk_widget_get_style_context (label), "ms-error");
    }
  else
    {
      g_string_append_printf (text, "✓ %s", outcome->report->summary);
      for (guint i = 0; i < outcome->report->backups->len; i++)
        g_string_append_printf (text, "\n%s %s", _("Previous settings saved in:"),
                                (char *) outcome->report->backups->pdata[i]);
      if (outcome->report->password_note)
        g_string_append_printf (text, "\n%s", outcome->report->password_note);
      gtk_style_context_remove_class (gtk_widget_get_style_context (label), "ms-error");
    }
  gtk_label_set_text (GTK_LABEL (label), text->str);
  g_string_free (text, TRUE);
}

static void
client_started (MsSetupSession *session, MsClient *client, MsApplyPage *self)
{
  GtkWidget *label = ms_ui_label_new (NULL, NULL, TRUE);
  /* TRANSLATORS: %s is a mail program, e.g. Thunderbird. */
  g_autofree char *text = g_strdup_printf (_("Setting up %s…"), ms_client_get_display_name (client));
  g_autofree char *id = g_strdup_printf ("result_%s", ms_client_get_id (client));

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_buildable_set_name (GTK_BUILDABLE (label), id);
  gtk_container_add (GTK_CONTAINER (self->results_box), label);
  g_hash_table_replace (self->result_labels, client, label);
}

static void
client_finished (MsSetupSession *session, MsClient *client, gpointer outcome, MsApplyPage *self)
{
  show_outcome (self, client, outcome);
}

static void
show_blockers (MsApplyPage *self, GPtrArray *blockers)
{
  for (guint i = 0; i < blockers->len; i++)
    {
      MsBlocker *b = blockers->pdata[i];
      g_autofree char *text = NULL;
      GtkWidget *label;

      if (g_error_matches (b->error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_KEYRING))
        {
          /* The same offer as when the page showed: go on without it. */
          /* TRANSLATORS: %s is why, a sentence, e.g. “No keyring service is running (…).” */
          g_autofree char *offer = g_strdup_printf (_("The password cannot be remembered: %s You can go on "
                                                      "without it; your mail program will then ask for it."),
                                                    b->error->message);
          self->keyring_missing = TRUE;
          gtk_label_set_text (GTK_LABEL (self->keyring_label), offer);
          gtk_widget_show (self->keyring_box);
          continue;
        }
      /* TRANSLATORS: why nothing was written, then what to do. */
      text = g_strdup_printf (_("✗ %s Nothing was written."), b->error->message);
      label = ms_ui_label_new (text, "ms-error", TRUE);
      gtk_container_add (GTK_CONTAINER (self->results_box), label);
    }
}

static void
applied (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(MsApplyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsApplyReport) report = ms_setup_session_apply_finish (MS_SETUP_SESSION (source), result, &error);
  gboolean all_ok = report != NULL && report->blockers->len == 0;

  if (report)
    show_blockers (self, report->blockers);
  for (guint i = 0; report && report->outcomes && i < report->outcomes->len; i++)
    all_ok = all_ok && ((MsApplyOutcome *) g_ptr_array_index (report->outcomes, i))->error == NULL;
  g_clear_pointer (&self->outcomes, g_ptr_array_unref);
  if (report && report->outcomes)
    self->outcomes = g_ptr_array_ref (report->outcomes);
  update_complete (self);
  ms_page_set_forward_label (MS_PAGE (self), all_ok ? _("_Set Up") : _("_Try Again"));
  ms_page_apply_complete (MS_PAGE (self), all_ok);
}

static gboolean
ms_apply_page_apply (MsPage *page, GCancellable *cancellable)
{
  MsApplyPage *self = MS_APPLY_PAGE (page);
  MsAccount *account = ms_page_get_account (page);
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  MsClientOptions options = { 0 };

  ms_ui_container_clear (self->results_box);
  g_hash_table_remove_all (self->result_labels);

  options.store_password = ms_account_get_remember_password (account) && !self->keyring_missing;
  options.profile = self->profile_combo ? gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->profile_combo)) : NULL;
  for (guint i = 0; i < self->clients->len; i++)
    if (gtk_toggle_button_get_active (g_ptr_array_index (self->checkboxes, i)))
      g_ptr_array_add (chosen, g_ptr_array_index (self->clients, i));
  ms_setup_session_apply_async (self->session, chosen, &options, cancellable, applied, g_object_ref (self));
  return TRUE;
}

/* Read each time the page shows: Thunderbird may have made a profile since.
 * The files are read in a thread; the chooser appears under Thunderbird's
 * line when there is more than one profile. */
static void
list_profiles (MsApplyPage *self)
{
  if (self->thunderbird_row == NULL)
    return;
  g_clear_pointer (&self->profile_box, gtk_widget_destroy);
  self->profile_combo = NULL;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  ms_thunderbird_list_profiles_async (self->cancellable, profiles_listed, g_object_ref (self));
}

static void
ms_apply_page_shown (MsPage *page)
{
  MsApplyPage *self = MS_APPLY_PAGE (page);
  MsAccount *account = ms_page_get_account (page);

  list_profiles (self);
  if (!ms_account_get_remember_password (account) || self->keyring_missing)
    {
      update_complete (self);
      return;
    }
  if (self->keyring_cancellable)
    g_cancellable_cancel (self->keyring_cancellable);
  g_clear_object (&self->keyring_cancellable);
  self->keyring_cancellable = g_cancellable_new ();
  self->keyring_checking = TRUE;
  update_complete (self);
  ms_keyring_check_available_async (self->keyring_cancellable, keyring_checked, g_object_ref (self));
}

static void
ms_apply_page_dispose (GObject *object)
{
  MsApplyPage *self = MS_APPLY_PAGE (object);

  if (self->keyring_cancellable)
    g_cancellable_cancel (self->keyring_cancellable);
  g_clear_object (&self->keyring_cancellable);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->thunderbird_row = NULL;
  g_clear_object (&self->session);
  g_clear_pointer (&self->clients, g_ptr_array_unref);
  g_clear_pointer (&self->checkboxes, g_ptr_array_unref);
  g_clear_pointer (&self->outcomes, g_ptr_array_unref);
  g_clear_pointer (&self->result_labels, g_hash_table_unref);
  G_OBJECT_CLASS (ms_apply_page_parent_class)->dispose (object);
}

static void
ms_apply_page_class_init (MsApplyPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ms_apply_page_dispose;
  MS_PAGE_CLASS (klass)->apply = ms_apply_page_apply;
  MS_PAGE_CLASS (klass)->shown = ms_apply_page_shown;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mailsetup/MailSetup/ms-apply-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsApplyPage, clients_box);
  gtk_widget_class_bind_template_child (widget_class, MsApplyPage, keyring_box);
  gtk_widget_class_bind_template_child (widget_class, MsApplyPage, keyring_label);
  gtk_widget_class_bind_template_child (widget_class, MsApplyPage, no_keyring_check);
  gtk_widget_class_bind_template_child (widget_class, MsApplyPage, results_box);
}

static void
ms_apply_page_init (MsApplyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->checkboxes = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->result_labels = g_hash_table_new (NULL, NULL);
  g_signal_connect_swapped (self->no_keyring_check, "toggled", G_CALLBACK (update_complete), self);
}

MsPage *
ms_apply_page_new (MsAccount *account, MsSetupSession *session, GPtrArray *clients)
{
  MsApplyPage *self = g_object_new (MS_TYPE_APPLY_PAGE, "account", account,
                                    "title", _("Mail Programs"), "forward-label", _("_Set Up"), NULL);

  self->session = g_object_ref (session);
  self->clients = g_ptr_array_ref (clients);
  g_signal_connect_object (session, "client-started", G_CALLBACK (client_started), self, 0);
  g_signal_connect_object (session, "client-finished", G_CALLBACK (client_finished), self, 0);
  fill_clients (self);
  g_signal_connect_object (account, "notify::remember-password", G_CALLBACK (update_complete), self,
                           G_CONNECT_SWAPPED);
  return MS_PAGE (self);
}

GPtrArray *
ms_apply_page_get_outcomes (MsApplyPage *self)
{
  return self->outcomes;
}
