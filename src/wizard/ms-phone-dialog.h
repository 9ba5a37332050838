/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/ms-account.h"

G_BEGIN_DECLS

#define MS_TYPE_PHONE_DIALOG (ms_phone_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MsPhoneDialog, ms_phone_dialog, MS, PHONE_DIALOG, GtkDialog)

/* "Set up my phone or tablet": the guide's advice for phones (SSL only,
 * IMAP, never POP) and the three exports that carry it there. */
GtkWidget *ms_phone_dialog_new (GtkWindow *parent, MsAccount *account);

G_END_DECLS
