/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-conn.h"
#include "ms-dialect.h"
#include "ms-probe.h"

G_BEGIN_DECLS

MsProbeResult *_ms_probe_result_new (const MsEndpoint *endpoint);

/* The probe state machine is split in two files: the connection steps
 * (ms-probe.c) and the login (ms-probe-login.c), sharing this state. */
typedef struct _ProbeData ProbeData;
typedef void (*ReplyHandler) (GTask *task, ProbeData *data);

struct _ProbeData {
  MsEndpoint *endpoint;
  MsProbeOptions *options;
  MsProbeResult *result;
  MsDialect dialect;
  GSocketClient *client;
  MsConn *conn;
  gint64 start_us;

  GCancellable *connect_cancellable;
  GCancellable *user_cancellable;
  gulong cancel_id;
  GSource *connect_timer;
  gboolean connect_timed_out;

  GPtrArray *lines;
  MsReplyKind reply_kind;
  ReplyHandler on_reply;

  GPtrArray *login_steps;
  guint login_index;
};

void          _ms_probe_command_full (GTask *task, ProbeData *data, char *line, gboolean secret,
                                      MsReplyKind kind, ReplyHandler handler);
void          _ms_probe_send_logout  (GTask *task, ProbeData *data, GError *error);
const char   *_ms_probe_last_line    (ProbeData *data);
MsReplyStatus _ms_probe_status       (ProbeData *data);
void          _ms_probe_maybe_login  (GTask *task, ProbeData *data);

G_END_DECLS
