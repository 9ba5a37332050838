/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MS_FILE_ERROR (ms_file_error_quark ())

typedef enum {
  MS_FILE_ERROR_NOT_FOUND,     /* no such file */
  MS_FILE_ERROR_NOT_REGULAR,   /* a directory, FIFO, device, socket… */
  MS_FILE_ERROR_TOO_LARGE,     /* beyond the caller's bound */
  MS_FILE_ERROR_IO,            /* permission, read error */
} MsFileError;

GQuark ms_file_error_quark (void);

/* Bounds for what we read from outside.  The largest real prefs.js seen is
 * a few hundred KiB; the largest ISPDB file a few KiB. */
#define MS_FILE_MAX_PROFILE   (1024 * 1024)
#define MS_FILE_MAX_SETTINGS  (1024 * 1024)
#define MS_FILE_MAX_CLIENT    (16 * 1024 * 1024)

/* Reads @path whole, after checking that it is a regular file of at most
 * @max_size bytes, without ever blocking on a FIFO or reading past the
 * bound from a file that grows.  The contents are NUL-terminated.
 * Blocking: call from a thread. */
gboolean ms_file_read_bounded (const char *path, gsize max_size, char **contents, gsize *length,
                               GError **error);

G_END_DECLS
