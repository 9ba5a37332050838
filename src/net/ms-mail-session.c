/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-conn.h"
#include "ms-mail-session-private.h"
#include "ms-probe-private.h"

/* A reply longer than this is not one we asked for (POP3 TOP of headers,
 * IMAP SEARCH, SMTP EHLO): refuse rather than grow without bound.  A probe
 * asks only for greetings, capabilities and login answers: less then. */
#define MAX_REPLY_LINES 20000
#define MAX_PROBE_REPLY_LINES 1000

G_DEFINE_FINAL_TYPE (MsMailSession, ms_mail_session, G_TYPE_OBJECT)

static void
ms_mail_session_finalize (GObject *object)
{
  MsMailSession *self = MS_MAIL_SESSION (object);

  ms_mail_session_close (self);
  ms_endpoint_free (self->endpoint);
  ms_probe_options_free (self->options);
  g_clear_pointer (&self->report, ms_probe_result_unref);
  g_free (self->username);
  G_OBJECT_CLASS (ms_mail_session_parent_class)->finalize (object);
}

static void
ms_mail_session_class_init (MsMailSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_mail_session_finalize;
}

static void
ms_mail_session_init (MsMailSession *self)
{
}

MsMailSession *
_ms_mail_session_new (const MsEndpoint *endpoint, const MsProbeOptions *options, gboolean probing)
{
  MsMailSession *self = g_object_new (MS_TYPE_MAIL_SESSION, NULL);

  self->endpoint = ms_endpoint_copy (endpoint);
  self->options = options ? ms_probe_options_copy (options) : ms_probe_options_new ();
  if (self->options->connect_timeout_ms == 0)
    self->options->connect_timeout_ms = MS_PROBE_DEFAULT_TIMEOUT_MS;
  if (self->options->read_timeout_ms == 0)
    self->options->read_timeout_ms = MS_PROBE_DEFAULT_TIMEOUT_MS;
  ms_dialect_init (&self->dialect, endpoint->protocol);
  self->report = _ms_probe_result_new (endpoint);
  self->probing = probing;
  return self;
}

/* ---- one exchange: write (optional), then read a whole reply ---- */

typedef struct {
  GPtrArray *lines;
  MsReplyKind kind;
} Exchange;

static void
exchange_free (Exchange *ex)
{
  g_ptr_array_unref (ex->lines);
  g_free (ex);
}

static void
on_line (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  MsMailSession *self = g_task_get_source_object (task);
  Exchange *ex = g_task_get_task_data (task);
  GError *error = NULL;
  char *line = ms_conn_read_line_finish (self->conn, res, &error);
  gboolean complete = FALSE;
  guint max_lines = self->probing ? MAX_PROBE_REPLY_LINES : MAX_REPLY_LINES;

  if (line == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_debug ("%s:%u S: %s", self->endpoint->hostname, self->endpoint->port, line);
  g_ptr_array_add (ex->lines, line);
  if (!ms_dialect_reply_complete (&self->dialect, ex->kind, ex->lines, &complete, &error))
    g_task_return_error (task, error);
  else if (complete)
    g_task_return_pointer (task, g_ptr_array_ref (ex->lines), (GDestroyNotify) g_ptr_array_unref);
  else if (ex->lines->len >= max_lines)
    g_task_return_new_error (task, MS_NET_ERROR, MS_NET_ERROR_PROTOCOL,
                             /* TRANSLATORS: %u is the most lines a reply may have, e.g. 20000. */
                             _("The server sent a reply of more than %u lines"), max_lines);
  else
    {
      /* Not in the call: argument order is unspecified, and the steal empties task. */
      GCancellable *cancellable = g_task_get_cancellable (task);
      ms_conn_read_line_async (self->conn, cancellable, on_line, g_steal_pointer (&task));
    }
}

static void
on_written (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  MsMailSession *self = g_task_get_source_object (task);
  GError *error = NULL;

  GCancellable *cancellable = g_task_get_cancellable (task);

  if (!ms_conn_write_finish (self->conn, res, &error))
    g_task_return_error (task, error);
  else
    ms_conn_read_line_async (self->conn, cancellable, on_line, g_steal_pointer (&task));
}

/* @data (may be NULL: only read) is taken and wiped, as it may hold a password. */
void
_ms_mail_session_exchange_async (MsMailSession *self, char *data, gsize len, gboolean secret, MsReplyKind kind,
                                 GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Exchange *ex = g_new0 (Exchange, 1);

  ex->lines = g_ptr_array_new_with_free_func (g_free);
  ex->kind = kind;
  g_task_set_task_data (task, ex, (GDestroyNotify) exchange_free);
  if (data == NULL)
    {
      ms_conn_read_line_async (self->conn, cancellable, on_line, task);
      return;
    }
  /* Never log a secret, not even in debug output. */
  g_debug ("%s:%u C: %.*s", self->endpoint->hostname, self->endpoint->port,
           secret ? 8 : (int) strcspn (data, "\r\n"), secret ? "<secret>" : data);
  ms_conn_write_async (self->conn, data, len, cancellable, on_written, task);
  explicit_bzero (data, len);
  g_free (data);
}

GPtrArray *
_ms_mail_session_exchange_finish (MsMailSession *self, GAsyncResult *res, MsReplyStatus *status,
                                  GError **error)
{
  GTask *task = G_TASK (res);
  Exchange *ex = g_task_get_task_data (task);
  GPtrArray *lines = g_task_propagate_pointer (task, error);

  if (lines != NULL && status != NULL)
    *status = ms_dialect_reply_status (&self->dialect, ex->kind, lines);
  return lines;
}

/* ---- opening steps (ms-mail-session-open.c, ms-mail-session-login.c) ---- */

void
_ms_mail_session_step_fail (GTask *task, GError *error, gboolean in_step)
{
  if (!in_step || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ms_mail_session_close (g_task_get_source_object (task));
  g_task_return_error (task, error);
  g_object_unref (task);
}

void
_ms_mail_session_step (GTask *task, char *line, gboolean secret, MsReplyKind kind, GAsyncReadyCallback next)
{
  MsMailSession *self = g_task_get_source_object (task);

  _ms_mail_session_exchange_async (self, line, line ? strlen (line) : 0, secret, kind,
                                   g_task_get_cancellable (task), next, task);
}

GPtrArray *
_ms_mail_session_step_reply (GTask *task, GAsyncResult *res, MsReplyStatus *status)
{
  GError *error = NULL;
  GPtrArray *lines = _ms_mail_session_exchange_finish (g_task_get_source_object (task), res, status, &error);

  if (lines == NULL)
    _ms_mail_session_step_fail (task, error, FALSE);
  return lines;
}

/* ---- opening: connect, then log in ---- */

static void
on_open_logged_in (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  MsMailSession *self = MS_MAIL_SESSION (source);
  GError *error = NULL;

  if (_ms_mail_session_login_finish (self, res, &error))
    g_task_return_pointer (task, g_object_ref (self), g_object_unref);
  else
    {
      ms_mail_session_close (self);
      g_task_return_error (task, error);
    }
}

static void
on_open_connected (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  MsMailSession *self = MS_MAIL_SESSION (source);
  GError *error = NULL;

  if (_ms_mail_session_connect_finish (self, res, &error))
    {
      GCancellable *cancellable = g_task_get_cancellable (task);
      _ms_mail_session_login_async (self, cancellable, on_open_logged_in, g_steal_pointer (&task));
    }
  else
    {
      ms_mail_session_close (self);
      g_task_return_error (task, error);
    }
}

void
ms_mail_session_open_async (const MsEndpoint *endpoint, const MsProbeOptions *options, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(MsMailSession) self = NULL;
  GTask *task;

  g_return_if_fail (endpoint != NULL && endpoint->hostname != NULL && options != NULL);
  self = _ms_mail_session_new (endpoint, options, FALSE);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_mail_session_open_async);
  _ms_mail_session_connect_async (self, cancellable, on_open_connected, task);
}

MsMailSession *
ms_mail_session_open_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ms_mail_session_open_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- commands, once open ---- */

void
ms_mail_session_command_async (MsMailSession *self, const char *command, MsReplyKind kind,
                               GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  char *line;

  g_return_if_fail (MS_IS_MAIL_SESSION (self) && self->conn != NULL);
  line = ms_dialect_command (&self->dialect, command);
  _ms_mail_session_exchange_async (self, line, strlen (line), FALSE, kind, cancellable, callback, user_data);
}

GPtrArray *
ms_mail_session_command_finish (MsMailSession *self, GAsyncResult *result, MsReplyStatus *status,
                                GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return _ms_mail_session_exchange_finish (self, result, status, error);
}

void
ms_mail_session_send_raw_async (MsMailSession *self, const char *data, gsize len, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (MS_IS_MAIL_SESSION (self) && self->conn != NULL);
  _ms_mail_session_exchange_async (self, g_memdup2 (data, len), len, FALSE, MS_REPLY_SINGLE, cancellable,
                                   callback, user_data);
}

/* ---- accessors ---- */

const char *const *
ms_mail_session_get_capabilities (MsMailSession *self)
{
  return (const char *const *) self->report->capabilities;
}

gboolean
ms_mail_session_has_capability (MsMailSession *self, const char *word)
{
  return ms_dialect_has_capability ((const char *const *) self->report->capabilities, word);
}

gboolean
ms_mail_session_is_tls (MsMailSession *self)
{
  return self->conn != NULL && ms_conn_is_tls (self->conn);
}

const char *
ms_mail_session_get_username (MsMailSession *self)
{
  return self->username;
}

const MsEndpoint *
ms_mail_session_get_endpoint (MsMailSession *self)
{
  return self->endpoint;
}

void
ms_mail_session_close (MsMailSession *self)
{
  if (self->conn != NULL)
    ms_conn_close (self->conn);
  g_clear_object (&self->conn);
}
