/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The probe is a mail session opened for the occasion (ms-mail-session-
 * open.c and -login.c do the steps and fill the result), then a goodbye. */
#include "config.h"

#include <string.h>

#include "ms-conn.h"
#include "ms-mail-session-private.h"

typedef struct {
  MsMailSession *session;
  gint64 start_us;
} ProbeData;

static void
probe_data_free (ProbeData *data)
{
  g_clear_object (&data->session);
  g_free (data);
}

static void
finish (GTask *task, ProbeData *data)
{
  MsProbeResult *result = data->session->report;

  ms_mail_session_close (data->session);
  result->total_ms = (g_get_monotonic_time () - data->start_us) / 1000;
  g_task_return_pointer (task, ms_probe_result_ref (result), (GDestroyNotify) ms_probe_result_unref);
  g_object_unref (task);
}

static void
on_logout_written (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  ProbeData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* The answer to a goodbye does not change the verdict: do not wait for it. */
  if (!ms_conn_write_finish (data->session->conn, res, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  finish (task, data);
}

/* Records @error (taken, may be NULL) and, when the server is still in
 * step, says goodbye politely. */
static void
end (GTask *task, ProbeData *data, GError *error)
{
  MsMailSession *session = data->session;
  g_autofree char *line = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (error != NULL)
    session->report->error = error;
  if (session->conn == NULL)
    {
      finish (task, data);
      return;
    }
  line = ms_dialect_logout_command (&session->dialect);
  ms_conn_write_async (session->conn, line, strlen (line), g_task_get_cancellable (task), on_logout_written, task);
}

static void
on_logged_in (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  ProbeData *data = g_task_get_task_data (task);
  GError *error = NULL;

  _ms_mail_session_login_finish (data->session, res, &error);
  end (task, data, error);
}

static void
on_connected (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  ProbeData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (_ms_mail_session_connect_finish (data->session, res, &error))
    _ms_mail_session_login_async (data->session, g_task_get_cancellable (task), on_logged_in, task);
  else
    end (task, data, error);
}

void
ms_probe_run_async (const MsEndpoint *endpoint, const MsProbeOptions *options, GCancellable *cancellable,
                    GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;
  ProbeData *data;

  g_return_if_fail (endpoint != NULL && endpoint->hostname != NULL);
  data = g_new0 (ProbeData, 1);
  data->start_us = g_get_monotonic_time ();
  data->session = _ms_mail_session_new (endpoint, options, TRUE);

  /* Unreffed by finish() or on cancellation. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_probe_run_async);
  g_task_set_task_data (task, data, (GDestroyNotify) probe_data_free);
  _ms_mail_session_connect_async (data->session, cancellable, on_connected, task);
}

MsProbeResult *
ms_probe_run_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
