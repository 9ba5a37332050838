/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-file.h"
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
  GPtrArray *notes;       /* NULL-terminated */
  char *key;
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
  g_ptr_array_unref (self->notes);
  g_free (self->key);

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
  self->notes = g_ptr_array_new_null_terminated (1, g_free, TRUE);
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
_ms_provider_add_note (MsProvider *self, const char *note)
{
  g_ptr_array_add (self->notes, g_strdup (note));
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
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) local = NULL;
  gsize length = 0;

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, MS_PROVIDER_ERROR, MS_PROVIDER_ERROR_IO,
                   /* TRANSLATORS: %s is the address of the chosen file, e.g. “sftp://example.com/ana/3xo.fr.xml”. */
                   _("%s: a provider profile must be a local file."), uri);
      return NULL;
    }
  /* Checked on the open file before anything is read: /dev/zero would
   * otherwise be read to the end of memory, and a FIFO would block. */
  if (!ms_file_read_bounded (path, MS_FILE_MAX_PROFILE, &contents, &length, &local))
    {
      if (g_error_matches (local, MS_FILE_ERROR, MS_FILE_ERROR_TOO_LARGE))
        g_set_error (error, MS_PROVIDER_ERROR, MS_PROVIDER_ERROR_TOO_LARGE,
                     /* TRANSLATORS: %s is a file path, e.g. “/home/ana/3xo.fr.xml”. */
                     _("%s: the file is too large to be a provider profile (more than 1 MiB)."), path);
      else if (g_error_matches (local, MS_FILE_ERROR, MS_FILE_ERROR_NOT_REGULAR))
        g_set_error (error, MS_PROVIDER_ERROR, MS_PROVIDER_ERROR_IO,
                     /* TRANSLATORS: %s is a file path, e.g. “/dev/zero”. */
                     _("%s is not a regular file, so it cannot be a provider profile."), path);
      else
        g_set_error_literal (error, MS_PROVIDER_ERROR, MS_PROVIDER_ERROR_IO, local->message);
      return NULL;
    }
  return ms_provider_new_from_data (contents, length, path, error);
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
const char *const *
ms_provider_get_notes (MsProvider *self)
{
  static const char *const none[] = { NULL };

  /* An empty null-terminated GPtrArray may have no storage yet. */
  return self->notes->pdata ? (const char *const *) self->notes->pdata : none;
}

const char *
ms_provider_get_key (MsProvider *self)
{
  /* Usually the id is the first domain, and the key is the id alone. */
  if (self->key == NULL)
    self->key = self->domains->len > 0 &&
                g_ascii_strcasecmp (self->id, g_ptr_array_index (self->domains, 0)) != 0
                ? g_strdup_printf ("%s/%s", self->id, (const char *) g_ptr_array_index (self->domains, 0))
                : g_strdup (self->id);
  return self->key;
}

gboolean
ms_provider_serves_domain (MsProvider *self, const char *domain)
{
  for (guint i = 0; domain && i < self->domains->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (self->domains, i), domain) == 0)
      return TRUE;
  return FALSE;
}

gboolean
ms_provider_uses_oauth2 (MsProvider *self)
{
  GPtrArray *lists[] = { self->incoming, self->outgoing };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    if (lists[l]->len > 0 && ((MsEndpoint *) g_ptr_array_index (lists[l], 0))->auth == MS_AUTH_OAUTH2)
      return TRUE;
  return FALSE;
}

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
