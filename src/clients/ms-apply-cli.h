/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-provider.h"

G_BEGIN_DECLS

#define MS_APPLY_CLI_ERROR (ms_apply_cli_error_quark ())

typedef enum {
  MS_APPLY_CLI_ERROR_USAGE,
  MS_APPLY_CLI_ERROR_SETTINGS_FILE,
  MS_APPLY_CLI_ERROR_NO_CLIENT,
} MsApplyCliError;

GQuark ms_apply_cli_error_quark (void);

/* Exit codes of ms_apply_cli_run(), one per kind of failure, so that a
 * script or configuration management can react (docs/batch.md). */
#define MS_APPLY_EXIT_OK           0
#define MS_APPLY_EXIT_FAILED       1   /* a client could not be written, for another reason */
#define MS_APPLY_EXIT_USAGE        2   /* bad input: options, settings file, account fields */
#define MS_APPLY_EXIT_UNREACHABLE  3   /* a server did not answer, or not as a mail server */
#define MS_APPLY_EXIT_AUTH         4   /* the server refused the username or password */
#define MS_APPLY_EXIT_CERTIFICATE  5   /* a certificate was refused, or needs --accept-fingerprint */
#define MS_APPLY_EXIT_LOCKED       6   /* a mail program is running on the profile */
#define MS_APPLY_EXIT_KEYRING      7   /* no usable keyring; --no-remember-password goes on without */
#define MS_APPLY_EXIT_CANCELLED    130

/* What "mail-setup --apply" does, without the option parsing.  Every field
 * may be NULL/0; a settings file (GKeyFile, see docs/batch.md) fills what
 * the options leave out. */
typedef struct {
  const char *settings_file;
  MsProvider *provider;                 /* NULL: the settings file's, or the default */
  const char *incoming;                 /* PROTOCOL:HOST:PORT[:SECURITY[:CERTNAME]] */
  const char *outgoing;
  const char *name;
  const char *address;
  const char *username;                 /* when not the full address */
  const char *reply_to;
  const char *organization;
  const char *signature;
  gboolean read_password;               /* one line from password_fd */
  int password_fd;
  const char *password_env;             /* name of an environment variable holding it */
  gboolean no_remember;                 /* do not store the password anywhere */
  const char *const *clients;           /* ids; NULL: every installed one */
  const char *thunderbird_profile;
  const char *const *accept_fingerprints;
  const char *pin_store_path;
  const char *ca_file;
  guint timeout_ms;
  gboolean no_check;
  gboolean allow_plaintext;
  gboolean dry_run;
  gboolean json;
  gboolean test_message;                /* then send one to yourself and wait for it */
  guint test_wait_seconds;              /* 0: the default bound */
} MsApplyCliOptions;

int ms_apply_cli_run (const MsApplyCliOptions *opts);

G_END_DECLS
