/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-client.h"

G_BEGIN_DECLS

/* One client's outcome: a report, or the error that stopped it (nothing
 * of that client was changed then). */
typedef struct {
  MsClient *client;
  MsClientReport *report;
  GError *error;
} MsApplyOutcome;

#define MS_TYPE_APPLY (ms_apply_get_type ())
G_DECLARE_FINAL_TYPE (MsApply, ms_apply, MS, APPLY, GObject)

/* Writes the account into each chosen client, one after the other (the
 * keyring may prompt, and prompts must not overlap).  Each writer is
 * all-or-nothing, so one failing never leaves another half-written.
 *
 * Signals: client-started (MsClient), client-finished (MsClient, gpointer
 * MsApplyOutcome).  */
MsApply   *ms_apply_new         (MsAccount *account, MsPinStore *pins, const MsClientOptions *options);
void       ms_apply_add_client  (MsApply *self, MsClient *client);
void       ms_apply_run_async   (MsApply *self, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data);
/* The outcomes, in the order the clients were added; fails only when cancelled. */
GPtrArray *ms_apply_run_finish  (MsApply *self, GAsyncResult *result, GError **error);

G_END_DECLS
