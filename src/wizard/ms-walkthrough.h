/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-provider-store.h"

G_BEGIN_DECLS

/* Drives the real wizard through every step with the guide's example
 * data, saves one PNG per step and an index.html that tells a customer
 * what to do at each: a ready-made helpdesk document.  Returns an exit code. */
int ms_walkthrough_run (const char *dir, MsProviderStore *store, MsProvider *provider);

G_END_DECLS
