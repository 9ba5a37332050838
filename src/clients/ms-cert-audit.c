/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/ms-date.h"
#include "core/ms-ports.h"
#include "net/ms-cert-trust.h"
#include "net/ms-probe.h"
#include "thunderbird/ms-thunderbird-private.h"
#include "ms-cert-audit.h"

/* ---- rows ---- */

const char *
ms_cert_status_to_string (MsCertStatus status)
{
  static const char *const names[] = { "same", "expiring-soon", "renewed", "wrong-name", "expired",
                                       "no-longer-needed", "unreachable" };

  g_return_val_if_fail (status <= MS_CERT_STATUS_UNREACHABLE, NULL);
  return names[status];
}

static void
row_clear (MsCertAuditRow *row)
{
  g_clear_pointer (&row->exception, ms_cert_exception_unref);
  g_free (row->host);
  g_free (row->expected_name);
  g_clear_pointer (&row->live, ms_cert_report_free);
  g_clear_error (&row->error);
  g_free (row->headline);
  g_free (row->advice);
}

MsCertAuditRow *
ms_cert_audit_row_ref (MsCertAuditRow *row)
{
  return g_atomic_rc_box_acquire (row);
}

void
ms_cert_audit_row_unref (MsCertAuditRow *row)
{
  if (row)
    g_atomic_rc_box_release_full (row, (GDestroyNotify) row_clear);
}

const MsCertInfo *
ms_cert_audit_row_get_live_leaf (const MsCertAuditRow *row)
{
  return row->live && row->live->chain->len > 0 ? row->live->chain->pdata[0] : NULL;
}

static gboolean
live_dates_bad (const MsCertAuditRow *row)
{
  return row->live && (row->live->problems & (MS_CERT_PROBLEM_EXPIRED | MS_CERT_PROBLEM_NOT_YET_VALID));
}

gboolean
ms_cert_audit_row_can_renew (const MsCertAuditRow *row, GError **error)
{
  const MsCertInfo *leaf = ms_cert_audit_row_get_live_leaf (row);
  g_autofree char *place = g_strdup_printf ("%s:%u", row->host, row->port);

  /* Checked on the certificate itself, not only on the status, so that
   * no later change to the statuses can let either through. */
  if (leaf != NULL && !row->live->name_matches)
    {
      g_autofree char *names = g_strjoinv (", ", row->live->presented_names);
      g_set_error (error, MS_CERT_EXCEPTIONS_ERROR, MS_CERT_EXCEPTIONS_ERROR_WRONG_NAME,
                   /* TRANSLATORS: a server and port, e.g. “mail.3xo.fr:993”, then the names the certificate is
                    * for, separated by commas, then the name it should be for, e.g. “mail.3xo.fr”. */
                   _("%s presents a certificate for “%s”, not for “%s”: it cannot be accepted, whatever its "
                     "fingerprint."), place, names, row->expected_name);
      return FALSE;
    }
  if (leaf != NULL && live_dates_bad (row))
    {
      g_set_error (error, MS_CERT_EXCEPTIONS_ERROR, MS_CERT_EXCEPTIONS_ERROR_BAD_DATES,
                   /* TRANSLATORS: %s is a server and port, e.g. “mail.3xo.fr:993”. */
                   _("%s presents a certificate that is expired or not yet valid: it cannot be accepted as an "
                     "exception, since Thunderbird’s exceptions ignore dates and would hide it for good."), place);
      return FALSE;
    }
  switch (row->status)
    {
    case MS_CERT_STATUS_RENEWED:
      return TRUE;
    case MS_CERT_STATUS_UNREACHABLE:
      g_set_error (error, MS_CERT_EXCEPTIONS_ERROR, MS_CERT_EXCEPTIONS_ERROR_NOT_RENEWED,
                   /* TRANSLATORS: %s is a server and port, e.g. “mail.3xo.fr:993”. */
                   _("%s could not be reached, so there is no certificate to accept."), place);
      return FALSE;
    case MS_CERT_STATUS_NO_LONGER_NEEDED:
      g_set_error (error, MS_CERT_EXCEPTIONS_ERROR, MS_CERT_EXCEPTIONS_ERROR_NOT_RENEWED,
                   /* TRANSLATORS: %s is a server and port, e.g. “mail.3xo.fr:993”. */
                   _("%s presents a certificate the program trusts by itself: no exception is needed."), place);
      return FALSE;
    default:
      g_set_error (error, MS_CERT_EXCEPTIONS_ERROR, MS_CERT_EXCEPTIONS_ERROR_NOT_RENEWED,
                   /* TRANSLATORS: %s is a server and port, e.g. “mail.3xo.fr:993”. */
                   _("%s still presents the stored certificate: there is nothing to renew."), place);
      return FALSE;
    }
}

static void
authority_state_free (MsCertAuthorityState *state)
{
  g_free (state->name);
  g_free (state->sha256);
  g_free (state->url);
  g_ptr_array_unref (state->thunderbird_with);
  g_ptr_array_unref (state->thunderbird_without);
  g_free (state);
}

void
ms_cert_audit_free (MsCertAudit *audit)
{
  if (audit == NULL)
    return;
  g_ptr_array_unref (audit->rows);
  g_ptr_array_unref (audit->exceptions);
  g_ptr_array_unref (audit->problems);
  g_ptr_array_unref (audit->authorities);
  g_free (audit->provider_name);
  g_free (audit);
}

/* ---- the run ---- */

typedef struct {
  char *host;
  guint port;
  MsEndpoint *endpoint;
  MsProbeResult *result;
} Target;

static void
target_free (Target *t)
{
  g_free (t->host);
  ms_endpoint_free (t->endpoint);
  g_clear_pointer (&t->result, ms_probe_result_unref);
  g_free (t);
}

typedef struct {
  char *tb_root;
  char *data_home;
  char *pin_path;
  MsProvider *provider;
  guint timeout_ms;

  GPtrArray *exceptions;
  GPtrArray *problems;
  GPtrArray *profiles;        /* MsThunderbirdProfile* */
  GHashTable *tb_anchors;     /* profile folder → GPtrArray of DER */
  GPtrArray *targets;         /* Target* */
  guint pending;
  gboolean cancelled;
} AuditData;

static void
audit_data_free (AuditData *d)
{
  g_free (d->tb_root);
  g_free (d->data_home);
  g_free (d->pin_path);
  g_clear_object (&d->provider);
  g_clear_pointer (&d->exceptions, g_ptr_array_unref);
  g_clear_pointer (&d->problems, g_ptr_array_unref);
  g_clear_pointer (&d->profiles, g_ptr_array_unref);
  g_clear_pointer (&d->tb_anchors, g_hash_table_unref);
  g_clear_pointer (&d->targets, g_ptr_array_unref);
  g_free (d);
}

/* Stage 1, in a thread: the stores, and the authorities each Thunderbird
 * profile trusts (reading cert9.db means NSS: slow, and blocking). */
static void
read_stores_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  AuditData *d = task_data;
  MsCertStores stores = { d->tb_root, d->data_home, d->pin_path };
  g_auto(GStrv) hosts = d->provider ? ms_provider_dup_hostnames (d->provider) : NULL;
  g_autoptr(GError) error = NULL;

  d->exceptions = ms_cert_exceptions_list (&stores, (const char *const *) hosts, d->problems);
  d->profiles = ms_tb_list_profiles_in (d->tb_root, &error);
  if (d->profiles == NULL)
    d->profiles = g_ptr_array_new ();
  for (guint i = 0; i < d->profiles->len; i++)
    {
      MsThunderbirdProfile *profile = d->profiles->pdata[i];
      g_autoptr(GError) local = NULL;
      GPtrArray *anchors = ms_tb_profile_authorities (profile->path, &local);

      if (anchors == NULL)
        {
          g_ptr_array_add (d->problems, g_error_new_literal (MS_CERT_EXCEPTIONS_ERROR,
                                                             MS_CERT_EXCEPTIONS_ERROR_READ, local->message));
          anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
        }
      g_hash_table_insert (d->tb_anchors, g_strdup (profile->path), anchors);
    }
  g_task_return_boolean (task, TRUE);
}

/* The server as the profile describes it, else as its port suggests. */
static MsEndpoint *
endpoint_for (MsProvider *provider, const char *host, guint port)
{
  static const MsProtocol protocols[] = { MS_PROTOCOL_IMAP, MS_PROTOCOL_POP3, MS_PROTOCOL_SMTP };
  const MsEndpoint *best = NULL;
  MsEndpoint *endpoint;

  for (guint l = 0; provider && l < 2; l++)
    {
      GPtrArray *list = l == 0 ? ms_provider_get_incoming (provider) : ms_provider_get_outgoing (provider);

      for (guint i = 0; i < list->len; i++)
        {
          const MsEndpoint *e = list->pdata[i];

          if (e->port == port && e->hostname && g_ascii_strcasecmp (e->hostname, host) == 0 &&
              e->security != MS_SECURITY_NONE && (best == NULL || (best->security != MS_SECURITY_SSL &&
                                                                     e->security == MS_SECURITY_SSL)))
            best = e;
        }
    }
  if (best)
    {
      endpoint = ms_endpoint_copy (best);
      g_free (endpoint->hostname);
      endpoint->hostname = g_strdup (host);
    }
  else
    {
      MsProtocol protocol = MS_PROTOCOL_IMAP;
      MsSecurity security = MS_SECURITY_SSL;

      for (guint i = 0; i < G_N_ELEMENTS (protocols); i++)
        if (ms_ports_security_for_port (protocols[i], port, &security))
          {
            protocol = protocols[i];
            break;
          }
      if (port == 25)
        protocol = MS_PROTOCOL_SMTP, security = MS_SECURITY_STARTTLS;
      endpoint = ms_endpoint_new (protocol, host, port, security);
    }
  g_free (endpoint->certificate_name);
  endpoint->certificate_name = provider ? ms_provider_dup_certificate_name (provider, host) : g_ascii_strdown (host, -1);
  return endpoint;
}

static Target *
find_target (GPtrArray *targets, const char *host, guint port)
{
  for (guint i = 0; i < targets->len; i++)
    {
      Target *t = targets->pdata[i];
      if (t->port == port && g_ascii_strcasecmp (t->host, host) == 0)
        return t;
    }
  return NULL;
}

static void
add_target (AuditData *d, const char *host, guint port)
{
  Target *t;

  if (find_target (d->targets, host, port))
    return;
  t = g_new0 (Target, 1);
  t->host = g_strdup (host);
  t->port = port;
  t->endpoint = endpoint_for (d->provider, host, port);
  g_ptr_array_add (d->targets, t);
}

/* Evolution trusts per host name: its exception is compared on the ports
 * the provider recommends for that host (the ones accounts use), and on
 * those other programs hold exceptions for. */
static GArray *
evolution_ports (AuditData *d, const char *host)
{
  GArray *ports = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint l = 0; d->provider && l < 2; l++)
    {
      GPtrArray *list = l == 0 ? ms_provider_get_incoming (d->provider) : ms_provider_get_outgoing (d->provider);

      for (guint i = 0; i < list->len; i++)
        {
          const MsEndpoint *e = list->pdata[i];

          if (e->hostname && g_ascii_strcasecmp (e->hostname, host) == 0)
            {
              g_array_append_val (ports, e->port);
              break;
            }
        }
    }
  for (guint i = 0; i < d->exceptions->len; i++)
    {
      MsCertException *e = d->exceptions->pdata[i];
      gboolean seen = FALSE;

      if (e->port == 0 || g_ascii_strcasecmp (e->host, host) != 0)
        continue;
      for (guint p = 0; p < ports->len && !seen; p++)
        seen = g_array_index (ports, guint, p) == e->port;
      if (!seen)
        g_array_append_val (ports, e->port);
    }
  if (ports->len == 0)
    {
      guint imaps = 993;
      g_array_append_val (ports, imaps);
    }
  return ports;
}

/* ---- stage 3: judging ---- */

static const char *
provider_name (AuditData *d)
{
  return d->provider && !ms_provider_is_manual (d->provider) ? ms_provider_get_short_name (d->provider) : NULL;
}

static gboolean
program_trusts (AuditData *d, const MsCertException *e, const MsCertReport *live)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();

  for (guint i = 0; i < live->chain->len; i++)
    g_ptr_array_add (chain, ((MsCertInfo *) live->chain->pdata[i])->der);
  if (e->program == MS_CERT_PROGRAM_THUNDERBIRD)
    return ms_cert_chain_is_trusted (chain, MS_TRUST_BASE_MOZILLA,
                                     e->profile_dir ? g_hash_table_lookup (d->tb_anchors, e->profile_dir) : NULL);
  /* GIO's default database, which Evolution's Camel uses, and our own
   * checks: the system bundle. */
  return ms_cert_chain_is_trusted (chain, MS_TRUST_BASE_SYSTEM, NULL);
}

static char *
contact_advice (const char *provider)
{
  /* TRANSLATORS: both %s are the provider's name, e.g. “3xo”. */
  return provider ? g_strdup_printf (_("This certificate does not belong to %s. Do not connect, and contact %s, "
                                       "as the guide asks."), provider, provider)
                  : g_strdup (_("This certificate does not belong to your provider. Do not connect, and contact "
                                "your provider, as the guide asks."));
}

static void
judge (AuditData *d, MsCertAuditRow *row)
{
  const MsCertException *e = row->exception;
  const MsCertInfo *leaf = ms_cert_audit_row_get_live_leaf (row);
  const char *provider = provider_name (d);

  if (leaf == NULL)
    {
      row->status = MS_CERT_STATUS_UNREACHABLE;
      /* TRANSLATORS: %s is why, e.g. a network error, or “no certificate was presented.” */
      row->headline = g_strdup_printf (_("The server could not be reached: %s"),
                                       row->error ? row->error->message : _("no certificate was presented."));
      row->advice = g_strdup (_("The exception is kept as it is. Check the connection, then look again."));
      return;
    }
  row->live_is_stored = e->sha256 && g_strcmp0 (leaf->sha256, e->sha256) == 0;
  /* Thunderbird kept only the fingerprint: the server just showed the rest. */
  if (row->live_is_stored && e->info == NULL)
    ms_cert_exception_set_certificate ((MsCertException *) e, leaf->der);

  if (!row->live->name_matches)
    {
      g_autofree char *names = g_strjoinv (", ", row->live->presented_names);

      row->status = MS_CERT_STATUS_WRONG_NAME;
      row->headline = row->live_is_stored
        /* TRANSLATORS: the names the certificate is for, separated by commas, then the name it should be for,
         * e.g. “mail.3xo.fr”. */
        ? g_strdup_printf (_("This exception is for a certificate for “%s”, not for “%s”."), names,
                           row->expected_name)
        /* TRANSLATORS: the names the certificate is for, separated by commas, then the name it should be for,
         * e.g. “mail.3xo.fr”. */
        : g_strdup_printf (_("The server now presents a certificate for “%s”, not for “%s”."), names,
                           row->expected_name);
      row->advice = contact_advice (provider);
    }
  else if (!live_dates_bad (row) && program_trusts (d, e, row->live))
    {
      row->status = MS_CERT_STATUS_NO_LONGER_NEEDED;
      /* TRANSLATORS: %s is a mail program: Thunderbird, Evolution or Mail Setup. */
      row->headline = g_strdup_printf (_("%s now trusts the server’s certificate without this exception."),
                                       ms_cert_program_display (e->program));
      row->advice = g_strdup (_("You can delete the exception: the program accepts the provider’s certificates by "
                                "itself, renewed ones included."));
    }
  else if (live_dates_bad (row))
    {
      g_autofree char *date = NULL;
      g_autofree char *days = NULL;

      row->status = MS_CERT_STATUS_EXPIRED;
      if (row->live->problems & MS_CERT_PROBLEM_EXPIRED)
        {
          date = ms_date_format_long (leaf->not_after);
          days = ms_date_describe_days_left (leaf->not_after);
          /* TRANSLATORS: a date, then "expired 3 days ago". */
          row->headline = g_strdup_printf (_("The server’s certificate ended on %s (%s)."), date, days);
        }
      else
        {
          date = ms_date_format_long (leaf->not_before);
          /* TRANSLATORS: %s is a date, e.g. “3 December 2026”. */
          row->headline = g_strdup_printf (_("The server’s certificate is not valid before %s."), date);
        }
      row->advice = provider
        /* TRANSLATORS: %s is the provider's name, e.g. “3xo”. */
        ? g_strdup_printf (_("It cannot be accepted as an exception: Thunderbird’s exceptions ignore dates, so it "
                             "would never warn about it again. Contact %s."), provider)
        : g_strdup (_("It cannot be accepted as an exception: Thunderbird’s exceptions ignore dates, so it would "
                      "never warn about it again. Contact your provider."));
    }
  else if (row->live_is_stored)
    {
      g_autofree char *date = ms_date_format_long (leaf->not_after);
      g_autofree char *days = ms_date_describe_days_left (leaf->not_after);

      if (ms_date_days_until (leaf->not_after) <= MS_CERT_EXPIRING_SOON_DAYS)
        {
          row->status = MS_CERT_STATUS_EXPIRING_SOON;
          /* TRANSLATORS: a date, then "valid for 12 more days". */
          row->headline = g_strdup_printf (_("The server’s certificate ends on %s: %s."), date, days);
          row->advice = provider
            /* TRANSLATORS: %s is the provider's name, e.g. “3xo”. */
            ? g_strdup_printf (_("Nothing to do yet. When %s renews it, come back here to accept the new one."),
                               provider)
            : g_strdup (_("Nothing to do yet. When your provider renews it, come back here to accept the new one."));
        }
      else
        {
          row->status = MS_CERT_STATUS_SAME;
          /* TRANSLATORS: a date, then "valid for 300 more days". */
          row->headline = g_strdup_printf (_("The server still presents this certificate, until %s (%s)."), date,
                                           days);
        }
    }
  else
    {
      row->status = MS_CERT_STATUS_RENEWED;
      /* TRANSLATORS: %s is the server name the certificate should be for, e.g. “mail.3xo.fr”. */
      row->headline = g_strdup_printf (_("The server presents a new certificate for %s."), row->expected_name);
      /* TRANSLATORS: %s is the server name the certificate should be for, e.g. “mail.3xo.fr”; the guide is the
       * provider's setup guide. */
      row->advice = g_strdup_printf (_("Compare it with the old one: its Common Name must be %s, as the guide says. "
                                       "If it is, accept the renewed certificate: it replaces the old exception "
                                       "in every program that had it."), row->expected_name);
    }
}

static MsCertAuditRow *
row_new (MsCertException *e, Target *t)
{
  MsCertAuditRow *row = g_atomic_rc_box_new0 (MsCertAuditRow);

  row->exception = ms_cert_exception_ref (e);
  row->host = g_strdup (t->host);
  row->port = t->port;
  row->expected_name = g_strdup (t->endpoint->certificate_name);
  if (t->result && t->result->certificate)
    {
      /* A copy of its own: rows outlive the probe results. */
      MsCertReport *c = t->result->certificate;
      g_autoptr(GPtrArray) ders = g_ptr_array_new ();
      for (guint i = 0; i < c->chain->len; i++)
        g_ptr_array_add (ders, ((MsCertInfo *) c->chain->pdata[i])->der);
      row->live = ms_cert_inspect (ders, row->expected_name, NULL, NULL, NULL);
    }
  if (row->live == NULL && t->result && t->result->error)
    row->error = g_error_copy (t->result->error);
  return row;
}

static MsCertAuthorityState *
authority_state (AuditData *d, const MsProviderAuthority *authority)
{
  MsCertAuthorityState *state = g_new0 (MsCertAuthorityState, 1);

  state->name = g_strdup (authority->name);
  state->sha256 = g_strdup (authority->sha256);
  state->url = g_strdup (authority->url);
  state->thunderbird_with = g_ptr_array_new_with_free_func (g_free);
  state->thunderbird_without = g_ptr_array_new_with_free_func (g_free);
  for (guint p = 0; p < d->profiles->len; p++)
    {
      MsThunderbirdProfile *profile = d->profiles->pdata[p];
      GPtrArray *anchors = g_hash_table_lookup (d->tb_anchors, profile->path);
      gboolean found = FALSE;

      for (guint i = 0; anchors && i < anchors->len && !found; i++)
        {
          g_autoptr(MsCertInfo) info = ms_cert_info_new_from_der (anchors->pdata[i], NULL);
          found = info && g_strcmp0 (info->sha256, authority->sha256) == 0;
          /* The system check below needs the certificate itself. */
          if (found && !state->in_system)
            {
              g_autoptr(GPtrArray) chain = g_ptr_array_new ();
              g_ptr_array_add (chain, anchors->pdata[i]);
              state->in_system = ms_cert_chain_is_trusted (chain, MS_TRUST_BASE_SYSTEM, NULL);
            }
        }
      g_ptr_array_add (found ? state->thunderbird_with : state->thunderbird_without, g_strdup (profile->name));
    }
  return state;
}

static void
judge_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  AuditData *d = task_data;
  g_autoptr(MsCertAudit) audit = g_new0 (MsCertAudit, 1);
  const char *provider = provider_name (d);

  audit->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_audit_row_unref);
  audit->exceptions = g_ptr_array_ref (d->exceptions);
  audit->problems = g_ptr_array_ref (d->problems);
  audit->authorities = g_ptr_array_new_with_free_func ((GDestroyNotify) authority_state_free);
  audit->provider_name = g_strdup (provider);

  for (guint i = 0; i < d->exceptions->len; i++)
    {
      MsCertException *e = d->exceptions->pdata[i];

      if (e->program != MS_CERT_PROGRAM_EVOLUTION)
        {
          Target *t = find_target (d->targets, e->host, e->port);
          MsCertAuditRow *row = row_new (e, t);
          judge (d, row);
          g_ptr_array_add (audit->rows, row);
          continue;
        }
      {
        g_autoptr(GArray) ports = evolution_ports (d, e->host);
        for (guint p = 0; p < ports->len; p++)
          {
            MsCertAuditRow *row = row_new (e, find_target (d->targets, e->host, g_array_index (ports, guint, p)));
            judge (d, row);
            g_ptr_array_add (audit->rows, row);
          }
      }
    }
  for (guint i = 0; d->provider && i < ms_provider_get_authorities (d->provider)->len; i++)
    g_ptr_array_add (audit->authorities, authority_state (d, ms_provider_get_authorities (d->provider)->pdata[i]));
  g_task_return_pointer (task, g_steal_pointer (&audit), (GDestroyNotify) ms_cert_audit_free);
}

static void
finish_probing (GTask *task)
{
  AuditData *d = g_task_get_task_data (task);

  if (d->cancelled || g_task_return_error_if_cancelled (task))
    {
      if (!g_task_had_error (task))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("Cancelled"));
      return;
    }
  g_task_run_in_thread (task, judge_thread);
}

static void
probe_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  AuditData *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  MsProbeResult *probe = ms_probe_run_finish (result, &error);

  if (probe == NULL)
    d->cancelled = TRUE;
  else
    {
      Target *t = find_target (d->targets, probe->endpoint->hostname, probe->endpoint->port);
      if (t && t->result == NULL)
        t->result = probe;
      else
        ms_probe_result_unref (probe);
    }
  if (--d->pending == 0)
    finish_probing (task);
}

static void
stores_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  AuditData *d = g_task_get_task_data (task);
  g_autoptr(MsProbeOptions) options = ms_probe_options_new ();

  if (g_task_return_error_if_cancelled (task))
    return;
  for (guint i = 0; i < d->exceptions->len; i++)
    {
      MsCertException *e = d->exceptions->pdata[i];

      if (e->program != MS_CERT_PROGRAM_EVOLUTION)
        add_target (d, e->host, e->port);
      else
        {
          g_autoptr(GArray) ports = evolution_ports (d, e->host);
          for (guint p = 0; p < ports->len; p++)
            add_target (d, e->host, g_array_index (ports, guint, p));
        }
    }
  options->connect_timeout_ms = options->read_timeout_ms = d->timeout_ms;
  if (d->targets->len == 0)
    {
      finish_probing (task);
      return;
    }
  /* Every server at once: the slowest one sets the time, not the sum. */
  d->pending = d->targets->len;
  for (guint i = 0; i < d->targets->len; i++)
    {
      Target *t = d->targets->pdata[i];
      ms_probe_run_async (t->endpoint, options, g_task_get_cancellable (task), probe_done, g_object_ref (task));
    }
}

void
ms_cert_audit_async (const MsCertAuditOptions *options, GCancellable *cancellable, GAsyncReadyCallback callback,
                     gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GTask) read = NULL;
  AuditData *d = g_new0 (AuditData, 1);

  d->tb_root = ms_cert_stores_thunderbird_root (&options->stores);
  d->data_home = g_strdup (ms_cert_stores_data_home (&options->stores));
  d->pin_path = ms_cert_stores_pin_path (&options->stores);
  d->provider = options->provider ? g_object_ref (options->provider) : NULL;
  d->timeout_ms = options->timeout_ms;
  d->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  d->tb_anchors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  d->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  g_task_set_source_tag (task, ms_cert_audit_async);
  g_task_set_task_data (task, d, (GDestroyNotify) audit_data_free);

  /* The stores are read by a task of their own whose data is the audit's. */
  read = g_task_new (NULL, cancellable, stores_read, g_object_ref (task));
  g_task_set_task_data (read, d, NULL);
  g_task_run_in_thread (read, read_stores_thread);
}

MsCertAudit *
ms_cert_audit_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
