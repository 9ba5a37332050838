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

gboolean
ms_net_error_is_certificate (const GError *error)
{
  return error != NULL && error->domain == MS_NET_ERROR &&
         (error->code == MS_NET_ERROR_CERT_NAME_MISMATCH || error->code == MS_NET_ERROR_CERT_UNTRUSTED ||
          error->code == MS_NET_ERROR_CERT_EXPIRED || error->code == MS_NET_ERROR_CERT_NOT_YET_VALID);
}

gboolean
ms_net_error_is_unreachable (const GError *error)
{
  if (error == NULL || error->domain != MS_NET_ERROR)
    return FALSE;
  switch (error->code)
    {
    case MS_NET_ERROR_NOT_RESOLVED:
    case MS_NET_ERROR_REFUSED:
    case MS_NET_ERROR_UNREACHABLE:
    case MS_NET_ERROR_TIMED_OUT:
    case MS_NET_ERROR_NO_REPLY:
    case MS_NET_ERROR_TLS_HANDSHAKE:
    case MS_NET_ERROR_STARTTLS_NOT_OFFERED:
    case MS_NET_ERROR_STARTTLS_REJECTED:
    case MS_NET_ERROR_PROTOCOL:
    case MS_NET_ERROR_LINE_TOO_LONG:
    case MS_NET_ERROR_CLOSED:
    case MS_NET_ERROR_SERVER_UNAVAILABLE:
    case MS_NET_ERROR_IO:
      return TRUE;
    default:
      return FALSE;
    }
}
