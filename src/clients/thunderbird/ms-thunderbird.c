/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gdesktopappinfo.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "core/ms-file.h"
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
  gboolean oauth2;          /* Thunderbird signs in; no password to save */
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
plan_password (MsClientReport *report, WriteData *data, MsFileSet *set, const char *profile_dir)
{
  g_autoptr(GPtrArray) logins = account_logins (data->account);
  g_autoptr(GError) error = NULL;

  if (data->oauth2)
    {
      report->password_note = g_strdup (_("No password is saved: this provider signs in through its own page, "
                                          "which Thunderbird opens when it first connects."));
      return;
    }
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
  if (!ms_tb_plan_logins (set, profile_dir, logins, data->password, &error))
    {
      /* Not fatal: the account works, Thunderbird asks once. */
      report->password_note = g_strdup (error->message);
      return;
    }
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

static gboolean
plan_prefs (MsFileSet *set, const char *path, MsAccount *account, MsTbAccountKeys *keys, GError **error)
{
  g_autoptr(MsTbPrefs) prefs = NULL;
  g_autofree char *body = NULL;
  gsize length;
  const char *before;

  if (!ms_file_set_load (set, path, MS_FILE_MAX_CLIENT, error))
    return FALSE;
  before = ms_file_set_get_before (set, path, &length);
  prefs = before ? ms_tb_prefs_parse (before, length, error) : ms_tb_prefs_new ();
  if (prefs == NULL)
    {
      /* TRANSLATORS: a sentence saying what is wrong, e.g. “The preferences file contains a NUL byte at line
       * 12.”, then the file's path, e.g. “/home/ana/.thunderbird/ab12cd34.default-release/prefs.js”. */
      g_autofree char *message = g_strdup_printf (_("%s Nothing was changed in %s."), (*error)->message, path);

      g_clear_error (error);
      g_set_error_literal (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT, message);
      return FALSE;
    }
  if (!ms_tb_apply_account (prefs, account, keys, error))
    return FALSE;
  body = ms_tb_prefs_serialize (prefs, NULL);
  if (before == NULL)
    {
      /* Thunderbird starts its own prefs.js with this line. */
      g_autofree char *text = g_strconcat ("// Mozilla User Preferences\n\n", body, NULL);
      ms_file_set_replace (set, path, text, -1, 0600);
    }
  else
    ms_file_set_replace (set, path, body, -1, 0600);
  return TRUE;
}

static gboolean
plan_certificates (MsFileSet *set, const char *path, WriteData *data, GError **error)
{
  g_autoptr(GPtrArray) pins = account_pins (data->pins, data->account);
  g_autofree char *text = NULL;

  if (pins->len == 0)
    return TRUE;
  if (!ms_file_set_load (set, path, MS_FILE_MAX_CLIENT, error))
    return FALSE;
  text = ms_tb_cert_override_merge (ms_file_set_get_before (set, path, NULL), pins);
  ms_file_set_replace (set, path, text, -1, 0600);
  return TRUE;
}

static void
set_client_error (GError **error)
{
  /* The file set's own messages already say what happened and that
   * nothing changed; the code is what the front ends act on. */
  if (error && *error && (*error)->domain == MS_FILE_SET_ERROR)
    {
      int code = (*error)->code == MS_FILE_SET_ERROR_READ ? MS_CLIENT_ERROR_CORRUPT : MS_CLIENT_ERROR_IO;
      (*error)->domain = MS_CLIENT_ERROR;
      (*error)->code = code;
    }
}

static void
write_locked (GTask *task, WriteData *data)
{
  g_autoptr(MsClientReport) report = ms_client_report_new ("thunderbird");
  g_autoptr(MsThunderbirdProfile) profile = NULL;
  g_autoptr(MsFileSet) set = ms_file_set_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *prefs_path = NULL, *certs_path = NULL;
  MsTbAccountKeys keys = { 0 };
  gboolean create = FALSE, ok = FALSE, lock_created = FALSE;
  int lock_fd = -1;

  profile = ms_tb_resolve_profile (data->profile, &create, &error);
  if (profile == NULL)
    goto out;
  /* A new profile has a new random name: nothing can hold it.  A dry run
   * takes no lock; the session lists a running Thunderbird as a blocker. */
  if (!create && !data->dry_run && (lock_fd = ms_tb_lock_profile (profile->path, &lock_created, &error)) < 0)
    goto out;

  prefs_path = g_build_filename (profile->path, "prefs.js", NULL);
  certs_path = g_build_filename (profile->path, "cert_override.txt", NULL);
  plan_password (report, data, set, profile->path);
  if (!plan_certificates (set, certs_path, data, &error) ||
      !plan_prefs (set, prefs_path, data->account, &keys, &error) ||
      (create && !ms_tb_plan_new_profile (set, profile, &error)))
    goto out;
  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    goto out;

  if (data->dry_run)
    {
      GString *diff = g_string_new (NULL);
      g_autofree char *files = ms_file_set_diff (set);

      if (create)
        g_string_append_printf (diff, "# new profile %s\n", profile->path);
      g_string_append (diff, files);
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

  if (!ms_file_set_commit (set, &error))
    goto out;
  for (guint i = 0; i < ms_file_set_get_written (set)->len; i++)
    g_ptr_array_add (report->written, g_strdup (ms_file_set_get_written (set)->pdata[i]));
  for (guint i = 0; i < ms_file_set_get_backups (set)->len; i++)
    g_ptr_array_add (report->backups, g_strdup (ms_file_set_get_backups (set)->pdata[i]));
  /* The copy that holds the user's settings is the one to name. */
  report->backup = g_strdup (ms_file_set_get_backup (set, prefs_path));
  ok = TRUE;

out:
  /* Unlocked before the caller hears back: it may start Thunderbird next. */
  if (lock_fd >= 0)
    ms_tb_unlock_profile (profile->path, lock_fd, lock_created);
  if (ok)
    {
      const char *address = ms_account_get_address (data->account);
      report->summary = keys.updated
        /* TRANSLATORS: an e-mail address, e.g. “ana@3xo.fr”, then a Thunderbird profile name, e.g.
         * “default-release”. */
        ? g_strdup_printf (data->dry_run ? _("The account %s would be updated in the Thunderbird profile “%s”.")
                                         /* TRANSLATORS: an e-mail address, e.g. “ana@3xo.fr”, then a Thunderbird
                                          * profile name, e.g. “default-release”. */
                                         : _("Updated the account %s in the Thunderbird profile “%s”."),
                           address, profile->name)
        /* TRANSLATORS: an e-mail address, e.g. “ana@3xo.fr”, then a Thunderbird profile name, e.g.
         * “default-release”. */
        : g_strdup_printf (data->dry_run ? _("The account %s would be added to the Thunderbird profile “%s”.")
                                         /* TRANSLATORS: an e-mail address, e.g. “ana@3xo.fr”, then a Thunderbird
                                          * profile name, e.g. “default-release”. */
                                         : _("Added the account %s to the Thunderbird profile “%s”."),
                           address, profile->name);
      g_task_return_pointer (task, g_steal_pointer (&report), (GDestroyNotify) ms_client_report_free);
    }
  else
    {
      set_client_error (&error);
      g_task_return_error (task, g_steal_pointer (&error));
    }
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
  data->oauth2 = ms_server_get_auth (ms_account_get_incoming (account)) == MS_AUTH_OAUTH2;
  if (data->oauth2)
    data->store_password = FALSE;
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

/* The profile the write would use is free (a new one always is). */
static gboolean
ms_thunderbird_check_ready (MsClient *client, const MsClientOptions *options, GError **error)
{
  g_autoptr(MsThunderbirdProfile) profile = NULL;
  gboolean create = FALSE;

  profile = ms_tb_resolve_profile (options ? options->profile : NULL, &create, error);
  if (profile == NULL)
    return FALSE;
  return create || ms_tb_check_profile_free (profile->path, error);
}

static void
ms_thunderbird_client_iface_init (MsClientInterface *iface)
{
  iface->check_ready = ms_thunderbird_check_ready;
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
