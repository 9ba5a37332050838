/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsecret/secret.h>

#include "ms-client.h"
#include "ms-existing.h"

G_BEGIN_DECLS

#define MS_TYPE_EVOLUTION_CLIENT (ms_evolution_client_get_type ())
G_DECLARE_FINAL_TYPE (MsEvolutionClient, ms_evolution_client, MS, EVOLUTION_CLIENT, GObject)

/* Writes into $XDG_CONFIG_HOME/evolution and $XDG_DATA_HOME. */
MsClient           *ms_evolution_client_new          (void);
/* The same with other base directories (tests, benchmarks): @config_home
 * stands for $XDG_CONFIG_HOME, @data_home for $XDG_DATA_HOME. */
MsClient           *ms_evolution_client_new_for_dirs (const char *config_home, const char *data_home);

/* The sources folder the registry watches ($XDG_CONFIG_HOME/evolution/sources). */
const char         *ms_evolution_client_get_sources_dir (MsEvolutionClient *self);

/* Whether the Evolution program (not only its data server) runs for this
 * user: its certificate list must not be written then. */
gboolean            ms_evolution_is_running          (void);
/* Whether evolution-source-registry runs for this user: it then loads new
 * sources by itself, a few seconds after they are written. */
gboolean            ms_evolution_registry_is_running (void);

/* The schema EDS stores source passwords under (e-secret-store.c):
 * attributes "e-source-uid" (the source UID) and "eds-origin". */
const SecretSchema *ms_evolution_secret_schema       (void);
/* The attributes for the password of source @uid, as EDS writes them. */
GHashTable         *ms_evolution_secret_attributes   (const char *uid);

/* MsExistingAccount* of the stand-alone mail accounts in @sources_dir. */
GPtrArray          *ms_evolution_read_accounts       (const char *sources_dir, GError **error);
gboolean            ms_evolution_plan_repair         (MsFileSet *set, const MsExistingAccount *account,
                                                      const MsEndpoint *incoming, const MsEndpoint *outgoing,
                                                      GError **error);

G_END_DECLS
