/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-provider.h"

G_BEGIN_DECLS

/* `mail-setup --certificates`: the certificates view on the command line.
 *   --certificates [--json]                       list and compare
 *   --renew --accept-fingerprint HOST:PORT=SHA256 accept renewed certificates
 *   --remove HOST[:PORT]                          delete exceptions
 *   --install-authority FILE.pem [--system]       trust the provider's authority */
typedef struct {
  MsProvider *provider;          /* whose hosts */
  gboolean json;
  gboolean dry_run;
  gboolean renew;
  gboolean system;               /* --install-authority for the whole computer (Evolution) */
  const char *const *accept;     /* --accept-fingerprint */
  const char *const *remove;     /* --remove */
  const char *install_authority;
  const char *thunderbird_profile;
  guint timeout_ms;
} MsCliCertificatesOptions;

int ms_cli_certificates (const MsCliCertificatesOptions *options);

G_END_DECLS
