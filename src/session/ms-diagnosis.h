/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-endpoint.h"

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
} MsProblemKind;

typedef struct {
  MsProblemKind kind;
  gboolean incoming;        /* the incoming server, else the outgoing one */
  char *explanation;        /* why, translated */
  char *fix;                /* what to do, translated */
  MsEndpoint *fix_endpoint; /* the server as it should be, or NULL when only told */
} MsProblem;

void        ms_problem_free            (MsProblem *problem);
const char *ms_problem_kind_to_string  (MsProblemKind kind);   /* "local-part-username"… */

/* MsProblem*, in the order a helpdesk would fix them; empty when nothing
 * is wrong.  @incoming and @outgoing carry the account's usernames. */
GPtrArray  *ms_diagnose_settings (const char *address, const MsEndpoint *incoming, const MsEndpoint *outgoing);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsProblem, ms_problem_free)

G_END_DECLS
