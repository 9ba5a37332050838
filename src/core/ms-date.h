/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A date written out in the interface language ("3 December 2026",
 * "3 décembre 2026"), in the user's time zone.  The month names come from
 * our own translations, not from LC_TIME: the language a customer reads is
 * the one the interface speaks, whatever locale the session was started in. */
char   *ms_date_format_long  (gint64 unix_time);

/* Whole days from now until @unix_time: negative once it has passed. */
gint64  ms_date_days_until   (gint64 unix_time);

/* "valid for 42 more days", "expires today", "expired 3 days ago": how
 * long a certificate valid until @not_after has left, in words. */
char   *ms_date_describe_days_left (gint64 not_after);

G_END_DECLS
