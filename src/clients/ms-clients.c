/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "evolution/ms-evolution.h"
#include "ms-clients.h"
#include "thunderbird/ms-thunderbird.h"

GPtrArray *
ms_clients_new_all (void)
{
  GPtrArray *clients = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (clients, ms_thunderbird_client_new ());
  g_ptr_array_add (clients, ms_evolution_client_new ());
  return clients;
}

MsClient *
ms_clients_find (GPtrArray *clients, const char *id)
{
  for (guint i = 0; i < clients->len; i++)
    if (g_strcmp0 (ms_client_get_id (g_ptr_array_index (clients, i)), id) == 0)
      return g_ptr_array_index (clients, i);
  return NULL;
}
