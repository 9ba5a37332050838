/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clients/ms-apply.h"
#include "session/ms-setup-session.h"
#include "wizard/ms-page.h"

G_BEGIN_DECLS

#define MS_TYPE_APPLY_PAGE (ms_apply_page_get_type ())
G_DECLARE_FINAL_TYPE (MsApplyPage, ms_apply_page, MS, APPLY_PAGE, MsPage)

/* @clients: MsClient*, every program Mail Setup can write. */
MsPage    *ms_apply_page_new          (MsAccount *account, MsSetupSession *session, GPtrArray *clients);
/* MsApplyOutcome*, from the last successful run. */
GPtrArray *ms_apply_page_get_outcomes (MsApplyPage *self);

G_END_DECLS
