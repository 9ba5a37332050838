/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "wizard/ms-snapshot.h"
#include "wizard/ms-wizard.h"

G_BEGIN_DECLS

/* The wizard as a UI test holds it; `win` goes NULL when the window closes. */
typedef struct {
  MsProviderStore *store;
  MsAccount *account;
  MsSetupSession *session;
  MsAssistant *assistant;
  GtkWidget *win;
} MsTestWizard;

/* Takes @store and @account; shows the real wizard. */
void         ms_test_wizard_open  (MsTestWizard *w, MsProviderStore *store, MsAccount *account,
                                   gboolean checks_enabled);
void         ms_test_wizard_close (MsTestWizard *w);
/* English text, or the French the user must see when run with LANGUAGE=fr. */
const char  *ms_test_tr           (const char *en, const char *fr);

/* Finds a widget of the assistant by its id in the .ui template, the way
 * a person finds it by its place on the screen. */
GtkWidget   *ms_test_find         (GtkWidget *root, const char *id);
GtkWidget   *ms_test_lookup       (GtkWidget *root, const char *id);
void         ms_test_type         (GtkWidget *root, const char *id, const char *text);
void         ms_test_click        (GtkWidget *root, const char *id);
gboolean     ms_test_visible      (GtkWidget *root, const char *id);
const char  *ms_test_label        (GtkWidget *root, const char *id);
void         ms_test_wait         (gboolean (*condition) (gpointer), gpointer data);
void         ms_test_screenshot   (GtkWidget *window, const char *name);
const char  *ms_test_lang         (void);
void         ms_test_ui_init      (int *argc, char ***argv);
void         ms_test_write_profile (guint base_port);
GtkWidget   *ms_test_find_dialog  (const char *name);
/* Fails, with the session's verdicts and the caller's line, unless the
 * wizard shows a page of @type. */
void         ms_test_expect_page_at (MsTestWizard *w, GType type, int line);
#define      ms_test_expect_page(w, type) ms_test_expect_page_at (w, type, __LINE__)
void         ms_test_wait_for_page  (MsTestWizard *w, GType type);
gboolean     ms_test_dialog_shown (gpointer name);
/* The text of every label on screen under @root, one per line. */
char        *ms_test_texts        (GtkWidget *root);

G_END_DECLS
