/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-provider-store.h"
#include "session/ms-setup-session.h"
#include "wizard/ms-page.h"

G_BEGIN_DECLS

#define MS_TYPE_PROVIDER_PAGE (ms_provider_page_get_type ())
G_DECLARE_FINAL_TYPE (MsProviderPage, ms_provider_page, MS, PROVIDER_PAGE, MsPage)

/* @session: whether the wizard may go online (--offline: no ISP database). */
MsPage *ms_provider_page_new (MsAccount *account, MsProviderStore *store, MsSetupSession *session);

G_END_DECLS
