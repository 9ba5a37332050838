/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-endpoint.h"
#include "ms-file-set.h"

G_BEGIN_DECLS

/* A mail account a program already has: where it lives, the keys that
 * name it there, and its two servers with their usernames as set.  A
 * repair writes the corrected servers back under the same keys, so that
 * the program finds the same account, folders and filters. */
typedef struct {
  char *program;        /* "thunderbird" or "evolution" */
  char *location;       /* Thunderbird: the profile's name; Evolution: "Evolution" */
  char *dir;            /* Thunderbird: the profile directory; Evolution: the sources folder */
  char *account_key;    /* Thunderbird "account2"; Evolution: the account source's UID */
  char *incoming_key;   /* Thunderbird "server2"; Evolution: the account source's UID */
  char *outgoing_key;   /* Thunderbird "smtp1"; Evolution: the transport source's UID; or NULL */
  char *identity_key;   /* Thunderbird "id2"; Evolution: the identity source's UID; or NULL */
  char *display_name;   /* the account's name in the program, or NULL */
  char *address;        /* the identity's address, or NULL */
  MsEndpoint *incoming; /* with the username as set */
  MsEndpoint *outgoing; /* NULL without an outgoing server */
} MsExistingAccount;

MsExistingAccount *ms_existing_account_new  (const char *program);
MsExistingAccount *ms_existing_account_copy (const MsExistingAccount *account);
void               ms_existing_account_free (MsExistingAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsExistingAccount, ms_existing_account_free)

/* Whether @account is the one of @address (its identity or its login) or,
 * without an address, one on @hosts (NULL-terminated; NULL: any host). */
gboolean           ms_existing_account_matches (const MsExistingAccount *account, const char *address,
                                                const char *const *hosts);

/* Every account of every program (Thunderbird's profiles, Evolution's
 * sources), MsExistingAccount*.  A store that cannot be read is added to
 * @unreadable (GError*) and the others are still read.  Blocking. */
GPtrArray         *ms_existing_find_all (GPtrArray *unreadable);

/* Keeps the program off @account's files while a repair is committed:
 * Thunderbird's profile lock, taken as Thunderbird takes it.  NULL with
 * MS_CLIENT_ERROR_RUNNING while the program holds them (Evolution: while
 * it runs; its registry may run, it reloads the changed files itself). */
typedef struct _MsExistingLock MsExistingLock;
MsExistingLock    *ms_existing_lock   (const MsExistingAccount *account, GError **error);
void               ms_existing_unlock (MsExistingLock *lock);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsExistingLock, ms_existing_unlock)

/* Plans, in @set, @account with its servers replaced by @incoming and
 * @outgoing (NULL: leave that server alone): port, security and username,
 * under the same keys.  With @password, also the program's own password
 * files where it keeps them there (Thunderbird).  Fails with
 * MS_CLIENT_ERROR_CORRUPT when the files cannot be read safely or no
 * longer hold the account.  Blocking. */
gboolean           ms_existing_plan_repair (MsFileSet *set, const MsExistingAccount *account,
                                            const MsEndpoint *incoming, const MsEndpoint *outgoing,
                                            const char *password, GError **error);
/* After the commit: stores @password where the program keeps it outside
 * its files (Evolution: the keyring, under the account's own source UIDs,
 * as EDS does).  TRUE with nothing to do for Thunderbird.  Blocking. */
gboolean           ms_existing_store_password (const MsExistingAccount *account, const char *password,
                                               GCancellable *cancellable, GError **error);

G_END_DECLS
