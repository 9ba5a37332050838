/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Full probes of every endpoint of the local test servers: sequential sum
 * vs. one parallel check, and the time to a verdict with a filtered port. */
#include "config.h"

#include <stdio.h>

#include "ms-check.h"
#include "ms-test-util.h"

static void
on_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  MsCheckResult **out = user_data;

  *out = ms_check_run_finish (MS_CHECK (source), res, NULL);
}

static MsCheckResult *
run (MsCheck *check)
{
  MsCheckResult *result = NULL;

  ms_check_run_async (check, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return result;
}

static const struct { MsProtocol p; guint off; MsSecurity s; guint std; } eps[] = {
  { MS_PROTOCOL_IMAP, 1, MS_SECURITY_STARTTLS, 143 }, { MS_PROTOCOL_IMAP, 2, MS_SECURITY_SSL, 993 },
  { MS_PROTOCOL_POP3, 3, MS_SECURITY_STARTTLS, 110 }, { MS_PROTOCOL_POP3, 4, MS_SECURITY_SSL, 995 },
  { MS_PROTOCOL_SMTP, 7, MS_SECURITY_SSL, 465 },      { MS_PROTOCOL_SMTP, 6, MS_SECURITY_STARTTLS, 587 },
  { MS_PROTOCOL_SMTP, 5, MS_SECURITY_STARTTLS, 25 },
};

int
main (int argc, char **argv)
{
  g_autoptr(MsProbeOptions) opts = ms_test_options (TRUE, TRUE);
  g_autoptr(GPtrArray) fillers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GSocket) listener = NULL;
  gint64 sum = 0, t0, wall;
  guint rounds = 5, filtered = 0;

  printf ("%-28s %10s\n", "endpoint", "single ms");
  for (guint i = 0; i < G_N_ELEMENTS (eps); i++)
    {
      g_autoptr(MsEndpoint) ep = ms_test_endpoint (eps[i].p, "127.0.0.1", eps[i].off, eps[i].s);
      g_autofree char *what = ms_endpoint_describe (ep);
      gint64 best = G_MAXINT64;

      for (guint r = 0; r < rounds; r++)
        {
          g_autoptr(MsProbeResult) res = NULL;
          t0 = g_get_monotonic_time ();
          res = ms_test_probe (ep, opts);
          if (res->error)
            g_error ("%s: %s", what, res->error->message);
          best = MIN (best, g_get_monotonic_time () - t0);
        }
      printf ("%-28s %10.1f\n", what, best / 1000.0);
      sum += best;
    }

  wall = G_MAXINT64;
  for (guint r = 0; r < rounds; r++)
    {
      g_autoptr(MsCheck) check = ms_check_new (opts);
      g_autoptr(MsCheckResult) result = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (eps); i++)
        {
          g_autoptr(MsEndpoint) ep = ms_test_endpoint (eps[i].p, "127.0.0.1", eps[i].off, eps[i].s);
          ms_check_add (check, ep);
        }
      t0 = g_get_monotonic_time ();
      result = run (check);
      wall = MIN (wall, g_get_monotonic_time () - t0);
      if (!ms_check_result_all_passed (result))
        g_error ("the parallel check failed");
    }
  printf ("\nsum of single probes:      %8.1f ms\n", sum / 1000.0);
  printf ("parallel check, wall time: %8.1f ms  (%u endpoints, best of %u)\n", wall / 1000.0,
          (guint) G_N_ELEMENTS (eps), rounds);

  /* Port 25 filtered (connect timeout 2 s): the verdict comes at the timeout. */
  listener = ms_test_filtered_port (&filtered, fillers);
  opts->connect_timeout_ms = 2000;
  {
    g_autoptr(MsCheck) check = ms_check_new (opts);
    g_autoptr(MsCheckResult) result = NULL;
    g_autoptr(MsEndpoint) ep25 = ms_endpoint_new (MS_PROTOCOL_SMTP, "127.0.0.1", filtered, MS_SECURITY_STARTTLS);

    for (guint i = 0; i < G_N_ELEMENTS (eps) - 1; i++)
      {
        g_autoptr(MsEndpoint) ep = ms_test_endpoint (eps[i].p, "127.0.0.1", eps[i].off, eps[i].s);
        ms_check_add (check, ep);
      }
    ep25->certificate_name = g_strdup ("localhost");
    ms_check_add (check, ep25);
    t0 = g_get_monotonic_time ();
    result = run (check);
    /* Both TLS modes of port 25 run at once: one timeout, not two. */
    printf ("time to verdict, port 25 filtered in both modes (2 s timeout): %.1f ms\n",
            (g_get_monotonic_time () - t0) / 1000.0);
  }
  return 0;
}
