/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "session/ms-setup-session.h"
#include "wizard/ms-page.h"

G_BEGIN_DECLS

#define MS_TYPE_CERTIFICATES_PAGE (ms_certificates_page_get_type ())
G_DECLARE_FINAL_TYPE (MsCertificatesPage, ms_certificates_page, MS, CERTIFICATES_PAGE, MsPage)

MsPage *ms_certificates_page_new (MsAccount *account, MsSetupSession *session, MsPage *incoming_page,
                                   MsPage *outgoing_page);

G_END_DECLS
