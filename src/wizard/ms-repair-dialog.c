/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "clients/ms-client.h"
#include "ms-repair-dialog.h"
#include "ms-report-actions.h"
#include "ms-ui.h"

/* A thin view over the setup session's diagnose and repair: the dialog
 * keeps a session of its own (the address and password typed here must
 * not change the account being set up in the wizard behind it), with the
 * wizard's provider, accepted certificates and offline mode. */

struct _MsRepairDialog
{
  GtkWindow parent_instance;

  GtkWidget *stack;
  GtkWidget *address_entry;
  GtkWidget *password_entry;
  GtkWidget *check_button;
  GtkWidget *busy_label;
  GtkWidget *results_scroller;
  GtkWidget *summary_label;
  GtkWidget *cards_box;
  GtkWidget *diff_expander;
  GtkWidget *diff_view;
  GtkWidget *outcome_label;
  GtkWidget *repair_button;

  MsSetupSession *main;
  MsSetupSession *session;
  GCancellable *cancellable;
  MsDiagnosisReport *diagnosis;
  GPtrArray *outcomes;
  gboolean busy;
  gboolean closed;            /* disposed: a late callback must not touch the widgets */
};

G_DEFINE_FINAL_TYPE (MsRepairDialog, ms_repair_dialog, GTK_TYPE_WINDOW)

static void
set_busy (MsRepairDialog *self, const char *what)
{
  self->busy = what != NULL;
  if (what)
    {
      gtk_label_set_text (GTK_LABEL (self->busy_label), what);
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "busy");
    }
}

static GCancellable *
new_cancellable (MsRepairDialog *self)
{
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  return self->cancellable;
}

static void
add_label (GtkWidget *box, const char *text, const char *style)
{
  GtkWidget *label = ms_ui_label_new (text, style, TRUE);

  gtk_container_add (GTK_CONTAINER (box), label);
}

static void
add_server (GtkWidget *box, const char *what, const MsEndpoint *e, const MsVerdict *v)
{
  g_autofree char *line = ms_endpoint_describe (e);
  g_autofree char *verdict = v ? ms_verdict_short (v) : NULL;
  /* TRANSLATORS: "Incoming server" or "Outgoing server", a server ("IMAP mail.3xo.fr:993 SSL/TLS"), then its username. */
  g_autofree char *text = g_strdup_printf (_("%s: %s, username “%s”"), what, line, e->username ? e->username : "");

  add_label (box, text, NULL);
  if (verdict)
    {
      /* TRANSLATORS: what the server said when checked now, e.g. "works, the password was accepted". */
      g_autofree char *checked = g_strdup_printf (_("Checked now: %s"), verdict);

      add_label (box, checked, "ms-dim");
    }
}

static GtkWidget *
card_for (const MsDiagnosis *d)
{
  const MsExistingAccount *e = d->account;
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *title = NULL;

  gtk_style_context_add_class (gtk_widget_get_style_context (card), "ms-card");
  if (g_str_equal (e->program, "thunderbird"))
    /* TRANSLATORS: a Thunderbird profile name, then an e-mail address. */
    title = g_strdup_printf (_("Thunderbird, profile “%s”: %s"), e->location, e->address ? e->address : "?");
  else
    /* TRANSLATORS: an e-mail address. */
    title = g_strdup_printf (_("Evolution: %s"), e->address ? e->address : "?");
  add_label (card, title, "ms-card-title");
  add_server (card, _("Incoming server"), e->incoming, d->verdicts[MS_ROLE_INCOMING]);
  if (e->outgoing)
    add_server (card, _("Outgoing server"), e->outgoing, d->verdicts[MS_ROLE_OUTGOING]);
  if (d->problems->len == 0)
    add_label (card, _("✓ Nothing wrong in these settings."), "ms-good");
  for (guint i = 0; i < d->problems->len; i++)
    {
      const MsProblem *p = d->problems->pdata[i];
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      /* TRANSLATORS: "Incoming server" or "Outgoing server", then what is wrong in it. */
      g_autofree char *what = g_strdup_printf (C_("server problem", "%s: %s"),
                                               p->incoming ? _("Incoming server") : _("Outgoing server"),
                                               p->explanation);
      g_autofree char *problem = g_strdup_printf ("✗ %s", what);
      g_autofree char *fix = g_strdup_printf ("→ %s", p->fix);

      gtk_style_context_add_class (gtk_widget_get_style_context (box), "ms-warning-box");
      add_label (box, problem, NULL);
      add_label (box, fix, "ms-verdict-headline");
      gtk_container_add (GTK_CONTAINER (card), box);
    }
  gtk_widget_show_all (card);
  return card;
}

static void
show_results (MsRepairDialog *self)
{
  guint repairable = 0;

  ms_ui_container_clear (self->cards_box);
  for (guint i = 0; i < self->diagnosis->diagnoses->len; i++)
    {
      MsDiagnosis *d = self->diagnosis->diagnoses->pdata[i];

      repairable += ms_diagnosis_can_repair (d);
      gtk_container_add (GTK_CONTAINER (self->cards_box), card_for (d));
    }
  for (guint i = 0; i < self->diagnosis->unreadable->len; i++)
    {
      /* TRANSLATORS: why a program's settings could not be read. */
      g_autofree char *text = g_strdup_printf (_("Could not read: %s"),
                                               ((GError *) self->diagnosis->unreadable->pdata[i])->message);
      GtkWidget *label = ms_ui_label_new (text, "ms-error-box", TRUE);

      gtk_container_add (GTK_CONTAINER (self->cards_box), label);
      gtk_widget_show (label);
    }
  if (self->diagnosis->diagnoses->len == 0)
    gtk_label_set_text (GTK_LABEL (self->summary_label),
                        _("No account was found in Thunderbird or Evolution for this address. Check the address, "
                          "or set up a new account."));
  else if (self->diagnosis->n_problems == 0)
    gtk_label_set_text (GTK_LABEL (self->summary_label), _("Nothing is wrong in these settings."));
  else if (repairable)
    gtk_label_set_text (GTK_LABEL (self->summary_label),
                        _("Mail Setup can repair these mistakes in the same account."));
  else
    gtk_label_set_text (GTK_LABEL (self->summary_label),
                        _("Some things need your attention; none can be repaired here."));
  gtk_widget_set_visible (self->repair_button, repairable > 0);
  gtk_widget_set_visible (self->diff_expander, repairable > 0);
  gtk_button_set_label (GTK_BUTTON (self->repair_button), _("_Repair"));
  gtk_widget_hide (self->outcome_label);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "results");
}

static void
show_diff (MsRepairDialog *self, GPtrArray *outcomes)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < outcomes->len; i++)
    {
      const MsRepairOutcome *o = outcomes->pdata[i];

      if (o->diff)
        g_string_append (text, o->diff);
      if (o->error)
        g_string_append_printf (text, "# %s\n", o->error->message);
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->diff_view)), text->str, -1);
}

static void
previewed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MsRepairDialog *self = user_data;
  g_autoptr(GPtrArray) outcomes = ms_setup_session_repair_finish (MS_SETUP_SESSION (source), result, NULL);

  if (!self->closed)
    {
      if (outcomes)
        show_diff (self, outcomes);
      set_busy (self, NULL);
      if (outcomes)
        show_results (self);
      else
        gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "ask");
    }
  g_object_unref (self);
}

static void
diagnosed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MsRepairDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  MsDiagnosisReport *report = ms_setup_session_diagnose_finish (MS_SETUP_SESSION (source), result, &error);

  if (report == NULL || self->closed)
    {
      /* Cancelled: back to the address, nothing half-shown. */
      if (!self->closed)
        {
          set_busy (self, NULL);
          gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "ask");
        }
      g_clear_pointer (&report, ms_diagnosis_report_unref);
      g_object_unref (self);
      return;
    }
  g_clear_pointer (&self->diagnosis, ms_diagnosis_report_unref);
  self->diagnosis = report;
  /* The diff comes from the repair itself, run dry: what is shown is
   * exactly what Repair writes. */
  set_busy (self, _("Preparing the changes…"));
  ms_setup_session_repair_async (self->session, self->diagnosis, TRUE, self->cancellable, previewed, self);
}

static void
check_clicked (MsRepairDialog *self)
{
  MsAccount *main_account = ms_setup_session_get_account (self->main);
  g_autoptr(MsAccount) account = ms_account_new (ms_account_get_provider (main_account));
  const char *address = gtk_entry_get_text (GTK_ENTRY (self->address_entry));
  g_autofree char *trimmed = g_strstrip (g_strdup (address));

  g_object_set (account, "address", trimmed, NULL);
  ms_account_set_password (account, gtk_entry_get_text (GTK_ENTRY (self->password_entry)));
  g_clear_object (&self->session);
  self->session = ms_setup_session_new (account, ms_setup_session_get_pin_store (self->main));
  ms_setup_session_load_environment (self->session);
  ms_setup_session_set_offline (self->session, ms_setup_session_get_offline (self->main));
  g_clear_pointer (&self->outcomes, g_ptr_array_unref);
  set_busy (self, ms_setup_session_get_offline (self->main)
                  ? _("Reading the accounts of Thunderbird and Evolution…")
                  : _("Reading the accounts of Thunderbird and Evolution, and checking their servers…"));
  ms_setup_session_diagnose_async (self->session, *trimmed ? trimmed : NULL, new_cancellable (self), diagnosed,
                                   g_object_ref (self));
}

static void
cancel_clicked (MsRepairDialog *self)
{
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
}

static void
again_clicked (MsRepairDialog *self)
{
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "ask");
  gtk_widget_grab_focus (self->check_button);
}

static void
report_clicked (MsRepairDialog *self)
{
  if (self->session)
    ms_report_actions_copy (GTK_WIDGET (self), self->session, NULL);
}

static void
repaired (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MsRepairDialog *self = user_data;
  g_autoptr(GPtrArray) outcomes = ms_setup_session_repair_finish (MS_SETUP_SESSION (source), result, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean running = FALSE, failed = FALSE;

  if (self->closed || outcomes == NULL)
    {
      if (!self->closed)
        {
          set_busy (self, NULL);
          gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "results");
        }
      g_object_unref (self);
      return;
    }
  for (guint i = 0; i < outcomes->len; i++)
    {
      const MsRepairOutcome *o = outcomes->pdata[i];
      const MsExistingAccount *e = o->diagnosis->account;
      const char *program = g_str_equal (e->program, "thunderbird") ? _("Thunderbird") : _("Evolution");
      const char *who = e->address ? e->address : e->account_key;

      if (text->len)
        g_string_append_c (text, '\n');
      if (o->error)
        {
          failed = TRUE;
          running |= g_error_matches (o->error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_RUNNING);
          /* TRANSLATORS: an e-mail address, then why the repair was not made. */
          g_string_append_printf (text, _("✗ %s was not repaired: %s"), who, o->error->message);
          continue;
        }
      /* TRANSLATORS: an e-mail address, then the program ("Thunderbird"). */
      g_string_append_printf (text, _("✓ %s is repaired in %s, in the same account."), who, program);
      for (guint b = 0; o->backups && b < o->backups->len; b++)
        g_string_append_printf (text, "\n    %s", (const char *) o->backups->pdata[b]);
      if (o->password_stored)
        g_string_append_printf (text, "\n    %s", _("The password you typed is saved."));
    }
  if (!failed)
    g_string_append_printf (text, "\n\n%s", _("Open your mail program again: it uses the repaired settings."));
  g_clear_pointer (&self->outcomes, g_ptr_array_unref);
  self->outcomes = g_ptr_array_ref (outcomes);
  set_busy (self, NULL);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "results");
  gtk_label_set_text (GTK_LABEL (self->outcome_label), text->str);
  /* The cards below still show what was found before the repair. */
  gtk_label_set_text (GTK_LABEL (self->summary_label),
                      failed ? _("Not everything could be repaired.")
                             : _("Repaired. Check again to see the accounts as they are now."));
  gtk_style_context_remove_class (gtk_widget_get_style_context (self->outcome_label), "ms-info-box");
  gtk_style_context_remove_class (gtk_widget_get_style_context (self->outcome_label), "ms-error-box");
  gtk_style_context_add_class (gtk_widget_get_style_context (self->outcome_label),
                               failed ? "ms-error-box" : "ms-info-box");
  gtk_widget_show (self->outcome_label);
  /* The outcome sits above the accounts: bring it into view. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->results_scroller)), 0);
  /* Only a program holding its files can go away: then Try Again. */
  gtk_button_set_label (GTK_BUTTON (self->repair_button), running ? _("_Try Again") : _("_Repair"));
  gtk_widget_set_visible (self->repair_button, running);
  g_object_unref (self);
}

static void
repair_clicked (MsRepairDialog *self)
{
  if (self->diagnosis == NULL || self->session == NULL)
    return;
  set_busy (self, _("Repairing…"));
  ms_setup_session_repair_async (self->session, self->diagnosis, FALSE, new_cancellable (self), repaired,
                                 g_object_ref (self));
}

static void
ms_repair_dialog_dispose (GObject *object)
{
  MsRepairDialog *self = MS_REPAIR_DIALOG (object);

  self->closed = TRUE;
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->main);
  g_clear_pointer (&self->diagnosis, ms_diagnosis_report_unref);
  g_clear_pointer (&self->outcomes, g_ptr_array_unref);
  G_OBJECT_CLASS (ms_repair_dialog_parent_class)->dispose (object);
}

static void
ms_repair_dialog_class_init (MsRepairDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ms_repair_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mailsetup/MailSetup/ms-repair-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MsRepairDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, MsRepairDialog, address_entry);
  gtk_widget_class_bind_template_child (widget_class, MsRepairDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, MsRepairDialog, check_button);
  gtk_widget_class_bind_template_child (widget_class, MsRepairDialog, busy_label);
  gtk_widget_class_bind_template_child (widget_class, MsRepairDialog, results_scroller);
  gtk_widget_class_bind_template_child (widget_class, MsRepairDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MsRepairDialog, cards_box);
  gtk_widget_class_bind_template_child (widget_class, MsRepairDialog, diff_expander);
  gtk_widget_class_bind_template_child (widget_class, MsRepairDialog, diff_view);
  gtk_widget_class_bind_template_child (widget_class, MsRepairDialog, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, MsRepairDialog, repair_button);
  gtk_widget_class_bind_template_callback (widget_class, check_clicked);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, again_clicked);
  gtk_widget_class_bind_template_callback (widget_class, report_clicked);
  gtk_widget_class_bind_template_callback (widget_class, repair_clicked);
}

static void
ms_repair_dialog_init (MsRepairDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_name (GTK_WIDGET (self), "repair-dialog");
  ms_ui_set_accessible_name (self->address_entry, _("E-mail address"));
  ms_ui_set_accessible_name (self->password_entry, _("Password"));
  ms_ui_set_accessible_name (self->diff_view, _("The changes a repair makes"));
  ms_ui_expander_hides_child (self->diff_expander);
  gtk_widget_grab_default (self->check_button);
}

GtkWidget *
ms_repair_dialog_new (GtkWindow *parent, MsSetupSession *main)
{
  MsRepairDialog *self = g_object_new (MS_TYPE_REPAIR_DIALOG, "transient-for", parent, NULL);
  const char *address = ms_account_get_address (ms_setup_session_get_account (main));

  self->main = g_object_ref (main);
  gtk_entry_set_text (GTK_ENTRY (self->address_entry), address ? address : "");
  return GTK_WIDGET (self);
}

gboolean
ms_repair_dialog_is_busy (MsRepairDialog *self)
{
  return self->busy;
}

MsDiagnosisReport *
ms_repair_dialog_get_diagnosis (MsRepairDialog *self)
{
  return self->diagnosis;
}

GPtrArray *
ms_repair_dialog_get_outcomes (MsRepairDialog *self)
{
  return self->outcomes;
}
