/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The keyring module against a real gnome-keyring-daemon (run through
 * run-with-keyring.sh --keyring), and against a session with no Secret
 * Service (--no-service) or no session bus at all (--no-bus). */
#include "config.h"

#include <string.h>

#include "ms-evo-test-util.h"
#include "ms-evolution.h"
#include "ms-keyring.h"

/* EDS's schema written out again from e-secret-store.c, independent of
 * ours, so that a wrong name or attribute in the product is caught. */
static const SecretSchema eds_schema = {
  "org.gnome.Evolution.Data.Source", SECRET_SCHEMA_DONT_MATCH_NAME,
  { { "e-source-uid", SECRET_SCHEMA_ATTRIBUTE_STRING }, { "eds-origin", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 } },
};

static void
test_available (void)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  ms_keyring_check_available_async (NULL, ms_evo_test_store_result, &result);
  g_assert_true (ms_keyring_check_available_finish (ms_evo_test_wait_result (&result, 20), &error));
  g_assert_no_error (error);
}

static void
test_store_lookup (void)
{
  g_autoptr (GHashTable) attrs = ms_evolution_secret_attributes ("test-uid-0001");
  g_autoptr (GAsyncResult) stored = NULL;
  g_autoptr (GAsyncResult) looked = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SecretService) service = NULL;
  g_autolist (SecretItem) items = NULL;
  g_autoptr (GHashTable) item_attrs = NULL;
  g_autofree char *label = NULL;
  char *password;

  /* Twice: the second replaces the first (no duplicate item). */
  for (int i = 0; i < 2; i++)
    {
      ms_keyring_store_async (ms_evolution_secret_schema (), attrs, "Evolution Data Source \"x\" (Mail Account - imapx) ",
                              MS_EVO_TEST_PASSWORD, NULL, ms_evo_test_store_result, &stored);
      g_assert_true (ms_keyring_store_finish (ms_evo_test_wait_result (&stored, 20), &error));
      g_assert_no_error (error);
      g_clear_object (&stored);
    }

  ms_keyring_lookup_async (ms_evolution_secret_schema (), attrs, NULL, ms_evo_test_store_result, &looked);
  password = ms_keyring_lookup_finish (ms_evo_test_wait_result (&looked, 20), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, MS_EVO_TEST_PASSWORD);
  ms_keyring_password_free (password);

  /* What EDS does in e_secret_store_lookup_sync(): the UID alone. */
  password = secret_password_lookup_sync (&eds_schema, NULL, &error, "e-source-uid", "test-uid-0001", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, MS_EVO_TEST_PASSWORD);
  secret_password_free (password);

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr (GHashTable) query = g_hash_table_new (g_str_hash, g_str_equal);

    g_hash_table_insert (query, (gpointer) "e-source-uid", (gpointer) "test-uid-0001");
    items = secret_service_search_sync (service, NULL, query, SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK, NULL, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  item_attrs = secret_item_get_attributes (items->data);
  g_assert_cmpstr (g_hash_table_lookup (item_attrs, "xdg:schema"), ==, "org.gnome.Evolution.Data.Source");
  g_assert_cmpstr (g_hash_table_lookup (item_attrs, "eds-origin"), ==, "evolution-data-server");
  label = secret_item_get_label (items->data);
  g_assert_cmpstr (label, ==, "Evolution Data Source \"x\" (Mail Account - imapx) ");
}

static void
test_lookup_missing (void)
{
  g_autoptr (GHashTable) attrs = ms_evolution_secret_attributes ("no-such-uid");
  g_autoptr (GError) error = NULL;
  char *password = ms_keyring_lookup_sync (ms_evolution_secret_schema (), attrs, NULL, &error);

  g_assert_no_error (error);
  g_assert_null (password);
}

static void
test_cancelled (void)
{
  g_autoptr (GHashTable) attrs = ms_evolution_secret_attributes ("cancelled-uid");
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (ms_keyring_store_sync (ms_evolution_secret_schema (), attrs, "x", "y", cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Last: the keyring stays locked afterwards.  The private session has no
 * prompter, so the unlock request cannot be answered: the user is told
 * the keyring is locked, and may go on without remembering. */
static void
test_locked (void)
{
  g_autoptr (SecretService) service = secret_service_get_sync (SECRET_SERVICE_LOAD_COLLECTIONS, NULL, NULL);
  g_autoptr (SecretCollection) collection = NULL;
  g_autoptr (GHashTable) attrs = ms_evolution_secret_attributes ("locked-uid");
  g_autoptr (GError) error = NULL;
  GList objects = { NULL, NULL, NULL };

  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE, NULL,
                                                 &error);
  g_assert_no_error (error);
  objects.data = collection;
  g_assert_cmpint (secret_service_lock_sync (service, &objects, NULL, NULL, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_true (secret_collection_get_locked (collection));

  g_assert_false (ms_keyring_check_available_sync (NULL, &error));
  g_test_message ("locked keyring: %s", error->message);
  g_assert_true (ms_keyring_error_is_unavailable (error));
  g_assert_true (g_error_matches (error, MS_KEYRING_ERROR, MS_KEYRING_ERROR_DISMISSED) ||
                 g_error_matches (error, MS_KEYRING_ERROR, MS_KEYRING_ERROR_LOCKED));
  g_clear_error (&error);
  g_assert_false (ms_keyring_store_sync (ms_evolution_secret_schema (), attrs, "x", MS_EVO_TEST_PASSWORD, NULL,
                                         &error));
  g_assert_true (ms_keyring_error_is_unavailable (error));
}

static void
test_no_service (void)
{
  g_autoptr (GHashTable) attrs = ms_evolution_secret_attributes ("uid");
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  ms_keyring_check_available_async (NULL, ms_evo_test_store_result, &result);
  g_assert_false (ms_keyring_check_available_finish (ms_evo_test_wait_result (&result, 20), &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, MS_KEYRING_ERROR, MS_KEYRING_ERROR_NO_SERVICE);
  g_assert_true (ms_keyring_error_is_unavailable (error));
  g_clear_error (&error);

  g_assert_false (ms_keyring_store_sync (ms_evolution_secret_schema (), attrs, "x", MS_EVO_TEST_PASSWORD, NULL,
                                         &error));
  g_assert_error (error, MS_KEYRING_ERROR, MS_KEYRING_ERROR_NO_SERVICE);
  g_clear_error (&error);
  g_assert_null (ms_keyring_lookup_sync (ms_evolution_secret_schema (), attrs, NULL, &error));
  g_assert_error (error, MS_KEYRING_ERROR, MS_KEYRING_ERROR_NO_SERVICE);
}

/* No keyring: the account is still written, and the report says why the
 * password was not remembered. */
static void
test_writer_without_keyring (void)
{
  g_autoptr (MsClient) client = ms_evolution_client_new ();
  g_autoptr (MsAccount) account = ms_evo_test_account ("nokeyring@example.org", "mail.example.org");
  g_autoptr (GError) error = NULL;
  g_autoptr (MsClientReport) report = ms_evo_test_write (client, account, NULL, FALSE, TRUE, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (report->written->len, ==, 3);
  g_assert_false (report->password_stored);
  g_test_message ("%s", report->password_note);
  g_assert_nonnull (strstr (report->password_note, "No keyring service"));
  g_assert_nonnull (strstr (report->password_note, "Evolution will ask for it"));
  if (g_getenv ("MS_TEST_ROOT"))
    ms_evo_test_assert_not_in_files (g_getenv ("MS_TEST_ROOT"), MS_EVO_TEST_PASSWORD);
}

static void
test_no_leak (void)
{
  ms_evo_test_assert_not_in_files (g_getenv ("MS_TEST_ROOT"), MS_EVO_TEST_PASSWORD);
}

int
main (int argc, char **argv)
{
  const char *mode = argc > 1 && g_str_has_prefix (argv[argc - 1], "--no-") ? argv[--argc] : "";

  g_test_init (&argc, &argv, NULL);
  if (g_strcmp0 (mode, "--no-bus") == 0)
    {
      /* A session bus address that leads nowhere. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/mail-setup-test-bus", TRUE);
      g_test_add_func ("/keyring/no-bus", test_no_service);
    }
  else if (g_strcmp0 (mode, "--no-service") == 0)
    {
      g_test_add_func ("/keyring/no-service", test_no_service);
      g_test_add_func ("/keyring/writer-without-keyring", test_writer_without_keyring);
    }
  else
    {
      g_assert_nonnull (g_getenv ("MS_TEST_ROOT"));
      g_test_add_func ("/keyring/available", test_available);
      g_test_add_func ("/keyring/store-lookup-evolution-schema", test_store_lookup);
      g_test_add_func ("/keyring/lookup-missing", test_lookup_missing);
      g_test_add_func ("/keyring/cancelled", test_cancelled);
      g_test_add_func ("/keyring/password-not-on-disk", test_no_leak);
      g_test_add_func ("/keyring/locked-without-prompter", test_locked);
    }
  return g_test_run ();
}
