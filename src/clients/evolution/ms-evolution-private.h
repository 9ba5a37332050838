/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-types.h"
#include "ms-client.h"

G_BEGIN_DECLS

/* A plain copy of what the writer needs from MsAccount, taken on the main
 * thread so that the worker thread never touches the GObject. */
typedef struct {
  char *real_name;
  char *address;
  char *reply_to;
  char *organization;
  char *signature;
  char *password;
  gboolean remember_password;
  MsProtocol in_protocol;
  char *in_host;
  guint in_port;
  MsSecurity in_security;
  char *in_user;
  MsAuth in_auth;
  char *out_host;
  guint out_port;
  MsSecurity out_security;
  char *out_user;
  MsAuth out_auth;
} MsEvoAccount;

MsEvoAccount *ms_evo_account_new_from   (MsAccount *account);
void          ms_evo_account_free       (MsEvoAccount *acct);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsEvoAccount, ms_evo_account_free)

/* The sources of one account: found on disk, or new ones with UIDs made
 * from the address. */
typedef struct {
  char *account;
  char *identity;
  char *transport;
  char *signature;      /* NULL: the account has no signature to write */
  gboolean account_exists;
  gboolean identity_exists;
  gboolean transport_exists;
  gboolean signature_exists;
} MsEvoUids;

void        ms_evo_uids_free (MsEvoUids *uids);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsEvoUids, ms_evo_uids_free)

/* One file the writer would create or replace. */
typedef struct {
  char *path;
  char *old_contents;   /* NULL: the file does not exist yet */
  char *new_contents;
} MsEvoFile;

void        ms_evo_file_free (MsEvoFile *file);

const char *ms_evo_security_method  (MsSecurity security);
const char *ms_evo_auth_method      (MsProtocol protocol, MsAuth auth);
char       *ms_evo_uid_for_address  (const char *address, const char *role);

/* Scans @sources_dir for an identity with this address (Evolution's own or
 * ours) and returns the UIDs to write to; never fails: an unreadable file
 * is skipped as the registry would skip it. */
MsEvoUids  *ms_evo_find_uids        (const char *sources_dir, const MsEvoAccount *acct);

/* The files to write for @acct (identity, transport, signature, then the
 * account last), merged with what exists so that the user's own settings
 * in them stay.  @remember_password: RememberPassword in both sources. */
GPtrArray  *ms_evo_plan             (const char *config_dir, const MsEvoAccount *acct, const MsEvoUids *uids,
                                     gboolean remember_password, GError **error);

/* The keyring label EDS itself would give the source (e_source_dup_secret_label). */
char       *ms_evo_secret_label     (const char *display_name, const char *type, const char *backend,
                                     const char *parent);

/* Writes @contents to @path through a hidden temporary file in the same
 * directory (fsync, then rename), mode 0600. */
gboolean    ms_evo_write_atomic     (const char *path, const char *contents, gssize length, GError **error);

/* The two halves of ms_evo_write_atomic(), so that several files can be
 * staged before any is renamed into place: returns the temporary path. */
char       *ms_evo_stage            (const char *path, const char *contents, gssize length, GError **error);
gboolean    ms_evo_commit           (const char *tmp, const char *path, GError **error);

/* A unified diff (3 lines of context) from @old_text to @new_text, or an
 * empty string when they are equal. */
char       *ms_evo_unified_diff     (const char *old_path, const char *old_text, const char *new_path,
                                     const char *new_text);

/* camel-cert.db: trust @der for @host, as Evolution's "Accept" does. */
gboolean    ms_evo_certdb_trust     (const char *data_dir, const char *host, GBytes *der, GPtrArray *written,
                                     GError **error);
char       *ms_evo_certdb_fingerprint (GBytes *der);

G_END_DECLS
