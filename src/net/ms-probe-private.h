/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-probe.h"

G_BEGIN_DECLS

/* The mail session records what it learns in one of these while it opens:
 * the probe is that opening followed by a goodbye. */
MsProbeResult *_ms_probe_result_new (const MsEndpoint *endpoint);

G_END_DECLS
