/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/ms-json.h"
#include "ms-thunderbird-prefs.h"

/* JavaScript string literals as libpref reads them: \" \' \\ \n \r,
 * \xNN bytes and \uNNNN UTF-16 code units (surrogate pairs joined). */

char *
ms_tb_js_quote (const char *value)
{
  GString *out = g_string_sized_new (strlen (value) + 2);

  /* A JSON string literal is one libpref reads back exactly. */
  ms_json_append_string (out, value);
  return g_string_free (out, FALSE);
}

static int
hex_value (char c)
{
  return g_ascii_isxdigit (c) ? g_ascii_xdigit_value (c) : -1;
}

/* Reads @n hex digits at @p; -1 if they are not all there. */
static gint32
read_hex (const char *p, const char *end, int n)
{
  gint32 v = 0;

  if (end - p < n)
    return -1;
  for (int i = 0; i < n; i++)
    {
      int d = hex_value (p[i]);
      if (d < 0)
        return -1;
      v = v * 16 + d;
    }
  return v;
}

static void
bad_literal (GError **error, const char *why)
{
  g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE, why);
}

char *
ms_tb_js_unquote (const char *text, gsize length, gsize *consumed, GError **error)
{
  const char *p = text, *end = text + length;
  char quote;
  g_autoptr(GString) out = g_string_new (NULL);

  if (length == 0 || (*p != '"' && *p != '\''))
    {
      bad_literal (error, _("expected a string"));
      return NULL;
    }
  quote = *p++;
  while (TRUE)
    {
      if (p >= end || *p == '\0')
        {
          bad_literal (error, _("unterminated string"));
          return NULL;
        }
      if (*p == quote)
        break;
      if (*p != '\\')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      p++;
      if (p >= end)
        {
          bad_literal (error, _("unterminated string"));
          return NULL;
        }
      switch (*p)
        {
        case '"': case '\'': case '\\':
          g_string_append_c (out, *p++);
          break;
        case 'n': g_string_append_c (out, '\n'); p++; break;
        case 'r': g_string_append_c (out, '\r'); p++; break;
        case 'x':
          {
            gint32 v = read_hex (p + 1, end, 2);
            if (v <= 0)
              {
                bad_literal (error, _("bad \\x escape"));
                return NULL;
              }
            g_string_append_c (out, (char) v);
            p += 3;
            break;
          }
        case 'u':
          {
            gint32 v = read_hex (p + 1, end, 4);
            p += 5;
            if (v >= 0xDC00 && v <= 0xDFFF)
              v = -1;  /* a low surrogate cannot come first */
            else if (v >= 0xD800 && v <= 0xDBFF)
              {
                /* UTF-16 code units: a high surrogate needs its low half next. */
                gint32 low = (end - p >= 2 && p[0] == '\\' && p[1] == 'u') ? read_hex (p + 2, end, 4) : -1;
                if (low < 0xDC00 || low > 0xDFFF)
                  v = -1;
                else
                  {
                    v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00);
                    p += 6;
                  }
              }
            if (v <= 0)
              {
                bad_literal (error, _("bad \\u escape"));
                return NULL;
              }
            g_string_append_unichar (out, (gunichar) v);
            break;
          }
        default:
          bad_literal (error, _("unknown escape"));
          return NULL;
        }
    }
  *consumed = (gsize) (p + 1 - text);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
