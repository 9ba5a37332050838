/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>

#include "core/ms-provider-store.h"
#include "ms-export.h"

/* Each export is read back by an independent reader: Python's plistlib for
 * the Apple profile, our own profile parser for the autoconfig file, and
 * poppler's pdftotext for the card. */

#define ADDRESS  "test@3xo.fr"
#define PASSWORD "S3cret-Pa55word!"
#define HOST     "mail.3xo.fr"

/* Flattens the plist to "where<TAB>Key<TAB>type<TAB>value" lines, where is
 * "top" for the Configuration payload and "mail" for its one payload. */
static const char plist_checker[] =
  "import plistlib, sys\n"
  "d = plistlib.load(open(sys.argv[1], 'rb'))\n"
  "def out(where, k, v):\n"
  "    t = 'bool' if isinstance(v, bool) else 'int' if isinstance(v, int) else type(v).__name__\n"
  "    v = str(v).lower() if isinstance(v, bool) else str(v)\n"
  "    print(where, k, t, v.replace('\\n', ' '), sep='\\t')\n"
  "for k, v in d.items():\n"
  "    if k != 'PayloadContent': out('top', k, v)\n"
  "print('top', 'count', 'int', len(d['PayloadContent']), sep='\\t')\n"
  "for k, v in d['PayloadContent'][0].items(): out('mail', k, v)\n";

static char *tmpdir;

static MsAccount *
new_account (void)
{
  g_autoptr(MsProviderStore) store = ms_provider_store_new ();
  MsProvider *provider = ms_provider_store_lookup (store, "3xo.fr");
  MsAccount *account;

  g_assert_nonnull (provider);
  account = ms_account_new (provider);
  g_object_set (account, "real-name", "Jeanne Test", "address", ADDRESS, "password", PASSWORD, NULL);
  /* The desktop on POP3 and STARTTLS: the phone must still get IMAPS and SMTPS. */
  ms_account_select_incoming (account, MS_PROTOCOL_POP3);
  ms_server_set_security (ms_account_get_incoming (account), MS_SECURITY_STARTTLS);
  ms_server_set_security (ms_account_get_outgoing (account), MS_SECURITY_STARTTLS);
  g_assert_cmpint (ms_server_get_protocol (ms_account_get_incoming (account)), ==, MS_PROTOCOL_POP3);
  return account;
}

static char *
write_temp (const char *name, const void *data, gsize size)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);

  g_file_set_contents (path, data, size, &error);
  g_assert_no_error (error);
  return path;
}

static char *
run_tool (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s", argv[0], error->message, err);
  return out;
}

/* Parses the profile with plistlib; the table maps "where.Key" to "type:value". */
static GHashTable *
parse_plist (const char *xml)
{
  const char *python = g_getenv ("MS_TEST_PYTHON");
  g_autofree char *path = write_temp ("profile.mobileconfig", xml, strlen (xml));
  const char *argv[] = { python ? python : "python3", "-c", plist_checker, path, NULL };
  g_autofree char *out = run_tool (argv);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], "\t", 4);

      if (g_strv_length (f) != 4)
        continue;
      g_hash_table_insert (table, g_strconcat (f[0], ".", f[1], NULL), g_strconcat (f[2], ":", f[3], NULL));
    }
  return table;
}

#define assert_entry(table, key, expected) \
  g_assert_cmpstr (g_hash_table_lookup ((table), (key)), ==, (expected))

static MsMobileSettings *
settings_for (MsAccount *account, MsExportPassword password)
{
  g_autoptr(GError) error = NULL;
  MsMobileSettings *s = ms_mobile_settings_new (account, password, &error);

  g_assert_no_error (error);
  g_assert_nonnull (s);
  return s;
}

static void
test_settings (void)
{
  g_autoptr(MsAccount) account = new_account ();
  g_autoptr(MsMobileSettings) s = settings_for (account, MS_EXPORT_PASSWORD_OMIT);
  g_autoptr(MsAccount) manual = NULL;
  g_autoptr(MsProvider) other = ms_provider_new_manual ();
  g_autoptr(GError) error = NULL;
  MsMobileSettings *none;

  g_assert_cmpstr (s->address, ==, ADDRESS);
  g_assert_cmpstr (s->domain, ==, "3xo.fr");
  g_assert_cmpstr (s->imap_hostname, ==, HOST);
  g_assert_cmpstr (s->smtp_hostname, ==, HOST);
  g_assert_cmpstr (s->imap_certificate_name, ==, HOST);
  g_assert_null (s->password);

  /* Asking for the password is refused when there is none to give. */
  g_object_set (account, "password", "", NULL);
  none = ms_mobile_settings_new (account, MS_EXPORT_PASSWORD_INCLUDE, &error);
  g_assert_error (error, MS_EXPORT_ERROR, MS_EXPORT_ERROR_NO_PASSWORD);
  g_assert_null (none);
  g_clear_error (&error);

  g_object_set (account, "address", "not an address", NULL);
  none = ms_mobile_settings_new (account, MS_EXPORT_PASSWORD_OMIT, &error);
  g_assert_error (error, MS_EXPORT_ERROR, MS_EXPORT_ERROR_NO_ADDRESS);
  g_clear_error (&error);

  /* "Other provider" with no server typed yet. */
  manual = ms_account_new (other);
  g_object_set (manual, "address", "someone@example.org", NULL);
  none = ms_mobile_settings_new (manual, MS_EXPORT_PASSWORD_OMIT, &error);
  g_assert_error (error, MS_EXPORT_ERROR, MS_EXPORT_ERROR_NO_INCOMING);
  g_clear_error (&error);
  ms_server_set_hostname (ms_account_get_incoming (manual), "imap.example.org");
  none = ms_mobile_settings_new (manual, MS_EXPORT_PASSWORD_OMIT, &error);
  g_assert_error (error, MS_EXPORT_ERROR, MS_EXPORT_ERROR_NO_OUTGOING);
  g_clear_error (&error);
}

static void
test_mobileconfig (void)
{
  g_autoptr(MsAccount) account = new_account ();
  g_autoptr(MsMobileSettings) s = settings_for (account, MS_EXPORT_PASSWORD_OMIT);
  /* A stale value the call must reset (not free: it is an out argument). */
  char *warning = (char *) "stale";
  g_autofree char *xml = ms_export_mobileconfig (s, &warning);
  g_autofree char *again = ms_export_mobileconfig (s, NULL);
  g_autoptr(GHashTable) t = parse_plist (xml);
  g_autoptr(GHashTable) t2 = parse_plist (again);
  const char *top_uuid, *mail_uuid, *id;

  g_assert_null (warning);
  g_assert_null (strstr (xml, PASSWORD));

  assert_entry (t, "top.PayloadType", "str:Configuration");
  assert_entry (t, "top.PayloadVersion", "int:1");
  assert_entry (t, "top.count", "int:1");
  assert_entry (t, "mail.PayloadType", "str:com.apple.mail.managed");
  assert_entry (t, "mail.EmailAccountType", "str:EmailTypeIMAP");
  assert_entry (t, "mail.EmailAddress", "str:" ADDRESS);
  assert_entry (t, "mail.EmailAccountName", "str:Jeanne Test");
  assert_entry (t, "mail.IncomingMailServerHostName", "str:" HOST);
  assert_entry (t, "mail.IncomingMailServerPortNumber", "int:993");
  assert_entry (t, "mail.IncomingMailServerUseSSL", "bool:true");
  assert_entry (t, "mail.IncomingMailServerUsername", "str:" ADDRESS);
  assert_entry (t, "mail.IncomingMailServerAuthentication", "str:EmailAuthPassword");
  assert_entry (t, "mail.OutgoingMailServerHostName", "str:" HOST);
  assert_entry (t, "mail.OutgoingMailServerPortNumber", "int:465");
  assert_entry (t, "mail.OutgoingMailServerUseSSL", "bool:true");
  assert_entry (t, "mail.OutgoingMailServerUsername", "str:" ADDRESS);
  assert_entry (t, "mail.OutgoingMailServerAuthentication", "str:EmailAuthPassword");
  assert_entry (t, "mail.OutgoingPasswordSameAsIncomingPassword", "bool:true");
  g_assert_false (g_hash_table_contains (t, "mail.IncomingPassword"));
  g_assert_false (g_hash_table_contains (t, "mail.OutgoingPassword"));

  /* Identifiers: stable per address, so a newer profile replaces the old
   * one; UUIDs: valid, distinct, and new on every export. */
  id = g_hash_table_lookup (t, "top.PayloadIdentifier");
  g_assert_true (g_str_has_prefix (id, "str:io.github.mailsetup.MailSetup."));
  g_assert_nonnull (strstr (id, "3xo.fr"));
  g_assert_cmpstr (id, ==, g_hash_table_lookup (t2, "top.PayloadIdentifier"));
  g_assert_cmpstr (g_hash_table_lookup (t, "mail.PayloadIdentifier"), !=, id);
  top_uuid = g_hash_table_lookup (t, "top.PayloadUUID");
  mail_uuid = g_hash_table_lookup (t, "mail.PayloadUUID");
  g_assert_true (g_uuid_string_is_valid (top_uuid + 4));
  g_assert_true (g_uuid_string_is_valid (mail_uuid + 4));
  g_assert_cmpstr (top_uuid, !=, mail_uuid);
  g_assert_cmpstr (top_uuid, !=, g_hash_table_lookup (t2, "top.PayloadUUID"));
}

static void
test_mobileconfig_password (void)
{
  g_autoptr(MsAccount) account = new_account ();
  g_autoptr(MsMobileSettings) s = settings_for (account, MS_EXPORT_PASSWORD_INCLUDE);
  g_autofree char *warning = NULL;
  g_autofree char *xml = ms_export_mobileconfig (s, &warning);
  g_autoptr(GHashTable) t = parse_plist (xml);

  g_assert_cmpstr (warning, ==, ms_export_password_warning ());
  g_assert_cmpuint (strlen (warning), >, 20);
  assert_entry (t, "mail.IncomingPassword", "str:" PASSWORD);
  assert_entry (t, "mail.OutgoingPassword", "str:" PASSWORD);
}

/* Every value is escaped; characters XML 1.0 cannot hold are dropped. */
static void
test_mobileconfig_escaping (void)
{
  g_autoptr(MsAccount) account = new_account ();
  g_autoptr(MsMobileSettings) s = NULL;
  g_autofree char *xml = NULL;
  g_autoptr(GHashTable) t = NULL;

  g_object_set (account, "real-name", "Tom & <Jerry> \"O'Neil\"\x01 Zoë", "password", "a<b>&c\"d'e", NULL);
  s = settings_for (account, MS_EXPORT_PASSWORD_INCLUDE);
  xml = ms_export_mobileconfig (s, NULL);
  t = parse_plist (xml);
  assert_entry (t, "mail.EmailAccountName", "str:Tom & <Jerry> \"O'Neil\" Zoë");
  assert_entry (t, "mail.IncomingPassword", "str:a<b>&c\"d'e");
}

static void
test_autoconfig (void)
{
  g_autoptr(MsAccount) account = new_account ();
  g_autoptr(MsMobileSettings) s = settings_for (account, MS_EXPORT_PASSWORD_INCLUDE);
  g_autofree char *xml = ms_export_autoconfig (s);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsProvider) p = ms_provider_new_from_data (xml, -1, "export", &error);
  const MsEndpoint *in, *out;

  g_assert_no_error (error);
  g_assert_null (strstr (xml, PASSWORD));
  g_assert_cmpstr (ms_provider_get_id (p), ==, "3xo.fr");
  g_assert_cmpstr (ms_provider_get_domains (p)[0], ==, "3xo.fr");
  g_assert_null (ms_provider_get_domains (p)[1]);
  g_assert_cmpuint (ms_provider_get_incoming (p)->len, ==, 1);
  g_assert_cmpuint (ms_provider_get_outgoing (p)->len, ==, 1);

  in = g_ptr_array_index (ms_provider_get_incoming (p), 0);
  g_assert_cmpint (in->protocol, ==, MS_PROTOCOL_IMAP);
  g_assert_cmpint (in->security, ==, MS_SECURITY_SSL);
  g_assert_cmpuint (in->port, ==, 993);
  g_assert_cmpstr (in->hostname, ==, HOST);
  g_assert_cmpstr (in->username, ==, "%EMAILADDRESS%");
  g_assert_cmpint (in->auth, ==, MS_AUTH_PASSWORD_CLEARTEXT);
  g_assert_cmpstr (in->certificate_name, ==, HOST);

  out = g_ptr_array_index (ms_provider_get_outgoing (p), 0);
  g_assert_cmpint (out->protocol, ==, MS_PROTOCOL_SMTP);
  g_assert_cmpint (out->security, ==, MS_SECURITY_SSL);
  g_assert_cmpuint (out->port, ==, 465);
  g_assert_cmpstr (out->hostname, ==, HOST);
  g_assert_cmpstr (out->username, ==, "%EMAILADDRESS%");
  g_assert_cmpstr (out->certificate_name, ==, HOST);
}

/* "Other provider": hosts typed by the user, no certificate name known. */
static void
test_autoconfig_manual (void)
{
  g_autoptr(MsProvider) other = ms_provider_new_manual ();
  g_autoptr(MsAccount) account = ms_account_new (other);
  g_autoptr(MsMobileSettings) s = NULL;
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsProvider) p = NULL;
  const MsEndpoint *in;

  g_object_set (account, "address", "Someone@Example.org", NULL);
  ms_server_set_hostname (ms_account_get_incoming (account), "imap.example.org");
  ms_server_set_hostname (ms_account_get_outgoing (account), "smtp.example.org");
  s = settings_for (account, MS_EXPORT_PASSWORD_OMIT);
  xml = ms_export_autoconfig (s);
  g_assert_null (strstr (xml, "certificateName"));
  p = ms_provider_new_from_data (xml, -1, "export", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ms_provider_get_domains (p)[0], ==, "example.org");
  in = g_ptr_array_index (ms_provider_get_incoming (p), 0);
  g_assert_cmpstr (in->hostname, ==, "imap.example.org");
  g_assert_cmpuint (in->port, ==, 993);
  g_assert_null (in->certificate_name);
}

static char *
pdf_text (GBytes *pdf)
{
  const char *tool = g_getenv ("MS_TEST_PDFTOTEXT");
  g_autofree char *path = write_temp ("card.pdf", g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  const char *argv[] = { tool ? tool : "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  g_autofree char *out = run_tool (argv);
  g_auto(GStrv) words = g_strsplit_set (out, " \n\t\f", -1);
  GString *joined = g_string_new (NULL);

  /* One space between words, so wrapped lines still match a phrase. */
  for (guint i = 0; words[i]; i++)
    if (*words[i])
      g_string_append_printf (joined, "%s%s", joined->len ? " " : "", words[i]);
  return g_string_free (joined, FALSE);
}

#define assert_has(text, needle) \
  G_STMT_START { if (strstr ((text), (needle)) == NULL) \
    g_error ("“%s” not on the card:\n%s", (needle), (text)); } G_STMT_END

static void
test_card (void)
{
  g_autoptr(MsAccount) account = new_account ();
  /* Even a snapshot holding the password must not print it. */
  g_autoptr(MsMobileSettings) s = settings_for (account, MS_EXPORT_PASSWORD_INCLUDE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = ms_export_card (s, &error);
  g_autofree char *text = NULL;
  const char *lang = g_getenv ("LANGUAGE");
  const char *labels[] = { N_("Incoming server"), N_("Outgoing server"), N_("Server"), N_("Port"),
                           N_("Security"), N_("Username"), N_("E-mail address") };

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (pdf, NULL), "%PDF-"));
  text = pdf_text (pdf);

  assert_has (text, ADDRESS);
  assert_has (text, "Jeanne Test");
  assert_has (text, HOST);
  assert_has (text, "IMAP");
  assert_has (text, "SMTP");
  assert_has (text, "993");
  assert_has (text, "465");
  assert_has (text, "SSL");
  assert_has (text, "3xo");
  g_assert_null (strstr (text, PASSWORD));
  g_assert_null (strstr (text, "POP3"));

  /* Whatever language runs, the card shows the catalogue's words. */
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    assert_has (text, _(labels[i]));

  if (lang != NULL && g_str_has_prefix (lang, "fr"))
    {
      if (g_str_equal (_("Incoming server"), "Incoming server"))
        g_test_skip ("no French catalogue: only language-independent content checked");
      else
        assert_has (text, "Serveur entrant");
    }
  else
    {
      assert_has (text, "Your full e-mail address");
      assert_has (text, "Common Name) is " HOST);
      assert_has (text, "SSL only");
      assert_has (text, "POP");
    }
  if (g_getenv ("MS_TEST_CARD_DIR"))
    {
      g_autofree char *name = g_strdup_printf ("card-%s.pdf", lang ? lang : "C");
      g_autofree char *path = g_build_filename (g_getenv ("MS_TEST_CARD_DIR"), name, NULL);
      g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL);
    }
}

typedef struct {
  GMainLoop *loop;
  gboolean ok;
  char *warning;
  GError *error;
} SaveResult;

static void
save_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SaveResult *r = user_data;

  r->ok = ms_export_save_finish (result, &r->warning, &r->error);
  g_main_loop_quit (r->loop);
}

static void
save (const MsMobileSettings *s, MsExportKind kind, GFile *file, SaveResult *r)
{
  r->loop = g_main_loop_new (NULL, FALSE);
  ms_export_save_async (s, kind, file, NULL, save_done, r);
  g_main_loop_run (r->loop);
  g_main_loop_unref (r->loop);
}

static void
test_save (void)
{
  g_autoptr(MsAccount) account = new_account ();
  g_autoptr(MsMobileSettings) s = settings_for (account, MS_EXPORT_PASSWORD_INCLUDE);
  g_autofree char *name = ms_export_suggest_filename (s, MS_EXPORT_KIND_MOBILECONFIG);
  g_autofree char *xml_name = ms_export_suggest_filename (s, MS_EXPORT_KIND_AUTOCONFIG);
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) remote = g_file_new_for_uri ("https://example.org/x.mobileconfig");
  g_autofree char *contents = NULL;
  SaveResult r = { 0 };
  GStatBuf st;

  g_assert_cmpstr (name, ==, ADDRESS ".mobileconfig");
  g_assert_cmpstr (xml_name, ==, "config-v1.1.xml");

  /* An existing, world-readable file ends up private. */
  g_file_set_contents (path, "old", -1, NULL);
  g_chmod (path, 0644);
  save (s, MS_EXPORT_KIND_MOBILECONFIG, file, &r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_cmpstr (r.warning, ==, ms_export_password_warning ());
  g_clear_pointer (&r.warning, g_free);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_file_get_contents (path, &contents, NULL, NULL);
  g_assert_nonnull (strstr (contents, "com.apple.mail.managed"));
  g_clear_pointer (&contents, g_free);

  g_clear_pointer (&path, g_free);
  path = g_build_filename (tmpdir, "config-v1.1.xml", NULL);
  g_clear_object (&file);
  file = g_file_new_for_path (path);
  save (s, MS_EXPORT_KIND_AUTOCONFIG, file, &r);
  g_assert_no_error (r.error);
  g_assert_null (r.warning);
  g_file_get_contents (path, &contents, NULL, NULL);
  g_assert_nonnull (strstr (contents, "<clientConfig"));

  save (s, MS_EXPORT_KIND_CARD, remote, &r);
  g_assert_error (r.error, MS_EXPORT_ERROR, MS_EXPORT_ERROR_WRITE);
  g_assert_false (r.ok);
  g_clear_error (&r.error);
}

int
main (int argc, char **argv)
{
  const char *localedir = g_getenv ("MAIL_SETUP_LOCALEDIR");
  g_autoptr(GError) error = NULL;
  int ret;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("mail-setup-exports-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/exports/settings", test_settings);
  g_test_add_func ("/exports/mobileconfig", test_mobileconfig);
  g_test_add_func ("/exports/mobileconfig-password", test_mobileconfig_password);
  g_test_add_func ("/exports/mobileconfig-escaping", test_mobileconfig_escaping);
  g_test_add_func ("/exports/autoconfig", test_autoconfig);
  g_test_add_func ("/exports/autoconfig-manual", test_autoconfig_manual);
  g_test_add_func ("/exports/card", test_card);
  g_test_add_func ("/exports/save", test_save);
  ret = g_test_run ();

  /* Leave nothing behind, not even a profile with a test password. */
  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *entry;

    while (dir && (entry = g_dir_read_name (dir)))
      {
        g_autofree char *path = g_build_filename (tmpdir, entry, NULL);
        g_unlink (path);
      }
    g_rmdir (tmpdir);
  }
  g_free (tmpdir);
  return ret;
}
