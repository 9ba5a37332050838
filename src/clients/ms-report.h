/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "net/ms-probe.h"
#include "ms-apply.h"
#include "ms-cert-audit.h"

G_BEGIN_DECLS

/* The diagnostic report a helpdesk asks for: version, provider, settings,
 * each check with its result and reason, the certificates and their
 * verdicts, and what was written where.  In the user's language, and with
 * every secret redacted. */
typedef struct {
  MsAccount *account;
  MsProbeResult *incoming;   /* last check of each server, or NULL */
  MsProbeResult *outgoing;
  GPtrArray *outcomes;       /* MsApplyOutcome*, or NULL before writing */
  const MsCertAudit *certificates;  /* the stored exceptions compared, or NULL */
} MsReportInput;

char    *ms_report_text       (const MsReportInput *input);
char    *ms_report_html       (const MsReportInput *input);
/* Writes text (.txt) or HTML (.html, .htm) by the file name, atomically,
 * in a thread. */
void     ms_report_save_async  (const MsReportInput *input, GFile *file, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);
gboolean ms_report_save_finish (GAsyncResult *result, GError **error);

G_END_DECLS
