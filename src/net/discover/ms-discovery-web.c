/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-discovery-private.h"

/* The provider's own autoconfig (https, then the same over http as a
 * late source) and the ISP database.  Like Thunderbird, the address goes
 * only to the provider's own autoconfig host, and only over https; the
 * ISPDB and the .well-known URL learn the domain alone. */

typedef struct {
  MsDiscoverySourceRun *run;
  char *urls[2];              /* by preference */
  MsProvider *providers[2];
  GError *errors[2];
  guint pending;
} Web;

static void
web_free (Web *w)
{
  for (guint i = 0; i < G_N_ELEMENTS (w->urls); i++)
    {
      g_free (w->urls[i]);
      g_clear_object (&w->providers[i]);
      g_clear_error (&w->errors[i]);
    }
  g_free (w);
}

/* The first URL by preference that gave a profile wins; a failure of the
 * preferred one waits for the other. */
static gboolean
web_decide (Web *w)
{
  for (guint i = 0; i < G_N_ELEMENTS (w->urls); i++)
    {
      if (w->urls[i] == NULL)
        continue;
      if (w->providers[i])
        {
          MsDiscoveryProposal *p = _ms_discovery_proposal_new (w->run->source, w->providers[i], w->urls[i]);
          w->run->done (w->run, p, NULL);
          return TRUE;
        }
      if (w->errors[i] == NULL)
        return FALSE;  /* still waiting for a better one */
    }
  if (w->pending == 0)
    {
      GError *error = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (w->urls); i++)
        if (w->errors[i] && (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
          error = w->errors[i];
      w->run->done (w->run, NULL, g_error_copy (error));
      return TRUE;
    }
  return FALSE;
}

typedef struct {
  Web *web;
  guint index;
  gboolean *decided;
} WebCall;

static void
on_fetched (GObject *source, GAsyncResult *res, gpointer user_data)
{
  WebCall *call = user_data;
  Web *w = call->web;

  w->providers[call->index] = _ms_discovery_fetch_finish (res, &w->errors[call->index]);
  w->pending--;
  if (!*call->decided)
    *call->decided = web_decide (w);
  if (w->pending == 0)
    {
      g_free (call->decided);
      web_free (w);
    }
  g_free (call);
}

static void
web_start (MsDiscoverySourceRun *run, char *first, char *second)
{
  Web *w = g_new0 (Web, 1);
  gboolean *decided = g_new0 (gboolean, 1);

  w->run = run;
  w->urls[0] = first;
  w->urls[1] = second;
  for (guint i = 0; i < G_N_ELEMENTS (w->urls); i++)
    if (w->urls[i])
      w->pending++;
  for (guint i = 0; i < G_N_ELEMENTS (w->urls); i++)
    if (w->urls[i])
      {
        WebCall *call = g_new0 (WebCall, 1);

        call->web = w;
        call->index = i;
        call->decided = decided;
        _ms_discovery_fetch_async (run->database, w->urls[i], run->cancellable, on_fetched, call);
      }
}

void
_ms_discovery_run_autoconfig (MsDiscoverySourceRun *run, gboolean https)
{
  const char *scheme = https ? "https" : "http";
  g_autofree char *escaped = g_uri_escape_string (run->address, NULL, FALSE);
  char *own = https
              ? g_strdup_printf ("https://autoconfig.%s/mail/config-v1.1.xml?emailaddress=%s", run->domain, escaped)
              : g_strdup_printf ("http://autoconfig.%s/mail/config-v1.1.xml", run->domain);
  char *well_known = g_strdup_printf ("%s://%s/.well-known/autoconfig/mail/config-v1.1.xml", scheme, run->domain);

  web_start (run, own, well_known);
}

char *
_ms_discovery_ispdb_url (const MsDiscoveryOptions *options, const char *domain)
{
  const char *base = options->ispdb_url;

  if (base == NULL || *base == '\0')
    base = g_getenv ("MAIL_SETUP_ISPDB_URL");
  if (base == NULL || *base == '\0')
    base = MS_DISCOVERY_DEFAULT_ISPDB_URL;
  return g_str_has_suffix (base, "/") ? g_strconcat (base, domain, NULL) : g_strconcat (base, "/", domain, NULL);
}

void
_ms_discovery_run_ispdb (MsDiscoverySourceRun *run)
{
  web_start (run, _ms_discovery_ispdb_url (run->options, run->domain), NULL);
}
