/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MS_NET_ERROR (ms_net_error_quark ())

/* Each code is one thing the user can act on differently, so the wizard
 * and the command line can pick their advice from the code alone. */
typedef enum {
  MS_NET_ERROR_NOT_RESOLVED,          /* DNS: no such host */
  MS_NET_ERROR_REFUSED,               /* TCP RST: nothing listens */
  MS_NET_ERROR_UNREACHABLE,           /* no route / network down */
  MS_NET_ERROR_TIMED_OUT,             /* TCP connect timed out: probably filtered */
  MS_NET_ERROR_NO_REPLY,              /* connected, then silence */
  MS_NET_ERROR_TLS_HANDSHAKE,         /* TLS handshake failed */
  MS_NET_ERROR_STARTTLS_NOT_OFFERED,  /* server does not advertise STARTTLS */
  MS_NET_ERROR_STARTTLS_REJECTED,     /* server refused the STARTTLS command */
  MS_NET_ERROR_CERT_NAME_MISMATCH,    /* certificate is for another name */
  MS_NET_ERROR_CERT_UNTRUSTED,        /* not signed by a trusted authority, not pinned */
  MS_NET_ERROR_CERT_EXPIRED,
  MS_NET_ERROR_CERT_NOT_YET_VALID,
  MS_NET_ERROR_AUTH_FAILED,           /* server rejected user name or password */
  MS_NET_ERROR_AUTH_UNSUPPORTED,      /* no password mechanism we can use */
  MS_NET_ERROR_PLAINTEXT_REFUSED,     /* we refuse to send a password unencrypted */
  MS_NET_ERROR_PROTOCOL,              /* garbage, or not the protocol we expected */
  MS_NET_ERROR_LINE_TOO_LONG,         /* a line beyond the bound, no CRLF */
  MS_NET_ERROR_CLOSED,                /* connection closed in the middle of a reply */
  MS_NET_ERROR_SERVER_UNAVAILABLE,    /* greeting says go away (BYE, 421, 554, -ERR) */
  MS_NET_ERROR_IO,                    /* any other network error */
  MS_NET_ERROR_SIGN_IN_REQUIRED,      /* the provider refuses passwords here: OAuth2 or an app password */
} MsNetError;

GQuark      ms_net_error_quark      (void);

/* A stable, untranslated identifier for JSON and scripts, e.g. "timed-out". */
const char *ms_net_error_to_string  (MsNetError code);

/* The certificate codes, in one place: name mismatch, untrusted,
 * expired, not yet valid. */
gboolean    ms_net_error_is_certificate (const GError *error);
/* The server did not answer as a mail server on that door: refused,
 * filtered, silent, or not speaking the protocol or TLS mode asked. */
gboolean    ms_net_error_is_unreachable (const GError *error);

G_END_DECLS
