/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Small pieces the pages build in code, so they all look alike. */
GtkWidget *ms_ui_label_new       (const char *text, const char *style_class, gboolean selectable);
void       ms_ui_container_clear (GtkWidget *container);
/* A field's own accessible name, for screen readers that do not follow a
 * label's mnemonic relation. */
void       ms_ui_set_accessible_name (GtkWidget *widget, const char *name);
/* A collapsed GtkExpander keeps its child focusable in GTK 3: Tab walks
 * into fields nobody can see.  This hides the child while collapsed. */
void       ms_ui_expander_hides_child (GtkWidget *expander);
/* Check and radio buttons never wrap their label in GTK 3, so one long
 * French sentence makes the window wider than a small screen.  This
 * wraps every one under @root, now and after a new label is set. */
void       ms_ui_wrap_check_buttons (GtkWidget *root);

G_END_DECLS
