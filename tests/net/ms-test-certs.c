/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "ms-test-certs.h"

#define DAY (24 * 3600)

struct _MsTestCa {
  gnutls_x509_privkey_t key;
  gnutls_x509_crt_t crt;
};

static gnutls_x509_privkey_t
new_key (void)
{
  gnutls_x509_privkey_t key;

  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                                 GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0), ==, 0);
  return key;
}

static gnutls_x509_crt_t
new_crt (gnutls_x509_privkey_t key, const char *cn, gint64 not_before, gint64 not_after, guint serial)
{
  gnutls_x509_crt_t crt;
  guint8 serial_bytes[4] = { serial >> 24, serial >> 16, serial >> 8, serial };

  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_version (crt, 3), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_serial (crt, serial_bytes, sizeof serial_bytes), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_activation_time (crt, (time_t) not_before), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_expiration_time (crt, (time_t) not_after), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0, cn, strlen (cn)), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key (crt, key), ==, 0);
  return crt;
}

static GBytes *
export_der (gnutls_x509_crt_t crt)
{
  gnutls_datum_t d = { NULL, 0 };
  GBytes *bytes;

  g_assert_cmpint (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &d), ==, 0);
  bytes = g_bytes_new (d.data, d.size);
  gnutls_free (d.data);
  return bytes;
}

MsTestCa *
ms_test_ca_new (void)
{
  MsTestCa *ca = g_new0 (MsTestCa, 1);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  ca->key = new_key ();
  ca->crt = new_crt (ca->key, "Mail Setup Unit Test CA", now - 3650 * DAY, now + 3650 * DAY, 1);
  g_assert_cmpint (gnutls_x509_crt_set_basic_constraints (ca->crt, 1, -1), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key_usage (ca->crt, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_sign2 (ca->crt, ca->crt, ca->key, GNUTLS_DIG_SHA256, 0), ==, 0);
  return ca;
}

void
ms_test_ca_free (MsTestCa *ca)
{
  gnutls_x509_crt_deinit (ca->crt);
  gnutls_x509_privkey_deinit (ca->key);
  g_free (ca);
}

char *
ms_test_ca_write_pem (MsTestCa *ca, const char *dir)
{
  static guint n;
  gnutls_datum_t d = { NULL, 0 };
  g_autofree char *name = g_strdup_printf ("ca-%u.pem", ++n);
  /* A name per authority: the certificate code keeps the anchors of a CA
   * file by its path. */
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (gnutls_x509_crt_export2 (ca->crt, GNUTLS_X509_FMT_PEM, &d), ==, 0);
  g_assert_true (g_file_set_contents (path, (const char *) d.data, d.size, NULL));
  gnutls_free (d.data);
  return path;
}

GPtrArray *
ms_test_ca_issue (MsTestCa *ca, const char *name, gint64 not_before, gint64 not_after)
{
  static guint serial = 100;
  gnutls_x509_privkey_t key = new_key ();
  gnutls_x509_crt_t crt = new_crt (key, name, not_before, not_after, ++serial);
  GPtrArray *chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_assert_cmpint (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_DNSNAME, name, strlen (name),
                                                         GNUTLS_FSAN_SET), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_basic_constraints (crt, 0, -1), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_SERVER, 0), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_sign2 (crt, ca->crt, ca->key, GNUTLS_DIG_SHA256, 0), ==, 0);
  g_ptr_array_add (chain, export_der (crt));
  g_ptr_array_add (chain, export_der (ca->crt));
  gnutls_x509_crt_deinit (crt);
  gnutls_x509_privkey_deinit (key);
  return chain;
}
