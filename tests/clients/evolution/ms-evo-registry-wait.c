/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Asks the running evolution-source-registry for the mail account source
 * UID until its security method, port and user are the expected ones,
 * then prints how many mail accounts the registry has.  Exit 0 when it
 * matched before the deadline, 1 otherwise (printing what it saw).  For
 * the repair test: the registry must reload a repaired file under the
 * same UID by itself.
 * Usage: ms-evo-registry-wait UID METHOD PORT USER [SECONDS] */
#include <libedataserver/libedataserver.h>
#include <stdlib.h>

static char *
describe (ESource *source)
{
  ESourceSecurity *security = e_source_get_extension (source, E_SOURCE_EXTENSION_SECURITY);
  ESourceAuthentication *auth = e_source_get_extension (source, E_SOURCE_EXTENSION_AUTHENTICATION);

  return g_strdup_printf ("%s %u %s", e_source_security_get_method (security),
                          e_source_authentication_get_port (auth), e_source_authentication_get_user (auth));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ESourceRegistry) registry = NULL;
  g_autofree char *want = NULL;
  g_autofree char *seen = NULL;
  gint64 deadline;

  if (argc < 5)
    return 2;
  want = g_strdup_printf ("%s %s %s", argv[2], argv[3], argv[4]);
  deadline = g_get_monotonic_time () + (argc > 5 ? atoi (argv[5]) : 30) * G_USEC_PER_SEC;
  registry = e_source_registry_new_sync (NULL, &error);
  if (registry == NULL)
    {
      g_printerr ("registry: %s\n", error->message);
      return 1;
    }
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(ESource) source = e_source_registry_ref_source (registry, argv[1]);

      g_free (seen);
      seen = source ? describe (source) : g_strdup ("(no such source)");
      if (g_str_equal (seen, want))
        {
          GList *accounts = e_source_registry_list_sources (registry, E_SOURCE_EXTENSION_MAIL_ACCOUNT);

          /* The registry's own "On This Computer" and search accounts count too. */
          g_print ("matched: %s\naccounts: %u\n", seen, g_list_length (accounts));
          g_list_free_full (accounts, g_object_unref);
          return 0;
        }
      /* Its change signals arrive through this context. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (100 * 1000);
    }
  g_print ("still: %s (wanted %s)\n", seen, want);
  return 1;
}
