/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "clients/evolution/ms-keyring.h"
#include "clients/ms-cert-authority.h"
#include "clients/ms-client.h"
#include "core/ms-account.h"
#include "core/ms-address.h"
#include "core/ms-endpoint-spec.h"
#include "core/ms-file.h"
#include "core/ms-provider.h"
#include "core/ms-settings-file.h"
#include "net/ms-net-error.h"
#include "net/ms-pin-store.h"
#include "session/ms-setup-session.h"
#include "ms-cli-exit.h"
#include "ms-cli.h"

#define ANY (-1)

/* The one table from errors to exit codes: the first row that matches
 * wins, so specific codes come before a domain's catch-all. */
static const struct {
  GQuark (*domain) (void);
  int code;
  MsExit exit;
} table[] = {
  { ms_net_error_quark, MS_NET_ERROR_CERT_NAME_MISMATCH, MS_EXIT_CERTIFICATE },
  { ms_net_error_quark, MS_NET_ERROR_CERT_UNTRUSTED, MS_EXIT_CERTIFICATE },
  { ms_net_error_quark, MS_NET_ERROR_CERT_EXPIRED, MS_EXIT_CERTIFICATE },
  { ms_net_error_quark, MS_NET_ERROR_CERT_NOT_YET_VALID, MS_EXIT_CERTIFICATE },
  { ms_net_error_quark, MS_NET_ERROR_AUTH_FAILED, MS_EXIT_AUTH },
  { ms_net_error_quark, MS_NET_ERROR_AUTH_UNSUPPORTED, MS_EXIT_AUTH },
  { ms_net_error_quark, MS_NET_ERROR_PLAINTEXT_REFUSED, MS_EXIT_AUTH },
  { ms_net_error_quark, MS_NET_ERROR_SIGN_IN_REQUIRED, MS_EXIT_AUTH },
  { ms_net_error_quark, ANY, MS_EXIT_UNREACHABLE },
  { ms_client_error_quark, MS_CLIENT_ERROR_RUNNING, MS_EXIT_LOCKED },
  { ms_client_error_quark, MS_CLIENT_ERROR_KEYRING, MS_EXIT_KEYRING },
  { ms_client_error_quark, MS_CLIENT_ERROR_INVALID, MS_EXIT_USAGE },
  { ms_client_error_quark, ANY, MS_EXIT_FAILED },
  { ms_keyring_error_quark, ANY, MS_EXIT_KEYRING },
  { ms_cert_exceptions_error_quark, MS_CERT_EXCEPTIONS_ERROR_RUNNING, MS_EXIT_LOCKED },
  { ms_cert_exceptions_error_quark, MS_CERT_EXCEPTIONS_ERROR_NOT_FOUND, MS_EXIT_USAGE },
  { ms_cert_exceptions_error_quark, MS_CERT_EXCEPTIONS_ERROR_NOT_CONFIRMED, MS_EXIT_CERTIFICATE },
  { ms_cert_exceptions_error_quark, MS_CERT_EXCEPTIONS_ERROR_FINGERPRINT_MISMATCH, MS_EXIT_CERTIFICATE },
  { ms_cert_exceptions_error_quark, MS_CERT_EXCEPTIONS_ERROR_WRONG_NAME, MS_EXIT_CERTIFICATE },
  { ms_cert_exceptions_error_quark, MS_CERT_EXCEPTIONS_ERROR_BAD_DATES, MS_EXIT_CERTIFICATE },
  { ms_cert_exceptions_error_quark, ANY, MS_EXIT_FAILED },
  { ms_cert_authority_error_quark, MS_CERT_AUTHORITY_ERROR_RUNNING, MS_EXIT_LOCKED },
  { ms_cert_authority_error_quark, MS_CERT_AUTHORITY_ERROR_NOT_AUTHORITY, MS_EXIT_CERTIFICATE },
  { ms_cert_authority_error_quark, MS_CERT_AUTHORITY_ERROR_NOT_CONFIRMED, MS_EXIT_CERTIFICATE },
  { ms_cert_authority_error_quark, MS_CERT_AUTHORITY_ERROR_READ, MS_EXIT_USAGE },
  { ms_cert_authority_error_quark, MS_CERT_AUTHORITY_ERROR_SEVERAL, MS_EXIT_USAGE },
  { ms_cert_authority_error_quark, ANY, MS_EXIT_FAILED },
  { ms_session_error_quark, MS_SESSION_ERROR_CANNOT_ACCEPT, MS_EXIT_CERTIFICATE },
  { ms_session_error_quark, MS_SESSION_ERROR_NO_CERTIFICATE, MS_EXIT_CERTIFICATE },
  { ms_session_error_quark, MS_SESSION_ERROR_NOTHING_TO_CHECK, MS_EXIT_USAGE },
  { ms_session_error_quark, ANY, MS_EXIT_FAILED },
  { ms_cli_error_quark, ANY, MS_EXIT_USAGE },
  { ms_spec_error_quark, ANY, MS_EXIT_USAGE },
  { ms_settings_file_error_quark, ANY, MS_EXIT_USAGE },
  { ms_file_error_quark, ANY, MS_EXIT_USAGE },
  { ms_provider_error_quark, ANY, MS_EXIT_USAGE },
  { ms_account_error_quark, ANY, MS_EXIT_USAGE },
  { ms_address_error_quark, ANY, MS_EXIT_USAGE },
  { ms_pin_store_error_quark, MS_PIN_STORE_ERROR_BAD_FINGERPRINT, MS_EXIT_USAGE },
  { ms_pin_store_error_quark, ANY, MS_EXIT_FAILED },
  { g_option_error_quark, ANY, MS_EXIT_USAGE },
  /* A file named on the command line that is not there. */
  { g_io_error_quark, G_IO_ERROR_NOT_FOUND, MS_EXIT_USAGE },
};

MsExit
ms_cli_exit_for_error (const GError *error)
{
  if (error == NULL)
    return MS_EXIT_OK;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return MS_EXIT_CANCELLED;
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (error->domain == table[i].domain () && (table[i].code == ANY || error->code == table[i].code))
      return table[i].exit;
  return MS_EXIT_FAILED;
}

const char *
ms_cli_exit_name (MsExit code)
{
  switch (code)
    {
    case MS_EXIT_OK: return "ok";
    case MS_EXIT_FAILED: return "failed";
    case MS_EXIT_USAGE: return "usage";
    case MS_EXIT_UNREACHABLE: return "unreachable";
    case MS_EXIT_AUTH: return "authentication";
    case MS_EXIT_CERTIFICATE: return "certificate";
    case MS_EXIT_LOCKED: return "program-running";
    case MS_EXIT_KEYRING: return "keyring";
    case MS_EXIT_CANCELLED: return "cancelled";
    default: return "failed";
    }
}
