/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <gio/gunixinputstream.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/ms-ports.h"
#include "ms-check-cli.h"
#include "ms-check-render.h"
#include "ms-check.h"

G_DEFINE_QUARK (ms-check-cli-error-quark, ms_check_cli_error)

static gboolean usage_error (GError **error, MsCheckCliError code, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
usage_error (GError **error, MsCheckCliError code, const char *format, ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, MS_CHECK_CLI_ERROR, code, message);
  g_free (message);
  return FALSE;
}

gpointer
ms_check_cli_parse_server (const char *spec, GError **error)
{
  g_auto(GStrv) head = g_strsplit (spec, ":", 2);
  g_autofree char *host = NULL;
  g_auto(GStrv) rest = NULL;
  MsProtocol protocol;
  MsSecurity security;
  MsEndpoint *ep;
  const char *tail;
  guint port;

  if (g_strv_length (head) != 2 || !ms_protocol_from_string (head[0], &protocol))
    return usage_error (error, MS_CHECK_CLI_ERROR_BAD_SERVER, _("“%s”: expected PROTOCOL:HOST:PORT[:SECURITY[:CERTNAME]], "
                                 "with PROTOCOL imap, pop3 or smtp"), spec), NULL;
  tail = head[1];
  if (tail[0] == '[')
    {
      const char *end = strchr (tail, ']');
      if (end == NULL || end[1] != ':')
        return usage_error (error, MS_CHECK_CLI_ERROR_BAD_SERVER, _("“%s”: unterminated IPv6 address"), spec), NULL;
      host = g_strndup (tail + 1, (gsize) (end - tail - 1));
      tail = end + 2;
    }
  else
    {
      const char *colon = strchr (tail, ':');
      if (colon == NULL)
        return usage_error (error, MS_CHECK_CLI_ERROR_BAD_SERVER, _("“%s”: the port is missing"), spec), NULL;
      host = g_strndup (tail, (gsize) (colon - tail));
      tail = colon + 1;
    }
  rest = g_strsplit (tail, ":", 3);
  if (*host == '\0' || rest[0] == NULL || !ms_ports_parse (rest[0], &port))
    return usage_error (error, MS_CHECK_CLI_ERROR_BAD_SERVER, _("“%s”: the host or port is not valid"), spec), NULL;
  if (rest[1] != NULL)
    {
      if (!ms_security_from_string (rest[1], &security))
        return usage_error (error, MS_CHECK_CLI_ERROR_BAD_SERVER, _("“%s”: security must be SSL, STARTTLS or plain"), spec), NULL;
    }
  else if (!ms_ports_security_for_port (protocol, port, &security))
    security = protocol == MS_PROTOCOL_SMTP && port == 25 ? MS_SECURITY_STARTTLS : MS_SECURITY_SSL;
  ep = ms_endpoint_new (protocol, host, port, security);
  if (rest[1] != NULL && rest[2] != NULL && *rest[2])
    ep->certificate_name = g_strdup (rest[2]);
  return ep;
}

gboolean
ms_check_cli_add_fingerprint (MsPinStore *store, const char *spec, GError **error)
{
  const char *eq = strchr (spec, '=');
  const char *colon;
  g_autofree char *host = NULL;
  g_autofree char *port_text = NULL;
  guint port;

  if (eq == NULL)
    return usage_error (error, MS_CHECK_CLI_ERROR_BAD_FINGERPRINT, _("“%s”: expected HOST:PORT=SHA256"), spec);
  colon = g_strrstr_len (spec, eq - spec, ":");
  if (colon == NULL)
    return usage_error (error, MS_CHECK_CLI_ERROR_BAD_FINGERPRINT, _("“%s”: expected HOST:PORT=SHA256"), spec);
  host = g_strndup (spec, (gsize) (colon - spec));
  port_text = g_strndup (colon + 1, (gsize) (eq - colon - 1));
  if (host[0] == '[' && g_str_has_suffix (host, "]"))
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);
      g_free (host);
      host = inner;
    }
  if (*host == '\0' || !ms_ports_parse (port_text, &port))
    return usage_error (error, MS_CHECK_CLI_ERROR_BAD_FINGERPRINT, _("“%s”: the host or port is not valid"), spec);
  return ms_pin_store_add_fingerprint (store, host, port, eq + 1, error);
}

char *
ms_check_cli_read_password (int fd, GError **error)
{
  g_autoptr(GInputStream) raw = g_unix_input_stream_new (fd, FALSE);
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (raw);
  struct termios saved, quiet;
  gboolean tty = isatty (fd);
  char *line;

  if (tty && tcgetattr (fd, &saved) == 0)
    {
      fprintf (stderr, "%s", _("Password: "));
      fflush (stderr);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (fd, TCSAFLUSH, &quiet);
    }
  else
    tty = FALSE;
  line = g_data_input_stream_read_line (in, NULL, NULL, error);
  if (tty)
    {
      tcsetattr (fd, TCSAFLUSH, &saved);
      fputc ('\n', stderr);
    }
  /* Only the line ending goes: a password may end with a space. */
  if (line != NULL)
    {
      if (*line && line[strlen (line) - 1] == '\r')
        line[strlen (line) - 1] = '\0';
    }
  else if (error != NULL && *error == NULL)
    g_set_error_literal (error, MS_CHECK_CLI_ERROR, MS_CHECK_CLI_ERROR_NO_PASSWORD,
                         _("No password on standard input"));
  return line;
}

typedef struct {
  GMainLoop *loop;
  MsCheckResult *result;
  GError *error;
} RunData;

static void
on_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  RunData *run = user_data;

  run->result = ms_check_run_finish (MS_CHECK (source), res, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
on_signal (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

static void
add_endpoints (MsCheck *check, GPtrArray *endpoints, gboolean all_ports, GHashTable *seen)
{
  for (guint i = 0; endpoints && i < endpoints->len; i++)
    {
      MsEndpoint *ep = endpoints->pdata[i];
      g_autofree char *key = g_strdup_printf ("%d %s", ep->protocol, ep->hostname);

      if (!all_ports)
        ms_check_add (check, ep, 0);
      else if (g_hash_table_add (seen, g_steal_pointer (&key)))
        ms_check_add_standard (check, ep->protocol, ep->hostname, ep->certificate_name);
    }
}

int
ms_check_cli_run (const MsCheckCliOptions *opts)
{
  g_autoptr(MsProbeOptions) po = ms_probe_options_new ();
  g_autoptr(MsPinStore) persistent = ms_pin_store_new (opts->pin_store_path);
  g_autoptr(GPtrArray) endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_endpoint_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(MsCheck) check = NULL;
  g_autoptr(GPtrArray) pins = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  RunData run = { 0 };
  guint sigint, sigterm;
  int status;

  po->pin_store = ms_pin_store_new_memory ();
  po->connect_timeout_ms = opts->connect_timeout_ms;
  po->read_timeout_ms = opts->read_timeout_ms;
  po->ca_file = g_strdup (opts->ca_file);
  po->allow_plaintext = opts->allow_plaintext;
  po->username = g_strdup (opts->username);
  po->address = g_strdup (opts->address);

  for (guint i = 0; opts->servers && opts->servers[i]; i++)
    {
      MsEndpoint *ep = ms_check_cli_parse_server (opts->servers[i], &error);
      if (ep == NULL)
        goto usage;
      g_ptr_array_add (endpoints, ep);
    }
  if (endpoints->len == 0 && opts->provider == NULL)
    {
      g_set_error_literal (&error, MS_CHECK_CLI_ERROR, MS_CHECK_CLI_ERROR_NOTHING_TO_CHECK,
                           _("Nothing to check: give a provider or at least one server"));
      goto usage;
    }

  /* Exceptions accepted in the wizard count; a broken store only warns. */
  if (!ms_pin_store_load (persistent, &error))
    {
      g_printerr ("%s\n", error->message);
      g_clear_error (&error);
    }
  pins = ms_pin_store_list (persistent);
  for (guint i = 0; i < pins->len; i++)
    {
      MsPin *pin = pins->pdata[i];
      ms_pin_store_add_fingerprint (po->pin_store, pin->host, pin->port, pin->sha256, NULL);
    }
  for (guint i = 0; opts->accept_fingerprints && opts->accept_fingerprints[i]; i++)
    if (!ms_check_cli_add_fingerprint (po->pin_store, opts->accept_fingerprints[i], &error))
      goto usage;

  if (opts->read_password)
    {
      po->password = ms_check_cli_read_password (opts->password_fd, &error);
      if (po->password == NULL)
        goto usage;
    }

  check = ms_check_new (po);
  if (endpoints->len > 0)
    add_endpoints (check, endpoints, opts->all_ports, seen);
  else
    {
      add_endpoints (check, ms_provider_get_incoming (opts->provider), opts->all_ports, seen);
      add_endpoints (check, ms_provider_get_outgoing (opts->provider), opts->all_ports, seen);
    }

  run.loop = g_main_loop_new (NULL, FALSE);
  sigint = g_unix_signal_add (SIGINT, on_signal, cancellable);
  sigterm = g_unix_signal_add (SIGTERM, on_signal, cancellable);
  ms_check_run_async (check, cancellable, on_done, &run);
  g_main_loop_run (run.loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_main_loop_unref (run.loop);

  if (run.result == NULL)
    {
      g_printerr ("%s\n", run.error->message);
      g_clear_error (&run.error);
      return MS_CHECK_EXIT_CANCELLED;
    }
  output = opts->json ? ms_check_render_json (run.result) : ms_check_render_text (run.result);
  fputs (output, opts->output ? opts->output : stdout);
  fflush (opts->output ? opts->output : stdout);
  status = ms_check_result_all_passed (run.result) ? MS_CHECK_EXIT_PASSED : MS_CHECK_EXIT_FAILED;
  ms_check_result_free (run.result);
  return status;

usage:
  g_printerr ("%s\n", error->message);
  return MS_CHECK_EXIT_USAGE;
}
