/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/ms-address.h"
#include "ms-test-message-private.h"

G_DEFINE_QUARK (ms-test-message-error-quark, ms_test_message_error)
G_DEFINE_FINAL_TYPE (MsTestMessage, ms_test_message, G_TYPE_OBJECT)

enum { SIGNAL_PROGRESS, N_SIGNALS };
static guint signals[N_SIGNALS];

/* SMTP state of one run; the message itself waits in task data. */
typedef struct {
  char *envelope;      /* the sender and recipient, ASCII domain */
  char *data;          /* dot-stuffed message */
  gsize data_len;
} SendData;

static void
send_data_free (SendData *data)
{
  g_free (data->envelope);
  g_free (data->data);
  g_free (data);
}

void
ms_test_message_result_free (MsTestMessageResult *result)
{
  if (result == NULL)
    return;
  g_clear_error (&result->send_error);
  g_clear_error (&result->receive_error);
  g_free (result->message_id);
  g_free (result->subject);
  g_free (result);
}

gboolean
ms_test_message_result_passed (const MsTestMessageResult *result)
{
  return result->sent == MS_TEST_STEP_OK && result->received == MS_TEST_STEP_OK;
}

static gboolean
is_ascii_string (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;
  return TRUE;
}

static gint64
elapsed_ms (MsTestMessage *self)
{
  return (g_get_monotonic_time () - self->start_us) / 1000;
}

void
_ms_test_message_progress (MsTestMessage *self, MsTestMessageStage stage)
{
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, (guint) stage, self->result->attempts, elapsed_ms (self));
}

/* Stops everything the run started, so nothing is left once it returns. */
static void
run_cleanup (MsTestMessage *self)
{
  if (self->session != NULL)
    ms_mail_session_close (self->session);
  g_clear_object (&self->session);
  if (self->deadline != NULL)
    g_source_destroy (self->deadline);
  g_clear_pointer (&self->deadline, g_source_unref);
  if (self->sleep != NULL)
    g_source_destroy (self->sleep);
  g_clear_pointer (&self->sleep, g_source_unref);
  if (self->sleep_cancel != NULL)
    g_source_destroy (self->sleep_cancel);
  g_clear_pointer (&self->sleep_cancel, g_source_unref);
  if (self->cancel_id != 0)
    g_cancellable_disconnect (self->user_cancellable, self->cancel_id);
  self->cancel_id = 0;
  g_clear_object (&self->user_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->seen_uids, g_hash_table_unref);
  g_clear_pointer (&self->token, g_free);
  self->opening = FALSE;
}

static void
run_return (MsTestMessage *self, GError *cancelled)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  MsTestMessageResult *result = g_steal_pointer (&self->result);

  run_cleanup (self);
  if (cancelled != NULL)
    {
      ms_test_message_result_free (result);
      g_task_return_error (task, cancelled);
      return;
    }
  result->total_ms = (g_get_monotonic_time () - self->start_us) / 1000;
  g_task_return_pointer (task, result, (GDestroyNotify) ms_test_message_result_free);
}

/* The user cancelled, rather than our deadline. */
static gboolean
user_cancelled (MsTestMessage *self)
{
  return g_cancellable_is_cancelled (self->user_cancellable);
}

void
_ms_test_message_end_receive (MsTestMessage *self, GError *error)
{
  if (error != NULL && user_cancelled (self))
    {
      g_error_free (error);
      run_return (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled")));
      return;
    }
  self->result->receive_ms = (g_get_monotonic_time () - self->sent_us) / 1000;
  if (error == NULL)
    {
      self->result->received = MS_TEST_STEP_OK;
      _ms_test_message_progress (self, MS_TEST_MESSAGE_STAGE_RECEIVED);
    }
  else
    {
      self->result->received = MS_TEST_STEP_FAILED;
      self->result->receive_error = error;
    }
  run_return (self, NULL);
}

/* Ends the "sent" step with @error (taken); the "received" step is not run. */
static void
send_failed (MsTestMessage *self, GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || user_cancelled (self))
    {
      g_clear_error (&error);
      run_return (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled")));
      return;
    }
  self->result->sent = MS_TEST_STEP_FAILED;
  self->result->send_error = error;
  self->result->send_ms = elapsed_ms (self);
  run_return (self, NULL);
}

/* @sentence (taken) says what was refused; the server's words follow. */
static GError *
refused (GPtrArray *lines, char *sentence)
{
  const char *last = lines->pdata[lines->len - 1];
  g_autofree char *said = g_utf8_make_valid (last, MIN (strlen (last), 200));
  GError *error;

  /* TRANSLATORS: a sentence saying what was refused, then the server's reply */
  error = g_error_new (MS_TEST_MESSAGE_ERROR, MS_TEST_MESSAGE_ERROR_REJECTED, _("%s (server said: “%s”)"),
                       sentence, said);

  g_free (sentence);
  return error;
}

/* The SMTP reply to the last command, or NULL once the run has ended. */
static GPtrArray *
smtp_reply (MsTestMessage *self, GAsyncResult *res, MsReplyStatus *status)
{
  GError *error = NULL;
  GPtrArray *lines = ms_mail_session_command_finish (self->session, res, status, &error);

  if (lines == NULL)
    send_failed (self, error);
  return lines;
}

static void
on_quit (GObject *source, GAsyncResult *res, gpointer user_data)
{
  MsTestMessage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = ms_mail_session_command_finish (self->session, res, NULL, &error);

  /* The message is already accepted: a lost goodbye changes nothing. */
  if (user_cancelled (self))
    {
      run_return (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled")));
      return;
    }
  ms_mail_session_close (self->session);
  g_clear_object (&self->session);
  _ms_test_message_fetch_start (self);
}

/* The reply to an SMTP step when it has @expected status; NULL once the
 * run has ended (failed, or refused with @sentence, taken). */
static GPtrArray *
smtp_accepted (MsTestMessage *self, GAsyncResult *res, MsReplyStatus expected, char *sentence)
{
  MsReplyStatus st;
  GPtrArray *lines = smtp_reply (self, res, &st);

  if (lines != NULL && st != expected)
    {
      send_failed (self, refused (lines, g_steal_pointer (&sentence)));
      g_clear_pointer (&lines, g_ptr_array_unref);
    }
  g_free (sentence);
  return lines;
}

static void
on_data_sent (GObject *source, GAsyncResult *res, gpointer user_data)
{
  MsTestMessage *self = user_data;
  g_autoptr(GPtrArray) lines = smtp_accepted (self, res, MS_REPLY_STATUS_OK,
                                              g_strdup (_("The outgoing server refused the message")));

  if (lines == NULL)
    return;
  self->sent_us = g_get_monotonic_time ();
  self->result->sent = MS_TEST_STEP_OK;
  self->result->send_ms = elapsed_ms (self);
  _ms_test_message_progress (self, MS_TEST_MESSAGE_STAGE_SENT);
  ms_mail_session_command_async (self->session, "QUIT", MS_REPLY_SINGLE, self->cancellable, on_quit, self);
}

static void
on_data_reply (GObject *source, GAsyncResult *res, gpointer user_data)
{
  MsTestMessage *self = user_data;
  SendData *data = g_task_get_task_data (self->task);
  g_autoptr(GPtrArray) lines = smtp_accepted (self, res, MS_REPLY_STATUS_CONTINUE,
                                              g_strdup (_("The outgoing server refused the message")));

  if (lines != NULL)
    ms_mail_session_send_raw_async (self->session, data->data, data->data_len, self->cancellable,
                                    on_data_sent, self);
}

static void
on_rcpt_reply (GObject *source, GAsyncResult *res, gpointer user_data)
{
  MsTestMessage *self = user_data;
  SendData *data = g_task_get_task_data (self->task);
  g_autoptr(GPtrArray) lines =
    smtp_accepted (self, res, MS_REPLY_STATUS_OK,
                   /* TRANSLATORS: %s is the user's e-mail address, e.g. “ana@3xo.fr”: the test message is sent to
                    * oneself. */
                   g_strdup_printf (_("The outgoing server refused the recipient %s"), data->envelope));

  if (lines != NULL)
    ms_mail_session_command_async (self->session, "DATA", MS_REPLY_SINGLE, self->cancellable, on_data_reply, self);
}

static void
on_mail_reply (GObject *source, GAsyncResult *res, gpointer user_data)
{
  MsTestMessage *self = user_data;
  SendData *data = g_task_get_task_data (self->task);
  g_autoptr(GPtrArray) lines =
    smtp_accepted (self, res, MS_REPLY_STATUS_OK,
                   /* TRANSLATORS: %s is the user's e-mail address, e.g. “ana@3xo.fr”. */
                   g_strdup_printf (_("The outgoing server refused the sender address %s"), data->envelope));
  g_autofree char *rcpt = NULL;

  if (lines == NULL)
    return;
  /* To yourself: the recipient is the sender. */
  rcpt = g_strdup_printf ("RCPT TO:<%s>", data->envelope);
  ms_mail_session_command_async (self->session, rcpt, MS_REPLY_SINGLE, self->cancellable, on_rcpt_reply, self);
}

static void
on_smtp_open (GObject *source, GAsyncResult *res, gpointer user_data)
{
  MsTestMessage *self = user_data;
  SendData *data = g_task_get_task_data (self->task);
  GError *error = NULL;
  g_autofree char *mail = NULL;
  gboolean ascii;

  self->session = ms_mail_session_open_finish (res, &error);
  if (self->session == NULL)
    {
      send_failed (self, error);
      return;
    }
  self->opening = FALSE;
  ascii = is_ascii_string (data->envelope);
  if (!ascii && !ms_mail_session_has_capability (self->session, "SMTPUTF8"))
    {
      send_failed (self, g_error_new (MS_TEST_MESSAGE_ERROR, MS_TEST_MESSAGE_ERROR_INVALID_ADDRESS,
                                      /* TRANSLATORS: %s is the user's e-mail address, e.g. “josé@3xo.fr”;
                                       * SMTPUTF8 is the name of an SMTP extension: do not translate it. */
                                      _("The address %s has non-ASCII characters before the “@”, and the "
                                        "outgoing server does not accept such addresses (no SMTPUTF8)"),
                                      data->envelope));
      return;
    }
  mail = g_strdup_printf ("MAIL FROM:<%s>%s", data->envelope, ascii ? "" : " SMTPUTF8");
  ms_mail_session_command_async (self->session, mail, MS_REPLY_SINGLE, self->cancellable, on_mail_reply, self);
}

static void
forward_cancel (GCancellable *cancellable, gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static char *
random_token (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GString *token = g_string_new (NULL);

  for (const char *p = uuid; *p; p++)
    if (*p != '-')
      g_string_append_c (token, *p);
  return g_string_free (token, FALSE);
}

static SendData *
prepare (MsTestMessage *self, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *domain = NULL;
  g_autofree char *body = NULL;
  g_autofree char *message = NULL;
  g_autofree char *outgoing = ms_endpoint_describe (self->outgoing);
  g_autofree char *incoming = ms_endpoint_describe (self->incoming);
  SendData *data;

  if (!ms_address_validate (self->from_address, error))
    {
      /* Keep the reason, in our domain so callers know the step failed on input. */
      GError *inner = *error;
      *error = g_error_new (MS_TEST_MESSAGE_ERROR, MS_TEST_MESSAGE_ERROR_INVALID_ADDRESS,
                            /* TRANSLATORS: the e-mail address as typed, then why it is not valid, a sentence,
                             * e.g. “The address is too long (at most 254 characters).” */
                            _("The test message cannot be sent from “%s”: %s"), self->from_address, inner->message);
      g_error_free (inner);
      return NULL;
    }
  data = g_new0 (SendData, 1);
  data->envelope = ms_address_to_ascii (self->from_address);
  ms_address_split (data->envelope, NULL, &domain);
  self->token = random_token ();
  self->result->message_id = g_strdup_printf ("mail-setup.%s@%s", self->token,
                                              is_ascii_string (domain) ? domain : "mail-setup.invalid");
  /* A short piece of the token tells several test messages apart by eye.
   * TRANSLATORS: subject of the test message; %.8s is a code of 8 letters and digits */
  self->result->subject = g_strdup_printf (_("Mail Setup test message %.8s"), self->token);
  /* TRANSLATORS: body of the test message; the %s are servers, e.g. "SMTP mail.example.com:465 SSL/TLS" */
  body = g_strdup_printf (_("Hello,\n\n"
                            "Mail Setup sent this message to you, from you, to check your e-mail account: "
                            "it left through your outgoing server (%s) and came back to your inbox through "
                            "your incoming server (%s).\n\n"
                            "If you can read it, sending and receiving both work. You may delete it.\n"),
                          outgoing, incoming);
  message = ms_test_message_compose (data->envelope, self->real_name, self->result->subject, body,
                                     self->result->message_id, now);
  data->data = ms_smtp_dot_stuff (message, &data->data_len);
  return data;
}

void
ms_test_message_run_async (MsTestMessage *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
  GError *error = NULL;
  SendData *data;

  g_return_if_fail (MS_IS_TEST_MESSAGE (self));
  g_return_if_fail (self->task == NULL);

  self->start_us = g_get_monotonic_time ();
  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, ms_test_message_run_async);
  self->result = g_new0 (MsTestMessageResult, 1);
  self->deadline_hit = FALSE;
  self->imap_uid = 0;
  /* Ours, so that the deadline can stop whatever is in flight and we
   * still know whether the user cancelled or the clock ran out. */
  self->cancellable = g_cancellable_new ();
  self->user_cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  self->cancel_id = g_cancellable_connect (self->user_cancellable, G_CALLBACK (forward_cancel),
                                           g_object_ref (self->cancellable), g_object_unref);

  data = prepare (self, &error);
  if (data == NULL)
    {
      send_failed (self, error);
      return;
    }
  g_task_set_task_data (self->task, data, (GDestroyNotify) send_data_free);
  _ms_test_message_progress (self, MS_TEST_MESSAGE_STAGE_SENDING);
  self->opening = TRUE;
  ms_mail_session_open_async (self->outgoing, self->options, self->cancellable, on_smtp_open, self);
}

MsTestMessageResult *
ms_test_message_run_finish (MsTestMessage *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

MsTestMessage *
ms_test_message_new (const MsEndpoint *outgoing, const MsEndpoint *incoming, const MsProbeOptions *options,
                     const char *from_address, const char *real_name)
{
  MsTestMessage *self;

  g_return_val_if_fail (outgoing != NULL && outgoing->protocol == MS_PROTOCOL_SMTP, NULL);
  g_return_val_if_fail (incoming != NULL && incoming->protocol != MS_PROTOCOL_SMTP, NULL);
  g_return_val_if_fail (from_address != NULL, NULL);

  self = g_object_new (MS_TYPE_TEST_MESSAGE, NULL);
  self->outgoing = ms_endpoint_copy (outgoing);
  self->incoming = ms_endpoint_copy (incoming);
  self->options = options ? ms_probe_options_copy (options) : ms_probe_options_new ();
  self->from_address = g_strdup (from_address);
  self->real_name = g_strdup (real_name);
  return self;
}

void
ms_test_message_set_wait_seconds (MsTestMessage *self, guint wait_seconds)
{
  g_return_if_fail (MS_IS_TEST_MESSAGE (self));
  self->wait_seconds = wait_seconds > 0 ? wait_seconds : MS_TEST_MESSAGE_DEFAULT_WAIT_SECONDS;
}

void
ms_test_message_set_flags (MsTestMessage *self, MsTestMessageFlags flags)
{
  g_return_if_fail (MS_IS_TEST_MESSAGE (self));
  self->flags = flags;
}

static void
ms_test_message_finalize (GObject *object)
{
  MsTestMessage *self = MS_TEST_MESSAGE (object);

  /* A run holds a reference through its task: none can be in progress. */
  g_assert (self->task == NULL);
  ms_endpoint_free (self->outgoing);
  ms_endpoint_free (self->incoming);
  ms_probe_options_free (self->options);
  g_free (self->from_address);
  g_free (self->real_name);
  G_OBJECT_CLASS (ms_test_message_parent_class)->finalize (object);
}

static void
ms_test_message_class_init (MsTestMessageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_test_message_finalize;

  signals[SIGNAL_PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 3,
                                           G_TYPE_UINT, G_TYPE_UINT, G_TYPE_INT64);
}

static void
ms_test_message_init (MsTestMessage *self)
{
  self->wait_seconds = MS_TEST_MESSAGE_DEFAULT_WAIT_SECONDS;
}
