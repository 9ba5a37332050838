/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ms-assistant.h"
#include "ms-ui.h"

/* The frame around the steps, after gnome-initial-setup's GisAssistant:
 * a stack of MsPage, the buttons in the header bar, and a list of steps at
 * the side so that a helpdesk on the phone can say "you are at step 3". */
struct _MsAssistant
{
  GtkApplicationWindow parent_instance;

  GtkWidget *header;
  GtkWidget *back_button;
  GtkWidget *cancel_button;
  GtkWidget *forward_button;
  GtkWidget *spinner;
  GtkWidget *steps_box;
  GtkWidget *stack;

  MsAccount *account;
  MsProviderStore *store;
  GList *pages;
  GPtrArray *step_labels;
  MsPage *current;
  GtkWidget *quit_dialog;
};

G_DEFINE_TYPE (MsAssistant, ms_assistant, GTK_TYPE_APPLICATION_WINDOW)

enum { PAGE_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void update_buttons (MsAssistant *self);

static void
update_steps (MsAssistant *self)
{
  guint current = ms_assistant_get_current_index (self);

  for (guint i = 0; i < self->step_labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (self->step_labels, i);
      GtkStyleContext *context = gtk_widget_get_style_context (label);

      if (i == current)
        gtk_style_context_add_class (context, "current");
      else
        gtk_style_context_remove_class (context, "current");
      if (i < current)
        gtk_style_context_add_class (context, "done");
      else
        gtk_style_context_remove_class (context, "done");
      /* The class is only seen; a screen reader hears the description. */
      atk_object_set_description (gtk_widget_get_accessible (label),
                                  i == current ? C_("step state", "Current step")
                                  : i < current ? C_("step state", "Done") : C_("step state", "To do"));
    }
}

static void
update_title (MsAssistant *self)
{
  g_autofree char *subtitle = NULL;
  guint n = g_list_length (self->pages);

  if (self->current == NULL)
    return;
  /* TRANSLATORS: header bar subtitle, e.g. "Step 2 of 5". */
  subtitle = g_strdup_printf (_("Step %u of %u"), ms_assistant_get_current_index (self) + 1, n);
  gtk_header_bar_set_title (GTK_HEADER_BAR (self->header), ms_page_get_title (self->current));
  gtk_header_bar_set_subtitle (GTK_HEADER_BAR (self->header), subtitle);
}

static void
update_buttons (MsAssistant *self)
{
  gboolean applying;
  gboolean first, last;
  const char *label;

  if (self->current == NULL)
    return;
  applying = ms_page_get_applying (self->current);
  first = self->pages->data == self->current;
  last = g_list_last (self->pages)->data == self->current;

  /* While a page works, the only way out is Cancel, as in GisAssistant. */
  /* The last page reports what was done: there is no going back on it. */
  gtk_widget_set_visible (self->back_button, !first && !last && !applying);
  gtk_widget_set_visible (self->cancel_button, applying);
  gtk_widget_set_visible (self->spinner, applying);
  if (applying)
    gtk_spinner_start (GTK_SPINNER (self->spinner));
  else
    gtk_spinner_stop (GTK_SPINNER (self->spinner));

  label = ms_page_get_forward_label (self->current);
  if (label == NULL)
    label = last ? _("_Finish") : _("C_ontinue");
  gtk_button_set_label (GTK_BUTTON (self->forward_button), label);
  gtk_widget_set_sensitive (self->forward_button, ms_assistant_can_forward (self));
}

static void
page_notify (MsAssistant *self)
{
  update_buttons (self);
  update_title (self);
}

static void
show_page (MsAssistant *self, MsPage *page)
{
  self->current = page;
  gtk_stack_set_visible_child (GTK_STACK (self->stack), GTK_WIDGET (page));
  update_steps (self);
  update_title (self);
  update_buttons (self);
  ms_page_shown (page);
  /* Pages add check buttons of their own when shown. */
  ms_ui_wrap_check_buttons (GTK_WIDGET (page));
  /* Enter moves forward from any entry that activates the default. */
  gtk_widget_grab_default (self->forward_button);
  g_signal_emit (self, signals[PAGE_CHANGED], 0, page);
}

static void
apply_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(MsAssistant) self = user_data;
  MsPage *page = MS_PAGE (source);
  g_autoptr(GError) error = NULL;
  GList *link;

  update_buttons (self);
  if (!ms_page_apply_finish (page, result, &error) || page != self->current)
    return;

  link = g_list_find (self->pages, page);
  if (link->next)
    show_page (self, link->next->data);
  else
    gtk_widget_destroy (GTK_WIDGET (self));
}

gboolean
ms_assistant_can_forward (MsAssistant *self)
{
  return self->current != NULL && ms_page_get_complete (self->current) &&
         !ms_page_get_applying (self->current);
}

void
ms_assistant_next (MsAssistant *self)
{
  if (!ms_assistant_can_forward (self))
    return;
  ms_page_apply_begin (self->current, apply_done, g_object_ref (self));
  update_buttons (self);
}

void
ms_assistant_back (MsAssistant *self)
{
  GList *link = g_list_find (self->pages, self->current);

  if (link == NULL || link->prev == NULL || ms_page_get_applying (self->current))
    return;
  show_page (self, link->prev->data);
}

void
ms_assistant_go_to (MsAssistant *self, MsPage *page)
{
  if (g_list_find (self->pages, page) == NULL || (self->current && ms_page_get_applying (self->current)))
    return;
  show_page (self, page);
}

static void
quit_response (GtkDialog *dialog, int response, MsAssistant *self)
{
  gtk_widget_destroy (GTK_WIDGET (dialog));
  self->quit_dialog = NULL;
  if (response == GTK_RESPONSE_ACCEPT)
    gtk_widget_destroy (GTK_WIDGET (self));
}

/* Escape, Cancel and the close button all come here: stop the running
 * step if there is one, else leave, but never lose typed work silently. */
void
ms_assistant_cancel (MsAssistant *self)
{
  GtkWidget *dialog;

  if (self->current && ms_page_get_applying (self->current))
    {
      ms_page_apply_cancel (self->current);
      return;
    }
  if (self->quit_dialog)
    return;
  /* On the last page the accounts are written: nothing can be lost. */
  if (!ms_account_is_modified (self->account) || g_list_last (self->pages)->data == self->current)
    {
      gtk_widget_destroy (GTK_WIDGET (self));
      return;
    }

  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Stop setting up your account?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("Nothing has been written yet. What you typed will be lost."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          _("_Keep Going"), GTK_RESPONSE_CANCEL,
                          _("_Stop"), GTK_RESPONSE_ACCEPT,
                          NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  gtk_widget_set_name (dialog, "quit_dialog");
  g_signal_connect (dialog, "response", G_CALLBACK (quit_response), self);
  self->quit_dialog = dialog;
  gtk_widget_show (dialog);
}

static void
forward_clicked (MsAssistant *self)
{
  ms_assistant_next (self);
}

static void
back_clicked (MsAssistant *self)
{
  ms_assistant_back (self);
}

static void
cancel_clicked (MsAssistant *self)
{
  ms_assistant_cancel (self);
}

static gboolean
ms_assistant_key_press_event (GtkWidget *widget, GdkEventKey *event)
{
  MsAssistant *self = MS_ASSISTANT (widget);

  if (event->keyval == GDK_KEY_Escape)
    {
      ms_assistant_cancel (self);
      return GDK_EVENT_STOP;
    }
  return GTK_WIDGET_CLASS (ms_assistant_parent_class)->key_press_event (widget, event);
}

static gboolean
ms_assistant_delete_event (GtkWidget *widget, GdkEventAny *event)
{
  ms_assistant_cancel (MS_ASSISTANT (widget));
  return GDK_EVENT_STOP;
}

static void
ms_assistant_dispose (GObject *object)
{
  MsAssistant *self = MS_ASSISTANT (object);

  g_clear_pointer (&self->pages, g_list_free);
  g_clear_pointer (&self->step_labels, g_ptr_array_unref);
  g_clear_object (&self->account);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (ms_assistant_parent_class)->dispose (object);
}

static void
ms_assistant_class_init (MsAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_assistant_dispose;
  widget_class->key_press_event = ms_assistant_key_press_event;
  widget_class->delete_event = ms_assistant_delete_event;

  signals[PAGE_CHANGED] = g_signal_new ("page-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, MS_TYPE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mailsetup/MailSetup/ms-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, MsAssistant, header);
  gtk_widget_class_bind_template_child (widget_class, MsAssistant, back_button);
  gtk_widget_class_bind_template_child (widget_class, MsAssistant, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MsAssistant, forward_button);
  gtk_widget_class_bind_template_child (widget_class, MsAssistant, spinner);
  gtk_widget_class_bind_template_child (widget_class, MsAssistant, steps_box);
  gtk_widget_class_bind_template_child (widget_class, MsAssistant, stack);
  gtk_widget_class_bind_template_callback (widget_class, forward_clicked);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked);
}

static void
ms_assistant_init (MsAssistant *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->step_labels = g_ptr_array_new ();
}

MsAssistant *
ms_assistant_new (GtkApplication *app, MsAccount *account, MsProviderStore *store)
{
  MsAssistant *self = g_object_new (MS_TYPE_ASSISTANT, "application", app, NULL);

  self->account = g_object_ref (account);
  self->store = g_object_ref (store);
  return self;
}

MsAccount *
ms_assistant_get_account (MsAssistant *self)
{
  return self->account;
}

void
ms_assistant_add_page (MsAssistant *self, MsPage *page)
{
  GtkWidget *label;
  g_autofree char *text = NULL;

  self->pages = g_list_append (self->pages, page);
  gtk_container_add (GTK_CONTAINER (self->stack), GTK_WIDGET (page));
  ms_ui_wrap_check_buttons (GTK_WIDGET (page));
  gtk_widget_show (GTK_WIDGET (page));

  text = g_strdup_printf ("%u. %s", g_list_length (self->pages), ms_page_get_title (page));
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_show (label);
  gtk_container_add (GTK_CONTAINER (self->steps_box), label);
  g_ptr_array_add (self->step_labels, label);

  g_signal_connect_object (page, "notify::complete", G_CALLBACK (page_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::applying", G_CALLBACK (page_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::forward-label", G_CALLBACK (page_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::title", G_CALLBACK (page_notify), self, G_CONNECT_SWAPPED);

  if (self->current == NULL)
    show_page (self, page);
  else
    update_buttons (self);
  /* "Step 1 of N" counts every page, not those added so far. */
  update_title (self);
}

GList *ms_assistant_get_pages (MsAssistant *self) { return self->pages; }
MsPage *ms_assistant_get_current (MsAssistant *self) { return self->current; }
GtkWidget *ms_assistant_get_forward_button (MsAssistant *self) { return self->forward_button; }

guint
ms_assistant_get_current_index (MsAssistant *self)
{
  int index = g_list_index (self->pages, self->current);
  return index < 0 ? 0 : (guint) index;
}
