/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "clients/ms-cert-audit.h"

G_BEGIN_DECLS

/* The rows about one server and one pair of certificates, whichever
 * programs hold the exception: one card, so that a renewal is accepted
 * once for all of them, as the guide's customer thinks of it. */
GPtrArray *ms_certificate_cards_group (GPtrArray *rows);

/* The card of @rows (MsCertAuditRow*, one group): the server, the
 * programs, the verdict, the stored certificate and the server's side by
 * side when they differ, the Common Name check, the advice, and the one
 * action that fits.  The buttons carry @rows as "ms-rows". */
GtkWidget *ms_certificate_card_new    (GPtrArray *rows, GCallback on_accept, GCallback on_delete,
                                       gpointer user_data);
/* "Thunderbird (profile “default”), Evolution": who holds the exception. */
char      *ms_certificate_card_programs (GPtrArray *rows);

G_END_DECLS
