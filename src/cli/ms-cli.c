/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "ms-cli-private.h"

G_DEFINE_QUARK (ms-cli-error-quark, ms_cli_error)

/* Text options are taken as bytes (FILENAME) and checked here: GOption's
 * own conversion fails on invalid UTF-8 before any option is named, and
 * before --json could answer in JSON. */
static const GOptionEntry entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
  { "list-providers", 0, 0, G_OPTION_ARG_NONE, NULL, N_("List the provider profiles found, with their servers and where they were found"), NULL },
  { "provider", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Preselect this provider (an id from --list-providers)"), N_("ID") },
  { "offline", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Do not contact the servers: fill in the settings without checking them"), NULL },
  { "walkthrough", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Go through every step with example data and save a picture of each in DIR"), N_("DIR") },
  { "lang", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Use this language: fr or en"), N_("LANG") },
  { "apply", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Set up the account without a window: check the servers, write the mail programs, store the password (see docs/batch.md)"), NULL },
  { "settings", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --apply: read the account from this settings file"), N_("FILE") },
  { "name", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --apply: your name, as others see it"), N_("NAME") },
  { "incoming", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --check or --apply: the incoming server, as PROTOCOL:HOST:PORT[:SECURITY[:CERTNAME]]"), N_("SPEC") },
  { "outgoing", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --check or --apply: the outgoing server, as smtp:HOST:PORT[:SECURITY[:CERTNAME]]"), N_("SPEC") },
  { "keep-servers", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --check or --apply: keep the servers as given, even when port 25 is blocked and 465 answers"), NULL },
  { "reply-to", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --apply: the reply-to address"), N_("ADDRESS") },
  { "organization", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --apply: the organization"), N_("TEXT") },
  { "signature", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --apply: the signature"), N_("TEXT") },
  { "password-env", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --check or --apply: read the password from this environment variable"), N_("VARIABLE") },
  { "no-remember-password", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --apply: do not store the password; the mail programs will ask for it"), NULL },
  { "clients", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --apply: the mail programs to write, e.g. thunderbird,evolution (default: the installed ones)"), N_("LIST") },
  { "thunderbird-profile", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --apply: the Thunderbird profile to write (name or folder)"), N_("PROFILE") },
  { "no-check", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --apply: do not contact the servers before writing"), NULL },
  { "test-message", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --apply: then send a message to yourself and wait until it arrives"), NULL },
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --apply or --repair: show what would change, as a diff, and change nothing"), NULL },
  { "diagnose", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Check the mail accounts Thunderbird and Evolution already have (those on the provider’s servers, or --address ADDRESS): each mistake, why, and its fix; the servers are contacted unless --offline (docs/diagnose-json.md)"), NULL },
  { "repair", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Check the existing accounts as --diagnose does, then write the fixes into the same accounts (a diff first, backups kept; --dry-run shows the diff only)"), NULL },
  { "discover", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Find the settings of --address ADDRESS (the provider's autoconfig, Thunderbird's database, DNS, guessing) and say where they come from (docs/discover-json.md)"), NULL },
  { "check", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Check the account's servers without opening a window, and say whether it will work and why"), NULL },
  { "profile", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --check or --apply: use this provider profile file"), N_("FILE") },
  { "server", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, N_("With --check: judge this server instead of the account's, as PROTOCOL:HOST:PORT[:SECURITY[:CERTNAME]] (repeatable)"), N_("SPEC") },
  { "all-ports", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --check: judge every standard port of each server, not only the account's"), NULL },
  { "address", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --check, --apply, --diagnose or --repair: your e-mail address"), N_("ADDRESS") },
  { "username", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --check or --apply: the username, if it is not the full address"), N_("USER") },
  { "password-stdin", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --check, --apply, --diagnose or --repair: read the password from standard input"), NULL },
  { "accept-fingerprint", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, N_("With --check or --apply: accept this certificate, as HOST:PORT=SHA256 (repeatable)"), N_("PIN") },
  { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --check or --apply: also trust the authorities in this PEM file"), N_("FILE") },
  { "timeout", 0, 0, G_OPTION_ARG_INT, NULL, N_("With --check or --apply: seconds to wait for each server, 1 to 3600 (default 5)"), N_("SECONDS") },
  { "allow-plaintext", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --check or --apply: allow the password to travel unencrypted on servers with no security"), NULL },
  { "certificates", 0, 0, G_OPTION_ARG_NONE, NULL, N_("List the certificate exceptions the mail programs keep for the provider's servers, and compare each with the certificate the server presents now (see docs/certificates.md)"), NULL },
  { "renew", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --certificates: replace the exceptions of renewed certificates whose fingerprints --accept-fingerprint gives"), NULL },
  { "remove", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, N_("With --certificates: delete the exceptions for this server from every mail program (repeatable)"), N_("HOST[:PORT]") },
  { "install-authority", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --certificates: trust this certificate authority (PEM) in Thunderbird, for servers only"), N_("FILE") },
  { "system", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --install-authority: add it to the whole computer's list instead, which Evolution uses (asks for an administrator's password)"), NULL },
  { "json", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --check or --apply: print JSON (docs/check-json.md, docs/batch.md)"), NULL },
  { NULL }
};

const GOptionEntry *
ms_cli_option_entries (void)
{
  return entries;
}

void
ms_cli_protect_process (void)
{
  struct rlimit none = { 0, 0 };

  /* Both: RLIMIT_CORE alone does not stop a core_pattern pipe, and
   * PR_SET_DUMPABLE also keeps other processes of the user from reading
   * our memory through ptrace or /proc/PID/mem. */
  setrlimit (RLIMIT_CORE, &none);
  prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
}

void
ms_cli_options_free (MsCliOptions *o)
{
  if (o == NULL)
    return;
  g_free (o->provider_id);
  g_free (o->profile);
  g_free (o->settings);
  g_free (o->ca_file);
  g_free (o->thunderbird_profile);
  g_free (o->name);
  g_free (o->address);
  g_free (o->username);
  g_free (o->reply_to);
  g_free (o->organization);
  g_free (o->signature);
  g_free (o->incoming);
  g_free (o->outgoing);
  g_free (o->password_env);
  g_free (o->clients);
  g_strfreev (o->servers);
  g_strfreev (o->fingerprints);
  g_strfreev (o->remove);
  g_free (o->install_authority);
  g_free (o);
}

static gboolean
text (GVariantDict *dict, const char *name, char **out, GError **error)
{
  const char *value = NULL;

  if (!g_variant_dict_lookup (dict, name, "^&ay", &value))
    return TRUE;
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, MS_CLI_ERROR, MS_CLI_ERROR_NOT_UTF8,
                   /* TRANSLATORS: %s is an option name without its dashes, e.g. “name”. */
                   _("The value of --%s is not valid text (UTF-8): check the characters typed or the terminal’s "
                     "encoding."), name);
      return FALSE;
    }
  *out = g_strdup (value);
  return TRUE;
}

static gboolean
text_list (GVariantDict *dict, const char *name, GStrv *out, GError **error)
{
  g_autofree const char **values = NULL;

  if (!g_variant_dict_lookup (dict, name, "^a&ay", &values))
    return TRUE;
  for (guint i = 0; values[i]; i++)
    if (!g_utf8_validate (values[i], -1, NULL))
      {
        g_set_error (error, MS_CLI_ERROR, MS_CLI_ERROR_NOT_UTF8,
                     /* TRANSLATORS: %s is an option name without its dashes, e.g. “name”. */
                     _("The value of --%s is not valid text (UTF-8): check the characters typed or the terminal’s "
                       "encoding."), name);
        return FALSE;
      }
  *out = g_strdupv ((char **) values);
  return TRUE;
}

static void
bytes (GVariantDict *dict, const char *name, char **out)
{
  const char *value = NULL;

  if (g_variant_dict_lookup (dict, name, "^&ay", &value))
    *out = g_strdup (value);
}

MsCliOptions *
ms_cli_options_parse (GVariantDict *dict, GError **error)
{
  g_autoptr(MsCliOptions) o = g_new0 (MsCliOptions, 1);
  int timeout = 0;

  o->json = g_variant_dict_contains (dict, "json");
  o->dry_run = g_variant_dict_contains (dict, "dry-run");
  o->all_ports = g_variant_dict_contains (dict, "all-ports");
  o->keep_servers = g_variant_dict_contains (dict, "keep-servers");
  o->no_check = g_variant_dict_contains (dict, "no-check");
  o->test_message = g_variant_dict_contains (dict, "test-message");
  o->no_remember = g_variant_dict_contains (dict, "no-remember-password");
  o->allow_plaintext = g_variant_dict_contains (dict, "allow-plaintext");
  o->password_stdin = g_variant_dict_contains (dict, "password-stdin");
  o->renew = g_variant_dict_contains (dict, "renew");
  o->system = g_variant_dict_contains (dict, "system");
  bytes (dict, "install-authority", &o->install_authority);
  o->offline = g_variant_dict_contains (dict, "offline");
  bytes (dict, "profile", &o->profile);
  bytes (dict, "settings", &o->settings);
  bytes (dict, "ca-file", &o->ca_file);
  bytes (dict, "thunderbird-profile", &o->thunderbird_profile);
  if (!text (dict, "provider", &o->provider_id, error) || !text (dict, "name", &o->name, error) ||
      !text (dict, "address", &o->address, error) || !text (dict, "username", &o->username, error) ||
      !text (dict, "reply-to", &o->reply_to, error) || !text (dict, "organization", &o->organization, error) ||
      !text (dict, "signature", &o->signature, error) || !text (dict, "incoming", &o->incoming, error) ||
      !text (dict, "outgoing", &o->outgoing, error) || !text (dict, "password-env", &o->password_env, error) ||
      !text (dict, "clients", &o->clients, error) || !text_list (dict, "server", &o->servers, error) ||
      !text_list (dict, "accept-fingerprint", &o->fingerprints, error) ||
      !text_list (dict, "remove", &o->remove, error))
    return NULL;
  if (g_variant_dict_lookup (dict, "timeout", "i", &timeout))
    {
      if (timeout < 1 || timeout > 3600)
        {
          g_set_error (error, MS_CLI_ERROR, MS_CLI_ERROR_BAD_OPTION,
                       _("--timeout takes a number of seconds from 1 to 3600."));
          return NULL;
        }
      o->timeout_ms = (guint) timeout * 1000u;
    }
  return g_steal_pointer (&o);
}

int
ms_cli_list_providers (MsProviderStore *store)
{
  GPtrArray *providers = ms_provider_store_get_providers (store);
  GPtrArray *problems = ms_provider_store_get_problems (store);
  g_auto(GStrv) dirs = ms_provider_store_search_dirs ();
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < providers->len; i++)
    {
      MsProvider *p = g_ptr_array_index (providers, i);
      g_autofree char *domains = g_strjoinv (", ", (GStrv) ms_provider_get_domains (p));
      GPtrArray *lists[] = { ms_provider_get_incoming (p), ms_provider_get_outgoing (p) };

      const char *const *notes = ms_provider_get_notes (p);

      g_string_append_printf (out, "%s (%s)%s\n", ms_provider_get_display_name (p), ms_provider_get_key (p),
                              p == ms_provider_store_get_default (store) ? _(" [default]") : "");
      g_string_append_printf (out, "  %s %s\n", _("Domains:"), domains);
      if (ms_provider_uses_oauth2 (p))
        g_string_append_printf (out, "  %s\n", _("Sign-in: OAuth2, from the mail program"));
      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        for (guint j = 0; j < lists[l]->len; j++)
          {
            g_autofree char *what = ms_endpoint_describe (g_ptr_array_index (lists[l], j));
            g_string_append_printf (out, "  %s %s%s\n", l == 0 ? _("Incoming:") : _("Outgoing:"), what,
                                    j == 0 ? _(" (recommended)") : "");
          }
      for (guint j = 0; notes[j]; j++)
        g_string_append_printf (out, "  %s %s\n", _("Note:"), notes[j]);
      g_string_append_printf (out, "  %s %s\n\n", _("Found in:"), ms_provider_get_source (p));
    }
  g_string_append_printf (out, "%s\n", _("Searched folders:"));
  for (guint i = 0; dirs[i]; i++)
    g_string_append_printf (out, "  %s\n", dirs[i]);
  ms_cli_print (out->str);
  g_string_free (out, TRUE);
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("%s %s\n", _("Warning:"), ((GError *) g_ptr_array_index (problems, i))->message);
  return MS_EXIT_OK;
}

int
ms_cli_run (GVariantDict *dict, MsProviderStore *store)
{
  g_autoptr(MsCliOptions) options = NULL;
  g_autoptr(GError) error = NULL;
  gboolean check = g_variant_dict_contains (dict, "check");
  gboolean apply = g_variant_dict_contains (dict, "apply");
  gboolean certificates = g_variant_dict_contains (dict, "certificates");
  gboolean discover = g_variant_dict_contains (dict, "discover");
  gboolean diagnose = g_variant_dict_contains (dict, "diagnose");
  gboolean repair = g_variant_dict_contains (dict, "repair");

  if (g_variant_dict_contains (dict, "version"))
    {
      ms_cli_print ("mail-setup " PACKAGE_VERSION "\n");
      return MS_EXIT_OK;
    }
  if (!check && !apply && !certificates && !discover && !diagnose && !repair && !g_variant_dict_contains (dict, "list-providers"))
    return -1;
  options = ms_cli_options_parse (dict, &error);
  if (options == NULL)
    {
      MsCliOptions bare = { .json = g_variant_dict_contains (dict, "json") };

      ms_cli_print_error (&bare, MS_EXIT_USAGE, error);
      return MS_EXIT_USAGE;
    }
  if (certificates)
    return ms_cli_certificates (options, store);
  if (check)
    return ms_cli_check (options, store);
  if (apply)
    return ms_cli_apply (options, store);
  if (discover)
    return ms_cli_discover (options, store);
  if (diagnose || repair)
    return ms_cli_diagnose (options, store, repair);
  ms_provider_store_load_sync (store, NULL);
  return ms_cli_list_providers (store);
}
