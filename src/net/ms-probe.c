/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-conn.h"
#include "ms-dialect.h"
#include "ms-probe-private.h"

/* A reply longer than this many lines is not a mail server talking. */
#define MAX_REPLY_LINES 1000


static void
probe_data_free (ProbeData *data)
{
  if (data->connect_timer)
    {
      g_source_destroy (data->connect_timer);
      g_source_unref (data->connect_timer);
    }
  if (data->cancel_id)
    g_cancellable_disconnect (data->user_cancellable, data->cancel_id);
  g_clear_object (&data->user_cancellable);
  g_clear_object (&data->connect_cancellable);
  g_clear_object (&data->client);
  g_clear_object (&data->conn);
  ms_endpoint_free (data->endpoint);
  ms_probe_options_free (data->options);
  g_clear_pointer (&data->result, ms_probe_result_unref);
  g_clear_pointer (&data->lines, g_ptr_array_unref);
  g_clear_pointer (&data->login_steps, g_ptr_array_unref);
  g_free (data);
}

static void
finish (GTask *task, ProbeData *data)
{
  if (data->conn)
    ms_conn_close (data->conn);
  data->result->total_ms = (g_get_monotonic_time () - data->start_us) / 1000;
  g_task_return_pointer (task, ms_probe_result_ref (data->result), (GDestroyNotify) ms_probe_result_unref);
  g_object_unref (task);
}

/* Takes @error.  Returns TRUE when the probe ended (cancelled or failed). */
static gboolean
fail (GTask *task, ProbeData *data, GError *error)
{
  if (error == NULL)
    return FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return TRUE;
    }
  if (data->result->error == NULL)
    data->result->error = error;
  else
    g_error_free (error);
  finish (task, data);
  return TRUE;
}


static void
on_line (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  ProbeData *data = g_task_get_task_data (task);
  GError *error = NULL;
  char *line = ms_conn_read_line_finish (data->conn, res, &error);
  gboolean complete = FALSE;

  if (fail (task, data, error))
    return;
  g_debug ("%s:%u S: %s", data->endpoint->hostname, data->endpoint->port, line);
  g_ptr_array_add (data->lines, line);
  if (!ms_dialect_reply_complete (&data->dialect, data->reply_kind, data->lines, &complete, &error))
    {
      fail (task, data, error);
      return;
    }
  if (!complete && data->lines->len >= MAX_REPLY_LINES)
    {
      fail (task, data, g_error_new (MS_NET_ERROR, MS_NET_ERROR_PROTOCOL,
                                     _("The server sent a reply of more than %u lines"), MAX_REPLY_LINES));
      return;
    }
  if (complete)
    data->on_reply (task, data);
  else
    ms_conn_read_line_async (data->conn, g_task_get_cancellable (task), on_line, task);
}

static void
read_reply (GTask *task, ProbeData *data, MsReplyKind kind, ReplyHandler handler)
{
  g_clear_pointer (&data->lines, g_ptr_array_unref);
  data->lines = g_ptr_array_new_with_free_func (g_free);
  data->reply_kind = kind;
  data->on_reply = handler;
  ms_conn_read_line_async (data->conn, g_task_get_cancellable (task), on_line, task);
}

static void
on_written (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  ProbeData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!ms_conn_write_finish (data->conn, res, &error))
    {
      fail (task, data, error);
      return;
    }
  ms_conn_read_line_async (data->conn, g_task_get_cancellable (task), on_line, task);
}

/* Sends @line (taken, then wiped) and reads the reply. */
void
_ms_probe_command_full (GTask *task, ProbeData *data, char *line, gboolean secret, MsReplyKind kind,
                        ReplyHandler handler)
{
  /* Never log a secret, not even in debug output. */
  g_debug ("%s:%u C: %.*s", data->endpoint->hostname, data->endpoint->port,
           secret ? 8 : (int) strcspn (line, "\r\n"), secret ? "<secret>" : line);
  g_clear_pointer (&data->lines, g_ptr_array_unref);
  data->lines = g_ptr_array_new_with_free_func (g_free);
  data->reply_kind = kind;
  data->on_reply = handler;
  ms_conn_write_async (data->conn, line, strlen (line), g_task_get_cancellable (task), on_written, task);
  explicit_bzero (line, strlen (line));
  g_free (line);
}

static void
command (GTask *task, ProbeData *data, char *line, MsReplyKind kind, ReplyHandler handler)
{
  _ms_probe_command_full (task, data, line, FALSE, kind, handler);
}

const char *
_ms_probe_last_line (ProbeData *data)
{
  return data->lines->pdata[data->lines->len - 1];
}

MsReplyStatus
_ms_probe_status (ProbeData *data)
{
  return ms_dialect_reply_status (&data->dialect, data->reply_kind, data->lines);
}

/* ---- logout ---- */

static void
on_logout_reply (GTask *task, ProbeData *data)
{
  finish (task, data);
}

static void
on_logout_written (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  ProbeData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* The answer to a goodbye does not change the verdict: do not wait for it. */
  if (!ms_conn_write_finish (data->conn, res, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  on_logout_reply (task, data);
}

/* Records @error (may be NULL) and says goodbye politely. */
void
_ms_probe_send_logout (GTask *task, ProbeData *data, GError *error)
{
  g_autofree char *line = ms_dialect_logout_command (&data->dialect);

  if (error != NULL && data->result->error == NULL)
    data->result->error = error;
  else if (error != NULL)
    g_error_free (error);
  ms_conn_write_async (data->conn, line, strlen (line), g_task_get_cancellable (task), on_logout_written, task);
}

/* ---- certificate ---- */

static void
on_cert_inspected (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  ProbeData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->result->certificate = ms_cert_inspect_finish (res, &error);
  if (data->result->certificate == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (task, data, error);
      else
        _ms_probe_send_logout (task, data, error);
      return;
    }
  _ms_probe_maybe_login (task, data);
}

static void
after_capabilities (GTask *task, ProbeData *data)
{
  g_autoptr(GPtrArray) chain = NULL;
  g_autofree char *pin = NULL;
  const char *expected;

  if (!data->result->tls)
    {
      _ms_probe_maybe_login (task, data);
      return;
    }
  chain = ms_conn_get_peer_chain (data->conn);
  expected = data->endpoint->certificate_name && *data->endpoint->certificate_name
             ? data->endpoint->certificate_name : data->endpoint->hostname;
  if (data->options->pin_store)
    pin = ms_pin_store_lookup (data->options->pin_store, data->endpoint->hostname, data->endpoint->port);
  ms_cert_inspect_async (chain, expected, data->options->ca_file, pin, g_task_get_cancellable (task),
                         on_cert_inspected, task);
}

/* ---- TLS, capabilities, STARTTLS ---- */

static void start_capabilities (GTask *task, ProbeData *data);
static void on_greeting (GTask *task, ProbeData *data);

static void
on_handshake (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  ProbeData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!ms_conn_handshake_finish (data->conn, res, &error))
    {
      fail (task, data, error);
      return;
    }
  data->result->tls = TRUE;
  data->result->tls_description = ms_conn_get_tls_description (data->conn);
  if (data->endpoint->security == MS_SECURITY_SSL)
    read_reply (task, data, MS_REPLY_GREETING, on_greeting);
  else
    start_capabilities (task, data);
}

static void
start_handshake (GTask *task, ProbeData *data)
{
  ms_conn_handshake_async (data->conn, data->endpoint->hostname, g_task_get_cancellable (task), on_handshake, task);
}

static void
on_starttls_reply (GTask *task, ProbeData *data)
{
  if (_ms_probe_status (data) != MS_REPLY_STATUS_OK)
    {
      GError *error = g_error_new (MS_NET_ERROR, MS_NET_ERROR_STARTTLS_REJECTED,
                                   _("The server refused to start TLS: “%s”"), _ms_probe_last_line (data));
      _ms_probe_send_logout (task, data, error);
      return;
    }
  /* Bytes after the STARTTLS reply would be read as if protected by TLS
   * (the CVE-2011-0411 injection): treat them as an attack. */
  if (ms_conn_has_buffered_data (data->conn))
    {
      fail (task, data, g_error_new_literal (MS_NET_ERROR, MS_NET_ERROR_PROTOCOL,
                                             _("The server sent data before the TLS handshake could start; "
                                               "something between you and the server may be tampering "
                                               "with the connection")));
      return;
    }
  start_handshake (task, data);
}

static void
on_capabilities (GTask *task, ProbeData *data)
{
  const char *word = ms_dialect_starttls_capability (&data->dialect);

  /* SMTP servers may refuse EHLO (ancient ones): no extensions then. */
  if (_ms_probe_status (data) == MS_REPLY_STATUS_OK)
    ms_dialect_parse_caps (&data->dialect, data->lines, &data->result->capabilities,
                           &data->result->auth_mechanisms);
  if (data->endpoint->security != MS_SECURITY_STARTTLS || data->result->tls)
    {
      after_capabilities (task, data);
      return;
    }
  if (!ms_dialect_has_capability ((const char *const *) data->result->capabilities, word))
    {
      GError *error = g_error_new (MS_NET_ERROR, MS_NET_ERROR_STARTTLS_NOT_OFFERED,
                                   _("The server does not offer STARTTLS (%s) on this port, so the "
                                     "connection cannot be encrypted; nothing secret was sent"), word);
      _ms_probe_send_logout (task, data, error);
      return;
    }
  command (task, data, ms_dialect_starttls_command (&data->dialect), MS_REPLY_SINGLE, on_starttls_reply);
}

static void
start_capabilities (GTask *task, ProbeData *data)
{
  command (task, data, ms_dialect_caps_command (&data->dialect, data->options->helo_name),
           ms_dialect_caps_kind (&data->dialect), on_capabilities);
}

static void
on_greeting (GTask *task, ProbeData *data)
{
  if (data->result->greeting == NULL)
    data->result->greeting = g_utf8_make_valid (data->lines->pdata[0], -1);
  if (_ms_probe_status (data) == MS_REPLY_STATUS_BYE)
    {
      fail (task, data, g_error_new (MS_NET_ERROR, MS_NET_ERROR_SERVER_UNAVAILABLE,
                                     _("The server refuses service right now: “%s”"), _ms_probe_last_line (data)));
      return;
    }
  start_capabilities (task, data);
}

/* ---- connect ---- */

static GError *
connect_error (ProbeData *data, GError *error)
{
  const char *host = data->endpoint->hostname;
  guint port = data->endpoint->port;
  guint secs = (data->options->connect_timeout_ms + 999) / 1000;
  GError *out;

  if (data->connect_timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    out = g_error_new (MS_NET_ERROR, MS_NET_ERROR_TIMED_OUT,
                       ngettext ("No answer from %s on port %u within %u second: a firewall probably "
                                 "filters this port",
                                 "No answer from %s on port %u within %u seconds: a firewall probably "
                                 "filters this port", secs), host, port, secs);
  else if (error->domain == G_RESOLVER_ERROR)
    out = g_error_new (MS_NET_ERROR, MS_NET_ERROR_NOT_RESOLVED,
                       _("The server name “%s” could not be found: check its spelling and your "
                         "internet connection"), host);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    out = g_error_new (MS_NET_ERROR, MS_NET_ERROR_REFUSED,
                       _("%s refused the connection on port %u: no mail service listens there"), host, port);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    out = g_error_new (MS_NET_ERROR, MS_NET_ERROR_UNREACHABLE,
                       _("%s cannot be reached: %s"), host, error->message);
  else
    out = g_error_new (MS_NET_ERROR, MS_NET_ERROR_IO, _("Could not connect to %s on port %u: %s"),
                       host, port, error->message);
  g_error_free (error);
  return out;
}

static void
on_connected (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  ProbeData *data = g_task_get_task_data (task);
  g_autoptr(GSocketConnection) connection = NULL;
  GError *error = NULL;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), res, &error);
  g_source_destroy (data->connect_timer);
  g_clear_pointer (&data->connect_timer, g_source_unref);
  if (connection == NULL)
    {
      if (g_cancellable_is_cancelled (data->user_cancellable))
        {
          g_clear_error (&error);
          error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled"));
        }
      else
        error = connect_error (data, error);
      fail (task, data, error);
      return;
    }
  data->result->reachable = TRUE;
  data->result->connect_ms = (g_get_monotonic_time () - data->start_us) / 1000;
  data->conn = ms_conn_new (connection, data->options->read_timeout_ms);
  if (data->endpoint->security == MS_SECURITY_SSL)
    start_handshake (task, data);
  else
    read_reply (task, data, MS_REPLY_GREETING, on_greeting);
}

static gboolean
on_connect_timeout (gpointer user_data)
{
  ProbeData *data = user_data;

  data->connect_timed_out = TRUE;
  g_cancellable_cancel (data->connect_cancellable);
  return G_SOURCE_REMOVE;
}

static void
forward_cancel (GCancellable *cancellable, gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

void
ms_probe_run_async (const MsEndpoint *endpoint, const MsProbeOptions *options, GCancellable *cancellable,
                    GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(MsProbeOptions) defaults = NULL;
  GTask *task;
  ProbeData *data;

  g_return_if_fail (endpoint != NULL && endpoint->hostname != NULL);
  if (options == NULL)
    options = defaults = ms_probe_options_new ();

  data = g_new0 (ProbeData, 1);
  data->start_us = g_get_monotonic_time ();
  data->endpoint = ms_endpoint_copy (endpoint);
  data->options = ms_probe_options_copy (options);
  if (data->options->connect_timeout_ms == 0)
    data->options->connect_timeout_ms = MS_PROBE_DEFAULT_TIMEOUT_MS;
  if (data->options->read_timeout_ms == 0)
    data->options->read_timeout_ms = MS_PROBE_DEFAULT_TIMEOUT_MS;
  data->result = _ms_probe_result_new (endpoint);
  ms_dialect_init (&data->dialect, endpoint->protocol);

  /* Unreffed by finish() or fail(). */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_probe_run_async);
  g_task_set_task_data (task, data, (GDestroyNotify) probe_data_free);

  /* The connect gets its own cancellable so our timer can stop it and we
   * still know whether the user cancelled or the clock ran out. */
  data->connect_cancellable = g_cancellable_new ();
  data->user_cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  data->cancel_id = g_cancellable_connect (data->user_cancellable, G_CALLBACK (forward_cancel),
                                           g_object_ref (data->connect_cancellable), g_object_unref);
  data->connect_timer = g_timeout_source_new (data->options->connect_timeout_ms);
  g_source_set_callback (data->connect_timer, on_connect_timeout, data, NULL);
  g_source_attach (data->connect_timer, g_task_get_context (task));

  data->client = g_socket_client_new ();
  /* A backstop only (whole seconds); our timer is the real bound. */
  g_socket_client_set_timeout (data->client, (data->options->connect_timeout_ms + 999) / 1000 + 1);
  g_socket_client_connect_to_host_async (data->client, endpoint->hostname, (guint16) endpoint->port,
                                         data->connect_cancellable, on_connected, task);
}

MsProbeResult *
ms_probe_run_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
