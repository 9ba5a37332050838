/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The engine against a real Dovecot and Postfix (tests/servers). */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <errno.h>
#include <unistd.h>

#include "ms-check.h"
#include "ms-test-util.h"

typedef struct {
  MsProtocol protocol;
  guint offset;
  MsSecurity security;
} Case;

static const Case login_cases[] = {
  { MS_PROTOCOL_IMAP, 1, MS_SECURITY_STARTTLS },
  { MS_PROTOCOL_IMAP, 2, MS_SECURITY_SSL },
  { MS_PROTOCOL_POP3, 3, MS_SECURITY_STARTTLS },
  { MS_PROTOCOL_POP3, 4, MS_SECURITY_SSL },
  { MS_PROTOCOL_SMTP, 5, MS_SECURITY_STARTTLS },
  { MS_PROTOCOL_SMTP, 6, MS_SECURITY_STARTTLS },
  { MS_PROTOCOL_SMTP, 7, MS_SECURITY_SSL },
};

static void
test_good_login (gconstpointer user_data)
{
  const Case *c = user_data;
  g_autoptr(MsEndpoint) ep = ms_test_endpoint (c->protocol, "127.0.0.1", c->offset, c->security);
  g_autoptr(MsProbeOptions) opts = ms_test_options (TRUE, TRUE);
  g_autoptr(MsProbeResult) r = ms_test_probe (ep, opts);
  MsCertInfo *leaf;

  g_assert_no_error (r->error);
  g_assert_true (ms_probe_result_passed (r));
  g_assert_true (r->reachable);
  g_assert_true (r->tls);
  g_assert_true (r->login_attempted);
  g_assert_true (r->login_ok);
  g_assert_nonnull (r->greeting);
  g_assert_nonnull (r->capabilities);
  g_assert_cmpuint (g_strv_length (r->capabilities), >, 0);
  g_assert_true (g_strv_contains ((const char *const *) r->auth_mechanisms, "PLAIN"));
  g_assert_nonnull (r->certificate);
  g_assert_cmpint (r->certificate->decision, ==, MS_CERT_DECISION_OK);
  g_assert_true (r->certificate->trusted);
  /* Leaf then CA, as presented. */
  g_assert_cmpuint (r->certificate->chain->len, ==, 2);
  leaf = r->certificate->chain->pdata[0];
  g_assert_cmpstr (leaf->common_name, ==, "localhost");
  g_assert_true (g_strv_contains ((const char *const *) leaf->dns_names, "localhost"));
  g_assert_true (g_strv_contains ((const char *const *) leaf->ip_addresses, "127.0.0.1"));
  g_assert_cmpuint (strlen (leaf->sha256), ==, 95);
  g_assert_cmpuint (strlen (leaf->sha1), ==, 59);
  g_assert_cmpstr (leaf->key_type, ==, "EC/ECDSA");
  g_assert_cmpint (leaf->days_remaining, >, 360);
  g_assert_false (leaf->self_signed);
  g_assert_true (strstr (leaf->issuer_dn, "Mail Setup Test CA") != NULL);
  g_assert_cmpint (r->connect_ms, <=, r->total_ms);
}

static void
test_wrong_password (void)
{
  g_autoptr(MsEndpoint) ep = ms_test_endpoint (MS_PROTOCOL_IMAP, "127.0.0.1", 2, MS_SECURITY_SSL);
  g_autoptr(MsProbeOptions) opts = ms_test_options (TRUE, TRUE);
  g_autoptr(MsProbeResult) r = NULL;

  g_free (opts->password);
  opts->password = g_strdup ("wrong");
  r = ms_test_probe (ep, opts);
  ms_test_assert_error (r, MS_NET_ERROR_AUTH_FAILED);
  g_assert_true (r->login_attempted);
  g_assert_false (r->login_ok);
  g_assert_null (strstr (r->error->message, "full e-mail address"));
  /* The server's words, without the tag of our own command. */
  g_assert_nonnull (strstr (r->error->message, "server said: “NO "));
}

static void
test_local_part_hint (gconstpointer user_data)
{
  const Case *c = user_data;
  g_autoptr(MsEndpoint) ep = ms_test_endpoint (c->protocol, "127.0.0.1", c->offset, c->security);
  g_autoptr(MsProbeOptions) opts = ms_test_options (TRUE, TRUE);
  g_autoptr(MsProbeResult) r = NULL;

  g_free (opts->username);
  opts->username = g_strdup ("alice");
  r = ms_test_probe (ep, opts);
  ms_test_assert_error (r, MS_NET_ERROR_AUTH_FAILED);
  g_assert_nonnull (strstr (r->error->message, "full e-mail address"));
}

static MsProbeResult *
probe_variant (const char *host, gboolean with_ca, MsPinStore *pins)
{
  g_autoptr(MsEndpoint) ep = ms_test_endpoint (MS_PROTOCOL_IMAP, host, 2, MS_SECURITY_SSL);
  g_autoptr(MsProbeOptions) opts = ms_test_options (with_ca, TRUE);

  opts->pin_store = pins ? g_object_ref (pins) : NULL;
  return ms_test_probe (ep, opts);
}

static void
test_cert_wrong_name (void)
{
  g_autoptr(MsProbeResult) r = probe_variant ("127.0.0.2", TRUE, NULL);

  ms_test_assert_error (r, MS_NET_ERROR_CERT_NAME_MISMATCH);
  g_assert_cmpint (r->certificate->decision, ==, MS_CERT_DECISION_REFUSED);
  g_assert_true (r->certificate->trusted);
  g_assert_cmpstr (r->certificate->expected_name, ==, "localhost");
  g_assert_true (g_strv_contains ((const char *const *) r->certificate->presented_names, "wrong.example.org"));
  g_assert_false (r->login_attempted);
}

static void
test_cert_expired (void)
{
  g_autoptr(MsProbeResult) r = probe_variant ("127.0.0.3", TRUE, NULL);
  MsCertInfo *leaf;

  ms_test_assert_error (r, MS_NET_ERROR_CERT_EXPIRED);
  /* Never an exception: Thunderbird's ignore the dates and would hide it. */
  g_assert_cmpint (r->certificate->decision, ==, MS_CERT_DECISION_REFUSED);
  g_assert_true (r->certificate->problems & MS_CERT_PROBLEM_EXPIRED);
  leaf = r->certificate->chain->pdata[0];
  g_assert_cmpint (leaf->days_remaining, <, 0);
  g_assert_false (r->login_attempted);
}

static void
test_cert_self_signed (void)
{
  g_autoptr(MsProbeResult) r = probe_variant ("127.0.0.4", TRUE, NULL);

  ms_test_assert_error (r, MS_NET_ERROR_CERT_UNTRUSTED);
  g_assert_cmpint (r->certificate->decision, ==, MS_CERT_DECISION_NEEDS_EXCEPTION);
  g_assert_true (r->certificate->problems & MS_CERT_PROBLEM_SELF_SIGNED);
  g_assert_true (((MsCertInfo *) r->certificate->chain->pdata[0])->self_signed);
  g_assert_false (r->login_attempted);
}

static void
test_cert_private_ca_untrusted (void)
{
  /* Without the test CA, the good certificate is from an unknown authority. */
  g_autoptr(MsProbeResult) r = probe_variant ("127.0.0.1", FALSE, NULL);

  ms_test_assert_error (r, MS_NET_ERROR_CERT_UNTRUSTED);
  g_assert_cmpint (r->certificate->decision, ==, MS_CERT_DECISION_NEEDS_EXCEPTION);
  g_assert_false (r->certificate->trusted);
  g_assert_false (r->login_attempted);
}

static void
test_pinned_exception (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ms-pins-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sub", "pins.ini", NULL);
  g_autoptr(MsPinStore) store = ms_pin_store_new (path);
  g_autoptr(MsPinStore) reloaded = ms_pin_store_new (path);
  g_autoptr(MsProbeResult) first = probe_variant ("127.0.0.4", TRUE, store);
  g_autoptr(MsProbeResult) expired = probe_variant ("127.0.0.3", TRUE, NULL);
  g_autoptr(MsProbeResult) pinned = NULL;
  g_autoptr(MsProbeResult) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsPin) pin = NULL;
  MsCertInfo *leaf = first->certificate->chain->pdata[0];
  guint port = ms_test_base_port () + 2;
  GStatBuf st;

  ms_test_assert_error (first, MS_NET_ERROR_CERT_UNTRUSTED);
  /* The user accepts the self-signed certificate permanently. */
  g_assert_true (ms_pin_store_add (store, "127.0.0.4", port, leaf->der, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (ms_pin_store_load (reloaded, &error));
  pin = ms_pin_store_get (reloaded, "127.0.0.4", port);
  g_assert_nonnull (pin);
  g_assert_cmpstr (pin->sha256, ==, leaf->sha256);
  g_assert_true (g_bytes_equal (pin->der, leaf->der));
  g_assert_true (g_str_has_prefix (pin->pem, "-----BEGIN CERTIFICATE-----"));
  g_assert_nonnull (pin->serial);

  pinned = probe_variant ("127.0.0.4", TRUE, reloaded);
  g_assert_no_error (pinned->error);
  g_assert_true (pinned->certificate->pinned);
  g_assert_true (pinned->login_ok);

  /* The same host:port now pinned to another certificate (the server's
   * certificate changed): the presented one is not trusted by that pin. */
  leaf = expired->certificate->chain->pdata[0];
  g_assert_true (ms_pin_store_add (reloaded, "127.0.0.4", port, leaf->der, &error));
  changed = probe_variant ("127.0.0.4", TRUE, reloaded);
  ms_test_assert_error (changed, MS_NET_ERROR_CERT_UNTRUSTED);
  g_assert_false (changed->certificate->pinned);
  g_assert_true (changed->certificate->problems & MS_CERT_PROBLEM_PIN_MISMATCH);
  g_assert_false (changed->login_attempted);

  /* A pin never overrides a wrong name. */
  {
    g_autoptr(MsProbeResult) wrong = probe_variant ("127.0.0.2", TRUE, NULL);
    g_autoptr(MsProbeResult) again = NULL;
    leaf = wrong->certificate->chain->pdata[0];
    g_assert_true (ms_pin_store_add (reloaded, "127.0.0.2", port, leaf->der, &error));
    again = probe_variant ("127.0.0.2", TRUE, reloaded);
    ms_test_assert_error (again, MS_NET_ERROR_CERT_NAME_MISMATCH);
    g_assert_false (again->login_attempted);
  }
  g_unlink (path);
  g_autofree char *sub = g_path_get_dirname (path);
  g_rmdir (sub);
  g_rmdir (dir);
}

static void
test_probe_without_login (void)
{
  g_autoptr(MsEndpoint) ep = ms_test_endpoint (MS_PROTOCOL_SMTP, "127.0.0.1", 6, MS_SECURITY_STARTTLS);
  g_autoptr(MsProbeOptions) opts = ms_test_options (TRUE, FALSE);
  g_autoptr(MsProbeResult) r = ms_test_probe (ep, opts);

  g_assert_no_error (r->error);
  g_assert_false (r->login_attempted);
  g_assert_true (g_strv_contains ((const char *const *) r->capabilities, "STARTTLS") == FALSE);
  g_assert_true (g_strv_contains ((const char *const *) r->auth_mechanisms, "LOGIN"));
}

static void
test_wrong_mode (void)
{
  /* Implicit TLS against a STARTTLS port: the handshake fails, fast. */
  g_autoptr(MsEndpoint) ep = ms_test_endpoint (MS_PROTOCOL_IMAP, "127.0.0.1", 1, MS_SECURITY_SSL);
  g_autoptr(MsProbeOptions) opts = ms_test_options (TRUE, TRUE);
  g_autoptr(MsProbeResult) r = ms_test_probe (ep, opts);

  ms_test_assert_error (r, MS_NET_ERROR_TLS_HANDSHAKE);
  g_assert_false (r->login_attempted);
  g_assert_cmpint (r->total_ms, <, 2000);
}

typedef struct {
  MsCheckResult *result;
  guint started;
  guint finished;
} CheckRun;

static void
count_started (MsCheck *check, guint index, MsEndpoint *ep, CheckRun *run)
{
  run->started++;
}

static void
count_finished (MsCheck *check, guint index, MsProbeResult *r, CheckRun *run)
{
  g_assert_nonnull (r);
  run->finished++;
}

static void
on_check_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  CheckRun *run = user_data;
  g_autoptr(GError) error = NULL;

  run->result = ms_check_run_finish (MS_CHECK (source), res, &error);
  g_assert_no_error (error);
}

static void
run_check (MsCheck *check, CheckRun *run)
{
  g_signal_connect (check, "endpoint-started", G_CALLBACK (count_started), run);
  g_signal_connect (check, "endpoint-finished", G_CALLBACK (count_finished), run);
  ms_check_run_async (check, NULL, on_check_done, run);
  while (run->result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
add (MsCheck *check, MsProtocol protocol, guint offset, MsSecurity security)
{
  g_autoptr(MsEndpoint) ep = ms_test_endpoint (protocol, "127.0.0.1", offset, security);

  ms_check_add (check, ep);
}

/* Everything at once, SMTP fallbacks included: the check takes about as
 * long as its slowest probe, here a filtered port. */
static void
test_check_parallel (void)
{
  g_autoptr(GPtrArray) fillers = g_ptr_array_new_with_free_func (g_object_unref);
  guint filtered = 0;
  g_autoptr(GSocket) listener = ms_test_filtered_port (&filtered, fillers);
  g_autoptr(MsProbeOptions) opts = ms_test_options (TRUE, TRUE);
  g_autoptr(MsCheck) check = NULL;
  g_autoptr(MsEndpoint) ep25 = ms_endpoint_new (MS_PROTOCOL_SMTP, "127.0.0.1", filtered, MS_SECURITY_STARTTLS);
  CheckRun run = { 0 };
  gint64 slowest = 0, sum = 0;
  guint i25;

  opts->connect_timeout_ms = 1500;
  check = ms_check_new (opts);
  add (check, MS_PROTOCOL_IMAP, 1, MS_SECURITY_STARTTLS);
  add (check, MS_PROTOCOL_IMAP, 2, MS_SECURITY_SSL);
  add (check, MS_PROTOCOL_POP3, 3, MS_SECURITY_STARTTLS);
  add (check, MS_PROTOCOL_POP3, 4, MS_SECURITY_SSL);
  add (check, MS_PROTOCOL_SMTP, 7, MS_SECURITY_SSL);
  add (check, MS_PROTOCOL_SMTP, 6, MS_SECURITY_STARTTLS);
  ep25->certificate_name = g_strdup ("localhost");
  i25 = ms_check_add (check, ep25);
  run_check (check, &run);

  /* Seven endpoints, and the other mode of the three SMTP ones; the
   * other mode stops where the usual one works, on 465 and 587, unless
   * it failed faster (a handshake on a STARTTLS port fails at once). */
  g_assert_cmpuint (run.started, ==, 10);
  g_assert_cmpuint (run.finished, >=, 8);
  g_assert_cmpuint (run.finished, <=, 10);
  g_assert_cmpuint (run.result->results->len, ==, 10);
  for (guint i = 0; i < run.result->results->len; i++)
    {
      MsProbeResult *r = run.result->results->pdata[i];
      if (r == NULL)
        continue;
      slowest = MAX (slowest, r->total_ms);
      sum += r->total_ms;
      if (i != i25 && i < run.result->n_endpoints)
        {
          g_assert_no_error (r->error);
          g_assert_true (r->login_ok);
        }
    }
  ms_test_assert_error (ms_check_result_own (run.result, i25), MS_NET_ERROR_TIMED_OUT);
  ms_test_assert_error (ms_check_result_fallback (run.result, i25), MS_NET_ERROR_TIMED_OUT);
  g_assert_false (ms_check_result_all_passed (run.result));
  /* Parallel: the whole check takes about as long as its slowest probe. */
  g_test_message ("check %" G_GINT64_FORMAT " ms, slowest probe %" G_GINT64_FORMAT " ms, sum %" G_GINT64_FORMAT " ms",
                  run.result->total_ms, slowest, sum);
  g_assert_cmpint (run.result->total_ms, <, slowest + 300);
  g_assert_cmpint (run.result->total_ms, <, sum);
  ms_check_result_free (run.result);
}

static void
test_check_mode_fallback (void)
{
  g_autoptr(MsProbeOptions) opts = ms_test_options (TRUE, TRUE);
  g_autoptr(MsCheck) check = NULL;
  CheckRun run = { 0 };
  MsProbeResult *best;

  opts->read_timeout_ms = 1000;
  check = ms_check_new (opts);
  /* The "465" port speaks STARTTLS and the "587" port implicit TLS. */
  add (check, MS_PROTOCOL_SMTP, 8, MS_SECURITY_SSL);
  add (check, MS_PROTOCOL_SMTP, 9, MS_SECURITY_STARTTLS);
  run_check (check, &run);

  g_assert_cmpuint (run.result->results->len, ==, 4);
  g_assert_cmpuint (run.started, ==, 4);
  g_assert_cmpuint (run.finished, ==, 4);
  ms_test_assert_error (run.result->results->pdata[0], MS_NET_ERROR_TLS_HANDSHAKE);
  ms_test_assert_error (run.result->results->pdata[1], MS_NET_ERROR_NO_REPLY);
  g_assert_true (ms_check_result_all_passed (run.result));
  best = ms_check_result_best (run.result, 0);
  g_assert_true (best->is_fallback);
  g_assert_cmpint (best->endpoint->security, ==, MS_SECURITY_STARTTLS);
  best = ms_check_result_best (run.result, 1);
  g_assert_true (best->is_fallback);
  g_assert_cmpint (best->endpoint->security, ==, MS_SECURITY_SSL);
  g_assert_true (best->login_ok);
  ms_check_result_free (run.result);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (login_cases); i++)
    {
      const Case *c = &login_cases[i];
      g_autofree char *name = g_strdup_printf ("/net/servers/login/%s-%s-%u", ms_protocol_to_string (c->protocol),
                                               ms_security_to_string (c->security), c->offset);
      g_autofree char *hint = g_strdup_printf ("/net/servers/local-part-hint/%s-%u",
                                               ms_protocol_to_string (c->protocol), c->offset);
      g_test_add_data_func (name, c, test_good_login);
      g_test_add_data_func (hint, c, test_local_part_hint);
    }
  g_test_add_func ("/net/servers/wrong-password", test_wrong_password);
  g_test_add_func ("/net/servers/cert/wrong-name", test_cert_wrong_name);
  g_test_add_func ("/net/servers/cert/expired", test_cert_expired);
  g_test_add_func ("/net/servers/cert/self-signed", test_cert_self_signed);
  g_test_add_func ("/net/servers/cert/private-ca-untrusted", test_cert_private_ca_untrusted);
  g_test_add_func ("/net/servers/cert/pinned-exception", test_pinned_exception);
  g_test_add_func ("/net/servers/probe-without-login", test_probe_without_login);
  g_test_add_func ("/net/servers/wrong-mode", test_wrong_mode);
  g_test_add_func ("/net/servers/check/parallel", test_check_parallel);
  g_test_add_func ("/net/servers/check/mode-fallback", test_check_mode_fallback);
  return g_test_run ();
}
