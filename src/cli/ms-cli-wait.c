/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib-unix.h>

#include "ms-cli-private.h"

/* The commands are sequences of asynchronous steps (check, accept, write,
 * test message); each is run to its end here, on a loop of our own, with
 * Ctrl+C cancelling whichever step is running. */

static gboolean
on_signal (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

void
ms_cli_wait_init (MsCliWait *wait)
{
  wait->loop = g_main_loop_new (NULL, FALSE);
  wait->cancellable = g_cancellable_new ();
  wait->result = NULL;
  wait->sigint = g_unix_signal_add (SIGINT, on_signal, wait->cancellable);
  wait->sigterm = g_unix_signal_add (SIGTERM, on_signal, wait->cancellable);
}

void
ms_cli_wait_clear (MsCliWait *wait)
{
  g_clear_handle_id (&wait->sigint, g_source_remove);
  g_clear_handle_id (&wait->sigterm, g_source_remove);
  g_clear_object (&wait->result);
  g_clear_object (&wait->cancellable);
  g_clear_pointer (&wait->loop, g_main_loop_unref);
}

void
ms_cli_wait_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MsCliWait *wait = user_data;

  g_set_object (&wait->result, result);
  g_main_loop_quit (wait->loop);
}

GAsyncResult *
ms_cli_wait_run (MsCliWait *wait)
{
  g_clear_object (&wait->result);
  g_main_loop_run (wait->loop);
  return wait->result;
}
