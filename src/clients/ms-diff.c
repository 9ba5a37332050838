/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ms-diff.h"

/* A small unified diff for the dry run.  The files are at most a few
 * thousand lines, so the plain longest-common-subsequence table is fast
 * enough and keeps the output exactly what `diff -u` would print; past
 * MAX_CELLS the middle is shown as removed then added, which is still a
 * valid diff. */

#define CONTEXT 3
#define MAX_CELLS (4000u * 4000u)

typedef struct {
  char op;              /* ' ', '-' or '+' */
  const char *line;
  guint old_no;         /* 1-based line numbers before/after this line */
  guint new_no;
} Edit;

static char **
split_lines (const char *text, guint *n)
{
  char **lines;

  if (text == NULL || *text == '\0')
    {
      *n = 0;
      return g_new0 (char *, 1);
    }
  lines = g_strsplit (text, "\n", -1);
  *n = g_strv_length (lines);
  /* A final newline leaves an empty last piece that is not a line. */
  if (*n > 0 && lines[*n - 1][0] == '\0')
    {
      g_free (lines[*n - 1]);
      lines[*n - 1] = NULL;
      (*n)--;
    }
  return lines;
}

static GArray *
edit_script (char **a, guint n, char **b, guint m)
{
  g_autofree guint *lcs = NULL;
  GArray *edits = g_array_new (FALSE, FALSE, sizeof (Edit));
  guint i, j;

  if ((gsize) (n + 1) * (m + 1) > MAX_CELLS)
    {
      for (i = 0; i < n; i++)
        g_array_append_vals (edits, &(Edit) { '-', a[i], i + 1, 1 }, 1);
      for (j = 0; j < m; j++)
        g_array_append_vals (edits, &(Edit) { '+', b[j], n + 1, j + 1 }, 1);
      return edits;
    }
  lcs = g_new0 (guint, (gsize) (n + 1) * (m + 1));

#define L(i, j) lcs[(gsize) (i) * (m + 1) + (j)]
  for (i = n; i-- > 0;)
    for (j = m; j-- > 0;)
      L (i, j) = strcmp (a[i], b[j]) == 0 ? L (i + 1, j + 1) + 1 : MAX (L (i + 1, j), L (i, j + 1));

  i = j = 0;
  while (i < n || j < m)
    {
      Edit e = { 0, NULL, i + 1, j + 1 };

      if (i < n && j < m && strcmp (a[i], b[j]) == 0)
        {
          e.op = ' ';
          e.line = a[i++];
          j++;
        }
      else if (i < n && (j == m || L (i + 1, j) >= L (i, j + 1)))
        {
          /* Deletions first, as diff(1) prints them. */
          e.op = '-';
          e.line = a[i++];
        }
      else
        {
          e.op = '+';
          e.line = b[j++];
        }
      g_array_append_val (edits, e);
    }
#undef L
  return edits;
}

static void
append_hunk (GString *out, GArray *edits, guint start, guint end)
{
  const Edit *first = &g_array_index (edits, Edit, start);
  guint old_count = 0, new_count = 0, k;

  for (k = start; k < end; k++)
    {
      char op = g_array_index (edits, Edit, k).op;

      old_count += op != '+';
      new_count += op != '-';
    }
  /* diff -u numbers an empty side from the line before it. */
  g_string_append_printf (out, "@@ -%u,%u +%u,%u @@\n", old_count ? first->old_no : first->old_no - 1,
                          old_count, new_count ? first->new_no : first->new_no - 1, new_count);
  for (k = start; k < end; k++)
    {
      const Edit *e = &g_array_index (edits, Edit, k);

      g_string_append_printf (out, "%c%s\n", e->op, e->line);
    }
}

char *
ms_diff_unified (const char *old_path, const char *old_text, const char *new_path, const char *new_text)
{
  guint n, m, k;
  g_auto (GStrv) a = split_lines (old_text, &n);
  g_auto (GStrv) b = split_lines (new_text, &m);
  g_autoptr (GArray) edits = edit_script (a, n, b, m);
  GString *out = g_string_new (NULL);
  guint len = edits->len;

  for (k = 0; k < len; k++)
    {
      guint start, end, last_change;

      if (g_array_index (edits, Edit, k).op == ' ')
        continue;
      if (out->len == 0)
        g_string_append_printf (out, "--- %s\n+++ %s\n", old_text ? old_path : "/dev/null", new_path);
      start = k > CONTEXT ? k - CONTEXT : 0;
      /* Extend the hunk while the next change is within two contexts. */
      last_change = k;
      for (end = k + 1; end < len; end++)
        {
          if (g_array_index (edits, Edit, end).op != ' ')
            last_change = end;
          else if (end - last_change > 2 * CONTEXT)
            break;
        }
      end = MIN (last_change + 1 + CONTEXT, len);
      append_hunk (out, edits, start, end);
      k = end - 1;
    }
  return g_string_free (out, FALSE);
}
