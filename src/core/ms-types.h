/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  MS_PROTOCOL_IMAP,
  MS_PROTOCOL_POP3,
  MS_PROTOCOL_SMTP,
} MsProtocol;

/* Order matches the provider guide's preference: implicit TLS first. */
typedef enum {
  MS_SECURITY_SSL,
  MS_SECURITY_STARTTLS,
  MS_SECURITY_NONE,
} MsSecurity;

/* Which of the account's two servers. */
typedef enum {
  MS_ROLE_INCOMING,
  MS_ROLE_OUTGOING,
} MsRole;

/* New values go last: the numbers are stored in settings. */
typedef enum {
  MS_AUTH_PASSWORD_CLEARTEXT,
  MS_AUTH_PASSWORD_ENCRYPTED,
  MS_AUTH_NONE,      /* outgoing only: an open relay or a relay by address */
  MS_AUTH_OAUTH2,    /* the mail program signs in through the provider's page */
} MsAuth;

const char *ms_protocol_to_string   (MsProtocol protocol);
gboolean    ms_protocol_from_string (const char *str, MsProtocol *out);
const char *ms_protocol_display     (MsProtocol protocol);
const char *ms_security_to_string   (MsSecurity security);
gboolean    ms_security_from_string (const char *str, MsSecurity *out);
const char *ms_security_display     (MsSecurity security);
const char *ms_auth_to_string       (MsAuth auth);
gboolean    ms_auth_from_string     (const char *str, MsAuth *out);
const char *ms_auth_display         (MsAuth auth);

G_END_DECLS
