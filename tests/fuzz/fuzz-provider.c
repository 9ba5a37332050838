/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Provider profiles (Mozilla autoconfig): anything a helpdesk or an
 * administrator drops in a profile folder, or a --profile FILE. */
#include "config.h"

#include "core/ms-address.h"
#include "core/ms-provider.h"
#include "ms-fuzz.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsProvider) provider = ms_provider_new_from_data ((const char *) data, (gssize) size, "fuzz.xml", &error);

  MS_FUZZ_CHECK ((provider == NULL) == (error != NULL));
  if (provider == NULL)
    {
      MS_FUZZ_CHECK (error->domain == MS_PROVIDER_ERROR);
      return 0;
    }
  MS_FUZZ_CHECK (ms_provider_get_id (provider) != NULL);
  /* What the wizard and --apply do with a profile next. */
  for (int protocol = MS_PROTOCOL_IMAP; protocol <= MS_PROTOCOL_SMTP; protocol++)
    {
      GPtrArray *list = protocol == MS_PROTOCOL_SMTP ? ms_provider_get_outgoing (provider)
                                                     : ms_provider_get_incoming (provider);
      const MsEndpoint *found = ms_provider_find (provider, protocol, MS_SECURITY_SSL);

      if (found != NULL)
        MS_FUZZ_CHECK (ms_provider_offers (provider, protocol, found->port, found->security));
      ms_provider_wants_full_address (provider, protocol);
      for (guint i = 0; i < list->len; i++)
        {
          const MsEndpoint *e = g_ptr_array_index (list, i);
          g_autofree char *host = ms_expand_placeholders (e->hostname, "jean.dupont@example.test", "Jean");
          g_autofree char *user = e->username ? ms_expand_placeholders (e->username, "jean.dupont@example.test",
                                                                          "Jean") : NULL;
          g_autoptr(MsEndpoint) copy = ms_endpoint_copy (e);

          MS_FUZZ_CHECK (e->port >= 1 && e->port <= 65535);
          MS_FUZZ_CHECK (g_strcmp0 (copy->hostname, e->hostname) == 0 && copy->port == e->port);
          MS_FUZZ_CHECK (user == NULL || e->username != NULL);
          ms_provider_is_recommended (provider, e);
          ms_hostname_validate (host, FALSE, NULL, NULL);
        }
    }
  return 0;
}
