/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Logging in, once ms-mail-session-open.c has the connection up and its
 * certificate accepted: never without TLS unless plain text was allowed. */
#include "config.h"

#include "core/ms-address.h"
#include "core/ms-oauth2.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-conn.h"
#include "ms-mail-session-private.h"

typedef struct {
  GPtrArray *login_steps;
  guint login_index;
} LoginData;

static void
login_data_free (LoginData *data)
{
  g_clear_pointer (&data->login_steps, g_ptr_array_unref);
  g_free (data);
}

static void
logged_in (GTask *task)
{
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static gboolean
has_capability_code (GPtrArray *lines)
{
  for (guint i = 0; i < lines->len; i++)
    if (strstr (lines->pdata[i], "[CAPABILITY ") != NULL)
      return TRUE;
  return FALSE;
}

/* An IMAP server announces more once logged in (UIDPLUS, for one): the
 * capabilities that count are those after the login. */
static void
on_logged_in_capabilities (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  MsMailSession *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) lines = _ms_mail_session_step_reply (task, res, NULL);

  if (lines == NULL)
    return;
  ms_dialect_parse_caps (&self->dialect, lines, &self->report->capabilities, &self->report->auth_mechanisms);
  logged_in (task);
}

/* What the provider of this server needs instead of a password, judged
 * from its host name and the user's address. */
static MsSignIn
known_sign_in (MsMailSession *self)
{
  g_autofree char *local = NULL, *domain = NULL;
  MsSignIn by_host = ms_sign_in_for_domain (self->endpoint->hostname);

  if (by_host != MS_SIGN_IN_PASSWORD)
    return by_host;
  if (self->options->address && ms_address_split (self->options->address, &local, &domain))
    return ms_sign_in_for_domain (domain);
  return MS_SIGN_IN_PASSWORD;
}

static GError *
sign_in_error (MsSignIn sign_in, const char *said)
{
  const char *advice = ms_sign_in_advice (sign_in == MS_SIGN_IN_PASSWORD ? MS_SIGN_IN_OAUTH2 : sign_in);

  if (said)
    /* TRANSLATORS: advice on OAuth2 or app passwords, then the server's reply. */
    return g_error_new (MS_NET_ERROR, MS_NET_ERROR_SIGN_IN_REQUIRED, _("%s (Server said: “%s”)"), advice, said);
  return g_error_new_literal (MS_NET_ERROR, MS_NET_ERROR_SIGN_IN_REQUIRED, advice);
}

static GError *
login_error (MsMailSession *self, GPtrArray *lines, MsReplyStatus st)
{
  const char *last = lines->pdata[lines->len - 1];
  const char *text = last;
  g_autofree char *said = NULL;

  /* Our own IMAP tag means nothing to the user: quote the server's words. */
  if (self->endpoint->protocol == MS_PROTOCOL_IMAP && self->dialect.tag[0] &&
      g_str_has_prefix (text, self->dialect.tag) && text[strlen (self->dialect.tag)] == ' ')
    text += strlen (self->dialect.tag) + 1;
  said = g_utf8_make_valid (text, MIN (strlen (text), 200));

  /* A provider that refuses passwords in mail programs answers like a
   * wrong password; calling it one would send the user to reset a
   * password that is right. */
  if (st == MS_REPLY_STATUS_FAIL &&
      (ms_sign_in_reply_needs_oauth2 (said) || known_sign_in (self) != MS_SIGN_IN_PASSWORD))
    return sign_in_error (known_sign_in (self), said);
  if (st != MS_REPLY_STATUS_FAIL)
    return g_error_new (MS_NET_ERROR, MS_NET_ERROR_PROTOCOL,
                        /* TRANSLATORS: %s is the server's reply, e.g. “a1 NO [UNAVAILABLE] Try again later”. */
                        _("The server answered the login in an unexpected way: “%s”"),
                        self->probing ? last : said);   /* the probe has always quoted it whole */
  if (strchr (self->username, '@') == NULL)
    return g_error_new (MS_NET_ERROR, MS_NET_ERROR_AUTH_FAILED,
                        /* TRANSLATORS: the user name, e.g. “ana”, then the server's reply, e.g. “Authentication
                         * failed.” */
                        _("The server rejected the user name “%s” or the password. The user name is not a full "
                          "e-mail address: this provider probably needs your full e-mail address as user name. "
                          "(Server said: “%s”)"), self->username, said);
  return g_error_new (MS_NET_ERROR, MS_NET_ERROR_AUTH_FAILED,
                      /* TRANSLATORS: the user name, e.g. “ana@3xo.fr”, then the server's reply, e.g.
                       * “Authentication failed.” */
                      _("The server rejected the user name “%s” or the password (server said: “%s”)"),
                      self->username, said);
}

static void login_next (GTask *task);

static void
on_login_reply (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  MsMailSession *self = g_task_get_source_object (task);
  LoginData *data = g_task_get_task_data (task);
  MsReplyStatus st;
  g_autoptr(GPtrArray) lines = _ms_mail_session_step_reply (task, res, &st);
  MsLoginStep *step;

  if (lines == NULL)
    return;
  step = data->login_steps->pdata[data->login_index];
  if (st != (step->expect == MS_LOGIN_EXPECT_CONTINUE ? MS_REPLY_STATUS_CONTINUE : MS_REPLY_STATUS_OK))
    {
      _ms_mail_session_step_fail (task, login_error (self, lines, st), TRUE);
      return;
    }
  if (++data->login_index < data->login_steps->len)
    {
      login_next (task);
      return;
    }
  self->report->login_ok = TRUE;
  /* The probe reports what was offered to anyone, before the login. */
  if (self->probing || self->endpoint->protocol != MS_PROTOCOL_IMAP)
    logged_in (task);
  else if (!has_capability_code (lines))
    _ms_mail_session_step (task, ms_dialect_command (&self->dialect, "CAPABILITY"), FALSE, MS_REPLY_SINGLE,
                           on_logged_in_capabilities);
  else
    {
      ms_dialect_parse_caps (&self->dialect, lines, &self->report->capabilities, &self->report->auth_mechanisms);
      logged_in (task);
    }
}

static void
login_next (GTask *task)
{
  LoginData *data = g_task_get_task_data (task);
  MsLoginStep *step = data->login_steps->pdata[data->login_index];

  _ms_mail_session_step (task, g_strdup (step->line), step->secret, MS_REPLY_SINGLE, on_login_reply);
}

void
_ms_mail_session_login_async (MsMailSession *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  LoginData *data = g_new0 (LoginData, 1);
  MsProbeOptions *o = self->options;
  GError *error = NULL;

  g_task_set_source_tag (task, _ms_mail_session_login_async);
  g_task_set_task_data (task, data, (GDestroyNotify) login_data_free);
  if (o->username != NULL)
    self->username = g_strdup (o->username);
  else if (o->address != NULL && self->endpoint->username != NULL)
    self->username = ms_expand_placeholders (self->endpoint->username, o->address, NULL);
  if (self->endpoint->auth == MS_AUTH_OAUTH2 && o->password != NULL)
    {
      /* The mail program signs in through the provider's page; a password
       * is never tried here. */
      logged_in (task);
      return;
    }
  if (o->password != NULL && ms_sign_in_mechanisms_oauth2_only ((const char *const *) self->report->auth_mechanisms))
    {
      _ms_mail_session_step_fail (task, sign_in_error (known_sign_in (self), NULL), TRUE);
      return;
    }
  if (self->username == NULL || *self->username == '\0' || o->password == NULL ||
      self->endpoint->auth == MS_AUTH_NONE)
    {
      /* Nothing to log in with: some servers (a relay on port 25) need none. */
      logged_in (task);
      return;
    }
  if (!ms_conn_is_tls (self->conn) && !o->allow_plaintext)
    {
      _ms_mail_session_step_fail (task, g_error_new_literal (MS_NET_ERROR, MS_NET_ERROR_PLAINTEXT_REFUSED,
                                                             _("The password was not sent: the connection is not "
                                                               "encrypted, and sending it unencrypted was not "
                                                               "allowed")),
                                  TRUE);
      return;
    }
  if (strpbrk (self->username, "\r\n") || strpbrk (o->password, "\r\n"))
    {
      _ms_mail_session_step_fail (task, g_error_new_literal (MS_NET_ERROR, MS_NET_ERROR_AUTH_UNSUPPORTED,
                                                             _("The user name or password contains a line break")),
                                  TRUE);
      return;
    }
  data->login_steps = ms_dialect_login_steps (&self->dialect, (const char *const *) self->report->capabilities,
                                              (const char *const *) self->report->auth_mechanisms,
                                              self->username, o->password, &error);
  if (data->login_steps == NULL)
    {
      _ms_mail_session_step_fail (task, error, TRUE);
      return;
    }
  self->report->login_attempted = TRUE;
  login_next (task);
}

gboolean
_ms_mail_session_login_finish (MsMailSession *self, GAsyncResult *res, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (res, self), FALSE);
  return g_task_propagate_boolean (G_TASK (res), error);
}
