/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "core/ms-json.h"
#include "core/ms-oauth2.h"
#include "net/discover/ms-discovery.h"
#include "ms-cli-private.h"

/* --discover: where the settings of an address are found, in words or as
 * JSON (docs/discover-json.md).  Ctrl+C cancels every lookup at once. */

static void
append_servers (GString *out, MsProvider *provider, const char *address)
{
  GPtrArray *lists[] = { ms_provider_get_incoming (provider), ms_provider_get_outgoing (provider) };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        g_autoptr(MsEndpoint) e = ms_endpoint_copy (g_ptr_array_index (lists[l], i));
        g_autofree char *host = ms_expand_placeholders (e->hostname, address, NULL);
        g_autofree char *line = NULL;

        g_free (e->hostname);
        e->hostname = g_steal_pointer (&host);
        line = ms_endpoint_describe (e);
        g_string_append_printf (out, "  %s %s%s\n", l == 0 ? _("Incoming:") : _("Outgoing:"), line,
                                i == 0 ? _(" (recommended)") : "");
      }
}

static void
append_text (GString *out, const MsDiscoveryResult *r)
{
  const MsDiscoveryProposal *p = r->proposal;

  if (p)
    {
      MsProvider *provider = p->known_provider ? p->known_provider : p->provider;
      g_autofree char *domains = g_strjoinv (", ", p->domains);
      MsSignIn sign_in = ms_provider_uses_oauth2 (provider) ? MS_SIGN_IN_OAUTH2 : ms_sign_in_for_domain (r->domain);

      /* TRANSLATORS: an e-mail address, then seconds. */
      g_string_append_printf (out, _("Settings for %s, found in %.2f s:\n"), r->address, r->elapsed_ms / 1000.0);
      if (p->known_provider)
        g_string_append_printf (out, "  %s\n", _("Your domain is hosted at this provider:"));
      g_string_append_printf (out, "  %s %s\n", _("Provider:"), ms_provider_get_display_name (provider));
      g_string_append_printf (out, "  %s %s [%s]\n", _("Found by:"), ms_discovery_source_display (p->source),
                              ms_discovery_source_to_string (p->source));
      g_string_append_printf (out, "  %s %s\n", _("From:"), p->origin);
      append_servers (out, provider, r->address);
      if (p->needs_confirmation)
        g_string_append_printf (out, "  %s %s\n",
                                _("Confirm before using them: this source can be wrong or forged, and your mail "
                                  "and password would go to:"), domains);
      if (sign_in != MS_SIGN_IN_PASSWORD)
        g_string_append_printf (out, "  %s\n", ms_sign_in_advice (sign_in));
    }
  else
    g_string_append_printf (out, "%s\n", r->error->message);
  g_string_append_printf (out, "%s\n", _("Sources, by priority:"));
  for (guint i = 0; i < MS_DISCOVERY_N_SOURCES; i++)
    {
      const MsDiscoveryAttempt *a = &r->attempts[i];
      /* TRANSLATORS: what a source of settings did. */
      const char *state = a->found ? _("found") : !a->ran ? _("not asked") : _("nothing");

      g_string_append_printf (out, "  %-16s %-10s %5.2f s  %s\n", ms_discovery_source_to_string (i), state,
                              a->elapsed_ms / 1000.0, a->error ? a->error->message : "");
    }
}

/* A profile chosen with --provider or --profile is the answer: nothing
 * is looked up, as in the wizard. */
static int
print_chosen (const MsCliOptions *o, MsProvider *chosen)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (o->json)
    {
      g_string_append (out, "{\n  \"address\": ");
      ms_json_append_string (out, o->address);
      g_string_append (out, ",\n  \"found\": true,\n  \"chosen\": ");
      ms_json_append_string (out, ms_provider_get_key (chosen));
      g_string_append (out, ",\n  \"proposal\": null,\n  \"sources\": []\n}\n");
    }
  else
    {
      /* TRANSLATORS: a provider's name, chosen with --provider or --profile. */
      g_string_append_printf (out, _("%s is chosen: nothing is looked up.\n"), ms_provider_get_display_name (chosen));
      append_servers (out, chosen, o->address);
    }
  ms_cli_print (out->str);
  return MS_EXIT_OK;
}

int
ms_cli_discover (const MsCliOptions *o, MsProviderStore *store)
{
  g_autoptr(MsDiscoveryOptions) options = ms_discovery_options_new ();
  g_autoptr(MsDiscovery) discovery = NULL;
  g_autoptr(MsDiscoveryResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  MsCliWait wait;
  int status;

  if (o->address == NULL || *o->address == '\0')
    {
      error = g_error_new_literal (MS_CLI_ERROR, MS_CLI_ERROR_BAD_OPTION, _("--discover needs --address ADDRESS."));
      ms_cli_print_error (o, MS_EXIT_USAGE, error);
      return MS_EXIT_USAGE;
    }
  if (o->provider_id || o->profile)
    {
      g_autoptr(MsProvider) chosen = ms_cli_choose_provider (o, store, &error);

      if (chosen == NULL)
        {
          ms_cli_print_error (o, MS_EXIT_USAGE, error);
          return MS_EXIT_USAGE;
        }
      return print_chosen (o, chosen);
    }
  ms_provider_store_load_sync (store, NULL);
  options->offline = o->offline;
  options->ca_file = g_strdup (o->ca_file);
  discovery = ms_discovery_new (store, options);
  ms_cli_wait_init (&wait);
  ms_discovery_run_async (discovery, o->address, wait.cancellable, ms_cli_wait_done, &wait);
  result = ms_discovery_run_finish (discovery, ms_cli_wait_run (&wait), &error);
  ms_cli_wait_clear (&wait);
  if (result == NULL)
    {
      ms_cli_print_error (o, MS_EXIT_CANCELLED, error);
      return MS_EXIT_CANCELLED;
    }
  if (o->json)
    {
      g_autofree char *json = ms_discovery_result_to_json (result);
      g_string_append (out, json);
    }
  else
    append_text (out, result);
  ms_cli_print (out->str);
  if (result->proposal)
    status = MS_EXIT_OK;
  else if (g_error_matches (result->error, MS_DISCOVERY_ERROR, MS_DISCOVERY_ERROR_BAD_ADDRESS))
    status = MS_EXIT_USAGE;
  else
    status = MS_EXIT_FAILED;
  return status;
}
