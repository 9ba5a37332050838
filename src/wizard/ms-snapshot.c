/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ms-snapshot.h"

/* Lets GTK finish resizing and drawing, so a picture shows what a user
 * would see and not a half-laid-out frame. */
void
ms_snapshot_settle (void)
{
  for (guint round = 0; round < 3; round++)
    {
      gdk_display_sync (gdk_display_get_default ());
      while (gtk_events_pending ())
        gtk_main_iteration_do (FALSE);
    }
}

static void
after_paint (GdkFrameClock *clock, gboolean *painted)
{
  *painted = TRUE;
}

/* Waits for one full frame (layout, then paint), with a bound. */
static void
wait_for_frame (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gboolean painted = FALSE;
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  gulong id;

  if (clock == NULL)
    return;
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), &painted);
  gtk_widget_queue_draw (window);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_LAYOUT | GDK_FRAME_CLOCK_PHASE_PAINT);
  while (!painted && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

/* Draws the window into an image rather than reading the screen back, so
 * it works the same under Xvfb, with or without a compositor. */
gboolean
ms_snapshot_save_png (GtkWidget *window, const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int width, height;

  ms_snapshot_settle ();
  wait_for_frame (window);
  width = gtk_widget_get_allocated_width (window);
  height = gtk_widget_get_allocated_height (window);
  if (width <= 1 || height <= 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The window is not shown yet."));
      return FALSE;
    }
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   /* TRANSLATORS: a folder path, e.g. “/tmp/walkthrough”, then the system's error message, e.g.
                    * “Permission denied”. */
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  gtk_widget_draw (window, cr);
  cairo_destroy (cr);
  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      /* TRANSLATORS: a file path, e.g. “/tmp/walkthrough/01-provider.png”, then the error message of the drawing
       * library (cairo), e.g. “error while writing to output stream”. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"),
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
