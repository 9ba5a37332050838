/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "clients/ms-cert-authority.h"
#include "clients/ms-cert-render.h"
#include "core/ms-json.h"
#include "core/ms-ports.h"
#include "ms-cli-private.h"

/* `mail-setup --certificates`: the wizard's certificates view on the
 * command line (docs/certificates.md).
 *   --certificates [--json]                          compare and list
 *   --renew --accept-fingerprint HOST:PORT=SHA256    accept renewed certificates
 *   --remove HOST[:PORT]                             delete exceptions
 *   --install-authority FILE.pem [--system]          trust the provider's authority
 * Nothing is accepted without its fingerprint, and the engine's rule holds
 * whatever is given: never a certificate for another name, never an
 * expired or not yet valid one. */

static int
fail (const MsCliOptions *o, MsExit status, const char *message)
{
  g_autoptr(GError) error = g_error_new_literal (MS_CLI_ERROR, MS_CLI_ERROR_BAD_OPTION, message);

  ms_cli_print_error (o, status, error);
  return status;
}

/* ---- the audit, Ctrl+C cancelling ---- */

static MsCertAudit *
run_audit (const MsCliOptions *o, MsProvider *provider, GError **error)
{
  MsCertAuditOptions options = { { NULL, NULL, g_getenv ("MAIL_SETUP_PIN_STORE") }, provider, o->timeout_ms };
  MsCliWait wait;
  MsCertAudit *audit;

  ms_cli_wait_init (&wait);
  ms_cert_audit_async (&options, wait.cancellable, ms_cli_wait_done, &wait);
  audit = ms_cert_audit_finish (ms_cli_wait_run (&wait), error);
  ms_cli_wait_clear (&wait);
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
    return MS_EXIT_CERTIFICATE;
  if (unreachable)
    return MS_EXIT_UNREACHABLE;
  return audit->problems->len ? MS_EXIT_FAILED : MS_EXIT_OK;
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
begin_json (GString *out, MsProvider *provider, int status)
{
  g_string_append_printf (out, "{\"version\":1,\"ok\":%s,\"exit_code\":%d,\"exit\":\"%s\",\"provider\":",
                          status == MS_EXIT_OK ? "true" : "false", status, ms_cli_exit_name (status));
  ms_json_append_string (out, provider ? ms_provider_get_id (provider) : NULL);
  g_string_append_c (out, ',');
}

static int
list (const MsCliOptions *o, MsProvider *provider)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsCertAudit) audit = run_audit (o, provider, &error);
  g_autoptr(GString) out = g_string_new (NULL);
  int status;

  if (audit == NULL)
    return fail (o, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? MS_EXIT_CANCELLED : MS_EXIT_FAILED,
                 error->message);
  status = status_of_audit (audit);
  if (o->json)
    {
      begin_json (out, provider, status);
      ms_cert_render_audit_json (out, audit);
      g_string_append (out, "}\n");
    }
  else
    {
      g_autofree char *text = ms_cert_render_audit_text (audit);

      if (provider)
        /* TRANSLATORS: the provider's name. */
        g_string_append_printf (out, _("Certificate exceptions for the servers of %s"),
                                ms_provider_get_display_name (provider));
      g_string_append (out, "\n\n");
      g_string_append (out, text);
      append_hints (out, audit);
    }
  ms_cli_print (out->str);
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
      if (e && ms_cli_exit_for_error (e) == MS_EXIT_LOCKED)
        locked = TRUE;
      else if (e)
        failed = TRUE;
    }
  if (locked)
    return MS_EXIT_LOCKED;
  if (failed)
    return MS_EXIT_FAILED;
  return refusals && refusals->len ? MS_EXIT_CERTIFICATE : MS_EXIT_OK;
}

static int
report_changes (const MsCliOptions *o, MsProvider *provider, GPtrArray *outcomes, GPtrArray *refusals,
                const char *nothing)
{
  g_autoptr(GString) out = g_string_new (NULL);
  int status = status_of_changes (outcomes, refusals);

  if (o->json)
    {
      begin_json (out, provider, status);
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
  ms_cli_print (out->str);
  return status;
}

static int
renew (const MsCliOptions *o, MsProvider *provider)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsCertAudit) audit = run_audit (o, provider, &error);
  g_autoptr(GPtrArray) refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_refusal_free);
  g_autoptr(GPtrArray) chosen = NULL;
  g_autoptr(GPtrArray) edits = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  MsCertStores where = stores ();

  if (audit == NULL)
    return fail (o, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? MS_EXIT_CANCELLED : MS_EXIT_FAILED,
                 error->message);
  chosen = ms_cert_renewal_select (audit->rows, (const char *const *) o->fingerprints, refusals, &error);
  if (chosen == NULL)
    return fail (o, MS_EXIT_USAGE, error->message);
  edits = ms_cert_edits_for_renewal (chosen, audit->rows);
  outcomes = ms_cert_changes_apply (edits, &where, o->dry_run, NULL);
  return report_changes (o, provider, outcomes, refusals, _("No renewed certificate to accept."));
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
remove_exceptions (const MsCliOptions *o, MsProvider *provider)
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
          /* TRANSLATORS: %s is the value given with --remove, e.g. “mail.example.com:99999”; HOST and PORT are
           * the placeholders shown in --help. */
          g_autofree char *message = g_strdup_printf (_("“%s”: expected HOST or HOST:PORT"), o->remove[i]);
          return fail (o, MS_EXIT_USAGE, message);
        }
      found = ms_cert_exceptions_select (all, host, port);
      if (found->len == 0)
        {
          /* TRANSLATORS: %s is the server given with --remove, e.g. “mail.example.com:993”. */
          g_autofree char *message = g_strdup_printf (_("No certificate exception is stored for %s."), o->remove[i]);
          return fail (o, problems->len ? MS_EXIT_FAILED : MS_EXIT_USAGE, message);
        }
      for (guint f = 0; f < found->len; f++)
        if (!g_ptr_array_find (chosen, found->pdata[f], NULL))
          g_ptr_array_add (chosen, ms_cert_exception_ref (found->pdata[f]));
    }
  edits = ms_cert_edits_for_removal (chosen);
  outcomes = ms_cert_changes_apply (edits, &where, o->dry_run, NULL);
  return report_changes (o, provider, outcomes, NULL, "");
}

/* ---- authorities ---- */

static int
install_authority (const MsCliOptions *o, MsProvider *provider)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsCertAuthorityFile) file = ms_cert_authority_file_read (o->install_authority, provider, &error);
  g_autoptr(MsCertOutcome) outcome = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  int status = MS_EXIT_OK;

  if (file == NULL)
    return fail (o, ms_cli_exit_for_error (error), error->message);
  /* The profile names it, or the user confirms the fingerprint they checked. */
  if (!ms_cert_authority_file_check_confirmed (file, (const char *const *) o->fingerprints, &error))
    {
      /* TRANSLATORS: a sentence saying the authority is not the one the provider profile names, then its SHA-256
       * fingerprint (64 hexadecimal digits with colons). --accept-fingerprint is an option: do not translate it. */
      g_autofree char *message = g_strdup_printf (_("%s If it is the right one, run again with --accept-fingerprint %s"),
                                                  error->message, file->info->sha256);
      return fail (o, MS_EXIT_CERTIFICATE, message);
    }

  if (o->system)
    {
      g_autofree char *explanation = ms_cert_authority_system_explanation (file);
      MsCliWait wait;
      gboolean ok;

      /* Said before anything happens: pkexec then asks for the password. */
      if (!o->json)
        g_printerr ("%s\n", explanation);
      ms_cli_wait_init (&wait);
      ms_cert_authority_install_system_async (file, wait.cancellable, ms_cli_wait_done, &wait);
      ok = ms_cert_authority_install_system_finish (ms_cli_wait_run (&wait), &error);
      ms_cli_wait_clear (&wait);
      if (!ok)
        {
          g_autofree char *commands = ms_cert_authority_system_commands (o->install_authority, file);
          g_autofree char *message = g_strdup_printf ("%s\n%s", error->message, commands);
          return fail (o, MS_EXIT_FAILED, message);
        }
      if (o->json)
        {
          begin_json (out, provider, MS_EXIT_OK);
          g_string_append (out, "\"installed\":\"system\",\"sha256\":");
          ms_json_append_string (out, file->info->sha256);
          g_string_append (out, "}\n");
        }
      else
        /* TRANSLATORS: %s is the certificate authority's name (its Common Name), e.g. “3xo Root CA”. */
        g_string_append_printf (out, _("The authority “%s” is now trusted by the whole computer, Evolution included.\n"),
                                file->info->common_name);
      ms_cli_print (out->str);
      return MS_EXIT_OK;
    }

  outcome = ms_cert_authority_install (file, o->thunderbird_profile, o->dry_run);
  if (outcome->error)
    status = ms_cli_exit_for_error (outcome->error);
  if (o->json)
    {
      begin_json (out, provider, status);
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
      ms_cli_print (out->str);
      return status;
    }
  if (outcome->error)
    return fail (o, status, outcome->error->message);
  if (o->dry_run)
    /* TRANSLATORS: %s is the certificate authority's name (its Common Name), e.g. “3xo Root CA”. */
    g_string_append_printf (out, _("Dry run: the authority “%s” would be added to Thunderbird’s certificate database, "
                                   "trusted for mail and web servers only.\n"), file->info->common_name);
  else if (outcome->written->len == 0)
    /* TRANSLATORS: %s is the certificate authority's name (its Common Name), e.g. “3xo Root CA”. */
    g_string_append_printf (out, _("Thunderbird already trusts the authority “%s”.\n"), file->info->common_name);
  else
    {
      /* TRANSLATORS: %s is the certificate authority's name (its Common Name), e.g. “3xo Root CA”. */
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
  ms_cli_print (out->str);
  return status;
}

int
ms_cli_certificates (const MsCliOptions *o, MsProviderStore *store)
{
  g_autoptr(MsProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  gboolean removing = o->remove && o->remove[0];

  if ((o->renew ? 1 : 0) + (removing ? 1 : 0) + (o->install_authority ? 1 : 0) > 1)
    return fail (o, MS_EXIT_USAGE, _("--renew, --remove and --install-authority go one at a time."));
  if (o->system && o->install_authority == NULL)
    return fail (o, MS_EXIT_USAGE, _("--system goes with --install-authority."));
  if ((provider = ms_cli_choose_provider (o, store, &error)) == NULL)
    {
      MsExit status = ms_cli_exit_for_error (error);
      ms_cli_print_error (o, status, error);
      return status;
    }
  /* "Other provider" names no host: every exception is shown. */
  if (ms_provider_is_manual (provider))
    g_clear_object (&provider);
  if (o->install_authority)
    return install_authority (o, provider);
  if (o->renew)
    return renew (o, provider);
  if (removing)
    return remove_exceptions (o, provider);
  return list (o, provider);
}
