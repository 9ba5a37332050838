/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-provider.h"
#include "ms-cert-exceptions.h"

G_BEGIN_DECLS

/* Each stored exception compared with the certificate its server presents
 * now, so that a renewal is recognised for what it is, and an exception
 * that is no longer needed, or one for a certificate that should never
 * have been accepted, is seen. */

/* Within this many days of its end a certificate is "expiring soon". */
#define MS_CERT_EXPIRING_SOON_DAYS 30

typedef enum {
  MS_CERT_STATUS_SAME,              /* the server presents the stored certificate */
  MS_CERT_STATUS_EXPIRING_SOON,     /* the same, ending within MS_CERT_EXPIRING_SOON_DAYS */
  MS_CERT_STATUS_RENEWED,           /* a new certificate with the expected name */
  MS_CERT_STATUS_WRONG_NAME,        /* a certificate for another name: refused */
  MS_CERT_STATUS_EXPIRED,           /* the server's certificate is expired or not yet valid */
  MS_CERT_STATUS_NO_LONGER_NEEDED,  /* the program trusts the server's certificate by itself */
  MS_CERT_STATUS_UNREACHABLE,       /* no certificate could be fetched */
} MsCertStatus;

/* "same", "expiring-soon", "renewed", "wrong-name", "expired",
 * "no-longer-needed", "unreachable". */
const char *ms_cert_status_to_string (MsCertStatus status);

/* One exception against one server.  An Evolution exception holds for
 * every port of its host, so it gets a row per port compared. */
typedef struct {
  MsCertException *exception;
  MsCertStatus status;
  char *host;               /* the server compared */
  guint port;
  char *expected_name;      /* the name its certificate must carry (the profile's certificateName) */
  MsCertReport *live;       /* what the server presents now; NULL when unreachable */
  GError *error;            /* why it was unreachable */
  gboolean live_is_stored;  /* the server presents the stored certificate */
  char *headline;           /* what was found, one sentence, translated */
  char *advice;             /* what to do, in the guide's words, translated; NULL when nothing */
} MsCertAuditRow;

MsCertAuditRow *ms_cert_audit_row_ref   (MsCertAuditRow *row);
void            ms_cert_audit_row_unref (MsCertAuditRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCertAuditRow, ms_cert_audit_row_unref)

/* The server's certificate (the leaf), or NULL. */
const MsCertInfo *ms_cert_audit_row_get_live_leaf (const MsCertAuditRow *row);

/* The one rule for accepting a renewed certificate, for the wizard and the
 * command line alike: only a RENEWED row, that is a certificate that
 * carries the expected name and is valid today.  A certificate for another
 * name is refused whatever fingerprint is given, and so is an expired or
 * not yet valid one: Thunderbird's exceptions ignore dates, so storing one
 * would hide its expiry for good.  FALSE with the reason, an
 * MS_CERT_EXCEPTIONS_ERROR, otherwise. */
gboolean        ms_cert_audit_row_can_renew (const MsCertAuditRow *row, GError **error);

/* One of the provider's authorities and where it is trusted already. */
typedef struct {
  char *name;
  char *sha256;
  char *url;                      /* where to get it, or NULL */
  gboolean in_system;             /* in the system bundle (Evolution, Mail Setup) */
  GPtrArray *thunderbird_with;    /* char*: names of the profiles that trust it */
  GPtrArray *thunderbird_without;
} MsCertAuthorityState;

typedef struct {
  GPtrArray *rows;          /* MsCertAuditRow*, in the order of the exceptions */
  GPtrArray *exceptions;    /* MsCertException*: everything listed */
  GPtrArray *problems;      /* GError*: stores that could not be read */
  GPtrArray *authorities;   /* MsCertAuthorityState*, the provider's */
  char *provider_name;      /* for the advice: "3xo", or "your provider" */
} MsCertAudit;

void        ms_cert_audit_free (MsCertAudit *audit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCertAudit, ms_cert_audit_free)

typedef struct {
  MsCertStores stores;
  MsProvider *provider;     /* whose hosts, names and authorities; NULL: every host */
  guint timeout_ms;         /* per server; 0: the probes' default */
} MsCertAuditOptions;

/* Lists the exceptions (in a thread), fetches every server's certificate
 * (all at once, without logging in), then judges each row (in a thread). */
void        ms_cert_audit_async  (const MsCertAuditOptions *options, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);
MsCertAudit *ms_cert_audit_finish (GAsyncResult *result, GError **error);

G_END_DECLS
