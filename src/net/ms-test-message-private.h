/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-mail-session.h"
#include "ms-test-message.h"

G_BEGIN_DECLS

/* ---- composing (ms-test-message-compose.c): pure string work, unit-tested ---- */

/* RFC 5322 date in English whatever the locale: "Thu, 27 Nov 2025 17:33:29 +0100". */
char *ms_mime_date              (GDateTime *date);
/* A display name as a header phrase: as is, quoted, or RFC 2047 encoded
 * words (UTF-8, base64) folded with CRLF SP when it is not ASCII. */
char *ms_mime_phrase            (const char *text);
/* An unstructured header value (Subject): as is, or RFC 2047 encoded words. */
char *ms_mime_unstructured      (const char *text);
/* Quoted-printable (RFC 2045) with CRLF line ends; lines of @text end with LF. */
char *ms_mime_quoted_printable  (const char *text);
/* The whole message, CRLF line ends, 7-bit unless the address itself is not ASCII. */
char *ms_test_message_compose   (const char *from_address, const char *real_name, const char *subject,
                                 const char *body, const char *message_id, GDateTime *date);
/* SMTP DATA transparency (RFC 5321 4.5.2): CRLF line ends, a dot doubled at
 * the start of a line, then the terminating CRLF.CRLF. */
char *ms_smtp_dot_stuff         (const char *message, gsize *len);

/* ---- one run, shared by ms-test-message.c (sending) and ms-test-message-fetch.c ---- */

struct _MsTestMessage {
  GObject parent_instance;

  MsEndpoint *outgoing;
  MsEndpoint *incoming;
  MsProbeOptions *options;
  char *from_address;
  char *real_name;
  guint wait_seconds;
  MsTestMessageFlags flags;

  /* The run in progress. */
  GTask *task;
  MsTestMessageResult *result;
  char *token;                  /* unique: searched for in the inbox */
  MsMailSession *session;       /* the one open connection, or NULL */
  gboolean opening;             /* a session is being opened */
  gboolean reached;             /* the incoming server let us in at least once */
  GCancellable *cancellable;    /* ours: the user's cancel, or the deadline */
  GCancellable *user_cancellable;
  gulong cancel_id;
  GSource *deadline;
  gboolean deadline_hit;
  GSource *sleep;
  GSource *sleep_cancel;
  void (*wake) (MsTestMessage *self);   /* what to do after the sleep */
  guint delay_ms;
  gboolean found;
  gint64 start_us;
  gint64 sent_us;

  /* POP3 scan state. */
  GHashTable *seen_uids;        /* UIDL of messages already looked at */
  guint pop_count;
  guint pop_index;
  guint pop_looked;
  guint imap_uid;
};

void _ms_test_message_progress      (MsTestMessage *self, MsTestMessageStage stage);
/* Ends the run: @error (taken) NULL means received; cancellation ends the task. */
void _ms_test_message_end_receive   (MsTestMessage *self, GError *error);
/* After the message was sent: look for it until found or the deadline. */
void _ms_test_message_fetch_start   (MsTestMessage *self);

G_END_DECLS
