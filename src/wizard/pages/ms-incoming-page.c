/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "wizard/ms-check-view.h"
#include "wizard/ms-server-form.h"
#include "ms-incoming-page.h"

struct _MsIncomingPage
{
  MsPage parent_instance;

  GtkWidget *content;
  GtkWidget *imap_radio;
  GtkWidget *pop_radio;
  GtkWidget *pop_box;
  GtkWidget *form;
  GtkWidget *check_view;
};

G_DEFINE_TYPE (MsIncomingPage, ms_incoming_page, MS_TYPE_PAGE)

static void
sync_from_model (MsIncomingPage *self)
{
  MsServer *server = ms_account_get_incoming (ms_page_get_account (MS_PAGE (self)));
  gboolean pop = ms_server_get_protocol (server) == MS_PROTOCOL_POP3;

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (pop ? self->pop_radio : self->imap_radio), TRUE);
  gtk_widget_set_visible (self->pop_box, pop);
  ms_page_set_complete (MS_PAGE (self), ms_server_form_is_complete (MS_SERVER_FORM (self->form)));
}

static void
protocol_toggled (MsIncomingPage *self)
{
  MsAccount *account = ms_page_get_account (MS_PAGE (self));

  if (self->form == NULL)
    return;
  ms_account_select_incoming (account, gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->pop_radio))
                                       ? MS_PROTOCOL_POP3 : MS_PROTOCOL_IMAP);
}

static void
update_labels (MsIncomingPage *self)
{
  MsProvider *provider = ms_account_get_provider (ms_page_get_account (MS_PAGE (self)));
  gboolean imap_first = provider && !ms_provider_is_manual (provider) &&
                        ms_provider_get_incoming (provider)->len > 0 &&
                        ((MsEndpoint *) g_ptr_array_index (ms_provider_get_incoming (provider), 0))->protocol == MS_PROTOCOL_IMAP;

  gtk_button_set_label (GTK_BUTTON (self->imap_radio),
                        imap_first || provider == NULL || ms_provider_is_manual (provider)
                        ? _("_IMAP (recommended): your mail stays on the server, the same on every device")
                        : _("_IMAP: your mail stays on the server, the same on every device"));
}

static gboolean
ms_incoming_page_apply (MsPage *page, GCancellable *cancellable)
{
  MsIncomingPage *self = MS_INCOMING_PAGE (page);

  return ms_check_view_apply (MS_CHECK_VIEW (self->check_view), page, cancellable);
}

static void
ms_incoming_page_class_init (MsIncomingPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  MS_PAGE_CLASS (klass)->apply = ms_incoming_page_apply;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mailsetup/MailSetup/ms-incoming-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsIncomingPage, content);
  gtk_widget_class_bind_template_child (widget_class, MsIncomingPage, imap_radio);
  gtk_widget_class_bind_template_child (widget_class, MsIncomingPage, pop_radio);
  gtk_widget_class_bind_template_child (widget_class, MsIncomingPage, pop_box);
  gtk_widget_class_bind_template_callback (widget_class, protocol_toggled);
}

static void
ms_incoming_page_init (MsIncomingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

MsPage *
ms_incoming_page_new (MsAccount *account, MsSetupSession *session)
{
  MsIncomingPage *self = g_object_new (MS_TYPE_INCOMING_PAGE, "account", account,
                                       "title", _("Incoming Server"), NULL);
  MsServer *server = ms_account_get_incoming (account);

  self->form = ms_server_form_new (account, server);
  gtk_widget_show (self->form);
  gtk_container_add (GTK_CONTAINER (self->content), self->form);
  self->check_view = ms_check_view_new (session, MS_ROLE_INCOMING);
  gtk_widget_show (self->check_view);
  /* The verdict goes first: a problem found later, at the certificate
   * step, brings the user back here to read it. */
  gtk_box_pack_start (GTK_BOX (self->content), self->check_view, FALSE, FALSE, 0);
  gtk_box_reorder_child (GTK_BOX (self->content), self->check_view, 1);

  g_signal_connect_object (self->form, "notify::complete", G_CALLBACK (sync_from_model), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (server, "notify::protocol", G_CALLBACK (sync_from_model), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::provider", G_CALLBACK (update_labels), self, G_CONNECT_SWAPPED);
  update_labels (self);
  sync_from_model (self);
  return MS_PAGE (self);
}
