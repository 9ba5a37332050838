/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "clients/ms-cert-changes.h"
#include "clients/ms-cert-render.h"
#include "ms-certificate-card.h"
#include "ms-certificates-dialog-private.h"
#include "ms-ui.h"

G_DEFINE_TYPE (MsCertificatesDialog, ms_certificates_dialog, GTK_TYPE_WINDOW)

static const char *
provider_name (MsCertificatesDialog *self)
{
  return self->provider && !ms_provider_is_manual (self->provider) ? ms_provider_get_short_name (self->provider)
                                                                   : NULL;
}

void
ms_certificates_dialog_say (GtkWidget *label, const char *text, gboolean error)
{
  GtkStyleContext *context = gtk_widget_get_style_context (label);

  gtk_style_context_remove_class (context, error ? "ms-info-box" : "ms-error-box");
  gtk_style_context_add_class (context, error ? "ms-error-box" : "ms-info-box");
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_visible (label, text && *text);
}

void
ms_certificates_dialog_set_busy (MsCertificatesDialog *self, const char *what)
{
  self->busy = what != NULL;
  if (what)
    gtk_label_set_text (GTK_LABEL (self->loading_label), what);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), what ? "loading" : "list");
  gtk_widget_set_sensitive (self->refresh_button, what == NULL);
}

/* ---- showing the comparison ---- */

static void accept_clicked (GtkButton *button, MsCertificatesDialog *self);
static void delete_clicked (GtkButton *button, MsCertificatesDialog *self);

static void
fill (MsCertificatesDialog *self)
{
  MsCertAudit *audit = self->audit;
  g_autoptr(GPtrArray) cards = ms_certificate_cards_group (audit->rows);
  g_autofree char *intro = NULL;
  GString *problems = g_string_new (NULL);

  intro = provider_name (self)
    /* TRANSLATORS: %s is the provider's name, e.g. “3xo”; “Servers” is the name of a tab in Thunderbird's
     * certificate manager: use Thunderbird's translation. */
    ? g_strdup_printf (_("Your mail programs keep these exceptions for the servers of %s, as the “Servers” tab of "
                         "their certificate manager shows them. Each one is compared with the certificate its "
                         "server presents now."), provider_name (self))
    : g_strdup (_("Your mail programs keep these exceptions, as the “Servers” tab of their certificate manager shows "
                  "them. Each one is compared with the certificate its server presents now."));
  gtk_label_set_text (GTK_LABEL (self->intro_label), intro);
  ms_ui_container_clear (self->cards_box);
  if (cards->len == 0)
    gtk_container_add (GTK_CONTAINER (self->cards_box),
                       ms_ui_label_new (_("No certificate exception is stored for the provider’s servers: there is "
                                          "nothing to check."), "ms-info-box", FALSE));
  for (guint i = 0; i < cards->len; i++)
    gtk_container_add (GTK_CONTAINER (self->cards_box),
                       ms_certificate_card_new (cards->pdata[i], G_CALLBACK (accept_clicked),
                                                G_CALLBACK (delete_clicked), self));
  for (guint i = 0; i < audit->problems->len; i++)
    g_string_append_printf (problems, "%s%s", i ? "\n" : "", ((GError *) audit->problems->pdata[i])->message);
  gtk_label_set_text (GTK_LABEL (self->problems_label), problems->str);
  gtk_widget_set_visible (self->problems_label, problems->len > 0);
  g_string_free (problems, TRUE);
  ms_certificates_authority_fill (self);
  /* From the top, where what just happened is said. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
}

static void
audited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(MsCertificatesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  MsCertAudit *audit = ms_cert_audit_finish (result, &error);

  if (self->closed)
    {
      g_clear_pointer (&audit, ms_cert_audit_free);
      return;
    }
  ms_certificates_dialog_set_busy (self, NULL);
  if (audit == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ms_certificates_dialog_say (self->status_label, error->message, TRUE);
      else if (self->audit == NULL)
        ms_certificates_dialog_say (self->status_label, _("Cancelled: the exceptions were not compared."), FALSE);
      return;
    }
  g_clear_pointer (&self->audit, ms_cert_audit_free);
  self->audit = audit;
  fill (self);
}

void
ms_certificates_dialog_refresh (MsCertificatesDialog *self)
{
  MsCertAuditOptions options = { { NULL, NULL, self->pin_path }, self->provider, 0 };

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  ms_certificates_dialog_set_busy (self, _("Looking at the exceptions each mail program keeps, and asking each "
                                           "server for the certificate it presents now…"));
  ms_cert_audit_async (&options, self->cancellable, audited, g_object_ref (self));
}

static void
refresh_clicked (MsCertificatesDialog *self)
{
  gtk_widget_hide (self->status_label);
  ms_certificates_dialog_refresh (self);
}

static void
cancel_clicked (MsCertificatesDialog *self)
{
  g_cancellable_cancel (self->cancellable);
}

/* ---- renewing and deleting ---- */

static void
pins_reloaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ms_pin_store_load_finish (MS_PIN_STORE (source), result, &error))
    g_warning ("Cannot reload the accepted certificates: %s", error->message);
}

static void
changed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(MsCertificatesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = ms_cert_changes_apply_finish (result, &error);
  g_autofree char *text = NULL;
  gboolean failed = outcomes == NULL;

  /* The change is made either way; only the window has gone. */
  if (self->pins)
    ms_pin_store_load_async (self->pins, NULL, pins_reloaded, NULL);
  if (self->closed)
    return;
  ms_certificates_dialog_set_busy (self, NULL);
  if (outcomes == NULL)
    text = g_strdup (error->message);
  else
    {
      text = ms_cert_render_changes_text (outcomes, NULL);
      for (guint i = 0; i < outcomes->len; i++)
        failed |= ((MsCertOutcome *) outcomes->pdata[i])->error != NULL;
    }
  ms_certificates_dialog_say (self->status_label, g_strstrip (text), failed);
  ms_certificates_dialog_refresh (self);
}

static void
apply (MsCertificatesDialog *self, GPtrArray *edits)
{
  MsCertStores stores = { NULL, NULL, self->pin_path };

  ms_certificates_dialog_set_busy (self, _("Changing the mail programs’ exceptions…"));
  ms_cert_changes_apply_async (edits, &stores, FALSE, NULL, changed, g_object_ref (self));
}

/* The question before any change: answered in its own time, the window
 * goes on drawing meanwhile. */
static void
confirmed (GtkDialog *dialog, int response, MsCertificatesDialog *self)
{
  GPtrArray *edits = g_object_get_data (G_OBJECT (dialog), "ms-edits");

  if (response == GTK_RESPONSE_ACCEPT && !self->busy)
    apply (self, edits);
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
confirm (MsCertificatesDialog *self, const char *primary, const char *secondary, const char *button,
         GPtrArray *edits)
{
  GtkWidget *dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s", primary);

  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL, button, GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_object_set_data_full (G_OBJECT (dialog), "ms-edits", g_ptr_array_ref (edits), (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirmed), self, 0);
  gtk_widget_show (dialog);
}

static void
accept_clicked (GtkButton *button, MsCertificatesDialog *self)
{
  GPtrArray *rows = g_object_get_data (G_OBJECT (button), "ms-rows");
  MsCertAuditRow *row = rows->pdata[0];
  const MsCertInfo *leaf = ms_cert_audit_row_get_live_leaf (row);
  g_autofree char *spec = g_strdup_printf ("%s:%u=%s", row->host, row->port, leaf->sha256);
  const char *accepted[] = { spec, NULL };
  g_autofree char *programs = NULL, *primary = NULL, *secondary = NULL;
  g_autoptr(GPtrArray) chosen = NULL, edits = NULL;
  g_autoptr(GError) error = NULL;

  /* The engine's rule, as on the command line: every program's exception
   * for this server, and only what may be accepted. */
  chosen = ms_cert_renewal_select (self->audit->rows, accepted, NULL, &error);
  if (chosen == NULL || chosen->len == 0)
    {
      ms_certificates_dialog_say (self->status_label, error ? error->message : _("Nothing to accept."), TRUE);
      return;
    }
  programs = ms_certificate_card_programs (chosen);
  /* TRANSLATORS: host:port. */
  primary = g_strdup_printf (_("Accept the renewed certificate of %s:%u?"), row->host, row->port);
  /* TRANSLATORS: the Common Name, the SHA-256 fingerprint, then the programs. */
  secondary = g_strdup_printf (_("Its Common Name is %s and its SHA-256 fingerprint is %s. It replaces the old "
                                 "exception in: %s. A copy of each file changed is kept."),
                               leaf->common_name ? leaf->common_name : "-", leaf->sha256, programs);
  edits = ms_cert_edits_for_renewal (chosen, self->audit->rows);
  confirm (self, primary, secondary, _("_Accept"), edits);
}

static void
delete_clicked (GtkButton *button, MsCertificatesDialog *self)
{
  GPtrArray *rows = g_object_get_data (G_OBJECT (button), "ms-rows");
  MsCertAuditRow *row = rows->pdata[0];
  g_autoptr(GPtrArray) exceptions = g_ptr_array_new ();
  g_autoptr(GPtrArray) edits = NULL;
  g_autofree char *programs = ms_certificate_card_programs (rows);
  /* TRANSLATORS: host:port. */
  g_autofree char *primary = g_strdup_printf (_("Delete the exception for %s:%u?"), row->host, row->port);
  g_autofree char *secondary = NULL;

  secondary = row->status == MS_CERT_STATUS_NO_LONGER_NEEDED
    /* TRANSLATORS: the programs that keep the exception. */
    ? g_strdup_printf (_("It is deleted from: %s. They accept the server’s certificate without it. A copy of each file "
                         "changed is kept."), programs)
    /* TRANSLATORS: the programs that keep the exception, separated by commas, e.g. “Thunderbird, Evolution”. */
    : g_strdup_printf (_("It is deleted from: %s. They will warn again about this certificate, which does not belong "
                         "to the provider. A copy of each file changed is kept."), programs);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (exceptions, ((MsCertAuditRow *) rows->pdata[i])->exception);
  edits = ms_cert_edits_for_removal (exceptions);
  confirm (self, primary, secondary, _("_Delete"), edits);
}

/* ---- the window ---- */

static void
install_clicked (MsCertificatesDialog *self)
{
  ms_certificates_authority_install (self);
}

static void
system_clicked (MsCertificatesDialog *self)
{
  ms_certificates_authority_system (self);
}

static void
ms_certificates_dialog_dispose (GObject *object)
{
  MsCertificatesDialog *self = MS_CERTIFICATES_DIALOG (object);

  self->closed = TRUE;
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->provider);
  g_clear_object (&self->pins);
  g_clear_pointer (&self->audit, ms_cert_audit_free);
  g_clear_pointer (&self->authority, ms_cert_authority_file_free);
  g_clear_pointer (&self->pin_path, g_free);
  G_OBJECT_CLASS (ms_certificates_dialog_parent_class)->dispose (object);
}

static void
ms_certificates_dialog_class_init (MsCertificatesDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ms_certificates_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mailsetup/MailSetup/ms-certificates-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MsCertificatesDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, MsCertificatesDialog, scroller);
  gtk_widget_class_bind_template_child (widget_class, MsCertificatesDialog, loading_label);
  gtk_widget_class_bind_template_child (widget_class, MsCertificatesDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, MsCertificatesDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, MsCertificatesDialog, cards_box);
  gtk_widget_class_bind_template_child (widget_class, MsCertificatesDialog, authority_intro);
  gtk_widget_class_bind_template_child (widget_class, MsCertificatesDialog, authorities_box);
  gtk_widget_class_bind_template_child (widget_class, MsCertificatesDialog, install_button);
  gtk_widget_class_bind_template_child (widget_class, MsCertificatesDialog, system_button);
  gtk_widget_class_bind_template_child (widget_class, MsCertificatesDialog, authority_status);
  gtk_widget_class_bind_template_child (widget_class, MsCertificatesDialog, problems_label);
  gtk_widget_class_bind_template_child (widget_class, MsCertificatesDialog, refresh_button);
  gtk_widget_class_bind_template_callback (widget_class, refresh_clicked);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, install_clicked);
  gtk_widget_class_bind_template_callback (widget_class, system_clicked);
}

static void
ms_certificates_dialog_init (MsCertificatesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ms_certificates_dialog_new (GtkWindow *parent, MsProvider *provider, MsPinStore *pins)
{
  MsCertificatesDialog *self = g_object_new (MS_TYPE_CERTIFICATES_DIALOG, "transient-for", parent, NULL);
  const char *path = pins ? ms_pin_store_get_path (pins) : NULL;

  self->provider = provider ? g_object_ref (provider) : NULL;
  self->pins = pins ? g_object_ref (pins) : NULL;
  self->pin_path = g_strdup (path);
  ms_certificates_dialog_refresh (self);
  return GTK_WIDGET (self);
}

gboolean
ms_certificates_dialog_is_busy (MsCertificatesDialog *self)
{
  return self->busy;
}

MsCertAudit *
ms_certificates_dialog_get_audit (MsCertificatesDialog *self)
{
  return self->audit;
}
