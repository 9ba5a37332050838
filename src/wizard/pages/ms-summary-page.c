/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "wizard/ms-phone-dialog.h"
#include "wizard/ms-ui.h"
#include "wizard/ms-report-actions.h"
#include "ms-summary-page.h"

struct _MsSummaryPage
{
  MsPage parent_instance;

  GtkWidget *summary_grid;
  GtkWidget *copy_button;
  GtkWidget *copied_label;
  GtkWidget *problems_label;

  MsSetupSession *session;
};

G_DEFINE_TYPE (MsSummaryPage, ms_summary_page, MS_TYPE_PAGE)

static GtkWidget *
add_label (GtkGrid *grid, const char *text, int column, int row, int width, const char *style)
{
  GtkWidget *label = ms_ui_label_new (text, style, column == 1);

  gtk_grid_attach (grid, label, column, row, width, 1);
  return label;
}

/* Everything shown, and copied, comes from one list of rows, so the two
 * never differ. */
static GPtrArray *
summary_rows (MsSummaryPage *self)
{
  return ms_setup_session_summary_rows (self->session);
}

/* A failed check is said first, in red, before the settings. */
static void
set_problems (GtkWidget *label, MsSetupSession *session)
{
  g_autofree char *problems = ms_setup_session_describe_problems (session);
  g_autofree char *text = NULL;

  if (problems)
    /* TRANSLATORS: %s is one line per server that does not work. */
    text = g_strdup_printf (_("These settings will not work yet:\n%s\nGo back to fix them, or copy a report for the "
                              "helpdesk."), problems);
  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
  gtk_widget_set_visible (label, text != NULL);
}

static void
rebuild (MsSummaryPage *self)
{
  g_autoptr(GPtrArray) rows = summary_rows (self);
  GtkGrid *grid = GTK_GRID (self->summary_grid);

  ms_ui_container_clear (GTK_WIDGET (grid));
  for (guint i = 0; i < rows->len; i++)
    {
      MsSummaryRow *row = g_ptr_array_index (rows, i);

      if (row->label == NULL)
        add_label (grid, row->value, 0, i, 2, "ms-summary-section");
      else
        {
          add_label (grid, row->label, 0, i, 1, "ms-dim");
          add_label (grid, row->value, 1, i, 1, NULL);
        }
    }
  gtk_widget_hide (self->copied_label);
  set_problems (self->problems_label, self->session);
}

static void
copy_clicked (MsSummaryPage *self)
{
  g_autoptr(GPtrArray) rows = summary_rows (self);
  g_autofree char *text = ms_summary_rows_to_text (rows);

  gtk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self), GDK_SELECTION_CLIPBOARD), text, -1);
  gtk_widget_show (self->copied_label);
}

static void
copy_report_clicked (MsSummaryPage *self)
{
  ms_report_actions_copy (GTK_WIDGET (self), self->session, NULL);
  gtk_widget_show (self->copied_label);
}

static void
save_report_clicked (MsSummaryPage *self)
{
  ms_report_actions_save (GTK_WIDGET (self), self->session, NULL);
}

static void
phone_clicked (MsSummaryPage *self)
{
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  GtkWidget *dialog = ms_phone_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                           ms_page_get_account (MS_PAGE (self)));

  g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
  gtk_widget_show (dialog);
}

static void
ms_summary_page_shown (MsPage *page)
{
  rebuild (MS_SUMMARY_PAGE (page));
}

static void
ms_summary_page_dispose (GObject *object)
{
  g_clear_object (&MS_SUMMARY_PAGE (object)->session);
  G_OBJECT_CLASS (ms_summary_page_parent_class)->dispose (object);
}

static void
ms_summary_page_class_init (MsSummaryPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ms_summary_page_dispose;
  MS_PAGE_CLASS (klass)->shown = ms_summary_page_shown;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mailsetup/MailSetup/ms-summary-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsSummaryPage, summary_grid);
  gtk_widget_class_bind_template_child (widget_class, MsSummaryPage, copy_button);
  gtk_widget_class_bind_template_child (widget_class, MsSummaryPage, copied_label);
  gtk_widget_class_bind_template_child (widget_class, MsSummaryPage, problems_label);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked);
  gtk_widget_class_bind_template_callback (widget_class, copy_report_clicked);
  gtk_widget_class_bind_template_callback (widget_class, save_report_clicked);
  gtk_widget_class_bind_template_callback (widget_class, phone_clicked);
}

static void
ms_summary_page_init (MsSummaryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

MsPage *
ms_summary_page_new (MsAccount *account, MsSetupSession *session)
{
  MsSummaryPage *self = g_object_new (MS_TYPE_SUMMARY_PAGE, "account", account, "title", _("Summary"), NULL);

  self->session = g_object_ref (session);
  ms_page_set_complete (MS_PAGE (self), TRUE);
  return MS_PAGE (self);
}
