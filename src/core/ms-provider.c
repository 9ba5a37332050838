/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-provider.h"

struct _MsProvider
{
  GObject parent_instance;

  char *id;
  char *display_name;
  char *short_name;
  char *source;
  char *support;
  char *documentation_url;
  GPtrArray *domains;     /* NULL-terminated strv in a GPtrArray */
  GPtrArray *incoming;
  GPtrArray *outgoing;
  GPtrArray *authorities;
  gboolean manual;
};

G_DEFINE_TYPE (MsProvider, ms_provider, G_TYPE_OBJECT)

static void
authority_free (MsProviderAuthority *authority)
{
  g_free (authority->name);
  g_free (authority->sha256);
  g_free (authority->url);
  g_free (authority);
}
G_DEFINE_QUARK (ms-provider-error-quark, ms_provider_error)

static void
ms_provider_finalize (GObject *object)
{
  MsProvider *self = MS_PROVIDER (object);

  g_free (self->id);
  g_free (self->display_name);
  g_free (self->short_name);
  g_free (self->source);
  g_free (self->support);
  g_free (self->documentation_url);
  g_ptr_array_unref (self->domains);
  g_ptr_array_unref (self->incoming);
  g_ptr_array_unref (self->outgoing);
  g_ptr_array_unref (self->authorities);

  G_OBJECT_CLASS (ms_provider_parent_class)->finalize (object);
}

static void
ms_provider_class_init (MsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_provider_finalize;
}

static void
ms_provider_init (MsProvider *self)
{
  self->domains = g_ptr_array_new_null_terminated (2, g_free, TRUE);
  self->incoming = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_endpoint_free);
  self->outgoing = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_endpoint_free);
  self->authorities = g_ptr_array_new_with_free_func ((GDestroyNotify) authority_free);
}

MsProvider *
_ms_provider_new (const char *id, const char *source)
{
  MsProvider *self = g_object_new (MS_TYPE_PROVIDER, NULL);

  self->id = g_strdup (id);
  self->source = g_strdup (source);
  return self;
}

void
_ms_provider_set_strings (MsProvider *self, const char *display_name, const char *short_name,
                          const char *support, const char *documentation_url)
{
  g_free (self->display_name);
  g_free (self->short_name);
  g_free (self->support);
  g_free (self->documentation_url);
  self->display_name = g_strdup (display_name && *display_name ? display_name : self->id);
  self->short_name = g_strdup (short_name && *short_name ? short_name : self->display_name);
  self->support = g_strdup (support);
  self->documentation_url = g_strdup (documentation_url);
}

void
_ms_provider_add_domain (MsProvider *self, const char *domain)
{
  g_ptr_array_add (self->domains, g_ascii_strdown (domain, -1));
}

void
_ms_provider_add_endpoint (MsProvider *self, gboolean incoming, MsEndpoint *endpoint)
{
  g_ptr_array_add (incoming ? self->incoming : self->outgoing, endpoint);
}

void
_ms_provider_add_authority (MsProvider *self, const char *name, const char *sha256, const char *url)
{
  MsProviderAuthority *authority = g_new0 (MsProviderAuthority, 1);

  authority->name = g_strdup (name);
  authority->sha256 = g_strdup (sha256);
  authority->url = g_strdup (url);
  g_ptr_array_add (self->authorities, authority);
}

/* "Other provider": no servers, the user types them. */
MsProvider *
ms_provider_new_manual (void)
{
  MsProvider *self = _ms_provider_new ("manual", NULL);

  self->manual = TRUE;
  _ms_provider_set_strings (self, _("Other provider"), NULL, NULL, NULL);
  return self;
}

MsProvider *
ms_provider_new_from_file (GFile *file, GCancellable *cancellable, GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFileInfo) info = NULL;
  gsize length = 0;

  name = g_file_get_path (file);
  if (name == NULL)
    name = g_file_get_uri (file);

  /* Refuse huge files before reading them: a profile is a few kilobytes. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, NULL);
  if (info != NULL && g_file_info_get_size (info) > 1024 * 1024)
    {
      g_set_error (error, MS_PROVIDER_ERROR, MS_PROVIDER_ERROR_TOO_LARGE,
                   _("%s: the file is too large to be a provider profile (more than 1 MiB)."), name);
      return NULL;
    }

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    {
      g_prefix_error (error, "%s: ", name);
      return NULL;
    }
  return ms_provider_new_from_data (contents, length, name, error);
}

const char *ms_provider_get_id (MsProvider *self) { return self->id; }
const char *ms_provider_get_display_name (MsProvider *self) { return self->display_name; }
const char *ms_provider_get_short_name (MsProvider *self) { return self->short_name; }
const char *ms_provider_get_source (MsProvider *self) { return self->source; }
const char *ms_provider_get_support (MsProvider *self) { return self->support; }
const char *ms_provider_get_documentation_url (MsProvider *self) { return self->documentation_url; }
const char *const *ms_provider_get_domains (MsProvider *self) { return (const char *const *) self->domains->pdata; }
GPtrArray *ms_provider_get_incoming (MsProvider *self) { return self->incoming; }
GPtrArray *ms_provider_get_outgoing (MsProvider *self) { return self->outgoing; }
gboolean ms_provider_is_manual (MsProvider *self) { return self->manual; }

static GPtrArray *
list_for (MsProvider *self, MsProtocol protocol)
{
  return protocol == MS_PROTOCOL_SMTP ? self->outgoing : self->incoming;
}

const MsEndpoint *
ms_provider_find (MsProvider *self, MsProtocol protocol, MsSecurity security)
{
  GPtrArray *list = list_for (self, protocol);
  const MsEndpoint *any = NULL;

  for (guint i = 0; i < list->len; i++)
    {
      const MsEndpoint *e = g_ptr_array_index (list, i);
      if (e->protocol != protocol)
        continue;
      if (e->security == security)
        return e;
      if (any == NULL)
        any = e;
    }
  return any;
}

/* The profile lists the provider's recommended server first. */
gboolean
ms_provider_is_recommended (MsProvider *self, const MsEndpoint *endpoint)
{
  GPtrArray *list = list_for (self, endpoint->protocol);
  const MsEndpoint *first;

  if (list->len == 0)
    return FALSE;
  first = g_ptr_array_index (list, 0);
  return first->protocol == endpoint->protocol && first->port == endpoint->port &&
         first->security == endpoint->security;
}

gboolean
ms_provider_offers (MsProvider *self, MsProtocol protocol, guint port, MsSecurity security)
{
  GPtrArray *list = list_for (self, protocol);

  for (guint i = 0; i < list->len; i++)
    {
      const MsEndpoint *e = g_ptr_array_index (list, i);
      if (e->protocol == protocol && e->port == port && e->security == security)
        return TRUE;
    }
  return FALSE;
}

gboolean
ms_provider_wants_full_address (MsProvider *self, MsProtocol protocol)
{
  const MsEndpoint *e = ms_provider_find (self, protocol, MS_SECURITY_SSL);

  return e != NULL && e->username != NULL && strstr (e->username, "%EMAILADDRESS%") != NULL;
}

GPtrArray *
ms_provider_get_authorities (MsProvider *self)
{
  return self->authorities;
}

GStrv
ms_provider_dup_hostnames (MsProvider *self)
{
  g_autoptr(GPtrArray) hosts = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  GPtrArray *lists[] = { self->incoming, self->outgoing };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        const MsEndpoint *e = g_ptr_array_index (lists[l], i);
        gboolean seen = FALSE;

        /* Placeholders (%EMAILDOMAIN%) name no host of their own. */
        if (e->hostname == NULL || *e->hostname == '\0' || strchr (e->hostname, '%'))
          continue;
        for (guint h = 0; h < hosts->len && !seen; h++)
          seen = g_ascii_strcasecmp (hosts->pdata[h], e->hostname) == 0;
        if (!seen)
          g_ptr_array_add (hosts, g_ascii_strdown (e->hostname, -1));
      }
  return (GStrv) g_ptr_array_steal (hosts, NULL);
}

char *
ms_provider_dup_certificate_name (MsProvider *self, const char *hostname)
{
  GPtrArray *lists[] = { self->incoming, self->outgoing };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        const MsEndpoint *e = g_ptr_array_index (lists[l], i);

        if (e->certificate_name && e->hostname && g_ascii_strcasecmp (e->hostname, hostname) == 0)
          return g_strdup (e->certificate_name);
      }
  return g_ascii_strdown (hostname, -1);
}
