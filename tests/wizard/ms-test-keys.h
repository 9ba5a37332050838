/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Real key events, sent through the X server to the window that has the
 * user's attention (a modal dialog before the wizard), each waited for
 * until GTK has handled it: the way a keyboard-only user drives the app. */
void        ms_test_keys_init   (void);
GtkWindow  *ms_test_key_target  (GtkWidget *wizard);
void        ms_test_key         (GtkWidget *wizard, guint keyval, GdkModifierType modifiers);
void        ms_test_key_text    (GtkWidget *wizard, const char *text);
/* Alt and the mnemonic letter of @label ("C_ontinue" → Alt+O). */
void        ms_test_mnemonic    (GtkWidget *wizard, const char *label);
/* Presses Tab until @target has the focus; fails if it never comes, or if
 * the focus ever lands on a widget the user cannot see. */
void        ms_test_tab_to      (GtkWidget *wizard, GtkWidget *target);
/* Every widget Tab reaches from the focus, once round the window. */
GPtrArray  *ms_test_tab_cycle   (GtkWidget *wizard);
/* The focused widget is on screen: shown, mapped, and inside the window. */
gboolean    ms_test_really_visible (GtkWidget *widget);
/* No two mnemonics of what is shown share a letter. */
void        ms_test_assert_mnemonics (GtkWidget *wizard);

G_END_DECLS
