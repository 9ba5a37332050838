/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "clients/ms-cert-render.h"
#include "ms-certificate-card.h"
#include "ms-ui.h"

static gboolean
same_group (const MsCertAuditRow *a, const MsCertAuditRow *b)
{
  const MsCertInfo *la = ms_cert_audit_row_get_live_leaf (a), *lb = ms_cert_audit_row_get_live_leaf (b);

  return a->port == b->port && g_ascii_strcasecmp (a->host, b->host) == 0 && a->status == b->status &&
         g_strcmp0 (a->exception->sha256, b->exception->sha256) == 0 &&
         g_strcmp0 (la ? la->sha256 : NULL, lb ? lb->sha256 : NULL) == 0;
}

/* What needs the user first: a wrong name, then what to accept. */
static int
urgency (MsCertStatus status)
{
  static const MsCertStatus order[] = { MS_CERT_STATUS_WRONG_NAME, MS_CERT_STATUS_EXPIRED, MS_CERT_STATUS_RENEWED,
                                        MS_CERT_STATUS_EXPIRING_SOON, MS_CERT_STATUS_UNREACHABLE,
                                        MS_CERT_STATUS_NO_LONGER_NEEDED, MS_CERT_STATUS_SAME };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (order[i] == status)
      return (int) i;
  return G_N_ELEMENTS (order);
}

static int
by_urgency (gconstpointer a, gconstpointer b)
{
  const MsCertAuditRow *ra = (*(GPtrArray *const *) a)->pdata[0];
  const MsCertAuditRow *rb = (*(GPtrArray *const *) b)->pdata[0];
  int diff = urgency (ra->status) - urgency (rb->status);

  if (diff == 0)
    diff = g_ascii_strcasecmp (ra->host, rb->host);
  return diff ? diff : (int) ra->port - (int) rb->port;
}

GPtrArray *
ms_certificate_cards_group (GPtrArray *rows)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < rows->len; i++)
    {
      MsCertAuditRow *row = rows->pdata[i];
      GPtrArray *group = NULL;

      for (guint g = 0; g < groups->len && group == NULL; g++)
        if (same_group (((GPtrArray *) groups->pdata[g])->pdata[0], row))
          group = groups->pdata[g];
      if (group == NULL)
        {
          group = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_audit_row_unref);
          g_ptr_array_add (groups, group);
        }
      g_ptr_array_add (group, ms_cert_audit_row_ref (row));
    }
  g_ptr_array_sort (groups, by_urgency);
  return groups;
}

char *
ms_certificate_card_programs (GPtrArray *rows)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < rows->len; i++)
    {
      const MsCertException *e = ((MsCertAuditRow *) rows->pdata[i])->exception;
      g_autofree char *name = e->program == MS_CERT_PROGRAM_THUNDERBIRD
        /* TRANSLATORS: the name of a Thunderbird profile. */
        ? g_strdup_printf (_("Thunderbird (profile “%s”)"), e->profile_name)
        : g_strdup (ms_cert_program_display (e->program));

      if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
        g_ptr_array_add (names, g_steal_pointer (&name));
    }
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

static const char *
status_class (MsCertStatus status)
{
  switch (status)
    {
    case MS_CERT_STATUS_SAME:
    case MS_CERT_STATUS_NO_LONGER_NEEDED:
      return "ms-status-good";
    case MS_CERT_STATUS_WRONG_NAME:
    case MS_CERT_STATUS_EXPIRED:
      return "ms-status-bad";
    default:
      return "ms-status-attention";
    }
}

static void
add_field (GtkGrid *grid, int column, int row, const char *text, const char *style)
{
  GtkWidget *label = ms_ui_label_new (text, style, TRUE);

  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_grid_attach (grid, label, column, row, 1, 1);
}

/* One column of the comparison: the certificate as its store or its
 * server gives it. */
static void
add_column (GtkGrid *grid, int column, const char *title, const MsCertInfo *info, const char *sha256)
{
  g_autofree char *cn = NULL, *issuer = NULL, *validity = NULL, *fingerprint = NULL;

  add_field (grid, column, 0, title, "ms-column-title");
  if (info == NULL)
    {
      /* The fingerprint on the same line as the other column's. */
      add_field (grid, column, 1, _("Thunderbird keeps only the fingerprint of what it accepted: no other detail is "
                                    "known."), "ms-dim");
      add_field (grid, column, 2, "", NULL);
      add_field (grid, column, 3, "", NULL);
      fingerprint = g_strdup_printf ("%s\n%s", _("SHA-256 fingerprint:"), sha256 ? sha256 : "-");
      add_field (grid, column, 4, fingerprint, "ms-fingerprint");
      return;
    }
  /* TRANSLATORS: the certificate's Common Name, as the guide calls it. */
  cn = g_strdup_printf (_("Common name (CN): %s"), info->common_name ? info->common_name : "-");
  /* TRANSLATORS: who signed the certificate. */
  issuer = g_strdup_printf (_("Issued by: %s"), info->issuer_dn ? info->issuer_dn : "-");
  validity = ms_cert_render_validity (info);
  fingerprint = g_strdup_printf ("%s\n%s", _("SHA-256 fingerprint:"), info->sha256);
  add_field (grid, column, 1, cn, NULL);
  add_field (grid, column, 2, issuer, "ms-dim");
  add_field (grid, column, 3, validity, NULL);
  add_field (grid, column, 4, fingerprint, "ms-fingerprint");
}

static GtkWidget *
action_button (const char *label, const char *name, GPtrArray *rows, GCallback callback, gpointer user_data)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_buildable_set_name (GTK_BUILDABLE (button), name);
  g_object_set_data_full (G_OBJECT (button), "ms-rows", g_ptr_array_ref (rows), (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect (button, "clicked", callback, user_data);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_show (button);
  return button;
}

GtkWidget *
ms_certificate_card_new (GPtrArray *rows, GCallback on_accept, GCallback on_delete, gpointer user_data)
{
  MsCertAuditRow *row = rows->pdata[0];
  const MsCertInfo *leaf = ms_cert_audit_row_get_live_leaf (row);
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title, *status, *grid;
  g_autofree char *place = g_strdup_printf ("%s:%u", row->host, row->port);
  g_autofree char *programs = ms_certificate_card_programs (rows);
  g_autofree char *held = NULL;
  g_autofree char *card_name = g_strdup_printf ("card-%s-%s", place, ms_cert_status_to_string (row->status));

  gtk_buildable_set_name (GTK_BUILDABLE (card), card_name);
  gtk_style_context_add_class (gtk_widget_get_style_context (card), "ms-card");
  title = ms_ui_label_new (place, "ms-card-title", TRUE);
  gtk_widget_set_hexpand (title, TRUE);
  status = gtk_label_new (ms_cert_status_display (row->status));
  gtk_style_context_add_class (gtk_widget_get_style_context (status), "ms-status");
  gtk_style_context_add_class (gtk_widget_get_style_context (status), status_class (row->status));
  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  gtk_box_pack_start (GTK_BOX (top), title, TRUE, TRUE, 0);
  gtk_box_pack_end (GTK_BOX (top), status, FALSE, FALSE, 0);
  gtk_container_add (GTK_CONTAINER (card), top);
  /* TRANSLATORS: the programs that keep this exception. */
  held = g_strdup_printf (_("Exception kept by: %s"), programs);
  gtk_container_add (GTK_CONTAINER (card), ms_ui_label_new (held, "ms-dim", FALSE));
  gtk_container_add (GTK_CONTAINER (card), ms_ui_label_new (row->headline, NULL, TRUE));

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 24);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  add_column (GTK_GRID (grid), 0, _("Stored exception"), row->exception->info, row->exception->sha256);
  /* Side by side when the server presents another certificate: the
   * guide's comparison, old and new. */
  if (leaf && !row->live_is_stored)
    add_column (GTK_GRID (grid), 1, _("What the server presents now"), leaf, leaf->sha256);
  gtk_widget_show (grid);
  gtk_container_add (GTK_CONTAINER (card), grid);

  if (leaf)
    {
      g_autofree char *names = g_strjoinv (", ", row->live->presented_names);
      g_autofree char *check = row->live->name_matches
        /* TRANSLATORS: %s is the server name the certificate must carry, e.g. “mail.3xo.fr”; the guide is the
         * provider's setup guide. */
        ? g_strdup_printf (_("✓ Its Common Name is %s, as the guide asks."), row->expected_name)
        /* TRANSLATORS: the names the certificate is for, separated by commas, then the name it should be for,
         * e.g. “mail.3xo.fr”. */
        : g_strdup_printf (_("✗ It is for “%s”, not for “%s”."), names, row->expected_name);
      gtk_container_add (GTK_CONTAINER (card), ms_ui_label_new (check, row->live->name_matches ? "ms-good" : "ms-error",
                                                                FALSE));
    }
  if (row->advice)
    gtk_container_add (GTK_CONTAINER (card),
                       ms_ui_label_new (row->advice, row->status == MS_CERT_STATUS_WRONG_NAME ||
                                                     row->status == MS_CERT_STATUS_EXPIRED ? "ms-error-box"
                                                                                           : "ms-info-box", FALSE));
  if (row->status == MS_CERT_STATUS_RENEWED && ms_cert_audit_row_can_renew (row, NULL))
    gtk_container_add (GTK_CONTAINER (card), action_button (_("_Accept the Renewed Certificate"),
                                                            "accept_renewed_button", rows, on_accept, user_data));
  else if (row->status == MS_CERT_STATUS_NO_LONGER_NEEDED ||
           (row->status == MS_CERT_STATUS_WRONG_NAME && row->live_is_stored))
    gtk_container_add (GTK_CONTAINER (card), action_button (_("_Delete the Exception"), "delete_exception_button",
                                                            rows, on_delete, user_data));
  gtk_widget_show_all (card);
  return card;
}
