/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "ms-discovery.h"

G_BEGIN_DECLS

#define MS_DISCOVERY_MAX_BODY (1024 * 1024)

/* One source's run: what it needs, and where it reports. */
typedef struct _MsDiscoverySourceRun MsDiscoverySourceRun;
typedef void (*MsDiscoverySourceDone) (MsDiscoverySourceRun *run, MsDiscoveryProposal *proposal, GError *error);

struct _MsDiscoverySourceRun {
  MsDiscoverySource source;
  const char *address;
  const char *domain;
  const MsDiscoveryOptions *options;
  MsProviderStore *store;
  GTlsDatabase *database;     /* NULL: the system's */
  GCancellable *cancellable;   /* this source's own; cancelled at its bound */
  MsDiscoverySourceDone done;  /* call exactly once */
  gpointer owner;
};

/* Fetches an autoconfig file in a thread and reads it as a profile,
 * within MS_DISCOVERY_MAX_BODY, without following redirects. */
void        _ms_discovery_fetch_async   (GTlsDatabase *database, const char *url, GCancellable *cancellable,
                                         GAsyncReadyCallback callback, gpointer user_data);
MsProvider *_ms_discovery_fetch_finish  (GAsyncResult *result, GError **error);

char       *_ms_discovery_ispdb_url (const MsDiscoveryOptions *options, const char *domain);

void _ms_discovery_run_autoconfig (MsDiscoverySourceRun *run, gboolean https);
void _ms_discovery_run_ispdb      (MsDiscoverySourceRun *run);
void _ms_discovery_run_mx         (MsDiscoverySourceRun *run);
void _ms_discovery_run_srv        (MsDiscoverySourceRun *run);
void _ms_discovery_run_guess      (MsDiscoverySourceRun *run);

MsDiscoveryProposal *_ms_discovery_proposal_new (MsDiscoverySource source, MsProvider *provider, const char *origin);
/* Adds the domains of the proposal's servers to proposal->domains. */
void        _ms_discovery_proposal_add_domain (MsDiscoveryProposal *proposal, const char *domain);
void        _ms_discovery_proposal_add_servers (MsDiscoveryProposal *proposal);
/* The registrable domain of @host ("mx1.mail.3xo.fr" → "3xo.fr"). */
char       *_ms_discovery_base_domain (const char *host);

G_END_DECLS
