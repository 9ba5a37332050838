/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/ms-provider-store.h"

G_BEGIN_DECLS

#define MS_DISCOVERY_ERROR (ms_discovery_error_quark ())

/* One code per thing the user or a script can act on differently. */
typedef enum {
  MS_DISCOVERY_ERROR_BAD_ADDRESS,   /* not an e-mail address */
  MS_DISCOVERY_ERROR_NOT_FOUND,     /* no source had settings */
  MS_DISCOVERY_ERROR_TIMED_OUT,     /* this source did not answer within its bound */
  MS_DISCOVERY_ERROR_HTTP,          /* the web server answered with an error status */
  MS_DISCOVERY_ERROR_NOT_A_PROFILE, /* an answer that is not a usable profile (HTML, bad XML) */
  MS_DISCOVERY_ERROR_TOO_LARGE,     /* an answer beyond the size bound */
  MS_DISCOVERY_ERROR_NO_RECORD,     /* DNS has no such record, or says "not offered" */
  MS_DISCOVERY_ERROR_UNKNOWN_HOST,  /* the MX host belongs to no provider we know */
  MS_DISCOVERY_ERROR_NO_SERVER,     /* guessing found no server with a certificate for its name */
  MS_DISCOVERY_ERROR_OFFLINE,       /* the source needs the internet and --offline was given */
  MS_DISCOVERY_ERROR_NETWORK,       /* any other network failure */
} MsDiscoveryError;

GQuark ms_discovery_error_quark (void);

/* Highest priority first: the answer is the first source, in this order,
 * that found settings, however fast the others were. */
typedef enum {
  MS_DISCOVERY_SOURCE_LOCAL,           /* our provider profiles, by domain */
  MS_DISCOVERY_SOURCE_AUTOCONFIG,      /* the provider's own https autoconfig */
  MS_DISCOVERY_SOURCE_ISPDB,           /* Thunderbird's ISP database */
  MS_DISCOVERY_SOURCE_MX,              /* the domain's mail exchanger's provider */
  MS_DISCOVERY_SOURCE_SRV,             /* RFC 6186 / 8314 SRV records */
  MS_DISCOVERY_SOURCE_AUTOCONFIG_HTTP, /* autoconfig over plain http */
  MS_DISCOVERY_SOURCE_GUESS,           /* imap., mail., pop., smtp. probed */
  MS_DISCOVERY_N_SOURCES
} MsDiscoverySource;

/* "local", "autoconfig", "ispdb", "mx", "srv", "autoconfig-http", "guess". */
const char *ms_discovery_source_to_string (MsDiscoverySource source);
/* Translated, for people: "your provider's own settings (autoconfig)"... */
const char *ms_discovery_source_display   (MsDiscoverySource source);
/* DNS, plain http and guessing can be forged or wrong: the user confirms. */
gboolean    ms_discovery_source_needs_confirmation (MsDiscoverySource source);

#define MS_DISCOVERY_DEFAULT_ISPDB_URL "https://autoconfig.thunderbird.net/v1.1/"

typedef struct {
  char *ispdb_url;         /* base URL, the domain is appended; NULL: $MAIL_SETUP_ISPDB_URL or the default */
  gboolean offline;        /* no ISPDB (nothing leaves for a third party) */
  guint source_timeout_ms; /* each source's bound; 0: 4000 */
  guint total_timeout_ms;  /* the whole answer; 0: 6000 */
  char *ca_file;           /* trust anchors for https and probes (tests, private CAs) */
} MsDiscoveryOptions;

MsDiscoveryOptions *ms_discovery_options_new  (void);
void                ms_discovery_options_free (MsDiscoveryOptions *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsDiscoveryOptions, ms_discovery_options_free)

/* Settings found by one source. */
typedef struct {
  MsDiscoverySource source;
  MsProvider *provider;      /* the servers, as a profile (first = recommended) */
  char *origin;              /* where from: a URL, a DNS name, "imap.example.org"... */
  GStrv domains;             /* every domain the settings point at, in full, to show */
  MsProvider *known_provider;/* MX: our profile that hosts the domain, or NULL */
  gboolean needs_confirmation;
} MsDiscoveryProposal;

void ms_discovery_proposal_free (MsDiscoveryProposal *proposal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsDiscoveryProposal, ms_discovery_proposal_free)

/* What each source did, for reports, --discover --json and tests. */
typedef struct {
  MsDiscoverySource source;
  gboolean ran;              /* FALSE: not started (offline, or answered earlier) */
  gboolean found;
  GError *error;             /* why not, when it ran and found nothing */
  gint64 elapsed_ms;         /* from the start of discovery to this source's end */
} MsDiscoveryAttempt;

typedef struct {
  char *address;
  char *domain;
  MsDiscoveryProposal *proposal;   /* the answer, or NULL (then error says why) */
  GPtrArray *proposals;            /* every source's proposal, by priority */
  MsDiscoveryAttempt attempts[MS_DISCOVERY_N_SOURCES];
  GError *error;
  gint64 elapsed_ms;               /* to the answer */
} MsDiscoveryResult;

void ms_discovery_result_free (MsDiscoveryResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsDiscoveryResult, ms_discovery_result_free)
/* docs/discover-json.md */
char *ms_discovery_result_to_json (const MsDiscoveryResult *result);

#define MS_TYPE_DISCOVERY (ms_discovery_get_type ())
G_DECLARE_FINAL_TYPE (MsDiscovery, ms_discovery, MS, DISCOVERY, GObject)

MsDiscovery       *ms_discovery_new          (MsProviderStore *store, const MsDiscoveryOptions *options);
/* Every source starts at once, each with its own bound; the answer comes
 * by priority within the total bound.  Returns a result even when nothing
 * was found (result->error says why); fails only when cancelled, and
 * every lookup has stopped by then. */
void               ms_discovery_run_async    (MsDiscovery *self, const char *address, GCancellable *cancellable,
                                              GAsyncReadyCallback callback, gpointer user_data);
MsDiscoveryResult *ms_discovery_run_finish   (MsDiscovery *self, GAsyncResult *result, GError **error);

G_END_DECLS
