/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Check and repair of existing accounts, without servers: a Thunderbird
 * profile with 50 accounts and 20 Evolution accounts, every one broken.
 * Prints the time to read and judge them all, the longest wait of the
 * main loop while the session does it, and the time to repair one
 * account in place among them.  Figures, not a pass/fail test. */
#include "config.h"

#include <glib/gstdio.h>

#include "core/ms-provider-store.h"
#include "session/ms-setup-session.h"

#define N_TB 50
#define N_EVO 20
#define RUNS 7

static void
write_file (const char *path, const char *text)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_mkdir_with_parents (dir, 0700);
  if (!g_file_set_contents (path, text, -1, NULL))
    g_error ("cannot write %s", path);
}

static void
make_accounts (void)
{
  g_autofree char *ini = g_build_filename (g_get_home_dir (), ".thunderbird", "profiles.ini", NULL);
  g_autofree char *prefs_path = g_build_filename (g_get_home_dir (), ".thunderbird", "b.default", "prefs.js", NULL);
  g_autofree char *sources = g_build_filename (g_get_user_config_dir (), "evolution", "sources", NULL);
  g_autoptr(GString) prefs = g_string_new (NULL);
  g_autoptr(GString) list = g_string_new (NULL);

  write_file (ini, "[Profile0]\nName=default\nIsRelative=1\nPath=b.default\nDefault=1\n");
  for (guint i = 1; i <= N_TB; i++)
    {
      g_string_append_printf (list, "%saccount%u", i > 1 ? "," : "", i);
      g_string_append_printf (prefs,
        "user_pref(\"mail.account.account%u.server\", \"server%u\");\n"
        "user_pref(\"mail.account.account%u.identities\", \"id%u\");\n"
        "user_pref(\"mail.server.server%u.type\", \"imap\");\n"
        "user_pref(\"mail.server.server%u.hostname\", \"mail.3xo.fr\");\n"
        "user_pref(\"mail.server.server%u.port\", 993);\n"
        "user_pref(\"mail.server.server%u.socketType\", 3);\n"
        "user_pref(\"mail.server.server%u.userName\", \"user%u\");\n"
        "user_pref(\"mail.identity.id%u.useremail\", \"user%u@example.org\");\n"
        "user_pref(\"mail.identity.id%u.smtpServer\", \"smtp%u\");\n"
        "user_pref(\"mail.smtpserver.smtp%u.hostname\", \"mail.3xo.fr\");\n"
        "user_pref(\"mail.smtpserver.smtp%u.port\", 25);\n"
        "user_pref(\"mail.smtpserver.smtp%u.try_ssl\", 2);\n",
        i, i, i, i, i, i, i, i, i, i, i, i, i, i, i, i, i);
    }
  g_string_append_printf (prefs, "user_pref(\"mail.accountmanager.accounts\", \"%s\");\n", list->str);
  write_file (prefs_path, prefs->str);
  for (guint i = 1; i <= N_EVO; i++)
    {
      g_autofree char *acc = g_strdup_printf ("%s/acc%u.source", sources, i);
      g_autofree char *id = g_strdup_printf ("%s/id%u.source", sources, i);
      g_autofree char *tr = g_strdup_printf ("%s/tr%u.source", sources, i);
      g_autofree char *acc_text = g_strdup_printf (
        "[Data Source]\nParent=\n[Mail Account]\nBackendName=imapx\nIdentityUid=id%u\n[Authentication]\n"
        "Host=mail.3xo.fr\nPort=993\nUser=evo%u\n[Security]\nMethod=starttls-on-standard-port\n", i, i);
      g_autofree char *id_text = g_strdup_printf (
        "[Data Source]\nParent=acc%u\n[Mail Identity]\nAddress=evo%u@example.org\n[Mail Submission]\n"
        "TransportUid=tr%u\n", i, i, i);
      g_autofree char *tr_text = g_strdup_printf (
        "[Data Source]\nParent=acc%u\n[Mail Transport]\nBackendName=smtp\n[Authentication]\nHost=mail.3xo.fr\n"
        "Port=25\nUser=evo%u\n[Security]\nMethod=starttls-on-standard-port\n", i, i);

      write_file (acc, acc_text);
      write_file (id, id_text);
      write_file (tr, tr_text);
    }
}

static int
compare (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values)
{
  qsort (values, RUNS, sizeof (double), (int (*) (const void *, const void *)) compare);
  return values[RUNS / 2];
}

typedef struct {
  GAsyncResult *result;
  gint64 last;
  gint64 longest;
} Wait;

static gboolean
tick (gpointer data)
{
  Wait *w = data;
  gint64 now = g_get_monotonic_time ();

  if (w->last && now - w->last > w->longest)
    w->longest = now - w->last;
  w->last = now;
  return G_SOURCE_CONTINUE;
}

static void
done (GObject *source, GAsyncResult *result, gpointer data)
{
  ((Wait *) data)->result = g_object_ref (result);
}

int
main (int argc, char **argv)
{
  g_autofree char *root = g_dir_make_tmp ("ms-bench-diagnose-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (root, "config", NULL);
  g_autoptr(MsSetupSession) session = NULL;
  double read_ms[RUNS], session_ms[RUNS], repair_ms[RUNS];
  gint64 longest = 0;
  guint accounts = 0, problems = 0;

  g_setenv ("HOME", root, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  make_accounts ();
  {
    g_autoptr(MsProviderStore) store = ms_provider_store_new ();
    g_autoptr(MsAccount) account = NULL;
    g_autoptr(MsPinStore) pins = ms_pin_store_new_memory ();

    ms_provider_store_load_sync (store, NULL);
    account = ms_account_new (ms_provider_store_lookup (store, "3xo"));
    session = ms_setup_session_new (account, pins);
    ms_setup_session_set_offline (session, TRUE);
  }
  for (guint r = 0; r < RUNS; r++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) all = ms_existing_find_all (NULL);

      for (guint i = 0; i < all->len; i++)
        {
          MsExistingAccount *e = all->pdata[i];
          g_autoptr(GPtrArray) found = ms_diagnose_settings (e->address, e->incoming, e->outgoing);

          problems += found->len;
        }
      read_ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      accounts = all->len;
    }
  for (guint r = 0; r < RUNS; r++)
    {
      Wait w = { NULL, 0, 0 };
      guint source = g_timeout_add (1, tick, &w);
      gint64 start = g_get_monotonic_time ();
      g_autoptr(MsDiagnosisReport) report = NULL;
      g_autoptr(GPtrArray) outcomes = NULL;
      g_autoptr(GAsyncResult) repaired = NULL;
      MsDiagnosis *one;

      ms_setup_session_diagnose_async (session, NULL, NULL, done, &w);
      while (w.result == NULL)
        g_main_context_iteration (NULL, TRUE);
      session_ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      g_source_remove (source);
      longest = MAX (longest, w.longest);
      report = ms_setup_session_diagnose_finish (session, w.result, NULL);
      g_clear_object (&w.result);
      /* One account repaired among them all: the rest stays as it was. */
      one = g_ptr_array_steal_index (report->diagnoses, r);
      g_ptr_array_set_size (report->diagnoses, 0);
      g_ptr_array_add (report->diagnoses, one);
      start = g_get_monotonic_time ();
      ms_setup_session_repair_async (session, report, FALSE, NULL, done, &w);
      while (w.result == NULL)
        g_main_context_iteration (NULL, TRUE);
      repair_ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      outcomes = ms_setup_session_repair_finish (session, w.result, NULL);
      g_clear_object (&w.result);
      if (outcomes->len != 1 || ((MsRepairOutcome *) outcomes->pdata[0])->error)
        g_error ("the repair failed");
    }
  g_print ("accounts read and judged: %u (%u Thunderbird, %u Evolution), %u problems\n", accounts, N_TB, N_EVO,
           problems / RUNS);
  g_print ("read and judge all, blocking: median %.1f ms\n", median (read_ms));
  g_print ("session diagnose (offline), main loop: median %.1f ms, longest main-loop wait %.1f ms\n",
           median (session_ms), longest / 1000.0);
  g_print ("repair one account in place among them: median %.1f ms\n", median (repair_ms));
  {
    const char *rm[] = { "rm", "-rf", root, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  return 0;
}
