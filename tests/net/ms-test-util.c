/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sys/socket.h>

#include "ms-test-util.h"

static void
on_probe_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  MsProbeResult **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = ms_probe_run_finish (res, &error);
  g_assert_no_error (error);
}

MsProbeResult *
ms_test_probe (const MsEndpoint *endpoint, const MsProbeOptions *options)
{
  MsProbeResult *result = NULL;

  ms_probe_run_async (endpoint, options, NULL, on_probe_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return result;
}

const char *
ms_test_env (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL)
    g_error ("%s is not set: run this test through tests/servers/run-with-servers.sh", name);
  return value;
}

guint
ms_test_base_port (void)
{
  return (guint) g_ascii_strtoull (ms_test_env ("MS_TEST_BASE_PORT"), NULL, 10);
}

MsEndpoint *
ms_test_endpoint (MsProtocol protocol, const char *host, guint port_offset, MsSecurity security)
{
  MsEndpoint *endpoint = ms_endpoint_new (protocol, host, ms_test_base_port () + port_offset, security);

  endpoint->certificate_name = g_strdup ("localhost");
  return endpoint;
}

MsProbeOptions *
ms_test_options (gboolean with_ca, gboolean with_login)
{
  MsProbeOptions *options = ms_probe_options_new ();

  options->connect_timeout_ms = 3000;
  options->read_timeout_ms = 3000;
  if (with_ca)
    options->ca_file = g_strdup (ms_test_env ("MS_TEST_CA"));
  if (with_login)
    {
      options->username = g_strdup (ms_test_env ("MS_TEST_USER"));
      options->password = g_strdup (ms_test_env ("MS_TEST_PASSWORD"));
    }
  return options;
}

void
ms_test_assert_error (const MsProbeResult *result, MsNetError code)
{
  if (result->error == NULL)
    g_error ("expected error %s, but the probe passed", ms_net_error_to_string (code));
  if (!g_error_matches (result->error, MS_NET_ERROR, code))
    g_error ("expected error %s, got %s: %s", ms_net_error_to_string (code),
             result->error->domain == MS_NET_ERROR ? ms_net_error_to_string (result->error->code) : "foreign",
             result->error->message);
}

GSocket *
ms_test_filtered_port (guint *port, GPtrArray *fillers)
{
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  GSocket *listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);

  g_assert_nonnull (listener);
  g_assert_true (g_socket_bind (listener, any, TRUE, NULL));
  /* Backlog 0 and never accept(): once the queue holds a connection or
   * two, Linux drops further SYNs, exactly like a filtering firewall. */
  g_socket_set_listen_backlog (listener, 0);
  g_assert_true (g_socket_listen (listener, NULL));
  bound = g_socket_get_local_address (listener, NULL);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  for (guint i = 0; i < 4; i++)
    {
      GSocket *filler = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
      g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, (guint16) *port);

      g_socket_set_blocking (filler, FALSE);
      g_socket_connect (filler, addr, NULL, NULL);
      g_ptr_array_add (fillers, filler);
    }
  return listener;
}

void
ms_test_async_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}
