/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Internals of the Thunderbird writer, shared between its files and its
 * tests.  Everything here does blocking I/O: call from a worker thread. */

#include "ms-thunderbird.h"
#include "ms-thunderbird-prefs.h"
#include "ms-file-set.h"

G_BEGIN_DECLS

/* The install hash Debian's /usr/lib/thunderbird gets in profiles.ini
 * ([Install<hash>], CityHash64 of the install directory). */
#define MS_TB_DEBIAN_INSTALL_HASH "FDC34C9F024745EB"

/* ---- profiles (ms-thunderbird-profiles.c) ---- */

/* The folder holding profiles.ini: the first of ~/.thunderbird, the XDG,
 * Flatpak and Snap folders that has one, else ~/.thunderbird.  $HOME is
 * read each time, so tests can point it elsewhere. */
char       *ms_tb_profiles_root          (void);
GPtrArray  *ms_tb_list_profiles_in       (const char *root, GError **error);
/* The profiles listed in @data, the text of @root's profiles.ini (@origin
 * names it in errors). */
GPtrArray  *ms_tb_parse_profiles_ini     (const char *root, const char *data, gsize length, const char *origin,
                                          GError **error);

/* @wanted: NULL (the default), a directory, or a profile name.  When there
 * is no profile at all, returns the one that would be created and sets
 * @create. */
MsThunderbirdProfile *ms_tb_resolve_profile (const char *wanted, gboolean *create, GError **error);
/* Plans the files of a new profile into @set: its folder and
 * compatibility.ini, and its entries in profiles.ini and installs.ini. */
gboolean    ms_tb_plan_new_profile       (MsFileSet *set, MsThunderbirdProfile *profile, GError **error);

/* Takes the profile's .parentlock as Thunderbird does, so that Thunderbird
 * cannot start on it while we write.  Returns the fd to close when done, or
 * -1 with MS_CLIENT_ERROR_RUNNING. */
int         ms_tb_lock_profile           (const char *path, gboolean *created, GError **error);
/* Releases the lock, removing .parentlock if we created it. */
void        ms_tb_unlock_profile         (const char *path, int fd, gboolean created);
/* The same check without taking the lock (nor creating .parentlock). */
gboolean    ms_tb_check_profile_free     (const char *path, GError **error);

/* ---- prefs.js account (ms-thunderbird-account.c) ---- */

typedef struct {
  char *account;      /* accountN */
  char *server;       /* serverN */
  char *identity;     /* idN */
  char *smtp;         /* smtpN */
  gboolean updated;   /* an account for this address was already there */
  gboolean is_default;
} MsTbAccountKeys;

void        ms_tb_account_keys_clear     (MsTbAccountKeys *keys);
/* "mail.server." "server2" "port" → "mail.server.server2.port", and its value. */
char       *ms_tb_pref_name              (const char *prefix, const char *key, const char *leaf);
const char *ms_tb_pref_get               (MsTbPrefs *prefs, const char *prefix, const char *key, const char *leaf);
/* Thunderbird's socketType / try_ssl for a security, and back. */
gint32      ms_tb_socket_type            (MsSecurity security);
MsSecurity  ms_tb_security_from_socket_type (gint32 socket_type);
/* Adds or updates the account for @account's address in @prefs. */
gboolean    ms_tb_apply_account          (MsTbPrefs *prefs, MsAccount *account, MsTbAccountKeys *keys,
                                          GError **error);
/* "imap", "mailbox" or "smtp": the scheme of Thunderbird's login entries. */
char       *ms_tb_login_origin           (MsServer *server);
char       *ms_tb_login_origin_for       (MsProtocol protocol, const char *hostname);

/* ---- cert_override.txt (ms-thunderbird-certs.c) ---- */

/* Base64 of Thunderbird's dbKey (module, slot, serial and issuer lengths,
 * serial, issuer DER); NULL if @der cannot be parsed. */
char       *ms_tb_cert_db_key            (GBytes *der);
/* @old_text with one line per MsPin in @pins, replacing lines for the same
 * host:port. */
char       *ms_tb_cert_override_merge    (const char *old_text, GPtrArray *pins);

/* One exception of cert_override.txt. */
typedef struct {
  char *host;               /* without IPv6 brackets */
  guint port;
  char *origin_attributes;  /* after "host:port:", usually empty */
  char *sha256;             /* colon-separated uppercase hex */
} MsTbOverride;

void        ms_tb_override_free          (MsTbOverride *entry);
/* MsTbOverride*: the lines Thunderbird understands, in order. */
GPtrArray  *ms_tb_cert_override_parse    (const char *text);
/* @old_text without the lines of @remove (MsTbOverride*, matched on host,
 * port, origin attributes and fingerprint), then merged with @add (MsPin*)
 * as ms_tb_cert_override_merge() does; either may be NULL. */
char       *ms_tb_cert_override_edit     (const char *old_text, GPtrArray *remove, GPtrArray *add);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsTbOverride, ms_tb_override_free)

/* ---- authorities in cert9.db (ms-thunderbird-authorities.c) ---- */

/* The DER (GBytes*) of the authorities the profile trusts for servers,
 * read from a private copy; empty when it has no cert9.db yet. */
GPtrArray  *ms_tb_profile_authorities    (const char *profile_dir, GError **error);
/* Plans, in @set, the profile's cert9.db with @der trusted for servers
 * ("C,,") under @nickname.  The caller holds the profile's lock. */
gboolean    ms_tb_plan_authority         (MsFileSet *set, const char *profile_dir, GBytes *der,
                                          const char *nickname, GError **error);

/* ---- logins.json (ms-thunderbird-logins.c) ---- */

typedef struct {
  char *origin;       /* imap://host, mailbox://host, smtp://host */
  char *username;
} MsTbLogin;

void        ms_tb_login_free             (MsTbLogin *login);
/* Encrypts @password with the key4.db in @key_dir (creating it when
 * absent) and returns the new logins.json text.  NULL with MS_CLIENT_ERROR_PASSWORD_STORE
 * and a message for the user when it cannot be done safely. */
char       *ms_tb_logins_update          (const char *key_dir, const char *old_json, GPtrArray *logins,
                                          const char *password, GError **error);

/* Plans, in @set, the profile's logins.json with @password saved for
 * @logins (MsTbLogin*), and its key4.db.  NSS writes key4.db in place, so
 * it works on a private copy that joins the set like any other file.  The
 * caller holds the profile's lock. */
/* Removes a private folder NSS worked in, and the files in it. */
void        ms_tb_remove_work_dir        (const char *work);
gboolean    ms_tb_plan_logins            (MsFileSet *set, const char *profile_dir, GPtrArray *logins,
                                          const char *password, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsTbLogin, ms_tb_login_free)

G_END_DECLS
