/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store of accepted certificates, as read back at each start. */
#include "config.h"

#include "ms-fuzz.h"
#include "ms-pin-store.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(MsPinStore) store = ms_pin_store_new_memory ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pins = NULL;

  if (!ms_pin_store_load_from_data (store, (const char *) data, size, &error))
    {
      MS_FUZZ_CHECK (error != NULL);
      return 0;
    }
  /* What the probes and the client writers then ask of it. */
  pins = ms_pin_store_list (store);
  for (guint i = 0; i < pins->len; i++)
    {
      MsPin *pin = g_ptr_array_index (pins, i);
      g_autofree char *sha = NULL;
      g_autoptr(MsPin) again = NULL;

      MS_FUZZ_CHECK (pin->host != NULL && pin->port >= 1 && pin->port <= 65535);
      /* A hand-edited group may name another host:port than its keys:
       * these calls must cope, whatever they find. */
      sha = ms_pin_store_lookup (store, pin->host, pin->port);
      ms_pin_store_is_pinned (store, pin->host, pin->port, pin->sha256);
      again = ms_pin_store_get (store, pin->host, pin->port);
    }
  g_free (ms_pin_store_lookup (store, "mail.3xo.fr", 993));
  return 0;
}
