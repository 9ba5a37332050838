/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a provider needs instead of the account's usual password. */
typedef enum {
  MS_SIGN_IN_PASSWORD,       /* the usual password works */
  MS_SIGN_IN_OAUTH2,         /* sign in from the mail program (or an app password) */
  MS_SIGN_IN_APP_PASSWORD,   /* a password made for this program on the provider's site */
} MsSignIn;

/* TRUE when Thunderbird knows how to sign in to @hostname with OAuth2, so
 * a profile's <authentication>OAuth2 for it is usable, as in Thunderbird's
 * reader.  Matches the name and its parent domains. */
gboolean    ms_oauth2_host_known   (const char *hostname);

/* What the provider of @domain (an address's domain, or a server's host
 * name) is known to need; MS_SIGN_IN_PASSWORD when we know nothing. */
MsSignIn    ms_sign_in_for_domain  (const char *domain);

/* From a server's reply to a login: TRUE when it says that passwords are
 * refused for this account (an app password or OAuth2 is needed), as
 * Gmail's "534-5.7.9 Application-specific password required" or
 * Microsoft's "5.7.30 Basic authentication is not supported" do. */
gboolean    ms_sign_in_reply_needs_oauth2 (const char *reply);

/* From the SASL mechanisms a server offers: only OAuth2 ones. */
gboolean    ms_sign_in_mechanisms_oauth2_only (const char *const *mechanisms);

/* Translated advice for the user. */
const char *ms_sign_in_advice      (MsSignIn sign_in);

G_END_DECLS
