/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-checks.h"
#include "ms-page.h"

G_BEGIN_DECLS

#define MS_TYPE_CHECK_VIEW (ms_check_view_get_type ())
G_DECLARE_FINAL_TYPE (MsCheckView, ms_check_view, MS, CHECK_VIEW, GtkBox)

/* The "Check" step of a server page: probes the chosen server (with a
 * login test) and its alternatives at once, a status line for each, then
 * what works, what failed and why, and a fix that one click applies.
 * It drives the page's apply() protocol itself. */
GtkWidget *ms_check_view_new   (MsChecks *checks, MsServer *server);
gboolean   ms_check_view_apply (MsCheckView *self, MsPage *page, GCancellable *cancellable);

G_END_DECLS
