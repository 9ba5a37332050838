/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The test message against a real Postfix and Dovecot (tests/servers),
 * plus its pure composing functions. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ms-hostile-server.h"
#include "ms-smtp-sink.h"
#include "ms-test-message-private.h"
#include "ms-test-util.h"

/* Debug output, kept while a test looks for secrets in it. */
static GString *captured_log;

/* ---- running one test message on the default main context ---- */

typedef struct {
  MsTestMessageResult *result;
  GError *error;
  gboolean done;
  GArray *stages;              /* MsTestMessageStage, as emitted */
  guint last_attempt;
  MsTestMessageStage cancel_at;
  guint cancel_delay_ms;
  GCancellable *cancellable;
  gint64 cancelled_us;
  gint64 done_us;
} Run;

static gboolean
cancel_now (gpointer user_data)
{
  Run *run = user_data;

  run->cancelled_us = g_get_monotonic_time ();
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_progress (MsTestMessage *tm, guint stage, guint attempt, gint64 elapsed, Run *run)
{
  g_assert_cmpint (elapsed, >=, 0);
  g_assert_cmpuint (attempt, >=, run->last_attempt);
  run->last_attempt = attempt;
  /* Stages never go back; only "waiting" repeats, once per look. */
  if (run->stages->len > 0)
    g_assert_cmpuint (stage, >=, g_array_index (run->stages, guint, run->stages->len - 1));
  g_array_append_val (run->stages, stage);
  if (run->cancellable != NULL && stage == run->cancel_at && run->cancelled_us == 0)
    {
      run->cancelled_us = -1;
      g_timeout_add (run->cancel_delay_ms, cancel_now, run);
    }
}

static void
on_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Run *run = user_data;

  run->result = ms_test_message_run_finish (MS_TEST_MESSAGE (source), res, &run->error);
  run->done_us = g_get_monotonic_time ();
  run->done = TRUE;
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->result, ms_test_message_result_free);
  g_clear_error (&run->error);
  g_clear_pointer (&run->stages, g_array_unref);
  g_clear_object (&run->cancellable);
}

/* Runs @tm to its end; the object must be gone afterwards (nothing left holding it). */
static void
run_message (MsTestMessage *tm, Run *run)
{
  gpointer weak = tm;

  run->stages = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (tm, "progress", G_CALLBACK (on_progress), run);
  g_object_add_weak_pointer (G_OBJECT (tm), &weak);
  ms_test_message_run_async (tm, run->cancellable, on_done, run);
  g_object_unref (tm);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (weak);
  if (run->result != NULL)
    g_test_message ("sent %s in %" G_GINT64_FORMAT " ms, received %s in %" G_GINT64_FORMAT " ms "
                    "after %u look(s), total %" G_GINT64_FORMAT " ms",
                    run->result->sent == MS_TEST_STEP_OK ? "ok" : "FAILED", run->result->send_ms,
                    run->result->received == MS_TEST_STEP_OK ? "ok" : "FAILED/not run",
                    run->result->receive_ms, run->result->attempts, run->result->total_ms);
}

static MsTestMessage *
new_message (MsProtocol in_protocol, guint in_offset, MsSecurity in_security, guint out_offset,
             MsSecurity out_security, const MsProbeOptions *opts)
{
  g_autoptr(MsEndpoint) out = ms_test_endpoint (MS_PROTOCOL_SMTP, "127.0.0.1", out_offset, out_security);
  g_autoptr(MsEndpoint) in = ms_test_endpoint (in_protocol, "127.0.0.1", in_offset, in_security);

  return ms_test_message_new (out, in, opts, ms_test_env ("MS_TEST_USER"), "Zoë Dupont-Ærø");
}

static gboolean
has_stage (Run *run, MsTestMessageStage stage)
{
  for (guint i = 0; i < run->stages->len; i++)
    if (g_array_index (run->stages, guint, i) == stage)
      return TRUE;
  return FALSE;
}

/* The delivered file holding @message_id in alice's Maildir, or NULL. */
static char *
find_delivered (const char *message_id)
{
  const char *subdirs[] = { "new", "cur" };

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *path = g_build_filename (ms_test_env ("MS_TEST_DIR"), "home", ms_test_env ("MS_TEST_USER"),
                                                "Maildir", subdirs[i], NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *file = g_build_filename (path, name, NULL);
          g_autofree char *text = NULL;

          if (g_file_get_contents (file, &text, NULL, NULL) && strstr (text, message_id))
            return g_steal_pointer (&text);
        }
    }
  return NULL;
}

static void
assert_passed (Run *run)
{
  g_assert_no_error (run->error);
  g_assert_nonnull (run->result);
  g_assert_no_error (run->result->send_error);
  g_assert_no_error (run->result->receive_error);
  g_assert_cmpint (run->result->sent, ==, MS_TEST_STEP_OK);
  g_assert_cmpint (run->result->received, ==, MS_TEST_STEP_OK);
  g_assert_true (ms_test_message_result_passed (run->result));
  g_assert_cmpuint (run->result->attempts, >=, 1);
  g_assert_cmpint (run->result->send_ms, <=, run->result->total_ms);
  g_assert_cmpint (run->result->receive_ms, <=, run->result->total_ms);
  g_assert_true (has_stage (run, MS_TEST_MESSAGE_STAGE_SENDING));
  g_assert_true (has_stage (run, MS_TEST_MESSAGE_STAGE_SENT));
  g_assert_true (has_stage (run, MS_TEST_MESSAGE_STAGE_WAITING));
  g_assert_cmpuint (g_array_index (run->stages, guint, run->stages->len - 1), ==, MS_TEST_MESSAGE_STAGE_RECEIVED);
}

/* ---- end to end ---- */

static void
test_imap (void)
{
  g_autoptr(MsProbeOptions) opts = ms_test_options (TRUE, TRUE);
  Run run = { 0 };
  g_autofree char *text = NULL;

  /* Submission with STARTTLS out, IMAPS in: the guide's usual pair. */
  run_message (new_message (MS_PROTOCOL_IMAP, 2, MS_SECURITY_SSL, 6, MS_SECURITY_STARTTLS, opts), &run);
  assert_passed (&run);
  g_assert_false (run.result->deleted);
  g_assert_true (g_str_has_prefix (run.result->message_id, "mail-setup."));
  g_assert_true (g_str_has_suffix (run.result->message_id, "@example.test"));

  /* What Dovecot stored is a proper RFC 5322 / MIME message. */
  text = find_delivered (run.result->message_id);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "\nFrom: =?UTF-8?B?"));
  g_assert_nonnull (strstr (text, "?= <alice@example.test>\n"));
  g_assert_nonnull (strstr (text, "\nTo: =?UTF-8?B?"));
  g_assert_nonnull (strstr (text, "\nDate: "));
  g_assert_nonnull (strstr (text, "\nMIME-Version: 1.0\n"));
  g_assert_nonnull (strstr (text, "\nContent-Type: text/plain; charset=UTF-8\n"));
  g_assert_nonnull (strstr (text, "\nContent-Transfer-Encoding: quoted-printable\n"));
  g_assert_nonnull (strstr (text, run.result->subject));
  g_assert_nonnull (strstr (text, "Mail Setup sent this message to you"));
  run_clear (&run);
}

static void
test_imap_delete (void)
{
  g_autoptr(MsProbeOptions) opts = ms_test_options (TRUE, TRUE);
  MsTestMessage *tm = new_message (MS_PROTOCOL_IMAP, 1, MS_SECURITY_STARTTLS, 7, MS_SECURITY_SSL, opts);
  g_autofree char *left = NULL;
  Run run = { 0 };

  ms_test_message_set_flags (tm, MS_TEST_MESSAGE_DELETE);
  run_message (tm, &run);
  assert_passed (&run);
  /* Dovecot has UIDPLUS: only that one message was expunged. */
  g_assert_true (run.result->deleted);
  left = find_delivered (run.result->message_id);
  g_assert_null (left);
  run_clear (&run);
}

static void
test_pop3 (gconstpointer user_data)
{
  gboolean delete = GPOINTER_TO_INT (user_data);
  g_autoptr(MsProbeOptions) opts = ms_test_options (TRUE, TRUE);
  MsTestMessage *tm = delete ? new_message (MS_PROTOCOL_POP3, 4, MS_SECURITY_SSL, 7, MS_SECURITY_SSL, opts)
                             : new_message (MS_PROTOCOL_POP3, 3, MS_SECURITY_STARTTLS, 6, MS_SECURITY_STARTTLS, opts);
  g_autofree char *left = NULL;
  Run run = { 0 };

  if (delete)
    ms_test_message_set_flags (tm, MS_TEST_MESSAGE_DELETE);
  run_message (tm, &run);
  assert_passed (&run);
  g_assert_cmpint (run.result->deleted, ==, delete);
  left = find_delivered (run.result->message_id);
  if (delete)
    g_assert_null (left);
  else
    g_assert_nonnull (left);
  run_clear (&run);
}

static void
test_wrong_password (void)
{
  g_autoptr(MsProbeOptions) opts = ms_test_options (TRUE, TRUE);
  Run run = { 0 };

  g_free (opts->password);
  opts->password = g_strdup ("wrong");
  run_message (new_message (MS_PROTOCOL_IMAP, 2, MS_SECURITY_SSL, 7, MS_SECURITY_SSL, opts), &run);
  g_assert_no_error (run.error);
  g_assert_cmpint (run.result->sent, ==, MS_TEST_STEP_FAILED);
  g_assert_error (run.result->send_error, MS_NET_ERROR, MS_NET_ERROR_AUTH_FAILED);
  g_assert_cmpint (run.result->received, ==, MS_TEST_STEP_NOT_RUN);
  g_assert_null (run.result->receive_error);
  g_assert_false (has_stage (&run, MS_TEST_MESSAGE_STAGE_SENT));
  g_assert_false (has_stage (&run, MS_TEST_MESSAGE_STAGE_WAITING));
  run_clear (&run);
}

/* Every line of both conversations is in the debug log, the password never. */
static void
test_no_password_in_logs (void)
{
  g_autoptr(MsProbeOptions) opts = ms_test_options (TRUE, TRUE);
  const char *user = ms_test_env ("MS_TEST_USER");
  const char *password = ms_test_env ("MS_TEST_PASSWORD");
  g_autofree char *plain = g_strdup_printf ("%c%s%c%s", 0, user, 0, password);
  gsize plain_len = 2 + strlen (user) + strlen (password);
  g_autofree char *plain_b64 = g_base64_encode ((const guchar *) plain, plain_len);
  g_autofree char *pass_b64 = g_base64_encode ((const guchar *) password, strlen (password));
  Run run = { 0 };

  captured_log = g_string_new (NULL);
  run_message (new_message (MS_PROTOCOL_POP3, 4, MS_SECURITY_SSL, 6, MS_SECURITY_STARTTLS, opts), &run);
  assert_passed (&run);
  g_assert_nonnull (strstr (captured_log->str, "C: MAIL FROM:<alice@example.test>"));
  g_assert_nonnull (strstr (captured_log->str, "C: <secret>"));
  g_assert_null (strstr (captured_log->str, password));
  g_assert_null (strstr (captured_log->str, plain_b64));
  g_assert_null (strstr (captured_log->str, pass_b64));
  g_string_free (g_steal_pointer (&captured_log), TRUE);
  run_clear (&run);
}

/* STARTTLS chosen, not offered: fails before anything secret leaves. */
static void
test_no_starttls (void)
{
  MsHostileServer *server = ms_hostile_server_start (MS_HOSTILE_SMTP_NO_STARTTLS);
  g_autoptr(MsProbeOptions) opts = ms_test_options (TRUE, TRUE);
  g_autoptr(MsEndpoint) out = ms_endpoint_new (MS_PROTOCOL_SMTP, "127.0.0.1", ms_hostile_server_port (server),
                                               MS_SECURITY_STARTTLS);
  g_autoptr(MsEndpoint) in = ms_test_endpoint (MS_PROTOCOL_IMAP, "127.0.0.1", 2, MS_SECURITY_SSL);
  g_autofree char *received = NULL;
  Run run = { 0 };

  run_message (ms_test_message_new (out, in, opts, ms_test_env ("MS_TEST_USER"), NULL), &run);
  g_assert_error (run.result->send_error, MS_NET_ERROR, MS_NET_ERROR_STARTTLS_NOT_OFFERED);
  received = ms_hostile_server_received (server);
  g_assert_null (strstr (received, "AUTH"));
  g_assert_null (strstr (received, "MAIL FROM"));
  ms_hostile_server_stop (server);
  run_clear (&run);
}

static void
test_incoming_refused (void)
{
  g_autoptr(MsProbeOptions) opts = ms_test_options (TRUE, TRUE);
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(MsEndpoint) out = ms_test_endpoint (MS_PROTOCOL_SMTP, "127.0.0.1", 7, MS_SECURITY_SSL);
  g_autoptr(MsEndpoint) in = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);
  Run run = { 0 };

  /* A port that was free a moment ago, closed again: nothing listens there. */
  g_socket_listener_close (listener);
  in = ms_endpoint_new (MS_PROTOCOL_IMAP, "127.0.0.1", port, MS_SECURITY_SSL);
  run_message (ms_test_message_new (out, in, opts, ms_test_env ("MS_TEST_USER"), NULL), &run);
  g_assert_cmpint (run.result->sent, ==, MS_TEST_STEP_OK);
  g_assert_cmpint (run.result->received, ==, MS_TEST_STEP_FAILED);
  g_assert_error (run.result->receive_error, MS_NET_ERROR, MS_NET_ERROR_REFUSED);
  g_assert_cmpint (run.result->receive_ms, <, 1000);
  run_clear (&run);
}

/* A filtered incoming port, and a connect timeout longer than the bound:
 * the bound decides, with a clear reason. */
static void
test_incoming_filtered (void)
{
  g_autoptr(GPtrArray) fillers = g_ptr_array_new_with_free_func (g_object_unref);
  guint port = 0;
  g_autoptr(GSocket) listener = ms_test_filtered_port (&port, fillers);
  g_autoptr(MsProbeOptions) opts = ms_test_options (TRUE, TRUE);
  g_autoptr(MsEndpoint) out = ms_test_endpoint (MS_PROTOCOL_SMTP, "127.0.0.1", 7, MS_SECURITY_SSL);
  g_autoptr(MsEndpoint) in = ms_endpoint_new (MS_PROTOCOL_POP3, "127.0.0.1", port, MS_SECURITY_SSL);
  MsTestMessage *tm;
  Run run = { 0 };

  opts->connect_timeout_ms = 10000;
  tm = ms_test_message_new (out, in, opts, ms_test_env ("MS_TEST_USER"), NULL);
  ms_test_message_set_wait_seconds (tm, 2);
  run_message (tm, &run);
  g_assert_cmpint (run.result->sent, ==, MS_TEST_STEP_OK);
  g_assert_cmpint (run.result->received, ==, MS_TEST_STEP_FAILED);
  g_assert_error (run.result->receive_error, MS_NET_ERROR, MS_NET_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (run.result->receive_error->message, "did not answer within the 2 seconds"));
  g_assert_cmpint (run.result->receive_ms, >=, 1900);
  g_assert_cmpint (run.result->receive_ms, <, 2500);
  run_clear (&run);
}

/* Sent fine, never arrives: "received" fails at the bound, after several looks. */
static void
test_not_received (gconstpointer user_data)
{
  MsProtocol protocol = GPOINTER_TO_INT (user_data);
  MsSmtpSink *sink = ms_smtp_sink_start ();
  g_autoptr(MsProbeOptions) opts = ms_test_options (TRUE, TRUE);
  g_autoptr(MsEndpoint) out = ms_endpoint_new (MS_PROTOCOL_SMTP, "127.0.0.1", ms_smtp_sink_port (sink), MS_SECURITY_NONE);
  g_autoptr(MsEndpoint) in = ms_test_endpoint (protocol, "127.0.0.1", protocol == MS_PROTOCOL_IMAP ? 2 : 4,
                                               MS_SECURITY_SSL);
  MsTestMessage *tm;
  Run run = { 0 };

  /* The sink is plain text on loopback: the password may go there. */
  opts->allow_plaintext = TRUE;
  tm = ms_test_message_new (out, in, opts, ms_test_env ("MS_TEST_USER"), NULL);
  ms_test_message_set_wait_seconds (tm, 2);
  run_message (tm, &run);
  g_assert_cmpint (ms_smtp_sink_accepted (sink), ==, 1);
  g_assert_cmpint (run.result->sent, ==, MS_TEST_STEP_OK);
  g_assert_cmpint (run.result->received, ==, MS_TEST_STEP_FAILED);
  g_assert_error (run.result->receive_error, MS_TEST_MESSAGE_ERROR, MS_TEST_MESSAGE_ERROR_NOT_RECEIVED);
  g_assert_nonnull (strstr (run.result->receive_error->message, "within 2 seconds"));
  /* Backoff: a few looks, not a busy loop. */
  g_assert_cmpuint (run.result->attempts, >=, 3);
  g_assert_cmpuint (run.result->attempts, <=, 12);
  g_assert_cmpint (run.result->receive_ms, >=, 1900);
  g_assert_cmpint (run.result->receive_ms, <, 2500);
  g_assert_false (has_stage (&run, MS_TEST_MESSAGE_STAGE_RECEIVED));
  ms_smtp_sink_stop (sink);
  run_clear (&run);
}

/* Cancel while sending, and while waiting on a port that never answers:
 * the run ends at once, and nothing keeps the object alive. */
static void
test_cancel (gconstpointer user_data)
{
  MsTestMessageStage at = GPOINTER_TO_INT (user_data);
  g_autoptr(GPtrArray) fillers = g_ptr_array_new_with_free_func (g_object_unref);
  guint port = 0;
  g_autoptr(GSocket) listener = ms_test_filtered_port (&port, fillers);
  g_autoptr(MsProbeOptions) opts = ms_test_options (TRUE, TRUE);
  g_autoptr(MsEndpoint) out = ms_test_endpoint (MS_PROTOCOL_SMTP, "127.0.0.1", 7, MS_SECURITY_SSL);
  g_autoptr(MsEndpoint) in = ms_endpoint_new (MS_PROTOCOL_IMAP, "127.0.0.1", port, MS_SECURITY_SSL);
  MsTestMessage *tm;
  Run run = { 0 };

  opts->connect_timeout_ms = 10000;
  tm = ms_test_message_new (out, in, opts, ms_test_env ("MS_TEST_USER"), NULL);
  ms_test_message_set_wait_seconds (tm, 30);
  run.cancellable = g_cancellable_new ();
  run.cancel_at = at;
  run.cancel_delay_ms = at == MS_TEST_MESSAGE_STAGE_SENDING ? 0 : 300;
  run_message (tm, &run);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (run.result);
  g_assert_cmpint (run.cancelled_us, >, 0);
  g_test_message ("finished %" G_GINT64_FORMAT " us after the cancel", run.done_us - run.cancelled_us);
  g_assert_cmpint (run.done_us - run.cancelled_us, <, 100 * 1000);
  run_clear (&run);
}

/* ---- composing ---- */

static void
test_compose (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (-(4 * 3600 + 30 * 60));
  g_autoptr(GDateTime) date = g_date_time_new (tz, 2025, 3, 9, 7, 5, 3);
  g_autofree char *date_text = ms_mime_date (date);
  g_autofree char *plain = ms_mime_phrase ("Alice Martin");
  g_autofree char *special = ms_mime_phrase ("Martin, Alice \"Al\"");
  g_autofree char *injected = ms_mime_phrase ("Eve\r\nBcc: victim@example.com");
  g_autofree char *long_name = ms_mime_phrase ("Ærøskøbing Ærøskøbing Ærøskøbing Ærøskøbing Ærøskøbing");
  g_autofree char *qp = ms_mime_quoted_printable ("é=x \n.dot\n"
                                                  "0123456789012345678901234567890123456789"
                                                  "0123456789012345678901234567890123456789\n");
  g_autofree char *message = NULL;
  g_autofree char *stuffed = NULL;
  g_auto(GStrv) words = NULL;
  gsize len = 0;

  /* English whatever the locale, with the zone offset. */
  g_assert_cmpstr (date_text, ==, "Sun, 09 Mar 2025 07:05:03 -0430");
  g_assert_cmpstr (plain, ==, "Alice Martin");
  g_assert_cmpstr (special, ==, "\"Martin, Alice \\\"Al\\\"\"");
  g_assert_null (strpbrk (injected, "\r\n"));

  /* Encoded words of at most 75 characters, whole characters each, folded. */
  words = g_strsplit (long_name, "\r\n ", -1);
  g_assert_cmpuint (g_strv_length (words), >, 1);
  for (guint i = 0; words[i]; i++)
    {
      g_autofree guchar *raw = NULL;
      gsize raw_len = 0;

      g_assert_true (g_str_has_prefix (words[i], "=?UTF-8?B?") && g_str_has_suffix (words[i], "?="));
      g_assert_cmpuint (strlen (words[i]), <=, 75);
      words[i][strlen (words[i]) - 2] = '\0';
      raw = g_base64_decode (words[i] + 10, &raw_len);
      g_assert_true (g_utf8_validate ((const char *) raw, raw_len, NULL));
    }

  /* Quoted-printable: 8-bit and "=" encoded, lines within 76 with soft breaks. */
  g_assert_true (g_str_has_prefix (qp, "=C3=A9=3Dx=20\r\n.dot\r\n"));
  g_clear_pointer (&words, g_strfreev);
  words = g_strsplit (qp, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (words), ==, 5);
  for (guint i = 0; words[i]; i++)
    g_assert_cmpuint (strlen (words[i]), <=, 76);

  message = ms_test_message_compose ("alice@example.test", "Zoë", "Test ✓", "Hello\n.\nBye\n",
                                     "mail-setup.abc@example.test", date);
  g_assert_true (g_str_has_prefix (message, "Date: Sun, 09 Mar 2025 07:05:03 -0430\r\n"
                                            "From: =?UTF-8?B?Wm/Dqw==?= <alice@example.test>\r\n"
                                            "To: =?UTF-8?B?Wm/Dqw==?= <alice@example.test>\r\n"
                                            "Subject: =?UTF-8?B?VGVzdCDinJM=?=\r\n"
                                            "Message-ID: <mail-setup.abc@example.test>\r\n"));
  g_assert_nonnull (strstr (message, "\r\nMIME-Version: 1.0\r\n"));
  g_assert_nonnull (strstr (message, "\r\n\r\nHello\r\n.\r\nBye\r\n"));
  for (const char *p = message; *p; p++)
    g_assert_cmpuint ((guchar) *p, <, 0x80);

  /* Dot-stuffing, CRLF everywhere, then the end marker. */
  stuffed = ms_smtp_dot_stuff (".a\nb\r\n..c\rd", &len);
  g_assert_cmpstr (stuffed, ==, "..a\r\nb\r\n...c\r\nd\r\n.\r\n");
  g_assert_cmpuint (len, ==, strlen (stuffed));
}

static void
test_invalid_address (void)
{
  g_autoptr(MsProbeOptions) opts = ms_probe_options_new ();
  g_autoptr(MsEndpoint) out = ms_endpoint_new (MS_PROTOCOL_SMTP, "127.0.0.1", 9, MS_SECURITY_SSL);
  g_autoptr(MsEndpoint) in = ms_endpoint_new (MS_PROTOCOL_IMAP, "127.0.0.1", 9, MS_SECURITY_SSL);
  Run run = { 0 };

  /* A header injection attempt never reaches a server. */
  run_message (ms_test_message_new (out, in, opts, "alice@example.test>\r\nRCPT TO:<x@y.z", NULL), &run);
  g_assert_error (run.result->send_error, MS_TEST_MESSAGE_ERROR, MS_TEST_MESSAGE_ERROR_INVALID_ADDRESS);
  g_assert_cmpint (run.result->received, ==, MS_TEST_STEP_NOT_RUN);
  g_assert_cmpuint (run.stages->len, ==, 0);
  run_clear (&run);
}

static GLogWriterOutput
quiet_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  for (gsize i = 0; captured_log != NULL && i < n_fields; i++)
    if (strcmp (fields[i].key, "MESSAGE") == 0)
      g_string_append_printf (captured_log, "%s\n", (const char *) fields[i].value);
  if (level & G_LOG_LEVEL_DEBUG)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

int
main (int argc, char **argv)
{
  g_log_set_writer_func (quiet_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/net/message/compose", test_compose);
  g_test_add_func ("/net/message/invalid-address", test_invalid_address);
  g_test_add_func ("/net/message/imap", test_imap);
  g_test_add_func ("/net/message/imap-delete", test_imap_delete);
  g_test_add_data_func ("/net/message/pop3", GINT_TO_POINTER (FALSE), test_pop3);
  g_test_add_data_func ("/net/message/pop3-delete", GINT_TO_POINTER (TRUE), test_pop3);
  g_test_add_func ("/net/message/wrong-password", test_wrong_password);
  g_test_add_func ("/net/message/no-password-in-logs", test_no_password_in_logs);
  g_test_add_func ("/net/message/no-starttls", test_no_starttls);
  g_test_add_func ("/net/message/incoming-refused", test_incoming_refused);
  g_test_add_func ("/net/message/incoming-filtered", test_incoming_filtered);
  g_test_add_data_func ("/net/message/not-received/imap", GINT_TO_POINTER (MS_PROTOCOL_IMAP), test_not_received);
  g_test_add_data_func ("/net/message/not-received/pop3", GINT_TO_POINTER (MS_PROTOCOL_POP3), test_not_received);
  g_test_add_data_func ("/net/message/cancel/sending", GINT_TO_POINTER (MS_TEST_MESSAGE_STAGE_SENDING),
                        test_cancel);
  g_test_add_data_func ("/net/message/cancel/waiting", GINT_TO_POINTER (MS_TEST_MESSAGE_STAGE_WAITING),
                        test_cancel);
  return g_test_run ();
}
