/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clients/ms-file-set.h"
#include "ms-session-private.h"

/* The repair of what ms_setup_session_diagnose_async() found: each
 * account in its own file set, under its program's lock, committed
 * whole or not at all; then the password where the program keeps it
 * outside its files. */

typedef struct {
  GPtrArray *diagnoses;   /* MsDiagnosis*, borrowed: the caller keeps the report alive */
  gboolean dry_run;
  char *password;
} Repair;

static void
repair_free (Repair *r)
{
  g_ptr_array_unref (r->diagnoses);
  if (r->password)
    explicit_bzero (r->password, strlen (r->password));
  g_free (r->password);
  g_free (r);
}

static GPtrArray *
copy_strings (GPtrArray *strings)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; strings && i < strings->len; i++)
    g_ptr_array_add (out, g_strdup (strings->pdata[i]));
  return out;
}

static void
repair_one (Repair *r, MsRepairOutcome *o, GCancellable *cancellable)
{
  const MsExistingAccount *e = o->diagnosis->account;
  g_autoptr(MsExistingLock) lock = NULL;
  g_autoptr(MsFileSet) set = ms_file_set_new ();

  /* The lock first: a repair planned while the program writes the same
   * file could undo the program's own change. */
  if (!r->dry_run && (lock = ms_existing_lock (e, &o->error)) == NULL)
    return;
  if (!ms_existing_plan_repair (set, e, o->diagnosis->repaired[MS_ROLE_INCOMING],
                                o->diagnosis->repaired[MS_ROLE_OUTGOING], r->dry_run ? NULL : r->password,
                                &o->error))
    return;
  o->diff = ms_file_set_diff (set);
  if (r->dry_run || !ms_file_set_commit (set, &o->error))
    return;
  o->written = copy_strings (ms_file_set_get_written (set));
  o->backups = copy_strings (ms_file_set_get_backups (set));
  if (r->password && *r->password)
    {
      g_autoptr(GError) error = NULL;

      /* Thunderbird's went with the files; Evolution's goes to the keyring. */
      o->password_stored = ms_existing_store_password (e, r->password, cancellable, &error);
      if (!o->password_stored)
        o->error = g_steal_pointer (&error);
    }
}

static void
repair_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Repair *r = task_data;
  g_autoptr(GPtrArray) outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_repair_outcome_free);

  for (guint i = 0; i < r->diagnoses->len; i++)
    {
      MsRepairOutcome *o = g_new0 (MsRepairOutcome, 1);

      o->diagnosis = r->diagnoses->pdata[i];
      g_ptr_array_add (outcomes, o);
      if (g_cancellable_set_error_if_cancelled (cancellable, &o->error))
        continue;
      repair_one (r, o, cancellable);
    }
  g_task_return_pointer (task, g_steal_pointer (&outcomes), (GDestroyNotify) g_ptr_array_unref);
}

void
ms_setup_session_repair_async (MsSetupSession *self, MsDiagnosisReport *report, gboolean dry_run,
                               GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Repair *r = g_new0 (Repair, 1);

  r->diagnoses = g_ptr_array_new ();
  for (guint i = 0; i < report->diagnoses->len; i++)
    if (ms_diagnosis_can_repair (report->diagnoses->pdata[i]))
      g_ptr_array_add (r->diagnoses, report->diagnoses->pdata[i]);
  r->dry_run = dry_run;
  r->password = g_strdup (ms_account_get_password (self->account));
  g_task_set_source_tag (task, ms_setup_session_repair_async);
  g_task_set_task_data (task, r, (GDestroyNotify) repair_free);
  g_task_run_in_thread (task, repair_thread);
  g_object_unref (task);
}

GPtrArray *
ms_setup_session_repair_finish (MsSetupSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
