/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gdesktopappinfo.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ms-thunderbird-private.h"

struct _MsThunderbirdClient
{
  GObject parent_instance;
};

#define MS_TYPE_THUNDERBIRD_CLIENT (ms_thunderbird_client_get_type ())
G_DECLARE_FINAL_TYPE (MsThunderbirdClient, ms_thunderbird_client, MS, THUNDERBIRD_CLIENT, GObject)

static void ms_thunderbird_client_iface_init (MsClientInterface *iface);

G_DEFINE_TYPE_WITH_CODE (MsThunderbirdClient, ms_thunderbird_client, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (MS_TYPE_CLIENT, ms_thunderbird_client_iface_init))

typedef struct {
  MsAccount *account;
  MsPinStore *pins;
  gboolean dry_run;
  gboolean store_password;
  char *profile;
  char *password;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_clear_object (&data->account);
  g_clear_object (&data->pins);
  g_free (data->profile);
  if (data->password)
    explicit_bzero (data->password, strlen (data->password));
  g_free (data->password);
  g_free (data);
}

/* One file of the profile: what is there, and what we want there. */
typedef struct {
  char *path;
  char *before;         /* NULL: absent */
  gsize before_len;
  char *after;          /* NULL: unchanged */
  gsize after_len;
  gboolean written;
} ProfileFile;

static void
profile_file_clear (ProfileFile *file)
{
  g_free (file->path);
  g_free (file->before);
  g_free (file->after);
}

static gboolean
profile_file_load (ProfileFile *file, const char *dir, const char *name, gboolean exists, GError **error)
{
  file->path = g_build_filename (dir, name, NULL);
  return !exists || ms_tb_read_file (file->path, &file->before, &file->before_len, error);
}

static gboolean
profile_file_changed (ProfileFile *file)
{
  return file->after && (file->before == NULL || file->after_len != file->before_len
                         || memcmp (file->after, file->before, file->after_len) != 0);
}

/* Puts back what was there before, if something later failed. */
static void
profile_file_restore (ProfileFile *file)
{
  if (!file->written)
    return;
  if (file->before)
    ms_tb_write_atomic (file->path, file->before, file->before_len, NULL);
  else
    g_unlink (file->path);
}

/* Accepted certificates for the account's servers, keyed by the host name
 * as the account spells it (Thunderbird's lookup key). */
static GPtrArray *
account_pins (MsPinStore *store, MsAccount *account)
{
  GPtrArray *pins = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_pin_free);
  g_autoptr(GPtrArray) all = store ? ms_pin_store_list (store) : NULL;
  MsServer *servers[] = { ms_account_get_incoming (account), ms_account_get_outgoing (account) };

  for (guint s = 0; s < G_N_ELEMENTS (servers) && all; s++)
    for (guint i = 0; i < all->len; i++)
      {
        MsPin *pin = all->pdata[i];
        MsPin *copy;
        if (pin->port != ms_server_get_port (servers[s])
            || g_ascii_strcasecmp (pin->host, ms_server_get_hostname (servers[s])) != 0)
          continue;
        copy = g_new0 (MsPin, 1);
        copy->host = g_strdup (ms_server_get_hostname (servers[s]));
        copy->port = pin->port;
        copy->sha256 = g_strdup (pin->sha256);
        copy->der = pin->der ? g_bytes_ref (pin->der) : NULL;
        g_ptr_array_add (pins, copy);
      }
  return pins;
}

static GPtrArray *
account_logins (MsAccount *account)
{
  GPtrArray *logins = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_tb_login_free);
  MsServer *servers[] = { ms_account_get_incoming (account), ms_account_get_outgoing (account) };

  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      MsTbLogin *login = g_new0 (MsTbLogin, 1);
      login->origin = ms_tb_login_origin (servers[i]);
      login->username = g_strdup (ms_server_get_username (servers[i]));
      g_ptr_array_add (logins, login);
    }
  return logins;
}

static void
fill_password (MsClientReport *report, WriteData *data, const char *profile_dir, ProfileFile *logins)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  if (!data->store_password || data->password == NULL || *data->password == '\0')
    {
      report->password_note = g_strdup (_("The password was not saved, as you chose: Thunderbird will ask "
                                          "for it when it first connects."));
      return;
    }
  if (data->dry_run)
    {
      report->password_note = g_strdup (_("Dry run: the password would be saved in Thunderbird’s own "
                                          "password store, encrypted."));
      return;
    }
  entries = account_logins (data->account);
  logins->after = ms_tb_logins_update (profile_dir, logins->before, entries, data->password, &error);
  if (logins->after == NULL)
    {
      /* Not fatal: the account works, Thunderbird asks once. */
      report->password_note = g_strdup (error->message);
      return;
    }
  logins->after_len = strlen (logins->after);
  report->password_stored = TRUE;
}

/* fcntl locks belong to the process: two writes from this process would
 * both get .parentlock, so they take turns here. */
static GMutex write_lock;

static void write_locked (GTask *task, WriteData *data);

static void
write_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  g_mutex_lock (&write_lock);
  write_locked (task, task_data);
  g_mutex_unlock (&write_lock);
}

static void
write_locked (GTask *task, WriteData *data)
{
  g_autoptr(MsClientReport) report = ms_client_report_new ("thunderbird");
  g_autoptr(MsThunderbirdProfile) profile = NULL;
  g_autoptr(MsTbPrefs) prefs = NULL;
  g_autoptr(GPtrArray) pins = NULL;
  g_autoptr(GError) error = NULL;
  ProfileFile files[3] = { { 0 } };
  ProfileFile *prefs_file = &files[2], *certs = &files[1], *logins = &files[0];
  MsTbAccountKeys keys = { 0 };
  gboolean create = FALSE, ok = FALSE, lock_created = FALSE;
  int lock_fd = -1;

  profile = ms_tb_resolve_profile (data->profile, &create, &error);
  if (profile == NULL)
    goto out;
  if (create && !data->dry_run)
    {
      g_autofree char *root = g_path_get_dirname (profile->path);
      if (!ms_tb_create_profile (profile, &error))
        goto out;
      g_ptr_array_add (report->written, g_build_filename (root, "profiles.ini", NULL));
      g_ptr_array_add (report->written, g_build_filename (root, "installs.ini", NULL));
      g_ptr_array_add (report->written, g_build_filename (profile->path, "compatibility.ini", NULL));
    }
  if (data->dry_run)
    {
      if (!create && !ms_tb_check_profile_free (profile->path, &error))
        goto out;
    }
  else if ((lock_fd = ms_tb_lock_profile (profile->path, &lock_created, &error)) < 0)
    goto out;

  if (!profile_file_load (prefs_file, profile->path, "prefs.js", TRUE, &error)
      || !profile_file_load (certs, profile->path, "cert_override.txt", TRUE, &error)
      || !profile_file_load (logins, profile->path, "logins.json", TRUE, &error))
    goto out;

  prefs = prefs_file->before ? ms_tb_prefs_parse (prefs_file->before, prefs_file->before_len, &error)
                             : ms_tb_prefs_new ();
  if (prefs == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("%s Nothing was changed in %s."), error->message,
                                                  prefs_file->path);
      g_clear_error (&error);
      g_set_error_literal (&error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT, message);
      goto out;
    }
  if (!ms_tb_apply_account (prefs, data->account, &keys, &error))
    goto out;
  if (prefs_file->before == NULL)
    {
      /* Thunderbird starts its own prefs.js with this line. */
      g_autofree char *body = ms_tb_prefs_serialize (prefs, NULL);
      prefs_file->after = g_strconcat ("// Mozilla User Preferences\n\n", body, NULL);
    }
  else
    prefs_file->after = ms_tb_prefs_serialize (prefs, NULL);
  prefs_file->after_len = strlen (prefs_file->after);

  pins = account_pins (data->pins, data->account);
  if (pins->len > 0)
    {
      certs->after = ms_tb_cert_override_merge (certs->before, pins);
      certs->after_len = strlen (certs->after);
    }

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    goto out;
  fill_password (report, data, profile->path, logins);

  if (data->dry_run)
    {
      GString *diff = g_string_new (NULL);
      if (create)
        {
          g_autofree char *root = g_path_get_dirname (profile->path);
          g_string_append_printf (diff, "# new profile %s, listed in %s/profiles.ini and installs.ini\n",
                                  profile->path, root);
        }
      for (guint i = G_N_ELEMENTS (files); i-- > 0;)
        if (profile_file_changed (&files[i]) && &files[i] != logins)
          ms_tb_diff_append (diff, files[i].path, files[i].before, files[i].after);
      if (data->store_password && data->password && *data->password)
        {
          /* Encrypted entries cannot be shown before key4.db makes them. */
          g_autoptr(GPtrArray) entries = account_logins (data->account);
          g_string_append_printf (diff, "# %s/logins.json: encrypted password entries for", profile->path);
          for (guint i = 0; i < entries->len; i++)
            g_string_append_printf (diff, " %s", ((MsTbLogin *) entries->pdata[i])->origin);
          g_string_append_c (diff, '\n');
        }
      report->diff = g_string_free (diff, FALSE);
      ok = TRUE;
      goto out;
    }

  /* Every file we replace is copied first; the report names prefs.js's copy,
   * the one that holds the user's settings. */
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *backup = NULL;
      if (files[i].before == NULL || !profile_file_changed (&files[i]))
        continue;
      backup = ms_tb_backup_file (files[i].path, files[i].before, files[i].before_len, &error);
      if (backup == NULL)
        goto out;
      if (&files[i] == prefs_file)
        report->backup = g_steal_pointer (&backup);
    }
  /* prefs.js last: until it is in place Thunderbird has no account to use
   * the other files with. */
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      if (!profile_file_changed (&files[i]))
        continue;
      if (!ms_tb_write_atomic (files[i].path, files[i].after, files[i].after_len, &error))
        {
          for (guint j = 0; j < i; j++)
            profile_file_restore (&files[j]);
          goto out;
        }
      files[i].written = TRUE;
      g_ptr_array_add (report->written, g_strdup (files[i].path));
    }
  ok = TRUE;

out:
  /* Unlocked before the caller hears back: it may start Thunderbird next. */
  if (lock_fd >= 0)
    ms_tb_unlock_profile (profile->path, lock_fd, lock_created);
  if (ok)
    {
      const char *address = ms_account_get_address (data->account);
      report->summary = keys.updated
        ? g_strdup_printf (data->dry_run ? _("The account %s would be updated in the Thunderbird profile “%s”.")
                                         : _("Updated the account %s in the Thunderbird profile “%s”."),
                           address, profile->name)
        : g_strdup_printf (data->dry_run ? _("The account %s would be added to the Thunderbird profile “%s”.")
                                         : _("Added the account %s to the Thunderbird profile “%s”."),
                           address, profile->name);
      g_task_return_pointer (task, g_steal_pointer (&report), (GDestroyNotify) ms_client_report_free);
    }
  else
    g_task_return_error (task, g_steal_pointer (&error));
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    profile_file_clear (&files[i]);
  ms_tb_account_keys_clear (&keys);
}

static void
ms_thunderbird_write_async (MsClient *client, MsAccount *account, MsPinStore *pins, const MsClientOptions *options,
                            GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (client, cancellable, callback, user_data);
  WriteData *data = g_new0 (WriteData, 1);

  data->account = g_object_ref (account);
  data->pins = pins ? g_object_ref (pins) : NULL;
  data->dry_run = options ? options->dry_run : FALSE;
  data->store_password = options ? options->store_password : TRUE;
  data->profile = g_strdup (options ? options->profile : NULL);
  /* Copied now: the worker must not race the page editing the account. */
  data->password = g_strdup (ms_account_get_password (account));
  g_task_set_source_tag (task, ms_thunderbird_write_async);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

static MsClientReport *
ms_thunderbird_write_finish (MsClient *client, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
ms_thunderbird_get_id (MsClient *client)
{
  return "thunderbird";
}

static const char *
ms_thunderbird_get_display_name (MsClient *client)
{
  return "Thunderbird";
}

static gboolean
ms_thunderbird_is_installed (MsClient *client)
{
  g_autofree char *binary = g_find_program_in_path ("thunderbird");
  g_autofree char *root = NULL;
  g_autofree char *ini = NULL;

  if (binary)
    return TRUE;
  root = ms_tb_profiles_root ();
  ini = g_build_filename (root, "profiles.ini", NULL);
  return g_file_test (ini, G_FILE_TEST_IS_REGULAR);
}

static GAppInfo *
ms_thunderbird_get_app_info (MsClient *client)
{
  GDesktopAppInfo *desktop = g_desktop_app_info_new ("thunderbird.desktop");
  g_autofree char *binary = NULL;

  if (desktop)
    return G_APP_INFO (desktop);
  binary = g_find_program_in_path ("thunderbird");
  if (binary == NULL)
    return NULL;
  return g_app_info_create_from_commandline (binary, "Thunderbird", G_APP_INFO_CREATE_NONE, NULL);
}

static void
ms_thunderbird_client_iface_init (MsClientInterface *iface)
{
  iface->get_id = ms_thunderbird_get_id;
  iface->get_display_name = ms_thunderbird_get_display_name;
  iface->is_installed = ms_thunderbird_is_installed;
  iface->get_app_info = ms_thunderbird_get_app_info;
  iface->write_async = ms_thunderbird_write_async;
  iface->write_finish = ms_thunderbird_write_finish;
}

static void
ms_thunderbird_client_class_init (MsThunderbirdClientClass *klass)
{
}

static void
ms_thunderbird_client_init (MsThunderbirdClient *self)
{
}

MsClient *
ms_thunderbird_client_new (void)
{
  return g_object_new (MS_TYPE_THUNDERBIRD_CLIENT, NULL);
}
