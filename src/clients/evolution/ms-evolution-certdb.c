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

typedef struct {
  char *issuer;
  char *subject;
  char *hostname;
  char *fingerprint;
  guint32 trust;
} Entry;

static void
entry_clear (gpointer data)
{
  Entry *e = data;

  g_free (e->issuer);
  g_free (e->subject);
  g_free (e->hostname);
  g_free (e->fingerprint);
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

static gboolean
parse (const guint8 *data, gsize size, guint32 *version, GArray *entries)
{
  const guint8 *p = data, *end = data + size;
  guint32 count;

  if (!read_uint (&p, end, version) || !read_uint (&p, end, &count))
    return FALSE;
  for (guint32 i = 0; i < count; i++)
    {
      Entry e = { 0 };

      if (!read_string (&p, end, &e.issuer) || !read_string (&p, end, &e.subject) ||
          !read_string (&p, end, &e.hostname) || !read_string (&p, end, &e.fingerprint) ||
          !read_uint (&p, end, &e.trust))
        {
          entry_clear (&e);
          return FALSE;
        }
      g_array_append_val (entries, e);
    }
  return TRUE;
}

gboolean
ms_evo_certdb_plan_trust (MsFileSet *set, const char *data_dir, const char *host, GBytes *der, GError **error)
{
  g_autofree char *db_path = g_build_filename (data_dir, "evolution", "camel-cert.db", NULL);
  g_autofree char *fingerprint = ms_evo_certdb_fingerprint (der);
  g_autofree char *cert_path = g_build_filename (data_dir, "camel_certs", fingerprint, NULL);
  g_autoptr (GArray) entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_autoptr (GByteArray) out = g_byte_array_new ();
  const char *contents;
  guint32 version = CERTDB_VERSION;
  gboolean found = FALSE;
  gsize size = 0;

  g_array_set_clear_func (entries, entry_clear);
  if (!ms_file_set_load (set, db_path, MS_FILE_MAX_CLIENT, error) ||
      !ms_file_set_load (set, cert_path, MS_FILE_MAX_CLIENT, error))
    return FALSE;
  /* What is planned already counts: a second host's certificate in the
   * same run adds to the first. */
  contents = ms_file_set_get_after (set, db_path, &size);
  if (contents && !parse ((const guint8 *) contents, size, &version, entries))
    {
      g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT,
                   _("Evolution’s certificate list “%s” could not be read, so it was left as it is."), db_path);
      return FALSE;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = &g_array_index (entries, Entry, i);

      if (g_ascii_strcasecmp (e->hostname, host) == 0 && g_ascii_strcasecmp (e->fingerprint, fingerprint) == 0)
        {
          e->trust = TRUST_FULLY;
          found = TRUE;
        }
    }
  if (!found)
    {
      /* Evolution's own prompt stores no issuer or subject either. */
      Entry e = { NULL, NULL, g_strdup (host), g_strdup (fingerprint), TRUST_FULLY };

      g_array_append_val (entries, e);
    }

  write_uint (out, version);
  write_uint (out, entries->len);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = &g_array_index (entries, Entry, i);

      write_string (out, e->issuer);
      write_string (out, e->subject);
      write_string (out, e->hostname);
      write_string (out, e->fingerprint);
      write_uint (out, e->trust);
    }

  /* The copy first: an entry without it is dropped at the next lookup. */
  ms_file_set_replace_bytes (set, cert_path, der, 0600);
  ms_file_set_replace (set, db_path, (const char *) out->data, (gssize) out->len, 0600);
  return TRUE;
}
