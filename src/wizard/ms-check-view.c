/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "core/ms-ports.h"
#include "net/ms-check.h"
#include "ms-check-view.h"
#include "ms-ui.h"

struct _MsCheckView
{
  GtkBox parent_instance;

  GtkWidget *rows_box;
  GtkWidget *result_label;
  GtkWidget *fix_button;
  GtkWidget *advice_label;

  MsChecks *checks;
  MsServer *server;
  MsPage *page;                 /* set while a check runs */
  MsCheck *selected;            /* the user's settings, with a login test */
  MsCheck *others;              /* the provider's other doors, no login */
  MsCheckResult *selected_result;
  MsCheckResult *others_result;
  GPtrArray *row_icons[2];      /* per check, per probe index */
  GPtrArray *row_labels[2];
  guint running;
  gboolean failed_shown;        /* the user saw a failure: Continue now means "anyway" */
  MsEndpoint *fix;              /* what the fix button applies */
  gboolean fix_full_address;
  gboolean quiet;               /* applying our own fix: keep the explanation shown */
};

G_DEFINE_TYPE (MsCheckView, ms_check_view, GTK_TYPE_BOX)

static char *
describe (const MsEndpoint *e)
{
  /* TRANSLATORS: protocol, port, security: "IMAP, port 993, SSL/TLS". */
  return g_strdup_printf (_("%s, port %u, %s"), ms_protocol_display (e->protocol), e->port,
                          ms_security_display (e->security));
}

static void
add_row (MsCheckView *self, guint which, guint index, const MsEndpoint *endpoint)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *label = ms_ui_label_new (NULL, NULL, FALSE);
  g_autofree char *what = describe (endpoint);
  g_autofree char *text = g_strdup_printf (_("%s: checking…"), what);

  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_valign (spinner, GTK_ALIGN_START);
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_container_add (GTK_CONTAINER (row), spinner);
  gtk_container_add (GTK_CONTAINER (row), label);
  gtk_widget_show_all (row);
  gtk_container_add (GTK_CONTAINER (self->rows_box), row);

  if (self->row_icons[which]->len <= index)
    {
      g_ptr_array_set_size (self->row_icons[which], index + 1);
      g_ptr_array_set_size (self->row_labels[which], index + 1);
    }
  g_ptr_array_index (self->row_icons[which], index) = spinner;
  g_ptr_array_index (self->row_labels[which], index) = label;
}

static void
endpoint_started (MsCheck *check, guint index, MsEndpoint *endpoint, MsCheckView *self)
{
  add_row (self, check == self->selected ? 0 : 1, index, endpoint);
}

static void
endpoint_finished (MsCheck *check, guint index, MsProbeResult *result, MsCheckView *self)
{
  guint which = check == self->selected ? 0 : 1;
  GtkWidget *spinner, *label, *icon;
  g_autofree char *what = NULL, *status = NULL, *text = NULL;

  if (index >= self->row_labels[which]->len || g_ptr_array_index (self->row_labels[which], index) == NULL)
    add_row (self, which, index, result->endpoint);
  spinner = g_ptr_array_index (self->row_icons[which], index);
  label = g_ptr_array_index (self->row_labels[which], index);

  what = describe (result->endpoint);
  status = ms_checks_describe_result (result);
  text = g_strdup_printf ("%s: %s", what, status);
  gtk_label_set_text (GTK_LABEL (label), text);

  icon = gtk_image_new_from_icon_name (ms_probe_result_passed (result) ? "emblem-ok-symbolic" : "dialog-error-symbolic",
                                       GTK_ICON_SIZE_MENU);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_show (icon);
  gtk_container_remove (GTK_CONTAINER (gtk_widget_get_parent (spinner)), spinner);
  gtk_box_pack_start (GTK_BOX (gtk_widget_get_parent (label)), icon, FALSE, FALSE, 0);
  gtk_box_reorder_child (GTK_BOX (gtk_widget_get_parent (label)), icon, 0);
  g_ptr_array_index (self->row_icons[which], index) = icon;
}

static void
clear (MsCheckView *self)
{
  ms_ui_container_clear (self->rows_box);
  for (guint i = 0; i < 2; i++)
    {
      g_ptr_array_set_size (self->row_icons[i], 0);
      g_ptr_array_set_size (self->row_labels[i], 0);
    }
  gtk_widget_hide (self->result_label);
  gtk_widget_hide (self->fix_button);
  gtk_widget_hide (self->advice_label);
  g_clear_pointer (&self->fix, ms_endpoint_free);
  self->fix_full_address = FALSE;
}

static gboolean
is_certificate_problem (const GError *error)
{
  return error && error->domain == MS_NET_ERROR &&
         (error->code == MS_NET_ERROR_CERT_NAME_MISMATCH || error->code == MS_NET_ERROR_CERT_UNTRUSTED ||
          error->code == MS_NET_ERROR_CERT_EXPIRED || error->code == MS_NET_ERROR_CERT_NOT_YET_VALID);
}

/* Picks the one-click fix: the full address after a refused login with
 * the local part, else the first alternative that works. */
static void
offer_fix (MsCheckView *self, const MsProbeResult *mine)
{
  MsAccount *account = ms_checks_get_account (self->checks);
  g_autofree char *label = NULL;

  if (g_error_matches (mine->error, MS_NET_ERROR, MS_NET_ERROR_AUTH_FAILED) &&
      ms_account_username_is_local_part (account, self->server))
    {
      self->fix_full_address = TRUE;
      label = g_strdup (_("Use the _Full Address"));
    }
  else if (self->others_result && self->others_result->suggested_outgoing &&
           ms_server_get_protocol (self->server) == MS_PROTOCOL_SMTP)
    self->fix = ms_endpoint_copy (self->others_result->suggested_outgoing);
  else if (self->others_result)
    for (guint i = 0; i < self->others_result->n_endpoints && self->fix == NULL; i++)
      if (ms_check_result_endpoint_passed (self->others_result, i))
        self->fix = ms_endpoint_copy (ms_check_result_best (self->others_result, i)->endpoint);

  if (self->fix)
    {
      g_autofree char *what = describe (self->fix);
      /* TRANSLATORS: %s is "IMAP, port 993, SSL/TLS". */
      label = g_strdup_printf (_("_Use %s"), what);
    }
  if (label)
    {
      gtk_button_set_label (GTK_BUTTON (self->fix_button), label);
      gtk_widget_show (self->fix_button);
    }
}

static void
fix_clicked (MsCheckView *self)
{
  MsAccount *account = ms_checks_get_account (self->checks);
  g_autoptr(MsEndpoint) fix = g_steal_pointer (&self->fix);

  if (self->fix_full_address)
    ms_server_set_username (self->server, ms_account_get_address (account));
  else if (fix)
    {
      if (fix->protocol != MS_PROTOCOL_SMTP)
        ms_account_select_incoming (account, fix->protocol);
      ms_server_set_security (self->server, fix->security);
      ms_server_set_port_from_user (self->server, fix->port);
      ms_server_set_security (self->server, fix->security);
    }
  gtk_widget_hide (self->fix_button);
}

/* The outcome is at the bottom of a page that may scroll: bring it up. */
static void
reveal (MsCheckView *self)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adj;
  int y = 0;

  if (scrolled == NULL ||
      !gtk_widget_translate_coordinates (GTK_WIDGET (self), gtk_bin_get_child (GTK_BIN (scrolled)), 0, 0, NULL, &y))
    return;
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adj, MIN (y, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj)));
}

static void
finish (MsCheckView *self)
{
  MsPage *page = g_steal_pointer (&self->page);
  MsProbeResult *mine;
  gboolean pass;

  if (self->selected_result == NULL)
    {
      /* Cancelled: say so, and leave the page as it was. */
      gtk_label_set_text (GTK_LABEL (self->result_label), _("The check was cancelled."));
      gtk_widget_show (self->result_label);
      ms_page_apply_complete (page, FALSE);
      g_object_unref (page);
      return;
    }

  mine = ms_check_result_best (self->selected_result, 0);
  ms_checks_set_result (self->checks, self->server, mine);
  pass = ms_probe_result_passed (mine) || is_certificate_problem (mine->error);

  if (self->others_result && self->others_result->port25_explanation &&
      ms_server_get_protocol (self->server) == MS_PROTOCOL_SMTP)
    {
      gtk_label_set_text (GTK_LABEL (self->advice_label), self->others_result->port25_explanation);
      gtk_widget_show (self->advice_label);
    }

  if (!pass && mine->endpoint->port == 25 && self->others_result && self->others_result->suggested_outgoing)
    {
      g_autofree char *what = describe (self->others_result->suggested_outgoing);
      g_autofree char *text = NULL;

      /* As the guide says: when the internet provider blocks 25, send
       * through 465 or 587.  Select it; Continue checks it. */
      self->fix = ms_endpoint_copy (self->others_result->suggested_outgoing);
      self->quiet = TRUE;
      fix_clicked (self);
      self->quiet = FALSE;
      text = g_strdup_printf (_("Port 25 does not answer from here, so %s is now selected instead. Press Continue to check it."), what);
      /* Advice, not a failure: not in red. */
      gtk_style_context_remove_class (gtk_widget_get_style_context (self->result_label), "ms-error");
      gtk_label_set_text (GTK_LABEL (self->result_label), text);
      gtk_widget_show (self->result_label);
      ms_page_apply_complete (page, FALSE);
      g_object_unref (page);
      return;
    }

  if (!pass)
    {
      g_autofree char *text = g_strdup_printf (_("Your settings do not work yet: %s"), mine->error->message);

      gtk_style_context_add_class (gtk_widget_get_style_context (self->result_label), "ms-error");
      gtk_label_set_text (GTK_LABEL (self->result_label), text);
      gtk_widget_show (self->result_label);
      offer_fix (self, mine);
      self->failed_shown = TRUE;
      ms_page_set_forward_label (page, _("Continue _Anyway"));
      reveal (self);
    }
  ms_page_apply_complete (page, pass);
  g_object_unref (page);
}

static void
check_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  MsCheckView *self = user_data;
  MsCheckResult *result = ms_check_run_finish (MS_CHECK (source), res, NULL);

  if (MS_CHECK (source) == self->selected)
    self->selected_result = result;
  else
    self->others_result = result;
  if (--self->running == 0)
    finish (self);
  g_object_unref (self);
}

static void
confirm_response (GtkDialog *dialog, int response, MsCheckView *self)
{
  MsPage *page = g_steal_pointer (&self->page);

  gtk_widget_destroy (GTK_WIDGET (dialog));
  ms_page_apply_complete (page, response == GTK_RESPONSE_ACCEPT);
  g_object_unref (page);
}

static void
confirm_anyway (MsCheckView *self)
{
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  GtkWidget *dialog = gtk_message_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                              GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE,
                                              _("Continue with settings that failed the check?"));

  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("Your mail program will probably not be able to receive or send mail with them."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Go Back"), GTK_RESPONSE_CANCEL,
                          _("_Continue Anyway"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  gtk_widget_set_name (dialog, "check_anyway_dialog");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response), self);
  gtk_widget_show (dialog);
}

/* The provider's other doors on the same host, probed without a login:
 * what works there becomes the suggested fix.  For SMTP every standard
 * port is probed, the chosen one too, so that a blocked port 25 can be
 * told apart from a server that is down. */
static void
add_others (MsCheckView *self, MsCheck *check, const MsEndpoint *mine)
{
  static const struct { MsProtocol protocol; guint port; MsSecurity security; } doors[] = {
    { MS_PROTOCOL_IMAP, 993, MS_SECURITY_SSL },
    { MS_PROTOCOL_IMAP, 143, MS_SECURITY_STARTTLS },
    { MS_PROTOCOL_POP3, 995, MS_SECURITY_SSL },
    { MS_PROTOCOL_POP3, 110, MS_SECURITY_STARTTLS },
    { MS_PROTOCOL_SMTP, 465, MS_SECURITY_SSL },
    { MS_PROTOCOL_SMTP, 587, MS_SECURITY_STARTTLS },
    { MS_PROTOCOL_SMTP, 25, MS_SECURITY_STARTTLS },
  };
  gboolean smtp = mine->protocol == MS_PROTOCOL_SMTP;

  for (guint i = 0; i < G_N_ELEMENTS (doors); i++)
    {
      g_autoptr(MsEndpoint) e = NULL;

      if ((doors[i].protocol == MS_PROTOCOL_SMTP) != smtp)
        continue;
      if (!smtp && doors[i].protocol == mine->protocol && doors[i].port == mine->port &&
          doors[i].security == mine->security)
        continue;
      e = ms_endpoint_new (doors[i].protocol, mine->hostname, doors[i].port, doors[i].security);
      e->certificate_name = g_strdup (mine->certificate_name);
      ms_check_add (check, e, doors[i].port);
    }
}

gboolean
ms_check_view_apply (MsCheckView *self, MsPage *page, GCancellable *cancellable)
{
  g_autoptr(MsProbeOptions) with_login = NULL, without_login = NULL;
  g_autoptr(MsEndpoint) mine = NULL;

  if (!ms_checks_get_enabled (self->checks))
    return FALSE;
  self->page = g_object_ref (page);
  if (self->failed_shown)
    {
      confirm_anyway (self);
      return TRUE;
    }

  clear (self);
  g_clear_pointer (&self->selected_result, ms_check_result_free);
  g_clear_pointer (&self->others_result, ms_check_result_free);
  g_clear_object (&self->selected);
  g_clear_object (&self->others);

  mine = ms_server_to_endpoint (self->server);
  with_login = ms_checks_make_options (self->checks, self->server, TRUE);
  without_login = ms_checks_make_options (self->checks, self->server, FALSE);
  self->selected = ms_check_new (with_login);
  self->others = ms_check_new (without_login);
  ms_check_add (self->selected, mine, 0);
  add_others (self, self->others, mine);

  for (guint i = 0; i < 2; i++)
    {
      MsCheck *check = i == 0 ? self->selected : self->others;
      g_signal_connect_object (check, "endpoint-started", G_CALLBACK (endpoint_started), self, 0);
      g_signal_connect_object (check, "endpoint-finished", G_CALLBACK (endpoint_finished), self, 0);
    }
  self->running = 2;
  ms_check_run_async (self->selected, cancellable, check_done, g_object_ref (self));
  ms_check_run_async (self->others, cancellable, check_done, g_object_ref (self));
  return TRUE;
}

/* Any edit makes the last verdict stale: Continue checks again. */
static void
server_changed (MsCheckView *self)
{
  if (self->page != NULL || self->quiet || !self->failed_shown)
    return;
  self->failed_shown = FALSE;
  gtk_widget_hide (self->result_label);
  gtk_widget_hide (self->advice_label);
  gtk_widget_hide (self->fix_button);
  if (gtk_widget_get_ancestor (GTK_WIDGET (self), MS_TYPE_PAGE))
    ms_page_set_forward_label (MS_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (self), MS_TYPE_PAGE)), NULL);
}

static void
ms_check_view_dispose (GObject *object)
{
  MsCheckView *self = MS_CHECK_VIEW (object);

  g_clear_pointer (&self->selected_result, ms_check_result_free);
  g_clear_pointer (&self->others_result, ms_check_result_free);
  g_clear_pointer (&self->fix, ms_endpoint_free);
  g_clear_object (&self->selected);
  g_clear_object (&self->others);
  g_clear_object (&self->checks);
  g_clear_object (&self->server);
  g_clear_object (&self->page);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&self->row_icons[i], g_ptr_array_unref);
      g_clear_pointer (&self->row_labels[i], g_ptr_array_unref);
    }
  G_OBJECT_CLASS (ms_check_view_parent_class)->dispose (object);
}

static void
ms_check_view_class_init (MsCheckViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ms_check_view_dispose;
}

static void
ms_check_view_init (MsCheckView *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 8);
  for (guint i = 0; i < 2; i++)
    {
      self->row_icons[i] = g_ptr_array_new ();
      self->row_labels[i] = g_ptr_array_new ();
    }

  /* The verdict and its fix come first, the line per server after. */
  self->result_label = ms_ui_label_new (NULL, "ms-error", FALSE);
  gtk_widget_hide (self->result_label);
  gtk_buildable_set_name (GTK_BUILDABLE (self->result_label), "check_result");
  gtk_container_add (GTK_CONTAINER (self), self->result_label);

  self->fix_button = gtk_button_new_with_mnemonic (_("_Apply the Suggested Fix"));
  gtk_widget_set_halign (self->fix_button, GTK_ALIGN_START);
  gtk_buildable_set_name (GTK_BUILDABLE (self->fix_button), "check_fix_button");
  g_signal_connect_swapped (self->fix_button, "clicked", G_CALLBACK (fix_clicked), self);
  gtk_container_add (GTK_CONTAINER (self), self->fix_button);

  self->advice_label = ms_ui_label_new (NULL, "ms-info-box", FALSE);
  gtk_widget_hide (self->advice_label);
  gtk_buildable_set_name (GTK_BUILDABLE (self->advice_label), "check_advice");
  gtk_container_add (GTK_CONTAINER (self), self->advice_label);

  self->rows_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_buildable_set_name (GTK_BUILDABLE (self->rows_box), "check_rows");
  gtk_widget_show (self->rows_box);
  gtk_container_add (GTK_CONTAINER (self), self->rows_box);
}

GtkWidget *
ms_check_view_new (MsChecks *checks, MsServer *server)
{
  MsCheckView *self = g_object_new (MS_TYPE_CHECK_VIEW, NULL);

  self->checks = g_object_ref (checks);
  self->server = g_object_ref (server);
  g_signal_connect_object (server, "notify", G_CALLBACK (server_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ms_checks_get_account (checks), "notify::password", G_CALLBACK (server_changed),
                           self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}
