/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs a fuzz target on every file of its corpus, once each, without
 * libFuzzer: any compiler builds it, so every `meson test` replays the
 * seeds and every input that once crashed.  TAP output, one line a file. */
#include "config.h"

#include <glib.h>
#include <stdio.h>

#include "ms-fuzz.h"

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

static void
collect (const char *path, GPtrArray *files)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, g_strdup (path));
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (files, g_build_filename (path, name, NULL));
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++)
    collect (argv[i], files);
  g_ptr_array_sort (files, compare_names);
  if (files->len == 0)
    {
      printf ("1..0 # SKIP no corpus\n");
      return 0;
    }
  printf ("1..%u\n", files->len);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *data = NULL;
      g_autofree char *base = g_path_get_basename (files->pdata[i]);
      g_autoptr(GError) error = NULL;
      gsize length = 0;

      if (!g_file_get_contents (files->pdata[i], &data, &length, &error))
        {
          printf ("not ok %u - %s: %s\n", i + 1, base, error->message);
          continue;
        }
      fflush (stdout);
      LLVMFuzzerTestOneInput ((const uint8_t *) data, length);
      printf ("ok %u - %s\n", i + 1, base);
    }
  return 0;
}
