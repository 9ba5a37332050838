/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-provider-store.h"

G_BEGIN_DECLS

/* The command line: the options, and the commands that run without a
 * window (--check, --apply, --list-providers, --version).  This is the
 * only place besides the wizard that reads the terminal, prints or
 * decides an exit status. */

#define MS_CLI_ERROR (ms_cli_error_quark ())

typedef enum {
  MS_CLI_ERROR_BAD_OPTION,         /* a value the option does not take */
  MS_CLI_ERROR_NOT_UTF8,           /* an option's value is not UTF-8 text */
  MS_CLI_ERROR_NO_PASSWORD,        /* none given, or an empty standard input */
  MS_CLI_ERROR_PASSWORD_TOO_LONG,
  MS_CLI_ERROR_PASSWORD_NUL,       /* a NUL byte in the password */
  MS_CLI_ERROR_UNKNOWN_PROVIDER,
  MS_CLI_ERROR_UNKNOWN_PROGRAM,
  MS_CLI_ERROR_NO_PROGRAM,         /* neither mail program installed, none named */
  MS_CLI_ERROR_WRONG_KIND,         /* an incoming server given as smtp, or the reverse */
} MsCliError;

GQuark ms_cli_error_quark (void);

const GOptionEntry *ms_cli_option_entries (void);

/* Runs the command @options ask for and returns its exit status, or -1
 * when they ask for none (the wizard opens then).  Runs its own main loop
 * when needed: call it with none running. */
int  ms_cli_run (GVariantDict *options, MsProviderStore *store);

/* Once, first thing in main(): no core dump may ever hold a password
 * (the process may hold one from standard input or the wizard). */
void ms_cli_protect_process (void);

G_END_DECLS
