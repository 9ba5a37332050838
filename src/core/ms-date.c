/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "ms-date.h"

static const char *
month_name (int month)
{
  /* Spelled out here so that French gets « décembre » even in a session
   * whose LC_TIME is C. */
  switch (month)
    {
    case 1: return C_("month, in a date", "January");
    case 2: return C_("month, in a date", "February");
    case 3: return C_("month, in a date", "March");
    case 4: return C_("month, in a date", "April");
    case 5: return C_("month, in a date", "May");
    case 6: return C_("month, in a date", "June");
    case 7: return C_("month, in a date", "July");
    case 8: return C_("month, in a date", "August");
    case 9: return C_("month, in a date", "September");
    case 10: return C_("month, in a date", "October");
    case 11: return C_("month, in a date", "November");
    default: return C_("month, in a date", "December");
    }
}

char *
ms_date_format_long (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  if (local == NULL)
    return g_strdup ("?");
  if (g_date_time_get_day_of_month (local) == 1)
    /* TRANSLATORS: a date on the first day of a month (French: "1er mai
     * 2026"); the arguments as in the other date. */
    return g_strdup_printf (C_("date, first of the month", "%1$d %2$s %3$d"), 1,
                            month_name (g_date_time_get_month (local)), g_date_time_get_year (local));
  /* TRANSLATORS: a date: %1$d is the day of the month, %2$s the month's
   * name, %3$d the year, e.g. "3 December 2026".  Reorder them as your
   * language writes a date. */
  return g_strdup_printf (_("%1$d %2$s %3$d"), g_date_time_get_day_of_month (local),
                          month_name (g_date_time_get_month (local)), g_date_time_get_year (local));
}

gint64
ms_date_days_until (gint64 unix_time)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 seconds = unix_time - now;

  /* Rounded toward minus infinity: a certificate that expired an hour ago
   * has -1 day, not 0. */
  return seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
}

char *
ms_date_describe_days_left (gint64 not_after)
{
  gint64 days = ms_date_days_until (not_after);

  if (days > 0)
    /* TRANSLATORS: how long a certificate stays valid. */
    return g_strdup_printf (ngettext ("valid for %" PRId64 " more day", "valid for %" PRId64 " more days",
                                      (gulong) days), days);
  if (days == 0)
    return g_strdup (_("expires within a day"));
  /* TRANSLATORS: how long ago a certificate expired; the number is a count of days. */
  return g_strdup_printf (ngettext ("expired %" PRId64 " day ago", "expired %" PRId64 " days ago",
                                    (gulong) -days), -days);
}
