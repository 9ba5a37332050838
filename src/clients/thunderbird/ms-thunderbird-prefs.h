/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A Thunderbird prefs.js, parsed with libpref's grammar but kept as text:
 * serializing writes every untouched byte back exactly as it was, so the
 * user's comments, escapes and ordering survive.  Only prefs set through
 * this API are rewritten (in place) or appended. */
typedef enum {
  MS_TB_PREF_STRING,
  MS_TB_PREF_INT,
  MS_TB_PREF_BOOL,
} MsTbPrefType;

typedef struct _MsTbPrefs MsTbPrefs;

/* Error domain G_FILE_ERROR is not right for syntax: G_MARKUP_ERROR_PARSE is
 * used with a message naming the line. */
MsTbPrefs  *ms_tb_prefs_parse        (const char *text, gsize length, GError **error);
MsTbPrefs  *ms_tb_prefs_new          (void);
void        ms_tb_prefs_free         (MsTbPrefs *prefs);

gboolean    ms_tb_prefs_has          (MsTbPrefs *prefs, const char *name);
gboolean    ms_tb_prefs_get_type     (MsTbPrefs *prefs, const char *name, MsTbPrefType *type);
const char *ms_tb_prefs_get_string   (MsTbPrefs *prefs, const char *name);
gboolean    ms_tb_prefs_get_int      (MsTbPrefs *prefs, const char *name, gint32 *value);
gboolean    ms_tb_prefs_get_bool     (MsTbPrefs *prefs, const char *name, gboolean *value);

/* Setting a pref to the value it already has changes nothing in the text. */
void        ms_tb_prefs_set_string   (MsTbPrefs *prefs, const char *name, const char *value);
void        ms_tb_prefs_set_int      (MsTbPrefs *prefs, const char *name, gint32 value);
void        ms_tb_prefs_set_bool     (MsTbPrefs *prefs, const char *name, gboolean value);
void        ms_tb_prefs_remove       (MsTbPrefs *prefs, const char *name);

/* Names of the live prefs, in file order (then appended ones). */
GPtrArray  *ms_tb_prefs_list_names   (MsTbPrefs *prefs);

char       *ms_tb_prefs_serialize    (MsTbPrefs *prefs, gsize *length);

/* A JS string literal for @value, in double quotes: \\ \" \n \r escaped,
 * other control characters as \uNNNN, UTF-8 kept raw as Thunderbird does. */
char       *ms_tb_js_quote           (const char *value);
/* Decodes the string literal at @text (starting with ' or "); sets @consumed
 * to the bytes read, quotes included.  NULL with @error on a bad literal. */
char       *ms_tb_js_unquote         (const char *text, gsize length, gsize *consumed, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsTbPrefs, ms_tb_prefs_free)

G_END_DECLS
