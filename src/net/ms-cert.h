/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One certificate of a chain, decoded for display. */
typedef struct {
  GBytes *der;
  char *common_name;          /* subject CN, or NULL */
  GStrv dns_names;            /* subjectAltName DNS entries */
  GStrv ip_addresses;         /* subjectAltName IP entries, as text */
  char *subject_dn;
  char *issuer_dn;
  char *serial;               /* colon-separated uppercase hex */
  gint64 not_before;          /* Unix time */
  gint64 not_after;
  gint64 days_remaining;      /* negative once expired */
  char *sha256;               /* colon-separated uppercase hex */
  char *sha1;
  char *key_type;             /* "RSA", "EC", "Ed25519"… */
  guint key_bits;
  char *signature_algorithm;  /* e.g. "RSA-SHA256" */
  gboolean self_signed;
} MsCertInfo;

typedef enum {
  MS_CERT_DECISION_OK,               /* trusted and for the expected name */
  MS_CERT_DECISION_NEEDS_EXCEPTION,  /* right name, not trusted: the user may pin it */
  MS_CERT_DECISION_REFUSED,          /* wrong name, expired or not yet valid: cannot be accepted */
} MsCertDecision;

typedef enum {
  MS_CERT_PROBLEM_UNTRUSTED      = 1 << 0,
  MS_CERT_PROBLEM_EXPIRED        = 1 << 1,
  MS_CERT_PROBLEM_NOT_YET_VALID  = 1 << 2,
  MS_CERT_PROBLEM_SELF_SIGNED    = 1 << 3,
  MS_CERT_PROBLEM_WEAK_ALGORITHM = 1 << 4,
  MS_CERT_PROBLEM_WEAK_KEY       = 1 << 5,
  MS_CERT_PROBLEM_NAME_MISMATCH  = 1 << 6,
  MS_CERT_PROBLEM_PIN_MISMATCH   = 1 << 7,  /* a pin exists for host:port, for another certificate */
} MsCertProblem;

typedef struct {
  GPtrArray *chain;            /* MsCertInfo*, as the server presented it */
  MsCertDecision decision;
  MsCertProblem problems;
  gboolean trusted;            /* verified against the system (and extra) anchors */
  gboolean pinned;             /* the leaf matches the user's pin for host:port */
  gboolean name_matches;
  char *expected_name;
  GStrv presented_names;       /* CN and SANs of the leaf */
  GPtrArray *reasons;          /* translated sentences explaining the verdict */
} MsCertReport;

void          ms_cert_info_free         (MsCertInfo *info);
MsCertInfo   *ms_cert_info_new_from_der (GBytes *der, GError **error);

/* Judges @der_chain (GBytes*, leaf first) for @expected_name.  @ca_file adds
 * trust anchors (a PEM file) to the system list; @pinned_sha256 is the
 * user's accepted fingerprint for this host:port, or NULL.  Does disk and
 * CPU work: call from a thread, or use the async variant. */
MsCertReport *ms_cert_inspect           (GPtrArray *der_chain, const char *expected_name, const char *ca_file,
                                         const char *pinned_sha256, GError **error);
void          ms_cert_inspect_async     (GPtrArray *der_chain, const char *expected_name, const char *ca_file,
                                         const char *pinned_sha256, GCancellable *cancellable,
                                         GAsyncReadyCallback callback, gpointer user_data);
MsCertReport *ms_cert_inspect_finish    (GAsyncResult *result, GError **error);

void          ms_cert_report_free       (MsCertReport *report);
/* OK, or an exception the user pinned for this exact certificate. */
gboolean      ms_cert_report_is_acceptable (const MsCertReport *report);
/* The MS_NET_ERROR explaining why the report is not acceptable. */
GError       *ms_cert_report_to_error   (const MsCertReport *report);
const char   *ms_cert_decision_to_string (MsCertDecision decision);

char         *ms_cert_der_to_pem        (GBytes *der);
/* Normalises "ab:cd…" / "ABCD…" to colon-separated uppercase hex; NULL if invalid. */
char         *ms_cert_normalize_fingerprint (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCertInfo, ms_cert_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCertReport, ms_cert_report_free)

G_END_DECLS
