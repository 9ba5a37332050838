/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "session/ms-verdict.h"

G_BEGIN_DECLS

#define MS_TYPE_CERTIFICATE_SECTION (ms_certificate_section_get_type ())
G_DECLARE_FINAL_TYPE (MsCertificateSection, ms_certificate_section, MS, CERTIFICATE_SECTION, GtkBox)

/* One certificate and the servers that presented it (@verdicts, one per
 * server, all with the same certificate): the name to check, what the
 * session decided, and, when the user may, the box to accept it.  A
 * certificate shown by both servers gets one section and one box.
 *
 * Signals: "toggled" (the box changed), "copy-report". */
GtkWidget  *ms_certificate_section_new        (GPtrArray *verdicts, const char *provider_name);
/* The box is there and ticked. */
gboolean    ms_certificate_section_get_accept (MsCertificateSection *self);
/* There is a box: the certificate awaits the user's approval. */
gboolean    ms_certificate_section_can_accept (MsCertificateSection *self);
/* The certificate can never be accepted: wrong name or dates. */
gboolean    ms_certificate_section_is_refused (MsCertificateSection *self);
const char *ms_certificate_section_get_sha256 (MsCertificateSection *self);

/* Its shape on a page of an example, for walkthroughs: @info stands for
 * the server's certificate, without a verdict. */
GtkWidget  *ms_certificate_section_new_example (const char *server_title, const MsCertInfo *info,
                                                const char *expected_name, const char *provider_name);

G_END_DECLS
