/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-probe-private.h"

static void login_next (GTask *task, ProbeData *data);

static GError *
auth_failed_error (ProbeData *data)
{
  g_autofree char *said = g_utf8_make_valid (_ms_probe_last_line (data), MIN (strlen (_ms_probe_last_line (data)), 200));
  const char *user = data->options->username;

  if (strchr (user, '@') == NULL)
    return g_error_new (MS_NET_ERROR, MS_NET_ERROR_AUTH_FAILED,
                        _("The server rejected the user name “%s” or the password. The user name is not a full "
                          "e-mail address: this provider probably needs your full e-mail address as user name. "
                          "(Server said: “%s”)"), user, said);
  return g_error_new (MS_NET_ERROR, MS_NET_ERROR_AUTH_FAILED,
                      _("The server rejected the user name “%s” or the password (server said: “%s”)"), user, said);
}

static void
on_login_reply (GTask *task, ProbeData *data)
{
  MsLoginStep *step = data->login_steps->pdata[data->login_index];
  MsReplyStatus st = _ms_probe_status (data);
  gboolean expected;

  switch (step->expect)
    {
    case MS_LOGIN_EXPECT_CONTINUE: expected = st == MS_REPLY_STATUS_CONTINUE; break;
    case MS_LOGIN_EXPECT_OK: expected = st == MS_REPLY_STATUS_OK; break;
    case MS_LOGIN_EXPECT_FINAL:
    default: expected = st == MS_REPLY_STATUS_OK; break;
    }

  if (!expected)
    {
      GError *error;

      if (st == MS_REPLY_STATUS_FAIL)
        error = auth_failed_error (data);
      else
        error = g_error_new (MS_NET_ERROR, MS_NET_ERROR_PROTOCOL,
                             _("The server answered the login in an unexpected way: “%s”"), _ms_probe_last_line (data));
      _ms_probe_send_logout (task, data, error);
      return;
    }
  data->login_index++;
  if (data->login_index == data->login_steps->len)
    {
      data->result->login_ok = TRUE;
      _ms_probe_send_logout (task, data, NULL);
      return;
    }
  login_next (task, data);
}

static void
login_next (GTask *task, ProbeData *data)
{
  MsLoginStep *step = data->login_steps->pdata[data->login_index];

  _ms_probe_command_full (task, data, g_strdup (step->line), step->secret, MS_REPLY_SINGLE, on_login_reply);
}

static gboolean
has_line_break (const char *s)
{
  return strpbrk (s, "\r\n") != NULL;
}

void
_ms_probe_maybe_login (GTask *task, ProbeData *data)
{
  MsProbeOptions *o = data->options;
  GError *error = NULL;

  if (data->result->certificate && !ms_cert_report_is_acceptable (data->result->certificate))
    {
      _ms_probe_send_logout (task, data, ms_cert_report_to_error (data->result->certificate));
      return;
    }
  if (o->username == NULL && o->address != NULL && data->endpoint->username != NULL)
    o->username = ms_expand_placeholders (data->endpoint->username, o->address, NULL);
  if (o->username == NULL || *o->username == '\0' || o->password == NULL)
    {
      _ms_probe_send_logout (task, data, NULL);
      return;
    }
  if (!data->result->tls && !o->allow_plaintext)
    {
      _ms_probe_send_logout (task, data,
                             g_error_new_literal (MS_NET_ERROR, MS_NET_ERROR_PLAINTEXT_REFUSED,
                                                  _("The password was not sent: the connection is not "
                                                    "encrypted, and sending it unencrypted was not allowed")));
      return;
    }
  if (has_line_break (o->username) || has_line_break (o->password))
    {
      _ms_probe_send_logout (task, data,
                             g_error_new_literal (MS_NET_ERROR, MS_NET_ERROR_AUTH_UNSUPPORTED,
                                                  _("The user name or password contains a line break")));
      return;
    }
  data->login_steps = ms_dialect_login_steps (&data->dialect, (const char *const *) data->result->capabilities,
                                              (const char *const *) data->result->auth_mechanisms,
                                              o->username, o->password, &error);
  if (data->login_steps == NULL)
    {
      _ms_probe_send_logout (task, data, error);
      return;
    }
  data->result->login_attempted = TRUE;
  data->login_index = 0;
  login_next (task, data);
}
