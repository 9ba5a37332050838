/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clients/ms-apply.h"
#include "net/ms-test-message.h"
#include "ms-diagnosis.h"
#include "ms-verdict.h"

G_BEGIN_DECLS

/* The setup session: everything Mail Setup decides, with no GTK.  It owns
 * the account, the accepted certificates and how to probe; it checks the
 * account's servers and gives one verdict per server (with its fix and the
 * guide's advice), accepts certificates and checks again, tells what
 * blocks writing the mail programs, writes them, and sends the test
 * message.  The wizard's pages and the command line both drive this one
 * object and only render what it decides, so that both always give the
 * same answer. */

#define MS_SESSION_ERROR (ms_session_error_quark ())

typedef enum {
  MS_SESSION_ERROR_OFFLINE,          /* checks are off (--offline, walkthrough) */
  MS_SESSION_ERROR_NOTHING_TO_CHECK, /* no server to check */
  MS_SESSION_ERROR_NO_CERTIFICATE,   /* no certificate with that fingerprint awaits approval */
  MS_SESSION_ERROR_CANNOT_ACCEPT,    /* that certificate can never be accepted (name, dates) */
  MS_SESSION_ERROR_BLOCKED,          /* something must be done before writing (see the blockers) */
} MsSessionError;

GQuark ms_session_error_quark (void);

/* The outcome of one check: a verdict per judged server, and what the
 * other doors of the same hosts said, which never changes a verdict. */
typedef struct {
  GPtrArray *verdicts;        /* MsVerdict*, in the order judged */
  GPtrArray *alternatives;    /* MsProbeResult*, one per other door */
  char *port25_advice;        /* the guide's explanation when port 25 is blocked, or NULL */
  gint64 total_ms;
} MsCheckReport;

void       ms_check_report_free          (MsCheckReport *report);
/* Every judged server passed: the account will work as set up. */
gboolean   ms_check_report_works         (const MsCheckReport *report);
/* The first verdict that is not PASSED, or NULL. */
MsVerdict *ms_check_report_first_problem (const MsCheckReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCheckReport, ms_check_report_free)

/* What stands in the way of writing the mail programs, with its advice. */
typedef struct {
  MsClient *client;           /* the program concerned; NULL for the keyring */
  GError *error;              /* MS_CLIENT_ERROR_RUNNING, MS_CLIENT_ERROR_KEYRING… */
} MsBlocker;

typedef struct {
  GPtrArray *blockers;        /* MsBlocker*: with any, a real run wrote nothing */
  GPtrArray *outcomes;        /* MsApplyOutcome*, per program (a dry run always has them) */
} MsApplyReport;

void       ms_apply_report_free          (MsApplyReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsApplyReport, ms_apply_report_free)

typedef enum {
  MS_CHECK_INCOMING = 1 << 0,
  MS_CHECK_OUTGOING = 1 << 1,
  MS_CHECK_BOTH     = MS_CHECK_INCOMING | MS_CHECK_OUTGOING,
} MsCheckScope;

/* Signals (in the main context the session was made in):
 *   probe-started  (guint id, MsEndpoint *endpoint, gint role, gboolean fallback)
 *   probe-finished (guint id, MsProbeResult *result, gint role, gboolean fallback)
 *     role is an MsRole for a judged server, -1 for another door; a
 *     fallback is the other TLS mode on the same port.  Ids are unique
 *     within the session.
 *   verdict-changed (gint role)
 *     a verdict was made, or cleared because its server was edited. */
#define MS_TYPE_SETUP_SESSION (ms_setup_session_get_type ())
G_DECLARE_FINAL_TYPE (MsSetupSession, ms_setup_session, MS, SETUP_SESSION, GObject)

/* @pins: the accepted certificates (a file store, or a memory one for a
 * run that must not remember them). */
MsSetupSession *ms_setup_session_new            (MsAccount *account, MsPinStore *pins);
MsAccount      *ms_setup_session_get_account    (MsSetupSession *self);
MsPinStore     *ms_setup_session_get_pin_store  (MsSetupSession *self);

/* How to probe: each connect, read and handshake waits at most
 * @timeout_ms (0: 5 s); @ca_file adds trusted authorities (a PEM file). */
void            ms_setup_session_set_timeout    (MsSetupSession *self, guint timeout_ms);
void            ms_setup_session_set_ca_file    (MsSetupSession *self, const char *ca_file);
/* MAIL_SETUP_TIMEOUT_MS and MAIL_SETUP_CA_FILE, as the wizard reads them. */
void            ms_setup_session_load_environment (MsSetupSession *self);
/* Never contact a server (walkthroughs, preparing before going online). */
void            ms_setup_session_set_offline    (MsSetupSession *self, gboolean offline);
gboolean        ms_setup_session_get_offline    (MsSetupSession *self);
/* By default a blocked port 25 is replaced by the door that answers, as
 * the guide says; with @keep the servers stay as given and the verdict
 * advises instead. */
void            ms_setup_session_set_keep_servers (MsSetupSession *self, gboolean keep);

/* The one way to build probe options: login with @server's username and
 * the account's password when @server is given, none otherwise. */
MsProbeOptions *ms_setup_session_probe_options  (MsSetupSession *self, MsServer *server);

/* Checks the account's servers (and the other doors of their hosts, with
 * no login), then keeps a verdict per server.  Fails only when cancelled
 * or offline. */
void            ms_setup_session_check_async    (MsSetupSession *self, MsCheckScope scope,
                                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                                 gpointer user_data);
MsCheckReport  *ms_setup_session_check_finish   (MsSetupSession *self, GAsyncResult *result, GError **error);
/* For `--check --server`: judges @endpoints (MsEndpoint*) with the
 * account's login, or every standard door of their hosts with @all_ports.
 * Keeps no verdict. */
void            ms_setup_session_check_endpoints_async (MsSetupSession *self, GPtrArray *endpoints,
                                                        gboolean all_ports, GCancellable *cancellable,
                                                        GAsyncReadyCallback callback, gpointer user_data);
/* The verdict on @role's server as it is now, or NULL (never checked,
 * or edited since). */
MsVerdict      *ms_setup_session_get_verdict    (MsSetupSession *self, MsRole role);
/* The last check's report, or NULL. */
const MsCheckReport *ms_setup_session_get_report (MsSetupSession *self);

/* Accepts the certificate with this SHA-256 for every server of the
 * account that presented it, stores the exception, then checks those
 * servers again with the login.  Refuses a certificate that can never be
 * accepted (another name, expired, not yet valid). */
void            ms_setup_session_accept_async   (MsSetupSession *self, const char *sha256,
                                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                                 gpointer user_data);
gboolean        ms_setup_session_accept_finish  (MsSetupSession *self, GAsyncResult *result, GError **error);

/* Which of @clients need the keyring for these options. */
gboolean        ms_setup_session_needs_keyring  (MsSetupSession *self, GPtrArray *clients,
                                                 const MsClientOptions *options);
/* Writes the account into @clients (MsClient*).  First finds what blocks
 * it (a program running on its profile; no keyring, only when a program
 * that keeps its password there is chosen): a real run then writes
 * nothing; a dry run still shows every change.  Signals of the MsApply it
 * runs are forwarded: client-started (MsClient), client-finished (MsClient,
 * MsApplyOutcome). */
void            ms_setup_session_apply_async    (MsSetupSession *self, GPtrArray *clients,
                                                 const MsClientOptions *options, GCancellable *cancellable,
                                                 GAsyncReadyCallback callback, gpointer user_data);
MsApplyReport  *ms_setup_session_apply_finish   (MsSetupSession *self, GAsyncResult *result, GError **error);

/* The account's settings as rows (ms_account_summary_rows()), each server
 * with what its check found instead of "recommended" once checked. */
GPtrArray      *ms_setup_session_summary_rows (MsSetupSession *self);
/* What will not work with the servers as they are, one line per server
 * whose check failed; NULL when nothing failed.  The summary and the last
 * page say it instead of "recommended" and "ready". */
char           *ms_setup_session_describe_problems (MsSetupSession *self);

/* Check an existing account: finds the accounts the mail programs
 * already have for @address (NULL: those on the provider's hosts), judges
 * their settings by the guide's rules, then, unless offline, checks each
 * one with its own settings (logging in when the account has a password)
 * and compares the certificate exceptions with the servers.  Fails only
 * when cancelled. */
void            ms_setup_session_diagnose_async  (MsSetupSession *self, const char *address,
                                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                                  gpointer user_data);
MsDiagnosisReport *ms_setup_session_diagnose_finish (MsSetupSession *self, GAsyncResult *result,
                                                     GError **error);
/* Repairs in place each account of @report a repair can change: the
 * same keys and UIDs, a diff, backups, refused while its program holds
 * it; the account's password, when it has one, is stored as the apply
 * step stores it.  A dry run only fills in the diffs.  MsRepairOutcome*
 * (each borrowing its diagnosis from @report, which must outlive them);
 * fails only when cancelled. */
void            ms_setup_session_repair_async    (MsSetupSession *self, MsDiagnosisReport *report,
                                                  gboolean dry_run, GCancellable *cancellable,
                                                  GAsyncReadyCallback callback, gpointer user_data);
GPtrArray      *ms_setup_session_repair_finish   (MsSetupSession *self, GAsyncResult *result, GError **error);
/* The last check of the existing accounts, or NULL. */
const MsDiagnosisReport *ms_setup_session_get_diagnosis (MsSetupSession *self);

/* The test message over the account's two servers, ready to run. */
MsTestMessage  *ms_setup_session_new_test_message (MsSetupSession *self);

G_END_DECLS
