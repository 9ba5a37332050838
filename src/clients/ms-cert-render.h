/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-cert-audit.h"
#include "ms-cert-changes.h"

G_BEGIN_DECLS

/* The certificates view in words, for `mail-setup --certificates` and the
 * helpdesk report: text in the user's language, dates written out, the
 * days each certificate has left; and JSON for scripts (docs/certificates-json.md). */

/* "Renewed", "Wrong name"…, translated. */
const char *ms_cert_status_display       (MsCertStatus status);
/* "3 December 2025 to 3 December 2026, valid for 12 more days". */
char       *ms_cert_render_validity      (const MsCertInfo *info);
/* One row: the place, the program, the stored and the server's
 * certificates, the name check, the verdict and the advice. */
void        ms_cert_render_row_text      (GString *out, const MsCertAuditRow *row);
/* Every row, the provider's authorities and the stores that could not be read. */
char       *ms_cert_render_audit_text    (const MsCertAudit *audit);
/* The members of the JSON object (no braces): "exceptions", "authorities", "problems". */
void        ms_cert_render_audit_json    (GString *out, const MsCertAudit *audit);
/* What renewing or removing did, per program, and what was refused. */
char       *ms_cert_render_changes_text  (GPtrArray *outcomes, GPtrArray *refusals);
void        ms_cert_render_changes_json  (GString *out, GPtrArray *outcomes, GPtrArray *refusals);

/* The helpdesk report's certificates section: how many days each
 * certificate has left, the servers' (as checked: @incoming and
 * @outgoing, either may be NULL) and the stored exceptions' (@audit,
 * NULL when none was looked at). */
void        ms_cert_render_report_section (GString *out, const char *incoming_place, const MsCertReport *incoming,
                                           const char *outgoing_place, const MsCertReport *outgoing,
                                           const MsCertAudit *audit);

G_END_DECLS
