/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "wizard/ms-check-view.h"
#include "wizard/ms-server-form.h"
#include "ms-outgoing-page.h"

struct _MsOutgoingPage
{
  MsPage parent_instance;

  GtkWidget *content;
  GtkWidget *form;
  GtkWidget *check_view;
};

G_DEFINE_TYPE (MsOutgoingPage, ms_outgoing_page, MS_TYPE_PAGE)

static void
form_complete (MsOutgoingPage *self)
{
  ms_page_set_complete (MS_PAGE (self), ms_server_form_is_complete (MS_SERVER_FORM (self->form)));
}

static gboolean
ms_outgoing_page_apply (MsPage *page, GCancellable *cancellable)
{
  MsOutgoingPage *self = MS_OUTGOING_PAGE (page);

  return ms_check_view_apply (MS_CHECK_VIEW (self->check_view), page, cancellable);
}

static void
ms_outgoing_page_class_init (MsOutgoingPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  MS_PAGE_CLASS (klass)->apply = ms_outgoing_page_apply;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mailsetup/MailSetup/ms-outgoing-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsOutgoingPage, content);
}

static void
ms_outgoing_page_init (MsOutgoingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

MsPage *
ms_outgoing_page_new (MsAccount *account, MsSetupSession *session)
{
  MsOutgoingPage *self = g_object_new (MS_TYPE_OUTGOING_PAGE, "account", account,
                                       "title", _("Outgoing Server"), NULL);

  self->form = ms_server_form_new (account, ms_account_get_outgoing (account));
  gtk_widget_show (self->form);
  gtk_container_add (GTK_CONTAINER (self->content), self->form);
  self->check_view = ms_check_view_new (session, MS_ROLE_OUTGOING);
  gtk_widget_show (self->check_view);
  /* The verdict goes first: a problem found later, at the certificate
   * step, brings the user back here to read it. */
  gtk_box_pack_start (GTK_BOX (self->content), self->check_view, FALSE, FALSE, 0);
  gtk_box_reorder_child (GTK_BOX (self->content), self->check_view, 1);
  g_signal_connect_object (self->form, "notify::complete", G_CALLBACK (form_complete), self, G_CONNECT_SWAPPED);
  form_complete (self);
  return MS_PAGE (self);
}
