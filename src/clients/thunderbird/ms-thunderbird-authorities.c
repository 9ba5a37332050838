/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/ms-file.h"
#include "ms-thunderbird-nss.h"
#include "ms-thunderbird-private.h"

/* The authorities of a profile's cert9.db.  NSS writes its databases in
 * place, so it only ever works on a private copy: reading never disturbs
 * a running Thunderbird, and a change joins a file set like any other
 * file, with its backup, and lands whole or not at all. */

/* A private folder holding @cert9 (NULL: none yet) and the profile's key4.db. */
static char *
private_copy (const char *profile_dir, const char *cert9, gsize cert9_len, GError **error)
{
  g_autofree char *work = g_dir_make_tmp ("mail-setup-certdb-XXXXXX", error);
  g_autofree char *key_path = g_build_filename (profile_dir, "key4.db", NULL);
  g_autofree char *key = NULL;
  gsize key_len = 0;

  if (work == NULL)
    return NULL;
  if (cert9)
    {
      g_autofree char *to = g_build_filename (work, "cert9.db", NULL);
      if (!g_file_set_contents_full (to, cert9, (gssize) cert9_len, G_FILE_SET_CONTENTS_NONE, 0600, error))
        goto fail;
    }
  /* NSS opens both databases together; the key one is never copied back. */
  if (ms_file_read_bounded (key_path, MS_FILE_MAX_CLIENT, &key, &key_len, NULL))
    {
      g_autofree char *to = g_build_filename (work, "key4.db", NULL);
      if (!g_file_set_contents_full (to, key, (gssize) key_len, G_FILE_SET_CONTENTS_NONE, 0600, error))
        goto fail;
    }
  return g_steal_pointer (&work);

fail:
  ms_tb_remove_work_dir (work);
  return NULL;
}

GPtrArray *
ms_tb_profile_authorities (const char *profile_dir, GError **error)
{
  g_autofree char *cert9_path = g_build_filename (profile_dir, "cert9.db", NULL);
  g_autofree char *cert9 = NULL;
  g_autofree char *work = NULL;
  g_autoptr(GError) local = NULL;
  GPtrArray *found;
  gsize len = 0;

  if (!ms_file_read_bounded (cert9_path, MS_FILE_MAX_CLIENT, &cert9, &len, &local))
    {
      if (g_error_matches (local, MS_FILE_ERROR, MS_FILE_ERROR_NOT_FOUND))
        return g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      g_set_error_literal (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT, local->message);
      return NULL;
    }
  if ((work = private_copy (profile_dir, cert9, len, error)) == NULL)
    return NULL;
  found = ms_tb_nss_list_authorities (work, error);
  ms_tb_remove_work_dir (work);
  return found;
}

gboolean
ms_tb_plan_authority (MsFileSet *set, const char *profile_dir, GBytes *der, const char *nickname, GError **error)
{
  g_autofree char *cert9_path = g_build_filename (profile_dir, "cert9.db", NULL);
  g_autofree char *key4_path = g_build_filename (profile_dir, "key4.db", NULL);
  g_autofree char *work = NULL;
  g_autofree char *work_cert9 = NULL, *work_key4 = NULL;
  g_autofree char *cert9 = NULL, *key4 = NULL;
  const char *before;
  gsize before_len = 0, cert9_len = 0, key4_len = 0;
  gboolean ok = FALSE;

  if (!ms_file_set_load (set, cert9_path, MS_FILE_MAX_CLIENT, error) ||
      !ms_file_set_load (set, key4_path, MS_FILE_MAX_CLIENT, error))
    return FALSE;
  before = ms_file_set_get_after (set, cert9_path, &before_len);
  if ((work = private_copy (profile_dir, before, before_len, error)) == NULL)
    return FALSE;
  work_cert9 = g_build_filename (work, "cert9.db", NULL);
  work_key4 = g_build_filename (work, "key4.db", NULL);
  /* Both go back: NSS protects trust settings with a signature it keeps
   * in key4.db, and Thunderbird ignores a trust whose signature is
   * missing, so the authority would stay untrusted. */
  if (ms_tb_nss_add_authority (work, der, nickname, error) &&
      g_file_get_contents (work_cert9, &cert9, &cert9_len, error) &&
      g_file_get_contents (work_key4, &key4, &key4_len, error))
    {
      ms_file_set_replace (set, cert9_path, cert9, (gssize) cert9_len, 0600);
      ms_file_set_set_opaque (set, cert9_path, _("Thunderbird’s certificate database (binary)"));
      ms_file_set_replace (set, key4_path, key4, (gssize) key4_len, 0600);
      ms_file_set_set_opaque (set, key4_path, _("the key Thunderbird encrypts saved passwords with"));
      ok = TRUE;
    }
  ms_tb_remove_work_dir (work);
  return ok;
}
