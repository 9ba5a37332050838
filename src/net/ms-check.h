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
  gint64 total_ms;
} MsCheckResult;

void      ms_check_result_free            (MsCheckResult *result);
/* The endpoint added as @index passed, directly or through its fallback. */
gboolean  ms_check_result_endpoint_passed (const MsCheckResult *result, guint index);
/* The passing result for endpoint @index (fallback included), or its own. */
MsProbeResult *ms_check_result_best       (const MsCheckResult *result, guint index);
/* The result of endpoint @index in its own mode, or its fallback's. */
MsProbeResult *ms_check_result_own        (const MsCheckResult *result, guint index);
MsProbeResult *ms_check_result_fallback   (const MsCheckResult *result, guint index);
gboolean  ms_check_result_all_passed      (const MsCheckResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCheckResult, ms_check_result_free)

/* Probes many endpoints at once.  Each SMTP endpoint with TLS is also
 * probed, at the same time, in the other mode on the same port, since
 * providers may offer both on every port and users often pick the wrong
 * one: a silent server then costs one timeout, not two.  The fallback
 * stops (and leaves no result) as soon as TLS works in the usual mode.
 *
 * Signals (main context of the caller of ms_check_run_async):
 *   endpoint-started  (guint index, MsEndpoint *endpoint)
 *   endpoint-finished (guint index, MsProbeResult *result)
 * index counts primaries then fallbacks, as in MsCheckResult.results. */
#define MS_TYPE_CHECK (ms_check_get_type ())
G_DECLARE_FINAL_TYPE (MsCheck, ms_check, MS, CHECK, GObject)

MsCheck       *ms_check_new          (const MsProbeOptions *options);
guint          ms_check_add          (MsCheck *self, const MsEndpoint *endpoint);
/* The standard doors of @protocol (ms_ports_doors()) on @hostname. */
void           ms_check_add_standard (MsCheck *self, MsProtocol protocol, const char *hostname,
                                      const char *certificate_name);
guint          ms_check_get_n_endpoints (MsCheck *self);

void           ms_check_run_async    (MsCheck *self, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data);
/* Fails only when cancelled; every probe has stopped by then. */
MsCheckResult *ms_check_run_finish   (MsCheck *self, GAsyncResult *result, GError **error);

G_END_DECLS
