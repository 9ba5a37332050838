/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs discovery for one address and prints the result as JSON, with the
 * longest main-loop stall seen while it ran: for the discovery tests and
 * the benchmark.  Options: --offline, --ca-file FILE, --source-timeout MS,
 * --total-timeout MS, --cancel-after MS. */
#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "net/discover/ms-discovery.h"

typedef struct {
  GMainLoop *loop;
  MsDiscoveryResult *result;
  GError *error;
  gint64 last_tick, last_wait, worst_stall_us;
} Run;

/* Nanoseconds this thread has waited for a CPU (the second field of
 * schedstat), or 0 when the kernel does not say. */
static gint64
runqueue_wait_us (void)
{
  g_autofree char *text = NULL;
  guint64 on_cpu = 0, waited = 0;

  if (!g_file_get_contents ("/proc/thread-self/schedstat", &text, NULL, NULL) ||
      sscanf (text, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, &on_cpu, &waited) != 2)
    return 0;
  return (gint64) (waited / 1000);
}

static gboolean
tick (gpointer data)
{
  Run *run = data;
  gint64 now = g_get_monotonic_time ();
  gint64 wait = runqueue_wait_us ();

  /* A 5 ms timer: a late tick is time the main loop could not run, less
   * the time the machine's other work kept it off the CPU (the tests
   * share two cores), which is no stall of ours. */
  if (run->last_tick)
    {
      gint64 stall = now - run->last_tick - 5000 - (wait - run->last_wait);
      if (stall > run->worst_stall_us)
        run->worst_stall_us = stall;
    }
  run->last_tick = now;
  run->last_wait = wait;
  return G_SOURCE_CONTINUE;
}

static void
done (GObject *source, GAsyncResult *res, gpointer data)
{
  Run *run = data;

  run->result = ms_discovery_run_finish (MS_DISCOVERY (source), res, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
cancel_now (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char **argv)
{
  g_autoptr(MsDiscoveryOptions) options = ms_discovery_options_new ();
  g_autoptr(MsProviderStore) store = NULL;
  g_autoptr(MsDiscovery) discovery = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GOptionContext) context = g_option_context_new ("ADDRESS");
  int cancel_after = 0, source_timeout = 0, total_timeout = 0;
  gboolean offline = FALSE;
  char *ca_file = NULL;
  Run run = { 0 };
  gint64 started;
  GOptionEntry entries[] = {
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline, NULL, NULL },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, NULL, NULL },
    { "cancel-after", 0, 0, G_OPTION_ARG_INT, &cancel_after, NULL, NULL },
    { "source-timeout", 0, 0, G_OPTION_ARG_INT, &source_timeout, NULL, NULL },
    { "total-timeout", 0, 0, G_OPTION_ARG_INT, &total_timeout, NULL, NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, NULL) || argc != 2)
    return 2;
  options->offline = offline;
  options->ca_file = ca_file;
  options->source_timeout_ms = source_timeout;
  options->total_timeout_ms = total_timeout;
  store = ms_provider_store_new ();
  ms_provider_store_load_sync (store, NULL);
  discovery = ms_discovery_new (store, options);

  run.loop = g_main_loop_new (NULL, FALSE);
  g_timeout_add (5, tick, &run);
  if (cancel_after > 0)
    g_timeout_add (cancel_after, cancel_now, cancellable);
  started = g_get_monotonic_time ();
  ms_discovery_run_async (discovery, argv[1], cancellable, done, &run);
  g_main_loop_run (run.loop);

  if (run.error)
    {
      printf ("{\"cancelled\": true, \"error\": \"%s\", \"wall_ms\": %" G_GINT64_FORMAT "}\n",
              g_error_matches (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? "cancelled" : "other",
              (g_get_monotonic_time () - started) / 1000);
      return g_error_matches (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? 0 : 1;
    }
  {
    g_autofree char *json = ms_discovery_result_to_json (run.result);
    printf ("{\"wall_ms\": %" G_GINT64_FORMAT ", \"worst_stall_ms\": %.1f, \"result\": %s}\n",
            (g_get_monotonic_time () - started) / 1000, run.worst_stall_us / 1000.0, json);
  }
  ms_discovery_result_free (run.result);
  g_main_loop_unref (run.loop);
  return 0;
}
