/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gnutls/gnutls.h>

#include "ms-conn.h"

G_BEGIN_DECLS

/* Shared by ms-conn.c (operations, timers) and ms-conn-tls.c (GnuTLS). */
typedef enum {
  OP_NONE,
  OP_READ_LINE,
  OP_WRITE,
  OP_HANDSHAKE,
} OpKind;

typedef enum {
  STEP_DONE,
  STEP_WAIT_IN,
  STEP_WAIT_OUT,
} StepResult;

struct _MsConn {
  GObject parent_instance;

  GSocketConnection *connection;
  GSocket *socket;
  guint timeout_ms;

  gnutls_session_t session;
  gnutls_certificate_credentials_t creds;
  gboolean tls;

  GByteArray *inbuf;

  /* The one pending operation. */
  OpKind op;
  GTask *task;
  guint8 *out;
  gsize out_len;
  gsize out_pos;
  GSource *io_source;
  GIOCondition io_cond;
  GSource *timer_source;
  GSource *cancel_source;
};

StepResult _ms_conn_tls_again      (MsConn *self);
StepResult _ms_conn_step_handshake (MsConn *self, GError **error);
gboolean   _ms_conn_tls_setup      (MsConn *self, const char *server_name, GError **error);

G_END_DECLS
