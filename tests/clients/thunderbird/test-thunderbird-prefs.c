/* SPDX-License-Identifier: GPL-3.0-or-later */
/* prefs.js reader and writer, and the account merge, without any disk. */
#include "config.h"

#include <string.h>

#include "ms-tb-test-util.h"

/* Every form libpref accepts, including ones Thunderbird never writes. */
static const char unusual[] =
  "\xef\xbb\xbf// Mozilla User Preferences\n"
  "\n"
  "/* a C comment\n   over two lines */\n"
  "# a Python comment\r\n"
  "user_pref(\"a.quote\", \"Alice \\\"Work\\\" \\\\ Ünïcødé\");\n"
  "user_pref('single', 'it\\'s \"fine\"');\r\n"
  "user_pref(\"escapes\", \"tab\\x41\\u00e9\\ud83d\\ude00 line\\nbreak\\r\");\n"
  "user_pref(\"raw.unicode\", \"日本語 😀\");\n"
  "user_pref(\"neg\", -2147483648); user_pref(\"pos\", +42);\n"
  "user_pref(\"flag\",true);user_pref(\"off\" , false );\n"
  "user_pref(\n  \"multi.line\",\n  \"value\"\n);\n"
  "sticky_pref(\"sticky\", 1, sticky);\n"
  "user_pref(\"dup\", 1);\n"
  "user_pref(\"dup\", 2); // trailing comment\n"
  "user_pref(\"last\", \"no newline at the end\");";

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTbPrefs) prefs = ms_tb_prefs_parse (unusual, strlen (unusual), &error);
  g_autofree char *out = NULL;
  gsize len = 0;
  gint32 n = 0;
  gboolean b = TRUE;

  g_assert_no_error (error);
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "a.quote"), ==, "Alice \"Work\" \\ Ünïcødé");
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "single"), ==, "it's \"fine\"");
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "escapes"), ==, "tabAé😀 line\nbreak\r");
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "raw.unicode"), ==, "日本語 😀");
  g_assert_true (ms_tb_prefs_get_int (prefs, "neg", &n));
  g_assert_cmpint (n, ==, G_MININT32);
  g_assert_true (ms_tb_prefs_get_int (prefs, "pos", &n));
  g_assert_cmpint (n, ==, 42);
  g_assert_true (ms_tb_prefs_get_bool (prefs, "flag", &b) && b);
  g_assert_true (ms_tb_prefs_get_bool (prefs, "off", &b) && !b);
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "multi.line"), ==, "value");
  g_assert_true (ms_tb_prefs_get_int (prefs, "dup", &n));
  g_assert_cmpint (n, ==, 2);  /* the last one wins, as in libpref */

  out = ms_tb_prefs_serialize (prefs, &len);
  g_assert_cmpmem (out, len, unusual, strlen (unusual));
}

static void
test_edit_in_place (void)
{
  g_autoptr(MsTbPrefs) prefs = ms_tb_prefs_parse (unusual, strlen (unusual), NULL);
  g_autofree char *out = NULL;
  g_autoptr(MsTbPrefs) again = NULL;
  gint32 n = 0;

  ms_tb_prefs_set_string (prefs, "raw.unicode", "changed \"é\"\n");
  ms_tb_prefs_set_int (prefs, "pos", 42);          /* same value: untouched */
  ms_tb_prefs_remove (prefs, "flag");
  ms_tb_prefs_remove (prefs, "dup");
  ms_tb_prefs_set_string (prefs, "new.one", "tab\there \\ \x01");
  out = ms_tb_prefs_serialize (prefs, NULL);

  g_assert_nonnull (strstr (out, "user_pref(\"raw.unicode\", \"changed \\\"é\\\"\\n\");\n"));
  g_assert_nonnull (strstr (out, "user_pref(\"neg\", -2147483648); user_pref(\"pos\", +42);\n"));
  g_assert_nonnull (strstr (out, "user_pref(\"off\" , false );\n"));
  g_assert_null (strstr (out, "\"flag\""));
  g_assert_null (strstr (out, "\"dup\""));
  g_assert_nonnull (strstr (out, " // trailing comment\n"));
  g_assert_true (g_str_has_suffix (out, "user_pref(\"last\", \"no newline at the end\");\n"
                                        "user_pref(\"new.one\", \"tab\\u0009here \\\\ \\u0001\");\n"));
  g_assert_true (g_str_has_prefix (out, "\xef\xbb\xbf// Mozilla User Preferences\n\n/* a C comment\n"));

  again = ms_tb_prefs_parse (out, strlen (out), NULL);
  g_assert_nonnull (again);
  g_assert_cmpstr (ms_tb_prefs_get_string (again, "new.one"), ==, "tab\there \\ \x01");
  g_assert_cmpstr (ms_tb_prefs_get_string (again, "raw.unicode"), ==, "changed \"é\"\n");
  g_assert_false (ms_tb_prefs_get_int (again, "dup", &n));
}

static void
test_quote (void)
{
  const char *samples[] = { "", "plain", "\"\\\"", "a\nb\r\nc", "\x1f\x7f", "Ünïcødé 😀", "'single'" };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *quoted = ms_tb_js_quote (samples[i]);
      g_autoptr(GError) error = NULL;
      gsize used = 0;
      g_autofree char *back = ms_tb_js_unquote (quoted, strlen (quoted), &used, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (back, ==, samples[i]);
      g_assert_cmpuint (used, ==, strlen (quoted));
      g_assert_null (strchr (quoted, '\n'));
    }
}

static void
test_corrupt (void)
{
  const struct { const char *text; guint line; } cases[] = {
    { "user_pref(\"a\", 1)\n", 1 },                         /* no ; */
    { "// ok\nuser_pref(\"a\", 1);\nfoo(\"b\", 2);\n", 3 },  /* unknown function */
    { "user_pref(\"a\", \"bad \\q escape\");", 1 },
    { "user_pref(\"a\", \"unterminated);\n", 1 },
    { "user_pref(\"a\", 1);\n/* open comment", 2 },
    { "user_pref(\"a\", 2147483648);", 1 },
    { "user_pref(\"a\", 12abc);", 1 },
    { "user_pref(\"a\", \"\\ud800 lone\");", 1 },
    { "user_pref(\"a\", \"\\x00\");", 1 },
    { "user_pref(\"a\", 1", 1 },
    { "user_pref(\"a\", yes);", 1 },
    { "user_pref(\"a\", 1);\nuser_pref(\"b\", \"nul\0\");", 2 },
    { "user_pref(\"a\", 1); garbage", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *where = g_strdup_printf ("line %u", cases[i].line);
      gsize len = strlen (cases[i].text);
      g_autoptr(MsTbPrefs) prefs = NULL;

      if (i == 11)
        len = strlen (cases[i].text) + 4;  /* past the NUL */
      prefs = ms_tb_prefs_parse (cases[i].text, len, &error);
      g_assert_null (prefs);
      g_assert_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE);
      if (strstr (error->message, where) == NULL)
        g_error ("case %u: “%s” does not name %s", i, error->message, where);
    }
}

/* The reference's two accounts plus the Local Folders Thunderbird adds. */
static const char existing[] =
  "// Mozilla User Preferences\n"
  "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
  "user_pref(\"mail.account.account1.server\", \"server1\");\n"
  "user_pref(\"mail.account.account2.identities\", \"id2\");\n"
  "user_pref(\"mail.account.account2.server\", \"server2\");\n"
  "user_pref(\"mail.account.account3.server\", \"server3\");\n"
  "user_pref(\"mail.account.lastKey\", 3);\n"
  "user_pref(\"mail.accountmanager.accounts\", \"account1,account2,account3\");\n"
  "user_pref(\"mail.accountmanager.defaultaccount\", \"account1\");\n"
  "user_pref(\"mail.accountmanager.localfoldersserver\", \"server3\");\n"
  "user_pref(\"mail.identity.id1.fullName\", \"Bob \\\"B\\\" Ünïcødé\");\n"
  "user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n"
  "user_pref(\"mail.identity.id1.useremail\", \"bob@example.com\");\n"
  "user_pref(\"mail.identity.id1.valid\", true);\n"
  "user_pref(\"mail.identity.id2.smtpServer\", \"smtp2\");\n"
  "user_pref(\"mail.identity.id2.useremail\", \"carol@example.org\");\n"
  "user_pref(\"mail.server.server1.hostname\", \"imap.example.com\");\n"
  "user_pref(\"mail.server.server1.type\", \"imap\");\n"
  "user_pref(\"mail.server.server1.userName\", \"bob@example.com\");\n"
  "user_pref(\"mail.server.server2.hostname\", \"pop.example.org\");\n"
  "user_pref(\"mail.server.server2.type\", \"pop3\");\n"
  "user_pref(\"mail.server.server3.hostname\", \"Local Folders\");\n"
  "user_pref(\"mail.server.server3.type\", \"none\");\n"
  "user_pref(\"mail.smtp.defaultserver\", \"smtp1\");\n"
  "user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.example.com\");\n"
  "user_pref(\"mail.smtpserver.smtp1.username\", \"bob@example.com\");\n"
  "user_pref(\"mail.smtpserver.smtp2.hostname\", \"smtp.example.org\");\n"
  "user_pref(\"mail.smtpservers\", \"smtp1,smtp2\");\n"
  "user_pref(\"mail.ui-rdf.version\", 61);\n";

static char *
merge (const char *text, MsAccount *account, MsTbAccountKeys *keys)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTbPrefs) prefs = ms_tb_prefs_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_true (ms_tb_apply_account (prefs, account, keys, &error));
  g_assert_no_error (error);
  return ms_tb_prefs_serialize (prefs, NULL);
}

static void
test_merge_next_to_existing (void)
{
  g_autoptr(MsAccount) account = ms_tb_test_account ("alice@example.test", "mail.example.test");
  MsTbAccountKeys keys = { 0 }, again_keys = { 0 };
  g_autofree char *out = merge (existing, account, &keys);
  g_autofree char *again = NULL;
  g_auto(GStrv) lines = g_strsplit (existing, "\n", -1);
  g_autoptr(MsTbPrefs) prefs = ms_tb_prefs_parse (out, strlen (out), NULL);
  gint32 n = 0;

  g_assert_cmpstr (keys.account, ==, "account4");
  g_assert_cmpstr (keys.server, ==, "server4");
  g_assert_cmpstr (keys.identity, ==, "id3");
  g_assert_cmpstr (keys.smtp, ==, "smtp3");
  g_assert_false (keys.updated);
  g_assert_false (keys.is_default);

  /* Every line stays, byte for byte, except the lists that grow. */
  for (guint i = 0; lines[i]; i++)
    if (!strstr (lines[i], "\"mail.accountmanager.accounts\"") && !strstr (lines[i], "\"mail.smtpservers\"")
        && !strstr (lines[i], "\"mail.account.lastKey\""))
      g_assert_nonnull (strstr (out, lines[i]));
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.accountmanager.accounts"), ==,
                   "account1,account2,account3,account4");
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.accountmanager.defaultaccount"), ==, "account1");
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.smtpservers"), ==, "smtp1,smtp2,smtp3");
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.smtp.defaultserver"), ==, "smtp1");
  g_assert_true (ms_tb_prefs_get_int (prefs, "mail.account.lastKey", &n));
  g_assert_cmpint (n, ==, 4);

  /* Exactly the keys and values Thunderbird reads. */
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.account.account4.server"), ==, "server4");
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.account.account4.identities"), ==, "id3");
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.server.server4.type"), ==, "imap");
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.server.server4.hostname"), ==, "mail.example.test");
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.server.server4.userName"), ==, "alice@example.test");
  g_assert_true (ms_tb_prefs_get_int (prefs, "mail.server.server4.port", &n) && n == 993);
  g_assert_true (ms_tb_prefs_get_int (prefs, "mail.server.server4.socketType", &n) && n == 3);
  g_assert_true (ms_tb_prefs_get_int (prefs, "mail.server.server4.authMethod", &n) && n == 3);
  g_assert_nonnull (strstr (out, "user_pref(\"mail.server.server4.login_at_startup\", true);\n"));
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.identity.id3.fullName"), ==, "Alice \"Al\" Ëxample");
  g_assert_nonnull (strstr (out, "user_pref(\"mail.identity.id3.fullName\", \"Alice \\\"Al\\\" Ëxample\");\n"));
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.identity.id3.useremail"), ==, "alice@example.test");
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.identity.id3.reply_to"), ==, "replies@example.test");
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.identity.id3.organization"), ==, "Example & Co");
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.identity.id3.htmlSigText"), ==, "-- \nAlice\nphone: +33 1 23");
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.identity.id3.smtpServer"), ==, "smtp3");
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.identity.id3.fcc_folder"), ==,
                   "imap://alice%40example.test@mail.example.test/Sent");
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.smtpserver.smtp3.type"), ==, "smtp");
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.smtpserver.smtp3.hostname"), ==, "mail.example.test");
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.smtpserver.smtp3.username"), ==, "alice@example.test");
  g_assert_true (ms_tb_prefs_get_int (prefs, "mail.smtpserver.smtp3.port", &n) && n == 465);
  g_assert_true (ms_tb_prefs_get_int (prefs, "mail.smtpserver.smtp3.try_ssl", &n) && n == 3);
  g_assert_null (strstr (out, MS_TB_TEST_PASSWORD));
  g_assert_null (strstr (out, "battery"));

  /* Idempotence: the second run finds the account and changes nothing. */
  again = merge (out, account, &again_keys);
  g_assert_true (again_keys.updated);
  g_assert_cmpstr (again_keys.account, ==, "account4");
  g_assert_cmpstr (again, ==, out);
  ms_tb_account_keys_clear (&keys);
  ms_tb_account_keys_clear (&again_keys);
}

static void
test_first_account_is_default (void)
{
  g_autoptr(MsAccount) account = ms_tb_test_account ("alice@example.test", "mail.example.test");
  MsTbAccountKeys keys = { 0 };
  const char *only_local = "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
                           "user_pref(\"mail.accountmanager.defaultaccount\", \"account1\");\n"
                           "user_pref(\"mail.account.account1.server\", \"server1\");\n"
                           "user_pref(\"mail.server.server1.type\", \"none\");\n";
  g_autofree char *fresh = merge ("", account, &keys);
  g_autofree char *local = NULL;

  g_assert_true (keys.is_default);
  g_assert_cmpstr (keys.account, ==, "account1");
  g_assert_nonnull (strstr (fresh, "user_pref(\"mail.accountmanager.defaultaccount\", \"account1\");"));
  g_assert_nonnull (strstr (fresh, "user_pref(\"mail.smtp.defaultserver\", \"smtp1\");"));
  ms_tb_account_keys_clear (&keys);

  /* Local Folders alone is no default: Thunderbird never picks it. */
  local = merge (only_local, account, &keys);
  g_assert_true (keys.is_default);
  g_assert_cmpstr (keys.account, ==, "account2");
  g_assert_nonnull (strstr (local, "user_pref(\"mail.accountmanager.defaultaccount\", \"account2\");"));
  ms_tb_account_keys_clear (&keys);
}

static void
test_update_in_place (void)
{
  g_autoptr(MsAccount) account = ms_tb_test_account ("alice@example.test", "mail.example.test");
  MsTbAccountKeys keys = { 0 };
  g_autofree char *first = merge (existing, account, &keys);
  g_autofree char *second = NULL;
  g_autoptr(MsTbPrefs) prefs = NULL;
  g_autofree char *with_dir = NULL;

  ms_tb_account_keys_clear (&keys);
  with_dir = g_strconcat (first, "user_pref(\"mail.server.server4.directory-rel\", \"[ProfD]ImapMail/mail.example.test\");\n",
                          NULL);
  /* The user moves to POP3 on another host and clears the organization. */
  ms_account_select_incoming (account, MS_PROTOCOL_POP3);
  ms_server_set_hostname (ms_account_get_incoming (account), "pop.example.test");
  ms_server_set_port (ms_account_get_incoming (account), 995);
  g_object_set (account, "organization", "", "address", "ALICE@example.test", NULL);
  ms_server_set_username (ms_account_get_incoming (account), "alice@example.test");
  second = merge (with_dir, account, &keys);
  prefs = ms_tb_prefs_parse (second, strlen (second), NULL);

  g_assert_true (keys.updated);
  g_assert_cmpstr (keys.account, ==, "account4");
  g_assert_cmpstr (keys.smtp, ==, "smtp3");
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.accountmanager.accounts"), ==,
                   "account1,account2,account3,account4");
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.server.server4.type"), ==, "pop3");
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.server.server4.hostname"), ==, "pop.example.test");
  g_assert_false (ms_tb_prefs_has (prefs, "mail.server.server4.directory-rel"));
  g_assert_false (ms_tb_prefs_has (prefs, "mail.identity.id3.organization"));
  g_assert_nonnull (strstr (second, "user_pref(\"mail.server.server4.leave_on_server\", true);"));
  g_assert_cmpstr (ms_tb_prefs_get_string (prefs, "mail.identity.id3.fcc_folder"), ==,
                   "mailbox://alice%40example.test@pop.example.test/Sent");
  g_assert_null (strstr (second, "server5"));
  g_assert_null (strstr (second, "smtp4"));
  g_assert_null (strstr (second, "account5"));
  ms_tb_account_keys_clear (&keys);
}

static void
test_reuses_identical_smtp (void)
{
  g_autoptr(MsAccount) account = ms_tb_test_account ("bob@example.com", "imap.example.com");
  MsTbAccountKeys keys = { 0 };
  g_autofree char *out = NULL;
  const char *text = "user_pref(\"mail.smtpservers\", \"smtp7\");\n"
                     "user_pref(\"mail.smtpserver.smtp7.hostname\", \"SMTP.example.com\");\n"
                     "user_pref(\"mail.smtpserver.smtp7.username\", \"bob@example.com\");\n";

  ms_server_set_hostname (ms_account_get_outgoing (account), "smtp.example.com");
  out = merge (text, account, &keys);
  g_assert_cmpstr (keys.smtp, ==, "smtp7");
  g_assert_nonnull (strstr (out, "user_pref(\"mail.smtpservers\", \"smtp7\");"));
  ms_tb_account_keys_clear (&keys);
}

static void
test_login_origins (void)
{
  g_autoptr(MsAccount) account = ms_tb_test_account ("alice@example.test", "mail.example.test");
  g_autofree char *imap = ms_tb_login_origin (ms_account_get_incoming (account));
  g_autofree char *smtp = ms_tb_login_origin (ms_account_get_outgoing (account));
  g_autofree char *pop = NULL;
  g_autofree char *v6 = NULL;

  g_assert_cmpstr (imap, ==, "imap://mail.example.test");
  g_assert_cmpstr (smtp, ==, "smtp://mail.example.test");
  ms_account_select_incoming (account, MS_PROTOCOL_POP3);
  pop = ms_tb_login_origin (ms_account_get_incoming (account));
  g_assert_cmpstr (pop, ==, "mailbox://mail.example.test");
  ms_server_set_hostname (ms_account_get_incoming (account), "::1");
  v6 = ms_tb_login_origin (ms_account_get_incoming (account));
  g_assert_cmpstr (v6, ==, "mailbox://%5B%3A%3A1%5D");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/thunderbird/prefs/round-trip", test_round_trip);
  g_test_add_func ("/thunderbird/prefs/edit-in-place", test_edit_in_place);
  g_test_add_func ("/thunderbird/prefs/quote", test_quote);
  g_test_add_func ("/thunderbird/prefs/corrupt", test_corrupt);
  g_test_add_func ("/thunderbird/account/merge-next-to-existing", test_merge_next_to_existing);
  g_test_add_func ("/thunderbird/account/first-is-default", test_first_account_is_default);
  g_test_add_func ("/thunderbird/account/update-in-place", test_update_in_place);
  g_test_add_func ("/thunderbird/account/reuses-identical-smtp", test_reuses_identical_smtp);
  g_test_add_func ("/thunderbird/account/login-origins", test_login_origins);
  return g_test_run ();
}
