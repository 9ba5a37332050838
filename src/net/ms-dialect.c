/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-dialect.h"
#include "ms-net-error.h"

void
ms_dialect_init (MsDialect *self, MsProtocol protocol)
{
  memset (self, 0, sizeof *self);
  self->protocol = protocol;
}

char *
ms_dialect_command (MsDialect *self, const char *command)
{
  if (self->protocol == MS_PROTOCOL_IMAP)
    {
      g_snprintf (self->tag, sizeof self->tag, "ms%u", ++self->counter);
      return g_strdup_printf ("%s %s\r\n", self->tag, command);
    }
  return g_strdup_printf ("%s\r\n", command);
}

char *
ms_dialect_caps_command (MsDialect *self, const char *helo_name)
{
  switch (self->protocol)
    {
    case MS_PROTOCOL_IMAP: return ms_dialect_command (self, "CAPABILITY");
    case MS_PROTOCOL_POP3: return ms_dialect_command (self, "CAPA");
    case MS_PROTOCOL_SMTP:
      {
        /* An address literal: reveals nothing about this computer and every
         * server accepts its syntax. */
        g_autofree char *cmd = g_strdup_printf ("EHLO %s", helo_name ? helo_name : "[127.0.0.1]");
        return ms_dialect_command (self, cmd);
      }
    default: g_return_val_if_reached (NULL);
    }
}

char *
ms_dialect_starttls_command (MsDialect *self)
{
  return ms_dialect_command (self, self->protocol == MS_PROTOCOL_POP3 ? "STLS" : "STARTTLS");
}

char *
ms_dialect_logout_command (MsDialect *self)
{
  return ms_dialect_command (self, self->protocol == MS_PROTOCOL_IMAP ? "LOGOUT" : "QUIT");
}

const char *
ms_dialect_starttls_capability (MsDialect *self)
{
  return self->protocol == MS_PROTOCOL_POP3 ? "STLS" : "STARTTLS";
}

MsReplyKind
ms_dialect_caps_kind (MsDialect *self)
{
  return self->protocol == MS_PROTOCOL_POP3 ? MS_REPLY_MULTI : MS_REPLY_SINGLE;
}

static gboolean
smtp_line_valid (const char *line)
{
  return g_ascii_isdigit (line[0]) && g_ascii_isdigit (line[1]) && g_ascii_isdigit (line[2]) &&
         (line[3] == '\0' || line[3] == ' ' || line[3] == '-');
}

static gboolean
garbage (GError **error, const char *line)
{
  g_autofree char *shown = g_utf8_make_valid (line, MIN (strlen (line), 80));

  g_set_error (error, MS_NET_ERROR, MS_NET_ERROR_PROTOCOL,
               /* TRANSLATORS: %s is the server's reply, up to 80 characters, e.g. “HTTP/1.1 400 Bad Request”. */
               _("The server sent a reply that is not valid for this protocol: “%s”"), shown);
  return FALSE;
}

/* @word, then a space or the end of @line.  g_ascii_strncasecmp() stops at
 * the end of the shorter string, so @line[n] is read only when @line holds
 * at least n bytes. */
static gboolean
has_word_prefix (const char *line, const char *word)
{
  gsize n = strlen (word);

  return g_ascii_strncasecmp (line, word, n) == 0 && (line[n] == '\0' || line[n] == ' ');
}

/* The status of an IMAP tagged reply, "<tag> OK|NO|BAD [text]", or -1 when
 * @line is not one for our last command.  A bare tag, or a tag and a space,
 * is not a reply: RFC 3501 requires the status word, and skipping past the
 * tag without it once read beyond the line and passed a broken server. */
static int
imap_tagged_status (MsDialect *self, const char *line)
{
  gsize n = strlen (self->tag);
  const char *rest;

  if (n == 0 || g_ascii_strncasecmp (line, self->tag, n) != 0 || line[n] != ' ')
    return -1;
  rest = line + n + 1;
  if (has_word_prefix (rest, "OK"))
    return MS_REPLY_STATUS_OK;
  if (has_word_prefix (rest, "NO"))
    return MS_REPLY_STATUS_FAIL;
  if (has_word_prefix (rest, "BAD"))
    return MS_REPLY_STATUS_BAD;
  return -1;
}

/* SASL's continuation in POP3 (RFC 5034): "+" alone or "+ data". */
static gboolean
is_pop3_continuation (const char *line)
{
  return line[0] == '+' && (line[1] == ' ' || line[1] == '\0');
}

gboolean
ms_dialect_reply_complete (MsDialect *self, MsReplyKind kind, GPtrArray *lines,
                           gboolean *complete, GError **error)
{
  const char *first, *last;

  *complete = FALSE;
  g_return_val_if_fail (lines != NULL && lines->len > 0, FALSE);
  first = lines->pdata[0];
  last = lines->pdata[lines->len - 1];
  switch (self->protocol)
    {
    case MS_PROTOCOL_IMAP:
      if (kind == MS_REPLY_GREETING)
        {
          if (!has_word_prefix (first, "* OK") && !has_word_prefix (first, "* PREAUTH") &&
              !has_word_prefix (first, "* BYE"))
            return garbage (error, first);
          *complete = TRUE;
          return TRUE;
        }
      if (imap_tagged_status (self, last) >= 0 || last[0] == '+')
        *complete = TRUE;
      else if (last[0] != '*')
        return garbage (error, last);
      return TRUE;

    case MS_PROTOCOL_POP3:
      if (kind == MS_REPLY_MULTI && lines->len > 1)
        {
          *complete = strcmp (last, ".") == 0;
          return TRUE;
        }
      /* A continuation answers a SASL step, never a greeting or CAPA. */
      if (!has_word_prefix (first, "+OK") && !has_word_prefix (first, "-ERR") &&
          !(kind == MS_REPLY_SINGLE && is_pop3_continuation (first)))
        return garbage (error, first);
      *complete = kind != MS_REPLY_MULTI || has_word_prefix (first, "-ERR");
      return TRUE;

    case MS_PROTOCOL_SMTP:
      if (!smtp_line_valid (last) || strncmp (first, last, 3) != 0)
        return garbage (error, last);
      *complete = last[3] != '-';
      return TRUE;

    default:
      g_return_val_if_reached (FALSE);
    }
}

MsReplyStatus
ms_dialect_reply_status (MsDialect *self, MsReplyKind kind, GPtrArray *lines)
{
  const char *first, *last;

  /* Only a reply ms_dialect_reply_complete() accepted comes here; anything
   * else is judged as the worst outcome, never as a success. */
  g_return_val_if_fail (lines != NULL && lines->len > 0, MS_REPLY_STATUS_BAD);
  first = lines->pdata[0];
  last = lines->pdata[lines->len - 1];
  switch (self->protocol)
    {
    case MS_PROTOCOL_IMAP:
      if (kind == MS_REPLY_GREETING)
        return has_word_prefix (first, "* BYE") ? MS_REPLY_STATUS_BYE : MS_REPLY_STATUS_OK;
      if (last[0] == '+')
        return MS_REPLY_STATUS_CONTINUE;
      {
        int status = imap_tagged_status (self, last);

        return status >= 0 ? (MsReplyStatus) status : MS_REPLY_STATUS_BAD;
      }

    case MS_PROTOCOL_POP3:
      if (has_word_prefix (first, "+OK"))
        return MS_REPLY_STATUS_OK;
      if (has_word_prefix (first, "-ERR"))
        return kind == MS_REPLY_GREETING ? MS_REPLY_STATUS_BYE : MS_REPLY_STATUS_FAIL;
      if (kind == MS_REPLY_SINGLE && is_pop3_continuation (first))
        return MS_REPLY_STATUS_CONTINUE;
      return kind == MS_REPLY_GREETING ? MS_REPLY_STATUS_BYE : MS_REPLY_STATUS_FAIL;

    case MS_PROTOCOL_SMTP:
      if (!smtp_line_valid (last))
        return kind == MS_REPLY_GREETING ? MS_REPLY_STATUS_BYE : MS_REPLY_STATUS_FAIL;
      if (kind == MS_REPLY_GREETING)
        return last[0] == '2' ? MS_REPLY_STATUS_OK : MS_REPLY_STATUS_BYE;
      switch (last[0])
        {
        case '2': return MS_REPLY_STATUS_OK;
        case '3': return MS_REPLY_STATUS_CONTINUE;
        default: return MS_REPLY_STATUS_FAIL;
        }

    default:
      g_return_val_if_reached (MS_REPLY_STATUS_BAD);
    }
}

static void
add_mechanisms (GStrvBuilder *mechs, const char *list)
{
  g_auto(GStrv) words = g_strsplit_set (list, " =", -1);

  for (guint i = 0; words[i]; i++)
    if (*words[i])
      g_strv_builder_add (mechs, words[i]);
}

void
ms_dialect_parse_caps (MsDialect *self, GPtrArray *lines, GStrv *caps, GStrv *mechanisms)
{
  g_autoptr(GStrvBuilder) cb = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) mb = g_strv_builder_new ();

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = lines->pdata[i];

      if (self->protocol == MS_PROTOCOL_IMAP)
        {
          const char *p = NULL;
          g_auto(GStrv) words = NULL;

          if (has_word_prefix (line, "* CAPABILITY"))
            p = line + strlen ("* CAPABILITY");
          else if ((p = strstr (line, "[CAPABILITY ")) != NULL)
            p += strlen ("[CAPABILITY ");
          if (p == NULL)
            continue;
          words = g_strsplit (p, " ", -1);
          for (guint w = 0; words[w]; w++)
            {
              char *word = g_strdelimit (words[w], "]", '\0');
              if (*word == '\0')
                continue;
              g_strv_builder_add (cb, word);
              if (g_ascii_strncasecmp (word, "AUTH=", 5) == 0)
                g_strv_builder_add (mb, word + 5);
            }
        }
      else
        {
          /* POP3: lines between "+OK" and "."; SMTP: lines after the first. */
          if (i == 0 || (self->protocol == MS_PROTOCOL_POP3 && strcmp (line, ".") == 0))
            continue;
          if (self->protocol == MS_PROTOCOL_SMTP)
            line += MIN (strlen (line), 4);
          g_strv_builder_add (cb, line);
          if (self->protocol == MS_PROTOCOL_POP3 && has_word_prefix (line, "SASL"))
            add_mechanisms (mb, line + 4);
          else if (self->protocol == MS_PROTOCOL_SMTP &&
                   (has_word_prefix (line, "AUTH") || g_ascii_strncasecmp (line, "AUTH=", 5) == 0))
            add_mechanisms (mb, line + 4);
        }
    }
  g_strfreev (*caps);
  g_strfreev (*mechanisms);
  *caps = g_strv_builder_end (cb);
  *mechanisms = g_strv_builder_end (mb);
}

gboolean
ms_dialect_has_capability (const char *const *caps, const char *word)
{
  for (guint i = 0; caps && caps[i]; i++)
    if (has_word_prefix (caps[i], word))
      return TRUE;
  return FALSE;
}

char *
ms_imap_quote (const char *text)
{
  GString *s = g_string_new ("\"");

  for (const char *p = text; *p; p++)
    {
      if (*p == '\r' || *p == '\n' || (guchar) *p >= 0x80)
        {
          g_string_free (s, TRUE);
          return NULL;
        }
      if (*p == '"' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (s, FALSE);
}

void
ms_login_step_free (MsLoginStep *step)
{
  if (step->line != NULL)
    explicit_bzero (step->line, strlen (step->line));
  g_free (step->line);
  g_free (step);
}

static void
add_step (GPtrArray *steps, char *line, MsLoginExpect expect, gboolean secret)
{
  MsLoginStep *step = g_new0 (MsLoginStep, 1);

  step->line = line;
  step->expect = expect;
  step->secret = secret;
  g_ptr_array_add (steps, step);
}

static char *
b64_line (const char *prefix, const void *data, gsize len)
{
  g_autofree char *b64 = g_base64_encode (data, len);
  char *line = g_strdup_printf ("%s%s\r\n", prefix, b64);

  explicit_bzero (b64, strlen (b64));
  return line;
}

/* SASL PLAIN: authzid NUL authcid NUL password. */
static char *
sasl_plain (const char *prefix, const char *username, const char *password)
{
  gsize ulen = strlen (username), plen = strlen (password);
  gsize len = 1 + ulen + 1 + plen;
  g_autofree char *raw = g_malloc0 (len);
  char *line;

  memcpy (raw + 1, username, ulen);
  memcpy (raw + 2 + ulen, password, plen);
  line = b64_line (prefix, raw, len);
  explicit_bzero (raw, len);
  return line;
}

static gboolean
has_mech (const char *const *mechs, const char *name)
{
  for (guint i = 0; mechs && mechs[i]; i++)
    if (g_ascii_strcasecmp (mechs[i], name) == 0)
      return TRUE;
  return FALSE;
}

GPtrArray *
ms_dialect_login_steps (MsDialect *self, const char *const *caps, const char *const *mechs,
                        const char *username, const char *password, GError **error)
{
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_login_step_free);

  switch (self->protocol)
    {
    case MS_PROTOCOL_IMAP:
      if (has_mech (mechs, "PLAIN"))
        {
          g_autofree char *cmd = ms_dialect_command (self, "AUTHENTICATE PLAIN");
          /* The tag is set by ms_dialect_command; keep the initial response on that line. */
          if (ms_dialect_has_capability (caps, "SASL-IR"))
            {
              g_autofree char *prefix = g_strdup_printf ("%s AUTHENTICATE PLAIN ", self->tag);
              add_step (steps, sasl_plain (prefix, username, password), MS_LOGIN_EXPECT_FINAL, TRUE);
            }
          else
            {
              add_step (steps, g_steal_pointer (&cmd), MS_LOGIN_EXPECT_CONTINUE, FALSE);
              add_step (steps, sasl_plain ("", username, password), MS_LOGIN_EXPECT_FINAL, TRUE);
            }
        }
      else if (!ms_dialect_has_capability (caps, "LOGINDISABLED"))
        {
          g_autofree char *qu = ms_imap_quote (username);
          g_autofree char *qp = ms_imap_quote (password);
          g_autofree char *cmd = NULL;

          if (qu == NULL || qp == NULL)
            {
              g_set_error_literal (error, MS_NET_ERROR, MS_NET_ERROR_AUTH_UNSUPPORTED,
                                   _("The user name or password contains characters that this IMAP server "
                                     "cannot receive (it does not offer AUTHENTICATE PLAIN)"));
              if (qp)
                explicit_bzero (qp, strlen (qp));
              return NULL;
            }
          cmd = g_strdup_printf ("LOGIN %s %s", qu, qp);
          explicit_bzero (qp, strlen (qp));
          add_step (steps, ms_dialect_command (self, cmd), MS_LOGIN_EXPECT_FINAL, TRUE);
          explicit_bzero (cmd, strlen (cmd));
        }
      break;

    case MS_PROTOCOL_POP3:
      if (has_mech (mechs, "PLAIN"))
        add_step (steps, sasl_plain ("AUTH PLAIN ", username, password), MS_LOGIN_EXPECT_FINAL, TRUE);
      else if (ms_dialect_has_capability (caps, "USER") || caps == NULL || caps[0] == NULL)
        {
          add_step (steps, g_strdup_printf ("USER %s\r\n", username), MS_LOGIN_EXPECT_OK, FALSE);
          add_step (steps, g_strdup_printf ("PASS %s\r\n", password), MS_LOGIN_EXPECT_FINAL, TRUE);
        }
      break;

    case MS_PROTOCOL_SMTP:
      if (has_mech (mechs, "PLAIN"))
        add_step (steps, sasl_plain ("AUTH PLAIN ", username, password), MS_LOGIN_EXPECT_FINAL, TRUE);
      else if (has_mech (mechs, "LOGIN"))
        {
          add_step (steps, g_strdup ("AUTH LOGIN\r\n"), MS_LOGIN_EXPECT_CONTINUE, FALSE);
          add_step (steps, b64_line ("", username, strlen (username)), MS_LOGIN_EXPECT_CONTINUE, FALSE);
          add_step (steps, b64_line ("", password, strlen (password)), MS_LOGIN_EXPECT_FINAL, TRUE);
        }
      break;

    default:
      g_return_val_if_reached (NULL);
    }

  if (steps->len == 0)
    {
      g_set_error_literal (error, MS_NET_ERROR, MS_NET_ERROR_AUTH_UNSUPPORTED,
                           _("The server offers no password login method this program can use here"));
      return NULL;
    }
  return g_steal_pointer (&steps);
}
