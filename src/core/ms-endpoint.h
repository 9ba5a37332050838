/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-types.h"

G_BEGIN_DECLS

/* One server as a provider profile describes it: plain data, shared by the
 * wizard, the probes and the client writers. */
typedef struct {
  MsProtocol protocol;
  char *hostname;
  guint port;
  MsSecurity security;
  char *username;          /* template, with %EMAILADDRESS% and friends */
  MsAuth auth;
  char *certificate_name;  /* name the server certificate must carry, or NULL */
} MsEndpoint;

#define MS_TYPE_ENDPOINT (ms_endpoint_get_type ())

GType       ms_endpoint_get_type (void) G_GNUC_CONST;
MsEndpoint *ms_endpoint_new      (MsProtocol protocol, const char *hostname, guint port, MsSecurity security);
MsEndpoint *ms_endpoint_copy     (const MsEndpoint *endpoint);
void        ms_endpoint_free     (MsEndpoint *endpoint);
char       *ms_endpoint_describe (const MsEndpoint *endpoint);

char       *ms_expand_placeholders (const char *template_str, const char *address, const char *real_name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsEndpoint, ms_endpoint_free)

G_END_DECLS
