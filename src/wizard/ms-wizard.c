/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ms-snapshot.h"
#include "ms-wizard.h"
#include "ms-wizard-resources.h"
#include "pages/ms-account-page.h"
#include "pages/ms-certificates-page.h"
#include "pages/ms-incoming-page.h"
#include "pages/ms-outgoing-page.h"
#include "pages/ms-provider-page.h"
#include "pages/ms-summary-page.h"

void
ms_wizard_init_style (void)
{
  static gboolean done;
  g_autoptr(GtkCssProvider) css = NULL;

  if (done)
    return;
  done = TRUE;
  g_resources_register (ms_wizard_get_resource ());
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_default (), "/io/github/mailsetup/MailSetup/icons");
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/mailsetup/MailSetup/style.css");
  gtk_style_context_add_provider_for_screen (gdk_screen_get_default (), GTK_STYLE_PROVIDER (css),
                                             GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

MsAssistant *
ms_wizard_new (GtkApplication *app, MsAccount *account, MsProviderStore *store, MsChecks *checks)
{
  MsAssistant *assistant;

  ms_wizard_init_style ();
  assistant = ms_assistant_new (app, account, store);
  ms_assistant_add_page (assistant, ms_provider_page_new (account, store));
  ms_assistant_add_page (assistant, ms_account_page_new (account));
  ms_assistant_add_page (assistant, ms_incoming_page_new (account, checks));
  ms_assistant_add_page (assistant, ms_outgoing_page_new (account, checks));
  ms_assistant_add_page (assistant, ms_certificates_page_new (account, checks));
  ms_assistant_add_page (assistant, ms_summary_page_new (account, checks));
  return assistant;
}

/* Drives the real wizard with the guide's example data and keeps a picture
 * of every step: a ready-made document for a helpdesk. */
int
ms_wizard_walkthrough (const char *dir, MsProviderStore *store)
{
  g_autoptr(MsAccount) account = ms_account_new (NULL);
  g_autoptr(MsChecks) checks = ms_checks_new (account);
  MsAssistant *assistant;
  guint n = 0;

  /* The pictures show the steps, not this machine's network. */
  ms_checks_set_enabled (checks, FALSE);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  assistant = ms_wizard_new (NULL, account, store, checks);
  g_object_ref_sink (assistant);
  gtk_widget_show (GTK_WIDGET (assistant));

  g_object_set (account, "real-name", "Test", "address", "test@test.com",
                "password", "example-password", "organization", "3xo.fr", NULL);

  for (GList *l = ms_assistant_get_pages (assistant); l; l = l->next)
    {
      MsPage *page = l->data;
      g_autofree char *kind = g_ascii_strdown (G_OBJECT_TYPE_NAME (page) + 2, -1);
      g_autofree char *name = NULL;

      /* "MsIncomingPage" gives "03-incoming.png". */
      if (g_str_has_suffix (kind, "page"))
        kind[strlen (kind) - 4] = '\0';
      name = g_strdup_printf ("%02u-%s.png", ++n, kind);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;

      if (ms_assistant_get_current (assistant) != page)
        {
          g_printerr (_("The walkthrough stopped: the step “%s” could not be completed.\n"),
                      ms_page_get_title (ms_assistant_get_current (assistant)));
          gtk_widget_destroy (GTK_WIDGET (assistant));
          return 1;
        }
      if (!ms_snapshot_save_png (GTK_WIDGET (assistant), path, &error))
        {
          g_printerr ("%s\n", error->message);
          gtk_widget_destroy (GTK_WIDGET (assistant));
          return 1;
        }
      g_print ("%s\n", path);
      if (l->next)
        {
          ms_assistant_next (assistant);
          ms_snapshot_settle ();
        }
    }
  gtk_widget_destroy (GTK_WIDGET (assistant));
  g_object_unref (assistant);
  return 0;
}
