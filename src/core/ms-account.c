/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-account.h"
#include "ms-address.h"
#include "ms-ports.h"

/* The one model every page, the command line and the tests share.  Pages
 * bind their widgets to these properties and never keep state of their own. */
struct _MsAccount
{
  GObject parent_instance;

  MsProvider *provider;
  char *real_name;
  char *address;
  char *password;
  gboolean remember_password;
  char *reply_to;
  char *organization;
  char *signature;
  MsServer *incoming;
  MsServer *outgoing;
  MsEndpoint *incoming_source;  /* profile entry each server was filled from */
  MsEndpoint *outgoing_source;
};

G_DEFINE_TYPE (MsAccount, ms_account, G_TYPE_OBJECT)
G_DEFINE_QUARK (ms-account-error-quark, ms_account_error)

enum {
  PROP_0,
  PROP_PROVIDER,
  PROP_REAL_NAME,
  PROP_ADDRESS,
  PROP_PASSWORD,
  PROP_REMEMBER_PASSWORD,
  PROP_REPLY_TO,
  PROP_ORGANIZATION,
  PROP_SIGNATURE,
  PROP_INCOMING,
  PROP_OUTGOING,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
ms_account_finalize (GObject *object)
{
  MsAccount *self = MS_ACCOUNT (object);

  g_clear_object (&self->provider);
  g_free (self->real_name);
  g_free (self->address);
  /* The password is the one secret we hold: do not leave it in freed memory. */
  if (self->password)
    explicit_bzero (self->password, strlen (self->password));
  g_free (self->password);
  g_free (self->reply_to);
  g_free (self->organization);
  g_free (self->signature);
  g_clear_object (&self->incoming);
  g_clear_object (&self->outgoing);
  g_clear_pointer (&self->incoming_source, ms_endpoint_free);
  g_clear_pointer (&self->outgoing_source, ms_endpoint_free);
  G_OBJECT_CLASS (ms_account_parent_class)->finalize (object);
}

static char **
string_field (MsAccount *self, guint prop_id)
{
  switch (prop_id)
    {
    case PROP_REAL_NAME: return &self->real_name;
    case PROP_ADDRESS: return &self->address;
    case PROP_PASSWORD: return &self->password;
    case PROP_REPLY_TO: return &self->reply_to;
    case PROP_ORGANIZATION: return &self->organization;
    case PROP_SIGNATURE: return &self->signature;
    default: return NULL;
    }
}

static void
ms_account_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MsAccount *self = MS_ACCOUNT (object);
  char **field = string_field (self, prop_id);

  if (field)
    {
      g_value_set_string (value, *field);
      return;
    }
  switch (prop_id)
    {
    case PROP_PROVIDER: g_value_set_object (value, self->provider); break;
    case PROP_REMEMBER_PASSWORD: g_value_set_boolean (value, self->remember_password); break;
    case PROP_INCOMING: g_value_set_object (value, self->incoming); break;
    case PROP_OUTGOING: g_value_set_object (value, self->outgoing); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Keeps a derived value (a username or hostname from the profile) in step
 * with the address, unless the user has replaced it with their own. */
static void
follow_address (MsServer *server, const MsEndpoint *source, const char *old_address,
                const char *new_address, const char *real_name)
{
  g_autofree char *old_user = NULL, *new_user = NULL, *old_host = NULL, *new_host = NULL;
  const char *user_template = source ? source->username : "%EMAILADDRESS%";

  old_user = ms_expand_placeholders (user_template, old_address, real_name);
  new_user = ms_expand_placeholders (user_template, new_address, real_name);
  if (*ms_server_get_username (server) == '\0' || g_strcmp0 (ms_server_get_username (server), old_user) == 0)
    ms_server_set_username (server, new_user);

  if (source == NULL)
    return;
  old_host = ms_expand_placeholders (source->hostname, old_address, real_name);
  new_host = ms_expand_placeholders (source->hostname, new_address, real_name);
  if (g_strcmp0 (ms_server_get_hostname (server), old_host) == 0)
    ms_server_set_hostname (server, new_host);
}

static void
set_address (MsAccount *self, const char *address)
{
  g_autofree char *old = g_steal_pointer (&self->address);

  self->address = g_strdup (address ? address : "");
  follow_address (self->incoming, self->incoming_source, old, self->address, self->real_name);
  follow_address (self->outgoing, self->outgoing_source, old, self->address, self->real_name);
}

static void
ms_account_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  MsAccount *self = MS_ACCOUNT (object);
  char **field = string_field (self, prop_id);

  if (field)
    {
      const char *str = g_value_get_string (value);

      if (g_strcmp0 (*field, str) == 0)
        return;
      if (prop_id == PROP_ADDRESS)
        set_address (self, str);
      else if (prop_id == PROP_PASSWORD)
        {
          ms_account_set_password (self, str);
          return;
        }
      else
        {
          g_free (*field);
          *field = g_strdup (str ? str : "");
        }
      g_object_notify_by_pspec (object, pspec);
      return;
    }

  switch (prop_id)
    {
    case PROP_PROVIDER:
      ms_account_set_provider (self, g_value_get_object (value));
      break;
    case PROP_REMEMBER_PASSWORD:
      if (self->remember_password != g_value_get_boolean (value))
        {
          self->remember_password = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_account_class_init (MsAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ms_account_finalize;
  object_class->get_property = ms_account_get_property;
  object_class->set_property = ms_account_set_property;

  props[PROP_PROVIDER] = g_param_spec_object ("provider", NULL, NULL, MS_TYPE_PROVIDER, rw);
  props[PROP_REAL_NAME] = g_param_spec_string ("real-name", NULL, NULL, "", rw);
  props[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, "", rw);
  props[PROP_PASSWORD] = g_param_spec_string ("password", NULL, NULL, "", rw);
  props[PROP_REMEMBER_PASSWORD] = g_param_spec_boolean ("remember-password", NULL, NULL, TRUE, rw);
  props[PROP_REPLY_TO] = g_param_spec_string ("reply-to", NULL, NULL, "", rw);
  props[PROP_ORGANIZATION] = g_param_spec_string ("organization", NULL, NULL, "", rw);
  props[PROP_SIGNATURE] = g_param_spec_string ("signature", NULL, NULL, "", rw);
  props[PROP_INCOMING] = g_param_spec_object ("incoming", NULL, NULL, MS_TYPE_SERVER, ro);
  props[PROP_OUTGOING] = g_param_spec_object ("outgoing", NULL, NULL, MS_TYPE_SERVER, ro);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
ms_account_init (MsAccount *self)
{
  self->real_name = g_strdup ("");
  self->address = g_strdup ("");
  self->password = g_strdup ("");
  self->reply_to = g_strdup ("");
  self->organization = g_strdup ("");
  self->signature = g_strdup ("");
  self->remember_password = TRUE;
  self->incoming = ms_server_new (MS_PROTOCOL_IMAP);
  self->outgoing = ms_server_new (MS_PROTOCOL_SMTP);
}

MsAccount *
ms_account_new (MsProvider *provider)
{
  MsAccount *self = g_object_new (MS_TYPE_ACCOUNT, NULL);

  if (provider)
    ms_account_set_provider (self, provider);
  return self;
}

static void
load_server (MsAccount *self, MsServer *server, MsEndpoint **source, const MsEndpoint *endpoint)
{
  g_clear_pointer (source, ms_endpoint_free);
  if (endpoint == NULL)
    {
      /* "Other provider": keep the secure defaults, the user types the host. */
      ms_server_set_hostname (server, "");
      ms_server_set_certificate_name (server, NULL);
      ms_server_set_security (server, MS_SECURITY_SSL);
      ms_server_set_port (server, ms_ports_default_port (ms_server_get_protocol (server), MS_SECURITY_SSL));
      ms_server_set_username (server, self->address);
      return;
    }
  *source = ms_endpoint_copy (endpoint);
  ms_server_load_endpoint (server, endpoint, self->address, self->real_name);
}

static const MsEndpoint *
first_endpoint (GPtrArray *list)
{
  return list->len > 0 ? g_ptr_array_index (list, 0) : NULL;
}

void
ms_account_set_provider (MsAccount *self, MsProvider *provider)
{
  if (self->provider == provider)
    return;
  g_set_object (&self->provider, provider);
  load_server (self, self->incoming, &self->incoming_source,
               provider ? first_endpoint (ms_provider_get_incoming (provider)) : NULL);
  load_server (self, self->outgoing, &self->outgoing_source,
               provider ? first_endpoint (ms_provider_get_outgoing (provider)) : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PROVIDER]);
}

void
ms_account_select_incoming (MsAccount *self, MsProtocol protocol)
{
  const MsEndpoint *endpoint = NULL;

  if (ms_server_get_protocol (self->incoming) == protocol)
    return;
  if (self->provider)
    endpoint = ms_provider_find (self->provider, protocol, ms_server_get_security (self->incoming));

  /* The profile's own entry for that protocol, unless the user has typed a
   * server of their own that we must not throw away. */
  if (endpoint && self->incoming_source &&
      g_strcmp0 (ms_server_get_hostname (self->incoming), self->incoming_source->hostname) == 0 &&
      !ms_server_get_port_explicit (self->incoming))
    {
      MsEndpoint *copy = ms_endpoint_copy (endpoint);
      g_autofree char *username = g_strdup (ms_server_get_username (self->incoming));

      ms_server_load_endpoint (self->incoming, copy, self->address, self->real_name);
      ms_server_set_username (self->incoming, username);
      ms_endpoint_free (self->incoming_source);
      self->incoming_source = copy;
    }
  else
    ms_server_set_protocol (self->incoming, protocol);
}

MsProvider *ms_account_get_provider (MsAccount *self) { return self->provider; }
const char *ms_account_get_real_name (MsAccount *self) { return self->real_name; }
const char *ms_account_get_address (MsAccount *self) { return self->address; }
const char *ms_account_get_password (MsAccount *self) { return self->password; }

void
ms_account_set_password (MsAccount *self, const char *password)
{
  g_return_if_fail (MS_IS_ACCOUNT (self));
  if (g_strcmp0 (self->password, password ? password : "") == 0)
    return;
  explicit_bzero (self->password, strlen (self->password));
  g_free (self->password);
  self->password = g_strdup (password ? password : "");
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PASSWORD]);
}
gboolean ms_account_get_remember_password (MsAccount *self) { return self->remember_password; }
const char *ms_account_get_reply_to (MsAccount *self) { return self->reply_to; }
const char *ms_account_get_organization (MsAccount *self) { return self->organization; }
const char *ms_account_get_signature (MsAccount *self) { return self->signature; }
MsServer *ms_account_get_incoming (MsAccount *self) { return self->incoming; }
MsServer *ms_account_get_outgoing (MsAccount *self) { return self->outgoing; }

/* The mistake the guide warns about: mail clients prefill "test" for
 * test@test.com, which fails at a provider that hosts many domains. */
gboolean
ms_account_username_is_local_part (MsAccount *self, MsServer *server)
{
  g_autofree char *local = NULL;
  const char *username = ms_server_get_username (server);

  if (!ms_address_split (self->address, &local, NULL) || *local == '\0')
    return FALSE;
  return g_strcmp0 (username, local) == 0 ||
         (strchr (username, '@') == NULL && *username != '\0' &&
          (self->provider == NULL || ms_provider_wants_full_address (self->provider, ms_server_get_protocol (server))));
}

MsServer *
ms_account_get_server (MsAccount *self, MsRole role)
{
  return role == MS_ROLE_OUTGOING ? ms_account_get_outgoing (self) : ms_account_get_incoming (self);
}

gboolean
ms_account_is_modified (MsAccount *self)
{
  return *self->real_name || *self->address || *self->password || *self->reply_to ||
         *self->organization || *self->signature;
}

gboolean
ms_account_validate_identity (MsAccount *self, GError **error)
{
  g_autofree char *name = g_strstrip (g_strdup (self->real_name));

  if (*name == '\0')
    {
      g_set_error_literal (error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_NO_NAME,
                           _("Enter your name, as others will see it."));
      return FALSE;
    }
  if (!ms_address_validate (self->address, error))
    return FALSE;
  if (*self->password == '\0')
    {
      g_set_error_literal (error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_NO_PASSWORD,
                           _("Enter the password of your e-mail address."));
      return FALSE;
    }
  if (*self->reply_to != '\0')
    {
      g_autoptr(GError) reply_error = NULL;

      if (!ms_address_validate (self->reply_to, &reply_error))
        {
          g_set_error (error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_BAD_REPLY_TO,
                       /* TRANSLATORS: %s is why the reply-to address is not valid, a sentence, e.g. “The address
                        * is too long (at most 254 characters).” */
                       _("Reply-to address: %s"), reply_error->message);
          return FALSE;
        }
    }
  return TRUE;
}
