/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-account.h"

static void
row_free (MsSummaryRow *row)
{
  g_free (row->label);
  g_free (row->value);
  g_free (row);
}

void
ms_summary_rows_add (GPtrArray *rows, const char *label, const char *value)
{
  MsSummaryRow *row;

  /* Optional fields the user left empty are not worth a line. */
  if (label != NULL && (value == NULL || *value == '\0'))
    return;
  row = g_new0 (MsSummaryRow, 1);
  row->label = g_strdup (label);
  row->value = g_strdup (value);
  g_ptr_array_add (rows, row);
}

static void
add_server (GPtrArray *rows, MsProvider *provider, MsServer *server, const char *title, const char *verdict)
{
  g_autofree char *port = g_strdup_printf ("%u", ms_server_get_port (server));
  g_autofree char *heading = g_strdup_printf ("%s (%s)", title, ms_protocol_display (ms_server_get_protocol (server)));
  g_autoptr(MsEndpoint) endpoint = ms_server_to_endpoint (server);

  ms_summary_rows_add (rows, NULL, heading);
  ms_summary_rows_add (rows, _("Server"), ms_server_get_hostname (server));
  ms_summary_rows_add (rows, _("Port"), port);
  ms_summary_rows_add (rows, _("Security"), ms_security_display (ms_server_get_security (server)));
  if (ms_server_get_protocol (server) == MS_PROTOCOL_SMTP)
    ms_summary_rows_add (rows, _("Authentication"), ms_auth_display (ms_server_get_auth (server)));
  ms_summary_rows_add (rows, _("Username"), ms_server_get_username (server));
  ms_summary_rows_add (rows, _("Certificate name"), ms_server_get_certificate_name (server));
  /* What a check found comes first: settings the provider recommends can
   * still fail (a username without the domain, a blocked port). */
  if (verdict)
    ms_summary_rows_add (rows, _("Check"), verdict);
  else if (provider && ms_provider_is_recommended (provider, endpoint))
    ms_summary_rows_add (rows, _("Provider advice"), _("Recommended settings"));
}

GPtrArray *
ms_account_summary_rows (MsAccount *self, const char *const *verdicts)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  MsProvider *provider = ms_account_get_provider (self);

  ms_summary_rows_add (rows, NULL, _("Account"));
  if (provider && !ms_provider_is_manual (provider))
    ms_summary_rows_add (rows, _("Provider"), ms_provider_get_display_name (provider));
  ms_summary_rows_add (rows, _("Your name"), ms_account_get_real_name (self));
  ms_summary_rows_add (rows, _("E-mail address"), ms_account_get_address (self));
  ms_summary_rows_add (rows, _("Password"), ms_account_get_remember_password (self)
                            ? _("remembered in the keyring (not shown)")
                            : _("asked each time (not shown)"));
  ms_summary_rows_add (rows, _("Reply-to address"), ms_account_get_reply_to (self));
  ms_summary_rows_add (rows, _("Organization"), ms_account_get_organization (self));
  ms_summary_rows_add (rows, _("Signature"), ms_account_get_signature (self));
  add_server (rows, provider, ms_account_get_incoming (self), _("Incoming server"), verdicts ? verdicts[0] : NULL);
  add_server (rows, provider, ms_account_get_outgoing (self), _("Outgoing server"), verdicts ? verdicts[1] : NULL);
  return rows;
}

char *
ms_account_format_summary (MsAccount *self)
{
  g_autoptr(GPtrArray) rows = ms_account_summary_rows (self, NULL);

  return ms_summary_rows_to_text (rows);
}

char *
ms_summary_rows_to_text (GPtrArray *rows)
{
  GString *text = g_string_new (NULL);

  /* TRANSLATORS: first line of the settings copied for a helpdesk. */
  g_string_append_printf (text, _("Mail settings (Mail Setup %s)"), PACKAGE_VERSION);
  g_string_append_c (text, '\n');
  for (guint i = 0; i < rows->len; i++)
    {
      MsSummaryRow *row = g_ptr_array_index (rows, i);

      if (row->label == NULL)
        g_string_append_printf (text, "\n%s\n", row->value);
      else
        {
          g_autofree char *indented = NULL;
          g_auto(GStrv) lines = g_strsplit (row->value, "\n", -1);

          /* A multi-line signature stays readable and aligned. */
          indented = g_strjoinv ("\n    ", lines);
          g_string_append (text, "  ");
          /* TRANSLATORS: a line of the copied settings, "Server: mail.3xo.fr";
           * French puts a space before the colon. */
          g_string_append_printf (text, C_("summary line", "%s: %s"), row->label, indented);
          g_string_append_c (text, '\n');
        }
    }
  return g_string_free (text, FALSE);
}
