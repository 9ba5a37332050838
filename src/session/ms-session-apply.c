/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "clients/evolution/ms-keyring.h"
#include "net/ms-cert.h"
#include "ms-session-private.h"

/* ---- certificates ---- */

static const MsCertInfo *
leaf_of (const MsVerdict *v)
{
  const MsCertReport *cert = v && v->result ? v->result->certificate : NULL;

  return cert && cert->chain->len ? cert->chain->pdata[0] : NULL;
}

void
_ms_session_complete_pins (MsSetupSession *self, MsCheckReport *report)
{
  for (guint i = 0; i < report->verdicts->len; i++)
    {
      MsVerdict *v = report->verdicts->pdata[i];
      const MsCertInfo *leaf = leaf_of (v);
      g_autoptr(MsPin) pin = NULL;

      if (leaf == NULL || !v->result->certificate->pinned)
        continue;
      pin = ms_pin_store_get (self->pins, v->endpoint->hostname, v->endpoint->port);
      if (pin && pin->der == NULL)
        ms_pin_store_add (self->pins, v->endpoint->hostname, v->endpoint->port, leaf->der, NULL);
    }
}

typedef struct {
  guint pending;
  MsCheckScope scope;
  GError *error;
} AcceptData;

static void
accept_checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(MsCheckReport) report = NULL;
  GError *error = NULL;

  report = ms_setup_session_check_finish (MS_SETUP_SESSION (source), result, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
pin_stored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  AcceptData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!ms_pin_store_add_finish (MS_PIN_STORE (source), result, &error) && data->error == NULL)
    data->error = error;
  else
    g_clear_error (&error);
  if (--data->pending > 0)
    return;
  if (data->error)
    {
      g_task_return_error (task, g_steal_pointer (&data->error));
      return;
    }
  /* The password is tried now that the certificate is trusted. */
  ms_setup_session_check_async (g_task_get_source_object (task), data->scope, g_task_get_cancellable (task),
                                accept_checked, g_object_ref (task));
}

static void
accept_data_free (AcceptData *data)
{
  g_clear_error (&data->error);
  g_free (data);
}

void
ms_setup_session_accept_async (MsSetupSession *self, const char *sha256, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *wanted = ms_cert_normalize_fingerprint (sha256);
  AcceptData *data = g_new0 (AcceptData, 1);
  MsVerdict *refused = NULL;

  g_task_set_source_tag (task, ms_setup_session_accept_async);
  g_task_set_task_data (task, data, (GDestroyNotify) accept_data_free);
  for (MsRole role = MS_ROLE_INCOMING; role <= MS_ROLE_OUTGOING; role++)
    {
      MsVerdict *v = self->verdicts[role];
      const MsCertInfo *leaf = leaf_of (v);

      if (leaf == NULL || wanted == NULL || g_strcmp0 (leaf->sha256, wanted) != 0)
        continue;
      if (v->kind != MS_VERDICT_NEEDS_APPROVAL)
        {
          refused = v->kind == MS_VERDICT_FAILED ? v : refused;
          continue;
        }
      /* One certificate shown on both servers is accepted for both. */
      data->scope |= role == MS_ROLE_INCOMING ? MS_CHECK_INCOMING : MS_CHECK_OUTGOING;
      data->pending++;
      ms_pin_store_add_async (self->pins, v->endpoint->hostname, v->endpoint->port, leaf->der, cancellable,
                              pin_stored, g_object_ref (task));
    }
  if (data->pending > 0)
    return;
  if (refused != NULL)
    g_task_return_new_error (task, MS_SESSION_ERROR, MS_SESSION_ERROR_CANNOT_ACCEPT, "%s %s", refused->headline,
                             refused->advice ? refused->advice : "");
  else
    g_task_return_new_error (task, MS_SESSION_ERROR, MS_SESSION_ERROR_NO_CERTIFICATE,
                             _("No certificate with this fingerprint is waiting for your approval."));
}

gboolean
ms_setup_session_accept_finish (MsSetupSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- writing the mail programs ---- */

gboolean
ms_setup_session_needs_keyring (MsSetupSession *self, GPtrArray *clients, const MsClientOptions *options)
{
  if (options->store_password == FALSE || *ms_account_get_password (self->account) == '\0')
    return FALSE;
  for (guint i = 0; i < clients->len; i++)
    if (ms_client_needs_keyring (clients->pdata[i], options))
      return TRUE;
  return FALSE;
}

typedef struct {
  GPtrArray *clients;
  MsClientOptions options;
  char *profile;
  MsApplyReport *report;
  MsApply *apply;
} ApplyData;

static void
apply_data_free (ApplyData *data)
{
  g_ptr_array_unref (data->clients);
  g_free (data->profile);
  ms_apply_report_free (data->report);
  g_clear_object (&data->apply);
  g_free (data);
}

static void
add_blocker (ApplyData *data, MsClient *client, GError *error)
{
  MsBlocker *blocker = g_new0 (MsBlocker, 1);

  blocker->client = client ? g_object_ref (client) : NULL;
  blocker->error = error;
  g_ptr_array_add (data->report->blockers, blocker);
}

static void
forward_client_started (MsSetupSession *self, MsClient *client)
{
  g_signal_emit (self, _ms_session_signals[SIGNAL_CLIENT_STARTED], 0, client);
}

static void
forward_client_finished (MsSetupSession *self, MsClient *client, gpointer outcome)
{
  g_signal_emit (self, _ms_session_signals[SIGNAL_CLIENT_FINISHED], 0, client, outcome);
}

static void
written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  ApplyData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->report->outcomes = ms_apply_run_finish (MS_APPLY (source), result, &error);
  if (data->report->outcomes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&data->report), (GDestroyNotify) ms_apply_report_free);
}

static void
write_clients (GTask *task)
{
  MsSetupSession *self = g_task_get_source_object (task);
  ApplyData *data = g_task_get_task_data (task);

  /* Blocked: a real run writes nothing; a dry run still shows it all. */
  if (data->report->blockers->len > 0 && !data->options.dry_run)
    {
      g_task_return_pointer (task, g_steal_pointer (&data->report), (GDestroyNotify) ms_apply_report_free);
      return;
    }
  data->apply = ms_apply_new (self->account, self->pins, &data->options);
  for (guint i = 0; i < data->clients->len; i++)
    ms_apply_add_client (data->apply, data->clients->pdata[i]);
  g_signal_connect_object (data->apply, "client-started", G_CALLBACK (forward_client_started), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (data->apply, "client-finished", G_CALLBACK (forward_client_finished), self,
                           G_CONNECT_SWAPPED);
  ms_apply_run_async (data->apply, g_task_get_cancellable (task), written, g_object_ref (task));
}

/* Asks each program, off the main loop, whether it holds its files. */
static void
check_ready_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ApplyData *data = task_data;
  GPtrArray *errors = g_ptr_array_new ();

  for (guint i = 0; i < data->clients->len; i++)
    {
      GError *error = NULL;

      g_ptr_array_add (errors, ms_client_check_ready (data->clients->pdata[i], &data->options, &error) ? NULL : error);
    }
  g_task_return_pointer (task, errors, NULL);
}

static void
ready_checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  ApplyData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) errors = g_task_propagate_pointer (G_TASK (result), NULL);

  for (guint i = 0; errors && i < errors->len; i++)
    if (errors->pdata[i] != NULL)
      add_blocker (data, data->clients->pdata[i], errors->pdata[i]);
  if (g_task_return_error_if_cancelled (task))
    return;
  write_clients (task);
}

static void
check_programs (GTask *task)
{
  ApplyData *data = g_task_get_task_data (task);
  g_autoptr(GTask) inner = g_task_new (NULL, g_task_get_cancellable (task), ready_checked, g_object_ref (task));

  g_task_set_task_data (inner, data, NULL);
  g_task_run_in_thread (inner, check_ready_thread);
}

static void
keyring_checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  ApplyData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!ms_keyring_check_available_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, error);
          return;
        }
      /* The keyring's own message says what failed; the code says what
       * the front ends offer (going on without remembering it). */
      {
        GError *blocked = g_error_new (MS_CLIENT_ERROR, MS_CLIENT_ERROR_KEYRING, "%s", error->message);
        g_error_free (error);
        add_blocker (data, NULL, blocked);
      }
    }
  check_programs (task);
}

void
ms_setup_session_apply_async (MsSetupSession *self, GPtrArray *clients, const MsClientOptions *options,
                              GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ApplyData *data = g_new0 (ApplyData, 1);

  g_task_set_source_tag (task, ms_setup_session_apply_async);
  data->clients = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < clients->len; i++)
    g_ptr_array_add (data->clients, g_object_ref (clients->pdata[i]));
  data->options = *options;
  data->profile = g_strdup (options->profile);
  data->options.profile = data->profile;
  data->report = _ms_apply_report_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) apply_data_free);
  /* The keyring only when a chosen program keeps its password there. */
  if (ms_setup_session_needs_keyring (self, clients, options))
    ms_keyring_check_available_async (cancellable, keyring_checked, task);
  else
    {
      check_programs (task);
      g_object_unref (task);
    }
}

MsApplyReport *
ms_setup_session_apply_finish (MsSetupSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
