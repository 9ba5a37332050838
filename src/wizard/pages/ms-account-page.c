/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "core/ms-address.h"
#include "wizard/ms-ui.h"
#include "ms-account-page.h"

struct _MsAccountPage
{
  MsPage parent_instance;

  GtkWidget *name_entry;
  GtkWidget *address_entry;
  GtkWidget *address_error;
  GtkWidget *password_entry;
  GtkWidget *show_password_check;
  GtkWidget *remember_check;
  GtkWidget *status_label;
  GtkWidget *identity_expander;
  GtkWidget *reply_to_entry;
  GtkWidget *reply_to_error;
  GtkWidget *organization_entry;
  GtkWidget *signature_view;
};

G_DEFINE_TYPE (MsAccountPage, ms_account_page, MS_TYPE_PAGE)

static void
show_error (GtkWidget *label, const GError *error)
{
  gtk_label_set_text (GTK_LABEL (label), error ? error->message : "");
  gtk_widget_set_visible (label, error != NULL);
}

static void validate (MsAccountPage *self);

/* An address half typed is not wrong yet: its error waits until the user
 * leaves the field, and then follows each key until it is right. */
static gboolean
judged (GtkWidget *entry, GtkWidget *error_label)
{
  return !gtk_widget_has_focus (entry) || gtk_widget_get_visible (error_label);
}

static gboolean
address_left (MsAccountPage *self)
{
  validate (self);
  return GDK_EVENT_PROPAGATE;
}

/* Says what is wrong while the user types, but only about fields they
 * have started on, and tells what is still missing in a calm grey line. */
static void
validate (MsAccountPage *self)
{
  MsAccount *account = ms_page_get_account (MS_PAGE (self));
  g_autoptr(GError) address_error = NULL;
  g_autoptr(GError) reply_error = NULL;
  g_autoptr(GError) error = NULL;
  const char *address = ms_account_get_address (account);
  const char *reply_to = ms_account_get_reply_to (account);
  gboolean complete;

  if (*address)
    ms_address_validate (address, &address_error);
  show_error (self->address_error, judged (self->address_entry, self->address_error) ? address_error : NULL);

  if (*reply_to)
    ms_address_validate (reply_to, &reply_error);
  show_error (self->reply_to_error, judged (self->reply_to_entry, self->reply_to_error) ? reply_error : NULL);
  if (reply_error)
    gtk_expander_set_expanded (GTK_EXPANDER (self->identity_expander), TRUE);

  complete = ms_account_validate_identity (account, &error);
  gtk_label_set_text (GTK_LABEL (self->status_label), error ? error->message : "");
  gtk_widget_set_visible (self->status_label, error != NULL && address_error == NULL && reply_error == NULL);
  ms_page_set_complete (MS_PAGE (self), complete);
}

static void
ms_account_page_shown (MsPage *page)
{
  MsAccountPage *self = MS_ACCOUNT_PAGE (page);

  gtk_widget_grab_focus (self->name_entry);
}

static void
ms_account_page_class_init (MsAccountPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  MS_PAGE_CLASS (klass)->shown = ms_account_page_shown;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mailsetup/MailSetup/ms-account-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MsAccountPage, name)
  BIND (name_entry);
  BIND (address_entry);
  BIND (address_error);
  BIND (password_entry);
  BIND (show_password_check);
  BIND (remember_check);
  BIND (status_label);
  BIND (identity_expander);
  BIND (reply_to_entry);
  BIND (reply_to_error);
  BIND (organization_entry);
  BIND (signature_view);
#undef BIND
}

static void
ms_account_page_init (MsAccountPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* A mnemonic label is not a name to every screen reader: each field
   * carries its own. */
  ms_ui_set_accessible_name (self->name_entry, _("Your name"));
  ms_ui_set_accessible_name (self->address_entry, _("E-mail address"));
  ms_ui_set_accessible_name (self->password_entry, _("Password"));
  ms_ui_set_accessible_name (self->reply_to_entry, _("Reply-to address"));
  ms_ui_set_accessible_name (self->organization_entry, _("Organization"));
  ms_ui_set_accessible_name (self->signature_view, _("Signature"));
  ms_ui_expander_hides_child (self->identity_expander);
  g_signal_connect_swapped (self->address_entry, "focus-out-event", G_CALLBACK (address_left), self);
  g_signal_connect_swapped (self->reply_to_entry, "focus-out-event", G_CALLBACK (address_left), self);
}

static void
password_typed (GtkEntry *entry, MsAccount *account)
{
  ms_account_set_password (account, gtk_entry_get_text (entry));
}

static void
password_changed (MsAccount *account, GParamSpec *pspec, GtkEntry *entry)
{
  if (g_strcmp0 (gtk_entry_get_text (entry), ms_account_get_password (account)) != 0)
    gtk_entry_set_text (entry, ms_account_get_password (account));
}

MsPage *
ms_account_page_new (MsAccount *account)
{
  MsAccountPage *self = g_object_new (MS_TYPE_ACCOUNT_PAGE, "account", account,
                                      "title", _("Account"), NULL);
  GBindingFlags both = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->signature_view));

  g_object_bind_property (account, "real-name", self->name_entry, "text", both);
  g_object_bind_property (account, "address", self->address_entry, "text", both);
  /* Not a binding: each transfer would leave a copy of the password in a
   * freed GValue.  GtkEntryBuffer wipes its own memory; the text drawn when
   * "Show" is on (the Pango layout) and what input methods and
   * accessibility tools copy are beyond our reach. */
  gtk_entry_set_text (GTK_ENTRY (self->password_entry), ms_account_get_password (account));
  g_signal_connect_object (self->password_entry, "changed", G_CALLBACK (password_typed), account, 0);
  g_signal_connect_object (account, "notify::password", G_CALLBACK (password_changed), self->password_entry, 0);
  g_object_bind_property (account, "remember-password", self->remember_check, "active", both);
  g_object_bind_property (account, "reply-to", self->reply_to_entry, "text", both);
  g_object_bind_property (account, "organization", self->organization_entry, "text", both);
  g_object_bind_property (account, "signature", buffer, "text", both);
  g_object_bind_property (self->show_password_check, "active", self->password_entry, "visibility",
                          G_BINDING_SYNC_CREATE);

  g_signal_connect_object (account, "notify", G_CALLBACK (validate), self, G_CONNECT_SWAPPED);
  validate (self);
  return MS_PAGE (self);
}
