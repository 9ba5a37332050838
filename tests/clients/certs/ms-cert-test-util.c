/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "evolution/ms-evolution-private.h"
#include "net/ms-cert-trust.h"
#include "ms-cert-test-util.h"

static void
remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;
      while (dir && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

MsCertTestHome *
ms_cert_test_home_new (void)
{
  MsCertTestHome *home = g_new0 (MsCertTestHome, 1);
  g_autoptr(GError) error = NULL;

  home->home = g_dir_make_tmp ("ms-cert-home-XXXXXX", &error);
  g_assert_no_error (error);
  home->tb_root = g_build_filename (home->home, ".thunderbird", NULL);
  home->data_home = g_build_filename (home->home, ".local", "share", NULL);
  home->pin_path = g_build_filename (home->data_home, "mail-setup", "pinned-certificates.ini", NULL);
  g_mkdir_with_parents (home->tb_root, 0700);
  g_mkdir_with_parents (home->data_home, 0700);
  home->stores.thunderbird_root = home->tb_root;
  home->stores.data_home = home->data_home;
  home->stores.pin_store_path = home->pin_path;
  return home;
}

void
ms_cert_test_home_free (MsCertTestHome *home)
{
  if (home == NULL)
    return;
  if (g_getenv ("MS_TEST_KEEP") == NULL)
    remove_tree (home->home);
  else
    g_test_message ("kept %s", home->home);
  g_free (home->home);
  g_free (home->tb_root);
  g_free (home->data_home);
  g_free (home->pin_path);
  g_free (home);
}

void
ms_cert_test_write (const char *dir, const char *name, const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

char *
ms_cert_test_read (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, NULL);
  return text;
}

char *
ms_cert_test_add_profile (MsCertTestHome *home, const char *name, gboolean is_default)
{
  g_autofree char *ini = ms_cert_test_read (home->tb_root, "profiles.ini");
  g_autofree char *rel = g_strdup_printf ("%s.profile", name);
  char *dir = g_build_filename (home->tb_root, rel, NULL);
  guint n = 0;
  GString *text = g_string_new (ini ? ini : "[General]\nStartWithLastProfile=1\nVersion=2\n");

  while (ini)
    {
      g_autofree char *group = g_strdup_printf ("[Profile%u]", n);
      if (strstr (ini, group) == NULL)
        break;
      n++;
    }
  g_string_append_printf (text, "\n[Profile%u]\nName=%s\nIsRelative=1\nPath=%s\n%s", n, name, rel,
                          is_default ? "Default=1\n" : "");
  g_mkdir_with_parents (dir, 0700);
  ms_cert_test_write (home->tb_root, "profiles.ini", text->str);
  g_string_free (text, TRUE);
  return dir;
}

GBytes *
ms_cert_test_server_der (const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s.pem", name);
  g_autofree char *path = g_build_filename (g_getenv ("MS_TEST_DIR"), "certs", file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ders = ms_cert_read_pem_file (path, &error);

  g_assert_no_error (error);
  return g_bytes_ref (ders->pdata[0]);
}

char *
ms_cert_test_sha256 (GBytes *der)
{
  g_autoptr(MsCertInfo) info = ms_cert_info_new_from_der (der, NULL);

  g_assert_nonnull (info);
  return g_strdup (info->sha256);
}

char *
ms_cert_test_override_line (const char *host, guint port, GBytes *der)
{
  g_autofree char *sha = ms_cert_test_sha256 (der);

  return g_strdup_printf ("%s:%u:\tOID.2.16.840.1.101.3.4.2.1\t%s\t\n", host, port, sha);
}

void
ms_cert_test_write_camel (MsCertTestHome *home, guint32 trust, const char *host, GBytes *der, ...)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_evo_cert_entry_free);
  g_autofree char *evo_dir = g_build_filename (home->data_home, "evolution", NULL);
  g_autofree char *copies = g_build_filename (home->data_home, "camel_certs", NULL);
  g_autofree char *db = NULL;
  g_autoptr(GBytes) data = NULL;
  va_list args;

  g_mkdir_with_parents (evo_dir, 0700);
  g_mkdir_with_parents (copies, 0700);
  va_start (args, der);
  while (host)
    {
      MsEvoCertEntry *e = g_new0 (MsEvoCertEntry, 1);
      g_autofree char *copy = NULL;
      e->hostname = g_strdup (host);
      e->fingerprint = ms_evo_certdb_fingerprint (der);
      e->trust = trust;
      copy = g_build_filename (copies, e->fingerprint, NULL);
      g_assert_true (g_file_set_contents (copy, g_bytes_get_data (der, NULL), (gssize) g_bytes_get_size (der), NULL));
      g_ptr_array_add (entries, e);
      host = va_arg (args, const char *);
      if (host)
        der = va_arg (args, GBytes *);
    }
  va_end (args);
  data = ms_evo_certdb_serialize (0x100, entries);
  db = ms_evo_certdb_path (home->data_home);
  g_assert_true (g_file_set_contents (db, g_bytes_get_data (data, NULL), (gssize) g_bytes_get_size (data), NULL));
}

guint
ms_cert_test_base (void)
{
  const char *base = g_getenv ("MS_TEST_BASE_PORT");

  return base ? (guint) g_ascii_strtoull (base, NULL, 10) : 25000;
}

MsProvider *
ms_cert_test_provider (const char *extra)
{
  guint base = ms_cert_test_base ();
  GString *xml = g_string_new ("<clientConfig version=\"1.1\" xmlns:ms=\"https://mailsetup.github.io/ns/provider/1\">\n"
                               "<emailProvider id=\"test.example\"><domain>example.test</domain>\n"
                               "<displayName>Test Mail</displayName><displayShortName>TestMail</displayShortName>\n");
  const char *hosts[] = { "127.0.0.5", "127.0.0.1", "127.0.0.2", "127.0.0.3" };
  g_autoptr(GError) error = NULL;
  MsProvider *provider;

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    g_string_append_printf (xml, "<incomingServer type=\"imap\"><hostname>%s</hostname><port>%u</port>"
                            "<socketType>SSL</socketType><username>%%EMAILADDRESS%%</username>"
                            "<authentication>password-cleartext</authentication>"
                            "<ms:certificateName>localhost</ms:certificateName></incomingServer>\n",
                            hosts[i], base + 2);
  for (guint i = 0; i < 2; i++)
    g_string_append_printf (xml, "<outgoingServer type=\"smtp\"><hostname>%s</hostname><port>%u</port>"
                            "<socketType>SSL</socketType><username>%%EMAILADDRESS%%</username>"
                            "<authentication>password-cleartext</authentication>"
                            "<ms:certificateName>localhost</ms:certificateName></outgoingServer>\n",
                            hosts[i], base + 7);
  g_string_append_printf (xml, "%s</emailProvider></clientConfig>\n", extra ? extra : "");
  provider = ms_provider_new_from_data (xml->str, -1, "test-provider.xml", &error);
  g_assert_no_error (error);
  g_string_free (xml, TRUE);
  return provider;
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

MsCertAudit *
ms_cert_test_audit (MsCertTestHome *home, MsProvider *provider)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  MsCertAuditOptions options = { home->stores, provider, 3000 };
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  MsCertAudit *audit;

  g_main_context_push_thread_default (context);
  ms_cert_audit_async (&options, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  audit = ms_cert_audit_finish (result, &error);
  g_object_unref (result);
  g_main_context_pop_thread_default (context);
  g_assert_no_error (error);
  return audit;
}

GPtrArray *
ms_cert_test_rows_for (MsCertAudit *audit, MsCertProgram program, const char *host, guint port)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (guint i = 0; i < audit->rows->len; i++)
    {
      MsCertAuditRow *row = audit->rows->pdata[i];
      if (row->exception->program == program && g_strcmp0 (row->host, host) == 0 && (port == 0 || row->port == port))
        g_ptr_array_add (rows, row);
    }
  return rows;
}
