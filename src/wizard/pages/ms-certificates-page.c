/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "wizard/ms-assistant.h"
#include "wizard/ms-certificate-section.h"
#include "wizard/ms-report-actions.h"
#include "wizard/ms-ui.h"
#include "ms-certificates-page.h"

/* Step 4 of the guide: look at each server's certificate, check its name,
 * then accept it for good or refuse it.  One section per certificate,
 * whatever the number of servers presenting it.  The session decides; the
 * page shows its verdicts and passes the user's "yes" on. */
struct _MsCertificatesPage
{
  MsPage parent_instance;

  GtkWidget *content;
  GtkWidget *intro_label;
  GtkWidget *sections_box;
  GtkWidget *status_label;

  MsSetupSession *session;
  MsPage *server_pages[2];      /* not owned: siblings in the same assistant */
  GPtrArray *sections;          /* MsCertificateSection* */
  guint pending;
  GError *error;
};

G_DEFINE_TYPE (MsCertificatesPage, ms_certificates_page, MS_TYPE_PAGE)

static const char *
provider_name (MsCertificatesPage *self)
{
  MsProvider *provider = ms_account_get_provider (ms_page_get_account (MS_PAGE (self)));

  return provider && !ms_provider_is_manual (provider) ? ms_provider_get_display_name (provider)
                                                        : _("your provider");
}

static const char *
expected_name (MsServer *server)
{
  const char *name = ms_server_get_certificate_name (server);

  return name && *name ? name : ms_server_get_hostname (server);
}

static void
update_complete (MsCertificatesPage *self)
{
  gboolean complete = TRUE, accepting = FALSE;

  for (guint i = 0; i < self->sections->len; i++)
    {
      MsCertificateSection *section = self->sections->pdata[i];

      if (ms_certificate_section_is_refused (section))
        complete = FALSE;
      else if (ms_certificate_section_can_accept (section))
        {
          gboolean ticked = ms_certificate_section_get_accept (section);

          complete = complete && ticked;
          accepting = accepting || ticked;
        }
    }
  ms_page_set_complete (MS_PAGE (self), complete);
  /* The guide's own button. */
  ms_page_set_forward_label (MS_PAGE (self), accepting ? _("Confirm Security _Exception") : NULL);
}

static void
copy_report (MsCertificatesPage *self)
{
  ms_report_actions_copy (GTK_WIDGET (self), self->session, NULL);
  gtk_label_set_text (GTK_LABEL (self->status_label), _("The report is copied: paste it into your message to the "
                                                        "helpdesk."));
  gtk_style_context_remove_class (gtk_widget_get_style_context (self->status_label), "ms-error");
  gtk_widget_show (self->status_label);
}

static void
add_note (MsCertificatesPage *self, const char *heading, const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_container_add (GTK_CONTAINER (box), ms_ui_label_new (heading, "ms-summary-section", FALSE));
  gtk_container_add (GTK_CONTAINER (box), ms_ui_label_new (text, "ms-info-box", FALSE));
  gtk_widget_show (box);
  gtk_container_add (GTK_CONTAINER (self->sections_box), box);
}

static void
add_section (MsCertificatesPage *self, GPtrArray *verdicts)
{
  GtkWidget *section = ms_certificate_section_new (verdicts, provider_name (self));

  g_signal_connect_object (section, "toggled", G_CALLBACK (update_complete), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (section, "copy-report", G_CALLBACK (copy_report), self, G_CONNECT_SWAPPED);
  gtk_widget_show (section);
  gtk_container_add (GTK_CONTAINER (self->sections_box), section);
  g_ptr_array_add (self->sections, section);
}

/* The walkthrough's stand-in, so that a customer knows what to check
 * before the real one appears. */
static void
add_example (MsCertificatesPage *self, MsServer *server)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *name = expected_name (server);
  char *names[] = { (char *) name, NULL };
  MsCertInfo info = { 0 };
  g_autofree char *title = NULL;
  GtkWidget *section;

  info.common_name = (char *) name;
  info.dns_names = names;
  /* TRANSLATORS: the issuer shown on the walkthrough's example certificate. */
  info.issuer_dn = (char *) _("(example) the authority that signed it");
  info.not_before = g_date_time_to_unix (now) - 30 * 86400;
  info.not_after = info.not_before + 395 * 86400;
  info.days_remaining = 365;
  /* TRANSLATORS: stands for a fingerprint on the walkthrough's example. */
  info.sha256 = (char *) _("(example) 64 hexadecimal digits in pairs, such as 3A:F1:…");
  /* TRANSLATORS: "Example: IMAP server mail.3xo.fr". */
  title = g_strdup_printf (_("Example: the certificate of %s"), name);
  section = ms_certificate_section_new_example (title, &info, name, provider_name (self));
  gtk_widget_show (section);
  gtk_container_add (GTK_CONTAINER (self->sections_box), section);
}

static GPtrArray *
group_for (GPtrArray *groups, const MsVerdict *v)
{
  const MsCertInfo *leaf = v->result->certificate->chain->len ? v->result->certificate->chain->pdata[0] : NULL;

  for (guint i = 0; leaf && i < groups->len; i++)
    {
      GPtrArray *group = groups->pdata[i];
      const MsVerdict *first = group->pdata[0];
      const MsCertInfo *other = first->result->certificate->chain->pdata[0];

      if (g_strcmp0 (other->sha256, leaf->sha256) == 0)
        return group;
    }
  g_ptr_array_add (groups, g_ptr_array_new ());
  return groups->pdata[groups->len - 1];
}

static void
rebuild (MsCertificatesPage *self)
{
  MsAccount *account = ms_page_get_account (MS_PAGE (self));
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autofree char *intro = NULL;
  gboolean offline = ms_setup_session_get_offline (self->session);

  /* TRANSLATORS: the provider's name, e.g. “3xo”, the server name its certificates must carry, e.g.
   * “mail.3xo.fr”, then the provider's name again. */
  intro = g_strdup_printf (_("Before you accept a certificate, check that it belongs to the mail servers of %s: "
                             "its Common Name (CN) must be %s. If it is not, do not connect, and contact %s."),
                           provider_name (self), expected_name (ms_account_get_incoming (account)),
                           provider_name (self));
  gtk_label_set_text (GTK_LABEL (self->intro_label), intro);
  ms_ui_container_clear (self->sections_box);
  g_ptr_array_set_size (self->sections, 0);

  for (MsRole role = MS_ROLE_INCOMING; role <= MS_ROLE_OUTGOING; role++)
    {
      MsServer *server = ms_account_get_server (account, role);
      MsVerdict *v = ms_setup_session_get_verdict (self->session, role);
      const char *heading = role == MS_ROLE_INCOMING ? _("Incoming server") : _("Outgoing server");

      if (ms_server_get_security (server) == MS_SECURITY_NONE)
        add_note (self, heading, _("No certificate: the connection to this server is not encrypted."));
      else if (v == NULL && offline)
        {
          if (role == MS_ROLE_INCOMING ||
              g_ascii_strcasecmp (expected_name (server), expected_name (ms_account_get_incoming (account))) != 0)
            add_example (self, server);
        }
      else if (v == NULL)
        add_note (self, heading, _("This server was not checked, so its certificate is not known. Go back to its "
                                   "page to check it."));
      else if (v->result->certificate == NULL)
        {
          /* TRANSLATORS: %s is why, a sentence, e.g. “The server name “mail.3xo.fr” could not be found: check its
           * spelling and your internet connection”. */
          g_autofree char *text = g_strdup_printf (_("The certificate could not be fetched: %s"), v->headline);
          add_note (self, heading, text);
        }
      else
        g_ptr_array_add (group_for (groups, v), v);
    }
  for (guint i = 0; i < groups->len; i++)
    add_section (self, groups->pdata[i]);
  gtk_widget_hide (self->status_label);
  update_complete (self);
}

static void
finish (MsCertificatesPage *self)
{
  GtkWidget *assistant = gtk_widget_get_ancestor (GTK_WIDGET (self), MS_TYPE_ASSISTANT);

  rebuild (self);
  if (self->error)
    {
      gtk_label_set_text (GTK_LABEL (self->status_label), self->error->message);
      gtk_style_context_add_class (gtk_widget_get_style_context (self->status_label), "ms-error");
      gtk_widget_show (self->status_label);
      g_clear_error (&self->error);
      ms_page_apply_complete (MS_PAGE (self), FALSE);
      return;
    }
  /* The login could only be tried once the certificate was trusted: if it
   * fails, the user goes back to that server's page, where the verdict
   * and its fix are at the top. */
  for (MsRole role = MS_ROLE_INCOMING; role <= MS_ROLE_OUTGOING; role++)
    {
      MsVerdict *v = ms_setup_session_get_verdict (self->session, role);

      if (v && v->kind == MS_VERDICT_FAILED && !ms_net_error_is_certificate (v->error) && self->server_pages[role])
        {
          ms_page_apply_complete (MS_PAGE (self), FALSE);
          if (assistant)
            ms_assistant_go_to (MS_ASSISTANT (assistant), self->server_pages[role]);
          return;
        }
    }
  ms_page_apply_complete (MS_PAGE (self), TRUE);
}

static void
accepted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(MsCertificatesPage) self = user_data;
  GError *error = NULL;

  if (!ms_setup_session_accept_finish (MS_SETUP_SESSION (source), result, &error))
    {
      if (self->error == NULL)
        self->error = error;
      else
        g_error_free (error);
    }
  if (--self->pending == 0)
    finish (self);
}

static gboolean
ms_certificates_page_apply (MsPage *page, GCancellable *cancellable)
{
  MsCertificatesPage *self = MS_CERTIFICATES_PAGE (page);
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();

  for (guint i = 0; i < self->sections->len; i++)
    if (ms_certificate_section_get_accept (self->sections->pdata[i]))
      g_ptr_array_add (wanted, (gpointer) ms_certificate_section_get_sha256 (self->sections->pdata[i]));
  /* Count first, so that a fast answer cannot finish the apply early. */
  self->pending = wanted->len;
  for (guint i = 0; i < wanted->len; i++)
    ms_setup_session_accept_async (self->session, wanted->pdata[i], cancellable, accepted, g_object_ref (self));
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
  MsCertificatesPage *self = MS_CERTIFICATES_PAGE (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_error (&self->error);
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
  gtk_widget_class_bind_template_child (widget_class, MsCertificatesPage, sections_box);
  gtk_widget_class_bind_template_child (widget_class, MsCertificatesPage, status_label);
}

static void
ms_certificates_page_init (MsCertificatesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->sections = g_ptr_array_new ();
}

MsPage *
ms_certificates_page_new (MsAccount *account, MsSetupSession *session, MsPage *incoming_page, MsPage *outgoing_page)
{
  MsCertificatesPage *self = g_object_new (MS_TYPE_CERTIFICATES_PAGE, "account", account,
                                           "title", _("Certificates"), NULL);

  self->session = g_object_ref (session);
  self->server_pages[MS_ROLE_INCOMING] = incoming_page;
  self->server_pages[MS_ROLE_OUTGOING] = outgoing_page;
  return MS_PAGE (self);
}
