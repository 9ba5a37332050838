/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core/ms-provider.h"
#include "ms-export.h"

/* Mozilla autoconfig (clientConfig 1.1), as the Android clients that read
 * it expect it on autoconfig.<domain> or .well-known.  Only the two SSL
 * servers are listed, so a phone cannot pick POP or a plain port from it.
 * The username stays a placeholder: the same file serves every address of
 * the domain. */

static void
add_server (GString *out, gboolean incoming, const char *hostname, guint port, const char *certificate_name)
{
  g_autofree char *host = _ms_export_xml_escape (hostname);
  const char *element = incoming ? "incomingServer" : "outgoingServer";

  g_string_append_printf (out,
                          "    <%s type=\"%s\">\n"
                          "      <hostname>%s</hostname>\n"
                          "      <port>%u</port>\n"
                          "      <socketType>SSL</socketType>\n"
                          "      <username>%%EMAILADDRESS%%</username>\n"
                          "      <authentication>password-cleartext</authentication>\n",
                          element, incoming ? "imap" : "smtp", host, port);
  /* Our extension: the name to expect on the certificate, which clients
   * that do not know the namespace skip. */
  if (certificate_name != NULL)
    {
      g_autofree char *name = _ms_export_xml_escape (certificate_name);
      g_string_append_printf (out, "      <ms:certificateName>%s</ms:certificateName>\n", name);
    }
  g_string_append_printf (out, "    </%s>\n", element);
}

char *
ms_export_autoconfig (const MsMobileSettings *s)
{
  GString *out;
  g_autofree char *domain = NULL;
  g_autofree char *display_name = NULL;
  gboolean with_ns;

  g_return_val_if_fail (s != NULL && s->domain != NULL, NULL);

  out = g_string_new (NULL);
  domain = _ms_export_xml_escape (s->domain);
  display_name = _ms_export_xml_escape (s->provider_name ? s->provider_name : s->domain);
  with_ns = s->imap_certificate_name != NULL || s->smtp_certificate_name != NULL;

  g_string_append_printf (out,
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<clientConfig version=\"1.1\"%s>\n"
                          "  <emailProvider id=\"%s\">\n"
                          "    <domain>%s</domain>\n"
                          "    <displayName>%s</displayName>\n"
                          "    <displayShortName>%s</displayShortName>\n",
                          with_ns ? " xmlns:ms=\"" MS_PROVIDER_NAMESPACE "\"" : "",
                          domain, domain, display_name, display_name);
  add_server (out, TRUE, s->imap_hostname, MS_MOBILE_IMAP_PORT, s->imap_certificate_name);
  add_server (out, FALSE, s->smtp_hostname, MS_MOBILE_SMTP_PORT, s->smtp_certificate_name);
  g_string_append (out,
                   "  </emailProvider>\n"
                   "</clientConfig>\n");
  return g_string_free (out, FALSE);
}
