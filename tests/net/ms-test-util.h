/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-probe.h"

G_BEGIN_DECLS

/* Runs one probe to completion on a private main loop. */
MsProbeResult *ms_test_probe        (const MsEndpoint *endpoint, const MsProbeOptions *options);
/* Base port of the servers started by tests/servers/run-with-servers.sh. */
guint          ms_test_base_port    (void);
const char    *ms_test_env          (const char *name);
MsEndpoint    *ms_test_endpoint     (MsProtocol protocol, const char *host, guint port_offset, MsSecurity security);
MsProbeOptions *ms_test_options     (gboolean with_ca, gboolean with_login);
void           ms_test_assert_error (const MsProbeResult *result, MsNetError code);
/* A GAsyncReadyCallback that keeps the result in *(GAsyncResult **) user_data. */
void           ms_test_async_done   (GObject *source, GAsyncResult *result, gpointer user_data);
/* A TCP port on 127.0.0.1 whose accept queue is full: connects time out. */
GSocket       *ms_test_filtered_port (guint *port, GPtrArray *fillers);

G_END_DECLS
