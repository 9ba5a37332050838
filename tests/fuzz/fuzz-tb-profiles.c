/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Thunderbird's profiles.ini (installs.ini has the same grammar and the
 * same [Install…] sections), as the profile list and the Apply page read
 * it: which profiles, where, and which one is the default. */
#include "config.h"

#include "ms-fuzz.h"
#include "ms-thunderbird-private.h"

#define ROOT "/nonexistent/.thunderbird"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) profiles = ms_tb_parse_profiles_ini (ROOT, (const char *) data, size, "profiles.ini",
                                                             &error);
  guint defaults = 0;

  MS_FUZZ_CHECK ((profiles == NULL) == (error != NULL));
  if (profiles == NULL)
    {
      MS_FUZZ_CHECK (g_error_matches (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT));
      return 0;
    }
  for (guint i = 0; i < profiles->len; i++)
    {
      MsThunderbirdProfile *p = profiles->pdata[i];

      MS_FUZZ_CHECK (p->name != NULL && p->path != NULL && *p->path != '\0');
      defaults += p->is_default;
    }
  /* At most one default, and always one when there is a single profile. */
  MS_FUZZ_CHECK (defaults <= 1);
  if (profiles->len == 1)
    MS_FUZZ_CHECK (defaults == 1);
  return 0;
}
