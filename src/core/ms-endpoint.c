/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ms-address.h"
#include "ms-endpoint.h"
#include "ms-ports.h"

G_DEFINE_BOXED_TYPE (MsEndpoint, ms_endpoint, ms_endpoint_copy, ms_endpoint_free)

MsEndpoint *
ms_endpoint_new (MsProtocol protocol, const char *hostname, guint port, MsSecurity security)
{
  MsEndpoint *endpoint = g_new0 (MsEndpoint, 1);

  endpoint->protocol = protocol;
  endpoint->hostname = g_strdup (hostname);
  endpoint->port = port ? port : ms_ports_default_port (protocol, security);
  endpoint->security = security;
  endpoint->username = g_strdup ("%EMAILADDRESS%");
  endpoint->auth = MS_AUTH_PASSWORD_CLEARTEXT;
  return endpoint;
}

MsEndpoint *
ms_endpoint_copy (const MsEndpoint *endpoint)
{
  MsEndpoint *copy = g_memdup2 (endpoint, sizeof *endpoint);

  copy->hostname = g_strdup (endpoint->hostname);
  copy->username = g_strdup (endpoint->username);
  copy->certificate_name = g_strdup (endpoint->certificate_name);
  return copy;
}

void
ms_endpoint_free (MsEndpoint *endpoint)
{
  if (endpoint == NULL)
    return;
  g_free (endpoint->hostname);
  g_free (endpoint->username);
  g_free (endpoint->certificate_name);
  g_free (endpoint);
}

char *
ms_endpoint_describe (const MsEndpoint *endpoint)
{
  return g_strdup_printf ("%s %s:%u %s", ms_protocol_display (endpoint->protocol),
                          endpoint->hostname, endpoint->port,
                          ms_security_display (endpoint->security));
}

char *
ms_expand_placeholders (const char *template_str, const char *address, const char *real_name)
{
  g_autofree char *local = NULL;
  g_autofree char *domain = NULL;
  GString *out;

  if (template_str == NULL)
    return NULL;
  if (!ms_address_split (address, &local, &domain))
    {
      local = g_strdup (address ? address : "");
      domain = g_strdup ("");
    }

  /* A single left-to-right pass, so that a value that itself looks like a
   * placeholder (a real name of "%EMAILADDRESS%") is never expanded again. */
  out = g_string_new (NULL);
  for (const char *p = template_str; *p;)
    {
      static const char *const names[] = { "%EMAILADDRESS%", "%EMAILLOCALPART%", "%EMAILDOMAIN%", "%REALNAME%" };
      const char *values[] = { address ? address : "", local, domain, real_name ? real_name : "" };
      gboolean matched = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          gsize n = strlen (names[i]);
          if (strncmp (p, names[i], n) == 0)
            {
              g_string_append (out, values[i]);
              p += n;
              matched = TRUE;
              break;
            }
        }
      if (!matched)
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}
