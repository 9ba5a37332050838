/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Only \" \\ \n \r get short escapes, every other control character is
 * \uNNNN: Thunderbird's libpref does not know \t, and JSON accepts both. */
#include "config.h"

#include "ms-json.h"

void
ms_json_append_string (GString *out, const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  /* Server text may be any bytes; JSON must be UTF-8. */
  valid = g_utf8_make_valid (text, -1);
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) valid; *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default:
          if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

void
ms_json_append_strings (GString *out, GPtrArray *strings)
{
  g_string_append_c (out, '[');
  for (guint i = 0; strings && i < strings->len; i++)
    {
      if (i)
        g_string_append_c (out, ',');
      ms_json_append_string (out, strings->pdata[i]);
    }
  g_string_append_c (out, ']');
}
