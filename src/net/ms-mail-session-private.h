/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-conn.h"
#include "ms-mail-session.h"

G_BEGIN_DECLS

/* Shared by ms-mail-session.c (commands) and ms-mail-session-open.c. */
struct _MsMailSession {
  GObject parent_instance;
  MsEndpoint *endpoint;
  MsProbeOptions *options;
  MsDialect dialect;
  MsConn *conn;
  GStrv caps;
  GStrv mechanisms;
  char *username;
};

/* Writes @data (may be NULL: only read; taken and wiped, as it may hold a
 * password), then reads one whole reply of @kind. */
void       _ms_mail_session_exchange_async  (MsMailSession *self, char *data, gsize len, gboolean secret,
                                             MsReplyKind kind, GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *_ms_mail_session_exchange_finish (MsMailSession *self, GAsyncResult *res, MsReplyStatus *status,
                                             GError **error);

G_END_DECLS
