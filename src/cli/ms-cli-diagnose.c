/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "clients/thunderbird/ms-thunderbird.h"
#include "core/ms-json.h"
#include "net/ms-probe-render.h"
#include "session/ms-diagnosis.h"
#include "ms-cli-private.h"

/* --diagnose: the accounts Thunderbird already has (every profile), each
 * with what is wrong in it and the fix, in words or as JSON
 * (docs/diagnose-json.md).  Nothing is contacted and nothing is written.
 * Exit 0 when nothing is wrong, 1 when something is. */

static gboolean
wanted (const MsCliOptions *o, const MsThunderbirdExisting *e)
{
  if (o->address == NULL)
    return TRUE;
  return (e->address && g_ascii_strcasecmp (e->address, o->address) == 0) ||
         (e->incoming->username && g_ascii_strcasecmp (e->incoming->username, o->address) == 0);
}

static void
text_server (GString *out, const char *what, const MsEndpoint *e)
{
  g_autofree char *line = ms_endpoint_describe (e);

  /* TRANSLATORS: "Incoming:" or "Outgoing:", a server ("IMAP mail.3xo.fr:993 SSL/TLS"), then its username. */
  g_string_append_printf (out, _("  %s %s, username “%s”\n"), what, line, e->username ? e->username : "");
}

static void
text_account (GString *out, const char *profile, const MsThunderbirdExisting *e, GPtrArray *problems)
{
  /* TRANSLATORS: a Thunderbird profile name, then an e-mail address. */
  g_string_append_printf (out, _("Thunderbird, profile “%s”: %s\n"), profile, e->address ? e->address : "?");
  text_server (out, _("Incoming:"), e->incoming);
  if (e->outgoing)
    text_server (out, _("Outgoing:"), e->outgoing);
  if (problems->len == 0)
    g_string_append_printf (out, "  %s\n", _("✓ Nothing wrong in these settings."));
  for (guint i = 0; i < problems->len; i++)
    {
      MsProblem *p = problems->pdata[i];

      /* TRANSLATORS: "Incoming server" or "Outgoing server", then what is wrong in it. */
      g_autofree char *line = g_strdup_printf (C_("server problem", "%s: %s"),
                                               p->incoming ? _("Incoming server") : _("Outgoing server"),
                                               p->explanation);

      g_string_append_printf (out, "  ✗ %s\n    → %s\n", line, p->fix);
    }
}

static void
json_string_or_null (GString *out, const char *text)
{
  if (text)
    ms_json_append_string (out, text);
  else
    g_string_append (out, "null");
}

static void
json_account (GString *out, const char *profile, const MsThunderbirdExisting *e, GPtrArray *problems)
{
  g_string_append (out, "{\"program\":\"thunderbird\",\"profile\":");
  ms_json_append_string (out, profile);
  g_string_append (out, ",\"account\":");
  ms_json_append_string (out, e->account_key);
  g_string_append (out, ",\"address\":");
  json_string_or_null (out, e->address);
  g_string_append (out, ",\"incoming\":");
  ms_endpoint_render_json (out, e->incoming);
  g_string_append (out, ",\"incoming_username\":");
  json_string_or_null (out, e->incoming->username);
  g_string_append (out, ",\"outgoing_username\":");
  json_string_or_null (out, e->outgoing ? e->outgoing->username : NULL);
  g_string_append (out, ",\"outgoing\":");
  ms_cli_json_endpoint_or_null (out, e->outgoing);
  g_string_append (out, ",\"problems\":[");
  for (guint i = 0; i < problems->len; i++)
    {
      MsProblem *p = problems->pdata[i];

      g_string_append_printf (out, "%s{\"kind\":\"%s\",\"server\":\"%s\",\"explanation\":", i ? "," : "",
                              ms_problem_kind_to_string (p->kind), p->incoming ? "incoming" : "outgoing");
      ms_json_append_string (out, p->explanation);
      g_string_append (out, ",\"fix\":");
      ms_json_append_string (out, p->fix);
      g_string_append (out, ",\"fix_endpoint\":");
      ms_cli_json_endpoint_or_null (out, p->fix_endpoint);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
}

int
ms_cli_diagnose (const MsCliOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) profiles = ms_thunderbird_list_profiles (&error);
  g_autoptr(GString) out = g_string_new (NULL);
  guint accounts = 0, found = 0;

  if (profiles == NULL)
    {
      ms_cli_print_error (o, MS_EXIT_FAILED, error);
      return MS_EXIT_FAILED;
    }
  if (o->json)
    g_string_append (out, "{\"version\":1,\"accounts\":[");
  for (guint i = 0; i < profiles->len; i++)
    {
      MsThunderbirdProfile *profile = profiles->pdata[i];
      g_autoptr(GError) local = NULL;
      g_autoptr(GPtrArray) list = ms_thunderbird_read_accounts (profile->path, &local);

      /* A profile never used has no prefs.js yet: no account in it. */
      if (list == NULL)
        continue;
      for (guint j = 0; j < list->len; j++)
        {
          MsThunderbirdExisting *e = list->pdata[j];
          g_autoptr(GPtrArray) problems = NULL;

          if (!wanted (o, e))
            continue;
          problems = ms_diagnose_settings (e->address, e->incoming, e->outgoing);
          found += problems->len;
          if (o->json)
            {
              if (accounts)
                g_string_append_c (out, ',');
              json_account (out, profile->name, e, problems);
            }
          else
            text_account (out, profile->name, e, problems);
          accounts++;
        }
    }
  if (o->json)
    g_string_append_printf (out, "],\"problems\":%u}\n", found);
  else if (accounts == 0)
    g_string_append_printf (out, "%s\n", o->address ? _("No Thunderbird account has this address.")
                                                    : _("No Thunderbird account was found."));
  ms_cli_print (out->str);
  return found ? MS_EXIT_FAILED : MS_EXIT_OK;
}
