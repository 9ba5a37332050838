/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "net/ms-cert-trust.h"
#include "thunderbird/ms-thunderbird-private.h"
#include "ms-cert-authority.h"
#include "ms-file-set.h"

G_DEFINE_QUARK (ms-cert-authority-error-quark, ms_cert_authority_error)

/* Debian's place for local authorities: update-ca-certificates adds every
 * *.crt below it to /etc/ssl/certs/ca-certificates.crt. */
#define SYSTEM_CA_DIR "/usr/local/share/ca-certificates"

void
ms_cert_authority_file_free (MsCertAuthorityFile *file)
{
  if (file == NULL)
    return;
  g_clear_pointer (&file->der, g_bytes_unref);
  g_clear_pointer (&file->info, ms_cert_info_free);
  g_free (file->listed_name);
  g_free (file);
}

MsCertAuthorityFile *
ms_cert_authority_file_read (const char *path, MsProvider *provider, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) ders = ms_cert_read_pem_file (path, &local);
  g_autoptr(MsCertAuthorityFile) file = NULL;
  const char *server_name = NULL;
  g_autoptr(MsCertInfo) first = NULL;

  if (ders == NULL)
    {
      g_set_error_literal (error, MS_CERT_AUTHORITY_ERROR, MS_CERT_AUTHORITY_ERROR_READ, local->message);
      return NULL;
    }
  for (guint i = 0; i < ders->len; i++)
    {
      g_autoptr(MsCertInfo) info = ms_cert_info_new_from_der (ders->pdata[i], NULL);

      if (info == NULL)
        continue;
      if (!ms_cert_der_is_ca (ders->pdata[i]))
        {
          if (first == NULL)
            first = g_steal_pointer (&info);
          continue;
        }
      if (file && g_strcmp0 (file->info->sha256, info->sha256) != 0)
        {
          g_set_error (error, MS_CERT_AUTHORITY_ERROR, MS_CERT_AUTHORITY_ERROR_SEVERAL,
                       /* TRANSLATORS: %s is the path of the file given, e.g. “/home/ana/3xo-ca.pem”. */
                       _("“%s” holds more than one certificate authority: give a file with only the one to "
                         "trust."), path);
          return NULL;
        }
      if (file == NULL)
        {
          file = g_new0 (MsCertAuthorityFile, 1);
          file->der = g_bytes_ref (ders->pdata[i]);
          file->info = g_steal_pointer (&info);
        }
    }
  if (file == NULL)
    {
      server_name = first && first->common_name ? first->common_name : "?";
      g_set_error (error, MS_CERT_AUTHORITY_ERROR, MS_CERT_AUTHORITY_ERROR_NOT_AUTHORITY,
                   /* TRANSLATORS: the path of the file given, e.g. “/home/ana/3xo-ca.pem”, then the server name
                    * its certificate is for, e.g. “mail.3xo.fr”. */
                   _("“%s” holds a certificate for “%s”, not a certificate authority: trusting it would be an "
                     "exception, not an authority."), path, server_name);
      return NULL;
    }
  for (guint i = 0; provider && i < ms_provider_get_authorities (provider)->len; i++)
    {
      MsProviderAuthority *a = ms_provider_get_authorities (provider)->pdata[i];
      if (g_strcmp0 (a->sha256, file->info->sha256) == 0)
        file->listed_name = g_strdup (a->name);
    }
  return g_steal_pointer (&file);
}

gboolean
ms_cert_authority_file_check_confirmed (const MsCertAuthorityFile *file, const char *const *confirmed,
                                        GError **error)
{
  if (file->listed_name)
    return TRUE;
  for (guint i = 0; confirmed && confirmed[i]; i++)
    {
      g_autofree char *sha = ms_cert_normalize_fingerprint (confirmed[i]);
      if (sha && g_strcmp0 (sha, file->info->sha256) == 0)
        return TRUE;
    }
  g_set_error (error, MS_CERT_AUTHORITY_ERROR, MS_CERT_AUTHORITY_ERROR_NOT_CONFIRMED,
               /* TRANSLATORS: the authority's name (its Common Name), e.g. “3xo Root CA”, then its SHA-256
                * fingerprint (64 hexadecimal digits with colons). */
               _("The authority “%s” is not one the provider profile names. Check its SHA-256 fingerprint, %s, "
                 "with your provider before trusting it."),
               file->info->common_name ? file->info->common_name : "?", file->info->sha256);
  return FALSE;
}

static const char *
nickname (const MsCertAuthorityFile *file)
{
  if (file->listed_name)
    return file->listed_name;
  return file->info->common_name ? file->info->common_name : "Mail Setup";
}

/* ---- Thunderbird ---- */

static GError *
our_error (GError *error)
{
  int code = MS_CERT_AUTHORITY_ERROR_WRITE;

  if (error->domain == MS_CLIENT_ERROR)
    switch (error->code)
      {
      case MS_CLIENT_ERROR_RUNNING: code = MS_CERT_AUTHORITY_ERROR_RUNNING; break;
      case MS_CLIENT_ERROR_NO_PROFILE: code = MS_CERT_AUTHORITY_ERROR_NO_PROFILE; break;
      case MS_CLIENT_ERROR_CORRUPT: code = MS_CERT_AUTHORITY_ERROR_STORE; break;
      default: code = MS_CERT_AUTHORITY_ERROR_STORE; break;
      }
  error->domain = MS_CERT_AUTHORITY_ERROR;
  error->code = code;
  return error;
}

static GMutex install_lock;

MsCertOutcome *
ms_cert_authority_install (const MsCertAuthorityFile *file, const char *wanted, gboolean dry_run)
{
  MsCertOutcome *outcome = g_new0 (MsCertOutcome, 1);
  g_autoptr(MsThunderbirdProfile) profile = NULL;
  g_autoptr(MsFileSet) set = ms_file_set_new ();
  g_autoptr(GPtrArray) present = NULL;
  GError *error = NULL;
  gboolean create = FALSE, made = FALSE, already = FALSE;
  int fd = -1;

  outcome->program = MS_CERT_PROGRAM_THUNDERBIRD;
  outcome->written = g_ptr_array_new_with_free_func (g_free);
  outcome->deleted_files = g_ptr_array_new_with_free_func (g_free);
  outcome->backups = g_ptr_array_new_with_free_func (g_free);

  profile = ms_tb_resolve_profile (wanted, &create, &error);
  if (profile && create)
    {
      g_clear_pointer (&profile, ms_thunderbird_profile_free);
      g_set_error_literal (&error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_NO_PROFILE,
                           _("Thunderbird has no profile yet: set up the account first, or open Thunderbird once, "
                             "then install the authority."));
    }
  if (profile == NULL)
    {
      outcome->error = our_error (error);
      return outcome;
    }

  g_mutex_lock (&install_lock);
  if (dry_run ? !ms_tb_check_profile_free (profile->path, &error)
              : (fd = ms_tb_lock_profile (profile->path, &made, &error)) < 0)
    goto out;
  if ((present = ms_tb_profile_authorities (profile->path, &error)) == NULL)
    goto out;
  for (guint i = 0; i < present->len && !already; i++)
    {
      g_autoptr(MsCertInfo) info = ms_cert_info_new_from_der (present->pdata[i], NULL);
      already = info && g_strcmp0 (info->sha256, file->info->sha256) == 0;
    }
  /* Nothing to write when the profile trusts it already. */
  if (already || !ms_tb_plan_authority (set, profile->path, file->der, nickname (file), &error))
    goto out;
  if (dry_run)
    outcome->diff = ms_file_set_diff (set);
  else if (ms_file_set_commit (set, &error))
    {
      for (guint i = 0; i < ms_file_set_get_written (set)->len; i++)
        g_ptr_array_add (outcome->written, g_strdup (ms_file_set_get_written (set)->pdata[i]));
      for (guint i = 0; i < ms_file_set_get_backups (set)->len; i++)
        g_ptr_array_add (outcome->backups, g_strdup (ms_file_set_get_backups (set)->pdata[i]));
    }

out:
  if (fd >= 0)
    ms_tb_unlock_profile (profile->path, fd, made);
  g_mutex_unlock (&install_lock);
  if (error)
    outcome->error = our_error (error);
  return outcome;
}

typedef struct {
  MsCertAuthorityFile *file;
  char *profile;
  gboolean dry_run;
} InstallData;

static void
install_data_free (InstallData *d)
{
  ms_cert_authority_file_free (d->file);
  g_free (d->profile);
  g_free (d);
}

static MsCertAuthorityFile *
file_copy (const MsCertAuthorityFile *file)
{
  MsCertAuthorityFile *copy = g_new0 (MsCertAuthorityFile, 1);

  copy->der = g_bytes_ref (file->der);
  copy->info = ms_cert_info_new_from_der (file->der, NULL);
  copy->listed_name = g_strdup (file->listed_name);
  return copy;
}

static void
install_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  InstallData *d = task_data;

  g_task_return_pointer (task, ms_cert_authority_install (d->file, d->profile, d->dry_run),
                         (GDestroyNotify) ms_cert_outcome_free);
}

void
ms_cert_authority_install_async (const MsCertAuthorityFile *file, const char *profile, gboolean dry_run,
                                 GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  InstallData *d = g_new0 (InstallData, 1);

  d->file = file_copy (file);
  d->profile = g_strdup (profile);
  d->dry_run = dry_run;
  g_task_set_source_tag (task, ms_cert_authority_install_async);
  g_task_set_task_data (task, d, (GDestroyNotify) install_data_free);
  g_task_run_in_thread (task, install_thread);
}

MsCertOutcome *
ms_cert_authority_install_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the system route ---- */

/* "mail-setup-3xo-root-ca-1a2b3c4d.crt": readable, unique per authority. */
static char *
system_file_name (const MsCertAuthorityFile *file)
{
  GString *name = g_string_new ("mail-setup-");
  const char *label = nickname (file);
  g_autofree char *hex = NULL;

  for (const char *c = label; *c && name->len < 48; c++)
    {
      if (g_ascii_isalnum (*c))
        g_string_append_c (name, g_ascii_tolower (*c));
      else if (name->str[name->len - 1] != '-')
        g_string_append_c (name, '-');
    }
  hex = g_strndup (file->info->sha256, 11);   /* four bytes, colons included */
  for (const char *c = hex; *c; c++)
    if (*c != ':')
      g_string_append_c (name, g_ascii_tolower (*c));
  g_string_append (name, ".crt");
  return g_string_free (name, FALSE);
}

char *
ms_cert_authority_system_explanation (const MsCertAuthorityFile *file)
{
  /* TRANSLATORS: the authority's name, e.g. “3xo Root CA”, then its SHA-256 fingerprint (64 hexadecimal digits
   * with colons). update-ca-certificates is a command: do not translate it. */
  return g_strdup_printf (_("Evolution has no list of authorities of its own for mail servers: it trusts the "
                            "authorities of the whole computer, the list that update-ca-certificates builds. "
                            "Adding “%s” to that list needs an administrator’s password, and then every program "
                            "and every user of this computer trusts the certificates it signs, web sites "
                            "included, not only mail. Do it only on a computer you administer, after checking "
                            "the authority’s SHA-256 fingerprint with your provider: %s."),
                          nickname (file), file->info->sha256);
}

char *
ms_cert_authority_system_commands (const char *pem_path, const MsCertAuthorityFile *file)
{
  g_autofree char *name = system_file_name (file);
  g_autofree char *quoted = g_shell_quote (pem_path);

  return g_strdup_printf ("sudo install -D -m 0644 %s %s/%s\nsudo update-ca-certificates\n", quoted,
                          SYSTEM_CA_DIR, name);
}

typedef struct {
  char *tmp_path;
} SystemData;

static void
system_data_free (SystemData *d)
{
  if (d->tmp_path)
    g_unlink (d->tmp_path);
  g_free (d->tmp_path);
  g_free (d);
}

static void
system_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GSubprocess *process = G_SUBPROCESS (source);
  GError *error = NULL;

  if (!g_subprocess_wait_finish (process, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0)
    g_task_return_boolean (task, TRUE);
  else if (g_subprocess_get_if_exited (process) &&
           (g_subprocess_get_exit_status (process) == 126 || g_subprocess_get_exit_status (process) == 127))
    /* pkexec: the dialog was dismissed, or the password refused. */
    g_task_return_new_error (task, MS_CERT_AUTHORITY_ERROR, MS_CERT_AUTHORITY_ERROR_SYSTEM, "%s",
                             _("The administrator’s authorisation was not given: nothing was changed."));
  else
    g_task_return_new_error (task, MS_CERT_AUTHORITY_ERROR, MS_CERT_AUTHORITY_ERROR_SYSTEM, "%s",
                             _("Adding the authority to the system list failed."));
}

void
ms_cert_authority_install_system_async (const MsCertAuthorityFile *file, GCancellable *cancellable,
                                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *pkexec = g_find_program_in_path ("pkexec");
  g_autofree char *pem = ms_cert_der_to_pem (file->der);
  g_autofree char *name = system_file_name (file);
  g_autofree char *target = g_build_filename (SYSTEM_CA_DIR, name, NULL);
  g_autoptr(GSubprocess) process = NULL;
  SystemData *d = g_new0 (SystemData, 1);
  GError *error = NULL;
  int fd;

  g_task_set_source_tag (task, ms_cert_authority_install_system_async);
  g_task_set_task_data (task, d, (GDestroyNotify) system_data_free);
  if (pkexec == NULL)
    {
      g_task_return_new_error (task, MS_CERT_AUTHORITY_ERROR, MS_CERT_AUTHORITY_ERROR_NO_PKEXEC, "%s",
                               _("pkexec is not installed (Debian package pkexec), so Mail Setup cannot ask for "
                                 "an administrator’s password. An administrator can add the authority with the "
                                 "commands shown."));
      return;
    }
  /* Exactly the authority that was checked, not whatever else the user's
   * file holds; readable by the administrator's process. */
  if ((fd = g_file_open_tmp ("mail-setup-authority-XXXXXX.pem", &d->tmp_path, &error)) < 0 ||
      (close (fd), !g_file_set_contents_full (d->tmp_path, pem, -1, G_FILE_SET_CONTENTS_NONE, 0644, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, pkexec, "/bin/sh", "-c",
                              "install -D -m 0644 -- \"$1\" \"$2\" && exec update-ca-certificates",
                              "mail-setup", d->tmp_path, target, NULL);
  if (process == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_subprocess_wait_async (process, cancellable, system_done, g_steal_pointer (&task));
}

gboolean
ms_cert_authority_install_system_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
