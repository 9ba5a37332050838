/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ms-snapshot.h"
#include "ms-walkthrough.h"
#include "ms-wizard.h"

/* What the customer does at each step, by page kind. */
static char *
caption (const char *kind, const char *provider, const char *certificate_name)
{
  if (g_str_equal (kind, "provider"))
    /* TRANSLATORS: a caption of the customer walkthrough; %s is the provider's name, e.g. “3xo”. Continue is the
     * label of the wizard's button: use the same translation. */
    return g_strdup_printf (_("Open Mail Setup. %s is already selected as your provider: press Continue."), provider);
  if (g_str_equal (kind, "account"))
    return g_strdup (_("Type your name as others will see it, your full e-mail address and its password, then press Continue."));
  if (g_str_equal (kind, "incoming"))
    /* TRANSLATORS: a caption of the customer walkthrough; %s is the provider's name, e.g. “3xo”. Continue is the
     * label of the wizard's button: use the same translation. */
    return g_strdup_printf (_("Keep the settings %s recommends: IMAP with SSL/TLS on port 993, and your full e-mail address as the username. Press Continue: Mail Setup checks them."), provider);
  if (g_str_equal (kind, "outgoing"))
    /* TRANSLATORS: a caption of the customer walkthrough; %s is the provider's name, e.g. “3xo”. Continue is the
     * label of the wizard's button: use the same translation. */
    return g_strdup_printf (_("Keep SMTP with SSL/TLS on port 465, as %s recommends. Press Continue: Mail Setup checks the server."), provider);
  if (g_str_equal (kind, "certificates"))
    /* TRANSLATORS: a caption of the customer walkthrough: the server name the certificate is for, e.g.
     * “mail.3xo.fr”, the provider's name, e.g. “3xo”, the server name again, then the provider's name again. */
    return g_strdup_printf (_("The picture shows an example, not a real certificate: what the certificate of %s looks "
                              "like. When your mail program shows the real one, check that it belongs to %s: its "
                              "Common Name (CN) must be %s. If it is not, do not connect and contact %s."),
                            certificate_name, provider, certificate_name, provider);
  if (g_str_equal (kind, "summary"))
    return g_strdup (_("Check the summary. “Copy Settings” copies it, without your password, for a helpdesk call."));
  if (g_str_equal (kind, "apply"))
    return g_strdup (_("Choose your mail programs and press Set Up: Mail Setup writes the account and keeps your password in the keyring."));
  return g_strdup ("");
}

/* The name the incoming server's certificate must carry. */
static const char *
certificate_name (MsAccount *account)
{
  MsServer *server = ms_account_get_incoming (account);
  const char *name = ms_server_get_certificate_name (server);

  return name && *name ? name : ms_server_get_hostname (server);
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static char *
page_kind (MsPage *page)
{
  char *kind = g_ascii_strdown (G_OBJECT_TYPE_NAME (page) + 2, -1);

  /* "MsIncomingPage" gives "incoming". */
  if (g_str_has_suffix (kind, "page"))
    kind[strlen (kind) - 4] = '\0';
  return kind;
}

static gboolean
write_html (const char *dir, GString *body, GError **error)
{
  g_autofree char *path = g_build_filename (dir, "index.html", NULL);
  g_autofree char *title = g_markup_escape_text (_("Setting up your e-mail account, step by step"), -1);
  /* TRANSLATORS: the language code of this translation, for the HTML page. */
  const char *lang = C_("html lang", "en");
  g_autofree char *html = g_strdup_printf (
    "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n"
    "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#2e3436}"
    "img{max-width:100%%;border:1px solid #ccc;border-radius:6px}section{margin-bottom:2.5em}"
    "h2{font-size:1.2em}</style>\n</head>\n<body>\n<h1>%s</h1>\n%s</body>\n</html>\n",
    lang, title, title, body->str);

  return g_file_set_contents (path, html, -1, error);
}

int
ms_walkthrough_run (const char *dir, MsProviderStore *store, MsProvider *provider)
{
  g_autoptr(MsAccount) account = ms_account_new (provider ? provider : ms_provider_store_get_default (store));
  g_autoptr(MsSetupSession) session = ms_setup_session_new (account, NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *name;
  MsAssistant *assistant;
  guint n = 0;
  int status = 0;

  /* The pictures show the steps, not this machine's network. */
  ms_setup_session_set_offline (session, TRUE);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  assistant = ms_wizard_new (NULL, session, store);
  g_object_ref_sink (assistant);
  gtk_widget_show (GTK_WIDGET (assistant));
  name = ms_provider_get_display_name (ms_account_get_provider (account));

  /* The guide's own example. */
  g_object_set (account, "real-name", "Test", "address", "test@test.com",
                "password", "example-password", NULL);

  for (GList *l = ms_assistant_get_pages (assistant); l; l = l->next)
    {
      MsPage *page = l->data;
      g_autofree char *kind = page_kind (page);
      g_autofree char *file = g_strdup_printf ("%02u-%s.png", ++n, kind);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autofree char *text = caption (kind, name, certificate_name (account));
      g_autofree char *heading = NULL, *heading_html = NULL, *text_html = NULL;

      if (ms_assistant_get_current (assistant) != page)
        {
          /* TRANSLATORS: %s is the title of the wizard's page it stopped on, e.g. “Account”. */
          g_printerr (_("The walkthrough stopped: the step “%s” could not be completed.\n"),
                      ms_page_get_title (ms_assistant_get_current (assistant)));
          status = 1;
          break;
        }
      /* A page may still be asking something (the keyring): let it answer,
       * within a bound, so the picture shows the page ready to go on. */
      {
        gboolean timed_out = FALSE;
        guint timer = g_timeout_add_seconds (3, set_flag, &timed_out);

        while (!ms_page_get_complete (page) && !timed_out)
          g_main_context_iteration (NULL, TRUE);
        if (!timed_out)
          g_source_remove (timer);
      }
      if (!ms_snapshot_save_png (GTK_WIDGET (assistant), path, &error))
        {
          g_printerr ("%s\n", error->message);
          status = 1;
          break;
        }
      g_print ("%s\n", path);

      /* TRANSLATORS: "Step 3: Incoming Server". */
      heading = g_strdup_printf (_("Step %u: %s"), n, ms_page_get_title (page));
      heading_html = g_markup_escape_text (heading, -1);
      text_html = g_markup_escape_text (text, -1);
      g_string_append_printf (body, "<section>\n<h2>%s</h2>\n<p>%s</p>\n<img src=\"%s\" alt=\"%s\">\n</section>\n",
                              heading_html, text_html, file, heading_html);

      /* A walkthrough never writes anybody's mail programs. */
      if (g_str_equal (kind, "apply") || l->next == NULL)
        break;
      ms_assistant_next (assistant);
      ms_snapshot_settle ();
    }

  if (status == 0 && !write_html (dir, body, &error))
    {
      g_printerr ("%s\n", error->message);
      status = 1;
    }
  if (status == 0)
    g_print ("%s/index.html\n", dir);
  gtk_widget_destroy (GTK_WIDGET (assistant));
  g_object_unref (assistant);
  return status;
}
