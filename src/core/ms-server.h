/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-endpoint.h"

G_BEGIN_DECLS

#define MS_TYPE_SERVER (ms_server_get_type ())
G_DECLARE_FINAL_TYPE (MsServer, ms_server, MS, SERVER, GObject)

MsServer   *ms_server_new                 (MsProtocol protocol);

MsProtocol  ms_server_get_protocol        (MsServer *self);
void        ms_server_set_protocol        (MsServer *self, MsProtocol protocol);
const char *ms_server_get_hostname        (MsServer *self);
void        ms_server_set_hostname        (MsServer *self, const char *hostname);
guint       ms_server_get_port            (MsServer *self);
void        ms_server_set_port            (MsServer *self, guint port);
void        ms_server_set_port_from_user  (MsServer *self, guint port);
gboolean    ms_server_get_port_explicit   (MsServer *self);
MsSecurity  ms_server_get_security        (MsServer *self);
void        ms_server_set_security        (MsServer *self, MsSecurity security);
const char *ms_server_get_username        (MsServer *self);
void        ms_server_set_username        (MsServer *self, const char *username);
MsAuth      ms_server_get_auth            (MsServer *self);
void        ms_server_set_auth            (MsServer *self, MsAuth auth);
const char *ms_server_get_certificate_name(MsServer *self);
void        ms_server_set_certificate_name(MsServer *self, const char *name);
gboolean    ms_server_get_plaintext_confirmed (MsServer *self);
void        ms_server_set_plaintext_confirmed (MsServer *self, gboolean confirmed);

void        ms_server_load_endpoint       (MsServer *self, const MsEndpoint *endpoint, const char *address,
                                           const char *real_name);
MsEndpoint *ms_server_to_endpoint         (MsServer *self);
gboolean    ms_server_validate            (MsServer *self, GError **error);

G_END_DECLS
