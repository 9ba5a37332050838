/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "session/ms-setup-session.h"

G_BEGIN_DECLS

/* "Check My Existing Account": the helpdesk's most common call in one
 * window.  It finds the accounts Thunderbird and Evolution already have,
 * checks each with its own settings through a setup session, lists every
 * mistake with the guide's fix, shows the repair as a diff and writes it
 * into the same accounts. */
#define MS_TYPE_REPAIR_DIALOG (ms_repair_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MsRepairDialog, ms_repair_dialog, MS, REPAIR_DIALOG, GtkWindow)

/* @main: the wizard's session, whose provider, accepted certificates and
 * offline mode the check uses; the address is prefilled from its account. */
GtkWidget         *ms_repair_dialog_new            (GtkWindow *parent, MsSetupSession *main);
/* Checking or repairing now. */
gboolean           ms_repair_dialog_is_busy        (MsRepairDialog *self);
/* The last check, or NULL. */
MsDiagnosisReport *ms_repair_dialog_get_diagnosis  (MsRepairDialog *self);
/* The last repair's outcomes (MsRepairOutcome*), or NULL. */
GPtrArray         *ms_repair_dialog_get_outcomes   (MsRepairDialog *self);

G_END_DECLS
