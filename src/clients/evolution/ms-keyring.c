/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-keyring.h"

/* The Secret Service through libsecret.  libsecret's own
 * secret_password_store() unlocks or creates the default collection by
 * itself, but then a dismissed prompt and a missing service look alike;
 * the steps are done one by one here so that the UI can tell "no
 * keyring" from "you declined to unlock it".  Every call runs the
 * synchronous libsecret API in a GTask thread, off the main loop. */

G_DEFINE_QUARK (ms-keyring-error-quark, ms_keyring_error)

gboolean
ms_keyring_error_is_unavailable (const GError *error)
{
  return error != NULL && error->domain == MS_KEYRING_ERROR &&
         (error->code == MS_KEYRING_ERROR_NO_SERVICE || error->code == MS_KEYRING_ERROR_LOCKED ||
          error->code == MS_KEYRING_ERROR_DISMISSED);
}

static gboolean
is_cancelled (const GError *error, GCancellable *cancellable)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
         g_cancellable_is_cancelled (cancellable);
}

static gboolean
is_service_missing (const GError *error)
{
  /* D-Bus errors as GLib maps them; a connection that failed (no session
   * bus at all) comes as a G_IO_ERROR. */
  return g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_EXEC_FAILED) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_CHILD_EXITED) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_SERVER) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_DISCONNECTED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

/* Turns a libsecret or D-Bus error into ours, keeping cancellation as it is. */
static void
propagate (GError **error, GError *local, GCancellable *cancellable, MsKeyringError fallback)
{
  if (is_cancelled (local, cancellable))
    g_propagate_error (error, local);
  else if (is_service_missing (local))
    {
      g_set_error (error, MS_KEYRING_ERROR, MS_KEYRING_ERROR_NO_SERVICE,
                   /* TRANSLATORS: %s is the system's error message, e.g. “The name org.freedesktop.secrets was
                    * not provided by any .service files”. */
                   _("No keyring service is running (%s)."), local->message);
      g_error_free (local);
    }
  else if (g_error_matches (local, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    {
      g_set_error_literal (error, MS_KEYRING_ERROR, MS_KEYRING_ERROR_LOCKED,
                           _("The keyring is locked and could not be unlocked."));
      g_error_free (local);
    }
  else
    {
      g_set_error (error, MS_KEYRING_ERROR, fallback,
                   /* TRANSLATORS: %s is the keyring's error message. */
                   fallback == MS_KEYRING_ERROR_LOCKED ? _("The keyring could not be unlocked: %s")
                                                       /* TRANSLATORS: %s is the keyring's error message. */
                                                       : _("The keyring refused the request: %s"),
                   local->message);
      g_error_free (local);
    }
}

static SecretService *
get_service (GCancellable *cancellable, GError **error)
{
  GError *local = NULL;
  SecretService *service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, cancellable, &local);

  if (service == NULL)
    {
      if (is_cancelled (local, cancellable))
        g_propagate_error (error, local);
      else
        {
          /* Whatever failed here (no bus, no service, no activation), the
           * advice is the same: there is no keyring to use. */
          g_set_error (error, MS_KEYRING_ERROR, MS_KEYRING_ERROR_NO_SERVICE,
                       /* TRANSLATORS: %s is the system's error message, e.g. “The name org.freedesktop.secrets
                        * was not provided by any .service files”. */
                       _("No keyring service is running (%s)."), local->message);
          g_error_free (local);
        }
    }
  return service;
}

/* The default collection, unlocked; created (with a prompt) when @create. */
static SecretCollection *
get_default_collection (SecretService *service, gboolean create, GCancellable *cancellable,
                        gboolean *out_missing, GError **error)
{
  g_autoptr (SecretCollection) collection = NULL;
  GError *local = NULL;

  *out_missing = FALSE;
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE,
                                                 cancellable, &local);
  if (local != NULL)
    {
      propagate (error, local, cancellable, MS_KEYRING_ERROR_FAILED);
      return NULL;
    }

  if (collection == NULL)
    {
      *out_missing = TRUE;
      if (!create)
        return NULL;
      /* A fresh session with no keyring yet: the Secret Service asks for a
       * password for the new one, as libsecret would do on its own. */
      collection = secret_collection_create_sync (service, _("Login"), SECRET_COLLECTION_DEFAULT,
                                                  SECRET_COLLECTION_CREATE_NONE, cancellable, &local);
      if (local != NULL)
        {
          propagate (error, local, cancellable, MS_KEYRING_ERROR_FAILED);
          return NULL;
        }
      if (collection == NULL)
        {
          g_set_error_literal (error, MS_KEYRING_ERROR, MS_KEYRING_ERROR_DISMISSED,
                               _("No keyring was created: the request was declined."));
          return NULL;
        }
      *out_missing = FALSE;
    }

  if (secret_collection_get_locked (collection))
    {
      GList objects = { collection, NULL, NULL };
      g_autolist (GDBusProxy) unlocked = NULL;
      int count = secret_service_unlock_sync (service, &objects, cancellable, &unlocked, &local);

      if (local != NULL)
        {
          propagate (error, local, cancellable, MS_KEYRING_ERROR_LOCKED);
          return NULL;
        }
      if (count == 0)
        {
          g_set_error_literal (error, MS_KEYRING_ERROR, MS_KEYRING_ERROR_DISMISSED,
                               _("The keyring stayed locked: the request to unlock it was declined."));
          return NULL;
        }
    }
  return g_steal_pointer (&collection);
}

gboolean
ms_keyring_check_available_sync (GCancellable *cancellable, GError **error)
{
  g_autoptr (SecretService) service = get_service (cancellable, error);
  g_autoptr (SecretCollection) collection = NULL;
  gboolean missing;
  GError *local = NULL;

  if (service == NULL)
    return FALSE;
  collection = get_default_collection (service, FALSE, cancellable, &missing, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

gboolean
ms_keyring_store_sync (const SecretSchema *schema, GHashTable *attributes, const char *label,
                       const char *password, GCancellable *cancellable, GError **error)
{
  g_autoptr (SecretService) service = NULL;
  g_autoptr (SecretCollection) collection = NULL;
  g_autoptr (SecretValue) value = NULL;
  gboolean missing;
  GError *local = NULL;

  g_return_val_if_fail (schema != NULL && attributes != NULL && password != NULL, FALSE);

  service = get_service (cancellable, error);
  if (service == NULL)
    return FALSE;
  collection = get_default_collection (service, TRUE, cancellable, &missing, error);
  if (collection == NULL)
    return FALSE;

  value = secret_value_new (password, -1, "text/plain");
  if (!secret_service_store_sync (service, schema, attributes, g_dbus_proxy_get_object_path (G_DBUS_PROXY (collection)),
                                  label, value, cancellable, &local))
    {
      propagate (error, local, cancellable, MS_KEYRING_ERROR_FAILED);
      return FALSE;
    }
  return TRUE;
}

char *
ms_keyring_lookup_sync (const SecretSchema *schema, GHashTable *attributes, GCancellable *cancellable,
                        GError **error)
{
  g_autoptr (SecretService) service = get_service (cancellable, error);
  g_autoptr (SecretValue) value = NULL;
  GError *local = NULL;

  if (service == NULL)
    return NULL;
  /* Unlocks (with a prompt) a locked item that matches. */
  value = secret_service_lookup_sync (service, schema, attributes, cancellable, &local);
  if (local != NULL)
    {
      propagate (error, local, cancellable, MS_KEYRING_ERROR_FAILED);
      return NULL;
    }
  if (value == NULL)
    return NULL;
  return g_strdup (secret_value_get_text (value));
}

void
ms_keyring_password_free (char *password)
{
  if (password == NULL)
    return;
  explicit_bzero (password, strlen (password));
  g_free (password);
}

/* Thread plumbing: one data block for the three operations. */
typedef struct {
  const SecretSchema *schema;
  GHashTable *attributes;
  char *label;
  char *password;
} Request;

static void
request_free (Request *req)
{
  g_clear_pointer (&req->attributes, g_hash_table_unref);
  g_free (req->label);
  ms_keyring_password_free (req->password);
  g_free (req);
}

static GHashTable *
copy_attributes (GHashTable *attributes)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
  return copy;
}

static GTask *
request_task (gpointer tag, const SecretSchema *schema, GHashTable *attributes, const char *label,
              const char *password, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Request *req = g_new0 (Request, 1);

  g_task_set_source_tag (task, tag);
  g_task_set_return_on_cancel (task, FALSE);
  req->schema = schema;
  req->attributes = attributes ? copy_attributes (attributes) : NULL;
  req->label = g_strdup (label);
  req->password = g_strdup (password);
  g_task_set_task_data (task, req, (GDestroyNotify) request_free);
  return task;
}

static void
check_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GError *error = NULL;

  if (ms_keyring_check_available_sync (cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ms_keyring_check_available_async (GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = request_task (ms_keyring_check_available_async, NULL, NULL, NULL, NULL,
                                         cancellable, callback, user_data);

  g_task_run_in_thread (task, check_thread);
}

gboolean
ms_keyring_check_available_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
store_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Request *req = data;
  GError *error = NULL;

  if (ms_keyring_store_sync (req->schema, req->attributes, req->label, req->password, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ms_keyring_store_async (const SecretSchema *schema, GHashTable *attributes, const char *label,
                        const char *password, GCancellable *cancellable, GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (schema != NULL && attributes != NULL && password != NULL);
  task = request_task (ms_keyring_store_async, schema, attributes, label, password, cancellable, callback,
                       user_data);
  g_task_run_in_thread (task, store_thread);
}

gboolean
ms_keyring_store_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Request *req = data;
  GError *error = NULL;
  char *password = ms_keyring_lookup_sync (req->schema, req->attributes, cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, password, (GDestroyNotify) ms_keyring_password_free);
}

void
ms_keyring_lookup_async (const SecretSchema *schema, GHashTable *attributes, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (schema != NULL && attributes != NULL);
  task = request_task (ms_keyring_lookup_async, schema, attributes, NULL, NULL, cancellable, callback, user_data);
  g_task_run_in_thread (task, lookup_thread);
}

char *
ms_keyring_lookup_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
