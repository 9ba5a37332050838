/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gnutls/x509.h>
#include <string.h>

#include "net/ms-cert.h"
#include "ms-thunderbird-private.h"

/* cert_override.txt as security/manager/ssl/nsCertOverrideService.cpp reads
 * it: "host:port:<origin attributes>", TAB, the SHA-256 OID, TAB, the
 * fingerprint, TAB; anything after the fingerprint is ignored by current
 * releases.  We add the old empty "bits" field and the dbKey after it, which
 * some older readers required, so one line works for every version. */

#define SHA256_OID "OID.2.16.840.1.101.3.4.2.1"
#define HEADER "# PSM Certificate Override Settings file\n# This is a generated file!  Do not edit.\n"

static void
put_be32 (GByteArray *out, guint32 v)
{
  guint8 b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };

  g_byte_array_append (out, b, 4);
}

char *
ms_tb_cert_db_key (GBytes *der)
{
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t data, issuer = { NULL, 0 };
  guint8 serial[128];
  size_t serial_len = sizeof serial;
  g_autoptr(GByteArray) key = NULL;
  char *result = NULL;
  gsize len = 0;

  if (der == NULL || gnutls_x509_crt_init (&crt) < 0)
    return NULL;
  data.data = (unsigned char *) g_bytes_get_data (der, &len);
  data.size = (unsigned int) len;
  if (gnutls_x509_crt_import (crt, &data, GNUTLS_X509_FMT_DER) < 0
      || gnutls_x509_crt_get_serial (crt, serial, &serial_len) < 0
      || gnutls_x509_crt_get_raw_issuer_dn (crt, &issuer) < 0)
    goto out;

  /* nsNSSCertificate::GetDbKey: module and slot ids (unused, 0), the
   * lengths, then the serial's DER INTEGER content and the issuer's DER. */
  key = g_byte_array_new ();
  put_be32 (key, 0);
  put_be32 (key, 0);
  put_be32 (key, (guint32) serial_len);
  put_be32 (key, issuer.size);
  g_byte_array_append (key, serial, (guint) serial_len);
  g_byte_array_append (key, issuer.data, issuer.size);
  result = g_base64_encode (key->data, key->len);

out:
  gnutls_free (issuer.data);
  gnutls_x509_crt_deinit (crt);
  return result;
}

static char *
host_port_key (const char *host, guint port)
{
  /* Thunderbird keys on the host name exactly as the account spells it. */
  return strchr (host, ':') ? g_strdup_printf ("[%s]:%u:", host, port) : g_strdup_printf ("%s:%u:", host, port);
}

/* The host:port: part of a line, before its origin-attributes suffix. */
static gboolean
line_has_key (const char *line, const char *key)
{
  gsize klen = strlen (key);

  return g_ascii_strncasecmp (line, key, klen) == 0
         && (line[klen] == '\t' || line[klen] == ' ');
}

static void
append_pin (GString *out, const char *key, const MsPin *pin)
{
  g_autofree char *db_key = ms_tb_cert_db_key (pin->der);

  g_string_append_printf (out, "%s\t%s\t%s\t", key, SHA256_OID, pin->sha256);
  if (db_key)
    g_string_append_printf (out, "\t%s", db_key);
  g_string_append_c (out, '\n');
}

char *
ms_tb_cert_override_merge (const char *old_text, GPtrArray *pins)
{
  GString *out = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < pins->len; i++)
    {
      MsPin *pin = pins->pdata[i];
      g_ptr_array_add (keys, host_port_key (pin->host, pin->port));
    }

  if (old_text == NULL || *old_text == '\0')
    g_string_append (out, HEADER);
  else
    {
      lines = g_strsplit (old_text, "\n", -1);
      for (guint i = 0; lines[i]; i++)
        {
          gboolean replaced = FALSE;
          /* The text after the last \n is empty when the file ends with one. */
          if (lines[i + 1] == NULL && lines[i][0] == '\0')
            break;
          for (guint k = 0; k < keys->len && !replaced; k++)
            replaced = line_has_key (lines[i], keys->pdata[k]);
          if (!replaced)
            {
              g_string_append (out, lines[i]);
              g_string_append_c (out, '\n');
            }
        }
    }

  for (guint i = 0; i < pins->len; i++)
    append_pin (out, keys->pdata[i], pins->pdata[i]);
  return g_string_free (out, FALSE);
}

void
ms_tb_override_free (MsTbOverride *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->host);
  g_free (entry->origin_attributes);
  g_free (entry->sha256);
  g_free (entry);
}

/* "host:port:OA" or "[v6]:port:OA". */
static gboolean
split_key (const char *key, char **host, guint *port, char **oa)
{
  const char *after_host, *colon;
  guint64 value;
  char *end = NULL;

  if (key[0] == '[')
    {
      const char *close = strchr (key, ']');
      if (close == NULL || close[1] != ':')
        return FALSE;
      *host = g_strndup (key + 1, close - key - 1);
      after_host = close + 2;
    }
  else
    {
      colon = strchr (key, ':');
      if (colon == NULL || colon == key)
        return FALSE;
      *host = g_strndup (key, colon - key);
      after_host = colon + 1;
    }
  value = g_ascii_strtoull (after_host, &end, 10);
  if (end == after_host || *end != ':' || value == 0 || value > 65535)
    {
      g_clear_pointer (host, g_free);
      return FALSE;
    }
  *port = (guint) value;
  *oa = g_strdup (end + 1);
  return TRUE;
}

GPtrArray *
ms_tb_cert_override_parse (const char *text)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_tb_override_free);
  g_auto(GStrv) lines = text ? g_strsplit (text, "\n", -1) : NULL;

  for (guint i = 0; lines && lines[i]; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_autofree char *host = NULL, *oa = NULL;
      char *fingerprint;
      MsTbOverride *entry;
      guint port = 0;

      g_strchomp (lines[i]);
      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], "\t", -1);
      /* As nsCertOverrideService reads it: a line that does not parse is
       * dropped, and only SHA-256 fingerprints are understood. */
      if (g_strv_length (fields) < 3 || g_strcmp0 (fields[1], SHA256_OID) != 0 ||
          !split_key (fields[0], &host, &port, &oa) || (fingerprint = ms_cert_normalize_fingerprint (fields[2])) == NULL)
        continue;
      entry = g_new0 (MsTbOverride, 1);
      entry->host = g_steal_pointer (&host);
      entry->port = port;
      entry->origin_attributes = g_steal_pointer (&oa);
      entry->sha256 = fingerprint;
      g_ptr_array_add (entries, entry);
    }
  return entries;
}

static gboolean
line_matches (const char *line, const MsTbOverride *entry)
{
  g_autoptr(GPtrArray) parsed = ms_tb_cert_override_parse (line);
  const MsTbOverride *found = parsed->len == 1 ? parsed->pdata[0] : NULL;

  return found != NULL && found->port == entry->port && g_ascii_strcasecmp (found->host, entry->host) == 0 &&
         g_strcmp0 (found->origin_attributes, entry->origin_attributes) == 0 &&
         g_strcmp0 (found->sha256, entry->sha256) == 0;
}

char *
ms_tb_cert_override_edit (const char *old_text, GPtrArray *remove, GPtrArray *add)
{
  GString *out = g_string_new (NULL);
  g_auto(GStrv) lines = old_text ? g_strsplit (old_text, "\n", -1) : NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autofree gboolean *placed = g_new0 (gboolean, add ? add->len + 1 : 1);
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  g_autofree char *text = NULL;

  for (guint a = 0; add && a < add->len; a++)
    g_ptr_array_add (keys, host_port_key (((MsPin *) add->pdata[a])->host, ((MsPin *) add->pdata[a])->port));
  for (guint i = 0; lines && lines[i]; i++)
    {
      gboolean removed = FALSE, done = FALSE;

      if (lines[i + 1] == NULL && lines[i][0] == '\0')
        break;
      for (guint r = 0; remove && r < remove->len && !removed; r++)
        removed = line_matches (lines[i], remove->pdata[r]);
      /* A renewal takes the old line's place, so the file reads as before
       * but for that line; any other line for the same key goes, as
       * ms_tb_cert_override_merge() would drop it. */
      for (guint a = 0; a < keys->len && !done; a++)
        if (line_has_key (lines[i], keys->pdata[a]))
          {
            if (removed && !placed[a])
              {
                append_pin (out, keys->pdata[a], add->pdata[a]);
                placed[a] = TRUE;
              }
            done = TRUE;
          }
      if (!done && !removed)
        g_string_append_printf (out, "%s\n", lines[i]);
    }
  text = g_string_free (out, FALSE);
  for (guint a = 0; add && a < add->len; a++)
    if (!placed[a])
      g_ptr_array_add (rest, add->pdata[a]);
  if (rest->len > 0)
    return ms_tb_cert_override_merge (text, rest);
  /* Nothing left but the header: Thunderbird would write the same. */
  return g_steal_pointer (&text);
}
