/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/ms-address.h"
#include "core/ms-endpoint-spec.h"
#include "ms-cli-private.h"

MsProvider *
ms_cli_choose_provider (const MsCliOptions *o, MsProviderStore *store, GError **error)
{
  MsProvider *provider;

  if (o->profile != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (o->profile);

      return ms_provider_new_from_file (file, NULL, error);
    }
  ms_provider_store_load_sync (store, NULL);
  if (o->provider_id == NULL)
    return g_object_ref (ms_provider_store_get_default (store));
  provider = ms_provider_store_lookup (store, o->provider_id);
  if (provider == NULL)
    {
      g_set_error (error, MS_CLI_ERROR, MS_CLI_ERROR_UNKNOWN_PROVIDER,
                   /* TRANSLATORS: %s is the provider id given with --provider, e.g. “3xo.fr”. */
                   _("No provider profile has the id “%s”. See mail-setup --list-providers."), o->provider_id);
      return NULL;
    }
  return g_object_ref (provider);
}

static gboolean
load_server (MsAccount *account, MsRole role, const char *spec, const MsCliOptions *o, GError **error)
{
  MsServer *server = ms_account_get_server (account, role);
  g_autoptr(MsEndpoint) endpoint = NULL;

  if (spec == NULL)
    return TRUE;
  endpoint = ms_endpoint_parse_spec (spec, error);
  if (endpoint == NULL)
    return FALSE;
  if ((role == MS_ROLE_OUTGOING) != (endpoint->protocol == MS_PROTOCOL_SMTP))
    {
      g_set_error_literal (error, MS_CLI_ERROR, MS_CLI_ERROR_WRONG_KIND,
                           role == MS_ROLE_INCOMING ? _("The incoming server must be imap or pop3.")
                                                    : _("The outgoing server must be smtp."));
      return FALSE;
    }
  ms_server_load_endpoint (server, endpoint, o->address, o->name);
  return TRUE;
}

static char *
password_from (const MsCliOptions *o, gboolean need, GError **error)
{
  if (o->password_stdin)
    return ms_cli_read_password (o->password_fd, error);
  if (o->password_env)
    return ms_cli_password_from_env (o->password_env, error);
  if (need)
    g_set_error_literal (error, MS_CLI_ERROR, MS_CLI_ERROR_NO_PASSWORD,
                         _("The password is needed: give it on standard input (--password-stdin) or in an "
                           "environment variable (--password-env NAME). It is never taken from the command line."));
  return NULL;
}

MsAccount *
ms_cli_build_account (const MsCliOptions *o, MsProvider *provider, gboolean need_password, gboolean with_servers,
                      GError **error)
{
  g_autoptr(MsAccount) account = ms_account_new (provider);
  g_autofree char *password = NULL;

  g_object_set (account, "real-name", o->name ? o->name : "", "address", o->address ? o->address : "",
                "reply-to", o->reply_to ? o->reply_to : "", "organization", o->organization ? o->organization : "",
                "signature", o->signature ? o->signature : "", "remember-password", !o->no_remember, NULL);
  if (!load_server (account, MS_ROLE_INCOMING, o->incoming, o, error) ||
      !load_server (account, MS_ROLE_OUTGOING, o->outgoing, o, error))
    return NULL;
  password = password_from (o, need_password, error);
  if (password == NULL && (need_password || o->password_stdin || o->password_env))
    return NULL;
  if (password != NULL)
    {
      g_object_set (account, "password", password, NULL);
      explicit_bzero (password, strlen (password));
    }

  /* The same refusals as the wizard's pages. */
  if (need_password ? !ms_account_validate_identity (account, error)
                    : (o->address && !ms_address_validate (o->address, error)))
    return NULL;
  if (password != NULL && o->address == NULL && o->username == NULL)
    {
      g_set_error_literal (error, MS_CLI_ERROR, MS_CLI_ERROR_BAD_OPTION,
                           _("A login needs your e-mail address (--address) or a username (--username)."));
      return NULL;
    }
  for (MsRole role = MS_ROLE_INCOMING; role <= MS_ROLE_OUTGOING; role++)
    {
      MsServer *server = ms_account_get_server (account, role);

      if (o->username)
        ms_server_set_username (server, o->username);
      ms_server_set_plaintext_confirmed (server, o->allow_plaintext);
      if (with_servers && !ms_server_validate (server, error))
        {
          if (g_error_matches (*error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_PLAINTEXT_NOT_CONFIRMED))
            {
              g_clear_error (error);
              g_set_error_literal (error, MS_CLI_ERROR, MS_CLI_ERROR_BAD_OPTION,
                                   _("A server has no security: the password would travel unencrypted. Add "
                                     "--allow-plaintext to accept that."));
            }
          /* No login test needs a username when no password was given. */
          else if (password == NULL && g_error_matches (*error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_NO_USERNAME))
            {
              g_clear_error (error);
              continue;
            }
          return NULL;
        }
    }
  return g_steal_pointer (&account);
}

MsPinStore *
ms_cli_open_pins (const MsCliOptions *o, gboolean persist, GError **error)
{
  g_autoptr(MsPinStore) disk = ms_pin_store_new (g_getenv ("MAIL_SETUP_PIN_STORE"));
  g_autoptr(MsPinStore) pins = NULL;

  if (!ms_pin_store_load (disk, error))
    return NULL;
  if (persist)
    pins = g_object_ref (disk);
  else
    {
      /* Exceptions accepted earlier count, but this run changes none. */
      g_autoptr(GPtrArray) list = ms_pin_store_list (disk);

      pins = ms_pin_store_new_memory ();
      for (guint i = 0; i < list->len; i++)
        {
          MsPin *pin = g_ptr_array_index (list, i);

          if (pin->der)
            ms_pin_store_add (pins, pin->host, pin->port, pin->der, NULL);
          else
            ms_pin_store_add_fingerprint (pins, pin->host, pin->port, pin->sha256, NULL);
        }
    }
  for (guint i = 0; o->fingerprints && o->fingerprints[i]; i++)
    {
      g_autofree char *host = NULL, *sha256 = NULL;
      guint port;

      if (!ms_fingerprint_parse_spec (o->fingerprints[i], &host, &port, &sha256, error) ||
          !ms_pin_store_add_fingerprint (pins, host, port, sha256, error))
        return NULL;
    }
  return g_steal_pointer (&pins);
}

MsSetupSession *
ms_cli_new_session (const MsCliOptions *o, MsAccount *account, MsPinStore *pins)
{
  MsSetupSession *session = ms_setup_session_new (account, pins);

  ms_setup_session_set_timeout (session, o->timeout_ms);
  ms_setup_session_set_ca_file (session, o->ca_file);
  ms_setup_session_set_keep_servers (session, o->keep_servers);
  return session;
}
