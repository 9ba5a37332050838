/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>

#include "core/ms-provider.h"
#include "ms-pin-store.h"

G_BEGIN_DECLS

#define MS_CHECK_CLI_ERROR (ms_check_cli_error_quark ())

typedef enum {
  MS_CHECK_CLI_ERROR_BAD_SERVER,
  MS_CHECK_CLI_ERROR_BAD_FINGERPRINT,
  MS_CHECK_CLI_ERROR_NOTHING_TO_CHECK,
  MS_CHECK_CLI_ERROR_NO_PASSWORD,
} MsCheckCliError;

GQuark ms_check_cli_error_quark (void);

/* Exit codes of ms_check_cli_run(). */
#define MS_CHECK_EXIT_PASSED    0   /* every selected endpoint passed */
#define MS_CHECK_EXIT_FAILED    1   /* at least one failed (details printed) */
#define MS_CHECK_EXIT_USAGE     2   /* bad option value, or nothing to check */
#define MS_CHECK_EXIT_CANCELLED 130 /* interrupted (SIGINT/SIGTERM) */

/* What "mail-setup --check" does, without the option parsing.
 *
 * Endpoints: @servers when non-empty, each "PROTOCOL:HOST:PORT[:SECURITY[:CERTNAME]]"
 * (PROTOCOL imap|pop3|smtp; SECURITY SSL|STARTTLS|plain, default from the
 * port; IPv6 hosts in brackets: "imap:[::1]:993:SSL").  Otherwise every
 * incoming and outgoing endpoint of @provider.  With @all_ports, the
 * standard ports of each protocol (IMAP 143/993, POP3 110/995, SMTP
 * 465/587/25) are probed on the same hosts instead.
 *
 * Login: with @read_password, one line is read from @password_fd (stdin
 * when 0; echo is turned off on a terminal) and a login is tested; the user
 * name is @username, or the endpoint's template expanded with @address.
 * The password is never taken from the command line.
 *
 * Certificates: @accept_fingerprints holds "HOST:PORT=SHA256" exceptions
 * for this run only; the exceptions accepted in the wizard (@pin_store_path,
 * NULL for the default store) count too.  @ca_file adds trust anchors.
 *
 * Output on stdout: text, or JSON (docs/check-json.md) with @json; errors
 * in the options go to stderr.  Runs its own GMainLoop; call it from
 * main() with no loop running. */
typedef struct {
  const char *const *servers;
  MsProvider *provider;
  gboolean all_ports;
  const char *address;
  const char *username;
  gboolean read_password;
  int password_fd;
  gboolean allow_plaintext;
  const char *const *accept_fingerprints;
  const char *pin_store_path;
  const char *ca_file;
  guint connect_timeout_ms;   /* 0: 5000 */
  guint read_timeout_ms;      /* 0: 5000 */
  gboolean json;
  FILE *output;               /* NULL: stdout */
} MsCheckCliOptions;

int ms_check_cli_run (const MsCheckCliOptions *opts);

/* Shared with --apply: one HOST:PORT=SHA256 exception into @store, and
 * one line of password from @fd (echo off on a terminal). */
gboolean ms_check_cli_add_fingerprint (MsPinStore *store, const char *spec, GError **error);
char    *ms_check_cli_read_password   (int fd, GError **error);

/* Parses one --server value; exposed for tests and the wizard. */
gpointer ms_check_cli_parse_server (const char *spec, GError **error);  /* MsEndpoint* */

G_END_DECLS
