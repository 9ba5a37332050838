/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Evolution's existing accounts: read back from sources the real writer
 * made and from sources as Evolution itself lays them out, then repaired
 * in place. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ms-evo-test-util.h"
#include "ms-evolution.h"

typedef struct {
  char *root;
  char *sources;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->root = g_dir_make_tmp ("ms-evo-existing-XXXXXX", NULL);
  f->sources = g_build_filename (f->root, "evolution", "sources", NULL);
  g_assert_cmpint (g_mkdir_with_parents (f->sources, 0700), ==, 0);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  remove_tree (f->root);
  g_free (f->root);
  g_free (f->sources);
}

static void
put (Fixture *f, const char *uid, const char *text)
{
  g_autofree char *name = g_strconcat (uid, ".source", NULL);
  g_autofree char *path = g_build_filename (f->sources, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static char *
get (Fixture *f, const char *uid)
{
  g_autofree char *name = g_strconcat (uid, ".source", NULL);
  g_autofree char *path = g_build_filename (f->sources, name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* As Evolution's own assistant writes them: STARTTLS set on 993 (the
 * mistake), the username without the domain, and keys of its own. */
static void
put_broken (Fixture *f)
{
  put (f, "acc1", "# Evolution keeps this comment\n[Data Source]\nDisplayName=test@test.com\nEnabled=true\nParent=\n\n"
                  "[Mail Account]\nBackendName=imapx\nIdentityUid=id1\nArchiveFolder=\n\n"
                  "[Authentication]\nHost=mail.3xo.fr\nMethod=none\nPort=993\nRememberPassword=true\nUser=test\n\n"
                  "[Security]\nMethod=starttls-on-standard-port\n\n[Imapx Backend]\nCheckAll=true\n");
  put (f, "id1", "[Data Source]\nDisplayName=test@test.com\nParent=acc1\n\n[Mail Identity]\nAddress=test@test.com\n"
                 "Name=Test\n\n[Mail Submission]\nTransportUid=tr1\n");
  put (f, "tr1", "[Data Source]\nDisplayName=test@test.com\nParent=acc1\n\n[Mail Transport]\nBackendName=smtp\n\n"
                 "[Authentication]\nHost=mail.3xo.fr\nMethod=PLAIN\nPort=25\nUser=test\n\n"
                 "[Security]\nMethod=starttls-on-standard-port\n");
}

static GPtrArray *
read_all (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *accounts = ms_evolution_read_accounts (f->sources, &error);

  g_assert_no_error (error);
  return accounts;
}

static void
test_read_evolution_layout (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) accounts = NULL;
  MsExistingAccount *e;

  put_broken (f);
  /* A collection's account belongs to its backend; a damaged file and an
   * address book are not mail accounts. */
  put (f, "goa", "[Data Source]\nParent=collection-9\n[Mail Account]\nBackendName=imapx\n[Authentication]\nHost=x\n");
  put (f, "bad", "[Data Source\nBackendName=imapx\n");
  put (f, "book", "[Data Source]\nParent=\n[Address Book]\nBackendName=local\n");
  accounts = read_all (f);
  g_assert_cmpuint (accounts->len, ==, 1);
  e = accounts->pdata[0];
  g_assert_cmpstr (e->program, ==, "evolution");
  g_assert_cmpstr (e->account_key, ==, "acc1");
  g_assert_cmpstr (e->incoming_key, ==, "acc1");
  g_assert_cmpstr (e->identity_key, ==, "id1");
  g_assert_cmpstr (e->outgoing_key, ==, "tr1");
  g_assert_cmpstr (e->address, ==, "test@test.com");
  g_assert_cmpstr (e->dir, ==, f->sources);
  g_assert_cmpint (e->incoming->protocol, ==, MS_PROTOCOL_IMAP);
  g_assert_cmpstr (e->incoming->hostname, ==, "mail.3xo.fr");
  g_assert_cmpuint (e->incoming->port, ==, 993);
  g_assert_cmpint (e->incoming->security, ==, MS_SECURITY_STARTTLS);
  g_assert_cmpstr (e->incoming->username, ==, "test");
  g_assert_cmpint (e->outgoing->protocol, ==, MS_PROTOCOL_SMTP);
  g_assert_cmpuint (e->outgoing->port, ==, 25);
  g_assert_cmpstr (e->outgoing->username, ==, "test");
}

static void
test_read_pop_and_missing_folder (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autofree char *absent = g_build_filename (f->root, "never-made", NULL);
  g_autoptr(GError) error = NULL;

  /* No port: Camel's default for the mode. */
  put (f, "pop", "[Data Source]\nParent=\n[Mail Account]\nBackendName=pop\n"
                 "[Authentication]\nHost=mail.3xo.fr\nUser=a@b.c\n[Security]\nMethod=ssl-on-alternate-port\n");
  accounts = read_all (f);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpint (((MsExistingAccount *) accounts->pdata[0])->incoming->protocol, ==, MS_PROTOCOL_POP3);
  g_assert_cmpuint (((MsExistingAccount *) accounts->pdata[0])->incoming->port, ==, 995);
  g_assert_null (((MsExistingAccount *) accounts->pdata[0])->outgoing);
  none = ms_evolution_read_accounts (absent, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
}

/* What the real writer made is read back as written. */
static void
test_read_what_the_writer_wrote (Fixture *f, gconstpointer data)
{
  g_autofree char *config = g_build_filename (f->root, "config", NULL);
  g_autofree char *share = g_build_filename (f->root, "share", NULL);
  g_autofree char *sources = g_build_filename (config, "evolution", "sources", NULL);
  g_autoptr(MsClient) client = ms_evolution_client_new_for_dirs (config, share);
  g_autoptr(MsAccount) account = ms_evo_test_account ("alice@example.test", "mail.example.test");
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientReport) report = ms_evo_test_write (client, account, NULL, FALSE, FALSE, &error);
  g_autoptr(GPtrArray) accounts = NULL;
  MsExistingAccount *e;

  g_assert_no_error (error);
  accounts = ms_evolution_read_accounts (sources, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
  e = accounts->pdata[0];
  g_assert_cmpstr (e->address, ==, "alice@example.test");
  g_assert_cmpuint (e->incoming->port, ==, ms_server_get_port (ms_account_get_incoming (account)));
  g_assert_cmpint (e->incoming->security, ==, ms_server_get_security (ms_account_get_incoming (account)));
  g_assert_cmpuint (e->outgoing->port, ==, ms_server_get_port (ms_account_get_outgoing (account)));
  g_assert_cmpint (e->outgoing->security, ==, ms_server_get_security (ms_account_get_outgoing (account)));
  g_assert_cmpstr (e->incoming->username, ==, "alice@example.test");
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir && g_dir_read_name (dir))
    n++;
  return n;
}

static void
test_repair_in_place (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(MsFileSet) set = ms_file_set_new ();
  g_autoptr(MsEndpoint) in = NULL;
  g_autoptr(MsEndpoint) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *acc = NULL;
  g_autofree char *tr = NULL;
  g_autofree char *path = NULL;
  MsExistingAccount *e;

  put_broken (f);
  accounts = read_all (f);
  e = accounts->pdata[0];
  in = ms_endpoint_copy (e->incoming);
  in->security = MS_SECURITY_SSL;
  g_free (in->username);
  in->username = g_strdup ("test@test.com");
  out = ms_endpoint_copy (e->outgoing);
  out->port = 465;
  out->security = MS_SECURITY_SSL;
  g_free (out->username);
  out->username = g_strdup ("test@test.com");
  g_assert_true (ms_evolution_plan_repair (set, e, in, out, &error));
  g_assert_no_error (error);
  g_assert_true (ms_file_set_commit (set, &error));
  g_assert_no_error (error);

  acc = get (f, "acc1");
  tr = get (f, "tr1");
  g_assert_nonnull (strstr (acc, "Method=ssl-on-alternate-port"));
  g_assert_nonnull (strstr (acc, "User=test@test.com"));
  g_assert_nonnull (strstr (acc, "Port=993"));
  /* Everything else as Evolution wrote it. */
  g_assert_nonnull (strstr (acc, "# Evolution keeps this comment"));
  g_assert_nonnull (strstr (acc, "CheckAll=true"));
  g_assert_nonnull (strstr (acc, "IdentityUid=id1"));
  g_assert_nonnull (strstr (acc, "[Authentication]\nHost=mail.3xo.fr\nMethod=none"));
  g_assert_nonnull (strstr (tr, "Port=465"));
  g_assert_nonnull (strstr (tr, "Method=ssl-on-alternate-port"));
  g_assert_nonnull (strstr (tr, "Method=PLAIN"));
  /* The same three sources, plus the backups beside them. */
  g_assert_cmpuint (count_files (f->sources), ==, 3 + 2);
  g_assert_cmpuint (ms_file_set_get_backups (set)->len, ==, 2);

  /* Still a key file the registry loads (repair-cli shows the registry
   * itself reloading it). */
  {
    g_autoptr(GKeyFile) kf = g_key_file_new ();
    g_autofree char *method = NULL;

    path = g_build_filename (f->sources, "acc1.source", NULL);
    g_assert_true (g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &error));
    g_assert_no_error (error);
    method = g_key_file_get_string (kf, "Security", "Method", NULL);
    g_assert_cmpstr (method, ==, "ssl-on-alternate-port");
  }
}

static void
test_repair_vanished (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(MsFileSet) set = ms_file_set_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->sources, "acc1.source", NULL);

  put_broken (f);
  accounts = read_all (f);
  /* Deleted in Evolution between the check and the repair: never recreated. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_false (ms_evolution_plan_repair (set, accounts->pdata[0], ((MsExistingAccount *) accounts->pdata[0])->incoming,
                                            NULL, &error));
  g_assert_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT);
  g_assert_false (ms_file_set_has_changes (set));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/evolution-existing/read", Fixture, NULL, setup, test_read_evolution_layout, teardown);
  g_test_add ("/evolution-existing/pop-and-no-folder", Fixture, NULL, setup, test_read_pop_and_missing_folder, teardown);
  g_test_add ("/evolution-existing/writer-round-trip", Fixture, NULL, setup, test_read_what_the_writer_wrote, teardown);
  g_test_add ("/evolution-existing/repair-in-place", Fixture, NULL, setup, test_repair_in_place, teardown);
  g_test_add ("/evolution-existing/repair-vanished", Fixture, NULL, setup, test_repair_vanished, teardown);
  return g_test_run ();
}
