/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gnutls/x509.h>
#include <string.h>

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
    {
      MsPin *pin = pins->pdata[i];
      g_autofree char *db_key = ms_tb_cert_db_key (pin->der);

      g_string_append_printf (out, "%s\t%s\t%s\t", (char *) keys->pdata[i], SHA256_OID, pin->sha256);
      if (db_key)
        g_string_append_printf (out, "\t%s", db_key);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
