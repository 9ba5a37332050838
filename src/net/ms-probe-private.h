/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-probe.h"

G_BEGIN_DECLS

MsProbeResult *_ms_probe_result_new (const MsEndpoint *endpoint);

G_END_DECLS
