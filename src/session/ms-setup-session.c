/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "ms-session-private.h"

G_DEFINE_QUARK (ms-session-error-quark, ms_session_error)
G_DEFINE_FINAL_TYPE (MsSetupSession, ms_setup_session, G_TYPE_OBJECT)

guint _ms_session_signals[N_SESSION_SIGNALS];

void
ms_check_report_free (MsCheckReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->verdicts);
  g_ptr_array_unref (report->alternatives);
  g_free (report->port25_advice);
  g_free (report);
}

gboolean
ms_check_report_works (const MsCheckReport *report)
{
  return report->verdicts->len > 0 && ms_check_report_first_problem (report) == NULL;
}

MsVerdict *
ms_check_report_first_problem (const MsCheckReport *report)
{
  for (guint i = 0; i < report->verdicts->len; i++)
    {
      MsVerdict *v = report->verdicts->pdata[i];

      if (v->kind != MS_VERDICT_PASSED)
        return v;
    }
  return NULL;
}

static void
blocker_free (MsBlocker *blocker)
{
  g_clear_object (&blocker->client);
  g_clear_error (&blocker->error);
  g_free (blocker);
}

void
ms_apply_report_free (MsApplyReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->blockers, g_ptr_array_unref);
  g_clear_pointer (&report->outcomes, g_ptr_array_unref);
  g_free (report);
}

MsApplyReport *
_ms_apply_report_new (void)
{
  MsApplyReport *report = g_new0 (MsApplyReport, 1);

  report->blockers = g_ptr_array_new_with_free_func ((GDestroyNotify) blocker_free);
  return report;
}

void
_ms_session_set_verdict (MsSetupSession *self, MsRole role, MsVerdict *verdict)
{
  if (self->verdicts[role] == verdict)
    return;
  g_clear_pointer (&self->verdicts[role], ms_verdict_unref);
  self->verdicts[role] = verdict ? ms_verdict_ref (verdict) : NULL;
  g_signal_emit (self, _ms_session_signals[SIGNAL_VERDICT_CHANGED], 0, (gint) role);
}

/* A verdict describes the settings it was made with; once the user edits
 * them it would only mislead, so it goes. */
static void
server_changed (MsSetupSession *self, GParamSpec *pspec, MsServer *server)
{
  if (self->changing || g_str_equal (pspec->name, "plaintext-confirmed"))
    return;
  _ms_session_set_verdict (self, server == ms_account_get_outgoing (self->account) ? MS_ROLE_OUTGOING
                                                                                   : MS_ROLE_INCOMING, NULL);
}

static void
login_changed (MsSetupSession *self)
{
  if (self->changing)
    return;
  _ms_session_set_verdict (self, MS_ROLE_INCOMING, NULL);
  _ms_session_set_verdict (self, MS_ROLE_OUTGOING, NULL);
}

void
_ms_session_use_endpoint (MsSetupSession *self, MsRole role, const MsEndpoint *endpoint)
{
  MsServer *server = ms_account_get_server (self->account, role);

  self->changing++;
  if (endpoint->protocol != MS_PROTOCOL_SMTP && endpoint->protocol != ms_server_get_protocol (server))
    ms_account_select_incoming (self->account, endpoint->protocol);
  ms_server_set_security (server, endpoint->security);
  ms_server_set_port_from_user (server, endpoint->port);
  /* The port may have implied a security of its own. */
  ms_server_set_security (server, endpoint->security);
  self->changing--;
}

static void
ms_setup_session_dispose (GObject *object)
{
  MsSetupSession *self = MS_SETUP_SESSION (object);

  g_clear_pointer (&self->verdicts[0], ms_verdict_unref);
  g_clear_pointer (&self->verdicts[1], ms_verdict_unref);
  g_clear_pointer (&self->report, ms_check_report_free);
  g_clear_pointer (&self->diagnosis, ms_diagnosis_report_unref);
  g_clear_object (&self->account);
  g_clear_object (&self->pins);
  g_clear_pointer (&self->ca_file, g_free);
  G_OBJECT_CLASS (ms_setup_session_parent_class)->dispose (object);
}

static void
ms_setup_session_class_init (MsSetupSessionClass *klass)
{
  GType type = G_TYPE_FROM_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ms_setup_session_dispose;
  _ms_session_signals[SIGNAL_PROBE_STARTED] =
    g_signal_new ("probe-started", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_UINT, MS_TYPE_ENDPOINT, G_TYPE_INT, G_TYPE_BOOLEAN);
  _ms_session_signals[SIGNAL_PROBE_FINISHED] =
    g_signal_new ("probe-finished", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_UINT, MS_TYPE_PROBE_RESULT, G_TYPE_INT, G_TYPE_BOOLEAN);
  _ms_session_signals[SIGNAL_VERDICT_CHANGED] =
    g_signal_new ("verdict-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  _ms_session_signals[SIGNAL_CLIENT_STARTED] =
    g_signal_new ("client-started", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, MS_TYPE_CLIENT);
  _ms_session_signals[SIGNAL_CLIENT_FINISHED] =
    g_signal_new ("client-finished", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2, MS_TYPE_CLIENT,
                  G_TYPE_POINTER);
}

static void
ms_setup_session_init (MsSetupSession *self)
{
}

MsSetupSession *
ms_setup_session_new (MsAccount *account, MsPinStore *pins)
{
  MsSetupSession *self = g_object_new (MS_TYPE_SETUP_SESSION, NULL);
  MsServer *servers[] = { ms_account_get_incoming (account), ms_account_get_outgoing (account) };

  self->account = g_object_ref (account);
  self->pins = pins ? g_object_ref (pins) : ms_pin_store_new_memory ();
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    g_signal_connect_object (servers[i], "notify", G_CALLBACK (server_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::password", G_CALLBACK (login_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::address", G_CALLBACK (login_changed), self, G_CONNECT_SWAPPED);
  return self;
}

MsAccount *ms_setup_session_get_account (MsSetupSession *self) { return self->account; }
MsPinStore *ms_setup_session_get_pin_store (MsSetupSession *self) { return self->pins; }
gboolean ms_setup_session_get_offline (MsSetupSession *self) { return self->offline; }
void ms_setup_session_set_offline (MsSetupSession *self, gboolean offline) { self->offline = offline; }
void ms_setup_session_set_keep_servers (MsSetupSession *self, gboolean keep) { self->keep_servers = keep; }
void ms_setup_session_set_timeout (MsSetupSession *self, guint timeout_ms) { self->timeout_ms = timeout_ms; }

void
ms_setup_session_set_ca_file (MsSetupSession *self, const char *ca_file)
{
  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file && *ca_file ? ca_file : NULL);
}

void
ms_setup_session_load_environment (MsSetupSession *self)
{
  const char *timeout = g_getenv ("MAIL_SETUP_TIMEOUT_MS");
  guint64 ms = 0;

  /* For private certificate authorities, and for the tests' own CA. */
  ms_setup_session_set_ca_file (self, g_getenv ("MAIL_SETUP_CA_FILE"));
  if (timeout && g_ascii_string_to_unsigned (timeout, 10, 1, 600000, &ms, NULL))
    self->timeout_ms = (guint) ms;
}

MsProbeOptions *
ms_setup_session_probe_options (MsSetupSession *self, MsServer *server)
{
  MsProbeOptions *options = ms_probe_options_new ();

  if (self->timeout_ms)
    options->connect_timeout_ms = options->read_timeout_ms = self->timeout_ms;
  options->ca_file = g_strdup (self->ca_file);
  options->pin_store = g_object_ref (self->pins);
  options->address = g_strdup (ms_account_get_address (self->account));
  if (server == NULL)
    return options;
  options->allow_plaintext = ms_server_get_security (server) == MS_SECURITY_NONE &&
                             ms_server_get_plaintext_confirmed (server);
  if (*ms_account_get_password (self->account))
    {
      options->username = g_strdup (ms_server_get_username (server));
      options->password = g_strdup (ms_account_get_password (self->account));
    }
  return options;
}

MsVerdict *
ms_setup_session_get_verdict (MsSetupSession *self, MsRole role)
{
  return self->verdicts[role];
}

const MsCheckReport *
ms_setup_session_get_report (MsSetupSession *self)
{
  return self->report;
}

GPtrArray *
ms_setup_session_summary_rows (MsSetupSession *self)
{
  g_autofree char *in = NULL, *out = NULL;
  const char *verdicts[2];

  if (self->verdicts[MS_ROLE_INCOMING])
    in = ms_verdict_short (self->verdicts[MS_ROLE_INCOMING]);
  if (self->verdicts[MS_ROLE_OUTGOING])
    out = ms_verdict_short (self->verdicts[MS_ROLE_OUTGOING]);
  if (self->offline)
    in = in ? in : g_strdup (_("not checked (offline)")), out = out ? out : g_strdup (_("not checked (offline)"));
  verdicts[MS_ROLE_INCOMING] = in;
  verdicts[MS_ROLE_OUTGOING] = out;
  return ms_account_summary_rows (self->account, verdicts);
}

/* After a colon a sentence goes on in lower case ("Incoming server: the
 * server refused…"), unless its first word is a name such as IMAP. */
static char *
continue_sentence (const char *sentence)
{
  const char *second = g_utf8_next_char (sentence);
  gunichar first = g_utf8_get_char (sentence);

  if (*sentence == '\0' || !g_unichar_isupper (first) || !g_unichar_islower (g_utf8_get_char (second)))
    return g_strdup (sentence);
  {
    char buf[8] = { 0 };

    g_unichar_to_utf8 (g_unichar_tolower (first), buf);
    return g_strconcat (buf, second, NULL);
  }
}

char *
ms_setup_session_describe_problems (MsSetupSession *self)
{
  GString *text = NULL;

  for (MsRole role = MS_ROLE_INCOMING; role <= MS_ROLE_OUTGOING; role++)
    {
      MsVerdict *v = self->verdicts[role];
      g_autofree char *why = NULL;

      if (v == NULL || v->kind != MS_VERDICT_FAILED)
        continue;
      why = continue_sentence (v->headline);
      if (text == NULL)
        text = g_string_new (NULL);
      else
        g_string_append_c (text, '\n');
      /* TRANSLATORS: "Incoming server" or "Outgoing server", then why it does not work. */
      g_string_append_printf (text, C_("server problem", "%s: %s"),
                              role == MS_ROLE_INCOMING ? _("Incoming server") : _("Outgoing server"), why);
    }
  return text ? g_string_free (text, FALSE) : NULL;
}

MsTestMessage *
ms_setup_session_new_test_message (MsSetupSession *self)
{
  g_autoptr(MsProbeOptions) options = ms_setup_session_probe_options (self, NULL);
  g_autoptr(MsEndpoint) outgoing = ms_server_to_endpoint (ms_account_get_outgoing (self->account));
  g_autoptr(MsEndpoint) incoming = ms_server_to_endpoint (ms_account_get_incoming (self->account));

  /* Each server logs in with its own username: the endpoints carry them. */
  options->password = g_strdup (ms_account_get_password (self->account));
  return ms_test_message_new (outgoing, incoming, options, ms_account_get_address (self->account),
                              ms_account_get_real_name (self->account));
}
