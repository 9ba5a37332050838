/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ms-snapshot.h"
#include "ms-wizard.h"
#include "ms-wizard-resources.h"
#include "clients/ms-clients.h"
#include "pages/ms-account-page.h"
#include "pages/ms-apply-page.h"
#include "pages/ms-done-page.h"
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
ms_wizard_new (GtkApplication *app, MsSetupSession *session, MsProviderStore *store)
{
  MsAccount *account = ms_setup_session_get_account (session);
  g_autoptr(GPtrArray) clients = ms_clients_new_all ();
  MsAssistant *assistant;
  MsPage *incoming, *outgoing, *apply;

  ms_wizard_init_style ();
  assistant = ms_assistant_new (app, account, store);
  incoming = ms_incoming_page_new (account, session);
  outgoing = ms_outgoing_page_new (account, session);
  apply = ms_apply_page_new (account, session, clients);
  ms_assistant_add_page (assistant, ms_provider_page_new (account, store, session));
  ms_assistant_add_page (assistant, ms_account_page_new (account));
  ms_assistant_add_page (assistant, incoming);
  ms_assistant_add_page (assistant, outgoing);
  ms_assistant_add_page (assistant, ms_certificates_page_new (account, session, incoming, outgoing));
  ms_assistant_add_page (assistant, ms_summary_page_new (account, session));
  ms_assistant_add_page (assistant, apply);
  ms_assistant_add_page (assistant, ms_done_page_new (account, session, MS_APPLY_PAGE (apply)));
  return assistant;
}
