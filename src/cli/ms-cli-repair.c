/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "core/ms-json.h"
#include "ms-cli-private.h"

/* --repair: the fixes of --diagnose written into the same accounts.  The
 * exit code follows --apply's: 0 when every account that could be
 * repaired was (or would be, with --dry-run), else the first failure's
 * (6 while a program holds its files). */

static void
json_outcome (GString *out, const MsRepairOutcome *r)
{
  const MsExistingAccount *e = r->diagnosis->account;
  MsExit status = r->error ? ms_cli_exit_for_error (r->error) : MS_EXIT_OK;

  g_string_append (out, "{\"program\":");
  ms_json_append_string (out, e->program);
  g_string_append (out, ",\"account\":");
  ms_json_append_string (out, e->account_key);
  g_string_append_printf (out, ",\"ok\":%s,\"exit\":\"%s\",\"error\":", r->error ? "false" : "true",
                          ms_cli_exit_name (status));
  if (r->error)
    ms_json_append_string (out, r->error->message);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"diff\":");
  if (r->diff)
    ms_json_append_string (out, r->diff);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"written\":");
  ms_json_append_strings (out, r->written);
  g_string_append (out, ",\"backups\":");
  ms_json_append_strings (out, r->backups);
  g_string_append_printf (out, ",\"password_stored\":%s}", r->password_stored ? "true" : "false");
}

static void
text_outcome (GString *out, const MsCliOptions *o, const MsRepairOutcome *r)
{
  const MsExistingAccount *e = r->diagnosis->account;
  const char *who = e->address ? e->address : e->account_key;

  if (r->diff && *r->diff)
    g_string_append (out, r->diff);
  if (r->error)
    /* TRANSLATORS: an e-mail address, then why the repair was not made. */
    g_string_append_printf (out, _("✗ %s was not repaired: %s\n"), who, r->error->message);
  else if (o->dry_run)
    /* TRANSLATORS: an e-mail address. */
    g_string_append_printf (out, _("Dry run: %s would be repaired as shown; nothing was changed.\n"), who);
  else
    {
      /* TRANSLATORS: an e-mail address, then the program ("Thunderbird"). */
      g_string_append_printf (out, _("✓ %s is repaired in %s, in the same account.\n"), who,
                              g_str_equal (e->program, "thunderbird") ? _("Thunderbird") : _("Evolution"));
      for (guint i = 0; r->backups && i < r->backups->len; i++)
        /* TRANSLATORS: the path of a copy of a file made before the change. */
        g_string_append_printf (out, _("  Backup: %s\n"), (const char *) r->backups->pdata[i]);
      if (r->password_stored)
        g_string_append_printf (out, "  %s\n", _("The password you typed is saved."));
    }
}

int
ms_cli_repair_run (const MsCliOptions *o, MsSetupSession *session, MsDiagnosisReport *report, GString *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  MsExit status = MS_EXIT_OK;
  MsCliWait wait;

  ms_cli_wait_init (&wait);
  ms_setup_session_repair_async (session, report, o->dry_run, wait.cancellable, ms_cli_wait_done, &wait);
  outcomes = ms_setup_session_repair_finish (session, ms_cli_wait_run (&wait), &error);
  ms_cli_wait_clear (&wait);
  if (outcomes == NULL)
    status = MS_EXIT_CANCELLED;
  for (guint i = 0; outcomes && i < outcomes->len; i++)
    {
      MsRepairOutcome *r = outcomes->pdata[i];

      if (r->error && status == MS_EXIT_OK)
        status = ms_cli_exit_for_error (r->error);
    }
  if (o->json)
    {
      g_string_append_printf (out, ",\"dry_run\":%s,\"repairs\":[", o->dry_run ? "true" : "false");
      for (guint i = 0; outcomes && i < outcomes->len; i++)
        {
          if (i)
            g_string_append_c (out, ',');
          json_outcome (out, outcomes->pdata[i]);
        }
      g_string_append_printf (out, "],\"ok\":%s,\"exit_code\":%d,\"exit\":\"%s\"}\n",
                              status == MS_EXIT_OK ? "true" : "false", status, ms_cli_exit_name (status));
      return status;
    }
  if (outcomes == NULL)
    g_string_append_printf (out, "%s\n", error->message);
  else if (outcomes->len == 0)
    g_string_append_printf (out, "%s\n", _("Nothing to repair: no fix above can be written into the account."));
  for (guint i = 0; outcomes && i < outcomes->len; i++)
    text_outcome (out, o, outcomes->pdata[i]);
  return status;
}
