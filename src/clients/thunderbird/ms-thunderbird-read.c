/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/ms-file.h"
#include "ms-thunderbird-private.h"
#include "ms-thunderbird.h"
#include "ms-thunderbird-prefs.h"

/* The mail accounts a Thunderbird profile already has, read from its
 * prefs.js as Thunderbird's account manager lays them out: a list of
 * accounts, each with a server and identities, and an identity's SMTP
 * server (or the default one). */

static gint32
get_int (MsTbPrefs *prefs, const char *prefix, const char *key, const char *leaf, gint32 fallback)
{
  g_autofree char *name = ms_tb_pref_name (prefix, key, leaf);
  gint32 value;

  return ms_tb_prefs_get_int (prefs, name, &value) ? value : fallback;
}

/* A port Thunderbird could not use is read as its default, as
 * Thunderbird itself falls back to it. */
static guint
get_port (MsTbPrefs *prefs, const char *prefix, const char *key, guint fallback)
{
  gint32 port = get_int (prefs, prefix, key, "port", (gint32) fallback);

  return port > 0 && port <= 65535 ? (guint) port : fallback;
}

static MsEndpoint *
smtp_endpoint (MsTbPrefs *prefs, const char *key)
{
  const char *host = key ? ms_tb_pref_get (prefs, "mail.smtpserver.", key, "hostname") : NULL;
  MsSecurity security;
  MsEndpoint *e;

  if (host == NULL)
    return NULL;
  security = ms_tb_security_from_socket_type (get_int (prefs, "mail.smtpserver.", key, "try_ssl", 0));
  /* Without a port, Thunderbird uses the protocol's own. */
  e = ms_endpoint_new (MS_PROTOCOL_SMTP, host,
                       get_port (prefs, "mail.smtpserver.", key, security == MS_SECURITY_SSL ? 465 : 25), security);
  g_free (e->username);
  e->username = g_strdup (ms_tb_pref_get (prefs, "mail.smtpserver.", key, "username"));
  return e;
}

GPtrArray *
ms_thunderbird_read_accounts (const char *profile_dir, const char *location, GError **error)
{
  g_autofree char *path = g_build_filename (profile_dir, "prefs.js", NULL);
  g_autofree char *text = NULL;
  g_autoptr(MsTbPrefs) prefs = NULL;
  g_auto(GStrv) accounts = NULL;
  GPtrArray *out;
  gsize length;

  if (!ms_file_read_bounded (path, MS_FILE_MAX_CLIENT, &text, &length, error))
    return NULL;
  prefs = ms_tb_prefs_parse (text, length, error);
  if (prefs == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_existing_account_free);
  accounts = g_strsplit (ms_tb_prefs_get_string (prefs, "mail.accountmanager.accounts") ?: "", ",", -1);
  for (guint i = 0; accounts[i]; i++)
    {
      const char *account = g_strstrip (accounts[i]);
      const char *server = *account ? ms_tb_pref_get (prefs, "mail.account.", account, "server") : NULL;
      const char *type = server ? ms_tb_pref_get (prefs, "mail.server.", server, "type") : NULL;
      const char *host = server ? ms_tb_pref_get (prefs, "mail.server.", server, "hostname") : NULL;
      g_auto(GStrv) ids = NULL;
      const char *smtp = NULL;
      MsExistingAccount *e;
      MsProtocol protocol;
      MsSecurity security;

      if (type == NULL || host == NULL || (g_strcmp0 (type, "imap") != 0 && g_strcmp0 (type, "pop3") != 0))
        continue;   /* Local Folders, feeds, news */
      protocol = g_str_equal (type, "imap") ? MS_PROTOCOL_IMAP : MS_PROTOCOL_POP3;
      security = ms_tb_security_from_socket_type (get_int (prefs, "mail.server.", server, "socketType", 0));
      e = ms_existing_account_new ("thunderbird");
      e->location = g_strdup (location);
      e->dir = g_strdup (profile_dir);
      e->account_key = g_strdup (account);
      e->incoming_key = g_strdup (server);
      e->display_name = g_strdup (ms_tb_pref_get (prefs, "mail.server.", server, "name"));
      e->incoming = ms_endpoint_new (protocol, host,
                                     get_port (prefs, "mail.server.", server,
                                               protocol == MS_PROTOCOL_IMAP
                                               ? (security == MS_SECURITY_SSL ? 993 : 143)
                                               : (security == MS_SECURITY_SSL ? 995 : 110)),
                                     security);
      g_free (e->incoming->username);
      e->incoming->username = g_strdup (ms_tb_pref_get (prefs, "mail.server.", server, "userName"));
      ids = g_strsplit (ms_tb_pref_get (prefs, "mail.account.", account, "identities") ?: "", ",", 2);
      if (ids[0] && *ids[0])
        {
          e->identity_key = g_strdup (g_strstrip (ids[0]));
          e->address = g_strdup (ms_tb_pref_get (prefs, "mail.identity.", e->identity_key, "useremail"));
          smtp = ms_tb_pref_get (prefs, "mail.identity.", e->identity_key, "smtpServer");
        }
      if (smtp == NULL || *smtp == '\0')
        smtp = ms_tb_prefs_get_string (prefs, "mail.smtp.defaultserver");
      e->outgoing_key = g_strdup (smtp);
      e->outgoing = smtp_endpoint (prefs, smtp);
      g_ptr_array_add (out, e);
    }
  return out;
}

static void
set_int (MsTbPrefs *prefs, const char *prefix, const char *key, const char *leaf, gint32 value)
{
  g_autofree char *name = ms_tb_pref_name (prefix, key, leaf);

  ms_tb_prefs_set_int (prefs, name, value);
}

static void
set_string (MsTbPrefs *prefs, const char *prefix, const char *key, const char *leaf, const char *value)
{
  g_autofree char *name = ms_tb_pref_name (prefix, key, leaf);

  if (value)
    ms_tb_prefs_set_string (prefs, name, value);
}

static GPtrArray *
repair_logins (const MsEndpoint *incoming, const MsEndpoint *outgoing)
{
  GPtrArray *logins = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_tb_login_free);
  const MsEndpoint *servers[] = { incoming, outgoing };

  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      MsTbLogin *login;

      if (servers[i] == NULL || servers[i]->username == NULL)
        continue;
      login = g_new0 (MsTbLogin, 1);
      login->origin = ms_tb_login_origin_for (servers[i]->protocol, servers[i]->hostname);
      login->username = g_strdup (servers[i]->username);
      g_ptr_array_add (logins, login);
    }
  return logins;
}

gboolean
ms_thunderbird_plan_repair (MsFileSet *set, const MsExistingAccount *account, const MsEndpoint *incoming,
                            const MsEndpoint *outgoing, const char *password, GError **error)
{
  g_autofree char *path = g_build_filename (account->dir, "prefs.js", NULL);
  g_autoptr(MsTbPrefs) prefs = NULL;
  g_autofree char *text = NULL;
  const char *server = account->incoming_key, *smtp = account->outgoing_key;
  const char *before;
  gsize length = 0;

  if (!ms_file_set_load (set, path, MS_FILE_MAX_CLIENT, error))
    return FALSE;
  before = ms_file_set_get_before (set, path, &length);
  prefs = ms_tb_prefs_parse (before ? before : "", before ? length : 0, error);
  if (prefs == NULL)
    return FALSE;
  /* The account may have been edited or removed since it was read: a
   * repair must never bring back or invent one. */
  if (ms_tb_pref_get (prefs, "mail.server.", server, "hostname") == NULL ||
      (outgoing && (smtp == NULL || ms_tb_pref_get (prefs, "mail.smtpserver.", smtp, "hostname") == NULL)))
    {
      g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT,
                   /* TRANSLATORS: a Thunderbird profile name. */
                   _("The account is no longer in the Thunderbird profile “%s”: check it again."),
                   account->location);
      return FALSE;
    }
  /* The same keys: Thunderbird finds the same account, its folders and
   * its filters, with the settings corrected. */
  if (incoming)
    {
      set_int (prefs, "mail.server.", server, "port", (gint32) incoming->port);
      set_int (prefs, "mail.server.", server, "socketType", ms_tb_socket_type (incoming->security));
      set_string (prefs, "mail.server.", server, "userName", incoming->username);
    }
  if (outgoing)
    {
      set_int (prefs, "mail.smtpserver.", smtp, "port", (gint32) outgoing->port);
      set_int (prefs, "mail.smtpserver.", smtp, "try_ssl", ms_tb_socket_type (outgoing->security));
      set_string (prefs, "mail.smtpserver.", smtp, "username", outgoing->username);
    }
  text = ms_tb_prefs_serialize (prefs, &length);
  ms_file_set_replace (set, path, text, (gssize) length, 0600);
  if (password && *password)
    {
      g_autoptr(GPtrArray) logins = repair_logins (incoming ? incoming : account->incoming,
                                                   outgoing ? outgoing : account->outgoing);

      return ms_tb_plan_logins (set, account->dir, logins, password, error);
    }
  return TRUE;
}

int
ms_thunderbird_lock_existing (const MsExistingAccount *account, gboolean *created, GError **error)
{
  return ms_tb_lock_profile (account->dir, created, error);
}

void
ms_thunderbird_unlock_existing (const MsExistingAccount *account, int fd, gboolean created)
{
  ms_tb_unlock_profile (account->dir, fd, created);
}
