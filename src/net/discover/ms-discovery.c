/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/ms-address.h"
#include "ms-discovery-private.h"

/* Every source starts at once; each has its own bound and cancellable,
 * and the whole run a deadline.  The answer is the highest-priority
 * source that found settings, given as soon as every source above it has
 * failed, so a fast guess never beats a slower autoconfig, and nothing
 * waits for a filtered host longer than its bound. */

struct _MsDiscovery
{
  GObject parent_instance;

  MsProviderStore *store;
  MsDiscoveryOptions *options;
  GTlsDatabase *database;
};

G_DEFINE_TYPE (MsDiscovery, ms_discovery, G_TYPE_OBJECT)
G_DEFINE_QUARK (ms-discovery-error-quark, ms_discovery_error)

typedef struct _Run Run;

typedef struct {
  MsDiscoverySourceRun base;
  Run *run;
  guint timeout_id;
  gboolean finished;
  gboolean timed_out;
} Source;

struct _Run {
  gint refs;
  GTask *task;                   /* NULL once answered */
  MsDiscovery *self;
  MsDiscoveryResult *result;
  Source sources[MS_DISCOVERY_N_SOURCES];
  GCancellable *cancellable;     /* the caller's */
  gulong cancelled_id;
  guint deadline_id;
  gint64 started;
};

static void
run_unref (Run *run)
{
  if (!g_atomic_int_dec_and_test (&run->refs))
    return;
  for (guint i = 0; i < MS_DISCOVERY_N_SOURCES; i++)
    g_clear_object (&run->sources[i].base.cancellable);
  g_clear_pointer (&run->result, ms_discovery_result_free);
  g_clear_object (&run->self);
  g_free (run);
}

static gint64
elapsed_ms (Run *run)
{
  return (g_get_monotonic_time () - run->started) / 1000;
}

/* Stops whatever still runs; each source still calls back (cancelled). */
static void
stop_sources (Run *run)
{
  for (guint i = 0; i < MS_DISCOVERY_N_SOURCES; i++)
    {
      Source *s = &run->sources[i];

      g_clear_handle_id (&s->timeout_id, g_source_remove);
      if (s->base.cancellable)
        g_cancellable_cancel (s->base.cancellable);
    }
  g_clear_handle_id (&run->deadline_id, g_source_remove);
  /* Once the caller's cancellable has fired, its handler may be running
   * right now (disconnecting would then wait for it forever); the
   * connection holds a reference, so leaving it is safe. */
  if (run->cancelled_id && !g_cancellable_is_cancelled (run->cancellable))
    g_cancellable_disconnect (run->cancellable, run->cancelled_id);
  run->cancelled_id = 0;
}

static void
answer (Run *run, GError *cancelled)
{
  g_autoptr(GTask) task = g_steal_pointer (&run->task);
  MsDiscoveryResult *result = g_steal_pointer (&run->result);

  stop_sources (run);
  if (cancelled)
    {
      ms_discovery_result_free (result);
      g_task_return_error (task, cancelled);
      return;
    }
  result->elapsed_ms = elapsed_ms (run);
  for (guint i = 0; i < MS_DISCOVERY_N_SOURCES; i++)
    if (result->attempts[i].ran && !run->sources[i].finished)
      {
        result->attempts[i].error = g_error_new (MS_DISCOVERY_ERROR, MS_DISCOVERY_ERROR_TIMED_OUT,
                                                 _("Stopped: a source that comes first had answered."));
        result->attempts[i].elapsed_ms = result->elapsed_ms;
      }
  for (guint i = 0; i < result->proposals->len && result->proposal == NULL; i++)
    result->proposal = g_ptr_array_index (result->proposals, i);
  if (result->proposal == NULL)
    result->error = g_error_new (MS_DISCOVERY_ERROR, MS_DISCOVERY_ERROR_NOT_FOUND,
                                 /* TRANSLATORS: %s is a domain, e.g. “example.com”. */
                                 _("No settings were found for %s."), result->domain);
  g_task_return_pointer (task, result, (GDestroyNotify) ms_discovery_result_free);
}

static void
decide (Run *run)
{
  if (run->task == NULL)
    return;
  for (guint i = 0; i < MS_DISCOVERY_N_SOURCES; i++)
    {
      const MsDiscoveryAttempt *a = &run->result->attempts[i];

      if (a->ran && !run->sources[i].finished)
        return;  /* a better source may still answer */
      if (a->found)
        break;
    }
  answer (run, NULL);
}

static gint
compare_proposals (gconstpointer a, gconstpointer b)
{
  const MsDiscoveryProposal *pa = *(MsDiscoveryProposal *const *) a;
  const MsDiscoveryProposal *pb = *(MsDiscoveryProposal *const *) b;

  return (gint) pa->source - (gint) pb->source;
}

static void
source_done (MsDiscoverySourceRun *base, MsDiscoveryProposal *proposal, GError *error)
{
  Source *s = (Source *) base;
  Run *run = s->run;
  MsDiscoveryAttempt *a;

  g_clear_handle_id (&s->timeout_id, g_source_remove);
  s->finished = TRUE;
  if (run->result != NULL)
    {
      a = &run->result->attempts[base->source];
      a->elapsed_ms = elapsed_ms (run);
      if (proposal)
        {
          a->found = TRUE;
          g_ptr_array_add (run->result->proposals, proposal);
          g_ptr_array_sort (run->result->proposals, compare_proposals);
          proposal = NULL;
        }
      else if (s->timed_out)
        a->error = g_error_new (MS_DISCOVERY_ERROR, MS_DISCOVERY_ERROR_TIMED_OUT,
                                /* TRANSLATORS: a source of settings, then seconds. */
                                _("%s did not answer within %.1f s."),
                                ms_discovery_source_display (base->source),
                                (double) (run->self->options->source_timeout_ms ? run->self->options->source_timeout_ms : 4000) / 1000);
      else
        a->error = error ? g_error_copy (error) : NULL;
    }
  if (proposal)
    ms_discovery_proposal_free (proposal);
  g_clear_error (&error);
  decide (run);
  run_unref (run);
}

static gboolean
source_timed_out (gpointer data)
{
  Source *s = data;

  s->timeout_id = 0;
  s->timed_out = TRUE;
  g_cancellable_cancel (s->base.cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
deadline_reached (gpointer data)
{
  Run *run = data;

  run->deadline_id = 0;
  /* Sources still running count as timed out; the answer is the best of
   * what came. */
  for (guint i = 0; i < MS_DISCOVERY_N_SOURCES; i++)
    if (!run->sources[i].finished && run->sources[i].base.cancellable)
      {
        run->sources[i].timed_out = TRUE;
        g_cancellable_cancel (run->sources[i].base.cancellable);
      }
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled (GCancellable *cancellable, gpointer data)
{
  Run *run = data;

  /* Runs in the thread that cancelled; the answer is given from the main
   * context of the run, when the sources call back. */
  for (guint i = 0; i < MS_DISCOVERY_N_SOURCES; i++)
    if (run->sources[i].base.cancellable)
      g_cancellable_cancel (run->sources[i].base.cancellable);
}

static void
start_source (Run *run, MsDiscoverySource source, const char *address, const char *domain)
{
  Source *s = &run->sources[source];
  MsDiscoveryOptions *o = run->self->options;

  s->run = run;
  s->base.source = source;
  s->base.address = run->result->address;
  s->base.domain = run->result->domain;
  s->base.options = o;
  s->base.store = run->self->store;
  s->base.database = run->self->database;
  s->base.cancellable = g_cancellable_new ();
  s->base.done = source_done;
  run->result->attempts[source].ran = TRUE;
  g_atomic_int_inc (&run->refs);
  s->timeout_id = g_timeout_add (o->source_timeout_ms ? o->source_timeout_ms : 4000, source_timed_out, s);
  switch (source)
    {
    case MS_DISCOVERY_SOURCE_AUTOCONFIG: _ms_discovery_run_autoconfig (&s->base, TRUE); break;
    case MS_DISCOVERY_SOURCE_ISPDB: _ms_discovery_run_ispdb (&s->base); break;
    case MS_DISCOVERY_SOURCE_MX: _ms_discovery_run_mx (&s->base); break;
    case MS_DISCOVERY_SOURCE_SRV: _ms_discovery_run_srv (&s->base); break;
    case MS_DISCOVERY_SOURCE_AUTOCONFIG_HTTP: _ms_discovery_run_autoconfig (&s->base, FALSE); break;
    case MS_DISCOVERY_SOURCE_GUESS: _ms_discovery_run_guess (&s->base); break;
    case MS_DISCOVERY_SOURCE_LOCAL:
    case MS_DISCOVERY_N_SOURCES:
    default: g_assert_not_reached ();
    }
}

void
ms_discovery_run_async (MsDiscovery *self, const char *address, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *ascii = NULL, *local = NULL, *domain = NULL;
  g_autoptr(GError) error = NULL;
  MsDiscoveryResult *result;
  MsProvider *provider;
  Run *run;

  g_task_set_source_tag (task, ms_discovery_run_async);
  result = g_new0 (MsDiscoveryResult, 1);
  result->proposals = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_discovery_proposal_free);
  result->address = g_strdup (address);
  for (guint i = 0; i < MS_DISCOVERY_N_SOURCES; i++)
    result->attempts[i].source = i;
  if (!ms_address_validate (address, &error) || (ascii = ms_address_to_ascii (address)) == NULL ||
      !ms_address_split (ascii, &local, &domain))
    {
      result->error = g_error_new (MS_DISCOVERY_ERROR, MS_DISCOVERY_ERROR_BAD_ADDRESS,
                                   /* TRANSLATORS: an address, then why it is not valid. */
                                   _("“%s” is not an e-mail address: %s"), address,
                                   error ? error->message : "?");
      g_task_return_pointer (task, result, (GDestroyNotify) ms_discovery_result_free);
      return;
    }
  result->domain = g_ascii_strdown (domain, -1);

  /* Our own profiles first: nothing can beat them, so when one serves the
   * domain nothing leaves this machine. */
  result->attempts[MS_DISCOVERY_SOURCE_LOCAL].ran = TRUE;
  provider = ms_provider_store_lookup_domain (self->store, result->domain);
  if (provider)
    {
      result->attempts[MS_DISCOVERY_SOURCE_LOCAL].found = TRUE;
      result->proposal = _ms_discovery_proposal_new (MS_DISCOVERY_SOURCE_LOCAL, provider, ms_provider_get_source (provider));
      g_ptr_array_add (result->proposals, result->proposal);
      g_task_return_pointer (task, result, (GDestroyNotify) ms_discovery_result_free);
      return;
    }
  result->attempts[MS_DISCOVERY_SOURCE_LOCAL].error =
    g_error_new (MS_DISCOVERY_ERROR, MS_DISCOVERY_ERROR_NOT_FOUND,
                 /* TRANSLATORS: %s is a domain, e.g. “example.com”. */
                 _("No provider profile on this computer lists %s."), result->domain);

  run = g_new0 (Run, 1);
  run->refs = 1;
  run->self = g_object_ref (self);
  run->task = g_steal_pointer (&task);
  run->result = result;
  run->started = g_get_monotonic_time ();
  run->cancellable = cancellable;
  run->sources[MS_DISCOVERY_SOURCE_LOCAL].finished = TRUE;
  for (guint i = MS_DISCOVERY_SOURCE_AUTOCONFIG; i < MS_DISCOVERY_N_SOURCES; i++)
    {
      if (i == MS_DISCOVERY_SOURCE_ISPDB && self->options->offline)
        {
          result->attempts[i].error = g_error_new (MS_DISCOVERY_ERROR, MS_DISCOVERY_ERROR_OFFLINE,
                                                   _("The ISP database is not asked when working offline."));
          continue;
        }
      start_source (run, i, address, domain);
    }
  run->deadline_id = g_timeout_add (self->options->total_timeout_ms ? self->options->total_timeout_ms : 6000,
                                    deadline_reached, run);
  if (cancellable)
    {
      g_atomic_int_inc (&run->refs);
      run->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled), run,
                                                 (GDestroyNotify) run_unref);
    }
  run_unref (run);
}

MsDiscoveryResult *
ms_discovery_run_finish (MsDiscovery *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
ms_discovery_finalize (GObject *object)
{
  MsDiscovery *self = MS_DISCOVERY (object);

  g_clear_object (&self->store);
  g_clear_object (&self->database);
  ms_discovery_options_free (self->options);
  G_OBJECT_CLASS (ms_discovery_parent_class)->finalize (object);
}

static void
ms_discovery_class_init (MsDiscoveryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_discovery_finalize;
}

static void
ms_discovery_init (MsDiscovery *self)
{
}

MsDiscovery *
ms_discovery_new (MsProviderStore *store, const MsDiscoveryOptions *options)
{
  MsDiscovery *self = g_object_new (MS_TYPE_DISCOVERY, NULL);
  MsDiscoveryOptions *o = ms_discovery_options_new ();

  if (options)
    {
      *o = *options;
      o->ispdb_url = g_strdup (options->ispdb_url);
      o->ca_file = g_strdup (options->ca_file);
    }
  self->options = o;
  self->store = g_object_ref (store);
  if (o->ca_file)
    {
      g_autoptr(GError) error = NULL;

      self->database = g_tls_file_database_new (o->ca_file, &error);
      if (self->database == NULL)
        g_debug ("Cannot read the trust anchors in %s: %s", o->ca_file, error->message);
    }
  return self;
}
