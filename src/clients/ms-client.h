/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-account.h"
#include "net/ms-pin-store.h"

G_BEGIN_DECLS

#define MS_CLIENT_ERROR (ms_client_error_quark ())

/* Shared by every writer, so the Apply page and --apply can give the same
 * advice whatever the program. */
typedef enum {
  MS_CLIENT_ERROR_RUNNING,        /* the program is running on that profile: close it, then Try Again */
  MS_CLIENT_ERROR_NO_PROFILE,     /* no profile and none could be created */
  MS_CLIENT_ERROR_CORRUPT,        /* an existing file cannot be read safely: nothing was changed */
  MS_CLIENT_ERROR_IO,             /* a write failed: nothing was changed */
  MS_CLIENT_ERROR_KEYRING,        /* no Secret Service, or the keyring stayed locked */
  MS_CLIENT_ERROR_PASSWORD_STORE, /* the program's own password store refused (a primary password…) */
  MS_CLIENT_ERROR_INVALID,        /* the account is not complete enough to write */
} MsClientError;

GQuark ms_client_error_quark (void);

typedef struct {
  gboolean dry_run;               /* compute everything, write nothing (the report says what would change) */
  gboolean store_password;        /* FALSE: the user declined to remember it */
  const char *profile;            /* Thunderbird: profile directory or name to use; NULL = default */
} MsClientOptions;

/* What a writer did, for the Apply page, --apply and the report. */
typedef struct {
  char *client_id;
  char *summary;                  /* translated, one sentence */
  GPtrArray *written;             /* char* paths created or replaced */
  char *backup;                   /* copy of the main file (prefs.js, the account source) before the change */
  GPtrArray *backups;             /* char*, every copy made */
  gboolean password_stored;
  char *password_note;            /* translated, when the password was not stored, or NULL */
  char *diff;                     /* with dry_run: unified diff against the current files */
} MsClientReport;

void            ms_client_report_free (MsClientReport *report);
MsClientReport *ms_client_report_new  (const char *client_id);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsClientReport, ms_client_report_free)

#define MS_TYPE_CLIENT (ms_client_get_type ())
G_DECLARE_INTERFACE (MsClient, ms_client, MS, CLIENT, GObject)

/* A mail program Mail Setup writes accounts into.  write_async() does all
 * its disk and keyring work off the main loop; it either writes everything
 * or changes nothing (files go to a temporary name, then rename). */
struct _MsClientInterface
{
  GTypeInterface parent_iface;

  const char     *(*get_id)           (MsClient *self);
  const char     *(*get_display_name) (MsClient *self);
  gboolean        (*is_installed)     (MsClient *self);
  GAppInfo       *(*get_app_info)     (MsClient *self);
  /* Keeps its password in the keyring (so a missing keyring blocks it). */
  gboolean        (*needs_keyring)    (MsClient *self, const MsClientOptions *options);
  /* Blocking (a worker thread calls it): FALSE with MS_CLIENT_ERROR_RUNNING
   * when the program holds what would be written. */
  gboolean        (*check_ready)      (MsClient *self, const MsClientOptions *options, GError **error);
  void            (*write_async)      (MsClient *self, MsAccount *account, MsPinStore *pins,
                                       const MsClientOptions *options, GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data);
  MsClientReport *(*write_finish)     (MsClient *self, GAsyncResult *result, GError **error);
};

const char     *ms_client_get_id           (MsClient *self);
const char     *ms_client_get_display_name (MsClient *self);
gboolean        ms_client_is_installed     (MsClient *self);
GAppInfo       *ms_client_get_app_info     (MsClient *self);
gboolean        ms_client_needs_keyring    (MsClient *self, const MsClientOptions *options);
gboolean        ms_client_check_ready      (MsClient *self, const MsClientOptions *options, GError **error);
void            ms_client_write_async      (MsClient *self, MsAccount *account, MsPinStore *pins,
                                            const MsClientOptions *options, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
MsClientReport *ms_client_write_finish     (MsClient *self, GAsyncResult *result, GError **error);

G_END_DECLS
