/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "core/ms-file.h"
#include "ms-cert-trust.h"

G_DEFINE_QUARK (ms-cert-trust-error-quark, ms_cert_trust_error)

#define MOZILLA_ROOTS_DIR "/usr/share/ca-certificates/mozilla"
#define MAX_PEM (1024 * 1024)

static GMutex lock;
static gnutls_x509_trust_list_t bases[2];

/* Called with the lock held.  A machine without a bundle gets an empty
 * list: then nothing is trusted, which is the safe answer. */
static gnutls_x509_trust_list_t
base_list (MsTrustBase base)
{
  if (bases[base] != NULL)
    return bases[base];
  if (gnutls_x509_trust_list_init (&bases[base], 0) < 0)
    return NULL;
  if (base == MS_TRUST_BASE_SYSTEM)
    gnutls_x509_trust_list_add_system_trust (bases[base], 0, 0);
  else
    gnutls_x509_trust_list_add_trust_dir (bases[base], MOZILLA_ROOTS_DIR, NULL, GNUTLS_X509_FMT_PEM, 0, 0);
  return bases[base];
}

static gnutls_x509_crt_t
import (GBytes *der)
{
  gnutls_x509_crt_t crt = NULL;
  gsize len = 0;
  gnutls_datum_t d;

  d.data = (unsigned char *) g_bytes_get_data (der, &len);
  d.size = (unsigned int) len;
  if (gnutls_x509_crt_init (&crt) < 0)
    return NULL;
  if (gnutls_x509_crt_import (crt, &d, GNUTLS_X509_FMT_DER) < 0)
    {
      gnutls_x509_crt_deinit (crt);
      return NULL;
    }
  return crt;
}

static gboolean
verify (gnutls_x509_trust_list_t list, gnutls_x509_crt_t *crts, guint n)
{
  unsigned int output = 0;

  return list != NULL && gnutls_x509_trust_list_verify_crt2 (list, crts, n, NULL, 0, 0, &output, NULL) >= 0 &&
         output == 0;
}

gboolean
ms_cert_chain_is_trusted (GPtrArray *chain, MsTrustBase base, GPtrArray *extra_anchors)
{
  g_autofree gnutls_x509_crt_t *crts = g_new0 (gnutls_x509_crt_t, chain->len + 1);
  gboolean trusted = FALSE, complete = TRUE;

  g_return_val_if_fail (base == MS_TRUST_BASE_SYSTEM || base == MS_TRUST_BASE_MOZILLA, FALSE);
  for (guint i = 0; i < chain->len && complete; i++)
    complete = (crts[i] = import (chain->pdata[i])) != NULL;

  if (complete && chain->len > 0)
    {
      g_mutex_lock (&lock);
      trusted = verify (base_list (base), crts, chain->len);
      g_mutex_unlock (&lock);
    }
  /* The extra anchors apart: a list of a few certificates costs nothing to
   * build, unlike a copy of the system's hundreds. */
  if (complete && !trusted && extra_anchors && extra_anchors->len > 0)
    {
      gnutls_x509_trust_list_t extra = NULL;

      if (gnutls_x509_trust_list_init (&extra, 0) >= 0)
        {
          for (guint i = 0; i < extra_anchors->len; i++)
            {
              gnutls_x509_crt_t ca = import (extra_anchors->pdata[i]);

              /* The list owns the anchors it was given. */
              if (ca && gnutls_x509_trust_list_add_cas (extra, &ca, 1, 0) != 1)
                gnutls_x509_crt_deinit (ca);
            }
          trusted = verify (extra, crts, chain->len);
          gnutls_x509_trust_list_deinit (extra, 1);
        }
    }
  for (guint i = 0; i < chain->len; i++)
    if (crts[i])
      gnutls_x509_crt_deinit (crts[i]);
  return trusted;
}

GPtrArray *
ms_cert_read_pem_data (const char *data, gsize length, GError **error)
{
  g_autoptr(GPtrArray) ders = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gnutls_x509_crt_t *list = NULL;
  unsigned int n = 0;
  gnutls_datum_t d = { (unsigned char *) data, (unsigned int) length };

  if (length == 0 || gnutls_x509_crt_list_import2 (&list, &n, &d, GNUTLS_X509_FMT_PEM, 0) < 0 || n == 0)
    {
      g_set_error_literal (error, MS_CERT_TRUST_ERROR, MS_CERT_TRUST_ERROR_NO_CERTIFICATE,
                           _("The file holds no certificate in PEM form (“-----BEGIN CERTIFICATE-----”)."));
      return NULL;
    }
  for (unsigned int i = 0; i < n; i++)
    {
      gnutls_datum_t out = { NULL, 0 };

      if (gnutls_x509_crt_export2 (list[i], GNUTLS_X509_FMT_DER, &out) >= 0)
        {
          g_ptr_array_add (ders, g_bytes_new (out.data, out.size));
          gnutls_free (out.data);
        }
      gnutls_x509_crt_deinit (list[i]);
    }
  gnutls_free (list);
  return g_steal_pointer (&ders);
}

GPtrArray *
ms_cert_read_pem_file (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local = NULL;
  gsize length = 0;

  if (!ms_file_read_bounded (path, MAX_PEM, &data, &length, &local))
    {
      /* TRANSLATORS: a file path, e.g. “/home/ana/3xo-ca.pem”, then the error message. */
      g_set_error (error, MS_CERT_TRUST_ERROR, MS_CERT_TRUST_ERROR_READ, _("Cannot read “%s”: %s"), path,
                   local->message);
      return NULL;
    }
  return ms_cert_read_pem_data (data, length, error);
}

gboolean
ms_cert_der_is_ca (GBytes *der)
{
  gnutls_x509_crt_t crt = import (der);
  unsigned int critical = 0;
  int ca;

  if (crt == NULL)
    return FALSE;
  ca = gnutls_x509_crt_get_basic_constraints (crt, &critical, NULL, NULL);
  gnutls_x509_crt_deinit (crt);
  return ca > 0;
}
