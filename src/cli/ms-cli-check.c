/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "core/ms-endpoint-spec.h"
#include "core/ms-json.h"
#include "ms-cli-private.h"

/* `mail-setup --check`: judges the account (the provider's recommended
 * servers, or --incoming/--outgoing), or the servers given with
 * --server, or every standard door with --all-ports.  The other doors
 * are listed as alternatives and never change the verdict. */

static GPtrArray *
loose_endpoints (const MsCliOptions *o, GError **error)
{
  g_autoptr(GPtrArray) endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_endpoint_free);

  for (guint i = 0; o->servers && o->servers[i]; i++)
    {
      MsEndpoint *endpoint = ms_endpoint_parse_spec (o->servers[i], error);

      if (endpoint == NULL)
        return NULL;
      g_ptr_array_add (endpoints, endpoint);
    }
  return g_steal_pointer (&endpoints);
}

static GPtrArray *
account_endpoints (MsAccount *account)
{
  GPtrArray *endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_endpoint_free);

  g_ptr_array_add (endpoints, ms_server_to_endpoint (ms_account_get_incoming (account)));
  g_ptr_array_add (endpoints, ms_server_to_endpoint (ms_account_get_outgoing (account)));
  return endpoints;
}

static int
exit_for (const MsCheckReport *report)
{
  MsVerdict *problem = ms_check_report_first_problem (report);

  if (problem == NULL)
    return MS_EXIT_OK;
  return ms_cli_exit_for_error (problem->error);
}

int
ms_cli_check (const MsCliOptions *o, MsProviderStore *store)
{
  g_autoptr(MsProvider) provider = NULL;
  g_autoptr(MsAccount) account = NULL;
  g_autoptr(MsPinStore) pins = NULL;
  g_autoptr(MsSetupSession) session = NULL;
  g_autoptr(GPtrArray) endpoints = NULL;
  g_autoptr(MsCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;
  GString *out;
  MsCliWait wait;
  int status;

  endpoints = loose_endpoints (o, &error);
  if (endpoints == NULL ||
      (endpoints->len == 0 && (provider = ms_cli_choose_provider (o, store, &error)) == NULL) ||
      (account = ms_cli_build_account (o, provider, FALSE, endpoints->len == 0, &error)) == NULL ||
      (pins = ms_cli_open_pins (o, FALSE, &error)) == NULL)
    {
      status = ms_cli_exit_for_error (error);
      ms_cli_print_error (o, status, error);
      return status;
    }
  session = ms_cli_new_session (o, account, pins);
  /* --check never moves the account: it says what the user has. */
  ms_setup_session_set_keep_servers (session, TRUE);

  ms_cli_wait_init (&wait);
  if (endpoints->len > 0 || o->all_ports)
    {
      if (endpoints->len == 0)
        g_ptr_array_extend_and_steal (endpoints, account_endpoints (account));
      ms_setup_session_check_endpoints_async (session, endpoints, o->all_ports, wait.cancellable, ms_cli_wait_done,
                                              &wait);
    }
  else
    ms_setup_session_check_async (session, MS_CHECK_BOTH, wait.cancellable, ms_cli_wait_done, &wait);
  report = ms_setup_session_check_finish (session, ms_cli_wait_run (&wait), &error);
  ms_cli_wait_clear (&wait);
  if (report == NULL)
    {
      status = ms_cli_exit_for_error (error);
      ms_cli_print_error (o, status, error);
      return status;
    }

  status = exit_for (report);
  out = g_string_new (NULL);
  if (o->json)
    {
      g_string_append_printf (out, "{\"version\":2,\"works\":%s,\"exit_code\":%d,\"exit\":\"%s\",",
                              ms_check_report_works (report) ? "true" : "false", status,
                              ms_cli_exit_name (status));
      {
        g_autofree char *conclusion = ms_cli_render_conclusion (report);
        g_string_append (out, "\"conclusion\":");
        ms_json_append_string (out, conclusion);
        g_string_append_c (out, ',');
      }
      ms_cli_render_check_json (out, report);
      g_string_append (out, "}\n");
    }
  else
    {
      g_autofree char *conclusion = ms_cli_render_conclusion (report);

      ms_cli_render_check_text (out, report);
      g_string_append_printf (out, "\n%s\n", conclusion);
    }
  ms_cli_print (out->str);
  g_string_free (out, TRUE);
  return status;
}
