/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "core/ms-ports.h"
#include "net/ms-check.h"
#include "ms-session-private.h"

/* One check: each judged server is probed with the login (and, for SMTP,
 * in the other TLS mode at the same time); the other standard doors of
 * the same hosts are probed at once without a login, so that a failure
 * can come with a fix that is known to work.  Everything runs in
 * parallel: the answer comes as fast as the slowest probe. */

typedef struct {
  gint role;                /* MsRole, or -1 for an endpoint from the command line */
  MsEndpoint *endpoint;
  MsCheck *check;
  MsCheckResult *result;
  char *username;
  gboolean local_part;
  gboolean password_given;
  guint id_base;
  gboolean retried;         /* already moved off a blocked port 25 */
  MsEndpoint *asked;
} Job;

typedef struct {
  MsSetupSession *self;
  GPtrArray *jobs;          /* Job* */
  MsCheck *others;
  MsCheckResult *others_result;
  guint others_id_base;
  guint pending;
  gboolean keep_verdicts;   /* a check of the account, not of loose endpoints */
  char *port25_advice;      /* kept from the first look, before any move off port 25 */
  gint64 start_us;
} Run;

static void
job_free (Job *job)
{
  ms_endpoint_free (job->endpoint);
  g_clear_object (&job->check);
  g_clear_pointer (&job->result, ms_check_result_free);
  g_free (job->username);
  ms_endpoint_free (job->asked);
  g_free (job);
}

static void
run_free (Run *run)
{
  g_ptr_array_unref (run->jobs);
  g_clear_object (&run->others);
  g_clear_pointer (&run->others_result, ms_check_result_free);
  g_free (run->port25_advice);
  g_object_unref (run->self);
  g_free (run);
}

static Job *
job_of (Run *run, MsCheck *check)
{
  for (guint i = 0; i < run->jobs->len; i++)
    if (((Job *) run->jobs->pdata[i])->check == check)
      return run->jobs->pdata[i];
  return NULL;
}

static void
forward_started (MsCheck *check, guint index, MsEndpoint *endpoint, gpointer user_data)
{
  Run *run = g_task_get_task_data (G_TASK (user_data));
  Job *job = job_of (run, check);

  g_signal_emit (run->self, _ms_session_signals[SIGNAL_PROBE_STARTED], 0,
                 (job ? job->id_base : run->others_id_base) + index, endpoint, job ? job->role : -1,
                 index >= ms_check_get_n_endpoints (check));
}

static void
forward_finished (MsCheck *check, guint index, MsProbeResult *result, gpointer user_data)
{
  Run *run = g_task_get_task_data (G_TASK (user_data));
  Job *job = job_of (run, check);

  g_signal_emit (run->self, _ms_session_signals[SIGNAL_PROBE_FINISHED], 0,
                 (job ? job->id_base : run->others_id_base) + index, result, job ? job->role : -1,
                 result->is_fallback);
}

static void check_done (GObject *source, GAsyncResult *res, gpointer user_data);

static void
start (GTask *task, MsCheck *check, guint *id_base)
{
  Run *run = g_task_get_task_data (task);

  /* Each endpoint and its fallback get an id; room for both. */
  *id_base = run->self->next_probe_id;
  run->self->next_probe_id += 2 * ms_check_get_n_endpoints (check) + 1;
  g_signal_connect (check, "endpoint-started", G_CALLBACK (forward_started), task);
  g_signal_connect (check, "endpoint-finished", G_CALLBACK (forward_finished), task);
  run->pending++;
  ms_check_run_async (check, g_task_get_cancellable (task), check_done, g_object_ref (task));
}

static void
start_job (GTask *task, Job *job)
{
  Run *run = g_task_get_task_data (task);
  MsAccount *account = ms_setup_session_get_account (run->self);
  MsServer *server = job->role >= 0 ? ms_account_get_server (account, job->role) : NULL;
  g_autoptr(MsProbeOptions) options = ms_setup_session_probe_options (run->self, server);

  if (server == NULL && *ms_account_get_password (account))
    {
      /* A loose endpoint logs in as the account would. */
      options->password = g_strdup (ms_account_get_password (account));
      options->username = job->username && *job->username ? g_strdup (job->username) : NULL;
    }
  job->password_given = options->password != NULL;
  g_clear_object (&job->check);
  g_clear_pointer (&job->result, ms_check_result_free);
  job->check = ms_check_new (options);
  ms_check_add (job->check, job->endpoint);
  start (task, job->check, &job->id_base);
}

static gboolean
is_judged (Run *run, const MsEndpoint *e)
{
  for (guint i = 0; i < run->jobs->len; i++)
    {
      MsEndpoint *mine = ((Job *) run->jobs->pdata[i])->endpoint;

      if (mine->protocol == e->protocol && mine->port == e->port && mine->security == e->security &&
          g_ascii_strcasecmp (mine->hostname, e->hostname) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The other standard doors of each judged host, once each.  For SMTP the
 * judged door's family is probed whole, so that a blocked port 25 can be
 * told apart from a server that is down. */
static void
add_others (Run *run)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n;
  const MsDoor *doors = ms_ports_doors (&n);

  for (guint j = 0; j < run->jobs->len; j++)
    {
      MsEndpoint *mine = ((Job *) run->jobs->pdata[j])->endpoint;
      gboolean smtp = mine->protocol == MS_PROTOCOL_SMTP;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(MsEndpoint) e = NULL;
          g_autofree char *key = NULL;

          if ((doors[i].protocol == MS_PROTOCOL_SMTP) != smtp)
            continue;
          e = ms_endpoint_new (doors[i].protocol, mine->hostname, doors[i].port, doors[i].security);
          e->certificate_name = g_strdup (mine->certificate_name);
          key = g_strdup_printf ("%d %s %u %d", e->protocol, e->hostname, e->port, e->security);
          if (is_judged (run, e) || !g_hash_table_add (seen, g_steal_pointer (&key)))
            continue;
          ms_check_add (run->others, e);
        }
    }
}

static GPtrArray *
alternatives (Run *run)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_probe_result_unref);

  for (guint i = 0; run->others_result && i < run->others_result->n_endpoints; i++)
    {
      MsProbeResult *r = ms_check_result_best (run->others_result, i);
      if (r != NULL)
        g_ptr_array_add (list, ms_probe_result_ref (r));
    }
  return list;
}

static MsVerdict *
decide (Run *run, Job *job, GPtrArray *others)
{
  MsAccount *account = ms_setup_session_get_account (run->self);
  MsProvider *provider = ms_account_get_provider (account);
  MsVerdictInput in = { 0 };
  MsVerdict *verdict;

  in.role = job->role < 0 ? MS_ROLE_INCOMING : job->role;
  in.endpoint = job->endpoint;
  in.own = ms_check_result_own (job->result, 0);
  in.fallback = ms_check_result_fallback (job->result, 0);
  in.alternatives = others;
  in.address = ms_account_get_address (account);
  in.username = job->username;
  in.local_part_username = job->local_part;
  in.password_given = job->password_given;
  in.provider_name = provider && !ms_provider_is_manual (provider) ? ms_provider_get_display_name (provider) : NULL;
  in.expected_name = job->endpoint->certificate_name ? job->endpoint->certificate_name : job->endpoint->hostname;
  verdict = ms_verdict_decide (&in);
  verdict->account_server = job->role >= 0;
  return verdict;
}

/* As the guide says: when the internet provider blocks port 25, send
 * through 465 or 587.  The session moves the account there and checks
 * the new door with the login, unless told to keep the servers. */
static gboolean
maybe_move_off_port25 (GTask *task, Job *job, MsVerdict *verdict)
{
  Run *run = g_task_get_task_data (task);

  if (run->self->keep_servers || !run->keep_verdicts || job->role != MS_ROLE_OUTGOING || job->retried ||
      verdict->fix != MS_FIX_USE_ENDPOINT || job->endpoint->port != 25 || verdict->fix_endpoint->port == 25 ||
      verdict->fix_endpoint->protocol != MS_PROTOCOL_SMTP)
    return FALSE;
  job->retried = TRUE;
  job->asked = g_steal_pointer (&job->endpoint);
  _ms_session_use_endpoint (run->self, MS_ROLE_OUTGOING, verdict->fix_endpoint);
  job->endpoint = ms_server_to_endpoint (ms_account_get_outgoing (ms_setup_session_get_account (run->self)));
  start_job (task, job);
  return TRUE;
}

static void
finish (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  MsCheckReport *report = g_new0 (MsCheckReport, 1);
  g_autoptr(GPtrArray) others = alternatives (run);

  report->verdicts = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_verdict_unref);
  report->alternatives = g_ptr_array_ref (others);
  for (guint i = 0; i < run->jobs->len; i++)
    {
      Job *job = run->jobs->pdata[i];
      MsVerdict *verdict = decide (run, job, others);

      if (job->endpoint->protocol == MS_PROTOCOL_SMTP && run->port25_advice == NULL)
        run->port25_advice = ms_verdict_port25_advice (ms_check_result_own (job->result, 0), others, NULL);
      if (maybe_move_off_port25 (task, job, verdict))
        {
          /* The new door is being checked: finish once it is in. */
          ms_verdict_unref (verdict);
          ms_check_report_free (report);
          return;
        }
      if (job->asked)
        {
          verdict->asked = ms_endpoint_copy (job->asked);
          verdict->change_reason = g_strdup (run->port25_advice);
        }
      g_ptr_array_add (report->verdicts, verdict);
    }
  report->port25_advice = g_strdup (run->port25_advice);
  report->total_ms = (g_get_monotonic_time () - run->start_us) / 1000;
  if (run->keep_verdicts)
    {
      MsSetupSession *self = run->self;

      _ms_session_complete_pins (self, report);
      for (guint i = 0; i < report->verdicts->len; i++)
        {
          MsVerdict *v = report->verdicts->pdata[i];
          _ms_session_set_verdict (self, v->role, v);
        }
      g_clear_pointer (&self->report, ms_check_report_free);
      /* The session keeps its own copy: the caller owns the one returned. */
      self->report = g_new0 (MsCheckReport, 1);
      self->report->verdicts = g_ptr_array_ref (report->verdicts);
      self->report->alternatives = g_ptr_array_ref (report->alternatives);
      self->report->port25_advice = g_strdup (report->port25_advice);
      self->report->total_ms = report->total_ms;
    }
  else
    _ms_session_complete_pins (run->self, report);
  g_task_return_pointer (task, report, (GDestroyNotify) ms_check_report_free);
}

static void
check_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  MsCheckResult *result = ms_check_run_finish (MS_CHECK (source), res, NULL);

  g_signal_handlers_disconnect_by_data (source, task);
  if (MS_CHECK (source) == run->others)
    run->others_result = result;
  else
    for (guint i = 0; i < run->jobs->len; i++)
      {
        Job *job = run->jobs->pdata[i];
        if (job->check == MS_CHECK (source))
          job->result = result;
      }
  if (--run->pending > 0)
    return;
  /* Every probe has stopped, whatever the outcome. */
  if (g_task_return_error_if_cancelled (task))
    return;
  finish (task);
}

static GTask *
new_run (MsSetupSession *self, gboolean keep_verdicts, GCancellable *cancellable, GAsyncReadyCallback callback,
         gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Run *run = g_new0 (Run, 1);
  g_autoptr(MsProbeOptions) no_login = ms_setup_session_probe_options (self, NULL);

  run->self = g_object_ref (self);
  run->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);
  run->others = ms_check_new (no_login);
  run->keep_verdicts = keep_verdicts;
  run->start_us = g_get_monotonic_time ();
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  g_task_set_source_tag (task, ms_setup_session_check_async);
  return task;
}

static void
add_job (Run *run, gint role, const MsEndpoint *endpoint, const char *username, gboolean local_part)
{
  Job *job = g_new0 (Job, 1);

  job->role = role;
  job->endpoint = ms_endpoint_copy (endpoint);
  job->username = g_strdup (username);
  job->local_part = local_part;
  g_ptr_array_add (run->jobs, job);
}

static void
run_all (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  if (run->jobs->len == 0)
    {
      g_task_return_new_error (task, MS_SESSION_ERROR, MS_SESSION_ERROR_NOTHING_TO_CHECK, "nothing to check");
      g_object_unref (task);
      return;
    }
  add_others (run);
  for (guint i = 0; i < run->jobs->len; i++)
    start_job (task, run->jobs->pdata[i]);
  if (ms_check_get_n_endpoints (run->others) > 0)
    start (task, run->others, &run->others_id_base);
  g_object_unref (task);
}

void
ms_setup_session_check_async (MsSetupSession *self, MsCheckScope scope, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = new_run (self, TRUE, cancellable, callback, user_data);
  Run *run = g_task_get_task_data (task);

  if (self->offline)
    {
      g_task_return_new_error (task, MS_SESSION_ERROR, MS_SESSION_ERROR_OFFLINE, "offline");
      g_object_unref (task);
      return;
    }
  for (MsRole role = MS_ROLE_INCOMING; role <= MS_ROLE_OUTGOING; role++)
    {
      MsServer *server = ms_account_get_server (self->account, role);
      g_autoptr(MsEndpoint) endpoint = NULL;

      if (!(scope & (role == MS_ROLE_INCOMING ? MS_CHECK_INCOMING : MS_CHECK_OUTGOING)))
        continue;
      endpoint = ms_server_to_endpoint (server);
      add_job (run, role, endpoint, ms_server_get_username (server),
               ms_account_username_is_local_part (self->account, server));
    }
  run_all (task);
}

void
ms_setup_session_check_endpoints_async (MsSetupSession *self, GPtrArray *endpoints, gboolean all_ports,
                                        GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = new_run (self, FALSE, cancellable, callback, user_data);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GHashTable) hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *address = ms_account_get_address (self->account);
  const char *username = ms_server_get_username (ms_account_get_incoming (self->account));
  guint n;
  const MsDoor *doors = ms_ports_doors (&n);

  for (guint i = 0; i < endpoints->len; i++)
    {
      MsEndpoint *e = endpoints->pdata[i];
      g_autofree char *user = *username ? g_strdup (username) : ms_expand_placeholders (e->username, address, NULL);
      g_autofree char *key = g_strdup_printf ("%d %s", e->protocol == MS_PROTOCOL_SMTP, e->hostname);
      gboolean local = user && *address && strchr (user, '@') == NULL;

      if (!all_ports)
        {
          add_job (run, -1, e, user, local);
          continue;
        }
      if (!g_hash_table_add (hosts, g_steal_pointer (&key)))
        continue;
      for (guint d = 0; d < n; d++)
        if ((doors[d].protocol == MS_PROTOCOL_SMTP) == (e->protocol == MS_PROTOCOL_SMTP))
          {
            g_autoptr(MsEndpoint) door = ms_endpoint_new (doors[d].protocol, e->hostname, doors[d].port,
                                                          doors[d].security);
            door->certificate_name = g_strdup (e->certificate_name);
            add_job (run, -1, door, user, local);
          }
    }
  run_all (task);
}

MsCheckReport *
ms_setup_session_check_finish (MsSetupSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
