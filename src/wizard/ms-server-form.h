/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/ms-account.h"

G_BEGIN_DECLS

#define MS_TYPE_SERVER_FORM (ms_server_form_get_type ())
G_DECLARE_FINAL_TYPE (MsServerForm, ms_server_form, MS, SERVER_FORM, GtkBox)

/* The fields both server pages share: server, port, security, username,
 * with the guide's warnings.  Bound to one MsServer of the account. */
GtkWidget *ms_server_form_new          (MsAccount *account, MsServer *server);
gboolean   ms_server_form_is_complete  (MsServerForm *self);
void       ms_server_form_refresh      (MsServerForm *self);

G_END_DECLS
