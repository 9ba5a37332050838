/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-conn.h"
#include "ms-mail-session.h"

G_BEGIN_DECLS

/* Shared by ms-mail-session.c (commands), ms-mail-session-open.c (connect
 * to certificate verdict), ms-mail-session-login.c and the probe, which is
 * an opening followed by a goodbye. */
struct _MsMailSession {
  GObject parent_instance;
  MsEndpoint *endpoint;
  MsProbeOptions *options;
  MsDialect dialect;
  MsConn *conn;
  /* What the opening learned, recorded as it goes so that it is there even
   * when the opening fails: the probe hands it out as its result.  The
   * session's capabilities are report->capabilities. */
  MsProbeResult *report;
  char *username;
  /* Opened for the probe: see _ms_mail_session_new. */
  gboolean probing;
};

/* @options may be NULL (defaults).  With @probing, the session keeps the
 * probe's habits: replies are capped at a thousand lines, the report keeps
 * the capabilities offered before the login (no second CAPABILITY), and a
 * login answered oddly is quoted whole. */
MsMailSession *_ms_mail_session_new (const MsEndpoint *endpoint, const MsProbeOptions *options,
                                     gboolean probing);

/* Connect, greeting, (STARTTLS), TLS, capabilities, certificate verdict.
 * On failure the connection is kept only when the server is still in step
 * (it refused something; not after an I/O error, a timeout, garbage or a
 * suspected attack), so that the caller may say goodbye; ms_mail_session
 * close otherwise.  Fails with an MS_NET_ERROR or G_IO_ERROR_CANCELLED. */
void       _ms_mail_session_connect_async   (MsMailSession *self, GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer user_data);
gboolean   _ms_mail_session_connect_finish  (MsMailSession *self, GAsyncResult *res, GError **error);

/* Logs in when the options carry a user name (or template and address) and
 * a password, and does nothing otherwise.  Same rules on failure. */
void       _ms_mail_session_login_async     (MsMailSession *self, GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer user_data);
gboolean   _ms_mail_session_login_finish    (MsMailSession *self, GAsyncResult *res, GError **error);

/* Ends an opening step task with @error (taken): the connection is dropped
 * unless @in_step (the server refused; it may be told goodbye). */
void       _ms_mail_session_step_fail       (GTask *task, GError *error, gboolean in_step);

/* Writes @data (may be NULL: only read; taken and wiped, as it may hold a
 * password), then reads one whole reply of @kind. */
void       _ms_mail_session_exchange_async  (MsMailSession *self, char *data, gsize len, gboolean secret,
                                             MsReplyKind kind, GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *_ms_mail_session_exchange_finish (MsMailSession *self, GAsyncResult *res, MsReplyStatus *status,
                                             GError **error);

/* An opening step: sends @line (taken, may be NULL) and calls @next with
 * the task; _ms_mail_session_step_reply then gives the reply, or NULL
 * once the step has failed (the task is ended then). */
void       _ms_mail_session_step            (GTask *task, char *line, gboolean secret, MsReplyKind kind,
                                             GAsyncReadyCallback next);
GPtrArray *_ms_mail_session_step_reply      (GTask *task, GAsyncResult *res, MsReplyStatus *status);

G_END_DECLS
