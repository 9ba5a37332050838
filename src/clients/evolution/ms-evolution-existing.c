/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/ms-file.h"
#include "ms-evolution-private.h"
#include "ms-evolution.h"

/* The mail accounts Evolution already has, read from the .source files
 * the registry loads: a stand-alone account source (its incoming server),
 * its identity (the address, and the transport's UID) and the transport
 * (its outgoing server).  EDS keeps a Camel store's host, port and user in
 * [Authentication] and its TLS mode in [Security] (ESourceCamel maps
 * CamelNetworkSettings onto those extensions), so that is where both the
 * reader and the repair look. */

static MsSecurity
security_from_method (const char *method)
{
  if (g_strcmp0 (method, "ssl-on-alternate-port") == 0)
    return MS_SECURITY_SSL;
  if (g_strcmp0 (method, "starttls-on-standard-port") == 0)
    return MS_SECURITY_STARTTLS;
  return MS_SECURITY_NONE;
}

static char *
source_path_in (const char *sources_dir, const char *uid)
{
  g_autofree char *name = g_strconcat (uid, ".source", NULL);

  return g_build_filename (sources_dir, name, NULL);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static GKeyFile *
load_uid (const char *sources_dir, const char *uid)
{
  g_autofree char *path = NULL;

  /* A UID is a file name: never let one climb out of the folder. */
  if (uid == NULL || *uid == '\0' || strchr (uid, '/') || uid[0] == '.')
    return NULL;
  path = source_path_in (sources_dir, uid);
  return ms_evo_load_source_file (path);
}

static MsEndpoint *
server_of (GKeyFile *kf, MsProtocol protocol)
{
  g_autofree char *host = g_key_file_get_string (kf, "Authentication", "Host", NULL);
  g_autofree char *method = g_key_file_get_string (kf, "Security", "Method", NULL);
  MsSecurity security = security_from_method (method);
  gint64 port = g_key_file_get_int64 (kf, "Authentication", "Port", NULL);
  guint fallback;
  MsEndpoint *e;

  if (host == NULL || *g_strstrip (host) == '\0')
    return NULL;
  switch (protocol)
    {
    case MS_PROTOCOL_IMAP: fallback = security == MS_SECURITY_SSL ? 993 : 143; break;
    case MS_PROTOCOL_POP3: fallback = security == MS_SECURITY_SSL ? 995 : 110; break;
    default: fallback = security == MS_SECURITY_SSL ? 465 : 25; break;
    }
  /* Camel uses the protocol's port when none (or 0) is set. */
  e = ms_endpoint_new (protocol, host, port > 0 && port <= 65535 ? (guint) port : fallback, security);
  g_free (e->username);
  e->username = g_key_file_get_string (kf, "Authentication", "User", NULL);
  return e;
}

static MsExistingAccount *
read_account (const char *sources_dir, const char *uid, GKeyFile *kf)
{
  g_autofree char *backend = g_key_file_get_string (kf, "Mail Account", "BackendName", NULL);
  g_autofree char *parent = g_key_file_get_string (kf, "Data Source", "Parent", NULL);
  g_autofree char *identity_uid = g_key_file_get_string (kf, "Mail Account", "IdentityUid", NULL);
  g_autoptr(GKeyFile) identity = NULL;
  g_autoptr(MsExistingAccount) e = NULL;
  MsProtocol protocol;

  /* Collections (GNOME Online Accounts, Exchange…) belong to their own
   * backends: never repaired here. */
  if (parent && *parent)
    return NULL;
  if (g_strcmp0 (backend, "imapx") == 0)
    protocol = MS_PROTOCOL_IMAP;
  else if (g_strcmp0 (backend, "pop") == 0)
    protocol = MS_PROTOCOL_POP3;
  else
    return NULL;
  e = ms_existing_account_new ("evolution");
  e->incoming = server_of (kf, protocol);
  if (e->incoming == NULL)
    return NULL;
  e->location = g_strdup (_("Evolution"));
  e->dir = g_strdup (sources_dir);
  e->account_key = g_strdup (uid);
  e->incoming_key = g_strdup (uid);
  e->display_name = g_key_file_get_string (kf, "Data Source", "DisplayName", NULL);
  identity = load_uid (sources_dir, identity_uid);
  if (identity && g_key_file_has_group (identity, "Mail Identity"))
    {
      g_autofree char *transport_uid = g_key_file_get_string (identity, "Mail Submission", "TransportUid", NULL);
      g_autoptr(GKeyFile) transport = load_uid (sources_dir, transport_uid);

      e->identity_key = g_steal_pointer (&identity_uid);
      e->address = g_key_file_get_string (identity, "Mail Identity", "Address", NULL);
      if (transport && g_key_file_has_group (transport, "Mail Transport"))
        {
          e->outgoing = server_of (transport, MS_PROTOCOL_SMTP);
          if (e->outgoing)
            e->outgoing_key = g_steal_pointer (&transport_uid);
        }
    }
  return g_steal_pointer (&e);
}

GPtrArray *
ms_evolution_read_accounts (const char *sources_dir, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GDir) dir = g_dir_open (sources_dir, 0, &local);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_existing_account_free);
  const char *name;

  if (dir == NULL)
    {
      /* No folder: Evolution was never set up, so it has no account. */
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return out;
      g_ptr_array_unref (out);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.' && g_str_has_suffix (name, ".source"))
      g_ptr_array_add (names, g_strndup (name, strlen (name) - strlen (".source")));
  /* The same order every time, whatever the file system returns. */
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GKeyFile) kf = load_uid (sources_dir, names->pdata[i]);
      MsExistingAccount *e;

      /* An unreadable file is skipped, as the registry skips it. */
      if (kf == NULL || !g_key_file_has_group (kf, "Mail Account"))
        continue;
      e = read_account (sources_dir, names->pdata[i], kf);
      if (e)
        g_ptr_array_add (out, e);
    }
  return out;
}

static GKeyFile *
load_planned (MsFileSet *set, const char *path, const char *group, GError **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  const char *text;
  gsize length = 0;

  if (!ms_file_set_load (set, path, MS_FILE_MAX_SETTINGS, error))
    return NULL;
  text = ms_file_set_get_before (set, path, &length);
  if (text == NULL ||
      !g_key_file_load_from_data (kf, text, length, G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, NULL) ||
      !g_key_file_has_group (kf, group))
    {
      g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT,
                   /* TRANSLATORS: the path of an Evolution settings file. */
                   _("The Evolution account in “%s” is no longer there as it was read: check it again."), path);
      return NULL;
    }
  return g_steal_pointer (&kf);
}

static gboolean
plan_source (MsFileSet *set, const char *sources_dir, const char *uid, const char *group, const MsEndpoint *e,
             GError **error)
{
  g_autofree char *path = source_path_in (sources_dir, uid);
  g_autoptr(GKeyFile) kf = load_planned (set, path, group, error);
  g_autofree char *port = NULL;
  g_autofree char *text = NULL;
  gsize length;

  if (kf == NULL)
    return FALSE;
  port = g_strdup_printf ("%u", e->port);
  /* Only what the fix is about: every other key, group and comment, and
   * the file's name (the UID), stay as Evolution wrote them. */
  g_key_file_set_value (kf, "Authentication", "Port", port);
  g_key_file_set_string (kf, "Security", "Method", ms_evo_security_method (e->security));
  if (e->username)
    g_key_file_set_string (kf, "Authentication", "User", e->username);
  text = g_key_file_to_data (kf, &length, NULL);
  ms_file_set_replace (set, path, text, (gssize) length, 0600);
  return TRUE;
}

gboolean
ms_evolution_plan_repair (MsFileSet *set, const MsExistingAccount *account, const MsEndpoint *incoming,
                          const MsEndpoint *outgoing, GError **error)
{
  if (incoming && !plan_source (set, account->dir, account->incoming_key, "Mail Account", incoming, error))
    return FALSE;
  if (outgoing && account->outgoing_key == NULL)
    {
      g_set_error_literal (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT,
                           _("This Evolution account has no outgoing server to repair."));
      return FALSE;
    }
  return outgoing == NULL || plan_source (set, account->dir, account->outgoing_key, "Mail Transport", outgoing, error);
}
