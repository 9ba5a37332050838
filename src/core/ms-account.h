/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-provider.h"
#include "ms-server.h"

G_BEGIN_DECLS

#define MS_ACCOUNT_ERROR (ms_account_error_quark ())

typedef enum {
  MS_ACCOUNT_ERROR_NO_NAME,
  MS_ACCOUNT_ERROR_NO_PASSWORD,
  MS_ACCOUNT_ERROR_BAD_REPLY_TO,
  MS_ACCOUNT_ERROR_NO_PORT,
  MS_ACCOUNT_ERROR_NO_USERNAME,
  MS_ACCOUNT_ERROR_PLAINTEXT_NOT_CONFIRMED,
} MsAccountError;

GQuark ms_account_error_quark (void);

#define MS_TYPE_ACCOUNT (ms_account_get_type ())
G_DECLARE_FINAL_TYPE (MsAccount, ms_account, MS, ACCOUNT, GObject)

MsAccount  *ms_account_new                 (MsProvider *provider);

MsProvider *ms_account_get_provider        (MsAccount *self);
void        ms_account_set_provider        (MsAccount *self, MsProvider *provider);
const char *ms_account_get_real_name       (MsAccount *self);
const char *ms_account_get_address         (MsAccount *self);
const char *ms_account_get_password        (MsAccount *self);
/* The same as the "password" property, without the GValue copies a
 * property transfer makes and frees unwiped. */
void        ms_account_set_password        (MsAccount *self, const char *password);
gboolean    ms_account_get_remember_password (MsAccount *self);
const char *ms_account_get_reply_to        (MsAccount *self);
const char *ms_account_get_organization    (MsAccount *self);
const char *ms_account_get_signature       (MsAccount *self);
MsServer   *ms_account_get_incoming        (MsAccount *self);
MsServer   *ms_account_get_outgoing        (MsAccount *self);
MsServer   *ms_account_get_server          (MsAccount *self, MsRole role);

void        ms_account_select_incoming     (MsAccount *self, MsProtocol protocol);
gboolean    ms_account_username_is_local_part (MsAccount *self, MsServer *server);
gboolean    ms_account_is_modified         (MsAccount *self);

gboolean    ms_account_validate_identity   (MsAccount *self, GError **error);

/* The summary, as rows shared by the summary page and the plain text a
 * helpdesk gets: a row with no label starts a section. */
typedef struct {
  char *label;
  char *value;
} MsSummaryRow;

/* @verdicts: per MsRole, what a check found, in a sentence, shown in place
 * of the provider's "recommended"; NULL when not checked. */
GPtrArray  *ms_account_summary_rows        (MsAccount *self, const char *const *verdicts);
void        ms_summary_rows_add            (GPtrArray *rows, const char *label, const char *value);
char       *ms_summary_rows_to_text        (GPtrArray *rows);
char       *ms_account_format_summary      (MsAccount *self);

G_END_DECLS
