/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The `--apply --settings FILE` key file, and the server and fingerprint
 * specs it holds, parsed as --apply parses them. */
#include "config.h"

#include "core/ms-endpoint-spec.h"
#include "core/ms-settings-file.h"
#include "ms-fuzz.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  return 0;
}

static void
parse_server (const char *spec)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsEndpoint) endpoint = spec ? ms_endpoint_parse_spec (spec, &error) : NULL;

  if (spec != NULL)
    MS_FUZZ_CHECK ((endpoint == NULL) == (error != NULL));
  if (endpoint != NULL)
    MS_FUZZ_CHECK (endpoint->hostname != NULL && endpoint->port >= 1 && endpoint->port <= 65535);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSettingsFile) settings = ms_settings_file_parse ((const char *) data, size, "fuzz.ini", &error);

  MS_FUZZ_CHECK ((settings == NULL) == (error != NULL));
  if (settings == NULL)
    return 0;
  MS_FUZZ_CHECK (settings->remember_password >= -1 && settings->remember_password <= 1);
  parse_server (settings->incoming);
  parse_server (settings->outgoing);
  for (guint i = 0; settings->accept && settings->accept[i]; i++)
    {
      g_autofree char *host = NULL, *sha = NULL;
      g_autoptr(GError) spec_error = NULL;
      guint port = 0;

      if (ms_fingerprint_parse_spec (settings->accept[i], &host, &port, &sha, &spec_error))
        MS_FUZZ_CHECK (host != NULL && sha != NULL && port >= 1 && port <= 65535);
      else
        MS_FUZZ_CHECK (spec_error != NULL);
    }
  return 0;
}
