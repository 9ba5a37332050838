/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-provider.h"
#include "ms-cert-changes.h"

G_BEGIN_DECLS

/* Trusting the provider's certificate authority instead of pinning each of
 * its certificates: then a renewed certificate is accepted by itself.
 * Thunderbird reads authorities from each profile's cert9.db; Evolution
 * (EDS 3.46: Camel's connections use GIO's default TLS database, that is
 * glib-networking's GnuTLS system trust) only from the system bundle that
 * update-ca-certificates builds, for every program and user at once. */

#define MS_CERT_AUTHORITY_ERROR (ms_cert_authority_error_quark ())

typedef enum {
  MS_CERT_AUTHORITY_ERROR_READ,           /* the file cannot be read or holds no certificate */
  MS_CERT_AUTHORITY_ERROR_NOT_AUTHORITY,  /* a certificate, but not an authority's */
  MS_CERT_AUTHORITY_ERROR_SEVERAL,        /* more than one authority in the file */
  MS_CERT_AUTHORITY_ERROR_NOT_CONFIRMED,  /* its SHA-256 is neither in the profile nor confirmed */
  MS_CERT_AUTHORITY_ERROR_NO_PROFILE,     /* no such Thunderbird profile, or none yet */
  MS_CERT_AUTHORITY_ERROR_RUNNING,        /* Thunderbird holds the profile */
  MS_CERT_AUTHORITY_ERROR_STORE,          /* Thunderbird's certificate database refused it */
  MS_CERT_AUTHORITY_ERROR_WRITE,          /* writing failed: nothing changed */
  MS_CERT_AUTHORITY_ERROR_NO_PKEXEC,      /* the system route needs pkexec */
  MS_CERT_AUTHORITY_ERROR_SYSTEM,         /* the system route failed or was refused */
} MsCertAuthorityError;

GQuark ms_cert_authority_error_quark (void);

/* An authority read from a PEM file. */
typedef struct {
  GBytes *der;
  MsCertInfo *info;
  char *listed_name;        /* the provider profile's name for it, or NULL when not listed */
} MsCertAuthorityFile;

void                 ms_cert_authority_file_free (MsCertAuthorityFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCertAuthorityFile, ms_cert_authority_file_free)

/* The one authority in @path (PEM; a server certificate in the same file is
 * ignored), and whether @provider lists it. */
MsCertAuthorityFile *ms_cert_authority_file_read (const char *path, MsProvider *provider, GError **error);

/* Whether the user may install it: the provider profile lists its SHA-256,
 * or @confirmed_sha256 (what the user compared and typed, or clicked) is
 * its SHA-256.  MS_CERT_AUTHORITY_ERROR_NOT_CONFIRMED otherwise. */
gboolean             ms_cert_authority_file_check_confirmed (const MsCertAuthorityFile *file,
                                                             const char *const *confirmed_sha256,
                                                             GError **error);

/* Installs the authority into the cert9.db of the Thunderbird profile
 * @profile (a name or a folder; NULL: the default one), trusted for
 * servers only ("C,,"), with a backup, refusing while Thunderbird holds
 * the profile.  The outcome's error is an MS_CERT_AUTHORITY_ERROR. */
void                 ms_cert_authority_install_async  (const MsCertAuthorityFile *file, const char *profile,
                                                       gboolean dry_run, GCancellable *cancellable,
                                                       GAsyncReadyCallback callback, gpointer user_data);
MsCertOutcome       *ms_cert_authority_install_finish (GAsyncResult *result, GError **error);
MsCertOutcome       *ms_cert_authority_install        (const MsCertAuthorityFile *file, const char *profile,
                                                       gboolean dry_run);

/* ---- the system route, for Evolution ---- */

/* What the system route does and means, for the user to read before
 * anything happens: a paragraph, translated. */
char                *ms_cert_authority_system_explanation (const MsCertAuthorityFile *file);
/* The commands an administrator would type, for a machine without pkexec. */
char                *ms_cert_authority_system_commands    (const char *pem_path, const MsCertAuthorityFile *file);
/* Copies the authority into /usr/local/share/ca-certificates and runs
 * update-ca-certificates, through pkexec (which asks for an administrator's
 * password).  Only ever run after the user read the explanation and asked. */
void                 ms_cert_authority_install_system_async  (const MsCertAuthorityFile *file,
                                                              GCancellable *cancellable,
                                                              GAsyncReadyCallback callback, gpointer user_data);
gboolean             ms_cert_authority_install_system_finish (GAsyncResult *result, GError **error);

G_END_DECLS
