/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "core/ms-date.h"
#include "ms-certificate-section.h"
#include "ms-ui.h"

struct _MsCertificateSection
{
  GtkBox parent_instance;

  GtkWidget *heading;
  GtkWidget *verdict_box;
  GtkWidget *verdict_label;
  GtkWidget *advice_label;
  GtkWidget *report_button;
  GtkWidget *summary_grid;
  GtkWidget *reasons_box;
  GtkWidget *accept_check;
  GtkWidget *details_expander;
  GtkWidget *chain_box;

  char *sha256;
  gboolean refused;
};

G_DEFINE_TYPE (MsCertificateSection, ms_certificate_section, GTK_TYPE_BOX)

enum { SIGNAL_TOGGLED, SIGNAL_COPY_REPORT, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
add_row (GtkGrid *grid, const char *name, const char *value)
{
  int row = 0;
  g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (grid));
  GtkWidget *name_label, *value_label;

  if (value == NULL || *value == '\0')
    return;
  row = (int) g_list_length (children) / 2;
  name_label = ms_ui_label_new (name, "ms-dim", FALSE);
  value_label = ms_ui_label_new (value, NULL, TRUE);
  /* Names stay on one line; long values (fingerprints, DNs) wrap anywhere. */
  gtk_label_set_line_wrap (GTK_LABEL (name_label), FALSE);
  gtk_label_set_line_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (value_label), 45);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_grid_attach (grid, name_label, 0, row, 1, 1);
  gtk_grid_attach (grid, value_label, 1, row, 1, 1);
}

static char *
validity (const MsCertInfo *info)
{
  g_autofree char *from = ms_date_format_long (info->not_before);
  g_autofree char *until = ms_date_format_long (info->not_after);

  if (info->days_remaining < 0)
    /* TRANSLATORS: two dates written out, then how long ago it expired. */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s to %s (expired %d day ago)",
                                         "%s to %s (expired %d days ago)", (gulong) -info->days_remaining),
                            from, until, (int) -info->days_remaining);
  /* TRANSLATORS: two dates written out, then the days left. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s to %s (%d day left)", "%s to %s (%d days left)",
                                       (gulong) info->days_remaining),
                          from, until, (int) info->days_remaining);
}

static void
fill_grid (GtkGrid *grid, const MsCertInfo *info, gboolean full)
{
  g_autofree char *names = info->dns_names ? g_strjoinv (", ", info->dns_names) : NULL;
  g_autofree char *valid = validity (info);
  /* TRANSLATORS: the kind of key, e.g. “RSA”, then its size in bits, e.g. 2048. */
  g_autofree char *key = g_strdup_printf (_("%s, %u bits"), info->key_type, info->key_bits);

  add_row (grid, _("Common Name (CN)"), info->common_name);
  add_row (grid, _("Other names"), names);
  if (full)
    add_row (grid, _("Subject"), info->subject_dn);
  add_row (grid, _("Issued by"), info->issuer_dn);
  add_row (grid, _("Valid"), valid);
  add_row (grid, _("SHA-256 fingerprint"), info->sha256);
  if (full)
    {
      add_row (grid, _("SHA-1 fingerprint"), info->sha1);
      add_row (grid, _("Serial number"), info->serial);
      add_row (grid, _("Public key"), key);
      add_row (grid, _("Signature algorithm"), info->signature_algorithm);
    }
}

static void
fill_chain (MsCertificateSection *self, const MsCertReport *report)
{
  for (guint i = 0; i < report->chain->len; i++)
    {
      GtkWidget *grid = gtk_grid_new ();
      /* TRANSLATORS: position in the certificate chain: "Certificate 1 of 2". */
      g_autofree char *title = g_strdup_printf (_("Certificate %u of %u"), i + 1, report->chain->len);

      gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
      gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
      fill_grid (GTK_GRID (grid), report->chain->pdata[i], TRUE);
      gtk_widget_show (grid);
      gtk_container_add (GTK_CONTAINER (self->chain_box), ms_ui_label_new (title, "ms-summary-section", FALSE));
      gtk_container_add (GTK_CONTAINER (self->chain_box), grid);
    }
}

static void
set_style (MsCertificateSection *self, const char *style)
{
  if (style)
    gtk_style_context_add_class (gtk_widget_get_style_context (self->verdict_box), style);
}

static char *
server_heading (const MsVerdict *v)
{
  /* TRANSLATORS: "Incoming server: mail.3xo.fr, port 993". */
  return g_strdup_printf (v->role == MS_ROLE_INCOMING ? _("Incoming server: %s, port %u")
                                                      /* TRANSLATORS: a server name, e.g. “mail.3xo.fr”, then a
                                                       * port number, e.g. 465. */
                                                      : _("Outgoing server: %s, port %u"),
                          v->endpoint->hostname, v->endpoint->port);
}

static void
describe (MsCertificateSection *self, const MsVerdict *v, const char *expected, const char *provider)
{
  const MsCertReport *report = v->result->certificate;
  g_autofree char *verdict = NULL, *advice = NULL;
  gboolean changed = (report->problems & MS_CERT_PROBLEM_PIN_MISMATCH) != 0;

  if (v->kind == MS_VERDICT_FAILED && ms_net_error_is_certificate (v->error))
    {
      /* Wrong name or dates: the session's own words, and the guide's
       * advice; there is nothing to accept. */
      self->refused = TRUE;
      verdict = g_strdup (v->headline);
      advice = g_strdup (v->advice);
      set_style (self, "ms-error-box");
      gtk_widget_show (self->report_button);
    }
  else if (report->pinned && v->kind != MS_VERDICT_NEEDS_APPROVAL)
    {
      /* TRANSLATORS: %s is the server name the certificate is for, e.g. “mail.3xo.fr”. */
      verdict = g_strdup_printf (_("✓ You accepted this certificate for %s before, and the server still presents "
                                   "the same one."), expected);
      set_style (self, "ms-info-box");
    }
  else if (report->decision == MS_CERT_DECISION_OK)
    /* TRANSLATORS: %s is the server name the certificate is for, e.g. “mail.3xo.fr”. */
    verdict = g_strdup_printf (_("✓ The certificate belongs to %s and is signed by an authority this computer "
                                 "trusts. There is nothing to accept."), expected);
  else
    {
      /* TRANSLATORS: %s is the server name the certificate is for, e.g. “mail.3xo.fr”; “vouch for it” means:
       * confirm by itself that it is genuine. */
      verdict = g_strdup_printf (_("The certificate is for %s, as it should be, but this computer cannot vouch "
                                   "for it."), expected);
      /* TRANSLATORS: the name to check, then the provider. The guide's step 4. */
      advice = g_strdup_printf (_("Check that its Common Name (CN) below is %s, as %s says, then store it "
                                  "permanently."), expected, provider);
      set_style (self, "ms-warning-box");
      gtk_widget_show (self->accept_check);
    }
  /* A renewal the user did not expect says so before anything else (the
   * session's headline of a refusal already does). */
  if (changed && !self->refused)
    {
      g_autofree char *first = g_strdup_printf (C_("two sentences", "%s %s"), ms_verdict_changed_sentence (), verdict);
      g_free (verdict);
      verdict = g_steal_pointer (&first);
    }
  gtk_label_set_text (GTK_LABEL (self->verdict_label), verdict);
  if (advice)
    {
      gtk_label_set_text (GTK_LABEL (self->advice_label), advice);
      gtk_widget_show (self->advice_label);
    }
  if (report->decision == MS_CERT_DECISION_OK && !report->pinned)
    gtk_style_context_add_class (gtk_widget_get_style_context (self->verdict_label), "ms-good");
}

static void
accept_toggled (MsCertificateSection *self)
{
  g_signal_emit (self, signals[SIGNAL_TOGGLED], 0);
}

static void
report_clicked (MsCertificateSection *self)
{
  g_signal_emit (self, signals[SIGNAL_COPY_REPORT], 0);
}

static void
ms_certificate_section_finalize (GObject *object)
{
  g_free (MS_CERTIFICATE_SECTION (object)->sha256);
  G_OBJECT_CLASS (ms_certificate_section_parent_class)->finalize (object);
}

static void
ms_certificate_section_class_init (MsCertificateSectionClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = ms_certificate_section_finalize;
  signals[SIGNAL_TOGGLED] = g_signal_new ("toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_COPY_REPORT] = g_signal_new ("copy-report", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                              NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/ms-certificate-section.ui");
  gtk_widget_class_bind_template_child (widget_class, MsCertificateSection, heading);
  gtk_widget_class_bind_template_child (widget_class, MsCertificateSection, verdict_box);
  gtk_widget_class_bind_template_child (widget_class, MsCertificateSection, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, MsCertificateSection, advice_label);
  gtk_widget_class_bind_template_child (widget_class, MsCertificateSection, report_button);
  gtk_widget_class_bind_template_child (widget_class, MsCertificateSection, summary_grid);
  gtk_widget_class_bind_template_child (widget_class, MsCertificateSection, reasons_box);
  gtk_widget_class_bind_template_child (widget_class, MsCertificateSection, accept_check);
  gtk_widget_class_bind_template_child (widget_class, MsCertificateSection, details_expander);
  gtk_widget_class_bind_template_child (widget_class, MsCertificateSection, chain_box);
  gtk_widget_class_bind_template_callback (widget_class, accept_toggled);
  gtk_widget_class_bind_template_callback (widget_class, report_clicked);
}

static void
ms_certificate_section_init (MsCertificateSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ms_ui_expander_hides_child (self->details_expander);
}

GtkWidget *
ms_certificate_section_new (GPtrArray *verdicts, const char *provider_name)
{
  MsCertificateSection *self = g_object_new (MS_TYPE_CERTIFICATE_SECTION, NULL);
  const MsVerdict *v = verdicts->pdata[0];
  const MsCertReport *report = v->result->certificate;
  const MsCertInfo *leaf = report->chain->len ? report->chain->pdata[0] : NULL;
  const char *expected = v->endpoint->certificate_name ? v->endpoint->certificate_name : v->endpoint->hostname;
  GString *heading = g_string_new (NULL);

  for (guint i = 0; i < verdicts->len; i++)
    {
      g_autofree char *line = server_heading (verdicts->pdata[i]);
      g_string_append_printf (heading, "%s%s", i ? "\n" : "", line);
    }
  gtk_label_set_text (GTK_LABEL (self->heading), heading->str);
  g_string_free (heading, TRUE);
  self->sha256 = g_strdup (leaf ? leaf->sha256 : NULL);
  describe (self, v, expected, provider_name);
  for (guint r = 0; report->reasons && r < report->reasons->len; r++)
    {
      g_autofree char *line = g_strdup_printf ("• %s", (char *) report->reasons->pdata[r]);
      gtk_container_add (GTK_CONTAINER (self->reasons_box), ms_ui_label_new (line, "ms-dim", FALSE));
    }
  if (leaf)
    fill_grid (GTK_GRID (self->summary_grid), leaf, FALSE);
  fill_chain (self, report);
  return GTK_WIDGET (self);
}

GtkWidget *
ms_certificate_section_new_example (const char *server_title, const MsCertInfo *info, const char *expected_name,
                                    const char *provider_name)
{
  MsCertificateSection *self = g_object_new (MS_TYPE_CERTIFICATE_SECTION, NULL);
  g_autofree char *verdict = NULL;

  gtk_label_set_text (GTK_LABEL (self->heading), server_title);
  /* TRANSLATORS: shown on the example certificate of a walkthrough; %s is the name to check. */
  verdict = g_strdup_printf (_("EXAMPLE — When your mail program first connects, a certificate like this one "
                               "appears. Accept it only if its Common Name (CN) is %s."), expected_name);
  gtk_label_set_text (GTK_LABEL (self->verdict_label), verdict);
  set_style (self, "ms-warning-box");
  fill_grid (GTK_GRID (self->summary_grid), info, FALSE);
  gtk_widget_show (self->accept_check);
  gtk_widget_set_sensitive (self->accept_check, FALSE);
  gtk_widget_hide (self->details_expander);
  (void) provider_name;
  return GTK_WIDGET (self);
}

gboolean
ms_certificate_section_get_accept (MsCertificateSection *self)
{
  return gtk_widget_get_visible (self->accept_check) &&
         gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->accept_check));
}

gboolean
ms_certificate_section_can_accept (MsCertificateSection *self)
{
  return gtk_widget_get_visible (self->accept_check);
}

gboolean
ms_certificate_section_is_refused (MsCertificateSection *self)
{
  return self->refused;
}

const char *
ms_certificate_section_get_sha256 (MsCertificateSection *self)
{
  return self->sha256;
}
