/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <stdlib.h>

#include <glib/gi18n.h>

#include "ms-checks.h"

struct _MsChecks
{
  GObject parent_instance;

  MsAccount *account;
  MsPinStore *pin_store;
  MsProbeResult *incoming;
  MsProbeResult *outgoing;
  gboolean enabled;
};

G_DEFINE_TYPE (MsChecks, ms_checks, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static MsProbeResult **
slot (MsChecks *self, MsServer *server)
{
  return server == ms_account_get_outgoing (self->account) ? &self->outgoing : &self->incoming;
}

/* A result describes the settings it was made with; once the user edits
 * them it would only mislead, so it goes. */
static void
server_changed (MsChecks *self, GParamSpec *pspec, MsServer *server)
{
  if (g_str_equal (pspec->name, "plaintext-confirmed"))
    return;
  ms_checks_set_result (self, server, NULL);
}

static void
pins_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ms_pin_store_load_finish (MS_PIN_STORE (source), result, &error))
    g_warning ("Cannot read the accepted certificates: %s", error->message);
}

static void
ms_checks_dispose (GObject *object)
{
  MsChecks *self = MS_CHECKS (object);

  g_clear_pointer (&self->incoming, ms_probe_result_unref);
  g_clear_pointer (&self->outgoing, ms_probe_result_unref);
  g_clear_object (&self->pin_store);
  g_clear_object (&self->account);
  G_OBJECT_CLASS (ms_checks_parent_class)->dispose (object);
}

static void
ms_checks_class_init (MsChecksClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ms_checks_dispose;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ms_checks_init (MsChecks *self)
{
}

MsChecks *
ms_checks_new (MsAccount *account)
{
  MsChecks *self = g_object_new (MS_TYPE_CHECKS, NULL);
  MsServer *servers[] = { ms_account_get_incoming (account), ms_account_get_outgoing (account) };

  self->account = g_object_ref (account);
  self->enabled = TRUE;
  self->pin_store = ms_pin_store_new (g_getenv ("MAIL_SETUP_PIN_STORE"));
  ms_pin_store_load_async (self->pin_store, NULL, pins_loaded, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    g_signal_connect_object (servers[i], "notify", G_CALLBACK (server_changed), self, G_CONNECT_SWAPPED);
  return self;
}

MsAccount *ms_checks_get_account (MsChecks *self) { return self->account; }
MsPinStore *ms_checks_get_pin_store (MsChecks *self) { return self->pin_store; }
gboolean ms_checks_get_enabled (MsChecks *self) { return self->enabled; }

/* Off for --offline: preparing a walkthrough, or filling the settings in
 * before the machine is on the network. */
void
ms_checks_set_enabled (MsChecks *self, gboolean enabled)
{
  self->enabled = enabled;
  g_signal_emit (self, signals[CHANGED], 0);
}

MsProbeOptions *
ms_checks_make_options (MsChecks *self, MsServer *server, gboolean with_login)
{
  MsProbeOptions *options = ms_probe_options_new ();
  const char *timeout = g_getenv ("MAIL_SETUP_TIMEOUT_MS");

  /* For private certificate authorities, and for the tests' own CA. */
  options->ca_file = g_strdup (g_getenv ("MAIL_SETUP_CA_FILE"));
  if (timeout && atoi (timeout) > 0)
    options->connect_timeout_ms = options->read_timeout_ms = atoi (timeout);
  options->pin_store = g_object_ref (self->pin_store);
  options->allow_plaintext = ms_server_get_security (server) == MS_SECURITY_NONE &&
                             ms_server_get_plaintext_confirmed (server);
  if (with_login && *ms_account_get_password (self->account))
    {
      options->username = g_strdup (ms_server_get_username (server));
      options->password = g_strdup (ms_account_get_password (self->account));
    }
  return options;
}

MsProbeResult *
ms_checks_get_result (MsChecks *self, MsServer *server)
{
  return *slot (self, server);
}

void
ms_checks_set_result (MsChecks *self, MsServer *server, MsProbeResult *result)
{
  MsProbeResult **where = slot (self, server);

  if (*where == result)
    return;
  g_clear_pointer (where, ms_probe_result_unref);
  *where = result ? ms_probe_result_ref (result) : NULL;
  g_signal_emit (self, signals[CHANGED], 0);
}

/* One line for a status row or the summary: "works (32 ms)" or the reason. */
char *
ms_checks_describe_result (const MsProbeResult *r)
{
  if (ms_probe_result_passed (r))
    {
      if (r->login_attempted && r->login_ok)
        return g_strdup_printf (_("works, password accepted (%" PRId64 " ms)"), r->total_ms);
      return g_strdup_printf (_("works (%" PRId64 " ms)"), r->total_ms);
    }
  return g_strdup (r->error ? r->error->message : _("failed"));
}
