/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The GnuTLS side of MsConn: transport callbacks, handshake, peer chain. */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-conn-private.h"
#include "ms-net-error.h"

/* GnuTLS transport callbacks: never block, report EAGAIN instead. */
static ssize_t
tls_pull (gnutls_transport_ptr_t ptr, void *buf, size_t len)
{
  MsConn *self = ptr;
  g_autoptr(GError) error = NULL;
  gssize n = g_socket_receive_with_blocking (self->socket, buf, len, FALSE, NULL, &error);

  if (n < 0)
    {
      /* A reset is the peer going away: report it as end of stream. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
        return 0;
      gnutls_transport_set_errno (self->session,
                                  g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK) ? EAGAIN : EIO);
      return -1;
    }
  return n;
}

/* GnuTLS asks whether data is ready; our own sources do the waiting. */
static int
tls_pull_timeout (gnutls_transport_ptr_t ptr, unsigned int ms)
{
  MsConn *self = ptr;

  return (g_socket_condition_check (self->socket, G_IO_IN | G_IO_HUP | G_IO_ERR) != 0) ? 1 : 0;
}

static ssize_t
tls_push (gnutls_transport_ptr_t ptr, const void *buf, size_t len)
{
  MsConn *self = ptr;
  g_autoptr(GError) error = NULL;
  gssize n = g_socket_send_with_blocking (self->socket, buf, len, FALSE, NULL, &error);

  if (n < 0)
    {
      gnutls_transport_set_errno (self->session,
                                  g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK) ? EAGAIN : EIO);
      return -1;
    }
  return n;
}

StepResult
_ms_conn_tls_again (MsConn *self)
{
  return gnutls_record_get_direction (self->session) ? STEP_WAIT_OUT : STEP_WAIT_IN;
}

StepResult
_ms_conn_step_handshake (MsConn *self, GError **error)
{
  int ret;

  do
    ret = gnutls_handshake (self->session);
  while (ret == GNUTLS_E_INTERRUPTED || (ret < 0 && ret != GNUTLS_E_AGAIN && !gnutls_error_is_fatal (ret)));
  if (ret == GNUTLS_E_AGAIN)
    return _ms_conn_tls_again (self);
  if (ret == GNUTLS_E_PREMATURE_TERMINATION)
    {
      g_set_error_literal (error, MS_NET_ERROR, MS_NET_ERROR_CLOSED,
                           _("The server closed the connection during the TLS handshake"));
      return STEP_DONE;
    }
  if (ret < 0)
    {
      g_set_error (error, MS_NET_ERROR, MS_NET_ERROR_TLS_HANDSHAKE,
                   /* TRANSLATORS: %s is the error message of GnuTLS (the TLS library), e.g. “A TLS fatal alert
                    * has been received.” */
                   _("The TLS handshake failed: %s"), gnutls_strerror (ret));
      return STEP_DONE;
    }
  self->tls = TRUE;
  return STEP_DONE;
}

gboolean
_ms_conn_tls_setup (MsConn *self, const char *server_name, GError **error)
{
  int ret;

  ret = gnutls_init (&self->session, GNUTLS_CLIENT | GNUTLS_NONBLOCK);
  if (ret >= 0)
    ret = gnutls_set_default_priority (self->session);
  if (ret >= 0)
    ret = gnutls_certificate_allocate_credentials (&self->creds);
  /* No verification during the handshake: we want to see any certificate,
   * and judge it ourselves (ms-cert.c) before anything secret is sent. */
  if (ret >= 0)
    ret = gnutls_credentials_set (self->session, GNUTLS_CRD_CERTIFICATE, self->creds);
  if (ret >= 0 && server_name != NULL && !g_hostname_is_ip_address (server_name))
    ret = gnutls_server_name_set (self->session, GNUTLS_NAME_DNS, server_name, strlen (server_name));
  if (ret < 0)
    {
      /* TRANSLATORS: %s is the error message of GnuTLS (the TLS library). */
      g_set_error (error, MS_NET_ERROR, MS_NET_ERROR_TLS_HANDSHAKE, _("Could not set up TLS: %s"),
                   gnutls_strerror (ret));
      return FALSE;
    }
  gnutls_transport_set_ptr (self->session, self);
  gnutls_transport_set_pull_function (self->session, tls_pull);
  gnutls_transport_set_pull_timeout_function (self->session, tls_pull_timeout);
  gnutls_transport_set_push_function (self->session, tls_push);
  return TRUE;
}

GPtrArray *
ms_conn_get_peer_chain (MsConn *self)
{
  GPtrArray *chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  const gnutls_datum_t *certs;
  unsigned int n = 0;

  if (!self->tls)
    return chain;
  certs = gnutls_certificate_get_peers (self->session, &n);
  for (unsigned int i = 0; certs != NULL && i < n; i++)
    g_ptr_array_add (chain, g_bytes_new (certs[i].data, certs[i].size));
  return chain;
}

char *
ms_conn_get_tls_description (MsConn *self)
{
  char *desc;
  char *copy;

  if (!self->tls)
    return NULL;
  desc = gnutls_session_get_desc (self->session);
  copy = g_strdup (desc);
  gnutls_free (desc);
  return copy;
}
