/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-apply-page.h"

G_BEGIN_DECLS

#define MS_TYPE_DONE_PAGE (ms_done_page_get_type ())
G_DECLARE_FINAL_TYPE (MsDonePage, ms_done_page, MS, DONE_PAGE, MsPage)

MsPage *ms_done_page_new (MsAccount *account, MsSetupSession *session, MsApplyPage *apply_page);

G_END_DECLS
