/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define MS_KEYRING_ERROR (ms_keyring_error_quark ())

/* Each code maps to one piece of advice in the UI: with NO_SERVICE,
 * LOCKED and DISMISSED the account can still be written, without
 * remembering the password. */
typedef enum {
  MS_KEYRING_ERROR_NO_SERVICE,  /* no Secret Service on the session bus (or no session bus) */
  MS_KEYRING_ERROR_LOCKED,      /* the default keyring is locked and could not be unlocked */
  MS_KEYRING_ERROR_DISMISSED,   /* the user declined to unlock (or create) the keyring */
  MS_KEYRING_ERROR_FAILED,      /* the Secret Service refused for another reason */
} MsKeyringError;

GQuark      ms_keyring_error_quark           (void);

/* TRUE for the errors after which "continue without remembering the
 * password" is the right offer. */
gboolean    ms_keyring_error_is_unavailable  (const GError *error);

/* Checks that a Secret Service answers and that its default collection is
 * unlocked, unlocking it (the keyring prompts) if needed.  A missing
 * default collection is not an error: storing creates it (with a prompt). */
void        ms_keyring_check_available_async  (GCancellable *cancellable, GAsyncReadyCallback callback,
                                               gpointer user_data);
gboolean    ms_keyring_check_available_finish (GAsyncResult *result, GError **error);
gboolean    ms_keyring_check_available_sync   (GCancellable *cancellable, GError **error);

/* Stores @password in the default collection under @schema and
 * @attributes (string → string), replacing an item with the same
 * attributes.  @password is copied into non-pageable memory at once. */
void        ms_keyring_store_async   (const SecretSchema *schema, GHashTable *attributes, const char *label,
                                      const char *password, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data);
gboolean    ms_keyring_store_finish  (GAsyncResult *result, GError **error);
gboolean    ms_keyring_store_sync    (const SecretSchema *schema, GHashTable *attributes, const char *label,
                                      const char *password, GCancellable *cancellable, GError **error);

/* The password, or NULL with no error when there is none.  Free it with
 * ms_keyring_password_free(), which wipes it. */
void        ms_keyring_lookup_async  (const SecretSchema *schema, GHashTable *attributes,
                                      GCancellable *cancellable, GAsyncReadyCallback callback,
                                      gpointer user_data);
char       *ms_keyring_lookup_finish (GAsyncResult *result, GError **error);
char       *ms_keyring_lookup_sync   (const SecretSchema *schema, GHashTable *attributes,
                                      GCancellable *cancellable, GError **error);

void        ms_keyring_password_free (char *password);

G_END_DECLS
