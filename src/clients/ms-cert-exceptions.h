/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "net/ms-cert.h"

G_BEGIN_DECLS

/* The certificate exceptions the mail programs keep, as section 5 of the
 * guide has customers look at them in each program's certificate manager:
 * Thunderbird's cert_override.txt in every profile (host:port and
 * SHA-256), Evolution's camel-cert.db with its copies in camel_certs/
 * (host name and MD5), and our own pin store.  No GTK here: the wizard's
 * certificates view and `mail-setup --certificates` both use this. */

#define MS_CERT_EXCEPTIONS_ERROR (ms_cert_exceptions_error_quark ())

typedef enum {
  MS_CERT_EXCEPTIONS_ERROR_READ,                 /* a store cannot be read safely: it is left alone */
  MS_CERT_EXCEPTIONS_ERROR_RUNNING,              /* the program holds its store: close it, then try again */
  MS_CERT_EXCEPTIONS_ERROR_WRITE,                /* writing failed: nothing changed in that program */
  MS_CERT_EXCEPTIONS_ERROR_NOT_FOUND,            /* no exception matches */
  MS_CERT_EXCEPTIONS_ERROR_NOT_CONFIRMED,        /* renewed, but its fingerprint was not given */
  MS_CERT_EXCEPTIONS_ERROR_FINGERPRINT_MISMATCH, /* the fingerprint given is not the one the server presents */
  MS_CERT_EXCEPTIONS_ERROR_WRONG_NAME,           /* refused: the certificate is for another name */
  MS_CERT_EXCEPTIONS_ERROR_BAD_DATES,            /* refused: expired or not yet valid */
  MS_CERT_EXCEPTIONS_ERROR_NOT_RENEWED,          /* nothing to renew: the same certificate, or no answer */
} MsCertExceptionsError;

GQuark ms_cert_exceptions_error_quark (void);

typedef enum {
  MS_CERT_PROGRAM_THUNDERBIRD,
  MS_CERT_PROGRAM_EVOLUTION,
  MS_CERT_PROGRAM_MAIL_SETUP,
} MsCertProgram;

/* "thunderbird", "evolution", "mail-setup": for JSON and scripts. */
const char *ms_cert_program_to_string (MsCertProgram program);
/* The program's name, translated. */
const char *ms_cert_program_display   (MsCertProgram program);

/* Where the stores are; NULL members mean the user's own. */
typedef struct {
  const char *thunderbird_root;   /* the folder of profiles.ini */
  const char *data_home;          /* $XDG_DATA_HOME: Evolution's camel-cert.db and camel_certs/ */
  const char *pin_store_path;     /* Mail Setup's pinned-certificates.ini */
} MsCertStores;

/* One exception, as its program stores it.  Reference counted. */
typedef struct {
  MsCertProgram program;
  char *store_path;         /* cert_override.txt, camel-cert.db or pinned-certificates.ini */
  char *profile_name;       /* Thunderbird: the profile's name */
  char *profile_dir;        /* Thunderbird: its folder */
  char *host;               /* as stored: the key the program looks up */
  guint port;               /* 0: every port (Evolution keys on the host name alone) */
  char *origin_attributes;  /* Thunderbird: after host:port:, usually empty */
  char *sha256;             /* colon-separated uppercase; NULL when unknown */
  char *md5;                /* Evolution's key, as it writes it; NULL elsewhere */
  GBytes *der;              /* the certificate, when some store holds a copy */
  MsCertInfo *info;         /* decoded from der */
} MsCertException;

MsCertException *ms_cert_exception_ref   (MsCertException *exception);
void             ms_cert_exception_unref (MsCertException *exception);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCertException, ms_cert_exception_unref)

/* Gives @e its certificate when only the fingerprint was stored; ignored
 * unless @der has that fingerprint (or none was known). */
void             ms_cert_exception_set_certificate (MsCertException *e, GBytes *der);

/* "host:port", or the host alone for an Evolution exception. */
char            *ms_cert_exception_describe_place (const MsCertException *exception);

/* Every exception for one of @hosts (NULL: any host; names compared
 * without case) in Thunderbird's profiles, Evolution's store and our pin
 * store, in that order.  A store that cannot be read adds a GError to
 * @problems (MS_CERT_EXCEPTIONS_ERROR_READ) and the others are still
 * listed.  Thunderbird keeps only fingerprints: its exceptions get their
 * certificate from a store that has a copy with the same SHA-256.
 * Blocking: call from a thread. */
GPtrArray       *ms_cert_exceptions_list   (const MsCertStores *stores, const char *const *hosts,
                                            GPtrArray *problems);

/* The exceptions of @exceptions for @host (any port when @port is 0; an
 * Evolution exception counts for every port of its host). */
GPtrArray       *ms_cert_exceptions_select (GPtrArray *exceptions, const char *host, guint port);

/* The folders MsCertStores stands for, resolved. */
char            *ms_cert_stores_thunderbird_root (const MsCertStores *stores);
const char      *ms_cert_stores_data_home        (const MsCertStores *stores);
char            *ms_cert_stores_pin_path         (const MsCertStores *stores);

G_END_DECLS
