/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "core/ms-json.h"
#include "net/ms-probe-render.h"
#include "ms-cli-private.h"

/* --diagnose and --repair: the accounts Thunderbird and Evolution already
 * have, each with what is wrong in it and the fix, in words or as JSON
 * (docs/diagnose-json.md).  The setup session finds, checks and repairs;
 * this only renders.  --diagnose exits 0 when nothing is wrong, 1 when
 * something is; --repair as --apply does. */

static void
json_string_or_null (GString *out, const char *text)
{
  if (text)
    ms_json_append_string (out, text);
  else
    g_string_append (out, "null");
}

static void
json_verdict_or_null (GString *out, const MsVerdict *v)
{
  if (v)
    ms_cli_render_verdict_json (out, v);
  else
    g_string_append (out, "null");
}

void
ms_cli_render_diagnosis_json (GString *out, const MsDiagnosis *d)
{
  const MsExistingAccount *e = d->account;

  g_string_append (out, "{\"program\":");
  ms_json_append_string (out, e->program);
  g_string_append (out, ",\"profile\":");
  json_string_or_null (out, g_str_equal (e->program, "thunderbird") ? e->location : NULL);
  g_string_append (out, ",\"account\":");
  ms_json_append_string (out, e->account_key);
  g_string_append (out, ",\"incoming_key\":");
  json_string_or_null (out, e->incoming_key);
  g_string_append (out, ",\"outgoing_key\":");
  json_string_or_null (out, e->outgoing_key);
  g_string_append (out, ",\"address\":");
  json_string_or_null (out, e->address);
  g_string_append (out, ",\"incoming\":");
  ms_endpoint_render_json (out, e->incoming);
  g_string_append (out, ",\"incoming_username\":");
  json_string_or_null (out, e->incoming->username);
  g_string_append (out, ",\"outgoing\":");
  ms_cli_json_endpoint_or_null (out, e->outgoing);
  g_string_append (out, ",\"outgoing_username\":");
  json_string_or_null (out, e->outgoing ? e->outgoing->username : NULL);
  g_string_append (out, ",\"checks\":{\"incoming\":");
  json_verdict_or_null (out, d->verdicts[MS_ROLE_INCOMING]);
  g_string_append (out, ",\"outgoing\":");
  json_verdict_or_null (out, d->verdicts[MS_ROLE_OUTGOING]);
  g_string_append (out, "},\"problems\":[");
  for (guint i = 0; i < d->problems->len; i++)
    {
      MsProblem *p = d->problems->pdata[i];

      g_string_append_printf (out, "%s{\"kind\":\"%s\",\"server\":\"%s\",\"seen\":%s,\"explanation\":", i ? "," : "",
                              ms_problem_kind_to_string (p->kind), p->incoming ? "incoming" : "outgoing",
                              p->seen ? "true" : "false");
      ms_json_append_string (out, p->explanation);
      g_string_append (out, ",\"fix\":");
      ms_json_append_string (out, p->fix);
      g_string_append (out, ",\"fix_endpoint\":");
      ms_cli_json_endpoint_or_null (out, p->fix_endpoint);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"repair\":{\"incoming\":");
  ms_cli_json_endpoint_or_null (out, d->repaired[MS_ROLE_INCOMING]);
  g_string_append (out, ",\"outgoing\":");
  ms_cli_json_endpoint_or_null (out, d->repaired[MS_ROLE_OUTGOING]);
  g_string_append (out, "}}");
}

static MsDiagnosisReport *
run_diagnosis (const MsCliOptions *o, MsSetupSession *session, GError **error)
{
  MsCliWait wait;
  MsDiagnosisReport *report;

  ms_cli_wait_init (&wait);
  ms_setup_session_diagnose_async (session, o->address, wait.cancellable, ms_cli_wait_done, &wait);
  report = ms_setup_session_diagnose_finish (session, ms_cli_wait_run (&wait), error);
  ms_cli_wait_clear (&wait);
  return report;
}

static void
render (GString *out, const MsCliOptions *o, const MsDiagnosisReport *report)
{
  if (o->json)
    {
      g_string_append_printf (out, "\"checked\":%s,\"logged_in\":%s,\"accounts\":[", report->checked ? "true" : "false",
                              report->password_given ? "true" : "false");
      for (guint i = 0; i < report->diagnoses->len; i++)
        {
          if (i)
            g_string_append_c (out, ',');
          ms_cli_render_diagnosis_json (out, report->diagnoses->pdata[i]);
        }
      g_string_append (out, "],\"unreadable\":[");
      for (guint i = 0; i < report->unreadable->len; i++)
        {
          if (i)
            g_string_append_c (out, ',');
          ms_json_append_string (out, ((GError *) report->unreadable->pdata[i])->message);
        }
      g_string_append_printf (out, "],\"problems\":%u", report->n_problems);
      return;
    }
  for (guint i = 0; i < report->unreadable->len; i++)
    /* TRANSLATORS: why a program's settings could not be read. */
    g_string_append_printf (out, _("Could not read: %s\n"), ((GError *) report->unreadable->pdata[i])->message);
  for (guint i = 0; i < report->diagnoses->len; i++)
    ms_diagnosis_render_text (out, report->diagnoses->pdata[i]);
  if (report->diagnoses->len == 0)
    g_string_append_printf (out, "%s\n", o->address ? _("No Thunderbird or Evolution account has this address.")
                                                    : _("No Thunderbird or Evolution account uses the provider’s servers."));
  else if (!report->checked)
    g_string_append_printf (out, "%s\n", _("The servers were not contacted (--offline): only the settings were judged."));
}

int
ms_cli_diagnose (const MsCliOptions *o, MsProviderStore *store, gboolean repair)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsProvider) provider = ms_cli_choose_provider (o, store, &error);
  g_autoptr(MsAccount) account = NULL;
  g_autoptr(MsPinStore) pins = NULL;
  g_autoptr(MsSetupSession) session = NULL;
  g_autoptr(MsDiagnosisReport) report = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  MsExit status;

  if (provider == NULL || (account = ms_cli_build_account (o, provider, FALSE, FALSE, &error)) == NULL ||
      (pins = ms_cli_open_pins (o, FALSE, &error)) == NULL)
    {
      ms_cli_print_error (o, MS_EXIT_USAGE, error);
      return MS_EXIT_USAGE;
    }
  session = ms_cli_new_session (o, account, pins);
  ms_setup_session_set_offline (session, o->offline);
  report = run_diagnosis (o, session, &error);
  if (report == NULL)
    {
      ms_cli_print_error (o, MS_EXIT_CANCELLED, error);
      return MS_EXIT_CANCELLED;
    }
  if (o->json)
    g_string_append (out, "{\"version\":1,");
  render (out, o, report);
  if (repair)
    {
      status = ms_cli_repair_run (o, session, report, out);
      ms_cli_print (out->str);
      return status;
    }
  status = report->n_problems ? MS_EXIT_FAILED : MS_EXIT_OK;
  /* The same closing members as --apply and --repair. */
  if (o->json)
    g_string_append_printf (out, ",\"ok\":%s,\"exit_code\":%d,\"exit\":\"%s\"}\n",
                            status == MS_EXIT_OK ? "true" : "false", status, ms_cli_exit_name (status));
  ms_cli_print (out->str);
  return status;
}
