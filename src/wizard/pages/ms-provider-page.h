/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-provider-store.h"
#include "wizard/ms-checks.h"
#include "wizard/ms-page.h"

G_BEGIN_DECLS

#define MS_TYPE_PROVIDER_PAGE (ms_provider_page_get_type ())
G_DECLARE_FINAL_TYPE (MsProviderPage, ms_provider_page, MS, PROVIDER_PAGE, MsPage)

/* @checks: whether the wizard may go online (--offline: no ISP database). */
MsPage *ms_provider_page_new (MsAccount *account, MsProviderStore *store, MsChecks *checks);

G_END_DECLS
