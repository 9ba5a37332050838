/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "net/ms-probe.h"
#include "ms-discovery-private.h"

/* The last resort: the usual host names, probed at once on their TLS
 * ports (never plain text), each probe bounded.  A host is offered only
 * when its certificate carries its name: a wrong name is what a web host's
 * shared certificate, or an attacker, looks like. */

static const struct {
  const char *prefix;
  MsProtocol protocol;
  guint port;
  MsSecurity security;
} candidates[] = {
  /* Preference order within each direction. */
  { "imap", MS_PROTOCOL_IMAP, 993, MS_SECURITY_SSL },
  { "mail", MS_PROTOCOL_IMAP, 993, MS_SECURITY_SSL },
  { "imap", MS_PROTOCOL_IMAP, 143, MS_SECURITY_STARTTLS },
  { "mail", MS_PROTOCOL_IMAP, 143, MS_SECURITY_STARTTLS },
  { "pop", MS_PROTOCOL_POP3, 995, MS_SECURITY_SSL },
  { "mail", MS_PROTOCOL_POP3, 995, MS_SECURITY_SSL },
  { "pop", MS_PROTOCOL_POP3, 110, MS_SECURITY_STARTTLS },
  { "mail", MS_PROTOCOL_POP3, 110, MS_SECURITY_STARTTLS },
  { "smtp", MS_PROTOCOL_SMTP, 465, MS_SECURITY_SSL },
  { "mail", MS_PROTOCOL_SMTP, 465, MS_SECURITY_SSL },
  { "smtp", MS_PROTOCOL_SMTP, 587, MS_SECURITY_STARTTLS },
  { "mail", MS_PROTOCOL_SMTP, 587, MS_SECURITY_STARTTLS },
};

#define N_CANDIDATES G_N_ELEMENTS (candidates)

typedef struct {
  MsDiscoverySourceRun *run;
  MsProbeResult *results[N_CANDIDATES];
  guint pending;
  gboolean cancelled;
  guint wrong_names;
} Guess;

typedef struct {
  Guess *guess;
  guint index;
} GuessCall;

static gboolean
usable (const MsProbeResult *r)
{
  return r && r->tls && r->certificate && r->certificate->name_matches &&
         r->certificate->decision != MS_CERT_DECISION_REFUSED;
}

static void
guess_finish (Guess *g)
{
  g_autoptr(MsProvider) provider = NULL;
  gboolean in = FALSE, out = FALSE;
  MsDiscoveryProposal *p;
  GError *error;

  for (guint i = 0; i < N_CANDIDATES; i++)
    if (usable (g->results[i]))
      *(candidates[i].protocol == MS_PROTOCOL_SMTP ? &out : &in) = TRUE;
  if (g->cancelled || !in || !out)
    {
      if (g->cancelled)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      else if (g->wrong_names > 0)
        error = g_error_new (MS_DISCOVERY_ERROR, MS_DISCOVERY_ERROR_NO_SERVER,
                             /* TRANSLATORS: %s is a domain, e.g. “example.com”. */
                             _("No server of %s answered with a certificate for its own name; a server "
                               "whose certificate is for another name is never offered."), g->run->domain);
      else
        error = g_error_new (MS_DISCOVERY_ERROR, MS_DISCOVERY_ERROR_NO_SERVER,
                             /* TRANSLATORS: %s is a domain, e.g. “example.com”; imap., mail., pop. and smtp. are
                              * the beginnings of server names: do not translate them. */
                             _("No usual server name of %s (imap., mail., pop., smtp.) answered for both "
                               "receiving and sending mail."), g->run->domain);
      g->run->done (g->run, NULL, error);
      goto out;
    }
  provider = _ms_provider_new (g->run->domain, "guess");
  _ms_provider_add_domain (provider, g->run->domain);
  _ms_provider_set_strings (provider, g->run->domain, NULL, NULL, NULL);
  for (guint i = 0; i < N_CANDIDATES; i++)
    if (usable (g->results[i]))
      {
        MsEndpoint *e = ms_endpoint_copy (g->results[i]->endpoint);

        g_clear_pointer (&e->certificate_name, g_free);
        _ms_provider_add_endpoint (provider, candidates[i].protocol != MS_PROTOCOL_SMTP, e);
      }
  p = _ms_discovery_proposal_new (MS_DISCOVERY_SOURCE_GUESS, provider,
                                  ((MsEndpoint *) g_ptr_array_index (ms_provider_get_incoming (provider), 0))->hostname);
  g->run->done (g->run, p, NULL);
out:
  for (guint i = 0; i < N_CANDIDATES; i++)
    g_clear_pointer (&g->results[i], ms_probe_result_unref);
  g_free (g);
}

static void
on_probed (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GuessCall *call = user_data;
  Guess *g = call->guess;
  g_autoptr(GError) error = NULL;
  MsProbeResult *r = ms_probe_run_finish (res, &error);

  if (r == NULL)
    g->cancelled = TRUE;
  else if (r->tls && r->certificate && !r->certificate->name_matches)
    g->wrong_names++;
  g->results[call->index] = r;
  g_free (call);
  if (--g->pending == 0)
    guess_finish (g);
}

void
_ms_discovery_run_guess (MsDiscoverySourceRun *run)
{
  g_autoptr(MsProbeOptions) options = ms_probe_options_new ();
  Guess *g = g_new0 (Guess, 1);
  guint bound = run->options->source_timeout_ms ? run->options->source_timeout_ms : 4000;

  /* No password: a guessed server learns nothing about the user. */
  options->connect_timeout_ms = bound;
  options->read_timeout_ms = bound;
  options->ca_file = g_strdup (run->options->ca_file);
  g->run = run;
  g->pending = N_CANDIDATES;
  for (guint i = 0; i < N_CANDIDATES; i++)
    {
      g_autofree char *host = g_strdup_printf ("%s.%s", candidates[i].prefix, run->domain);
      g_autoptr(MsEndpoint) e = ms_endpoint_new (candidates[i].protocol, host, candidates[i].port,
                                                 candidates[i].security);
      GuessCall *call = g_new0 (GuessCall, 1);

      call->guess = g;
      call->index = i;
      ms_probe_run_async (e, options, run->cancellable, on_probed, call);
    }
}
