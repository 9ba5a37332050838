/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/ms-account.h"
#include "ms-client.h"

G_BEGIN_DECLS

/* Never typed on a command line, never in a file: the tests look for it. */
#define MS_EVO_TEST_PASSWORD "Ev0-t3st-S3cret!pw"

/* An IMAP over TLS + SMTP with STARTTLS account, filled in like the wizard. */
MsAccount *ms_evo_test_account           (const char *address, const char *host);

/* Fails the test if @needle occurs in any file under @root (symbolic links
 * are not followed; sockets and the like are skipped). */
void       ms_evo_test_assert_not_in_files (const char *root, const char *needle);

/* Runs the default main context until *@flag is TRUE or @timeout_s passes;
 * returns *@flag. */
gboolean   ms_evo_test_wait              (gboolean *flag, guint timeout_s);

/* Waits for an async result and returns it (ref'd). */
GAsyncResult *ms_evo_test_wait_result    (GAsyncResult **slot, guint timeout_s);
void       ms_evo_test_store_result      (GObject *source, GAsyncResult *result, gpointer user_data);

/* A fresh self-signed certificate for @host, DER. */
GBytes    *ms_evo_test_make_cert         (const char *host);

/* Runs @account through @client and returns the report (or NULL and @error). */
MsClientReport *ms_evo_test_write        (MsClient *client, MsAccount *account, MsPinStore *pins,
                                          gboolean dry_run, gboolean store_password, GError **error);

G_END_DECLS
