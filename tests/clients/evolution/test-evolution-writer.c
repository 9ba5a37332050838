/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Evolution writer on its own (no D-Bus: the password is not stored
 * here, see test-evolution-registry.c): the files, re-runs, adoption of an
 * account made in Evolution, signature, dry run, certificate list (read
 * back with libcamel), damaged files. */
#include "config.h"

#include <camel/camel.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "ms-evo-test-util.h"
#include "ms-evolution.h"
#include "ms-evolution-private.h"
#include "ms-diff.h"
#include "ms-file-set.h"

static char *root;

typedef struct {
  char *config_home;
  char *data_home;
  char *sources;
  MsClient *client;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  static guint n;
  g_autofree char *dir = g_strdup_printf ("%s/case-%u", root, ++n);

  f->config_home = g_build_filename (dir, "config", NULL);
  f->data_home = g_build_filename (dir, "data", NULL);
  f->sources = g_build_filename (f->config_home, "evolution", "sources", NULL);
  f->client = ms_evolution_client_new_for_dirs (f->config_home, f->data_home);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_free (f->config_home);
  g_free (f->data_home);
  g_free (f->sources);
  g_object_unref (f->client);
}

static GKeyFile *
load (Fixture *f, const char *uid)
{
  g_autofree char *name = g_strconcat (uid, ".source", NULL);
  g_autofree char *path = g_build_filename (f->sources, name, NULL);
  GKeyFile *kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  GStatBuf st;

  g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  return kf;
}

#define assert_key(kf, group, key, expected) G_STMT_START { \
    g_autofree char *v_ = g_key_file_get_string ((kf), (group), (key), NULL); \
    g_assert_cmpstr (v_, ==, (expected)); } G_STMT_END

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

static GStrv
list_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_steal (names, NULL);
}

static guint
count_suffix (GStrv names, const char *suffix)
{
  guint n = 0;

  for (guint i = 0; names[i]; i++)
    n += g_str_has_suffix (names[i], suffix);
  return n;
}

static MsClientReport *
write_ok (Fixture *f, MsAccount *account, MsPinStore *pins)
{
  g_autoptr (GError) error = NULL;
  MsClientReport *report = ms_evo_test_write (f->client, account, pins, FALSE, FALSE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static void
test_new_account (Fixture *f, gconstpointer data)
{
  g_autoptr (MsAccount) account = ms_evo_test_account ("jeanne@example.org", "mail.example.org");
  g_autoptr (MsClientReport) report = write_ok (f, account, NULL);
  g_autofree char *acct_uid = ms_evo_uid_for_address ("jeanne@example.org", "account");
  g_autofree char *ident_uid = ms_evo_uid_for_address ("jeanne@example.org", "identity");
  g_autofree char *trans_uid = ms_evo_uid_for_address ("jeanne@example.org", "transport");
  g_autoptr (GKeyFile) acct = load (f, acct_uid);
  g_autoptr (GKeyFile) ident = load (f, ident_uid);
  g_autoptr (GKeyFile) trans = load (f, trans_uid);
  g_auto (GStrv) files = list_dir (f->sources);

  g_assert_cmpstr (report->client_id, ==, "evolution");
  g_assert_cmpuint (report->written->len, ==, 3);
  g_assert_false (report->password_stored);
  g_assert_nonnull (report->password_note);
  g_assert_nonnull (strstr (report->summary, "jeanne@example.org"));
  /* Exactly the three sources: no temporary file left behind. */
  g_assert_cmpuint (g_strv_length (files), ==, 3);

  assert_key (acct, "Data Source", "Parent", "");
  assert_key (acct, "Data Source", "DisplayName", "jeanne@example.org");
  assert_key (acct, "Mail Account", "BackendName", "imapx");
  assert_key (acct, "Mail Account", "IdentityUid", ident_uid);
  assert_key (acct, "Mail Account", "NeedsInitialSetup", "true");
  assert_key (acct, "Authentication", "Host", "mail.example.org");
  assert_key (acct, "Authentication", "Port", "993");
  assert_key (acct, "Authentication", "User", "jeanne@example.org");
  assert_key (acct, "Authentication", "Method", "none");
  assert_key (acct, "Authentication", "RememberPassword", "false");
  assert_key (acct, "Security", "Method", "ssl-on-alternate-port");

  assert_key (ident, "Data Source", "Parent", acct_uid);
  assert_key (ident, "Mail Identity", "Address", "jeanne@example.org");
  assert_key (ident, "Mail Identity", "Name", "Jeanne Dupont");
  assert_key (ident, "Mail Identity", "Organization", "Dupont & Fils");
  assert_key (ident, "Mail Identity", "ReplyTo", "contact@example.org");
  assert_key (ident, "Mail Identity", "SignatureUid", "none");
  assert_key (ident, "Mail Submission", "TransportUid", trans_uid);

  assert_key (trans, "Data Source", "Parent", acct_uid);
  assert_key (trans, "Mail Transport", "BackendName", "smtp");
  assert_key (trans, "Authentication", "Host", "mail.example.org");
  assert_key (trans, "Authentication", "Port", "587");
  assert_key (trans, "Authentication", "Method", "PLAIN");
  assert_key (trans, "Security", "Method", "starttls-on-standard-port");
}

static void
test_rerun_keeps_uids_and_user_keys (Fixture *f, gconstpointer data)
{
  g_autoptr (MsAccount) account = ms_evo_test_account ("jeanne@example.org", "mail.example.org");
  g_autofree char *acct_uid = ms_evo_uid_for_address ("jeanne@example.org", "account");
  g_autofree char *acct_path = NULL;
  g_autoptr (MsClientReport) first = write_ok (f, account, NULL);
  g_autoptr (MsClientReport) second = NULL;
  g_autoptr (GKeyFile) kf = load (f, acct_uid);
  g_auto (GStrv) files = NULL;

  /* What Evolution does after its first connection, and a user setting. */
  g_key_file_set_string (kf, "Mail Account", "NeedsInitialSetup", "false");
  g_key_file_set_string (kf, "Refresh", "IntervalMinutes", "30");
  g_key_file_set_string (kf, "Data Source", "DisplayName", "Work");
  acct_path = g_strdup_printf ("%s/%s.source", f->sources, acct_uid);
  g_assert_true (g_key_file_save_to_file (kf, acct_path, NULL));
  g_clear_pointer (&kf, g_key_file_unref);

  ms_server_set_port (ms_account_get_incoming (account), 143);
  ms_server_set_security (ms_account_get_incoming (account), MS_SECURITY_STARTTLS);
  g_object_set (account, "address", "JEANNE@example.org", NULL);
  second = write_ok (f, account, NULL);
  g_assert_nonnull (strstr (second->summary, "Updated"));

  files = list_dir (f->sources);
  /* Three sources, and a copy of each: all three changed. */
  g_assert_cmpuint (count_suffix (files, ".source"), ==, 3);
  g_assert_cmpuint (count_suffix (files, ".bak"), ==, 3);
  kf = load (f, acct_uid);
  assert_key (kf, "Authentication", "Port", "143");
  assert_key (kf, "Security", "Method", "starttls-on-standard-port");
  assert_key (kf, "Mail Account", "NeedsInitialSetup", "false");
  assert_key (kf, "Refresh", "IntervalMinutes", "30");
  assert_key (kf, "Data Source", "DisplayName", "Work");
}

static void
test_pop3 (Fixture *f, gconstpointer data)
{
  g_autoptr (MsAccount) account = ms_evo_test_account ("pop@example.org", "pop.example.org");
  g_autofree char *acct_uid = ms_evo_uid_for_address ("pop@example.org", "account");
  g_autoptr (MsClientReport) report = NULL;
  g_autoptr (GKeyFile) kf = NULL;

  ms_server_set_protocol (ms_account_get_incoming (account), MS_PROTOCOL_POP3);
  ms_server_set_port (ms_account_get_incoming (account), 995);
  ms_server_set_auth (ms_account_get_outgoing (account), MS_AUTH_PASSWORD_ENCRYPTED);
  report = write_ok (f, account, NULL);
  kf = load (f, acct_uid);
  assert_key (kf, "Mail Account", "BackendName", "pop");
  assert_key (kf, "Authentication", "Port", "995");
  assert_key (kf, "Authentication", "Method", "none");
  g_assert_true (g_key_file_has_group (kf, "Pop Backend"));
  g_clear_pointer (&kf, g_key_file_unref);
  {
    g_autofree char *trans_uid = ms_evo_uid_for_address ("pop@example.org", "transport");

    kf = load (f, trans_uid);
    assert_key (kf, "Authentication", "Method", "CRAM-MD5");
  }
}

/* OAuth2: Evolution's own sign-in where it has one, else a password (an
 * app password the user types). */
static void
test_oauth2 (Fixture *f, gconstpointer data)
{
  static const struct { const char *host, *method; } cases[] = {
    { "imap.gmail.com", "Google" }, { "outlook.office365.com", "Outlook" },
    { "imap.mail.yahoo.com", "Yahoo" }, { "imap.fastmail.com", "none" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (ms_evo_auth_method (MS_PROTOCOL_IMAP, MS_AUTH_OAUTH2, cases[i].host), ==, cases[i].method);
  g_assert_cmpstr (ms_evo_auth_method (MS_PROTOCOL_SMTP, MS_AUTH_OAUTH2, "smtp.fastmail.com"), ==, "PLAIN");
  g_assert_cmpstr (ms_evo_auth_method (MS_PROTOCOL_SMTP, MS_AUTH_NONE, "relay.example.org"), ==, "none");
  g_assert_cmpstr (ms_evo_auth_method (MS_PROTOCOL_IMAP, MS_AUTH_OAUTH2, "notgmail.com"), ==, "none");
  {
    g_autoptr (MsAccount) account = ms_evo_test_account ("kim@gmail.com", "imap.gmail.com");
    g_autofree char *acct_uid = ms_evo_uid_for_address ("kim@gmail.com", "account");
    g_autoptr (MsClientReport) report = NULL;
    g_autoptr (GKeyFile) kf = NULL;

    ms_server_set_auth (ms_account_get_incoming (account), MS_AUTH_OAUTH2);
    report = write_ok (f, account, NULL);
    kf = load (f, acct_uid);
    assert_key (kf, "Authentication", "Method", "Google");
  }
}

static void
put_file (const char *dir, const char *name, const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

/* An account the user made in Evolution (its own 40-hex UIDs) is
 * updated, not doubled; one inside a collection is left alone. */
static void
test_adopts_evolution_account (Fixture *f, gconstpointer data)
{
  g_autoptr (MsAccount) account = ms_evo_test_account ("jeanne@example.org", "mail.example.org");
  g_autoptr (MsClientReport) report = NULL;
  g_autoptr (GKeyFile) kf = NULL;
  g_auto (GStrv) files = NULL;

  put_file (f->sources, "aaaa.source", "[Data Source]\nDisplayName=Mine\nParent=\n\n[Mail Account]\n"
            "BackendName=imapx\nIdentityUid=bbbb\n\n[Authentication]\nHost=old.example.org\nPort=143\n");
  put_file (f->sources, "bbbb.source", "[Data Source]\nParent=aaaa\n\n[Mail Identity]\n"
            "Address=Jeanne@Example.org\nSignatureUid=cccc-sig\n\n[Mail Submission]\nTransportUid=dddd\n");
  put_file (f->sources, "dddd.source", "[Data Source]\nParent=aaaa\n\n[Mail Transport]\nBackendName=smtp\n");
  /* Same address under a GNOME Online Accounts collection: not ours. */
  put_file (f->sources, "goa-acct.source", "[Data Source]\nParent=goa-collection\n\n[Mail Account]\n"
            "BackendName=imapx\n");
  put_file (f->sources, "goa-ident.source", "[Data Source]\nParent=goa-acct\n\n[Mail Identity]\n"
            "Address=jeanne@example.org\n");

  report = write_ok (f, account, NULL);
  files = list_dir (f->sources);
  g_assert_cmpuint (count_suffix (files, ".source"), ==, 5);
  g_assert_cmpuint (count_suffix (files, ".bak"), ==, report->backups->len);
  g_assert_cmpuint (report->backups->len, >, 0);
  kf = load (f, "aaaa");
  assert_key (kf, "Authentication", "Host", "mail.example.org");
  assert_key (kf, "Data Source", "DisplayName", "Mine");
  g_clear_pointer (&kf, g_key_file_unref);
  kf = load (f, "bbbb");
  assert_key (kf, "Mail Identity", "Address", "jeanne@example.org");
  /* The user's signature stays when the wizard has none. */
  assert_key (kf, "Mail Identity", "SignatureUid", "cccc-sig");
  g_clear_pointer (&kf, g_key_file_unref);
  kf = load (f, "dddd");
  assert_key (kf, "Authentication", "Port", "587");
}

static void
test_signature (Fixture *f, gconstpointer data)
{
  g_autoptr (MsAccount) account = ms_evo_test_account ("sig@example.org", "mail.example.org");
  g_autofree char *sig_uid = ms_evo_uid_for_address ("sig@example.org", "signature");
  g_autofree char *ident_uid = ms_evo_uid_for_address ("sig@example.org", "identity");
  g_autofree char *text_path = g_build_filename (f->config_home, "evolution", "signatures", sig_uid, NULL);
  g_autofree char *text = NULL;
  g_autoptr (MsClientReport) report = NULL;
  g_autoptr (GKeyFile) kf = NULL;

  g_object_set (account, "signature", "Jeanne Dupont\nDupont & Fils — Lyon", NULL);
  report = write_ok (f, account, NULL);
  g_assert_cmpuint (report->written->len, ==, 5);
  kf = load (f, sig_uid);
  assert_key (kf, "Mail Signature", "MimeType", "text/plain");
  assert_key (kf, "Data Source", "Parent", "");
  g_clear_pointer (&kf, g_key_file_unref);
  kf = load (f, ident_uid);
  assert_key (kf, "Mail Identity", "SignatureUid", sig_uid);
  g_assert_true (g_file_get_contents (text_path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "Jeanne Dupont\nDupont & Fils — Lyon");
}

static void
test_dry_run (Fixture *f, gconstpointer data)
{
  g_autoptr (MsAccount) account = ms_evo_test_account ("dry@example.org", "mail.example.org");
  g_autoptr (GError) error = NULL;
  MsClientReport *report;

  report = ms_evo_test_write (f->client, account, NULL, TRUE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->written->len, ==, 0);
  g_assert_false (g_file_test (f->sources, G_FILE_TEST_EXISTS));
  g_assert_nonnull (strstr (report->diff, "--- /dev/null\n+++ "));
  g_assert_nonnull (strstr (report->diff, "\n+Host=mail.example.org\n"));
  g_assert_nonnull (strstr (report->summary, "would be added"));
  ms_client_report_free (report);

  ms_client_report_free (write_ok (f, account, NULL));
  report = ms_evo_test_write (f->client, account, NULL, TRUE, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->diff, ==, "");
  ms_client_report_free (report);

  ms_server_set_port (ms_account_get_outgoing (account), 465);
  ms_server_set_security (ms_account_get_outgoing (account), MS_SECURITY_SSL);
  report = ms_evo_test_write (f->client, account, NULL, TRUE, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report->diff, "\n-Port=587\n+Port=465\n"));
  g_assert_nonnull (strstr (report->diff, "\n+Method=ssl-on-alternate-port\n"));
  g_assert_null (strstr (report->diff, "\n-Host="));
  ms_client_report_free (report);
}

/* Our diff against diff(1) on the same texts. */
static void
test_diff_matches_diff_u (void)
{
  const char *cases[][2] = {
    { "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n", "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nL\nm\nn\n" },
    { "x\ny\n", "x\ny\n" },
    { "", "one\ntwo\n" },
    { "1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n5\n6\n7\n8\n9\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *a = g_build_filename (root, "diff-a", NULL);
      g_autofree char *b = g_build_filename (root, "diff-b", NULL);
      g_autofree char *ours = NULL;
      g_autofree char *theirs = NULL;
      const char *argv[] = { "diff", "-u", "--label", "A", "--label", "B", a, b, NULL };
      g_autoptr (GError) error = NULL;

      g_assert_true (g_file_set_contents (a, cases[i][0], -1, NULL));
      g_assert_true (g_file_set_contents (b, cases[i][1], -1, NULL));
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &theirs, NULL, NULL, &error);
      g_assert_no_error (error);
      ours = ms_diff_unified ("A", cases[i][0], "B", cases[i][1]);
      if (*cases[i][0] == '\0')
        {
          /* diff(1) labels an empty file, we say /dev/null: compare hunks. */
          g_assert_cmpstr (strstr (ours, "@@"), ==, strstr (theirs, "@@"));
        }
      else
        g_assert_cmpstr (ours, ==, theirs);
    }
}

static void
test_damaged_file (Fixture *f, gconstpointer data)
{
  g_autoptr (MsAccount) account = ms_evo_test_account ("bad@example.org", "mail.example.org");
  g_autofree char *acct_uid = ms_evo_uid_for_address ("bad@example.org", "account");
  g_autofree char *name = g_strconcat (acct_uid, ".source", NULL);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) files = NULL;
  MsClientReport *report;

  put_file (f->sources, name, "this is not = a key file\n[[[\n");
  report = ms_evo_test_write (f->client, account, NULL, FALSE, FALSE, &error);
  g_assert_null (report);
  g_assert_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT);
  files = list_dir (f->sources);
  g_assert_cmpuint (g_strv_length (files), ==, 1);
}

static void
test_invalid (Fixture *f, gconstpointer data)
{
  g_autoptr (MsAccount) account = ms_evo_test_account ("x@example.org", "");
  g_autoptr (GError) error = NULL;

  g_assert_null (ms_evo_test_write (f->client, account, NULL, FALSE, FALSE, &error));
  g_assert_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_INVALID);
  g_assert_cmpstr (ms_client_get_id (f->client), ==, "evolution");
  g_assert_cmpstr (ms_client_get_display_name (f->client), ==, "Evolution");
  g_assert_false (ms_evolution_is_running ());
}

/* libcamel reads back what we wrote, as Evolution would at start-up. */
static void
test_certdb (Fixture *f, gconstpointer data)
{
  g_autoptr (MsAccount) account = ms_evo_test_account ("tls@example.org", "self.example.org");
  g_autoptr (MsPinStore) pins = ms_pin_store_new_memory ();
  g_autoptr (GBytes) der = ms_evo_test_make_cert ("self.example.org");
  g_autoptr (GBytes) other = ms_evo_test_make_cert ("other.example.org");
  g_autofree char *fp = ms_evo_certdb_fingerprint (der);
  g_autofree char *db_path = NULL;
  g_autoptr (CamelCertDB) certdb = camel_certdb_new ();
  g_autoptr (GError) error = NULL;
  CamelCert *cert;
  GSList *list;

  /* Same data home as libcamel's (g_get_user_data_dir) for the copies. */
  g_clear_object (&f->client);
  f->client = ms_evolution_client_new_for_dirs (f->config_home, g_get_user_data_dir ());
  db_path = g_build_filename (g_get_user_data_dir (), "evolution", "camel-cert.db", NULL);
  g_unlink (db_path);

  {
    g_autoptr (MsFileSet) set = ms_file_set_new ();

    g_assert_true (ms_evo_certdb_plan_trust (set, g_get_user_data_dir (), "other.example.org", other, &error));
    g_assert_true (ms_file_set_commit (set, &error));
  }
  g_assert_true (ms_pin_store_add (pins, "self.example.org", 993, der, &error));
  g_assert_no_error (error);
  for (int i = 0; i < 2; i++)
    {
      g_autoptr (MsClientReport) report = write_ok (f, account, pins);

      /* Three sources, the certificate copy and the list; then nothing. */
      g_assert_cmpuint (report->written->len, ==, i == 0 ? 5 : 0);
    }

  camel_certdb_set_filename (certdb, db_path);
  g_assert_cmpint (camel_certdb_load (certdb), ==, 0);
  list = camel_certdb_list_certs (certdb);
  g_assert_cmpuint (g_slist_length (list), ==, 2);
  g_slist_free_full (list, (GDestroyNotify) camel_cert_unref);
  cert = camel_certdb_get_host (certdb, "self.example.org", fp);
  g_assert_nonnull (cert);
  g_assert_cmpint (cert->trust, ==, CAMEL_CERT_TRUST_FULLY);
  g_assert_true (camel_cert_load_cert_file (cert, &error));
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (cert->rawcert, der));
  camel_cert_unref (cert);
  g_free (fp);
  fp = ms_evo_certdb_fingerprint (other);
  cert = camel_certdb_get_host (certdb, "other.example.org", fp);
  g_assert_nonnull (cert);
  camel_cert_unref (cert);
}

/* While a program named evolution runs, its certificate list is left
 * alone, and the report says what the prompt will show. */
static void
test_evolution_running (Fixture *f, gconstpointer data)
{
  g_autoptr (MsAccount) account = ms_evo_test_account ("run@example.org", "busy.example.org");
  g_autoptr (MsPinStore) pins = ms_pin_store_new_memory ();
  g_autoptr (GBytes) der = ms_evo_test_make_cert ("busy.example.org");
  g_autoptr (MsClientReport) report = NULL;
  g_autofree char *fake = g_build_filename (root, "evolution", NULL);
  g_autofree char *sleep_path = g_find_program_in_path ("sleep");
  g_autofree char *db = g_build_filename (f->data_home, "evolution", "camel-cert.db", NULL);
  g_autofree char *sleep_bin = NULL;
  g_autofree char *sha256 = NULL;
  g_autoptr (GError) error = NULL;
  const char *argv[] = { fake, "60", NULL };
  GPid pid;
  gsize len;

  g_assert_true (g_file_get_contents (sleep_path, &sleep_bin, &len, NULL));
  g_assert_true (g_file_set_contents (fake, sleep_bin, (gssize) len, NULL));
  g_assert_cmpint (g_chmod (fake, 0700), ==, 0);
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  g_assert_true (ms_evolution_is_running ());

  g_assert_true (ms_pin_store_add (pins, "busy.example.org", 993, der, &error));
  report = write_ok (f, account, pins);
  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);

  g_test_message ("%s", report->summary);
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (report->written->len, ==, 3);
  g_assert_nonnull (strstr (report->summary, "Evolution is running"));
  sha256 = ms_pin_store_lookup (pins, "busy.example.org", 993);
  g_assert_nonnull (strstr (report->summary, "SHA-256 fingerprint"));
  g_assert_nonnull (strstr (report->summary, sha256));
  g_assert_false (ms_evolution_is_running ());
}

/* Every file of the tree under @dir with its contents, to compare states. */
static void
snapshot_into (GString *out, const char *dir)
{
  g_auto (GStrv) names = list_dir (dir);

  for (guint i = 0; names[i]; i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autofree char *contents = NULL;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_string_append_printf (out, "%s/\n", path);
          snapshot_into (out, path);
        }
      else if (g_file_get_contents (path, &contents, NULL, NULL))
        g_string_append_printf (out, "%s\n%s\n", path, contents);
    }
}

static char *
snapshot (Fixture *f)
{
  GString *out = g_string_new (NULL);
  g_autofree char *dir = g_path_get_dirname (f->config_home);

  snapshot_into (out, dir);
  return g_string_free (out, FALSE);
}

/* A second run that changes something keeps a copy of what it replaced. */
static void
test_rerun_backup (Fixture *f, gconstpointer data)
{
  g_autoptr (MsAccount) account = ms_evo_test_account ("copy@example.org", "mail.example.org");
  g_autoptr (MsClientReport) first = write_ok (f, account, NULL);
  g_autoptr (MsClientReport) second = NULL;
  g_autofree char *id_uid = ms_evo_uid_for_address ("copy@example.org", "identity");
  g_autofree char *id_name = g_strconcat (id_uid, ".source", NULL);
  g_autofree char *id_path = g_build_filename (f->sources, id_name, NULL);
  g_autofree char *before = NULL, *backup = NULL;

  g_assert_cmpuint (first->backups->len, ==, 0);
  g_assert_true (g_file_get_contents (id_path, &before, NULL, NULL));
  g_object_set (account, "organization", "Changed Org", NULL);
  second = write_ok (f, account, NULL);
  g_assert_cmpuint (second->backups->len, ==, 1);
  g_assert_cmpstr (second->backup, ==, second->backups->pdata[0]);
  g_assert_true (g_str_has_prefix (second->backup, id_path));
  g_assert_true (g_file_get_contents (second->backup, &backup, NULL, NULL));
  g_assert_cmpstr (backup, ==, before);
  g_assert_null (strstr (backup, "Changed Org"));
}

/* A disk failing part-way leaves every file as it was: the renames done
 * are undone, and no backup or temporary file stays. */
static void
test_failure_rolls_back (Fixture *f, gconstpointer data)
{
  g_autoptr (MsAccount) account = ms_evo_test_account ("undo@example.org", "mail.example.org");
  g_autoptr (MsClientReport) first = write_ok (f, account, NULL);
  g_autofree char *before = snapshot (f);
  g_autofree char *after = NULL;
  g_autoptr (GError) error = NULL;

  g_object_set (account, "organization", "Other", "real-name", "Someone Else", NULL);
  ms_server_set_hostname (ms_account_get_incoming (account), "changed.example.org");
  ms_server_set_hostname (ms_account_get_outgoing (account), "changed.example.org");
  /* The first two renames (identity, transport) happen, the third fails. */
  ms_file_set_inject_failure (3);
  g_assert_null (ms_evo_test_write (f->client, account, NULL, FALSE, FALSE, &error));
  ms_file_set_inject_failure (0);
  g_assert_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "Nothing was changed"));
  after = snapshot (f);
  g_assert_cmpstr (after, ==, before);
}

/* On a fresh machine a failure leaves no folder behind. */
static void
test_failure_fresh_machine (Fixture *f, gconstpointer data)
{
  g_autoptr (MsAccount) account = ms_evo_test_account ("fresh@example.org", "mail.example.org");
  g_autoptr (GError) error = NULL;

  ms_file_set_inject_failure (2);
  g_assert_null (ms_evo_test_write (f->client, account, NULL, FALSE, FALSE, &error));
  ms_file_set_inject_failure (0);
  g_assert_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_IO);
  g_assert_false (g_file_test (f->config_home, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  int status;

  root = g_dir_make_tmp ("ms-evo-writer-XXXXXX", NULL);
  {
    /* Before anything caches the XDG directories (libcamel's cert dir). */
    g_autofree char *data = g_build_filename (root, "xdg-data", NULL);

    g_setenv ("XDG_DATA_HOME", data, TRUE);
  }
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/evolution/new-account", Fixture, NULL, setup, test_new_account, teardown);
  g_test_add ("/evolution/rerun-same-uids-keeps-user-keys", Fixture, NULL, setup,
              test_rerun_keeps_uids_and_user_keys, teardown);
  g_test_add ("/evolution/pop3", Fixture, NULL, setup, test_pop3, teardown);
  g_test_add ("/evolution/oauth2", Fixture, NULL, setup, test_oauth2, teardown);
  g_test_add ("/evolution/adopts-evolution-account", Fixture, NULL, setup, test_adopts_evolution_account, teardown);
  g_test_add ("/evolution/signature", Fixture, NULL, setup, test_signature, teardown);
  g_test_add ("/evolution/dry-run", Fixture, NULL, setup, test_dry_run, teardown);
  g_test_add_func ("/evolution/diff-matches-diff-u", test_diff_matches_diff_u);
  g_test_add ("/evolution/damaged-file", Fixture, NULL, setup, test_damaged_file, teardown);
  g_test_add ("/evolution/invalid", Fixture, NULL, setup, test_invalid, teardown);
  g_test_add ("/evolution/evolution-running-skips-certdb", Fixture, NULL, setup, test_evolution_running, teardown);
  g_test_add ("/evolution/certdb-read-by-libcamel", Fixture, NULL, setup, test_certdb, teardown);
  g_test_add ("/evolution/rerun-backup", Fixture, NULL, setup, test_rerun_backup, teardown);
  g_test_add ("/evolution/failure-rolls-back", Fixture, NULL, setup, test_failure_rolls_back, teardown);
  g_test_add ("/evolution/failure-fresh-machine", Fixture, NULL, setup, test_failure_fresh_machine, teardown);
  status = g_test_run ();
  if (status == 0)
    ms_evo_test_assert_not_in_files (root, MS_EVO_TEST_PASSWORD);
  {
    const char *argv_rm[] = { "rm", "-rf", root, NULL };

    g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (root);
  return status;
}
