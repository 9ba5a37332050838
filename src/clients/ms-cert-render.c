/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "core/ms-date.h"
#include "core/ms-json.h"
#include "ms-cert-render.h"

const char *
ms_cert_status_display (MsCertStatus status)
{
  switch (status)
    {
    case MS_CERT_STATUS_SAME: return _("Same certificate");
    case MS_CERT_STATUS_EXPIRING_SOON: return _("Expiring soon");
    case MS_CERT_STATUS_RENEWED: return _("Renewed");
    case MS_CERT_STATUS_WRONG_NAME: return _("Wrong name");
    case MS_CERT_STATUS_EXPIRED: return _("Expired");
    case MS_CERT_STATUS_NO_LONGER_NEEDED: return _("No longer needed");
    case MS_CERT_STATUS_UNREACHABLE: return _("Unreachable");
    default: g_return_val_if_reached (NULL);
    }
}

char *
ms_cert_render_validity (const MsCertInfo *info)
{
  g_autofree char *from = ms_date_format_long (info->not_before);
  g_autofree char *until = ms_date_format_long (info->not_after);
  g_autofree char *left = ms_date_describe_days_left (info->not_after);

  /* TRANSLATORS: two dates, then "valid for 12 more days". */
  return g_strdup_printf (_("%s to %s, %s"), from, until, left);
}

static void
cert_text (GString *out, const char *label, const MsCertInfo *info, const char *sha256, const char *md5)
{
  g_string_append_printf (out, "  %s\n", label);
  if (info == NULL)
    {
      /* Thunderbird keeps only the fingerprint of what it accepted. */
      g_string_append_printf (out, "    %s\n", _("The program keeps only its fingerprint: no other detail is known."));
    }
  else
    {
      g_autofree char *validity = ms_cert_render_validity (info);

      g_string_append_printf (out, "    %s %s\n", _("Common name:"), info->common_name ? info->common_name : "-");
      g_string_append_printf (out, "    %s %s\n", _("Issuer:"), info->issuer_dn ? info->issuer_dn : "-");
      g_string_append_printf (out, "    %s %s\n", _("Valid:"), validity);
    }
  if (sha256)
    g_string_append_printf (out, "    %s %s\n", _("SHA-256 fingerprint:"), sha256);
  if (md5)
    /* TRANSLATORS: Evolution's own key for the certificate. */
    g_string_append_printf (out, "    %s %s\n", _("MD5 fingerprint (Evolution’s key):"), md5);
}

static char *
place (const MsCertAuditRow *row)
{
  const MsCertException *e = row->exception;

  if (e->program == MS_CERT_PROGRAM_THUNDERBIRD)
    /* TRANSLATORS: host:port, then the Thunderbird profile's name. */
    return g_strdup_printf (_("%s:%u — Thunderbird, profile “%s”"), row->host, row->port, e->profile_name);
  if (e->program == MS_CERT_PROGRAM_EVOLUTION)
    /* TRANSLATORS: Evolution trusts per host name, for every port; the port is the one compared. */
    return g_strdup_printf (_("%s (every port; compared on %u) — Evolution"), row->host, row->port);
  /* TRANSLATORS: a server name, e.g. “mail.3xo.fr”, then a port number, e.g. 993. */
  return g_strdup_printf (_("%s:%u — Mail Setup’s own list"), row->host, row->port);
}

void
ms_cert_render_row_text (GString *out, const MsCertAuditRow *row)
{
  const MsCertInfo *leaf = ms_cert_audit_row_get_live_leaf (row);
  g_autofree char *where = place (row);

  g_string_append_printf (out, "%s\n", where);
  g_string_append_printf (out, "  [%s] %s\n", ms_cert_status_display (row->status), row->headline);
  cert_text (out, _("Stored exception:"), row->exception->info, row->exception->sha256, row->exception->md5);
  if (leaf && !row->live_is_stored)
    cert_text (out, _("The server presents now:"), leaf, leaf->sha256, NULL);
  if (leaf)
    {
      g_autofree char *names = g_strjoinv (", ", row->live->presented_names);
      /* The guide's check: the Common Name must be the provider's name. */
      g_autofree char *check = row->live->name_matches
        /* TRANSLATORS: %s is the server name the certificate must carry, e.g. “mail.3xo.fr”. */
        ? g_strdup_printf (_("the certificate carries %s, as it must"), row->expected_name)
        /* TRANSLATORS: the names the certificate is for, separated by commas, then the name it should be for,
         * e.g. “mail.3xo.fr”. */
        : g_strdup_printf (_("FAILED: for “%s”, not for “%s”"), names, row->expected_name);

      g_string_append_printf (out, "  %s %s\n", _("Name check:"), check);
    }
  if (row->advice)
    g_string_append_printf (out, "  %s\n", row->advice);
}

char *
ms_cert_render_audit_text (const MsCertAudit *audit)
{
  GString *out = g_string_new (NULL);

  if (audit->rows->len == 0)
    g_string_append_printf (out, "%s\n", _("No certificate exception is stored for the provider’s servers."));
  for (guint i = 0; i < audit->rows->len; i++)
    {
      if (i)
        g_string_append_c (out, '\n');
      ms_cert_render_row_text (out, audit->rows->pdata[i]);
    }
  for (guint i = 0; i < audit->authorities->len; i++)
    {
      MsCertAuthorityState *a = audit->authorities->pdata[i];
      g_autofree char *with = NULL;

      g_string_append_printf (out, "\n%s %s\n", _("Authority:"), a->name);
      g_string_append_printf (out, "  %s %s\n", _("SHA-256 fingerprint:"), a->sha256);
      if (a->url)
        g_string_append_printf (out, "  %s %s\n", _("Where to get it:"), a->url);
      g_ptr_array_add (a->thunderbird_with, NULL);
      with = g_strjoinv (", ", (char **) a->thunderbird_with->pdata);
      g_ptr_array_remove_index (a->thunderbird_with, a->thunderbird_with->len - 1);
      g_string_append_printf (out, "  %s %s\n", _("Trusted by the Thunderbird profiles:"),
                              a->thunderbird_with->len ? with : _("none"));
      g_string_append_printf (out, "  %s %s\n", _("Trusted by the whole computer (Evolution):"),
                              a->in_system ? _("yes") : _("no"));
    }
  for (guint i = 0; i < audit->problems->len; i++)
    g_string_append_printf (out, "\n%s %s\n", _("Warning:"), ((GError *) audit->problems->pdata[i])->message);
  return g_string_free (out, FALSE);
}

/* ---- the helpdesk report ---- */

static void
days_line (GString *out, const char *indent, const char *label, const MsCertInfo *info)
{
  g_autofree char *until = ms_date_format_long (info->not_after);
  g_autofree char *left = ms_date_describe_days_left (info->not_after);

  g_string_append (out, indent);
  /* TRANSLATORS: a label, e.g. “Stored exception” or “Incoming server mail.3xo.fr:993”, the certificate's name
   * (Common Name), its end date, e.g. “3 December 2026”, then e.g. “valid for 12 more days”. */
  g_string_append_printf (out, _("%s: “%s”, until %s: %s\n"), label, info->common_name ? info->common_name : "-",
                          until, left);
}

void
ms_cert_render_report_section (GString *out, const char *incoming_place, const MsCertReport *incoming,
                               const char *outgoing_place, const MsCertReport *outgoing, const MsCertAudit *audit)
{
  const MsCertReport *reports[] = { incoming, outgoing };
  const char *places[] = { incoming_place, outgoing_place };

  for (guint i = 0; i < G_N_ELEMENTS (reports); i++)
    if (reports[i] && reports[i]->chain->len > 0)
      {
        /* TRANSLATORS: here and in “Outgoing server %s” on the same line, %s is a server name and port, e.g.
         * “mail.3xo.fr:993”. */
        g_autofree char *label = g_strdup_printf (i == 0 ? _("Incoming server %s") : _("Outgoing server %s"),
                                                  places[i] ? places[i] : "?");
        days_line (out, "", label, reports[i]->chain->pdata[0]);
      }
  for (guint i = 0; audit && i < audit->rows->len; i++)
    {
      const MsCertAuditRow *row = audit->rows->pdata[i];
      g_autofree char *where = place (row);

      g_string_append_printf (out, "%s: %s\n", where, ms_cert_status_display (row->status));
      if (row->exception->info)
        days_line (out, "    ", _("Stored exception"), row->exception->info);
      if (ms_cert_audit_row_get_live_leaf (row) && !row->live_is_stored)
        days_line (out, "    ", _("What the server presents now"), ms_cert_audit_row_get_live_leaf (row));
    }
}

/* ---- JSON ---- */

static void
key (GString *out, const char *name, gboolean *first)
{
  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;
  ms_json_append_string (out, name);
  g_string_append_c (out, ':');
}

#define JSTR(k, v)  (key (out, k, &first), ms_json_append_string (out, v))
#define JINT(k, v)  (key (out, k, &first), g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) (v)))
#define JBOOL(k, v) (key (out, k, &first), g_string_append (out, (v) ? "true" : "false"))

static char *
iso (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
  return dt ? g_date_time_format_iso8601 (dt) : NULL;
}

static void
cert_json (GString *out, const MsCertInfo *info, const char *sha256)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  JSTR ("sha256", sha256);
  if (info)
    {
      g_autofree char *from = iso (info->not_before);
      g_autofree char *until = iso (info->not_after);

      JSTR ("common_name", info->common_name);
      JSTR ("issuer", info->issuer_dn);
      JSTR ("not_before", from);
      JSTR ("not_after", until);
      JINT ("days_left", ms_date_days_until (info->not_after));
    }
  g_string_append_c (out, '}');
}

static void
row_json (GString *out, const MsCertAuditRow *row)
{
  const MsCertException *e = row->exception;
  const MsCertInfo *leaf = ms_cert_audit_row_get_live_leaf (row);
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  JSTR ("program", ms_cert_program_to_string (e->program));
  JSTR ("profile", e->profile_name);
  JSTR ("store", e->store_path);
  JSTR ("host", e->host);
  JINT ("port", e->port);
  JINT ("compared_port", row->port);
  JSTR ("status", ms_cert_status_to_string (row->status));
  JSTR ("headline", row->headline);
  JSTR ("advice", row->advice);
  JSTR ("expected_name", row->expected_name);
  key (out, "name_matches", &first);
  g_string_append (out, row->live ? (row->live->name_matches ? "true" : "false") : "null");
  JSTR ("md5", e->md5);
  key (out, "stored", &first);
  cert_json (out, e->info, e->sha256);
  key (out, "server", &first);
  if (leaf)
    cert_json (out, leaf, leaf->sha256);
  else
    g_string_append (out, "null");
  JSTR ("error", row->error ? row->error->message : NULL);
  g_string_append_c (out, '}');
}

void
ms_cert_render_audit_json (GString *out, const MsCertAudit *audit)
{
  gboolean first = TRUE;

  key (out, "exceptions", &first);
  g_string_append_c (out, '[');
  for (guint i = 0; i < audit->rows->len; i++)
    {
      if (i)
        g_string_append_c (out, ',');
      row_json (out, audit->rows->pdata[i]);
    }
  g_string_append_c (out, ']');
  key (out, "authorities", &first);
  g_string_append_c (out, '[');
  for (guint i = 0; i < audit->authorities->len; i++)
    {
      MsCertAuthorityState *a = audit->authorities->pdata[i];
      gboolean afirst = TRUE;

      if (i)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
#define AKEY(k) key (out, k, &afirst)
      AKEY ("name"), ms_json_append_string (out, a->name);
      AKEY ("sha256"), ms_json_append_string (out, a->sha256);
      AKEY ("url"), ms_json_append_string (out, a->url);
      AKEY ("system"), g_string_append (out, a->in_system ? "true" : "false");
      AKEY ("thunderbird_profiles_with"), ms_json_append_strings (out, a->thunderbird_with);
      AKEY ("thunderbird_profiles_without"), ms_json_append_strings (out, a->thunderbird_without);
#undef AKEY
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  key (out, "problems", &first);
  g_string_append_c (out, '[');
  for (guint i = 0; i < audit->problems->len; i++)
    {
      if (i)
        g_string_append_c (out, ',');
      ms_json_append_string (out, ((GError *) audit->problems->pdata[i])->message);
    }
  g_string_append_c (out, ']');
}

/* ---- changes ---- */

char *
ms_cert_render_changes_text (GPtrArray *outcomes, GPtrArray *refusals)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; outcomes && i < outcomes->len; i++)
    {
      MsCertOutcome *o = outcomes->pdata[i];
      const char *program = ms_cert_program_display (o->program);

      if (o->error)
        {
          g_string_append_printf (out, "%s: %s %s\n", program, _("FAILED:"), o->error->message);
          continue;
        }
      if (o->diff)
        {
          g_string_append_printf (out, "%s: %s\n%s", program, _("would change:"), o->diff);
          continue;
        }
      if (o->replaced)
        /* TRANSLATORS: a mail program (Thunderbird, Evolution or Mail Setup), then the number of certificate
         * exceptions. */
        g_string_append_printf (out, ngettext ("%s: %u exception renewed.\n", "%s: %u exceptions renewed.\n",
                                               o->replaced), program, o->replaced);
      if (o->removed)
        /* TRANSLATORS: a mail program (Thunderbird, Evolution or Mail Setup), then the number of certificate
         * exceptions. */
        g_string_append_printf (out, ngettext ("%s: %u exception deleted.\n", "%s: %u exceptions deleted.\n",
                                               o->removed), program, o->removed);
      for (guint f = 0; f < o->written->len; f++)
        g_string_append_printf (out, "    %s %s\n", _("Wrote"), (char *) o->written->pdata[f]);
      for (guint f = 0; f < o->deleted_files->len; f++)
        g_string_append_printf (out, "    %s %s\n", _("Removed"), (char *) o->deleted_files->pdata[f]);
      for (guint f = 0; f < o->backups->len; f++)
        g_string_append_printf (out, "    %s %s\n", _("Backup:"), (char *) o->backups->pdata[f]);
    }
  for (guint i = 0; refusals && i < refusals->len; i++)
    g_string_append_printf (out, "%s %s\n", _("Not renewed:"), ((MsCertRefusal *) refusals->pdata[i])->reason->message);
  return g_string_free (out, FALSE);
}

static const char *
refusal_code (const GError *error)
{
  static const char *const names[] = { "read", "program-running", "write", "not-found", "not-confirmed",
                                       "fingerprint-mismatch", "wrong-name", "bad-dates", "not-renewed" };

  if (error->domain == MS_CERT_EXCEPTIONS_ERROR && error->code >= 0 && (guint) error->code < G_N_ELEMENTS (names))
    return names[error->code];
  return "failed";
}

void
ms_cert_render_changes_json (GString *out, GPtrArray *outcomes, GPtrArray *refusals)
{
  gboolean first = TRUE;

  key (out, "programs", &first);
  g_string_append_c (out, '[');
  for (guint i = 0; outcomes && i < outcomes->len; i++)
    {
      MsCertOutcome *o = outcomes->pdata[i];
      gboolean ofirst = TRUE;

      if (i)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
#define OKEY(k) key (out, k, &ofirst)
      OKEY ("program"), ms_json_append_string (out, ms_cert_program_to_string (o->program));
      OKEY ("error"), ms_json_append_string (out, o->error ? refusal_code (o->error) : NULL);
      OKEY ("message"), ms_json_append_string (out, o->error ? o->error->message : NULL);
      OKEY ("renewed"), g_string_append_printf (out, "%u", o->replaced);
      OKEY ("deleted"), g_string_append_printf (out, "%u", o->removed);
      OKEY ("written"), ms_json_append_strings (out, o->written);
      OKEY ("removed_files"), ms_json_append_strings (out, o->deleted_files);
      OKEY ("backups"), ms_json_append_strings (out, o->backups);
      OKEY ("diff"), ms_json_append_string (out, o->diff);
#undef OKEY
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  key (out, "refused", &first);
  g_string_append_c (out, '[');
  for (guint i = 0; refusals && i < refusals->len; i++)
    {
      MsCertRefusal *r = refusals->pdata[i];
      gboolean rfirst = TRUE;

      if (i)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      key (out, "host", &rfirst), ms_json_append_string (out, r->row ? r->row->host : NULL);
      key (out, "port", &rfirst), g_string_append_printf (out, "%u", r->row ? r->row->port : 0);
      key (out, "program", &rfirst),
        ms_json_append_string (out, r->row ? ms_cert_program_to_string (r->row->exception->program) : NULL);
      key (out, "reason", &rfirst), ms_json_append_string (out, refusal_code (r->reason));
      key (out, "message", &rfirst), ms_json_append_string (out, r->reason->message);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}
