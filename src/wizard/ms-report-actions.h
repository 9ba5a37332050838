/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "session/ms-report.h"

G_BEGIN_DECLS

/* "Copy a report for the helpdesk" and "Save report", wherever a page
 * offers them.  @outcomes may be NULL before anything was written. */
void ms_report_actions_copy (GtkWidget *from, MsSetupSession *session, GPtrArray *outcomes);
void ms_report_actions_save (GtkWidget *from, MsSetupSession *session, GPtrArray *outcomes);

G_END_DECLS
