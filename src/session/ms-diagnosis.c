/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/ms-ports.h"
#include "net/ms-probe-render.h"
#include "ms-diagnosis.h"

void
ms_problem_free (MsProblem *p)
{
  if (p == NULL)
    return;
  g_free (p->explanation);
  g_free (p->fix);
  ms_endpoint_free (p->fix_endpoint);
  g_free (p);
}

const char *
ms_problem_kind_to_string (MsProblemKind kind)
{
  static const char *const names[] = {
    "local-part-username", "no-encryption", "security-mismatch", "port-25", "pop3",
    "stale-certificate", "server-fails",
  };

  g_return_val_if_fail (kind <= MS_PROBLEM_SERVER_FAILS, NULL);
  return names[kind];
}

static MsProblem *
add (GPtrArray *out, MsProblemKind kind, const MsEndpoint *e, gboolean incoming)
{
  MsProblem *p = g_new0 (MsProblem, 1);

  p->kind = kind;
  p->incoming = incoming;
  if (e)
    p->fix_endpoint = ms_endpoint_copy (e);
  g_ptr_array_add (out, p);
  return p;
}

/* The mode each standard port is for: 993, 995 and 465 speak TLS at once;
 * 143, 110, 587 and 25 start in clear and switch with STARTTLS. */
static gboolean
port_wants (guint port, MsSecurity *security)
{
  switch (port)
    {
    case 993: case 995: case 465:
      *security = MS_SECURITY_SSL;
      return TRUE;
    case 143: case 110: case 587: case 25:
      *security = MS_SECURITY_STARTTLS;
      return TRUE;
    default:
      return FALSE;
    }
}

static void
judge_server (GPtrArray *out, const char *address, const MsEndpoint *e, gboolean incoming)
{
  MsSecurity wanted;
  const char *user = e->username ? e->username : "";

  if (address && strchr (address, '@') && *user && strchr (user, '@') == NULL)
    {
      g_autoptr(MsEndpoint) fixed = ms_endpoint_copy (e);
      MsProblem *p;

      g_free (fixed->username);
      fixed->username = g_strdup (address);
      p = add (out, MS_PROBLEM_LOCAL_PART_USERNAME, fixed, incoming);
      /* TRANSLATORS: the username as set, e.g. "test". The guide's own warning. */
      p->explanation = g_strdup_printf (_("The username is “%s”, only the part before the @. The servers host many "
                                          "domains, so the username must be the full e-mail address."), user);
      /* TRANSLATORS: the full e-mail address, e.g. test@test.com. */
      p->fix = g_strdup_printf (_("Use the full e-mail address, %s, as the username."), address);
    }
  if (e->security == MS_SECURITY_NONE)
    {
      g_autoptr(MsEndpoint) fixed = ms_endpoint_copy (e);
      MsProblem *p;

      fixed->security = MS_SECURITY_SSL;
      fixed->port = e->protocol == MS_PROTOCOL_IMAP ? 993 : e->protocol == MS_PROTOCOL_POP3 ? 995 : 465;
      p = add (out, MS_PROBLEM_NO_ENCRYPTION, fixed, incoming);
      p->explanation = g_strdup (_("The connection is not encrypted: the password and the mail travel in clear."));
      /* TRANSLATORS: a port number, e.g. 993. */
      p->fix = g_strdup_printf (_("Use SSL/TLS on port %u."), fixed->port);
    }
  else if (port_wants (e->port, &wanted) && wanted != e->security)
    {
      g_autoptr(MsEndpoint) fixed = ms_endpoint_copy (e);
      MsProblem *p;

      fixed->security = wanted;
      p = add (out, MS_PROBLEM_SECURITY_MISMATCH, fixed, incoming);
      /* TRANSLATORS: a port number, then the security set ("SSL/TLS"), then the one the port is for. */
      p->explanation = g_strdup_printf (_("Port %u is set with %s, but this port is for %s: the port and the "
                                          "security must go together, or the connection fails."),
                                        e->port, ms_security_display (e->security), ms_security_display (wanted));
      /* TRANSLATORS: the security, then the port number. */
      p->fix = g_strdup_printf (_("Use %s on port %u."), ms_security_display (wanted), e->port);
    }
  if (e->protocol == MS_PROTOCOL_SMTP && e->port == 25)
    {
      g_autoptr(MsEndpoint) fixed = ms_endpoint_copy (e);
      MsProblem *p;

      fixed->port = 465;
      fixed->security = MS_SECURITY_SSL;
      p = add (out, MS_PROBLEM_PORT_25, fixed, incoming);
      p->explanation = g_strdup (_("The outgoing server uses port 25, which many internet providers block to stop "
                                   "spam: sending mail then fails from home."));
      p->fix = g_strdup (_("Use port 465 with SSL/TLS, as the guide recommends (587 with STARTTLS works too)."));
    }
  if (e->protocol == MS_PROTOCOL_POP3)
    {
      MsProblem *p = add (out, MS_PROBLEM_POP3, NULL, incoming);

      p->explanation = g_strdup (_("The account uses POP3: mail is downloaded to this computer, so a phone or a "
                                   "second computer does not see the same mail."));
      p->fix = g_strdup (_("If you read your mail on several devices, set up the account again with IMAP (993, "
                           "SSL/TLS). Mail already on this computer stays where it is: nothing is deleted."));
    }
}

GPtrArray *
ms_diagnose_settings (const char *address, const MsEndpoint *incoming, const MsEndpoint *outgoing)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_problem_free);

  if (incoming)
    judge_server (out, address, incoming, TRUE);
  if (outgoing)
    judge_server (out, address, outgoing, FALSE);
  return out;
}

void
ms_diagnosis_free (MsDiagnosis *d)
{
  if (d == NULL)
    return;
  ms_existing_account_free (d->account);
  g_free (d->port25_advice);
  g_clear_pointer (&d->problems, g_ptr_array_unref);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&d->verdicts[i], ms_verdict_unref);
      g_clear_pointer (&d->repaired[i], ms_endpoint_free);
    }
  g_free (d);
}

static gboolean
same_server (const MsEndpoint *a, const MsEndpoint *b)
{
  return a->port == b->port && a->security == b->security && g_strcmp0 (a->username, b->username) == 0;
}

void
ms_diagnosis_plan_repair (MsDiagnosis *d)
{
  const MsEndpoint *current[2] = { d->account->incoming, d->account->outgoing };

  /* In the list's order, so that a port-25 fix after a mismatch on 25
   * wins; the username and the door are separate fixes. */
  for (guint role = 0; role < 2; role++)
    {
      g_autoptr(MsEndpoint) e = NULL;

      g_clear_pointer (&d->repaired[role], ms_endpoint_free);
      if (current[role] == NULL)
        continue;
      e = ms_endpoint_copy (current[role]);
      for (guint i = 0; i < d->problems->len; i++)
        {
          const MsProblem *p = d->problems->pdata[i];

          if (p->incoming != (role == MS_ROLE_INCOMING) || p->fix_endpoint == NULL)
            continue;
          if (p->kind == MS_PROBLEM_LOCAL_PART_USERNAME)
            {
              g_free (e->username);
              e->username = g_strdup (p->fix_endpoint->username);
            }
          else
            {
              e->port = p->fix_endpoint->port;
              e->security = p->fix_endpoint->security;
            }
        }
      if (!same_server (e, current[role]))
        d->repaired[role] = g_steal_pointer (&e);
    }
}

gboolean
ms_diagnosis_can_repair (const MsDiagnosis *d)
{
  return d->repaired[MS_ROLE_INCOMING] != NULL || d->repaired[MS_ROLE_OUTGOING] != NULL;
}

MsDiagnosisReport *
ms_diagnosis_report_new (void)
{
  MsDiagnosisReport *report = g_new0 (MsDiagnosisReport, 1);

  report->ref_count = 1;
  report->diagnoses = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_diagnosis_free);
  report->unreadable = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  return report;
}

MsDiagnosisReport *
ms_diagnosis_report_ref (MsDiagnosisReport *report)
{
  g_atomic_int_inc (&report->ref_count);
  return report;
}

void
ms_diagnosis_report_unref (MsDiagnosisReport *report)
{
  if (report == NULL || !g_atomic_int_dec_and_test (&report->ref_count))
    return;
  g_ptr_array_unref (report->diagnoses);
  g_ptr_array_unref (report->unreadable);
  g_free (report);
}

void
ms_repair_outcome_free (MsRepairOutcome *o)
{
  if (o == NULL)
    return;
  g_free (o->diff);
  g_clear_pointer (&o->written, g_ptr_array_unref);
  g_clear_pointer (&o->backups, g_ptr_array_unref);
  g_clear_error (&o->error);
  g_free (o);
}

/* ---- in words ---- */

static const char *
program_name (const MsExistingAccount *e)
{
  return g_str_equal (e->program, "thunderbird") ? _("Thunderbird") : _("Evolution");
}

static void
text_server (GString *out, const char *what, const MsEndpoint *e, const MsVerdict *v)
{
  g_autofree char *line = ms_endpoint_describe (e);

  /* TRANSLATORS: "Incoming:" or "Outgoing:", a server ("IMAP mail.3xo.fr:993 SSL/TLS"), then its username. */
  g_string_append_printf (out, _("  %s %s, username “%s”\n"), what, line, e->username ? e->username : "");
  if (v)
    {
      g_autofree char *verdict = ms_verdict_short (v);

      /* TRANSLATORS: what the server said when checked now, e.g. "works, the password was accepted". */
      g_string_append_printf (out, _("    Checked now: %s\n"), verdict);
    }
}

void
ms_diagnosis_render_text (GString *out, const MsDiagnosis *d)
{
  const MsExistingAccount *e = d->account;

  if (g_str_equal (e->program, "thunderbird"))
    /* TRANSLATORS: a Thunderbird profile name, then an e-mail address. */
    g_string_append_printf (out, _("Thunderbird, profile “%s”: %s\n"), e->location, e->address ? e->address : "?");
  else
    /* TRANSLATORS: a program name ("Evolution"), then an e-mail address. */
    g_string_append_printf (out, C_("existing account", "%s: %s\n"), program_name (e),
                            e->address ? e->address : "?");
  text_server (out, _("Incoming:"), e->incoming, d->verdicts[MS_ROLE_INCOMING]);
  if (e->outgoing)
    text_server (out, _("Outgoing:"), e->outgoing, d->verdicts[MS_ROLE_OUTGOING]);
  if (d->problems->len == 0)
    g_string_append_printf (out, "  %s\n", _("✓ Nothing wrong in these settings."));
  for (guint i = 0; i < d->problems->len; i++)
    {
      MsProblem *p = d->problems->pdata[i];

      /* TRANSLATORS: "Incoming server" or "Outgoing server", then what is wrong in it. */
      g_autofree char *line = g_strdup_printf (C_("server problem", "%s: %s"),
                                               p->incoming ? _("Incoming server") : _("Outgoing server"),
                                               p->explanation);

      g_string_append_printf (out, "  ✗ %s\n    → %s\n", line, p->fix);
    }
}

