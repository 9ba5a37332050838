/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "ms-check-view.h"
#include "ms-ui.h"

struct _MsCheckView
{
  GtkBox parent_instance;

  GtkWidget *verdict_box;
  GtkWidget *check_result;
  GtkWidget *check_advice;
  GtkWidget *password_box;
  GtkWidget *password_entry;
  GtkWidget *check_fix_button;
  GtkWidget *check_change;
  GtkWidget *check_rows;
  GtkWidget *others_expander;
  GtkWidget *other_rows;

  MsSetupSession *session;
  MsRole role;
  MsPage *page;                 /* set while a check runs */
  GHashTable *rows;             /* probe id → row */
  gboolean running;
};

G_DEFINE_TYPE (MsCheckView, ms_check_view, GTK_TYPE_BOX)

static char *
describe (const MsEndpoint *e)
{
  /* TRANSLATORS: protocol, port, security: "IMAP, port 993, SSL/TLS". */
  return g_strdup_printf (_("%s, port %u, %s"), ms_protocol_display (e->protocol), e->port,
                          ms_security_display (e->security));
}

static MsPage *
my_page (MsCheckView *self)
{
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (self), MS_TYPE_PAGE);

  return page ? MS_PAGE (page) : NULL;
}

static gboolean
is_mine (MsCheckView *self, gint role)
{
  /* The other doors of an SMTP check belong to the outgoing page, and
   * those of IMAP and POP3 to the incoming one. */
  return role == (gint) self->role || role < 0;
}

static void
probe_started (MsCheckView *self, guint id, MsEndpoint *endpoint, gint role, gboolean fallback)
{
  GtkWidget *row, *spinner, *label;
  g_autofree char *what = NULL, *text = NULL;

  if (fallback || !self->running || !is_mine (self, role) ||
      (role < 0 && (endpoint->protocol == MS_PROTOCOL_SMTP) != (self->role == MS_ROLE_OUTGOING)))
    return;
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  spinner = gtk_spinner_new ();
  what = describe (endpoint);
  /* TRANSLATORS: %s is "IMAP, port 993, SSL/TLS". */
  text = g_strdup_printf (_("%s: checking…"), what);
  label = ms_ui_label_new (text, NULL, FALSE);
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_valign (spinner, GTK_ALIGN_START);
  gtk_container_add (GTK_CONTAINER (row), spinner);
  gtk_container_add (GTK_CONTAINER (row), label);
  g_object_set_data (G_OBJECT (row), "ms-spinner", spinner);
  g_object_set_data (G_OBJECT (row), "ms-label", label);
  g_object_set_data (G_OBJECT (row), "ms-door", GUINT_TO_POINTER (endpoint->protocol << 16 | endpoint->port));
  gtk_widget_show_all (row);
  gtk_container_add (GTK_CONTAINER (role < 0 ? self->other_rows : self->check_rows), row);
  g_hash_table_insert (self->rows, GUINT_TO_POINTER (id), row);
}

static void
set_row (GtkWidget *row, const char *icon_name, const char *text)
{
  GtkWidget *spinner = g_object_get_data (G_OBJECT (row), "ms-spinner");
  GtkWidget *label = g_object_get_data (G_OBJECT (row), "ms-label");
  GtkWidget *icon = g_object_get_data (G_OBJECT (row), "ms-icon");

  gtk_label_set_text (GTK_LABEL (label), text);
  if (icon)
    gtk_image_set_from_icon_name (GTK_IMAGE (icon), icon_name, GTK_ICON_SIZE_MENU);
  if (spinner == NULL)
    return;
  icon = gtk_image_new_from_icon_name (icon_name, GTK_ICON_SIZE_MENU);
  g_object_set_data (G_OBJECT (row), "ms-icon", icon);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_show (icon);
  gtk_container_remove (GTK_CONTAINER (row), spinner);
  gtk_box_pack_start (GTK_BOX (row), icon, FALSE, FALSE, 0);
  gtk_box_reorder_child (GTK_BOX (row), icon, 0);
  g_object_set_data (G_OBJECT (row), "ms-spinner", NULL);
}

static void
show_result (GtkWidget *row, MsProbeResult *result)
{
  g_autofree char *what = NULL, *status = NULL, *text = NULL;
  gboolean ok = ms_probe_result_passed (result);

  what = describe (result->endpoint);
  if (ok)
    status = result->login_attempted && result->login_ok
             /* TRANSLATORS: the number is the time the check took, in milliseconds, e.g. 230. */
             ? g_strdup_printf (_("works, password accepted (%" PRId64 " ms)"), result->total_ms)
             /* TRANSLATORS: the number is the time the check took, in milliseconds, e.g. 230. */
             : g_strdup_printf (_("works (%" PRId64 " ms)"), result->total_ms);
  else
    status = g_strdup (result->error->message);
  /* TRANSLATORS: a door ("IMAP, port 993, SSL/TLS"), then what it said. */
  text = g_strdup_printf (_("%s: %s"), what, status);
  set_row (row, ok ? "emblem-ok-symbolic" : "dialog-error-symbolic", text);
}

static void
probe_finished (MsCheckView *self, guint id, MsProbeResult *result, gint role, gboolean fallback)
{
  GtkWidget *row = g_hash_table_lookup (self->rows, GUINT_TO_POINTER (id));

  if (row != NULL)
    show_result (row, result);
}

/* The account's own row says what the session holds now (after a
 * certificate was accepted and the login tried, say), and a door listed
 * among the others is not listed twice once it became the account's. */
static void
sync_rows (MsCheckView *self, const MsVerdict *v)
{
  g_autoptr(GList) own = gtk_container_get_children (GTK_CONTAINER (self->check_rows));
  g_autoptr(GList) others = gtk_container_get_children (GTK_CONTAINER (self->other_rows));
  guint door = v->endpoint->protocol << 16 | v->endpoint->port;
  gboolean any = FALSE;

  for (GList *l = own; l; l = l->next)
    if (GPOINTER_TO_UINT (g_object_get_data (l->data, "ms-door")) == door && !g_object_get_data (l->data, "ms-spinner"))
      show_result (l->data, v->result);
  for (GList *l = others; l; l = l->next)
    {
      gboolean same = GPOINTER_TO_UINT (g_object_get_data (l->data, "ms-door")) == door;

      gtk_widget_set_visible (l->data, !same);
      any = any || !same;
    }
  gtk_widget_set_visible (self->others_expander, any);
}

static void
clear_rows (MsCheckView *self)
{
  ms_ui_container_clear (self->check_rows);
  ms_ui_container_clear (self->other_rows);
  g_hash_table_remove_all (self->rows);
  gtk_widget_hide (self->others_expander);
}

static void
set_box_style (MsCheckView *self, const char *style)
{
  static const char *const styles[] = { "ms-error-box", "ms-warning-box", "ms-info-box" };
  GtkStyleContext *context = gtk_widget_get_style_context (self->verdict_box);

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_style_context_remove_class (context, styles[i]);
  if (style)
    gtk_style_context_add_class (context, style);
}

/* A certificate problem is for the certificate step, the guide's step 4,
 * which explains it in full and lets the user accept or refuse it. */
static gboolean
blocks_here (const MsVerdict *v)
{
  return v->kind == MS_VERDICT_FAILED && !ms_net_error_is_certificate (v->error);
}

/* Shows what the session holds now: the view never decides anything. */
static void
render (MsCheckView *self)
{
  MsVerdict *v = ms_setup_session_get_verdict (self->session, self->role);
  MsPage *page = my_page (self);
  gboolean failed = v != NULL && v->kind == MS_VERDICT_FAILED;
  gboolean blocking = v != NULL && blocks_here (v);

  if (self->running)
    return;
  if (v == NULL)
    {
      gtk_widget_hide (self->verdict_box);
      gtk_widget_hide (self->check_change);
      clear_rows (self);
      if (page)
        ms_page_set_forward_label (page, NULL);
      return;
    }
  sync_rows (self, v);
  gtk_label_set_text (GTK_LABEL (self->check_result), v->headline);
  gtk_label_set_text (GTK_LABEL (self->check_advice), v->advice ? v->advice : "");
  gtk_widget_set_visible (self->check_advice, v->advice != NULL);
  gtk_widget_set_visible (self->password_box, v->fix == MS_FIX_RETYPE_PASSWORD);
  if (v->fix_label && v->fix != MS_FIX_RETYPE_PASSWORD)
    gtk_button_set_label (GTK_BUTTON (self->check_fix_button), v->fix_label);
  gtk_widget_set_visible (self->check_fix_button, v->fix_label != NULL && v->fix != MS_FIX_RETYPE_PASSWORD);
  set_box_style (self, failed ? "ms-error-box" : v->kind == MS_VERDICT_NEEDS_APPROVAL ? "ms-warning-box"
                                                                                       : "ms-info-box");
  /* A pass needs no box unless the session changed something to get it. */
  gtk_widget_set_visible (self->verdict_box, v->kind != MS_VERDICT_PASSED || v->asked != NULL);
  if (v->asked && v->change_reason)
    {
      g_autofree char *used = describe (v->endpoint);
      /* TRANSLATORS: the guide's reason, then "SMTP, port 465, SSL/TLS". */
      g_autofree char *text = g_strdup_printf (_("%s So %s is now selected."), v->change_reason, used);

      gtk_label_set_text (GTK_LABEL (self->check_change), text);
    }
  gtk_widget_set_visible (self->check_change, v->asked != NULL);
  if (page)
    ms_page_set_forward_label (page, blocking ? _("Continue An_yway") : NULL);
}

static void
verdict_changed (MsCheckView *self, gint role)
{
  if (role == (gint) self->role)
    render (self);
}

static void
fix_clicked (MsCheckView *self)
{
  MsVerdict *v = ms_setup_session_get_verdict (self->session, self->role);
  MsAccount *account = ms_setup_session_get_account (self->session);
  MsServer *server = ms_account_get_server (account, self->role);
  g_autoptr(MsEndpoint) fix = NULL;

  if (v == NULL)
    return;
  if (v->fix == MS_FIX_FULL_ADDRESS)
    ms_server_set_username (server, ms_account_get_address (account));
  else if (v->fix == MS_FIX_USE_ENDPOINT && v->fix_endpoint)
    {
      fix = ms_endpoint_copy (v->fix_endpoint);
      if (fix->protocol != MS_PROTOCOL_SMTP)
        ms_account_select_incoming (account, fix->protocol);
      ms_server_set_security (server, fix->security);
      ms_server_set_port_from_user (server, fix->port);
      ms_server_set_security (server, fix->security);
    }
}

/* The password typed again is taken on Continue, not at each key: taking
 * it clears the verdict, and with it the field being typed in. */
static void
take_password (MsCheckView *self)
{
  const char *text = gtk_entry_get_text (GTK_ENTRY (self->password_entry));

  if (!gtk_widget_get_visible (self->password_box) || *text == '\0')
    return;
  ms_account_set_password (ms_setup_session_get_account (self->session), text);
  gtk_entry_set_text (GTK_ENTRY (self->password_entry), "");
}

static gboolean
has_children (GtkWidget *container)
{
  g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (container));

  return children != NULL;
}

static void
checked (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(MsCheckView) self = user_data;
  g_autoptr(MsCheckReport) report = ms_setup_session_check_finish (MS_SETUP_SESSION (source), res, NULL);
  MsPage *page = g_steal_pointer (&self->page);
  MsVerdict *v = ms_setup_session_get_verdict (self->session, self->role);

  self->running = FALSE;
  /* Rows still spinning belong to a check that was stopped. */
  {
    GHashTableIter iter;
    gpointer row;

    g_hash_table_iter_init (&iter, self->rows);
    while (g_hash_table_iter_next (&iter, NULL, &row))
      if (g_object_get_data (row, "ms-spinner"))
        set_row (row, "process-stop-symbolic", _("not checked: the check was cancelled"));
  }
  gtk_widget_set_visible (self->others_expander, has_children (self->other_rows));
  render (self);
  if (report == NULL || v == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->check_result), _("The check was cancelled."));
      gtk_widget_hide (self->check_advice);
      gtk_widget_hide (self->check_fix_button);
      gtk_widget_hide (self->password_box);
      set_box_style (self, "ms-info-box");
      gtk_widget_show (self->verdict_box);
      ms_page_apply_complete (page, FALSE);
    }
  /* Moved off a blocked port 25: stay, so that the user sees the change;
   * Continue goes on at once, the verdict being for the new settings. */
  else if (blocks_here (v) || v->asked != NULL)
    {
      if (v->fix == MS_FIX_RETYPE_PASSWORD)
        gtk_widget_grab_focus (self->password_entry);
      ms_page_apply_complete (page, FALSE);
    }
  else
    ms_page_apply_complete (page, TRUE);
  g_object_unref (page);
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
                                              _("Go on with settings that do not work?"));

  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("Your mail program will probably not be able to receive or send mail with them."));
  /* TRANSLATORS: the two answers; "Keep Them Anyway" goes on with the failing settings. */
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Go Back and Fix"), GTK_RESPONSE_CANCEL,
                          _("_Keep Them Anyway"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  gtk_widget_set_name (dialog, "check_anyway_dialog");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response), self);
  gtk_widget_show (dialog);
}

gboolean
ms_check_view_apply (MsCheckView *self, MsPage *page, GCancellable *cancellable)
{
  MsVerdict *v;

  take_password (self);
  v = ms_setup_session_get_verdict (self->session, self->role);
  if (ms_setup_session_get_offline (self->session))
    return FALSE;
  /* A verdict for the settings as they are: no need to ask the server again. */
  if (v != NULL && !blocks_here (v))
    return FALSE;
  self->page = g_object_ref (page);
  if (v != NULL)
    {
      confirm_anyway (self);
      return TRUE;
    }
  clear_rows (self);
  gtk_widget_hide (self->verdict_box);
  gtk_widget_hide (self->check_change);
  self->running = TRUE;
  ms_setup_session_check_async (self->session, self->role == MS_ROLE_INCOMING ? MS_CHECK_INCOMING : MS_CHECK_OUTGOING,
                                cancellable, checked, g_object_ref (self));
  return TRUE;
}

static void
ms_check_view_dispose (GObject *object)
{
  MsCheckView *self = MS_CHECK_VIEW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->page);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  G_OBJECT_CLASS (ms_check_view_parent_class)->dispose (object);
}

static void
ms_check_view_class_init (MsCheckViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ms_check_view_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mailsetup/MailSetup/ms-check-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MsCheckView, verdict_box);
  gtk_widget_class_bind_template_child (widget_class, MsCheckView, check_result);
  gtk_widget_class_bind_template_child (widget_class, MsCheckView, check_advice);
  gtk_widget_class_bind_template_child (widget_class, MsCheckView, password_box);
  gtk_widget_class_bind_template_child (widget_class, MsCheckView, password_entry);
  gtk_widget_class_bind_template_child (widget_class, MsCheckView, check_fix_button);
  gtk_widget_class_bind_template_child (widget_class, MsCheckView, check_change);
  gtk_widget_class_bind_template_child (widget_class, MsCheckView, check_rows);
  gtk_widget_class_bind_template_child (widget_class, MsCheckView, others_expander);
  gtk_widget_class_bind_template_child (widget_class, MsCheckView, other_rows);
  gtk_widget_class_bind_template_callback (widget_class, fix_clicked);
}

static void
ms_check_view_init (MsCheckView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ms_ui_set_accessible_name (self->password_entry, _("Password"));
  ms_ui_expander_hides_child (self->others_expander);
  self->rows = g_hash_table_new (NULL, NULL);
}

GtkWidget *
ms_check_view_new (MsSetupSession *session, MsRole role)
{
  MsCheckView *self = g_object_new (MS_TYPE_CHECK_VIEW, NULL);

  self->session = g_object_ref (session);
  self->role = role;
  g_signal_connect_object (session, "probe-started", G_CALLBACK (probe_started), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "probe-finished", G_CALLBACK (probe_finished), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "verdict-changed", G_CALLBACK (verdict_changed), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}
