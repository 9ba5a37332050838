/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "core/ms-account.h"
#include "core/ms-address.h"
#include "core/ms-ports.h"
#include "core/ms-provider-store.h"

static MsAccount *
new_3xo_account (void)
{
  g_autoptr(MsProviderStore) store = ms_provider_store_new ();

  return ms_account_new (ms_provider_store_get_default (store));
}

static void
test_port_table (void)
{
  MsSecurity s;

  g_assert_cmpuint (ms_ports_default_port (MS_PROTOCOL_IMAP, MS_SECURITY_SSL), ==, 993);
  g_assert_cmpuint (ms_ports_default_port (MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS), ==, 143);
  g_assert_cmpuint (ms_ports_default_port (MS_PROTOCOL_POP3, MS_SECURITY_SSL), ==, 995);
  g_assert_cmpuint (ms_ports_default_port (MS_PROTOCOL_POP3, MS_SECURITY_STARTTLS), ==, 110);
  g_assert_cmpuint (ms_ports_default_port (MS_PROTOCOL_SMTP, MS_SECURITY_SSL), ==, 465);
  g_assert_cmpuint (ms_ports_default_port (MS_PROTOCOL_SMTP, MS_SECURITY_STARTTLS), ==, 587);
  g_assert_true (ms_ports_security_for_port (MS_PROTOCOL_IMAP, 993, &s) && s == MS_SECURITY_SSL);
  g_assert_true (ms_ports_security_for_port (MS_PROTOCOL_POP3, 110, &s) && s == MS_SECURITY_STARTTLS);
  g_assert_true (ms_ports_security_for_port (MS_PROTOCOL_SMTP, 465, &s) && s == MS_SECURITY_SSL);
  /* 25 accepts both modes at 3xo: it implies nothing. */
  g_assert_false (ms_ports_security_for_port (MS_PROTOCOL_SMTP, 25, &s));
  g_assert_false (ms_ports_security_for_port (MS_PROTOCOL_IMAP, 465, &s));
}

static void
test_port_parse (void)
{
  guint port = 0;

  g_assert_true (ms_ports_parse (" 993 ", &port));
  g_assert_cmpuint (port, ==, 993);
  g_assert_false (ms_ports_parse ("0", &port));
  g_assert_false (ms_ports_parse ("65536", &port));
  g_assert_false (ms_ports_parse ("99a", &port));
  g_assert_false (ms_ports_parse ("-1", &port));
  g_assert_false (ms_ports_parse ("", &port));
  g_assert_false (ms_ports_parse ("99999999999999999999", &port));
}

/* The coupling a user sees on the server pages. */
static void
test_coupling (void)
{
  g_autoptr(MsServer) s = ms_server_new (MS_PROTOCOL_IMAP);

  g_assert_cmpuint (ms_server_get_port (s), ==, 993);

  /* A well-known port sets its security. */
  ms_server_set_port_from_user (s, 143);
  g_assert_cmpint (ms_server_get_security (s), ==, MS_SECURITY_STARTTLS);
  ms_server_set_port_from_user (s, 993);
  g_assert_cmpint (ms_server_get_security (s), ==, MS_SECURITY_SSL);

  /* A security change offers the matching default port... */
  ms_server_set_security (s, MS_SECURITY_STARTTLS);
  g_assert_cmpuint (ms_server_get_port (s), ==, 143);
  ms_server_set_protocol (s, MS_PROTOCOL_POP3);
  g_assert_cmpuint (ms_server_get_port (s), ==, 110);
  ms_server_set_security (s, MS_SECURITY_SSL);
  g_assert_cmpuint (ms_server_get_port (s), ==, 995);

  /* ...but never overwrites a port typed on purpose. */
  ms_server_set_port_from_user (s, 10995);
  g_assert_true (ms_server_get_port_explicit (s));
  ms_server_set_security (s, MS_SECURITY_STARTTLS);
  g_assert_cmpuint (ms_server_get_port (s), ==, 10995);
  ms_server_set_protocol (s, MS_PROTOCOL_IMAP);
  g_assert_cmpuint (ms_server_get_port (s), ==, 10995);

  /* Typing a well-known port again hands the port back to the coupling. */
  ms_server_set_port_from_user (s, 993);
  g_assert_false (ms_server_get_port_explicit (s));
  ms_server_set_security (s, MS_SECURITY_STARTTLS);
  g_assert_cmpuint (ms_server_get_port (s), ==, 143);
}

static void
test_smtp_port_25 (void)
{
  g_autoptr(MsServer) s = ms_server_new (MS_PROTOCOL_SMTP);

  g_assert_cmpuint (ms_server_get_port (s), ==, 465);
  ms_server_set_port_from_user (s, 25);
  g_assert_cmpint (ms_server_get_security (s), ==, MS_SECURITY_SSL);
  ms_server_set_security (s, MS_SECURITY_STARTTLS);
  g_assert_cmpuint (ms_server_get_port (s), ==, 25);
  ms_server_set_port_from_user (s, 587);
  g_assert_cmpint (ms_server_get_security (s), ==, MS_SECURITY_STARTTLS);
  ms_server_set_security (s, MS_SECURITY_SSL);
  g_assert_cmpuint (ms_server_get_port (s), ==, 465);
}

static void
test_plaintext_confirmation (void)
{
  g_autoptr(MsServer) s = ms_server_new (MS_PROTOCOL_IMAP);
  g_autoptr(GError) error = NULL;

  ms_server_set_hostname (s, "mail.3xo.fr");
  ms_server_set_username (s, "test@test.com");
  g_assert_true (ms_server_validate (s, NULL));
  ms_server_set_security (s, MS_SECURITY_NONE);
  g_assert_false (ms_server_validate (s, &error));
  g_assert_error (error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_PLAINTEXT_NOT_CONFIRMED);
  ms_server_set_plaintext_confirmed (s, TRUE);
  g_assert_true (ms_server_validate (s, NULL));
  /* Leaving "None" and coming back asks again. */
  ms_server_set_security (s, MS_SECURITY_SSL);
  ms_server_set_security (s, MS_SECURITY_NONE);
  g_assert_false (ms_server_get_plaintext_confirmed (s));
  /* A confirmation means nothing for an encrypted server. */
  ms_server_set_security (s, MS_SECURITY_SSL);
  ms_server_set_plaintext_confirmed (s, TRUE);
  g_assert_false (ms_server_get_plaintext_confirmed (s));
}

static void
test_account_follows_address (void)
{
  g_autoptr(MsAccount) a = new_3xo_account ();
  MsServer *in = ms_account_get_incoming (a);
  MsServer *out = ms_account_get_outgoing (a);

  g_assert_cmpstr (ms_server_get_hostname (in), ==, "mail.3xo.fr");
  g_assert_cmpuint (ms_server_get_port (in), ==, 993);
  g_assert_cmpuint (ms_server_get_port (out), ==, 465);

  g_object_set (a, "address", "test@test.com", NULL);
  g_assert_cmpstr (ms_server_get_username (in), ==, "test@test.com");
  g_assert_cmpstr (ms_server_get_username (out), ==, "test@test.com");
  g_assert_false (ms_account_username_is_local_part (a, in));

  /* The mistake the guide warns about. */
  ms_server_set_username (in, "test");
  g_assert_true (ms_account_username_is_local_part (a, in));
  /* A username the user typed is kept when the address changes. */
  g_object_set (a, "address", "jean@test.com", NULL);
  g_assert_cmpstr (ms_server_get_username (in), ==, "test");
  g_assert_cmpstr (ms_server_get_username (out), ==, "jean@test.com");
}

static void
test_select_incoming (void)
{
  g_autoptr(MsAccount) a = new_3xo_account ();
  MsServer *in = ms_account_get_incoming (a);

  g_object_set (a, "address", "test@test.com", NULL);
  ms_account_select_incoming (a, MS_PROTOCOL_POP3);
  g_assert_cmpint (ms_server_get_protocol (in), ==, MS_PROTOCOL_POP3);
  g_assert_cmpuint (ms_server_get_port (in), ==, 995);
  g_assert_cmpint (ms_server_get_security (in), ==, MS_SECURITY_SSL);
  g_assert_cmpstr (ms_server_get_username (in), ==, "test@test.com");
  ms_account_select_incoming (a, MS_PROTOCOL_IMAP);
  g_assert_cmpuint (ms_server_get_port (in), ==, 993);
}

static void
test_identity_validation (void)
{
  g_autoptr(MsAccount) a = new_3xo_account ();
  g_autoptr(GError) error = NULL;

  g_assert_false (ms_account_validate_identity (a, &error));
  g_assert_error (error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_NO_NAME);
  g_clear_error (&error);
  g_object_set (a, "real-name", "  ", NULL);
  g_assert_false (ms_account_validate_identity (a, NULL));
  g_object_set (a, "real-name", "Test", "address", "test@test", NULL);
  g_assert_false (ms_account_validate_identity (a, &error));
  g_assert_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_DOMAIN_NO_DOT);
  g_clear_error (&error);
  g_object_set (a, "address", "test@test.com", NULL);
  g_assert_false (ms_account_validate_identity (a, &error));
  g_assert_error (error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_NO_PASSWORD);
  g_clear_error (&error);
  g_object_set (a, "password", "s3cret-Pa55", "reply-to", "bad", NULL);
  g_assert_false (ms_account_validate_identity (a, &error));
  g_assert_error (error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_BAD_REPLY_TO);
  g_clear_error (&error);
  g_object_set (a, "reply-to", "", NULL);
  g_assert_true (ms_account_validate_identity (a, NULL));
}

static void
test_summary_text (void)
{
  g_autoptr(MsAccount) a = new_3xo_account ();
  g_autofree char *text = NULL;

  g_object_set (a, "real-name", "Jean Dupont", "address", "test@test.com",
                "password", "s3cret-Pa55", "organization", "3xo.fr",
                "signature", "Jean\n3xo", NULL);
  text = ms_account_format_summary (a);
  g_assert_nonnull (strstr (text, "test@test.com"));
  g_assert_nonnull (strstr (text, "mail.3xo.fr"));
  g_assert_nonnull (strstr (text, "993"));
  g_assert_nonnull (strstr (text, "465"));
  g_assert_nonnull (strstr (text, "Jean Dupont"));
  g_assert_nonnull (strstr (text, "Jean\n    3xo"));
  g_assert_null (strstr (text, "s3cret-Pa55"));
}

static void
count_notify (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

/* The setter the wizard uses, and the property, are one and the same. */
static void
test_password (void)
{
  g_autoptr(MsAccount) a = ms_account_new (NULL);
  g_autofree char *via_property = NULL;
  guint notified = 0;

  g_signal_connect (a, "notify::password", G_CALLBACK (count_notify), &notified);
  g_assert_cmpstr (ms_account_get_password (a), ==, "");
  ms_account_set_password (a, "s3cret");
  ms_account_set_password (a, "s3cret");
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (a, "password", &via_property, NULL);
  g_assert_cmpstr (via_property, ==, "s3cret");
  g_object_set (a, "password", "other", NULL);
  g_assert_cmpstr (ms_account_get_password (a), ==, "other");
  g_assert_cmpuint (notified, ==, 2);
  ms_account_set_password (a, NULL);
  g_assert_cmpstr (ms_account_get_password (a), ==, "");
  g_assert_cmpuint (notified, ==, 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/ports/table", test_port_table);
  g_test_add_func ("/ports/parse", test_port_parse);
  g_test_add_func ("/server/coupling", test_coupling);
  g_test_add_func ("/server/smtp-port-25", test_smtp_port_25);
  g_test_add_func ("/server/plaintext-confirmation", test_plaintext_confirmation);
  g_test_add_func ("/account/follows-address", test_account_follows_address);
  g_test_add_func ("/account/select-incoming", test_select_incoming);
  g_test_add_func ("/account/identity-validation", test_identity_validation);
  g_test_add_func ("/account/summary-text", test_summary_text);
  g_test_add_func ("/account/password", test_password);
  return g_test_run ();
}
