/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A unified diff (3 lines of context) from @old_text to @new_text, as
 * `diff -u` prints it, or an empty string when they are equal.  NULL
 * @old_text is a new file ("--- /dev/null"). */
char *ms_diff_unified (const char *old_path, const char *old_text, const char *new_path, const char *new_text);

G_END_DECLS
