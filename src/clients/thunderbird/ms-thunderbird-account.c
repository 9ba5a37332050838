/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-thunderbird-private.h"

/* The prefs Thunderbird 153's own account wizard leaves behind
 * (modules/accountcreation/CreateInBackend.sys.mjs, AccountConfig defaults,
 * SmtpServer.sys.mjs, OutgoingServerService.sys.mjs). */

void
ms_tb_account_keys_clear (MsTbAccountKeys *keys)
{
  g_clear_pointer (&keys->account, g_free);
  g_clear_pointer (&keys->server, g_free);
  g_clear_pointer (&keys->identity, g_free);
  g_clear_pointer (&keys->smtp, g_free);
}

/* nsMsgSocketType and nsMsgAuthMethod (MailNewsTypes2.idl). */
gint32
ms_tb_socket_type (MsSecurity security)
{
  switch (security)
    {
    case MS_SECURITY_SSL: return 3;
    case MS_SECURITY_STARTTLS: return 2;
    case MS_SECURITY_NONE:
    default: return 0;
    }
}

/* 1 is "STARTTLS if offered", which protects nothing: read as none. */
MsSecurity
ms_tb_security_from_socket_type (gint32 socket_type)
{
  return socket_type == 3 ? MS_SECURITY_SSL : socket_type == 2 ? MS_SECURITY_STARTTLS : MS_SECURITY_NONE;
}

static gint32
auth_method (MsAuth auth)
{
  /* Thunderbird's nsMsgAuthMethod: 1 none, 3 cleartext, 4 encrypted,
   * 10 OAuth2 (its OAuth2Providers table then finds the issuer from the
   * host name, so no other pref is needed). */
  switch (auth)
    {
    case MS_AUTH_NONE: return 1;
    case MS_AUTH_PASSWORD_ENCRYPTED: return 4;
    case MS_AUTH_OAUTH2: return 10;
    case MS_AUTH_PASSWORD_CLEARTEXT:
    default: return 3;
    }
}

/* JavaScript's encodeURIComponent(), which Thunderbird uses in its URIs. */
static char *
uri_component (const char *s)
{
  return g_uri_escape_string (s, "!*'()", FALSE);
}

static char *
uri_host (const char *host)
{
  g_autofree char *bracketed = strchr (host, ':') ? g_strdup_printf ("[%s]", host) : g_strdup (host);

  return uri_component (bracketed);
}

char *
ms_tb_login_origin_for (MsProtocol protocol, const char *hostname)
{
  const char *scheme = "smtp";
  g_autofree char *host = uri_host (hostname);

  if (protocol == MS_PROTOCOL_IMAP)
    scheme = "imap";
  else if (protocol == MS_PROTOCOL_POP3)
    scheme = "mailbox";  /* a POP3 server's localStoreType */
  return g_strdup_printf ("%s://%s", scheme, host);
}

char *
ms_tb_login_origin (MsServer *server)
{
  return ms_tb_login_origin_for (ms_server_get_protocol (server), ms_server_get_hostname (server));
}

static const char *
or_empty (const char *s)
{
  return s ? s : "";
}

char *
ms_tb_pref_name (const char *a, const char *key, const char *b)
{
  return g_strconcat (a, key, ".", b, NULL);
}

static gboolean
list_contains (const char *list, const char *item)
{
  g_auto(GStrv) items = g_strsplit (list ? list : "", ",", -1);

  for (guint i = 0; items[i]; i++)
    if (g_str_equal (g_strstrip (items[i]), item))
      return TRUE;
  return FALSE;
}

static void
list_append (MsTbPrefs *prefs, const char *name, const char *item)
{
  const char *list = ms_tb_prefs_get_string (prefs, name);
  g_autofree char *value = NULL;

  if (list_contains (list, item))
    return;
  value = list && *list ? g_strconcat (list, ",", item, NULL) : g_strdup (item);
  ms_tb_prefs_set_string (prefs, name, value);
}

static void
consider_list (const char *list, const char *stem, guint *highest)
{
  g_auto(GStrv) items = g_strsplit (list ? list : "", ",", -1);

  for (guint i = 0; items[i]; i++)
    {
      const char *item = g_strstrip (items[i]);
      if (g_str_has_prefix (item, stem) && g_ascii_isdigit (item[strlen (stem)]))
        *highest = MAX (*highest, (guint) g_ascii_strtoull (item + strlen (stem), NULL, 10));
    }
}

/* The highest N of "<prefix><stem>N." among all prefs, in @list_pref, and
 * in the values of the prefs named "mail.….<ref>" for each of @refs: a key
 * that another pref points to is taken even when it has no pref of its own
 * (an identity with only default values, or a damaged file), and reusing
 * it would hand another account our identity (found by fuzzing). */
static guint
highest_key (MsTbPrefs *prefs, const char *prefix, const char *stem, const char *list_pref,
             const char *const *refs)
{
  g_autoptr(GPtrArray) names = ms_tb_prefs_list_names (prefs);
  g_autofree char *full = g_strconcat (prefix, stem, NULL);
  guint highest = 0;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      if (g_str_has_prefix (name, full) && g_ascii_isdigit (name[strlen (full)]))
        highest = MAX (highest, (guint) g_ascii_strtoull (name + strlen (full), NULL, 10));
      for (guint r = 0; refs && refs[r]; r++)
        if (g_str_has_prefix (name, "mail.") && g_str_has_suffix (name, refs[r]))
          consider_list (ms_tb_prefs_get_string (prefs, name), stem, &highest);
    }
  if (list_pref)
    consider_list (ms_tb_prefs_get_string (prefs, list_pref), stem, &highest);
  return highest;
}

static char *
new_key (MsTbPrefs *prefs, const char *prefix, const char *stem, const char *list_pref, const char *const *refs,
         guint at_least)
{
  return g_strdup_printf ("%s%u", stem, MAX (highest_key (prefs, prefix, stem, list_pref, refs), at_least) + 1);
}

const char *
ms_tb_pref_get (MsTbPrefs *prefs, const char *a, const char *key, const char *b)
{
  g_autofree char *name = ms_tb_pref_name (a, key, b);

  return ms_tb_prefs_get_string (prefs, name);
}

/* The first identity of @account, when it is a mail account. */
static char *
first_identity (MsTbPrefs *prefs, const char *account)
{
  g_auto(GStrv) ids = g_strsplit (or_empty (ms_tb_pref_get (prefs, "mail.account.", account, "identities")), ",", 2);

  return ids[0] && *g_strstrip (ids[0]) ? g_strdup (ids[0]) : NULL;
}

/* The existing account whose identity has @address: re-running updates it. */
static gboolean
find_account (MsTbPrefs *prefs, const char *address, MsTbAccountKeys *keys)
{
  g_auto(GStrv) accounts = g_strsplit (or_empty (ms_tb_prefs_get_string (prefs, "mail.accountmanager.accounts")), ",", -1);

  for (guint i = 0; accounts[i]; i++)
    {
      const char *account = g_strstrip (accounts[i]);
      const char *server = ms_tb_pref_get (prefs, "mail.account.", account, "server");
      const char *type = server ? ms_tb_pref_get (prefs, "mail.server.", server, "type") : NULL;
      g_autofree char *id = first_identity (prefs, account);
      const char *email = id ? ms_tb_pref_get (prefs, "mail.identity.", id, "useremail") : NULL;

      if (email == NULL || g_ascii_strcasecmp (email, address) != 0
          || (g_strcmp0 (type, "imap") != 0 && g_strcmp0 (type, "pop3") != 0))
        continue;
      keys->account = g_strdup (account);
      keys->server = g_strdup (server);
      keys->identity = g_steal_pointer (&id);
      keys->smtp = g_strdup (ms_tb_pref_get (prefs, "mail.identity.", keys->identity, "smtpServer"));
      return TRUE;
    }
  return FALSE;
}

static gboolean
smtp_matches (MsTbPrefs *prefs, const char *key, MsServer *smtp)
{
  const char *host = ms_tb_pref_get (prefs, "mail.smtpserver.", key, "hostname");
  const char *user = ms_tb_pref_get (prefs, "mail.smtpserver.", key, "username");

  return host && g_ascii_strcasecmp (host, ms_server_get_hostname (smtp)) == 0
         && g_strcmp0 (user, ms_server_get_username (smtp)) == 0;
}

static gboolean
smtp_shared (MsTbPrefs *prefs, const char *key, const char *identity)
{
  g_autoptr(GPtrArray) names = ms_tb_prefs_list_names (prefs);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      if (g_str_has_prefix (name, "mail.identity.") && g_str_has_suffix (name, ".smtpServer")
          && g_strcmp0 (ms_tb_prefs_get_string (prefs, name), key) == 0)
        {
          g_autofree char *mine = ms_tb_pref_name ("mail.identity.", identity, "smtpServer");
          if (!g_str_equal (name, mine))
            return TRUE;
        }
    }
  return FALSE;
}

/* The outgoing server to write: the identity's own, an identical one already
 * listed (Thunderbird's wizard reuses those too), or a new one. */
static char *
choose_smtp (MsTbPrefs *prefs, MsTbAccountKeys *keys, MsServer *smtp)
{
  g_auto(GStrv) servers = g_strsplit (or_empty (ms_tb_prefs_get_string (prefs, "mail.smtpservers")), ",", -1);

  if (keys->smtp && *keys->smtp
      && (smtp_matches (prefs, keys->smtp, smtp) || !smtp_shared (prefs, keys->smtp, keys->identity)))
    return g_strdup (keys->smtp);
  for (guint i = 0; servers[i]; i++)
    if (*g_strstrip (servers[i]) && smtp_matches (prefs, servers[i], smtp))
      return g_strdup (servers[i]);
  return new_key (prefs, "mail.smtpserver.", "smtp", "mail.smtpservers",
                  (const char *const[]) { ".smtpServer", ".defaultserver", NULL }, 0);
}

typedef struct {
  MsTbPrefs *prefs;
  const char *section;
  const char *key;
} Scope;

static void
put_string (Scope *s, const char *name, const char *value)
{
  g_autofree char *full = ms_tb_pref_name (s->section, s->key, name);

  if (value && *value)
    ms_tb_prefs_set_string (s->prefs, full, value);
  else
    ms_tb_prefs_remove (s->prefs, full);
}

static void
put_int (Scope *s, const char *name, gint32 value)
{
  g_autofree char *full = ms_tb_pref_name (s->section, s->key, name);

  ms_tb_prefs_set_int (s->prefs, full, value);
}

static void
put_bool (Scope *s, const char *name, gboolean value, gboolean only_if_absent)
{
  g_autofree char *full = ms_tb_pref_name (s->section, s->key, name);

  if (!only_if_absent || !ms_tb_prefs_has (s->prefs, full))
    ms_tb_prefs_set_bool (s->prefs, full, value);
}

static void
write_server (MsTbPrefs *prefs, const char *key, MsAccount *account, MsServer *in)
{
  Scope s = { prefs, "mail.server.", key };
  const char *type = ms_server_get_protocol (in) == MS_PROTOCOL_POP3 ? "pop3" : "imap";
  const char *old_type = ms_tb_pref_get (prefs, "mail.server.", key, "type");
  const char *old_host = ms_tb_pref_get (prefs, "mail.server.", key, "hostname");

  /* The local folder follows type and host; a stale one would mix mailboxes. */
  if ((old_type && !g_str_equal (old_type, type))
      || (old_host && g_ascii_strcasecmp (old_host, ms_server_get_hostname (in)) != 0))
    {
      put_string (&s, "directory", NULL);
      put_string (&s, "directory-rel", NULL);
    }
  put_string (&s, "type", type);
  put_string (&s, "hostname", ms_server_get_hostname (in));
  put_int (&s, "port", (gint32) ms_server_get_port (in));
  put_int (&s, "socketType", ms_tb_socket_type (ms_server_get_security (in)));
  put_int (&s, "authMethod", auth_method (ms_server_get_auth (in)));
  put_string (&s, "userName", ms_server_get_username (in));
  put_string (&s, "name", ms_account_get_address (account));
  /* Without login_at_startup Thunderbird opens no connection when it starts. */
  put_bool (&s, "login_at_startup", TRUE, TRUE);
  put_bool (&s, "check_new_mail", TRUE, TRUE);
  {
    g_autofree char *check_time = ms_tb_pref_name ("mail.server.", key, "check_time");
    if (!ms_tb_prefs_has (prefs, check_time))
      ms_tb_prefs_set_int (prefs, check_time, 10);
  }
  if (g_str_equal (type, "pop3"))
    {
      g_autofree char *days = ms_tb_pref_name ("mail.server.", key, "num_days_to_leave_on_server");
      put_bool (&s, "leave_on_server", TRUE, TRUE);
      put_bool (&s, "delete_mail_left_on_server", TRUE, TRUE);
      put_bool (&s, "delete_by_age_from_server", TRUE, TRUE);
      put_bool (&s, "download_on_biff", TRUE, TRUE);
      if (!ms_tb_prefs_has (prefs, days))
        ms_tb_prefs_set_int (prefs, days, 14);
    }
}

static char *
server_uri (const char *type, const char *user, const char *host)
{
  g_autofree char *u = uri_component (user);
  g_autofree char *h = uri_host (host);

  return g_strdup_printf ("%s://%s@%s", g_str_equal (type, "pop3") ? "mailbox" : "imap", u, h);
}

/* Sent, Drafts and Templates on the server, as the wizard's setFolders()
 * does; a folder the user picked elsewhere is left alone. */
static void
write_folders (MsTbPrefs *prefs, const char *id, const char *old_base, const char *new_base)
{
  static const struct { const char *pref, *mode, *folder; } folders[] = {
    { "fcc_folder", "fcc_folder_picker_mode", "Sent" },
    { "draft_folder", "drafts_folder_picker_mode", "Drafts" },
    { "stationery_folder", "tmpl_folder_picker_mode", "Templates" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *name = ms_tb_pref_name ("mail.identity.", id, folders[i].pref);
      g_autofree char *mode = ms_tb_pref_name ("mail.identity.", id, folders[i].mode);
      const char *current = ms_tb_prefs_get_string (prefs, name);
      g_autofree char *value = g_strconcat (new_base, "/", folders[i].folder, NULL);

      if (current && !(old_base && g_str_has_prefix (current, old_base) && current[strlen (old_base)] == '/'))
        continue;
      ms_tb_prefs_set_string (prefs, name, value);
      if (!ms_tb_prefs_has (prefs, mode))
        ms_tb_prefs_set_string (prefs, mode, "0");
    }
}

static void
write_identity (MsTbPrefs *prefs, MsTbAccountKeys *keys, MsAccount *account, const char *old_base,
                const char *new_base)
{
  Scope s = { prefs, "mail.identity.", keys->identity };
  const char *signature = ms_account_get_signature (account);

  put_string (&s, "fullName", ms_account_get_real_name (account));
  put_string (&s, "useremail", ms_account_get_address (account));
  put_string (&s, "reply_to", ms_account_get_reply_to (account));
  put_string (&s, "organization", ms_account_get_organization (account));
  put_string (&s, "htmlSigText", signature);
  if (signature && *signature)
    put_bool (&s, "htmlSigFormat", FALSE, FALSE);
  put_string (&s, "smtpServer", keys->smtp);
  put_bool (&s, "valid", TRUE, FALSE);
  if (!keys->updated)
    put_int (&s, "reply_on_top", 1);
  write_folders (prefs, keys->identity, old_base, new_base);
}

static void
write_smtp (MsTbPrefs *prefs, const char *key, MsAccount *account, MsServer *out)
{
  Scope s = { prefs, "mail.smtpserver.", key };
  const char *address = ms_account_get_address (account);
  const char *at = strrchr (address, '@');

  put_string (&s, "type", "smtp");
  put_string (&s, "hostname", ms_server_get_hostname (out));
  put_int (&s, "port", (gint32) ms_server_get_port (out));
  put_int (&s, "try_ssl", ms_tb_socket_type (ms_server_get_security (out)));
  put_int (&s, "authMethod", auth_method (ms_server_get_auth (out)));
  put_string (&s, "username", ms_server_get_username (out));
  {
    g_autofree char *description = ms_tb_pref_name ("mail.smtpserver.", key, "description");
    if (!ms_tb_prefs_has (prefs, description))
      put_string (&s, "description", at ? at + 1 : address);
  }
  list_append (prefs, "mail.smtpservers", key);
  if (!or_empty (ms_tb_prefs_get_string (prefs, "mail.smtp.defaultserver"))[0])
    ms_tb_prefs_set_string (prefs, "mail.smtp.defaultserver", key);
}

/* Thunderbird never makes Local Folders (type "none") the default. */
static gboolean
has_default_account (MsTbPrefs *prefs)
{
  const char *def = ms_tb_prefs_get_string (prefs, "mail.accountmanager.defaultaccount");
  const char *server, *type;

  if (def == NULL || *def == '\0'
      || !list_contains (ms_tb_prefs_get_string (prefs, "mail.accountmanager.accounts"), def))
    return FALSE;
  server = ms_tb_pref_get (prefs, "mail.account.", def, "server");
  type = server ? ms_tb_pref_get (prefs, "mail.server.", server, "type") : NULL;
  return type && !g_str_equal (type, "none");
}

gboolean
ms_tb_apply_account (MsTbPrefs *prefs, MsAccount *account, MsTbAccountKeys *keys, GError **error)
{
  MsServer *in = ms_account_get_incoming (account);
  MsServer *out = ms_account_get_outgoing (account);
  const char *address = ms_account_get_address (account);
  g_autofree char *old_base = NULL;
  g_autofree char *new_base = NULL;
  gint32 last_key = 0;
  guint account_n;

  if (address == NULL || *address == '\0' || in == NULL || out == NULL
      || (ms_server_get_protocol (in) != MS_PROTOCOL_IMAP && ms_server_get_protocol (in) != MS_PROTOCOL_POP3)
      || !or_empty (ms_server_get_hostname (in))[0] || !or_empty (ms_server_get_hostname (out))[0])
    {
      g_set_error_literal (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_INVALID,
                           _("The account needs an address, an IMAP or POP3 server and an SMTP server "
                             "before it can be written to Thunderbird."));
      return FALSE;
    }

  memset (keys, 0, sizeof *keys);
  keys->updated = find_account (prefs, address, keys);
  if (keys->updated)
    {
      const char *type = ms_tb_pref_get (prefs, "mail.server.", keys->server, "type");
      const char *user = ms_tb_pref_get (prefs, "mail.server.", keys->server, "userName");
      const char *host = ms_tb_pref_get (prefs, "mail.server.", keys->server, "hostname");
      if (type && user && host)
        old_base = server_uri (type, user, host);
    }
  else
    {
      ms_tb_prefs_get_int (prefs, "mail.account.lastKey", &last_key);
      keys->account = new_key (prefs, "mail.account.", "account", "mail.accountmanager.accounts",
                               (const char *const[]) { ".defaultaccount", NULL }, (guint) MAX (last_key, 0));
      keys->server = new_key (prefs, "mail.server.", "server", NULL, (const char *const[]) { ".server", NULL }, 0);
      keys->identity = new_key (prefs, "mail.identity.", "id", NULL, (const char *const[]) { ".identities", NULL },
                                0);
    }
  {
    char *smtp = choose_smtp (prefs, keys, out);
    g_free (keys->smtp);
    keys->smtp = smtp;
  }
  new_base = server_uri (ms_server_get_protocol (in) == MS_PROTOCOL_POP3 ? "pop3" : "imap",
                         ms_server_get_username (in), ms_server_get_hostname (in));

  write_server (prefs, keys->server, account, in);
  write_smtp (prefs, keys->smtp, account, out);
  write_identity (prefs, keys, account, old_base, new_base);
  {
    Scope s = { prefs, "mail.account.", keys->account };
    put_string (&s, "server", keys->server);
    if (!list_contains (ms_tb_pref_get (prefs, "mail.account.", keys->account, "identities"), keys->identity))
      put_string (&s, "identities", keys->identity);
  }

  keys->is_default = !has_default_account (prefs);
  list_append (prefs, "mail.accountmanager.accounts", keys->account);
  if (keys->is_default)
    ms_tb_prefs_set_string (prefs, "mail.accountmanager.defaultaccount", keys->account);
  else
    keys->is_default = g_strcmp0 (ms_tb_prefs_get_string (prefs, "mail.accountmanager.defaultaccount"),
                                  keys->account) == 0;

  account_n = (guint) g_ascii_strtoull (keys->account + strlen ("account"), NULL, 10);
  ms_tb_prefs_get_int (prefs, "mail.account.lastKey", &last_key);
  if ((gint64) account_n > last_key)
    ms_tb_prefs_set_int (prefs, "mail.account.lastKey", (gint32) account_n);
  return TRUE;
}
