/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "session/ms-setup-session.h"
#include "ms-cli-exit.h"
#include "ms-cli.h"

G_BEGIN_DECLS

/* The options, checked: every text is UTF-8, every number in range. */
typedef struct {
  gboolean json, dry_run, all_ports, keep_servers, no_check, test_message, no_remember, allow_plaintext;
  gboolean password_stdin;
  gboolean offline;            /* --offline: --discover leaves the ISP database alone */
  char *provider_id;
  char *profile;               /* file names are bytes, as the system gives them */
  char *settings;
  char *ca_file;
  char *thunderbird_profile;
  char *name, *address, *username, *reply_to, *organization, *signature;
  char *incoming, *outgoing;
  char *password_env;
  char *clients;
  GStrv servers;
  GStrv fingerprints;
  gboolean renew, system;      /* --certificates */
  GStrv remove;
  char *install_authority;
  guint timeout_ms;            /* 0: the default */
  int password_fd;             /* 0: standard input */
} MsCliOptions;

MsCliOptions *ms_cli_options_parse (GVariantDict *dict, GError **error);
void          ms_cli_options_free  (MsCliOptions *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCliOptions, ms_cli_options_free)

/* ---- ms-cli-account.c: what --check and --apply share ---- */

/* --profile FILE, --provider ID, or the default. */
MsProvider *ms_cli_choose_provider (const MsCliOptions *o, MsProviderStore *store, GError **error);
/* The account as the options (and settings file) describe it, refused as
 * the wizard's pages would refuse it.  @need_password: fail without one;
 * @with_servers: the account's own servers will be used, check them. */
MsAccount  *ms_cli_build_account   (const MsCliOptions *o, MsProvider *provider, gboolean need_password,
                                    gboolean with_servers, GError **error);
/* The accepted certificates: the user's store (a copy in memory when
 * @persist is FALSE), plus --accept-fingerprint. */
MsPinStore *ms_cli_open_pins       (const MsCliOptions *o, gboolean persist, GError **error);
MsSetupSession *ms_cli_new_session (const MsCliOptions *o, MsAccount *account, MsPinStore *pins);

/* ---- ms-cli-password.c ---- */

#define MS_CLI_PASSWORD_MAX 4096

/* One line from @fd (echo off on a terminal), or the variable named. */
char       *ms_cli_read_password   (int fd, GError **error);
char       *ms_cli_password_from_env (const char *name, GError **error);

/* ---- ms-cli-wait.c: running one asynchronous step to its end ---- */

typedef struct {
  GMainLoop *loop;
  GCancellable *cancellable;
  GAsyncResult *result;
  guint sigint, sigterm;
} MsCliWait;

/* SIGINT and SIGTERM cancel @wait->cancellable while it lives. */
void          ms_cli_wait_init     (MsCliWait *wait);
void          ms_cli_wait_clear    (MsCliWait *wait);
/* The callback to give the step; then ms_cli_wait_run() returns its result. */
void          ms_cli_wait_done     (GObject *source, GAsyncResult *result, gpointer user_data);
GAsyncResult *ms_cli_wait_run      (MsCliWait *wait);

/* ---- ms-cli-render.c ---- */

void          ms_cli_render_check_text  (GString *out, const MsCheckReport *report);
void          ms_cli_render_check_json  (GString *out, const MsCheckReport *report);
/* One server's verdict as the JSON of --check. */
void          ms_cli_render_verdict_json (GString *out, const MsVerdict *verdict);
/* An endpoint as JSON, or null. */
void          ms_cli_json_endpoint_or_null (GString *out, const MsEndpoint *e);
/* The last line of --check: whether the account will work, in words. */
char         *ms_cli_render_conclusion  (const MsCheckReport *report);
/* A usage or early error as the JSON document of the command. */
void          ms_cli_print_error        (const MsCliOptions *o, MsExit status, const GError *error);
void          ms_cli_print              (const char *text);

/* ---- the commands ---- */

int ms_cli_check           (const MsCliOptions *o, MsProviderStore *store);
/* ms-cli-discover.c */
int ms_cli_discover        (const MsCliOptions *o, MsProviderStore *store);
int ms_cli_apply           (const MsCliOptions *o, MsProviderStore *store);
int ms_cli_list_providers  (MsProviderStore *store);
/* ms-cli-certificates.c: the certificates view, --renew, --remove, --install-authority. */
int ms_cli_certificates    (const MsCliOptions *o, MsProviderStore *store);
/* ms-cli-diagnose.c: the accounts the mail programs already have, their
 * mistakes and fixes; with @repair, the fixes written (ms-cli-repair.c). */
int ms_cli_diagnose        (const MsCliOptions *o, MsProviderStore *store, gboolean repair);
void ms_cli_render_diagnosis_json (GString *out, const MsDiagnosis *diagnosis);
/* Repairs what @report found and renders it after the diagnosis in @out
 * (the JSON document is left open by the caller). */
int  ms_cli_repair_run     (const MsCliOptions *o, MsSetupSession *session, MsDiagnosisReport *report,
                            GString *out);

G_END_DECLS
