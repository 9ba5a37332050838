/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reads each profile named on the command line and prints, one JSON object
 * a line, what the reader chose: for tests that compare it with another
 * reading of the same files. */
#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "core/ms-json.h"
#include "core/ms-provider.h"

static void
print_list (GString *out, const char *name, GPtrArray *list)
{
  g_string_append_printf (out, ", \"%s\": [", name);
  for (guint i = 0; i < list->len; i++)
    {
      const MsEndpoint *e = g_ptr_array_index (list, i);

      g_string_append_printf (out, "%s{\"type\": \"%s\", \"hostname\": ", i ? ", " : "",
                              ms_protocol_to_string (e->protocol));
      ms_json_append_string (out, e->hostname);
      g_string_append_printf (out, ", \"port\": %u, \"socketType\": \"%s\", \"authentication\": \"%s\", "
                              "\"username\": ", e->port, ms_security_to_string (e->security),
                              ms_auth_to_string (e->auth));
      ms_json_append_string (out, e->username);
      g_string_append (out, "}");
    }
  g_string_append (out, "]");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(MsProvider) p = ms_provider_new_from_file (file, NULL, &error);
      GString *out = g_string_new ("{\"file\": ");

      ms_json_append_string (out, argv[i]);
      if (p == NULL)
        {
          g_string_append_printf (out, ", \"accepted\": false, \"code\": %d, \"error\": ", error->code);
          ms_json_append_string (out, error->message);
        }
      else
        {
          const char *const *notes = ms_provider_get_notes (p);

          g_string_append (out, ", \"accepted\": true, \"id\": ");
          ms_json_append_string (out, ms_provider_get_id (p));
          g_string_append_printf (out, ", \"oauth2\": %s", ms_provider_uses_oauth2 (p) ? "true" : "false");
          print_list (out, "incoming", ms_provider_get_incoming (p));
          print_list (out, "outgoing", ms_provider_get_outgoing (p));
          g_string_append (out, ", \"notes\": [");
          for (guint j = 0; notes[j]; j++)
            {
              g_string_append (out, j ? ", " : "");
              ms_json_append_string (out, notes[j]);
            }
          g_string_append (out, "]");
        }
      g_string_append (out, "}\n");
      fputs (out->str, stdout);
      g_string_free (out, TRUE);
    }
  return 0;
}
