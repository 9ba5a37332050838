/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-cli-private.h"

G_BEGIN_DECLS

/* One --apply run: what happened at each step, for the output. */
typedef struct {
  MsCliOptions *options;        /* merged with the settings file */
  MsSetupSession *session;
  MsCheckReport *check;         /* NULL with --no-check or before it */
  MsVerdict *problem;           /* the first server that does not work */
  MsApplyReport *apply;
  MsTestMessageResult *test;
  GError *error;
  int status;
  gboolean json;
  gboolean dry_run;
} MsCliApply;

void ms_cli_apply_print (MsCliApply *a);
void ms_cli_apply_clear (MsCliApply *a);

G_END_DECLS
