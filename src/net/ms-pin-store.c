/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/ms-file.h"
#include "ms-cert.h"
#include "ms-pin-store.h"

G_DEFINE_QUARK (ms-pin-store-error-quark, ms_pin_store_error)

struct _MsPinStore {
  GObject parent_instance;
  GMutex lock;
  char *path;          /* NULL: memory only */
  GKeyFile *keyfile;
};

G_DEFINE_FINAL_TYPE (MsPinStore, ms_pin_store, G_TYPE_OBJECT)

void
ms_pin_free (MsPin *pin)
{
  if (pin == NULL)
    return;
  g_free (pin->host);
  g_free (pin->sha256);
  g_clear_pointer (&pin->der, g_bytes_unref);
  g_free (pin->pem);
  g_free (pin->issuer_dn);
  g_free (pin->serial);
  g_free (pin);
}

/* One group per host:port; host names are case-insensitive. */
static char *
group_name (const char *host, guint port)
{
  g_autofree char *lower = g_ascii_strdown (host, -1);

  return g_strdup_printf ("%s:%u", lower, port);
}

static void
ms_pin_store_finalize (GObject *object)
{
  MsPinStore *self = MS_PIN_STORE (object);

  g_mutex_clear (&self->lock);
  g_free (self->path);
  g_key_file_unref (self->keyfile);
  G_OBJECT_CLASS (ms_pin_store_parent_class)->finalize (object);
}

static void
ms_pin_store_class_init (MsPinStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_pin_store_finalize;
}

static void
ms_pin_store_init (MsPinStore *self)
{
  g_mutex_init (&self->lock);
  self->keyfile = g_key_file_new ();
}

MsPinStore *
ms_pin_store_new (const char *path)
{
  MsPinStore *self = g_object_new (MS_TYPE_PIN_STORE, NULL);

  self->path = path ? g_strdup (path)
                    : g_build_filename (g_get_user_data_dir (), "mail-setup", "pinned-certificates.ini", NULL);
  return self;
}

MsPinStore *
ms_pin_store_new_memory (void)
{
  return g_object_new (MS_TYPE_PIN_STORE, NULL);
}

const char *
ms_pin_store_get_path (MsPinStore *self)
{
  return self->path;
}

gboolean
ms_pin_store_load (MsPinStore *self, GError **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local = NULL;
  gsize length = 0;

  g_return_val_if_fail (MS_IS_PIN_STORE (self), FALSE);
  if (self->path == NULL)
    return TRUE;
  /* A pin is a few KiB: far more than anyone accepts fits in the bound. */
  if (!ms_file_read_bounded (self->path, MS_FILE_MAX_SETTINGS, &data, &length, &local))
    {
      if (g_error_matches (local, MS_FILE_ERROR, MS_FILE_ERROR_NOT_FOUND))
        return TRUE;
      g_set_error (error, MS_PIN_STORE_ERROR, MS_PIN_STORE_ERROR_IO,
                   /* TRANSLATORS: a file path, e.g. “/home/ana/.local/share/mail-setup/pinned-certificates.ini”,
                    * then the error message. */
                   _("Could not read the accepted certificates from “%s”: %s"), self->path, local->message);
      return FALSE;
    }
  return ms_pin_store_load_from_data (self, data, length, error);
}

gboolean
ms_pin_store_load_from_data (MsPinStore *self, const char *data, gsize length, GError **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (MS_IS_PIN_STORE (self), FALSE);
  if (!g_key_file_load_from_data (keyfile, data, length, G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, MS_PIN_STORE_ERROR, MS_PIN_STORE_ERROR_PARSE,
                   /* TRANSLATORS: a file path, e.g. “/home/ana/.local/share/mail-setup/pinned-certificates.ini”,
                    * or “-”, then the error message. */
                   _("Could not read the accepted certificates from “%s”: %s"),
                   self->path ? self->path : "-", local->message);
      return FALSE;
    }
  g_mutex_lock (&self->lock);
  g_key_file_unref (self->keyfile);
  self->keyfile = g_steal_pointer (&keyfile);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;

  if (ms_pin_store_load (source, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ms_pin_store_load_async (MsPinStore *self, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, ms_pin_store_load_async);
  g_task_run_in_thread (task, load_thread);
}

gboolean
ms_pin_store_load_finish (MsPinStore *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
ms_pin_store_lookup (MsPinStore *self, const char *host, guint port)
{
  g_autofree char *group = group_name (host, port);
  char *sha;

  g_mutex_lock (&self->lock);
  sha = g_key_file_get_string (self->keyfile, group, "sha256", NULL);
  g_mutex_unlock (&self->lock);
  return sha;
}

gboolean
ms_pin_store_is_pinned (MsPinStore *self, const char *host, guint port, const char *sha256)
{
  g_autofree char *pinned = ms_pin_store_lookup (self, host, port);
  g_autofree char *a = pinned ? ms_cert_normalize_fingerprint (pinned) : NULL;
  g_autofree char *b = sha256 ? ms_cert_normalize_fingerprint (sha256) : NULL;

  return a != NULL && g_strcmp0 (a, b) == 0;
}

static MsPin *
read_pin (GKeyFile *keyfile, const char *group)
{
  g_autoptr(MsPin) pin = g_new0 (MsPin, 1);
  g_autofree char *b64 = NULL;

  pin->host = g_key_file_get_string (keyfile, group, "host", NULL);
  pin->port = (guint) g_key_file_get_integer (keyfile, group, "port", NULL);
  pin->sha256 = g_key_file_get_string (keyfile, group, "sha256", NULL);
  if (pin->host == NULL || pin->sha256 == NULL || pin->port == 0 || pin->port > 65535)
    return NULL;
  b64 = g_key_file_get_string (keyfile, group, "der", NULL);
  if (b64 != NULL)
    {
      gsize len = 0;
      guchar *der = g_base64_decode (b64, &len);
      pin->der = g_bytes_new_take (der, len);
      pin->pem = ms_cert_der_to_pem (pin->der);
    }
  pin->issuer_dn = g_key_file_get_string (keyfile, group, "issuer", NULL);
  pin->serial = g_key_file_get_string (keyfile, group, "serial", NULL);
  return g_steal_pointer (&pin);
}

MsPin *
ms_pin_store_get (MsPinStore *self, const char *host, guint port)
{
  g_autofree char *group = group_name (host, port);
  MsPin *pin;

  g_mutex_lock (&self->lock);
  pin = read_pin (self->keyfile, group);
  g_mutex_unlock (&self->lock);
  return pin;
}

GPtrArray *
ms_pin_store_list (MsPinStore *self)
{
  GPtrArray *pins = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_pin_free);
  g_auto(GStrv) groups = NULL;

  g_mutex_lock (&self->lock);
  groups = g_key_file_get_groups (self->keyfile, NULL);
  for (guint i = 0; groups[i]; i++)
    {
      MsPin *pin = read_pin (self->keyfile, groups[i]);
      if (pin != NULL)
        g_ptr_array_add (pins, pin);
    }
  g_mutex_unlock (&self->lock);
  return pins;
}

/* Called with the lock held. */
static gboolean
save_locked (MsPinStore *self, GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) local = NULL;
  gsize len;

  if (self->path == NULL)
    return TRUE;
  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) < 0)
    {
      g_set_error (error, MS_PIN_STORE_ERROR, MS_PIN_STORE_ERROR_IO,
                   /* TRANSLATORS: a folder path, e.g. “/home/ana/.local/share/mail-setup”, then the system's
                    * error message. */
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (errno));
      return FALSE;
    }
  data = g_key_file_to_data (self->keyfile, &len, NULL);
  /* Consistent: a crash mid-write leaves the old file, never half a file. */
  if (!g_file_set_contents_full (self->path, data, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local))
    {
      g_set_error (error, MS_PIN_STORE_ERROR, MS_PIN_STORE_ERROR_IO,
                   /* TRANSLATORS: a file path, e.g. “/home/ana/.local/share/mail-setup/pinned-certificates.ini”,
                    * then the error message. */
                   _("Could not save the accepted certificates to “%s”: %s"), self->path, local->message);
      return FALSE;
    }
  return TRUE;
}

/* Called with the lock held, or on a key file of one's own. */
static void
fill_group (GKeyFile *keyfile, const char *host, guint port, const char *sha256, GBytes *der, const MsCertInfo *info)
{
  g_autofree char *group = group_name (host, port);
  g_autofree char *lower = g_ascii_strdown (host, -1);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *added = g_date_time_format_iso8601 (now);

  g_key_file_remove_group (keyfile, group, NULL);
  g_key_file_set_string (keyfile, group, "host", lower);
  g_key_file_set_integer (keyfile, group, "port", (gint) port);
  g_key_file_set_string (keyfile, group, "sha256", sha256);
  g_key_file_set_string (keyfile, group, "added", added);
  if (der != NULL)
    {
      g_autofree char *b64 = g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der));
      g_key_file_set_string (keyfile, group, "der", b64);
      if (info->issuer_dn)
        g_key_file_set_string (keyfile, group, "issuer", info->issuer_dn);
      if (info->serial)
        g_key_file_set_string (keyfile, group, "serial", info->serial);
    }
}

static gboolean
set_pin (MsPinStore *self, const char *host, guint port, const char *sha256, GBytes *der,
         const MsCertInfo *info, GError **error)
{
  gboolean ok;

  g_mutex_lock (&self->lock);
  fill_group (self->keyfile, host, port, sha256, der, info);
  ok = save_locked (self, error);
  g_mutex_unlock (&self->lock);
  return ok;
}

char *
ms_pin_store_edit_data (const char *data, gsize length, const char *host, guint port, GBytes *der,
                        gsize *out_length, GError **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local = NULL;
  g_autofree char *group = group_name (host, port);

  if (data != NULL && !g_key_file_load_from_data (keyfile, data, length, G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, MS_PIN_STORE_ERROR, MS_PIN_STORE_ERROR_PARSE,
                   /* TRANSLATORS: %s is the error message of the file's reader, e.g. “Key file contains line “x”
                    * which is not a key-value pair”. */
                   _("Could not read the accepted certificates: %s"), local->message);
      return NULL;
    }
  if (der == NULL)
    g_key_file_remove_group (keyfile, group, NULL);
  else
    {
      g_autoptr(MsCertInfo) info = ms_cert_info_new_from_der (der, &local);

      if (info == NULL)
        {
          g_set_error (error, MS_PIN_STORE_ERROR, MS_PIN_STORE_ERROR_BAD_CERTIFICATE, "%s", local->message);
          return NULL;
        }
      fill_group (keyfile, host, port, info->sha256, der, info);
    }
  return g_key_file_to_data (keyfile, out_length, NULL);
}

gboolean
ms_pin_store_add (MsPinStore *self, const char *host, guint port, GBytes *der, GError **error)
{
  g_autoptr(MsCertInfo) info = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (MS_IS_PIN_STORE (self), FALSE);
  g_return_val_if_fail (host != NULL && port > 0 && der != NULL, FALSE);
  info = ms_cert_info_new_from_der (der, &local);
  if (info == NULL)
    {
      g_set_error (error, MS_PIN_STORE_ERROR, MS_PIN_STORE_ERROR_BAD_CERTIFICATE, "%s", local->message);
      return FALSE;
    }
  return set_pin (self, host, port, info->sha256, der, info, error);
}

typedef struct {
  char *host;
  guint port;
  GBytes *der;
} AddData;

static void
add_data_free (AddData *data)
{
  g_free (data->host);
  g_bytes_unref (data->der);
  g_free (data);
}

static void
add_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  AddData *data = task_data;
  GError *error = NULL;

  if (ms_pin_store_add (source, data->host, data->port, data->der, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ms_pin_store_add_async (MsPinStore *self, const char *host, guint port, GBytes *der,
                        GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  AddData *data = g_new0 (AddData, 1);

  data->host = g_strdup (host);
  data->port = port;
  data->der = g_bytes_ref (der);
  g_task_set_source_tag (task, ms_pin_store_add_async);
  g_task_set_task_data (task, data, (GDestroyNotify) add_data_free);
  g_task_run_in_thread (task, add_thread);
}

gboolean
ms_pin_store_add_finish (MsPinStore *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
ms_pin_store_add_fingerprint (MsPinStore *self, const char *host, guint port, const char *sha256,
                              GError **error)
{
  g_autofree char *norm = sha256 ? ms_cert_normalize_fingerprint (sha256) : NULL;

  if (norm == NULL)
    {
      g_set_error (error, MS_PIN_STORE_ERROR, MS_PIN_STORE_ERROR_BAD_FINGERPRINT,
                   /* TRANSLATORS: %s is the text given as a fingerprint, e.g. “12:AB:…”. */
                   _("“%s” is not a SHA-256 fingerprint (64 hexadecimal digits, colons allowed)"),
                   sha256 ? sha256 : "");
      return FALSE;
    }
  return set_pin (self, host, port, norm, NULL, NULL, error);
}

gboolean
ms_pin_store_remove (MsPinStore *self, const char *host, guint port, GError **error)
{
  g_autofree char *group = group_name (host, port);
  gboolean ok = TRUE;

  g_mutex_lock (&self->lock);
  if (g_key_file_remove_group (self->keyfile, group, NULL))
    ok = save_locked (self, error);
  g_mutex_unlock (&self->lock);
  return ok;
}
