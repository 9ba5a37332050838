/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clients/ms-existing.h"
#include "ms-verdict.h"

G_BEGIN_DECLS

/* The usual mistakes of an account that already exists, judged from its
 * own settings as the provider's guide would (no server is contacted
 * here): what is wrong, why in the guide's words, and the fix. */
typedef enum {
  MS_PROBLEM_LOCAL_PART_USERNAME,   /* "test" where "test@test.com" is needed */
  MS_PROBLEM_NO_ENCRYPTION,         /* the password would travel in clear */
  MS_PROBLEM_SECURITY_MISMATCH,     /* SSL on a STARTTLS port, or the reverse */
  MS_PROBLEM_PORT_25,               /* SMTP on 25, which internet providers block */
  MS_PROBLEM_POP3,                  /* fine for one computer, not for several devices */
  MS_PROBLEM_STALE_CERTIFICATE,     /* the exception no longer matches the server's certificate */
  MS_PROBLEM_SERVER_FAILS,          /* the server as set does not work, for another reason */
} MsProblemKind;

typedef struct {
  MsProblemKind kind;
  gboolean incoming;        /* the incoming server, else the outgoing one */
  char *explanation;        /* why, translated */
  char *fix;                /* what to do, translated */
  MsEndpoint *fix_endpoint; /* the server as it should be, or NULL when only told */
  gboolean seen;            /* confirmed by contacting the server now */
} MsProblem;

void        ms_problem_free            (MsProblem *problem);
const char *ms_problem_kind_to_string  (MsProblemKind kind);   /* "local-part-username"… */

/* MsProblem*, in the order a helpdesk would fix them; empty when nothing
 * is wrong.  @incoming and @outgoing carry the account's usernames. */
GPtrArray  *ms_diagnose_settings (const char *address, const MsEndpoint *incoming, const MsEndpoint *outgoing);

/* One existing account, judged: what is wrong and what a repair writes. */
typedef struct {
  MsExistingAccount *account;
  GPtrArray *problems;        /* MsProblem*, in the order to fix them */
  MsVerdict *verdicts[2];     /* per MsRole: the server as set, checked now; NULL when not contacted */
  MsEndpoint *repaired[2];    /* per MsRole: the server a repair writes; NULL: nothing to change there */
  char *port25_advice;        /* the guide's explanation when the check found port 25 blocked */
} MsDiagnosis;

void        ms_diagnosis_free        (MsDiagnosis *diagnosis);
/* Whether a repair would change anything (some fix can be written). */
gboolean    ms_diagnosis_can_repair  (const MsDiagnosis *diagnosis);
/* Fills in @diagnosis->repaired from its problems. */
void        ms_diagnosis_plan_repair (MsDiagnosis *diagnosis);

typedef struct {
  gint ref_count;
  GPtrArray *diagnoses;       /* MsDiagnosis*, one per account found */
  GPtrArray *unreadable;      /* GError*: a program's settings that could not be read */
  gboolean checked;           /* the servers were contacted */
  gboolean password_given;    /* and logged in to with the password typed */
  guint n_problems;
} MsDiagnosisReport;

MsDiagnosisReport *ms_diagnosis_report_new   (void);
MsDiagnosisReport *ms_diagnosis_report_ref   (MsDiagnosisReport *report);
void               ms_diagnosis_report_unref (MsDiagnosisReport *report);
/* One account, its servers (and what they said) and each problem with its
 * fix, in words: for --diagnose and the helpdesk report. */
void               ms_diagnosis_render_text  (GString *out, const MsDiagnosis *diagnosis);

/* What a repair did to one account. */
typedef struct {
  MsDiagnosis *diagnosis;     /* borrowed from the report repaired */
  char *diff;                 /* the change, as `diff -u` shows it */
  GPtrArray *written;         /* char*, after a real run */
  GPtrArray *backups;         /* char*, copies of the files replaced */
  gboolean password_stored;
  GError *error;              /* why nothing was changed, or NULL */
} MsRepairOutcome;

void        ms_repair_outcome_free   (MsRepairOutcome *outcome);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsProblem, ms_problem_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsDiagnosis, ms_diagnosis_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsDiagnosisReport, ms_diagnosis_report_unref)

G_END_DECLS
