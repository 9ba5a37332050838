/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A customer's prefs.js as --diagnose and --repair read it: the accounts
 * found, the guide's judgement of each, and the repair planned back into
 * the same file.  Whatever the file holds, every account read can be
 * planned (it is still there), and a repair never adds an account. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "ms-fuzz.h"
#include "ms-thunderbird.h"
#include "session/ms-diagnosis.h"

static char *profile;
static char *prefs_path;

static void
remove_profile (void)
{
  g_autofree char *lock = g_build_filename (profile, ".parentlock", NULL);

  g_unlink (prefs_path);
  g_unlink (lock);
  g_rmdir (profile);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  atexit (remove_profile);
  profile = g_dir_make_tmp ("ms-fuzz-tb-accounts-XXXXXX", NULL);
  prefs_path = g_build_filename (profile, "prefs.js", NULL);
  return 0;
}

static void
check_account (MsExistingAccount *e)
{
  g_autoptr(MsDiagnosis) d = g_new0 (MsDiagnosis, 1);
  g_autoptr(MsFileSet) set = ms_file_set_new ();
  g_autoptr(GError) error = NULL;

  MS_FUZZ_CHECK (e->incoming && e->incoming->hostname && e->incoming_key && e->account_key);
  MS_FUZZ_CHECK (e->incoming->port > 0 && e->incoming->port <= 65535);
  MS_FUZZ_CHECK (e->outgoing == NULL || (e->outgoing->port > 0 && e->outgoing->port <= 65535));
  d->account = ms_existing_account_copy (e);
  d->problems = ms_diagnose_settings (e->address, e->incoming, e->outgoing);
  ms_diagnosis_plan_repair (d);
  if (!ms_thunderbird_plan_repair (set, e, d->repaired[MS_ROLE_INCOMING], d->repaired[MS_ROLE_OUTGOING], NULL,
                                   &error))
    {
      /* Only a file that cannot be read as a whole, never a missing account. */
      MS_FUZZ_CHECK (!g_error_matches (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT) ||
                     g_str_has_prefix (error->message, "The account is no longer") == FALSE);
      return;
    }
  if (ms_diagnosis_can_repair (d))
    {
      g_autofree char *diff = ms_file_set_diff (set);

      MS_FUZZ_CHECK (diff != NULL);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;

  if (!g_file_set_contents (prefs_path, (const char *) data, (gssize) size, NULL))
    return 0;
  accounts = ms_thunderbird_read_accounts (profile, "fuzz", &error);
  MS_FUZZ_CHECK ((accounts == NULL) == (error != NULL));
  for (guint i = 0; accounts && i < accounts->len; i++)
    check_account (accounts->pdata[i]);
  return 0;
}
