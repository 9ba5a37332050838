/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ms-thunderbird-private.h"

gboolean
ms_tb_read_file (const char *path, char **contents, gsize *length, GError **error)
{
  g_autoptr(GError) local = NULL;

  *contents = NULL;
  *length = 0;
  if (g_file_get_contents (path, contents, length, &local))
    return TRUE;
  if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    return TRUE;
  g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_IO, _("Cannot read %s: %s"), path, local->message);
  return FALSE;
}

static gboolean
write_all (int fd, const char *data, gsize length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, length);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

gboolean
ms_tb_write_atomic (const char *path, const char *data, gsize length, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  int fd, saved;

  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved = errno;
      goto fail_open;
    }
  if (!write_all (fd, data, length) || fsync (fd) != 0)
    {
      saved = errno;
      close (fd);
      g_unlink (tmp);
      goto fail;
    }
  if (close (fd) != 0 || g_rename (tmp, path) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      goto fail;
    }
  /* The rename itself must reach the disk before we call it written. */
  fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  return TRUE;

fail_open:
fail:
  g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_IO, _("Cannot write %s: %s"), path, g_strerror (saved));
  return FALSE;
}

char *
ms_tb_backup_file (const char *path, const char *data, gsize length, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *backup = NULL;

  for (guint n = 0; backup == NULL || g_file_test (backup, G_FILE_TEST_EXISTS); n++)
    {
      g_free (backup);
      backup = n == 0 ? g_strdup_printf ("%s.mail-setup-%s.bak", path, stamp)
                      : g_strdup_printf ("%s.mail-setup-%s-%u.bak", path, stamp, n);
    }
  if (!ms_tb_write_atomic (backup, data, length, error))
    return NULL;
  return g_steal_pointer (&backup);
}

/* ---- a small line diff ---- */

static GPtrArray *
split_lines (const char *text)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const char *p = text ? text : "";

  while (*p)
    {
      const char *nl = strchr (p, '\n');
      gsize len = nl ? (gsize) (nl - p) : strlen (p);
      g_ptr_array_add (lines, g_strndup (p, len));
      p += len + (nl ? 1 : 0);
    }
  return lines;
}

#define CONTEXT 3
#define MAX_CELLS (2000u * 2000u)

void
ms_tb_diff_append (GString *out, const char *label, const char *before, const char *after)
{
  g_autoptr(GPtrArray) a = split_lines (before);
  g_autoptr(GPtrArray) b = split_lines (after);
  guint pre = 0, suf = 0, n, m, from_a, from_b, ctx_pre, ctx_suf;
  g_autofree guint *lcs = NULL;

  if (g_strcmp0 (before ? before : "", after ? after : "") == 0)
    return;
  /* Our changes are appends and in-place edits: trim what is common at
   * both ends, then diff the middle. */
  while (pre < a->len && pre < b->len && g_str_equal (a->pdata[pre], b->pdata[pre]))
    pre++;
  while (suf < a->len - pre && suf < b->len - pre
         && g_str_equal (a->pdata[a->len - 1 - suf], b->pdata[b->len - 1 - suf]))
    suf++;
  n = a->len - pre - suf;
  m = b->len - pre - suf;
  ctx_pre = MIN (pre, CONTEXT);
  ctx_suf = MIN (suf, CONTEXT);
  from_a = pre - ctx_pre;
  from_b = pre - ctx_pre;

  g_string_append_printf (out, "--- %s\n+++ %s\n", before ? label : "/dev/null", label);
  g_string_append_printf (out, "@@ -%u,%u +%u,%u @@\n", n + ctx_pre + ctx_suf ? from_a + 1 : from_a,
                          n + ctx_pre + ctx_suf, m + ctx_pre + ctx_suf ? from_b + 1 : from_b, m + ctx_pre + ctx_suf);
  for (guint i = from_a; i < pre; i++)
    g_string_append_printf (out, " %s\n", (char *) a->pdata[i]);

  if ((gsize) (n + 1) * (m + 1) <= MAX_CELLS)
    {
      /* lcs[i][j]: longest common subsequence of a[i..] and b[j..]. */
      lcs = g_new0 (guint, (gsize) (n + 1) * (m + 1));
#define L(i, j) lcs[(gsize) (i) * (m + 1) + (j)]
      for (guint i = n; i-- > 0;)
        for (guint j = m; j-- > 0;)
          L (i, j) = g_str_equal (a->pdata[pre + i], b->pdata[pre + j]) ? L (i + 1, j + 1) + 1
                                                                        : MAX (L (i + 1, j), L (i, j + 1));
      {
        guint i = 0, j = 0;
        while (i < n || j < m)
          {
            if (i < n && j < m && g_str_equal (a->pdata[pre + i], b->pdata[pre + j]))
              {
                g_string_append_printf (out, " %s\n", (char *) a->pdata[pre + i]);
                i++, j++;
              }
            else if (j < m && (i == n || L (i, j + 1) >= L (i + 1, j)))
              g_string_append_printf (out, "+%s\n", (char *) b->pdata[pre + j++]);
            else
              g_string_append_printf (out, "-%s\n", (char *) a->pdata[pre + i++]);
          }
      }
#undef L
    }
  else
    {
      for (guint i = 0; i < n; i++)
        g_string_append_printf (out, "-%s\n", (char *) a->pdata[pre + i]);
      for (guint j = 0; j < m; j++)
        g_string_append_printf (out, "+%s\n", (char *) b->pdata[pre + j]);
    }
  for (guint i = 0; i < ctx_suf; i++)
    g_string_append_printf (out, " %s\n", (char *) a->pdata[a->len - suf + i]);
}
