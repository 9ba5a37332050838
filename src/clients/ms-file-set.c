/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "core/ms-file.h"
#include "ms-diff.h"
#include "ms-file-set.h"

G_DEFINE_QUARK (ms-file-set-error-quark, ms_file_set_error)

typedef struct {
  char *path;
  char *before;          /* NULL: absent */
  gsize before_len;
  GBytes *after;         /* NULL: unchanged (or removed, with delete) */
  gboolean delete;
  guint mode;
  char *opaque_note;
  /* commit state */
  char *staged;
  char *backup;
  gboolean done;
  gboolean restore_failed;
} Entry;

struct _MsFileSet
{
  GObject parent_instance;

  GHashTable *entries;   /* path → Entry */
  GPtrArray *order;      /* Entry*, in the order the changes were planned */
  GPtrArray *created_dirs;
  GPtrArray *written;
  GPtrArray *removed;
  GPtrArray *backups;
};

G_DEFINE_FINAL_TYPE (MsFileSet, ms_file_set, G_TYPE_OBJECT)

static guint inject_at;

void
ms_file_set_inject_failure (guint n)
{
  g_atomic_int_set (&inject_at, n);
}

static void
entry_free (Entry *e)
{
  g_free (e->path);
  g_free (e->before);
  g_clear_pointer (&e->after, g_bytes_unref);
  g_free (e->opaque_note);
  g_free (e->staged);
  g_free (e->backup);
  g_free (e);
}

static void
ms_file_set_finalize (GObject *object)
{
  MsFileSet *self = MS_FILE_SET (object);

  g_ptr_array_unref (self->order);
  g_hash_table_unref (self->entries);
  g_ptr_array_unref (self->created_dirs);
  g_ptr_array_unref (self->written);
  g_ptr_array_unref (self->removed);
  g_ptr_array_unref (self->backups);
  G_OBJECT_CLASS (ms_file_set_parent_class)->finalize (object);
}

static void
ms_file_set_class_init (MsFileSetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_file_set_finalize;
}

static void
ms_file_set_init (MsFileSet *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) entry_free);
  self->order = g_ptr_array_new ();
  self->created_dirs = g_ptr_array_new_with_free_func (g_free);
  self->written = g_ptr_array_new_with_free_func (g_free);
  self->removed = g_ptr_array_new_with_free_func (g_free);
  self->backups = g_ptr_array_new_with_free_func (g_free);
}

MsFileSet *
ms_file_set_new (void)
{
  return g_object_new (MS_TYPE_FILE_SET, NULL);
}

gboolean
ms_file_set_load (MsFileSet *self, const char *path, gsize max_size, GError **error)
{
  g_autoptr(GError) local = NULL;
  Entry *e;

  if (g_hash_table_contains (self->entries, path))
    return TRUE;
  e = g_new0 (Entry, 1);
  e->path = g_strdup (path);
  e->mode = 0600;
  if (!ms_file_read_bounded (path, max_size, &e->before, &e->before_len, &local) &&
      !g_error_matches (local, MS_FILE_ERROR, MS_FILE_ERROR_NOT_FOUND))
    {
      entry_free (e);
      g_set_error_literal (error, MS_FILE_SET_ERROR, MS_FILE_SET_ERROR_READ, local->message);
      return FALSE;
    }
  g_hash_table_insert (self->entries, e->path, e);
  return TRUE;
}

static Entry *
lookup (MsFileSet *self, const char *path)
{
  Entry *e = g_hash_table_lookup (self->entries, path);

  if (e == NULL)
    g_critical ("%s: planned without being loaded first", path);
  return e;
}

const char *
ms_file_set_get_before (MsFileSet *self, const char *path, gsize *length)
{
  Entry *e = g_hash_table_lookup (self->entries, path);

  if (length)
    *length = e && e->before ? e->before_len : 0;
  return e ? e->before : NULL;
}

const char *
ms_file_set_get_after (MsFileSet *self, const char *path, gsize *length)
{
  Entry *e = g_hash_table_lookup (self->entries, path);

  if (e == NULL || e->delete || e->after == NULL)
    return ms_file_set_get_before (self, path, length);
  return g_bytes_get_data (e->after, length);
}

static void
plan (MsFileSet *self, Entry *e)
{
  if (!g_ptr_array_find (self->order, e, NULL))
    g_ptr_array_add (self->order, e);
}

void
ms_file_set_replace_bytes (MsFileSet *self, const char *path, GBytes *data, guint mode)
{
  Entry *e = lookup (self, path);
  gsize size;
  const char *bytes = g_bytes_get_data (data, &size);
  char *copy;

  if (e == NULL)
    return;
  g_clear_pointer (&e->after, g_bytes_unref);
  /* NUL-terminated like the contents read from disk, for get_after(). */
  copy = g_malloc (size + 1);
  if (size)
    memcpy (copy, bytes, size);
  copy[size] = '\0';
  e->after = g_bytes_new_with_free_func (copy, size, g_free, copy);
  e->delete = FALSE;
  e->mode = mode ? mode : 0600;
  plan (self, e);
}

void
ms_file_set_replace (MsFileSet *self, const char *path, const char *data, gssize length, guint mode)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, length < 0 ? strlen (data) : (gsize) length);

  ms_file_set_replace_bytes (self, path, bytes, mode);
}

void
ms_file_set_delete (MsFileSet *self, const char *path)
{
  Entry *e = lookup (self, path);

  if (e == NULL)
    return;
  g_clear_pointer (&e->after, g_bytes_unref);
  e->delete = TRUE;
  plan (self, e);
}

void
ms_file_set_set_opaque (MsFileSet *self, const char *path, const char *note)
{
  Entry *e = lookup (self, path);

  if (e == NULL)
    return;
  g_free (e->opaque_note);
  e->opaque_note = g_strdup (note);
}

static gboolean
entry_changed (const Entry *e)
{
  gsize size;
  const char *data;

  if (e->delete)
    return e->before != NULL;
  if (e->after == NULL)
    return FALSE;
  data = g_bytes_get_data (e->after, &size);
  return e->before == NULL || size != e->before_len || (size && memcmp (data, e->before, size) != 0);
}

gboolean
ms_file_set_is_changed (MsFileSet *self, const char *path)
{
  Entry *e = g_hash_table_lookup (self->entries, path);

  return e != NULL && entry_changed (e);
}

gboolean
ms_file_set_has_changes (MsFileSet *self)
{
  for (guint i = 0; i < self->order->len; i++)
    if (entry_changed (self->order->pdata[i]))
      return TRUE;
  return FALSE;
}

static gboolean
is_text (const char *data, gsize size)
{
  return data == NULL || (memchr (data, '\0', size) == NULL && g_utf8_validate (data, (gssize) size, NULL));
}

char *
ms_file_set_diff (MsFileSet *self)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < self->order->len; i++)
    {
      Entry *e = self->order->pdata[i];
      gsize size = 0;
      const char *after = e->after ? g_bytes_get_data (e->after, &size) : NULL;

      if (!entry_changed (e))
        continue;
      if (e->opaque_note)
        g_string_append_printf (out, "# %s: %s\n", e->path, e->opaque_note);
      else if (!is_text (e->before, e->before_len) || !is_text (after, size))
        /* Not a message: a diff header for machines, like diff(1)'s. */
        g_string_append_printf (out, "Binary files %s and %s differ\n", e->before ? e->path : "/dev/null",
                                e->delete ? "/dev/null" : e->path);
      else
        {
          g_autofree char *part = ms_diff_unified (e->path, e->before, e->delete ? "/dev/null" : e->path,
                                                   e->delete ? "" : after);
          g_string_append (out, part);
        }
    }
  return g_string_free (out, FALSE);
}

/* ---- commit ---- */

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

/* A hidden name in the same folder (so the rename is atomic, and so that
 * Evolution's registry, which loads "*.source", ignores it until then). */
static char *
stage (const char *path, const char *data, gsize length, guint mode, int *saved)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, (int) mode);

  if (fd < 0)
    {
      *saved = errno;
      return NULL;
    }
  /* mkstemp honours the umask; the mode asked for is the one we want. */
  if (fchmod (fd, mode) != 0 || !write_all (fd, data, length) || fsync (fd) != 0)
    {
      *saved = errno ? errno : EIO;
      close (fd);
      g_unlink (tmp);
      return NULL;
    }
  if (close (fd) != 0)
    {
      *saved = errno;
      g_unlink (tmp);
      return NULL;
    }
  return g_steal_pointer (&tmp);
}

static void
sync_dir (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

static gboolean
make_dirs (MsFileSet *self, const char *path, int *saved)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);

  for (char *d = g_strdup (dir); ; )
    {
      char *parent;

      if (g_file_test (d, G_FILE_TEST_IS_DIR) || strcmp (d, "/") == 0 || strcmp (d, ".") == 0)
        {
          g_free (d);
          break;
        }
      g_ptr_array_insert (missing, 0, d);
      parent = g_path_get_dirname (d);
      d = parent;
    }
  for (guint i = 0; i < missing->len; i++)
    {
      if (g_mkdir (missing->pdata[i], 0700) != 0 && errno != EEXIST)
        {
          *saved = errno;
          return FALSE;
        }
      g_ptr_array_add (self->created_dirs, g_strdup (missing->pdata[i]));
    }
  return TRUE;
}

static char *
backup_path (const char *path, const char *stamp)
{
  char *backup = NULL;

  for (guint n = 0; backup == NULL || g_file_test (backup, G_FILE_TEST_EXISTS); n++)
    {
      g_free (backup);
      backup = n == 0 ? g_strdup_printf ("%s.mail-setup-%s.bak", path, stamp)
                      : g_strdup_printf ("%s.mail-setup-%s-%u.bak", path, stamp, n);
    }
  return backup;
}

static gboolean
write_backup (Entry *e, const char *stamp, int *saved)
{
  g_autofree char *backup = backup_path (e->path, stamp);
  int fd = g_open (backup, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      *saved = errno;
      return FALSE;
    }
  if (!write_all (fd, e->before, e->before_len) || fsync (fd) != 0)
    {
      *saved = errno ? errno : EIO;
      close (fd);
      g_unlink (backup);
      return FALSE;
    }
  close (fd);
  e->backup = g_steal_pointer (&backup);
  return TRUE;
}

/* Puts back what was there; returns FALSE if that failed too, in which
 * case the backup is the user's copy and must stay. */
static gboolean
restore (Entry *e)
{
  int saved = 0;
  g_autofree char *tmp = NULL;

  if (e->before == NULL)
    return g_unlink (e->path) == 0 || errno == ENOENT;
  tmp = stage (e->path, e->before, e->before_len, e->mode, &saved);
  if (tmp == NULL || g_rename (tmp, e->path) != 0)
    {
      if (tmp)
        g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}

static void
roll_back (MsFileSet *self, GPtrArray *changed)
{
  for (guint i = changed->len; i-- > 0;)
    {
      Entry *e = changed->pdata[i];

      if (e->staged)
        g_unlink (e->staged);
      g_clear_pointer (&e->staged, g_free);
      if (e->done && !restore (e))
        e->restore_failed = TRUE;
      e->done = FALSE;
      if (e->backup && !e->restore_failed)
        {
          g_unlink (e->backup);
          g_clear_pointer (&e->backup, g_free);
        }
    }
  /* Deepest first; a folder someone else filled meanwhile stays. */
  for (guint i = self->created_dirs->len; i-- > 0;)
    g_rmdir (self->created_dirs->pdata[i]);
  g_ptr_array_set_size (self->created_dirs, 0);
}

static gboolean
fail (MsFileSet *self, GPtrArray *changed, const char *path, int saved, GError **error)
{
  gboolean partial = FALSE;

  roll_back (self, changed);
  for (guint i = 0; i < changed->len; i++)
    partial |= ((Entry *) changed->pdata[i])->restore_failed;
  if (partial)
    g_set_error (error, MS_FILE_SET_ERROR, MS_FILE_SET_ERROR_WRITE,
                 /* TRANSLATORS: a file path, then the system's error message, e.g. “No space left on device”. */
                 _("Cannot write %s: %s. Some files could not be put back as they were: their copies ending in "
                   ".bak hold what was there before."), path, g_strerror (saved));
  else
    g_set_error (error, MS_FILE_SET_ERROR, MS_FILE_SET_ERROR_WRITE,
                 /* TRANSLATORS: a file path, then the system's error message, e.g. “No space left on device”. */
                 _("Cannot write %s: %s. Nothing was changed."), path, g_strerror (saved));
  return FALSE;
}

gboolean
ms_file_set_commit (MsFileSet *self, GError **error)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  guint renames = 0, fail_at = g_atomic_int_get (&inject_at);
  int saved = 0;

  for (guint i = 0; i < self->order->len; i++)
    if (entry_changed (self->order->pdata[i]))
      g_ptr_array_add (changed, self->order->pdata[i]);

  for (guint i = 0; i < changed->len; i++)
    {
      Entry *e = changed->pdata[i];

      if (!e->delete && !make_dirs (self, e->path, &saved))
        return fail (self, changed, e->path, saved, error);
      if (e->before && !write_backup (e, stamp, &saved))
        return fail (self, changed, e->path, saved, error);
    }
  for (guint i = 0; i < changed->len; i++)
    {
      Entry *e = changed->pdata[i];
      gsize size;
      const char *data;

      if (e->delete)
        continue;
      data = g_bytes_get_data (e->after, &size);
      if ((e->staged = stage (e->path, data, size, e->mode, &saved)) == NULL)
        return fail (self, changed, e->path, saved, error);
    }
  for (guint i = 0; i < changed->len; i++)
    {
      Entry *e = changed->pdata[i];
      int status;

      if (fail_at && ++renames == fail_at)
        return fail (self, changed, e->path, EIO, error);
      status = e->delete ? g_unlink (e->path) : g_rename (e->staged, e->path);
      if (status != 0 && !(e->delete && errno == ENOENT))
        return fail (self, changed, e->path, errno, error);
      g_clear_pointer (&e->staged, g_free);
      e->done = TRUE;
    }
  /* The renames themselves must reach the disk before we call it written. */
  for (guint i = 0; i < changed->len; i++)
    {
      Entry *e = changed->pdata[i];

      sync_dir (e->path);
      g_ptr_array_add (e->delete ? self->removed : self->written, g_strdup (e->path));
      if (e->backup)
        g_ptr_array_add (self->backups, g_strdup (e->backup));
    }
  return TRUE;
}

GPtrArray *ms_file_set_get_written (MsFileSet *self) { return self->written; }
GPtrArray *ms_file_set_get_removed (MsFileSet *self) { return self->removed; }
GPtrArray *ms_file_set_get_backups (MsFileSet *self) { return self->backups; }

const char *
ms_file_set_get_backup (MsFileSet *self, const char *path)
{
  Entry *e = g_hash_table_lookup (self->entries, path);

  return e ? e->backup : NULL;
}
