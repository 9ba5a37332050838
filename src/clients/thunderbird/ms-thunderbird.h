/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-client.h"

G_BEGIN_DECLS

/* The Thunderbird writer: prefs.js, cert_override.txt and logins.json of a
 * profile under ~/.thunderbird (Debian's Thunderbird 153; the Flatpak, Snap
 * and XDG folders are probed too). */
MsClient   *ms_thunderbird_client_new (void);

typedef struct {
  char *name;         /* Name= in profiles.ini */
  char *path;         /* absolute directory */
  gboolean is_default;
} MsThunderbirdProfile;

void        ms_thunderbird_profile_free (MsThunderbirdProfile *profile);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsThunderbirdProfile, ms_thunderbird_profile_free)

/* MsThunderbirdProfile*, in profiles.ini order; empty when there is none.
 * At most one is_default: the [Install…] default, else Default=1, else the
 * only profile; none when the user has to choose.  NULL with
 * MS_CLIENT_ERROR_CORRUPT if profiles.ini cannot be read.  Reads
 * profiles.ini: from the main loop, use the async version. */
GPtrArray  *ms_thunderbird_list_profiles (GError **error);
/* The same in a worker thread, for the main loop. */
void        ms_thunderbird_list_profiles_async  (GCancellable *cancellable, GAsyncReadyCallback callback,
                                                 gpointer user_data);
GPtrArray  *ms_thunderbird_list_profiles_finish (GAsyncResult *result, GError **error);

/* TRUE if a Thunderbird process holds the profile (its .parentlock fcntl
 * lock, or a `lock` symlink naming a live process). */
gboolean    ms_thunderbird_profile_is_locked (const char *path);

/* A mail account a profile already has (issue: check and repair). */
typedef struct {
  char *account_key;     /* "account2": the keys stay the same when it is repaired */
  char *server_key;
  char *smtp_key;        /* NULL without an outgoing server */
  char *address;         /* the first identity's, or NULL */
  MsEndpoint *incoming;  /* with the username as set */
  MsEndpoint *outgoing;  /* NULL without an outgoing server */
} MsThunderbirdExisting;

void        ms_thunderbird_existing_free (MsThunderbirdExisting *existing);
/* MsThunderbirdExisting*: the IMAP and POP3 accounts of the profile at
 * @profile_dir, from its prefs.js.  Reads a file: not from the main loop. */
GPtrArray  *ms_thunderbird_read_accounts (const char *profile_dir, GError **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsThunderbirdExisting, ms_thunderbird_existing_free)

G_END_DECLS
