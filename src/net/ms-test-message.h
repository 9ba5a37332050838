/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-probe.h"

G_BEGIN_DECLS

/* The test message, as the provider's guide advises once an account is
 * set up: send a message to yourself through the outgoing server, then
 * wait until it shows up in the inbox of the incoming server (IMAP or
 * POP3).  Success or failure is reported per step: sent, received.
 *
 * Security: the same rules as the probes (ms-probe.h), since the same
 * opening is used (ms-mail-session.h): TLS unless options->allow_plaintext,
 * no fallback to plain text, the password is sent only once the
 * certificate is trusted or pinned (options->pin_store), and it is never
 * logged.
 *
 * The user's mail is never changed: IMAP opens the inbox read-only
 * (EXAMINE) and searches it; POP3 only reads headers (TOP n 0) of the most
 * recent messages.  Only with MS_TEST_MESSAGE_DELETE is the test message
 * itself removed once found: IMAP flags that one message \Deleted and
 * expunges it by UID, and only when the server has UIDPLUS (a plain
 * EXPUNGE would also remove other messages the user marked deleted);
 * POP3 marks it with DELE and commits with QUIT.  result->deleted says
 * whether that happened. */

#define MS_TEST_MESSAGE_ERROR (ms_test_message_error_quark ())

/* Failures of the test itself; network, TLS, certificate and login
 * failures keep their MS_NET_ERROR code (e.g. a wrong password fails the
 * "sent" step with MS_NET_ERROR_AUTH_FAILED). */
typedef enum {
  MS_TEST_MESSAGE_ERROR_INVALID_ADDRESS,  /* the sender address cannot be used */
  MS_TEST_MESSAGE_ERROR_REJECTED,         /* the outgoing server refused sender, recipient or message */
  MS_TEST_MESSAGE_ERROR_NO_INBOX,         /* the incoming server would not open the inbox */
  MS_TEST_MESSAGE_ERROR_NOT_RECEIVED,     /* not in the inbox within the bound */
  MS_TEST_MESSAGE_ERROR_UNSUPPORTED,      /* the server lacks a command we need (POP3 TOP) */
} MsTestMessageError;

GQuark ms_test_message_error_quark (void);

/* What the "progress" signal reports, in this order. */
typedef enum {
  MS_TEST_MESSAGE_STAGE_SENDING,   /* connecting to the outgoing server */
  MS_TEST_MESSAGE_STAGE_SENT,      /* the outgoing server accepted the message */
  MS_TEST_MESSAGE_STAGE_WAITING,   /* looking in the inbox; once per attempt */
  MS_TEST_MESSAGE_STAGE_RECEIVED,  /* found in the inbox */
} MsTestMessageStage;

typedef enum {
  MS_TEST_STEP_NOT_RUN,
  MS_TEST_STEP_OK,
  MS_TEST_STEP_FAILED,
} MsTestStepStatus;

typedef enum {
  MS_TEST_MESSAGE_FLAGS_NONE = 0,
  MS_TEST_MESSAGE_DELETE     = 1 << 0,   /* remove the test message once found */
} MsTestMessageFlags;

typedef struct {
  MsTestStepStatus sent;
  GError *send_error;        /* set when sent is FAILED */
  gint64 send_ms;            /* start → the server accepted the message */
  MsTestStepStatus received;
  GError *receive_error;     /* set when received is FAILED */
  gint64 receive_ms;         /* accepted → found in the inbox */
  guint attempts;            /* looks into the inbox */
  gboolean deleted;          /* the test message was removed again */
  char *message_id;          /* without angle brackets */
  char *subject;
  gint64 total_ms;
} MsTestMessageResult;

void     ms_test_message_result_free   (MsTestMessageResult *result);
/* Both steps succeeded. */
gboolean ms_test_message_result_passed (const MsTestMessageResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsTestMessageResult, ms_test_message_result_free)

#define MS_TEST_MESSAGE_DEFAULT_WAIT_SECONDS 60

/* Signal (main context of the caller of ms_test_message_run_async):
 *   progress (MsTestMessageStage stage, guint attempt, gint64 elapsed_ms)
 * attempt counts the looks into the inbox (0 before the first);
 * elapsed_ms is since the run started. */
#define MS_TYPE_TEST_MESSAGE (ms_test_message_get_type ())
G_DECLARE_FINAL_TYPE (MsTestMessage, ms_test_message, MS, TEST_MESSAGE, GObject)

/* @options: login (username, or address for the endpoints' username
 * templates; password), ca_file, pin_store, timeouts, allow_plaintext,
 * for both servers.  @from_address is the sender and the recipient;
 * @real_name (may be NULL) is the display name, RFC 2047-encoded when it
 * is not ASCII. */
MsTestMessage       *ms_test_message_new          (const MsEndpoint *outgoing, const MsEndpoint *incoming,
                                                   const MsProbeOptions *options, const char *from_address,
                                                   const char *real_name);
/* Bound on the wait for the message, from the moment it was sent; 0: the default. */
void                 ms_test_message_set_wait_seconds (MsTestMessage *self, guint wait_seconds);
void                 ms_test_message_set_flags    (MsTestMessage *self, MsTestMessageFlags flags);

/* One run at a time.  The result carries the per-step status even when a
 * step failed; the finish function fails only when cancelled, and by then
 * every connection is closed and every timer stopped. */
void                 ms_test_message_run_async    (MsTestMessage *self, GCancellable *cancellable,
                                                   GAsyncReadyCallback callback, gpointer user_data);
MsTestMessageResult *ms_test_message_run_finish   (MsTestMessage *self, GAsyncResult *result, GError **error);

G_END_DECLS
