/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ms-endpoint.h"

G_BEGIN_DECLS

/* Our own elements live in this namespace, which Thunderbird and other
 * autoconfig readers ignore. */
#define MS_PROVIDER_NAMESPACE "https://mailsetup.github.io/ns/provider/1"

#define MS_PROVIDER_ERROR (ms_provider_error_quark ())

typedef enum {
  MS_PROVIDER_ERROR_IO,
  MS_PROVIDER_ERROR_TOO_LARGE,
  MS_PROVIDER_ERROR_MARKUP,
  MS_PROVIDER_ERROR_WRONG_ROOT,
  MS_PROVIDER_ERROR_NO_PROVIDER,
  MS_PROVIDER_ERROR_NO_ID,
  MS_PROVIDER_ERROR_NO_DOMAIN,
  MS_PROVIDER_ERROR_NO_INCOMING,
  MS_PROVIDER_ERROR_NO_OUTGOING,
  MS_PROVIDER_ERROR_NO_HOSTNAME,
  MS_PROVIDER_ERROR_BAD_HOSTNAME,
  MS_PROVIDER_ERROR_BAD_PORT,
  MS_PROVIDER_ERROR_BAD_SOCKET_TYPE,
  MS_PROVIDER_ERROR_TOO_DEEP,
  MS_PROVIDER_ERROR_BAD_AUTHORITY,
} MsProviderError;

GQuark ms_provider_error_quark (void);

/* A certificate authority the provider's servers chain to, named in our
 * namespace (<ms:certificateAuthority name="…" sha256="…" url="…"/>), so
 * that a program can trust it instead of pinning each certificate. */
typedef struct {
  char *name;
  char *sha256;     /* colon-separated uppercase hex */
  char *url;        /* where to get it, or NULL */
} MsProviderAuthority;

#define MS_TYPE_PROVIDER (ms_provider_get_type ())
G_DECLARE_FINAL_TYPE (MsProvider, ms_provider, MS, PROVIDER, GObject)

MsProvider  *ms_provider_new_from_data   (const char *data, gssize length, const char *source, GError **error);
MsProvider  *ms_provider_new_from_file   (GFile *file, GCancellable *cancellable, GError **error);
MsProvider  *ms_provider_new_manual      (void);

const char  *ms_provider_get_id          (MsProvider *self);
const char  *ms_provider_get_display_name(MsProvider *self);
const char  *ms_provider_get_short_name  (MsProvider *self);
const char  *ms_provider_get_source      (MsProvider *self);
const char  *ms_provider_get_support     (MsProvider *self);
const char  *ms_provider_get_documentation_url (MsProvider *self);
const char *const *ms_provider_get_domains (MsProvider *self);
GPtrArray   *ms_provider_get_incoming    (MsProvider *self);
GPtrArray   *ms_provider_get_outgoing    (MsProvider *self);
gboolean     ms_provider_is_manual       (MsProvider *self);
const MsEndpoint *ms_provider_find       (MsProvider *self, MsProtocol protocol, MsSecurity security);
gboolean     ms_provider_is_recommended  (MsProvider *self, const MsEndpoint *endpoint);
gboolean     ms_provider_offers          (MsProvider *self, MsProtocol protocol, guint port, MsSecurity security);
gboolean     ms_provider_wants_full_address (MsProvider *self, MsProtocol protocol);
/* MsProviderAuthority*, in the profile's order; empty when it names none. */
GPtrArray   *ms_provider_get_authorities (MsProvider *self);
/* The host names of every server, each once, in the profile's order. */
GStrv        ms_provider_dup_hostnames   (MsProvider *self);
/* The name @hostname's certificate must carry: the profile's
 * certificateName for that host, else the host name itself. */
char        *ms_provider_dup_certificate_name (MsProvider *self, const char *hostname);
/* Servers of the file that were skipped, each with why (translated). */
const char *const *ms_provider_get_notes (MsProvider *self);
/* Unique among profiles that share an id: the id, or "id/first-domain"
 * when the id is not the first domain. */
const char  *ms_provider_get_key         (MsProvider *self);
gboolean     ms_provider_serves_domain   (MsProvider *self, const char *domain);
/* The recommended servers sign in with OAuth2. */
gboolean     ms_provider_uses_oauth2     (MsProvider *self);

/* For the parser only. */
MsProvider  *_ms_provider_new (const char *id, const char *source);
void         _ms_provider_set_strings (MsProvider *self, const char *display_name, const char *short_name,
                                       const char *support, const char *documentation_url);
void         _ms_provider_add_domain (MsProvider *self, const char *domain);
void         _ms_provider_add_endpoint (MsProvider *self, gboolean incoming, MsEndpoint *endpoint);
void         _ms_provider_add_authority (MsProvider *self, const char *name, const char *sha256, const char *url);
void         _ms_provider_add_note (MsProvider *self, const char *note);

G_END_DECLS
