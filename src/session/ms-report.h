/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clients/ms-apply.h"
#include "ms-setup-session.h"
#include "clients/ms-cert-audit.h"

G_BEGIN_DECLS

/* The diagnostic report a helpdesk asks for: version, provider, settings,
 * each check with its result and reason, the certificates and their
 * verdicts, and what was written where.  In the user's language, and with
 * every secret redacted. */
typedef struct {
  MsAccount *account;
  MsVerdict *incoming;       /* the verdict on each server, or NULL when not checked */
  MsVerdict *outgoing;
  const char *port25_advice; /* the guide's explanation when port 25 is blocked */
  GPtrArray *outcomes;       /* MsApplyOutcome*, or NULL before writing */
  const MsCertAudit *certificates;  /* the stored exceptions compared, or NULL */
  const MsDiagnosisReport *existing; /* the last check of the existing accounts, or NULL */
} MsReportInput;

/* What the session knows now, with @outcomes (NULL before writing). */
MsReportInput ms_report_input_from_session (MsSetupSession *session, GPtrArray *outcomes);

char    *ms_report_text       (const MsReportInput *input);
char    *ms_report_html       (const MsReportInput *input);
/* Writes text (.txt) or HTML (.html, .htm) by the file name, atomically,
 * in a thread. */
void     ms_report_save_async  (const MsReportInput *input, GFile *file, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);
gboolean ms_report_save_finish (GAsyncResult *result, GError **error);

G_END_DECLS
