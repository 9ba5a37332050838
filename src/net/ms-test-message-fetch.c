/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The "received" step: look for the test message in the inbox, over IMAP
 * (one connection, polled) or POP3 (a new connection per look, since a
 * POP3 maildrop does not change during a session), until the deadline. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-test-message-private.h"

/* Backoff between looks: quick at first (local delivery takes
 * milliseconds), then gentler on the server. */
#define FIRST_DELAY_MS 200
#define MAX_DELAY_MS 3000
/* POP3: how many of the most recent messages one look examines; new mail
 * is appended, so the test message is among the last ones. */
#define POP3_RECENT 20

static void imap_poll (MsTestMessage *self);
static void pop3_look (MsTestMessage *self);

/* Ends the step with @error (taken), telling our deadline from other failures. */
static void
fail (MsTestMessage *self, GError *error)
{
  const MsEndpoint *ep = self->incoming;
  guint secs = self->wait_seconds;

  if (self->deadline_hit && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_cancellable_is_cancelled (self->user_cancellable))
    {
      g_error_free (error);
      /* Slow to open a POP3 session again, after earlier looks: just not there yet. */
      if (self->opening && !self->reached)
        error = g_error_new (MS_NET_ERROR, MS_NET_ERROR_TIMED_OUT,
                             /* TRANSLATORS: a server name, e.g. “mail.3xo.fr”, a port number, e.g. 993, then the
                              * time allowed, in seconds, e.g. 60. */
                             ngettext ("The incoming server %s (port %u) did not answer within the %u second "
                                       "allowed for the test message",
                                       "The incoming server %s (port %u) did not answer within the %u seconds "
                                       "allowed for the test message", secs), ep->hostname, ep->port, secs);
      else
        error = g_error_new (MS_TEST_MESSAGE_ERROR, MS_TEST_MESSAGE_ERROR_NOT_RECEIVED,
                             /* TRANSLATORS: %u is the time waited, in seconds, e.g. 60. */
                             ngettext ("The test message was sent but did not arrive in your inbox within "
                                       "%u second. It may only be delayed, or a filter may have moved it: "
                                       "look in your spam folder later.",
                                       "The test message was sent but did not arrive in your inbox within "
                                       "%u seconds. It may only be delayed, or a filter may have moved it: "
                                       "look in your spam folder later.", secs), secs);
    }
  _ms_test_message_end_receive (self, error);
}

/* The reply to the last command, or NULL once the step has ended. */
static GPtrArray *
reply (MsTestMessage *self, GAsyncResult *res, MsReplyStatus *status)
{
  GError *error = NULL;
  GPtrArray *lines = ms_mail_session_command_finish (self->session, res, status, &error);

  if (lines == NULL)
    fail (self, error);
  return lines;
}

static const char *
last_line (GPtrArray *lines)
{
  return lines->pdata[lines->len - 1];
}

static void
command (MsTestMessage *self, const char *line, MsReplyKind kind, GAsyncReadyCallback next)
{
  ms_mail_session_command_async (self->session, line, kind, self->cancellable, next, self);
}

static void
drop_session (MsTestMessage *self)
{
  if (self->session != NULL)
    ms_mail_session_close (self->session);
  g_clear_object (&self->session);
}

/* ---- waiting between looks ---- */

static void
stop_sleep (MsTestMessage *self)
{
  if (self->sleep != NULL)
    g_source_destroy (self->sleep);
  g_clear_pointer (&self->sleep, g_source_unref);
  if (self->sleep_cancel != NULL)
    g_source_destroy (self->sleep_cancel);
  g_clear_pointer (&self->sleep_cancel, g_source_unref);
}

static gboolean
on_wake (gpointer user_data)
{
  MsTestMessage *self = user_data;

  stop_sleep (self);
  self->wake (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_sleep_cancelled (GCancellable *cancellable, gpointer user_data)
{
  MsTestMessage *self = user_data;

  stop_sleep (self);
  fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled")));
  return G_SOURCE_REMOVE;
}

/* Calls @wake after the backoff delay, unless cancelled or out of time first. */
static void
sleep_then (MsTestMessage *self, void (*wake) (MsTestMessage *self))
{
  GMainContext *context = g_task_get_context (self->task);

  self->wake = wake;
  self->sleep = g_timeout_source_new (self->delay_ms);
  g_source_set_callback (self->sleep, on_wake, self, NULL);
  g_source_attach (self->sleep, context);
  self->sleep_cancel = g_cancellable_source_new (self->cancellable);
  g_source_set_callback (self->sleep_cancel, G_SOURCE_FUNC (on_sleep_cancelled), self, NULL);
  g_source_attach (self->sleep_cancel, context);
  self->delay_ms = MIN (self->delay_ms * 3 / 2, MAX_DELAY_MS);
}

/* Once found, the bound no longer applies: the clean-up must not be cut. */
static void
found (MsTestMessage *self)
{
  self->found = TRUE;
  if (self->deadline != NULL)
    g_source_destroy (self->deadline);
  g_clear_pointer (&self->deadline, g_source_unref);
}

static void
on_goodbye (GObject *source, GAsyncResult *res, gpointer user_data)
{
  MsTestMessage *self = user_data;
  g_autoptr(GError) error = NULL;
  MsReplyStatus st = MS_REPLY_STATUS_FAIL;
  g_autoptr(GPtrArray) lines = ms_mail_session_command_finish (self->session, res, &st, &error);

  if (g_cancellable_is_cancelled (self->user_cancellable))
    {
      fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled")));
      return;
    }
  /* POP3 applies DELE only when QUIT succeeds. */
  if (self->incoming->protocol == MS_PROTOCOL_POP3 && self->result->deleted && st != MS_REPLY_STATUS_OK)
    self->result->deleted = FALSE;
  drop_session (self);
  _ms_test_message_end_receive (self, NULL);
}

static void
say_goodbye (MsTestMessage *self)
{
  command (self, self->incoming->protocol == MS_PROTOCOL_IMAP ? "LOGOUT" : "QUIT", MS_REPLY_SINGLE, on_goodbye);
}

/* The answer to IMAP UID EXPUNGE or POP3 DELE. */
static void
on_deleted (GObject *source, GAsyncResult *res, gpointer user_data)
{
  MsTestMessage *self = user_data;
  MsReplyStatus st;
  g_autoptr(GPtrArray) lines = reply (self, res, &st);

  if (lines == NULL)
    return;
  self->result->deleted = st == MS_REPLY_STATUS_OK;
  say_goodbye (self);
}

/* ---- IMAP ---- */

static void
on_imap_stored (GObject *source, GAsyncResult *res, gpointer user_data)
{
  MsTestMessage *self = user_data;
  MsReplyStatus st;
  g_autoptr(GPtrArray) lines = reply (self, res, &st);
  g_autofree char *expunge = g_strdup_printf ("UID EXPUNGE %u", self->imap_uid);

  if (lines == NULL)
    return;
  if (st != MS_REPLY_STATUS_OK)
    say_goodbye (self);
  else
    command (self, expunge, MS_REPLY_SINGLE, on_deleted);
}

static guint
parse_search (GPtrArray *lines)
{
  guint uid = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = lines->pdata[i];
      g_auto(GStrv) words = NULL;

      if (g_ascii_strncasecmp (line, "* SEARCH", 8) != 0)
        continue;
      words = g_strsplit (line + 8, " ", -1);
      for (guint w = 0; words[w]; w++)
        uid = MAX (uid, (guint) g_ascii_strtoull (words[w], NULL, 10));
    }
  return uid;
}

static void
on_imap_search (GObject *source, GAsyncResult *res, gpointer user_data)
{
  MsTestMessage *self = user_data;
  MsReplyStatus st;
  g_autoptr(GPtrArray) lines = reply (self, res, &st);
  g_autofree char *store = NULL;

  if (lines == NULL)
    return;
  if (st != MS_REPLY_STATUS_OK)
    {
      fail (self, g_error_new (MS_NET_ERROR, MS_NET_ERROR_PROTOCOL,
                               /* TRANSLATORS: %s is the server's reply, e.g. “a3 NO Search failed”. */
                               _("The incoming server could not search your inbox: “%s”"), last_line (lines)));
      return;
    }
  self->imap_uid = parse_search (lines);
  if (self->imap_uid == 0)
    {
      sleep_then (self, imap_poll);
      return;
    }
  found (self);
  /* A plain EXPUNGE would also remove what the user marked deleted:
   * without UIDPLUS, the test message stays. */
  if (!(self->flags & MS_TEST_MESSAGE_DELETE) || !ms_mail_session_has_capability (self->session, "UIDPLUS"))
    {
      say_goodbye (self);
      return;
    }
  store = g_strdup_printf ("UID STORE %u +FLAGS.SILENT (\\Deleted)", self->imap_uid);
  command (self, store, MS_REPLY_SINGLE, on_imap_stored);
}

static void
on_imap_noop (GObject *source, GAsyncResult *res, gpointer user_data)
{
  MsTestMessage *self = user_data;
  g_autoptr(GPtrArray) lines = reply (self, res, NULL);
  g_autofree char *search = NULL;

  if (lines == NULL)
    return;
  search = g_strdup_printf ("UID SEARCH HEADER Message-ID \"%s\"", self->token);
  command (self, search, MS_REPLY_SINGLE, on_imap_search);
}

/* NOOP first: it is the standard way to let the server announce new mail. */
static void
imap_poll (MsTestMessage *self)
{
  self->result->attempts++;
  _ms_test_message_progress (self, MS_TEST_MESSAGE_STAGE_WAITING);
  command (self, "NOOP", MS_REPLY_SINGLE, on_imap_noop);
}

static void
on_imap_selected (GObject *source, GAsyncResult *res, gpointer user_data)
{
  MsTestMessage *self = user_data;
  MsReplyStatus st;
  g_autoptr(GPtrArray) lines = reply (self, res, &st);

  if (lines == NULL)
    return;
  if (st != MS_REPLY_STATUS_OK)
    fail (self, g_error_new (MS_TEST_MESSAGE_ERROR, MS_TEST_MESSAGE_ERROR_NO_INBOX,
                             /* TRANSLATORS: %s is the server's reply, e.g. “a2 NO Mailbox does not exist”. */
                             _("The incoming server would not open your inbox: “%s”"), last_line (lines)));
  else
    imap_poll (self);
}

/* ---- POP3 ---- */

static void pop3_next (MsTestMessage *self);

static gboolean
has_token (GPtrArray *lines, const char *token)
{
  for (guint i = 1; i < lines->len; i++)
    if (strstr (lines->pdata[i], token) != NULL)
      return TRUE;
  return FALSE;
}

static void
on_pop3_top (GObject *source, GAsyncResult *res, gpointer user_data)
{
  MsTestMessage *self = user_data;
  MsReplyStatus st;
  g_autoptr(GPtrArray) lines = reply (self, res, &st);
  g_autofree char *dele = NULL;

  if (lines == NULL)
    return;
  if (st != MS_REPLY_STATUS_OK)
    {
      fail (self, g_error_new (MS_TEST_MESSAGE_ERROR, MS_TEST_MESSAGE_ERROR_UNSUPPORTED,
                               /* TRANSLATORS: %s is the server's reply, e.g. “-ERR Unknown command”; TOP is a
                                * POP3 command: do not translate it. */
                               _("The incoming server cannot show the headers of a message (POP3 TOP): “%s”"),
                               last_line (lines)));
      return;
    }
  if (!has_token (lines, self->token))
    {
      self->pop_index--;
      pop3_next (self);
      return;
    }
  found (self);
  if (!(self->flags & MS_TEST_MESSAGE_DELETE))
    {
      say_goodbye (self);
      return;
    }
  dele = g_strdup_printf ("DELE %u", self->pop_index);
  command (self, dele, MS_REPLY_SINGLE, on_deleted);
}

static void
look_at (MsTestMessage *self)
{
  g_autofree char *top = g_strdup_printf ("TOP %u 0", self->pop_index);

  self->pop_looked++;
  command (self, top, MS_REPLY_MULTI, on_pop3_top);
}

static void
on_pop3_uidl (GObject *source, GAsyncResult *res, gpointer user_data)
{
  MsTestMessage *self = user_data;
  MsReplyStatus st;
  g_autoptr(GPtrArray) lines = reply (self, res, &st);
  g_auto(GStrv) words = NULL;

  if (lines == NULL)
    return;
  /* "+OK n uid"; without UIDL, every recent message is looked at again. */
  words = g_strsplit (lines->pdata[0], " ", 4);
  if (st == MS_REPLY_STATUS_OK && g_strv_length (words) >= 3)
    {
      if (g_hash_table_contains (self->seen_uids, words[2]))
        {
          self->pop_index--;
          pop3_next (self);
          return;
        }
      g_hash_table_add (self->seen_uids, g_strdup (words[2]));
    }
  look_at (self);
}

static void
on_pop3_quit (GObject *source, GAsyncResult *res, gpointer user_data)
{
  MsTestMessage *self = user_data;
  g_autoptr(GPtrArray) lines = reply (self, res, NULL);

  if (lines == NULL)
    return;
  drop_session (self);
  sleep_then (self, pop3_look);
}

static void
pop3_next (MsTestMessage *self)
{
  g_autofree char *uidl = NULL;

  if (self->pop_index == 0 || self->pop_index + POP3_RECENT <= self->pop_count)
    {
      command (self, "QUIT", MS_REPLY_SINGLE, on_pop3_quit);
      return;
    }
  uidl = g_strdup_printf ("UIDL %u", self->pop_index);
  command (self, uidl, MS_REPLY_SINGLE, on_pop3_uidl);
}

static void
on_pop3_stat (GObject *source, GAsyncResult *res, gpointer user_data)
{
  MsTestMessage *self = user_data;
  MsReplyStatus st;
  g_autoptr(GPtrArray) lines = reply (self, res, &st);
  const char *line;

  if (lines == NULL)
    return;
  line = lines->pdata[0];
  if (st != MS_REPLY_STATUS_OK || strlen (line) < 4)
    {
      fail (self, g_error_new (MS_TEST_MESSAGE_ERROR, MS_TEST_MESSAGE_ERROR_NO_INBOX,
                               /* TRANSLATORS: %s is the server's reply, e.g. “-ERR Unable to lock maildrop”. */
                               _("The incoming server would not open your inbox: “%s”"), line));
      return;
    }
  self->pop_count = (guint) g_ascii_strtoull (line + 4, NULL, 10);
  self->pop_index = self->pop_count;
  self->pop_looked = 0;
  pop3_next (self);
}

/* ---- opening, per look (POP3) or once (IMAP) ---- */

static void
on_open (GObject *source, GAsyncResult *res, gpointer user_data)
{
  MsTestMessage *self = user_data;
  GError *error = NULL;

  self->session = ms_mail_session_open_finish (res, &error);
  if (self->session == NULL)
    {
      /* self->opening stays set: fail() tells a slow server by it. */
      fail (self, error);
      return;
    }
  self->opening = FALSE;
  self->reached = TRUE;
  if (self->incoming->protocol == MS_PROTOCOL_POP3)
    command (self, "STAT", MS_REPLY_SINGLE, on_pop3_stat);
  /* Read-only unless we are to delete: the user's flags stay untouched. */
  else if (self->flags & MS_TEST_MESSAGE_DELETE)
    command (self, "SELECT INBOX", MS_REPLY_SINGLE, on_imap_selected);
  else
    command (self, "EXAMINE INBOX", MS_REPLY_SINGLE, on_imap_selected);
}

static void
open_incoming (MsTestMessage *self)
{
  self->opening = TRUE;
  ms_mail_session_open_async (self->incoming, self->options, self->cancellable, on_open, self);
}

static void
pop3_look (MsTestMessage *self)
{
  self->result->attempts++;
  _ms_test_message_progress (self, MS_TEST_MESSAGE_STAGE_WAITING);
  open_incoming (self);
}

static gboolean
on_deadline (gpointer user_data)
{
  MsTestMessage *self = user_data;

  g_clear_pointer (&self->deadline, g_source_unref);
  self->deadline_hit = TRUE;
  /* Whatever is in flight ends with G_IO_ERROR_CANCELLED, which fail()
   * turns into "not received in time". */
  g_cancellable_cancel (self->cancellable);
  return G_SOURCE_REMOVE;
}

void
_ms_test_message_fetch_start (MsTestMessage *self)
{
  self->delay_ms = FIRST_DELAY_MS;
  self->found = FALSE;
  self->reached = FALSE;
  self->seen_uids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->deadline = g_timeout_source_new ((guint) MIN ((guint64) self->wait_seconds * 1000, G_MAXUINT));
  g_source_set_callback (self->deadline, on_deadline, self, NULL);
  g_source_attach (self->deadline, g_task_get_context (self->task));
  _ms_test_message_progress (self, MS_TEST_MESSAGE_STAGE_WAITING);
  if (self->incoming->protocol == MS_PROTOCOL_POP3)
    pop3_look (self);
  else
    open_incoming (self);
}
