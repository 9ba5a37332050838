/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-date.h"

char *
ms_date_format (gint64 unix_time)
{
  static const char *const months[] = {
    NC_("month", "January"), NC_("month", "February"), NC_("month", "March"), NC_("month", "April"),
    NC_("month", "May"), NC_("month", "June"), NC_("month", "July"), NC_("month", "August"),
    NC_("month", "September"), NC_("month", "October"), NC_("month", "November"), NC_("month", "December"),
  };
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_time);

  if (dt == NULL)
    return g_strdup ("?");
  /* TRANSLATORS: a date: day (%1$d), month name (%2$s), year (%3$d).
   * Reorder as your language writes it, e.g. "%1$d %2$s %3$d". */
  return g_strdup_printf (_("%2$s %1$d, %3$d"), g_date_time_get_day_of_month (dt),
                          g_dpgettext2 (GETTEXT_PACKAGE, "month", months[g_date_time_get_month (dt) - 1]),
                          g_date_time_get_year (dt));
}
