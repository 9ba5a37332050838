/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening a mail session: the probe's steps (ms-probe.c), ending logged in
 * with the connection kept for the caller's commands. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-conn.h"
#include "ms-mail-session-private.h"

/* ---- opening: the probe's steps, ending logged in ---- */

typedef struct {
  GSocketClient *client;
  GCancellable *connect_cancellable;
  GCancellable *user_cancellable;
  gulong cancel_id;
  GSource *connect_timer;
  gboolean connect_timed_out;
  GPtrArray *login_steps;
  guint login_index;
} OpenData;

static void
open_data_free (OpenData *data)
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
  g_clear_pointer (&data->login_steps, g_ptr_array_unref);
  g_free (data);
}

/* Ends the opening with @error (taken); the connection is dropped. */
static void
open_fail (GTask *task, GError *error)
{
  ms_mail_session_close (g_task_get_source_object (task));
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
open_step (GTask *task, char *line, gboolean secret, MsReplyKind kind, GAsyncReadyCallback next)
{
  MsMailSession *self = g_task_get_source_object (task);

  _ms_mail_session_exchange_async (self, line, line ? strlen (line) : 0, secret, kind,
                                   g_task_get_cancellable (task), next, task);
}

/* The reply to an open step, or NULL once the opening has failed. */
static GPtrArray *
open_reply (GTask *task, GAsyncResult *res, MsReplyStatus *status)
{
  GError *error = NULL;
  GPtrArray *lines = _ms_mail_session_exchange_finish (g_task_get_source_object (task), res, status, &error);

  if (lines == NULL)
    open_fail (task, error);
  return lines;
}

static const char *
last_line (GPtrArray *lines)
{
  return lines->pdata[lines->len - 1];
}

static void login_next (GTask *task);

static gboolean
has_capability_code (GPtrArray *lines)
{
  for (guint i = 0; i < lines->len; i++)
    if (strstr (lines->pdata[i], "[CAPABILITY ") != NULL)
      return TRUE;
  return FALSE;
}

/* An IMAP server announces more once logged in (UIDPLUS, for one): the
 * capabilities that count are those after the login. */
static void
on_logged_in (GTask *task, GPtrArray *lines)
{
  MsMailSession *self = g_task_get_source_object (task);

  if (self->endpoint->protocol == MS_PROTOCOL_IMAP)
    ms_dialect_parse_caps (&self->dialect, lines, &self->caps, &self->mechanisms);
  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
  g_object_unref (task);
}

static void
on_logged_in_capabilities (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  MsReplyStatus st;
  g_autoptr(GPtrArray) lines = open_reply (task, res, &st);

  if (lines != NULL)
    on_logged_in (task, lines);
}

static void
on_login_reply (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  MsMailSession *self = g_task_get_source_object (task);
  OpenData *data = g_task_get_task_data (task);
  MsReplyStatus st;
  g_autoptr(GPtrArray) lines = open_reply (task, res, &st);
  MsLoginStep *step;
  g_autofree char *said = NULL;

  if (lines == NULL)
    return;
  step = data->login_steps->pdata[data->login_index];
  if (st == (step->expect == MS_LOGIN_EXPECT_CONTINUE ? MS_REPLY_STATUS_CONTINUE : MS_REPLY_STATUS_OK))
    {
      if (++data->login_index < data->login_steps->len)
        login_next (task);
      else if (self->endpoint->protocol == MS_PROTOCOL_IMAP && !has_capability_code (lines))
        open_step (task, ms_dialect_command (&self->dialect, "CAPABILITY"), FALSE, MS_REPLY_SINGLE,
                   on_logged_in_capabilities);
      else
        on_logged_in (task, lines);
      return;
    }
  said = g_utf8_make_valid (last_line (lines), MIN (strlen (last_line (lines)), 200));
  if (st != MS_REPLY_STATUS_FAIL)
    open_fail (task, g_error_new (MS_NET_ERROR, MS_NET_ERROR_PROTOCOL,
                                  _("The server answered the login in an unexpected way: “%s”"), said));
  else if (strchr (self->username, '@') == NULL)
    open_fail (task, g_error_new (MS_NET_ERROR, MS_NET_ERROR_AUTH_FAILED,
                                  _("The server rejected the user name “%s” or the password. The user name is "
                                    "not a full e-mail address: this provider probably needs your full e-mail "
                                    "address as user name. (Server said: “%s”)"), self->username, said));
  else
    open_fail (task, g_error_new (MS_NET_ERROR, MS_NET_ERROR_AUTH_FAILED,
                                  _("The server rejected the user name “%s” or the password (server said: “%s”)"),
                                  self->username, said));
}

static void
login_next (GTask *task)
{
  OpenData *data = g_task_get_task_data (task);
  MsLoginStep *step = data->login_steps->pdata[data->login_index];

  open_step (task, g_strdup (step->line), step->secret, MS_REPLY_SINGLE, on_login_reply);
}

static void
start_login (GTask *task)
{
  MsMailSession *self = g_task_get_source_object (task);
  OpenData *data = g_task_get_task_data (task);
  MsProbeOptions *o = self->options;
  GError *error = NULL;

  if (o->username != NULL)
    self->username = g_strdup (o->username);
  else if (o->address != NULL && self->endpoint->username != NULL)
    self->username = ms_expand_placeholders (self->endpoint->username, o->address, NULL);
  if (self->username == NULL || *self->username == '\0' || o->password == NULL)
    {
      /* Nothing to log in with: some servers (a relay on port 25) need none. */
      g_task_return_pointer (task, g_object_ref (self), g_object_unref);
      g_object_unref (task);
      return;
    }
  if (!ms_conn_is_tls (self->conn) && !o->allow_plaintext)
    {
      open_fail (task, g_error_new_literal (MS_NET_ERROR, MS_NET_ERROR_PLAINTEXT_REFUSED,
                                            _("The password was not sent: the connection is not "
                                              "encrypted, and sending it unencrypted was not allowed")));
      return;
    }
  if (strpbrk (self->username, "\r\n") || strpbrk (o->password, "\r\n"))
    {
      open_fail (task, g_error_new_literal (MS_NET_ERROR, MS_NET_ERROR_AUTH_UNSUPPORTED,
                                            _("The user name or password contains a line break")));
      return;
    }
  data->login_steps = ms_dialect_login_steps (&self->dialect, (const char *const *) self->caps,
                                              (const char *const *) self->mechanisms, self->username,
                                              o->password, &error);
  if (data->login_steps == NULL)
    {
      open_fail (task, error);
      return;
    }
  login_next (task);
}

static void
on_cert_inspected (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  g_autoptr(MsCertReport) report = ms_cert_inspect_finish (res, &error);

  if (report == NULL)
    open_fail (task, error);
  else if (!ms_cert_report_is_acceptable (report))
    open_fail (task, ms_cert_report_to_error (report));
  else
    start_login (task);
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

static void start_handshake (GTask *task);

static void
on_starttls_reply (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  MsMailSession *self = g_task_get_source_object (task);
  MsReplyStatus st;
  g_autoptr(GPtrArray) lines = open_reply (task, res, &st);

  if (lines == NULL)
    return;
  if (st != MS_REPLY_STATUS_OK)
    open_fail (task, g_error_new (MS_NET_ERROR, MS_NET_ERROR_STARTTLS_REJECTED,
                                  _("The server refused to start TLS: “%s”"), last_line (lines)));
  /* Bytes after the STARTTLS reply would pass as TLS-protected (the
   * CVE-2011-0411 injection): treat them as an attack. */
  else if (ms_conn_has_buffered_data (self->conn))
    open_fail (task, g_error_new_literal (MS_NET_ERROR, MS_NET_ERROR_PROTOCOL,
                                          _("The server sent data before the TLS handshake could start; "
                                            "something between you and the server may be tampering "
                                            "with the connection")));
  else
    start_handshake (task);
}

static void
on_capabilities (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  MsMailSession *self = g_task_get_source_object (task);
  MsReplyStatus st;
  g_autoptr(GPtrArray) lines = open_reply (task, res, &st);
  const char *word = ms_dialect_starttls_capability (&self->dialect);

  if (lines == NULL)
    return;
  /* Ancient SMTP servers refuse EHLO: no extensions then. */
  if (st == MS_REPLY_STATUS_OK)
    ms_dialect_parse_caps (&self->dialect, lines, &self->caps, &self->mechanisms);
  if (ms_conn_is_tls (self->conn))
    check_certificate (task);
  else if (self->endpoint->security != MS_SECURITY_STARTTLS)
    start_login (task);
  else if (!ms_dialect_has_capability ((const char *const *) self->caps, word))
    open_fail (task, g_error_new (MS_NET_ERROR, MS_NET_ERROR_STARTTLS_NOT_OFFERED,
                                  _("The server does not offer STARTTLS (%s) on this port, so the "
                                    "connection cannot be encrypted; nothing secret was sent"), word));
  else
    open_step (task, ms_dialect_starttls_command (&self->dialect), FALSE, MS_REPLY_SINGLE, on_starttls_reply);
}

static void
request_capabilities (GTask *task)
{
  MsMailSession *self = g_task_get_source_object (task);

  open_step (task, ms_dialect_caps_command (&self->dialect, self->options->helo_name), FALSE,
             ms_dialect_caps_kind (&self->dialect), on_capabilities);
}

static void
on_greeting (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  MsReplyStatus st;
  g_autoptr(GPtrArray) lines = open_reply (task, res, &st);

  if (lines == NULL)
    return;
  if (st == MS_REPLY_STATUS_BYE)
    open_fail (task, g_error_new (MS_NET_ERROR, MS_NET_ERROR_SERVER_UNAVAILABLE,
                                  _("The server refuses service right now: “%s”"), last_line (lines)));
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
    open_fail (task, error);
  else if (self->endpoint->security == MS_SECURITY_SSL)
    open_step (task, NULL, FALSE, MS_REPLY_GREETING, on_greeting);
  else
    request_capabilities (task);   /* again: what a server offers may change under TLS */
}

static void
start_handshake (GTask *task)
{
  MsMailSession *self = g_task_get_source_object (task);

  ms_conn_handshake_async (self->conn, self->endpoint->hostname, g_task_get_cancellable (task), on_handshake, task);
}

/* Same sentences as the probe's, so they share their translations. */
static GError *
connect_error (MsMailSession *self, OpenData *data, GError *error)
{
  const char *host = self->endpoint->hostname;
  guint port = self->endpoint->port;
  guint secs = (self->options->connect_timeout_ms + 999) / 1000;
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
    out = g_error_new (MS_NET_ERROR, MS_NET_ERROR_UNREACHABLE, _("%s cannot be reached: %s"), host, error->message);
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
  MsMailSession *self = g_task_get_source_object (task);
  OpenData *data = g_task_get_task_data (task);
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
      open_fail (task, error);
      return;
    }
  self->conn = ms_conn_new (connection, self->options->read_timeout_ms);
  if (self->endpoint->security == MS_SECURITY_SSL)
    start_handshake (task);
  else
    open_step (task, NULL, FALSE, MS_REPLY_GREETING, on_greeting);
}

static gboolean
on_connect_timeout (gpointer user_data)
{
  OpenData *data = user_data;

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
ms_mail_session_open_async (const MsEndpoint *endpoint, const MsProbeOptions *options, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(MsMailSession) self = g_object_new (MS_TYPE_MAIL_SESSION, NULL);
  OpenData *data = g_new0 (OpenData, 1);
  GTask *task;

  g_return_if_fail (endpoint != NULL && endpoint->hostname != NULL && options != NULL);
  self->endpoint = ms_endpoint_copy (endpoint);
  self->options = ms_probe_options_copy (options);
  if (self->options->connect_timeout_ms == 0)
    self->options->connect_timeout_ms = MS_PROBE_DEFAULT_TIMEOUT_MS;
  if (self->options->read_timeout_ms == 0)
    self->options->read_timeout_ms = MS_PROBE_DEFAULT_TIMEOUT_MS;
  ms_dialect_init (&self->dialect, endpoint->protocol);

  /* Unreffed when the opening ends, either way. */
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_mail_session_open_async);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);

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
  g_socket_client_connect_to_host_async (data->client, endpoint->hostname, (guint16) endpoint->port,
                                         data->connect_cancellable, on_connected, task);
}

MsMailSession *
ms_mail_session_open_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ms_mail_session_open_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
