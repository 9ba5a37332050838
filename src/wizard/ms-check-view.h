/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "session/ms-setup-session.h"
#include "ms-page.h"

G_BEGIN_DECLS

#define MS_TYPE_CHECK_VIEW (ms_check_view_get_type ())
G_DECLARE_FINAL_TYPE (MsCheckView, ms_check_view, MS, CHECK_VIEW, GtkBox)

/* The verdict on one of the account's servers, as the setup session
 * decides it: a line per probe while the check runs, then what works or
 * what failed and why, in the guide's words, with the fix that works.  It
 * shows whatever verdict the session holds, including one made elsewhere
 * (after a certificate is accepted), and drives its page's apply(). */
GtkWidget *ms_check_view_new   (MsSetupSession *session, MsRole role);
/* Continue: checks unless the session has a verdict for the settings as
 * they are; asks before going on with settings that fail. */
gboolean   ms_check_view_apply (MsCheckView *self, MsPage *page, GCancellable *cancellable);

G_END_DECLS
