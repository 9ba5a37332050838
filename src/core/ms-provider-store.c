/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-core-resources.h"
#include "ms-provider-store.h"

#define BUILTIN_PREFIX "/io/github/mailsetup/MailSetup/providers"

/* Providers come from three places; a later one replaces an earlier one
 * with the same id and a domain in common, so an administrator can update
 * the built-in profile and a user can override the administrator:
 *   built-in (GResource) < $XDG_DATA_DIRS/mail-setup/providers < ~/.local/share/...
 * Profiles that share an id but no domain are all kept: the ISPDB has six
 * "zoho.com" files, one per region, told apart by their domains. */
struct _MsProviderStore
{
  GObject parent_instance;

  GPtrArray *providers;
  GPtrArray *problems;   /* GError */
};

G_DEFINE_TYPE (MsProviderStore, ms_provider_store, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct {
  GPtrArray *providers;
  GPtrArray *problems;
} LoadResult;

static void
load_result_free (LoadResult *r)
{
  g_ptr_array_unref (r->providers);
  g_ptr_array_unref (r->problems);
  g_free (r);
}

static void
ms_provider_store_finalize (GObject *object)
{
  MsProviderStore *self = MS_PROVIDER_STORE (object);

  g_ptr_array_unref (self->providers);
  g_ptr_array_unref (self->problems);
  G_OBJECT_CLASS (ms_provider_store_parent_class)->finalize (object);
}

static void
ms_provider_store_class_init (MsProviderStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_provider_store_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static gboolean
same_profile (MsProvider *a, MsProvider *b)
{
  const char *const *domains = ms_provider_get_domains (b);

  if (g_ascii_strcasecmp (ms_provider_get_id (a), ms_provider_get_id (b)) != 0)
    return FALSE;
  for (guint i = 0; domains[i]; i++)
    if (ms_provider_serves_domain (a, domains[i]))
      return TRUE;
  return FALSE;
}

static void
merge_replacing (GPtrArray *into, MsProvider *provider)
{
  for (guint i = 0; i < into->len; i++)
    {
      MsProvider *old = g_ptr_array_index (into, i);
      if (same_profile (old, provider))
        {
          g_ptr_array_index (into, i) = provider;
          g_object_unref (old);
          return;
        }
    }
  g_ptr_array_add (into, provider);
}

static void
load_builtin (GPtrArray *providers, GPtrArray *problems)
{
  g_auto(GStrv) names = NULL;

  g_resources_register (ms_core_get_resource ());
  names = g_resources_enumerate_children (BUILTIN_PREFIX, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  for (guint i = 0; names && names[i]; i++)
    {
      g_autofree char *path = g_build_path ("/", BUILTIN_PREFIX, names[i], NULL);
      g_autofree char *source = g_strconcat ("resource://", path, NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      GError *error = NULL;
      MsProvider *provider;
      gsize size;
      const char *data = g_bytes_get_data (bytes, &size);

      provider = ms_provider_new_from_data (data, size, source, &error);
      if (provider)
        merge_replacing (providers, provider);
      else
        g_ptr_array_add (problems, error);
    }
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static void
load_dir (const char *dir, GPtrArray *providers, GPtrArray *problems, GCancellable *cancellable)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (names, g_strdup (name));
  /* A stable order, so that two files with one id resolve the same way. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      GError *error = NULL;
      MsProvider *provider = ms_provider_new_from_file (file, cancellable, &error);

      if (provider)
        merge_replacing (providers, provider);
      else
        g_ptr_array_add (problems, error);
    }
}

GStrv
ms_provider_store_search_dirs (void)
{
  const char *const *system_dirs = g_get_system_data_dirs ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = g_strv_length ((GStrv) system_dirs);

  /* Lowest priority first: XDG lists the most important system dir first. */
  for (guint i = n; i > 0; i--)
    {
      g_autofree char *dir = g_build_filename (system_dirs[i - 1], "mail-setup", "providers", NULL);
      g_strv_builder_add (builder, dir);
    }
  {
    g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "mail-setup", "providers", NULL);
    g_strv_builder_add (builder, dir);
  }
  return g_strv_builder_end (builder);
}

static LoadResult *
load_everything (GCancellable *cancellable)
{
  LoadResult *r = g_new0 (LoadResult, 1);
  g_auto(GStrv) dirs = ms_provider_store_search_dirs ();

  r->providers = g_ptr_array_new_with_free_func (g_object_unref);
  r->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  load_builtin (r->providers, r->problems);
  for (guint i = 0; dirs[i]; i++)
    load_dir (dirs[i], r->providers, r->problems, cancellable);
  return r;
}

static void
apply_result (MsProviderStore *self, LoadResult *r)
{
  g_ptr_array_set_size (self->providers, 0);
  for (guint i = 0; i < r->providers->len; i++)
    g_ptr_array_add (self->providers, g_object_ref (g_ptr_array_index (r->providers, i)));
  g_ptr_array_set_size (self->problems, 0);
  for (guint i = 0; i < r->problems->len; i++)
    g_ptr_array_add (self->problems, g_error_copy (g_ptr_array_index (r->problems, i)));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
ms_provider_store_init (MsProviderStore *self)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

  self->providers = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  /* The built-in profile is in memory: the wizard shows it at once, while
   * the directories are read in a thread. */
  load_builtin (self->providers, self->problems);
}

MsProviderStore *
ms_provider_store_new (void)
{
  return g_object_new (MS_TYPE_PROVIDER_STORE, NULL);
}

void
ms_provider_store_load_sync (MsProviderStore *self, GCancellable *cancellable)
{
  LoadResult *r = load_everything (cancellable);

  apply_result (self, r);
  load_result_free (r);
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  g_task_return_pointer (task, load_everything (cancellable), (GDestroyNotify) load_result_free);
}

void
ms_provider_store_load_async (MsProviderStore *self, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, ms_provider_store_load_async);
  g_task_run_in_thread (task, load_thread);
}

gboolean
ms_provider_store_load_finish (MsProviderStore *self, GAsyncResult *result, GError **error)
{
  LoadResult *r = g_task_propagate_pointer (G_TASK (result), error);

  if (r == NULL)
    return FALSE;
  apply_result (self, r);
  load_result_free (r);
  return TRUE;
}

gboolean
ms_provider_store_add_file (MsProviderStore *self, GFile *file, GError **error)
{
  MsProvider *provider = ms_provider_new_from_file (file, NULL, error);

  if (provider == NULL)
    return FALSE;
  merge_replacing (self->providers, provider);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

GPtrArray *ms_provider_store_get_providers (MsProviderStore *self) { return self->providers; }
GPtrArray *ms_provider_store_get_problems (MsProviderStore *self) { return self->problems; }

/* An id, or a key ("id/domain") when profiles share the id. */
MsProvider *
ms_provider_store_lookup (MsProviderStore *self, const char *id)
{
  if (id == NULL)
    return NULL;
  for (guint i = 0; i < self->providers->len; i++)
    {
      MsProvider *p = g_ptr_array_index (self->providers, i);
      if (g_ascii_strcasecmp (ms_provider_get_key (p), id) == 0)
        return p;
    }
  for (guint i = 0; i < self->providers->len; i++)
    {
      MsProvider *p = g_ptr_array_index (self->providers, i);
      if (g_ascii_strcasecmp (ms_provider_get_id (p), id) == 0)
        return p;
    }
  return NULL;
}

MsProvider *
ms_provider_store_lookup_domain (MsProviderStore *self, const char *domain)
{
  /* The most specific profile wins: the user's come last. */
  for (guint i = self->providers->len; i > 0; i--)
    {
      MsProvider *p = g_ptr_array_index (self->providers, i - 1);
      if (ms_provider_serves_domain (p, domain))
        return p;
    }
  return NULL;
}

MsProvider *
ms_provider_store_get_default (MsProviderStore *self)
{
  MsProvider *p = ms_provider_store_lookup (self, MS_DEFAULT_PROVIDER_ID);

  if (p == NULL && self->providers->len > 0)
    p = g_ptr_array_index (self->providers, 0);
  return p;
}
