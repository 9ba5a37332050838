/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "clients/ms-clients.h"
#include "core/ms-settings-file.h"
#include "ms-cli-apply.h"

/* `mail-setup --apply`: the wizard's steps without a window, on the same
 * setup session: check (moving off a blocked port 25 as the wizard
 * does), then write the chosen mail programs, then the test message. */

static void
fill (char **field, const char *value)
{
  if (*field == NULL && value != NULL)
    *field = g_strdup (value);
}

/* Options win over the settings file; the file fills the gaps. */
static MsCliOptions *
merged_options (const MsCliOptions *o, MsProviderStore *store, MsProvider **provider, GError **error)
{
  MsCliOptions *m = g_new0 (MsCliOptions, 1);
  g_autoptr(MsSettingsFile) s = NULL;

  *m = *o;
  m->provider_id = g_strdup (o->provider_id), m->profile = g_strdup (o->profile);
  m->settings = g_strdup (o->settings), m->ca_file = g_strdup (o->ca_file);
  m->thunderbird_profile = g_strdup (o->thunderbird_profile), m->name = g_strdup (o->name);
  m->address = g_strdup (o->address), m->username = g_strdup (o->username), m->reply_to = g_strdup (o->reply_to);
  m->organization = g_strdup (o->organization), m->signature = g_strdup (o->signature);
  m->incoming = g_strdup (o->incoming), m->outgoing = g_strdup (o->outgoing);
  m->password_env = g_strdup (o->password_env), m->clients = g_strdup (o->clients);
  m->servers = g_strdupv (o->servers), m->fingerprints = g_strdupv (o->fingerprints);
  *provider = NULL;
  if (o->settings)
    {
      s = ms_settings_file_load (o->settings, error);
      if (s == NULL)
        return (ms_cli_options_free (m), NULL);
      fill (&m->name, s->name), fill (&m->address, s->address), fill (&m->username, s->username);
      fill (&m->reply_to, s->reply_to), fill (&m->organization, s->organization);
      fill (&m->signature, s->signature), fill (&m->password_env, s->password_env);
      fill (&m->incoming, s->incoming), fill (&m->outgoing, s->outgoing);
      fill (&m->thunderbird_profile, s->thunderbird_profile), fill (&m->ca_file, s->ca_file);
      if (m->clients == NULL && s->clients)
        m->clients = g_strjoinv (",", s->clients);
      if (m->fingerprints == NULL)
        m->fingerprints = g_strdupv (s->accept);
      if (!m->no_remember && s->remember_password == 0)
        m->no_remember = TRUE;
      if (o->provider_id == NULL && o->profile == NULL && s->provider)
        m->provider_id = g_strdup (s->provider);
    }
  /* Both servers given, and no profile named: an account of its own. */
  if (m->incoming && m->outgoing && m->provider_id == NULL && m->profile == NULL)
    return m;
  *provider = ms_cli_choose_provider (m, store, error);
  if (*provider == NULL)
    return (ms_cli_options_free (m), NULL);
  return m;
}

static GPtrArray *
choose_clients (const MsCliOptions *o, GError **error)
{
  g_autoptr(GPtrArray) all = ms_clients_new_all ();
  g_autoptr(GPtrArray) chosen = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) names = o->clients ? g_strsplit_set (o->clients, ",;", -1) : NULL;

  for (guint i = 0; names && names[i]; i++)
    {
      MsClient *client = ms_clients_find (all, g_strstrip (names[i]));

      if (client == NULL)
        {
          g_set_error (error, MS_CLI_ERROR, MS_CLI_ERROR_UNKNOWN_PROGRAM,
                       /* TRANSLATORS: %s is the mail program name given with --clients, e.g. “outlook”;
                        * “thunderbird” and “evolution” are option values: do not translate them. */
                       _("Unknown mail program “%s”: use thunderbird or evolution."), names[i]);
          return NULL;
        }
      g_ptr_array_add (chosen, g_object_ref (client));
    }
  for (guint i = 0; names == NULL && i < all->len; i++)
    if (ms_client_is_installed (all->pdata[i]))
      g_ptr_array_add (chosen, g_object_ref (all->pdata[i]));
  if (chosen->len == 0)
    {
      g_set_error_literal (error, MS_CLI_ERROR, MS_CLI_ERROR_NO_PROGRAM,
                           _("Neither Thunderbird nor Evolution is installed. Name the programs to prepare with "
                             "--clients thunderbird,evolution."));
      return NULL;
    }
  return g_steal_pointer (&chosen);
}

static int
run (MsCliApply *a, const MsCliOptions *o, MsProviderStore *store)
{
  g_autoptr(MsProvider) provider = NULL;
  g_autoptr(MsAccount) account = NULL;
  g_autoptr(MsPinStore) pins = NULL;
  g_autoptr(GPtrArray) clients = NULL;
  MsClientOptions options = { 0 };
  MsCliWait wait;
  int status = MS_EXIT_OK;

  a->options = merged_options (o, store, &provider, &a->error);
  if (a->options == NULL)
    return ms_cli_exit_for_error (a->error);
  o = a->options;
  if ((account = ms_cli_build_account (o, provider, TRUE, TRUE, &a->error)) == NULL ||
      (pins = ms_cli_open_pins (o, !o->dry_run, &a->error)) == NULL ||
      (clients = choose_clients (o, &a->error)) == NULL)
    return ms_cli_exit_for_error (a->error);
  a->session = ms_cli_new_session (o, account, pins);

  ms_cli_wait_init (&wait);
  if (!o->no_check)
    {
      a->check = ms_setup_session_check_finish (a->session, (ms_setup_session_check_async (a->session, MS_CHECK_BOTH,
                                                wait.cancellable, ms_cli_wait_done, &wait), ms_cli_wait_run (&wait)),
                                                &a->error);
      if (a->check == NULL)
        return (ms_cli_wait_clear (&wait), ms_cli_exit_for_error (a->error));
      a->problem = ms_check_report_first_problem (a->check);
      /* A dry run goes on to show what it would write; a real run stops. */
      if (a->problem && !o->dry_run)
        return (ms_cli_wait_clear (&wait), ms_cli_exit_for_error (a->problem->error));
    }

  options.dry_run = o->dry_run;
  options.store_password = !o->no_remember;
  options.profile = o->thunderbird_profile;
  ms_setup_session_apply_async (a->session, clients, &options, wait.cancellable, ms_cli_wait_done, &wait);
  a->apply = ms_setup_session_apply_finish (a->session, ms_cli_wait_run (&wait), &a->error);
  if (a->apply == NULL)
    return (ms_cli_wait_clear (&wait), ms_cli_exit_for_error (a->error));
  if (a->problem)
    status = ms_cli_exit_for_error (a->problem->error);
  else if (a->apply->blockers->len > 0)
    status = ms_cli_exit_for_error (((MsBlocker *) a->apply->blockers->pdata[0])->error);
  for (guint i = 0; status == MS_EXIT_OK && i < a->apply->outcomes->len; i++)
    {
      MsApplyOutcome *outcome = a->apply->outcomes->pdata[i];

      if (outcome->error)
        status = ms_cli_exit_for_error (outcome->error);
    }

  if (status == MS_EXIT_OK && o->test_message && !o->dry_run)
    {
      g_autoptr(MsTestMessage) test = ms_setup_session_new_test_message (a->session);

      ms_test_message_run_async (test, wait.cancellable, ms_cli_wait_done, &wait);
      a->test = ms_test_message_run_finish (test, ms_cli_wait_run (&wait), &a->error);
      if (a->test == NULL)
        status = ms_cli_exit_for_error (a->error);
      else if (!ms_test_message_result_passed (a->test))
        {
          const GError *failure = a->test->send_error ? a->test->send_error : a->test->receive_error;

          status = failure ? ms_cli_exit_for_error (failure) : MS_EXIT_FAILED;
        }
    }
  ms_cli_wait_clear (&wait);
  return status;
}

int
ms_cli_apply (const MsCliOptions *o, MsProviderStore *store)
{
  MsCliApply a = { 0 };
  int status = run (&a, o, store);

  a.status = status;
  a.json = o->json;
  a.dry_run = o->dry_run;
  ms_cli_apply_print (&a);
  ms_cli_apply_clear (&a);
  return status;
}
