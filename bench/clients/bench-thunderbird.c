/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Time to write the account into Thunderbird, password (NSS) and
 * certificate exception included: on a fresh machine, into an existing
 * profile, and into a profile that already has 50 accounts, first run and
 * re-run.  Target: under 100 ms each. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "ms-tb-test-util.h"
#include "ms-thunderbird-nss.h"

#define RUNS 15
#define TARGET_MS 100.0

static char *
many_accounts (guint n)
{
  GString *s = g_string_new ("// Mozilla User Preferences\n\n");
  GString *accounts = g_string_new (NULL);
  GString *smtps = g_string_new (NULL);

  for (guint i = 1; i <= n; i++)
    {
      g_string_append_printf (s,
        "user_pref(\"mail.account.account%u.identities\", \"id%u\");\n"
        "user_pref(\"mail.account.account%u.server\", \"server%u\");\n"
        "user_pref(\"mail.identity.id%u.fullName\", \"User %u Ünïcødé\");\n"
        "user_pref(\"mail.identity.id%u.smtpServer\", \"smtp%u\");\n"
        "user_pref(\"mail.identity.id%u.useremail\", \"user%u@example.org\");\n"
        "user_pref(\"mail.identity.id%u.valid\", true);\n"
        "user_pref(\"mail.server.server%u.hostname\", \"imap%u.example.org\");\n"
        "user_pref(\"mail.server.server%u.port\", 993);\n"
        "user_pref(\"mail.server.server%u.socketType\", 3);\n"
        "user_pref(\"mail.server.server%u.type\", \"imap\");\n"
        "user_pref(\"mail.server.server%u.userName\", \"user%u@example.org\");\n"
        "user_pref(\"mail.smtpserver.smtp%u.hostname\", \"smtp%u.example.org\");\n"
        "user_pref(\"mail.smtpserver.smtp%u.username\", \"user%u@example.org\");\n",
        i, i, i, i, i, i, i, i, i, i, i, i, i, i, i, i, i, i, i, i, i, i);
      g_string_append_printf (accounts, "%saccount%u", i > 1 ? "," : "", i);
      g_string_append_printf (smtps, "%ssmtp%u", i > 1 ? "," : "", i);
    }
  g_string_append_printf (s, "user_pref(\"mail.accountmanager.accounts\", \"%s\");\n", accounts->str);
  g_string_append (s, "user_pref(\"mail.accountmanager.defaultaccount\", \"account1\");\n");
  g_string_append_printf (s, "user_pref(\"mail.smtpservers\", \"%s\");\n", smtps->str);
  for (guint i = 0; i < 400; i++)  /* the other prefs a used profile has */
    g_string_append_printf (s, "user_pref(\"app.some.setting%u\", \"value %u with \\\"quotes\\\"\");\n", i, i);
  g_string_free (accounts, TRUE);
  g_string_free (smtps, TRUE);
  return g_string_free (s, FALSE);
}

static void
make_profile (const char *home, const char *prefs_js)
{
  g_autofree char *root = g_build_filename (home, ".thunderbird", NULL);
  g_autofree char *dir = g_build_filename (root, "bench.default", NULL);
  g_autofree char *ini = g_build_filename (root, "profiles.ini", NULL);
  g_autofree char *prefs = g_build_filename (dir, "prefs.js", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (ini, "[Profile0]\nName=bench\nIsRelative=1\nPath=bench.default\nDefault=1\n",
                                      -1, NULL));
  g_assert_true (g_file_set_contents (prefs, prefs_js, -1, NULL));
}

static double
timed_write (MsAccount *account, MsPinStore *pins)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(MsClientReport) report = ms_tb_test_write (account, pins, NULL, &error);
  double ms = (g_get_monotonic_time () - start) / 1000.0;

  g_assert_no_error (error);
  g_assert_true (report->password_stored);
  return ms;
}

static int
compare (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static gboolean
report_line (const char *what, double *ms, guint n)
{
  qsort (ms, n, sizeof *ms, compare);
  printf ("%-44s median %7.2f ms   max %7.2f ms   (%u runs)%s\n", what, ms[n / 2], ms[n - 1], n,
          ms[n / 2] < TARGET_MS ? "" : "   OVER TARGET");
  return ms[n / 2] < TARGET_MS;
}

int
main (int argc, char **argv)
{
  g_autoptr(MsAccount) account = ms_tb_test_account ("alice@example.test", "mail.example.test");
  g_autoptr(MsPinStore) pins = ms_pin_store_new_memory ();
  g_autofree char *big = many_accounts (50);
  double fresh[RUNS], first[RUNS], rerun[RUNS], first50[RUNS], rerun50[RUNS];
  gboolean ok = TRUE;

  g_assert_true (ms_pin_store_add_fingerprint (pins, "mail.example.test", 993,
    "E3:C8:1B:B2:B5:84:92:75:EC:98:93:24:B6:D2:47:4A:AE:54:CB:A2:13:00:D3:DF:16:95:21:1F:52:EC:36:6B", NULL));
  for (guint i = 0; i < RUNS; i++)
    {
      g_autofree char *home = ms_tb_test_home_new ();

      /* No profile at all: profile, key4.db and every file are created. */
      fresh[i] = timed_write (account, pins);
      g_free (ms_tb_test_home_new ());

      make_profile (home, "// Mozilla User Preferences\n\nuser_pref(\"mail.ui-rdf.version\", 61);\n");
      first[i] = timed_write (account, pins);
      rerun[i] = timed_write (account, pins);
      g_free (ms_tb_test_home_new ());

      make_profile (home, big);
      first50[i] = timed_write (account, pins);
      rerun50[i] = timed_write (account, pins);
      ms_tb_test_home_free (g_strdup (home));
    }

  printf ("Thunderbird writer (prefs.js, cert_override.txt, logins.json via NSS from %s)\n", ms_tb_nss_origin ());
  ok &= report_line ("fresh machine (creates the profile)", fresh, RUNS);
  ok &= report_line ("existing profile, new account", first, RUNS);
  ok &= report_line ("existing profile, re-run (update)", rerun, RUNS);
  ok &= report_line ("50 accounts + 400 prefs, new account", first50, RUNS);
  ok &= report_line ("50 accounts + 400 prefs, re-run (update)", rerun50, RUNS);
  printf ("target: median under %.0f ms: %s\n", TARGET_MS, ok ? "met" : "NOT met");
  ms_tb_test_home_cleanup ();
  return 0;
}
