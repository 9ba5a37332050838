/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "ms-certificates-page.h"
#include "wizard/ms-ui.h"

/* Step 4 of the guide: look at each server's certificate, check its name,
 * then accept it for good or refuse it.  One section per server. */
struct _MsCertificatesPage
{
  MsPage parent_instance;

  GtkWidget *content;
  GtkWidget *intro_label;
  GtkWidget *sections[2];
  GtkWidget *accept_checks[2];
  GtkWidget *status_label;

  MsChecks *checks;
  GCancellable *cancellable;
  guint pending;
  gboolean failed;
};

G_DEFINE_TYPE (MsCertificatesPage, ms_certificates_page, MS_TYPE_PAGE)

static MsServer *
server_at (MsCertificatesPage *self, guint i)
{
  MsAccount *account = ms_page_get_account (MS_PAGE (self));
  return i == 0 ? ms_account_get_incoming (account) : ms_account_get_outgoing (account);
}

static const char *
provider_name (MsCertificatesPage *self)
{
  MsProvider *provider = ms_account_get_provider (ms_page_get_account (MS_PAGE (self)));

  return provider && !ms_provider_is_manual (provider) ? ms_provider_get_display_name (provider)
                                                        : _("your provider");
}

/* The CN is usually repeated among the alternative names. */
static char *
unique_names (const char *const *names)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();

  for (guint i = 0; names && names[i]; i++)
    if (!g_ptr_array_find_with_equal_func (seen, names[i], g_str_equal, NULL))
      g_ptr_array_add (seen, (gpointer) names[i]);
  if (seen->len == 0)
    return g_strdup ("?");
  g_ptr_array_add (seen, NULL);
  return g_strjoinv (", ", (GStrv) seen->pdata);
}

static void
add_row (GtkGrid *grid, int *row, const char *name, const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  GtkWidget *name_label = ms_ui_label_new (name, "ms-dim", FALSE);
  GtkWidget *value_label = ms_ui_label_new (value, NULL, TRUE);

  /* Names stay on one line; long values (fingerprints, DNs) wrap anywhere. */
  gtk_label_set_line_wrap (GTK_LABEL (name_label), FALSE);
  gtk_label_set_yalign (GTK_LABEL (name_label), 0.0);
  gtk_label_set_line_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_grid_attach (grid, name_label, 0, *row, 1, 1);
  gtk_grid_attach (grid, value_label, 1, *row, 1, 1);
  (*row)++;
}

static char *
format_date (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_time);

  /* ISO dates: unambiguous when read out to a helpdesk, in any language. */
  return dt ? g_date_time_format (dt, "%Y-%m-%d") : g_strdup ("?");
}

static GtkWidget *
cert_grid (const MsCertInfo *info, gboolean full)
{
  GtkWidget *grid = gtk_grid_new ();
  g_autofree char *names = info->dns_names ? g_strjoinv (", ", info->dns_names) : NULL;
  g_autofree char *from = format_date (info->not_before);
  g_autofree char *until = format_date (info->not_after);
  g_autofree char *validity = NULL;
  g_autofree char *key = NULL;
  int row = 0;

  if (info->days_remaining >= 0)
    validity = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s to %s (%" PRId64 " day left)",
                                             "%s to %s (%" PRId64 " days left)", info->days_remaining),
                                from, until, info->days_remaining);
  else
    validity = g_strdup_printf (_("%s to %s (expired)"), from, until);
  key = g_strdup_printf (_("%s, %u bits"), info->key_type, info->key_bits);

  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  add_row (GTK_GRID (grid), &row, _("Common Name (CN)"), info->common_name);
  add_row (GTK_GRID (grid), &row, _("Other names"), names);
  if (full)
    add_row (GTK_GRID (grid), &row, _("Subject"), info->subject_dn);
  add_row (GTK_GRID (grid), &row, _("Issued by"), info->issuer_dn);
  add_row (GTK_GRID (grid), &row, _("Valid"), validity);
  add_row (GTK_GRID (grid), &row, _("SHA-256 fingerprint"), info->sha256);
  if (full)
    {
      add_row (GTK_GRID (grid), &row, _("SHA-1 fingerprint"), info->sha1);
      add_row (GTK_GRID (grid), &row, _("Serial number"), info->serial);
      add_row (GTK_GRID (grid), &row, _("Public key"), key);
      add_row (GTK_GRID (grid), &row, _("Signature algorithm"), info->signature_algorithm);
    }
  gtk_widget_show (grid);
  return grid;
}

static GtkWidget *
chain_expander (const MsCertReport *report)
{
  GtkWidget *expander = gtk_expander_new_with_mnemonic (_("_View Certificate"));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  gtk_widget_set_margin_top (box, 8);
  for (guint i = 0; i < report->chain->len; i++)
    {
      const MsCertInfo *info = g_ptr_array_index (report->chain, i);
      g_autofree char *title = NULL;

      /* TRANSLATORS: position in the certificate chain: "Certificate 1 of 2". */
      title = g_strdup_printf (_("Certificate %u of %u"), i + 1, report->chain->len);
      gtk_container_add (GTK_CONTAINER (box), ms_ui_label_new (title, "ms-summary-section", FALSE));
      gtk_container_add (GTK_CONTAINER (box), cert_grid (info, TRUE));
    }
  gtk_widget_show (box);
  gtk_container_add (GTK_CONTAINER (expander), box);
  gtk_widget_show (expander);
  return expander;
}

static void
accept_toggled (MsCertificatesPage *self);

static void
update_complete (MsCertificatesPage *self)
{
  gboolean complete = TRUE, accepting = FALSE;

  for (guint i = 0; i < 2; i++)
    {
      MsProbeResult *result = ms_checks_get_result (self->checks, server_at (self, i));
      const MsCertReport *report = result ? result->certificate : NULL;

      if (report == NULL || report->pinned)
        continue;
      if (report->decision == MS_CERT_DECISION_REFUSED)
        complete = FALSE;
      else if (report->decision == MS_CERT_DECISION_NEEDS_EXCEPTION)
        {
          gboolean ticked = self->accept_checks[i] &&
                            gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->accept_checks[i]));
          complete = complete && ticked;
          accepting = accepting || ticked;
        }
    }
  ms_page_set_complete (MS_PAGE (self), complete);
  /* The guide's own button. */
  ms_page_set_forward_label (MS_PAGE (self), accepting ? _("Confirm Security _Exception") : NULL);
}

static GtkWidget *
build_section (MsCertificatesPage *self, guint i)
{
  static const char *const ids[] = { "incoming", "outgoing" };
  MsServer *server = server_at (self, i);
  MsProbeResult *result = ms_checks_get_result (self->checks, server);
  const MsCertReport *report = result ? result->certificate : NULL;
  const char *expected = ms_server_get_certificate_name (server);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  g_autofree char *heading = NULL, *verdict = NULL, *id = NULL;
  const char *style = "ms-info-box";

  if (expected == NULL || *expected == '\0')
    expected = ms_server_get_hostname (server);
  heading = g_strdup_printf ("%s — %s:%u", i == 0 ? _("Incoming server") : _("Outgoing server"),
                             ms_server_get_hostname (server), ms_server_get_port (server));
  gtk_container_add (GTK_CONTAINER (box), ms_ui_label_new (heading, "ms-summary-section", FALSE));

  self->accept_checks[i] = NULL;
  if (ms_server_get_security (server) == MS_SECURITY_NONE)
    verdict = g_strdup (_("No certificate: the connection to this server is not encrypted."));
  else if (result == NULL && !ms_checks_get_enabled (self->checks))
    verdict = g_strdup_printf (_("The servers were not contacted (offline), so this certificate has not been checked. When your mail program first connects, check that its Common Name is %s before you accept it."),
                               expected);
  else if (result == NULL)
    verdict = g_strdup (_("This server was not checked, so its certificate is not known. Go back to its page to check it."));
  else if (report == NULL)
    verdict = g_strdup_printf (_("The certificate could not be fetched: %s"),
                               result->error ? result->error->message : _("no secure connection."));
  else if (report->pinned)
    {
      verdict = g_strdup_printf (_("✓ You accepted this certificate for %s before, and the server still presents the same one."), expected);
      style = "ms-info-box";
    }
  else if (report->decision == MS_CERT_DECISION_OK)
    {
      verdict = g_strdup_printf (_("✓ The certificate belongs to %s and is signed by an authority this computer trusts. There is nothing to accept."), expected);
      style = NULL;
    }
  else if (report->decision == MS_CERT_DECISION_NEEDS_EXCEPTION)
    {
      verdict = g_strdup_printf (_("The certificate is for %s, as it should be, but this computer cannot vouch for it. Check the details with %s, then store it permanently."),
                                 expected, provider_name (self));
      style = "ms-warning-box";
    }
  else
    {
      g_autofree char *presented = unique_names ((const char *const *) report->presented_names);
      /* The guide: if the certificate does not belong to the provider, do
       * not connect, and contact them. */
      verdict = g_strdup_printf (_("Do not connect. This certificate is for %s, but it should be for %s: it may not belong to %s. Contact %s before going further."),
                                 presented, expected, provider_name (self), provider_name (self));
      style = "ms-error-box";
    }

  {
    GtkWidget *label = ms_ui_label_new (verdict, style ? style : "ms-good", FALSE);
    id = g_strdup_printf ("%s_verdict", ids[i]);
    gtk_buildable_set_name (GTK_BUILDABLE (label), id);
    gtk_container_add (GTK_CONTAINER (box), label);
  }

  if (report)
    {
      for (guint r = 0; report->reasons && r < report->reasons->len; r++)
        {
          g_autofree char *line = g_strdup_printf ("• %s", (char *) g_ptr_array_index (report->reasons, r));
          gtk_container_add (GTK_CONTAINER (box), ms_ui_label_new (line, NULL, FALSE));
        }
      if (report->chain->len > 0)
        gtk_container_add (GTK_CONTAINER (box), cert_grid (g_ptr_array_index (report->chain, 0), FALSE));
      if (report->decision == MS_CERT_DECISION_NEEDS_EXCEPTION && !report->pinned)
        {
          GtkWidget *check = gtk_check_button_new_with_mnemonic (_("_Permanently store this exception"));
          g_autofree char *check_id = g_strdup_printf ("%s_accept", ids[i]);

          gtk_buildable_set_name (GTK_BUILDABLE (check), check_id);
          g_signal_connect_swapped (check, "toggled", G_CALLBACK (accept_toggled), self);
          gtk_widget_show (check);
          gtk_container_add (GTK_CONTAINER (box), check);
          self->accept_checks[i] = check;
        }
      if (report->chain->len > 0)
        {
          GtkWidget *expander = chain_expander (report);
          g_autofree char *expander_id = g_strdup_printf ("%s_details", ids[i]);
          gtk_buildable_set_name (GTK_BUILDABLE (expander), expander_id);
          gtk_container_add (GTK_CONTAINER (box), expander);
        }
    }

  g_free (id);
  id = g_strdup_printf ("%s_section", ids[i]);
  gtk_buildable_set_name (GTK_BUILDABLE (box), id);
  gtk_widget_show (box);
  return box;
}

static void
accept_toggled (MsCertificatesPage *self)
{
  update_complete (self);
}

static void
rebuild (MsCertificatesPage *self)
{
  g_autofree char *intro = NULL;
  const char *name = ms_server_get_certificate_name (server_at (self, 0));

  if (name == NULL || *name == '\0')
    name = ms_server_get_hostname (server_at (self, 0));
  intro = g_strdup_printf (_("Before you accept a certificate, check that it belongs to the mail servers of %s: its Common Name (CN) must be %s. If it is not, do not connect, and contact %s."),
                           provider_name (self), name, provider_name (self));
  gtk_label_set_text (GTK_LABEL (self->intro_label), intro);

  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&self->sections[i], gtk_widget_destroy);
      self->sections[i] = build_section (self, i);
      gtk_container_add (GTK_CONTAINER (self->content), self->sections[i]);
    }
  if (self->status_label)
    gtk_container_child_set (GTK_CONTAINER (self->content), self->status_label, "position", -1, NULL);
  update_complete (self);
}

typedef struct {
  MsCertificatesPage *self;
  guint index;
} Step;

static Step *
step_new (MsCertificatesPage *self, guint index)
{
  Step *step = g_new0 (Step, 1);

  step->self = g_object_ref (self);
  step->index = index;
  return step;
}

static void
step_done (Step *step, const char *error_message)
{
  MsCertificatesPage *self = step->self;

  if (error_message)
    {
      self->failed = TRUE;
      gtk_label_set_text (GTK_LABEL (self->status_label), error_message);
      gtk_widget_show (self->status_label);
    }
  if (--self->pending == 0)
    {
      g_clear_object (&self->cancellable);
      rebuild (self);
      ms_page_apply_complete (MS_PAGE (self), !self->failed);
    }
  g_object_unref (self);
  g_free (step);
}

static void
reprobed (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Step *step = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsProbeResult) result = ms_probe_run_finish (res, &error);

  if (result)
    ms_checks_set_result (step->self->checks, server_at (step->self, step->index), result);
  /* A refused login is worth saying here: the exception was the last
   * thing standing between the user and a working account. */
  step_done (step, result && result->error && result->login_attempted ? result->error->message : NULL);
}

static void
pinned (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Step *step = user_data;
  MsCertificatesPage *self = step->self;
  g_autoptr(GError) error = NULL;
  MsServer *server = server_at (self, step->index);
  g_autoptr(MsProbeOptions) options = NULL;
  g_autoptr(MsEndpoint) endpoint = NULL;

  if (!ms_pin_store_add_finish (MS_PIN_STORE (source), res, &error))
    {
      step_done (step, error->message);
      return;
    }
  /* Now that the certificate is trusted, the password may be tried. */
  options = ms_checks_make_options (self->checks, server, TRUE);
  endpoint = ms_server_to_endpoint (server);
  ms_probe_run_async (endpoint, options, self->cancellable, reprobed, step);
}

static gboolean
ms_certificates_page_apply (MsPage *page, GCancellable *cancellable)
{
  MsCertificatesPage *self = MS_CERTIFICATES_PAGE (page);
  GPtrArray *leaves = g_ptr_array_new ();

  self->failed = FALSE;
  gtk_widget_hide (self->status_label);
  g_set_object (&self->cancellable, cancellable);
  for (guint i = 0; i < 2; i++)
    {
      MsProbeResult *result = ms_checks_get_result (self->checks, server_at (self, i));

      if (self->accept_checks[i] == NULL ||
          !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->accept_checks[i])) ||
          result == NULL || result->certificate == NULL || result->certificate->chain->len == 0)
        continue;
      g_ptr_array_add (leaves, GUINT_TO_POINTER (i + 1));
    }
  /* Count first, so that a fast callback cannot finish the apply early. */
  self->pending = leaves->len;
  for (guint n = 0; n < leaves->len; n++)
    {
      guint i = GPOINTER_TO_UINT (g_ptr_array_index (leaves, n)) - 1;
      MsProbeResult *result = ms_checks_get_result (self->checks, server_at (self, i));
      const MsCertInfo *leaf = g_ptr_array_index (result->certificate->chain, 0);

      ms_pin_store_add_async (ms_checks_get_pin_store (self->checks), result->endpoint->hostname,
                              result->endpoint->port, leaf->der, cancellable, pinned, step_new (self, i));
    }
  g_ptr_array_unref (leaves);
  return self->pending > 0;
}

static void
ms_certificates_page_shown (MsPage *page)
{
  rebuild (MS_CERTIFICATES_PAGE (page));
}

static void
ms_certificates_page_dispose (GObject *object)
{
  g_clear_object (&MS_CERTIFICATES_PAGE (object)->checks);
  g_clear_object (&MS_CERTIFICATES_PAGE (object)->cancellable);
  G_OBJECT_CLASS (ms_certificates_page_parent_class)->dispose (object);
}

static void
ms_certificates_page_class_init (MsCertificatesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ms_certificates_page_dispose;
  MS_PAGE_CLASS (klass)->apply = ms_certificates_page_apply;
  MS_PAGE_CLASS (klass)->shown = ms_certificates_page_shown;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mailsetup/MailSetup/ms-certificates-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsCertificatesPage, content);
  gtk_widget_class_bind_template_child (widget_class, MsCertificatesPage, intro_label);
}

static void
ms_certificates_page_init (MsCertificatesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->status_label = ms_ui_label_new ("", "ms-error", FALSE);
  gtk_buildable_set_name (GTK_BUILDABLE (self->status_label), "status_label");
  gtk_widget_hide (self->status_label);
  gtk_container_add (GTK_CONTAINER (self->content), self->status_label);
}

MsPage *
ms_certificates_page_new (MsAccount *account, MsChecks *checks)
{
  MsCertificatesPage *self = g_object_new (MS_TYPE_CERTIFICATES_PAGE, "account", account,
                                           "title", _("Certificates"), NULL);

  self->checks = g_object_ref (checks);
  g_signal_connect_object (checks, "changed", G_CALLBACK (update_complete), self, G_CONNECT_SWAPPED);
  return MS_PAGE (self);
}
