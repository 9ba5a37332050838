/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-types.h"
#include "ms-client.h"
#include "ms-file-set.h"

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

const char *ms_evo_security_method  (MsSecurity security);
const char *ms_evo_auth_method      (MsProtocol protocol, MsAuth auth, const char *host);
char       *ms_evo_uid_for_address  (const char *address, const char *role);

/* Scans @sources_dir for an identity with this address (Evolution's own or
 * ours) and returns the UIDs to write to; never fails: an unreadable file
 * is skipped as the registry would skip it. */
MsEvoUids  *ms_evo_find_uids        (const char *sources_dir, const MsEvoAccount *acct);

/* Plans the files of @acct into @set (identity, transport, signature,
 * then the account last), merged with what exists so that the user's own
 * settings in them stay.  @remember_password: RememberPassword in both
 * sources. */
gboolean    ms_evo_plan             (MsFileSet *set, const char *config_dir, const MsEvoAccount *acct,
                                     const MsEvoUids *uids, gboolean remember_password, GError **error);
char       *ms_evo_source_path      (const char *config_dir, const char *uid);
/* A .source file as the registry would read it, or NULL (missing, not a
 * regular file, too large, or not a key file). */
GKeyFile   *ms_evo_load_source_file (const char *path);

/* The keyring label EDS itself would give the source (e_source_dup_secret_label). */
char       *ms_evo_secret_label     (const char *display_name, const char *type, const char *backend,
                                     const char *parent);

/* Plans, in @set, camel-cert.db trusting @der for @host as Evolution's
 * "Accept" does, and the copy of the certificate it checks against. */
gboolean    ms_evo_certdb_plan_trust (MsFileSet *set, const char *data_dir, const char *host, GBytes *der,
                                      GError **error);
char       *ms_evo_certdb_fingerprint (GBytes *der);

/* One entry of camel-cert.db (camel-certdb.c). */
typedef struct {
  char *issuer;
  char *subject;
  char *hostname;
  char *fingerprint;   /* MD5, lowercase, "ab:…:" */
  guint32 trust;       /* CamelCertTrust */
} MsEvoCertEntry;

/* A certificate to trust for a host name. */
typedef struct {
  char *host;
  GBytes *der;
} MsEvoTrust;

void        ms_evo_cert_entry_free    (MsEvoCertEntry *entry);
/* MsEvoCertEntry*, or NULL when the file is damaged. */
GPtrArray  *ms_evo_certdb_parse       (const char *data, gsize size, guint32 *version);
GBytes     *ms_evo_certdb_serialize   (guint32 version, GPtrArray *entries);
/* The trust values Camel accepts a certificate with. */
gboolean    ms_evo_certdb_trust_accepts (guint32 trust);
/* $data_dir/evolution/camel-cert.db and $data_dir/camel_certs/<fingerprint>. */
char       *ms_evo_certdb_path        (const char *data_dir);
char       *ms_evo_certdb_copy_path   (const char *data_dir, const char *fingerprint);
/* Plans, in @set, camel-cert.db without the entries of @remove
 * (MsEvoCertEntry*, matched on host name and fingerprint) and with those
 * of @trust (MsEvoTrust*) accepted, with the copies Camel compares
 * against; a copy no entry names any more is removed. */
gboolean    ms_evo_certdb_plan_edit   (MsFileSet *set, const char *data_dir, GPtrArray *remove,
                                       GPtrArray *trust, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsEvoCertEntry, ms_evo_cert_entry_free)

G_END_DECLS
