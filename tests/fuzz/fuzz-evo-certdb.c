/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Evolution's certificate store (camel-cert.db): read, written back, and
 * edited as the writer does when the user accepts a certificate.
 * Oracles: what we write reads back as the same entries, and the edit
 * leaves the accepted certificate fully trusted. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ms-file.h"
#include "ms-evolution-private.h"
#include "ms-file-set.h"
#include "ms-fuzz.h"

#define HOST "mail.example.test"
/* Any bytes do: the store names a certificate by the MD5 of its DER. */
#define FAKE_DER "0\x82\x01\x0a fuzz certificate"

static char *data_dir;
static char *db_path;
static GBytes *der;

static void
remove_files (void)
{
  g_autofree char *evolution = g_path_get_dirname (db_path);

  g_unlink (db_path);
  g_rmdir (evolution);
  g_rmdir (data_dir);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autofree char *evolution = NULL;

  data_dir = g_dir_make_tmp ("ms-fuzz-evo-XXXXXX", NULL);
  evolution = g_build_filename (data_dir, "evolution", NULL);
  g_mkdir_with_parents (evolution, 0700);
  db_path = g_build_filename (evolution, "camel-cert.db", NULL);
  der = g_bytes_new_static (FAKE_DER, sizeof FAKE_DER - 1);
  atexit (remove_files);
  return 0;
}

static gboolean
same_entry (const MsEvoCertEntry *a, const MsEvoCertEntry *b)
{
  return g_strcmp0 (a->issuer, b->issuer) == 0 && g_strcmp0 (a->subject, b->subject) == 0 &&
         g_strcmp0 (a->hostname, b->hostname) == 0 && g_strcmp0 (a->fingerprint, b->fingerprint) == 0 &&
         a->trust == b->trust;
}

static void
check_round_trip (const char *data, gsize size)
{
  guint32 version = 0, version_again = 0;
  g_autoptr(GPtrArray) entries = ms_evo_certdb_parse (data, size, &version);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GBytes) out = NULL;

  if (entries == NULL)
    return;
  out = ms_evo_certdb_serialize (version, entries);
  again = ms_evo_certdb_parse (g_bytes_get_data (out, NULL), g_bytes_get_size (out), &version_again);
  MS_FUZZ_CHECK (again != NULL);
  MS_FUZZ_CHECK (version_again == version && again->len == entries->len);
  for (guint i = 0; i < entries->len; i++)
    MS_FUZZ_CHECK (same_entry (entries->pdata[i], again->pdata[i]));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(MsFileSet) set = ms_file_set_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = ms_evo_certdb_fingerprint (der);
  const char *after;
  gsize after_size = 0;
  gboolean trusted = FALSE;

  check_round_trip ((const char *) data, size);

  /* The writer's edit, on the file as it would find it. */
  MS_FUZZ_CHECK (g_file_set_contents (db_path, (const char *) data, (gssize) size, NULL));
  if (!ms_evo_certdb_plan_trust (set, data_dir, HOST, der, &error))
    {
      MS_FUZZ_CHECK (g_error_matches (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT) ||
                     g_error_matches (error, MS_FILE_SET_ERROR, MS_FILE_SET_ERROR_READ));
      return 0;
    }
  after = ms_file_set_get_after (set, db_path, &after_size);
  MS_FUZZ_CHECK (after != NULL);
  {
    g_autoptr(GPtrArray) entries = ms_evo_certdb_parse (after, after_size, NULL);

    MS_FUZZ_CHECK (entries != NULL);
    for (guint i = 0; i < entries->len; i++)
      {
        const MsEvoCertEntry *e = entries->pdata[i];

        if (g_ascii_strcasecmp (e->hostname, HOST) == 0 && g_ascii_strcasecmp (e->fingerprint, fingerprint) == 0)
          trusted = ms_evo_certdb_trust_accepts (e->trust);
      }
    MS_FUZZ_CHECK (trusted);
  }
  check_round_trip (after, after_size);
  return 0;
}
