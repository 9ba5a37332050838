/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "clients/ms-cert-audit.h"
#include "net/ms-pin-store.h"

G_BEGIN_DECLS

/* "Manage Certificates": section 5 of the guide in one window.  The
 * exceptions the mail programs keep for the provider's servers, each
 * compared with what its server presents now, with what to do about it;
 * and the provider's authority, to trust instead of pinning. */
#define MS_TYPE_CERTIFICATES_DIALOG (ms_certificates_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MsCertificatesDialog, ms_certificates_dialog, MS, CERTIFICATES_DIALOG, GtkWindow)

/* @pins: the wizard's accepted exceptions, reloaded after a change. */
GtkWidget   *ms_certificates_dialog_new      (GtkWindow *parent, MsProvider *provider, MsPinStore *pins);
/* Looking at the stores and servers, or changing them. */
gboolean     ms_certificates_dialog_is_busy  (MsCertificatesDialog *self);
/* The last comparison, or NULL while the first one runs. */
MsCertAudit *ms_certificates_dialog_get_audit (MsCertificatesDialog *self);

G_END_DECLS
