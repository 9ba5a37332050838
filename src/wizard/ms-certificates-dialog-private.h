/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clients/ms-cert-authority.h"
#include "ms-certificates-dialog.h"

G_BEGIN_DECLS

struct _MsCertificatesDialog
{
  GtkWindow parent_instance;

  GtkWidget *stack;
  GtkWidget *scroller;
  GtkWidget *loading_label;
  GtkWidget *intro_label;
  GtkWidget *status_label;
  GtkWidget *cards_box;
  GtkWidget *authority_intro;
  GtkWidget *authorities_box;
  GtkWidget *install_button;
  GtkWidget *system_button;
  GtkWidget *authority_status;
  GtkWidget *problems_label;
  GtkWidget *refresh_button;

  MsProvider *provider;
  MsPinStore *pins;
  char *pin_path;
  GCancellable *cancellable;
  MsCertAudit *audit;
  MsCertAuthorityFile *authority;   /* the file last chosen, for the system route */
  gboolean busy;
  gboolean closed;                  /* destroyed: late answers are dropped */
};

/* ms-certificates-dialog.c */
void  ms_certificates_dialog_set_busy   (MsCertificatesDialog *self, const char *what);
void  ms_certificates_dialog_refresh    (MsCertificatesDialog *self);
void  ms_certificates_dialog_say        (GtkWidget *label, const char *text, gboolean error);

/* ms-certificates-authority.c: the authorities section */
void  ms_certificates_authority_fill    (MsCertificatesDialog *self);
void  ms_certificates_authority_install (MsCertificatesDialog *self);
void  ms_certificates_authority_system  (MsCertificatesDialog *self);

G_END_DECLS
