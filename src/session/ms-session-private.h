/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-setup-session.h"

G_BEGIN_DECLS

struct _MsSetupSession
{
  GObject parent_instance;

  MsAccount *account;
  MsPinStore *pins;
  guint timeout_ms;
  char *ca_file;
  gboolean offline;
  gboolean keep_servers;

  MsVerdict *verdicts[2];     /* per MsRole, NULL when stale */
  MsCheckReport *report;
  MsDiagnosisReport *diagnosis; /* the last check of the existing accounts */
  guint next_probe_id;
  guint changing;             /* the session itself is editing a server */
};

enum {
  SIGNAL_PROBE_STARTED,
  SIGNAL_PROBE_FINISHED,
  SIGNAL_VERDICT_CHANGED,
  SIGNAL_CLIENT_STARTED,
  SIGNAL_CLIENT_FINISHED,
  N_SESSION_SIGNALS
};

extern guint _ms_session_signals[N_SESSION_SIGNALS];

MsApplyReport *_ms_apply_report_new (void);
void _ms_session_set_verdict (MsSetupSession *self, MsRole role, MsVerdict *verdict);
/* Makes the account's @role server use @endpoint's door, without the
 * edit clearing the verdicts. */
void _ms_session_use_endpoint (MsSetupSession *self, MsRole role, const MsEndpoint *endpoint);
/* Gives the pins that came as a bare fingerprint (--accept-fingerprint)
 * the certificate they stand for, which the writers need whole. */
void _ms_session_complete_pins (MsSetupSession *self, MsCheckReport *report);

G_END_DECLS
