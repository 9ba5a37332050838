/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void     ms_snapshot_settle    (void);
gboolean ms_snapshot_save_png  (GtkWidget *window, const char *path, GError **error);

G_END_DECLS
