/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-account.h"
#include "net/ms-probe.h"

G_BEGIN_DECLS

#define MS_TYPE_CHECKS (ms_checks_get_type ())
G_DECLARE_FINAL_TYPE (MsChecks, ms_checks, MS, CHECKS, GObject)

/* What the wizard learned about the account's two servers: the result of
 * the last check of each and the certificate exceptions the user accepted.
 * Shared by the server pages, the certificate page and the summary. */
MsChecks       *ms_checks_new            (MsAccount *account);
MsAccount      *ms_checks_get_account    (MsChecks *self);
gboolean        ms_checks_get_enabled    (MsChecks *self);
void            ms_checks_set_enabled    (MsChecks *self, gboolean enabled);
MsPinStore     *ms_checks_get_pin_store  (MsChecks *self);
MsProbeOptions *ms_checks_make_options   (MsChecks *self, MsServer *server, gboolean with_login);
MsProbeResult  *ms_checks_get_result     (MsChecks *self, MsServer *server);
void            ms_checks_set_result     (MsChecks *self, MsServer *server, MsProbeResult *result);
char           *ms_checks_describe_result (const MsProbeResult *result);

G_END_DECLS
