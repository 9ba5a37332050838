/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ms-probe-private.h"

MsProbeOptions *
ms_probe_options_new (void)
{
  MsProbeOptions *options = g_new0 (MsProbeOptions, 1);

  options->connect_timeout_ms = MS_PROBE_DEFAULT_TIMEOUT_MS;
  options->read_timeout_ms = MS_PROBE_DEFAULT_TIMEOUT_MS;
  return options;
}

MsProbeOptions *
ms_probe_options_copy (const MsProbeOptions *options)
{
  MsProbeOptions *copy = g_memdup2 (options, sizeof *options);

  copy->username = g_strdup (options->username);
  copy->address = g_strdup (options->address);
  copy->password = g_strdup (options->password);
  copy->ca_file = g_strdup (options->ca_file);
  copy->helo_name = g_strdup (options->helo_name);
  if (copy->pin_store)
    g_object_ref (copy->pin_store);
  return copy;
}

void
ms_probe_options_free (MsProbeOptions *options)
{
  if (options == NULL)
    return;
  g_free (options->username);
  g_free (options->address);
  if (options->password != NULL)
    explicit_bzero (options->password, strlen (options->password));
  g_free (options->password);
  g_free (options->ca_file);
  g_free (options->helo_name);
  g_clear_object (&options->pin_store);
  g_free (options);
}

/* Results are shared by the check, its signal handlers and the renderer:
 * reference counting avoids deep copies of certificate chains. */
typedef struct {
  MsProbeResult public;
  gint ref_count;
} RealResult;

MsProbeResult *
_ms_probe_result_new (const MsEndpoint *endpoint)
{
  RealResult *real = g_new0 (RealResult, 1);

  real->ref_count = 1;
  real->public.endpoint = ms_endpoint_copy (endpoint);
  return &real->public;
}

MsProbeResult *
ms_probe_result_ref (MsProbeResult *result)
{
  g_atomic_int_inc (&((RealResult *) result)->ref_count);
  return result;
}

void
ms_probe_result_unref (MsProbeResult *result)
{
  if (result == NULL || !g_atomic_int_dec_and_test (&((RealResult *) result)->ref_count))
    return;
  ms_endpoint_free (result->endpoint);
  g_free (result->tls_description);
  g_free (result->greeting);
  g_strfreev (result->capabilities);
  g_strfreev (result->auth_mechanisms);
  g_clear_pointer (&result->certificate, ms_cert_report_free);
  g_clear_error (&result->error);
  g_free (result);
}

G_DEFINE_BOXED_TYPE (MsProbeResult, ms_probe_result, ms_probe_result_ref, ms_probe_result_unref)

gboolean
ms_probe_result_passed (const MsProbeResult *result)
{
  return result->error == NULL;
}
