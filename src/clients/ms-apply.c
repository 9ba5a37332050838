/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ms-apply.h"

struct _MsApply
{
  GObject parent_instance;

  MsAccount *account;
  MsPinStore *pins;
  MsClientOptions options;
  char *profile;
  GPtrArray *clients;
  GPtrArray *outcomes;
  GTask *task;
  guint next;
};

G_DEFINE_TYPE (MsApply, ms_apply, G_TYPE_OBJECT)

enum { CLIENT_STARTED, CLIENT_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
outcome_free (MsApplyOutcome *outcome)
{
  g_clear_object (&outcome->client);
  g_clear_pointer (&outcome->report, ms_client_report_free);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

static void run_next (MsApply *self);

static void
written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MsApply *self = user_data;
  MsApplyOutcome *outcome = g_new0 (MsApplyOutcome, 1);

  outcome->client = g_object_ref (MS_CLIENT (source));
  outcome->report = ms_client_write_finish (MS_CLIENT (source), result, &outcome->error);
  g_ptr_array_add (self->outcomes, outcome);
  g_signal_emit (self, signals[CLIENT_FINISHED], 0, source, outcome);
  run_next (self);
}

static void
run_next (MsApply *self)
{
  GCancellable *cancellable = g_task_get_cancellable (self->task);
  MsClient *client;

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->task);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return;
    }
  if (self->next >= self->clients->len)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->task);
      g_task_return_pointer (task, g_ptr_array_ref (self->outcomes), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  client = g_ptr_array_index (self->clients, self->next++);
  g_signal_emit (self, signals[CLIENT_STARTED], 0, client);
  ms_client_write_async (client, self->account, self->pins, &self->options, cancellable, written, self);
}

static void
ms_apply_dispose (GObject *object)
{
  MsApply *self = MS_APPLY (object);

  g_clear_object (&self->account);
  g_clear_object (&self->pins);
  g_clear_pointer (&self->clients, g_ptr_array_unref);
  g_clear_pointer (&self->outcomes, g_ptr_array_unref);
  g_clear_pointer (&self->profile, g_free);
  G_OBJECT_CLASS (ms_apply_parent_class)->dispose (object);
}

static void
ms_apply_class_init (MsApplyClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ms_apply_dispose;
  signals[CLIENT_STARTED] = g_signal_new ("client-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, MS_TYPE_CLIENT);
  signals[CLIENT_FINISHED] = g_signal_new ("client-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 2, MS_TYPE_CLIENT, G_TYPE_POINTER);
}

static void
ms_apply_init (MsApply *self)
{
  self->clients = g_ptr_array_new_with_free_func (g_object_unref);
  self->outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) outcome_free);
}

MsApply *
ms_apply_new (MsAccount *account, MsPinStore *pins, const MsClientOptions *options)
{
  MsApply *self = g_object_new (MS_TYPE_APPLY, NULL);

  self->account = g_object_ref (account);
  self->pins = pins ? g_object_ref (pins) : NULL;
  self->options = *options;
  self->profile = g_strdup (options->profile);
  self->options.profile = self->profile;
  return self;
}

void
ms_apply_add_client (MsApply *self, MsClient *client)
{
  g_ptr_array_add (self->clients, g_object_ref (client));
}

void
ms_apply_run_async (MsApply *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (self->task == NULL);
  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, ms_apply_run_async);
  self->next = 0;
  g_ptr_array_set_size (self->outcomes, 0);
  run_next (self);
}

GPtrArray *
ms_apply_run_finish (MsApply *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
