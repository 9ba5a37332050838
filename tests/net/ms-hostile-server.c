/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ms-hostile-server.h"

struct _MsHostileServer {
  MsHostileKind kind;
  GSocket *listener;
  guint port;
  GThread *thread;
  gint stop;
  GMutex lock;
  GString *received;
  gsize sent;
};

static gboolean
stopping (MsHostileServer *self)
{
  return g_atomic_int_get (&self->stop);
}

static gboolean
send_str (MsHostileServer *self, GSocket *sock, const char *data, gsize len)
{
  gssize n = g_socket_send (sock, data, len, NULL, NULL);

  if (n > 0)
    {
      g_mutex_lock (&self->lock);
      self->sent += (gsize) n;
      g_mutex_unlock (&self->lock);
    }
  return n == (gssize) len;
}

#define SEND(s) send_str (self, sock, (s), strlen (s))

/* Reads one line (blocking, with a poll timeout so stop() is honoured). */
static char *
read_line (MsHostileServer *self, GSocket *sock)
{
  GString *line = g_string_new (NULL);

  while (!stopping (self))
    {
      char c;
      gssize n;

      if (!g_socket_condition_timed_wait (sock, G_IO_IN, 100 * 1000, NULL, NULL))
        continue;
      n = g_socket_receive (sock, &c, 1, NULL, NULL);
      if (n <= 0)
        break;
      g_mutex_lock (&self->lock);
      g_string_append_c (self->received, c);
      g_mutex_unlock (&self->lock);
      if (c == '\n')
        return g_string_free (line, FALSE);
      if (c != '\r')
        g_string_append_c (line, c);
    }
  g_string_free (line, TRUE);
  return NULL;
}

static char *
imap_tag (const char *line)
{
  const char *sp = strchr (line, ' ');

  return g_strndup (line, sp ? (gsize) (sp - line) : strlen (line));
}

static void
serve_imap_no_starttls (MsHostileServer *self, GSocket *sock)
{
  char *line;

  SEND ("* OK hostile IMAP ready\r\n");
  while ((line = read_line (self, sock)) != NULL)
    {
      g_autofree char *tag = imap_tag (line);
      g_autofree char *reply = NULL;

      if (strstr (line, "CAPABILITY"))
        reply = g_strdup_printf ("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n%s OK done\r\n", tag);
      else if (strstr (line, "AUTHENTICATE"))
        reply = g_strdup ("+ \r\n");
      else
        reply = g_strdup_printf ("%s OK whatever\r\n", tag);
      g_free (line);
      SEND (reply);
    }
}

static void
serve_smtp_no_starttls (MsHostileServer *self, GSocket *sock)
{
  char *line;

  SEND ("220 hostile ESMTP\r\n");
  while ((line = read_line (self, sock)) != NULL)
    {
      if (g_str_has_prefix (line, "EHLO"))
        SEND ("250-hostile\r\n250 AUTH PLAIN LOGIN\r\n");
      else if (g_str_has_prefix (line, "AUTH LOGIN") || strcmp (line, "AUTH") == 0)
        SEND ("334 VXNlcm5hbWU6\r\n");
      else if (g_str_has_prefix (line, "QUIT"))
        SEND ("221 bye\r\n");
      else
        SEND ("235 ok\r\n");
      g_free (line);
    }
}

/* Providers that want OAuth2: the answer to a password, or no password
 * mechanism at all. */
static void
serve_smtp_sign_in (MsHostileServer *self, GSocket *sock, gboolean oauth2_only)
{
  char *line;

  SEND ("220 hostile ESMTP\r\n");
  while ((line = read_line (self, sock)) != NULL)
    {
      if (g_str_has_prefix (line, "EHLO") && oauth2_only)
        SEND ("250-hostile\r\n250 AUTH XOAUTH2 OAUTHBEARER\r\n");
      else if (g_str_has_prefix (line, "EHLO"))
        SEND ("250-hostile\r\n250 AUTH PLAIN LOGIN XOAUTH2\r\n");
      else if (g_str_has_prefix (line, "QUIT"))
        SEND ("221 bye\r\n");
      else if (g_str_has_prefix (line, "AUTH LOGIN"))
        SEND ("334 VXNlcm5hbWU6\r\n");
      else
        SEND ("535 5.7.139 Authentication unsuccessful, basic authentication is disabled. 5.7.30\r\n");
      g_free (line);
    }
}

static void
serve (MsHostileServer *self, GSocket *sock)
{
  switch (self->kind)
    {
    case MS_HOSTILE_IMAP_NO_STARTTLS:
      serve_imap_no_starttls (self, sock);
      break;
    case MS_HOSTILE_SMTP_NO_STARTTLS:
      serve_smtp_no_starttls (self, sock);
      break;
    case MS_HOSTILE_SMTP_BASIC_BLOCKED:
    case MS_HOSTILE_SMTP_OAUTH2_ONLY:
      serve_smtp_sign_in (self, sock, self->kind == MS_HOSTILE_SMTP_OAUTH2_ONLY);
      break;
    case MS_HOSTILE_SILENT:
      /* Swallow everything until the client gives up. */
      while (!stopping (self))
        {
          char buf[4096];
          if (!g_socket_condition_timed_wait (sock, G_IO_IN, 100 * 1000, NULL, NULL))
            continue;
          if (g_socket_receive (sock, buf, sizeof buf, NULL, NULL) <= 0)
            break;
        }
      break;
    case MS_HOSTILE_GARBAGE:
      {
        guint8 noise[512];
        for (guint i = 0; i < sizeof noise; i++)
          noise[i] = (guint8) g_random_int ();
        noise[0] = 0x00;
        send_str (self, sock, (const char *) noise, sizeof noise);
        g_free (read_line (self, sock));
      }
      break;
    case MS_HOSTILE_HUGE_LINE:
      {
        g_autofree char *block = g_malloc (65536);
        memset (block, 'A', 65536);
        memcpy (block, "* OK ", 5);
        /* 16 MiB if the client keeps reading; it should stop long before. */
        for (guint i = 0; i < 256 && !stopping (self); i++)
          if (!send_str (self, sock, block, 65536))
            break;
      }
      break;
    case MS_HOSTILE_CLOSE_MID_REPLY:
      {
        char *line;
        SEND ("* OK ready\r\n");
        line = read_line (self, sock);
        g_free (line);
        SEND ("* CAPABILITY IMAP4rev1 STAR");
      }
      break;
    case MS_HOSTILE_STARTTLS_INJECTION:
      {
        char *line;
        SEND ("* OK ready\r\n");
        while ((line = read_line (self, sock)) != NULL)
          {
            g_autofree char *tag = imap_tag (line);
            g_autofree char *reply = NULL;
            if (strstr (line, "STARTTLS"))
              reply = g_strdup_printf ("%s OK begin TLS\r\n* injected OK\r\n", tag);
            else if (strstr (line, "CAPABILITY"))
              reply = g_strdup_printf ("* CAPABILITY IMAP4rev1 STARTTLS\r\n%s OK done\r\n", tag);
            else
              reply = g_strdup_printf ("%s OK\r\n", tag);
            g_free (line);
            SEND (reply);
          }
      }
      break;
    case MS_HOSTILE_IMAP_BARE_TAG:
      {
        char *line;
        SEND ("* OK ready\r\n");
        while ((line = read_line (self, sock)) != NULL)
          {
            /* "ms1\r\n": no OK, NO or BAD after the tag. */
            g_autofree char *reply = g_strdup_printf ("%s\r\n", line[0] ? line : "*");
            char *sp = strchr (reply, ' ');

            if (sp)
              strcpy (sp, "\r\n");
            g_free (line);
            SEND (reply);
          }
      }
      break;
    default:
      g_assert_not_reached ();
    }
  g_socket_close (sock, NULL);
}

static gpointer
server_thread (gpointer user_data)
{
  MsHostileServer *self = user_data;

  while (!stopping (self))
    {
      g_autoptr(GSocket) sock = NULL;

      if (!g_socket_condition_timed_wait (self->listener, G_IO_IN, 100 * 1000, NULL, NULL))
        continue;
      sock = g_socket_accept (self->listener, NULL, NULL);
      if (sock == NULL)
        continue;
      g_socket_set_blocking (sock, TRUE);
      serve (self, sock);
    }
  return NULL;
}

MsHostileServer *
ms_hostile_server_start (MsHostileKind kind)
{
  MsHostileServer *self = g_new0 (MsHostileServer, 1);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  self->kind = kind;
  g_mutex_init (&self->lock);
  self->received = g_string_new (NULL);
  self->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (self->listener, addr, TRUE, NULL));
  g_assert_true (g_socket_listen (self->listener, NULL));
  bound = g_socket_get_local_address (self->listener, NULL);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  self->thread = g_thread_new ("hostile", server_thread, self);
  return self;
}

guint
ms_hostile_server_port (MsHostileServer *self)
{
  return self->port;
}

char *
ms_hostile_server_received (MsHostileServer *self)
{
  char *copy;

  g_mutex_lock (&self->lock);
  copy = g_strndup (self->received->str, self->received->len);
  g_mutex_unlock (&self->lock);
  return copy;
}

gsize
ms_hostile_server_bytes_sent (MsHostileServer *self)
{
  gsize n;

  g_mutex_lock (&self->lock);
  n = self->sent;
  g_mutex_unlock (&self->lock);
  return n;
}

void
ms_hostile_server_stop (MsHostileServer *self)
{
  g_atomic_int_set (&self->stop, 1);
  g_thread_join (self->thread);
  g_socket_close (self->listener, NULL);
  g_object_unref (self->listener);
  g_string_free (self->received, TRUE);
  g_mutex_clear (&self->lock);
  g_free (self);
}
