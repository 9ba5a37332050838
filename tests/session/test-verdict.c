/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The session's rules, one by one, on results made by hand: what each
 * failure becomes, which fix it gets, and what can never be accepted. */
#include "config.h"

#include <string.h>

#include "ms-probe-private.h"
#include "session/ms-verdict.h"

#define PASSES (-1)

/* A result as a probe would make it; @code is an MsNetError, or PASSES. */
static MsProbeResult *
result (MsProtocol protocol, guint port, MsSecurity security, int code)
{
  g_autoptr(MsEndpoint) e = ms_endpoint_new (protocol, "mail.example.org", port, security);
  MsProbeResult *r = _ms_probe_result_new (e);

  r->reachable = code != MS_NET_ERROR_TIMED_OUT && code != MS_NET_ERROR_REFUSED;
  r->tls = r->reachable && code != MS_NET_ERROR_NO_REPLY;
  if (code != PASSES)
    r->error = g_error_new_literal (MS_NET_ERROR, code, "raw server text ms1 NO");
  return r;
}

static MsCertReport *
certificate (MsCertProblem problems, gint64 days_remaining)
{
  MsCertReport *report = g_new0 (MsCertReport, 1);
  MsCertInfo *leaf = g_new0 (MsCertInfo, 1);
  const char *names[] = { "other.example.com", NULL };

  leaf->sha256 = g_strdup ("AA:BB");
  leaf->days_remaining = days_remaining;
  report->chain = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_cert_info_free);
  g_ptr_array_add (report->chain, leaf);
  report->reasons = g_ptr_array_new_with_free_func (g_free);
  report->problems = problems;
  report->presented_names = g_strdupv ((char **) names);
  report->decision = problems & (MS_CERT_PROBLEM_NAME_MISMATCH | MS_CERT_PROBLEM_EXPIRED)
                     ? MS_CERT_DECISION_REFUSED : MS_CERT_DECISION_NEEDS_EXCEPTION;
  return report;
}

static MsVerdict *
decide (MsProbeResult *own, MsProbeResult *fallback, GPtrArray *alternatives, gboolean local_part)
{
  MsVerdictInput in = { 0 };

  in.role = own->endpoint->protocol == MS_PROTOCOL_SMTP ? MS_ROLE_OUTGOING : MS_ROLE_INCOMING;
  in.endpoint = own->endpoint;
  in.own = own;
  in.fallback = fallback;
  in.alternatives = alternatives;
  in.address = "test@test.com";
  in.username = local_part ? "test" : "test@test.com";
  in.local_part_username = local_part;
  in.password_given = TRUE;
  in.provider_name = "3xo";
  in.expected_name = "mail.3xo.fr";
  return ms_verdict_decide (&in);
}

static void
test_passed (void)
{
  g_autoptr(MsProbeResult) ok = result (MS_PROTOCOL_IMAP, 993, MS_SECURITY_SSL, PASSES);
  g_autoptr(MsVerdict) v = NULL;

  ok->login_attempted = ok->login_ok = TRUE;
  v = decide (ok, NULL, NULL, FALSE);
  g_assert_cmpint (v->kind, ==, MS_VERDICT_PASSED);
  g_assert_true (v->login_tested);
  g_assert_cmpint (v->fix, ==, MS_FIX_NONE);
  g_assert_null (v->error);
}

/* The guide's warning: the username is the full address. */
static void
test_local_part (void)
{
  g_autoptr(MsProbeResult) r = result (MS_PROTOCOL_IMAP, 993, MS_SECURITY_SSL, MS_NET_ERROR_AUTH_FAILED);
  g_autoptr(MsVerdict) v = decide (r, NULL, NULL, TRUE);

  g_assert_cmpint (v->kind, ==, MS_VERDICT_FAILED);
  g_assert_cmpint (v->fix, ==, MS_FIX_FULL_ADDRESS);
  g_assert_nonnull (strstr (v->advice, "test@test.com"));
  g_assert_nonnull (v->fix_label);
  /* The words are ours, not the server's raw reply. */
  g_assert_null (strstr (v->headline, "ms1"));
}

static void
test_wrong_password (void)
{
  g_autoptr(MsProbeResult) r = result (MS_PROTOCOL_IMAP, 993, MS_SECURITY_SSL, MS_NET_ERROR_AUTH_FAILED);
  g_autoptr(MsVerdict) v = decide (r, NULL, NULL, FALSE);

  g_assert_cmpint (v->fix, ==, MS_FIX_RETYPE_PASSWORD);
  g_assert_null (strstr (v->headline, "ms1"));
}

static void
test_untrusted_needs_approval (void)
{
  g_autoptr(MsProbeResult) r = result (MS_PROTOCOL_IMAP, 993, MS_SECURITY_SSL, MS_NET_ERROR_CERT_UNTRUSTED);
  g_autoptr(MsVerdict) v = NULL;

  r->certificate = certificate (MS_CERT_PROBLEM_UNTRUSTED, 300);
  v = decide (r, NULL, NULL, FALSE);
  g_assert_cmpint (v->kind, ==, MS_VERDICT_NEEDS_APPROVAL);
  g_assert_cmpint (v->fix, ==, MS_FIX_ACCEPT_CERTIFICATE);
  g_assert_nonnull (strstr (v->advice, "mail.3xo.fr"));
}

/* The guide: a certificate that is not the provider's means do not
 * connect, and call them. */
static void
test_wrong_name (void)
{
  g_autoptr(MsProbeResult) r = result (MS_PROTOCOL_IMAP, 993, MS_SECURITY_SSL, MS_NET_ERROR_CERT_NAME_MISMATCH);
  g_autoptr(MsVerdict) v = NULL;

  r->certificate = certificate (MS_CERT_PROBLEM_NAME_MISMATCH, 300);
  v = decide (r, NULL, NULL, FALSE);
  g_assert_cmpint (v->kind, ==, MS_VERDICT_FAILED);
  g_assert_cmpint (v->fix, ==, MS_FIX_CONTACT_PROVIDER);
  g_assert_nonnull (strstr (v->headline, "other.example.com"));
  g_assert_nonnull (strstr (v->headline, "mail.3xo.fr"));
  g_assert_nonnull (strstr (v->advice, "3xo"));
}

/* An expired certificate is never something to accept, however it came. */
static void
test_expired (void)
{
  g_autoptr(MsProbeResult) r = result (MS_PROTOCOL_IMAP, 993, MS_SECURITY_SSL, MS_NET_ERROR_CERT_EXPIRED);
  g_autoptr(MsVerdict) v = NULL;

  r->certificate = certificate (MS_CERT_PROBLEM_EXPIRED | MS_CERT_PROBLEM_UNTRUSTED, -1200);
  v = decide (r, NULL, NULL, FALSE);
  g_assert_cmpint (v->kind, ==, MS_VERDICT_FAILED);
  g_assert_cmpint (v->fix, ==, MS_FIX_CONTACT_PROVIDER);
  g_assert_nonnull (strstr (v->headline, "1200"));
}

/* The same port answers in the other mode: switch the security. */
static void
test_other_mode (void)
{
  g_autoptr(MsProbeResult) r = result (MS_PROTOCOL_SMTP, 465, MS_SECURITY_STARTTLS, MS_NET_ERROR_NO_REPLY);
  g_autoptr(MsProbeResult) other = result (MS_PROTOCOL_SMTP, 465, MS_SECURITY_SSL, PASSES);
  g_autoptr(MsVerdict) v = decide (r, other, NULL, FALSE);

  g_assert_cmpint (v->fix, ==, MS_FIX_USE_ENDPOINT);
  g_assert_cmpuint (v->fix_endpoint->port, ==, 465);
  g_assert_cmpint (v->fix_endpoint->security, ==, MS_SECURITY_SSL);
}

/* The guide: internet providers often block 25; use 465 or 587. */
static void
test_port25 (void)
{
  g_autoptr(MsProbeResult) r = result (MS_PROTOCOL_SMTP, 25, MS_SECURITY_STARTTLS, MS_NET_ERROR_TIMED_OUT);
  g_autoptr(GPtrArray) doors = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_probe_result_unref);
  g_autoptr(MsVerdict) v = NULL;
  g_autoptr(MsEndpoint) instead = NULL;
  g_autofree char *advice = NULL;

  g_ptr_array_add (doors, result (MS_PROTOCOL_SMTP, 587, MS_SECURITY_STARTTLS, MS_NET_ERROR_CERT_UNTRUSTED));
  g_ptr_array_add (doors, result (MS_PROTOCOL_SMTP, 465, MS_SECURITY_SSL, MS_NET_ERROR_CERT_UNTRUSTED));
  v = decide (r, NULL, doors, FALSE);
  g_assert_cmpint (v->fix, ==, MS_FIX_USE_ENDPOINT);
  /* 465 first, as the guide recommends, even listed second. */
  g_assert_cmpuint (v->fix_endpoint->port, ==, 465);
  g_assert_nonnull (strstr (v->advice, "blocks port 25"));
  advice = ms_verdict_port25_advice (r, doors, &instead);
  g_assert_nonnull (strstr (advice, "465 and 587"));
  g_assert_cmpuint (instead->port, ==, 465);
}

static void
test_nothing_answers (void)
{
  g_autoptr(MsProbeResult) r = result (MS_PROTOCOL_IMAP, 993, MS_SECURITY_SSL, MS_NET_ERROR_REFUSED);
  g_autoptr(GPtrArray) doors = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_probe_result_unref);
  g_autoptr(MsVerdict) v = NULL;

  g_ptr_array_add (doors, result (MS_PROTOCOL_IMAP, 143, MS_SECURITY_STARTTLS, MS_NET_ERROR_REFUSED));
  v = decide (r, NULL, doors, FALSE);
  g_assert_cmpint (v->fix, ==, MS_FIX_CHECK_CONNECTION);
  g_assert_null (v->fix_endpoint);
}

static void
test_another_door (void)
{
  g_autoptr(MsProbeResult) r = result (MS_PROTOCOL_IMAP, 993, MS_SECURITY_SSL, MS_NET_ERROR_REFUSED);
  g_autoptr(GPtrArray) doors = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_probe_result_unref);
  g_autoptr(MsVerdict) v = NULL;

  g_ptr_array_add (doors, result (MS_PROTOCOL_POP3, 995, MS_SECURITY_SSL, -1));
  g_ptr_array_add (doors, result (MS_PROTOCOL_IMAP, 143, MS_SECURITY_STARTTLS, -1));
  v = decide (r, NULL, doors, FALSE);
  g_assert_cmpint (v->fix, ==, MS_FIX_USE_ENDPOINT);
  /* IMAP before POP3: the guide's preference. */
  g_assert_cmpint (v->fix_endpoint->protocol, ==, MS_PROTOCOL_IMAP);
  g_assert_cmpuint (v->fix_endpoint->port, ==, 143);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session/verdict/passed", test_passed);
  g_test_add_func ("/session/verdict/local-part", test_local_part);
  g_test_add_func ("/session/verdict/wrong-password", test_wrong_password);
  g_test_add_func ("/session/verdict/untrusted", test_untrusted_needs_approval);
  g_test_add_func ("/session/verdict/wrong-name", test_wrong_name);
  g_test_add_func ("/session/verdict/expired", test_expired);
  g_test_add_func ("/session/verdict/other-mode", test_other_mode);
  g_test_add_func ("/session/verdict/port25", test_port25);
  g_test_add_func ("/session/verdict/nothing-answers", test_nothing_answers);
  g_test_add_func ("/session/verdict/another-door", test_another_door);
  return g_test_run ();
}
