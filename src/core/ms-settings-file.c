/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-file.h"
#include "ms-settings-file.h"

G_DEFINE_QUARK (ms-settings-file-error-quark, ms_settings_file_error)

void
ms_settings_file_free (MsSettingsFile *s)
{
  if (s == NULL)
    return;
  g_free (s->provider);
  g_free (s->name);
  g_free (s->address);
  g_free (s->username);
  g_free (s->reply_to);
  g_free (s->organization);
  g_free (s->signature);
  g_free (s->password_env);
  g_free (s->incoming);
  g_free (s->outgoing);
  g_strfreev (s->clients);
  g_free (s->thunderbird_profile);
  g_free (s->ca_file);
  g_strfreev (s->accept);
  g_free (s);
}

/* A key that is there must hold text; GKeyFile already checked UTF-8. */
static gboolean
get_string (GKeyFile *kf, const char *group, const char *key, char **out, const char *origin, GError **error)
{
  g_autoptr(GError) local = NULL;

  if (!g_key_file_has_key (kf, group, key, NULL))
    return TRUE;
  *out = g_key_file_get_string (kf, group, key, &local);
  if (*out != NULL)
    return TRUE;
  /* TRANSLATORS: file name, [group], key, reason. */
  g_set_error (error, MS_SETTINGS_FILE_ERROR, MS_SETTINGS_FILE_ERROR_VALUE, _("%s: [%s] %s: %s"), origin, group, key,
               local->message);
  return FALSE;
}

static gboolean
get_list (GKeyFile *kf, const char *group, const char *key, GStrv *out, const char *origin, GError **error)
{
  g_autoptr(GError) local = NULL;

  if (!g_key_file_has_key (kf, group, key, NULL))
    return TRUE;
  *out = g_key_file_get_string_list (kf, group, key, NULL, &local);
  if (*out != NULL)
    return TRUE;
  g_set_error (error, MS_SETTINGS_FILE_ERROR, MS_SETTINGS_FILE_ERROR_VALUE, _("%s: [%s] %s: %s"), origin, group, key,
               local->message);
  return FALSE;
}

MsSettingsFile *
ms_settings_file_parse (const char *data, gsize length, const char *origin, GError **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(MsSettingsFile) s = g_new0 (MsSettingsFile, 1);
  g_autoptr(GError) local = NULL;
  static const struct { const char *group, *key; gsize offset; } strings[] = {
    { "account", "provider", G_STRUCT_OFFSET (MsSettingsFile, provider) },
    { "account", "name", G_STRUCT_OFFSET (MsSettingsFile, name) },
    { "account", "address", G_STRUCT_OFFSET (MsSettingsFile, address) },
    { "account", "username", G_STRUCT_OFFSET (MsSettingsFile, username) },
    { "account", "reply-to", G_STRUCT_OFFSET (MsSettingsFile, reply_to) },
    { "account", "organization", G_STRUCT_OFFSET (MsSettingsFile, organization) },
    { "account", "signature", G_STRUCT_OFFSET (MsSettingsFile, signature) },
    { "account", "password-env", G_STRUCT_OFFSET (MsSettingsFile, password_env) },
    { "servers", "incoming", G_STRUCT_OFFSET (MsSettingsFile, incoming) },
    { "servers", "outgoing", G_STRUCT_OFFSET (MsSettingsFile, outgoing) },
    { "clients", "thunderbird-profile", G_STRUCT_OFFSET (MsSettingsFile, thunderbird_profile) },
    { "certificates", "ca-file", G_STRUCT_OFFSET (MsSettingsFile, ca_file) },
  };

  s->remember_password = -1;
  if (!g_key_file_load_from_data (kf, data, length, G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, MS_SETTINGS_FILE_ERROR, MS_SETTINGS_FILE_ERROR_SYNTAX, "%s: %s", origin, local->message);
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    if (!get_string (kf, strings[i].group, strings[i].key, G_STRUCT_MEMBER_P (s, strings[i].offset), origin, error))
      return NULL;
  if (!get_list (kf, "clients", "write", &s->clients, origin, error) ||
      !get_list (kf, "certificates", "accept", &s->accept, origin, error))
    return NULL;
  if (g_key_file_has_key (kf, "account", "remember-password", NULL))
    {
      gboolean value = g_key_file_get_boolean (kf, "account", "remember-password", &local);

      if (local != NULL)
        {
          g_set_error (error, MS_SETTINGS_FILE_ERROR, MS_SETTINGS_FILE_ERROR_VALUE, _("%s: [%s] %s: %s"), origin,
                       "account", "remember-password", local->message);
          return NULL;
        }
      s->remember_password = value;
    }
  return g_steal_pointer (&s);
}

MsSettingsFile *
ms_settings_file_load (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GError) local = NULL;
  gsize length;

  if (!ms_file_read_bounded (path, MS_FILE_MAX_SETTINGS, &data, &length, &local))
    {
      g_set_error_literal (error, MS_SETTINGS_FILE_ERROR, MS_SETTINGS_FILE_ERROR_READ, local->message);
      return NULL;
    }
  return ms_settings_file_parse (data, length, display, error);
}
