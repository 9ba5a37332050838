/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Times the Evolution writer, keyring included (run-with-keyring.sh
 * --keyring: a real gnome-keyring-daemon): a new account, then a re-run
 * on a sources folder that holds 50 other accounts.  Target: 100 ms. */
#include "config.h"

#include <stdio.h>

#include "ms-evo-test-util.h"
#include "ms-evolution.h"

#define RUNS 20
#define OTHER_ACCOUNTS 50
#define TARGET_MS 100.0

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
time_write (MsClient *client, MsAccount *account, gboolean store_password)
{
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr (MsClientReport) report = ms_evo_test_write (client, account, NULL, FALSE, store_password, &error);
  double ms = (g_get_monotonic_time () - start) / 1000.0;

  g_assert_no_error (error);
  if (store_password && !report->password_stored)
    g_error ("the password was not stored: %s", report->password_note);
  return ms;
}

static void
print_series (const char *what, double *ms, guint n, double *median)
{
  qsort (ms, n, sizeof *ms, (int (*) (const void *, const void *)) compare_double);
  *median = ms[n / 2];
  printf ("%-48s median %6.1f ms  min %6.1f  max %6.1f  (%u runs)\n", what, *median, ms[0], ms[n - 1], n);
}

int
main (int argc, char **argv)
{
  g_autoptr (MsClient) client = ms_evolution_client_new ();
  double fresh[RUNS], rerun[RUNS], median_fresh, median_rerun;
  g_autoptr (MsAccount) target = NULL;
  int status = 0;

  if (g_getenv ("MS_TEST_ROOT") == NULL)
    {
      fprintf (stderr, "Run me through tests/clients/evolution/run-with-keyring.sh --keyring\n");
      return 77;
    }

  /* A new account each time: three sources and two keyring items. */
  for (guint i = 0; i < RUNS; i++)
    {
      g_autofree char *address = g_strdup_printf ("new%u@example.org", i);
      g_autoptr (MsAccount) account = ms_evo_test_account (address, "mail.example.org");

      fresh[i] = time_write (client, account, TRUE);
    }
  /* Fill the folder up to 50 other accounts (not timed). */
  for (guint i = RUNS; i < OTHER_ACCOUNTS; i++)
    {
      g_autofree char *address = g_strdup_printf ("other%u@example.org", i);
      g_autoptr (MsAccount) account = ms_evo_test_account (address, "mail.example.org");

      time_write (client, account, FALSE);
    }
  /* The same address again and again: scan 150 files, merge, replace. */
  target = ms_evo_test_account ("target@example.org", "mail.example.org");
  time_write (client, target, TRUE);
  for (guint i = 0; i < RUNS; i++)
    {
      ms_server_set_port (ms_account_get_incoming (target), i % 2 ? 993 : 143);
      rerun[i] = time_write (client, target, TRUE);
    }

  print_series ("new account (3 sources + 2 keyring items)", fresh, RUNS, &median_fresh);
  print_series ("re-run among 50 accounts (+ 2 keyring items)", rerun, RUNS, &median_rerun);
  if (median_fresh > TARGET_MS || median_rerun > TARGET_MS)
    {
      printf ("over the %.0f ms target\n", TARGET_MS);
      status = 1;
    }
  return status;
}
