/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/ms-address.h"
#include "ms-export.h"

G_DEFINE_QUARK (ms-export-error-quark, ms_export_error)

/* Picks the host a phone should use for one direction.  The server the user
 * set up is the first choice when it already is the SSL one the phone needs;
 * otherwise the provider's own SSL entry, since the desktop may use POP or
 * STARTTLS on a host that is not the IMAPS one; otherwise the desktop's host,
 * as most providers serve every port on one name (3xo: mail.3xo.fr). */
static gboolean
pick_host (MsAccount *account, MsServer *server, MsProtocol protocol, char **hostname, char **certificate_name)
{
  MsProvider *provider = ms_account_get_provider (account);
  const char *host = ms_server_get_hostname (server);
  gboolean have_host = host != NULL && *host != '\0';

  if (have_host && ms_server_get_protocol (server) == protocol && ms_server_get_security (server) == MS_SECURITY_SSL)
    {
      *hostname = g_strdup (host);
      *certificate_name = g_strdup (ms_server_get_certificate_name (server));
      return TRUE;
    }
  if (provider != NULL && !ms_provider_is_manual (provider))
    {
      /* ms_provider_find() falls back to any security: we want SSL only. */
      const MsEndpoint *e = ms_provider_find (provider, protocol, MS_SECURITY_SSL);

      if (e != NULL && e->security == MS_SECURITY_SSL && e->hostname != NULL && *e->hostname != '\0')
        {
          *hostname = ms_expand_placeholders (e->hostname, ms_account_get_address (account),
                                              ms_account_get_real_name (account));
          *certificate_name = g_strdup (e->certificate_name);
          return TRUE;
        }
    }
  if (!have_host)
    return FALSE;
  *hostname = g_strdup (host);
  *certificate_name = g_strdup (ms_server_get_certificate_name (server));
  return TRUE;
}

static char *
nonempty_or_null (char *str)
{
  if (str != NULL && *str == '\0')
    g_clear_pointer (&str, g_free);
  return str;
}

MsMobileSettings *
ms_mobile_settings_new (MsAccount *account, MsExportPassword password, GError **error)
{
  g_autoptr(MsMobileSettings) s = g_new0 (MsMobileSettings, 1);
  g_autofree char *local = NULL;
  MsProvider *provider;
  const char *address;

  g_return_val_if_fail (MS_IS_ACCOUNT (account), NULL);

  address = ms_account_get_address (account);
  if (!ms_address_validate (address, NULL) || !ms_address_split (address, &local, &s->domain))
    {
      g_set_error_literal (error, MS_EXPORT_ERROR, MS_EXPORT_ERROR_NO_ADDRESS,
                           _("Enter a valid e-mail address before setting up a phone or tablet."));
      return NULL;
    }
  s->address = g_strdup (address);
  s->real_name = g_strstrip (g_strdup (ms_account_get_real_name (account)));
  provider = ms_account_get_provider (account);
  if (provider != NULL && !ms_provider_is_manual (provider))
    s->provider_name = g_strdup (ms_provider_get_display_name (provider));

  if (!pick_host (account, ms_account_get_incoming (account), MS_PROTOCOL_IMAP,
                  &s->imap_hostname, &s->imap_certificate_name))
    {
      g_set_error_literal (error, MS_EXPORT_ERROR, MS_EXPORT_ERROR_NO_INCOMING,
                           _("Enter the incoming server before setting up a phone or tablet."));
      return NULL;
    }
  if (!pick_host (account, ms_account_get_outgoing (account), MS_PROTOCOL_SMTP,
                  &s->smtp_hostname, &s->smtp_certificate_name))
    {
      g_set_error_literal (error, MS_EXPORT_ERROR, MS_EXPORT_ERROR_NO_OUTGOING,
                           _("Enter the outgoing server before setting up a phone or tablet."));
      return NULL;
    }
  s->imap_certificate_name = nonempty_or_null (s->imap_certificate_name);
  s->smtp_certificate_name = nonempty_or_null (s->smtp_certificate_name);

  if (password == MS_EXPORT_PASSWORD_INCLUDE)
    {
      const char *secret = ms_account_get_password (account);

      if (secret == NULL || *secret == '\0')
        {
          g_set_error_literal (error, MS_EXPORT_ERROR, MS_EXPORT_ERROR_NO_PASSWORD,
                               _("There is no password to put in the profile: enter it first, "
                                 "or leave it out and type it on the phone."));
          return NULL;
        }
      s->password = g_strdup (secret);
    }
  return g_steal_pointer (&s);
}

MsMobileSettings *
ms_mobile_settings_copy (const MsMobileSettings *settings)
{
  MsMobileSettings *copy = g_new0 (MsMobileSettings, 1);

  copy->address = g_strdup (settings->address);
  copy->real_name = g_strdup (settings->real_name);
  copy->domain = g_strdup (settings->domain);
  copy->provider_name = g_strdup (settings->provider_name);
  copy->imap_hostname = g_strdup (settings->imap_hostname);
  copy->imap_certificate_name = g_strdup (settings->imap_certificate_name);
  copy->smtp_hostname = g_strdup (settings->smtp_hostname);
  copy->smtp_certificate_name = g_strdup (settings->smtp_certificate_name);
  copy->password = g_strdup (settings->password);
  return copy;
}

void
ms_mobile_settings_free (MsMobileSettings *settings)
{
  if (settings == NULL)
    return;
  g_free (settings->address);
  g_free (settings->real_name);
  g_free (settings->domain);
  g_free (settings->provider_name);
  g_free (settings->imap_hostname);
  g_free (settings->imap_certificate_name);
  g_free (settings->smtp_hostname);
  g_free (settings->smtp_certificate_name);
  /* The one secret: do not leave it in freed memory. */
  if (settings->password != NULL)
    explicit_bzero (settings->password, strlen (settings->password));
  g_free (settings->password);
  g_free (settings);
}

const char *
ms_export_password_warning (void)
{
  return _("This profile contains your password in clear text. Anyone who gets a copy of the file "
           "can read and send your mail: send it to your phone only over a channel you trust, "
           "and delete it once it is installed.");
}

char *
_ms_export_xml_escape (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  /* Never regrown: "&quot;" is the longest expansion, and the text may be
   * the password, whose copies must not stay in freed memory. */
  GString *out = g_string_sized_new (6 * strlen (valid) + 1);

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '"': g_string_append (out, "&quot;"); break;
        case '\'': g_string_append (out, "&apos;"); break;
        default:
          /* XML 1.0 has no way to write these, not even as &#x1;: a plist
           * reader would reject the whole file, so they are dropped. */
          if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF)
            break;
          g_string_append_unichar (out, c);
        }
    }
  explicit_bzero (valid, strlen (valid));
  return g_string_free (out, FALSE);
}

static void
wipe_and_free (gpointer text)
{
  explicit_bzero (text, strlen (text));
  g_free (text);
}

GBytes *
ms_export_to_bytes (const MsMobileSettings *settings, MsExportKind kind, char **warning, GError **error)
{
  char *text;

  if (warning != NULL)
    *warning = NULL;
  switch (kind)
    {
    case MS_EXPORT_KIND_MOBILECONFIG:
      /* It may hold the password. */
      text = ms_export_mobileconfig (settings, warning);
      return g_bytes_new_with_free_func (text, strlen (text), wipe_and_free, text);
    case MS_EXPORT_KIND_AUTOCONFIG:
      text = ms_export_autoconfig (settings);
      return g_bytes_new_take (text, strlen (text));
    case MS_EXPORT_KIND_CARD:
      return ms_export_card (settings, error);
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
ms_export_suggest_filename (const MsMobileSettings *settings, MsExportKind kind)
{
  g_autofree char *base = g_strdup (settings->address);

  /* Keep the name portable (FAT on a USB stick, mail attachments). */
  g_strcanon (base, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@._-+", '_');
  switch (kind)
    {
    case MS_EXPORT_KIND_MOBILECONFIG: return g_strdup_printf ("%s.mobileconfig", base);
    /* Clients look for this exact name on the provider's server. */
    case MS_EXPORT_KIND_AUTOCONFIG: return g_strdup ("config-v1.1.xml");
    case MS_EXPORT_KIND_CARD: return g_strdup_printf ("%s.pdf", base);
    default: g_return_val_if_reached (NULL);
    }
}

typedef struct {
  MsMobileSettings *settings;
  MsExportKind kind;
  char *path;
  char *warning;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *d = data;

  ms_mobile_settings_free (d->settings);
  g_free (d->path);
  g_free (d->warning);
  g_free (d);
}

static void
save_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SaveData *d = task_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *data;
  /* The profile may hold the password: only its owner may read it.  The
   * new file is created with this mode and renamed over the old one, so an
   * old, more open mode never carries over. */
  int mode = d->kind == MS_EXPORT_KIND_MOBILECONFIG ? 0600 : 0644;

  bytes = ms_export_to_bytes (d->settings, d->kind, &d->warning, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  data = g_bytes_get_data (bytes, &size);
  if (!g_file_set_contents_full (d->path, data, size,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, mode, &error))
    {
      g_task_return_new_error (task, MS_EXPORT_ERROR, MS_EXPORT_ERROR_WRITE,
                               /* TRANSLATORS: a file path, e.g. “/home/ana/3xo.pdf”, then the system's error
                                * message. */
                               _("Could not save “%s”: %s"), d->path, error->message);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
ms_export_save_async (const MsMobileSettings *settings, MsExportKind kind, GFile *file,
                      GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  SaveData *d;

  g_return_if_fail (settings != NULL);
  g_return_if_fail (G_IS_FILE (file));

  g_task_set_source_tag (task, ms_export_save_async);
  d = g_new0 (SaveData, 1);
  d->settings = ms_mobile_settings_copy (settings);
  d->kind = kind;
  d->path = g_file_get_path (file);
  g_task_set_task_data (task, d, save_data_free);
  if (d->path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_task_return_new_error (task, MS_EXPORT_ERROR, MS_EXPORT_ERROR_WRITE,
                               /* TRANSLATORS: %s is the address of the chosen file, e.g.
                                * “sftp://example.com/ana/3xo.pdf”. */
                               _("Could not save “%s”: only local files can be written."), uri);
      return;
    }
  g_task_run_in_thread (task, save_thread);
}

gboolean
ms_export_save_finish (GAsyncResult *result, char **warning, GError **error)
{
  GTask *task = G_TASK (result);
  SaveData *d = g_task_get_task_data (task);

  g_return_val_if_fail (g_task_get_source_tag (task) == ms_export_save_async, FALSE);
  if (warning != NULL)
    *warning = g_strdup (d->warning);
  return g_task_propagate_boolean (task, error);
}
