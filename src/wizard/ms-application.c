/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <sys/wait.h>

#include "core/ms-provider-store.h"
#include "clients/ms-apply-cli.h"
#include "net/ms-check-cli.h"
#include "ms-application.h"
#include "ms-walkthrough.h"
#include "ms-wizard.h"

struct _MsApplication
{
  GtkApplication parent_instance;

  MsProviderStore *store;
  MsAccount *account;
  MsChecks *checks;
  char *provider_id;
  gint64 started;
};

G_DEFINE_TYPE (MsApplication, ms_application, GTK_TYPE_APPLICATION)

static void
print_providers (MsProviderStore *store)
{
  GPtrArray *providers = ms_provider_store_get_providers (store);
  GPtrArray *problems = ms_provider_store_get_problems (store);
  g_auto(GStrv) dirs = ms_provider_store_search_dirs ();

  for (guint i = 0; i < providers->len; i++)
    {
      MsProvider *p = g_ptr_array_index (providers, i);
      g_autofree char *domains = g_strjoinv (", ", (GStrv) ms_provider_get_domains (p));
      GPtrArray *lists[] = { ms_provider_get_incoming (p), ms_provider_get_outgoing (p) };

      const char *const *notes = ms_provider_get_notes (p);

      g_print ("%s (%s)%s\n", ms_provider_get_display_name (p), ms_provider_get_key (p),
               p == ms_provider_store_get_default (store) ? _(" [default]") : "");
      g_print ("  %s %s\n", _("Domains:"), domains);
      if (ms_provider_uses_oauth2 (p))
        g_print ("  %s\n", _("Sign-in: OAuth2, from the mail program"));
      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        for (guint j = 0; j < lists[l]->len; j++)
          {
            g_autofree char *text = ms_endpoint_describe (g_ptr_array_index (lists[l], j));
            g_print ("  %s %s%s\n", l == 0 ? _("Incoming:") : _("Outgoing:"), text,
                     j == 0 ? _(" (recommended)") : "");
          }
      for (guint j = 0; notes[j]; j++)
        g_print ("  %s %s\n", _("Note:"), notes[j]);
      g_print ("  %s %s\n\n", _("Found in:"), ms_provider_get_source (p));
    }
  g_print ("%s\n", _("Searched folders:"));
  for (guint i = 0; dirs[i]; i++)
    g_print ("  %s\n", dirs[i]);
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("%s %s\n", _("Warning:"), ((GError *) g_ptr_array_index (problems, i))->message);
}

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
      window = GTK_WINDOW (ms_wizard_new (GTK_APPLICATION (app), self->account, self->store, self->checks));
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
ms_application_startup (GApplication *app)
{
  MsApplication *self = MS_APPLICATION (app);

  G_APPLICATION_CLASS (ms_application_parent_class)->startup (app);
  g_set_application_name (_("Mail Setup"));
  gtk_window_set_default_icon_name (MS_APP_ID);
  /* Profiles on disk are read in a thread; the built-in one is already here. */
  ms_provider_store_load_async (self->store, NULL, store_loaded, NULL);
}

/* --provider, or --profile FILE: the profile a command-line run uses. */
static MsProvider *
chosen_provider (MsApplication *self, GVariantDict *options, int *status)
{
  const char *profile = NULL, *id = NULL;
  g_autoptr(GError) error = NULL;

  *status = 0;
  if (g_variant_dict_lookup (options, "profile", "^&ay", &profile))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (profile);
      MsProvider *provider = ms_provider_new_from_file (file, NULL, &error);

      if (provider == NULL)
        {
          g_printerr ("%s\n", error->message);
          *status = MS_CHECK_EXIT_USAGE;
        }
      return provider;
    }
  ms_provider_store_load_sync (self->store, NULL);
  if (g_variant_dict_lookup (options, "provider", "&s", &id))
    {
      MsProvider *provider = ms_provider_store_lookup (self->store, id);

      if (provider == NULL)
        {
          g_printerr (_("No provider profile has the id “%s”. See mail-setup --list-providers.\n"), id);
          *status = MS_CHECK_EXIT_USAGE;
          return NULL;
        }
      return g_object_ref (provider);
    }
  return g_object_ref (ms_provider_store_get_default (self->store));
}

static int
run_check (MsApplication *self, GVariantDict *options)
{
  g_autoptr(MsProvider) provider = NULL;
  g_autofree const char **servers = NULL, **fingerprints = NULL;
  MsCheckCliOptions opts = { 0 };
  int timeout = 0, status;

  g_variant_dict_lookup (options, "server", "^a&s", &servers);
  if (servers == NULL || servers[0] == NULL)
    {
      provider = chosen_provider (self, options, &status);
      if (provider == NULL)
        return status;
    }
  g_variant_dict_lookup (options, "accept-fingerprint", "^a&s", &fingerprints);
  g_variant_dict_lookup (options, "address", "&s", &opts.address);
  g_variant_dict_lookup (options, "username", "&s", &opts.username);
  g_variant_dict_lookup (options, "ca-file", "^&ay", &opts.ca_file);
  if (g_variant_dict_lookup (options, "timeout", "i", &timeout) && timeout > 0)
    opts.connect_timeout_ms = opts.read_timeout_ms = timeout * 1000;

  opts.servers = (const char *const *) servers;
  opts.provider = provider;
  opts.all_ports = g_variant_dict_contains (options, "all-ports");
  opts.read_password = g_variant_dict_contains (options, "password-stdin");
  opts.password_fd = 0;
  opts.allow_plaintext = g_variant_dict_contains (options, "allow-plaintext");
  opts.accept_fingerprints = (const char *const *) fingerprints;
  opts.pin_store_path = g_getenv ("MAIL_SETUP_PIN_STORE");
  opts.json = g_variant_dict_contains (options, "json");
  return ms_check_cli_run (&opts);
}

static int
run_apply (MsApplication *self, GVariantDict *options)
{
  g_autoptr(MsProvider) provider = NULL;
  g_autofree const char **fingerprints = NULL;
  g_auto(GStrv) clients = NULL;
  const char *client_list = NULL;
  MsApplyCliOptions opts = { 0 };
  int timeout = 0, status;

  /* A settings file may name the provider itself; otherwise as --check. */
  g_variant_dict_lookup (options, "settings", "^&ay", &opts.settings_file);
  if (g_variant_dict_contains (options, "provider") || g_variant_dict_contains (options, "profile") ||
      opts.settings_file == NULL)
    {
      provider = chosen_provider (self, options, &status);
      if (provider == NULL)
        return status;
    }
  g_variant_dict_lookup (options, "incoming", "&s", &opts.incoming);
  g_variant_dict_lookup (options, "outgoing", "&s", &opts.outgoing);
  /* Explicit servers replace the provider's. */
  if (opts.incoming && opts.outgoing && !g_variant_dict_contains (options, "provider") &&
      !g_variant_dict_contains (options, "profile"))
    g_clear_object (&provider);
  g_variant_dict_lookup (options, "name", "&s", &opts.name);
  g_variant_dict_lookup (options, "address", "&s", &opts.address);
  g_variant_dict_lookup (options, "username", "&s", &opts.username);
  g_variant_dict_lookup (options, "reply-to", "&s", &opts.reply_to);
  g_variant_dict_lookup (options, "organization", "&s", &opts.organization);
  g_variant_dict_lookup (options, "signature", "&s", &opts.signature);
  g_variant_dict_lookup (options, "password-env", "&s", &opts.password_env);
  g_variant_dict_lookup (options, "thunderbird-profile", "^&ay", &opts.thunderbird_profile);
  g_variant_dict_lookup (options, "ca-file", "^&ay", &opts.ca_file);
  g_variant_dict_lookup (options, "accept-fingerprint", "^a&s", &fingerprints);
  if (g_variant_dict_lookup (options, "clients", "&s", &client_list))
    clients = g_strsplit_set (client_list, ",;", -1);
  if (g_variant_dict_lookup (options, "timeout", "i", &timeout) && timeout > 0)
    opts.timeout_ms = timeout * 1000;

  opts.provider = provider;
  opts.read_password = g_variant_dict_contains (options, "password-stdin");
  opts.no_remember = g_variant_dict_contains (options, "no-remember-password");
  opts.clients = (const char *const *) clients;
  opts.accept_fingerprints = (const char *const *) fingerprints;
  opts.pin_store_path = g_getenv ("MAIL_SETUP_PIN_STORE");
  opts.no_check = g_variant_dict_contains (options, "no-check");
  opts.allow_plaintext = g_variant_dict_contains (options, "allow-plaintext");
  opts.dry_run = g_variant_dict_contains (options, "dry-run");
  opts.json = g_variant_dict_contains (options, "json");
  opts.test_message = g_variant_dict_contains (options, "test-message");
  return ms_apply_cli_run (&opts);
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

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("mail-setup %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "lang", "&s", &lang))
    {
      if (!g_str_equal (lang, "fr") && !g_str_equal (lang, "en"))
        {
          g_printerr (_("Unknown language “%s”: use fr or en.\n"), lang);
          return 2;
        }
      /* LANGUAGE overrides LANG for messages, and works in any UTF-8 locale. */
      g_setenv ("LANGUAGE", lang, TRUE);
    }
  if (g_variant_dict_contains (options, "check"))
    return run_check (self, options);
  if (g_variant_dict_contains (options, "apply"))
    return run_apply (self, options);
  if (g_variant_dict_contains (options, "list-providers"))
    {
      ms_provider_store_load_sync (self->store, NULL);
      print_providers (self->store);
      return 0;
    }
  if (g_variant_dict_lookup (options, "provider", "&s", &provider))
    {
      ms_provider_store_load_sync (self->store, NULL);
      if (ms_provider_store_lookup (self->store, provider) == NULL)
        {
          g_printerr (_("No provider profile has the id “%s”. See mail-setup --list-providers.\n"), provider);
          return 2;
        }
      self->provider_id = g_strdup (provider);
    }
  if (g_variant_dict_contains (options, "offline"))
    ms_checks_set_enabled (self->checks, FALSE);
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
  g_clear_object (&self->checks);
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

static const GOptionEntry entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
  { "list-providers", 0, 0, G_OPTION_ARG_NONE, NULL, N_("List the provider profiles found, with their servers and where they were found"), NULL },
  { "provider", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Preselect this provider (an id from --list-providers)"), N_("ID") },
  { "offline", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Do not contact the servers: fill in the settings without checking them"), NULL },
  { "walkthrough", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Go through every step with example data and save a picture of each in DIR"), N_("DIR") },
  { "lang", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Use this language: fr or en"), N_("LANG") },
  { "apply", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Set up the account without a window: check the servers, write the mail programs, store the password (see docs/batch.md)"), NULL },
  { "settings", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --apply: read the account from this settings file"), N_("FILE") },
  { "name", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --apply: your name, as others see it"), N_("NAME") },
  { "incoming", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --apply: the incoming server, as PROTOCOL:HOST:PORT[:SECURITY[:CERTNAME]]"), N_("SPEC") },
  { "outgoing", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --apply: the outgoing server, as smtp:HOST:PORT[:SECURITY[:CERTNAME]]"), N_("SPEC") },
  { "reply-to", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --apply: the reply-to address"), N_("ADDRESS") },
  { "organization", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --apply: the organization"), N_("TEXT") },
  { "signature", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --apply: the signature"), N_("TEXT") },
  { "password-env", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --apply: read the password from this environment variable"), N_("VARIABLE") },
  { "no-remember-password", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --apply: do not store the password; the mail programs will ask for it"), NULL },
  { "clients", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --apply: the mail programs to write, e.g. thunderbird,evolution (default: the installed ones)"), N_("LIST") },
  { "thunderbird-profile", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --apply: the Thunderbird profile to write (name or folder)"), N_("PROFILE") },
  { "no-check", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --apply: do not contact the servers before writing"), NULL },
  { "test-message", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --apply: then send a message to yourself and wait until it arrives"), NULL },
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --apply: show what would change, as a diff, and change nothing"), NULL },
  { "check", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Check the servers without opening a window, and print what works and why"), NULL },
  { "profile", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --check or --apply: use this provider profile file"), N_("FILE") },
  { "server", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, N_("With --check: a server to check, as PROTOCOL:HOST:PORT[:SECURITY[:CERTNAME]] (repeatable)"), N_("SPEC") },
  { "all-ports", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --check: probe every standard port of each server"), NULL },
  { "address", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --check or --apply: your e-mail address"), N_("ADDRESS") },
  { "username", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --check or --apply: the username, if it is not the full address"), N_("USER") },
  { "password-stdin", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --check or --apply: read the password from standard input"), NULL },
  { "accept-fingerprint", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, N_("With --check or --apply: accept this certificate, as HOST:PORT=SHA256 (repeatable)"), N_("PIN") },
  { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --check or --apply: also trust the authorities in this PEM file"), N_("FILE") },
  { "timeout", 0, 0, G_OPTION_ARG_INT, NULL, N_("With --check or --apply: seconds to wait for each server (default 5)"), N_("SECONDS") },
  { "allow-plaintext", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --check or --apply: allow the password to travel unencrypted on servers with no security"), NULL },
  { "json", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --check or --apply: print JSON (docs/check-json.md, docs/batch.md)"), NULL },
  { NULL }
};

static void
ms_application_init (MsApplication *self)
{
  self->started = g_get_monotonic_time ();
  self->store = ms_provider_store_new ();
  self->account = ms_account_new (ms_provider_store_get_default (self->store));
  self->checks = ms_checks_new (self->account);
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Set up a mail account, check its servers and certificates, and write it into your mail programs."));
}

MsApplication *
ms_application_new (void)
{
  return g_object_new (MS_TYPE_APPLICATION, "application-id", MS_APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS, NULL);
}
