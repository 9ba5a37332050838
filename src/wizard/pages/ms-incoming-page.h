/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "session/ms-setup-session.h"
#include "wizard/ms-page.h"

G_BEGIN_DECLS

#define MS_TYPE_INCOMING_PAGE (ms_incoming_page_get_type ())
G_DECLARE_FINAL_TYPE (MsIncomingPage, ms_incoming_page, MS, INCOMING_PAGE, MsPage)

MsPage *ms_incoming_page_new (MsAccount *account, MsSetupSession *session);

G_END_DECLS
