/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-cert.h"
#include "ms-dialect.h"
#include "ms-probe.h"

G_BEGIN_DECLS

/* A logged-in connection to a mail server, for work that goes beyond a
 * probe (the test message sends and fetches mail).  Opening it takes the
 * same steps, under the same rules, as ms_probe_run_async: TLS unless
 * options->allow_plaintext, never a fallback to plain text, and the
 * password leaves only once the certificate is trusted or pinned.  Then
 * the caller sends commands, one at a time, each bounded by the read
 * timeout.  Internal to src/net. */
#define MS_TYPE_MAIL_SESSION (ms_mail_session_get_type ())
G_DECLARE_FINAL_TYPE (MsMailSession, ms_mail_session, MS, MAIL_SESSION, GObject)

/* Connect, greeting, (STARTTLS), TLS, capabilities, certificate verdict,
 * login when options carry a password.  Fails with an MS_NET_ERROR, or
 * G_IO_ERROR_CANCELLED; nothing is left running either way. */
void           ms_mail_session_open_async     (const MsEndpoint *endpoint, const MsProbeOptions *options,
                                               GCancellable *cancellable, GAsyncReadyCallback callback,
                                               gpointer user_data);
MsMailSession *ms_mail_session_open_finish    (GAsyncResult *result, GError **error);

/* Sends @command (no tag, no CRLF: the dialect adds them) and reads the
 * whole reply.  Returns its lines (without CRLF) and @status; a server
 * refusal is not an error, only I/O failures, timeouts and garbage are. */
void           ms_mail_session_command_async  (MsMailSession *self, const char *command, MsReplyKind kind,
                                               GCancellable *cancellable, GAsyncReadyCallback callback,
                                               gpointer user_data);
GPtrArray     *ms_mail_session_command_finish (MsMailSession *self, GAsyncResult *result,
                                               MsReplyStatus *status, GError **error);

/* Sends @data as is (an SMTP DATA body, already dot-stuffed and ended by
 * CRLF.CRLF), then reads one reply like ms_mail_session_command_async. */
void           ms_mail_session_send_raw_async (MsMailSession *self, const char *data, gsize len,
                                               GCancellable *cancellable, GAsyncReadyCallback callback,
                                               gpointer user_data);
#define        ms_mail_session_send_raw_finish ms_mail_session_command_finish

const char *const *ms_mail_session_get_capabilities (MsMailSession *self);
gboolean       ms_mail_session_has_capability (MsMailSession *self, const char *word);
gboolean       ms_mail_session_is_tls         (MsMailSession *self);
/* The login name actually used (expanded from the endpoint's template), or NULL. */
const char    *ms_mail_session_get_username   (MsMailSession *self);
const MsEndpoint *ms_mail_session_get_endpoint (MsMailSession *self);
/* Drops the connection at once (no goodbye); safe to call twice. */
void           ms_mail_session_close          (MsMailSession *self);

G_END_DECLS
