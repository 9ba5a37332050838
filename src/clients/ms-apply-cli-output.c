/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "net/ms-check-render.h"
#include "ms-apply-cli-private.h"
#include "ms-apply.h"

static const char *
step_name (MsTestStepStatus status)
{
  static const char *const names[] = { "not-run", "ok", "failed" };
  return names[status];
}

static void
print_test_text (const MsTestMessageResult *test)
{
  if (test->sent == MS_TEST_STEP_OK)
    g_print ("%s %s\n", _("Test message:"), _("sent"));
  else if (test->sent == MS_TEST_STEP_FAILED)
    g_print ("%s %s %s\n", _("Test message:"), _("not sent:"), test->send_error->message);
  if (test->received == MS_TEST_STEP_OK)
    /* TRANSLATORS: seconds between sending and finding the test message. */
    g_print (_("Test message: received in the inbox after %.1f s\n"), test->receive_ms / 1000.0);
  else if (test->received == MS_TEST_STEP_FAILED)
    g_print ("%s %s %s\n", _("Test message:"), _("not received:"), test->receive_error->message);
}

void
ms_apply_cli_print_text (MsCheckResult *check, GPtrArray *outcomes, const MsTestMessageResult *test,
                         gboolean dry_run)
{
  if (check)
    {
      g_autofree char *text = ms_check_render_text (check);
      g_print ("%s\n", text);
    }
  for (guint i = 0; outcomes && i < outcomes->len; i++)
    {
      MsApplyOutcome *o = g_ptr_array_index (outcomes, i);

      if (o->error)
        {
          g_print ("%s: %s\n", ms_client_get_display_name (o->client), o->error->message);
          continue;
        }
      g_print ("%s: %s\n", ms_client_get_display_name (o->client), o->report->summary);
      for (guint f = 0; f < o->report->written->len; f++)
        g_print ("    %s %s\n", dry_run ? _("Would write") : _("Wrote"), (char *) g_ptr_array_index (o->report->written, f));
      if (o->report->backup)
        g_print ("    %s %s\n", _("Backup:"), o->report->backup);
      if (o->report->password_note)
        g_print ("    %s\n", o->report->password_note);
      if (dry_run && o->report->diff)
        g_print ("%s\n", o->report->diff);
    }
  if (test)
    print_test_text (test);
}

static void
json_string_field (GString *out, const char *key, const char *value)
{
  g_string_append_printf (out, "\"%s\":", key);
  ms_json_append_string (out, value);
}

/* Schema in docs/batch.md. */
void
ms_apply_cli_print_json (int status, const GError *error, MsCheckResult *check, GPtrArray *outcomes,
                         const MsTestMessageResult *test, gboolean dry_run)
{
  GString *out = g_string_new ("{\"version\":1,");

  g_string_append_printf (out, "\"ok\":%s,\"exit_code\":%d,\"dry_run\":%s,", status == 0 ? "true" : "false",
                          status, dry_run ? "true" : "false");
  json_string_field (out, "error", error ? error->message : NULL);
  g_string_append (out, ",\"checks\":");
  if (check)
    {
      g_autofree char *json = ms_check_render_json (check);
      g_string_append (out, g_strchomp (json));
    }
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"clients\":[");
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
          g_string_append (out, "],");
          json_string_field (out, "backup", o->report->backup);
          g_string_append_printf (out, ",\"password_stored\":%s,", o->report->password_stored ? "true" : "false");
          json_string_field (out, "password_note", o->report->password_note);
          g_string_append_c (out, ',');
          json_string_field (out, "diff", o->report->diff);
        }
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"test_message\":");
  if (test)
    {
      g_string_append_printf (out, "{\"sent\":\"%s\",\"received\":\"%s\",\"send_ms\":%" G_GINT64_FORMAT
                              ",\"receive_ms\":%" G_GINT64_FORMAT ",", step_name (test->sent),
                              step_name (test->received), test->send_ms, test->receive_ms);
      json_string_field (out, "error", test->send_error ? test->send_error->message
                                       : test->receive_error ? test->receive_error->message : NULL);
      g_string_append_c (out, '}');
    }
  else
    g_string_append (out, "null");
  g_string_append (out, "}\n");
  fputs (out->str, stdout);
  g_string_free (out, TRUE);
}

