/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ms-file.h"

G_DEFINE_QUARK (ms-file-error-quark, ms_file_error)

static gboolean
fail_errno (GError **error, const char *path, int saved)
{
  g_autofree char *display = g_filename_display_name (path);

  if (saved == ENOENT || saved == ENOTDIR)
    /* TRANSLATORS: %s is a file path, e.g. “/home/ana/3xo.fr.xml”. */
    g_set_error (error, MS_FILE_ERROR, MS_FILE_ERROR_NOT_FOUND, _("%s: no such file"), display);
  else
    /* TRANSLATORS: a file path, e.g. “/home/ana/3xo.fr.xml”, then the system's error message, e.g. “Permission
     * denied”. */
    g_set_error (error, MS_FILE_ERROR, MS_FILE_ERROR_IO, _("Cannot read %s: %s"), display, g_strerror (saved));
  return FALSE;
}

static gboolean
too_large (GError **error, const char *path, gsize max_size)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

  /* TRANSLATORS: %s is a file name, then a size such as "1.0 MiB". */
  g_set_error (error, MS_FILE_ERROR, MS_FILE_ERROR_TOO_LARGE, _("%s is larger than %s: it cannot be the file expected here"),
               display, limit);
  return FALSE;
}

gboolean
ms_file_read_bounded (const char *path, gsize max_size, char **contents, gsize *length, GError **error)
{
  g_autofree char *buffer = NULL;
  struct stat st;
  gsize used = 0;
  int fd;

  *contents = NULL;
  if (length)
    *length = 0;
  /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
   * writer forever.  The type is checked on the open descriptor, so the
   * file cannot be swapped between the check and the read. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);
  if (fd < 0)
    return fail_errno (error, path, errno);
  if (fstat (fd, &st) != 0)
    {
      int saved = errno;
      close (fd);
      return fail_errno (error, path, saved);
    }
  if (!S_ISREG (st.st_mode))
    {
      g_autofree char *display = g_filename_display_name (path);

      close (fd);
      /* TRANSLATORS: %s is a file path, e.g. “/dev/zero”. */
      g_set_error (error, MS_FILE_ERROR, MS_FILE_ERROR_NOT_REGULAR, _("%s is not a regular file"), display);
      return FALSE;
    }
  if ((guint64) st.st_size > max_size)
    {
      close (fd);
      return too_large (error, path, max_size);
    }
  /* One byte more than the bound tells a file that grew since fstat(). */
  buffer = g_malloc ((gsize) st.st_size + 2);
  for (;;)
    {
      gsize room = (gsize) st.st_size + 1 - used;
      ssize_t n = room ? read (fd, buffer + used, room) : 0;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          close (fd);
          return fail_errno (error, path, saved);
        }
      if (n == 0)
        break;
      used += (gsize) n;
      if (used > max_size)
        {
          close (fd);
          return too_large (error, path, max_size);
        }
      if (used > (gsize) st.st_size)
        {
          g_autofree char *display = g_filename_display_name (path);

          close (fd);
          /* TRANSLATORS: %s is a file path, e.g. “/home/ana/3xo.fr.xml”. */
          g_set_error (error, MS_FILE_ERROR, MS_FILE_ERROR_IO, _("%s changed while it was being read"), display);
          return FALSE;
        }
    }
  close (fd);
  buffer[used] = '\0';
  *contents = g_steal_pointer (&buffer);
  if (length)
    *length = used;
  return TRUE;
}
