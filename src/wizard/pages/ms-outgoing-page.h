/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "session/ms-setup-session.h"
#include "wizard/ms-page.h"

G_BEGIN_DECLS

#define MS_TYPE_OUTGOING_PAGE (ms_outgoing_page_get_type ())
G_DECLARE_FINAL_TYPE (MsOutgoingPage, ms_outgoing_page, MS, OUTGOING_PAGE, MsPage)

MsPage *ms_outgoing_page_new (MsAccount *account, MsSetupSession *session);

G_END_DECLS
