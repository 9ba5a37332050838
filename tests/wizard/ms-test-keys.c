/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <gdk/gdkkeysyms.h>

#include "ms-test-keys.h"
#include "wizard/ms-snapshot.h"

static guint presses_handled;

/* Counts a key press only once GTK has finished with it, so a test waits
 * for the effect of each key rather than for a fixed time. */
static void
count_events (GdkEvent *event, gpointer data)
{
  gboolean press = event->type == GDK_KEY_PRESS;

  if (press && g_getenv ("MS_TEST_KEYS_DEBUG"))
    g_printerr ("key %s state %x window %p\n", gdk_keyval_name (event->key.keyval), event->key.state,
                (void *) event->key.window);

  gtk_main_do_event (event);
  if (press)
    presses_handled++;
}

void
ms_test_keys_init (void)
{
  gdk_event_handler_set (count_events, NULL, NULL);
}

GtkWindow *
ms_test_key_target (GtkWidget *wizard)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (gtk_widget_get_mapped (l->data) && gtk_window_get_modal (l->data) &&
        gtk_window_get_transient_for (l->data) == GTK_WINDOW (wizard))
      return l->data;
  return GTK_WINDOW (wizard);
}

void
ms_test_key (GtkWidget *wizard, guint keyval, GdkModifierType modifiers)
{
  /* Held: the key may close the window it is sent to. */
  g_autoptr(GtkWindow) target = g_object_ref (ms_test_key_target (wizard));
  g_autoptr(GdkWindow) window = g_object_ref (gtk_widget_get_window (GTK_WIDGET (target)));
  guint before = presses_handled;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_true (gdk_test_simulate_key (window, -1, -1, keyval, modifiers, GDK_KEY_PRESS));
  while (presses_handled == before)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("key %s was not handled within 10 s", gdk_keyval_name (keyval));
      g_main_context_iteration (NULL, TRUE);
    }
  /* The release may find its window gone (Escape closes it): not waited for. */
  if (gtk_widget_get_window (GTK_WIDGET (target)) == window)
    gdk_test_simulate_key (window, -1, -1, keyval, modifiers, GDK_KEY_RELEASE);
  ms_snapshot_settle ();
}

void
ms_test_key_text (GtkWidget *wizard, const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      guint keyval = gdk_unicode_to_keyval (g_utf8_get_char (p));

      ms_test_key (wizard, keyval, 0);
    }
}

void
ms_test_mnemonic (GtkWidget *wizard, const char *label)
{
  const char *underscore = strchr (label, '_');

  g_assert_nonnull (underscore);
  ms_test_key (wizard, gdk_unicode_to_keyval (g_unichar_tolower (g_utf8_get_char (underscore + 1))),
               GDK_MOD1_MASK);
}

gboolean
ms_test_really_visible (GtkWidget *widget)
{
  GtkWidget *toplevel = gtk_widget_get_toplevel (widget);
  GtkAllocation a;
  int x, y;

  if (!gtk_widget_is_drawable (widget) || !gtk_widget_get_child_visible (widget))
    return FALSE;
  for (GtkWidget *w = widget; w; w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_child_visible (w) || !gtk_widget_get_mapped (w))
      return FALSE;
  gtk_widget_get_allocation (widget, &a);
  if (!gtk_widget_translate_coordinates (widget, toplevel, 0, 0, &x, &y))
    return FALSE;
  return a.width > 0 && a.height > 0 && x + a.width > 0 && y + a.height > 0 &&
         x < gtk_widget_get_allocated_width (toplevel) && y < gtk_widget_get_allocated_height (toplevel);
}

static GtkWidget *
focus_of (GtkWidget *wizard)
{
  return gtk_window_get_focus (ms_test_key_target (wizard));
}

void
ms_test_tab_to (GtkWidget *wizard, GtkWidget *target)
{
  for (guint i = 0; i < 60; i++)
    {
      GtkWidget *focus = focus_of (wizard);

      if (focus == target)
        return;
      if (focus && !ms_test_really_visible (focus))
        g_error ("Tab reached %s (%s), which is not visible", G_OBJECT_TYPE_NAME (focus),
                 GTK_IS_BUILDABLE (focus) ? gtk_buildable_get_name (GTK_BUILDABLE (focus)) : "?");
      ms_test_key (wizard, GDK_KEY_Tab, 0);
    }
  g_error ("Tab never reached %s (%s)", G_OBJECT_TYPE_NAME (target),
           gtk_buildable_get_name (GTK_BUILDABLE (target)));
}

GPtrArray *
ms_test_tab_cycle (GtkWidget *wizard)
{
  GPtrArray *seen = g_ptr_array_new ();

  for (guint i = 0; i < 80; i++)
    {
      GtkWidget *focus;

      ms_test_key (wizard, GDK_KEY_Tab, 0);
      focus = focus_of (wizard);
      if (focus == NULL)
        continue;
      if (g_ptr_array_find (seen, focus, NULL))
        break;
      g_ptr_array_add (seen, focus);
    }
  return seen;
}

static void
collect_mnemonics (GtkWidget *widget, gpointer data)
{
  GHashTable *seen = data;

  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      guint keyval = gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)));
      const char *text = gtk_label_get_label (GTK_LABEL (widget));
      const char *other;

      if (keyval == GDK_KEY_VoidSymbol)
        return;
      other = g_hash_table_lookup (seen, GUINT_TO_POINTER (keyval));
      if (other)
        g_error ("Alt+%s is both “%s” and “%s”", gdk_keyval_name (keyval), other, text);
      g_hash_table_insert (seen, GUINT_TO_POINTER (keyval), (gpointer) text);
    }
  if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), collect_mnemonics, data);
}

void
ms_test_assert_mnemonics (GtkWidget *wizard)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  collect_mnemonics (GTK_WIDGET (ms_test_key_target (wizard)), seen);
}
