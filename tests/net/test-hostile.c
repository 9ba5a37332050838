/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The engine against servers that misbehave: each must give a specific
 * error within its time bound, never hang, never leak the password. */
#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include "ms-check.h"
#include "ms-hostile-server.h"
#include "ms-test-util.h"

#define PASSWORD "s3cret-Pa55word"
#define TIMEOUT_MS 1000
/* Scheduling slack on a loaded CI machine. */
#define SLACK_MS 700

static MsProbeOptions *
options (void)
{
  MsProbeOptions *o = ms_probe_options_new ();

  o->connect_timeout_ms = TIMEOUT_MS;
  o->read_timeout_ms = TIMEOUT_MS;
  o->username = g_strdup ("alice@example.test");
  o->password = g_strdup (PASSWORD);
  return o;
}

static MsProbeResult *
probe_hostile (MsHostileServer *server, MsProtocol protocol, MsSecurity security, gboolean allow_plaintext)
{
  g_autoptr(MsEndpoint) ep = ms_endpoint_new (protocol, "127.0.0.1", ms_hostile_server_port (server), security);
  g_autoptr(MsProbeOptions) o = options ();

  o->allow_plaintext = allow_plaintext;
  return ms_test_probe (ep, o);
}

static void
assert_password_absent (MsHostileServer *server)
{
  g_autofree char *received = ms_hostile_server_received (server);
  g_autofree char *b64 = g_base64_encode ((const guchar *) PASSWORD, strlen (PASSWORD));

  g_assert_null (strstr (received, PASSWORD));
  g_assert_null (strstr (received, b64));
  /* SASL PLAIN encodes user and password together: look for that too. */
  g_assert_null (strstr (received, "AUTHENTICATE"));
  g_assert_null (strstr (received, "AUTH "));
  g_assert_null (strstr (received, "LOGIN "));
}

static void
test_no_starttls (gconstpointer data)
{
  MsProtocol protocol = GPOINTER_TO_INT (data);
  MsHostileServer *server = ms_hostile_server_start (protocol == MS_PROTOCOL_IMAP ? MS_HOSTILE_IMAP_NO_STARTTLS
                                                                                  : MS_HOSTILE_SMTP_NO_STARTTLS);
  g_autoptr(MsProbeResult) r = probe_hostile (server, protocol, MS_SECURITY_STARTTLS, FALSE);

  ms_test_assert_error (r, MS_NET_ERROR_STARTTLS_NOT_OFFERED);
  g_assert_false (r->tls);
  g_assert_false (r->login_attempted);
  assert_password_absent (server);
  ms_hostile_server_stop (server);
}

static void
test_plaintext_refused_then_allowed (void)
{
  MsHostileServer *server = ms_hostile_server_start (MS_HOSTILE_SMTP_NO_STARTTLS);
  g_autoptr(MsProbeResult) refused = probe_hostile (server, MS_PROTOCOL_SMTP, MS_SECURITY_NONE, FALSE);
  g_autoptr(MsProbeResult) allowed = NULL;
  g_autofree char *received = NULL;
  g_autofree char *b64 = NULL;

  ms_test_assert_error (refused, MS_NET_ERROR_PLAINTEXT_REFUSED);
  g_assert_false (refused->login_attempted);
  assert_password_absent (server);

  /* Positive control: proves the recorder would have seen a leak. */
  allowed = probe_hostile (server, MS_PROTOCOL_SMTP, MS_SECURITY_NONE, TRUE);
  g_assert_no_error (allowed->error);
  g_assert_true (allowed->login_ok);
  received = ms_hostile_server_received (server);
  g_assert_nonnull (strstr (received, "AUTH PLAIN "));
  ms_hostile_server_stop (server);
}

/* A provider that wants OAuth2 is never reported as a wrong password. */
static void
test_sign_in_required (void)
{
  MsHostileServer *blocked = ms_hostile_server_start (MS_HOSTILE_SMTP_BASIC_BLOCKED);
  MsHostileServer *oauth2_only = ms_hostile_server_start (MS_HOSTILE_SMTP_OAUTH2_ONLY);
  g_autoptr(MsProbeResult) r1 = probe_hostile (blocked, MS_PROTOCOL_SMTP, MS_SECURITY_NONE, TRUE);
  g_autoptr(MsProbeResult) r2 = probe_hostile (oauth2_only, MS_PROTOCOL_SMTP, MS_SECURITY_NONE, TRUE);
  g_autoptr(MsEndpoint) ep = ms_endpoint_new (MS_PROTOCOL_SMTP, "127.0.0.1", ms_hostile_server_port (oauth2_only),
                                              MS_SECURITY_NONE);
  g_autoptr(MsProbeOptions) o = options ();
  g_autoptr(MsProbeResult) r3 = NULL;

  ms_test_assert_error (r1, MS_NET_ERROR_SIGN_IN_REQUIRED);
  g_assert_null (strstr (r1->error->message, "rejected"));
  g_assert_nonnull (strstr (r1->error->message, "app password"));
  g_assert_nonnull (strstr (r1->error->message, "5.7.30"));
  /* No password mechanism: nothing is sent. */
  ms_test_assert_error (r2, MS_NET_ERROR_SIGN_IN_REQUIRED);
  g_assert_false (r2->login_attempted);
  assert_password_absent (oauth2_only);
  /* An OAuth2 account: the check never tries a password. */
  ep->auth = MS_AUTH_OAUTH2;
  o->allow_plaintext = TRUE;
  r3 = ms_test_probe (ep, o);
  g_assert_no_error (r3->error);
  g_assert_false (r3->login_attempted);
  ms_hostile_server_stop (blocked);
  ms_hostile_server_stop (oauth2_only);
}

static void
test_silent (void)
{
  MsHostileServer *server = ms_hostile_server_start (MS_HOSTILE_SILENT);
  g_autoptr(MsProbeResult) r = probe_hostile (server, MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS, FALSE);

  ms_test_assert_error (r, MS_NET_ERROR_NO_REPLY);
  g_assert_true (r->reachable);
  g_assert_cmpint (r->total_ms, >=, TIMEOUT_MS - 50);
  g_assert_cmpint (r->total_ms, <, TIMEOUT_MS + SLACK_MS);
  ms_hostile_server_stop (server);
}

static void
test_silent_tls (void)
{
  /* Implicit TLS to a silent server: the handshake has its own bound. */
  MsHostileServer *server = ms_hostile_server_start (MS_HOSTILE_SILENT);
  g_autoptr(MsProbeResult) r = probe_hostile (server, MS_PROTOCOL_IMAP, MS_SECURITY_SSL, FALSE);

  ms_test_assert_error (r, MS_NET_ERROR_NO_REPLY);
  g_assert_cmpint (r->total_ms, <, TIMEOUT_MS + SLACK_MS);
  ms_hostile_server_stop (server);
}

static void
test_garbage (void)
{
  MsHostileServer *server = ms_hostile_server_start (MS_HOSTILE_GARBAGE);
  g_autoptr(MsProbeResult) r = probe_hostile (server, MS_PROTOCOL_POP3, MS_SECURITY_STARTTLS, FALSE);

  ms_test_assert_error (r, MS_NET_ERROR_PROTOCOL);
  g_assert_cmpint (r->total_ms, <, TIMEOUT_MS);
  ms_hostile_server_stop (server);
}

static void
test_garbage_tls (void)
{
  MsHostileServer *server = ms_hostile_server_start (MS_HOSTILE_GARBAGE);
  g_autoptr(MsProbeResult) r = probe_hostile (server, MS_PROTOCOL_IMAP, MS_SECURITY_SSL, FALSE);

  ms_test_assert_error (r, MS_NET_ERROR_TLS_HANDSHAKE);
  g_assert_cmpint (r->total_ms, <, TIMEOUT_MS);
  ms_hostile_server_stop (server);
}

static glong
max_rss_kib (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static void
test_huge_line (void)
{
  MsHostileServer *server = ms_hostile_server_start (MS_HOSTILE_HUGE_LINE);
  glong before = max_rss_kib ();
  g_autoptr(MsProbeResult) r = probe_hostile (server, MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS, FALSE);
  glong growth = max_rss_kib () - before;

  ms_test_assert_error (r, MS_NET_ERROR_LINE_TOO_LONG);
  g_assert_cmpint (r->total_ms, <, TIMEOUT_MS);
  /* The server offered 16 MiB; we must have stopped near the 64 KiB cap. */
  g_test_message ("max RSS growth %ld KiB, server sent %" G_GSIZE_FORMAT " bytes", growth,
                  ms_hostile_server_bytes_sent (server));
  g_assert_cmpint (growth, <, 4 * 1024);
  ms_hostile_server_stop (server);
}

static void
test_close_mid_reply (void)
{
  MsHostileServer *server = ms_hostile_server_start (MS_HOSTILE_CLOSE_MID_REPLY);
  g_autoptr(MsProbeResult) r = probe_hostile (server, MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS, FALSE);

  ms_test_assert_error (r, MS_NET_ERROR_CLOSED);
  g_assert_nonnull (strstr (r->error->message, "middle"));
  g_assert_cmpint (r->total_ms, <, TIMEOUT_MS);
  ms_hostile_server_stop (server);
}

static void
test_starttls_injection (void)
{
  MsHostileServer *server = ms_hostile_server_start (MS_HOSTILE_STARTTLS_INJECTION);
  g_autoptr(MsProbeResult) r = probe_hostile (server, MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS, FALSE);

  ms_test_assert_error (r, MS_NET_ERROR_PROTOCOL);
  g_assert_false (r->tls);
  assert_password_absent (server);
  ms_hostile_server_stop (server);
}

/* A server that answers a command with its bare tag ("ms1", no status)
 * used to pass the check: the status was read past the end of the line.
 * With a password the login is never sent; without one the endpoint fails
 * all the same, as it is no IMAP server. */
static void
test_bare_tag (gconstpointer data)
{
  MsSecurity security = GPOINTER_TO_INT (data);
  MsHostileServer *server = ms_hostile_server_start (MS_HOSTILE_IMAP_BARE_TAG);
  g_autoptr(MsEndpoint) ep = ms_endpoint_new (MS_PROTOCOL_IMAP, "127.0.0.1", ms_hostile_server_port (server),
                                              security);
  g_autoptr(MsProbeOptions) anonymous = ms_probe_options_new ();
  g_autoptr(MsProbeOptions) login = options ();
  g_autoptr(MsProbeResult) r = NULL;
  g_autoptr(MsProbeResult) r_login = NULL;
  g_autofree char *received = NULL;

  anonymous->connect_timeout_ms = anonymous->read_timeout_ms = TIMEOUT_MS;
  r = ms_test_probe (ep, anonymous);
  ms_test_assert_error (r, MS_NET_ERROR_PROTOCOL);
  g_assert_true (r->reachable);
  g_assert_nonnull (strstr (r->error->message, "ms1"));

  login->allow_plaintext = TRUE;
  r_login = ms_test_probe (ep, login);
  ms_test_assert_error (r_login, MS_NET_ERROR_PROTOCOL);
  g_assert_false (r_login->login_attempted);
  g_assert_false (r_login->login_ok);
  assert_password_absent (server);
  received = ms_hostile_server_received (server);
  g_assert_nonnull (strstr (received, "ms1 CAPABILITY"));
  ms_hostile_server_stop (server);
}

static void
test_refused (void)
{
  g_autoptr(GSocket) s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(MsEndpoint) ep = NULL;
  g_autoptr(MsProbeOptions) o = options ();
  g_autoptr(MsProbeResult) r = NULL;

  /* A port that was just free: bound, never listening. */
  g_assert_true (g_socket_bind (s, addr, TRUE, NULL));
  bound = g_socket_get_local_address (s, NULL);
  ep = ms_endpoint_new (MS_PROTOCOL_IMAP, "127.0.0.1",
                        g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)), MS_SECURITY_SSL);
  r = ms_test_probe (ep, o);
  ms_test_assert_error (r, MS_NET_ERROR_REFUSED);
  g_assert_false (r->reachable);
}

static void
test_not_resolved (void)
{
  g_autoptr(MsEndpoint) ep = ms_endpoint_new (MS_PROTOCOL_IMAP, "no-such-host.invalid", 993, MS_SECURITY_SSL);
  g_autoptr(MsProbeOptions) o = options ();
  g_autoptr(MsProbeResult) r = NULL;

  o->connect_timeout_ms = 4000;
  r = ms_test_probe (ep, o);
  ms_test_assert_error (r, MS_NET_ERROR_NOT_RESOLVED);
}

static void
test_filtered (void)
{
  g_autoptr(GPtrArray) fillers = g_ptr_array_new_with_free_func (g_object_unref);
  guint port = 0;
  g_autoptr(GSocket) listener = ms_test_filtered_port (&port, fillers);
  g_autoptr(MsEndpoint) ep = ms_endpoint_new (MS_PROTOCOL_SMTP, "127.0.0.1", port, MS_SECURITY_STARTTLS);
  g_autoptr(MsProbeOptions) o = options ();
  g_autoptr(MsProbeResult) r = ms_test_probe (ep, o);

  ms_test_assert_error (r, MS_NET_ERROR_TIMED_OUT);
  g_assert_false (r->reachable);
  g_assert_cmpint (r->total_ms, >=, TIMEOUT_MS - 50);
  g_assert_cmpint (r->total_ms, <, TIMEOUT_MS + SLACK_MS);
}

typedef struct {
  GCancellable *cancellable;
  guint started;
  guint finished;
  gboolean done;
  GError *error;
  gint64 cancelled_at;
  gint64 done_at;
} CancelData;

static void
on_started (MsCheck *check, guint index, MsEndpoint *ep, CancelData *cd)
{
  cd->started++;
}

static void
on_finished (MsCheck *check, guint index, MsProbeResult *r, CancelData *cd)
{
  cd->finished++;
}

static gboolean
cancel_now (gpointer user_data)
{
  CancelData *cd = user_data;

  cd->cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cd->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_check_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  CancelData *cd = user_data;
  g_autoptr(MsCheckResult) result = ms_check_run_finish (MS_CHECK (source), res, &cd->error);

  g_assert_null (result);
  cd->done = TRUE;
  cd->done_at = g_get_monotonic_time ();
}

static void
test_cancel (void)
{
  MsHostileServer *silent = ms_hostile_server_start (MS_HOSTILE_SILENT);
  g_autoptr(GPtrArray) fillers = g_ptr_array_new_with_free_func (g_object_unref);
  guint filtered = 0;
  g_autoptr(GSocket) listener = ms_test_filtered_port (&filtered, fillers);
  g_autoptr(MsProbeOptions) o = options ();
  g_autoptr(MsCheck) check = NULL;
  CancelData cd = { 0 };

  o->connect_timeout_ms = o->read_timeout_ms = 30000;
  check = ms_check_new (o);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(MsEndpoint) a = ms_endpoint_new (MS_PROTOCOL_IMAP, "127.0.0.1", ms_hostile_server_port (silent),
                                                 MS_SECURITY_STARTTLS);
      g_autoptr(MsEndpoint) b = ms_endpoint_new (MS_PROTOCOL_SMTP, "127.0.0.1", filtered, MS_SECURITY_SSL);
      ms_check_add (check, a);
      ms_check_add (check, b);
    }
  cd.cancellable = g_cancellable_new ();
  g_signal_connect (check, "endpoint-started", G_CALLBACK (on_started), &cd);
  g_signal_connect (check, "endpoint-finished", G_CALLBACK (on_finished), &cd);
  ms_check_run_async (check, cd.cancellable, on_check_done, &cd);
  g_timeout_add (200, cancel_now, &cd);
  while (!cd.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_error (cd.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Six endpoints, and the other mode of each SMTP one at the same time. */
  g_assert_cmpuint (cd.started, ==, 9);
  g_assert_cmpuint (cd.finished, ==, 0);
  g_assert_cmpint (cd.done_at - cd.cancelled_at, <, 100 * 1000);
  /* Nothing left behind: draining the loop fires nothing for this check. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (cd.finished, ==, 0);
  g_clear_error (&cd.error);
  g_object_unref (cd.cancellable);
  ms_hostile_server_stop (silent);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/net/hostile/no-starttls/imap", GINT_TO_POINTER (MS_PROTOCOL_IMAP), test_no_starttls);
  g_test_add_data_func ("/net/hostile/no-starttls/smtp", GINT_TO_POINTER (MS_PROTOCOL_SMTP), test_no_starttls);
  g_test_add_func ("/net/hostile/plaintext-refused-then-allowed", test_plaintext_refused_then_allowed);
  g_test_add_func ("/net/hostile/sign-in-required", test_sign_in_required);
  g_test_add_func ("/net/hostile/silent", test_silent);
  g_test_add_func ("/net/hostile/silent-tls", test_silent_tls);
  g_test_add_func ("/net/hostile/garbage", test_garbage);
  g_test_add_func ("/net/hostile/garbage-tls", test_garbage_tls);
  g_test_add_func ("/net/hostile/huge-line", test_huge_line);
  g_test_add_func ("/net/hostile/close-mid-reply", test_close_mid_reply);
  g_test_add_func ("/net/hostile/starttls-injection", test_starttls_injection);
  g_test_add_data_func ("/net/hostile/bare-tag/plain", GINT_TO_POINTER (MS_SECURITY_NONE), test_bare_tag);
  g_test_add_data_func ("/net/hostile/bare-tag/starttls", GINT_TO_POINTER (MS_SECURITY_STARTTLS), test_bare_tag);
  g_test_add_func ("/net/hostile/refused", test_refused);
  g_test_add_func ("/net/hostile/not-resolved", test_not_resolved);
  g_test_add_func ("/net/hostile/filtered", test_filtered);
  g_test_add_func ("/net/hostile/cancel", test_cancel);
  return g_test_run ();
}
