/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "clients/ms-cert-audit.h"
#include "ms-session-private.h"

/* Check and repair of the accounts customers already have.  Each account
 * is checked with its own settings by a setup session of its own, so the
 * verdicts, the port-25 advice and the certificate rules are exactly
 * those of a new setup; the guide's usual mistakes come from
 * ms_diagnose_settings(), and a stale certificate exception from the
 * certificates audit. */

typedef struct {
  char *address;
  GStrv hosts;
  MsDiagnosisReport *report;
  GPtrArray *exceptions;      /* MsCertException*: what each program accepts already */
  guint pending;
} Diagnose;

static void
diagnose_free (Diagnose *d)
{
  g_free (d->address);
  g_strfreev (d->hosts);
  g_clear_pointer (&d->exceptions, g_ptr_array_unref);
  ms_diagnosis_report_unref (d->report);
  g_free (d);
}

static void
find_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Diagnose *d = task_data;
  g_autoptr(GPtrArray) all = ms_existing_find_all (d->report->unreadable);
  MsCertStores stores = { NULL, NULL, g_getenv ("MAIL_SETUP_PIN_STORE") };

  d->exceptions = ms_cert_exceptions_list (&stores, NULL, NULL);
  for (guint i = 0; i < all->len; i++)
    {
      MsExistingAccount *e = all->pdata[i];
      MsDiagnosis *diagnosis;

      if (!ms_existing_account_matches (e, d->address, (const char *const *) d->hosts))
        continue;
      diagnosis = g_new0 (MsDiagnosis, 1);
      diagnosis->account = g_steal_pointer (&all->pdata[i]);
      diagnosis->problems = ms_diagnose_settings (d->address ? d->address : diagnosis->account->address,
                                                  diagnosis->account->incoming, diagnosis->account->outgoing);
      g_ptr_array_add (d->report->diagnoses, diagnosis);
    }
  g_task_return_boolean (task, TRUE);
}

static void
set_server (MsServer *server, const MsEndpoint *e, MsProvider *provider)
{
  g_autofree char *name = provider ? ms_provider_dup_certificate_name (provider, e->hostname) : NULL;

  ms_server_set_hostname (server, e->hostname);
  /* The security first: setting it moves the port to its usual one. */
  ms_server_set_security (server, e->security);
  ms_server_set_port (server, e->port);
  ms_server_set_username (server, e->username ? e->username : "");
  ms_server_set_certificate_name (server, name ? name : e->hostname);
}

/* The account as it is set in its program, for a setup session to check. */
static MsAccount *
account_as_set (MsSetupSession *self, const MsDiagnosis *diagnosis, const char *address)
{
  MsProvider *provider = ms_account_get_provider (self->account);
  const MsExistingAccount *e = diagnosis->account;
  MsAccount *account = ms_account_new (provider);

  g_object_set (account, "address", address ? address : "", NULL);
  ms_account_select_incoming (account, e->incoming->protocol);
  set_server (ms_account_get_incoming (account), e->incoming, provider);
  if (e->outgoing)
    set_server (ms_account_get_outgoing (account), e->outgoing, provider);
  ms_account_set_password (account, ms_account_get_password (self->account));
  return account;
}

static MsProblem *
find_problem (GPtrArray *problems, gboolean incoming, MsProblemKind kind)
{
  for (guint i = 0; i < problems->len; i++)
    {
      MsProblem *p = problems->pdata[i];

      if (p->incoming == incoming && p->kind == kind)
        return p;
    }
  return NULL;
}

static gboolean
has_problem (GPtrArray *problems, gboolean incoming)
{
  for (guint i = 0; i < problems->len; i++)
    if (((MsProblem *) problems->pdata[i])->incoming == incoming &&
        ((MsProblem *) problems->pdata[i])->kind != MS_PROBLEM_POP3)
      return TRUE;
  return FALSE;
}

/* What the servers said now confirms, sharpens or adds to what the
 * settings alone showed. */
static void
merge_verdicts (MsDiagnosis *diagnosis)
{
  for (guint role = 0; role < 2; role++)
    {
      MsVerdict *v = diagnosis->verdicts[role];
      gboolean incoming = role == MS_ROLE_INCOMING;
      MsProblem *port25 = incoming ? NULL : find_problem (diagnosis->problems, FALSE, MS_PROBLEM_PORT_25);
      MsProblem *p;

      if (v == NULL || v->kind == MS_VERDICT_PASSED)
        continue;
      for (guint i = 0; i < diagnosis->problems->len; i++)
        if (((MsProblem *) diagnosis->problems->pdata[i])->incoming == incoming)
          ((MsProblem *) diagnosis->problems->pdata[i])->seen = TRUE;
      if (port25 && diagnosis->port25_advice)
        {
          /* Blocked from here: the guide's explanation, and the door that
           * answered rather than the one the rules expect. */
          g_free (port25->explanation);
          port25->explanation = g_strdup (diagnosis->port25_advice);
          if (v->fix == MS_FIX_USE_ENDPOINT && v->fix_endpoint && v->fix_endpoint->port != 25)
            {
              port25->fix_endpoint->port = v->fix_endpoint->port;
              port25->fix_endpoint->security = v->fix_endpoint->security;
              g_free (port25->fix);
              /* TRANSLATORS: the security ("SSL/TLS"), then the port number that answered. */
              port25->fix = g_strdup_printf (_("Use %s on port %u: it answers from here."),
                                             ms_security_display (v->fix_endpoint->security),
                                             v->fix_endpoint->port);
            }
          continue;
        }
      if (has_problem (diagnosis->problems, incoming))
        continue;
      p = g_new0 (MsProblem, 1);
      p->kind = MS_PROBLEM_SERVER_FAILS;
      p->incoming = incoming;
      p->seen = TRUE;
      p->explanation = g_strdup (v->headline);
      p->fix = g_strdup (v->advice ? v->advice : "");
      if (v->fix == MS_FIX_USE_ENDPOINT && v->fix_endpoint)
        {
          const MsEndpoint *current = incoming ? diagnosis->account->incoming : diagnosis->account->outgoing;

          p->fix_endpoint = ms_endpoint_copy (current);
          p->fix_endpoint->port = v->fix_endpoint->port;
          p->fix_endpoint->security = v->fix_endpoint->security;
        }
      g_ptr_array_add (diagnosis->problems, p);
    }
}

static void
finish_if_done (GTask *task)
{
  MsSetupSession *self = g_task_get_source_object (task);
  Diagnose *d = g_task_get_task_data (task);

  if (--d->pending > 0)
    return;
  if (g_task_return_error_if_cancelled (task))
    return;
  for (guint i = 0; i < d->report->diagnoses->len; i++)
    {
      MsDiagnosis *diagnosis = d->report->diagnoses->pdata[i];

      /* After the certificate audit, so that a stale exception is named
       * as such rather than as a server that fails. */
      merge_verdicts (diagnosis);
      ms_diagnosis_plan_repair (diagnosis);
      d->report->n_problems += diagnosis->problems->len;
    }
  /* The helpdesk report tells what the last check found. */
  g_clear_pointer (&self->diagnosis, ms_diagnosis_report_unref);
  self->diagnosis = ms_diagnosis_report_ref (d->report);
  g_task_return_pointer (task, g_steal_pointer (&d->report), (GDestroyNotify) ms_diagnosis_report_unref);
}

typedef struct {
  GTask *task;
  MsDiagnosis *diagnosis;
} Pending;

/* SSL on a STARTTLS port, or the reverse, on a port the rules do not
 * know: the server only stays silent or breaks the handshake.  The other
 * mode on the same port, tried without logging in, tells. */
typedef struct {
  GTask *task;
  MsDiagnosis *diagnosis;
  gboolean incoming;
  MsEndpoint *other;
} OtherMode;

static void
other_mode_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  OtherMode *om = user_data;
  g_autoptr(MsProbeResult) r = ms_probe_run_finish (result, NULL);

  if (r && r->reachable && r->tls && r->greeting)
    {
      const MsEndpoint *current = om->incoming ? om->diagnosis->account->incoming : om->diagnosis->account->outgoing;
      MsProblem *p = g_new0 (MsProblem, 1);

      p->kind = MS_PROBLEM_SECURITY_MISMATCH;
      p->incoming = om->incoming;
      p->seen = TRUE;
      p->fix_endpoint = ms_endpoint_copy (current);
      p->fix_endpoint->security = om->other->security;
      /* TRANSLATORS: a port number, the security set ("STARTTLS"), then the one the server speaks there. */
      p->explanation = g_strdup_printf (_("Port %u is set with %s, but the server speaks %s on it: the port and the "
                                          "security must go together, or the connection fails."),
                                        current->port, ms_security_display (current->security),
                                        ms_security_display (om->other->security));
      /* TRANSLATORS: the security, then the port number. */
      p->fix = g_strdup_printf (_("Use %s on port %u."), ms_security_display (om->other->security), current->port);
      g_ptr_array_add (om->diagnosis->problems, p);
    }
  finish_if_done (om->task);
  g_object_unref (om->task);
  ms_endpoint_free (om->other);
  g_free (om);
}

static void
try_other_mode (MsSetupSession *session, GTask *task, MsDiagnosis *diagnosis, MsRole role)
{
  Diagnose *d = g_task_get_task_data (task);
  const MsVerdict *v = diagnosis->verdicts[role];
  gboolean incoming = role == MS_ROLE_INCOMING;
  const MsEndpoint *current = incoming ? diagnosis->account->incoming : diagnosis->account->outgoing;
  g_autoptr(MsProbeOptions) options = NULL;
  OtherMode *om;

  if (v == NULL || v->kind != MS_VERDICT_FAILED || v->fix == MS_FIX_USE_ENDPOINT || current == NULL ||
      current->security == MS_SECURITY_NONE || !v->result || !v->result->reachable ||
      find_problem (diagnosis->problems, incoming, MS_PROBLEM_SECURITY_MISMATCH) ||
      find_problem (diagnosis->problems, incoming, MS_PROBLEM_PORT_25))
    return;
  om = g_new0 (OtherMode, 1);
  om->task = g_object_ref (task);
  om->diagnosis = diagnosis;
  om->incoming = incoming;
  om->other = ms_endpoint_copy (v->endpoint);
  om->other->security = current->security == MS_SECURITY_SSL ? MS_SECURITY_STARTTLS : MS_SECURITY_SSL;
  options = ms_setup_session_probe_options (session, NULL);
  d->pending++;
  ms_probe_run_async (om->other, options, g_task_get_cancellable (task), other_mode_done, om);
}

static void
checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;
  MsSetupSession *session = MS_SETUP_SESSION (source);
  g_autoptr(MsCheckReport) report = ms_setup_session_check_finish (session, result, NULL);

  if (report)
    {
      for (guint role = 0; role < 2; role++)
        {
          MsVerdict *v = ms_setup_session_get_verdict (session, role);

          pending->diagnosis->verdicts[role] = v ? ms_verdict_ref (v) : NULL;
        }
      pending->diagnosis->port25_advice = g_strdup (report->port25_advice);
      if (!g_cancellable_is_cancelled (g_task_get_cancellable (pending->task)))
        for (guint role = 0; role < 2; role++)
          try_other_mode (session, pending->task, pending->diagnosis, role);
    }
  finish_if_done (pending->task);
  g_object_unref (pending->task);
  g_object_unref (session);
  g_free (pending);
}

static gboolean
row_is_stale (const MsCertAuditRow *row)
{
  return row->status == MS_CERT_STATUS_RENEWED || row->status == MS_CERT_STATUS_WRONG_NAME ||
         row->status == MS_CERT_STATUS_EXPIRED;
}

static gboolean
row_is_for (const MsCertAuditRow *row, const MsExistingAccount *e, const MsEndpoint *server)
{
  const MsCertException *x = row->exception;

  if (server == NULL || g_ascii_strcasecmp (row->host, server->hostname) != 0 ||
      (row->port != 0 && row->port != server->port))
    return FALSE;
  if (g_str_equal (e->program, "thunderbird"))
    return x->program == MS_CERT_PROGRAM_THUNDERBIRD && g_strcmp0 (x->profile_dir, e->dir) == 0;
  return x->program == MS_CERT_PROGRAM_EVOLUTION;
}

static void
audited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Diagnose *d = g_task_get_task_data (task);
  g_autoptr(MsCertAudit) audit = ms_cert_audit_finish (result, NULL);

  for (guint i = 0; audit && i < d->report->diagnoses->len; i++)
    {
      MsDiagnosis *diagnosis = d->report->diagnoses->pdata[i];

      for (guint r = 0; r < audit->rows->len; r++)
        {
          MsCertAuditRow *row = audit->rows->pdata[r];
          gboolean incoming = row_is_for (row, diagnosis->account, diagnosis->account->incoming);
          MsProblem *p;

          if (!row_is_stale (row) || (!incoming && !row_is_for (row, diagnosis->account, diagnosis->account->outgoing)))
            continue;
          p = g_new0 (MsProblem, 1);
          p->kind = MS_PROBLEM_STALE_CERTIFICATE;
          p->incoming = incoming;
          p->seen = TRUE;
          p->explanation = g_strdup (row->headline);
          p->fix = row->status == MS_CERT_STATUS_RENEWED
                   ? g_strdup (_("Renew the exception in the certificates view (Manage Certificates… in Mail Setup, or "
                                 "mail-setup --certificates --renew): the new certificate carries the expected "
                                 "name."))
                   : g_strdup (row->advice ? row->advice : "");
          g_ptr_array_add (diagnosis->problems, p);
        }
    }
  finish_if_done (task);
}

static gboolean
exception_is_for (const MsCertException *x, const MsExistingAccount *e)
{
  if (g_str_equal (e->program, "thunderbird"))
    return x->program == MS_CERT_PROGRAM_THUNDERBIRD && g_strcmp0 (x->profile_dir, e->dir) == 0;
  return x->program == MS_CERT_PROGRAM_EVOLUTION;
}

/* The certificates this account's program accepts (its own exceptions),
 * and Mail Setup's: the check must judge the account as its program
 * would connect, not as a new setup would. */
static MsPinStore *
pins_for (MsSetupSession *self, const Diagnose *d, const MsExistingAccount *e)
{
  MsPinStore *pins = ms_pin_store_new_memory ();
  g_autoptr(GPtrArray) own = ms_pin_store_list (self->pins);
  const MsEndpoint *servers[] = { e->incoming, e->outgoing };

  for (guint i = 0; i < own->len; i++)
    {
      MsPin *pin = own->pdata[i];

      if (pin->der)
        ms_pin_store_add (pins, pin->host, pin->port, pin->der, NULL);
      else
        ms_pin_store_add_fingerprint (pins, pin->host, pin->port, pin->sha256, NULL);
    }
  for (guint i = 0; d->exceptions && i < d->exceptions->len; i++)
    {
      MsCertException *x = d->exceptions->pdata[i];

      if (x->sha256 == NULL || !exception_is_for (x, e))
        continue;
      for (guint s = 0; s < G_N_ELEMENTS (servers); s++)
        if (servers[s] && g_ascii_strcasecmp (servers[s]->hostname, x->host) == 0 &&
            (x->port == 0 || x->port == servers[s]->port))
          ms_pin_store_add_fingerprint (pins, servers[s]->hostname, servers[s]->port, x->sha256, NULL);
    }
  return pins;
}

static void
found (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = G_TASK (result);
  MsSetupSession *self = g_task_get_source_object (task);
  Diagnose *d = g_task_get_task_data (task);
  GTask *outer = user_data;
  MsCertAuditOptions audit = { { NULL, NULL, NULL }, ms_account_get_provider (self->account), self->timeout_ms };

  if (self->offline || d->report->diagnoses->len == 0)
    {
      d->pending = 1;
      finish_if_done (outer);
      g_object_unref (outer);
      return;
    }
  d->report->checked = TRUE;
  d->report->password_given = ms_account_get_password (self->account) &&
                              *ms_account_get_password (self->account);
  /* One for the audit, one per account: the last to end returns. */
  d->pending = 1 + d->report->diagnoses->len;
  if (ms_provider_is_manual (audit.provider))
    audit.provider = NULL;
  ms_cert_audit_async (&audit, g_task_get_cancellable (outer), audited, g_object_ref (outer));
  for (guint i = 0; i < d->report->diagnoses->len; i++)
    {
      MsDiagnosis *diagnosis = d->report->diagnoses->pdata[i];
      g_autoptr(MsAccount) account = account_as_set (self, diagnosis, d->address ? d->address
                                                                                 : diagnosis->account->address);
      g_autoptr(MsPinStore) pins = pins_for (self, d, diagnosis->account);
      MsSetupSession *session = ms_setup_session_new (account, pins);
      Pending *pending = g_new0 (Pending, 1);

      ms_setup_session_set_timeout (session, self->timeout_ms);
      ms_setup_session_set_ca_file (session, self->ca_file);
      ms_setup_session_set_keep_servers (session, TRUE);
      pending->task = g_object_ref (outer);
      pending->diagnosis = diagnosis;
      ms_setup_session_check_async (session, diagnosis->account->outgoing ? MS_CHECK_BOTH : MS_CHECK_INCOMING,
                                    g_task_get_cancellable (outer), checked, pending);
    }
  g_object_unref (outer);
}

void
ms_setup_session_diagnose_async (MsSetupSession *self, const char *address, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  GTask *task = g_task_new (self, cancellable, found, outer);
  Diagnose *d = g_new0 (Diagnose, 1);
  MsProvider *provider = ms_account_get_provider (self->account);

  d->address = address && *address ? g_strdup (address) : NULL;
  if (d->address == NULL && provider && !ms_provider_is_manual (provider))
    d->hosts = ms_provider_dup_hostnames (provider);
  d->report = ms_diagnosis_report_new ();
  g_task_set_source_tag (outer, ms_setup_session_diagnose_async);
  g_task_set_task_data (outer, d, (GDestroyNotify) diagnose_free);
  /* The worker only reads the files into the report the outer task owns. */
  g_task_set_task_data (task, d, NULL);
  g_task_run_in_thread (task, find_thread);
  g_object_unref (task);
}

MsDiagnosisReport *
ms_setup_session_diagnose_finish (MsSetupSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const MsDiagnosisReport *
ms_setup_session_get_diagnosis (MsSetupSession *self)
{
  g_return_val_if_fail (MS_IS_SETUP_SESSION (self), NULL);
  return self->diagnosis;
}
