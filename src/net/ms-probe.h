/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-endpoint.h"
#include "ms-cert.h"
#include "ms-net-error.h"
#include "ms-pin-store.h"

G_BEGIN_DECLS

#define MS_PROBE_DEFAULT_TIMEOUT_MS 5000

/* How to probe.  Plain data: fill it, pass it, free it. */
typedef struct {
  guint connect_timeout_ms;   /* 0: MS_PROBE_DEFAULT_TIMEOUT_MS */
  guint read_timeout_ms;      /* per read/write/handshake; 0: default */
  char *username;             /* NULL: expand endpoint->username with address */
  char *address;              /* e-mail address for username templates */
  char *password;             /* wiped when freed; NULL: no login test */
  gboolean allow_plaintext;   /* user chose "None" and confirmed: login without TLS */
  char *ca_file;              /* extra trust anchors (PEM), for tests and private CAs */
  MsPinStore *pin_store;      /* accepted exceptions, or NULL */
  char *helo_name;            /* SMTP EHLO name; NULL: "[127.0.0.1]" */
} MsProbeOptions;

MsProbeOptions *ms_probe_options_new  (void);
MsProbeOptions *ms_probe_options_copy (const MsProbeOptions *options);
void            ms_probe_options_free (MsProbeOptions *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsProbeOptions, ms_probe_options_free)

/* Everything learned about one endpoint, whether it passed or not. */
typedef struct {
  MsEndpoint *endpoint;
  gboolean reachable;          /* TCP connection established */
  gboolean tls;                /* TLS established (implicit or STARTTLS) */
  char *tls_description;       /* GnuTLS session description */
  char *greeting;
  GStrv capabilities;          /* from the last CAPABILITY / CAPA / EHLO */
  GStrv auth_mechanisms;       /* e.g. PLAIN, LOGIN */
  MsCertReport *certificate;   /* NULL without TLS */
  gboolean login_attempted;
  gboolean login_ok;
  gint64 connect_ms;           /* TCP connect latency */
  gint64 total_ms;             /* whole probe */
  gboolean is_fallback;        /* the other TLS mode, tried on the same port */
  GError *error;               /* NULL: the endpoint passed */
} MsProbeResult;

#define MS_TYPE_PROBE_RESULT (ms_probe_result_get_type ())
GType          ms_probe_result_get_type (void) G_GNUC_CONST;
MsProbeResult *ms_probe_result_ref      (MsProbeResult *result);
void           ms_probe_result_unref    (MsProbeResult *result);
gboolean       ms_probe_result_passed   (const MsProbeResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsProbeResult, ms_probe_result_unref)

/* Connect → greeting → (STARTTLS) → TLS → capabilities → certificate
 * verdict → (login) → logout.  Never falls back to plain text; never sends
 * the password unless TLS is up and the certificate is trusted or pinned
 * (or options->allow_plaintext for MS_SECURITY_NONE).  The result is
 * returned even on failure, with result->error set; the finish function
 * fails only on cancellation, and nothing is left running then. */
void           ms_probe_run_async  (const MsEndpoint *endpoint, const MsProbeOptions *options,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data);
MsProbeResult *ms_probe_run_finish (GAsyncResult *result, GError **error);

G_END_DECLS
