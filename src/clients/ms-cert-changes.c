/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/ms-endpoint-spec.h"
#include "core/ms-file.h"
#include "evolution/ms-evolution.h"
#include "evolution/ms-evolution-private.h"
#include "thunderbird/ms-thunderbird-private.h"
#include "ms-cert-changes.h"
#include "ms-file-set.h"

void
ms_cert_edit_free (MsCertEdit *edit)
{
  if (edit == NULL)
    return;
  ms_cert_exception_unref (edit->exception);
  g_clear_pointer (&edit->der, g_bytes_unref);
  g_free (edit);
}

void
ms_cert_outcome_free (MsCertOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_clear_error (&outcome->error);
  g_ptr_array_unref (outcome->written);
  g_ptr_array_unref (outcome->deleted_files);
  g_ptr_array_unref (outcome->backups);
  g_free (outcome->diff);
  g_free (outcome);
}

void
ms_cert_refusal_free (MsCertRefusal *refusal)
{
  if (refusal == NULL)
    return;
  g_clear_pointer (&refusal->row, ms_cert_audit_row_unref);
  g_clear_error (&refusal->reason);
  g_free (refusal);
}

static void
refuse (GPtrArray *refusals, MsCertAuditRow *row, GError *reason)
{
  MsCertRefusal *refusal = g_new0 (MsCertRefusal, 1);

  refusal->row = row ? ms_cert_audit_row_ref (row) : NULL;
  refusal->reason = reason;
  if (refusals)
    g_ptr_array_add (refusals, refusal);
  else
    ms_cert_refusal_free (refusal);
}

/* ---- choosing ---- */

typedef struct {
  char *host;
  guint port;
  char *sha256;
  gboolean used;
} Accepted;

static void
accepted_free (Accepted *a)
{
  g_free (a->host);
  g_free (a->sha256);
  g_free (a);
}

GPtrArray *
ms_cert_renewal_select (GPtrArray *rows, const char *const *accepted, GPtrArray *refusals, GError **error)
{
  g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func ((GDestroyNotify) accepted_free);
  g_autoptr(GPtrArray) chosen = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_audit_row_unref);

  for (guint i = 0; accepted && accepted[i]; i++)
    {
      g_autofree char *raw = NULL;
      Accepted *a = g_new0 (Accepted, 1);

      g_ptr_array_add (specs, a);
      if (!ms_fingerprint_parse_spec (accepted[i], &a->host, &a->port, &raw, error))
        return NULL;
      if ((a->sha256 = ms_cert_normalize_fingerprint (raw)) == NULL)
        {
          g_set_error (error, MS_SPEC_ERROR, MS_SPEC_ERROR_BAD_FINGERPRINT,
                       /* TRANSLATORS: %s is the text given as a fingerprint, e.g. “12:AB:…”. */
                       _("“%s” is not a SHA-256 fingerprint (64 hexadecimal digits, colons allowed)"), raw);
          return NULL;
        }
    }

  for (guint r = 0; r < rows->len; r++)
    {
      MsCertAuditRow *row = rows->pdata[r];
      const MsCertInfo *leaf = ms_cert_audit_row_get_live_leaf (row);
      Accepted *spec = NULL;
      GError *reason = NULL;

      for (guint s = 0; s < specs->len && spec == NULL; s++)
        {
          Accepted *a = specs->pdata[s];
          if (a->port == row->port && g_ascii_strcasecmp (a->host, row->host) == 0)
            spec = a;
        }
      if (spec == NULL)
        {
          if (row->status == MS_CERT_STATUS_RENEWED)
            refuse (refusals, row, g_error_new (MS_CERT_EXCEPTIONS_ERROR, MS_CERT_EXCEPTIONS_ERROR_NOT_CONFIRMED,
                                                /* TRANSLATORS: a server name, e.g. “mail.3xo.fr”, then a port
                                                 * number, e.g. 993. */
                                                _("The renewed certificate of %s:%u was not accepted: its "
                                                  "fingerprint was not confirmed."), row->host, row->port));
          continue;
        }
      spec->used = TRUE;
      if (!ms_cert_audit_row_can_renew (row, &reason))
        refuse (refusals, row, reason);
      else if (g_strcmp0 (spec->sha256, leaf->sha256) != 0)
        refuse (refusals, row, g_error_new (MS_CERT_EXCEPTIONS_ERROR, MS_CERT_EXCEPTIONS_ERROR_FINGERPRINT_MISMATCH,
                                            /* TRANSLATORS: a server name, e.g. “mail.3xo.fr”, a port number, e.g.
                                             * 993, then the SHA-256 fingerprint of the certificate the server
                                             * presents. */
                                            _("The fingerprint given for %s:%u is not the one of the certificate "
                                              "it presents (%s): nothing was accepted for it."),
                                            row->host, row->port, leaf->sha256));
      else
        g_ptr_array_add (chosen, ms_cert_audit_row_ref (row));
    }

  for (guint s = 0; s < specs->len; s++)
    {
      Accepted *a = specs->pdata[s];
      if (!a->used)
        refuse (refusals, NULL, g_error_new (MS_CERT_EXCEPTIONS_ERROR, MS_CERT_EXCEPTIONS_ERROR_NOT_FOUND,
                                             /* TRANSLATORS: a server name, e.g. “mail.3xo.fr”, then a port
                                              * number, e.g. 993. */
                                             _("No stored exception for %s:%u was found to renew."), a->host,
                                             a->port));
    }
  return g_steal_pointer (&chosen);
}

/* ---- edits ---- */

static gboolean
same_edit (const MsCertEdit *a, const MsCertException *e, GBytes *der)
{
  return a->exception == e && ((a->der == NULL && der == NULL) || (a->der && der && g_bytes_equal (a->der, der)));
}

static void
add_edit (GPtrArray *edits, MsCertException *e, GBytes *der, gboolean keep_old)
{
  MsCertEdit *edit;

  for (guint i = 0; i < edits->len; i++)
    if (same_edit (edits->pdata[i], e, der))
      return;
  edit = g_new0 (MsCertEdit, 1);
  edit->exception = ms_cert_exception_ref (e);
  edit->der = der ? g_bytes_ref (der) : NULL;
  edit->keep_old = keep_old;
  g_ptr_array_add (edits, edit);
}

GPtrArray *
ms_cert_edits_for_renewal (GPtrArray *chosen, GPtrArray *all)
{
  GPtrArray *edits = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_edit_free);

  for (guint i = 0; i < chosen->len; i++)
    {
      MsCertAuditRow *row = chosen->pdata[i];
      const MsCertInfo *leaf = ms_cert_audit_row_get_live_leaf (row);
      gboolean keep_old = FALSE;

      /* Evolution's exception is for the host: while another port still
       * presents the old certificate, the old exception is still needed. */
      for (guint j = 0; all && j < all->len && row->exception->program == MS_CERT_PROGRAM_EVOLUTION; j++)
        {
          MsCertAuditRow *other = all->pdata[j];
          keep_old |= other != row && other->exception == row->exception && other->live_is_stored;
        }
      add_edit (edits, row->exception, leaf->der, keep_old);
    }
  return edits;
}

GPtrArray *
ms_cert_edits_for_removal (GPtrArray *exceptions)
{
  GPtrArray *edits = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_edit_free);

  for (guint i = 0; i < exceptions->len; i++)
    add_edit (edits, exceptions->pdata[i], NULL, FALSE);
  return edits;
}

/* ---- applying ---- */

static MsCertOutcome *
outcome_new (MsCertProgram program)
{
  MsCertOutcome *outcome = g_new0 (MsCertOutcome, 1);

  outcome->program = program;
  outcome->written = g_ptr_array_new_with_free_func (g_free);
  outcome->deleted_files = g_ptr_array_new_with_free_func (g_free);
  outcome->backups = g_ptr_array_new_with_free_func (g_free);
  return outcome;
}

/* The file set's and the writers' errors, in this module's codes. */
static GError *
to_our_error (GError *error)
{
  int code = MS_CERT_EXCEPTIONS_ERROR_WRITE;

  if ((error->domain == MS_FILE_SET_ERROR && error->code == MS_FILE_SET_ERROR_READ) ||
      (error->domain == MS_CLIENT_ERROR && error->code == MS_CLIENT_ERROR_CORRUPT) ||
      error->domain == MS_PIN_STORE_ERROR)
    code = MS_CERT_EXCEPTIONS_ERROR_READ;
  else if (error->domain == MS_CLIENT_ERROR && error->code == MS_CLIENT_ERROR_RUNNING)
    code = MS_CERT_EXCEPTIONS_ERROR_RUNNING;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;
  error->domain = MS_CERT_EXCEPTIONS_ERROR;
  error->code = code;
  return error;
}

static void
count (MsCertOutcome *outcome, GPtrArray *edits)
{
  for (guint i = 0; i < edits->len; i++)
    {
      MsCertEdit *edit = edits->pdata[i];
      if (edit->der)
        outcome->replaced++;
      else
        outcome->removed++;
    }
}

static void
finish (MsCertOutcome *outcome, MsFileSet *set, gboolean dry_run, GCancellable *cancellable)
{
  GError *error = NULL;

  if (dry_run)
    {
      outcome->diff = ms_file_set_diff (set);
      return;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, &error) || !ms_file_set_commit (set, &error))
    {
      outcome->error = to_our_error (error);
      return;
    }
  for (guint i = 0; i < ms_file_set_get_written (set)->len; i++)
    g_ptr_array_add (outcome->written, g_strdup (ms_file_set_get_written (set)->pdata[i]));
  for (guint i = 0; i < ms_file_set_get_removed (set)->len; i++)
    g_ptr_array_add (outcome->deleted_files, g_strdup (ms_file_set_get_removed (set)->pdata[i]));
  for (guint i = 0; i < ms_file_set_get_backups (set)->len; i++)
    g_ptr_array_add (outcome->backups, g_strdup (ms_file_set_get_backups (set)->pdata[i]));
}

static MsPin *
pin_for (MsCertException *e, GBytes *der)
{
  g_autoptr(MsCertInfo) info = ms_cert_info_new_from_der (der, NULL);
  MsPin *pin;

  if (info == NULL)
    return NULL;
  pin = g_new0 (MsPin, 1);
  pin->host = g_strdup (e->host);
  pin->port = e->port;
  pin->sha256 = g_strdup (info->sha256);
  pin->der = g_bytes_ref (der);
  return pin;
}

/* fcntl locks belong to the process: the Thunderbird writer's own
 * serialisation is not visible here, so changes take turns too. */
static GMutex thunderbird_lock;

static MsCertOutcome *
apply_thunderbird (GPtrArray *edits, gboolean dry_run, GCancellable *cancellable)
{
  MsCertOutcome *outcome = outcome_new (MS_CERT_PROGRAM_THUNDERBIRD);
  g_autoptr(MsFileSet) set = ms_file_set_new ();
  g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) fds = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) created = g_array_new (FALSE, FALSE, sizeof (gboolean));
  GError *error = NULL;

  for (guint i = 0; i < edits->len; i++)
    {
      MsCertException *e = ((MsCertEdit *) edits->pdata[i])->exception;
      if (!g_ptr_array_find_with_equal_func (profiles, e->profile_dir, g_str_equal, NULL))
        g_ptr_array_add (profiles, g_strdup (e->profile_dir));
    }

  g_mutex_lock (&thunderbird_lock);
  /* Every profile is taken before any file is planned: a Thunderbird
   * holding one of them stops the whole change. */
  for (guint p = 0; p < profiles->len && error == NULL; p++)
    {
      gboolean made = FALSE;
      int fd = -1;

      if (dry_run)
        ms_tb_check_profile_free (profiles->pdata[p], &error);
      else if ((fd = ms_tb_lock_profile (profiles->pdata[p], &made, &error)) >= 0)
        {
          g_array_append_val (fds, fd);
          g_array_append_val (created, made);
        }
    }

  for (guint p = 0; p < profiles->len && error == NULL; p++)
    {
      g_autofree char *path = g_build_filename (profiles->pdata[p], "cert_override.txt", NULL);
      g_autoptr(GPtrArray) remove = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_tb_override_free);
      g_autoptr(GPtrArray) add = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_pin_free);
      g_autofree char *text = NULL;

      if (!ms_file_set_load (set, path, MS_FILE_MAX_CLIENT, &error))
        break;
      for (guint i = 0; i < edits->len; i++)
        {
          MsCertEdit *edit = edits->pdata[i];
          MsCertException *e = edit->exception;
          MsPin *pin;

          if (g_strcmp0 (e->profile_dir, profiles->pdata[p]) != 0)
            continue;
          if (!edit->keep_old)
            {
              MsTbOverride *o = g_new0 (MsTbOverride, 1);
              o->host = g_strdup (e->host);
              o->port = e->port;
              o->origin_attributes = g_strdup (e->origin_attributes ? e->origin_attributes : "");
              o->sha256 = g_strdup (e->sha256);
              g_ptr_array_add (remove, o);
            }
          if (edit->der && (pin = pin_for (e, edit->der)) != NULL)
            g_ptr_array_add (add, pin);
        }
      text = ms_tb_cert_override_edit (ms_file_set_get_after (set, path, NULL), remove, add);
      ms_file_set_replace (set, path, text, -1, 0600);
    }
  if (error == NULL)
    {
      count (outcome, edits);
      finish (outcome, set, dry_run, cancellable);
    }
  else
    outcome->error = to_our_error (error);

  for (guint i = 0; i < fds->len; i++)
    ms_tb_unlock_profile (profiles->pdata[i], g_array_index (fds, int, i), g_array_index (created, gboolean, i));
  g_mutex_unlock (&thunderbird_lock);
  return outcome;
}

static MsCertOutcome *
apply_evolution (GPtrArray *edits, const char *data_home, gboolean dry_run, GCancellable *cancellable)
{
  MsCertOutcome *outcome = outcome_new (MS_CERT_PROGRAM_EVOLUTION);
  g_autoptr(MsFileSet) set = ms_file_set_new ();
  g_autoptr(GPtrArray) remove = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_evo_cert_entry_free);
  g_autoptr(GPtrArray) trust = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;

  /* Evolution keeps its list in memory and saves it when it closes: a
   * change made while it runs would be undone. */
  if (ms_evolution_is_running ())
    {
      outcome->error = g_error_new_literal (MS_CERT_EXCEPTIONS_ERROR, MS_CERT_EXCEPTIONS_ERROR_RUNNING,
                                            _("Evolution is open: it keeps its certificate list in memory and "
                                              "writes it back when it closes, which would undo the change. Close "
                                              "Evolution, then try again."));
      return outcome;
    }
  for (guint i = 0; i < edits->len; i++)
    {
      MsCertEdit *edit = edits->pdata[i];

      if (!edit->keep_old && edit->exception->md5)
        {
          MsEvoCertEntry *entry = g_new0 (MsEvoCertEntry, 1);
          entry->hostname = g_strdup (edit->exception->host);
          entry->fingerprint = g_strdup (edit->exception->md5);
          g_ptr_array_add (remove, entry);
        }
      if (edit->der)
        {
          MsEvoTrust *wanted = g_new0 (MsEvoTrust, 1);
          /* Borrowed: the edits outlive this function's arrays. */
          wanted->host = edit->exception->host;
          wanted->der = edit->der;
          g_ptr_array_add (trust, wanted);
        }
    }
  if (!ms_evo_certdb_plan_edit (set, data_home, remove, trust, &error))
    {
      outcome->error = to_our_error (error);
      return outcome;
    }
  count (outcome, edits);
  finish (outcome, set, dry_run, cancellable);
  return outcome;
}

static MsCertOutcome *
apply_pins (GPtrArray *edits, const char *path, gboolean dry_run, GCancellable *cancellable)
{
  MsCertOutcome *outcome = outcome_new (MS_CERT_PROGRAM_MAIL_SETUP);
  g_autoptr(MsFileSet) set = ms_file_set_new ();
  GError *error = NULL;

  if (!ms_file_set_load (set, path, MS_FILE_MAX_SETTINGS, &error))
    {
      outcome->error = to_our_error (error);
      return outcome;
    }
  for (guint i = 0; i < edits->len; i++)
    {
      MsCertEdit *edit = edits->pdata[i];
      gsize length = 0, new_length = 0;
      const char *text = ms_file_set_get_after (set, path, &length);
      g_autofree char *updated = ms_pin_store_edit_data (text, length, edit->exception->host,
                                                         edit->exception->port, edit->der, &new_length, &error);

      if (updated == NULL)
        {
          outcome->error = to_our_error (error);
          return outcome;
        }
      ms_file_set_replace (set, path, updated, (gssize) new_length, 0600);
    }
  count (outcome, edits);
  finish (outcome, set, dry_run, cancellable);
  return outcome;
}

GPtrArray *
ms_cert_changes_apply (GPtrArray *edits, const MsCertStores *stores, gboolean dry_run, GCancellable *cancellable)
{
  GPtrArray *outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_outcome_free);
  g_autofree char *pin_path = ms_cert_stores_pin_path (stores);

  for (MsCertProgram program = MS_CERT_PROGRAM_THUNDERBIRD; program <= MS_CERT_PROGRAM_MAIL_SETUP; program++)
    {
      g_autoptr(GPtrArray) mine = g_ptr_array_new ();

      for (guint i = 0; i < edits->len; i++)
        if (((MsCertEdit *) edits->pdata[i])->exception->program == program)
          g_ptr_array_add (mine, edits->pdata[i]);
      if (mine->len == 0)
        continue;
      switch (program)
        {
        case MS_CERT_PROGRAM_THUNDERBIRD:
          g_ptr_array_add (outcomes, apply_thunderbird (mine, dry_run, cancellable));
          break;
        case MS_CERT_PROGRAM_EVOLUTION:
          g_ptr_array_add (outcomes, apply_evolution (mine, ms_cert_stores_data_home (stores), dry_run,
                                                      cancellable));
          break;
        default:
          g_ptr_array_add (outcomes, apply_pins (mine, pin_path, dry_run, cancellable));
          break;
        }
    }
  return outcomes;
}

typedef struct {
  GPtrArray *edits;
  char *tb_root;
  char *data_home;
  char *pin_path;
  gboolean dry_run;
} ApplyData;

static void
apply_data_free (ApplyData *d)
{
  g_ptr_array_unref (d->edits);
  g_free (d->tb_root);
  g_free (d->data_home);
  g_free (d->pin_path);
  g_free (d);
}

static void
apply_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ApplyData *d = task_data;
  MsCertStores stores = { d->tb_root, d->data_home, d->pin_path };

  g_task_return_pointer (task, ms_cert_changes_apply (d->edits, &stores, d->dry_run, cancellable),
                         (GDestroyNotify) g_ptr_array_unref);
}

void
ms_cert_changes_apply_async (GPtrArray *edits, const MsCertStores *stores, gboolean dry_run,
                             GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ApplyData *d = g_new0 (ApplyData, 1);

  d->edits = g_ptr_array_ref (edits);
  d->tb_root = stores && stores->thunderbird_root ? g_strdup (stores->thunderbird_root) : NULL;
  d->data_home = g_strdup (ms_cert_stores_data_home (stores));
  d->pin_path = ms_cert_stores_pin_path (stores);
  d->dry_run = dry_run;
  g_task_set_source_tag (task, ms_cert_changes_apply_async);
  g_task_set_task_data (task, d, (GDestroyNotify) apply_data_free);
  g_task_run_in_thread (task, apply_thread);
}

GPtrArray *
ms_cert_changes_apply_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
