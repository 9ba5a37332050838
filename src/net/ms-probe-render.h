/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-json.h"
#include "ms-probe.h"

G_BEGIN_DECLS

/* What one probe learned, for people: its outcome and reason, the
 * connection, the greeting and capabilities, and the certificate chain
 * with its verdict.  Shared by the command line and the helpdesk report. */
char *ms_probe_render_text      (const MsProbeResult *result);
/* The same for machines; the schema is in docs/check-json.md. */
void  ms_probe_render_json      (GString *out, const MsProbeResult *result);
void  ms_endpoint_render_json   (GString *out, const MsEndpoint *endpoint);

G_END_DECLS
