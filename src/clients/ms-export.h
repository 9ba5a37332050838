/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/ms-account.h"

G_BEGIN_DECLS

/* Exports for phones and tablets: an Apple configuration profile, a Mozilla
 * autoconfig file and a printable card.  The provider guide wants phones on
 * SSL only (IMAPS 993, SMTPS 465, never POP), whatever the desktop uses, so
 * every export says exactly that. */

#define MS_EXPORT_ERROR (ms_export_error_quark ())

typedef enum {
  MS_EXPORT_ERROR_NO_ADDRESS,    /* the account has no valid e-mail address */
  MS_EXPORT_ERROR_NO_INCOMING,   /* no incoming server name to give the phone */
  MS_EXPORT_ERROR_NO_OUTGOING,   /* no outgoing server name to give the phone */
  MS_EXPORT_ERROR_NO_PASSWORD,   /* the password was asked for, but there is none */
  MS_EXPORT_ERROR_RENDER,        /* cairo could not make the PDF */
  MS_EXPORT_ERROR_WRITE,         /* the file could not be written */
} MsExportError;

GQuark ms_export_error_quark (void);

typedef enum {
  MS_EXPORT_KIND_MOBILECONFIG,   /* .mobileconfig for iPhone, iPad and Mac Mail */
  MS_EXPORT_KIND_AUTOCONFIG,     /* config-v1.1.xml for the Android clients that read it */
  MS_EXPORT_KIND_CARD,           /* printable PDF card */
} MsExportKind;

/* Putting the password in a profile is a decision the user takes, never a
 * default: only the Apple profile can carry it, and only with INCLUDE. */
typedef enum {
  MS_EXPORT_PASSWORD_OMIT,
  MS_EXPORT_PASSWORD_INCLUDE,
} MsExportPassword;

/* What a phone needs, copied out of the account on the caller's thread so
 * the exports can run in a worker thread without touching the GObject.
 * Ports and security are not fields: they are always 993 and 465 over SSL. */
typedef struct {
  char *address;
  char *real_name;
  char *domain;                  /* of the address */
  char *provider_name;           /* display name, or NULL for "other provider" */
  char *imap_hostname;
  char *imap_certificate_name;   /* name the certificate must carry, or NULL */
  char *smtp_hostname;
  char *smtp_certificate_name;
  char *password;                /* NULL unless MS_EXPORT_PASSWORD_INCLUDE */
} MsMobileSettings;

#define MS_MOBILE_IMAP_PORT 993
#define MS_MOBILE_SMTP_PORT 465

MsMobileSettings *ms_mobile_settings_new   (MsAccount *account, MsExportPassword password, GError **error);
MsMobileSettings *ms_mobile_settings_copy  (const MsMobileSettings *settings);
void              ms_mobile_settings_free  (MsMobileSettings *settings);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsMobileSettings, ms_mobile_settings_free)

/* The text to show next to (or before) a profile that holds the password. */
const char *ms_export_password_warning     (void);

/* In memory.  The mobileconfig sets *warning (translated, to show the
 * user) when it holds the password, and NULL otherwise. */
char       *ms_export_mobileconfig         (const MsMobileSettings *settings, char **warning);
char       *ms_export_autoconfig           (const MsMobileSettings *settings);
GBytes     *ms_export_card                 (const MsMobileSettings *settings, GError **error);
GBytes     *ms_export_to_bytes             (const MsMobileSettings *settings, MsExportKind kind,
                                            char **warning, GError **error);

/* A file name to offer in a save dialog. */
char       *ms_export_suggest_filename     (const MsMobileSettings *settings, MsExportKind kind);

/* Writes the export to a local file atomically, in a worker thread (the
 * mobileconfig with mode 0600, as it may hold the password). */
void        ms_export_save_async           (const MsMobileSettings *settings, MsExportKind kind, GFile *file,
                                            GCancellable *cancellable, GAsyncReadyCallback callback,
                                            gpointer user_data);
gboolean    ms_export_save_finish          (GAsyncResult *result, char **warning, GError **error);

/* For the export files only: escapes text for XML element content and
 * attributes, dropping the control characters XML 1.0 cannot carry. */
char       *_ms_export_xml_escape          (const char *text);

G_END_DECLS
