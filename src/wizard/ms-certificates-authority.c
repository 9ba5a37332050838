/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "clients/thunderbird/ms-thunderbird.h"
#include "ms-certificates-dialog-private.h"
#include "ms-ui.h"

/* The authorities section: the provider's authorities and where they are
 * trusted, installing one in Thunderbird after the user has compared its
 * fingerprint, and the system route for Evolution, explained first. */

static const char *
provider_name (MsCertificatesDialog *self)
{
  return self->provider && !ms_provider_is_manual (self->provider) ? ms_provider_get_short_name (self->provider)
                                                                   : NULL;
}

static char *
joined (GPtrArray *names)
{
  g_autoptr(GPtrArray) copy = g_ptr_array_new ();

  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (copy, names->pdata[i]);
  g_ptr_array_add (copy, NULL);
  return g_strjoinv (", ", (char **) copy->pdata);
}

void
ms_certificates_authority_fill (MsCertificatesDialog *self)
{
  GPtrArray *states = self->audit ? self->audit->authorities : NULL;
  const char *name = provider_name (self);
  g_autofree char *intro = NULL;

  if (states && states->len > 0)
    /* TRANSLATORS: %s is the provider's name, e.g. “3xo”, or “your provider”; the authorities' names follow the
     * colon. */
    intro = g_strdup_printf (_("With the provider’s authority trusted, the mail programs accept its certificates by "
                               "themselves, renewed ones included, and the exceptions above are no longer needed. "
                               "The profile of %s names:"), name ? name : _("your provider"));
  else if (name)
    /* TRANSLATORS: %s is the provider's name, e.g. “3xo”; PEM is a file format: do not translate it. */
    intro = g_strdup_printf (_("The profile of %s names no certificate authority. If your provider gives you the file "
                               "of its authority (PEM), you can install it here: compare its SHA-256 fingerprint with "
                               "the one your provider gives you."), name);
  else
    intro = g_strdup (_("If your provider gives you the file of its certificate authority (PEM), you can install it "
                        "here: compare its SHA-256 fingerprint with the one your provider gives you."));
  gtk_label_set_text (GTK_LABEL (self->authority_intro), intro);

  ms_ui_container_clear (self->authorities_box);
  for (guint i = 0; states && i < states->len; i++)
    {
      MsCertAuthorityState *a = states->pdata[i];
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      g_autofree char *with = joined (a->thunderbird_with);
      g_autofree char *without = joined (a->thunderbird_without);
      g_autofree char *fingerprint = g_strdup_printf ("%s\n%s", _("SHA-256 fingerprint:"), a->sha256);
      /* TRANSLATORS: %s is a web address, e.g. “https://www.3xo.fr/ca.pem”. */
      g_autofree char *where = a->url ? g_strdup_printf (_("Where to get it: %s"), a->url) : NULL;
      g_autofree char *tb = NULL;
      const char *system = a->in_system ? _("The whole computer trusts it: so does Evolution.")
                                        : _("The whole computer does not trust it: Evolution does not either.");

      if (a->thunderbird_without->len == 0 && a->thunderbird_with->len > 0)
        tb = g_strdup (_("Every Thunderbird profile trusts it."));
      else if (a->thunderbird_with->len == 0)
        tb = a->thunderbird_without->len ? g_strdup (_("No Thunderbird profile trusts it yet."))
                                         : g_strdup (_("There is no Thunderbird profile yet."));
      else
        /* TRANSLATORS: profile names, then profile names. */
        tb = g_strdup_printf (_("Thunderbird profiles that trust it: %s. Not yet: %s."), with, without);
      gtk_style_context_add_class (gtk_widget_get_style_context (box), "ms-card");
      gtk_container_add (GTK_CONTAINER (box), ms_ui_label_new (a->name, "ms-card-title", TRUE));
      gtk_container_add (GTK_CONTAINER (box), ms_ui_label_new (fingerprint, "ms-fingerprint", TRUE));
      if (where)
        gtk_container_add (GTK_CONTAINER (box), ms_ui_label_new (where, NULL, TRUE));
      gtk_container_add (GTK_CONTAINER (box), ms_ui_label_new (tb, NULL, FALSE));
      gtk_container_add (GTK_CONTAINER (box), ms_ui_label_new (system, NULL, FALSE));
      gtk_widget_show (box);
      gtk_container_add (GTK_CONTAINER (self->authorities_box), box);
    }
  gtk_widget_set_visible (self->system_button, self->authority != NULL);
}

/* ---- installing in Thunderbird ---- */

typedef struct {
  MsCertAuthorityFile *file;
  GPtrArray *profiles;      /* MsThunderbirdProfile* */
} Chosen;

static void
chosen_free (Chosen *c)
{
  ms_cert_authority_file_free (c->file);
  g_clear_pointer (&c->profiles, g_ptr_array_unref);
  g_free (c);
}

typedef struct {
  char *path;
  MsProvider *provider;
} ReadData;

static void
read_data_free (ReadData *d)
{
  g_free (d->path);
  g_clear_object (&d->provider);
  g_free (d);
}

static void
read_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ReadData *d = task_data;
  Chosen *c = g_new0 (Chosen, 1);
  GError *error = NULL;

  c->file = ms_cert_authority_file_read (d->path, d->provider, &error);
  if (c->file == NULL)
    {
      chosen_free (c);
      g_task_return_error (task, error);
      return;
    }
  c->profiles = ms_thunderbird_list_profiles (NULL);
  if (c->profiles == NULL)
    c->profiles = g_ptr_array_new ();
  g_task_return_pointer (task, c, (GDestroyNotify) chosen_free);
}

static void
installed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(MsCertificatesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsCertOutcome) outcome = ms_cert_authority_install_finish (result, &error);
  g_autofree char *text = NULL;
  const char *cn = self->authority && self->authority->info->common_name ? self->authority->info->common_name : "?";

  if (self->closed)
    return;
  ms_certificates_dialog_set_busy (self, NULL);
  if (outcome == NULL || outcome->error)
    {
      ms_certificates_dialog_say (self->authority_status, outcome ? outcome->error->message : error->message, TRUE);
      return;
    }
  if (outcome->written->len == 0)
    /* TRANSLATORS: %s is the certificate authority's name (its Common Name), e.g. “3xo Root CA”. */
    text = g_strdup_printf (_("Thunderbird already trusts the authority “%s”."), cn);
  else
    /* TRANSLATORS: %s is the certificate authority's name (its Common Name), e.g. “3xo Root CA”; “Trust It for
     * the Whole Computer” is the label of a button of this dialog: use the same translation. */
    text = g_strdup_printf (_("Thunderbird now trusts the authority “%s” for servers: the certificates it signs, "
                              "renewed ones included, are accepted without an exception. Evolution does not read "
                              "Thunderbird’s authorities: to trust it there too, use “Trust It for the Whole "
                              "Computer”."), cn);
  ms_certificates_dialog_say (self->authority_status, text, FALSE);
  ms_certificates_dialog_refresh (self);
}

static void
confirm_toggled (GtkToggleButton *check, GtkDialog *dialog)
{
  gtk_dialog_set_response_sensitive (dialog, GTK_RESPONSE_ACCEPT, gtk_toggle_button_get_active (check));
}

static void
install_answered (GtkDialog *dialog, int response, MsCertificatesDialog *self)
{
  GtkWidget *combo = g_object_get_data (G_OBJECT (dialog), "ms-profile-combo");
  g_autofree char *profile = combo ? gtk_combo_box_text_get_active_text (GTK_COMBO_BOX_TEXT (combo)) : NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->authority && !self->busy)
    {
      ms_certificates_dialog_set_busy (self, _("Adding the authority to Thunderbird’s certificates…"));
      ms_cert_authority_install_async (self->authority, profile, FALSE, NULL, installed, g_object_ref (self));
    }
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static GtkWidget *
profile_chooser (GPtrArray *profiles)
{
  GtkWidget *combo = gtk_combo_box_text_new ();
  int active = 0;

  for (guint i = 0; i < profiles->len; i++)
    {
      MsThunderbirdProfile *p = profiles->pdata[i];
      gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (combo), p->name);
      if (p->is_default)
        active = (int) i;
    }
  gtk_combo_box_set_active (GTK_COMBO_BOX (combo), active);
  gtk_buildable_set_name (GTK_BUILDABLE (combo), "authority_profile_combo");
  gtk_widget_show (combo);
  return combo;
}

/* What the user checks before trusting an authority: its name and its
 * SHA-256, said to be the profile's or to be compared by hand. */
static void
ask_install (MsCertificatesDialog *self, GPtrArray *profiles)
{
  MsCertAuthorityFile *file = self->authority;
  GtkWidget *dialog = gtk_dialog_new_with_buttons (_("Install the Authority"), GTK_WINDOW (self),
                                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT |
                                                   GTK_DIALOG_USE_HEADER_BAR, _("_Cancel"), GTK_RESPONSE_CANCEL,
                                                   _("_Install"), GTK_RESPONSE_ACCEPT, NULL);
  GtkWidget *area = gtk_dialog_get_content_area (GTK_DIALOG (dialog));
  /* TRANSLATORS: %s is the certificate authority's name (its Common Name), e.g. “3xo Root CA”. */
  g_autofree char *name = g_strdup_printf (_("Authority: %s"), file->info->common_name ? file->info->common_name : "?");
  g_autofree char *fingerprint = g_strdup_printf ("%s\n%s", _("SHA-256 fingerprint:"), file->info->sha256);
  g_autofree char *listed = NULL;

  gtk_buildable_set_name (GTK_BUILDABLE (dialog), "authority_dialog");
  gtk_container_set_border_width (GTK_CONTAINER (area), 18);
  gtk_box_set_spacing (GTK_BOX (area), 12);
  gtk_container_add (GTK_CONTAINER (area), ms_ui_label_new (name, "ms-card-title", TRUE));
  gtk_container_add (GTK_CONTAINER (area), ms_ui_label_new (fingerprint, "ms-fingerprint", TRUE));
  if (file->listed_name)
    {
      /* TRANSLATORS: %s is the authority's name in the provider profile, e.g. “3xo Root CA”. */
      listed = g_strdup_printf (_("It is the authority the provider profile names: “%s”."), file->listed_name);
      gtk_container_add (GTK_CONTAINER (area), ms_ui_label_new (listed, "ms-info-box", FALSE));
    }
  else
    {
      GtkWidget *check = gtk_check_button_new_with_mnemonic (_("I _compared this fingerprint with the one my provider "
                                                               "gives, and they are the same"));

      gtk_container_add (GTK_CONTAINER (area),
                         ms_ui_label_new (_("The provider profile does not name this authority. Compare the "
                                            "fingerprint above with the one your provider gives you, character by "
                                            "character: an authority you trust can vouch for any server."),
                                          "ms-warning-box", FALSE));
      gtk_buildable_set_name (GTK_BUILDABLE (check), "authority_confirm_check");
      g_signal_connect (check, "toggled", G_CALLBACK (confirm_toggled), dialog);
      gtk_widget_show (check);
      gtk_container_add (GTK_CONTAINER (area), check);
      gtk_dialog_set_response_sensitive (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT, FALSE);
    }
  gtk_container_add (GTK_CONTAINER (area),
                     ms_ui_label_new (_("Thunderbird will trust it to identify servers only, not for signed mail nor "
                                        "for software. Close Thunderbird first: it keeps its certificates open while "
                                        "it runs."), NULL, FALSE));
  if (profiles->len > 1)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *combo = profile_chooser (profiles);
      GtkWidget *label = gtk_label_new_with_mnemonic (_("Thunderbird _profile"));

      gtk_label_set_mnemonic_widget (GTK_LABEL (label), combo);
      gtk_container_add (GTK_CONTAINER (row), label);
      gtk_container_add (GTK_CONTAINER (row), combo);
      gtk_widget_show_all (row);
      gtk_container_add (GTK_CONTAINER (area), row);
      g_object_set_data (G_OBJECT (dialog), "ms-profile-combo", combo);
    }
  g_signal_connect_object (dialog, "response", G_CALLBACK (install_answered), self, 0);
  gtk_widget_show (dialog);
}

static void
file_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(MsCertificatesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  Chosen *chosen = g_task_propagate_pointer (G_TASK (result), &error);

  if (self->closed)
    {
      g_clear_pointer (&chosen, chosen_free);
      return;
    }
  if (chosen == NULL)
    {
      ms_certificates_dialog_say (self->authority_status, error->message, TRUE);
      return;
    }
  g_clear_pointer (&self->authority, ms_cert_authority_file_free);
  self->authority = g_steal_pointer (&chosen->file);
  gtk_widget_show (self->system_button);
  ask_install (self, chosen->profiles);
  chosen_free (chosen);
}

static void
file_chosen (GtkDialog *chooser, int response, MsCertificatesDialog *self)
{
  g_autofree char *path = response == GTK_RESPONSE_ACCEPT ? gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser))
                                                          : NULL;

  gtk_widget_destroy (GTK_WIDGET (chooser));
  if (path)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, file_read, g_object_ref (self));
      ReadData *d = g_new0 (ReadData, 1);

      d->path = g_steal_pointer (&path);
      d->provider = self->provider ? g_object_ref (self->provider) : NULL;
      g_task_set_task_data (task, d, (GDestroyNotify) read_data_free);
      g_task_run_in_thread (task, read_thread);
    }
}

void
ms_certificates_authority_install (MsCertificatesDialog *self)
{
  GtkWidget *chooser = gtk_file_chooser_dialog_new (_("Choose the Authority’s File"), GTK_WINDOW (self),
                                                    GTK_FILE_CHOOSER_ACTION_OPEN, _("_Cancel"), GTK_RESPONSE_CANCEL,
                                                    _("_Open"), GTK_RESPONSE_ACCEPT, NULL);
  GtkFileFilter *pem = gtk_file_filter_new ();
  GtkFileFilter *all = gtk_file_filter_new ();

  gtk_file_filter_set_name (pem, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (pem, "*.pem");
  gtk_file_filter_add_pattern (pem, "*.crt");
  gtk_file_filter_add_pattern (pem, "*.cer");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), pem);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_window_set_modal (GTK_WINDOW (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (file_chosen), self, 0);
  gtk_widget_show (chooser);
}

/* ---- the system route ---- */

static void
system_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(MsCertificatesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = ms_cert_authority_install_system_finish (result, &error);

  if (self->closed)
    return;
  ms_certificates_dialog_set_busy (self, NULL);
  if (!ok)
    {
      g_autofree char *commands = ms_cert_authority_system_commands ("AUTHORITY.pem", self->authority);
      g_autofree char *text = g_strdup_printf ("%s\n%s", error->message, commands);
      ms_certificates_dialog_say (self->authority_status, text, TRUE);
      return;
    }
  {
    /* TRANSLATORS: %s is the certificate authority's name (its Common Name), e.g. “3xo Root CA”. */
    g_autofree char *text = g_strdup_printf (_("The whole computer now trusts the authority “%s”: Evolution accepts the "
                                               "certificates it signs without exceptions."),
                                             self->authority->info->common_name);
    ms_certificates_dialog_say (self->authority_status, text, FALSE);
  }
  ms_certificates_dialog_refresh (self);
}

static void
system_answered (GtkDialog *dialog, int response, MsCertificatesDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->authority && !self->busy)
    {
      ms_certificates_dialog_set_busy (self, _("Waiting for an administrator’s password…"));
      ms_cert_authority_install_system_async (self->authority, NULL, system_done, g_object_ref (self));
    }
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

void
ms_certificates_authority_system (MsCertificatesDialog *self)
{
  g_autofree char *explanation = NULL;
  GtkWidget *dialog;

  if (self->authority == NULL)
    return;
  /* Never silently: what it means comes first, the password second. */
  explanation = ms_cert_authority_system_explanation (self->authority);
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE, "%s",
                                   _("Trust the authority for the whole computer?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", explanation);
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Ask for an Administrator’s Password"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  gtk_buildable_set_name (GTK_BUILDABLE (dialog), "system_dialog");
  g_signal_connect_object (dialog, "response", G_CALLBACK (system_answered), self, 0);
  gtk_widget_show (dialog);
}
