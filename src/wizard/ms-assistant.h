/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-provider-store.h"
#include "ms-page.h"

G_BEGIN_DECLS

#define MS_TYPE_ASSISTANT (ms_assistant_get_type ())
G_DECLARE_FINAL_TYPE (MsAssistant, ms_assistant, MS, ASSISTANT, GtkApplicationWindow)

MsAssistant *ms_assistant_new            (GtkApplication *app, MsAccount *account, MsProviderStore *store);
MsAccount   *ms_assistant_get_account    (MsAssistant *self);
void         ms_assistant_add_page       (MsAssistant *self, MsPage *page);
GList       *ms_assistant_get_pages      (MsAssistant *self);
MsPage      *ms_assistant_get_current    (MsAssistant *self);
guint        ms_assistant_get_current_index (MsAssistant *self);
gboolean     ms_assistant_can_forward    (MsAssistant *self);
void         ms_assistant_next           (MsAssistant *self);
void         ms_assistant_back           (MsAssistant *self);
/* Shows @page, one of the assistant's, as if the user had gone back to it. */
void         ms_assistant_go_to          (MsAssistant *self, MsPage *page);
void         ms_assistant_cancel         (MsAssistant *self);
GtkWidget   *ms_assistant_get_forward_button (MsAssistant *self);

G_END_DECLS
