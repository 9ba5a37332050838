/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One change to a mail program's files, made all at once or not at all.
 *
 * A writer first loads every file it means to touch (read before), then
 * says what each should become (plan).  The set can then show the change
 * as a diff (dry run), or commit it: back up each file it replaces, stage
 * every new file under a hidden temporary name, then rename them into
 * place in the order they were planned.  If anything fails part-way, the
 * files already renamed get their old contents back, new files and the
 * folders made for them go, and so do the backups of a change that never
 * happened.  Blocking: run it in a worker thread. */

#define MS_FILE_SET_ERROR (ms_file_set_error_quark ())

typedef enum {
  MS_FILE_SET_ERROR_READ,     /* a file to change could not be read safely */
  MS_FILE_SET_ERROR_WRITE,    /* staging, backing up or renaming failed: nothing changed */
} MsFileSetError;

GQuark ms_file_set_error_quark (void);

#define MS_TYPE_FILE_SET (ms_file_set_get_type ())
G_DECLARE_FINAL_TYPE (MsFileSet, ms_file_set, MS, FILE_SET, GObject)

MsFileSet  *ms_file_set_new           (void);

/* Reads @path (a regular file of at most @max_size bytes; absent is fine)
 * so that its change can be planned, shown and undone.  Loading a path
 * twice keeps the first reading. */
gboolean    ms_file_set_load          (MsFileSet *self, const char *path, gsize max_size, GError **error);
/* What @path holds now (NUL-terminated), or NULL when it does not exist. */
const char *ms_file_set_get_before    (MsFileSet *self, const char *path, gsize *length);
/* What @path will hold: the planned contents, else the current ones. */
const char *ms_file_set_get_after     (MsFileSet *self, const char *path, gsize *length);

/* Plans @path's new contents, written with @mode.  @path must have been
 * loaded.  Planning the current contents again is not a change. */
void        ms_file_set_replace       (MsFileSet *self, const char *path, const char *data, gssize length,
                                       guint mode);
void        ms_file_set_replace_bytes (MsFileSet *self, const char *path, GBytes *data, guint mode);
/* Plans @path's removal (loaded first). */
void        ms_file_set_delete        (MsFileSet *self, const char *path);
/* A diff of this file would mean nothing to a reader (binary, or secret):
 * the dry run names it with @note instead. */
void        ms_file_set_set_opaque    (MsFileSet *self, const char *path, const char *note);

gboolean    ms_file_set_has_changes   (MsFileSet *self);
gboolean    ms_file_set_is_changed    (MsFileSet *self, const char *path);
/* The planned change of every file, as `diff -u` would show it. */
char       *ms_file_set_diff          (MsFileSet *self);

gboolean    ms_file_set_commit        (MsFileSet *self, GError **error);

/* After a commit: the paths created or replaced, and removed, in order. */
GPtrArray  *ms_file_set_get_written   (MsFileSet *self);
GPtrArray  *ms_file_set_get_removed   (MsFileSet *self);
/* After a commit: each backup made (the copy of a replaced or removed
 * file), and the one of @path, or NULL. */
GPtrArray  *ms_file_set_get_backups   (MsFileSet *self);
const char *ms_file_set_get_backup    (MsFileSet *self, const char *path);

/* For tests: the @n-th rename of every commit from now on fails with EIO
 * (n counts from 1), as a full or failing disk would; 0 turns it off. */
void        ms_file_set_inject_failure (guint n);

G_END_DECLS
