/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ms-tb-test-util.h"

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
