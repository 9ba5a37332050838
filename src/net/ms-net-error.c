/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ms-net-error.h"

G_DEFINE_QUARK (ms-net-error-quark, ms_net_error)

const char *
ms_net_error_to_string (MsNetError code)
{
  /* Part of the JSON schema (docs/check-json.md): never rename. */
  static const char *const names[] = {
    "not-resolved", "refused", "unreachable", "timed-out", "no-reply",
    "tls-handshake", "starttls-not-offered", "starttls-rejected",
    "cert-name-mismatch", "cert-untrusted", "cert-expired", "cert-not-yet-valid",
    "auth-failed", "auth-unsupported", "plaintext-refused", "protocol",
    "line-too-long", "closed", "server-unavailable", "io", "sign-in-required",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == MS_NET_ERROR_SIGN_IN_REQUIRED + 1);
  if ((guint) code >= G_N_ELEMENTS (names))
    return "unknown";
  return names[code];
}
