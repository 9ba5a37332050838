/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-probe.h"

G_BEGIN_DECLS

/* The outcome of a check: one result per probe, primaries first in the
 * order they were added, then mode fallbacks in the order they started. */
typedef struct {
  GPtrArray *results;            /* MsProbeResult* */
  GArray *primary;               /* guint per result: index of the endpoint it stands for */
  guint n_endpoints;             /* endpoints added (results beyond are fallbacks) */
  char *port25_explanation;      /* translated advice, or NULL */
  MsEndpoint *suggested_outgoing;/* what to use instead of a blocked port 25, or NULL */
  gint64 total_ms;
} MsCheckResult;

void      ms_check_result_free            (MsCheckResult *result);
/* The endpoint added as @index passed, directly or through its fallback. */
gboolean  ms_check_result_endpoint_passed (const MsCheckResult *result, guint index);
/* The passing result for endpoint @index (fallback included), or its own. */
MsProbeResult *ms_check_result_best       (const MsCheckResult *result, guint index);
gboolean  ms_check_result_all_passed      (const MsCheckResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCheckResult, ms_check_result_free)

/* Probes many endpoints at once.  SMTP endpoints whose usual mode fails
 * in a way suggesting the other mode (handshake failure, garbage,
 * silence, no STARTTLS) are retried on the same port with the other mode,
 * since providers may offer both on every port.
 *
 * Signals (main context of the caller of ms_check_run_async):
 *   endpoint-started  (guint index, MsEndpoint *endpoint)
 *   endpoint-finished (guint index, MsProbeResult *result)
 * index counts primaries then fallbacks, as in MsCheckResult.results. */
#define MS_TYPE_CHECK (ms_check_get_type ())
G_DECLARE_FINAL_TYPE (MsCheck, ms_check, MS, CHECK, GObject)

MsCheck       *ms_check_new          (const MsProbeOptions *options);
/* @standard_port: the well-known port this endpoint stands for (25, 465,
 * 587…), for the port-25 advice when tests or users remap ports; 0 means
 * endpoint->port. */
guint          ms_check_add          (MsCheck *self, const MsEndpoint *endpoint, guint standard_port);
/* IMAP 143 STARTTLS + 993 SSL; POP3 110 STARTTLS + 995 SSL;
 * SMTP 465 SSL + 587 STARTTLS + 25 STARTTLS. */
void           ms_check_add_standard (MsCheck *self, MsProtocol protocol, const char *hostname,
                                      const char *certificate_name);
guint          ms_check_get_n_endpoints (MsCheck *self);

void           ms_check_run_async    (MsCheck *self, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data);
/* Fails only when cancelled; every probe has stopped by then. */
MsCheckResult *ms_check_run_finish   (MsCheck *self, GAsyncResult *result, GError **error);

G_END_DECLS
