/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Upper bound of one protocol line: a server sending megabytes with no
 * line end must fail in bounded memory, not grow the buffer. */
#define MS_CONN_MAX_LINE (64 * 1024)

/* A line-oriented connection on a non-blocking socket, with optional TLS
 * driven by GnuTLS directly (so we see the chain exactly as presented, and
 * do not depend on a GIO TLS backend).  One operation at a time; each one
 * has its own timer and fails with MS_NET_ERROR_NO_REPLY when it fires. */
#define MS_TYPE_CONN (ms_conn_get_type ())
G_DECLARE_FINAL_TYPE (MsConn, ms_conn, MS, CONN, GObject)

MsConn     *ms_conn_new                (GSocketConnection *connection, guint timeout_ms);

void        ms_conn_read_line_async    (MsConn *self, GCancellable *cancellable,
                                        GAsyncReadyCallback callback, gpointer user_data);
char       *ms_conn_read_line_finish   (MsConn *self, GAsyncResult *result, GError **error);

/* @data is copied; secret data is wiped from our copy once sent. */
void        ms_conn_write_async        (MsConn *self, const char *data, gsize len, GCancellable *cancellable,
                                        GAsyncReadyCallback callback, gpointer user_data);
gboolean    ms_conn_write_finish       (MsConn *self, GAsyncResult *result, GError **error);

/* @server_name is sent as SNI when it is a host name, not an address. */
void        ms_conn_handshake_async    (MsConn *self, const char *server_name, GCancellable *cancellable,
                                        GAsyncReadyCallback callback, gpointer user_data);
gboolean    ms_conn_handshake_finish   (MsConn *self, GAsyncResult *result, GError **error);

gboolean    ms_conn_is_tls             (MsConn *self);
gboolean    ms_conn_has_buffered_data  (MsConn *self);
/* DER of each certificate, in the order the server sent them. */
GPtrArray  *ms_conn_get_peer_chain     (MsConn *self);
char       *ms_conn_get_tls_description(MsConn *self);
void        ms_conn_close              (MsConn *self);

G_END_DECLS
