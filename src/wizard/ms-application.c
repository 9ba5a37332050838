/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <sys/wait.h>

#include "cli/ms-cli.h"
#include "core/ms-provider-store.h"
#include "session/ms-setup-session.h"
#include "ms-application.h"
#include "ms-walkthrough.h"
#include "ms-wizard.h"

struct _MsApplication
{
  GtkApplication parent_instance;

  MsProviderStore *store;
  MsAccount *account;
  MsSetupSession *session;
  char *provider_id;
  gint64 started;
};

G_DEFINE_TYPE (MsApplication, ms_application, GTK_TYPE_APPLICATION)

static gboolean
first_frame_drawn (gpointer user_data)
{
  MsApplication *self = user_data;

  g_print ("first-frame-ms %.1f\n", (g_get_monotonic_time () - self->started) / 1000.0);
  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

static gboolean
window_drawn (GtkWidget *widget, cairo_t *cr, MsApplication *self)
{
  g_signal_handlers_disconnect_by_func (widget, window_drawn, self);
  g_idle_add_full (G_PRIORITY_HIGH, first_frame_drawn, self, NULL);
  return FALSE;
}

static void
ms_application_activate (GApplication *app)
{
  MsApplication *self = MS_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      if (self->provider_id)
        ms_account_set_provider (self->account, ms_provider_store_lookup (self->store, self->provider_id));
      window = GTK_WINDOW (ms_wizard_new (GTK_APPLICATION (app), self->session, self->store));
      /* For the start-up benchmark: quit once the first frame is drawn. */
      if (g_getenv ("MAIL_SETUP_EXIT_AFTER_FIRST_FRAME"))
        g_signal_connect_after (window, "draw", G_CALLBACK (window_drawn), self);
    }
  gtk_window_present (window);
}

static void
store_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ms_provider_store_load_finish (MS_PROVIDER_STORE (source), result, &error))
    g_warning ("Cannot read the provider profiles: %s", error->message);
}

static void
pins_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ms_pin_store_load_finish (MS_PIN_STORE (source), result, &error))
    g_warning ("Cannot read the accepted certificates: %s", error->message);
}

static void
ms_application_startup (GApplication *app)
{
  MsApplication *self = MS_APPLICATION (app);

  G_APPLICATION_CLASS (ms_application_parent_class)->startup (app);
  g_set_application_name (_("Mail Setup"));
  gtk_window_set_default_icon_name (MS_APP_ID);
  /* Profiles on disk are read in a thread; the built-in one is already here. */
  ms_provider_store_load_async (self->store, NULL, store_loaded, NULL);
  /* The certificates accepted earlier, likewise. */
  ms_pin_store_load_async (ms_setup_session_get_pin_store (self->session), NULL, pins_loaded, NULL);
}

static char **saved_argv;

void
ms_application_save_argv (char **argv)
{
  saved_argv = g_strdupv (argv);
}

/* No display (a server, an SSH session): run again inside a private Xvfb,
 * so that a helpdesk gets its pictures anyway. */
static int
run_under_xvfb (void)
{
  g_autofree char *xvfb = g_find_program_in_path ("xvfb-run");
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  int status = 1;

  if (xvfb == NULL || self == NULL || saved_argv == NULL || g_getenv ("MAIL_SETUP_UNDER_XVFB"))
    {
      g_printerr (_("The walkthrough needs a display, and xvfb-run (Debian package xvfb) is not installed.\n"));
      return 1;
    }
  g_strv_builder_add_many (builder, xvfb, "-a", "-s", "-screen 0 1280x1024x24 -nolisten tcp", self, NULL);
  for (guint i = 1; saved_argv[i]; i++)
    g_strv_builder_add (builder, saved_argv[i]);
  argv = g_strv_builder_end (builder);
  /* Guards against looping if Xvfb starts but GTK still cannot open it. */
  g_setenv ("MAIL_SETUP_UNDER_XVFB", "1", TRUE);
  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL, NULL, &status, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  return g_spawn_check_wait_status (status, NULL) ? 0 : (WIFEXITED (status) ? WEXITSTATUS (status) : 1);
}

static int
ms_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  MsApplication *self = MS_APPLICATION (app);
  const char *walkthrough = NULL;
  const char *lang = NULL;
  const char *provider = NULL;
  int status;

  if (g_variant_dict_lookup (options, "lang", "^&ay", &lang))
    {
      if (!g_str_equal (lang, "fr") && !g_str_equal (lang, "en"))
        {
          /* TRANSLATORS: %s is the value given with --lang, e.g. “de”; fr and en are option values: do not
           * translate them. */
          g_printerr (_("Unknown language “%s”: use fr or en.\n"), lang);
          return 2;
        }
      /* LANGUAGE overrides LANG for messages, and works in any UTF-8 locale. */
      g_setenv ("LANGUAGE", lang, TRUE);
    }
  /* The commands that need no window: the command line's own. */
  status = ms_cli_run (options, self->store);
  if (status >= 0)
    return status;
  if (g_variant_dict_lookup (options, "provider", "^&ay", &provider))
    {
      ms_provider_store_load_sync (self->store, NULL);
      if (ms_provider_store_lookup (self->store, provider) == NULL)
        {
          /* TRANSLATORS: %s is the provider id given with --provider, e.g. “3xo.fr”; --list-providers is an
           * option: do not translate it. */
          g_printerr (_("No provider profile has the id “%s”. See mail-setup --list-providers.\n"), provider);
          return 2;
        }
      self->provider_id = g_strdup (provider);
    }
  if (g_variant_dict_contains (options, "offline"))
    ms_setup_session_set_offline (self->session, TRUE);
  if (g_variant_dict_lookup (options, "walkthrough", "^&ay", &walkthrough))
    {
      if (!gtk_init_check (NULL, NULL))
        return run_under_xvfb ();
      ms_provider_store_load_sync (self->store, NULL);
      return ms_walkthrough_run (walkthrough, self->store,
                                 self->provider_id ? ms_provider_store_lookup (self->store, self->provider_id) : NULL);
    }
  return -1;
}

static void
ms_application_dispose (GObject *object)
{
  MsApplication *self = MS_APPLICATION (object);

  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_object (&self->account);
  g_clear_pointer (&self->provider_id, g_free);
  G_OBJECT_CLASS (ms_application_parent_class)->dispose (object);
}

static void
ms_application_class_init (MsApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ms_application_dispose;
  app_class->activate = ms_application_activate;
  app_class->startup = ms_application_startup;
  app_class->handle_local_options = ms_application_handle_local_options;
}

static void
ms_application_init (MsApplication *self)
{
  self->started = g_get_monotonic_time ();
  self->store = ms_provider_store_new ();
  self->account = ms_account_new (ms_provider_store_get_default (self->store));
  {
    g_autoptr(MsPinStore) pins = ms_pin_store_new (g_getenv ("MAIL_SETUP_PIN_STORE"));

    self->session = ms_setup_session_new (self->account, pins);
  }
  ms_setup_session_load_environment (self->session);
  g_application_add_main_option_entries (G_APPLICATION (self), ms_cli_option_entries ());
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Set up a mail account, check its servers and certificates, and write it into your mail programs."));
}

MsApplication *
ms_application_new (void)
{
  return g_object_new (MS_TYPE_APPLICATION, "application-id", MS_APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS, NULL);
}
