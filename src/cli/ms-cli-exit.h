/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The exit codes of every command (docs/batch.md, docs/check-json.md):
 * one per kind of failure, so that a script or configuration management
 * can react without reading the text. */
typedef enum {
  MS_EXIT_OK          = 0,
  MS_EXIT_FAILED      = 1,   /* a mail program could not be written, for another reason */
  MS_EXIT_USAGE       = 2,   /* bad input: options, settings file, account fields */
  MS_EXIT_UNREACHABLE = 3,   /* a server did not answer, or not as a mail server */
  MS_EXIT_AUTH        = 4,   /* the server refused the username or password */
  MS_EXIT_CERTIFICATE = 5,   /* a certificate was refused, or needs approval (--accept-fingerprint) */
  MS_EXIT_LOCKED      = 6,   /* a mail program is running on the profile */
  MS_EXIT_KEYRING     = 7,   /* no usable keyring; --no-remember-password goes on without */
  MS_EXIT_CANCELLED   = 130, /* interrupted (SIGINT, SIGTERM) */
} MsExit;

/* The exit code an error stands for, from the one table in ms-cli-exit.c. */
MsExit      ms_cli_exit_for_error (const GError *error);
/* A stable name for JSON: "ok", "usage", "unreachable"… */
const char *ms_cli_exit_name      (MsExit code);

G_END_DECLS
