/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ms-done-page.h"
#include "wizard/ms-ui.h"

struct _MsDonePage
{
  MsPage parent_instance;

  GtkWidget *outcomes_box;
  GtkWidget *open_box;

  MsApplyPage *apply_page;   /* not owned: a sibling in the same assistant */
};

G_DEFINE_TYPE (MsDonePage, ms_done_page, MS_TYPE_PAGE)

static void
open_clicked (GtkButton *button, MsDonePage *self)
{
  GAppInfo *info = g_object_get_data (G_OBJECT (button), "ms-app-info");
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkAppLaunchContext) context =
    gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (button)));

  if (!g_app_info_launch (info, NULL, G_APP_LAUNCH_CONTEXT (context), &error))
    {
      GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
      GtkWidget *dialog = gtk_message_dialog_new (GTK_WINDOW (toplevel), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                                  GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", error->message);
      g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
      gtk_widget_show (dialog);
    }
}

static void
ms_done_page_shown (MsPage *page)
{
  MsDonePage *self = MS_DONE_PAGE (page);
  GPtrArray *outcomes = ms_apply_page_get_outcomes (self->apply_page);

  ms_ui_container_clear (self->outcomes_box);
  ms_ui_container_clear (self->open_box);
  for (guint i = 0; outcomes && i < outcomes->len; i++)
    {
      MsApplyOutcome *outcome = g_ptr_array_index (outcomes, i);
      g_autoptr(GAppInfo) info = ms_client_get_app_info (outcome->client);
      GtkWidget *label;

      if (outcome->report == NULL)
        continue;
      label = ms_ui_label_new (outcome->report->summary, NULL, TRUE);
      gtk_container_add (GTK_CONTAINER (self->outcomes_box), label);

      if (info && ms_client_is_installed (outcome->client))
        {
          /* TRANSLATORS: a button, e.g. "Open Thunderbird". */
          g_autofree char *text = g_strdup_printf (_("Open %s"), ms_client_get_display_name (outcome->client));
          g_autofree char *id = g_strdup_printf ("open_%s", ms_client_get_id (outcome->client));
          GtkWidget *button = gtk_button_new_with_label (text);

          gtk_buildable_set_name (GTK_BUILDABLE (button), id);
          g_object_set_data_full (G_OBJECT (button), "ms-app-info", g_steal_pointer (&info), g_object_unref);
          g_signal_connect (button, "clicked", G_CALLBACK (open_clicked), self);
          gtk_widget_show (button);
          gtk_container_add (GTK_CONTAINER (self->open_box), button);
        }
    }
}

static void
ms_done_page_class_init (MsDonePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  MS_PAGE_CLASS (klass)->shown = ms_done_page_shown;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mailsetup/MailSetup/ms-done-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsDonePage, outcomes_box);
  gtk_widget_class_bind_template_child (widget_class, MsDonePage, open_box);
}

static void
ms_done_page_init (MsDonePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

MsPage *
ms_done_page_new (MsAccount *account, MsApplyPage *apply_page)
{
  MsDonePage *self = g_object_new (MS_TYPE_DONE_PAGE, "account", account, "title", _("Done"),
                                   "forward-label", _("_Close"), NULL);

  self->apply_page = apply_page;
  ms_page_set_complete (MS_PAGE (self), TRUE);
  return MS_PAGE (self);
}
