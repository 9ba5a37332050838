/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Evolution before and after a renewal, live: the real
 * evolution-source-registry (run-with-keyring.sh --keyring --registry)
 * loads the account Mail Setup wrote, with the exception the user accepted
 * for the original certificate, and libcamel connects to it as Evolution's
 * mail backend does (Camel's IMAP store, the registry's settings, the
 * keyring's password, camel-cert.db where camel_init() puts it).  The
 * server now presents its renewed certificate (127.0.0.5,
 * run-with-servers.sh): Camel asks the user, until `mail-setup
 * --certificates --renew` replaces the exception; then it connects and
 * logs in without asking.  Each connection runs in a process of its own,
 * as Camel keeps the certificate list in memory. */
#include "config.h"

#include <camel/camel.h>
#include <libedataserver/libedataserver.h>
#include <string.h>
#include <sys/wait.h>

#include "evolution/ms-evolution-private.h"
#include "ms-cert-test-util.h"
#include "ms-evo-test-util.h"
#include "ms-evolution.h"

#define ADDRESS "alice@example.test"
#define EXIT_PROMPTED 3

/* ---- the child: one Camel connection ---- */

typedef CamelSession TestSession;
typedef CamelSessionClass TestSessionClass;
static GType test_session_get_type (void);
G_DEFINE_TYPE (TestSession, test_session, CAMEL_TYPE_SESSION)

static gboolean prompted;

/* Where Evolution would show its trust dialog: counted, and refused. */
static CamelCertTrust
test_session_trust_prompt (CamelSession *session, CamelService *service, GTlsCertificate *certificate,
                           GTlsCertificateFlags errors)
{
  prompted = TRUE;
  return CAMEL_CERT_TRUST_NEVER;
}

/* The password is already set on the service: one attempt. */
static gboolean
test_session_authenticate_sync (CamelSession *session, CamelService *service, const char *mechanism,
                                GCancellable *cancellable, GError **error)
{
  return camel_service_authenticate_sync (service, mechanism, cancellable, error) == CAMEL_AUTHENTICATION_ACCEPTED;
}

static void
test_session_class_init (TestSessionClass *klass)
{
  klass->trust_prompt = test_session_trust_prompt;
  klass->authenticate_sync = test_session_authenticate_sync;
}

static void
test_session_init (TestSession *self)
{
}

static int
connect_child (const char *uid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ESourceRegistry) registry = e_source_registry_new_sync (NULL, &error);
  g_autoptr(ESource) source = NULL;
  g_autoptr(CamelSession) session = NULL;
  g_autoptr(CamelService) service = NULL;
  g_autofree char *password = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ms-camel-XXXXXX", NULL);
  gboolean ok;

  if (registry == NULL || (source = e_source_registry_ref_source (registry, uid)) == NULL)
    {
      g_printerr ("no source %s: %s\n", uid, error ? error->message : "not loaded");
      return 1;
    }
  /* As Evolution's mail backend starts Camel (e-mail-backend.c). */
  camel_init (e_get_user_data_dir (), FALSE);
  camel_provider_list (TRUE);
  session = g_object_new (test_session_get_type (), "user-data-dir", dir, "user-cache-dir", dir, NULL);
  camel_session_set_online (session, TRUE);
  service = camel_session_add_service (session, uid, "imapx", CAMEL_PROVIDER_STORE, &error);
  if (service == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  e_source_camel_configure_service (source, service);
  if (!e_source_lookup_password_sync (source, NULL, &password, &error) || password == NULL)
    {
      g_printerr ("no password: %s\n", error ? error->message : "none");
      return 1;
    }
  camel_service_set_password (service, password);
  /* Evolution's session puts stores online when the network is up. */
  ok = camel_offline_store_set_online_sync (CAMEL_OFFLINE_STORE (service), TRUE, NULL, &error) &&
       camel_service_connect_sync (service, NULL, &error);
  g_print ("connected: %s, asked the user: %s%s%s\n", ok ? "yes" : "no", prompted ? "yes" : "no",
           error ? ", " : "", error ? error->message : "");
  camel_service_disconnect_sync (service, FALSE, NULL, NULL);
  return prompted ? EXIT_PROMPTED : ok ? 0 : 1;
}

/* ---- the test ---- */

static char *self_path;

static int
connect_in_child (const char *uid)
{
  const char *argv[] = { self_path, "--connect", uid, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("Camel: %s%s", out, err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static gboolean
source_loaded (ESourceRegistry *registry, const char *uid)
{
  g_autoptr(ESource) source = e_source_registry_ref_source (registry, uid);
  return source != NULL;
}

static void
on_added (ESourceRegistry *registry, ESource *source, gboolean *loaded)
{
  *loaded = TRUE;
}

/* camel-cert.db read by libcamel itself: is @der trusted for @host? */
static CamelCertTrust
camel_trust_of (const char *host, GBytes *der)
{
  g_autofree char *path = g_build_filename (e_get_user_data_dir (), "camel-cert.db", NULL);
  g_autoptr(CamelCertDB) certdb = camel_certdb_new ();
  g_autofree char *md5 = ms_evo_certdb_fingerprint (der);
  CamelCert *cert;
  CamelCertTrust trust;

  camel_certdb_set_filename (certdb, path);
  g_assert_cmpint (camel_certdb_load (certdb), ==, 0);
  cert = camel_certdb_get_host (certdb, host, md5);
  if (cert == NULL)
    return (CamelCertTrust) -1;
  trust = cert->trust;
  camel_cert_unref (cert);
  return trust;
}

static int
run_mail_setup (const char *const *args)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_strv_builder_add (builder, g_getenv ("MS_TEST_MAIL_SETUP"));
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("mail-setup said:\n%s%s", out, err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static char *
provider_file (void)
{
  guint base = ms_cert_test_base ();
  g_autofree char *path = g_build_filename (g_getenv ("MS_TEST_ROOT"), "test-provider.xml", NULL);
  g_autofree char *xml = g_strdup_printf (
    "<clientConfig version=\"1.1\" xmlns:ms=\"https://mailsetup.github.io/ns/provider/1\">"
    "<emailProvider id=\"test.example\"><domain>example.test</domain><displayName>Test Mail</displayName>"
    "<incomingServer type=\"imap\"><hostname>127.0.0.5</hostname><port>%u</port><socketType>SSL</socketType>"
    "<authentication>password-cleartext</authentication><ms:certificateName>localhost</ms:certificateName>"
    "</incomingServer><outgoingServer type=\"smtp\"><hostname>127.0.0.5</hostname><port>%u</port>"
    "<socketType>SSL</socketType><authentication>password-cleartext</authentication>"
    "<ms:certificateName>localhost</ms:certificateName></outgoingServer></emailProvider></clientConfig>\n",
    base + 2, base + 7);

  g_assert_true (g_file_set_contents (path, xml, -1, NULL));
  return g_steal_pointer (&path);
}

static void
test_renewal (void)
{
  guint base = ms_cert_test_base ();
  g_autoptr(MsClient) client = ms_evolution_client_new ();
  g_autoptr(MsAccount) account = ms_evo_test_account (ADDRESS, "127.0.0.5");
  g_autoptr(MsPinStore) pins = ms_pin_store_new_memory ();
  g_autoptr(GBytes) good = ms_cert_test_server_der ("good");
  g_autoptr(GBytes) renewed = ms_cert_test_server_der ("renewed");
  g_autofree char *renewed_sha = ms_cert_test_sha256 (renewed);
  g_autofree char *uid = ms_evo_uid_for_address (ADDRESS, "account");
  g_autofree char *imap = g_strdup_printf ("127.0.0.5:%u=%s", base + 2, renewed_sha);
  g_autofree char *smtp = g_strdup_printf ("127.0.0.5:%u=%s", base + 7, renewed_sha);
  g_autofree char *profile_xml = provider_file ();
  g_autofree char *good_md5 = ms_evo_certdb_fingerprint (good);
  g_autofree char *good_copy = g_build_filename (g_get_user_data_dir (), "camel_certs", good_md5, NULL);
  g_autoptr(ESourceRegistry) registry = NULL;
  g_autoptr(MsClientReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gboolean loaded = FALSE;

  /* The account as Mail Setup wrote it before the renewal, with the
   * original certificate accepted for its server. */
  g_object_set (account, "password", g_getenv ("MS_TEST_PASSWORD"), NULL);
  ms_server_set_port (ms_account_get_incoming (account), base + 2);
  ms_server_set_username (ms_account_get_incoming (account), g_getenv ("MS_TEST_USER"));
  ms_server_set_port (ms_account_get_outgoing (account), base + 7);
  ms_server_set_security (ms_account_get_outgoing (account), MS_SECURITY_SSL);
  g_assert_true (ms_pin_store_add (pins, "127.0.0.5", base + 2, good, &error));
  registry = e_source_registry_new_sync (NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (registry, "source-added", G_CALLBACK (on_added), &loaded);
  report = ms_evo_test_write (client, account, pins, FALSE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (report->password_stored);
  loaded = source_loaded (registry, uid);
  g_assert_true (ms_evo_test_wait (&loaded, 30));
  g_assert_cmpint (camel_trust_of ("127.0.0.5", good), ==, CAMEL_CERT_TRUST_FULLY);

  /* Before: the renewed certificate is not the one Evolution trusts. */
  g_assert_cmpint (connect_in_child (uid), ==, EXIT_PROMPTED);
  /* Camel now remembers the refusal for the renewed one. */
  g_assert_cmpint (camel_trust_of ("127.0.0.5", renewed), ==, CAMEL_CERT_TRUST_NEVER);

  {
    const char *args[] = { "--certificates", "--renew", "--profile", profile_xml, "--accept-fingerprint", imap,
                           "--accept-fingerprint", smtp, NULL };
    g_assert_cmpint (run_mail_setup (args), ==, 0);
  }
  g_assert_cmpint (camel_trust_of ("127.0.0.5", renewed), ==, CAMEL_CERT_TRUST_FULLY);
  g_assert_cmpint (camel_trust_of ("127.0.0.5", good), ==, (CamelCertTrust) -1);
  g_assert_false (g_file_test (good_copy, G_FILE_TEST_EXISTS));

  /* After: connected and logged in, no question asked. */
  g_assert_cmpint (connect_in_child (uid), ==, 0);
}

/* The system route: no exception renewed at all, the test authority added
 * to the whole computer's list (update-ca-certificates, in a private mount
 * namespace: run-with-private-trust.sh), and Camel accepts the renewed
 * certificate through GIO's own validation; the exception is then reported
 * as no longer needed, and deleted. */
static void
test_system_route (void)
{
  guint base = ms_cert_test_base ();
  g_autoptr(MsClient) client = ms_evolution_client_new ();
  g_autoptr(MsAccount) account = ms_evo_test_account (ADDRESS, "127.0.0.5");
  g_autoptr(MsPinStore) pins = ms_pin_store_new_memory ();
  g_autoptr(GBytes) good = ms_cert_test_server_der ("good");
  g_autoptr(GBytes) ca_der = ms_cert_test_server_der ("ca");
  g_autofree char *ca_sha = ms_cert_test_sha256 (ca_der);
  g_autofree char *ca = g_build_filename (g_getenv ("MS_TEST_DIR"), "certs", "ca.pem", NULL);
  g_autofree char *uid = ms_evo_uid_for_address (ADDRESS, "account");
  g_autofree char *profile_xml = provider_file ();
  g_autofree char *out = NULL;
  g_autoptr(ESourceRegistry) registry = NULL;
  g_autoptr(MsClientReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gboolean loaded = FALSE;

  if (g_getenv ("MS_TEST_PRIVATE_TRUST") == NULL)
    {
      g_test_skip ("needs run-with-private-trust.sh");
      return;
    }
  g_object_set (account, "password", g_getenv ("MS_TEST_PASSWORD"), NULL);
  ms_server_set_port (ms_account_get_incoming (account), base + 2);
  ms_server_set_username (ms_account_get_incoming (account), g_getenv ("MS_TEST_USER"));
  ms_server_set_port (ms_account_get_outgoing (account), base + 7);
  ms_server_set_security (ms_account_get_outgoing (account), MS_SECURITY_SSL);
  g_assert_true (ms_pin_store_add (pins, "127.0.0.5", base + 2, good, &error));
  registry = e_source_registry_new_sync (NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (registry, "source-added", G_CALLBACK (on_added), &loaded);
  report = ms_evo_test_write (client, account, pins, FALSE, TRUE, &error);
  g_assert_no_error (error);
  loaded = source_loaded (registry, uid);
  g_assert_true (ms_evo_test_wait (&loaded, 30));
  g_assert_cmpint (connect_in_child (uid), ==, EXIT_PROMPTED);

  {
    const char *args[] = { "--certificates", "--install-authority", ca, "--accept-fingerprint", ca_sha, "--system",
                           "--profile", profile_xml, NULL };
    g_assert_cmpint (run_mail_setup (args), ==, 0);
  }
  /* Through pkexec, and only then. */
  g_assert_true (g_file_get_contents (g_getenv ("MS_TEST_PKEXEC_LOG"), &out, NULL, NULL));
  g_assert_nonnull (strstr (out, "update-ca-certificates"));
  /* Camel's store still holds only the old certificate: GIO itself now
   * vouches for the renewed one. */
  g_assert_cmpint (connect_in_child (uid), ==, 0);

  {
    const char *args[] = { "--certificates", "--json", "--profile", profile_xml, NULL };
    g_assert_cmpint (run_mail_setup (args), ==, 0);
  }
  {
    const char *args[] = { "--certificates", "--remove", "127.0.0.5", "--profile", profile_xml, NULL };
    g_assert_cmpint (run_mail_setup (args), ==, 0);
  }
  g_assert_cmpint (camel_trust_of ("127.0.0.5", good), ==, (CamelCertTrust) -1);
  g_assert_cmpint (connect_in_child (uid), ==, 0);
}

int
main (int argc, char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--connect"))
    {
      e_source_camel_register_types ();
      return connect_child (argv[2]);
    }
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("MS_TEST_DIR") == NULL || g_getenv ("MS_TEST_ROOT") == NULL || g_getenv ("MS_TEST_MAIL_SETUP") == NULL)
    {
      g_print ("1..0 # SKIP needs run-with-servers.sh, run-with-keyring.sh and MS_TEST_MAIL_SETUP\n");
      return 77;
    }
  self_path = g_canonicalize_filename (argv[0], NULL);
  e_source_camel_register_types ();
  if (argc > 1 && g_str_equal (argv[argc - 1], "--system-route"))
    g_test_add_func ("/certs/evolution/system-route", test_system_route);
  else
    g_test_add_func ("/certs/evolution/renewal-live", test_renewal);
  return g_test_run ();
}
