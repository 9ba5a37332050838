/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "net/ms-test-message.h"
#include "ms-done-page.h"
#include "wizard/ms-report-actions.h"
#include "wizard/ms-ui.h"

struct _MsDonePage
{
  MsPage parent_instance;

  GtkWidget *title_icon;
  GtkWidget *title_label;
  GtkWidget *problems_label;
  GtkWidget *outcomes_box;
  GtkWidget *open_box;
  GtkWidget *test_button;
  GtkWidget *test_spinner;
  GtkWidget *sent_label;
  GtkWidget *received_label;

  MsApplyPage *apply_page;   /* not owned: a sibling in the same assistant */
  MsSetupSession *session;
  MsTestMessage *test;
  GCancellable *cancellable;
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
set_step (GtkWidget *label, const char *text, gboolean failed)
{
  GtkStyleContext *context = gtk_widget_get_style_context (label);

  gtk_label_set_text (GTK_LABEL (label), text);
  if (failed)
    gtk_style_context_add_class (context, "ms-error");
  else
    gtk_style_context_remove_class (context, "ms-error");
  gtk_widget_show (label);
}

/* A visible progress, step by step: sent, then received. */
static void
test_progress (MsTestMessage *test, guint stage, guint attempt, gint64 elapsed_ms, MsDonePage *self)
{
  g_autofree char *text = NULL;

  switch (stage)
    {
    case MS_TEST_MESSAGE_STAGE_SENDING:
      set_step (self->sent_label, _("Sending the message through the outgoing server…"), FALSE);
      break;
    case MS_TEST_MESSAGE_STAGE_SENT:
      set_step (self->sent_label, _("✓ Sent: the outgoing server accepted the message."), FALSE);
      break;
    case MS_TEST_MESSAGE_STAGE_WAITING:
      /* TRANSLATORS: %u is the number of looks into the inbox so far. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Waiting for it in your inbox (%u look so far)…",
                                           "Waiting for it in your inbox (%u looks so far)…", attempt), attempt);
      set_step (self->received_label, text, FALSE);
      break;
    default:
      break;
    }
}

static void
test_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(MsDonePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTestMessageResult) result = ms_test_message_run_finish (MS_TEST_MESSAGE (source), res, &error);

  gtk_spinner_stop (GTK_SPINNER (self->test_spinner));
  gtk_widget_hide (self->test_spinner);
  gtk_widget_set_sensitive (self->test_button, TRUE);
  if (result == NULL)
    {
      set_step (self->received_label, _("The test was cancelled."), FALSE);
      return;
    }
  if (result->sent == MS_TEST_STEP_FAILED)
    {
      /* TRANSLATORS: %s is the error message, e.g. “The outgoing server refused the recipient ana@3xo.fr (server
       * said: “…”)”. */
      g_autofree char *text = g_strdup_printf (_("✗ Not sent: %s"), result->send_error->message);
      set_step (self->sent_label, text, TRUE);
      gtk_widget_hide (self->received_label);
    }
  else if (result->received == MS_TEST_STEP_FAILED)
    {
      /* TRANSLATORS: %s is the error message, e.g. “The incoming server would not open your inbox: “…””. */
      g_autofree char *text = g_strdup_printf (_("✗ Not received: %s"), result->receive_error->message);
      set_step (self->received_label, text, TRUE);
    }
  else
    {
      /* TRANSLATORS: %.1f is a number of seconds with one decimal, e.g. 2.4. */
      g_autofree char *text = g_strdup_printf (_("✓ Received in your inbox, %.1f seconds after it was sent. Sending and receiving both work."),
                                               result->receive_ms / 1000.0);
      set_step (self->received_label, text, FALSE);
    }
}

static void
test_clicked (MsDonePage *self)
{
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->test);
  self->test = ms_setup_session_new_test_message (self->session);
  g_signal_connect_object (self->test, "progress", G_CALLBACK (test_progress), self, 0);
  gtk_widget_hide (self->received_label);
  gtk_widget_set_sensitive (self->test_button, FALSE);
  gtk_widget_show (self->test_spinner);
  gtk_spinner_start (GTK_SPINNER (self->test_spinner));
  ms_test_message_run_async (self->test, self->cancellable, test_done, g_object_ref (self));
}

/* Here the report also tells what was written where. */
static void
copy_report_clicked (MsDonePage *self)
{
  ms_report_actions_copy (GTK_WIDGET (self), self->session, ms_apply_page_get_outcomes (self->apply_page));
}

static void
save_report_clicked (MsDonePage *self)
{
  ms_report_actions_save (GTK_WIDGET (self), self->session, ms_apply_page_get_outcomes (self->apply_page));
}

/* "Ready" only when nothing failed: a customer who went on anyway is told
 * what will not work, the first thing to tell the helpdesk. */
static void
show_title (MsDonePage *self)
{
  g_autofree char *problems = ms_setup_session_describe_problems (self->session);
  GtkStyleContext *icon = gtk_widget_get_style_context (self->title_icon);

  gtk_label_set_text (GTK_LABEL (self->title_label), problems ? _("Your account is set up, but it will not work yet")
                                                              : _("Your account is ready"));
  gtk_image_set_from_icon_name (GTK_IMAGE (self->title_icon), problems ? "dialog-warning-symbolic"
                                                                       : "emblem-ok-symbolic", GTK_ICON_SIZE_DIALOG);
  if (problems)
    gtk_style_context_remove_class (icon, "ms-good");
  else
    gtk_style_context_add_class (icon, "ms-good");
  gtk_label_set_text (GTK_LABEL (self->problems_label), problems ? problems : "");
  gtk_widget_set_visible (self->problems_label, problems != NULL);
}

static void
ms_done_page_shown (MsPage *page)
{
  MsDonePage *self = MS_DONE_PAGE (page);
  GPtrArray *outcomes = ms_apply_page_get_outcomes (self->apply_page);

  ms_ui_container_clear (self->outcomes_box);
  ms_ui_container_clear (self->open_box);
  show_title (self);
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
ms_done_page_dispose (GObject *object)
{
  MsDonePage *self = MS_DONE_PAGE (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->test);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (ms_done_page_parent_class)->dispose (object);
}

static void
ms_done_page_class_init (MsDonePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ms_done_page_dispose;
  MS_PAGE_CLASS (klass)->shown = ms_done_page_shown;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mailsetup/MailSetup/ms-done-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsDonePage, title_icon);
  gtk_widget_class_bind_template_child (widget_class, MsDonePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, MsDonePage, problems_label);
  gtk_widget_class_bind_template_child (widget_class, MsDonePage, outcomes_box);
  gtk_widget_class_bind_template_child (widget_class, MsDonePage, open_box);
  gtk_widget_class_bind_template_child (widget_class, MsDonePage, test_button);
  gtk_widget_class_bind_template_child (widget_class, MsDonePage, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, MsDonePage, sent_label);
  gtk_widget_class_bind_template_child (widget_class, MsDonePage, received_label);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked);
  gtk_widget_class_bind_template_callback (widget_class, copy_report_clicked);
  gtk_widget_class_bind_template_callback (widget_class, save_report_clicked);
}

static void
ms_done_page_init (MsDonePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

MsPage *
ms_done_page_new (MsAccount *account, MsSetupSession *session, MsApplyPage *apply_page)
{
  MsDonePage *self = g_object_new (MS_TYPE_DONE_PAGE, "account", account, "title", _("Done"),
                                   "forward-label", _("_Close"), NULL);

  self->apply_page = apply_page;
  self->session = g_object_ref (session);
  ms_page_set_complete (MS_PAGE (self), TRUE);
  return MS_PAGE (self);
}
