/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/ms-account.h"

G_BEGIN_DECLS

#define MS_TYPE_PAGE (ms_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (MsPage, ms_page, MS, PAGE, GtkBin)

/* A step of the assistant, in the manner of gnome-initial-setup's GisPage:
 * a thin view over the shared MsAccount.  apply() returns TRUE when it
 * started asynchronous work; the page then calls ms_page_apply_complete(). */
struct _MsPageClass
{
  GtkBinClass parent_class;

  gboolean (*apply) (MsPage *page, GCancellable *cancellable);
  void     (*shown) (MsPage *page);
};

MsAccount  *ms_page_get_account     (MsPage *page);
const char *ms_page_get_title       (MsPage *page);
void        ms_page_set_title       (MsPage *page, const char *title);
gboolean    ms_page_get_complete    (MsPage *page);
void        ms_page_set_complete    (MsPage *page, gboolean complete);
gboolean    ms_page_get_applying    (MsPage *page);
const char *ms_page_get_forward_label (MsPage *page);
void        ms_page_set_forward_label (MsPage *page, const char *label);

void        ms_page_apply_begin     (MsPage *page, GAsyncReadyCallback callback, gpointer user_data);
gboolean    ms_page_apply_finish    (MsPage *page, GAsyncResult *result, GError **error);
void        ms_page_apply_cancel    (MsPage *page);
void        ms_page_apply_complete  (MsPage *page, gboolean valid);
void        ms_page_shown           (MsPage *page);

G_END_DECLS
