/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-ports.h"

/* The names stored in profiles and on the command line are the Mozilla
 * autoconfig spellings, so that a Thunderbird ISPDB file reads unchanged. */
static const char *const protocol_names[] = { "imap", "pop3", "smtp" };
static const char *const security_names[] = { "SSL", "STARTTLS", "plain" };
static const char *const auth_names[] = { "password-cleartext", "password-encrypted", "none", "OAuth2" };

const char *
ms_protocol_to_string (MsProtocol protocol)
{
  g_return_val_if_fail (protocol <= MS_PROTOCOL_SMTP, NULL);
  return protocol_names[protocol];
}

gboolean
ms_protocol_from_string (const char *str, MsProtocol *out)
{
  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (protocol_names); i++)
    if (g_ascii_strcasecmp (str, protocol_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  if (g_ascii_strcasecmp (str, "pop") == 0)
    {
      *out = MS_PROTOCOL_POP3;
      return TRUE;
    }
  return FALSE;
}

const char *
ms_protocol_display (MsProtocol protocol)
{
  switch (protocol)
    {
    case MS_PROTOCOL_IMAP: return "IMAP";
    case MS_PROTOCOL_POP3: return "POP3";
    case MS_PROTOCOL_SMTP: return "SMTP";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
ms_security_to_string (MsSecurity security)
{
  g_return_val_if_fail (security <= MS_SECURITY_NONE, NULL);
  return security_names[security];
}

gboolean
ms_security_from_string (const char *str, MsSecurity *out)
{
  if (str == NULL)
    return FALSE;
  /* Thunderbird's reader is case-sensitive; we accept the common variants
   * a helpdesk may type in a hand-written profile. */
  if (g_ascii_strcasecmp (str, "SSL") == 0 || g_ascii_strcasecmp (str, "TLS") == 0)
    *out = MS_SECURITY_SSL;
  else if (g_ascii_strcasecmp (str, "STARTTLS") == 0)
    *out = MS_SECURITY_STARTTLS;
  else if (g_ascii_strcasecmp (str, "plain") == 0 || g_ascii_strcasecmp (str, "none") == 0)
    *out = MS_SECURITY_NONE;
  else
    return FALSE;
  return TRUE;
}

const char *
ms_security_display (MsSecurity security)
{
  switch (security)
    {
    case MS_SECURITY_SSL: return _("SSL/TLS");
    case MS_SECURITY_STARTTLS: return _("STARTTLS");
    case MS_SECURITY_NONE: return _("None");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
ms_auth_to_string (MsAuth auth)
{
  g_return_val_if_fail (auth <= MS_AUTH_OAUTH2, NULL);
  return auth_names[auth];
}

gboolean
ms_auth_from_string (const char *str, MsAuth *out)
{
  if (str == NULL)
    return FALSE;
  if (strcmp (str, "password-cleartext") == 0 || strcmp (str, "plain") == 0)
    *out = MS_AUTH_PASSWORD_CLEARTEXT;
  else if (strcmp (str, "password-encrypted") == 0 || strcmp (str, "secure") == 0)
    *out = MS_AUTH_PASSWORD_ENCRYPTED;
  else if (strcmp (str, "none") == 0)
    *out = MS_AUTH_NONE;
  else if (strcmp (str, "OAuth2") == 0)
    *out = MS_AUTH_OAUTH2;
  else
    return FALSE;
  return TRUE;
}

const char *
ms_auth_display (MsAuth auth)
{
  switch (auth)
    {
    case MS_AUTH_PASSWORD_CLEARTEXT: return _("Normal password");
    case MS_AUTH_PASSWORD_ENCRYPTED: return _("Encrypted password");
    case MS_AUTH_NONE: return _("No authentication");
    /* TRANSLATORS: OAuth2 sign-in, done in the mail program. */
    case MS_AUTH_OAUTH2: return _("Sign in with the provider (OAuth2)");
    default: g_return_val_if_reached (NULL);
    }
}

guint
ms_ports_default_port (MsProtocol protocol, MsSecurity security)
{
  switch (protocol)
    {
    case MS_PROTOCOL_IMAP:
      return security == MS_SECURITY_SSL ? 993 : 143;
    case MS_PROTOCOL_POP3:
      return security == MS_SECURITY_SSL ? 995 : 110;
    case MS_PROTOCOL_SMTP:
      /* 587, not 25, for STARTTLS and plain: the guide warns that ISPs
       * often block 25, and 587 is the submission port. */
      return security == MS_SECURITY_SSL ? 465 : 587;
    default:
      g_return_val_if_reached (0);
    }
}

static const MsDoor doors[] = {
  { MS_PROTOCOL_IMAP, 993, MS_SECURITY_SSL, TRUE },
  { MS_PROTOCOL_IMAP, 143, MS_SECURITY_STARTTLS, TRUE },
  { MS_PROTOCOL_POP3, 995, MS_SECURITY_SSL, TRUE },
  { MS_PROTOCOL_POP3, 110, MS_SECURITY_STARTTLS, TRUE },
  { MS_PROTOCOL_SMTP, 465, MS_SECURITY_SSL, TRUE },
  { MS_PROTOCOL_SMTP, 587, MS_SECURITY_STARTTLS, TRUE },
  /* The provider accepts both modes on 25, so typing 25 says nothing
   * about the security the user wants. */
  { MS_PROTOCOL_SMTP, 25, MS_SECURITY_STARTTLS, FALSE },
};

const MsDoor *
ms_ports_doors (guint *n_doors)
{
  *n_doors = G_N_ELEMENTS (doors);
  return doors;
}

gboolean
ms_ports_security_for_port (MsProtocol protocol, guint port, MsSecurity *security)
{
  for (guint i = 0; i < G_N_ELEMENTS (doors); i++)
    if (doors[i].protocol == protocol && doors[i].port == port && doors[i].implies_security)
      {
        if (security)
          *security = doors[i].security;
        return TRUE;
      }
  return FALSE;
}

gboolean
ms_ports_is_well_known (MsProtocol protocol, guint port)
{
  for (guint i = 0; i < G_N_ELEMENTS (doors); i++)
    if (doors[i].protocol == protocol && doors[i].port == port)
      return TRUE;
  return FALSE;
}

gboolean
ms_ports_parse (const char *text, guint *port)
{
  g_autofree char *copy = NULL;
  guint64 value;

  if (text == NULL)
    return FALSE;
  /* Entries often carry blanks around a pasted number. */
  copy = g_strstrip (g_strdup (text));
  if (!g_ascii_string_to_unsigned (copy, 10, 1, 65535, &value, NULL))
    return FALSE;
  *port = (guint) value;
  return TRUE;
}
