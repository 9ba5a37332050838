/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MS_CERT_TRUST_ERROR (ms_cert_trust_error_quark ())

typedef enum {
  MS_CERT_TRUST_ERROR_READ,          /* the file cannot be read */
  MS_CERT_TRUST_ERROR_NO_CERTIFICATE,/* no PEM certificate in it */
} MsCertTrustError;

GQuark ms_cert_trust_error_quark (void);

/* Whose idea of a trusted authority: each mail program has its own. */
typedef enum {
  /* The system bundle GnuTLS reads (/etc/ssl/certs/ca-certificates.crt on
   * Debian), and so GIO, so Evolution's IMAP and SMTP connections, and our
   * own checks.  Includes what an administrator added with
   * update-ca-certificates. */
  MS_TRUST_BASE_SYSTEM,
  /* Mozilla's root list, which Thunderbird builds in, as Debian ships it
   * (/usr/share/ca-certificates/mozilla): without local additions, which
   * Thunderbird does not read. */
  MS_TRUST_BASE_MOZILLA,
} MsTrustBase;

/* Whether @chain (GBytes* DER, leaf first, as the server sent it) verifies,
 * dates included and host name not, against @base or against one of
 * @extra_anchors (GBytes* DER; NULL for none).  Loads the base list once
 * per process.  Blocking: call from a thread. */
gboolean   ms_cert_chain_is_trusted (GPtrArray *chain, MsTrustBase base, GPtrArray *extra_anchors);

/* Every certificate of a PEM file, as DER (GBytes*).  Reads at most 1 MiB. */
GPtrArray *ms_cert_read_pem_file    (const char *path, GError **error);
/* The same from memory. */
GPtrArray *ms_cert_read_pem_data    (const char *data, gsize length, GError **error);
/* A certificate authority: basic constraints say CA. */
gboolean   ms_cert_der_is_ca        (GBytes *der);

G_END_DECLS
