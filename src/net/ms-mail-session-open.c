/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening a mail session, up to the certificate verdict: connect with a
 * timeout, greeting, (STARTTLS), TLS, capabilities.  Everything learned
 * goes into self->report, which is what the probe returns. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-conn.h"
#include "ms-mail-session-private.h"

typedef struct {
  GSocketClient *client;
  GCancellable *connect_cancellable;
  GCancellable *user_cancellable;
  gulong cancel_id;
  GSource *connect_timer;
  gboolean connect_timed_out;
  gint64 start_us;
} ConnectData;

static void
connect_data_free (ConnectData *data)
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
  g_free (data);
}

static void
connected (GTask *task)
{
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static const char *
last_line (GPtrArray *lines)
{
  return lines->pdata[lines->len - 1];
}

/* ---- certificate ---- */

static void
on_cert_inspected (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  MsMailSession *self = g_task_get_source_object (task);
  GError *error = NULL;

  self->report->certificate = ms_cert_inspect_finish (res, &error);
  if (self->report->certificate == NULL)
    _ms_mail_session_step_fail (task, error, TRUE);
  else if (!ms_cert_report_is_acceptable (self->report->certificate))
    _ms_mail_session_step_fail (task, ms_cert_report_to_error (self->report->certificate), TRUE);
  else
    connected (task);
}

static void
check_certificate (GTask *task)
{
  MsMailSession *self = g_task_get_source_object (task);
  const MsEndpoint *ep = self->endpoint;
  g_autoptr(GPtrArray) chain = ms_conn_get_peer_chain (self->conn);
  g_autofree char *pin = NULL;
  const char *expected = ep->certificate_name && *ep->certificate_name ? ep->certificate_name : ep->hostname;

  if (self->options->pin_store)
    pin = ms_pin_store_lookup (self->options->pin_store, ep->hostname, ep->port);
  ms_cert_inspect_async (chain, expected, self->options->ca_file, pin, g_task_get_cancellable (task),
                         on_cert_inspected, task);
}

/* ---- TLS, capabilities, STARTTLS ---- */

static void start_handshake (GTask *task);

static void
on_starttls_reply (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  MsMailSession *self = g_task_get_source_object (task);
  MsReplyStatus st;
  g_autoptr(GPtrArray) lines = _ms_mail_session_step_reply (task, res, &st);

  if (lines == NULL)
    return;
  if (st != MS_REPLY_STATUS_OK)
    _ms_mail_session_step_fail (task, g_error_new (MS_NET_ERROR, MS_NET_ERROR_STARTTLS_REJECTED,
                                                   /* TRANSLATORS: %s is the server's reply, e.g. “a1 BAD TLS not
                                                    * available”. */
                                                   _("The server refused to start TLS: “%s”"), last_line (lines)),
                                TRUE);
  /* Bytes after the STARTTLS reply would pass as TLS-protected (the
   * CVE-2011-0411 injection): treat them as an attack, and say nothing more. */
  else if (ms_conn_has_buffered_data (self->conn))
    _ms_mail_session_step_fail (task, g_error_new_literal (MS_NET_ERROR, MS_NET_ERROR_PROTOCOL,
                                                           _("The server sent data before the TLS handshake could "
                                                             "start; something between you and the server may be "
                                                             "tampering with the connection")),
                                FALSE);
  else
    start_handshake (task);
}

static void
on_capabilities (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  MsMailSession *self = g_task_get_source_object (task);
  MsReplyStatus st;
  g_autoptr(GPtrArray) lines = _ms_mail_session_step_reply (task, res, &st);
  const char *word = ms_dialect_starttls_capability (&self->dialect);

  if (lines == NULL)
    return;
  /* Ancient SMTP servers refuse EHLO: no extensions then. */
  if (st == MS_REPLY_STATUS_OK)
    ms_dialect_parse_caps (&self->dialect, lines, &self->report->capabilities, &self->report->auth_mechanisms);
  if (ms_conn_is_tls (self->conn))
    check_certificate (task);
  else if (self->endpoint->security != MS_SECURITY_STARTTLS)
    connected (task);
  else if (!ms_dialect_has_capability ((const char *const *) self->report->capabilities, word))
    _ms_mail_session_step_fail (task, g_error_new (MS_NET_ERROR, MS_NET_ERROR_STARTTLS_NOT_OFFERED,
                                                   /* TRANSLATORS: %s is the protocol's command for it: STARTTLS
                                                    * or STLS (POP3); STARTTLS is a command name: do not translate
                                                    * it. */
                                                   _("The server does not offer STARTTLS (%s) on this port, so "
                                                     "the connection cannot be encrypted; nothing secret was "
                                                     "sent"), word),
                                TRUE);
  else
    _ms_mail_session_step (task, ms_dialect_starttls_command (&self->dialect), FALSE, MS_REPLY_SINGLE,
                           on_starttls_reply);
}

static void
request_capabilities (GTask *task)
{
  MsMailSession *self = g_task_get_source_object (task);

  _ms_mail_session_step (task, ms_dialect_caps_command (&self->dialect, self->options->helo_name), FALSE,
                         ms_dialect_caps_kind (&self->dialect), on_capabilities);
}

static void
on_greeting (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  MsMailSession *self = g_task_get_source_object (task);
  MsReplyStatus st;
  g_autoptr(GPtrArray) lines = _ms_mail_session_step_reply (task, res, &st);

  if (lines == NULL)
    return;
  if (self->report->greeting == NULL)
    self->report->greeting = g_utf8_make_valid (lines->pdata[0], -1);
  if (st == MS_REPLY_STATUS_BYE)
    _ms_mail_session_step_fail (task, g_error_new (MS_NET_ERROR, MS_NET_ERROR_SERVER_UNAVAILABLE,
                                                   /* TRANSLATORS: %s is the server's reply, e.g. “421 Too many
                                                    * connections, try later”. */
                                                   _("The server refuses service right now: “%s”"),
                                                   last_line (lines)),
                                FALSE);
  else
    request_capabilities (task);
}

static void
on_handshake (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  MsMailSession *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!ms_conn_handshake_finish (self->conn, res, &error))
    {
      _ms_mail_session_step_fail (task, error, FALSE);
      return;
    }
  self->report->tls = TRUE;
  self->report->tls_description = ms_conn_get_tls_description (self->conn);
  if (self->endpoint->security == MS_SECURITY_SSL)
    _ms_mail_session_step (task, NULL, FALSE, MS_REPLY_GREETING, on_greeting);
  else
    request_capabilities (task);   /* again: what a server offers may change under TLS */
}

static void
start_handshake (GTask *task)
{
  MsMailSession *self = g_task_get_source_object (task);

  ms_conn_handshake_async (self->conn, self->endpoint->hostname, g_task_get_cancellable (task), on_handshake, task);
}

/* ---- connect ---- */

static GError *
connect_error (MsMailSession *self, ConnectData *data, GError *error)
{
  const char *host = self->endpoint->hostname;
  guint port = self->endpoint->port;
  guint secs = (self->options->connect_timeout_ms + 999) / 1000;
  GError *out;

  if (data->connect_timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    out = g_error_new (MS_NET_ERROR, MS_NET_ERROR_TIMED_OUT,
                       /* TRANSLATORS: a server name, e.g. “mail.3xo.fr”, a port number, e.g. 993, then the time
                        * allowed, in seconds, e.g. 10. */
                       ngettext ("No answer from %s on port %u within %u second: a firewall probably "
                                 "filters this port",
                                 "No answer from %s on port %u within %u seconds: a firewall probably "
                                 "filters this port", secs), host, port, secs);
  else if (error->domain == G_RESOLVER_ERROR)
    out = g_error_new (MS_NET_ERROR, MS_NET_ERROR_NOT_RESOLVED,
                       /* TRANSLATORS: %s is a server name as typed, e.g. “mail.3xo.fr”. */
                       _("The server name “%s” could not be found: check its spelling and your "
                         "internet connection"), host);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    out = g_error_new (MS_NET_ERROR, MS_NET_ERROR_REFUSED,
                       /* TRANSLATORS: a server name, e.g. “mail.3xo.fr”, then a port number, e.g. 993. */
                       _("%s refused the connection on port %u: no mail service listens there"), host, port);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    /* TRANSLATORS: a server name, e.g. “mail.3xo.fr”, then the system's error message, e.g. “Network is
     * unreachable”. */
    out = g_error_new (MS_NET_ERROR, MS_NET_ERROR_UNREACHABLE, _("%s cannot be reached: %s"), host, error->message);
  else
    /* TRANSLATORS: a server name, e.g. “mail.3xo.fr”, a port number, e.g. 993, then the system's error message. */
    out = g_error_new (MS_NET_ERROR, MS_NET_ERROR_IO, _("Could not connect to %s on port %u: %s"),
                       host, port, error->message);
  g_error_free (error);
  return out;
}

static void
on_connected (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  MsMailSession *self = g_task_get_source_object (task);
  ConnectData *data = g_task_get_task_data (task);
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
        error = connect_error (self, data, error);
      _ms_mail_session_step_fail (task, error, FALSE);
      return;
    }
  self->report->reachable = TRUE;
  self->report->connect_ms = (g_get_monotonic_time () - data->start_us) / 1000;
  self->conn = ms_conn_new (connection, self->options->read_timeout_ms);
  if (self->endpoint->security == MS_SECURITY_SSL)
    start_handshake (task);
  else
    _ms_mail_session_step (task, NULL, FALSE, MS_REPLY_GREETING, on_greeting);
}

static gboolean
on_connect_timeout (gpointer user_data)
{
  ConnectData *data = user_data;

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
_ms_mail_session_connect_async (MsMailSession *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data)
{
  ConnectData *data = g_new0 (ConnectData, 1);
  GTask *task;

  data->start_us = g_get_monotonic_time ();
  /* Unreffed when the step ends, either way. */
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _ms_mail_session_connect_async);
  g_task_set_task_data (task, data, (GDestroyNotify) connect_data_free);

  /* The connect has its own cancellable so that our timer can stop it and
   * we still know whether the user cancelled or the clock ran out. */
  data->connect_cancellable = g_cancellable_new ();
  data->user_cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  data->cancel_id = g_cancellable_connect (data->user_cancellable, G_CALLBACK (forward_cancel),
                                           g_object_ref (data->connect_cancellable), g_object_unref);
  data->connect_timer = g_timeout_source_new (self->options->connect_timeout_ms);
  g_source_set_callback (data->connect_timer, on_connect_timeout, data, NULL);
  g_source_attach (data->connect_timer, g_task_get_context (task));

  data->client = g_socket_client_new ();
  /* A backstop only (whole seconds); our timer is the real bound. */
  g_socket_client_set_timeout (data->client, (self->options->connect_timeout_ms + 999) / 1000 + 1);
  g_socket_client_connect_to_host_async (data->client, self->endpoint->hostname, (guint16) self->endpoint->port,
                                         data->connect_cancellable, on_connected, task);
}

gboolean
_ms_mail_session_connect_finish (MsMailSession *self, GAsyncResult *res, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (res, self), FALSE);
  return g_task_propagate_boolean (G_TASK (res), error);
}
