/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Manage Certificates" from the wizard's first page, against the real
 * servers of tests/servers (run-with-servers.sh): the exceptions a user's
 * Thunderbird, Evolution and Mail Setup keep for the original certificate,
 * compared with what each server presents now; a renewed certificate
 * accepted after the side-by-side comparison, a wrong name refused, the
 * test authority installed in Thunderbird after its fingerprint was
 * confirmed, the exceptions it makes unneeded deleted, and the system
 * route explained before anything runs.  Pictures of each state. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "clients/evolution/ms-evolution-private.h"
#include "ms-certificates-dialog.h"
#include "ms-test-ui.h"
#include "net/ms-cert-trust.h"

typedef MsTestWizard Fixture;

static guint base;

static GBytes *
server_der (const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s.pem", name);
  g_autofree char *path = g_build_filename (g_getenv ("MS_TEST_DIR"), "certs", file, NULL);
  g_autoptr(GPtrArray) ders = ms_cert_read_pem_file (path, NULL);

  g_assert_nonnull (ders);
  return g_bytes_ref (ders->pdata[0]);
}

static char *
sha256_of (GBytes *der)
{
  g_autoptr(MsCertInfo) info = ms_cert_info_new_from_der (der, NULL);
  return g_strdup (info->sha256);
}

static char *
profile_dir (void)
{
  return g_build_filename (g_get_home_dir (), ".thunderbird", "test.default", NULL);
}

static void
write_file (const char *path, const char *text, gssize length)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, text, length, NULL));
}

/* What a customer's machine holds after accepting the original
 * certificate everywhere, before the provider renewed it on 127.0.0.5. */
static void
write_stores (void)
{
  g_autoptr(GBytes) good = server_der ("good");
  g_autofree char *sha = sha256_of (good);
  g_autofree char *root = g_build_filename (g_get_home_dir (), ".thunderbird", NULL);
  g_autofree char *ini = g_build_filename (root, "profiles.ini", NULL);
  g_autofree char *dir = profile_dir ();
  g_autofree char *overrides = g_build_filename (dir, "cert_override.txt", NULL);
  g_autofree char *text = NULL;
  g_autofree char *providers = g_build_filename (g_get_user_data_dir (), "mail-setup", "providers", "test.xml", NULL);
  g_autofree char *xml = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_evo_cert_entry_free);
  g_autoptr(GBytes) camel = NULL;
  g_autofree char *md5 = ms_evo_certdb_fingerprint (good);
  g_autofree char *db = ms_evo_certdb_path (g_get_user_data_dir ());
  g_autofree char *copy = ms_evo_certdb_copy_path (g_get_user_data_dir (), md5);
  g_autoptr(MsPinStore) pins = ms_pin_store_new (g_getenv ("MAIL_SETUP_PIN_STORE"));
  MsEvoCertEntry *entry = g_new0 (MsEvoCertEntry, 1);

  write_file (ini, "[Profile0]\nName=default\nIsRelative=1\nPath=test.default\nDefault=1\n\n"
                   "[General]\nStartWithLastProfile=1\nVersion=2\n", -1);
  text = g_strdup_printf ("# PSM Certificate Override Settings file\n# This is a generated file!  Do not edit.\n"
                          "127.0.0.5:%u:\tOID.2.16.840.1.101.3.4.2.1\t%s\t\n"
                          "127.0.0.5:%u:\tOID.2.16.840.1.101.3.4.2.1\t%s\t\n"
                          "127.0.0.1:%u:\tOID.2.16.840.1.101.3.4.2.1\t%s\t\n"
                          "127.0.0.2:%u:\tOID.2.16.840.1.101.3.4.2.1\t%s\t\n",
                          base + 2, sha, base + 7, sha, base + 2, sha, base + 2, sha);
  write_file (overrides, text, -1);

  entry->hostname = g_strdup ("127.0.0.5");
  entry->fingerprint = g_strdup (md5);
  entry->trust = 3;
  g_ptr_array_add (entries, entry);
  camel = ms_evo_certdb_serialize (0x100, entries);
  write_file (db, g_bytes_get_data (camel, NULL), (gssize) g_bytes_get_size (camel));
  write_file (copy, g_bytes_get_data (good, NULL), (gssize) g_bytes_get_size (good));
  g_assert_true (ms_pin_store_add (pins, "127.0.0.5", base + 2, good, NULL));

  xml = g_strdup_printf (
    "<clientConfig version=\"1.1\" xmlns:ms=\"https://mailsetup.github.io/ns/provider/1\">"
    "<emailProvider id=\"test\"><domain>example.test</domain><displayName>Test Mail</displayName>"
    "<incomingServer type=\"imap\"><hostname>127.0.0.5</hostname><port>%u</port><socketType>SSL</socketType>"
    "<authentication>password-cleartext</authentication><ms:certificateName>localhost</ms:certificateName>"
    "</incomingServer>"
    "<incomingServer type=\"imap\"><hostname>127.0.0.1</hostname><port>%u</port><socketType>SSL</socketType>"
    "<authentication>password-cleartext</authentication><ms:certificateName>localhost</ms:certificateName>"
    "</incomingServer>"
    "<incomingServer type=\"imap\"><hostname>127.0.0.2</hostname><port>%u</port><socketType>SSL</socketType>"
    "<authentication>password-cleartext</authentication><ms:certificateName>localhost</ms:certificateName>"
    "</incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>127.0.0.5</hostname><port>%u</port><socketType>SSL</socketType>"
    "<authentication>password-cleartext</authentication><ms:certificateName>localhost</ms:certificateName>"
    "</outgoingServer></emailProvider></clientConfig>", base + 2, base + 2, base + 2, base + 7);
  write_file (providers, xml, -1);
}

static void
set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *pins = g_build_filename (g_get_user_data_dir (), "pins.ini", NULL);
  MsProviderStore *store = ms_provider_store_new ();

  g_setenv ("MAIL_SETUP_PIN_STORE", pins, TRUE);
  write_stores ();
  ms_provider_store_load_sync (store, NULL);
  g_assert_nonnull (ms_provider_store_lookup (store, "test"));
  ms_test_wizard_open (f, store, ms_account_new (ms_provider_store_lookup (store, "test")), TRUE);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  ms_test_wizard_close (f);
}

static GtkWidget *
toplevel_of (GType type, const char *name)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data) &&
        (name == NULL || g_strcmp0 (gtk_buildable_get_name (l->data), name) == 0))
      return l->data;
  return NULL;
}

typedef struct {
  GType type;
  const char *name;
} Wanted;

static gboolean
window_shown (gpointer data)
{
  Wanted *w = data;
  ms_snapshot_settle ();
  return toplevel_of (w->type, w->name) != NULL;
}

static GtkWidget *
wait_window (GType type, const char *name)
{
  Wanted w = { type, name };
  ms_test_wait (window_shown, &w);
  return toplevel_of (type, name);
}

static gboolean
idle (gpointer data)
{
  ms_snapshot_settle ();
  return !ms_certificates_dialog_is_busy (data);
}

static MsCertificatesDialog *
open_dialog (Fixture *f)
{
  MsCertificatesDialog *dialog;

  ms_test_click (f->win, "manage_certificates_button");
  dialog = MS_CERTIFICATES_DIALOG (wait_window (MS_TYPE_CERTIFICATES_DIALOG, NULL));
  ms_test_wait (idle, dialog);
  return dialog;
}

static char *
card (const char *host, guint port, const char *status)
{
  return g_strdup_printf ("card-%s:%u-%s", host, port, status);
}

typedef struct {
  GtkWidget *chooser;
  const char *path;
} Choice;

static gboolean
file_selected (gpointer data)
{
  Choice *c = data;
  g_autofree char *now = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (c->chooser));
  return g_strcmp0 (now, c->path) == 0;
}

/* As a user picks the file: the chooser loads the folder first. */
static void
choose_file (GtkWidget *chooser, const char *path)
{
  Choice c = { chooser, path };

  g_assert_true (gtk_file_chooser_set_filename (GTK_FILE_CHOOSER (chooser), path));
  ms_test_wait (file_selected, &c);
}

static void
respond (GtkWidget *dialog, int response)
{
  gtk_dialog_response (GTK_DIALOG (dialog), response);
  ms_snapshot_settle ();
}

static const char *pinned_sha;
static MsPinStore *pinned_store;

static gboolean
pin_renewed (gpointer data)
{
  g_main_context_iteration (NULL, FALSE);
  return ms_pin_store_is_pinned (pinned_store, "127.0.0.5", base + 2, pinned_sha);
}

static void
test_renewal_and_authority (Fixture *f, gconstpointer data)
{
  MsCertificatesDialog *dialog = open_dialog (f);
  GtkWidget *win = GTK_WIDGET (dialog);
  g_autoptr(GBytes) good = server_der ("good");
  g_autoptr(GBytes) renewed = server_der ("renewed");
  g_autofree char *good_sha = sha256_of (good);
  g_autofree char *renewed_sha = sha256_of (renewed);
  g_autofree char *renewed_card = card ("127.0.0.5", base + 2, "renewed");
  g_autofree char *wrong_card = card ("127.0.0.2", base + 2, "wrong-name");
  g_autofree char *same_card = card ("127.0.0.1", base + 2, "same");
  g_autofree char *renewed_text = NULL, *wrong_text = NULL, *all = NULL, *overrides = NULL;
  g_autofree char *dir = profile_dir ();
  g_autofree char *ca = g_build_filename (g_getenv ("MS_TEST_DIR"), "certs", "ca.pem", NULL);
  GtkWidget *question, *chooser, *authority;

  /* The renewed server: both certificates side by side, the name checked,
   * and every program that keeps the exception named once. */
  renewed_text = ms_test_texts (ms_test_find (win, renewed_card));
  g_assert_nonnull (strstr (renewed_text, good_sha));
  g_assert_nonnull (strstr (renewed_text, renewed_sha));
  g_assert_nonnull (strstr (renewed_text, ms_test_tr ("✓ Its Common Name is localhost, as the guide asks.",
                                                      "✓ Son nom commun (CN) est localhost, comme le demande le guide.")));
  g_assert_nonnull (strstr (renewed_text, "Thunderbird"));
  g_assert_nonnull (strstr (renewed_text, "Evolution"));
  g_assert_true (ms_test_visible (ms_test_find (win, renewed_card), "accept_renewed_button"));
  /* The wrong name: the guide's advice, and no way to accept it. */
  wrong_text = ms_test_texts (ms_test_find (win, wrong_card));
  g_assert_nonnull (strstr (wrong_text, "wrong.example.org"));
  g_assert_nonnull (strstr (wrong_text, ms_test_tr ("Do not connect", "Ne vous connectez pas")));
  g_assert_null (ms_test_lookup (ms_test_find (win, wrong_card), "accept_renewed_button"));
  g_assert_nonnull (ms_test_find (win, same_card));
  ms_test_screenshot (win, "certificates");

  /* Accept, after one more look at what changes where. */
  ms_test_click (ms_test_find (win, renewed_card), "accept_renewed_button");
  question = wait_window (GTK_TYPE_MESSAGE_DIALOG, NULL);
  all = ms_test_texts (question);
  g_assert_nonnull (strstr (all, renewed_sha));
  ms_test_screenshot (question, "certificates-accept");
  respond (question, GTK_RESPONSE_ACCEPT);
  ms_test_wait (idle, dialog);
  overrides = g_build_filename (dir, "cert_override.txt", NULL);
  {
    g_autofree char *text = NULL;
    g_assert_true (g_file_get_contents (overrides, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, renewed_sha));
    g_assert_null (strstr (text, g_strdup_printf ("127.0.0.5:%u:\tOID.2.16.840.1.101.3.4.2.1\t%s", base + 2,
                                                  good_sha)));
  }
  /* The renewed server now presents the stored certificate. */
  g_assert_null (ms_test_lookup (win, renewed_card));
  {
    g_autofree char *now_same = card ("127.0.0.5", base + 2, "same");
    g_assert_nonnull (ms_test_find (win, now_same));
  }
  /* The wizard's own list follows, for its checks. */
  pinned_sha = renewed_sha;
  pinned_store = ms_setup_session_get_pin_store (f->session);
  ms_test_wait (pin_renewed, NULL);
  ms_test_screenshot (win, "certificates-renewed");

  /* The provider's authority instead of exceptions. */
  ms_test_click (win, "install_button");
  chooser = wait_window (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL);
  choose_file (chooser, ca);
  respond (chooser, GTK_RESPONSE_ACCEPT);
  authority = wait_window (GTK_TYPE_DIALOG, "authority_dialog");
  all = (g_free (all), ms_test_texts (authority));
  g_assert_nonnull (strstr (all, "Mail Setup Test CA"));
  /* Not named by the profile: the user must say they compared it. */
  g_assert_false (gtk_widget_is_sensitive (gtk_dialog_get_widget_for_response (GTK_DIALOG (authority),
                                                                                GTK_RESPONSE_ACCEPT)));
  ms_test_click (authority, "authority_confirm_check");
  g_assert_true (gtk_widget_is_sensitive (gtk_dialog_get_widget_for_response (GTK_DIALOG (authority),
                                                                               GTK_RESPONSE_ACCEPT)));
  ms_test_screenshot (authority, "certificates-authority");
  respond (authority, GTK_RESPONSE_ACCEPT);
  ms_test_wait (idle, dialog);
  g_assert_true (ms_test_visible (win, "authority_status"));
  {
    g_autofree char *cert9 = g_build_filename (dir, "cert9.db", NULL);
    g_autofree char *unneeded = card ("127.0.0.1", base + 2, "no-longer-needed");
    g_assert_true (g_file_test (cert9, G_FILE_TEST_IS_REGULAR));
    /* Thunderbird now accepts the original certificate by itself. */
    g_assert_true (ms_test_visible (ms_test_find (win, unneeded), "delete_exception_button"));
    ms_test_screenshot (win, "certificates-authority-installed");
    ms_test_click (ms_test_find (win, unneeded), "delete_exception_button");
    question = wait_window (GTK_TYPE_MESSAGE_DIALOG, NULL);
    respond (question, GTK_RESPONSE_ACCEPT);
    ms_test_wait (idle, dialog);
    g_assert_null (ms_test_lookup (win, unneeded));
    {
      g_autofree char *text = NULL;
      g_assert_true (g_file_get_contents (overrides, &text, NULL, NULL));
      g_assert_null (strstr (text, g_strdup_printf ("127.0.0.1:%u:", base + 2)));
    }
  }
}

/* Evolution: the whole computer's list, only after reading what it means,
 * and never without the administrator's password (pkexec). */
static void
test_system_route_explained (Fixture *f, gconstpointer data)
{
  MsCertificatesDialog *dialog = open_dialog (f);
  GtkWidget *win = GTK_WIDGET (dialog);
  g_autofree char *ca = g_build_filename (g_getenv ("MS_TEST_DIR"), "certs", "ca.pem", NULL);
  g_autofree char *bin = g_build_filename (g_get_home_dir (), "bin", NULL);
  g_autofree char *fake = g_build_filename (bin, "pkexec", NULL);
  g_autofree char *record = g_build_filename (g_get_home_dir (), "pkexec-called", NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\necho \"$@\" > '%s'\nexit 126\n", record);
  g_autofree char *path = g_strdup_printf ("%s:%s", bin, g_getenv ("PATH"));
  g_autofree char *all = NULL;
  GtkWidget *chooser, *authority, *question;

  /* A stand-in that says the password was refused: the machine's own
   * trust list must never change in a test. */
  write_file (fake, script, -1);
  g_assert_cmpint (g_chmod (fake, 0755), ==, 0);
  g_setenv ("PATH", path, TRUE);

  g_assert_false (ms_test_visible (win, "system_button"));
  ms_test_click (win, "install_button");
  chooser = wait_window (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL);
  choose_file (chooser, ca);
  respond (chooser, GTK_RESPONSE_ACCEPT);
  authority = wait_window (GTK_TYPE_DIALOG, "authority_dialog");
  respond (authority, GTK_RESPONSE_CANCEL);
  g_assert_true (ms_test_visible (win, "system_button"));

  ms_test_click (win, "system_button");
  question = wait_window (GTK_TYPE_MESSAGE_DIALOG, "system_dialog");
  all = ms_test_texts (question);
  g_assert_nonnull (strstr (all, "update-ca-certificates"));
  g_assert_nonnull (strstr (all, ms_test_tr ("administrator", "administrateur")));
  ms_test_screenshot (question, "certificates-system-route");
  respond (question, GTK_RESPONSE_CANCEL);
  /* Cancelled: nothing ran. */
  g_assert_false (g_file_test (record, G_FILE_TEST_EXISTS));

  ms_test_click (win, "system_button");
  question = wait_window (GTK_TYPE_MESSAGE_DIALOG, "system_dialog");
  respond (question, GTK_RESPONSE_ACCEPT);
  ms_test_wait (idle, dialog);
  g_assert_true (g_file_test (record, G_FILE_TEST_EXISTS));
  g_assert_nonnull (strstr (ms_test_label (win, "authority_status"),
                            ms_test_tr ("authorisation was not given", "autorisation de l’administrateur n’a pas")));
}

static gboolean
gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Closed while it compares: the answer that comes later finds no window,
 * and nothing is left running. */
static void
test_closed_while_looking (Fixture *f, gconstpointer data)
{
  gpointer dialog;

  ms_test_click (f->win, "manage_certificates_button");
  dialog = wait_window (MS_TYPE_CERTIFICATES_DIALOG, NULL);
  g_assert_true (ms_certificates_dialog_is_busy (dialog));
  g_object_add_weak_pointer (G_OBJECT (dialog), &dialog);
  gtk_widget_destroy (GTK_WIDGET (dialog));
  /* The comparison's own reference keeps it until its answer comes. */
  ms_test_wait (gone, &dialog);
  g_assert_true (gtk_widget_get_visible (f->win));
}

int
main (int argc, char **argv)
{
  ms_test_ui_init (&argc, &argv);
  if (g_getenv ("MS_TEST_BASE_PORT") == NULL)
    {
      g_print ("1..0 # SKIP needs tests/servers/run-with-servers.sh\n");
      return 77;
    }
  base = (guint) g_ascii_strtoull (g_getenv ("MS_TEST_BASE_PORT"), NULL, 10);
  g_test_add ("/wizard/certificates/renewal-and-authority", Fixture, NULL, set_up, test_renewal_and_authority,
              tear_down);
  g_test_add ("/wizard/certificates/closed-while-looking", Fixture, NULL, set_up, test_closed_while_looking,
              tear_down);
  g_test_add ("/wizard/certificates/system-route-explained", Fixture, NULL, set_up, test_system_route_explained,
              tear_down);
  return g_test_run ();
}
