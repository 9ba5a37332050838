/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-endpoint-spec.h"
#include "ms-ports.h"

G_DEFINE_QUARK (ms-spec-error-quark, ms_spec_error)

static gpointer
bad_server (GError **error, const char *spec, const char *why)
{
  /* TRANSLATORS: the value the user gave, then what is wrong with it. */
  g_set_error (error, MS_SPEC_ERROR, MS_SPEC_ERROR_BAD_SERVER, _("“%s”: %s"), spec, why);
  return NULL;
}

MsEndpoint *
ms_endpoint_parse_spec (const char *spec, GError **error)
{
  g_auto(GStrv) head = g_strsplit (spec, ":", 2);
  g_autofree char *host = NULL;
  g_auto(GStrv) rest = NULL;
  MsProtocol protocol;
  MsSecurity security;
  MsEndpoint *ep;
  const char *tail;
  guint port;

  if (g_strv_length (head) != 2 || !ms_protocol_from_string (head[0], &protocol))
    return bad_server (error, spec, _("expected PROTOCOL:HOST:PORT[:SECURITY[:CERTNAME]], with PROTOCOL imap, pop3 or smtp"));
  tail = head[1];
  if (tail[0] == '[')
    {
      const char *end = strchr (tail, ']');
      if (end == NULL || end[1] != ':')
        return bad_server (error, spec, _("unterminated IPv6 address"));
      host = g_strndup (tail + 1, (gsize) (end - tail - 1));
      tail = end + 2;
    }
  else
    {
      const char *colon = strchr (tail, ':');
      if (colon == NULL)
        return bad_server (error, spec, _("the port is missing"));
      host = g_strndup (tail, (gsize) (colon - tail));
      tail = colon + 1;
    }
  rest = g_strsplit (tail, ":", 3);
  if (rest[0] == NULL || !ms_ports_parse (rest[0], &port))
    return bad_server (error, spec, _("the port must be a number from 1 to 65535"));
  if (*host == '\0')
    return bad_server (error, spec, _("the host is missing"));
  if (rest[1] != NULL)
    {
      if (!ms_security_from_string (rest[1], &security))
        return bad_server (error, spec, _("security must be SSL, STARTTLS or plain"));
    }
  else if (!ms_ports_security_for_port (protocol, port, &security))
    security = protocol == MS_PROTOCOL_SMTP && port == 25 ? MS_SECURITY_STARTTLS : MS_SECURITY_SSL;
  ep = ms_endpoint_new (protocol, host, port, security);
  if (rest[1] != NULL && rest[2] != NULL && *rest[2])
    ep->certificate_name = g_strdup (rest[2]);
  return ep;
}

gboolean
ms_fingerprint_parse_spec (const char *spec, char **host_out, guint *port, char **sha256, GError **error)
{
  const char *eq = strchr (spec, '=');
  const char *colon = eq ? g_strrstr_len (spec, eq - spec, ":") : NULL;
  g_autofree char *host = NULL;
  g_autofree char *port_text = NULL;

  if (colon == NULL)
    {
      /* TRANSLATORS: %s is the value given with --accept-fingerprint, e.g. “mail.3xo.fr”; HOST, PORT and SHA256
       * are the placeholders shown in --help. */
      g_set_error (error, MS_SPEC_ERROR, MS_SPEC_ERROR_BAD_FINGERPRINT, _("“%s”: expected HOST:PORT=SHA256"), spec);
      return FALSE;
    }
  host = g_strndup (spec, (gsize) (colon - spec));
  port_text = g_strndup (colon + 1, (gsize) (eq - colon - 1));
  if (host[0] == '[' && g_str_has_suffix (host, "]"))
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);
      g_free (host);
      host = inner;
    }
  if (*host == '\0' || !ms_ports_parse (port_text, port))
    {
      /* TRANSLATORS: %s is the value given with --accept-fingerprint, e.g. “mail.3xo.fr:99999=12:AB:…”. */
      g_set_error (error, MS_SPEC_ERROR, MS_SPEC_ERROR_BAD_FINGERPRINT, _("“%s”: the host or port is not valid"), spec);
      return FALSE;
    }
  *host_out = g_steal_pointer (&host);
  *sha256 = g_strdup (eq + 1);
  return TRUE;
}
