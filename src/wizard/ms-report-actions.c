/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ms-report-actions.h"

void
ms_report_actions_copy (GtkWidget *from, MsSetupSession *session, GPtrArray *outcomes)
{
  MsReportInput input = ms_report_input_from_session (session, outcomes);
  g_autofree char *text = ms_report_text (&input);

  gtk_clipboard_set_text (gtk_widget_get_clipboard (from, GDK_SELECTION_CLIPBOARD), text, -1);
}

typedef struct {
  GtkWidget *from;
  MsSetupSession *session;
  GPtrArray *outcomes;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_object_unref (data->from);
  g_object_unref (data->session);
  g_clear_pointer (&data->outcomes, g_ptr_array_unref);
  g_free (data);
}

static void
saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GtkWidget) from = user_data;
  g_autoptr(GError) error = NULL;

  if (!ms_report_save_finish (result, &error))
    {
      GtkWidget *toplevel = gtk_widget_get_toplevel (from);
      GtkWidget *dialog = gtk_message_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                                  GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                                  GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                                  _("The report could not be saved"));
      gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", error->message);
      g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
      gtk_widget_show (dialog);
    }
}

static void
chosen (GtkNativeDialog *chooser, int response, SaveData *data)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      MsReportInput input = ms_report_input_from_session (data->session, data->outcomes);

      ms_report_save_async (&input, file, NULL, saved, g_object_ref (data->from));
    }
  save_data_free (data);
  g_object_unref (chooser);
}

void
ms_report_actions_save (GtkWidget *from, MsSetupSession *session, GPtrArray *outcomes)
{
  GtkWidget *toplevel = gtk_widget_get_toplevel (from);
  GtkFileChooserNative *chooser;
  GtkFileFilter *html, *text;
  SaveData *data = g_new0 (SaveData, 1);

  chooser = gtk_file_chooser_native_new (_("Save Report"), GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (chooser), TRUE);
  /* Where people look for what they saved, not the folder Mail Setup was
   * started from. */
  {
    const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
    g_autofree char *folder = g_strdup (documents && g_file_test (documents, G_FILE_TEST_IS_DIR)
                                        ? documents : g_get_home_dir ());

    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder);
  }
  /* TRANSLATORS: default file name of the saved report; keep the .html. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("mail-setup-report.html"));
  html = gtk_file_filter_new ();
  gtk_file_filter_set_name (html, _("Web page (.html)"));
  gtk_file_filter_add_pattern (html, "*.html");
  text = gtk_file_filter_new ();
  gtk_file_filter_set_name (text, _("Text (.txt)"));
  gtk_file_filter_add_pattern (text, "*.txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), html);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), text);

  data->from = g_object_ref (from);
  data->session = g_object_ref (session);
  data->outcomes = outcomes ? g_ptr_array_ref (outcomes) : NULL;
  g_signal_connect (chooser, "response", G_CALLBACK (chosen), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
