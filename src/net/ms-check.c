/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/ms-ports.h"
#include "ms-check.h"

struct _MsCheck {
  GObject parent_instance;
  MsProbeOptions *options;
  GPtrArray *endpoints;      /* MsEndpoint*, primaries */

  GTask *task;               /* while running */
  GPtrArray *fallbacks;      /* GCancellable* per primary: stops its fallback, or NULL */
  MsCheckResult *result;
  guint pending;
  gint64 start_us;
};

G_DEFINE_FINAL_TYPE (MsCheck, ms_check, G_TYPE_OBJECT)

enum { SIGNAL_ENDPOINT_STARTED, SIGNAL_ENDPOINT_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

void
ms_check_result_free (MsCheckResult *result)
{
  if (result == NULL)
    return;
  g_ptr_array_unref (result->results);
  g_array_unref (result->primary);
  g_free (result);
}

MsProbeResult *
ms_check_result_best (const MsCheckResult *result, guint index)
{
  MsProbeResult *own = NULL;

  for (guint i = 0; i < result->results->len; i++)
    {
      MsProbeResult *r = result->results->pdata[i];

      if (r == NULL || g_array_index (result->primary, guint, i) != index)
        continue;
      if (ms_probe_result_passed (r))
        return r;
      if (own == NULL)
        own = r;
    }
  return own;
}

static MsProbeResult *
find_result (const MsCheckResult *result, guint index, gboolean fallback)
{
  for (guint i = 0; i < result->results->len; i++)
    {
      MsProbeResult *r = result->results->pdata[i];

      if (r != NULL && g_array_index (result->primary, guint, i) == index && r->is_fallback == fallback)
        return r;
    }
  return NULL;
}

MsProbeResult *
ms_check_result_own (const MsCheckResult *result, guint index)
{
  return find_result (result, index, FALSE);
}

MsProbeResult *
ms_check_result_fallback (const MsCheckResult *result, guint index)
{
  return find_result (result, index, TRUE);
}

gboolean
ms_check_result_endpoint_passed (const MsCheckResult *result, guint index)
{
  MsProbeResult *best = ms_check_result_best (result, index);

  return best != NULL && ms_probe_result_passed (best);
}

gboolean
ms_check_result_all_passed (const MsCheckResult *result)
{
  for (guint i = 0; i < result->n_endpoints; i++)
    if (!ms_check_result_endpoint_passed (result, i))
      return FALSE;
  return result->n_endpoints > 0;
}

static void
unref_if (gpointer object)
{
  if (object)
    g_object_unref (object);
}

static void
ms_check_finalize (GObject *object)
{
  MsCheck *self = MS_CHECK (object);

  ms_probe_options_free (self->options);
  g_ptr_array_unref (self->endpoints);
  g_ptr_array_unref (self->fallbacks);
  ms_check_result_free (self->result);
  G_OBJECT_CLASS (ms_check_parent_class)->finalize (object);
}

static void
ms_check_class_init (MsCheckClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_check_finalize;

  signals[SIGNAL_ENDPOINT_STARTED] =
    g_signal_new ("endpoint-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, MS_TYPE_ENDPOINT);
  signals[SIGNAL_ENDPOINT_FINISHED] =
    g_signal_new ("endpoint-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, MS_TYPE_PROBE_RESULT);
}

static void
ms_check_init (MsCheck *self)
{
  self->endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_endpoint_free);
  self->fallbacks = g_ptr_array_new_with_free_func (unref_if);
}

MsCheck *
ms_check_new (const MsProbeOptions *options)
{
  MsCheck *self = g_object_new (MS_TYPE_CHECK, NULL);

  self->options = options ? ms_probe_options_copy (options) : ms_probe_options_new ();
  return self;
}

guint
ms_check_add (MsCheck *self, const MsEndpoint *endpoint)
{
  g_return_val_if_fail (MS_IS_CHECK (self) && self->task == NULL, 0);
  g_ptr_array_add (self->endpoints, ms_endpoint_copy (endpoint));
  return self->endpoints->len - 1;
}

void
ms_check_add_standard (MsCheck *self, MsProtocol protocol, const char *hostname, const char *certificate_name)
{
  guint n;
  const MsDoor *doors = ms_ports_doors (&n);

  for (guint i = 0; i < n; i++)
    if (doors[i].protocol == protocol)
      {
        g_autoptr(MsEndpoint) ep = ms_endpoint_new (protocol, hostname, doors[i].port, doors[i].security);
        ep->certificate_name = g_strdup (certificate_name);
        ms_check_add (self, ep);
      }
}

guint
ms_check_get_n_endpoints (MsCheck *self)
{
  return self->endpoints->len;
}

static gboolean
wants_fallback (const MsEndpoint *endpoint)
{
  return endpoint->protocol == MS_PROTOCOL_SMTP && endpoint->security != MS_SECURITY_NONE;
}


/* A fallback has a cancellable of its own: once the usual mode is known
 * to work, the other mode's answer is not needed, and waiting for it
 * (a silent server times out) would make every SMTP check slow. */
typedef struct {
  MsCheck *self;
  guint slot;
  GCancellable *own;          /* fallbacks only */
  gulong handler;
} ProbeSlot;

static void
cancel_own (GCancellable *parent, gpointer own)
{
  g_cancellable_cancel (own);
}

static void
on_probe_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  ProbeSlot *slot = user_data;
  MsCheck *self = slot->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsProbeResult) r = ms_probe_run_finish (res, &error);
  guint index = slot->slot;
  GTask *task = self->task;
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (slot->own)
    {
      g_cancellable_disconnect (cancellable, slot->handler);
      g_object_unref (slot->own);
    }
  g_free (slot);
  self->pending--;
  if (r != NULL && !g_cancellable_is_cancelled (cancellable))
    {
      guint primary = g_array_index (self->result->primary, guint, index);

      r->is_fallback = index >= self->result->n_endpoints;
      g_ptr_array_index (self->result->results, index) = ms_probe_result_ref (r);
      g_signal_emit (self, signals[SIGNAL_ENDPOINT_FINISHED], 0, index, r);
      /* TLS came up in the usual mode: that is the answer. */
      if (!r->is_fallback && r->tls && g_ptr_array_index (self->fallbacks, primary))
        g_cancellable_cancel (g_ptr_array_index (self->fallbacks, primary));
    }
  if (self->pending > 0)
    return;

  /* Last probe in: every operation has stopped, whatever the outcome. */
  self->task = NULL;
  g_ptr_array_set_size (self->fallbacks, 0);
  if (!g_task_return_error_if_cancelled (task))
    {
      self->result->total_ms = (g_get_monotonic_time () - self->start_us) / 1000;
      g_task_return_pointer (task, g_steal_pointer (&self->result), (GDestroyNotify) ms_check_result_free);
    }
  g_object_unref (task);
}

static void
start_probe (MsCheck *self, const MsEndpoint *endpoint, guint primary, gboolean fallback)
{
  ProbeSlot *slot = g_new0 (ProbeSlot, 1);
  GCancellable *cancellable = g_task_get_cancellable (self->task);

  if (fallback)
    {
      slot->own = g_cancellable_new ();
      if (cancellable)
        slot->handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_own), slot->own, NULL);
      g_ptr_array_index (self->fallbacks, primary) = g_object_ref (slot->own);
      cancellable = slot->own;
    }
  slot->self = self;
  slot->slot = self->result->results->len;
  g_ptr_array_add (self->result->results, NULL);
  g_array_append_val (self->result->primary, primary);
  self->pending++;
  g_signal_emit (self, signals[SIGNAL_ENDPOINT_STARTED], 0, slot->slot, endpoint);
  ms_probe_run_async (endpoint, self->options, cancellable, on_probe_done, slot);
}

void
ms_check_run_async (MsCheck *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (MS_IS_CHECK (self));
  g_return_if_fail (self->task == NULL);

  /* Holds a reference to self until the last probe is in. */
  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, ms_check_run_async);
  ms_check_result_free (self->result);
  self->result = g_new0 (MsCheckResult, 1);
  self->result->results = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_probe_result_unref);
  self->result->primary = g_array_new (FALSE, FALSE, sizeof (guint));
  self->result->n_endpoints = self->endpoints->len;
  self->start_us = g_get_monotonic_time ();
  if (self->endpoints->len == 0)
    {
      GTask *task = g_steal_pointer (&self->task);
      g_task_return_pointer (task, g_steal_pointer (&self->result), (GDestroyNotify) ms_check_result_free);
      g_object_unref (task);
      return;
    }
  /* All at once: the total time is the slowest probe, not the sum.
   * Primaries first, so that their results have the first indexes. */
  g_ptr_array_set_size (self->fallbacks, self->endpoints->len);
  for (guint i = 0; i < self->endpoints->len; i++)
    start_probe (self, self->endpoints->pdata[i], i, FALSE);
  for (guint i = 0; i < self->endpoints->len; i++)
    if (wants_fallback (self->endpoints->pdata[i]))
      {
        g_autoptr(MsEndpoint) other = ms_endpoint_copy (self->endpoints->pdata[i]);
        other->security = other->security == MS_SECURITY_SSL ? MS_SECURITY_STARTTLS : MS_SECURITY_SSL;
        start_probe (self, other, i, TRUE);
      }
}

MsCheckResult *
ms_check_run_finish (MsCheck *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
