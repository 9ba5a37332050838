/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/ms-file.h"
#include "ms-evolution-private.h"

/* Evolution's certificate exceptions: the CamelCertDB that camel_init()
 * opens at $XDG_DATA_HOME/evolution/camel-cert.db, and a copy of each
 * certificate in $XDG_DATA_HOME/camel_certs/<fingerprint> (camel-certdb.c,
 * EDS 3.46).  An entry is looked up by host name and fingerprint when TLS
 * validation fails, and the stored copy must match the server's
 * certificate byte for byte.  The format (camel-file-utils.c): a header
 * of two integers, version and count, then per certificate the strings
 * issuer, subject, hostname, fingerprint and the trust integer.  Integers
 * are 7-bit groups, most significant first, the last byte marked with
 * 0x80; a string is its length + 1 followed by the bytes. */

#define CERTDB_VERSION 0x100
#define TRUST_FULLY 3   /* CAMEL_CERT_TRUST_FULLY: Evolution's "Accept" */
#define MAX_STRING 65536

void
ms_evo_cert_entry_free (MsEvoCertEntry *e)
{
  if (e == NULL)
    return;
  g_free (e->issuer);
  g_free (e->subject);
  g_free (e->hostname);
  g_free (e->fingerprint);
  g_free (e);
}

/* Colon after every byte, trailing one included, lowercase: the name
 * network_service_generate_fingerprint() gives (MD5 of the DER). */
char *
ms_evo_certdb_fingerprint (GBytes *der)
{
  g_autoptr (GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
  guint8 digest[16];
  gsize len = sizeof digest;
  GString *out = g_string_sized_new (48);

  g_checksum_update (md5, g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  g_checksum_get_digest (md5, digest, &len);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (out, "%02x:", digest[i]);
  return g_string_free (out, FALSE);
}

static gboolean
read_uint (const guint8 **p, const guint8 *end, guint32 *out)
{
  guint32 value = 0;

  for (int i = 0; i < 5 && *p < end; i++)
    {
      guint8 c = *(*p)++;

      if (c & 0x80)
        {
          *out = (value << 7) | (c & 0x7f);
          return TRUE;
        }
      value = (value << 7) | c;
    }
  return FALSE;
}

static gboolean
read_string (const guint8 **p, const guint8 *end, char **out)
{
  guint32 len;

  if (!read_uint (p, end, &len) || len == 0 || len - 1 > MAX_STRING || (gsize) (end - *p) < len - 1)
    return FALSE;
  *out = g_strndup ((const char *) *p, len - 1);
  *p += len - 1;
  return TRUE;
}

static void
write_uint (GByteArray *out, guint32 value)
{
  for (int shift = 28; shift > 0; shift -= 7)
    if (value >= (1u << shift))
      {
        guint8 c = (value >> shift) & 0x7f;

        g_byte_array_append (out, &c, 1);
      }
  {
    guint8 last = (value & 0x7f) | 0x80;

    g_byte_array_append (out, &last, 1);
  }
}

static void
write_string (GByteArray *out, const char *str)
{
  gsize len = str ? MIN (strlen (str), MAX_STRING) : 0;

  write_uint (out, (guint32) len + 1);
  g_byte_array_append (out, (const guint8 *) str, (guint) len);
}

GPtrArray *
ms_evo_certdb_parse (const char *data, gsize size, guint32 *version)
{
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_evo_cert_entry_free);
  const guint8 *p = (const guint8 *) data, *end = p + size;
  guint32 count, v;

  if (!read_uint (&p, end, &v) || !read_uint (&p, end, &count))
    return NULL;
  for (guint32 i = 0; i < count; i++)
    {
      g_autoptr (MsEvoCertEntry) e = g_new0 (MsEvoCertEntry, 1);

      if (!read_string (&p, end, &e->issuer) || !read_string (&p, end, &e->subject) ||
          !read_string (&p, end, &e->hostname) || !read_string (&p, end, &e->fingerprint) ||
          !read_uint (&p, end, &e->trust))
        return NULL;
      g_ptr_array_add (entries, g_steal_pointer (&e));
    }
  if (version)
    *version = v;
  return g_steal_pointer (&entries);
}

GBytes *
ms_evo_certdb_serialize (guint32 version, GPtrArray *entries)
{
  GByteArray *out = g_byte_array_new ();

  write_uint (out, version);
  write_uint (out, entries->len);
  for (guint i = 0; i < entries->len; i++)
    {
      MsEvoCertEntry *e = g_ptr_array_index (entries, i);

      write_string (out, e->issuer);
      write_string (out, e->subject);
      write_string (out, e->hostname);
      write_string (out, e->fingerprint);
      write_uint (out, e->trust);
    }
  return g_byte_array_free_to_bytes (out);
}

gboolean
ms_evo_certdb_trust_accepts (guint32 trust)
{
  /* MARGINAL, FULLY and ULTIMATE; TEMPORARY is reset when the file loads. */
  return trust >= 2 && trust <= 4;
}

char *
ms_evo_certdb_path (const char *data_dir)
{
  return g_build_filename (data_dir, "evolution", "camel-cert.db", NULL);
}

char *
ms_evo_certdb_copy_path (const char *data_dir, const char *fingerprint)
{
  return g_build_filename (data_dir, "camel_certs", fingerprint, NULL);
}

static gboolean
entry_is (const MsEvoCertEntry *e, const char *host, const char *fingerprint)
{
  return g_ascii_strcasecmp (e->hostname, host) == 0 && g_ascii_strcasecmp (e->fingerprint, fingerprint) == 0;
}

gboolean
ms_evo_certdb_plan_edit (MsFileSet *set, const char *data_dir, GPtrArray *remove, GPtrArray *trust,
                         GError **error)
{
  g_autofree char *db_path = ms_evo_certdb_path (data_dir);
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GBytes) out = NULL;
  g_autoptr (GPtrArray) dropped = g_ptr_array_new_with_free_func (g_free);
  const char *contents;
  guint32 version = CERTDB_VERSION;
  gsize size = 0;

  if (!ms_file_set_load (set, db_path, MS_FILE_MAX_CLIENT, error))
    return FALSE;
  /* What is planned already counts: a second host's certificate in the
   * same run adds to the first. */
  contents = ms_file_set_get_after (set, db_path, &size);
  entries = contents ? ms_evo_certdb_parse (contents, size, &version)
                     : g_ptr_array_new_with_free_func ((GDestroyNotify) ms_evo_cert_entry_free);
  if (entries == NULL)
    {
      g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT,
                   /* TRANSLATORS: %s is the path of Evolution's certificate file, e.g.
                    * “/home/ana/.local/share/evolution/camel-cert.db”. */
                   _("Evolution’s certificate list “%s” could not be read, so it was left as it is."), db_path);
      return FALSE;
    }

  for (guint r = 0; remove && r < remove->len; r++)
    {
      const MsEvoCertEntry *gone = g_ptr_array_index (remove, r);

      for (guint i = entries->len; i-- > 0;)
        if (entry_is (g_ptr_array_index (entries, i), gone->hostname, gone->fingerprint))
          {
            g_ptr_array_add (dropped, g_ascii_strdown (gone->fingerprint, -1));
            g_ptr_array_remove_index (entries, i);
          }
    }

  for (guint t = 0; trust && t < trust->len; t++)
    {
      const MsEvoTrust *wanted = g_ptr_array_index (trust, t);
      g_autofree char *fingerprint = ms_evo_certdb_fingerprint (wanted->der);
      g_autofree char *cert_path = ms_evo_certdb_copy_path (data_dir, fingerprint);
      gboolean found = FALSE;

      if (!ms_file_set_load (set, cert_path, MS_FILE_MAX_CLIENT, error))
        return FALSE;
      /* An entry the user once rejected (NEVER) is the same key: accept it now. */
      for (guint i = 0; i < entries->len; i++)
        if (entry_is (g_ptr_array_index (entries, i), wanted->host, fingerprint))
          {
            ((MsEvoCertEntry *) g_ptr_array_index (entries, i))->trust = TRUST_FULLY;
            found = TRUE;
          }
      if (!found)
        {
          /* Evolution's own prompt stores no issuer or subject either. */
          MsEvoCertEntry *e = g_new0 (MsEvoCertEntry, 1);

          e->hostname = g_strdup (wanted->host);
          e->fingerprint = g_strdup (fingerprint);
          e->trust = TRUST_FULLY;
          g_ptr_array_add (entries, e);
        }
      /* The copy first: an entry without it is dropped at the next lookup. */
      ms_file_set_replace_bytes (set, cert_path, wanted->der, 0600);
    }

  /* A copy no remaining entry names is the old certificate: it goes too. */
  for (guint d = 0; d < dropped->len; d++)
    {
      g_autofree char *cert_path = ms_evo_certdb_copy_path (data_dir, dropped->pdata[d]);
      gboolean used = FALSE;

      for (guint i = 0; i < entries->len && !used; i++)
        used = g_ascii_strcasecmp (((MsEvoCertEntry *) g_ptr_array_index (entries, i))->fingerprint,
                                   dropped->pdata[d]) == 0;
      if (used || ms_file_set_is_changed (set, cert_path))
        continue;
      if (!ms_file_set_load (set, cert_path, MS_FILE_MAX_CLIENT, error))
        return FALSE;
      if (ms_file_set_get_before (set, cert_path, NULL) != NULL)
        ms_file_set_delete (set, cert_path);
    }

  out = ms_evo_certdb_serialize (version, entries);
  ms_file_set_replace_bytes (set, db_path, out, 0600);
  return TRUE;
}

gboolean
ms_evo_certdb_plan_trust (MsFileSet *set, const char *data_dir, const char *host, GBytes *der, GError **error)
{
  g_autoptr (GPtrArray) trust = g_ptr_array_new ();
  MsEvoTrust wanted = { (char *) host, der };

  g_ptr_array_add (trust, &wanted);
  return ms_evo_certdb_plan_edit (set, data_dir, NULL, trust, error);
}
