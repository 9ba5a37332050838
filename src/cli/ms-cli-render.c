/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "core/ms-json.h"
#include "net/ms-probe-render.h"
#include "ms-cli-private.h"

void
ms_cli_print (const char *text)
{
  fputs (text, stdout);
  fflush (stdout);
}

/* "_Use port 465" → "Use port 465": a button's mnemonic means nothing here. */
static char *
without_mnemonic (const char *label)
{
  GString *out = g_string_new (NULL);

  for (const char *p = label; *p; p++)
    if (*p != '_' || p[1] == '_')
      g_string_append_c (out, *p == '_' ? *++p : *p);
  return g_string_free (out, FALSE);
}

static const char *
verdict_word (MsVerdictKind kind)
{
  switch (kind)
    {
    case MS_VERDICT_PASSED: return _("works");
    case MS_VERDICT_NEEDS_APPROVAL: return _("the certificate needs your approval");
    default: return _("does not work");
    }
}

static char *
server_title (const MsVerdict *v)
{
  g_autofree char *what = ms_endpoint_describe (v->endpoint);

  if (!v->account_server)
    /* TRANSLATORS: "Server IMAP mail.3xo.fr:993 SSL/TLS". */
    return g_strdup_printf (_("Server %s"), what);
  /* TRANSLATORS: here and in “Outgoing server: %s” on the same line, %s is the server's protocol, name, port and
   * security, e.g. “IMAP mail.3xo.fr:993 SSL/TLS”. */
  return g_strdup_printf (v->role == MS_ROLE_INCOMING ? _("Incoming server: %s") : _("Outgoing server: %s"), what);
}

static void
indent (GString *out, const char *text, const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    if (*lines[i])
      g_string_append_printf (out, "%s%s\n", prefix, lines[i]);
}

static char *
door_line (const MsProbeResult *r)
{
  g_autofree char *what = ms_endpoint_describe (r->endpoint);

  if (r->error == NULL)
    /* TRANSLATORS: a door, then the time it took, e.g. "IMAP mail.3xo.fr:143 STARTTLS: works (41 ms)". */
    return g_strdup_printf (_("%s: works (%" PRId64 " ms)"), what, r->total_ms);
  /* TRANSLATORS: a door, then why it failed. */
  return g_strdup_printf (_("%s: %s"), what, r->error->message);
}

void
ms_cli_render_check_text (GString *out, const MsCheckReport *report)
{
  for (guint i = 0; i < report->verdicts->len; i++)
    {
      MsVerdict *v = report->verdicts->pdata[i];
      g_autofree char *title = server_title (v);
      g_autofree char *details = ms_probe_render_text (v->result);

      /* TRANSLATORS: a server, then "works", "does not work"… */
      g_string_append_printf (out, _("%s — %s\n"), title, verdict_word (v->kind));
      g_string_append_printf (out, "  %s\n", v->headline);
      if (v->advice)
        g_string_append_printf (out, "  %s\n", v->advice);
      if (v->fix_label)
        {
          g_autofree char *fix = without_mnemonic (v->fix_label);
          g_string_append_printf (out, "  %s %s\n", _("Suggested fix:"), fix);
        }
      if (v->asked)
        {
          g_autofree char *asked = ms_endpoint_describe (v->asked);
          /* TRANSLATORS: the server the user gave, then why another is used. */
          g_string_append_printf (out, _("  Used instead of %s: %s\n"), asked, v->change_reason ? v->change_reason : "");
        }
      g_string_append_printf (out, "  %s\n", _("Details:"));
      indent (out, details, "    ");
      if (v->fallback)
        {
          g_autofree char *line = door_line (v->fallback);
          g_string_append_printf (out, "    %s %s\n", _("In the other mode on the same port:"), line);
        }
      g_string_append_c (out, '\n');
    }
  if (report->alternatives->len > 0)
    {
      g_string_append_printf (out, "%s\n", _("Other doors of the same servers (they do not change the verdict):"));
      for (guint i = 0; i < report->alternatives->len; i++)
        {
          g_autofree char *line = door_line (report->alternatives->pdata[i]);
          g_string_append_printf (out, "  %s\n", line);
        }
    }
  if (report->port25_advice)
    g_string_append_printf (out, "\n%s\n", report->port25_advice);
}

char *
ms_cli_render_conclusion (const MsCheckReport *report)
{
  MsVerdict *problem = ms_check_report_first_problem (report);
  gboolean account = report->verdicts->len > 0 && ((MsVerdict *) report->verdicts->pdata[0])->account_server;

  if (problem == NULL)
    return g_strdup (account ? _("This account will work as set up.") : _("Every server checked works."));
  if (problem->kind == MS_VERDICT_NEEDS_APPROVAL)
    /* TRANSLATORS: %s is a host name. */
    return g_strdup_printf (_("This account will work only once you accept the certificate of %s: check its name, "
                              "then run again with --accept-fingerprint."), problem->endpoint->hostname);
  /* TRANSLATORS: %s is the first problem, a sentence. */
  return g_strdup_printf (account ? _("This account will not work as set up: %s")
                                  /* TRANSLATORS: %s is the first problem, a sentence. */
                                  : _("Not every server checked works: %s"), problem->headline);
}

static void
json_key (GString *out, const char *key)
{
  ms_json_append_string (out, key);
  g_string_append_c (out, ':');
}

void
ms_cli_json_endpoint_or_null (GString *out, const MsEndpoint *e)
{
  if (e)
    ms_endpoint_render_json (out, e);
  else
    g_string_append (out, "null");
}

void
ms_cli_render_verdict_json (GString *out, const MsVerdict *v)
{
  g_string_append_c (out, '{');
  json_key (out, "role");
  ms_json_append_string (out, !v->account_server ? NULL : v->role == MS_ROLE_INCOMING ? "incoming" : "outgoing");
  g_string_append_c (out, ',');
  json_key (out, "endpoint");
  ms_endpoint_render_json (out, v->endpoint);
  g_string_append_c (out, ',');
  json_key (out, "verdict");
  ms_json_append_string (out, ms_verdict_kind_to_string (v->kind));
  g_string_append_c (out, ',');
  json_key (out, "headline");
  ms_json_append_string (out, v->headline);
  g_string_append_c (out, ',');
  json_key (out, "advice");
  ms_json_append_string (out, v->advice);
  g_string_append_c (out, ',');
  json_key (out, "fix");
  g_string_append_c (out, '{');
  json_key (out, "kind");
  ms_json_append_string (out, ms_fix_kind_to_string (v->fix));
  g_string_append_c (out, ',');
  json_key (out, "endpoint");
  ms_cli_json_endpoint_or_null (out, v->fix_endpoint);
  g_string_append (out, "},");
  json_key (out, "changed");
  if (v->asked)
    {
      g_string_append_c (out, '{');
      json_key (out, "asked");
      ms_endpoint_render_json (out, v->asked);
      g_string_append_c (out, ',');
      json_key (out, "used");
      ms_endpoint_render_json (out, v->endpoint);
      g_string_append_c (out, ',');
      json_key (out, "why");
      ms_json_append_string (out, v->change_reason);
      g_string_append_c (out, '}');
    }
  else
    g_string_append (out, "null");
  g_string_append_c (out, ',');
  json_key (out, "result");
  ms_probe_render_json (out, v->result);
  g_string_append_c (out, ',');
  json_key (out, "fallback");
  if (v->fallback)
    ms_probe_render_json (out, v->fallback);
  else
    g_string_append (out, "null");
  g_string_append_c (out, '}');
}

void
ms_cli_render_check_json (GString *out, const MsCheckReport *report)
{
  json_key (out, "servers");
  g_string_append_c (out, '[');
  for (guint i = 0; i < report->verdicts->len; i++)
    {
      if (i)
        g_string_append_c (out, ',');
      ms_cli_render_verdict_json (out, report->verdicts->pdata[i]);
    }
  g_string_append (out, "],");
  json_key (out, "alternatives");
  g_string_append_c (out, '[');
  for (guint i = 0; i < report->alternatives->len; i++)
    {
      if (i)
        g_string_append_c (out, ',');
      ms_probe_render_json (out, report->alternatives->pdata[i]);
    }
  g_string_append (out, "],");
  json_key (out, "port25_advice");
  ms_json_append_string (out, report->port25_advice);
  g_string_append_printf (out, ",\"total_ms\":%" G_GINT64_FORMAT, report->total_ms);
}

void
ms_cli_print_error (const MsCliOptions *o, MsExit status, const GError *error)
{
  if (o->json)
    {
      GString *out = g_string_new (NULL);

      g_string_append_printf (out, "{\"version\":2,\"ok\":false,\"exit_code\":%d,\"exit\":\"%s\",\"error\":", status,
                              ms_cli_exit_name (status));
      ms_json_append_string (out, error ? error->message : NULL);
      g_string_append (out, "}\n");
      ms_cli_print (out->str);
      g_string_free (out, TRUE);
    }
  if (error)
    g_printerr ("%s\n", error->message);
}
