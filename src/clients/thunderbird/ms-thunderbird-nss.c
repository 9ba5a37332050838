/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <dlfcn.h>
#include <glib/gi18n-lib.h>
#include <cert.h>
#include <certdb.h>
#include <nss.h>
#include <pk11pub.h>
#include <string.h>

#include "ms-thunderbird-nss.h"

/* NSS is loaded at run time rather than linked, so that the copy bundled
 * with Thunderbird can be used when it is installed: Thunderbird 153's NSS
 * (3.125) encrypts with AES and Debian 12's (3.87) cannot use the AES key a
 * Thunderbird-made key4.db holds.  The headers only give us the types. */

#define TB_NSS_DIR "/usr/lib/thunderbird"

typedef SECStatus (*InitializeFn) (const char *, const char *, const char *, const char *, PRUint32);
typedef SECStatus (*ShutdownFn) (void);
typedef PK11SlotInfo *(*GetSlotFn) (void);
typedef void (*FreeSlotFn) (PK11SlotInfo *);
typedef PRBool (*SlotBoolFn) (PK11SlotInfo *);
typedef SECStatus (*InitPinFn) (PK11SlotInfo *, const char *, const char *);
typedef SECStatus (*CheckPasswordFn) (PK11SlotInfo *, const char *);
typedef SECStatus (*EncryptFn) (SECItem *, SECItem *, SECItem *, void *);
typedef SECStatus (*EncryptMechFn) (PK11SlotInfo *, SECItem *, CK_MECHANISM_TYPE, SECItem *, SECItem *, void *);
typedef SECStatus (*DecryptFn) (SECItem *, SECItem *, void *);
typedef void (*ZfreeFn) (SECItem *, PRBool);
typedef const char *(*VersionFn) (void);
typedef int (*GetErrorFn) (void);
typedef CERTCertDBHandle *(*GetCertDbFn) (void);
typedef CERTCertificate *(*NewTempCertFn) (CERTCertDBHandle *, SECItem *, char *, PRBool, PRBool);
typedef SECStatus (*ImportCertFn) (PK11SlotInfo *, CERTCertificate *, CK_OBJECT_HANDLE, const char *, PRBool);
typedef SECStatus (*DecodeTrustFn) (CERTCertTrust *, const char *);
typedef SECStatus (*ChangeTrustFn) (CERTCertDBHandle *, CERTCertificate *, CERTCertTrust *);
typedef SECStatus (*GetTrustFn) (const CERTCertificate *, CERTCertTrust *);
typedef void (*DestroyCertFn) (CERTCertificate *);
typedef CERTCertList *(*ListCertsFn) (PK11CertListType, void *);
typedef void (*DestroyListFn) (CERTCertList *);

static struct {
  gboolean loaded;
  char *origin;
  InitializeFn initialize;
  ShutdownFn shutdown;
  GetSlotFn get_internal_key_slot;
  FreeSlotFn free_slot;
  SlotBoolFn need_user_init, need_login;
  InitPinFn init_pin;
  CheckPasswordFn check_user_password;
  EncryptFn sdr_encrypt;
  EncryptMechFn sdr_encrypt_with_mechanism;  /* NSS ≥ 3.113 */
  DecryptFn sdr_decrypt;
  ZfreeFn zfree_item;
  VersionFn get_version;
  GetErrorFn get_error;
  /* Authorities in cert9.db */
  GetCertDbFn get_default_certdb;
  NewTempCertFn new_temp_certificate;
  ImportCertFn import_cert;
  DecodeTrustFn decode_trust_string;
  ChangeTrustFn change_cert_trust;
  GetTrustFn get_cert_trust;
  DestroyCertFn destroy_certificate;
  ListCertsFn list_certs;
  DestroyListFn destroy_cert_list;
} nss;

/* NSS keeps global state: one profile at a time in this process. */
static GMutex nss_lock;

static void *
open_nss (char **origin)
{
  void *handle = dlopen ("libnss3.so", RTLD_NOW | RTLD_NOLOAD);

  if (handle)
    {
      /* Already in the process: a second copy would fight over its state. */
      *origin = g_strdup ("already loaded");
      return handle;
    }
  if (g_file_test (TB_NSS_DIR "/libnss3.so", G_FILE_TEST_EXISTS))
    {
      /* Its dependencies are found by soname once loaded by path: Thunderbird
       * sets no RUNPATH of its own. */
      static const char *deps[] = { "libnssutil3.so", "libmozsqlite3.so" };
      for (guint i = 0; i < G_N_ELEMENTS (deps); i++)
        {
          g_autofree char *dep = g_build_filename (TB_NSS_DIR, deps[i], NULL);
          dlopen (dep, RTLD_NOW | RTLD_LOCAL);
        }
      handle = dlopen (TB_NSS_DIR "/libnss3.so", RTLD_NOW | RTLD_LOCAL);
      if (handle)
        {
          *origin = g_strdup (TB_NSS_DIR);
          return handle;
        }
      g_debug ("Thunderbird's NSS did not load: %s", dlerror ());
    }
  handle = dlopen ("libnss3.so", RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL)
    handle = dlopen ("libnss3.so.1d", RTLD_NOW | RTLD_LOCAL);
  *origin = g_strdup ("system");
  return handle;
}

static gboolean
load_nss (GError **error)
{
  static gsize once = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&once))
    {
      void *h = open_nss (&nss.origin);
      if (h)
        {
#define SYM(field, name) nss.field = (void *) dlsym (h, name)
          SYM (initialize, "NSS_Initialize");
          SYM (shutdown, "NSS_Shutdown");
          SYM (get_internal_key_slot, "PK11_GetInternalKeySlot");
          SYM (free_slot, "PK11_FreeSlot");
          SYM (need_user_init, "PK11_NeedUserInit");
          SYM (need_login, "PK11_NeedLogin");
          SYM (init_pin, "PK11_InitPin");
          SYM (check_user_password, "PK11_CheckUserPassword");
          SYM (sdr_encrypt, "PK11SDR_Encrypt");
          SYM (sdr_encrypt_with_mechanism, "PK11SDR_EncryptWithMechanism");
          SYM (sdr_decrypt, "PK11SDR_Decrypt");
          SYM (zfree_item, "SECITEM_ZfreeItem");
          SYM (get_version, "NSS_GetVersion");
          SYM (get_error, "PORT_GetError");
          SYM (get_default_certdb, "CERT_GetDefaultCertDB");
          SYM (new_temp_certificate, "CERT_NewTempCertificate");
          SYM (import_cert, "PK11_ImportCert");
          SYM (decode_trust_string, "CERT_DecodeTrustString");
          SYM (change_cert_trust, "CERT_ChangeCertTrust");
          SYM (get_cert_trust, "CERT_GetCertTrust");
          SYM (destroy_certificate, "CERT_DestroyCertificate");
          SYM (list_certs, "PK11_ListCerts");
          SYM (destroy_cert_list, "CERT_DestroyCertList");
#undef SYM
          ok = nss.initialize && nss.shutdown && nss.get_internal_key_slot && nss.free_slot
               && nss.need_user_init && nss.need_login && nss.init_pin && nss.check_user_password
               && nss.sdr_encrypt && nss.sdr_decrypt && nss.zfree_item && nss.get_error;
        }
      g_once_init_leave (&once, 1);
    }
  if (!ok)
    g_set_error_literal (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_PASSWORD_STORE,
                         _("The NSS library Thunderbird uses to encrypt passwords is not installed."));
  return ok;
}

struct _MsTbNss
{
  PK11SlotInfo *slot;
};

MsTbNss *
ms_tb_nss_open (const char *profile_dir, GError **error)
{
  g_autofree char *config = g_strconcat ("sql:", profile_dir, NULL);
  MsTbNss *self;

  if (!load_nss (error))
    return NULL;
  g_mutex_lock (&nss_lock);
  if (nss.initialize (config, "", "", "secmod.db", NSS_INIT_NOROOTINIT | NSS_INIT_OPTIMIZESPACE) != SECSuccess)
    {
      g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_PASSWORD_STORE,
                   /* TRANSLATORS: a Thunderbird profile folder, e.g.
                    * “/home/ana/.thunderbird/ab12cd34.default-release”, then the error number of NSS (the
                    * security library), e.g. -8174. */
                   _("Thunderbird’s password database in %s cannot be opened (NSS error %d)."), profile_dir,
                   nss.get_error ());
      g_mutex_unlock (&nss_lock);
      return NULL;
    }
  self = g_new0 (MsTbNss, 1);
  self->slot = nss.get_internal_key_slot ();
  if (self->slot && nss.need_user_init (self->slot))
    {
      /* A new key4.db: an empty primary password, as Thunderbird sets. */
      if (nss.init_pin (self->slot, NULL, "") != SECSuccess)
        g_clear_pointer (&self->slot, nss.free_slot);
    }
  if (self->slot == NULL)
    {
      g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_PASSWORD_STORE,
                   /* TRANSLATORS: a Thunderbird profile folder, e.g.
                    * “/home/ana/.thunderbird/ab12cd34.default-release”, then the error number of NSS (the
                    * security library), e.g. -8174. */
                   _("Thunderbird’s password database in %s cannot be prepared (NSS error %d)."), profile_dir,
                   nss.get_error ());
      ms_tb_nss_close (self);
      return NULL;
    }
  if (nss.need_login (self->slot) && nss.check_user_password (self->slot, "") != SECSuccess)
    {
      g_set_error_literal (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_PASSWORD_STORE,
                           _("A primary password protects Thunderbird’s saved passwords, so Mail Setup "
                             "cannot add one. Thunderbird will ask for the password once."));
      ms_tb_nss_close (self);
      return NULL;
    }
  return self;
}

void
ms_tb_nss_close (MsTbNss *self)
{
  if (self == NULL)
    return;
  if (self->slot)
    nss.free_slot (self->slot);
  if (nss.shutdown () != SECSuccess)
    g_debug ("NSS_Shutdown failed: %d", nss.get_error ());
  g_free (self);
  g_mutex_unlock (&nss_lock);
}

char *
ms_tb_nss_encrypt (MsTbNss *self, const char *text, GError **error)
{
  SECItem keyid = { siBuffer, NULL, 0 };
  SECItem plain = { siBuffer, (unsigned char *) text, (unsigned int) strlen (text) };
  SECItem out = { siBuffer, NULL, 0 };
  SECStatus rv;
  char *b64;

  /* The algorithm Thunderbird of the same NSS would pick: AES from 3.113 on. */
  if (nss.sdr_encrypt_with_mechanism)
    rv = nss.sdr_encrypt_with_mechanism (self->slot, &keyid, CKM_AES_CBC, &plain, &out, NULL);
  else
    rv = nss.sdr_encrypt (&keyid, &plain, &out, NULL);
  if (rv != SECSuccess)
    {
      g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_PASSWORD_STORE,
                   /* TRANSLATORS: the version of NSS (the security library), e.g. “3.87”, then its error number,
                    * e.g. -8174. */
                   _("Thunderbird’s password database refused the new entry (NSS %s, error %d)."),
                   nss.get_version ? nss.get_version () : "?", nss.get_error ());
      return NULL;
    }
  b64 = g_base64_encode (out.data, out.len);
  nss.zfree_item (&out, PR_FALSE);
  return b64;
}

char *
ms_tb_nss_decrypt (MsTbNss *self, const char *b64)
{
  gsize len = 0;
  g_autofree guchar *raw = g_base64_decode (b64, &len);
  SECItem in = { siBuffer, raw, (unsigned int) len };
  SECItem out = { siBuffer, NULL, 0 };
  char *text;

  if (len == 0 || nss.sdr_decrypt (&in, &out, NULL) != SECSuccess)
    return NULL;
  text = g_strndup ((const char *) out.data, out.len);
  nss.zfree_item (&out, PR_FALSE);
  return text;
}

const char *
ms_tb_nss_origin (void)
{
  return nss.origin;
}

/* ---- authorities in cert9.db ---- */

static gboolean
have_cert_functions (GError **error)
{
  if (!load_nss (error))
    return FALSE;
  if (nss.get_default_certdb && nss.new_temp_certificate && nss.import_cert && nss.decode_trust_string &&
      nss.change_cert_trust && nss.get_cert_trust && nss.destroy_certificate && nss.list_certs &&
      nss.destroy_cert_list)
    return TRUE;
  g_set_error_literal (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_IO,
                       _("The NSS library Thunderbird uses for its certificates lacks what Mail Setup needs."));
  return FALSE;
}

/* Opens @dir's cert9.db with the lock held; FALSE (lock released) on
 * failure.  Read-write even to read: @dir is a private copy, and NSS
 * refuses a read-only database whose key database is missing (a profile
 * that never stored a password has none). */
static gboolean
open_certdb (const char *dir, GError **error)
{
  g_autofree char *config = g_strconcat ("sql:", dir, NULL);
  PRUint32 flags = NSS_INIT_NOROOTINIT | NSS_INIT_OPTIMIZESPACE;

  if (!have_cert_functions (error))
    return FALSE;
  g_mutex_lock (&nss_lock);
  if (nss.initialize (config, "", "", "secmod.db", flags) != SECSuccess)
    {
      g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT,
                   /* TRANSLATORS: a Thunderbird profile folder, e.g.
                    * “/home/ana/.thunderbird/ab12cd34.default-release”, then the error number of NSS (the
                    * security library), e.g. -8174. */
                   _("Thunderbird’s certificate database in %s cannot be opened (NSS error %d)."), dir,
                   nss.get_error ());
      g_mutex_unlock (&nss_lock);
      return FALSE;
    }
  return TRUE;
}

static void
close_certdb (void)
{
  if (nss.shutdown () != SECSuccess)
    g_debug ("NSS_Shutdown failed: %d", nss.get_error ());
  g_mutex_unlock (&nss_lock);
}

gboolean
ms_tb_nss_add_authority (const char *dir, GBytes *der, const char *nickname, GError **error)
{
  SECItem item = { siBuffer, (unsigned char *) g_bytes_get_data (der, NULL), (unsigned int) g_bytes_get_size (der) };
  CERTCertTrust trust = { 0 };
  CERTCertificate *cert = NULL;
  PK11SlotInfo *slot = NULL;
  gboolean ok = FALSE;

  if (!open_certdb (dir, error))
    return FALSE;
  slot = nss.get_internal_key_slot ();
  /* A new database: the empty primary password Thunderbird itself sets. */
  if (slot && nss.need_user_init (slot))
    nss.init_pin (slot, NULL, "");
  /* The trust is signed with the key database's key: without the primary
   * password, NSS cannot sign it. */
  if (slot && nss.need_login (slot) && nss.check_user_password (slot, "") != SECSuccess)
    {
      g_set_error_literal (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_PASSWORD_STORE,
                           _("A primary password protects Thunderbird’s certificates, so Mail Setup cannot add "
                             "the authority. Import it in Thunderbird’s certificate manager instead, on its "
                             "“Authorities” tab, trusting it to identify servers."));
      nss.free_slot (slot);
      close_certdb ();
      return FALSE;
    }
  cert = nss.new_temp_certificate (nss.get_default_certdb (), &item, NULL, PR_FALSE, PR_TRUE);
  /* What `certutil -A -t "C,,"` does: import, then set the trust.  "C,,"
   * is for TLS servers only: not for mail signatures, not for code. */
  if (cert == NULL || slot == NULL ||
      nss.import_cert (slot, cert, CK_INVALID_HANDLE, nickname, PR_FALSE) != SECSuccess ||
      nss.decode_trust_string (&trust, "C,,") != SECSuccess ||
      nss.change_cert_trust (nss.get_default_certdb (), cert, &trust) != SECSuccess)
    g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_IO,
                 /* TRANSLATORS: %d is the error number of NSS (the security library), e.g. -8174. */
                 _("Thunderbird’s certificate database refused the authority (NSS error %d)."), nss.get_error ());
  else
    ok = TRUE;
  if (cert)
    nss.destroy_certificate (cert);
  if (slot)
    nss.free_slot (slot);
  close_certdb ();
  return ok;
}

GPtrArray *
ms_tb_nss_list_authorities (const char *dir, GError **error)
{
  GPtrArray *found;
  CERTCertList *list;

  if (!open_certdb (dir, error))
    return NULL;
  found = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  list = nss.list_certs (PK11CertListAll, NULL);
  for (CERTCertListNode *node = list ? CERT_LIST_HEAD (list) : NULL; node && !CERT_LIST_END (node, list);
       node = CERT_LIST_NEXT (node))
    {
      CERTCertTrust trust = { 0 };

      if (nss.get_cert_trust (node->cert, &trust) == SECSuccess && (trust.sslFlags & CERTDB_TRUSTED_CA))
        g_ptr_array_add (found, g_bytes_new (node->cert->derCert.data, node->cert->derCert.len));
    }
  if (list)
    nss.destroy_cert_list (list);
  close_certdb ();
  return found;
}
