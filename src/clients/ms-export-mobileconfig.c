/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-export.h"

/* An Apple configuration profile: a "Configuration" payload wrapping one
 * com.apple.mail.managed payload (keys as in Apple's Device Management
 * "Mail" reference).  UseSSL is a boolean, so the port is what tells the
 * phone it is implicit TLS: always 993 and 465, as the guide asks. */

static void
add_string (GString *out, const char *indent, const char *key, const char *value)
{
  g_autofree char *k = _ms_export_xml_escape (key);
  g_autofree char *v = _ms_export_xml_escape (value);

  g_string_append_printf (out, "%s<key>%s</key>\n%s<string>%s</string>\n", indent, k, indent, v);
  /* The value may be the password. */
  explicit_bzero (v, strlen (v));
}

static void
add_integer (GString *out, const char *indent, const char *key, gint64 value)
{
  g_string_append_printf (out, "%s<key>%s</key>\n%s<integer>%" G_GINT64_FORMAT "</integer>\n",
                          indent, key, indent, value);
}

static void
add_bool (GString *out, const char *indent, const char *key, gboolean value)
{
  g_string_append_printf (out, "%s<key>%s</key>\n%s<%s/>\n", indent, key, indent, value ? "true" : "false");
}

/* A stable identifier per address: installing a newer profile for the same
 * address then replaces the old one on the phone instead of adding a second
 * account.  Reverse-DNS form, so only letters, digits, dots and dashes. */
static char *
profile_identifier (const MsMobileSettings *s)
{
  g_autofree char *address = g_ascii_strdown (s->address, -1);
  g_autofree char *local = NULL;
  const char *at = strrchr (address, '@');

  local = g_strndup (address, at - address);
  g_strcanon (local, "abcdefghijklmnopqrstuvwxyz0123456789-", '-');
  return g_strdup_printf ("%s.account.%s.%s", MS_APP_ID, at + 1, local);
}

static char *
new_uuid (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  /* Apple's own tools write UUIDs in upper case. */
  return g_ascii_strup (uuid, -1);
}

char *
ms_export_mobileconfig (const MsMobileSettings *s, char **warning)
{
  GString *out;
  g_autofree char *identifier = NULL;
  g_autofree char *mail_identifier = NULL;
  g_autofree char *profile_uuid = new_uuid ();
  g_autofree char *mail_uuid = new_uuid ();
  g_autofree char *profile_name = NULL;
  g_autofree char *description = NULL;
  const char *account_name;
  const char *in = "      ";
  const char *top = "  ";

  g_return_val_if_fail (s != NULL && s->address != NULL, NULL);

  /* Room for the whole profile from the start: a GString that grows
   * leaves its earlier copies, password included, in freed memory. */
  out = g_string_sized_new (16384 + 12 * (strlen (s->address) + (s->password ? strlen (s->password) : 0)));
  identifier = profile_identifier (s);
  mail_identifier = g_strconcat (identifier, ".mail", NULL);
  account_name = s->real_name && *s->real_name ? s->real_name : s->address;

  /* TRANSLATORS: name of the profile shown on the phone; %s is the e-mail address. */
  profile_name = g_strdup_printf (_("E-mail: %s"), s->address);
  /* TRANSLATORS: %s is the e-mail address. */
  description = g_strdup_printf (_("Sets up %s in Mail, with SSL for receiving (IMAP, port 993) and for "
                                   "sending (SMTP, port 465). The login is the full e-mail address."),
                                 s->address);

  g_string_append (out,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                   "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                   "<plist version=\"1.0\">\n"
                   "<dict>\n"
                   "  <key>PayloadContent</key>\n"
                   "  <array>\n"
                   "    <dict>\n");

  add_string (out, in, "EmailAccountDescription", s->provider_name ? s->provider_name : s->address);
  add_string (out, in, "EmailAccountName", account_name);
  add_string (out, in, "EmailAccountType", "EmailTypeIMAP");
  add_string (out, in, "EmailAddress", s->address);

  add_string (out, in, "IncomingMailServerAuthentication", "EmailAuthPassword");
  add_string (out, in, "IncomingMailServerHostName", s->imap_hostname);
  add_integer (out, in, "IncomingMailServerPortNumber", MS_MOBILE_IMAP_PORT);
  add_bool (out, in, "IncomingMailServerUseSSL", TRUE);
  add_string (out, in, "IncomingMailServerUsername", s->address);

  add_string (out, in, "OutgoingMailServerAuthentication", "EmailAuthPassword");
  add_string (out, in, "OutgoingMailServerHostName", s->smtp_hostname);
  add_integer (out, in, "OutgoingMailServerPortNumber", MS_MOBILE_SMTP_PORT);
  add_bool (out, in, "OutgoingMailServerUseSSL", TRUE);
  add_string (out, in, "OutgoingMailServerUsername", s->address);
  /* One login for both servers (the guide): the phone then asks once. */
  add_bool (out, in, "OutgoingPasswordSameAsIncomingPassword", TRUE);

  if (s->password != NULL)
    {
      add_string (out, in, "IncomingPassword", s->password);
      add_string (out, in, "OutgoingPassword", s->password);
    }

  add_string (out, in, "PayloadDescription", description);
  add_string (out, in, "PayloadDisplayName", profile_name);
  add_string (out, in, "PayloadIdentifier", mail_identifier);
  add_string (out, in, "PayloadType", "com.apple.mail.managed");
  add_string (out, in, "PayloadUUID", mail_uuid);
  add_integer (out, in, "PayloadVersion", 1);

  g_string_append (out,
                   "    </dict>\n"
                   "  </array>\n");
  add_string (out, top, "PayloadDescription", description);
  add_string (out, top, "PayloadDisplayName", profile_name);
  add_string (out, top, "PayloadIdentifier", identifier);
  if (s->provider_name != NULL)
    add_string (out, top, "PayloadOrganization", s->provider_name);
  add_bool (out, top, "PayloadRemovalDisallowed", FALSE);
  add_string (out, top, "PayloadType", "Configuration");
  add_string (out, top, "PayloadUUID", profile_uuid);
  add_integer (out, top, "PayloadVersion", 1);
  g_string_append (out, "</dict>\n</plist>\n");

  if (warning != NULL)
    *warning = s->password != NULL ? g_strdup (ms_export_password_warning ()) : NULL;
  return g_string_free (out, FALSE);
}
