/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Certificates made in the test itself, with whatever dates it needs: an
 * authority, and server certificates it signs. */
typedef struct _MsTestCa MsTestCa;

MsTestCa *ms_test_ca_new       (void);
void      ms_test_ca_free      (MsTestCa *ca);
/* The authority as a PEM file in @dir (a new name each time), to pass as a CA file. */
char     *ms_test_ca_write_pem (MsTestCa *ca, const char *dir);
/* A certificate for @name valid from @not_before to @not_after (Unix
 * times), signed by @ca: the chain a server would send, leaf first
 * (GBytes of DER). */
GPtrArray *ms_test_ca_issue    (MsTestCa *ca, const char *name, gint64 not_before, gint64 not_after);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsTestCa, ms_test_ca_free)

G_END_DECLS
