/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ms-client.h"

G_DEFINE_QUARK (ms-client-error-quark, ms_client_error)
G_DEFINE_INTERFACE (MsClient, ms_client, G_TYPE_OBJECT)

static void
ms_client_default_init (MsClientInterface *iface)
{
}

MsClientReport *
ms_client_report_new (const char *client_id)
{
  MsClientReport *report = g_new0 (MsClientReport, 1);

  report->client_id = g_strdup (client_id);
  report->written = g_ptr_array_new_with_free_func (g_free);
  report->backups = g_ptr_array_new_with_free_func (g_free);
  return report;
}

void
ms_client_report_free (MsClientReport *report)
{
  if (report == NULL)
    return;
  g_free (report->client_id);
  g_free (report->summary);
  g_ptr_array_unref (report->written);
  g_free (report->backup);
  g_ptr_array_unref (report->backups);
  g_free (report->password_note);
  g_free (report->diff);
  g_free (report);
}

const char *
ms_client_get_id (MsClient *self)
{
  return MS_CLIENT_GET_IFACE (self)->get_id (self);
}

const char *
ms_client_get_display_name (MsClient *self)
{
  return MS_CLIENT_GET_IFACE (self)->get_display_name (self);
}

gboolean
ms_client_is_installed (MsClient *self)
{
  return MS_CLIENT_GET_IFACE (self)->is_installed (self);
}

GAppInfo *
ms_client_get_app_info (MsClient *self)
{
  MsClientInterface *iface = MS_CLIENT_GET_IFACE (self);

  return iface->get_app_info ? iface->get_app_info (self) : NULL;
}

gboolean
ms_client_needs_keyring (MsClient *self, const MsClientOptions *options)
{
  MsClientInterface *iface = MS_CLIENT_GET_IFACE (self);

  return iface->needs_keyring ? iface->needs_keyring (self, options) : FALSE;
}

gboolean
ms_client_check_ready (MsClient *self, const MsClientOptions *options, GError **error)
{
  MsClientInterface *iface = MS_CLIENT_GET_IFACE (self);

  return iface->check_ready ? iface->check_ready (self, options, error) : TRUE;
}

void
ms_client_write_async (MsClient *self, MsAccount *account, MsPinStore *pins, const MsClientOptions *options,
                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  MS_CLIENT_GET_IFACE (self)->write_async (self, account, pins, options, cancellable, callback, user_data);
}

MsClientReport *
ms_client_write_finish (MsClient *self, GAsyncResult *result, GError **error)
{
  return MS_CLIENT_GET_IFACE (self)->write_finish (self, result, error);
}
