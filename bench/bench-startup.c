/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Start-up to the first frame drawn, and peak memory, of the real binary.
 * Each run is a fresh process that quits after its first frame; the wall
 * time covers exec, GTK start-up, building the pages and the first paint. */
#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static int
compare (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

int
main (int argc, char **argv)
{
  const char *binary = argc > 1 ? argv[1] : "src/wizard/mail-setup";
  guint runs = argc > 2 ? (guint) atoi (argv[2]) : 15;
  double *wall = g_new (double, runs);
  long max_rss = 0;

  g_setenv ("MAIL_SETUP_EXIT_AFTER_FIRST_FRAME", "1", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);

  for (guint i = 0; i < runs; i++)
    {
      struct rusage usage;
      gint64 start = g_get_monotonic_time ();
      int status;
      pid_t pid = fork ();

      if (pid == 0)
        {
          freopen ("/dev/null", "w", stdout);
          execl (binary, binary, NULL);
          _exit (127);
        }
      if (wait4 (pid, &status, 0, &usage) < 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
        {
          fprintf (stderr, "run %u of %s failed\n", i, binary);
          return 1;
        }
      wall[i] = (g_get_monotonic_time () - start) / 1000.0;
      max_rss = MAX (max_rss, usage.ru_maxrss);
    }

  qsort (wall, runs, sizeof *wall, compare);
  printf ("startup-to-first-frame: median %.1f ms, min %.1f ms, max %.1f ms over %u runs (target < 200 ms)\n",
          wall[runs / 2], wall[0], wall[runs - 1], runs);
  printf ("peak-resident-memory: %.1f MB (target < 60 MB)\n", max_rss / 1024.0);
  g_free (wall);
  return 0;
}
