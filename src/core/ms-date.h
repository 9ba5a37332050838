/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A date written out in the interface's language ("3 December 2026",
 * "3 décembre 2026"), whatever LC_TIME says: the month names come from
 * our own translations, so that a French wizard on an English system
 * still reads as French, and no date is left ambiguous when read aloud
 * to a helpdesk. */
char *ms_date_format (gint64 unix_time);

G_END_DECLS
