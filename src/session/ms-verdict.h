/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-account.h"
#include "net/ms-probe.h"

G_BEGIN_DECLS

/* What the setup session concludes about one server, in words the wizard
 * and the command line both show as they are. */
typedef enum {
  MS_VERDICT_PASSED,          /* answers, the certificate is fine, and the login worked if tried */
  MS_VERDICT_NEEDS_APPROVAL,  /* the right name, but a certificate only the user can accept */
  MS_VERDICT_FAILED,
} MsVerdictKind;

/* The one fix each failure calls for. */
typedef enum {
  MS_FIX_NONE,
  MS_FIX_FULL_ADDRESS,        /* the username lacks the domain: use the full e-mail address */
  MS_FIX_RETYPE_PASSWORD,     /* the server refused the password */
  MS_FIX_USE_ENDPOINT,        /* another port or security works: fix_endpoint */
  MS_FIX_ACCEPT_CERTIFICATE,  /* check the name, then accept it (step 4 of the guide) */
  MS_FIX_CONTACT_PROVIDER,    /* wrong name or dates: do not connect, call the provider */
  MS_FIX_CHECK_CONNECTION,    /* nothing answers: the network, or the server name */
  MS_FIX_APP_PASSWORD,        /* the provider wants an app password or a sign-in in the mail program */
} MsFixKind;

typedef struct {
  MsVerdictKind kind;
  MsRole role;
  gboolean account_server;     /* one of the account's two servers, not a door judged on its own */
  MsEndpoint *endpoint;        /* what was judged */
  MsProbeResult *result;       /* its result in its own mode */
  MsProbeResult *fallback;     /* the other mode on the same port, or NULL */
  GError *error;               /* why it is not PASSED; NULL when it is */
  gboolean login_tested;       /* a password was given and the server took it */
  MsFixKind fix;
  MsEndpoint *fix_endpoint;    /* with MS_FIX_USE_ENDPOINT */
  char *headline;              /* the verdict in one plain sentence, translated */
  char *advice;                /* what to do, in the guide's words; NULL when nothing */
  char *fix_label;             /* a button label for the fix, with a mnemonic; NULL without one */
  /* When the session changed the server itself (port 25 blocked): */
  MsEndpoint *asked;           /* what the account said before */
  char *change_reason;         /* why, in the guide's words */
} MsVerdict;

#define MS_TYPE_VERDICT (ms_verdict_get_type ())
GType       ms_verdict_get_type   (void) G_GNUC_CONST;
MsVerdict  *ms_verdict_ref        (MsVerdict *verdict);
void        ms_verdict_unref      (MsVerdict *verdict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsVerdict, ms_verdict_unref)

const char *ms_verdict_kind_to_string (MsVerdictKind kind);   /* "passed", "needs-approval", "failed" */
const char *ms_fix_kind_to_string     (MsFixKind fix);        /* "full-address", "use-endpoint"… */

/* What a decision looks at. */
typedef struct {
  MsRole role;
  const MsEndpoint *endpoint;
  MsProbeResult *own;            /* required */
  MsProbeResult *fallback;       /* the other mode, or NULL */
  GPtrArray *alternatives;       /* MsProbeResult*, the other doors (no login), or NULL */
  const char *address;           /* the e-mail address, for the full-address fix */
  const char *username;          /* what was used to log in */
  gboolean local_part_username;  /* the username is the address without its domain */
  gboolean password_given;
  const char *provider_name;     /* "3xo", or NULL for "your provider" */
  const char *expected_name;     /* the name the certificate must carry */
} MsVerdictInput;

/* The verdict in a few words for a summary line: "works, the password was
 * accepted", "does not work: …". */
char       *ms_verdict_short      (const MsVerdict *verdict);

/* Said first when a server presents another certificate than the one the
 * user accepted. */
const char *ms_verdict_changed_sentence (void);

/* Decides; pure, so that every rule can be tested without a network. */
MsVerdict  *ms_verdict_decide     (const MsVerdictInput *input);

/* The alternative that works best for @protocol among @alternatives (the
 * guide's recommended door first), or NULL. */
MsProbeResult *ms_verdict_best_alternative (GPtrArray *alternatives, MsProtocol protocol,
                                            const MsEndpoint *except);
/* The door answered as a mail server with TLS (a certificate that needs
 * approval still counts). */
gboolean    ms_verdict_door_answers (const MsProbeResult *result);

/* Port 25 blocked while 465 or 587 answer: the guide's explanation, and
 * the door to use instead (465 SSL/TLS first). */
char       *ms_verdict_port25_advice (const MsProbeResult *own25, GPtrArray *alternatives,
                                      MsEndpoint **use_instead);

G_END_DECLS
