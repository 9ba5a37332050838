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

void
ms_thunderbird_existing_free (MsThunderbirdExisting *e)
{
  if (e == NULL)
    return;
  g_free (e->account_key);
  g_free (e->server_key);
  g_free (e->smtp_key);
  g_free (e->address);
  ms_endpoint_free (e->incoming);
  ms_endpoint_free (e->outgoing);
  g_free (e);
}

static gint32
get_int (MsTbPrefs *prefs, const char *prefix, const char *key, const char *leaf, gint32 fallback)
{
  g_autofree char *name = ms_tb_pref_name (prefix, key, leaf);
  gint32 value;

  return ms_tb_prefs_get_int (prefs, name, &value) ? value : fallback;
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
  e = ms_endpoint_new (MS_PROTOCOL_SMTP, host, (guint) get_int (prefs, "mail.smtpserver.", key, "port",
                                                                 security == MS_SECURITY_SSL ? 465 : 25),
                       security);
  g_free (e->username);
  e->username = g_strdup (ms_tb_pref_get (prefs, "mail.smtpserver.", key, "username"));
  return e;
}

GPtrArray *
ms_thunderbird_read_accounts (const char *profile_dir, GError **error)
{
  g_autofree char *path = g_build_filename (profile_dir, "prefs.js", NULL);
  g_autofree char *text = NULL;
  g_autoptr(MsTbPrefs) prefs = NULL;
  g_auto(GStrv) accounts = NULL;
  GPtrArray *out;
  gsize length;

  /* prefs.js of a real profile is well under a few MiB. */
  if (!ms_file_read_bounded (path, 16 * 1024 * 1024, &text, &length, error))
    return NULL;
  prefs = ms_tb_prefs_parse (text, length, error);
  if (prefs == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_thunderbird_existing_free);
  accounts = g_strsplit (ms_tb_prefs_get_string (prefs, "mail.accountmanager.accounts") ?: "", ",", -1);
  for (guint i = 0; accounts[i]; i++)
    {
      const char *account = g_strstrip (accounts[i]);
      const char *server = *account ? ms_tb_pref_get (prefs, "mail.account.", account, "server") : NULL;
      const char *type = server ? ms_tb_pref_get (prefs, "mail.server.", server, "type") : NULL;
      const char *host = server ? ms_tb_pref_get (prefs, "mail.server.", server, "hostname") : NULL;
      g_auto(GStrv) ids = NULL;
      const char *smtp = NULL;
      MsThunderbirdExisting *e;
      MsProtocol protocol;
      MsSecurity security;

      if (type == NULL || host == NULL || (g_strcmp0 (type, "imap") != 0 && g_strcmp0 (type, "pop3") != 0))
        continue;   /* Local Folders, feeds, news */
      protocol = g_str_equal (type, "imap") ? MS_PROTOCOL_IMAP : MS_PROTOCOL_POP3;
      security = ms_tb_security_from_socket_type (get_int (prefs, "mail.server.", server, "socketType", 0));
      e = g_new0 (MsThunderbirdExisting, 1);
      e->account_key = g_strdup (account);
      e->server_key = g_strdup (server);
      e->incoming = ms_endpoint_new (protocol, host,
                                     (guint) get_int (prefs, "mail.server.", server, "port",
                                                      protocol == MS_PROTOCOL_IMAP
                                                      ? (security == MS_SECURITY_SSL ? 993 : 143)
                                                      : (security == MS_SECURITY_SSL ? 995 : 110)),
                                     security);
      g_free (e->incoming->username);
      e->incoming->username = g_strdup (ms_tb_pref_get (prefs, "mail.server.", server, "userName"));
      ids = g_strsplit (ms_tb_pref_get (prefs, "mail.account.", account, "identities") ?: "", ",", 2);
      if (ids[0] && *ids[0])
        {
          e->address = g_strdup (ms_tb_pref_get (prefs, "mail.identity.", ids[0], "useremail"));
          smtp = ms_tb_pref_get (prefs, "mail.identity.", ids[0], "smtpServer");
        }
      if (smtp == NULL || *smtp == '\0')
        smtp = ms_tb_prefs_get_string (prefs, "mail.smtp.defaultserver");
      e->smtp_key = g_strdup (smtp);
      e->outgoing = smtp_endpoint (prefs, smtp);
      g_ptr_array_add (out, e);
    }
  return out;
}
