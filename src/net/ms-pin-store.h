/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MS_PIN_STORE_ERROR (ms_pin_store_error_quark ())

typedef enum {
  MS_PIN_STORE_ERROR_IO,
  MS_PIN_STORE_ERROR_PARSE,
  MS_PIN_STORE_ERROR_BAD_FINGERPRINT,
  MS_PIN_STORE_ERROR_BAD_CERTIFICATE,
} MsPinStoreError;

GQuark ms_pin_store_error_quark (void);

/* A certificate exception the user accepted, for one host:port.  The DER
 * is kept because client writers need more than the fingerprint:
 * Thunderbird's cert_override.txt keys on issuer and serial. */
typedef struct {
  char *host;
  guint port;
  char *sha256;       /* colon-separated uppercase hex */
  GBytes *der;        /* NULL for fingerprint-only pins (command line) */
  char *pem;
  char *issuer_dn;
  char *serial;
} MsPin;

void  ms_pin_free (MsPin *pin);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsPin, ms_pin_free)

/* Accepted certificate exceptions, pinned to the SHA-256 fingerprint.
 * Thread-safe: probes consult it from worker threads. */
#define MS_TYPE_PIN_STORE (ms_pin_store_get_type ())
G_DECLARE_FINAL_TYPE (MsPinStore, ms_pin_store, MS, PIN_STORE, GObject)

/* @path NULL: $XDG_DATA_HOME/mail-setup/pinned-certificates.ini */
MsPinStore *ms_pin_store_new            (const char *path);
/* Never written to disk: for pins given on the command line. */
MsPinStore *ms_pin_store_new_memory     (void);
const char *ms_pin_store_get_path       (MsPinStore *self);

/* A missing file is an empty store, not an error.  Anything but a regular
 * file of at most 1 MiB is refused before it is read. */
gboolean    ms_pin_store_load           (MsPinStore *self, GError **error);
/* Replaces the pins with those of @data, the text of a pin file. */
gboolean    ms_pin_store_load_from_data (MsPinStore *self, const char *data, gsize length, GError **error);
void        ms_pin_store_load_async     (MsPinStore *self, GCancellable *cancellable,
                                         GAsyncReadyCallback callback, gpointer user_data);
gboolean    ms_pin_store_load_finish    (MsPinStore *self, GAsyncResult *result, GError **error);

/* The pinned SHA-256 for @host:@port, or NULL. */
char       *ms_pin_store_lookup         (MsPinStore *self, const char *host, guint port);
gboolean    ms_pin_store_is_pinned      (MsPinStore *self, const char *host, guint port, const char *sha256);
MsPin      *ms_pin_store_get            (MsPinStore *self, const char *host, guint port);
GPtrArray  *ms_pin_store_list           (MsPinStore *self);

/* Pins @der for @host:@port (replacing an older pin) and saves atomically (0600). */
gboolean    ms_pin_store_add            (MsPinStore *self, const char *host, guint port, GBytes *der,
                                         GError **error);
void        ms_pin_store_add_async      (MsPinStore *self, const char *host, guint port, GBytes *der,
                                         GCancellable *cancellable, GAsyncReadyCallback callback,
                                         gpointer user_data);
gboolean    ms_pin_store_add_finish     (MsPinStore *self, GAsyncResult *result, GError **error);
gboolean    ms_pin_store_add_fingerprint(MsPinStore *self, const char *host, guint port, const char *sha256,
                                         GError **error);
gboolean    ms_pin_store_remove         (MsPinStore *self, const char *host, guint port, GError **error);

/* For writers that change the file with others at once (MsFileSet): the
 * text of a store file (@data NULL when absent) with @host:@port's pin
 * replaced by @der, or removed when @der is NULL.  Touches no file. */
char       *ms_pin_store_edit_data      (const char *data, gsize length, const char *host, guint port,
                                         GBytes *der, gsize *out_length, GError **error);

G_END_DECLS
