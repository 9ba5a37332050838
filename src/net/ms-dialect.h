/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-types.h"

G_BEGIN_DECLS

/* The three line protocols, reduced to what a probe needs.  Internal to
 * src/net: pure string work, no I/O, so it can be unit-tested. */

typedef enum {
  MS_REPLY_GREETING,
  MS_REPLY_SINGLE,   /* one reply: IMAP tagged, POP3 one line, SMTP (multi-line) */
  MS_REPLY_MULTI,    /* POP3 multi-line (CAPA) */
} MsReplyKind;

typedef enum {
  MS_REPLY_STATUS_OK,
  MS_REPLY_STATUS_CONTINUE,  /* "+ ", 334 */
  MS_REPLY_STATUS_FAIL,      /* NO, -ERR, 4xx/5xx */
  MS_REPLY_STATUS_BAD,       /* IMAP BAD: our command was not understood */
  MS_REPLY_STATUS_BYE,       /* greeting refusing service */
} MsReplyStatus;

typedef enum {
  MS_LOGIN_EXPECT_CONTINUE,
  MS_LOGIN_EXPECT_OK,        /* an intermediate +OK (POP3 USER) */
  MS_LOGIN_EXPECT_FINAL,
} MsLoginExpect;

typedef struct {
  char *line;                /* with CRLF; may hold the password */
  MsLoginExpect expect;
  gboolean secret;
} MsLoginStep;

typedef struct {
  MsProtocol protocol;
  guint counter;
  char tag[16];
} MsDialect;

void          ms_dialect_init            (MsDialect *self, MsProtocol protocol);
/* A full command line: tagged for IMAP, CRLF-terminated. */
char         *ms_dialect_command         (MsDialect *self, const char *command);
char         *ms_dialect_caps_command    (MsDialect *self, const char *helo_name);
char         *ms_dialect_starttls_command(MsDialect *self);
char         *ms_dialect_logout_command  (MsDialect *self);
const char   *ms_dialect_starttls_capability (MsDialect *self);
MsReplyKind   ms_dialect_caps_kind       (MsDialect *self);

/* TRUE once @lines hold a whole reply; FALSE with @error on garbage. */
gboolean      ms_dialect_reply_complete  (MsDialect *self, MsReplyKind kind, GPtrArray *lines,
                                          gboolean *complete, GError **error);
MsReplyStatus ms_dialect_reply_status    (MsDialect *self, MsReplyKind kind, GPtrArray *lines);
void          ms_dialect_parse_caps      (MsDialect *self, GPtrArray *lines, GStrv *caps, GStrv *mechanisms);
gboolean      ms_dialect_has_capability  (const char *const *caps, const char *word);

GPtrArray    *ms_dialect_login_steps     (MsDialect *self, const char *const *caps, const char *const *mechanisms,
                                          const char *username, const char *password, GError **error);
void          ms_login_step_free         (MsLoginStep *step);

/* An IMAP quoted string, or NULL when the text needs a literal (CR, LF, NUL, 8-bit). */
char         *ms_imap_quote              (const char *text);

G_END_DECLS
