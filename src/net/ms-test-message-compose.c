/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ms-test-message-private.h"

/* RFC 2047: an encoded word is at most 75 characters; "=?UTF-8?B?" and
 * "?=" leave 63 for base64, that is 45 bytes of text (whole characters). */
#define ENCODED_WORD_BYTES 45
/* RFC 2045: encoded lines of at most 76 characters, "=" soft break included. */
#define QP_LINE 76

char *
ms_mime_date (GDateTime *date)
{
  /* Not %a/%b: those follow the locale, and RFC 5322 wants English. */
  static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  gint64 offset_min = g_date_time_get_utc_offset (date) / G_TIME_SPAN_MINUTE;
  gint64 abs_min = offset_min < 0 ? -offset_min : offset_min;

  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d",
                          days[g_date_time_get_day_of_week (date) - 1], g_date_time_get_day_of_month (date),
                          months[g_date_time_get_month (date) - 1], g_date_time_get_year (date),
                          g_date_time_get_hour (date), g_date_time_get_minute (date),
                          g_date_time_get_second (date), offset_min < 0 ? '-' : '+',
                          (int) (abs_min / 60), (int) (abs_min % 60));
}

static gboolean
is_printable_ascii (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar) *p < 0x20 || (guchar) *p >= 0x7f)
      return FALSE;
  return TRUE;
}

/* Control characters would break the header (CRLF injection): spaces instead. */
static char *
sanitize (const char *text)
{
  char *copy = g_utf8_make_valid (text, -1);

  for (char *p = copy; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  return g_strstrip (copy);
}

static char *
encoded_words (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p)
    {
      const char *end = p;
      g_autofree char *b64 = NULL;

      /* Whole UTF-8 characters only: a word must decode on its own. */
      while (*end)
        {
          const char *next = g_utf8_next_char (end);
          if (next - p > ENCODED_WORD_BYTES)
            break;
          end = next;
        }
      b64 = g_base64_encode ((const guchar *) p, end - p);
      if (out->len > 0)
        g_string_append (out, "\r\n ");
      g_string_append_printf (out, "=?UTF-8?B?%s?=", b64);
      p = end;
    }
  return g_string_free (out, FALSE);
}

char *
ms_mime_phrase (const char *text)
{
  g_autofree char *clean = sanitize (text);
  GString *out;

  if (!is_printable_ascii (clean))
    return encoded_words (clean);
  if (strpbrk (clean, "()<>[]:;@\\,.\"") == NULL)
    return g_steal_pointer (&clean);
  /* Specials: a quoted string (RFC 5322 3.2.4). */
  out = g_string_new ("\"");
  for (const char *p = clean; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

char *
ms_mime_unstructured (const char *text)
{
  g_autofree char *clean = sanitize (text);

  return is_printable_ascii (clean) ? g_steal_pointer (&clean) : encoded_words (clean);
}

char *
ms_mime_quoted_printable (const char *text)
{
  GString *out = g_string_new (NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      const char *line = lines[i];
      gsize len = strlen (line);
      guint col = 0;

      if (len > 0 && line[len - 1] == '\r')
        len--;
      if (lines[i + 1] == NULL && len == 0)
        break;   /* the text ended with a line end */
      for (gsize j = 0; j < len; j++)
        {
          guchar c = line[j];
          /* Trailing white space is lost in transit unless encoded. */
          gboolean literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && j + 1 < len);
          char piece[4];

          if (literal)
            g_snprintf (piece, sizeof piece, "%c", c);
          else
            g_snprintf (piece, sizeof piece, "=%02X", c);
          if (col + strlen (piece) > QP_LINE - 1)
            {
              g_string_append (out, "=\r\n");
              col = 0;
            }
          g_string_append (out, piece);
          col += strlen (piece);
        }
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

char *
ms_test_message_compose (const char *from_address, const char *real_name, const char *subject,
                         const char *body, const char *message_id, GDateTime *date)
{
  g_autofree char *date_text = ms_mime_date (date);
  g_autofree char *phrase = real_name && *real_name ? ms_mime_phrase (real_name) : NULL;
  g_autofree char *mailbox = phrase && *phrase ? g_strdup_printf ("%s <%s>", phrase, from_address)
                                               : g_strdup (from_address);
  g_autofree char *subject_text = ms_mime_unstructured (subject);
  g_autofree char *qp = ms_mime_quoted_printable (body);

  return g_strdup_printf ("Date: %s\r\n"
                          "From: %s\r\n"
                          "To: %s\r\n"
                          "Subject: %s\r\n"
                          "Message-ID: <%s>\r\n"
                          /* Keeps vacation responders and list software from answering. */
                          "Auto-Submitted: auto-generated\r\n"
                          "MIME-Version: 1.0\r\n"
                          "Content-Type: text/plain; charset=UTF-8\r\n"
                          "Content-Transfer-Encoding: quoted-printable\r\n"
                          "\r\n"
                          "%s",
                          date_text, mailbox, mailbox, subject_text, message_id, qp);
}

char *
ms_smtp_dot_stuff (const char *message, gsize *len)
{
  GString *out = g_string_sized_new (strlen (message) + 64);
  gboolean line_start = TRUE;

  for (const char *p = message; *p; p++)
    {
      if (line_start && *p == '.')
        g_string_append_c (out, '.');
      line_start = FALSE;
      if (*p == '\r' && p[1] == '\n')
        continue;   /* written with the LF */
      if (*p == '\n' || *p == '\r')
        {
          /* Bare CR or LF: SMTP only knows CRLF. */
          g_string_append (out, "\r\n");
          line_start = TRUE;
          continue;
        }
      g_string_append_c (out, *p);
    }
  if (!line_start)
    g_string_append (out, "\r\n");
  g_string_append (out, ".\r\n");
  if (len != NULL)
    *len = out->len;
  return g_string_free (out, FALSE);
}
