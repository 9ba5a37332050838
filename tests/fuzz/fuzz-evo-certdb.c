/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Evolution's certificate store (camel-cert.db), read and merged with one
 * accepted certificate as the writer does.  Oracles: what we write reads
 * back, and merging the same certificate again changes nothing. */
#include "config.h"

#include <string.h>

#include "ms-evolution-private.h"
#include "ms-fuzz.h"

#define HOST "mail.example.test"
#define FINGERPRINT "0f:1e:2d:3c:4b:5a:69:78:87:96:a5:b4:c3:d2:e1:f0:"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GByteArray) merged = ms_evo_certdb_merge (data, size, HOST, FINGERPRINT);
  g_autoptr(GByteArray) again = NULL;

  if (merged == NULL)
    return 0;
  again = ms_evo_certdb_merge (merged->data, merged->len, "MAIL.example.test", FINGERPRINT);
  MS_FUZZ_CHECK (again != NULL);
  MS_FUZZ_CHECK (again->len == merged->len && memcmp (again->data, merged->data, merged->len) == 0);
  return 0;
}
