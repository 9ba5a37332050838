/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/ms-address.h"
#include "ms-discovery-private.h"

/* MX and SRV.  GLib 2.74's resolver has no timeout: every lookup runs on
 * the source's own cancellable, which the engine cancels at the bound. */

/* ---- MX: whose servers receive this domain's mail ---- */

typedef struct {
  MsDiscoverySourceRun *run;
  char *mx_host;
  char *mx_domain;
} Mx;

static void
mx_free (Mx *mx)
{
  g_free (mx->mx_host);
  g_free (mx->mx_domain);
  g_free (mx);
}

static gboolean
host_in_domain (const char *host, const char *domain)
{
  gsize hl = strlen (host), dl = strlen (domain);

  return g_ascii_strcasecmp (host, domain) == 0 ||
         (hl > dl && host[hl - dl - 1] == '.' && g_ascii_strcasecmp (host + hl - dl, domain) == 0);
}

/* Our profile whose domains or servers are in the MX host's domain: how a
 * customer's own domain is recognised as hosted at 3xo. */
static MsProvider *
find_local_provider (MsProviderStore *store, const char *mx_domain)
{
  GPtrArray *providers = ms_provider_store_get_providers (store);

  for (guint i = providers->len; i > 0; i--)
    {
      MsProvider *p = g_ptr_array_index (providers, i - 1);
      GPtrArray *lists[] = { ms_provider_get_incoming (p), ms_provider_get_outgoing (p) };

      if (ms_provider_serves_domain (p, mx_domain))
        return p;
      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        for (guint j = 0; j < lists[l]->len; j++)
          {
            const MsEndpoint *e = g_ptr_array_index (lists[l], j);
            if (strchr (e->hostname, '%') == NULL && host_in_domain (e->hostname, mx_domain))
              return p;
          }
    }
  return NULL;
}

static MsDiscoveryProposal *
mx_proposal (Mx *mx, MsProvider *provider)
{
  MsDiscoveryProposal *p = _ms_discovery_proposal_new (MS_DISCOVERY_SOURCE_MX, provider, mx->mx_host);

  _ms_discovery_proposal_add_domain (p, mx->mx_host);
  return p;
}

static void
on_mx_ispdb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Mx *mx = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsProvider) provider = _ms_discovery_fetch_finish (res, &error);

  if (provider)
    mx->run->done (mx->run, mx_proposal (mx, provider), NULL);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    mx->run->done (mx->run, NULL, g_steal_pointer (&error));
  else
    mx->run->done (mx->run, NULL, g_error_new (MS_DISCOVERY_ERROR, MS_DISCOVERY_ERROR_UNKNOWN_HOST,
                                               /* TRANSLATORS: the user's domain, e.g. “example.com”, then its
                                                * mail server, e.g. “mx.example.net”, then the reason, an error
                                                * message. */
                                               _("The mail of %s goes to %s, a provider Mail Setup has no settings for (%s)"),
                                               mx->run->domain, mx->mx_host, error->message));
  mx_free (mx);
}

static void
on_mx (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Mx *mx = user_data;
  g_autoptr(GError) error = NULL;
  GList *records = g_resolver_lookup_records_finish (G_RESOLVER (source), res, &error);
  guint16 best = G_MAXUINT16;
  MsProvider *local;

  for (GList *l = records; l; l = l->next)
    {
      guint16 preference;
      const char *host;

      g_variant_get (l->data, "(q&s)", &preference, &host);
      if (preference <= best && *host && !g_str_equal (host, "."))
        {
          best = preference;
          g_free (mx->mx_host);
          mx->mx_host = g_ascii_strdown (host, -1);
        }
    }
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
  if (mx->mx_host == NULL)
    {
      if (error == NULL || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&error);
          error = g_error_new (MS_DISCOVERY_ERROR, MS_DISCOVERY_ERROR_NO_RECORD,
                               /* TRANSLATORS: %s is a domain, e.g. “example.com”. */
                               _("%s has no mail exchanger (MX) record."), mx->run->domain);
        }
      mx->run->done (mx->run, NULL, g_steal_pointer (&error));
      mx_free (mx);
      return;
    }
  mx->mx_domain = _ms_discovery_base_domain (mx->mx_host);
  local = find_local_provider (mx->run->store, mx->mx_domain);
  if (local)
    {
      MsDiscoveryProposal *p = mx_proposal (mx, local);

      p->known_provider = g_object_ref (local);
      mx->run->done (mx->run, p, NULL);
      mx_free (mx);
      return;
    }
  if (mx->run->options->offline)
    {
      mx->run->done (mx->run, NULL, g_error_new (MS_DISCOVERY_ERROR, MS_DISCOVERY_ERROR_UNKNOWN_HOST,
                                                 /* TRANSLATORS: the user's domain, e.g. “example.com”, then its
                                                  * mail server, e.g. “mx.example.net”. */
                                                 _("The mail of %s goes to %s, a provider Mail Setup has no settings for."),
                                                 mx->run->domain, mx->mx_host));
      mx_free (mx);
      return;
    }
  {
    g_autofree char *url = _ms_discovery_ispdb_url (mx->run->options, mx->mx_domain);
    _ms_discovery_fetch_async (mx->run->database, url, mx->run->cancellable, on_mx_ispdb, mx);
  }
}

void
_ms_discovery_run_mx (MsDiscoverySourceRun *run)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  Mx *mx = g_new0 (Mx, 1);

  mx->run = run;
  g_resolver_lookup_records_async (resolver, run->domain, G_RESOLVER_RECORD_MX, run->cancellable, on_mx, mx);
}

/* ---- SRV (RFC 6186, RFC 8314): the domain names its servers ---- */

static const struct {
  const char *service;
  MsProtocol protocol;
  MsSecurity security;
} srv_services[] = {
  /* Preference order: implicit TLS first (RFC 8314). */
  { "imaps", MS_PROTOCOL_IMAP, MS_SECURITY_SSL },
  { "imap", MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS },
  { "pop3s", MS_PROTOCOL_POP3, MS_SECURITY_SSL },
  { "pop3", MS_PROTOCOL_POP3, MS_SECURITY_STARTTLS },
  { "submissions", MS_PROTOCOL_SMTP, MS_SECURITY_SSL },
  { "submission", MS_PROTOCOL_SMTP, MS_SECURITY_STARTTLS },
};

typedef struct {
  MsDiscoverySourceRun *run;
  MsEndpoint *found[G_N_ELEMENTS (srv_services)];
  guint pending;
  gboolean cancelled;
} Srv;

typedef struct {
  Srv *srv;
  guint index;
} SrvCall;

static void
srv_finish (Srv *srv)
{
  g_autoptr(MsProvider) provider = NULL;
  g_autofree char *origin = g_strdup_printf ("_imaps._tcp.%s", srv->run->domain);
  gboolean in = FALSE, out = FALSE;
  MsDiscoveryProposal *p;

  for (guint i = 0; i < G_N_ELEMENTS (srv_services); i++)
    if (srv->found[i])
      *(srv_services[i].protocol == MS_PROTOCOL_SMTP ? &out : &in) = TRUE;
  if (srv->cancelled || !in || !out)
    {
      GError *error = srv->cancelled
                      ? g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled")
                      : g_error_new (MS_DISCOVERY_ERROR, MS_DISCOVERY_ERROR_NO_RECORD,
                                     /* TRANSLATORS: %s is a domain, e.g. “example.com”; SRV is a kind of DNS
                                      * record: do not translate it. */
                                     _("%s has no SRV records for both receiving and sending mail."),
                                     srv->run->domain);
      srv->run->done (srv->run, NULL, error);
      goto out;
    }
  provider = _ms_provider_new (srv->run->domain, origin);
  _ms_provider_add_domain (provider, srv->run->domain);
  _ms_provider_set_strings (provider, srv->run->domain, NULL, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (srv_services); i++)
    if (srv->found[i])
      _ms_provider_add_endpoint (provider, srv_services[i].protocol != MS_PROTOCOL_SMTP,
                                 g_steal_pointer (&srv->found[i]));
  p = _ms_discovery_proposal_new (MS_DISCOVERY_SOURCE_SRV, provider, origin);
  srv->run->done (srv->run, p, NULL);
out:
  for (guint i = 0; i < G_N_ELEMENTS (srv_services); i++)
    g_clear_pointer (&srv->found[i], ms_endpoint_free);
  g_free (srv);
}

static void
on_srv (GObject *source, GAsyncResult *res, gpointer user_data)
{
  SrvCall *call = user_data;
  Srv *srv = call->srv;
  g_autoptr(GError) error = NULL;
  GList *targets = g_resolver_lookup_service_finish (G_RESOLVER (source), res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    srv->cancelled = TRUE;
  /* The list is sorted by priority and weight; a lone "." target means
   * the service is not offered (RFC 2782, RFC 6186 section 3.4). */
  if (targets)
    {
      GSrvTarget *t = targets->data;
      const char *host = g_srv_target_get_hostname (t);

      if (host && *host && !g_str_equal (host, ".") && g_srv_target_get_port (t) != 0)
        {
          g_autofree char *name = g_str_has_suffix (host, ".") ? g_strndup (host, strlen (host) - 1) : g_strdup (host);
          guint i = call->index;

          if (ms_hostname_validate (name, FALSE, NULL, NULL))
            srv->found[i] = ms_endpoint_new (srv_services[i].protocol, name, g_srv_target_get_port (t),
                                             srv_services[i].security);
        }
    }
  g_list_free_full (targets, (GDestroyNotify) g_srv_target_free);
  g_free (call);
  if (--srv->pending == 0)
    srv_finish (srv);
}

void
_ms_discovery_run_srv (MsDiscoverySourceRun *run)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  Srv *srv = g_new0 (Srv, 1);

  srv->run = run;
  srv->pending = G_N_ELEMENTS (srv_services);
  for (guint i = 0; i < G_N_ELEMENTS (srv_services); i++)
    {
      SrvCall *call = g_new0 (SrvCall, 1);

      call->srv = srv;
      call->index = i;
      g_resolver_lookup_service_async (resolver, srv_services[i].service, "tcp", run->domain,
                                       run->cancellable, on_srv, call);
    }
}
