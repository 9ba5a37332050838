/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-client.h"
#include "ms-existing.h"

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

/* The IMAP and POP3 accounts of the profile at @profile_dir, from its
 * prefs.js, as MsExistingAccount* (@location: the profile's name).
 * Reads a file: not from the main loop. */
GPtrArray  *ms_thunderbird_read_accounts (const char *profile_dir, const char *location, GError **error);

/* Plans, in @set, @account's servers replaced by @incoming and @outgoing
 * (NULL: leave it alone) under the same account, server and SMTP keys.
 * With @password, saves it for the corrected usernames as the writer
 * does.  The caller holds the profile's lock (ms_thunderbird_lock_existing). */
gboolean    ms_thunderbird_plan_repair   (MsFileSet *set, const MsExistingAccount *account,
                                          const MsEndpoint *incoming, const MsEndpoint *outgoing,
                                          const char *password, GError **error);

/* Takes the profile's lock as Thunderbird does; -1 with
 * MS_CLIENT_ERROR_RUNNING while Thunderbird holds it. */
int         ms_thunderbird_lock_existing   (const MsExistingAccount *account, gboolean *created, GError **error);
void        ms_thunderbird_unlock_existing (const MsExistingAccount *account, int fd, gboolean created);

G_END_DECLS
