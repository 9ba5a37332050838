/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ms-ui.h"

/* A shown, left-aligned, wrapping label: the shape of every sentence the
 * wizard writes.  Selectable text stays out of the Tab order, so keyboard
 * users move between controls, not paragraphs. */
GtkWidget *
ms_ui_label_new (const char *text, const char *style_class, gboolean selectable)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_yalign (GTK_LABEL (label), 0.0);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 70);
  if (selectable)
    {
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_can_focus (label, FALSE);
    }
  if (style_class)
    gtk_style_context_add_class (gtk_widget_get_style_context (label), style_class);
  gtk_widget_show (label);
  return label;
}

void
ms_ui_container_clear (GtkWidget *container)
{
  g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (container));

  for (GList *l = children; l; l = l->next)
    gtk_widget_destroy (l->data);
}

static void
expander_sync (GtkExpander *expander)
{
  GtkWidget *child = gtk_bin_get_child (GTK_BIN (expander));

  if (child)
    gtk_widget_set_visible (child, gtk_expander_get_expanded (expander));
}

void
ms_ui_expander_hides_child (GtkWidget *expander)
{
  g_signal_connect (expander, "notify::expanded", G_CALLBACK (expander_sync), NULL);
  expander_sync (GTK_EXPANDER (expander));
}

static void
wrap_label_of (GtkWidget *button)
{
  GtkWidget *child = gtk_bin_get_child (GTK_BIN (button));

  if (GTK_IS_LABEL (child) && !gtk_label_get_line_wrap (GTK_LABEL (child)))
    {
      gtk_label_set_line_wrap (GTK_LABEL (child), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (child), 60);
      gtk_label_set_xalign (GTK_LABEL (child), 0.0);
    }
}

static void
wrap_each (GtkWidget *widget, gpointer data)
{
  if (GTK_IS_CHECK_BUTTON (widget))
    {
      wrap_label_of (widget);
      if (!g_object_get_data (G_OBJECT (widget), "ms-wraps"))
        {
          g_object_set_data (G_OBJECT (widget), "ms-wraps", GINT_TO_POINTER (1));
          g_signal_connect (widget, "notify::label", G_CALLBACK (wrap_label_of), NULL);
        }
    }
  else if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), wrap_each, data);
}

void
ms_ui_wrap_check_buttons (GtkWidget *root)
{
  wrap_each (root, NULL);
}

void
ms_ui_set_accessible_name (GtkWidget *widget, const char *name)
{
  atk_object_set_name (gtk_widget_get_accessible (widget), name);
}
