/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The certificates view's engine against the real servers of
 * tests/servers (run-with-servers.sh): exceptions for the original
 * certificate in two Thunderbird profiles, Evolution's store and our pin
 * store, compared with what each server presents now (renewed on
 * 127.0.0.5, wrong name on .2, expired on .3, nothing listening on one
 * port), then renewed, refused and removed as the rules say. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "evolution/ms-evolution-private.h"
#include "ms-cert-test-util.h"
#include "ms-cert-authority.h"
#include "ms-cert-render.h"
#include "ms-file-set.h"
#include "thunderbird/ms-thunderbird-private.h"

#define RENEWED_HOST "127.0.0.5"

typedef struct {
  MsCertTestHome *home;
  char *profile;        /* "default" */
  char *work;           /* "work" */
  MsProvider *provider;
  GBytes *good, *renewed, *wrongname, *expired;
  guint base;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(MsPinStore) pins = NULL;
  g_autoptr(GError) error = NULL;
  GString *text = g_string_new ("# PSM Certificate Override Settings file\n# This is a generated file!  Do not edit.\n");
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL, *u = NULL, *o = NULL;

  f->base = ms_cert_test_base ();
  f->home = ms_cert_test_home_new ();
  f->profile = ms_cert_test_add_profile (f->home, "default", TRUE);
  f->work = ms_cert_test_add_profile (f->home, "work", FALSE);
  f->provider = ms_cert_test_provider (NULL);
  f->good = ms_cert_test_server_der ("good");
  f->renewed = ms_cert_test_server_der ("renewed");
  f->wrongname = ms_cert_test_server_der ("wrongname");
  f->expired = ms_cert_test_server_der ("expired");

  /* What the user accepted before the renewal, and more. */
  g_string_append (text, a = ms_cert_test_override_line (RENEWED_HOST, f->base + 2, f->good));
  g_string_append (text, b = ms_cert_test_override_line (RENEWED_HOST, f->base + 7, f->good));
  g_string_append (text, c = ms_cert_test_override_line ("127.0.0.1", f->base + 2, f->good));
  g_string_append (text, d = ms_cert_test_override_line ("127.0.0.2", f->base + 2, f->good));
  g_string_append (text, e = ms_cert_test_override_line ("127.0.0.3", f->base + 2, f->expired));
  g_string_append (text, u = ms_cert_test_override_line ("127.0.0.1", f->base + 40, f->good));
  g_string_append (text, o = ms_cert_test_override_line ("other.example", 993, f->good));
  ms_cert_test_write (f->profile, "cert_override.txt", text->str);
  g_string_free (text, TRUE);
  ms_cert_test_write (f->work, "cert_override.txt", a);

  ms_cert_test_write_camel (f->home, 3, RENEWED_HOST, f->good, "other.example", f->good, NULL);
  pins = ms_pin_store_new (f->home->pin_path);
  g_assert_true (ms_pin_store_add (pins, RENEWED_HOST, f->base + 2, f->good, &error));
  g_assert_no_error (error);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  ms_cert_test_home_free (f->home);
  g_free (f->profile);
  g_free (f->work);
  g_object_unref (f->provider);
  g_bytes_unref (f->good);
  g_bytes_unref (f->renewed);
  g_bytes_unref (f->wrongname);
  g_bytes_unref (f->expired);
}

static MsCertAuditRow *
one_row (MsCertAudit *audit, MsCertProgram program, const char *host, guint port)
{
  g_autoptr(GPtrArray) rows = ms_cert_test_rows_for (audit, program, host, port);

  g_assert_cmpuint (rows->len, >=, 1);
  return rows->pdata[0];
}

static void
test_statuses (Fixture *f, gconstpointer data)
{
  g_autoptr(MsCertAudit) audit = ms_cert_test_audit (f->home, f->provider);
  g_autofree char *renewed_sha = ms_cert_test_sha256 (f->renewed);
  g_autofree char *good_sha = ms_cert_test_sha256 (f->good);
  g_autoptr(GPtrArray) evo = ms_cert_test_rows_for (audit, MS_CERT_PROGRAM_EVOLUTION, RENEWED_HOST, 0);
  MsCertAuditRow *row;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (audit->problems->len, ==, 0);
  /* Only the provider's hosts: other.example is someone else's. */
  for (guint i = 0; i < audit->exceptions->len; i++)
    g_assert_cmpstr (((MsCertException *) audit->exceptions->pdata[i])->host, !=, "other.example");

  row = one_row (audit, MS_CERT_PROGRAM_THUNDERBIRD, RENEWED_HOST, f->base + 2);
  g_assert_cmpint (row->status, ==, MS_CERT_STATUS_RENEWED);
  g_assert_cmpstr (row->exception->profile_name, ==, "default");
  g_assert_cmpstr (row->exception->sha256, ==, good_sha);
  /* Thunderbird stores no certificate: its details come from a copy. */
  g_assert_nonnull (row->exception->info);
  g_assert_cmpstr (row->exception->info->common_name, ==, "localhost");
  g_assert_cmpstr (ms_cert_audit_row_get_live_leaf (row)->sha256, ==, renewed_sha);
  g_assert_cmpstr (row->expected_name, ==, "localhost");
  g_assert_true (row->live->name_matches);
  g_assert_true (ms_cert_audit_row_can_renew (row, &error));
  g_assert_no_error (error);

  row = one_row (audit, MS_CERT_PROGRAM_THUNDERBIRD, RENEWED_HOST, f->base + 7);
  g_assert_cmpint (row->status, ==, MS_CERT_STATUS_RENEWED);  /* Postfix's SMTPS */
  row = one_row (audit, MS_CERT_PROGRAM_THUNDERBIRD, "127.0.0.1", f->base + 2);
  g_assert_cmpint (row->status, ==, MS_CERT_STATUS_SAME);
  g_assert_true (row->live_is_stored);
  g_assert_nonnull (strstr (row->headline, "still presents"));

  row = one_row (audit, MS_CERT_PROGRAM_THUNDERBIRD, "127.0.0.2", f->base + 2);
  g_assert_cmpint (row->status, ==, MS_CERT_STATUS_WRONG_NAME);
  g_assert_nonnull (strstr (row->headline, "wrong.example.org"));
  g_assert_nonnull (strstr (row->advice, "Do not connect"));
  g_assert_false (ms_cert_audit_row_can_renew (row, &error));
  g_assert_error (error, MS_CERT_EXCEPTIONS_ERROR, MS_CERT_EXCEPTIONS_ERROR_WRONG_NAME);
  g_clear_error (&error);

  row = one_row (audit, MS_CERT_PROGRAM_THUNDERBIRD, "127.0.0.3", f->base + 2);
  g_assert_cmpint (row->status, ==, MS_CERT_STATUS_EXPIRED);
  g_assert_true (row->live_is_stored);
  g_assert_false (ms_cert_audit_row_can_renew (row, &error));
  g_assert_error (error, MS_CERT_EXCEPTIONS_ERROR, MS_CERT_EXCEPTIONS_ERROR_BAD_DATES);
  g_clear_error (&error);

  row = one_row (audit, MS_CERT_PROGRAM_THUNDERBIRD, "127.0.0.1", f->base + 40);
  g_assert_cmpint (row->status, ==, MS_CERT_STATUS_UNREACHABLE);
  g_assert_null (row->live);
  g_assert_nonnull (row->error);

  {
    /* The work profile has the same exception. */
    g_autoptr(GPtrArray) both = ms_cert_test_rows_for (audit, MS_CERT_PROGRAM_THUNDERBIRD, RENEWED_HOST, f->base + 2);
    g_assert_cmpuint (both->len, ==, 2);
    g_assert_cmpstr (((MsCertAuditRow *) both->pdata[1])->exception->profile_name, ==, "work");
  }

  /* Evolution keys on the host: compared on the provider's IMAPS and SMTPS. */
  g_assert_cmpuint (evo->len, ==, 2);
  for (guint i = 0; i < evo->len; i++)
    {
      row = evo->pdata[i];
      g_assert_cmpint (row->status, ==, MS_CERT_STATUS_RENEWED);
      g_assert_cmpuint (row->exception->port, ==, 0);
      g_assert_nonnull (row->exception->md5);
      g_assert_cmpstr (row->exception->sha256, ==, good_sha);
    }
  g_assert_cmpuint (((MsCertAuditRow *) evo->pdata[0])->port, ==, f->base + 2);
  g_assert_cmpuint (((MsCertAuditRow *) evo->pdata[1])->port, ==, f->base + 7);

  row = one_row (audit, MS_CERT_PROGRAM_MAIL_SETUP, RENEWED_HOST, f->base + 2);
  g_assert_cmpint (row->status, ==, MS_CERT_STATUS_RENEWED);

  /* The helpdesk report: how long each certificate has left, in words. */
  {
    g_autoptr(GString) report = g_string_new (NULL);
    g_autofree char *text = NULL;
    g_autofree char *expired_line = g_strdup_printf ("127.0.0.3:%u — Thunderbird, profile “default”: Expired\n",
                                                     f->base + 2);

    ms_cert_render_report_section (report, NULL, NULL, NULL, NULL, audit);
    g_assert_nonnull (strstr (report->str, "    Stored exception: “localhost”, until "));
    g_assert_nonnull (strstr (report->str, "    What the server presents now: “localhost”, until "));
    g_assert_nonnull (strstr (report->str, "valid for 36"));     /* 364 or 365 days, by the hour */
    g_assert_nonnull (strstr (report->str, expired_line));
    g_assert_nonnull (strstr (report->str, "expired "));
    text = ms_cert_render_audit_text (audit);
    g_assert_nonnull (strstr (text, "[Renewed]"));
    g_assert_nonnull (strstr (text, "Name check: FAILED: for “wrong.example.org”, not for “localhost”"));
  }
}

static int
by_name (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* Every file under the home, with its contents, to prove nothing moved. */
static void
snapshot (const char *dir, GString *out, const char *except)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, by_name);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (except && g_str_has_prefix (path, except))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        snapshot (path, out, except);
      else if (g_file_get_contents (path, &contents, &len, NULL))
        {
          g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) contents, len);
          g_string_append_printf (out, "%s %s\n", path, sum);
        }
    }
}

static char *
snapshot_home_except (Fixture *f, const char *except)
{
  GString *out = g_string_new (NULL);

  snapshot (f->home->home, out, except);
  return g_string_free (out, FALSE);
}

static char *
snapshot_home (Fixture *f)
{
  return snapshot_home_except (f, NULL);
}

static GPtrArray *
renew (Fixture *f, MsCertAudit *audit, const char *const *accepted, GPtrArray *refusals, gboolean dry_run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chosen = ms_cert_renewal_select (audit->rows, accepted, refusals, &error);
  g_autoptr(GPtrArray) edits = NULL;

  g_assert_no_error (error);
  edits = ms_cert_edits_for_renewal (chosen, audit->rows);
  return ms_cert_changes_apply (edits, &f->home->stores, dry_run, NULL);
}

static guint
count_refusals (GPtrArray *refusals, int code)
{
  guint n = 0;

  for (guint i = 0; i < refusals->len; i++)
    n += ((MsCertRefusal *) refusals->pdata[i])->reason->code == code;
  return n;
}

static void
test_nothing_without_fingerprint (Fixture *f, gconstpointer data)
{
  g_autoptr(MsCertAudit) audit = ms_cert_test_audit (f->home, f->provider);
  g_autoptr(GPtrArray) refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_refusal_free);
  g_autofree char *before = snapshot_home (f);
  g_autoptr(GPtrArray) outcomes = renew (f, audit, NULL, refusals, FALSE);
  g_autofree char *after = snapshot_home (f);

  g_assert_cmpuint (outcomes->len, ==, 0);
  /* Two Thunderbird profiles, Evolution on two ports, our pin. */
  g_assert_cmpuint (count_refusals (refusals, MS_CERT_EXCEPTIONS_ERROR_NOT_CONFIRMED), ==, 6);
  g_assert_cmpstr (before, ==, after);
}

static void
test_wrong_name_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(MsCertAudit) audit = ms_cert_test_audit (f->home, f->provider);
  g_autoptr(GPtrArray) refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_refusal_free);
  g_autofree char *sha = ms_cert_test_sha256 (f->wrongname);
  g_autofree char *spec = g_strdup_printf ("127.0.0.2:%u=%s", f->base + 2, sha);
  const char *accepted[] = { spec, NULL };
  g_autofree char *before = snapshot_home (f);
  g_autoptr(GPtrArray) outcomes = renew (f, audit, accepted, refusals, FALSE);
  g_autofree char *after = snapshot_home (f);

  /* Its own, correct fingerprint given: still refused, nothing written. */
  g_assert_cmpuint (outcomes->len, ==, 0);
  g_assert_cmpuint (count_refusals (refusals, MS_CERT_EXCEPTIONS_ERROR_WRONG_NAME), ==, 1);
  g_assert_cmpstr (before, ==, after);
}

static void
test_expired_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(MsCertAudit) audit = ms_cert_test_audit (f->home, f->provider);
  g_autoptr(GPtrArray) refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_refusal_free);
  g_autofree char *sha = ms_cert_test_sha256 (f->expired);
  g_autofree char *spec = g_strdup_printf ("127.0.0.3:%u=%s", f->base + 2, sha);
  const char *accepted[] = { spec, NULL };
  g_autofree char *before = snapshot_home (f);
  g_autoptr(GPtrArray) outcomes = renew (f, audit, accepted, refusals, FALSE);
  g_autofree char *after = snapshot_home (f);

  g_assert_cmpuint (outcomes->len, ==, 0);
  g_assert_cmpuint (count_refusals (refusals, MS_CERT_EXCEPTIONS_ERROR_BAD_DATES), ==, 1);
  g_assert_cmpstr (before, ==, after);
}

static void
test_fingerprint_mismatch (Fixture *f, gconstpointer data)
{
  g_autoptr(MsCertAudit) audit = ms_cert_test_audit (f->home, f->provider);
  g_autoptr(GPtrArray) refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_refusal_free);
  g_autofree char *sha = ms_cert_test_sha256 (f->good);
  g_autofree char *spec = g_strdup_printf (RENEWED_HOST ":%u=%s", f->base + 2, sha);
  g_autofree char *unknown = g_strdup_printf ("127.0.0.9:%u=%s", f->base + 2, sha);
  const char *accepted[] = { spec, unknown, NULL };
  g_autoptr(GPtrArray) outcomes = renew (f, audit, accepted, refusals, FALSE);

  g_assert_cmpuint (outcomes->len, ==, 0);
  /* The old certificate's fingerprint is not the server's. */
  g_assert_cmpuint (count_refusals (refusals, MS_CERT_EXCEPTIONS_ERROR_FINGERPRINT_MISMATCH), ==, 4);
  g_assert_cmpuint (count_refusals (refusals, MS_CERT_EXCEPTIONS_ERROR_NOT_FOUND), ==, 1);
}

static GPtrArray *
renew_both (Fixture *f, MsCertAudit *audit, GPtrArray *refusals, gboolean dry_run)
{
  g_autofree char *sha = ms_cert_test_sha256 (f->renewed);
  g_autofree char *imap = g_strdup_printf (RENEWED_HOST ":%u=%s", f->base + 2, sha);
  g_autofree char *smtp = g_strdup_printf (RENEWED_HOST ":%u=%s", f->base + 7, sha);
  const char *accepted[] = { imap, smtp, NULL };

  return renew (f, audit, accepted, refusals, dry_run);
}

static void
assert_outcomes_ok (GPtrArray *outcomes, guint n)
{
  g_assert_cmpuint (outcomes->len, ==, n);
  for (guint i = 0; i < outcomes->len; i++)
    g_assert_no_error (((MsCertOutcome *) outcomes->pdata[i])->error);
}

static void
test_renew (Fixture *f, gconstpointer data)
{
  g_autoptr(MsCertAudit) audit = ms_cert_test_audit (f->home, f->provider);
  g_autoptr(GPtrArray) refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_refusal_free);
  g_autoptr(GPtrArray) outcomes = renew_both (f, audit, refusals, FALSE);
  g_autofree char *good_sha = ms_cert_test_sha256 (f->good);
  g_autofree char *renewed_sha = ms_cert_test_sha256 (f->renewed);
  g_autofree char *overrides = ms_cert_test_read (f->profile, "cert_override.txt");
  g_autofree char *work = ms_cert_test_read (f->work, "cert_override.txt");
  g_autofree char *db_path = ms_evo_certdb_path (f->home->data_home);
  g_autofree char *db = NULL;
  g_autofree char *good_md5 = ms_evo_certdb_fingerprint (f->good);
  g_autofree char *renewed_md5 = ms_evo_certdb_fingerprint (f->renewed);
  g_autofree char *good_copy = ms_evo_certdb_copy_path (f->home->data_home, good_md5);
  g_autofree char *renewed_copy = ms_evo_certdb_copy_path (f->home->data_home, renewed_md5);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(MsPinStore) pins = ms_pin_store_new (f->home->pin_path);
  g_autoptr(MsCertAudit) again = NULL;
  g_autofree char *pinned = NULL;
  g_autofree char *old_line = g_strdup_printf (RENEWED_HOST ":%u:\tOID.2.16.840.1.101.3.4.2.1\t%s", f->base + 2,
                                               good_sha);
  g_autofree char *new_line = g_strdup_printf (RENEWED_HOST ":%u:\tOID.2.16.840.1.101.3.4.2.1\t%s", f->base + 2,
                                               renewed_sha);
  gsize len = 0;
  gboolean old_found = FALSE, new_found = FALSE;

  g_assert_cmpuint (refusals->len, ==, 0);
  assert_outcomes_ok (outcomes, 3);
  for (guint i = 0; i < outcomes->len; i++)
    {
      MsCertOutcome *o = outcomes->pdata[i];
      g_assert_cmpuint (o->backups->len, >=, 1);   /* with backups */
    }
  g_assert_cmpuint (((MsCertOutcome *) outcomes->pdata[0])->replaced, ==, 3);

  /* Thunderbird: the old line gone, the new one there, the rest kept. */
  g_assert_null (strstr (overrides, old_line));
  g_assert_nonnull (strstr (overrides, new_line));
  g_assert_null (strstr (work, old_line));
  g_assert_nonnull (strstr (work, new_line));
  g_assert_true (g_str_has_prefix (overrides, "# PSM Certificate Override Settings file\n"));
  g_assert_nonnull (strstr (overrides, "127.0.0.1:"));
  g_assert_nonnull (strstr (overrides, "other.example:993:"));

  /* Evolution: the new fingerprint, trusted, not the old one for that host. */
  g_assert_true (g_file_get_contents (db_path, &db, &len, NULL));
  entries = ms_evo_certdb_parse (db, len, NULL);
  g_assert_nonnull (entries);
  for (guint i = 0; i < entries->len; i++)
    {
      MsEvoCertEntry *e = entries->pdata[i];
      if (g_strcmp0 (e->hostname, RENEWED_HOST) != 0)
        continue;
      old_found |= g_strcmp0 (e->fingerprint, good_md5) == 0;
      new_found |= g_strcmp0 (e->fingerprint, renewed_md5) == 0 && e->trust == 3;
    }
  g_assert_false (old_found);
  g_assert_true (new_found);
  g_assert_true (g_file_test (renewed_copy, G_FILE_TEST_IS_REGULAR));
  /* other.example still uses the old copy, so it stays. */
  g_assert_true (g_file_test (good_copy, G_FILE_TEST_IS_REGULAR));

  /* Our pin store. */
  g_assert_true (ms_pin_store_load (pins, NULL));
  pinned = ms_pin_store_lookup (pins, RENEWED_HOST, f->base + 2);
  g_assert_cmpstr (pinned, ==, renewed_sha);

  /* Looked at again: the same certificate everywhere. */
  again = ms_cert_test_audit (f->home, f->provider);
  for (guint i = 0; i < again->rows->len; i++)
    {
      MsCertAuditRow *row = again->rows->pdata[i];
      if (g_strcmp0 (row->host, RENEWED_HOST) == 0)
        g_assert_cmpint (row->status, ==, MS_CERT_STATUS_SAME);
    }
}

static void
test_renew_last_copy_removed (Fixture *f, gconstpointer data)
{
  g_autoptr(MsCertAudit) audit = NULL;
  g_autoptr(GPtrArray) refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_refusal_free);
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autofree char *good_md5 = ms_evo_certdb_fingerprint (f->good);
  g_autofree char *good_copy = ms_evo_certdb_copy_path (f->home->data_home, good_md5);

  /* Only the renewed host names the old copy now: it goes with it. */
  ms_cert_test_write_camel (f->home, 3, RENEWED_HOST, f->good, NULL);
  audit = ms_cert_test_audit (f->home, f->provider);
  outcomes = renew_both (f, audit, refusals, FALSE);
  assert_outcomes_ok (outcomes, 3);
  g_assert_false (g_file_test (good_copy, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (((MsCertOutcome *) outcomes->pdata[1])->deleted_files->len, ==, 1);
}

static void
test_renew_dry_run (Fixture *f, gconstpointer data)
{
  g_autoptr(MsCertAudit) audit = ms_cert_test_audit (f->home, f->provider);
  g_autoptr(GPtrArray) refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_refusal_free);
  g_autofree char *before = snapshot_home (f);
  g_autoptr(GPtrArray) outcomes = renew_both (f, audit, refusals, TRUE);
  g_autofree char *after = snapshot_home (f);
  g_autofree char *renewed_sha = ms_cert_test_sha256 (f->renewed);

  assert_outcomes_ok (outcomes, 3);
  g_assert_nonnull (strstr (((MsCertOutcome *) outcomes->pdata[0])->diff, renewed_sha));
  g_assert_cmpstr (before, ==, after);
}

static void
test_renew_thunderbird_running (Fixture *f, gconstpointer data)
{
  g_autoptr(MsCertAudit) audit = ms_cert_test_audit (f->home, f->provider);
  g_autoptr(GPtrArray) refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_refusal_free);
  g_autofree char *lock = g_build_filename (f->work, "lock", NULL);
  g_autofree char *target = g_strdup_printf ("127.0.0.1:+%d", (int) getpid ());
  g_autofree char *default_before = ms_cert_test_read (f->profile, "cert_override.txt");
  g_autofree char *work_before = ms_cert_test_read (f->work, "cert_override.txt");
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autofree char *default_after = NULL, *work_after = NULL;
  MsCertOutcome *tb;

  /* Thunderbird's own lock, naming a live process. */
  g_assert_cmpint (symlink (target, lock), ==, 0);
  outcomes = renew_both (f, audit, refusals, FALSE);
  g_assert_cmpuint (outcomes->len, ==, 3);
  tb = outcomes->pdata[0];
  g_assert_error (tb->error, MS_CERT_EXCEPTIONS_ERROR, MS_CERT_EXCEPTIONS_ERROR_RUNNING);
  /* One transaction for Thunderbird: neither profile changed. */
  default_after = ms_cert_test_read (f->profile, "cert_override.txt");
  work_after = ms_cert_test_read (f->work, "cert_override.txt");
  g_assert_cmpstr (default_before, ==, default_after);
  g_assert_cmpstr (work_before, ==, work_after);
  /* The other programs are transactions of their own. */
  g_assert_no_error (((MsCertOutcome *) outcomes->pdata[1])->error);
  g_assert_no_error (((MsCertOutcome *) outcomes->pdata[2])->error);
}

static void
test_renew_rolls_back (Fixture *f, gconstpointer data)
{
  g_autoptr(MsCertAudit) audit = ms_cert_test_audit (f->home, f->provider);
  g_autoptr(GPtrArray) refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_refusal_free);
  g_autofree char *before = snapshot_home_except (f, f->home->pin_path);
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autofree char *after = NULL;

  /* The second rename of each transaction fails, as a full disk would:
   * Thunderbird (two profiles) and Evolution (copy, then list) have two;
   * the pin store has one file, so it goes through. */
  ms_file_set_inject_failure (2);
  outcomes = renew_both (f, audit, refusals, FALSE);
  ms_file_set_inject_failure (0);
  g_assert_no_error (((MsCertOutcome *) outcomes->pdata[2])->error);
  after = snapshot_home_except (f, f->home->pin_path);
  g_assert_error (((MsCertOutcome *) outcomes->pdata[0])->error, MS_CERT_EXCEPTIONS_ERROR,
                  MS_CERT_EXCEPTIONS_ERROR_WRITE);
  g_assert_error (((MsCertOutcome *) outcomes->pdata[1])->error, MS_CERT_EXCEPTIONS_ERROR,
                  MS_CERT_EXCEPTIONS_ERROR_WRITE);
  /* Everything as it was: no half-renewed program, no stray backup. */
  g_assert_cmpstr (before, ==, after);
}

static void
test_remove (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_autoptr(GPtrArray) all = ms_cert_exceptions_list (&f->home->stores, NULL, problems);
  g_autoptr(GPtrArray) chosen = ms_cert_exceptions_select (all, RENEWED_HOST, f->base + 7);
  g_autoptr(GPtrArray) edits = ms_cert_edits_for_removal (chosen);
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autofree char *overrides = NULL;
  g_autofree char *imap = g_strdup_printf (RENEWED_HOST ":%u:", f->base + 2);
  g_autofree char *smtp = g_strdup_printf (RENEWED_HOST ":%u:", f->base + 7);

  /* Thunderbird's line for that port, and Evolution's for the host. */
  g_assert_cmpuint (chosen->len, ==, 2);
  outcomes = ms_cert_changes_apply (edits, &f->home->stores, FALSE, NULL);
  assert_outcomes_ok (outcomes, 2);
  left = ms_cert_exceptions_list (&f->home->stores, NULL, problems);
  g_assert_cmpuint (left->len, ==, all->len - 2);
  overrides = ms_cert_test_read (f->profile, "cert_override.txt");
  g_assert_nonnull (strstr (overrides, imap));
  g_assert_null (strstr (overrides, smtp));
}

static char *
test_ca_path (const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s.pem", name);
  return g_build_filename (g_getenv ("MS_TEST_DIR"), "certs", file, NULL);
}

static void
test_authority_file (Fixture *f, gconstpointer data)
{
  g_autofree char *ca = test_ca_path ("ca");
  g_autofree char *leaf = test_ca_path ("good");
  g_autofree char *chain = test_ca_path ("good-chain");
  g_autofree char *missing = test_ca_path ("no-such-file");
  g_autoptr(GError) error = NULL;
  g_autoptr(MsCertAuthorityFile) file = NULL;
  g_autoptr(MsCertAuthorityFile) from_chain = NULL;
  g_autoptr(MsProvider) listing = NULL;
  g_autoptr(MsCertAuthorityFile) listed = NULL;
  g_autofree char *extra = NULL;
  const char *wrong[] = { "00:11", NULL };

  g_assert_null (ms_cert_authority_file_read (leaf, f->provider, &error));
  g_assert_error (error, MS_CERT_AUTHORITY_ERROR, MS_CERT_AUTHORITY_ERROR_NOT_AUTHORITY);
  g_assert_nonnull (strstr (error->message, "localhost"));
  g_clear_error (&error);
  g_assert_null (ms_cert_authority_file_read (missing, f->provider, &error));
  g_assert_error (error, MS_CERT_AUTHORITY_ERROR, MS_CERT_AUTHORITY_ERROR_READ);
  g_clear_error (&error);

  file = ms_cert_authority_file_read (ca, f->provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (file->info->common_name, ==, "Mail Setup Test CA");
  g_assert_null (file->listed_name);
  /* A server's chain file: its authority is found, the leaf ignored. */
  from_chain = ms_cert_authority_file_read (chain, f->provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (from_chain->info->sha256, ==, file->info->sha256);

  /* Not named by the profile: only with the user's confirmation. */
  g_assert_false (ms_cert_authority_file_check_confirmed (file, NULL, &error));
  g_assert_error (error, MS_CERT_AUTHORITY_ERROR, MS_CERT_AUTHORITY_ERROR_NOT_CONFIRMED);
  g_assert_nonnull (strstr (error->message, file->info->sha256));
  g_clear_error (&error);
  g_assert_false (ms_cert_authority_file_check_confirmed (file, wrong, NULL));
  {
    const char *right[] = { file->info->sha256, NULL };
    g_assert_true (ms_cert_authority_file_check_confirmed (file, right, &error));
  }
  extra = g_strdup_printf ("<ms:certificateAuthority name=\"Test Root\" sha256=\"%s\" url=\"https://example.test/ca.pem\"/>",
                           file->info->sha256);
  listing = ms_cert_test_provider (extra);
  listed = ms_cert_authority_file_read (ca, listing, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (listed->listed_name, ==, "Test Root");
  g_assert_true (ms_cert_authority_file_check_confirmed (listed, NULL, &error));
}

static void
test_authority_makes_exceptions_unneeded (Fixture *f, gconstpointer data)
{
  g_autofree char *ca = test_ca_path ("ca");
  g_autoptr(GError) error = NULL;
  g_autoptr(MsCertAuthorityFile) file = ms_cert_authority_file_read (ca, NULL, &error);
  g_autoptr(MsCertOutcome) outcome = NULL;
  g_autoptr(MsCertOutcome) again = NULL;
  g_autoptr(MsCertOutcome) dry = NULL;
  g_autoptr(MsCertAudit) audit = NULL;
  g_autoptr(MsProvider) listing = NULL;
  g_autoptr(GPtrArray) anchors = NULL;
  g_autofree char *extra = NULL;
  g_autofree char *cert9 = g_build_filename (f->profile, "cert9.db", NULL);
  MsCertAuthorityState *state;

  g_assert_no_error (error);
  dry = ms_cert_authority_install (file, f->profile, TRUE);
  g_assert_no_error (dry->error);
  g_assert_false (g_file_test (cert9, G_FILE_TEST_EXISTS));

  outcome = ms_cert_authority_install (file, f->profile, FALSE);
  g_assert_no_error (outcome->error);
  /* cert9.db, and key4.db that holds the signature of the trust. */
  g_assert_cmpuint (outcome->written->len, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (outcome->written, cert9, g_str_equal, NULL));
  /* Read back through NSS: trusted to issue server certificates. */
  anchors = ms_tb_profile_authorities (f->profile, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (anchors->len, ==, 1);
  g_assert_true (g_bytes_equal (anchors->pdata[0], file->der));
  /* A second time: nothing to write. */
  again = ms_cert_authority_install (file, f->profile, FALSE);
  g_assert_no_error (again->error);
  g_assert_cmpuint (again->written->len, ==, 0);

  extra = g_strdup_printf ("<ms:certificateAuthority name=\"Test Root\" sha256=\"%s\"/>", file->info->sha256);
  listing = ms_cert_test_provider (extra);
  audit = ms_cert_test_audit (f->home, listing);
  for (guint i = 0; i < audit->rows->len; i++)
    {
      MsCertAuditRow *row = audit->rows->pdata[i];
      gboolean trusting = row->exception->program == MS_CERT_PROGRAM_THUNDERBIRD &&
                          g_strcmp0 (row->exception->profile_name, "default") == 0;

      /* Thunderbird's default profile now trusts the authority: its
       * exceptions for valid certificates with the right name go. */
      if (trusting && (g_strcmp0 (row->host, RENEWED_HOST) == 0 || g_strcmp0 (row->host, "127.0.0.1") == 0) &&
          row->status != MS_CERT_STATUS_UNREACHABLE)
        g_assert_cmpint (row->status, ==, MS_CERT_STATUS_NO_LONGER_NEEDED);
      /* Evolution, our store and the other profile do not. */
      if (!trusting && g_strcmp0 (row->host, RENEWED_HOST) == 0)
        g_assert_cmpint (row->status, ==, MS_CERT_STATUS_RENEWED);
      /* A wrong name stays wrong, an expired certificate expired. */
      if (g_strcmp0 (row->host, "127.0.0.2") == 0)
        g_assert_cmpint (row->status, ==, MS_CERT_STATUS_WRONG_NAME);
      if (g_strcmp0 (row->host, "127.0.0.3") == 0)
        g_assert_cmpint (row->status, ==, MS_CERT_STATUS_EXPIRED);
    }
  g_assert_cmpuint (audit->authorities->len, ==, 1);
  state = audit->authorities->pdata[0];
  g_assert_cmpstr (state->name, ==, "Test Root");
  g_assert_false (state->in_system);
  g_assert_cmpuint (state->thunderbird_with->len, ==, 1);
  g_assert_cmpstr (state->thunderbird_with->pdata[0], ==, "default");
  g_assert_cmpstr (state->thunderbird_without->pdata[0], ==, "work");
}

static void
test_authority_refused_while_running (Fixture *f, gconstpointer data)
{
  g_autofree char *ca = test_ca_path ("ca");
  g_autoptr(MsCertAuthorityFile) file = ms_cert_authority_file_read (ca, NULL, NULL);
  g_autofree char *lock = g_build_filename (f->profile, "lock", NULL);
  g_autofree char *target = g_strdup_printf ("127.0.0.1:+%d", (int) getpid ());
  g_autofree char *cert9 = g_build_filename (f->profile, "cert9.db", NULL);
  g_autoptr(MsCertOutcome) outcome = NULL;

  g_assert_cmpint (symlink (target, lock), ==, 0);
  outcome = ms_cert_authority_install (file, f->profile, FALSE);
  g_assert_error (outcome->error, MS_CERT_AUTHORITY_ERROR, MS_CERT_AUTHORITY_ERROR_RUNNING);
  g_assert_false (g_file_test (cert9, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("MS_TEST_DIR") == NULL)
    {
      g_print ("1..0 # SKIP needs tests/servers/run-with-servers.sh\n");
      return 77;
    }
#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/certs/audit/statuses", test_statuses);
  ADD ("/certs/renew/nothing-without-fingerprint", test_nothing_without_fingerprint);
  ADD ("/certs/renew/wrong-name-refused", test_wrong_name_refused);
  ADD ("/certs/renew/expired-refused", test_expired_refused);
  ADD ("/certs/renew/fingerprint-mismatch", test_fingerprint_mismatch);
  ADD ("/certs/renew/every-program", test_renew);
  ADD ("/certs/renew/last-copy-removed", test_renew_last_copy_removed);
  ADD ("/certs/renew/dry-run", test_renew_dry_run);
  ADD ("/certs/renew/thunderbird-running", test_renew_thunderbird_running);
  ADD ("/certs/renew/rolls-back", test_renew_rolls_back);
  ADD ("/certs/remove/host-port", test_remove);
  ADD ("/certs/authority/file", test_authority_file);
  ADD ("/certs/authority/exceptions-no-longer-needed", test_authority_makes_exceptions_unneeded);
  ADD ("/certs/authority/refused-while-thunderbird-runs", test_authority_refused_while_running);
  return g_test_run ();
}
