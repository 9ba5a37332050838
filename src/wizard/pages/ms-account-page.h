/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "wizard/ms-page.h"

G_BEGIN_DECLS

#define MS_TYPE_ACCOUNT_PAGE (ms_account_page_get_type ())
G_DECLARE_FINAL_TYPE (MsAccountPage, ms_account_page, MS, ACCOUNT_PAGE, MsPage)

MsPage *ms_account_page_new (MsAccount *account);

G_END_DECLS
