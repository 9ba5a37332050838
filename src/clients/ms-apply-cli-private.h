/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "net/ms-check.h"
#include "net/ms-test-message.h"

G_BEGIN_DECLS

/* The two outputs of --apply: text for people, JSON for tools (docs/batch.md). */
void ms_apply_cli_print_text (MsCheckResult *check, GPtrArray *outcomes, const MsTestMessageResult *test,
                              gboolean dry_run);
void ms_apply_cli_print_json (int status, const GError *error, MsCheckResult *check, GPtrArray *outcomes,
                              const MsTestMessageResult *test, gboolean dry_run);

G_END_DECLS
