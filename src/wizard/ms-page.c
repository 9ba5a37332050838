/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ms-page.h"

typedef struct
{
  MsAccount *account;
  char *title;
  char *forward_label;
  gboolean complete;
  GTask *apply_task;          /* set while applying */
  GCancellable *cancellable;
} MsPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (MsPage, ms_page, GTK_TYPE_BIN)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_TITLE,
  PROP_COMPLETE,
  PROP_APPLYING,
  PROP_FORWARD_LABEL,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
ms_page_dispose (GObject *object)
{
  MsPagePrivate *priv = ms_page_get_instance_private (MS_PAGE (object));

  if (priv->cancellable)
    g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  g_clear_object (&priv->apply_task);
  g_clear_object (&priv->account);
  G_OBJECT_CLASS (ms_page_parent_class)->dispose (object);
}

static void
ms_page_finalize (GObject *object)
{
  MsPagePrivate *priv = ms_page_get_instance_private (MS_PAGE (object));

  g_free (priv->title);
  g_free (priv->forward_label);
  G_OBJECT_CLASS (ms_page_parent_class)->finalize (object);
}

static void
ms_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MsPage *page = MS_PAGE (object);
  MsPagePrivate *priv = ms_page_get_instance_private (page);

  switch (prop_id)
    {
    case PROP_ACCOUNT: g_value_set_object (value, priv->account); break;
    case PROP_TITLE: g_value_set_string (value, priv->title); break;
    case PROP_COMPLETE: g_value_set_boolean (value, priv->complete); break;
    case PROP_APPLYING: g_value_set_boolean (value, priv->apply_task != NULL); break;
    case PROP_FORWARD_LABEL: g_value_set_string (value, priv->forward_label); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  MsPage *page = MS_PAGE (object);
  MsPagePrivate *priv = ms_page_get_instance_private (page);

  switch (prop_id)
    {
    case PROP_ACCOUNT: priv->account = g_value_dup_object (value); break;
    case PROP_TITLE: ms_page_set_title (page, g_value_get_string (value)); break;
    case PROP_COMPLETE: ms_page_set_complete (page, g_value_get_boolean (value)); break;
    case PROP_FORWARD_LABEL: ms_page_set_forward_label (page, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_page_class_init (MsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ms_page_dispose;
  object_class->finalize = ms_page_finalize;
  object_class->get_property = ms_page_get_property;
  object_class->set_property = ms_page_set_property;

  props[PROP_ACCOUNT] = g_param_spec_object ("account", NULL, NULL, MS_TYPE_ACCOUNT,
                                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  props[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);
  props[PROP_COMPLETE] = g_param_spec_boolean ("complete", NULL, NULL, FALSE, rw);
  props[PROP_APPLYING] = g_param_spec_boolean ("applying", NULL, NULL, FALSE,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_FORWARD_LABEL] = g_param_spec_string ("forward-label", NULL, NULL, NULL, rw);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
ms_page_init (MsPage *page)
{
}

MsAccount *
ms_page_get_account (MsPage *page)
{
  MsPagePrivate *priv = ms_page_get_instance_private (page);
  return priv->account;
}

const char *
ms_page_get_title (MsPage *page)
{
  MsPagePrivate *priv = ms_page_get_instance_private (page);
  return priv->title;
}

void
ms_page_set_title (MsPage *page, const char *title)
{
  MsPagePrivate *priv = ms_page_get_instance_private (page);

  if (g_strcmp0 (priv->title, title) == 0)
    return;
  g_free (priv->title);
  priv->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (page), props[PROP_TITLE]);
}

gboolean
ms_page_get_complete (MsPage *page)
{
  MsPagePrivate *priv = ms_page_get_instance_private (page);
  return priv->complete;
}

void
ms_page_set_complete (MsPage *page, gboolean complete)
{
  MsPagePrivate *priv = ms_page_get_instance_private (page);

  complete = !!complete;
  if (priv->complete == complete)
    return;
  priv->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (page), props[PROP_COMPLETE]);
}

gboolean
ms_page_get_applying (MsPage *page)
{
  MsPagePrivate *priv = ms_page_get_instance_private (page);
  return priv->apply_task != NULL;
}

const char *
ms_page_get_forward_label (MsPage *page)
{
  MsPagePrivate *priv = ms_page_get_instance_private (page);
  return priv->forward_label;
}

void
ms_page_set_forward_label (MsPage *page, const char *label)
{
  MsPagePrivate *priv = ms_page_get_instance_private (page);

  if (g_strcmp0 (priv->forward_label, label) == 0)
    return;
  g_free (priv->forward_label);
  priv->forward_label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (page), props[PROP_FORWARD_LABEL]);
}

/* The assistant calls this on Continue.  The task completes with TRUE when
 * the page may be left, FALSE when the user must stay (and fix something),
 * or G_IO_ERROR_CANCELLED. */
void
ms_page_apply_begin (MsPage *page, GAsyncReadyCallback callback, gpointer user_data)
{
  MsPagePrivate *priv = ms_page_get_instance_private (page);
  MsPageClass *klass = MS_PAGE_GET_CLASS (page);
  g_autoptr(GTask) task = g_task_new (page, NULL, callback, user_data);

  g_return_if_fail (priv->apply_task == NULL);
  g_task_set_source_tag (task, ms_page_apply_begin);

  g_clear_object (&priv->cancellable);
  priv->cancellable = g_cancellable_new ();
  priv->apply_task = g_object_ref (task);
  g_object_notify_by_pspec (G_OBJECT (page), props[PROP_APPLYING]);

  if (klass->apply == NULL || !klass->apply (page, priv->cancellable))
    ms_page_apply_complete (page, TRUE);
}

gboolean
ms_page_apply_finish (MsPage *page, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ms_page_apply_complete (MsPage *page, gboolean valid)
{
  MsPagePrivate *priv = ms_page_get_instance_private (page);
  g_autoptr(GTask) task = g_steal_pointer (&priv->apply_task);

  if (task == NULL)
    return;
  g_object_notify_by_pspec (G_OBJECT (page), props[PROP_APPLYING]);
  if (g_cancellable_is_cancelled (priv->cancellable))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  else
    g_task_return_boolean (task, valid);
}

void
ms_page_apply_cancel (MsPage *page)
{
  MsPagePrivate *priv = ms_page_get_instance_private (page);

  if (priv->cancellable)
    g_cancellable_cancel (priv->cancellable);
}

void
ms_page_shown (MsPage *page)
{
  MsPageClass *klass = MS_PAGE_GET_CLASS (page);

  if (klass->shown)
    klass->shown (page);
}
