/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Evolution's .source files as --diagnose and --repair read them: the
 * input stands for an account source, then for its identity, beside
 * well-formed others.  Whatever it holds, the folder is read, every
 * account found can be planned back (it is still there), and the plan
 * never adds a file. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms-fuzz.h"
#include "ms-evolution.h"
#include "session/ms-diagnosis.h"

#define ACCOUNT "[Data Source]\nDisplayName=a@b.c\nParent=\n[Mail Account]\nBackendName=imapx\nIdentityUid=i\n" \
                "[Authentication]\nHost=mail.3xo.fr\nPort=143\nUser=a\n[Security]\nMethod=ssl-on-alternate-port\n"
#define IDENTITY "[Data Source]\nParent=a\n[Mail Identity]\nAddress=a@b.c\n[Mail Submission]\nTransportUid=t\n"
#define TRANSPORT "[Data Source]\nParent=a\n[Mail Transport]\nBackendName=smtp\n[Authentication]\n" \
                  "Host=mail.3xo.fr\nPort=25\nUser=a\n[Security]\nMethod=starttls-on-standard-port\n"

static char *dir;

static void
put (const char *uid, const void *data, gssize size)
{
  g_autofree char *name = g_strconcat (uid, ".source", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, data, size, NULL);
}

static void
remove_dir (void)
{
  const char *uids[] = { "a", "i", "t" };

  for (guint i = 0; i < G_N_ELEMENTS (uids); i++)
    {
      g_autofree char *name = g_strconcat (uids[i], ".source", NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  dir = g_dir_make_tmp ("ms-fuzz-evo-sources-XXXXXX", NULL);
  atexit (remove_dir);
  return 0;
}

static void
read_and_plan (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = ms_evolution_read_accounts (dir, &error);

  MS_FUZZ_CHECK (accounts != NULL && error == NULL);
  for (guint i = 0; i < accounts->len; i++)
    {
      MsExistingAccount *e = accounts->pdata[i];
      g_autoptr(MsDiagnosis) d = g_new0 (MsDiagnosis, 1);
      g_autoptr(MsFileSet) set = ms_file_set_new ();
      g_autoptr(GError) plan_error = NULL;

      MS_FUZZ_CHECK (e->incoming && e->incoming->hostname && *e->incoming->hostname && e->account_key);
      MS_FUZZ_CHECK (e->incoming->port > 0 && e->incoming->port <= 65535);
      d->account = ms_existing_account_copy (e);
      d->problems = ms_diagnose_settings (e->address, e->incoming, e->outgoing);
      ms_diagnosis_plan_repair (d);
      MS_FUZZ_CHECK (ms_evolution_plan_repair (set, e, d->repaired[MS_ROLE_INCOMING],
                                               d->repaired[MS_ROLE_OUTGOING], &plan_error));
      if (ms_diagnosis_can_repair (d))
        {
          g_autofree char *diff = ms_file_set_diff (set);

          /* "--- /dev/null" would be a file made, not repaired. */
          MS_FUZZ_CHECK (diff != NULL && !g_str_has_prefix (diff, "--- /dev/null") &&
                         strstr (diff, "\n--- /dev/null") == NULL);
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  put ("a", data, (gssize) size);
  put ("i", IDENTITY, -1);
  put ("t", TRANSPORT, -1);
  read_and_plan ();
  put ("a", ACCOUNT, -1);
  put ("i", data, (gssize) size);
  read_and_plan ();
  return 0;
}
