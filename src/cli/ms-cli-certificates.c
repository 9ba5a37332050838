/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "clients/ms-cert-authority.h"
#include "clients/ms-cert-render.h"
#include "core/ms-endpoint-spec.h"
#include "core/ms-json.h"
#include "core/ms-ports.h"
#include "ms-cli-certificates.h"

/* Exit codes, as every command has them (docs/certificates-json.md). */
enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,        /* a store could not be read or written */
  EXIT_USAGE = 2,
  EXIT_UNREACHABLE = 3,   /* a server did not answer */
  EXIT_CERTIFICATE = 5,   /* a certificate needs a decision, or was refused */
  EXIT_LOCKED = 6,        /* a mail program holds its store */
  EXIT_CANCELLED = 130,
};

static const char *
exit_name (int code)
{
  switch (code)
    {
    case EXIT_OK: return "ok";
    case EXIT_USAGE: return "usage";
    case EXIT_UNREACHABLE: return "unreachable";
    case EXIT_CERTIFICATE: return "certificate";
    case EXIT_LOCKED: return "program-running";
    case EXIT_CANCELLED: return "cancelled";
    default: return "failed";
    }
}

static void
print (const char *text)
{
  fputs (text, stdout);
  fflush (stdout);
}

static int
fail (const MsCliCertificatesOptions *o, int status, const char *message)
{
  if (o->json)
    {
      GString *out = g_string_new (NULL);
      g_string_append_printf (out, "{\"version\":1,\"exit_code\":%d,\"exit\":\"%s\",\"error\":", status,
                              exit_name (status));
      ms_json_append_string (out, message);
      g_string_append (out, "}\n");
      print (out->str);
      g_string_free (out, TRUE);
    }
  else
    g_printerr ("%s\n", message);
  return status;
}

/* ---- waiting for the audit, Ctrl+C cancelling ---- */

typedef struct {
  GMainLoop *loop;
  GAsyncResult *result;
} Wait;

static void
done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static gboolean
on_signal (gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
  return G_SOURCE_CONTINUE;
}

static MsCertAudit *
run_audit (const MsCliCertificatesOptions *o, GError **error)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  MsCertAuditOptions options = { { NULL, NULL, NULL }, o->provider, o->timeout_ms };
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  guint sigint = g_unix_signal_add (SIGINT, on_signal, cancellable);
  guint sigterm = g_unix_signal_add (SIGTERM, on_signal, cancellable);
  MsCertAudit *audit;

  options.stores.pin_store_path = g_getenv ("MAIL_SETUP_PIN_STORE");
  ms_cert_audit_async (&options, cancellable, done, &wait);
  g_main_loop_run (wait.loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  audit = ms_cert_audit_finish (wait.result, error);
  g_object_unref (wait.result);
  g_main_loop_unref (wait.loop);
  return audit;
}

static MsCertStores
stores (void)
{
  MsCertStores s = { NULL, NULL, g_getenv ("MAIL_SETUP_PIN_STORE") };
  return s;
}

/* ---- listing ---- */

static int
status_of_audit (const MsCertAudit *audit)
{
  gboolean certificate = FALSE, unreachable = FALSE;

  for (guint i = 0; i < audit->rows->len; i++)
    {
      MsCertStatus s = ((MsCertAuditRow *) audit->rows->pdata[i])->status;
      certificate |= s == MS_CERT_STATUS_RENEWED || s == MS_CERT_STATUS_WRONG_NAME || s == MS_CERT_STATUS_EXPIRED;
      unreachable |= s == MS_CERT_STATUS_UNREACHABLE;
    }
  if (certificate)
    return EXIT_CERTIFICATE;
  if (unreachable)
    return EXIT_UNREACHABLE;
  return audit->problems->len ? EXIT_FAILED : EXIT_OK;
}

/* The commands that act on what the list found, for a helpdesk to paste. */
static void
append_hints (GString *out, const MsCertAudit *audit)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  GString *renew = g_string_new (NULL), *remove = g_string_new (NULL);

  for (guint i = 0; i < audit->rows->len; i++)
    {
      MsCertAuditRow *row = audit->rows->pdata[i];
      const MsCertInfo *leaf = ms_cert_audit_row_get_live_leaf (row);
      g_autofree char *spec = NULL;

      if (row->status == MS_CERT_STATUS_RENEWED)
        spec = g_strdup_printf (" --accept-fingerprint %s:%u=%s", row->host, row->port, leaf->sha256);
      else if (row->status == MS_CERT_STATUS_NO_LONGER_NEEDED)
        spec = g_strdup_printf (" --remove %s:%u", row->host, row->port);
      if (spec == NULL || g_ptr_array_find_with_equal_func (seen, spec, g_str_equal, NULL))
        continue;
      g_string_append (row->status == MS_CERT_STATUS_RENEWED ? renew : remove, spec);
      g_ptr_array_add (seen, g_steal_pointer (&spec));
    }
  if (renew->len)
    g_string_append_printf (out, "\n%s\n  mail-setup --certificates --renew%s\n",
                            _("After checking that the renewed certificates carry the provider’s name, accept them "
                              "with:"), renew->str);
  if (remove->len)
    g_string_append_printf (out, "\n%s\n  mail-setup --certificates%s\n",
                            _("To delete the exceptions that are no longer needed:"), remove->str);
  g_string_free (renew, TRUE);
  g_string_free (remove, TRUE);
}

static void
begin_json (GString *out, const MsCliCertificatesOptions *o, int status)
{
  g_string_append_printf (out, "{\"version\":1,\"exit_code\":%d,\"exit\":\"%s\",\"provider\":", status,
                          exit_name (status));
  ms_json_append_string (out, o->provider ? ms_provider_get_id (o->provider) : NULL);
  g_string_append_c (out, ',');
}

static int
list (const MsCliCertificatesOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsCertAudit) audit = run_audit (o, &error);
  g_autoptr(GString) out = g_string_new (NULL);
  int status;

  if (audit == NULL)
    return fail (o, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? EXIT_CANCELLED : EXIT_FAILED,
                 error->message);
  status = status_of_audit (audit);
  if (o->json)
    {
      begin_json (out, o, status);
      ms_cert_render_audit_json (out, audit);
      g_string_append (out, "}\n");
    }
  else
    {
      g_autofree char *text = ms_cert_render_audit_text (audit);

      if (o->provider)
        /* TRANSLATORS: the provider's name. */
        g_string_append_printf (out, _("Certificate exceptions for the servers of %s"),
                                ms_provider_get_display_name (o->provider));
      g_string_append (out, "\n\n");
      g_string_append (out, text);
      append_hints (out, audit);
    }
  print (out->str);
  return status;
}

/* ---- renewing and removing ---- */

static int
status_of_changes (GPtrArray *outcomes, GPtrArray *refusals)
{
  gboolean locked = FALSE, failed = FALSE;

  for (guint i = 0; i < outcomes->len; i++)
    {
      GError *e = ((MsCertOutcome *) outcomes->pdata[i])->error;
      if (g_error_matches (e, MS_CERT_EXCEPTIONS_ERROR, MS_CERT_EXCEPTIONS_ERROR_RUNNING))
        locked = TRUE;
      else if (e)
        failed = TRUE;
    }
  if (locked)
    return EXIT_LOCKED;
  if (failed)
    return EXIT_FAILED;
  return refusals && refusals->len ? EXIT_CERTIFICATE : EXIT_OK;
}

static int
report_changes (const MsCliCertificatesOptions *o, GPtrArray *outcomes, GPtrArray *refusals, const char *nothing)
{
  g_autoptr(GString) out = g_string_new (NULL);
  int status = status_of_changes (outcomes, refusals);

  if (o->json)
    {
      begin_json (out, o, status);
      g_string_append (out, "\"dry_run\":");
      g_string_append (out, o->dry_run ? "true," : "false,");
      ms_cert_render_changes_json (out, outcomes, refusals);
      g_string_append (out, "}\n");
    }
  else
    {
      g_autofree char *text = ms_cert_render_changes_text (outcomes, refusals);

      g_string_append (out, *text ? text : nothing);
      if (*text == '\0')
        g_string_append_c (out, '\n');
    }
  print (out->str);
  return status;
}

static int
renew (const MsCliCertificatesOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsCertAudit) audit = run_audit (o, &error);
  g_autoptr(GPtrArray) refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_refusal_free);
  g_autoptr(GPtrArray) chosen = NULL;
  g_autoptr(GPtrArray) edits = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  MsCertStores where = stores ();

  if (audit == NULL)
    return fail (o, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? EXIT_CANCELLED : EXIT_FAILED,
                 error->message);
  chosen = ms_cert_renewal_select (audit->rows, o->accept, refusals, &error);
  if (chosen == NULL)
    return fail (o, EXIT_USAGE, error->message);
  edits = ms_cert_edits_for_renewal (chosen, audit->rows);
  outcomes = ms_cert_changes_apply (edits, &where, o->dry_run, NULL);
  return report_changes (o, outcomes, refusals, _("No renewed certificate to accept."));
}

/* "host", "host:port", "[v6]:port". */
static gboolean
parse_place (const char *text, char **host, guint *port)
{
  const char *colon = strrchr (text, ':');

  *port = 0;
  if (text[0] == '[')
    {
      const char *close = strchr (text, ']');
      if (close == NULL || (close[1] != '\0' && (close[1] != ':' || !ms_ports_parse (close + 2, port))))
        return FALSE;
      *host = g_strndup (text + 1, close - text - 1);
      return **host != '\0';
    }
  if (colon && strchr (text, ':') == colon)
    {
      if (!ms_ports_parse (colon + 1, port))
        return FALSE;
      *host = g_strndup (text, colon - text);
    }
  else
    *host = g_strdup (text);
  return **host != '\0';
}

static int
remove_exceptions (const MsCliCertificatesOptions *o)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  MsCertStores where = stores ();
  g_autoptr(GPtrArray) all = ms_cert_exceptions_list (&where, NULL, problems);
  g_autoptr(GPtrArray) chosen = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_exception_unref);
  g_autoptr(GPtrArray) edits = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;

  for (guint i = 0; o->remove[i]; i++)
    {
      g_autofree char *host = NULL;
      g_autoptr(GPtrArray) found = NULL;
      guint port = 0;

      if (!parse_place (o->remove[i], &host, &port))
        {
          g_autofree char *message = g_strdup_printf (_("“%s”: expected HOST or HOST:PORT"), o->remove[i]);
          return fail (o, EXIT_USAGE, message);
        }
      found = ms_cert_exceptions_select (all, host, port);
      if (found->len == 0)
        {
          g_autofree char *message = g_strdup_printf (_("No certificate exception is stored for %s."), o->remove[i]);
          return fail (o, problems->len ? EXIT_FAILED : EXIT_USAGE, message);
        }
      for (guint f = 0; f < found->len; f++)
        if (!g_ptr_array_find (chosen, found->pdata[f], NULL))
          g_ptr_array_add (chosen, ms_cert_exception_ref (found->pdata[f]));
    }
  edits = ms_cert_edits_for_removal (chosen);
  outcomes = ms_cert_changes_apply (edits, &where, o->dry_run, NULL);
  return report_changes (o, outcomes, NULL, "");
}

/* ---- authorities ---- */

static int
install_authority (const MsCliCertificatesOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsCertAuthorityFile) file = ms_cert_authority_file_read (o->install_authority, o->provider, &error);
  g_autoptr(MsCertOutcome) outcome = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  int status = EXIT_OK;

  if (file == NULL)
    return fail (o, g_error_matches (error, MS_CERT_AUTHORITY_ERROR, MS_CERT_AUTHORITY_ERROR_NOT_AUTHORITY)
                      ? EXIT_CERTIFICATE : EXIT_USAGE, error->message);
  /* The profile names it, or the user confirms the fingerprint they checked. */
  if (!ms_cert_authority_file_check_confirmed (file, o->accept, &error))
    {
      g_autofree char *message = g_strdup_printf (_("%s If it is the right one, run again with --accept-fingerprint %s"),
                                                  error->message, file->info->sha256);
      return fail (o, EXIT_CERTIFICATE, message);
    }

  if (o->system)
    {
      g_autofree char *explanation = ms_cert_authority_system_explanation (file);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
      gboolean ok;

      /* Said before anything happens: pkexec then asks for the password. */
      if (!o->json)
        g_printerr ("%s\n", explanation);
      ms_cert_authority_install_system_async (file, cancellable, done, &wait);
      g_main_loop_run (wait.loop);
      ok = ms_cert_authority_install_system_finish (wait.result, &error);
      g_object_unref (wait.result);
      g_main_loop_unref (wait.loop);
      if (!ok)
        {
          g_autofree char *commands = ms_cert_authority_system_commands (o->install_authority, file);
          g_autofree char *message = g_strdup_printf ("%s\n%s", error->message, commands);
          return fail (o, EXIT_FAILED, message);
        }
      if (o->json)
        {
          begin_json (out, o, EXIT_OK);
          g_string_append (out, "\"installed\":\"system\",\"sha256\":");
          ms_json_append_string (out, file->info->sha256);
          g_string_append (out, "}\n");
        }
      else
        g_string_append_printf (out, _("The authority “%s” is now trusted by the whole computer, Evolution included.\n"),
                                file->info->common_name);
      print (out->str);
      return EXIT_OK;
    }

  outcome = ms_cert_authority_install (file, o->thunderbird_profile, o->dry_run);
  if (outcome->error)
    status = g_error_matches (outcome->error, MS_CERT_AUTHORITY_ERROR, MS_CERT_AUTHORITY_ERROR_RUNNING) ? EXIT_LOCKED
                                                                                                        : EXIT_FAILED;
  if (o->json)
    {
      begin_json (out, o, status);
      g_string_append (out, "\"sha256\":");
      ms_json_append_string (out, file->info->sha256);
      g_string_append (out, ",\"error\":");
      ms_json_append_string (out, outcome->error ? outcome->error->message : NULL);
      g_string_append_printf (out, ",\"already_trusted\":%s,\"written\":[",
                              !outcome->error && !o->dry_run && outcome->written->len == 0 ? "true" : "false");
      for (guint i = 0; i < outcome->written->len; i++)
        {
          if (i)
            g_string_append_c (out, ',');
          ms_json_append_string (out, outcome->written->pdata[i]);
        }
      g_string_append (out, "]}\n");
      print (out->str);
      return status;
    }
  if (outcome->error)
    return fail (o, status, outcome->error->message);
  if (o->dry_run)
    g_string_append_printf (out, _("Dry run: the authority “%s” would be added to Thunderbird’s certificate database, "
                                   "trusted for mail and web servers only.\n"), file->info->common_name);
  else if (outcome->written->len == 0)
    g_string_append_printf (out, _("Thunderbird already trusts the authority “%s”.\n"), file->info->common_name);
  else
    {
      g_string_append_printf (out, _("Thunderbird now trusts the authority “%s” for servers: certificates it signs, "
                                     "renewed ones included, are accepted without an exception.\n"),
                              file->info->common_name);
      for (guint i = 0; i < outcome->backups->len; i++)
        g_string_append_printf (out, "    %s %s\n", _("Backup:"), (char *) outcome->backups->pdata[i]);
    }
  /* Evolution is another matter: say so, never do it quietly. */
  g_string_append_printf (out, "\n%s\n", _("Evolution does not read Thunderbird’s authorities: it trusts only the "
                                           "computer’s own list. To add the authority there too (an administrator’s "
                                           "password is needed, and it applies to every program), run again with "
                                           "--system."));
  print (out->str);
  return status;
}

int
ms_cli_certificates (const MsCliCertificatesOptions *o)
{
  if ((o->renew ? 1 : 0) + (o->remove && o->remove[0] ? 1 : 0) + (o->install_authority ? 1 : 0) > 1)
    return fail (o, EXIT_USAGE, _("--renew, --remove and --install-authority go one at a time."));
  if (o->system && o->install_authority == NULL)
    return fail (o, EXIT_USAGE, _("--system goes with --install-authority."));
  if (o->install_authority)
    return install_authority (o);
  if (o->renew)
    return renew (o);
  if (o->remove && o->remove[0])
    return remove_exceptions (o);
  return list (o);
}
