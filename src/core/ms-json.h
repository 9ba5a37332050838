/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends @text as a JSON string literal (quotes included); NULL gives
 * null.  The same literal is a valid JavaScript string, which is what
 * Thunderbird's prefs.js needs too. */
void ms_json_append_string (GString *out, const char *text);
/* Appends @strings (char*; NULL: none) as a JSON array of strings. */
void ms_json_append_strings (GString *out, GPtrArray *strings);

G_END_DECLS
