/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-json.h"
#include "ms-check.h"

G_BEGIN_DECLS

/* Human-readable report: one block per probe with its reason, the
 * certificate chain and verdict, then the port-25 advice and a summary. */
char *ms_check_render_text  (const MsCheckResult *result);
/* One probe, the same way (for the wizard's "details" view). */
char *ms_probe_render_text  (const MsProbeResult *result);
/* Machine-readable report; schema in docs/check-json.md. */
char *ms_check_render_json  (const MsCheckResult *result);

G_END_DECLS
