/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-client.h"

G_BEGIN_DECLS

/* A profile's key4.db opened through NSS (Thunderbird's own copy when
 * installed, else the system's).  Only one can be open at a time in the
 * process: ms_tb_nss_open() waits for the previous one to be closed. */
typedef struct _MsTbNss MsTbNss;

/* Creates key4.db when absent.  MS_CLIENT_ERROR_PASSWORD_STORE when NSS is
 * missing, the database cannot be opened, or a primary password is set. */
MsTbNss    *ms_tb_nss_open    (const char *profile_dir, GError **error);
void        ms_tb_nss_close   (MsTbNss *self);
/* Base64 of the SDR blob, as logins.json holds it. */
char       *ms_tb_nss_encrypt (MsTbNss *self, const char *text, GError **error);
char       *ms_tb_nss_decrypt (MsTbNss *self, const char *b64);
/* Which NSS was loaded, for messages and tests. */
const char *ms_tb_nss_origin  (void);

/* Certificate authorities in the cert9.db of @dir, a private copy of a
 * profile's databases: Thunderbird must not see a half-made change.
 * Adds @der trusted for TLS servers only ("C,,", as certutil writes it). */
gboolean    ms_tb_nss_add_authority    (const char *dir, GBytes *der, const char *nickname, GError **error);
/* The DER (GBytes*) of every certificate trusted to issue server certificates. */
GPtrArray  *ms_tb_nss_list_authorities (const char *dir, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsTbNss, ms_tb_nss_close)

G_END_DECLS
