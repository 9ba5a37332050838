/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A plain-text SMTP server on loopback that accepts every message and
 * delivers none: a message that is sent but never arrives.  One thread,
 * blocking sockets, one client at a time. */
#include "config.h"

#include <string.h>

#include "ms-smtp-sink.h"

struct _MsSmtpSink {
  GSocketListener *listener;
  GCancellable *stop;
  GThread *thread;
  guint16 port;
  gint accepted;   /* messages taken, atomic */
};

static void
sink_serve (MsSmtpSink *sink, GSocketConnection *conn)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (conn)));
  gboolean in_data = FALSE;
  char *line;

#define SAY(text) g_output_stream_write_all (out, text, strlen (text), NULL, sink->stop, NULL)
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  SAY ("220 sink ESMTP\r\n");
  while ((line = g_data_input_stream_read_line (in, NULL, sink->stop, NULL)) != NULL)
    {
      g_autofree char *owned = line;

      if (in_data)
        {
          if (strcmp (line, ".") == 0)
            {
              in_data = FALSE;
              g_atomic_int_inc (&sink->accepted);
              SAY ("250 taken, and dropped\r\n");
            }
          continue;
        }
      if (g_str_has_prefix (line, "EHLO"))
        SAY ("250-sink\r\n250 AUTH PLAIN\r\n");
      else if (g_str_has_prefix (line, "AUTH"))
        SAY ("235 ok\r\n");
      else if (g_str_has_prefix (line, "DATA"))
        {
          in_data = TRUE;
          SAY ("354 go on\r\n");
        }
      else if (g_str_has_prefix (line, "QUIT"))
        {
          SAY ("221 bye\r\n");
          break;
        }
      else
        SAY ("250 ok\r\n");
    }
#undef SAY
}

static gpointer
sink_thread (gpointer user_data)
{
  MsSmtpSink *sink = user_data;
  GSocketConnection *conn;

  while ((conn = g_socket_listener_accept (sink->listener, NULL, sink->stop, NULL)) != NULL)
    {
      sink_serve (sink, conn);
      g_object_unref (conn);
    }
  return NULL;
}

MsSmtpSink *
ms_smtp_sink_start (void)
{
  MsSmtpSink *sink = g_new0 (MsSmtpSink, 1);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  sink->listener = g_socket_listener_new ();
  sink->stop = g_cancellable_new ();
  g_assert_true (g_socket_listener_add_address (sink->listener, any, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                NULL, &bound, NULL));
  sink->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  sink->thread = g_thread_new ("smtp-sink", sink_thread, sink);
  return sink;
}

void
ms_smtp_sink_stop (MsSmtpSink *sink)
{
  g_cancellable_cancel (sink->stop);
  g_thread_join (sink->thread);
  g_socket_listener_close (sink->listener);
  g_object_unref (sink->listener);
  g_object_unref (sink->stop);
  g_free (sink);
}

guint16
ms_smtp_sink_port (MsSmtpSink *sink)
{
  return sink->port;
}

guint
ms_smtp_sink_accepted (MsSmtpSink *sink)
{
  return (guint) g_atomic_int_get (&sink->accepted);
}
