/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-thunderbird-prefs.h"

/* Grammar: Mozilla's modules/libpref/parser (prefs_parser_parse).  Unlike
 * libpref we do not recover from errors: a line Thunderbird would skip is a
 * line we could not promise to keep, so the whole file is refused. */

typedef struct {
  char *name;
  MsTbPrefType type;
  char *str;
  gint32 num;           /* int value, or bool as 0/1 */
  gssize start, end;    /* bytes of the statement in the original text; -1 when appended */
  gboolean dirty;
  gboolean removed;
} Entry;

struct _MsTbPrefs
{
  char *text;
  gsize length;
  GPtrArray *entries;   /* Entry*, file order, then appended */
  GHashTable *index;    /* name -> live Entry* (the last one wins, as in libpref) */
};

static void
entry_free (Entry *entry)
{
  g_free (entry->name);
  g_free (entry->str);
  g_free (entry);
}

MsTbPrefs *
ms_tb_prefs_new (void)
{
  MsTbPrefs *prefs = g_new0 (MsTbPrefs, 1);

  prefs->text = g_strdup ("");
  prefs->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  prefs->index = g_hash_table_new (g_str_hash, g_str_equal);
  return prefs;
}

void
ms_tb_prefs_free (MsTbPrefs *prefs)
{
  if (prefs == NULL)
    return;
  g_hash_table_unref (prefs->index);
  g_ptr_array_unref (prefs->entries);
  g_free (prefs->text);
  g_free (prefs);
}

/* ---- the statement parser ---- */

typedef struct {
  const char *text;
  gsize pos, length;
} Scanner;

static gboolean
at_end (Scanner *s)
{
  return s->pos >= s->length;
}

/* Whitespace and the three comment forms.  FALSE on an unterminated comment. */
static gboolean
skip_space (Scanner *s)
{
  while (!at_end (s))
    {
      char c = s->text[s->pos];
      if (c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\n' || c == '\r')
        s->pos++;
      else if (c == '#' || (c == '/' && s->pos + 1 < s->length && s->text[s->pos + 1] == '/'))
        {
          while (!at_end (s) && s->text[s->pos] != '\n' && s->text[s->pos] != '\r')
            s->pos++;
        }
      else if (c == '/' && s->pos + 1 < s->length && s->text[s->pos + 1] == '*')
        {
          const char *close = g_strstr_len (s->text + s->pos + 2, (gssize) (s->length - s->pos - 2), "*/");
          if (close == NULL)
            return FALSE;
          s->pos = (gsize) (close - s->text) + 2;
        }
      else
        break;
    }
  return TRUE;
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

static char *
read_word (Scanner *s)
{
  gsize start = s->pos;

  while (!at_end (s) && is_word_char (s->text[s->pos]))
    s->pos++;
  return g_strndup (s->text + start, s->pos - start);
}

static gboolean
expect_char (Scanner *s, char c)
{
  if (!skip_space (s) || at_end (s) || s->text[s->pos] != c)
    return FALSE;
  s->pos++;
  return TRUE;
}

static gboolean
read_value (Scanner *s, Entry *entry, GError **error)
{
  char c;

  if (!skip_space (s) || at_end (s))
    return FALSE;
  c = s->text[s->pos];
  if (c == '"' || c == '\'')
    {
      gsize used = 0;
      entry->type = MS_TB_PREF_STRING;
      entry->str = ms_tb_js_unquote (s->text + s->pos, s->length - s->pos, &used, error);
      s->pos += used;
      return entry->str != NULL;
    }
  if (g_ascii_isalpha (c) || c == '_')
    {
      g_autofree char *word = read_word (s);
      entry->type = MS_TB_PREF_BOOL;
      if (g_str_equal (word, "true"))
        entry->num = 1;
      else if (!g_str_equal (word, "false"))
        return FALSE;
      return TRUE;
    }
  {
    gboolean negative = FALSE;
    gint64 v = 0;
    gsize digits = 0;

    if (c == '+' || c == '-')
      {
        negative = c == '-';
        s->pos++;
        if (!skip_space (s))
          return FALSE;
      }
    while (!at_end (s) && g_ascii_isdigit (s->text[s->pos]))
      {
        v = v * 10 + (s->text[s->pos++] - '0');
        if (v > (gint64) G_MAXINT32 + 1)
          return FALSE;
        digits++;
      }
    if (digits == 0 || (!at_end (s) && is_word_char (s->text[s->pos])))
      return FALSE;
    if (negative)
      v = -v;
    if (v > G_MAXINT32 || v < G_MININT32)
      return FALSE;
    entry->type = MS_TB_PREF_INT;
    entry->num = (gint32) v;
  }
  return TRUE;
}

/* One statement: keyword ( name , value [, attr]* ) ; */
static Entry *
read_statement (Scanner *s, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *keyword = NULL;
  Entry *entry = g_new0 (Entry, 1);
  gsize used = 0;

  entry->start = (gssize) s->pos;
  keyword = read_word (s);
  if (!g_str_equal (keyword, "user_pref") && !g_str_equal (keyword, "pref")
      && !g_str_equal (keyword, "sticky_pref"))
    goto fail;
  if (!expect_char (s, '(') || !skip_space (s) || at_end (s))
    goto fail;
  entry->name = ms_tb_js_unquote (s->text + s->pos, s->length - s->pos, &used, &local);
  if (entry->name == NULL)
    goto fail;
  s->pos += used;
  if (!expect_char (s, ',') || !read_value (s, entry, &local))
    goto fail;
  while (expect_char (s, ','))
    {
      g_autofree char *attr = NULL;
      if (!skip_space (s))
        goto fail;
      attr = read_word (s);
      if (!g_str_equal (attr, "sticky") && !g_str_equal (attr, "locked"))
        goto fail;
    }
  if (at_end (s) || s->text[s->pos] != ')')
    goto fail;
  s->pos++;
  if (!expect_char (s, ';'))
    goto fail;
  entry->end = (gssize) s->pos;
  return entry;

fail:
  entry_free (entry);
  g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE, "%s",
               local ? local->message : _("not a preference statement"));
  return NULL;
}

static guint
line_of (const char *text, gsize pos)
{
  guint line = 1;

  for (gsize i = 0; i < pos; i++)
    if (text[i] == '\n')
      line++;
  return line;
}

MsTbPrefs *
ms_tb_prefs_parse (const char *text, gsize length, GError **error)
{
  g_autoptr(MsTbPrefs) prefs = ms_tb_prefs_new ();
  Scanner s = { text, 0, length };

  if (memchr (text, '\0', length) != NULL)
    {
      /* libpref stops reading at a NUL: prefs appended after it would be lost. */
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE,
                   /* TRANSLATORS: %u is a line number in Thunderbird's preferences file (prefs.js). */
                   _("The preferences file contains a NUL byte at line %u."),
                   line_of (text, (gsize) ((const char *) memchr (text, '\0', length) - text)));
      return NULL;
    }
  if (length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    s.pos = 3;

  while (TRUE)
    {
      g_autoptr(GError) local = NULL;
      gsize here;
      Entry *entry;

      if (!skip_space (&s))
        {
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE,
                       /* TRANSLATORS: %u is a line number in Thunderbird's preferences file (prefs.js). */
                       _("The preferences file has an unterminated comment at line %u."),
                       line_of (text, s.pos));
          return NULL;
        }
      if (at_end (&s))
        break;
      here = s.pos;
      entry = read_statement (&s, &local);
      if (entry == NULL)
        {
          /* Blame the last token read, not the blank lines after it. */
          gsize at = MIN (s.pos, length);
          while (at > here && g_ascii_isspace (text[at - 1]))
            at--;
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE,
                       /* TRANSLATORS: a line number in Thunderbird's preferences file (prefs.js), then what is
                        * wrong there, e.g. “not a preference statement”. */
                       _("The preferences file cannot be read at line %u (%s)."),
                       line_of (text, at), local->message);
          return NULL;
        }
      g_ptr_array_add (prefs->entries, entry);
      g_hash_table_insert (prefs->index, entry->name, entry);
    }

  g_free (prefs->text);
  prefs->text = g_strndup (text, length);
  prefs->length = length;
  return g_steal_pointer (&prefs);
}

/* ---- access ---- */

static Entry *
lookup (MsTbPrefs *prefs, const char *name)
{
  return g_hash_table_lookup (prefs->index, name);
}

gboolean
ms_tb_prefs_has (MsTbPrefs *prefs, const char *name)
{
  return lookup (prefs, name) != NULL;
}

gboolean
ms_tb_prefs_get_type (MsTbPrefs *prefs, const char *name, MsTbPrefType *type)
{
  Entry *entry = lookup (prefs, name);

  if (entry && type)
    *type = entry->type;
  return entry != NULL;
}

const char *
ms_tb_prefs_get_string (MsTbPrefs *prefs, const char *name)
{
  Entry *entry = lookup (prefs, name);

  return entry && entry->type == MS_TB_PREF_STRING ? entry->str : NULL;
}

gboolean
ms_tb_prefs_get_int (MsTbPrefs *prefs, const char *name, gint32 *value)
{
  Entry *entry = lookup (prefs, name);

  if (entry == NULL || entry->type != MS_TB_PREF_INT)
    return FALSE;
  *value = entry->num;
  return TRUE;
}

gboolean
ms_tb_prefs_get_bool (MsTbPrefs *prefs, const char *name, gboolean *value)
{
  Entry *entry = lookup (prefs, name);

  if (entry == NULL || entry->type != MS_TB_PREF_BOOL)
    return FALSE;
  *value = entry->num != 0;
  return TRUE;
}

static void
set_value (MsTbPrefs *prefs, const char *raw_name, MsTbPrefType type, const char *raw_str, gint32 num)
{
  /* The file is UTF-8 and the writer makes what it writes valid: keep
   * here what will be read back, or the prefs in memory would differ from
   * the file (found by the round-trip fuzzer). */
  g_autofree char *name = g_utf8_make_valid (raw_name, -1);
  g_autofree char *str = raw_str ? g_utf8_make_valid (raw_str, -1) : NULL;
  Entry *entry = lookup (prefs, name);

  if (entry && entry->type == type
      && (type == MS_TB_PREF_STRING ? g_strcmp0 (entry->str, str) == 0 : entry->num == num))
    return;
  if (entry == NULL)
    {
      entry = g_new0 (Entry, 1);
      entry->name = g_strdup (name);
      entry->start = entry->end = -1;
      g_ptr_array_add (prefs->entries, entry);
      g_hash_table_insert (prefs->index, entry->name, entry);
    }
  entry->type = type;
  g_free (entry->str);
  entry->str = g_steal_pointer (&str);
  entry->num = num;
  entry->dirty = TRUE;
}

void
ms_tb_prefs_set_string (MsTbPrefs *prefs, const char *name, const char *value)
{
  set_value (prefs, name, MS_TB_PREF_STRING, value, 0);
}

void
ms_tb_prefs_set_int (MsTbPrefs *prefs, const char *name, gint32 value)
{
  set_value (prefs, name, MS_TB_PREF_INT, NULL, value);
}

void
ms_tb_prefs_set_bool (MsTbPrefs *prefs, const char *name, gboolean value)
{
  set_value (prefs, name, MS_TB_PREF_BOOL, NULL, value ? 1 : 0);
}

void
ms_tb_prefs_remove (MsTbPrefs *prefs, const char *name)
{
  if (!g_hash_table_remove (prefs->index, name))
    return;
  /* Earlier duplicates would come back to life once the last one is gone. */
  for (guint i = 0; i < prefs->entries->len; i++)
    {
      Entry *entry = prefs->entries->pdata[i];
      if (!entry->removed && g_str_equal (entry->name, name))
        entry->removed = TRUE;
    }
}

GPtrArray *
ms_tb_prefs_list_names (MsTbPrefs *prefs)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < prefs->entries->len; i++)
    {
      Entry *entry = prefs->entries->pdata[i];
      if (!entry->removed && lookup (prefs, entry->name) == entry)
        g_ptr_array_add (names, entry->name);
    }
  return names;
}

/* ---- output ---- */

static void
append_statement (GString *out, Entry *entry)
{
  g_autofree char *name = ms_tb_js_quote (entry->name);

  g_string_append_printf (out, "user_pref(%s, ", name);
  if (entry->type == MS_TB_PREF_STRING)
    {
      g_autofree char *value = ms_tb_js_quote (entry->str);
      g_string_append (out, value);
    }
  else if (entry->type == MS_TB_PREF_INT)
    g_string_append_printf (out, "%d", entry->num);
  else
    g_string_append (out, entry->num ? "true" : "false");
  g_string_append (out, ");");
}

char *
ms_tb_prefs_serialize (MsTbPrefs *prefs, gsize *length)
{
  GString *out = g_string_sized_new (prefs->length + 1024);
  gsize copied = 0;

  for (guint i = 0; i < prefs->entries->len; i++)
    {
      Entry *entry = prefs->entries->pdata[i];
      gsize start, end;

      if (entry->start < 0 || !(entry->dirty || entry->removed))
        continue;
      start = (gsize) entry->start;
      end = (gsize) entry->end;
      if (entry->removed)
        {
          /* A statement alone on its line takes its line with it. */
          gsize line = start;
          while (line > copied && (prefs->text[line - 1] == ' ' || prefs->text[line - 1] == '\t'))
            line--;
          if ((line == 0 || prefs->text[line - 1] == '\n') && end < prefs->length && prefs->text[end] == '\n')
            {
              start = line;
              end++;
            }
        }
      g_string_append_len (out, prefs->text + copied, (gssize) (start - copied));
      if (!entry->removed)
        append_statement (out, entry);
      copied = end;
    }
  g_string_append_len (out, prefs->text + copied, (gssize) (prefs->length - copied));

  for (guint i = 0; i < prefs->entries->len; i++)
    {
      Entry *entry = prefs->entries->pdata[i];
      if (entry->start >= 0 || entry->removed)
        continue;
      if (out->len > 0 && out->str[out->len - 1] != '\n')
        g_string_append_c (out, '\n');
      append_statement (out, entry);
      g_string_append_c (out, '\n');
    }
  if (length)
    *length = out->len;
  return g_string_free (out, FALSE);
}
