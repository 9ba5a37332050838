/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Thunderbird's prefs.js: read, written back, and merged with an account,
 * with round-trip oracles.  An untouched file must come back byte for
 * byte; whatever is written must read back as the same prefs, values and
 * types, and nothing removed may come back to life. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ms-fuzz.h"
#include "ms-thunderbird-private.h"

static MsAccount *account;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  MsServer *in, *out;

  account = ms_account_new (NULL);
  in = ms_account_get_incoming (account);
  out = ms_account_get_outgoing (account);
  g_object_set (account, "real-name", "Jean \"JD\" Dupont", "address", "jean@example.test",
                "organization", "Example & Co", "reply-to", "replies@example.test",
                "signature", "-- \nJean", NULL);
  ms_server_set_protocol (in, MS_PROTOCOL_IMAP);
  ms_server_set_hostname (in, "mail.example.test");
  ms_server_set_port (in, 993);
  ms_server_set_security (in, MS_SECURITY_SSL);
  ms_server_set_username (in, "jean@example.test");
  ms_server_set_hostname (out, "mail.example.test");
  ms_server_set_port (out, 465);
  ms_server_set_security (out, MS_SECURITY_SSL);
  ms_server_set_username (out, "jean@example.test");
  return 0;
}

static gboolean
same_pref (MsTbPrefs *a, MsTbPrefs *b, const char *name)
{
  MsTbPrefType ta, tb;
  gint32 ia = 0, ib = 0;
  gboolean ba = FALSE, bb = FALSE;

  if (!ms_tb_prefs_get_type (a, name, &ta) || !ms_tb_prefs_get_type (b, name, &tb) || ta != tb)
    return FALSE;
  switch (ta)
    {
    case MS_TB_PREF_STRING:
      return g_strcmp0 (ms_tb_prefs_get_string (a, name), ms_tb_prefs_get_string (b, name)) == 0;
    case MS_TB_PREF_INT:
      return ms_tb_prefs_get_int (a, name, &ia) && ms_tb_prefs_get_int (b, name, &ib) && ia == ib;
    case MS_TB_PREF_BOOL:
    default:
      return ms_tb_prefs_get_bool (a, name, &ba) && ms_tb_prefs_get_bool (b, name, &bb) && ba == bb;
    }
}

/* @prefs written out and read again gives the same prefs, no more. */
static MsTbPrefs *
check_round_trip (MsTbPrefs *prefs)
{
  gsize length = 0;
  g_autofree char *text = ms_tb_prefs_serialize (prefs, &length);
  g_autoptr(GError) error = NULL;
  MsTbPrefs *again = ms_tb_prefs_parse (text, length, &error);
  g_autoptr(GPtrArray) names = ms_tb_prefs_list_names (prefs);
  g_autoptr(GPtrArray) names_again = NULL;

  if (again == NULL)
    {
      fprintf (stderr, "serialized prefs.js does not parse: %s\n", error->message);
      MS_FUZZ_CHECK (again != NULL);
    }
  names_again = ms_tb_prefs_list_names (again);
  MS_FUZZ_CHECK (names->len == names_again->len);
  for (guint i = 0; i < names->len; i++)
    if (!same_pref (prefs, again, names->pdata[i]))
      {
        fprintf (stderr, "pref %s changed; written as:\n%s\n", (const char *) names->pdata[i], text);
        MS_FUZZ_CHECK (same_pref (prefs, again, names->pdata[i]));
      }
  return again;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTbPrefs) prefs = ms_tb_prefs_parse ((const char *) data, size, &error);
  g_autoptr(MsTbPrefs) reread = NULL;
  g_autoptr(MsTbPrefs) merged = NULL;
  g_autofree char *text = NULL;
  MsTbAccountKeys keys = { 0 };
  gsize length = 0;

  if (prefs == NULL)
    {
      MS_FUZZ_CHECK (g_error_matches (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE));
      return 0;
    }
  /* Untouched: every byte as it was. */
  text = ms_tb_prefs_serialize (prefs, &length);
  MS_FUZZ_CHECK (length == size && memcmp (text, data, size) == 0);
  reread = check_round_trip (prefs);

  /* Merged with an account, as the writer does; twice, as a re-run does. */
  if (ms_tb_apply_account (prefs, account, &keys, NULL))
    {
      MsTbAccountKeys again_keys = { 0 };

      merged = check_round_trip (prefs);
      MS_FUZZ_CHECK (ms_tb_apply_account (merged, account, &again_keys, NULL));
      MS_FUZZ_CHECK (again_keys.updated);
      MS_FUZZ_CHECK (g_strcmp0 (keys.account, again_keys.account) == 0);
      g_clear_pointer (&merged, ms_tb_prefs_free);
      ms_tb_account_keys_clear (&again_keys);
    }
  ms_tb_account_keys_clear (&keys);

  /* A value made of the input's last bytes, as a string pref. */
  {
    gsize tail = MIN (size, 64);
    g_autofree char *value = g_strndup ((const char *) data + size - tail, tail);
    /* prefs.js is UTF-8: what reads back is the valid form. */
    g_autofree char *valid = g_utf8_make_valid (value, -1);

    ms_tb_prefs_set_string (prefs, "mail.fuzz.value", value);
    ms_tb_prefs_set_int (prefs, "mail.fuzz.int", (gint32) size);
    ms_tb_prefs_remove (prefs, "mail.identity.id1.useremail");
    merged = check_round_trip (prefs);
    MS_FUZZ_CHECK (g_strcmp0 (ms_tb_prefs_get_string (prefs, "mail.fuzz.value"), valid) == 0);
    MS_FUZZ_CHECK (g_strcmp0 (ms_tb_prefs_get_string (merged, "mail.fuzz.value"), valid) == 0);
    MS_FUZZ_CHECK (!ms_tb_prefs_has (merged, "mail.identity.id1.useremail"));
  }
  return 0;
}
