/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Exits 0 when every PNG given is a real picture: big enough, and with
 * enough distinct colours that it is not blank. */
#include <cairo.h>
#include <glib.h>

int
main (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      cairo_surface_t *surface = cairo_image_surface_create_from_png (argv[i]);
      g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
      int width, height, stride;
      unsigned char *data;

      if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
        {
          g_printerr ("%s: not a PNG\n", argv[i]);
          return 1;
        }
      width = cairo_image_surface_get_width (surface);
      height = cairo_image_surface_get_height (surface);
      stride = cairo_image_surface_get_stride (surface);
      data = cairo_image_surface_get_data (surface);
      for (int y = 0; y < height; y += 2)
        for (int x = 0; x < width; x += 2)
          g_hash_table_add (colours, GUINT_TO_POINTER (*(guint32 *) (data + y * stride + x * 4)));
      if (width < 600 || height < 400 || g_hash_table_size (colours) < 20)
        {
          g_printerr ("%s: %dx%d with %u colours: blank or too small\n", argv[i], width, height,
                      g_hash_table_size (colours));
          return 1;
        }
      g_print ("%s: %dx%d, %u colours\n", argv[i], width, height, g_hash_table_size (colours));
      cairo_surface_destroy (surface);
    }
  return 0;
}
