/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "clients/ms-export.h"
#include "ms-phone-dialog.h"
#include "ms-ui.h"

struct _MsPhoneDialog
{
  GtkDialog parent_instance;

  MsAccount *account;
  GtkWidget *password_check;
  GtkWidget *warning_label;
  GtkWidget *status_label;
};

G_DEFINE_TYPE (MsPhoneDialog, ms_phone_dialog, GTK_TYPE_DIALOG)

static void
say (MsPhoneDialog *self, const char *text, gboolean error)
{
  GtkStyleContext *context = gtk_widget_get_style_context (self->status_label);

  gtk_label_set_text (GTK_LABEL (self->status_label), text);
  if (error)
    gtk_style_context_add_class (context, "ms-error");
  else
    gtk_style_context_remove_class (context, "ms-error");
  gtk_widget_show (self->status_label);
}

static void
saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(MsPhoneDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *path = g_file_get_path (G_FILE (source));
  g_autofree char *text = NULL;

  if (!ms_export_save_finish (result, &warning, &error))
    {
      say (self, error->message, TRUE);
      return;
    }
  /* TRANSLATORS: %s is the file saved. */
  text = g_strdup_printf (_("Saved as %s."), path);
  say (self, text, FALSE);
}

static void
chosen (GtkNativeDialog *chooser, int response, MsPhoneDialog *self)
{
  MsExportKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "ms-kind"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;
      gboolean with_password = kind == MS_EXPORT_KIND_MOBILECONFIG &&
                               gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->password_check));
      g_autoptr(MsMobileSettings) settings =
        ms_mobile_settings_new (self->account, with_password ? MS_EXPORT_PASSWORD_INCLUDE : MS_EXPORT_PASSWORD_OMIT,
                                &error);

      if (settings == NULL)
        say (self, error->message, TRUE);
      else
        {
          /* The settings are copied: the file is written in a thread while
           * the dialog goes on responding. */
          ms_export_save_async (settings, kind, file, NULL, saved, g_object_ref (self));
        }
    }
  g_object_unref (chooser);
}

static void
export_clicked (GtkButton *button, MsPhoneDialog *self)
{
  MsExportKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "ms-kind"));
  g_autoptr(MsMobileSettings) settings = ms_mobile_settings_new (self->account, MS_EXPORT_PASSWORD_OMIT, NULL);
  g_autofree char *name = settings ? ms_export_suggest_filename (settings, kind) : g_strdup ("mail");
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Save for Your Phone or Tablet"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));

  gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "ms-kind", GINT_TO_POINTER (kind));
  g_signal_connect (chooser, "response", G_CALLBACK (chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
password_toggled (MsPhoneDialog *self)
{
  gtk_widget_set_visible (self->warning_label,
                          gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->password_check)));
}

static GtkWidget *
export_row (MsPhoneDialog *self, MsExportKind kind, const char *button_text, const char *description,
            const char *id)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *button = gtk_button_new_with_mnemonic (button_text);

  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_buildable_set_name (GTK_BUILDABLE (button), id);
  g_object_set_data (G_OBJECT (button), "ms-kind", GINT_TO_POINTER (kind));
  g_signal_connect (button, "clicked", G_CALLBACK (export_clicked), self);
  gtk_container_add (GTK_CONTAINER (box), button);
  gtk_container_add (GTK_CONTAINER (box), ms_ui_label_new (description, "ms-dim", FALSE));
  gtk_widget_show_all (box);
  return box;
}

static void
ms_phone_dialog_dispose (GObject *object)
{
  g_clear_object (&MS_PHONE_DIALOG (object)->account);
  G_OBJECT_CLASS (ms_phone_dialog_parent_class)->dispose (object);
}

static void
ms_phone_dialog_class_init (MsPhoneDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ms_phone_dialog_dispose;
}

static void
ms_phone_dialog_init (MsPhoneDialog *self)
{
}

GtkWidget *
ms_phone_dialog_new (GtkWindow *parent, MsAccount *account)
{
  MsPhoneDialog *self = g_object_new (MS_TYPE_PHONE_DIALOG, "transient-for", parent, "modal", TRUE,
                                      "use-header-bar", TRUE, "title", _("Set Up a Phone or Tablet"), NULL);
  GtkWidget *content = gtk_dialog_get_content_area (GTK_DIALOG (self));

  self->account = g_object_ref (account);
  gtk_widget_set_name (GTK_WIDGET (self), "phone_dialog");
  gtk_box_set_spacing (GTK_BOX (content), 14);
  gtk_container_set_border_width (GTK_CONTAINER (content), 24);

  /* The guide's own advice for phones. */
  gtk_container_add (GTK_CONTAINER (content),
                     ms_ui_label_new (_("On a phone or tablet, use SSL only: IMAP on port 993 to receive, SMTP on port 465 to send, and never POP. Your password then never travels in clear on networks you do not own. These files set that up."),
                                      NULL, FALSE));

  gtk_container_add (GTK_CONTAINER (content),
                     export_row (self, MS_EXPORT_KIND_MOBILECONFIG, _("_Apple Profile for iPhone, iPad and Mac…"),
                                 _("Open the file on the device, then install it from the Settings app."),
                                 "export_mobileconfig"));
  self->password_check = gtk_check_button_new_with_mnemonic (_("_Include my password in the Apple profile"));
  gtk_buildable_set_name (GTK_BUILDABLE (self->password_check), "export_password");
  g_signal_connect_swapped (self->password_check, "toggled", G_CALLBACK (password_toggled), self);
  gtk_widget_show (self->password_check);
  gtk_container_add (GTK_CONTAINER (content), self->password_check);
  self->warning_label = ms_ui_label_new (ms_export_password_warning (), "ms-warning-box", FALSE);
  gtk_buildable_set_name (GTK_BUILDABLE (self->warning_label), "export_password_warning");
  gtk_widget_hide (self->warning_label);
  gtk_container_add (GTK_CONTAINER (content), self->warning_label);

  gtk_container_add (GTK_CONTAINER (content),
                     export_row (self, MS_EXPORT_KIND_AUTOCONFIG, _("Settings File for _Android…"),
                                 _("For Android mail apps that read automatic settings (config-v1.1.xml), such as Thunderbird for Android."),
                                 "export_autoconfig"));
  gtk_container_add (GTK_CONTAINER (content),
                     export_row (self, MS_EXPORT_KIND_CARD, _("_Printable Card (PDF)…"),
                                 _("The settings on one page, to type them in any mail app. Your password is never on it."),
                                 "export_card"));

  self->status_label = ms_ui_label_new ("", NULL, FALSE);
  gtk_buildable_set_name (GTK_BUILDABLE (self->status_label), "export_status");
  gtk_widget_hide (self->status_label);
  gtk_container_add (GTK_CONTAINER (content), self->status_label);
  return GTK_WIDGET (self);
}
