/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ms-test-ui.h"
#include "wizard/ms-snapshot.h"

typedef struct {
  const char *id;
  GtkWidget *found;
} Search;

static void
search_cb (GtkWidget *widget, gpointer data)
{
  Search *search = data;
  const char *name;

  if (search->found)
    return;
  name = gtk_buildable_get_name (GTK_BUILDABLE (widget));
  if (g_strcmp0 (name, search->id) == 0)
    {
      search->found = widget;
      return;
    }
  if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), search_cb, search);
}

GtkWidget *
ms_test_lookup (GtkWidget *root, const char *id)
{
  Search search = { id, NULL };

  gtk_container_forall (GTK_CONTAINER (root), search_cb, &search);
  return search.found;
}

GtkWidget *
ms_test_find (GtkWidget *root, const char *id)
{
  GtkWidget *found = ms_test_lookup (root, id);

  if (found == NULL)
    g_error ("no widget with id %s", id);
  return found;
}

void
ms_test_type (GtkWidget *root, const char *id, const char *text)
{
  GtkWidget *entry = ms_test_find (root, id);

  g_assert_true (gtk_widget_is_sensitive (entry));
  /* Character by character, as typing does, so each step is validated. */
  gtk_entry_set_text (GTK_ENTRY (entry), "");
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      int pos = -1;
      gtk_editable_insert_text (GTK_EDITABLE (entry), p, g_utf8_next_char (p) - p, &pos);
      pos = gtk_entry_get_text_length (GTK_ENTRY (entry));
      gtk_editable_set_position (GTK_EDITABLE (entry), pos);
    }
  ms_snapshot_settle ();
}

void
ms_test_click (GtkWidget *root, const char *id)
{
  GtkWidget *button = ms_test_find (root, id);

  g_assert_true (gtk_widget_is_drawable (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  /* "clicked" straight away: "activate" would wait for the press animation. */
  gtk_button_clicked (GTK_BUTTON (button));
  ms_snapshot_settle ();
}

gboolean
ms_test_visible (GtkWidget *root, const char *id)
{
  ms_snapshot_settle ();
  return gtk_widget_is_drawable (ms_test_find (root, id));
}

const char *
ms_test_label (GtkWidget *root, const char *id)
{
  GtkWidget *w = ms_test_find (root, id);

  if (GTK_IS_LABEL (w))
    return gtk_label_get_text (GTK_LABEL (w));
  return gtk_button_get_label (GTK_BUTTON (w));
}

void
ms_test_wait (gboolean (*condition) (gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("condition not met within 10 s");
      g_main_context_iteration (NULL, TRUE);
    }
}

const char *
ms_test_lang (void)
{
  const char *lang = g_getenv ("LANGUAGE");

  return lang && g_str_has_prefix (lang, "fr") ? "fr" : "en";
}

void
ms_test_screenshot (GtkWidget *window, const char *name)
{
  const char *dir = g_getenv ("MS_SCREENSHOT_DIR");
  g_autofree char *file = NULL, *path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  file = g_strdup_printf ("%s.png", name);
  path = g_build_filename (dir, ms_test_lang (), file, NULL);
  if (!ms_snapshot_save_png (window, path, &error))
    g_error ("screenshot %s: %s", path, error->message);
}
