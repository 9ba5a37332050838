/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/ms-json.h"
#include "ms-discovery-private.h"

static const char *const source_names[] = {
  "local", "autoconfig", "ispdb", "mx", "srv", "autoconfig-http", "guess",
};

const char *
ms_discovery_source_to_string (MsDiscoverySource source)
{
  g_return_val_if_fail (source < MS_DISCOVERY_N_SOURCES, NULL);
  return source_names[source];
}

const char *
ms_discovery_source_display (MsDiscoverySource source)
{
  switch (source)
    {
    case MS_DISCOVERY_SOURCE_LOCAL: return _("A provider profile on this computer");
    case MS_DISCOVERY_SOURCE_AUTOCONFIG: return _("Your provider's own settings file (secure web)");
    case MS_DISCOVERY_SOURCE_ISPDB: return _("Thunderbird's database of providers");
    case MS_DISCOVERY_SOURCE_MX: return _("The server that receives your domain's mail (DNS MX)");
    case MS_DISCOVERY_SOURCE_SRV: return _("Your domain's service records (DNS SRV)");
    case MS_DISCOVERY_SOURCE_AUTOCONFIG_HTTP: return _("Your provider's settings file over unencrypted web");
    case MS_DISCOVERY_SOURCE_GUESS: return _("Guessed from the usual server names");
    case MS_DISCOVERY_N_SOURCES:
    default: g_return_val_if_reached (NULL);
    }
}

gboolean
ms_discovery_source_needs_confirmation (MsDiscoverySource source)
{
  return source >= MS_DISCOVERY_SOURCE_MX;
}

MsDiscoveryOptions *
ms_discovery_options_new (void)
{
  return g_new0 (MsDiscoveryOptions, 1);
}

void
ms_discovery_options_free (MsDiscoveryOptions *options)
{
  if (options == NULL)
    return;
  g_free (options->ispdb_url);
  g_free (options->ca_file);
  g_free (options);
}

char *
_ms_discovery_base_domain (const char *host)
{
  g_autoptr(GError) error = NULL;
  const char *base = soup_tld_get_base_domain (host, &error);
  const char *dot;

  if (base)
    return g_ascii_strdown (base, -1);
  /* Not under a known public suffix (a private or test name): keep the
   * last two labels. */
  dot = strrchr (host, '.');
  while (dot && dot > host)
    {
      const char *p = dot - 1;
      while (p > host && *p != '.')
        p--;
      return g_ascii_strdown (*p == '.' ? p + 1 : p, -1);
    }
  return g_ascii_strdown (host, -1);
}

void
_ms_discovery_proposal_add_domain (MsDiscoveryProposal *proposal, const char *domain)
{
  guint n = proposal->domains ? g_strv_length (proposal->domains) : 0;

  if (domain == NULL || *domain == '\0' || strchr (domain, '%') ||
      (proposal->domains && g_strv_contains ((const char *const *) proposal->domains, domain)))
    return;
  proposal->domains = g_renew (char *, proposal->domains, n + 2);
  proposal->domains[n] = g_ascii_strdown (domain, -1);
  proposal->domains[n + 1] = NULL;
}

/* The user confirms where the mail will go: every server's name, in full. */
void
_ms_discovery_proposal_add_servers (MsDiscoveryProposal *proposal)
{
  GPtrArray *lists[] = { ms_provider_get_incoming (proposal->provider), ms_provider_get_outgoing (proposal->provider) };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      _ms_discovery_proposal_add_domain (proposal, ((MsEndpoint *) g_ptr_array_index (lists[l], i))->hostname);
}

MsDiscoveryProposal *
_ms_discovery_proposal_new (MsDiscoverySource source, MsProvider *provider, const char *origin)
{
  MsDiscoveryProposal *p = g_new0 (MsDiscoveryProposal, 1);

  p->source = source;
  p->provider = g_object_ref (provider);
  p->origin = g_strdup (origin);
  p->needs_confirmation = ms_discovery_source_needs_confirmation (source);
  p->domains = g_new0 (char *, 1);
  _ms_discovery_proposal_add_servers (p);
  return p;
}

void
ms_discovery_proposal_free (MsDiscoveryProposal *proposal)
{
  if (proposal == NULL)
    return;
  g_clear_object (&proposal->provider);
  g_clear_object (&proposal->known_provider);
  g_free (proposal->origin);
  g_strfreev (proposal->domains);
  g_free (proposal);
}

void
ms_discovery_result_free (MsDiscoveryResult *result)
{
  if (result == NULL)
    return;
  g_free (result->address);
  g_free (result->domain);
  g_ptr_array_unref (result->proposals);
  for (guint i = 0; i < MS_DISCOVERY_N_SOURCES; i++)
    g_clear_error (&result->attempts[i].error);
  g_clear_error (&result->error);
  g_free (result);
}

static void
json_servers (GString *out, const char *name, GPtrArray *list, const char *address)
{
  g_string_append_printf (out, "\"%s\": [", name);
  for (guint i = 0; i < list->len; i++)
    {
      const MsEndpoint *e = g_ptr_array_index (list, i);
      g_autofree char *username = ms_expand_placeholders (e->username, address, NULL);
      g_autofree char *host = ms_expand_placeholders (e->hostname, address, NULL);

      g_string_append_printf (out, "%s{\"protocol\": \"%s\", \"hostname\": ", i ? ", " : "",
                              ms_protocol_to_string (e->protocol));
      ms_json_append_string (out, host);
      g_string_append_printf (out, ", \"port\": %u, \"security\": \"%s\", \"authentication\": \"%s\", \"username\": ",
                              e->port, ms_security_to_string (e->security), ms_auth_to_string (e->auth));
      ms_json_append_string (out, username);
      g_string_append (out, "}");
    }
  g_string_append (out, "]");
}

static void
json_proposal (GString *out, const MsDiscoveryProposal *p, const char *address)
{
  g_string_append_printf (out, "{\"source\": \"%s\", \"origin\": ", ms_discovery_source_to_string (p->source));
  ms_json_append_string (out, p->origin);
  g_string_append_printf (out, ", \"needs_confirmation\": %s, \"provider\": ", p->needs_confirmation ? "true" : "false");
  ms_json_append_string (out, ms_provider_get_display_name (p->provider));
  g_string_append (out, ", \"known_provider\": ");
  ms_json_append_string (out, p->known_provider ? ms_provider_get_key (p->known_provider) : NULL);
  g_string_append_printf (out, ", \"oauth2\": %s, \"domains\": [", ms_provider_uses_oauth2 (p->provider) ? "true" : "false");
  for (guint i = 0; p->domains && p->domains[i]; i++)
    {
      g_string_append (out, i ? ", " : "");
      ms_json_append_string (out, p->domains[i]);
    }
  g_string_append (out, "], ");
  json_servers (out, "incoming", ms_provider_get_incoming (p->provider), address);
  g_string_append (out, ", ");
  json_servers (out, "outgoing", ms_provider_get_outgoing (p->provider), address);
  g_string_append (out, "}");
}

char *
ms_discovery_result_to_json (const MsDiscoveryResult *result)
{
  GString *out = g_string_new ("{\n  \"address\": ");

  ms_json_append_string (out, result->address);
  g_string_append (out, ",\n  \"domain\": ");
  ms_json_append_string (out, result->domain);
  g_string_append_printf (out, ",\n  \"found\": %s,\n  \"elapsed_ms\": %" G_GINT64_FORMAT ",\n  \"error\": ",
                          result->proposal ? "true" : "false", result->elapsed_ms);
  ms_json_append_string (out, result->error ? result->error->message : NULL);
  g_string_append (out, ",\n  \"proposal\": ");
  if (result->proposal)
    json_proposal (out, result->proposal, result->address);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\n  \"sources\": [");
  for (guint i = 0; i < MS_DISCOVERY_N_SOURCES; i++)
    {
      const MsDiscoveryAttempt *a = &result->attempts[i];

      g_string_append_printf (out, "%s\n    {\"source\": \"%s\", \"ran\": %s, \"found\": %s, \"elapsed_ms\": %" G_GINT64_FORMAT ", \"error\": ",
                              i ? "," : "", ms_discovery_source_to_string (i), a->ran ? "true" : "false",
                              a->found ? "true" : "false", a->elapsed_ms);
      ms_json_append_string (out, a->error ? a->error->message : NULL);
      g_string_append (out, "}");
    }
  g_string_append (out, "\n  ]\n}\n");
  return g_string_free (out, FALSE);
}
