/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"


#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "core/ms-date.h"
#include "core/ms-file.h"
#include "ms-cert.h"
#include "ms-net-error.h"

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)

static char *
hex_colon (const guint8 *data, gsize len)
{
  GString *s = g_string_sized_new (len * 3);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, i ? ":%02X" : "%02X", data[i]);
  return g_string_free (s, FALSE);
}

static char *
take_datum (gnutls_datum_t *d)
{
  char *s = g_strndup ((const char *) d->data, d->size);

  gnutls_free (d->data);
  return s;
}

void
ms_cert_info_free (MsCertInfo *info)
{
  if (info == NULL)
    return;
  g_clear_pointer (&info->der, g_bytes_unref);
  g_free (info->common_name);
  g_strfreev (info->dns_names);
  g_strfreev (info->ip_addresses);
  g_free (info->subject_dn);
  g_free (info->issuer_dn);
  g_free (info->serial);
  g_free (info->sha256);
  g_free (info->sha1);
  g_free (info->key_type);
  g_free (info->signature_algorithm);
  g_free (info);
}

static void
read_alt_names (gnutls_x509_crt_t crt, MsCertInfo *info)
{
  g_autoptr(GStrvBuilder) dns = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) ips = g_strv_builder_new ();

  for (unsigned int seq = 0; seq < 1024; seq++)
    {
      char buf[1024];
      size_t size = sizeof buf - 1;
      int type = gnutls_x509_crt_get_subject_alt_name (crt, seq, buf, &size, NULL);

      if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        break;
      if (type == GNUTLS_SAN_DNSNAME)
        {
          buf[size] = '\0';
          g_strv_builder_add (dns, buf);
        }
      else if (type == GNUTLS_SAN_IPADDRESS && (size == 4 || size == 16))
        {
          g_autoptr(GInetAddress) addr =
            g_inet_address_new_from_bytes ((const guint8 *) buf,
                                           size == 4 ? G_SOCKET_FAMILY_IPV4 : G_SOCKET_FAMILY_IPV6);
          g_autofree char *text = g_inet_address_to_string (addr);
          g_strv_builder_add (ips, text);
        }
    }
  info->dns_names = g_strv_builder_end (dns);
  info->ip_addresses = g_strv_builder_end (ips);
}

static MsCertInfo *
info_from_crt (gnutls_x509_crt_t crt, GBytes *der)
{
  MsCertInfo *info = g_new0 (MsCertInfo, 1);
  gnutls_datum_t d;
  guint8 buf[128];
  char cn[1024];
  size_t size;
  unsigned int bits = 0;
  int algo;

  info->der = g_bytes_ref (der);
  size = sizeof cn;
  if (gnutls_x509_crt_get_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, cn, &size) == 0)
    info->common_name = g_strdup (cn);
  read_alt_names (crt, info);
  if (gnutls_x509_crt_get_dn3 (crt, &d, 0) == 0)
    info->subject_dn = take_datum (&d);
  if (gnutls_x509_crt_get_issuer_dn3 (crt, &d, 0) == 0)
    info->issuer_dn = take_datum (&d);
  size = sizeof buf;
  if (gnutls_x509_crt_get_serial (crt, buf, &size) == 0)
    info->serial = hex_colon (buf, size);
  info->not_before = gnutls_x509_crt_get_activation_time (crt);
  info->not_after = gnutls_x509_crt_get_expiration_time (crt);
  info->days_remaining = (info->not_after - g_get_real_time () / G_USEC_PER_SEC) / 86400;
  size = sizeof buf;
  if (gnutls_x509_crt_get_fingerprint (crt, GNUTLS_DIG_SHA256, buf, &size) == 0)
    info->sha256 = hex_colon (buf, size);
  size = sizeof buf;
  if (gnutls_x509_crt_get_fingerprint (crt, GNUTLS_DIG_SHA1, buf, &size) == 0)
    info->sha1 = hex_colon (buf, size);
  algo = gnutls_x509_crt_get_pk_algorithm (crt, &bits);
  info->key_type = g_strdup (algo >= 0 && gnutls_pk_get_name (algo) ? gnutls_pk_get_name (algo) : "unknown");
  info->key_bits = bits;
  algo = gnutls_x509_crt_get_signature_algorithm (crt);
  info->signature_algorithm = g_strdup (algo >= 0 && gnutls_sign_get_name (algo) ? gnutls_sign_get_name (algo)
                                                                                  : "unknown");
  info->self_signed = gnutls_x509_crt_check_issuer (crt, crt) != 0;
  return info;
}

static gnutls_x509_crt_t
import_der (GBytes *der, GError **error)
{
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t d;
  gsize len;
  int ret;

  d.data = (unsigned char *) g_bytes_get_data (der, &len);
  d.size = (unsigned int) len;
  ret = gnutls_x509_crt_init (&crt);
  if (ret >= 0)
    ret = gnutls_x509_crt_import (crt, &d, GNUTLS_X509_FMT_DER);
  if (ret < 0)
    {
      g_clear_pointer (&crt, gnutls_x509_crt_deinit);
      g_set_error (error, MS_NET_ERROR, MS_NET_ERROR_TLS_HANDSHAKE,
                   /* TRANSLATORS: %s is the error message of GnuTLS (the TLS library), e.g. “Error in the
                    * certificate.” */
                   _("The server sent a certificate that cannot be read: %s"), gnutls_strerror (ret));
    }
  return crt;
}

MsCertInfo *
ms_cert_info_new_from_der (GBytes *der, GError **error)
{
  g_auto(gnutls_x509_crt_t) crt = import_der (der, error);

  return crt ? info_from_crt (crt, der) : NULL;
}

/* Loading the system anchors parses hundreds of certificates: do it once
 * per extra-anchor file, and serialise use since lists are shared. */
static GMutex trust_lock;
static GHashTable *trust_lists;

static gnutls_x509_trust_list_t
get_trust_list (const char *ca_file, GError **error)
{
  gnutls_x509_trust_list_t list;
  const char *key = ca_file ? ca_file : "";

  if (trust_lists == NULL)
    trust_lists = g_hash_table_new (g_str_hash, g_str_equal);
  list = g_hash_table_lookup (trust_lists, key);
  if (list != NULL)
    return list;
  if (gnutls_x509_trust_list_init (&list, 0) < 0)
    {
      g_set_error_literal (error, MS_NET_ERROR, MS_NET_ERROR_IO, _("Could not create a certificate trust list"));
      return NULL;
    }
  /* A system without anchors still works: every certificate then needs an exception. */
  gnutls_x509_trust_list_add_system_trust (list, 0, 0);
  if (ca_file != NULL)
    {
      g_autofree char *pem = NULL;
      g_autoptr(GError) local = NULL;
      gsize length = 0;
      gnutls_datum_t d;

      /* Read here rather than by GnuTLS, which would read a FIFO or
       * /dev/zero without end. */
      if (!ms_file_read_bounded (ca_file, MS_FILE_MAX_CLIENT, &pem, &length, &local))
        {
          gnutls_x509_trust_list_deinit (list, 1);
          g_set_error_literal (error, MS_NET_ERROR, MS_NET_ERROR_IO, local->message);
          return NULL;
        }
      d.data = (unsigned char *) pem;
      d.size = (unsigned int) length;
      if (gnutls_x509_trust_list_add_trust_mem (list, &d, NULL, GNUTLS_X509_FMT_PEM, 0, 0) <= 0)
        {
          gnutls_x509_trust_list_deinit (list, 1);
          g_set_error (error, MS_NET_ERROR, MS_NET_ERROR_IO,
                       /* TRANSLATORS: %s is the path of a file of certificate authorities, e.g.
                        * “/etc/ssl/certs/ca-certificates.crt”. */
                       _("Could not read any trust anchor from “%s”"), ca_file);
          return NULL;
        }
    }
  g_hash_table_insert (trust_lists, g_strdup (key), list);
  return list;
}

static gboolean
is_weak_signature (const char *name, gnutls_sign_algorithm_t algo)
{
  gnutls_digest_algorithm_t dig = gnutls_sign_get_hash_algorithm (algo);

  return dig == GNUTLS_DIG_SHA1 || dig == GNUTLS_DIG_MD5 || dig == GNUTLS_DIG_MD2;
}

static void
judge_validity (MsCertReport *report, gnutls_x509_crt_t *crts, guint n)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < n; i++)
    {
      MsCertInfo *info = report->chain->pdata[i];
      const char *what = i == 0 ? _("The server certificate") : _("A certificate of the chain");
      int sig = gnutls_x509_crt_get_signature_algorithm (crts[i]);

      if (now > info->not_after)
        {
          g_autofree char *date = ms_date_format_long (info->not_after);
          gint64 days = -info->days_remaining;

          report->problems |= MS_CERT_PROBLEM_EXPIRED;
          g_ptr_array_add (report->reasons,
                           /* TRANSLATORS: “The server certificate” or “A certificate of the chain”, a date, e.g.
                            * “3 December 2026”, then a number of days. */
                           g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s expired on %s (%d day ago)",
                                                         "%s expired on %s (%d days ago)", (gulong) days),
                                            what, date, (int) days));
        }
      else if (now < info->not_before)
        {
          g_autofree char *date = ms_date_format_long (info->not_before);
          report->problems |= MS_CERT_PROBLEM_NOT_YET_VALID;
          /* TRANSLATORS: “The server certificate” or “A certificate of the chain”, then a date, e.g. “3 December
           * 2026”. */
          g_ptr_array_add (report->reasons, g_strdup_printf (_("%s is not valid before %s"), what, date));
        }
      /* The signature on a self-signed root is never checked, so its
       * algorithm does not weaken anything. */
      if (sig >= 0 && !(info->self_signed && i > 0) && is_weak_signature (info->signature_algorithm, sig))
        {
          report->problems |= MS_CERT_PROBLEM_WEAK_ALGORITHM;
          /* TRANSLATORS: “The server certificate” or “A certificate of the chain”, then an algorithm's name, e.g.
           * “RSA-SHA1”. */
          g_ptr_array_add (report->reasons, g_strdup_printf (_("%s is signed with the weak algorithm %s"),
                                                             what, info->signature_algorithm));
        }
      if (g_strcmp0 (info->key_type, "RSA") == 0 && info->key_bits > 0 && info->key_bits < 2048)
        {
          report->problems |= MS_CERT_PROBLEM_WEAK_KEY;
          /* TRANSLATORS: “The server certificate” or “A certificate of the chain”, then a number of bits, e.g.
           * 1024. */
          g_ptr_array_add (report->reasons, g_strdup_printf (_("%s has a weak RSA key of only %u bits"),
                                                             what, info->key_bits));
        }
    }
}

static void
judge_name (MsCertReport *report, gnutls_x509_crt_t leaf)
{
  MsCertInfo *info = report->chain->pdata[0];
  g_autoptr(GPtrArray) names = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  const char *const *lists[] = { (const char *const *) info->dns_names, (const char *const *) info->ip_addresses };

  /* The CN is usually an alternative name too: list each name once. */
  if (info->common_name)
    g_ptr_array_add (names, g_strdup (info->common_name));
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; lists[l] && lists[l][i]; i++)
      if (!g_ptr_array_find_with_equal_func (names, lists[l][i], g_str_equal, NULL))
        g_ptr_array_add (names, g_strdup (lists[l][i]));
  report->presented_names = (GStrv) g_ptr_array_steal (names, NULL);
  report->name_matches = gnutls_x509_crt_check_hostname2 (leaf, report->expected_name, 0) != 0;
  if (!report->name_matches)
    {
      g_autofree char *list = g_strjoinv (", ", report->presented_names);
      report->problems |= MS_CERT_PROBLEM_NAME_MISMATCH;
      g_ptr_array_add (report->reasons,
                       /* TRANSLATORS: the names the certificate is for, separated by commas, or “(no name)”, then
                        * the name it should be for, e.g. “mail.3xo.fr”. */
                       g_strdup_printf (_("The certificate is for “%s”, not for the expected name “%s”"),
                                        *list ? list : _("(no name)"), report->expected_name));
    }
}

MsCertReport *
ms_cert_inspect (GPtrArray *der_chain, const char *expected_name, const char *ca_file,
                 const char *pinned_sha256, GError **error)
{
  g_autoptr(MsCertReport) report = NULL;
  g_autofree gnutls_x509_crt_t *crts = NULL;
  g_autofree char *pin = NULL;
  unsigned int voutput = 0, vsigned = 0;
  guint n = der_chain->len;
  gboolean failed = TRUE, signed_by_trusted = FALSE;
  int ret = 0, ret_signed = 0;

  g_return_val_if_fail (expected_name != NULL, NULL);
  if (n == 0)
    {
      g_set_error_literal (error, MS_NET_ERROR, MS_NET_ERROR_TLS_HANDSHAKE,
                           _("The server did not present any certificate"));
      return NULL;
    }

  report = g_new0 (MsCertReport, 1);
  report->chain = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_info_free);
  report->reasons = g_ptr_array_new_with_free_func (g_free);
  report->expected_name = g_strdup (expected_name);
  crts = g_new0 (gnutls_x509_crt_t, n);
  for (guint i = 0; i < n; i++)
    {
      crts[i] = import_der (der_chain->pdata[i], error);
      if (crts[i] == NULL)
        goto out;
      g_ptr_array_add (report->chain, info_from_crt (crts[i], der_chain->pdata[i]));
    }

  g_mutex_lock (&trust_lock);
  {
    gnutls_x509_trust_list_t list = get_trust_list (ca_file, error);
    if (list != NULL)
      {
        ret = gnutls_x509_trust_list_verify_crt2 (list, crts, n, NULL, 0, 0, &voutput, NULL);
        /* Again without the dates: who signed it is one question, when it
         * is valid another, and an expired certificate from a trusted
         * authority must be called expired, not unknown. */
        ret_signed = gnutls_x509_trust_list_verify_crt2 (list, crts, n, NULL, 0,
                                                         GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
                                                         GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS,
                                                         &vsigned, NULL);
      }
    g_mutex_unlock (&trust_lock);
    if (list == NULL)
      goto out;
  }
  report->trusted = ret >= 0 && voutput == 0;
  signed_by_trusted = ret_signed >= 0 && vsigned == 0;
  if (report->trusted)
    g_ptr_array_add (report->reasons, g_strdup (_("Signed by a trusted certificate authority")));
  else if (signed_by_trusted)
    g_ptr_array_add (report->reasons,
                     g_strdup (_("Signed by a trusted certificate authority, but not valid at today’s date")));
  else
    {
      report->problems |= MS_CERT_PROBLEM_UNTRUSTED;
      g_ptr_array_add (report->reasons, g_strdup (_("Not signed by a certificate authority this computer trusts")));
    }
  if (((MsCertInfo *) report->chain->pdata[0])->self_signed)
    {
      report->problems |= MS_CERT_PROBLEM_SELF_SIGNED;
      g_ptr_array_add (report->reasons, g_strdup (_("The certificate is self-signed")));
    }
  judge_validity (report, crts, n);
  /* The dates that failed may be those of an authority this computer
   * holds, which the server did not send and judge_validity() never saw. */
  if (!report->trusted && signed_by_trusted &&
      !(report->problems & (MS_CERT_PROBLEM_EXPIRED | MS_CERT_PROBLEM_NOT_YET_VALID)))
    {
      if (voutput & GNUTLS_CERT_NOT_ACTIVATED)
        {
          report->problems |= MS_CERT_PROBLEM_NOT_YET_VALID;
          g_ptr_array_add (report->reasons, g_strdup (_("A certificate authority of the chain is not valid yet")));
        }
      else if (voutput & GNUTLS_CERT_EXPIRED)
        {
          report->problems |= MS_CERT_PROBLEM_EXPIRED;
          g_ptr_array_add (report->reasons, g_strdup (_("A certificate authority of the chain has expired")));
        }
      else
        report->problems |= MS_CERT_PROBLEM_UNTRUSTED;
    }
  judge_name (report, crts[0]);

  pin = pinned_sha256 ? ms_cert_normalize_fingerprint (pinned_sha256) : NULL;
  if (pin != NULL)
    {
      report->pinned = g_strcmp0 (pin, ((MsCertInfo *) report->chain->pdata[0])->sha256) == 0;
      if (report->pinned)
        g_ptr_array_add (report->reasons, g_strdup (_("You accepted this exact certificate earlier")));
      else
        {
          report->problems |= MS_CERT_PROBLEM_PIN_MISMATCH;
          g_ptr_array_add (report->reasons,
                           g_strdup (_("The certificate differs from the one you accepted earlier for this server")));
        }
    }

  /* An expired or not-yet-valid certificate is never offered as an
   * exception: Thunderbird's exceptions ignore the dates, so storing one
   * would hide the problem for good.  Only the provider can fix it. */
  if (!report->name_matches || (report->problems & (MS_CERT_PROBLEM_EXPIRED | MS_CERT_PROBLEM_NOT_YET_VALID)))
    report->decision = MS_CERT_DECISION_REFUSED;
  else if (report->trusted && !(report->problems & (MS_CERT_PROBLEM_EXPIRED | MS_CERT_PROBLEM_NOT_YET_VALID |
                                                    MS_CERT_PROBLEM_WEAK_ALGORITHM | MS_CERT_PROBLEM_WEAK_KEY)))
    report->decision = MS_CERT_DECISION_OK;
  else
    report->decision = MS_CERT_DECISION_NEEDS_EXCEPTION;
  failed = FALSE;

out:
  for (guint i = 0; i < n; i++)
    if (crts[i] != NULL)
      gnutls_x509_crt_deinit (crts[i]);
  if (failed)
    return NULL;
  return g_steal_pointer (&report);
}

typedef struct {
  GPtrArray *chain;
  char *expected_name;
  char *ca_file;
  char *pin;
} InspectData;

static void
inspect_data_free (InspectData *data)
{
  g_ptr_array_unref (data->chain);
  g_free (data->expected_name);
  g_free (data->ca_file);
  g_free (data->pin);
  g_free (data);
}

static void
inspect_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  InspectData *data = task_data;
  GError *error = NULL;
  MsCertReport *report = ms_cert_inspect (data->chain, data->expected_name, data->ca_file, data->pin, &error);

  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) ms_cert_report_free);
}

void
ms_cert_inspect_async (GPtrArray *der_chain, const char *expected_name, const char *ca_file,
                       const char *pinned_sha256, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  InspectData *data = g_new0 (InspectData, 1);

  data->chain = g_ptr_array_ref (der_chain);
  data->expected_name = g_strdup (expected_name);
  data->ca_file = g_strdup (ca_file);
  data->pin = g_strdup (pinned_sha256);
  g_task_set_source_tag (task, ms_cert_inspect_async);
  g_task_set_task_data (task, data, (GDestroyNotify) inspect_data_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, inspect_thread);
}

MsCertReport *
ms_cert_inspect_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ms_cert_report_free (MsCertReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->chain, g_ptr_array_unref);
  g_clear_pointer (&report->reasons, g_ptr_array_unref);
  g_free (report->expected_name);
  g_strfreev (report->presented_names);
  g_free (report);
}

gboolean
ms_cert_report_is_acceptable (const MsCertReport *report)
{
  return report->decision == MS_CERT_DECISION_OK ||
         (report->decision == MS_CERT_DECISION_NEEDS_EXCEPTION && report->pinned);
}

GError *
ms_cert_report_to_error (const MsCertReport *report)
{
  g_autofree char *why = NULL;
  MsNetError code;

  if (ms_cert_report_is_acceptable (report))
    return NULL;
  if (report->problems & MS_CERT_PROBLEM_NAME_MISMATCH)
    code = MS_NET_ERROR_CERT_NAME_MISMATCH;
  else if (report->problems & MS_CERT_PROBLEM_EXPIRED)
    code = MS_NET_ERROR_CERT_EXPIRED;
  else if (report->problems & MS_CERT_PROBLEM_NOT_YET_VALID)
    code = MS_NET_ERROR_CERT_NOT_YET_VALID;
  else
    code = MS_NET_ERROR_CERT_UNTRUSTED;
  {
    GString *s = g_string_new (NULL);
    for (guint i = 0; i < report->reasons->len; i++)
      g_string_append_printf (s, i ? "; %s" : "%s", (const char *) report->reasons->pdata[i]);
    why = g_string_free (s, FALSE);
  }
  if (code == MS_NET_ERROR_CERT_NAME_MISMATCH)
    /* TRANSLATORS: %s is the list of reasons, separated by semicolons, e.g. “The certificate is for
     * “www.example.com”, not for the expected name “mail.3xo.fr””. */
    return g_error_new (MS_NET_ERROR, code, _("The server certificate is for another name and cannot be accepted: %s"),
                        why);
  if (code == MS_NET_ERROR_CERT_EXPIRED)
    /* TRANSLATORS: %s is the list of reasons, separated by semicolons, e.g. “The server certificate expired on 3
     * December 2026 (12 days ago)”. */
    return g_error_new (MS_NET_ERROR, code, _("The server certificate has expired: %s"), why);
  if (code == MS_NET_ERROR_CERT_NOT_YET_VALID)
    /* TRANSLATORS: %s is the list of reasons, separated by semicolons, e.g. “The server certificate is not valid
     * before 3 December 2026”. */
    return g_error_new (MS_NET_ERROR, code, _("The server certificate is not valid yet: %s"), why);
  /* TRANSLATORS: %s is the list of reasons, separated by semicolons. */
  return g_error_new (MS_NET_ERROR, code, _("The server certificate is not trusted: %s"), why);
}

const char *
ms_cert_decision_to_string (MsCertDecision decision)
{
  static const char *const names[] = { "ok", "needs-exception", "refused" };

  g_return_val_if_fail (decision <= MS_CERT_DECISION_REFUSED, NULL);
  return names[decision];
}

char *
ms_cert_der_to_pem (GBytes *der)
{
  gnutls_datum_t in, out = { NULL, 0 };
  gsize len;

  in.data = (unsigned char *) g_bytes_get_data (der, &len);
  in.size = (unsigned int) len;
  if (gnutls_pem_base64_encode2 ("CERTIFICATE", &in, &out) < 0)
    return NULL;
  return take_datum (&out);
}

char *
ms_cert_normalize_fingerprint (const char *text)
{
  GString *hex = g_string_new (NULL);
  g_autofree char *raw = NULL;

  for (const char *p = text; p && *p; p++)
    {
      if (g_ascii_isxdigit (*p))
        g_string_append_c (hex, g_ascii_toupper (*p));
      else if (*p != ':' && *p != ' ')
        {
          g_string_free (hex, TRUE);
          return NULL;
        }
    }
  /* SHA-256 only: the pin store never trusts a weaker digest. */
  if (hex->len != 64)
    {
      g_string_free (hex, TRUE);
      return NULL;
    }
  raw = g_string_free (hex, FALSE);
  {
    GString *out = g_string_sized_new (96);
    for (gsize i = 0; i < 64; i += 2)
      g_string_append_printf (out, i ? ":%.2s" : "%.2s", raw + i);
    return g_string_free (out, FALSE);
  }
}
