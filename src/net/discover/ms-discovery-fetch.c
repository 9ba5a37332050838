/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-discovery-private.h"

/* Each fetch runs in a worker thread with a session of its own: setting up
 * a TLS connection in glib-networking reads the system's trust list on the
 * calling thread (some 40 ms a connection here), which the main loop must
 * not wait for.  The task returns as soon as it is cancelled, even while a
 * name lookup still blocks its thread.  The answer is read in chunks and
 * given up past the bound, so a 16 MiB (or endless) body costs 1 MiB at
 * most; it is parsed by the same reader as the profiles on disk. */

#define CHUNK 65536

typedef struct {
  char *url;
  GTlsDatabase *database;
} Fetch;

static void
fetch_free (Fetch *f)
{
  g_free (f->url);
  g_clear_object (&f->database);
  g_free (f);
}

static MsProvider *
fetch (Fetch *f, GCancellable *cancellable, GError **error)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 10, "user-agent",
                                                                  "mail-setup/" PACKAGE_VERSION, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", f->url);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) parse_error = NULL;
  MsProvider *provider;
  const char *type;
  guint status;

  if (message == NULL)
    {
      /* TRANSLATORS: %s is a URL. */
      g_set_error (error, MS_DISCOVERY_ERROR, MS_DISCOVERY_ERROR_NETWORK, _("%s: not a web address."), f->url);
      return NULL;
    }
  if (f->database)
    soup_session_set_tls_database (session, f->database);
  /* A redirect could lead from https to http or to another domain than
   * the one the user confirms: Thunderbird does not follow them either. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  stream = soup_session_send (session, message, cancellable, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        /* TRANSLATORS: a URL, then a network error. */
        g_set_error (error, MS_DISCOVERY_ERROR, MS_DISCOVERY_ERROR_NETWORK, _("%s: %s"), f->url, local_error->message);
      return NULL;
    }
  status = soup_message_get_status (message);
  if (status != SOUP_STATUS_OK)
    {
      /* TRANSLATORS: a URL, the HTTP status number and its reason. */
      g_set_error (error, MS_DISCOVERY_ERROR, MS_DISCOVERY_ERROR_HTTP, _("%s: the web server answered %u %s."),
                   f->url, status, soup_message_get_reason_phrase (message));
      return NULL;
    }
  /* A web page where a settings file should be is a web host's "not
   * found" page: say so rather than show an XML error. */
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);
  if (type && (g_ascii_strcasecmp (type, "text/html") == 0 || g_ascii_strcasecmp (type, "application/xhtml+xml") == 0))
    {
      g_set_error (error, MS_DISCOVERY_ERROR, MS_DISCOVERY_ERROR_NOT_A_PROFILE,
                   /* TRANSLATORS: %s is a URL, e.g. “https://autoconfig.example.com/mail/config-v1.1.xml”. */
                   _("%s: the web server sent a web page, not a settings file."), f->url);
      return NULL;
    }
  for (;;)
    {
      guint8 buffer[CHUNK];
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, &local_error);

      if (n < 0)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, MS_DISCOVERY_ERROR, MS_DISCOVERY_ERROR_NETWORK,
                         /* TRANSLATORS: a URL, e.g. “https://autoconfig.example.com/mail/config-v1.1.xml”, then a
                          * network error message. */
                         _("%s: the answer was cut short: %s"), f->url, local_error->message);
          return NULL;
        }
      if (n == 0)
        break;
      g_byte_array_append (body, buffer, n);
      if (body->len > MS_DISCOVERY_MAX_BODY)
        {
          g_set_error (error, MS_DISCOVERY_ERROR, MS_DISCOVERY_ERROR_TOO_LARGE,
                       /* TRANSLATORS: %s is a URL, e.g. “https://autoconfig.example.com/mail/config-v1.1.xml”. */
                       _("%s: the answer is larger than 1 MiB, which no settings file is."), f->url);
          return NULL;
        }
    }
  provider = ms_provider_new_from_data ((const char *) body->data, body->len, f->url, &parse_error);
  if (provider == NULL)
    g_set_error (error, MS_DISCOVERY_ERROR, MS_DISCOVERY_ERROR_NOT_A_PROFILE, "%s", parse_error->message);
  return provider;
}

static void
fetch_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  MsProvider *provider = fetch (task_data, cancellable, &error);

  if (provider)
    g_task_return_pointer (task, provider, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
_ms_discovery_fetch_async (GTlsDatabase *database, const char *url, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Fetch *f = g_new0 (Fetch, 1);

  g_task_set_source_tag (task, _ms_discovery_fetch_async);
  f->url = g_strdup (url);
  f->database = database ? g_object_ref (database) : NULL;
  g_task_set_task_data (task, f, (GDestroyNotify) fetch_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, fetch_thread);
}

MsProvider *
_ms_discovery_fetch_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
