/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-provider.h"

G_BEGIN_DECLS

#define MS_DEFAULT_PROVIDER_ID "3xo.fr"

#define MS_TYPE_PROVIDER_STORE (ms_provider_store_get_type ())
G_DECLARE_FINAL_TYPE (MsProviderStore, ms_provider_store, MS, PROVIDER_STORE, GObject)

MsProviderStore *ms_provider_store_new          (void);
GStrv            ms_provider_store_search_dirs  (void);
void             ms_provider_store_load_sync    (MsProviderStore *self, GCancellable *cancellable);
void             ms_provider_store_load_async   (MsProviderStore *self, GCancellable *cancellable,
                                                 GAsyncReadyCallback callback, gpointer user_data);
gboolean         ms_provider_store_load_finish  (MsProviderStore *self, GAsyncResult *result, GError **error);
gboolean         ms_provider_store_add_file     (MsProviderStore *self, GFile *file, GError **error);

GPtrArray       *ms_provider_store_get_providers (MsProviderStore *self);
GPtrArray       *ms_provider_store_get_problems  (MsProviderStore *self);
MsProvider      *ms_provider_store_lookup        (MsProviderStore *self, const char *id);
MsProvider      *ms_provider_store_lookup_domain (MsProviderStore *self, const char *domain);
MsProvider      *ms_provider_store_get_default   (MsProviderStore *self);

G_END_DECLS
