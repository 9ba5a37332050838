/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-oauth2.h"

/* The hosts (and their subdomains) for which Thunderbird has an OAuth2
 * client registered: writing authMethod 10 for anything else would leave
 * an account Thunderbird cannot sign in to. */
static const char *const oauth2_hosts[] = {
  "gmail.com", "googlemail.com",
  "yahoo.com", "att.net", "aol.com",
  "office365.com", "outlook.com", "hotmail.com",
  "imap.mail.ru", "smtp.mail.ru",
  "imap.yandex.com", "smtp.yandex.com",
  "imap.seznam.cz", "smtp.seznam.cz", "pop3.seznam.cz",
  "imap.fastmail.com", "pop.fastmail.com", "smtp.fastmail.com",
  "imap.comcast.net", "pop.comcast.net", "smtp.comcast.net",
  "thundermail.com",
};

/* Address domains whose provider refuses the account password in mail
 * programs; the domains behind the hosts above. */
static const char *const oauth2_domains[] = {
  "gmail.com", "googlemail.com", "yahoo.com", "yahoo.fr", "ymail.com", "aol.com", "aol.fr",
  "att.net", "outlook.com", "outlook.fr", "hotmail.com", "hotmail.fr", "live.com", "live.fr",
  "msn.com", "mail.ru", "fastmail.com", "fastmail.fm", "comcast.net", "verizon.net",
  "yandex.com", "yandex.ru", "seznam.cz",
};

/* Providers with no OAuth2 for mail programs, only app passwords. */
static const char *const app_password_domains[] = { "icloud.com", "me.com", "mac.com" };

static gboolean
in_list (const char *name, const char *const *list, gsize n, gboolean subdomains)
{
  g_autofree char *lower = NULL;
  const char *p;

  if (name == NULL || *name == '\0' || strchr (name, '%'))
    return FALSE;
  lower = g_ascii_strdown (name, -1);
  for (p = lower; p != NULL; p = subdomains ? strchr (p, '.') : NULL)
    {
      if (*p == '.')
        p++;
      for (gsize i = 0; i < n; i++)
        if (g_str_equal (p, list[i]))
          return TRUE;
      if (!subdomains)
        break;
    }
  return FALSE;
}

gboolean
ms_oauth2_host_known (const char *hostname)
{
  return in_list (hostname, oauth2_hosts, G_N_ELEMENTS (oauth2_hosts), TRUE);
}

MsSignIn
ms_sign_in_for_domain (const char *domain)
{
  if (in_list (domain, app_password_domains, G_N_ELEMENTS (app_password_domains), TRUE))
    return MS_SIGN_IN_APP_PASSWORD;
  if (in_list (domain, oauth2_domains, G_N_ELEMENTS (oauth2_domains), FALSE) || ms_oauth2_host_known (domain))
    return MS_SIGN_IN_OAUTH2;
  return MS_SIGN_IN_PASSWORD;
}

gboolean
ms_sign_in_reply_needs_oauth2 (const char *reply)
{
  /* Enhanced status codes (RFC 3463) that providers use for "not with a
   * password": 5.7.9 (application-specific password required), 5.7.30
   * (basic authentication disabled); IMAP's [WEBALERT] and Yahoo's and
   * Gmail's "web login required". */
  static const char *const needles[] = {
    "5.7.9 ", "5.7.30", "[WEBALERT", "Application-specific password", "application-specific password",
    "web login required", "Web login required", "BasicAuthBlocked", "Basic authentication is",
  };

  if (reply == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (needles); i++)
    if (strstr (reply, needles[i]))
      return TRUE;
  return FALSE;
}

gboolean
ms_sign_in_mechanisms_oauth2_only (const char *const *mechanisms)
{
  gboolean oauth2 = FALSE;

  for (guint i = 0; mechanisms && mechanisms[i]; i++)
    {
      if (g_ascii_strcasecmp (mechanisms[i], "XOAUTH2") == 0 ||
          g_ascii_strcasecmp (mechanisms[i], "OAUTHBEARER") == 0)
        oauth2 = TRUE;
      else if (g_ascii_strcasecmp (mechanisms[i], "PLAIN") == 0 ||
               g_ascii_strcasecmp (mechanisms[i], "LOGIN") == 0 ||
               g_ascii_strcasecmp (mechanisms[i], "CRAM-MD5") == 0)
        return FALSE;
    }
  return oauth2;
}

const char *
ms_sign_in_advice (MsSignIn sign_in)
{
  switch (sign_in)
    {
    case MS_SIGN_IN_OAUTH2:
      return _("This provider does not accept your account password in mail programs. Thunderbird will open "
               "the provider's sign-in page the first time it starts: sign in there. For other programs, "
               "create an app password on the provider's website and use it instead of your password.");
    case MS_SIGN_IN_APP_PASSWORD:
      return _("This provider does not accept your account password in mail programs. Create an app "
               "password on the provider's website and type it instead of your password.");
    case MS_SIGN_IN_PASSWORD:
    default:
      return NULL;
    }
}
