/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-assistant.h"
#include "session/ms-setup-session.h"

G_BEGIN_DECLS

/* Builds the assistant with every step, for the application, the
 * walkthrough and the tests alike. */
MsAssistant *ms_wizard_new          (GtkApplication *app, MsSetupSession *session, MsProviderStore *store);
void         ms_wizard_init_style   (void);

G_END_DECLS
