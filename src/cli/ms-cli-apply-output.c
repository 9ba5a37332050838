/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "clients/ms-client.h"
#include "core/ms-json.h"
#include "net/ms-probe-render.h"
#include "ms-cli-apply.h"

/* What --apply prints: text for people, or one JSON document (schema in
 * docs/batch.md). */

static const char *
step_name (MsTestStepStatus status)
{
  static const char *const names[] = { "not-run", "ok", "failed" };
  return names[status];
}

static const char *
blocker_advice (const MsBlocker *b)
{
  if (g_error_matches (b->error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_KEYRING))
    return _("Add --no-remember-password to set up the account without it: the mail programs will then ask for the "
             "password.");
  return NULL;
}

static char *
problem_text (const MsVerdict *v)
{
  g_autofree char *what = ms_endpoint_describe (v->endpoint);

  if (v->kind == MS_VERDICT_NEEDS_APPROVAL)
    /* TRANSLATORS: a server, then the advice to check and accept its certificate. */
    return g_strdup_printf (_("The certificate of %s needs your approval: check it, then run again with "
                              "--accept-fingerprint HOST:PORT=SHA256."), what);
  /* TRANSLATORS: a server, then why it does not work and what to do. */
  return g_strdup_printf (_("%s does not work: %s %s"), what, v->headline, v->advice ? v->advice : "");
}

static void
text_changes (GString *out, const MsCheckReport *check)
{
  for (guint i = 0; check && i < check->verdicts->len; i++)
    {
      MsVerdict *v = check->verdicts->pdata[i];
      g_autofree char *asked = NULL, *used = NULL;

      if (v->asked == NULL)
        continue;
      asked = ms_endpoint_describe (v->asked);
      used = ms_endpoint_describe (v->endpoint);
      /* TRANSLATORS: the server given, the server used, then the guide's reason. */
      g_string_append_printf (out, _("Changed: %s is used instead of %s. %s\n"), used, asked, v->change_reason);
    }
}

static void
text_outcomes (GString *out, GPtrArray *outcomes, gboolean dry_run)
{
  for (guint i = 0; outcomes && i < outcomes->len; i++)
    {
      MsApplyOutcome *o = g_ptr_array_index (outcomes, i);

      if (o->error)
        {
          /* TRANSLATORS: a mail program, then what went wrong. */
          g_string_append_printf (out, _("%s: %s\n"), ms_client_get_display_name (o->client), o->error->message);
          continue;
        }
      g_string_append_printf (out, _("%s: %s\n"), ms_client_get_display_name (o->client), o->report->summary);
      for (guint f = 0; f < o->report->written->len; f++)
        g_string_append_printf (out, "    %s %s\n", dry_run ? _("Would write") : _("Wrote"),
                                (char *) g_ptr_array_index (o->report->written, f));
      for (guint f = 0; f < o->report->backups->len; f++)
        g_string_append_printf (out, "    %s %s\n", _("Backup:"), (char *) o->report->backups->pdata[f]);
      if (o->report->password_note)
        g_string_append_printf (out, "    %s\n", o->report->password_note);
      if (dry_run && o->report->diff && *o->report->diff)
        g_string_append_printf (out, "%s\n", o->report->diff);
    }
}

static void
text_test (GString *out, const MsTestMessageResult *test)
{
  if (test->sent == MS_TEST_STEP_OK)
    g_string_append_printf (out, "%s %s\n", _("Test message:"), _("sent"));
  else if (test->sent == MS_TEST_STEP_FAILED)
    g_string_append_printf (out, "%s %s %s\n", _("Test message:"), _("not sent:"), test->send_error->message);
  if (test->received == MS_TEST_STEP_OK)
    /* TRANSLATORS: seconds between sending and finding the test message. */
    g_string_append_printf (out, _("Test message: received in the inbox after %.1f s\n"), test->receive_ms / 1000.0);
  else if (test->received == MS_TEST_STEP_FAILED)
    g_string_append_printf (out, "%s %s %s\n", _("Test message:"), _("not received:"),
                            test->receive_error->message);
}

static void
print_text (MsCliApply *a)
{
  GString *out = g_string_new (NULL);

  if (a->check)
    {
      g_autofree char *conclusion = ms_cli_render_conclusion (a->check);

      ms_cli_render_check_text (out, a->check);
      g_string_append_printf (out, "%s\n\n", conclusion);
    }
  text_changes (out, a->check);
  text_outcomes (out, a->apply ? a->apply->outcomes : NULL, a->dry_run);
  if (a->problem)
    {
      g_autofree char *problem = problem_text (a->problem);
      g_string_append_printf (out, "%s %s\n", a->dry_run ? _("A real run would stop here:") : _("Nothing was written:"),
                              problem);
    }
  for (guint i = 0; a->apply && i < a->apply->blockers->len; i++)
    {
      MsBlocker *b = a->apply->blockers->pdata[i];
      const char *advice = blocker_advice (b);

      g_string_append_printf (out, "%s %s%s%s\n", a->dry_run ? _("A real run would stop here:") : _("Nothing was written:"),
                              b->error->message, advice ? " " : "", advice ? advice : "");
    }
  if (a->test)
    text_test (out, a->test);
  ms_cli_print (out->str);
  g_string_free (out, TRUE);
  if (a->error)
    g_printerr ("%s\n", a->error->message);
}

static void
json_string_field (GString *out, const char *key, const char *value)
{
  ms_json_append_string (out, key);
  g_string_append_c (out, ':');
  ms_json_append_string (out, value);
}

static void
json_changes (GString *out, const MsCheckReport *check)
{
  gboolean first = TRUE;

  g_string_append (out, "\"changes\":[");
  for (guint i = 0; check && i < check->verdicts->len; i++)
    {
      MsVerdict *v = check->verdicts->pdata[i];

      if (v->asked == NULL)
        continue;
      g_string_append (out, first ? "{" : ",{");
      first = FALSE;
      json_string_field (out, "role", v->role == MS_ROLE_INCOMING ? "incoming" : "outgoing");
      g_string_append (out, ",\"asked\":");
      ms_endpoint_render_json (out, v->asked);
      g_string_append (out, ",\"used\":");
      ms_endpoint_render_json (out, v->endpoint);
      g_string_append_c (out, ',');
      json_string_field (out, "why", v->change_reason);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static void
json_blockers (GString *out, MsCliApply *a)
{
  gboolean first = TRUE;

  g_string_append (out, "\"blockers\":[");
  if (a->problem)
    {
      g_autofree char *text = problem_text (a->problem);

      g_string_append_c (out, '{');
      json_string_field (out, "program", NULL);
      g_string_append_c (out, ',');
      json_string_field (out, "kind", ms_cli_exit_name (ms_cli_exit_for_error (a->problem->error)));
      g_string_append_c (out, ',');
      json_string_field (out, "message", text);
      g_string_append (out, ",\"advice\":null}");
      first = FALSE;
    }
  for (guint i = 0; a->apply && i < a->apply->blockers->len; i++)
    {
      MsBlocker *b = a->apply->blockers->pdata[i];

      g_string_append (out, first ? "{" : ",{");
      first = FALSE;
      json_string_field (out, "program", b->client ? ms_client_get_id (b->client) : NULL);
      g_string_append_c (out, ',');
      json_string_field (out, "kind", ms_cli_exit_name (ms_cli_exit_for_error (b->error)));
      g_string_append_c (out, ',');
      json_string_field (out, "message", b->error->message);
      g_string_append_c (out, ',');
      json_string_field (out, "advice", blocker_advice (b));
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static void
json_clients (GString *out, GPtrArray *outcomes)
{
  g_string_append (out, "\"clients\":[");
  for (guint i = 0; outcomes && i < outcomes->len; i++)
    {
      MsApplyOutcome *o = g_ptr_array_index (outcomes, i);

      g_string_append (out, i ? ",{" : "{");
      json_string_field (out, "id", ms_client_get_id (o->client));
      g_string_append_printf (out, ",\"ok\":%s,", o->error ? "false" : "true");
      json_string_field (out, "error", o->error ? o->error->message : NULL);
      if (o->report)
        {
          g_string_append_c (out, ',');
          json_string_field (out, "summary", o->report->summary);
          g_string_append (out, ",\"written\":[");
          for (guint f = 0; f < o->report->written->len; f++)
            {
              if (f)
                g_string_append_c (out, ',');
              ms_json_append_string (out, g_ptr_array_index (o->report->written, f));
            }
          g_string_append (out, "],\"backups\":[");
          for (guint f = 0; f < o->report->backups->len; f++)
            {
              if (f)
                g_string_append_c (out, ',');
              ms_json_append_string (out, o->report->backups->pdata[f]);
            }
          g_string_append (out, "],");
          json_string_field (out, "backup", o->report->backup);
          g_string_append_printf (out, ",\"password_stored\":%s,", o->report->password_stored ? "true" : "false");
          json_string_field (out, "password_note", o->report->password_note);
          g_string_append_c (out, ',');
          json_string_field (out, "diff", o->report->diff);
        }
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static void
json_test (GString *out, const MsTestMessageResult *test)
{
  g_string_append (out, "\"test_message\":");
  if (test == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_printf (out, "{\"sent\":\"%s\",\"received\":\"%s\",\"send_ms\":%" G_GINT64_FORMAT
                          ",\"receive_ms\":%" G_GINT64_FORMAT ",", step_name (test->sent), step_name (test->received),
                          test->send_ms, test->receive_ms);
  json_string_field (out, "error", test->send_error ? test->send_error->message
                                   : test->receive_error ? test->receive_error->message : NULL);
  g_string_append_c (out, '}');
}

static void
print_json (MsCliApply *a)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "{\"version\":2,\"ok\":%s,\"exit_code\":%d,\"exit\":\"%s\",\"dry_run\":%s,",
                          a->status == 0 ? "true" : "false", a->status, ms_cli_exit_name (a->status),
                          a->dry_run ? "true" : "false");
  json_string_field (out, "error", a->error ? a->error->message : NULL);
  g_string_append (out, ",\"check\":");
  if (a->check)
    {
      g_autofree char *conclusion = ms_cli_render_conclusion (a->check);

      g_string_append_printf (out, "{\"works\":%s,", ms_check_report_works (a->check) ? "true" : "false");
      json_string_field (out, "conclusion", conclusion);
      g_string_append_c (out, ',');
      ms_cli_render_check_json (out, a->check);
      g_string_append_c (out, '}');
    }
  else
    g_string_append (out, "null");
  g_string_append_c (out, ',');
  json_changes (out, a->check);
  g_string_append_c (out, ',');
  json_blockers (out, a);
  g_string_append_c (out, ',');
  json_clients (out, a->apply ? a->apply->outcomes : NULL);
  g_string_append_c (out, ',');
  json_test (out, a->test);
  g_string_append (out, "}\n");
  ms_cli_print (out->str);
  g_string_free (out, TRUE);
}

void
ms_cli_apply_print (MsCliApply *a)
{
  if (a->json)
    print_json (a);
  else
    print_text (a);
}

void
ms_cli_apply_clear (MsCliApply *a)
{
  g_clear_pointer (&a->options, ms_cli_options_free);
  g_clear_object (&a->session);
  g_clear_pointer (&a->check, ms_check_report_free);
  g_clear_pointer (&a->apply, ms_apply_report_free);
  g_clear_pointer (&a->test, ms_test_message_result_free);
  g_clear_error (&a->error);
}
