/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/ms-file.h"
#include "evolution/ms-evolution-private.h"
#include "thunderbird/ms-thunderbird-private.h"
#include "ms-cert-exceptions.h"

G_DEFINE_QUARK (ms-cert-exceptions-error-quark, ms_cert_exceptions_error)

/* Camel's copies are a few kilobytes; a bigger file is not a certificate. */
#define MAX_COPY (256 * 1024)

const char *
ms_cert_program_to_string (MsCertProgram program)
{
  static const char *const names[] = { "thunderbird", "evolution", "mail-setup" };

  g_return_val_if_fail (program <= MS_CERT_PROGRAM_MAIL_SETUP, NULL);
  return names[program];
}

const char *
ms_cert_program_display (MsCertProgram program)
{
  switch (program)
    {
    case MS_CERT_PROGRAM_THUNDERBIRD: return "Thunderbird";
    case MS_CERT_PROGRAM_EVOLUTION: return _("Evolution");
    default: return _("Mail Setup");
    }
}

static void
exception_clear (MsCertException *e)
{
  g_free (e->store_path);
  g_free (e->profile_name);
  g_free (e->profile_dir);
  g_free (e->host);
  g_free (e->origin_attributes);
  g_free (e->sha256);
  g_free (e->md5);
  g_clear_pointer (&e->der, g_bytes_unref);
  g_clear_pointer (&e->info, ms_cert_info_free);
}

MsCertException *
ms_cert_exception_ref (MsCertException *exception)
{
  return g_atomic_rc_box_acquire (exception);
}

void
ms_cert_exception_unref (MsCertException *exception)
{
  if (exception)
    g_atomic_rc_box_release_full (exception, (GDestroyNotify) exception_clear);
}

static MsCertException *
exception_new (MsCertProgram program, const char *store_path, const char *host, guint port)
{
  MsCertException *e = g_atomic_rc_box_new0 (MsCertException);

  e->program = program;
  e->store_path = g_strdup (store_path);
  e->host = g_strdup (host);
  e->port = port;
  return e;
}

void
ms_cert_exception_set_certificate (MsCertException *e, GBytes *der)
{
  g_autoptr(MsCertInfo) info = der ? ms_cert_info_new_from_der (der, NULL) : NULL;

  if (info == NULL || (e->sha256 && g_strcmp0 (e->sha256, info->sha256) != 0))
    return;
  g_clear_pointer (&e->der, g_bytes_unref);
  g_clear_pointer (&e->info, ms_cert_info_free);
  e->der = g_bytes_ref (der);
  if (e->sha256 == NULL)
    e->sha256 = g_strdup (info->sha256);
  e->info = g_steal_pointer (&info);
}

char *
ms_cert_exception_describe_place (const MsCertException *e)
{
  if (e->port == 0)
    return g_strdup (e->host);
  return strchr (e->host, ':') ? g_strdup_printf ("[%s]:%u", e->host, e->port)
                               : g_strdup_printf ("%s:%u", e->host, e->port);
}

static gboolean
wanted (const char *const *hosts, const char *host)
{
  if (hosts == NULL)
    return TRUE;
  for (guint i = 0; hosts[i]; i++)
    if (g_ascii_strcasecmp (hosts[i], host) == 0)
      return TRUE;
  return FALSE;
}

static void
add_problem (GPtrArray *problems, const char *path, const char *why)
{
  if (problems)
    g_ptr_array_add (problems, g_error_new (MS_CERT_EXCEPTIONS_ERROR, MS_CERT_EXCEPTIONS_ERROR_READ,
                                            /* TRANSLATORS: a file, then why it cannot be read. */
                                            _("%s cannot be read, so it was left as it is: %s"), path, why));
}

char *
ms_cert_stores_thunderbird_root (const MsCertStores *stores)
{
  return stores && stores->thunderbird_root ? g_strdup (stores->thunderbird_root) : ms_tb_profiles_root ();
}

const char *
ms_cert_stores_data_home (const MsCertStores *stores)
{
  return stores && stores->data_home ? stores->data_home : g_get_user_data_dir ();
}

char *
ms_cert_stores_pin_path (const MsCertStores *stores)
{
  if (stores && stores->pin_store_path)
    return g_strdup (stores->pin_store_path);
  return g_build_filename (g_get_user_data_dir (), "mail-setup", "pinned-certificates.ini", NULL);
}

/* ---- Thunderbird ---- */

static void
list_thunderbird (const MsCertStores *stores, const char *const *hosts, GPtrArray *out, GPtrArray *problems)
{
  g_autofree char *root = ms_cert_stores_thunderbird_root (stores);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) profiles = ms_tb_list_profiles_in (root, &error);

  if (profiles == NULL)
    {
      if (problems)
        g_ptr_array_add (problems, g_error_new_literal (MS_CERT_EXCEPTIONS_ERROR, MS_CERT_EXCEPTIONS_ERROR_READ,
                                                        error->message));
      return;
    }
  for (guint p = 0; p < profiles->len; p++)
    {
      MsThunderbirdProfile *profile = profiles->pdata[p];
      g_autofree char *path = g_build_filename (profile->path, "cert_override.txt", NULL);
      g_autofree char *text = NULL;
      g_autoptr(GPtrArray) entries = NULL;
      g_autoptr(GError) local = NULL;

      if (!ms_file_read_bounded (path, MS_FILE_MAX_CLIENT, &text, NULL, &local))
        {
          if (!g_error_matches (local, MS_FILE_ERROR, MS_FILE_ERROR_NOT_FOUND))
            add_problem (problems, path, local->message);
          continue;
        }
      entries = ms_tb_cert_override_parse (text);
      for (guint i = 0; i < entries->len; i++)
        {
          MsTbOverride *o = entries->pdata[i];
          MsCertException *e;

          if (!wanted (hosts, o->host))
            continue;
          e = exception_new (MS_CERT_PROGRAM_THUNDERBIRD, path, o->host, o->port);
          e->profile_name = g_strdup (profile->name);
          e->profile_dir = g_strdup (profile->path);
          e->origin_attributes = g_strdup (o->origin_attributes);
          e->sha256 = g_strdup (o->sha256);
          g_ptr_array_add (out, e);
        }
    }
}

/* ---- Evolution ---- */

static void
list_evolution (const MsCertStores *stores, const char *const *hosts, GPtrArray *out, GPtrArray *problems)
{
  const char *data_home = ms_cert_stores_data_home (stores);
  g_autofree char *path = ms_evo_certdb_path (data_home);
  g_autofree char *data = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) local = NULL;
  gsize length = 0;

  if (!ms_file_read_bounded (path, MS_FILE_MAX_CLIENT, &data, &length, &local))
    {
      if (!g_error_matches (local, MS_FILE_ERROR, MS_FILE_ERROR_NOT_FOUND))
        add_problem (problems, path, local->message);
      return;
    }
  entries = ms_evo_certdb_parse (data, length, NULL);
  if (entries == NULL)
    {
      add_problem (problems, path, _("it is not in the format Evolution writes."));
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      MsEvoCertEntry *entry = entries->pdata[i];
      g_autofree char *copy_path = NULL;
      g_autofree char *copy = NULL;
      gsize copy_len = 0;
      MsCertException *e;

      /* A rejected certificate (NEVER) is no exception; Camel forgets a
       * temporary one when it loads the file. */
      if (!ms_evo_certdb_trust_accepts (entry->trust) || !wanted (hosts, entry->hostname))
        continue;
      e = exception_new (MS_CERT_PROGRAM_EVOLUTION, path, entry->hostname, 0);
      e->md5 = g_strdup (entry->fingerprint);
      /* The fingerprint is a file name: never let it leave the folder. */
      if (strchr (entry->fingerprint, '/') == NULL && strcmp (entry->fingerprint, "..") != 0)
        {
          copy_path = ms_evo_certdb_copy_path (data_home, entry->fingerprint);
          if (ms_file_read_bounded (copy_path, MAX_COPY, &copy, &copy_len, NULL))
            {
              g_autoptr(GBytes) der = g_bytes_new_take (g_steal_pointer (&copy), copy_len);
              g_autofree char *md5 = ms_evo_certdb_fingerprint (der);

              /* Camel compares the copy byte for byte: one that does not
               * match its name makes the entry useless, not another one. */
              if (g_ascii_strcasecmp (md5, entry->fingerprint) == 0)
                ms_cert_exception_set_certificate (e, der);
            }
        }
      g_ptr_array_add (out, e);
    }
}

/* ---- Mail Setup ---- */

static void
list_pins (const MsCertStores *stores, const char *const *hosts, GPtrArray *out, GPtrArray *problems)
{
  g_autofree char *path = ms_cert_stores_pin_path (stores);
  g_autoptr(MsPinStore) store = ms_pin_store_new (path);
  g_autoptr(GPtrArray) pins = NULL;
  g_autoptr(GError) error = NULL;

  if (!ms_pin_store_load (store, &error))
    {
      add_problem (problems, path, error->message);
      return;
    }
  pins = ms_pin_store_list (store);
  for (guint i = 0; i < pins->len; i++)
    {
      MsPin *pin = pins->pdata[i];
      g_autofree char *sha = ms_cert_normalize_fingerprint (pin->sha256);
      MsCertException *e;

      if (!wanted (hosts, pin->host) || sha == NULL)
        continue;
      e = exception_new (MS_CERT_PROGRAM_MAIL_SETUP, path, pin->host, pin->port);
      e->sha256 = g_steal_pointer (&sha);
      if (pin->der)
        {
          g_autoptr(MsCertInfo) info = ms_cert_info_new_from_der (pin->der, NULL);
          /* A copy that does not hash to the pinned fingerprint is not it. */
          if (info && g_strcmp0 (info->sha256, e->sha256) == 0)
            ms_cert_exception_set_certificate (e, pin->der);
        }
      g_ptr_array_add (out, e);
    }
}

GPtrArray *
ms_cert_exceptions_list (const MsCertStores *stores, const char *const *hosts, GPtrArray *problems)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_exception_unref);
  g_autoptr(GHashTable) copies = g_hash_table_new (g_str_hash, g_str_equal);

  list_thunderbird (stores, hosts, out, problems);
  list_evolution (stores, hosts, out, problems);
  list_pins (stores, hosts, out, problems);

  /* Thunderbird stores no certificate: borrow a copy with its fingerprint. */
  for (guint i = 0; i < out->len; i++)
    {
      MsCertException *e = out->pdata[i];
      if (e->der && e->sha256)
        g_hash_table_insert (copies, e->sha256, e->der);
    }
  for (guint i = 0; i < out->len; i++)
    {
      MsCertException *e = out->pdata[i];
      GBytes *der = e->der == NULL && e->sha256 ? g_hash_table_lookup (copies, e->sha256) : NULL;
      if (der)
        ms_cert_exception_set_certificate (e, der);
    }
  return out;
}

GPtrArray *
ms_cert_exceptions_select (GPtrArray *exceptions, const char *host, guint port)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_exception_unref);

  for (guint i = 0; i < exceptions->len; i++)
    {
      MsCertException *e = exceptions->pdata[i];

      if (g_ascii_strcasecmp (e->host, host) == 0 && (port == 0 || e->port == 0 || e->port == port))
        g_ptr_array_add (found, ms_cert_exception_ref (e));
    }
  return found;
}
