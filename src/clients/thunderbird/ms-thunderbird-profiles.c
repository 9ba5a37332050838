/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "core/ms-file.h"
#include "ms-thunderbird-private.h"

/* profiles.ini and the lock, as toolkit/profile/nsToolkitProfileService.cpp
 * and profile/dirserviceprovider/nsProfileLock.cpp handle them on Linux. */

void
ms_thunderbird_profile_free (MsThunderbirdProfile *profile)
{
  if (profile == NULL)
    return;
  g_free (profile->name);
  g_free (profile->path);
  g_free (profile);
}

static const char *
home_dir (void)
{
  /* g_get_home_dir() caches its first answer; tests change $HOME. */
  const char *home = g_getenv ("HOME");

  return home && *home ? home : g_get_home_dir ();
}

char *
ms_tb_profiles_root (void)
{
  const char *home = home_dir ();
  const char *xdg = g_getenv ("XDG_CONFIG_HOME");
  g_autofree char *xdg_dir = xdg && g_path_is_absolute (xdg) ? g_build_filename (xdg, "thunderbird", NULL)
                                                             : g_build_filename (home, ".config", "thunderbird", NULL);
  /* Debian's Thunderbird 153 uses ~/.thunderbird (checked by running it
   * with XDG_CONFIG_HOME set); the others are probed for other builds. */
  char *candidates[] = {
    g_build_filename (home, ".thunderbird", NULL),
    g_steal_pointer (&xdg_dir),
    g_build_filename (home, ".var", "app", "org.mozilla.Thunderbird", ".thunderbird", NULL),
    g_build_filename (home, "snap", "thunderbird", "common", ".thunderbird", NULL),
  };
  char *found = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *ini = g_build_filename (candidates[i], "profiles.ini", NULL);
      if (found == NULL && g_file_test (ini, G_FILE_TEST_IS_REGULAR))
        found = g_steal_pointer (&candidates[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    g_free (candidates[i]);
  return found ? found : g_build_filename (home, ".thunderbird", NULL);
}

static char *
profile_dir (const char *root, GKeyFile *ini, const char *group)
{
  g_autofree char *path = g_key_file_get_string (ini, group, "Path", NULL);

  if (path == NULL || *path == '\0')
    return NULL;
  if (g_key_file_get_integer (ini, group, "IsRelative", NULL) == 1 || !g_path_is_absolute (path))
    return g_build_filename (root, path, NULL);
  return g_steal_pointer (&path);
}

/* The profile the [Install…] sections point to: Debian's install first,
 * then the only (or first) other install. */
static char *
install_default (const char *root, GKeyFile *ini)
{
  g_auto(GStrv) groups = g_key_file_get_groups (ini, NULL);
  g_autofree char *debian = g_key_file_get_string (ini, "Install" MS_TB_DEBIAN_INSTALL_HASH, "Default", NULL);

  if (debian && *debian)
    return g_path_is_absolute (debian) ? g_steal_pointer (&debian) : g_build_filename (root, debian, NULL);
  for (guint i = 0; groups[i]; i++)
    {
      g_autofree char *def = NULL;
      if (!g_str_has_prefix (groups[i], "Install"))
        continue;
      def = g_key_file_get_string (ini, groups[i], "Default", NULL);
      if (def && *def)
        return g_path_is_absolute (def) ? g_steal_pointer (&def) : g_build_filename (root, def, NULL);
    }
  return NULL;
}

GPtrArray *
ms_tb_list_profiles_in (const char *root, GError **error)
{
  g_autofree char *ini_path = g_build_filename (root, "profiles.ini", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) local = NULL;
  gsize length = 0;

  if (!ms_file_read_bounded (ini_path, MS_FILE_MAX_SETTINGS, &data, &length, &local))
    {
      if (g_error_matches (local, MS_FILE_ERROR, MS_FILE_ERROR_NOT_FOUND))
        return g_ptr_array_new_with_free_func ((GDestroyNotify) ms_thunderbird_profile_free);
      g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT,
                   /* TRANSLATORS: the path of Thunderbird's profiles.ini, e.g.
                    * “/home/ana/.thunderbird/profiles.ini”, then the error message. */
                   _("Thunderbird’s profile list %s cannot be read: %s"), ini_path, local->message);
      return NULL;
    }
  return ms_tb_parse_profiles_ini (root, data, length, ini_path, error);
}

GPtrArray *
ms_tb_parse_profiles_ini (const char *root, const char *data, gsize length, const char *origin, GError **error)
{
  g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_thunderbird_profile_free);
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autoptr(GError) local = NULL;
  g_autofree char *installed = NULL;
  MsThunderbirdProfile *legacy = NULL;
  gboolean any_default = FALSE;

  if (!g_key_file_load_from_data (ini, data, length, G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT,
                   /* TRANSLATORS: the path of Thunderbird's profiles.ini, e.g.
                    * “/home/ana/.thunderbird/profiles.ini”, then the error message. */
                   _("Thunderbird’s profile list %s cannot be read: %s"), origin, local->message);
      return NULL;
    }
  installed = install_default (root, ini);

  /* Thunderbird stops at the first missing [ProfileN]. */
  for (guint n = 0;; n++)
    {
      g_autofree char *group = g_strdup_printf ("Profile%u", n);
      MsThunderbirdProfile *profile;
      char *dir;

      if (!g_key_file_has_group (ini, group))
        break;
      dir = profile_dir (root, ini, group);
      if (dir == NULL)
        continue;
      profile = g_new0 (MsThunderbirdProfile, 1);
      profile->path = dir;
      profile->name = g_key_file_get_string (ini, group, "Name", NULL);
      if (profile->name == NULL)
        profile->name = g_path_get_basename (dir);
      /* Two entries may name one folder: only the first is the default,
       * or the Apply page would offer two (found by fuzzing). */
      if (!any_default && installed && g_strcmp0 (installed, dir) == 0)
        any_default = profile->is_default = TRUE;
      if (legacy == NULL && g_key_file_get_integer (ini, group, "Default", NULL) == 1)
        legacy = profile;
      g_ptr_array_add (profiles, profile);
    }
  if (!any_default && legacy)
    legacy->is_default = any_default = TRUE;
  if (!any_default && profiles->len == 1)
    ((MsThunderbirdProfile *) profiles->pdata[0])->is_default = TRUE;
  return g_steal_pointer (&profiles);
}

GPtrArray *
ms_thunderbird_list_profiles (GError **error)
{
  g_autofree char *root = ms_tb_profiles_root ();

  return ms_tb_list_profiles_in (root, error);
}

static void
list_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *profiles = ms_thunderbird_list_profiles (&error);

  if (profiles)
    g_task_return_pointer (task, profiles, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

void
ms_thunderbird_list_profiles_async (GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ms_thunderbird_list_profiles_async);
  g_task_run_in_thread (task, list_thread);
}

GPtrArray *
ms_thunderbird_list_profiles_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static MsThunderbirdProfile *
profile_copy (const MsThunderbirdProfile *profile)
{
  MsThunderbirdProfile *copy = g_new0 (MsThunderbirdProfile, 1);

  copy->name = g_strdup (profile->name);
  copy->path = g_strdup (profile->path);
  copy->is_default = profile->is_default;
  return copy;
}

static char *
random_dir_name (void)
{
  static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  char salt[9];

  for (guint i = 0; i < 8; i++)
    salt[i] = chars[g_random_int_range (0, sizeof chars - 1)];
  salt[8] = '\0';
  return g_strdup_printf ("%s.default", salt);
}

MsThunderbirdProfile *
ms_tb_resolve_profile (const char *wanted, gboolean *create, GError **error)
{
  g_autofree char *root = ms_tb_profiles_root ();
  g_autoptr(GPtrArray) profiles = ms_tb_list_profiles_in (root, error);
  MsThunderbirdProfile *profile;

  *create = FALSE;
  if (profiles == NULL)
    return NULL;
  if (wanted && strchr (wanted, '/'))
    {
      /* A directory the caller chose, listed or not (-profile DIR works too). */
      profile = g_new0 (MsThunderbirdProfile, 1);
      profile->path = g_canonicalize_filename (wanted, NULL);
      profile->name = g_path_get_basename (profile->path);
      if (!g_file_test (profile->path, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_NO_PROFILE,
                       /* TRANSLATORS: %s is a folder path, e.g.
                        * “/home/ana/.thunderbird/ab12cd34.default-release”. */
                       _("The Thunderbird profile folder %s does not exist."), profile->path);
          ms_thunderbird_profile_free (profile);
          return NULL;
        }
      return profile;
    }
  for (guint i = 0; i < profiles->len; i++)
    {
      MsThunderbirdProfile *p = profiles->pdata[i];
      if (wanted ? g_strcmp0 (p->name, wanted) == 0 : p->is_default)
        return profile_copy (p);
    }
  if (wanted)
    {
      g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_NO_PROFILE,
                   /* TRANSLATORS: %s is the profile name given, e.g. “default-release”. */
                   _("Thunderbird has no profile named “%s”."), wanted);
      return NULL;
    }
  if (profiles->len > 0)
    {
      g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_NO_PROFILE,
                   /* TRANSLATORS: %u is the number of Thunderbird profiles, at least 2. */
                   _("Thunderbird has %u profiles and none is marked as the default: choose the one to use."),
                   profiles->len);
      return NULL;
    }

  /* A fresh machine: the profile Thunderbird would make on its first start. */
  *create = TRUE;
  profile = g_new0 (MsThunderbirdProfile, 1);
  profile->name = g_strdup ("default");
  {
    g_autofree char *dir = random_dir_name ();
    profile->path = g_build_filename (root, dir, NULL);
  }
  profile->is_default = TRUE;
  return profile;
}

/* The same file as loaded into @set, as a key file to edit (empty when
 * absent).  A damaged one is not rewritten: we would lose its profiles. */
static GKeyFile *
load_ini (MsFileSet *set, const char *path, GError **error)
{
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autoptr(GError) local = NULL;
  gsize length;
  const char *text;

  if (!ms_file_set_load (set, path, MS_FILE_MAX_SETTINGS, error))
    return NULL;
  text = ms_file_set_get_before (set, path, &length);
  if (text && !g_key_file_load_from_data (ini, text, length, G_KEY_FILE_KEEP_COMMENTS, &local))
    {
      g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT,
                   /* TRANSLATORS: the path of Thunderbird's profiles.ini, e.g.
                    * “/home/ana/.thunderbird/profiles.ini”, then the error message. */
                   _("Thunderbird’s profile list %s cannot be read: %s"), path, local->message);
      return NULL;
    }
  return g_steal_pointer (&ini);
}

static void
plan_ini (MsFileSet *set, const char *path, GKeyFile *ini)
{
  gsize length = 0;
  g_autofree char *data = g_key_file_to_data (ini, &length, NULL);

  ms_file_set_replace (set, path, data, (gssize) length, 0644);
}

gboolean
ms_tb_plan_new_profile (MsFileSet *set, MsThunderbirdProfile *profile, GError **error)
{
  g_autofree char *root = g_path_get_dirname (profile->path);
  g_autofree char *rel = g_path_get_basename (profile->path);
  g_autofree char *ini_path = g_build_filename (root, "profiles.ini", NULL);
  g_autofree char *installs_path = g_build_filename (root, "installs.ini", NULL);
  g_autofree char *compat = g_build_filename (profile->path, "compatibility.ini", NULL);
  g_autoptr(GKeyFile) ini = NULL;
  g_autoptr(GKeyFile) installs = NULL;
  g_autofree char *group = NULL;
  guint n = 0;

  if (!ms_file_set_load (set, compat, MS_FILE_MAX_SETTINGS, error) ||
      (ini = load_ini (set, ini_path, error)) == NULL || (installs = load_ini (set, installs_path, error)) == NULL)
    return FALSE;
  /* Without compatibility.ini Thunderbird 153 ignores a Default=1 profile
   * it did not make itself and creates another one. */
  ms_file_set_replace (set, compat, "[Compatibility]\n", -1, 0644);

  while (group = g_strdup_printf ("Profile%u", n), g_key_file_has_group (ini, group))
    {
      g_clear_pointer (&group, g_free);
      n++;
    }
  g_key_file_set_string (ini, group, "Name", profile->name);
  g_key_file_set_integer (ini, group, "IsRelative", 1);
  g_key_file_set_string (ini, group, "Path", rel);
  g_key_file_set_integer (ini, group, "Default", 1);
  /* The dedicated-profile entry Debian's build reads first. */
  g_key_file_set_string (ini, "Install" MS_TB_DEBIAN_INSTALL_HASH, "Default", rel);
  g_key_file_set_integer (ini, "Install" MS_TB_DEBIAN_INSTALL_HASH, "Locked", 1);
  g_key_file_set_integer (ini, "General", "StartWithLastProfile", 1);
  g_key_file_set_integer (ini, "General", "Version", 2);
  g_key_file_set_string (installs, MS_TB_DEBIAN_INSTALL_HASH, "Default", rel);
  g_key_file_set_integer (installs, MS_TB_DEBIAN_INSTALL_HASH, "Locked", 1);
  plan_ini (set, ini_path, ini);
  plan_ini (set, installs_path, installs);
  return TRUE;
}

/* The `lock` symlink reads "<IPv4>:+<pid>"; a stale one survives a crash. */
static gboolean
symlink_lock_is_live (const char *path)
{
  g_autofree char *lock = g_build_filename (path, "lock", NULL);
  g_autofree char *target = g_file_read_link (lock, NULL);
  const char *plus;
  gint64 pid;

  if (target == NULL || (plus = strrchr (target, '+')) == NULL)
    return FALSE;
  pid = g_ascii_strtoll (plus + 1, NULL, 10);
  if (pid <= 0 || pid > G_MAXINT)
    return FALSE;
  return kill ((pid_t) pid, 0) == 0 || errno == EPERM;
}

/* The process holding a write lock on @fd's file, or 0.  F_GETLK asks
 * without taking anything. */
static pid_t
lock_holder (int fd)
{
  struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };

  if (fcntl (fd, F_GETLK, &fl) != 0 || fl.l_type == F_UNLCK)
    return 0;
  /* A lock held from another PID namespace reads as 0: still held. */
  return fl.l_pid > 0 ? fl.l_pid : -1;
}

static char *
process_name (const char *pid)
{
  g_autofree char *path = g_build_filename ("/proc", pid, "comm", NULL);
  char *name = NULL;

  /* A file of the kernel's, not input: at most 16 bytes. */
  if (!g_file_get_contents (path, &name, NULL, NULL))
    return NULL;
  return g_strchomp (name);
}

/* Two `--apply` runs, or the wizard and a run, race for one profile: the
 * loser must not tell the user to close a Thunderbird that is not there.
 * Our own processes are named as this one is (mail-setup, or a test). */
static gboolean
is_mail_setup (pid_t pid)
{
  g_autofree char *pid_text = g_strdup_printf ("%d", (int) pid);
  g_autofree char *name = process_name (pid_text);
  g_autofree char *own = process_name ("self");

  return name != NULL && (g_str_equal (name, "mail-setup") || g_strcmp0 (name, own) == 0);
}

static gboolean
profile_lock_state (const char *path, pid_t *holder)
{
  g_autofree char *parentlock = g_build_filename (path, ".parentlock", NULL);
  int fd;

  *holder = 0;
  fd = g_open (parentlock, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);
  if (fd >= 0)
    {
      *holder = lock_holder (fd);
      close (fd);
    }
  return *holder != 0 || symlink_lock_is_live (path);
}

gboolean
ms_thunderbird_profile_is_locked (const char *path)
{
  pid_t holder;

  return profile_lock_state (path, &holder);
}

static void
set_running_error (GError **error, const char *path, pid_t holder)
{
  if (holder > 0 && is_mail_setup (holder))
    g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_RUNNING,
                 /* TRANSLATORS: %d is a process number, %s the folder of a Thunderbird profile. */
                 _("Another Mail Setup (process %d) is writing to the Thunderbird profile %s right now. Wait "
                   "until it has finished, then try again."), (int) holder, path);
  else
    g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_RUNNING,
                 /* TRANSLATORS: %s is the folder of a Thunderbird profile, e.g.
                  * “/home/ana/.thunderbird/ab12cd34.default-release”. */
                 _("Thunderbird is open on the profile %s. Close Thunderbird, then try again: "
                   "it rewrites its settings when it closes and would undo the change."), path);
}

gboolean
ms_tb_check_profile_free (const char *path, GError **error)
{
  pid_t holder;

  if (!profile_lock_state (path, &holder))
    return TRUE;
  set_running_error (error, path, holder);
  return FALSE;
}

int
ms_tb_lock_profile (const char *path, gboolean *created, GError **error)
{
  g_autofree char *parentlock = g_build_filename (path, ".parentlock", NULL);
  struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
  int fd;

  *created = !g_file_test (parentlock, G_FILE_TEST_EXISTS);

  if (symlink_lock_is_live (path))
    {
      set_running_error (error, path, 0);
      return -1;
    }
  fd = g_open (parentlock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_IO,
                   /* TRANSLATORS: the path of the lock file, e.g.
                    * “/home/ana/.thunderbird/ab12cd34.default-release/.parentlock”, then the system's error
                    * message. */
                   _("Cannot open the Thunderbird profile lock %s: %s"), parentlock, g_strerror (saved));
      return -1;
    }
  if (fcntl (fd, F_SETLK, &fl) != 0)
    {
      pid_t holder = lock_holder (fd);

      close (fd);
      set_running_error (error, path, holder);
      return -1;
    }
  return fd;
}

void
ms_tb_unlock_profile (const char *path, int fd, gboolean created)
{
  /* Leave the folder as we found it: Thunderbird makes its own lock file. */
  if (created)
    {
      g_autofree char *parentlock = g_build_filename (path, ".parentlock", NULL);
      g_unlink (parentlock);
    }
  close (fd);
}
