/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "clients/ms-cert-render.h"
#include "net/ms-probe-render.h"
#include "ms-report.h"

#define REDACTED "********"

/* The report is built from text that never held the password, but a
 * server's reply or a user's typo could echo it: mask any trace anyway. */
static char *
redact (char *text, const char *secret)
{
  GString *out;
  const char *p;
  gsize n;

  if (secret == NULL || *secret == '\0' || strstr (text, secret) == NULL)
    return text;
  out = g_string_new (NULL);
  n = strlen (secret);
  for (p = text; *p;)
    if (strncmp (p, secret, n) == 0)
      {
        g_string_append (out, REDACTED);
        p += n;
      }
    else
      g_string_append_c (out, *p++);
  g_free (text);
  return g_string_free (out, FALSE);
}

static void
add_section (GString *out, const char *title)
{
  g_string_append_printf (out, "\n== %s ==\n", title);
}

static void
add_check (GString *out, const char *title, const MsVerdict *verdict)
{
  add_section (out, title);
  if (verdict == NULL)
    {
      g_string_append_printf (out, "%s\n", _("Not checked."));
      return;
    }
  {
    g_autofree char *text = ms_probe_render_text (verdict->result);

    /* TRANSLATORS: "Verdict:" then "passed", "needs your approval" or "failed". */
    g_string_append_printf (out, "%s %s\n", _("Verdict:"),
                            verdict->kind == MS_VERDICT_PASSED ? _("works")
                            : verdict->kind == MS_VERDICT_NEEDS_APPROVAL ? _("the certificate needs approval")
                                                                        : _("does not work"));
    g_string_append_printf (out, "%s\n", verdict->headline);
    if (verdict->advice)
      g_string_append_printf (out, "%s\n", verdict->advice);
    if (verdict->asked)
      {
        g_autofree char *asked = ms_endpoint_describe (verdict->asked);
        g_string_append_printf (out, "%s %s\n", _("Changed from:"), asked);
      }
    g_string_append (out, text);
  }
}

/* How long each certificate has left: what a helpdesk needs before a
 * renewal makes the programs warn again. */
static void
add_certificates (GString *out, const MsReportInput *input)
{
  MsProbeResult *results[] = { input->incoming ? input->incoming->result : NULL,
                               input->outgoing ? input->outgoing->result : NULL };
  char *places[2] = { NULL, NULL };

  add_section (out, _("Certificates"));
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    if (results[i])
      places[i] = g_strdup_printf ("%s:%u", results[i]->endpoint->hostname, results[i]->endpoint->port);
  ms_cert_render_report_section (out, places[0], results[0] ? results[0]->certificate : NULL, places[1],
                                 results[1] ? results[1]->certificate : NULL, input->certificates);
  g_free (places[0]);
  g_free (places[1]);
}

/* What "Check my existing account" found: the helpdesk sees the
 * customer's own settings without asking them to read them aloud. */
static void
add_existing (GString *out, const MsDiagnosisReport *existing)
{
  if (existing == NULL)
    return;
  add_section (out, _("Existing accounts"));
  if (existing->diagnoses->len == 0)
    g_string_append_printf (out, "%s\n", _("No existing account was found."));
  for (guint i = 0; i < existing->unreadable->len; i++)
    /* TRANSLATORS: why a program's settings could not be read. */
    g_string_append_printf (out, _("Could not read: %s\n"), ((GError *) existing->unreadable->pdata[i])->message);
  for (guint i = 0; i < existing->diagnoses->len; i++)
    ms_diagnosis_render_text (out, existing->diagnoses->pdata[i]);
}

static void
add_outcomes (GString *out, GPtrArray *outcomes)
{
  add_section (out, _("Written"));
  if (outcomes == NULL || outcomes->len == 0)
    {
      g_string_append_printf (out, "%s\n", _("Nothing has been written yet."));
      return;
    }
  for (guint i = 0; i < outcomes->len; i++)
    {
      const MsApplyOutcome *o = g_ptr_array_index (outcomes, i);

      if (o->error)
        {
          g_string_append_printf (out, "%s: %s %s\n", ms_client_get_display_name (o->client), _("FAILED:"),
                                  o->error->message);
          continue;
        }
      g_string_append_printf (out, "%s: %s\n", ms_client_get_display_name (o->client), o->report->summary);
      for (guint f = 0; f < o->report->written->len; f++)
        g_string_append_printf (out, "    %s %s\n", _("Wrote"), (char *) g_ptr_array_index (o->report->written, f));
      for (guint f = 0; f < o->report->backups->len; f++)
        g_string_append_printf (out, "    %s %s\n", _("Backup:"), (char *) o->report->backups->pdata[f]);
      g_string_append_printf (out, "    %s %s\n", _("Password:"),
                              o->report->password_stored ? _("stored") : _("not stored"));
      if (o->report->password_note)
        g_string_append_printf (out, "    %s\n", o->report->password_note);
    }
}

MsReportInput
ms_report_input_from_session (MsSetupSession *session, GPtrArray *outcomes)
{
  const MsCheckReport *report = ms_setup_session_get_report (session);
  MsReportInput input = {
    ms_setup_session_get_account (session),
    ms_setup_session_get_verdict (session, MS_ROLE_INCOMING),
    ms_setup_session_get_verdict (session, MS_ROLE_OUTGOING),
    report ? report->port25_advice : NULL,
    outcomes,
    NULL,
    ms_setup_session_get_diagnosis (session),
  };

  return input;
}

char *
ms_report_text (const MsReportInput *input)
{
  g_autofree char *in = input->incoming ? ms_verdict_short (input->incoming) : NULL;
  g_autofree char *out_verdict = input->outgoing ? ms_verdict_short (input->outgoing) : NULL;
  const char *verdicts[] = { in, out_verdict };
  g_autoptr(GPtrArray) rows = ms_account_summary_rows (input->account, verdicts);
  g_autofree char *settings = ms_summary_rows_to_text (rows);
  g_autofree char *os = g_get_os_info (G_OS_INFO_KEY_PRETTY_NAME);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d %H:%M:%S %z");
  MsProvider *provider = ms_account_get_provider (input->account);
  GString *out = g_string_new (NULL);

  /* TRANSLATORS: the title of the report a helpdesk receives. */
  g_string_append_printf (out, "%s\n", _("Mail Setup diagnostic report"));
  g_string_append_printf (out, "%s %s\n", _("Version:"), PACKAGE_VERSION);
  g_string_append_printf (out, "%s %s\n", _("Date:"), date);
  g_string_append_printf (out, "%s %s\n", _("System:"), os ? os : "?");
  if (provider && !ms_provider_is_manual (provider))
    g_string_append_printf (out, "%s %s (%s, %s)\n", _("Provider profile:"), ms_provider_get_display_name (provider),
                            ms_provider_get_id (provider), ms_provider_get_source (provider));
  g_string_append_printf (out, "%s %s\n", _("Password:"), _("never included in this report"));

  add_section (out, _("Settings"));
  g_string_append (out, settings);
  add_check (out, _("Check of the incoming server"), input->incoming);
  add_check (out, _("Check of the outgoing server"), input->outgoing);
  if (input->port25_advice)
    g_string_append_printf (out, "\n%s\n", input->port25_advice);
  add_certificates (out, input);
  add_existing (out, input->existing);
  add_outcomes (out, input->outcomes);

  return redact (g_string_free (out, FALSE), ms_account_get_password (input->account));
}

char *
ms_report_html (const MsReportInput *input)
{
  g_autofree char *text = ms_report_text (input);
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_autofree char *title = g_markup_escape_text (_("Mail Setup diagnostic report"), -1);
  /* TRANSLATORS: the language code of this translation, for the HTML page. */
  const char *lang = C_("html lang", "en");

  /* The text as it is, preformatted: what the helpdesk reads is exactly
   * what the customer would paste, with no second layout to drift. */
  return g_strdup_printf ("<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                          "<title>%s</title>\n<style>body{font-family:sans-serif;margin:2em}"
                          "pre{white-space:pre-wrap;font-size:0.95em}</style>\n</head>\n<body>\n"
                          "<h1>%s</h1>\n<pre>%s</pre>\n</body>\n</html>\n", lang, title, title, escaped);
}

static void
save_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GFile *file = G_FILE (source);
  const char *contents = data;
  GError *error = NULL;

  if (!g_file_replace_contents (file, contents, strlen (contents), NULL, FALSE,
                                G_FILE_CREATE_REPLACE_DESTINATION | G_FILE_CREATE_PRIVATE,
                                NULL, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
ms_report_save_async (const MsReportInput *input, GFile *file, GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (file, cancellable, callback, user_data);
  g_autofree char *name = g_file_get_basename (file);
  gboolean html = g_str_has_suffix (name, ".html") || g_str_has_suffix (name, ".htm");

  /* Built here, on the caller's thread, where the account lives. */
  g_task_set_task_data (task, html ? ms_report_html (input) : ms_report_text (input), g_free);
  g_task_set_source_tag (task, ms_report_save_async);
  g_task_run_in_thread (task, save_thread);
}

gboolean
ms_report_save_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
