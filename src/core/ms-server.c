/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-account.h"
#include "ms-address.h"
#include "ms-core-enums.h"
#include "ms-ports.h"
#include "ms-server.h"

/* One server of the account being set up.  The port and the security are
 * coupled the way users expect: a well-known port implies its security,
 * and a change of protocol or security moves the port to the matching
 * default, unless the user typed a port of their own. */
struct _MsServer
{
  GObject parent_instance;

  MsProtocol protocol;
  char *hostname;
  guint port;
  gboolean port_explicit;
  MsSecurity security;
  char *username;
  MsAuth auth;
  char *certificate_name;
  gboolean plaintext_confirmed;
};

G_DEFINE_TYPE (MsServer, ms_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROTOCOL,
  PROP_HOSTNAME,
  PROP_PORT,
  PROP_PORT_EXPLICIT,
  PROP_SECURITY,
  PROP_USERNAME,
  PROP_AUTH,
  PROP_CERTIFICATE_NAME,
  PROP_PLAINTEXT_CONFIRMED,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
ms_server_finalize (GObject *object)
{
  MsServer *self = MS_SERVER (object);

  g_free (self->hostname);
  g_free (self->username);
  g_free (self->certificate_name);
  G_OBJECT_CLASS (ms_server_parent_class)->finalize (object);
}

static void
ms_server_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MsServer *self = MS_SERVER (object);

  switch (prop_id)
    {
    case PROP_PROTOCOL: g_value_set_enum (value, self->protocol); break;
    case PROP_HOSTNAME: g_value_set_string (value, self->hostname); break;
    case PROP_PORT: g_value_set_uint (value, self->port); break;
    case PROP_PORT_EXPLICIT: g_value_set_boolean (value, self->port_explicit); break;
    case PROP_SECURITY: g_value_set_enum (value, self->security); break;
    case PROP_USERNAME: g_value_set_string (value, self->username); break;
    case PROP_AUTH: g_value_set_enum (value, self->auth); break;
    case PROP_CERTIFICATE_NAME: g_value_set_string (value, self->certificate_name); break;
    case PROP_PLAINTEXT_CONFIRMED: g_value_set_boolean (value, self->plaintext_confirmed); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_server_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  MsServer *self = MS_SERVER (object);

  switch (prop_id)
    {
    case PROP_PROTOCOL: ms_server_set_protocol (self, g_value_get_enum (value)); break;
    case PROP_HOSTNAME: ms_server_set_hostname (self, g_value_get_string (value)); break;
    case PROP_PORT: ms_server_set_port (self, g_value_get_uint (value)); break;
    case PROP_SECURITY: ms_server_set_security (self, g_value_get_enum (value)); break;
    case PROP_USERNAME: ms_server_set_username (self, g_value_get_string (value)); break;
    case PROP_AUTH: ms_server_set_auth (self, g_value_get_enum (value)); break;
    case PROP_CERTIFICATE_NAME: ms_server_set_certificate_name (self, g_value_get_string (value)); break;
    case PROP_PLAINTEXT_CONFIRMED: ms_server_set_plaintext_confirmed (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_server_class_init (MsServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ms_server_finalize;
  object_class->get_property = ms_server_get_property;
  object_class->set_property = ms_server_set_property;

  props[PROP_PROTOCOL] = g_param_spec_enum ("protocol", NULL, NULL, MS_TYPE_PROTOCOL, MS_PROTOCOL_IMAP, rw);
  props[PROP_HOSTNAME] = g_param_spec_string ("hostname", NULL, NULL, NULL, rw);
  props[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, 65535, 0, rw);
  props[PROP_PORT_EXPLICIT] = g_param_spec_boolean ("port-explicit", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_SECURITY] = g_param_spec_enum ("security", NULL, NULL, MS_TYPE_SECURITY, MS_SECURITY_SSL, rw);
  props[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, rw);
  props[PROP_AUTH] = g_param_spec_enum ("auth", NULL, NULL, MS_TYPE_AUTH, MS_AUTH_PASSWORD_CLEARTEXT, rw);
  props[PROP_CERTIFICATE_NAME] = g_param_spec_string ("certificate-name", NULL, NULL, NULL, rw);
  props[PROP_PLAINTEXT_CONFIRMED] = g_param_spec_boolean ("plaintext-confirmed", NULL, NULL, FALSE, rw);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
ms_server_init (MsServer *self)
{
  self->hostname = g_strdup ("");
  self->username = g_strdup ("");
}

MsServer *
ms_server_new (MsProtocol protocol)
{
  MsServer *self = g_object_new (MS_TYPE_SERVER, NULL);

  self->protocol = protocol;
  self->port = ms_ports_default_port (protocol, self->security);
  return self;
}

static void
set_port_internal (MsServer *self, guint port, gboolean is_explicit)
{
  if (self->port != port)
    {
      self->port = port;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PORT]);
    }
  if (self->port_explicit != is_explicit)
    {
      self->port_explicit = is_explicit;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PORT_EXPLICIT]);
    }
}

static void
offer_default_port (MsServer *self)
{
  if (!self->port_explicit)
    set_port_internal (self, ms_ports_default_port (self->protocol, self->security), FALSE);
}

MsProtocol ms_server_get_protocol (MsServer *self) { return self->protocol; }

void
ms_server_set_protocol (MsServer *self, MsProtocol protocol)
{
  if (self->protocol == protocol)
    return;
  self->protocol = protocol;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PROTOCOL]);
  offer_default_port (self);
}

const char *ms_server_get_hostname (MsServer *self) { return self->hostname; }

void
ms_server_set_hostname (MsServer *self, const char *hostname)
{
  if (g_strcmp0 (self->hostname, hostname) == 0)
    return;
  g_free (self->hostname);
  self->hostname = g_strdup (hostname ? hostname : "");
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_HOSTNAME]);
}

guint ms_server_get_port (MsServer *self) { return self->port; }
gboolean ms_server_get_port_explicit (MsServer *self) { return self->port_explicit; }

void
ms_server_set_port (MsServer *self, guint port)
{
  set_port_internal (self, port, self->port_explicit);
}

void
ms_server_set_port_from_user (MsServer *self, guint port)
{
  MsSecurity security;

  if (ms_ports_security_for_port (self->protocol, port, &security))
    {
      /* A well-known port: it and its security belong together, so a later
       * change of security may move it again. */
      set_port_internal (self, port, FALSE);
      if (self->security != security)
        {
          self->security = security;
          g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SECURITY]);
          ms_server_set_plaintext_confirmed (self, FALSE);
        }
    }
  else
    set_port_internal (self, port, port != ms_ports_default_port (self->protocol, self->security));
}

MsSecurity ms_server_get_security (MsServer *self) { return self->security; }

void
ms_server_set_security (MsServer *self, MsSecurity security)
{
  if (self->security == security)
    return;
  self->security = security;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SECURITY]);
  /* A confirmation given for "None" must not survive a round trip. */
  ms_server_set_plaintext_confirmed (self, FALSE);
  offer_default_port (self);
}

const char *ms_server_get_username (MsServer *self) { return self->username; }

void
ms_server_set_username (MsServer *self, const char *username)
{
  if (g_strcmp0 (self->username, username) == 0)
    return;
  g_free (self->username);
  self->username = g_strdup (username ? username : "");
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_USERNAME]);
}

MsAuth ms_server_get_auth (MsServer *self) { return self->auth; }

void
ms_server_set_auth (MsServer *self, MsAuth auth)
{
  if (self->auth == auth)
    return;
  self->auth = auth;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_AUTH]);
}

const char *ms_server_get_certificate_name (MsServer *self) { return self->certificate_name; }

void
ms_server_set_certificate_name (MsServer *self, const char *name)
{
  if (g_strcmp0 (self->certificate_name, name) == 0)
    return;
  g_free (self->certificate_name);
  self->certificate_name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CERTIFICATE_NAME]);
}

gboolean ms_server_get_plaintext_confirmed (MsServer *self) { return self->plaintext_confirmed; }

void
ms_server_set_plaintext_confirmed (MsServer *self, gboolean confirmed)
{
  confirmed = confirmed && self->security == MS_SECURITY_NONE;
  if (self->plaintext_confirmed == confirmed)
    return;
  self->plaintext_confirmed = confirmed;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PLAINTEXT_CONFIRMED]);
}

void
ms_server_load_endpoint (MsServer *self, const MsEndpoint *endpoint, const char *address,
                         const char *real_name)
{
  g_autofree char *username = ms_expand_placeholders (endpoint->username, address, real_name);
  g_autofree char *hostname = ms_expand_placeholders (endpoint->hostname, address, real_name);

  g_object_freeze_notify (G_OBJECT (self));
  ms_server_set_protocol (self, endpoint->protocol);
  ms_server_set_security (self, endpoint->security);
  set_port_internal (self, endpoint->port, FALSE);
  ms_server_set_hostname (self, hostname);
  ms_server_set_username (self, username);
  ms_server_set_auth (self, endpoint->auth);
  ms_server_set_certificate_name (self, endpoint->certificate_name);
  g_object_thaw_notify (G_OBJECT (self));
}

MsEndpoint *
ms_server_to_endpoint (MsServer *self)
{
  MsEndpoint *endpoint = ms_endpoint_new (self->protocol, self->hostname, self->port, self->security);

  g_free (endpoint->username);
  endpoint->username = g_strdup (self->username);
  endpoint->auth = self->auth;
  endpoint->certificate_name = g_strdup (self->certificate_name);
  return endpoint;
}

gboolean
ms_server_validate (MsServer *self, GError **error)
{
  if (!ms_hostname_validate (self->hostname, FALSE, NULL, error))
    return FALSE;
  if (self->port == 0)
    {
      g_set_error_literal (error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_NO_PORT,
                           _("Enter a port number from 1 to 65535."));
      return FALSE;
    }
  if (self->username == NULL || *self->username == '\0')
    {
      g_set_error_literal (error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_NO_USERNAME,
                           _("Enter the username: your full e-mail address."));
      return FALSE;
    }
  if (self->security == MS_SECURITY_NONE && !self->plaintext_confirmed)
    {
      g_set_error_literal (error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_PLAINTEXT_NOT_CONFIRMED,
                           _("Confirm that your password may travel unencrypted, or choose SSL/TLS."));
      return FALSE;
    }
  return TRUE;
}
