/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <string.h>

#include "ms-conn-private.h"
#include "ms-net-error.h"

G_DEFINE_FINAL_TYPE (MsConn, ms_conn, G_TYPE_OBJECT)

static void conn_run (MsConn *self);

static void
wipe_out (MsConn *self)
{
  if (self->out != NULL)
    {
      /* The buffer may hold a password: do not leave it in freed memory. */
      explicit_bzero (self->out, self->out_len);
      g_clear_pointer (&self->out, g_free);
    }
  self->out_len = self->out_pos = 0;
}

static void
clear_sources (MsConn *self)
{
  if (self->io_source != NULL)
    {
      g_source_destroy (self->io_source);
      g_clear_pointer (&self->io_source, g_source_unref);
    }
  if (self->timer_source != NULL)
    {
      g_source_destroy (self->timer_source);
      g_clear_pointer (&self->timer_source, g_source_unref);
    }
  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }
  self->io_cond = 0;
}

/* Completes the pending operation; steals @error. */
static void
finish_op (MsConn *self, GError *error, char *line)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  clear_sources (self);
  wipe_out (self);
  self->op = OP_NONE;
  if (error != NULL)
    g_task_return_error (task, error);
  else if (line != NULL)
    g_task_return_pointer (task, line, g_free);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
on_timeout (gpointer user_data)
{
  MsConn *self = user_data;
  guint seconds = (self->timeout_ms + 999) / 1000;
  GError *error;

  if (self->op == OP_HANDSHAKE)
    error = g_error_new (MS_NET_ERROR, MS_NET_ERROR_NO_REPLY,
                         /* TRANSLATORS: %u is the time allowed, in seconds, e.g. 10. */
                         ngettext ("The server did not complete the TLS handshake within %u second",
                                   "The server did not complete the TLS handshake within %u seconds", seconds),
                         seconds);
  else
    error = g_error_new (MS_NET_ERROR, MS_NET_ERROR_NO_REPLY,
                         /* TRANSLATORS: %u is the time allowed, in seconds, e.g. 10. */
                         ngettext ("The server did not answer within %u second",
                                   "The server did not answer within %u seconds", seconds),
                         seconds);
  finish_op (self, error, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled (GCancellable *cancellable, gpointer user_data)
{
  MsConn *self = user_data;

  finish_op (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled")), NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
on_socket_ready (GSocket *socket, GIOCondition condition, gpointer user_data)
{
  MsConn *self = user_data;

  /* Dropping our source here keeps one source per wait. */
  g_clear_pointer (&self->io_source, g_source_unref);
  self->io_cond = 0;
  conn_run (self);
  return G_SOURCE_REMOVE;
}

static void
wait_for (MsConn *self, GIOCondition cond)
{
  if (self->io_source != NULL && self->io_cond == cond)
    return;
  if (self->io_source != NULL)
    {
      g_source_destroy (self->io_source);
      g_clear_pointer (&self->io_source, g_source_unref);
    }
  self->io_cond = cond;
  self->io_source = g_socket_create_source (self->socket, cond | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (self->io_source, G_SOURCE_FUNC (on_socket_ready), self, NULL);
  g_source_attach (self->io_source, g_task_get_context (self->task));
}

static GError *
io_error (GError *error)
{
  /* TRANSLATORS: %s is the system's error message, e.g. “Connection reset by peer”. */
  GError *out = g_error_new (MS_NET_ERROR, MS_NET_ERROR_IO, _("Network error: %s"), error->message);

  g_error_free (error);
  return out;
}

/* Reads what is available into inbuf; returns >0 bytes, 0 on EOF, or -1
 * with *wait or *error set. */
static gssize
receive_some (MsConn *self, StepResult *wait, GError **error)
{
  guint8 chunk[16384];
  gssize n;

  if (self->tls)
    {
      do
        n = gnutls_record_recv (self->session, chunk, sizeof chunk);
      while (n == GNUTLS_E_INTERRUPTED);
      if (n == GNUTLS_E_AGAIN)
        {
          *wait = _ms_conn_tls_again (self);
          return -1;
        }
      if (n == GNUTLS_E_PREMATURE_TERMINATION || n == GNUTLS_E_UNEXPECTED_PACKET_LENGTH)
        return 0;
      if (n < 0)
        {
          /* TRANSLATORS: %s is the error message of GnuTLS (the TLS library), e.g. “Decryption has failed.” */
          g_set_error (error, MS_NET_ERROR, MS_NET_ERROR_IO, _("TLS error while reading: %s"),
                       gnutls_strerror ((int) n));
          return -1;
        }
    }
  else
    {
      GError *local = NULL;

      n = g_socket_receive_with_blocking (self->socket, (char *) chunk, sizeof chunk, FALSE, NULL, &local);
      if (n < 0)
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            {
              g_error_free (local);
              *wait = STEP_WAIT_IN;
            }
          else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
                   g_error_matches (local, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
            {
              g_error_free (local);
              return 0;
            }
          else
            g_propagate_error (error, io_error (local));
          return -1;
        }
    }

  for (gssize i = 0; i < n; i++)
    {
      guint8 c = chunk[i];

      /* Mail protocols are text: control bytes mean we are talking to
       * something else (TLS on a plain port, another service, noise).
       * Failing on the first one beats waiting for a line end. */
      if ((c < 0x20 && c != '\r' && c != '\n' && c != '\t') || c == 0x7f)
        {
          g_set_error (error, MS_NET_ERROR, MS_NET_ERROR_PROTOCOL,
                       /* TRANSLATORS: %02x is the value of the byte, in hexadecimal, e.g. 16 (shown as “0x16”). */
                       _("The server sent binary data where a text reply was expected "
                         "(byte 0x%02x); this port probably does not speak this protocol, "
                         "or expects TLS from the start"), c);
          return -1;
        }
    }
  g_byte_array_append (self->inbuf, chunk, (guint) n);
  return n;
}

static StepResult
step_read_line (MsConn *self, char **line, GError **error)
{
  for (;;)
    {
      /* memchr on an empty GByteArray would get a NULL pointer. */
      guint8 *nl = self->inbuf->len ? memchr (self->inbuf->data, '\n', self->inbuf->len) : NULL;
      StepResult wait = STEP_DONE;
      gssize n;

      if (nl != NULL)
        {
          gsize len = (gsize) (nl - self->inbuf->data);
          gsize consumed = len + 1;

          if (len > MS_CONN_MAX_LINE)
            goto too_long;
          if (len > 0 && self->inbuf->data[len - 1] == '\r')
            len--;
          *line = g_strndup ((const char *) self->inbuf->data, len);
          g_byte_array_remove_range (self->inbuf, 0, (guint) consumed);
          return STEP_DONE;
        }
      if (self->inbuf->len > MS_CONN_MAX_LINE)
        goto too_long;

      n = receive_some (self, &wait, error);
      if (n == 0)
        {
          g_set_error_literal (error, MS_NET_ERROR, MS_NET_ERROR_CLOSED,
                               self->inbuf->len > 0
                               ? _("The server closed the connection in the middle of a reply")
                               : _("The server closed the connection before replying"));
          return STEP_DONE;
        }
      if (n < 0)
        return *error != NULL ? STEP_DONE : wait;
    }

too_long:
  g_set_error (error, MS_NET_ERROR, MS_NET_ERROR_LINE_TOO_LONG,
               /* TRANSLATORS: %u is the longest line allowed, in kibibytes (64). */
               _("The server sent a line longer than %u KiB without a line end; "
                 "this is not a mail server reply"), MS_CONN_MAX_LINE / 1024);
  return STEP_DONE;
}

static StepResult
step_write (MsConn *self, GError **error)
{
  while (self->out_pos < self->out_len)
    {
      gssize n;

      if (self->tls)
        {
          do
            n = gnutls_record_send (self->session, self->out + self->out_pos, self->out_len - self->out_pos);
          while (n == GNUTLS_E_INTERRUPTED);
          if (n == GNUTLS_E_AGAIN)
            return _ms_conn_tls_again (self);
          if (n < 0)
            {
              /* TRANSLATORS: %s is the error message of GnuTLS (the TLS library), e.g. “Error in the push
               * function.” */
              g_set_error (error, MS_NET_ERROR, MS_NET_ERROR_IO, _("TLS error while sending: %s"),
                           gnutls_strerror ((int) n));
              return STEP_DONE;
            }
        }
      else
        {
          GError *local = NULL;

          n = g_socket_send_with_blocking (self->socket, (const char *) self->out + self->out_pos,
                                           self->out_len - self->out_pos, FALSE, NULL, &local);
          if (n < 0)
            {
              if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
                {
                  g_error_free (local);
                  return STEP_WAIT_OUT;
                }
              if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
                  g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
                {
                  g_error_free (local);
                  g_set_error_literal (error, MS_NET_ERROR, MS_NET_ERROR_CLOSED,
                                       _("The server closed the connection while we were sending"));
                }
              else
                *error = io_error (local);
              return STEP_DONE;
            }
        }
      self->out_pos += (gsize) n;
    }
  return STEP_DONE;
}

static void
conn_run (MsConn *self)
{
  GError *error = NULL;
  char *line = NULL;
  StepResult res = STEP_DONE;

  switch (self->op)
    {
    case OP_READ_LINE: res = step_read_line (self, &line, &error); break;
    case OP_WRITE: res = step_write (self, &error); break;
    case OP_HANDSHAKE: res = _ms_conn_step_handshake (self, &error); break;
    case OP_NONE:
    default: g_return_if_reached ();
    }
  if (res == STEP_DONE)
    finish_op (self, error, line);
  else
    wait_for (self, res == STEP_WAIT_IN ? G_IO_IN : G_IO_OUT);
}

static gboolean
start_op (MsConn *self, OpKind op, GCancellable *cancellable, GAsyncReadyCallback callback,
          gpointer user_data, gpointer source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (self->op != OP_NONE)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "operation already pending");
      return FALSE;
    }
  if (g_task_return_error_if_cancelled (task))
    return FALSE;
  self->op = op;
  self->task = g_steal_pointer (&task);
  self->timer_source = g_timeout_source_new (self->timeout_ms);
  g_source_set_callback (self->timer_source, on_timeout, self, NULL);
  g_source_attach (self->timer_source, g_task_get_context (self->task));
  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (on_cancelled), self, NULL);
      g_source_attach (self->cancel_source, g_task_get_context (self->task));
    }
  return TRUE;
}

void
ms_conn_read_line_async (MsConn *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (MS_IS_CONN (self));
  if (start_op (self, OP_READ_LINE, cancellable, callback, user_data, ms_conn_read_line_async))
    conn_run (self);
}

char *
ms_conn_read_line_finish (MsConn *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ms_conn_write_async (MsConn *self, const char *data, gsize len, GCancellable *cancellable,
                     GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (MS_IS_CONN (self));
  if (!start_op (self, OP_WRITE, cancellable, callback, user_data, ms_conn_write_async))
    return;
  self->out = g_memdup2 (data, len);
  self->out_len = len;
  self->out_pos = 0;
  conn_run (self);
}

gboolean
ms_conn_write_finish (MsConn *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ms_conn_handshake_async (MsConn *self, const char *server_name, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  GError *error = NULL;

  g_return_if_fail (MS_IS_CONN (self));
  g_return_if_fail (self->session == NULL);
  if (!start_op (self, OP_HANDSHAKE, cancellable, callback, user_data, ms_conn_handshake_async))
    return;

  if (!_ms_conn_tls_setup (self, server_name, &error))
    {
      finish_op (self, error, NULL);
      return;
    }
  conn_run (self);
}

gboolean
ms_conn_handshake_finish (MsConn *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
ms_conn_is_tls (MsConn *self)
{
  return self->tls;
}

gboolean
ms_conn_has_buffered_data (MsConn *self)
{
  return self->inbuf->len > 0;
}

void
ms_conn_close (MsConn *self)
{
  g_return_if_fail (self->op == OP_NONE);
  if (self->tls)
    {
      /* Best effort, never waits: the socket is non-blocking. */
      gnutls_bye (self->session, GNUTLS_SHUT_WR);
      self->tls = FALSE;
    }
  if (self->connection != NULL)
    g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
}

static void
ms_conn_finalize (GObject *object)
{
  MsConn *self = MS_CONN (object);

  g_assert (self->task == NULL);
  clear_sources (self);
  wipe_out (self);
  if (self->session != NULL)
    gnutls_deinit (self->session);
  if (self->creds != NULL)
    gnutls_certificate_free_credentials (self->creds);
  if (self->connection != NULL)
    g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
  g_clear_object (&self->connection);
  g_byte_array_unref (self->inbuf);
  G_OBJECT_CLASS (ms_conn_parent_class)->finalize (object);
}

static void
ms_conn_class_init (MsConnClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_conn_finalize;
}

static void
ms_conn_init (MsConn *self)
{
  self->inbuf = g_byte_array_new ();
}

MsConn *
ms_conn_new (GSocketConnection *connection, guint timeout_ms)
{
  MsConn *self = g_object_new (MS_TYPE_CONN, NULL);

  self->connection = g_object_ref (connection);
  self->socket = g_socket_connection_get_socket (connection);
  /* Our own per-operation timers rule; a socket timeout inherited from
   * GSocketClient would fail reads with a less specific error. */
  g_socket_set_timeout (self->socket, 0);
  self->timeout_ms = timeout_ms > 0 ? timeout_ms : 5000;
  return self;
}
