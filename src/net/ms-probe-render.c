/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/ms-json.h"
#include "ms-probe-render.h"

/* ---- text ---- */

static char *
format_time (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);

  return dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S UTC") : g_strdup ("?");
}

static void
text_strv (GString *out, const char *label, char **strv)
{
  g_autofree char *joined = NULL;

  if (strv == NULL || strv[0] == NULL)
    return;
  joined = g_strjoinv (" ", strv);
  g_string_append_printf (out, "    %s %s\n", label, joined);
}

static void
text_cert (GString *out, const MsCertReport *cert)
{
  static const char *const verdicts[] = { N_("trusted"), N_("needs your approval"), N_("refused") };

  g_string_append_printf (out, "    %s %s\n", _("Certificate:"), _(verdicts[cert->decision]));
  for (guint i = 0; i < cert->reasons->len; i++)
    g_string_append_printf (out, "      - %s\n", (const char *) cert->reasons->pdata[i]);
  for (guint i = 0; i < cert->chain->len; i++)
    {
      const MsCertInfo *c = cert->chain->pdata[i];
      g_autofree char *from = format_time (c->not_before);
      g_autofree char *until = format_time (c->not_after);
      g_autofree char *sans = NULL;
      g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

      g_strv_builder_addv (b, (const char **) c->dns_names);
      g_strv_builder_addv (b, (const char **) c->ip_addresses);
      {
        g_auto(GStrv) all = g_strv_builder_end (b);
        sans = g_strjoinv (", ", all);
      }
      g_string_append_printf (out, "      [%u] %s %s\n", i, _("Common name:"), c->common_name ? c->common_name : "-");
      g_string_append_printf (out, "          %s %s\n", _("Alternative names:"), *sans ? sans : "-");
      g_string_append_printf (out, "          %s %s\n", _("Subject:"), c->subject_dn ? c->subject_dn : "-");
      g_string_append_printf (out, "          %s %s\n", _("Issuer:"), c->issuer_dn ? c->issuer_dn : "-");
      g_string_append_printf (out, "          %s %s\n", _("Serial:"), c->serial ? c->serial : "-");
      g_string_append_printf (out, "          %s %s → %s (", _("Valid:"), from, until);
      g_string_append_printf (out, c->days_remaining >= 0
                              /* TRANSLATORS: how long a certificate stays valid; the number is a count of days. */
                              ? ngettext ("%" PRId64 " day left", "%" PRId64 " days left",
                                          (gulong) c->days_remaining)
                              /* TRANSLATORS: how long ago a certificate expired; the number is a count of days. */
                              : ngettext ("expired %" PRId64 " day ago",
                                          "expired %" PRId64 " days ago", (gulong) -c->days_remaining),
                              c->days_remaining >= 0 ? c->days_remaining : -c->days_remaining);
      g_string_append (out, ")\n");
      g_string_append_printf (out, "          %s %s\n", _("SHA-256 fingerprint:"), c->sha256 ? c->sha256 : "-");
      g_string_append_printf (out, "          %s %s\n", _("SHA-1 fingerprint:"), c->sha1 ? c->sha1 : "-");
      g_string_append (out, "          ");
      /* TRANSLATORS: key type, size in bits, signature algorithm: "Key: RSA, 2048 bits, signed with RSA-SHA256". */
      g_string_append_printf (out, _("Key: %s, %u bits, signed with %s"), c->key_type, c->key_bits, c->signature_algorithm);
      g_string_append_printf (out, "%s\n", c->self_signed ? _(", self-signed") : "");
    }
}

static void
append_probe_text (GString *out, const MsProbeResult *r)
{
  g_autofree char *what = ms_endpoint_describe (r->endpoint);

  if (r->error == NULL)
    g_string_append_printf (out, "%s%s: %s (%" G_GINT64_FORMAT " ms)\n", what,
                            r->is_fallback ? _(" (other mode)") : "",
                            r->login_ok ? _("OK, login accepted") : _("OK"), r->total_ms);
  else
    g_string_append_printf (out, "%s%s: %s (%" G_GINT64_FORMAT " ms)\n    %s\n", what,
                            r->is_fallback ? _(" (other mode)") : "", _("FAILED"), r->total_ms, r->error->message);
  if (r->reachable)
    g_string_append_printf (out, "    %s %" G_GINT64_FORMAT " ms\n", _("Connected in"), r->connect_ms);
  if (r->tls_description)
    g_string_append_printf (out, "    TLS: %s\n", r->tls_description);
  if (r->greeting)
    g_string_append_printf (out, "    %s %s\n", _("Greeting:"), r->greeting);
  text_strv (out, _("Capabilities:"), r->capabilities);
  text_strv (out, _("Login methods:"), r->auth_mechanisms);
  if (r->certificate)
    text_cert (out, r->certificate);
}

char *
ms_probe_render_text (const MsProbeResult *result)
{
  GString *out = g_string_new (NULL);

  append_probe_text (out, result);
  return g_string_free (out, FALSE);
}

/* ---- JSON ---- */

static void
json_key (GString *out, const char *key, gboolean *first)
{
  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;
  ms_json_append_string (out, key);
  g_string_append_c (out, ':');
}

#define JSTR(k, v)  (json_key (out, k, &first), ms_json_append_string (out, v))
#define JINT(k, v)  (json_key (out, k, &first), g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) (v)))
#define JBOOL(k, v) (json_key (out, k, &first), g_string_append (out, (v) ? "true" : "false"))

static void
json_strv (GString *out, char **strv)
{
  g_string_append_c (out, '[');
  for (guint i = 0; strv && strv[i]; i++)
    {
      if (i)
        g_string_append_c (out, ',');
      ms_json_append_string (out, strv[i]);
    }
  g_string_append_c (out, ']');
}

void
ms_endpoint_render_json (GString *out, const MsEndpoint *ep)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  JSTR ("protocol", ms_protocol_to_string (ep->protocol));
  JSTR ("host", ep->hostname);
  JINT ("port", ep->port);
  JSTR ("security", ms_security_to_string (ep->security));
  JSTR ("certificate_name", ep->certificate_name);
  g_string_append_c (out, '}');
}

static void
json_cert_info (GString *out, const MsCertInfo *c)
{
  g_autofree char *from = NULL, *until = NULL;
  g_autoptr(GDateTime) a = g_date_time_new_from_unix_utc (c->not_before);
  g_autoptr(GDateTime) b = g_date_time_new_from_unix_utc (c->not_after);
  g_autofree char *der = g_base64_encode (g_bytes_get_data (c->der, NULL), g_bytes_get_size (c->der));
  gboolean first = TRUE;

  from = a ? g_date_time_format_iso8601 (a) : NULL;
  until = b ? g_date_time_format_iso8601 (b) : NULL;
  g_string_append_c (out, '{');
  JSTR ("common_name", c->common_name);
  json_key (out, "dns_names", &first), json_strv (out, c->dns_names);
  json_key (out, "ip_addresses", &first), json_strv (out, c->ip_addresses);
  JSTR ("subject", c->subject_dn);
  JSTR ("issuer", c->issuer_dn);
  JSTR ("serial", c->serial);
  JSTR ("not_before", from);
  JSTR ("not_after", until);
  JINT ("days_remaining", c->days_remaining);
  JSTR ("sha256", c->sha256);
  JSTR ("sha1", c->sha1);
  JSTR ("key_type", c->key_type);
  JINT ("key_bits", c->key_bits);
  JSTR ("signature_algorithm", c->signature_algorithm);
  JBOOL ("self_signed", c->self_signed);
  JSTR ("der_base64", der);
  g_string_append_c (out, '}');
}

static void
json_cert (GString *out, const MsCertReport *cert)
{
  static const char *const problems[] = {
    "untrusted", "expired", "not-yet-valid", "self-signed", "weak-algorithm", "weak-key", "name-mismatch",
    "pin-mismatch",
  };
  gboolean first = TRUE, first_problem = TRUE;

  g_string_append_c (out, '{');
  JSTR ("decision", ms_cert_decision_to_string (cert->decision));
  JBOOL ("acceptable", ms_cert_report_is_acceptable (cert));
  JBOOL ("trusted", cert->trusted);
  JBOOL ("pinned", cert->pinned);
  JBOOL ("name_matches", cert->name_matches);
  JSTR ("expected_name", cert->expected_name);
  json_key (out, "presented_names", &first), json_strv (out, cert->presented_names);
  json_key (out, "problems", &first);
  g_string_append_c (out, '[');
  for (guint i = 0; i < G_N_ELEMENTS (problems); i++)
    if (cert->problems & (1u << i))
      {
        if (!first_problem)
          g_string_append_c (out, ',');
        first_problem = FALSE;
        ms_json_append_string (out, problems[i]);
      }
  g_string_append_c (out, ']');
  json_key (out, "reasons", &first);
  g_string_append_c (out, '[');
  for (guint i = 0; i < cert->reasons->len; i++)
    {
      if (i)
        g_string_append_c (out, ',');
      ms_json_append_string (out, cert->reasons->pdata[i]);
    }
  g_string_append (out, "],\"chain\":[");
  for (guint i = 0; i < cert->chain->len; i++)
    {
      if (i)
        g_string_append_c (out, ',');
      json_cert_info (out, cert->chain->pdata[i]);
    }
  g_string_append (out, "]}");
}

void
ms_probe_render_json (GString *out, const MsProbeResult *r)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  JBOOL ("fallback", r->is_fallback);
  json_key (out, "endpoint", &first), ms_endpoint_render_json (out, r->endpoint);
  JBOOL ("passed", r->error == NULL);
  JBOOL ("reachable", r->reachable);
  JBOOL ("tls", r->tls);
  JSTR ("tls_description", r->tls_description);
  JINT ("connect_ms", r->connect_ms);
  JINT ("total_ms", r->total_ms);
  JSTR ("greeting", r->greeting);
  json_key (out, "capabilities", &first), json_strv (out, r->capabilities);
  json_key (out, "auth_mechanisms", &first), json_strv (out, r->auth_mechanisms);
  JSTR ("login", !r->login_attempted ? "not-attempted" : r->login_ok ? "ok" : "failed");
  json_key (out, "error", &first);
  if (r->error == NULL)
    g_string_append (out, "null");
  else
    {
      gboolean efirst = TRUE;
      g_string_append_c (out, '{');
      json_key (out, "code", &efirst);
      ms_json_append_string (out, r->error->domain == MS_NET_ERROR ? ms_net_error_to_string (r->error->code)
                                                                   : "io");
      json_key (out, "message", &efirst);
      ms_json_append_string (out, r->error->message);
      g_string_append_c (out, '}');
    }
  json_key (out, "certificate", &first);
  if (r->certificate)
    json_cert (out, r->certificate);
  else
    g_string_append (out, "null");
  g_string_append_c (out, '}');
}
