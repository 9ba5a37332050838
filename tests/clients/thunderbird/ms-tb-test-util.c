/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "ms-tb-test-util.h"
#include "ms-thunderbird-nss.h"

MsAccount *
ms_tb_test_account (const char *address, const char *host)
{
  MsAccount *account = ms_account_new (NULL);
  MsServer *in = ms_account_get_incoming (account);
  MsServer *out = ms_account_get_outgoing (account);

  g_object_set (account, "real-name", "Alice \"Al\" Ëxample", "address", address, "password", MS_TB_TEST_PASSWORD,
                "organization", "Example & Co", "reply-to", "replies@example.test",
                "signature", "-- \nAlice\nphone: +33 1 23", NULL);
  ms_server_set_protocol (in, MS_PROTOCOL_IMAP);
  ms_server_set_hostname (in, host);
  ms_server_set_port (in, 993);
  ms_server_set_security (in, MS_SECURITY_SSL);
  ms_server_set_username (in, address);
  ms_server_set_auth (in, MS_AUTH_PASSWORD_CLEARTEXT);
  ms_server_set_hostname (out, host);
  ms_server_set_port (out, 465);
  ms_server_set_security (out, MS_SECURITY_SSL);
  ms_server_set_username (out, address);
  ms_server_set_auth (out, MS_AUTH_PASSWORD_CLEARTEXT);
  return account;
}

static void remove_tree (const char *path, gboolean keep_top);

/* $HOME is set once, before any thread exists (setenv is not thread-safe);
 * each test gets it empty. */
static char *test_home;

void
ms_tb_test_home_cleanup (void)
{
  if (test_home && g_getenv ("MS_TEST_KEEP") == NULL)
    {
      remove_tree (test_home, FALSE);
      g_clear_pointer (&test_home, g_free);
    }
}

char *
ms_tb_test_home_new (void)
{

  if (test_home == NULL)
    {
      g_autoptr(GError) error = NULL;
      test_home = g_dir_make_tmp ("ms-tb-home-XXXXXX", &error);
      g_assert_no_error (error);
      g_setenv ("HOME", test_home, TRUE);
      g_unsetenv ("XDG_CONFIG_HOME");
    }
  remove_tree (test_home, TRUE);
  return g_strdup (test_home);
}

static void
remove_tree (const char *path, gboolean keep_top)
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
          remove_tree (child, FALSE);
        }
      if (!keep_top)
        g_rmdir (path);
    }
  else
    g_unlink (path);
}

void
ms_tb_test_home_free (char *home)
{
  if (home && g_getenv ("MS_TEST_KEEP") == NULL)
    remove_tree (home, TRUE);
  g_free (home);
}

typedef struct {
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

MsClientReport *
ms_tb_test_write (MsAccount *account, MsPinStore *pins, const MsClientOptions *options, GError **error)
{
  g_autoptr(MsClient) client = ms_thunderbird_client_new ();
  g_autoptr(GMainContext) context = g_main_context_new ();
  MsClientOptions defaults = { .store_password = TRUE };
  MsClientReport *report;
  Wait wait = { NULL };

  g_main_context_push_thread_default (context);
  ms_client_write_async (client, account, pins, options ? options : &defaults, NULL, done_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (context, TRUE);
  report = ms_client_write_finish (client, wait.result, error);
  g_object_unref (wait.result);
  g_main_context_pop_thread_default (context);
  return report;
}

char *
ms_tb_test_read (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, NULL);
  return contents;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char **) a, *(char **) b);
}

char *
ms_tb_test_listing (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("\n", (char **) names->pdata);
}

void
ms_tb_test_make_profile (MsTbFixture *f, const char *prefs_js)
{
  g_autofree char *root = g_build_filename (f->home, ".thunderbird", NULL);
  g_autofree char *ini = g_build_filename (root, "profiles.ini", NULL);
  g_autofree char *prefs = NULL;

  f->profile = g_build_filename (root, "abcd1234.default-default", NULL);
  g_assert_cmpint (g_mkdir_with_parents (f->profile, 0700), ==, 0);
  g_assert_true (g_file_set_contents (ini,
                                      "[Profile0]\nName=default-default\nIsRelative=1\nPath=abcd1234.default-default\n\n"
                                      "[InstallFDC34C9F024745EB]\nDefault=abcd1234.default-default\nLocked=1\n\n"
                                      "[General]\nStartWithLastProfile=1\nVersion=2\n", -1, NULL));
  prefs = g_build_filename (f->profile, "prefs.js", NULL);
  if (prefs_js)
    g_assert_true (g_file_set_contents (prefs, prefs_js, -1, NULL));
}

void
ms_tb_test_setup (MsTbFixture *f, gconstpointer data)
{
  f->home = ms_tb_test_home_new ();
  if (data)
    ms_tb_test_make_profile (f, data);
}

void
ms_tb_test_teardown (MsTbFixture *f, gconstpointer data)
{
  ms_tb_test_home_free (f->home);
  g_free (f->profile);
}

/* Fails if the password appears in clear in any file under @path. */
void
ms_tb_test_assert_no_clear_password (const char *path)
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
          ms_tb_test_assert_no_clear_password (child);
        }
    }
  else if (S_ISREG (st.st_mode))
    {
      g_autofree char *contents = NULL;
      gsize len = 0;
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      if (g_strstr_len (contents, (gssize) len, "horse \"battery\"") || g_strstr_len (contents, (gssize) len, "horse \\\"battery"))
        g_error ("the password is in clear in %s", path);
    }
}

/* Decrypts logins.json with the profile's key4.db: origin → "user\npassword". */
GHashTable *
ms_tb_test_read_logins (const char *profile)
{
  g_autofree char *json = ms_tb_test_read (profile, "logins.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTbNss) nss = NULL;
  GHashTable *found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *logins;

  g_assert_nonnull (json);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  nss = ms_tb_nss_open (profile, &error);
  g_assert_no_error (error);
  logins = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "logins");
  for (guint i = 0; i < json_array_get_length (logins); i++)
    {
      JsonObject *o = json_array_get_object_element (logins, i);
      g_autofree char *user = ms_tb_nss_decrypt (nss, json_object_get_string_member (o, "encryptedUsername"));
      g_autofree char *pass = ms_tb_nss_decrypt (nss, json_object_get_string_member (o, "encryptedPassword"));
      g_assert_cmpstr (json_object_get_string_member (o, "hostname"), ==,
                       json_object_get_string_member (o, "httpRealm"));
      g_assert_true (json_object_get_null_member (o, "formSubmitURL"));
      g_assert_cmpint (json_object_get_int_member (o, "encType"), ==, 1);
      g_assert_false (g_hash_table_contains (found, json_object_get_string_member (o, "hostname")));
      g_hash_table_insert (found, g_strdup (json_object_get_string_member (o, "hostname")),
                           g_strdup_printf ("%s\n%s", user, pass));
    }
  return found;
}
