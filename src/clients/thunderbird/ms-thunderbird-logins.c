/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "core/ms-file.h"
#include "ms-thunderbird-nss.h"
#include "ms-thunderbird-private.h"

/* logins.json as toolkit/components/passwordmgr (LoginStore.sys.mjs,
 * storage-json.sys.mjs) keeps it; Thunderbird looks incoming passwords up
 * by origin = httpRealm = "<localStoreType>://<host>" and the user name
 * (MsgIncomingServer._getPasswordWithoutUI), outgoing ones by
 * "smtp://<host>" (SmtpServer.sys.mjs). */

#define ENCTYPE_SDR 1

void
ms_tb_login_free (MsTbLogin *login)
{
  if (login == NULL)
    return;
  g_free (login->origin);
  g_free (login->username);
  g_free (login);
}

static JsonObject *
new_store (void)
{
  JsonObject *root = json_object_new ();

  json_object_set_int_member (root, "nextId", 1);
  json_object_set_array_member (root, "logins", json_array_new ());
  json_object_set_array_member (root, "potentiallyVulnerablePasswords", json_array_new ());
  json_object_set_object_member (root, "dismissedBreachAlertsByLoginGUID", json_object_new ());
  json_object_set_int_member (root, "version", 3);
  return root;
}

static JsonObject *
parse_store (const char *old_json, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  JsonNode *root;

  if (old_json == NULL || *old_json == '\0')
    return new_store ();
  if (!json_parser_load_from_data (parser, old_json, -1, &local)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || !json_object_has_member (json_node_get_object (root), "logins")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "logins")))
    {
      g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_PASSWORD_STORE,
                   _("Thunderbird’s saved passwords (logins.json) cannot be read, so they were left as they "
                     "are. Thunderbird will ask for the password once."));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* The entry Thunderbird would find for @login, decrypting user names. */
static JsonObject *
find_entry (MsTbNss *nss, JsonArray *logins, MsTbLogin *login)
{
  for (guint i = 0; i < json_array_get_length (logins); i++)
    {
      JsonObject *entry = json_array_get_object_element (logins, i);
      const char *user_b64;
      g_autofree char *user = NULL;

      if (entry == NULL || g_strcmp0 (json_object_get_string_member_with_default (entry, "hostname", ""),
                                      login->origin) != 0
          || g_strcmp0 (json_object_get_string_member_with_default (entry, "httpRealm", ""), login->origin) != 0)
        continue;
      user_b64 = json_object_get_string_member_with_default (entry, "encryptedUsername", "");
      user = ms_tb_nss_decrypt (nss, user_b64);
      if (g_strcmp0 (user, login->username) == 0)
        return entry;
    }
  return NULL;
}

static gint64
highest_id (JsonArray *logins)
{
  gint64 highest = 0;

  for (guint i = 0; i < json_array_get_length (logins); i++)
    {
      JsonObject *entry = json_array_get_object_element (logins, i);
      if (entry)
        highest = MAX (highest, json_object_get_int_member_with_default (entry, "id", 0));
    }
  return highest;
}

static char *
new_guid (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("{%s}", uuid);
}

char *
ms_tb_logins_update (const char *key_dir, const char *old_json, GPtrArray *logins, const char *password,
                     GError **error)
{
  g_autoptr(JsonObject) root = parse_store (old_json, error);
  g_autoptr(MsTbNss) nss = NULL;
  g_autofree char *enc_password = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *entries;
  gint64 now = g_get_real_time () / 1000, next_id;

  if (root == NULL)
    return NULL;
  nss = ms_tb_nss_open (key_dir, error);
  if (nss == NULL)
    return NULL;
  enc_password = ms_tb_nss_encrypt (nss, password, error);
  if (enc_password == NULL)
    return NULL;

  entries = json_object_get_array_member (root, "logins");
  next_id = MAX (json_object_get_int_member_with_default (root, "nextId", 1), highest_id (entries) + 1);
  for (guint i = 0; i < logins->len; i++)
    {
      MsTbLogin *login = logins->pdata[i];
      JsonObject *entry = find_entry (nss, entries, login);
      g_autofree char *enc_user = NULL;
      g_autofree char *guid = NULL;

      if (entry)
        {
          /* Same origin and user: a new password replaces the old one. */
          json_object_set_string_member (entry, "encryptedPassword", enc_password);
          json_object_set_int_member (entry, "encType", ENCTYPE_SDR);
          json_object_set_int_member (entry, "timePasswordChanged", now);
          continue;
        }
      enc_user = ms_tb_nss_encrypt (nss, login->username, error);
      if (enc_user == NULL)
        return NULL;
      guid = new_guid ();
      entry = json_object_new ();
      json_object_set_int_member (entry, "id", next_id++);
      json_object_set_string_member (entry, "hostname", login->origin);
      json_object_set_string_member (entry, "httpRealm", login->origin);
      json_object_set_null_member (entry, "formSubmitURL");
      json_object_set_string_member (entry, "usernameField", "");
      json_object_set_string_member (entry, "passwordField", "");
      json_object_set_string_member (entry, "encryptedUsername", enc_user);
      json_object_set_string_member (entry, "encryptedPassword", enc_password);
      json_object_set_string_member (entry, "guid", guid);
      json_object_set_int_member (entry, "encType", ENCTYPE_SDR);
      json_object_set_int_member (entry, "timeCreated", now);
      json_object_set_int_member (entry, "timeLastUsed", now);
      json_object_set_int_member (entry, "timePasswordChanged", now);
      json_object_set_int_member (entry, "timesUsed", 1);
      json_array_add_object_element (entries, entry);
    }
  json_object_set_int_member (root, "nextId", next_id);

  node = json_node_init_object (json_node_alloc (), root);
  return json_to_string (node, FALSE);
}

void
ms_tb_remove_work_dir (const char *work)
{
  g_autoptr(GDir) dir = g_dir_open (work, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (work, name, NULL);
      g_unlink (path);
    }
  g_rmdir (work);
}

/* Its cert9.db and pkcs11.txt stay behind in the private copy: Thunderbird
 * makes its own. */
gboolean
ms_tb_plan_logins (MsFileSet *set, const char *profile_dir, GPtrArray *logins, const char *password,
                   GError **error)
{
  g_autofree char *logins_path = g_build_filename (profile_dir, "logins.json", NULL);
  g_autofree char *key_path = g_build_filename (profile_dir, "key4.db", NULL);
  g_autofree char *work = NULL;
  g_autofree char *work_key = NULL;
  g_autofree char *new_key = NULL;
  g_autofree char *json = NULL;
  const char *old_key;
  gsize key_len = 0, new_len = 0;

  if (!ms_file_set_load (set, logins_path, MS_FILE_MAX_CLIENT, error) ||
      !ms_file_set_load (set, key_path, MS_FILE_MAX_CLIENT, error) ||
      (work = g_dir_make_tmp ("mail-setup-nss-XXXXXX", error)) == NULL)
    return FALSE;
  work_key = g_build_filename (work, "key4.db", NULL);
  old_key = ms_file_set_get_before (set, key_path, &key_len);
  if (old_key == NULL ||
      g_file_set_contents_full (work_key, old_key, (gssize) key_len, G_FILE_SET_CONTENTS_NONE, 0600, error))
    json = ms_tb_logins_update (work, ms_file_set_get_before (set, logins_path, NULL), logins, password, error);
  if (json && g_file_get_contents (work_key, &new_key, &new_len, NULL))
    {
      ms_file_set_replace (set, key_path, new_key, (gssize) new_len, 0600);
      ms_file_set_set_opaque (set, key_path, _("the key Thunderbird encrypts saved passwords with"));
    }
  ms_tb_remove_work_dir (work);
  if (json == NULL)
    return FALSE;
  ms_file_set_replace (set, logins_path, json, -1, 0600);
  ms_file_set_set_opaque (set, logins_path, _("saved passwords, encrypted"));
  return TRUE;
}
