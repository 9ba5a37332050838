/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Badly behaved servers, each in its own thread with blocking sockets so
 * they cannot be slowed down by the client's main loop. */
typedef enum {
  MS_HOSTILE_IMAP_NO_STARTTLS,   /* IMAP without STARTTLS, accepts any login */
  MS_HOSTILE_SMTP_NO_STARTTLS,   /* SMTP without STARTTLS, AUTH PLAIN LOGIN */
  MS_HOSTILE_SILENT,             /* accepts, never says anything */
  MS_HOSTILE_GARBAGE,            /* binary noise */
  MS_HOSTILE_HUGE_LINE,          /* megabytes without a line end */
  MS_HOSTILE_CLOSE_MID_REPLY,    /* IMAP greeting, then half a reply and close */
  MS_HOSTILE_STARTTLS_INJECTION, /* plaintext pipelined after the STARTTLS OK */
  MS_HOSTILE_IMAP_BARE_TAG,      /* IMAP answering each command with its tag alone */
  MS_HOSTILE_SMTP_BASIC_BLOCKED, /* SMTP refusing passwords as Microsoft 365 does (5.7.139, 5.7.30) */
  MS_HOSTILE_SMTP_OAUTH2_ONLY,   /* SMTP offering XOAUTH2 and OAUTHBEARER only */
} MsHostileKind;

typedef struct _MsHostileServer MsHostileServer;

MsHostileServer *ms_hostile_server_start    (MsHostileKind kind);
guint            ms_hostile_server_port     (MsHostileServer *self);
/* Everything the clients sent so far. */
char            *ms_hostile_server_received (MsHostileServer *self);
gsize            ms_hostile_server_bytes_sent (MsHostileServer *self);
void             ms_hostile_server_stop     (MsHostileServer *self);

G_END_DECLS
