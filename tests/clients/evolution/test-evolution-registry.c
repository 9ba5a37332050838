/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Evolution writer against the real evolution-source-registry and
 * gnome-keyring-daemon (run-with-keyring.sh --keyring --registry): the
 * registry, already running, loads the account we write and libedataserver
 * reads it as Evolution would, down to the Camel settings and the password
 * found through EDS's own credentials provider.  A second run updates the
 * same sources, live. */
#include "config.h"

#include <camel/camel.h>
#include <libedataserver/libedataserver.h>
#include <string.h>

#include "ms-evo-test-util.h"
#include "ms-evolution.h"
#include "ms-evolution-private.h"

#define ADDRESS "jeanne@example.org"
#define SIGNATURE "Jeanne Dupont\nDupont & Fils"

static ESourceRegistry *registry;
static MsClient *client;
static MsAccount *account;
static char *uid_account, *uid_identity, *uid_transport, *uid_signature;

static gboolean
all_loaded (void)
{
  const char *uids[] = { uid_account, uid_identity, uid_transport, uid_signature };

  for (guint i = 0; i < G_N_ELEMENTS (uids); i++)
    {
      g_autoptr (ESource) source = e_source_registry_ref_source (registry, uids[i]);

      if (source == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
on_source_added (ESourceRegistry *reg, ESource *source, gboolean *loaded)
{
  *loaded = all_loaded ();
}

static CamelNetworkSettings *
network_settings (ESource *source, const char *backend)
{
  const char *extension = e_source_camel_get_extension_name (backend);
  ESourceCamel *camel_ext = e_source_get_extension (source, extension);

  return CAMEL_NETWORK_SETTINGS (e_source_camel_get_settings (camel_ext));
}

static guint
count_identities (void)
{
  GList *list = e_source_registry_list_sources (registry, E_SOURCE_EXTENSION_MAIL_IDENTITY);
  guint n = 0;

  for (GList *l = list; l; l = l->next)
    {
      ESourceMailIdentity *ext = e_source_get_extension (l->data, E_SOURCE_EXTENSION_MAIL_IDENTITY);

      n += g_ascii_strcasecmp (e_source_mail_identity_get_address (ext), ADDRESS) == 0;
    }
  g_list_free_full (list, g_object_unref);
  return n;
}

static void
test_write_and_load (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MsClientReport) report = NULL;
  g_autoptr (ESource) acct = NULL;
  g_autoptr (ESource) ident = NULL;
  g_autoptr (ESource) trans = NULL;
  g_autoptr (ESource) sig = NULL;
  g_autofree char *contents = NULL;
  gboolean loaded = FALSE;
  gulong handler;
  CamelNetworkSettings *net;
  ESourceMailIdentity *id_ext;
  gint64 start;

  /* Started (by D-Bus activation) before the files exist: it must pick
   * them up from its directory monitor, with no restart. */
  registry = e_source_registry_new_sync (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ms_evolution_registry_is_running ());
  g_assert_null (e_source_registry_ref_source (registry, uid_account));

  handler = g_signal_connect (registry, "source-added", G_CALLBACK (on_source_added), &loaded);
  report = ms_evo_test_write (client, account, NULL, FALSE, TRUE, &error);
  g_assert_no_error (error);
  g_test_message ("%s", report->summary);
  g_assert_true (report->password_stored);
  g_assert_null (report->password_note);
  g_assert_nonnull (strstr (report->summary, "within a few seconds"));

  start = g_get_monotonic_time ();
  loaded = all_loaded ();
  g_assert_true (ms_evo_test_wait (&loaded, 30));
  g_test_message ("the registry loaded the 4 sources in %.1f s", (g_get_monotonic_time () - start) / 1e6);
  g_signal_handler_disconnect (registry, handler);

  acct = e_source_registry_ref_source (registry, uid_account);
  g_assert_true (e_source_has_extension (acct, E_SOURCE_EXTENSION_MAIL_ACCOUNT));
  g_assert_cmpstr (e_source_backend_get_backend_name (e_source_get_extension (acct, E_SOURCE_EXTENSION_MAIL_ACCOUNT)),
                   ==, "imapx");
  g_assert_cmpstr (e_source_mail_account_get_identity_uid (e_source_get_extension (acct, E_SOURCE_EXTENSION_MAIL_ACCOUNT)),
                   ==, uid_identity);
  net = network_settings (acct, "imapx");
  g_assert_cmpstr (camel_network_settings_get_host (net), ==, "mail.example.org");
  g_assert_cmpuint (camel_network_settings_get_port (net), ==, 993);
  g_assert_cmpstr (camel_network_settings_get_user (net), ==, ADDRESS);
  g_assert_cmpint (camel_network_settings_get_security_method (net), ==,
                   CAMEL_NETWORK_SECURITY_METHOD_SSL_ON_ALTERNATE_PORT);
  /* NULL: the IMAP LOGIN command, Evolution's "Password". */
  g_assert_null (camel_network_settings_get_auth_mechanism (net));
  g_assert_true (e_source_authentication_get_remember_password (
    e_source_get_extension (acct, E_SOURCE_EXTENSION_AUTHENTICATION)));

  trans = e_source_registry_ref_source (registry, uid_transport);
  g_assert_cmpstr (e_source_get_parent (trans), ==, uid_account);
  g_assert_cmpstr (e_source_backend_get_backend_name (e_source_get_extension (trans, E_SOURCE_EXTENSION_MAIL_TRANSPORT)),
                   ==, "smtp");
  net = network_settings (trans, "smtp");
  g_assert_cmpstr (camel_network_settings_get_host (net), ==, "mail.example.org");
  g_assert_cmpuint (camel_network_settings_get_port (net), ==, 587);
  g_assert_cmpstr (camel_network_settings_get_user (net), ==, ADDRESS);
  g_assert_cmpint (camel_network_settings_get_security_method (net), ==,
                   CAMEL_NETWORK_SECURITY_METHOD_STARTTLS_ON_STANDARD_PORT);
  g_assert_cmpstr (camel_network_settings_get_auth_mechanism (net), ==, "PLAIN");

  ident = e_source_registry_ref_source (registry, uid_identity);
  g_assert_cmpstr (e_source_get_parent (ident), ==, uid_account);
  id_ext = e_source_get_extension (ident, E_SOURCE_EXTENSION_MAIL_IDENTITY);
  g_assert_cmpstr (e_source_mail_identity_get_address (id_ext), ==, ADDRESS);
  g_assert_cmpstr (e_source_mail_identity_get_name (id_ext), ==, "Jeanne Dupont");
  g_assert_cmpstr (e_source_mail_identity_get_organization (id_ext), ==, "Dupont & Fils");
  g_assert_cmpstr (e_source_mail_identity_get_reply_to (id_ext), ==, "contact@example.org");
  g_assert_cmpstr (e_source_mail_identity_get_signature_uid (id_ext), ==, uid_signature);
  g_assert_cmpstr (e_source_mail_submission_get_transport_uid (
                     e_source_get_extension (ident, E_SOURCE_EXTENSION_MAIL_SUBMISSION)), ==, uid_transport);

  /* The signature as the composer loads it. */
  sig = e_source_registry_ref_source (registry, uid_signature);
  g_assert_true (e_source_has_extension (sig, E_SOURCE_EXTENSION_MAIL_SIGNATURE));
  g_assert_true (e_source_mail_signature_load_sync (sig, &contents, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, SIGNATURE);
  g_assert_cmpuint (count_identities (), ==, 1);
}

static void
test_password_found (void)
{
  const char *uids[] = { uid_account, uid_transport };
  g_autoptr (ESourceCredentialsProvider) provider = e_source_credentials_provider_new (registry);

  for (guint i = 0; i < G_N_ELEMENTS (uids); i++)
    {
      g_autoptr (ESource) source = e_source_registry_ref_source (registry, uids[i]);
      g_autoptr (GError) error = NULL;
      g_autofree char *password = NULL;
      ENamedParameters *credentials = NULL;

      g_assert_true (e_source_lookup_password_sync (source, NULL, &password, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (password, ==, MS_EVO_TEST_PASSWORD);

      /* The path Evolution takes before it would prompt. */
      g_assert_true (e_source_credentials_provider_lookup_sync (provider, source, NULL, &credentials, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (e_named_parameters_get (credentials, E_SOURCE_CREDENTIAL_PASSWORD), ==, MS_EVO_TEST_PASSWORD);
      e_named_parameters_free (credentials);
    }
}

static void
on_notify_port (GObject *object, GParamSpec *pspec, gboolean *done)
{
  *done = e_source_authentication_get_port (E_SOURCE_AUTHENTICATION (object)) == 143;
}

static void
test_rerun_updates_live (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MsClientReport) report = NULL;
  g_autoptr (ESource) acct = e_source_registry_ref_source (registry, uid_account);
  ESourceAuthentication *auth = e_source_get_extension (acct, E_SOURCE_EXTENSION_AUTHENTICATION);
  g_autoptr (GDir) dir = NULL;
  gboolean done = FALSE;
  guint files = 0, backups = 0;
  gulong handler;
  gint64 start = g_get_monotonic_time ();

  handler = g_signal_connect (auth, "notify::port", G_CALLBACK (on_notify_port), &done);
  ms_server_set_port (ms_account_get_incoming (account), 143);
  ms_server_set_security (ms_account_get_incoming (account), MS_SECURITY_STARTTLS);
  report = ms_evo_test_write (client, account, NULL, FALSE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report->summary, "Updated"));
  g_assert_true (ms_evo_test_wait (&done, 30));
  g_signal_handler_disconnect (auth, handler);
  g_test_message ("the registry reloaded the account in %.1f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpstr (e_source_security_get_method (e_source_get_extension (acct, E_SOURCE_EXTENSION_SECURITY)), ==,
                   "starttls-on-standard-port");

  g_assert_cmpuint (count_identities (), ==, 1);
  dir = g_dir_open (ms_evolution_client_get_sources_dir (MS_EVOLUTION_CLIENT (client)), 0, &error);
  g_assert_no_error (error);
  /* Ours, and no temporary file left; the registry adds system-proxy.
   * The copy of the changed account source sits beside it, and the
   * registry, which loads only "*.source", still has one account. */
  for (const char *name; (name = g_dir_read_name (dir)) != NULL;)
    {
      g_assert_false (name[0] == '.');
      files += g_str_has_prefix (name, "mail-setup-") && g_str_has_suffix (name, ".source");
      backups += g_str_has_suffix (name, ".bak");
    }
  g_assert_cmpuint (files, ==, 4);
  g_assert_cmpuint (backups, ==, report->backups->len);
  g_assert_cmpuint (backups, >=, 1);
  test_password_found ();
}

static void
test_no_password_on_disk (void)
{
  ms_evo_test_assert_not_in_files (g_getenv ("MS_TEST_ROOT"), MS_EVO_TEST_PASSWORD);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("MS_TEST_ROOT"));
  /* The Camel settings types behind "[Imapx Backend]" and friends. */
  e_source_camel_register_types ();

  client = ms_evolution_client_new ();
  account = ms_evo_test_account (ADDRESS, "mail.example.org");
  g_object_set (account, "signature", SIGNATURE, NULL);
  uid_account = ms_evo_uid_for_address (ADDRESS, "account");
  uid_identity = ms_evo_uid_for_address (ADDRESS, "identity");
  uid_transport = ms_evo_uid_for_address (ADDRESS, "transport");
  uid_signature = ms_evo_uid_for_address (ADDRESS, "signature");

  g_test_add_func ("/registry/write-and-load", test_write_and_load);
  g_test_add_func ("/registry/password-found-by-eds", test_password_found);
  g_test_add_func ("/registry/rerun-updates-live-same-uids", test_rerun_updates_live);
  g_test_add_func ("/registry/password-not-on-disk", test_no_password_on_disk);
  status = g_test_run ();

  g_clear_object (&registry);
  g_object_unref (account);
  g_object_unref (client);
  g_free (uid_account);
  g_free (uid_identity);
  g_free (uid_transport);
  g_free (uid_signature);
  return status;
}
