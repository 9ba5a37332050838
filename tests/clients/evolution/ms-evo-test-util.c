/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <gnutls/x509.h>
#include <string.h>

#include "ms-evo-test-util.h"

MsAccount *
ms_evo_test_account (const char *address, const char *host)
{
  MsAccount *account = ms_account_new (NULL);
  MsServer *in = ms_account_get_incoming (account);
  MsServer *out = ms_account_get_outgoing (account);

  g_object_set (account, "real-name", "Jeanne Dupont", "address", address, "password", MS_EVO_TEST_PASSWORD,
                "organization", "Dupont & Fils", "reply-to", "contact@example.org", NULL);
  ms_server_set_protocol (in, MS_PROTOCOL_IMAP);
  ms_server_set_hostname (in, host);
  ms_server_set_port (in, 993);
  ms_server_set_security (in, MS_SECURITY_SSL);
  ms_server_set_username (in, address);
  ms_server_set_auth (in, MS_AUTH_PASSWORD_CLEARTEXT);
  ms_server_set_hostname (out, host);
  ms_server_set_port (out, 587);
  ms_server_set_security (out, MS_SECURITY_STARTTLS);
  ms_server_set_username (out, address);
  ms_server_set_auth (out, MS_AUTH_PASSWORD_CLEARTEXT);
  return account;
}

static void
scan (const char *path, const char *needle, guint *files)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          scan (child, needle, files);
        }
    }
  else if (S_ISREG (st.st_mode))
    {
      g_autofree char *contents = NULL;
      gsize len;

      if (!g_file_get_contents (path, &contents, &len, NULL))
        return;
      (*files)++;
      if (memmem (contents, len, needle, strlen (needle)) != NULL)
        g_error ("The password is in clear in %s", path);
    }
}

void
ms_evo_test_assert_not_in_files (const char *root, const char *needle)
{
  guint files = 0;

  scan (root, needle, &files);
  g_test_message ("scanned %u files under %s: no password", files, root);
  g_assert_cmpuint (files, >, 0);
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
ms_evo_test_wait (gboolean *flag, guint timeout_s)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_s, on_timeout, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return *flag;
}

void
ms_evo_test_store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

GAsyncResult *
ms_evo_test_wait_result (GAsyncResult **slot, guint timeout_s)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_s, on_timeout, &timed_out);

  while (*slot == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_nonnull (*slot);
  return *slot;
}

GBytes *
ms_evo_test_make_cert (const char *host)
{
  gnutls_x509_privkey_t key;
  gnutls_x509_crt_t crt;
  gnutls_datum_t out = { NULL, 0 };
  g_autofree char *dn = g_strdup_printf ("CN=%s", host);
  guint8 serial[8];
  GBytes *der;
  time_t now = time (NULL);

  for (guint i = 0; i < sizeof serial; i++)
    serial[i] = (guint8) g_random_int_range (1, 256);
  serial[0] &= 0x7f;
  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  gnutls_x509_crt_set_version (crt, 3);
  gnutls_x509_crt_set_serial (crt, serial, sizeof serial);
  gnutls_x509_crt_set_activation_time (crt, now - 3600);
  gnutls_x509_crt_set_expiration_time (crt, now + 86400 * 30);
  g_assert_cmpint (gnutls_x509_crt_set_dn (crt, dn, NULL), ==, 0);
  gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_DNSNAME, host, strlen (host), GNUTLS_FSAN_SET);
  gnutls_x509_crt_set_key (crt, key);
  g_assert_cmpint (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &out), ==, 0);
  der = g_bytes_new (out.data, out.size);
  gnutls_free (out.data);
  gnutls_x509_crt_deinit (crt);
  gnutls_x509_privkey_deinit (key);
  return der;
}

MsClientReport *
ms_evo_test_write (MsClient *client, MsAccount *account, MsPinStore *pins, gboolean dry_run,
                   gboolean store_password, GError **error)
{
  MsClientOptions options = { .dry_run = dry_run, .store_password = store_password };
  g_autoptr (GAsyncResult) result = NULL;

  ms_client_write_async (client, account, pins, &options, NULL, ms_evo_test_store_result, &result);
  return ms_client_write_finish (client, ms_evo_test_wait_result (&result, 30), error);
}
