/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Certificate verdicts on chains made here with the dates each case needs,
 * and the files the certificate code reads (a CA file, the pin store) when
 * they are not regular files. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ms-cert.h"
#include "ms-net-error.h"
#include "ms-pin-store.h"
#include "ms-test-certs.h"

#define DAY (24 * 3600)
#define NAME "mail.example.test"

static char *tmp_dir;

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
has_reason (const MsCertReport *report, const char *needle)
{
  for (guint i = 0; i < report->reasons->len; i++)
    if (strstr (report->reasons->pdata[i], needle) != NULL)
      return TRUE;
  return FALSE;
}

static MsCertReport *
inspect (MsTestCa *ca, gint64 not_before, gint64 not_after, gboolean with_ca)
{
  g_autoptr(GPtrArray) chain = ms_test_ca_issue (ca, NAME, not_before, not_after);
  g_autofree char *ca_file = with_ca ? ms_test_ca_write_pem (ca, tmp_dir) : NULL;
  g_autoptr(GError) error = NULL;
  MsCertReport *report = ms_cert_inspect (chain, NAME, ca_file, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static void
test_trusted (void)
{
  g_autoptr(MsTestCa) ca = ms_test_ca_new ();
  g_autoptr(MsCertReport) report = inspect (ca, now () - DAY, now () + 90 * DAY, TRUE);

  g_assert_true (report->trusted);
  g_assert_cmpint (report->decision, ==, MS_CERT_DECISION_OK);
  g_assert_cmpint (report->problems, ==, 0);
  g_assert_true (has_reason (report, "Signed by a trusted certificate authority"));
}

/* An authority this computer trusts signed it, but its time is over: say
 * so, rather than blame an unknown authority. */
static void
test_expired_from_trusted_ca (void)
{
  g_autoptr(MsTestCa) ca = ms_test_ca_new ();
  g_autoptr(MsCertReport) report = inspect (ca, now () - 400 * DAY, now () - 30 * DAY, TRUE);
  g_autoptr(GError) error = ms_cert_report_to_error (report);

  g_assert_false (report->trusted);
  /* Never an exception: Thunderbird's ignore the dates and would hide it. */
  g_assert_cmpint (report->decision, ==, MS_CERT_DECISION_REFUSED);
  g_assert_true (report->problems & MS_CERT_PROBLEM_EXPIRED);
  g_assert_false (report->problems & MS_CERT_PROBLEM_UNTRUSTED);
  g_assert_true (has_reason (report, "The server certificate expired on"));
  g_assert_true (has_reason (report, "Signed by a trusted certificate authority, but not valid at today"));
  g_assert_false (has_reason (report, "Not signed"));
  g_assert_error (error, MS_NET_ERROR, MS_NET_ERROR_CERT_EXPIRED);
  g_assert_nonnull (strstr (error->message, "has expired"));
  g_assert_null (strstr (error->message, "Not signed"));
  g_assert_null (strstr (error->message, "not trusted"));
}

static void
test_not_yet_valid_from_trusted_ca (void)
{
  g_autoptr(MsTestCa) ca = ms_test_ca_new ();
  g_autoptr(MsCertReport) report = inspect (ca, now () + 30 * DAY, now () + 400 * DAY, TRUE);
  g_autoptr(GError) error = ms_cert_report_to_error (report);

  g_assert_false (report->trusted);
  /* Never an exception: Thunderbird's ignore the dates and would hide it. */
  g_assert_cmpint (report->decision, ==, MS_CERT_DECISION_REFUSED);
  g_assert_true (report->problems & MS_CERT_PROBLEM_NOT_YET_VALID);
  g_assert_false (report->problems & MS_CERT_PROBLEM_UNTRUSTED);
  g_assert_true (has_reason (report, "The server certificate is not valid before"));
  g_assert_false (has_reason (report, "Not signed"));
  g_assert_error (error, MS_NET_ERROR, MS_NET_ERROR_CERT_NOT_YET_VALID);
  g_assert_nonnull (strstr (error->message, "not valid yet"));
  g_assert_null (strstr (error->message, "Not signed"));
}

/* Unknown authority and expired: both are said. */
static void
test_expired_from_unknown_ca (void)
{
  g_autoptr(MsTestCa) ca = ms_test_ca_new ();
  g_autoptr(MsCertReport) report = inspect (ca, now () - 400 * DAY, now () - 30 * DAY, FALSE);

  g_assert_false (report->trusted);
  g_assert_true (report->problems & MS_CERT_PROBLEM_EXPIRED);
  g_assert_true (report->problems & MS_CERT_PROBLEM_UNTRUSTED);
  g_assert_true (has_reason (report, "Not signed by a certificate authority this computer trusts"));
  g_assert_true (has_reason (report, "expired on"));
}

static char *
make_fifo (const char *name)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_unlink (path);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  return path;
}

/* A CA file is read by us, bounded, not by GnuTLS: a FIFO would block it
 * and /dev/zero would never end. */
static void
test_ca_file_special (void)
{
  g_autoptr(MsTestCa) ca = ms_test_ca_new ();
  g_autoptr(GPtrArray) chain = ms_test_ca_issue (ca, NAME, now () - DAY, now () + DAY);
  g_autofree char *fifo = make_fifo ("ca-fifo.pem");
  const char *special[] = { fifo, "/dev/zero", tmp_dir };

  for (guint i = 0; i < G_N_ELEMENTS (special); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsCertReport) report = ms_cert_inspect (chain, NAME, special[i], NULL, &error);

      g_assert_null (report);
      g_assert_error (error, MS_NET_ERROR, MS_NET_ERROR_IO);
      g_assert_nonnull (strstr (error->message, "not a regular file"));
    }
}

static void
test_pin_store_special (void)
{
  g_autofree char *fifo = make_fifo ("pins-fifo.ini");
  const char *special[] = { fifo, "/dev/zero", tmp_dir };
  g_autofree char *sha = g_strnfill (64, 'a');
  g_autofree char *text = g_strdup_printf ("[mail.example.test:993]\nhost=mail.example.test\nport=993\nsha256=%s\n", sha);
  g_autoptr(MsPinStore) memory = ms_pin_store_new_memory ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (special); i++)
    {
      g_autoptr(MsPinStore) store = ms_pin_store_new (special[i]);
      g_autoptr(GError) load_error = NULL;

      g_assert_false (ms_pin_store_load (store, &load_error));
      g_assert_error (load_error, MS_PIN_STORE_ERROR, MS_PIN_STORE_ERROR_IO);
      g_assert_nonnull (strstr (load_error->message, "not a regular file"));
    }

  /* The same reading from memory, as the fuzzer feeds it. */
  g_assert_true (ms_pin_store_load_from_data (memory, text, strlen (text), &error));
  g_assert_no_error (error);
  g_assert_true (ms_pin_store_is_pinned (memory, "MAIL.example.test", 993, sha));
  g_assert_false (ms_pin_store_load_from_data (memory, "\x01[", 2, &error));
  g_assert_error (error, MS_PIN_STORE_ERROR, MS_PIN_STORE_ERROR_PARSE);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("ms-test-cert-XXXXXX", NULL);
  g_test_add_func ("/net/cert/trusted", test_trusted);
  g_test_add_func ("/net/cert/expired-from-trusted-ca", test_expired_from_trusted_ca);
  g_test_add_func ("/net/cert/not-yet-valid-from-trusted-ca", test_not_yet_valid_from_trusted_ca);
  g_test_add_func ("/net/cert/expired-from-unknown-ca", test_expired_from_unknown_ca);
  g_test_add_func ("/net/cert/ca-file-special", test_ca_file_special);
  g_test_add_func ("/net/pin-store/special-files", test_pin_store_special);
  status = g_test_run ();
  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (tmp_dir);
  }
  return status;
}
