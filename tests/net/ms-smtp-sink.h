/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _MsSmtpSink MsSmtpSink;

/* Offers AUTH PLAIN and accepts any login, sender, recipient and message. */
MsSmtpSink *ms_smtp_sink_start    (void);
guint16     ms_smtp_sink_port     (MsSmtpSink *sink);
/* Messages taken so far (each DATA ended by its dot). */
guint       ms_smtp_sink_accepted (MsSmtpSink *sink);
void        ms_smtp_sink_stop     (MsSmtpSink *sink);

G_END_DECLS
