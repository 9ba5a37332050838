/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MS_SETTINGS_FILE_ERROR (ms_settings_file_error_quark ())

typedef enum {
  MS_SETTINGS_FILE_ERROR_READ,      /* missing, not a regular file, too large */
  MS_SETTINGS_FILE_ERROR_SYNTAX,    /* not a key file */
  MS_SETTINGS_FILE_ERROR_VALUE,     /* a key with a value of the wrong kind */
} MsSettingsFileError;

GQuark ms_settings_file_error_quark (void);

/* What an `--apply --settings FILE` key file holds (docs/batch.md).
 * Every field is NULL (or -1 for remember_password) when the file does
 * not say; the command line fills the gaps and wins over the file. */
typedef struct {
  char *provider;
  char *name;
  char *address;
  char *username;
  char *reply_to;
  char *organization;
  char *signature;
  char *password_env;
  int remember_password;        /* -1 unset, 0, 1 */
  char *incoming;               /* PROTOCOL:HOST:PORT[:SECURITY[:CERTNAME]] */
  char *outgoing;
  GStrv clients;
  char *thunderbird_profile;
  char *ca_file;
  GStrv accept;                 /* HOST:PORT=SHA256 */
} MsSettingsFile;

void            ms_settings_file_free      (MsSettingsFile *settings);
/* Parses the text of a settings file; @origin names it in errors. */
MsSettingsFile *ms_settings_file_parse     (const char *data, gsize length, const char *origin, GError **error);
/* Reads and parses a file (a regular file of at most 1 MiB). */
MsSettingsFile *ms_settings_file_load      (const char *path, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsSettingsFile, ms_settings_file_free)

G_END_DECLS
