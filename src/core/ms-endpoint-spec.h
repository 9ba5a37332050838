/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-endpoint.h"

G_BEGIN_DECLS

#define MS_SPEC_ERROR (ms_spec_error_quark ())

typedef enum {
  MS_SPEC_ERROR_BAD_SERVER,       /* not PROTOCOL:HOST:PORT[:SECURITY[:CERTNAME]] */
  MS_SPEC_ERROR_BAD_FINGERPRINT,  /* not HOST:PORT=SHA256 */
} MsSpecError;

GQuark ms_spec_error_quark (void);

/* "PROTOCOL:HOST:PORT[:SECURITY[:CERTNAME]]", as --server, --incoming,
 * --outgoing and the settings file write a server.  PROTOCOL is imap, pop3
 * or smtp; SECURITY SSL, STARTTLS or plain, by default the one the port
 * stands for; IPv6 hosts go in brackets ("imap:[::1]:993:SSL"). */
MsEndpoint *ms_endpoint_parse_spec (const char *spec, GError **error);

/* "HOST:PORT=SHA256", as --accept-fingerprint writes an accepted
 * certificate.  The fingerprint is returned as given: the pin store
 * normalises and checks it. */
gboolean    ms_fingerprint_parse_spec (const char *spec, char **host, guint *port, char **sha256,
                                       GError **error);

G_END_DECLS
