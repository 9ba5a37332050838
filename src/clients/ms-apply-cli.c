/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <stdio.h>
#include <string.h>

#include "core/ms-address.h"
#include "core/ms-provider-store.h"
#include "evolution/ms-keyring.h"
#include "net/ms-check-cli.h"
#include "net/ms-check-render.h"
#include "net/ms-check.h"
#include "net/ms-test-message.h"
#include "ms-apply-cli-private.h"
#include "ms-apply-cli.h"
#include "ms-apply.h"
#include "ms-clients.h"

/* The batch mode: the same account model, checks, refusals and writers as
 * the wizard, driven by options or a settings file. */

G_DEFINE_QUARK (ms-apply-cli-error-quark, ms_apply_cli_error)

typedef struct {
  MsApplyCliOptions o;       /* the options, completed from the settings file */
  GPtrArray *strings;        /* what the settings file lent to o */
  MsProvider *provider;
  GMainLoop *loop;
  GCancellable *cancellable;
  gpointer result;
  GError *error;
  MsTestMessageResult *test;   /* with --test-message */
} Run;

static const char *
keep (Run *run, char *value)
{
  if (value == NULL)
    return NULL;
  g_ptr_array_add (run->strings, value);
  return value;
}

static const char *const *
keep_list (Run *run, char **values)
{
  if (values == NULL)
    return NULL;
  for (guint i = 0; values[i]; i++)
    g_ptr_array_add (run->strings, values[i]);
  g_ptr_array_add (run->strings, values);  /* the array itself: its items are freed above */
  return (const char *const *) values;
}

/* Options win over the file; the file fills the gaps. */
static gboolean
load_settings (Run *run, GError **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  MsApplyCliOptions *o = &run->o;

#define FILL(field, group, key) \
  if (o->field == NULL) o->field = keep (run, g_key_file_get_string (file, group, key, NULL))

  if (o->settings_file == NULL)
    return TRUE;
  if (!g_key_file_load_from_file (file, o->settings_file, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", o->settings_file);
      return FALSE;
    }
  FILL (name, "account", "name");
  FILL (address, "account", "address");
  FILL (username, "account", "username");
  FILL (reply_to, "account", "reply-to");
  FILL (organization, "account", "organization");
  FILL (signature, "account", "signature");
  FILL (password_env, "account", "password-env");
  FILL (incoming, "servers", "incoming");
  FILL (outgoing, "servers", "outgoing");
  FILL (thunderbird_profile, "clients", "thunderbird-profile");
  FILL (ca_file, "certificates", "ca-file");
#undef FILL
  if (o->clients == NULL)
    o->clients = keep_list (run, g_key_file_get_string_list (file, "clients", "write", NULL, NULL));
  if (o->accept_fingerprints == NULL)
    o->accept_fingerprints = keep_list (run, g_key_file_get_string_list (file, "certificates", "accept", NULL, NULL));
  if (!o->no_remember && g_key_file_has_key (file, "account", "remember-password", NULL))
    o->no_remember = !g_key_file_get_boolean (file, "account", "remember-password", NULL);
  if (run->provider == NULL && g_key_file_has_key (file, "account", "provider", NULL))
    {
      g_autofree char *id = g_key_file_get_string (file, "account", "provider", NULL);
      g_autoptr(MsProviderStore) store = ms_provider_store_new ();

      ms_provider_store_load_sync (store, NULL);
      if (ms_provider_store_lookup (store, id) == NULL)
        {
          g_set_error (error, MS_APPLY_CLI_ERROR, MS_APPLY_CLI_ERROR_SETTINGS_FILE,
                       _("%s: no provider profile has the id “%s”"), o->settings_file, id);
          return FALSE;
        }
      run->provider = g_object_ref (ms_provider_store_lookup (store, id));
    }
  return TRUE;
}

static gboolean
usage (GError **error, const char *message)
{
  g_set_error_literal (error, MS_APPLY_CLI_ERROR, MS_APPLY_CLI_ERROR_USAGE, message);
  return FALSE;
}

static gboolean
load_server (Run *run, MsAccount *account, MsServer *server, const char *spec, GError **error)
{
  g_autoptr(MsEndpoint) endpoint = NULL;

  if (spec == NULL)
    return TRUE;
  endpoint = ms_check_cli_parse_server (spec, error);
  if (endpoint == NULL)
    return FALSE;
  if ((ms_server_get_protocol (server) == MS_PROTOCOL_SMTP) != (endpoint->protocol == MS_PROTOCOL_SMTP))
    return usage (error, server == ms_account_get_incoming (account)
                         ? _("The incoming server must be imap or pop3.")
                         : _("The outgoing server must be smtp."));
  ms_server_load_endpoint (server, endpoint, run->o.address, run->o.name);
  return TRUE;
}

static char *
password_from (Run *run, GError **error)
{
  if (run->o.read_password)
    return ms_check_cli_read_password (run->o.password_fd, error);
  if (run->o.password_env)
    {
      const char *value = g_getenv (run->o.password_env);

      if (value == NULL)
        {
          g_set_error (error, MS_APPLY_CLI_ERROR, MS_APPLY_CLI_ERROR_USAGE,
                       _("The environment variable %s is not set."), run->o.password_env);
          return NULL;
        }
      return g_strdup (value);
    }
  usage (error, _("The password is needed: give it on standard input (--password-stdin) or in an environment variable (--password-env NAME). It is never taken from the command line."));
  return NULL;
}

/* The same refusals as the wizard's pages. */
static MsAccount *
build_account (Run *run, GError **error)
{
  g_autoptr(MsAccount) account = ms_account_new (run->provider);
  MsServer *servers[] = { ms_account_get_incoming (account), ms_account_get_outgoing (account) };
  g_autofree char *password = NULL;

  g_object_set (account, "real-name", run->o.name ? run->o.name : "", "address", run->o.address ? run->o.address : "",
                "reply-to", run->o.reply_to ? run->o.reply_to : "",
                "organization", run->o.organization ? run->o.organization : "",
                "signature", run->o.signature ? run->o.signature : "",
                "remember-password", !run->o.no_remember, NULL);
  if (!load_server (run, account, servers[0], run->o.incoming, error) ||
      !load_server (run, account, servers[1], run->o.outgoing, error))
    return NULL;
  password = password_from (run, error);
  if (password == NULL)
    return NULL;
  g_object_set (account, "password", password, NULL);
  explicit_bzero (password, strlen (password));

  if (!ms_account_validate_identity (account, error))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      if (run->o.username)
        ms_server_set_username (servers[i], run->o.username);
      ms_server_set_plaintext_confirmed (servers[i], run->o.allow_plaintext);
      if (!ms_server_validate (servers[i], error))
        {
          if (g_error_matches (*error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_PLAINTEXT_NOT_CONFIRMED))
            {
              g_clear_error (error);
              return usage (error, _("A server has no security: the password would travel unencrypted. Add --allow-plaintext to accept that.")), NULL;
            }
          return NULL;
        }
    }
  return g_steal_pointer (&account);
}

static void
quit_with (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;

  if (MS_IS_CHECK (source))
    run->result = ms_check_run_finish (MS_CHECK (source), result, &run->error);
  else if (MS_IS_APPLY (source))
    run->result = ms_apply_run_finish (MS_APPLY (source), result, &run->error);
  else if (MS_IS_TEST_MESSAGE (source))
    run->test = ms_test_message_run_finish (MS_TEST_MESSAGE (source), result, &run->error);
  else
    run->result = GINT_TO_POINTER (ms_keyring_check_available_finish (result, &run->error));
  g_main_loop_quit (run->loop);
}

static int
exit_code_for (const GError *error)
{
  if (error->domain != MS_NET_ERROR)
    return MS_APPLY_EXIT_FAILED;
  switch (error->code)
    {
    case MS_NET_ERROR_CERT_NAME_MISMATCH:
    case MS_NET_ERROR_CERT_UNTRUSTED:
    case MS_NET_ERROR_CERT_EXPIRED:
    case MS_NET_ERROR_CERT_NOT_YET_VALID:
      return MS_APPLY_EXIT_CERTIFICATE;
    case MS_NET_ERROR_AUTH_FAILED:
    case MS_NET_ERROR_AUTH_UNSUPPORTED:
    case MS_NET_ERROR_PLAINTEXT_REFUSED:
    case MS_NET_ERROR_SIGN_IN_REQUIRED:
      return MS_APPLY_EXIT_AUTH;
    default:
      return MS_APPLY_EXIT_UNREACHABLE;
    }
}

static MsProbeOptions *
probe_options (Run *run, MsAccount *account, MsPinStore *pins)
{
  MsProbeOptions *po = ms_probe_options_new ();

  if (run->o.timeout_ms)
    po->connect_timeout_ms = po->read_timeout_ms = run->o.timeout_ms;
  po->ca_file = g_strdup (run->o.ca_file);
  po->pin_store = g_object_ref (pins);
  po->allow_plaintext = run->o.allow_plaintext;
  po->password = g_strdup (ms_account_get_password (account));
  return po;
}

/* Both servers, with a login test, as the wizard's pages do. */
static MsCheckResult *
run_checks (Run *run, MsAccount *account, MsPinStore *pins)
{
  g_autoptr(MsProbeOptions) po = probe_options (run, account, pins);
  g_autoptr(MsCheck) check = NULL;
  MsServer *servers[] = { ms_account_get_incoming (account), ms_account_get_outgoing (account) };

  /* Each server has its own username; a check holds one: run them as one
   * check only when they agree, which is the usual full-address case. */
  po->username = g_strdup (ms_server_get_username (servers[0]));
  check = ms_check_new (po);
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      g_autoptr(MsEndpoint) endpoint = ms_server_to_endpoint (servers[i]);
      ms_check_add (check, endpoint, 0);
    }
  ms_check_run_async (check, run->cancellable, quit_with, run);
  g_main_loop_run (run->loop);
  return g_steal_pointer ((MsCheckResult **) &run->result);
}

/* A fingerprint from the command line becomes a full exception once the
 * check has seen the certificate: the writers need it whole (Thunderbird
 * keys its exceptions on issuer and serial). */
static void
complete_pins (MsCheckResult *check, MsPinStore *pins)
{
  for (guint i = 0; i < check->results->len; i++)
    {
      MsProbeResult *r = g_ptr_array_index (check->results, i);
      g_autoptr(MsPin) pin = NULL;
      const MsCertInfo *leaf;

      if (r == NULL || r->certificate == NULL || !r->certificate->pinned || r->certificate->chain->len == 0)
        continue;
      pin = ms_pin_store_get (pins, r->endpoint->hostname, r->endpoint->port);
      leaf = g_ptr_array_index (r->certificate->chain, 0);
      if (pin && pin->der == NULL)
        ms_pin_store_add (pins, r->endpoint->hostname, r->endpoint->port, leaf->der, NULL);
    }
}

static MsPinStore *
open_pins (Run *run, GError **error)
{
  g_autoptr(MsPinStore) disk = ms_pin_store_new (run->o.pin_store_path);
  g_autoptr(MsPinStore) pins = NULL;

  if (!ms_pin_store_load (disk, error))
    return NULL;
  /* A dry run changes nothing, accepted certificates included. */
  if (run->o.dry_run)
    {
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
  else
    pins = g_object_ref (disk);
  for (guint i = 0; run->o.accept_fingerprints && run->o.accept_fingerprints[i]; i++)
    if (!ms_check_cli_add_fingerprint (pins, run->o.accept_fingerprints[i], error))
      return NULL;
  return g_steal_pointer (&pins);
}

static GPtrArray *
choose_clients (Run *run, GError **error)
{
  g_autoptr(GPtrArray) all = ms_clients_new_all ();
  g_autoptr(GPtrArray) chosen = g_ptr_array_new_with_free_func (g_object_unref);

  if (run->o.clients == NULL)
    {
      for (guint i = 0; i < all->len; i++)
        if (ms_client_is_installed (g_ptr_array_index (all, i)))
          g_ptr_array_add (chosen, g_object_ref (g_ptr_array_index (all, i)));
      if (chosen->len == 0)
        {
          g_set_error_literal (error, MS_APPLY_CLI_ERROR, MS_APPLY_CLI_ERROR_NO_CLIENT,
                               _("Neither Thunderbird nor Evolution is installed. Name the programs to prepare with --clients thunderbird,evolution."));
          return NULL;
        }
      return g_steal_pointer (&chosen);
    }
  for (guint i = 0; run->o.clients[i]; i++)
    {
      MsClient *client = ms_clients_find (all, run->o.clients[i]);

      if (client == NULL)
        {
          g_set_error (error, MS_APPLY_CLI_ERROR, MS_APPLY_CLI_ERROR_USAGE,
                       _("Unknown mail program “%s”: use thunderbird or evolution."), run->o.clients[i]);
          return NULL;
        }
      g_ptr_array_add (chosen, g_object_ref (client));
    }
  return g_steal_pointer (&chosen);
}

static gboolean
on_signal (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

/* As the guide advises, once the account is set up: a message to yourself,
 * through the outgoing server, found again in the inbox. */
static int
send_test_message (Run *run, MsAccount *account, MsPinStore *pins, GError **error)
{
  g_autoptr(MsProbeOptions) po = probe_options (run, account, pins);
  g_autoptr(MsEndpoint) outgoing = ms_server_to_endpoint (ms_account_get_outgoing (account));
  g_autoptr(MsEndpoint) incoming = ms_server_to_endpoint (ms_account_get_incoming (account));
  g_autoptr(MsTestMessage) test = NULL;
  const GError *failure;

  /* Each server logs in with its own username: the endpoints carry them. */
  po->address = g_strdup (ms_account_get_address (account));
  test = ms_test_message_new (outgoing, incoming, po, ms_account_get_address (account),
                              ms_account_get_real_name (account));
  if (run->o.test_wait_seconds)
    ms_test_message_set_wait_seconds (test, run->o.test_wait_seconds);
  ms_test_message_run_async (test, run->cancellable, quit_with, run);
  g_main_loop_run (run->loop);
  if (run->test == NULL)
    return MS_APPLY_EXIT_CANCELLED;
  if (ms_test_message_result_passed (run->test))
    return MS_APPLY_EXIT_OK;
  failure = run->test->send_error ? run->test->send_error : run->test->receive_error;
  g_set_error (error, MS_APPLY_CLI_ERROR, MS_APPLY_CLI_ERROR_USAGE,
               _("The account is set up, but the test message failed: %s"),
               failure ? failure->message : "?");
  return failure ? exit_code_for (failure) : MS_APPLY_EXIT_FAILED;
}

static int
run_steps (Run *run, MsCheckResult **check_out, GPtrArray **outcomes_out, GError **error)
{
  g_autoptr(MsAccount) account = NULL;
  g_autoptr(MsPinStore) pins = NULL;
  g_autoptr(GPtrArray) clients = NULL;
  g_autoptr(MsApply) apply = NULL;
  MsClientOptions options = { 0 };
  GPtrArray *outcomes;
  int status = MS_APPLY_EXIT_OK;

  if (!load_settings (run, error))
    return MS_APPLY_EXIT_USAGE;
  if (run->provider == NULL && (run->o.incoming == NULL || run->o.outgoing == NULL))
    {
      g_autoptr(MsProviderStore) store = ms_provider_store_new ();
      run->provider = g_object_ref (ms_provider_store_get_default (store));
    }
  if ((account = build_account (run, error)) == NULL ||
      (pins = open_pins (run, error)) == NULL ||
      (clients = choose_clients (run, error)) == NULL)
    return MS_APPLY_EXIT_USAGE;

  if (!run->o.no_check)
    {
      MsCheckResult *check = run_checks (run, account, pins);

      *check_out = check;
      if (check == NULL)
        return MS_APPLY_EXIT_CANCELLED;
      for (guint i = 0; i < check->n_endpoints; i++)
        if (!ms_check_result_endpoint_passed (check, i))
          {
            MsProbeResult *r = ms_check_result_best (check, i);
            g_set_error (error, MS_APPLY_CLI_ERROR, MS_APPLY_CLI_ERROR_USAGE,
                         _("Nothing was written: the check of %s failed: %s"),
                         r->endpoint->hostname, r->error->message);
            return exit_code_for (r->error);
          }
      complete_pins (check, pins);
    }

  if (!run->o.no_remember)
    {
      ms_keyring_check_available_async (run->cancellable, quit_with, run);
      g_main_loop_run (run->loop);
      if (run->error)
        {
          g_set_error (error, MS_APPLY_CLI_ERROR, MS_APPLY_CLI_ERROR_USAGE,
                       _("Nothing was written: the password cannot be remembered (%s). Add --no-remember-password to set up the account without it; the mail programs will then ask for it."),
                       run->error->message);
          g_clear_error (&run->error);
          return MS_APPLY_EXIT_KEYRING;
        }
    }

  options.dry_run = run->o.dry_run;
  options.store_password = !run->o.no_remember;
  options.profile = run->o.thunderbird_profile;
  apply = ms_apply_new (account, pins, &options);
  for (guint i = 0; i < clients->len; i++)
    ms_apply_add_client (apply, g_ptr_array_index (clients, i));
  ms_apply_run_async (apply, run->cancellable, quit_with, run);
  g_main_loop_run (run->loop);
  outcomes = g_steal_pointer ((GPtrArray **) &run->result);
  if (outcomes == NULL)
    return MS_APPLY_EXIT_CANCELLED;
  *outcomes_out = outcomes;
  for (guint i = 0; i < outcomes->len; i++)
    {
      MsApplyOutcome *o = g_ptr_array_index (outcomes, i);

      if (o->error == NULL)
        continue;
      if (g_error_matches (o->error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_RUNNING))
        status = MS_APPLY_EXIT_LOCKED;
      else if (status == MS_APPLY_EXIT_OK)
        status = MS_APPLY_EXIT_FAILED;
    }
  if (status == MS_APPLY_EXIT_OK && run->o.test_message && !run->o.dry_run)
    status = send_test_message (run, account, pins, error);
  return status;
}

int
ms_apply_cli_run (const MsApplyCliOptions *opts)
{
  Run run = { 0 };
  g_autoptr(GError) error = NULL;
  MsCheckResult *check = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  guint sigint, sigterm;
  int status;

  run.o = *opts;
  run.strings = g_ptr_array_new_with_free_func (g_free);
  run.provider = opts->provider ? g_object_ref (opts->provider) : NULL;
  run.loop = g_main_loop_new (NULL, FALSE);
  run.cancellable = g_cancellable_new ();
  sigint = g_unix_signal_add (SIGINT, on_signal, run.cancellable);
  sigterm = g_unix_signal_add (SIGTERM, on_signal, run.cancellable);

  status = run_steps (&run, &check, &outcomes, &error);

  if (opts->json)
    ms_apply_cli_print_json (status, error, check, outcomes, run.test, opts->dry_run);
  else
    {
      ms_apply_cli_print_text (check, outcomes, run.test, opts->dry_run);
      if (error)
        g_printerr ("%s\n", error->message);
    }

  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_clear_pointer (&check, ms_check_result_free);
  g_clear_pointer (&run.test, ms_test_message_result_free);
  g_clear_object (&run.provider);
  g_clear_error (&run.error);
  g_main_loop_unref (run.loop);
  g_object_unref (run.cancellable);
  /* keep_list stored arrays whose items were added first: free items, then arrays. */
  g_ptr_array_unref (run.strings);
  return status;
}
