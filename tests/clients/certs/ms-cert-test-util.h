/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-provider.h"
#include "ms-cert-audit.h"
#include "ms-cert-changes.h"

G_BEGIN_DECLS

/* A private home with the stores where the programs keep them. */
typedef struct {
  char *home;
  char *tb_root;          /* $HOME/.thunderbird */
  char *data_home;        /* $HOME/.local/share */
  char *pin_path;
  MsCertStores stores;
} MsCertTestHome;

MsCertTestHome *ms_cert_test_home_new   (void);
void            ms_cert_test_home_free  (MsCertTestHome *home);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCertTestHome, ms_cert_test_home_free)

/* Adds a profile (profiles.ini, its folder) and returns its folder. */
char           *ms_cert_test_add_profile (MsCertTestHome *home, const char *name, gboolean is_default);
void            ms_cert_test_write       (const char *dir, const char *name, const char *text);
char           *ms_cert_test_read        (const char *dir, const char *name);

/* The first certificate of $MS_TEST_DIR/certs/NAME.pem, as DER. */
GBytes         *ms_cert_test_server_der  (const char *name);
char           *ms_cert_test_sha256      (GBytes *der);
/* "host:port:\tOID…\tSHA\t" as Thunderbird writes a line. */
char           *ms_cert_test_override_line (const char *host, guint port, GBytes *der);
/* A camel-cert.db trusting @ders for @hosts (NULL-terminated, in pairs). */
void            ms_cert_test_write_camel  (MsCertTestHome *home, guint32 trust, const char *host, GBytes *der, ...)
                                           G_GNUC_NULL_TERMINATED;

/* A profile for the test servers: IMAPS and SMTPS on 127.0.0.5 (the
 * renewed certificate), .1, .2 (wrong name) and .3 (expired), whose
 * certificate must name "localhost"; @extra goes inside emailProvider. */
MsProvider     *ms_cert_test_provider    (const char *extra);

MsCertAudit    *ms_cert_test_audit       (MsCertTestHome *home, MsProvider *provider);
GPtrArray      *ms_cert_test_rows_for    (MsCertAudit *audit, MsCertProgram program, const char *host, guint port);
guint           ms_cert_test_base        (void);

G_END_DECLS
