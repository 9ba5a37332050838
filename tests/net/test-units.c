/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pure functions: protocol strings, quoting, fingerprints, JSON escaping. */
#include "config.h"

#include <string.h>

#include "ms-cert.h"
#include "core/ms-endpoint-spec.h"
#include "ms-probe-render.h"
#include "ms-dialect.h"

static void
test_imap_quote (void)
{
  g_autofree char *a = ms_imap_quote ("plain");
  g_autofree char *b = ms_imap_quote ("say \"hi\" \\ there");
  g_autofree char *c = ms_imap_quote ("line\r\nbreak");
  g_autofree char *d = ms_imap_quote ("caf\xc3\xa9");

  g_assert_cmpstr (a, ==, "\"plain\"");
  g_assert_cmpstr (b, ==, "\"say \\\"hi\\\" \\\\ there\"");
  g_assert_null (c);
  g_assert_null (d);
}

static void
test_login_steps (void)
{
  MsDialect d;
  const char *caps_ir[] = { "IMAP4rev1", "SASL-IR", "AUTH=PLAIN", NULL };
  const char *caps_login[] = { "IMAP4rev1", NULL };
  const char *mechs[] = { "PLAIN", NULL };
  const char *none[] = { NULL };
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = NULL;
  g_autofree guchar *raw = NULL;
  gsize len;

  ms_dialect_init (&d, MS_PROTOCOL_IMAP);
  steps = ms_dialect_login_steps (&d, caps_ir, mechs, "u@x", "p\"w", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (steps->len, ==, 1);
  g_assert_true (g_str_has_prefix (((MsLoginStep *) steps->pdata[0])->line, "ms1 AUTHENTICATE PLAIN "));
  plain = g_strndup (((MsLoginStep *) steps->pdata[0])->line + strlen ("ms1 AUTHENTICATE PLAIN "),
                     strcspn (((MsLoginStep *) steps->pdata[0])->line + strlen ("ms1 AUTHENTICATE PLAIN "), "\r"));
  raw = g_base64_decode (plain, &len);
  g_assert_cmpmem (raw, len, "\0u@x\0p\"w", 8);
  g_clear_pointer (&steps, g_ptr_array_unref);

  steps = ms_dialect_login_steps (&d, caps_login, none, "u@x", "p\"w", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((MsLoginStep *) steps->pdata[0])->line, ==, "ms2 LOGIN \"u@x\" \"p\\\"w\"\r\n");
  g_clear_pointer (&steps, g_ptr_array_unref);

  ms_dialect_init (&d, MS_PROTOCOL_SMTP);
  {
    const char *login_only[] = { "LOGIN", NULL };
    steps = ms_dialect_login_steps (&d, none, login_only, "u", "p", &error);
    g_assert_cmpuint (steps->len, ==, 3);
    g_assert_cmpstr (((MsLoginStep *) steps->pdata[0])->line, ==, "AUTH LOGIN\r\n");
    g_assert_true (((MsLoginStep *) steps->pdata[2])->secret);
    g_clear_pointer (&steps, g_ptr_array_unref);
  }
  steps = ms_dialect_login_steps (&d, none, none, "u", "p", &error);
  g_assert_null (steps);
  g_assert_error (error, MS_NET_ERROR, MS_NET_ERROR_AUTH_UNSUPPORTED);
}

static void
test_reply_parsing (void)
{
  MsDialect d;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) caps = NULL;
  g_auto(GStrv) mechs = NULL;
  gboolean complete;

  ms_dialect_init (&d, MS_PROTOCOL_SMTP);
  g_ptr_array_add (lines, g_strdup ("250-mail.example"));
  g_assert_true (ms_dialect_reply_complete (&d, MS_REPLY_SINGLE, lines, &complete, &error));
  g_assert_false (complete);
  g_ptr_array_add (lines, g_strdup ("250-AUTH PLAIN LOGIN"));
  g_ptr_array_add (lines, g_strdup ("250 STARTTLS"));
  g_assert_true (ms_dialect_reply_complete (&d, MS_REPLY_SINGLE, lines, &complete, &error));
  g_assert_true (complete);
  ms_dialect_parse_caps (&d, lines, &caps, &mechs);
  g_assert_true (ms_dialect_has_capability ((const char *const *) caps, "STARTTLS"));
  g_assert_cmpstrv (mechs, ((const char *const[]) { "PLAIN", "LOGIN", NULL }));
  g_ptr_array_add (lines, g_strdup ("garbage"));
  g_assert_false (ms_dialect_reply_complete (&d, MS_REPLY_SINGLE, lines, &complete, &error));
  g_assert_error (error, MS_NET_ERROR, MS_NET_ERROR_PROTOCOL);
}

/* Feeds @lines one by one, as the session does, and names the outcome. */
static const char *
feed (MsDialect *d, MsReplyKind kind, const char *const *lines)
{
  static const char *const names[] = { "OK", "CONTINUE", "FAIL", "BAD", "BYE" };
  g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean complete = TRUE;

      /* Exact-size copies, so that a read past the line is caught by
       * valgrind or ASan rather than landing in the next string. */
      g_ptr_array_add (got, g_memdup2 (lines[i], strlen (lines[i]) + 1));
      if (!ms_dialect_reply_complete (d, kind, got, &complete, &error))
        {
          g_assert_error (error, MS_NET_ERROR, MS_NET_ERROR_PROTOCOL);
          return "garbage";
        }
      if (complete)
        return lines[i + 1] ? "complete too early" : names[ms_dialect_reply_status (d, kind, got)];
    }
  return "incomplete";
}

typedef struct {
  MsProtocol protocol;
  MsReplyKind kind;
  const char *lines[4];
  const char *outcome;
} ReplyCase;

/* Short lines, lines that are exactly a prefix, and near misses: each must
 * be judged from its own bytes, and nothing malformed may pass. */
static void
test_reply_edges (void)
{
  const ReplyCase cases[] = {
    { MS_PROTOCOL_IMAP, MS_REPLY_GREETING, { "* OK", NULL }, "OK" },
    { MS_PROTOCOL_IMAP, MS_REPLY_GREETING, { "* OK IMAP ready", NULL }, "OK" },
    { MS_PROTOCOL_IMAP, MS_REPLY_GREETING, { "* PREAUTH", NULL }, "OK" },
    { MS_PROTOCOL_IMAP, MS_REPLY_GREETING, { "* BYE busy", NULL }, "BYE" },
    { MS_PROTOCOL_IMAP, MS_REPLY_GREETING, { "*", NULL }, "garbage" },
    { MS_PROTOCOL_IMAP, MS_REPLY_GREETING, { "* ", NULL }, "garbage" },
    { MS_PROTOCOL_IMAP, MS_REPLY_GREETING, { "* O", NULL }, "garbage" },
    { MS_PROTOCOL_IMAP, MS_REPLY_GREETING, { "* OKAY", NULL }, "garbage" },
    { MS_PROTOCOL_IMAP, MS_REPLY_GREETING, { "", NULL }, "garbage" },
    { MS_PROTOCOL_IMAP, MS_REPLY_SINGLE, { "ms1", NULL }, "garbage" },
    { MS_PROTOCOL_IMAP, MS_REPLY_SINGLE, { "ms1 ", NULL }, "garbage" },
    { MS_PROTOCOL_IMAP, MS_REPLY_SINGLE, { "ms1 O", NULL }, "garbage" },
    { MS_PROTOCOL_IMAP, MS_REPLY_SINGLE, { "ms1 OKAY", NULL }, "garbage" },
    { MS_PROTOCOL_IMAP, MS_REPLY_SINGLE, { "ms1 BYE", NULL }, "garbage" },
    { MS_PROTOCOL_IMAP, MS_REPLY_SINGLE, { "ms10 OK", NULL }, "garbage" },
    { MS_PROTOCOL_IMAP, MS_REPLY_SINGLE, { "ms", NULL }, "garbage" },
    { MS_PROTOCOL_IMAP, MS_REPLY_SINGLE, { "", NULL }, "garbage" },
    { MS_PROTOCOL_IMAP, MS_REPLY_SINGLE, { "ms1 OK", NULL }, "OK" },
    { MS_PROTOCOL_IMAP, MS_REPLY_SINGLE, { "* CAPABILITY IMAP4rev1", "MS1 ok done", NULL }, "OK" },
    { MS_PROTOCOL_IMAP, MS_REPLY_SINGLE, { "ms1 NO", NULL }, "FAIL" },
    { MS_PROTOCOL_IMAP, MS_REPLY_SINGLE, { "ms1 BAD what", NULL }, "BAD" },
    { MS_PROTOCOL_IMAP, MS_REPLY_SINGLE, { "*", "* x", NULL }, "incomplete" },
    { MS_PROTOCOL_IMAP, MS_REPLY_SINGLE, { "+", NULL }, "CONTINUE" },
    { MS_PROTOCOL_IMAP, MS_REPLY_SINGLE, { "+ ", NULL }, "CONTINUE" },
    { MS_PROTOCOL_POP3, MS_REPLY_GREETING, { "+OK", NULL }, "OK" },
    { MS_PROTOCOL_POP3, MS_REPLY_GREETING, { "+OK POP3 ready", NULL }, "OK" },
    { MS_PROTOCOL_POP3, MS_REPLY_GREETING, { "-ERR", NULL }, "BYE" },
    { MS_PROTOCOL_POP3, MS_REPLY_GREETING, { "+", NULL }, "garbage" },
    { MS_PROTOCOL_POP3, MS_REPLY_GREETING, { "+ ", NULL }, "garbage" },
    { MS_PROTOCOL_POP3, MS_REPLY_GREETING, { "+O", NULL }, "garbage" },
    { MS_PROTOCOL_POP3, MS_REPLY_GREETING, { "-ER", NULL }, "garbage" },
    { MS_PROTOCOL_POP3, MS_REPLY_GREETING, { "+OKAY", NULL }, "garbage" },
    { MS_PROTOCOL_POP3, MS_REPLY_GREETING, { "", NULL }, "garbage" },
    { MS_PROTOCOL_POP3, MS_REPLY_SINGLE, { "+OK", NULL }, "OK" },
    { MS_PROTOCOL_POP3, MS_REPLY_SINGLE, { "-ERR no", NULL }, "FAIL" },
    { MS_PROTOCOL_POP3, MS_REPLY_SINGLE, { "+", NULL }, "CONTINUE" },
    { MS_PROTOCOL_POP3, MS_REPLY_SINGLE, { "+ ", NULL }, "CONTINUE" },
    { MS_PROTOCOL_POP3, MS_REPLY_SINGLE, { "+x", NULL }, "garbage" },
    { MS_PROTOCOL_POP3, MS_REPLY_MULTI, { "+OK", "SASL PLAIN", ".", NULL }, "OK" },
    { MS_PROTOCOL_POP3, MS_REPLY_MULTI, { "+OK", "", "..", NULL }, "incomplete" },
    { MS_PROTOCOL_POP3, MS_REPLY_MULTI, { "-ERR", NULL }, "FAIL" },
    { MS_PROTOCOL_POP3, MS_REPLY_MULTI, { "+ ", ".", NULL }, "garbage" },
    { MS_PROTOCOL_POP3, MS_REPLY_MULTI, { ".", NULL }, "garbage" },
    { MS_PROTOCOL_SMTP, MS_REPLY_GREETING, { "220", NULL }, "OK" },
    { MS_PROTOCOL_SMTP, MS_REPLY_GREETING, { "220-a", "220-", "220 b", NULL }, "OK" },
    { MS_PROTOCOL_SMTP, MS_REPLY_GREETING, { "554 no", NULL }, "BYE" },
    { MS_PROTOCOL_SMTP, MS_REPLY_GREETING, { "22", NULL }, "garbage" },
    { MS_PROTOCOL_SMTP, MS_REPLY_GREETING, { "2", NULL }, "garbage" },
    { MS_PROTOCOL_SMTP, MS_REPLY_GREETING, { "", NULL }, "garbage" },
    { MS_PROTOCOL_SMTP, MS_REPLY_GREETING, { "220x", NULL }, "garbage" },
    { MS_PROTOCOL_SMTP, MS_REPLY_SINGLE, { "250-", "250", NULL }, "OK" },
    { MS_PROTOCOL_SMTP, MS_REPLY_SINGLE, { "250-a", "251 b", NULL }, "garbage" },
    { MS_PROTOCOL_SMTP, MS_REPLY_SINGLE, { "250-a", "25", NULL }, "garbage" },
    { MS_PROTOCOL_SMTP, MS_REPLY_SINGLE, { "334 VXNlcm5hbWU6", NULL }, "CONTINUE" },
    { MS_PROTOCOL_SMTP, MS_REPLY_SINGLE, { "535 5.7.8 no", NULL }, "FAIL" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MsDialect d;
      const char *outcome;

      ms_dialect_init (&d, cases[i].protocol);
      if (cases[i].kind != MS_REPLY_GREETING)
        g_free (ms_dialect_caps_command (&d, NULL));   /* IMAP: the tag is now ms1 */
      outcome = feed (&d, cases[i].kind, cases[i].lines);
      if (g_strcmp0 (outcome, cases[i].outcome) != 0)
        g_error ("case %u (%s…): %s, expected %s", i, cases[i].lines[0], outcome, cases[i].outcome);
    }

  /* Before any command there is no tag: nothing is its tagged reply. */
  {
    MsDialect d;
    const char *empty[] = { "", NULL }, *space[] = { " OK", NULL };

    ms_dialect_init (&d, MS_PROTOCOL_IMAP);
    g_assert_cmpstr (feed (&d, MS_REPLY_SINGLE, empty), ==, "garbage");
    g_assert_cmpstr (feed (&d, MS_REPLY_SINGLE, space), ==, "garbage");
  }
}

static void
test_fingerprint (void)
{
  g_autofree char *a = ms_cert_normalize_fingerprint ("ab:CD:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:"
                                                      "ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89");
  g_autofree char *b = ms_cert_normalize_fingerprint ("abcdef0123456789abcdef0123456789"
                                                      "abcdef0123456789abcdef0123456789");
  g_autofree char *c = ms_cert_normalize_fingerprint ("abcd");
  g_autofree char *d = ms_cert_normalize_fingerprint ("zz");

  g_assert_cmpstr (a, ==, b);
  g_assert_true (g_str_has_prefix (a, "AB:CD:EF:01"));
  g_assert_null (c);
  g_assert_null (d);
}

static void
test_json_escape (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  ms_json_append_string (out, "a\"b\\c\nd\x01\x7f\xff" "é");
  g_assert_cmpstr (out->str, ==, "\"a\\\"b\\\\c\\nd\\u0001\\u007f\xef\xbf\xbd" "é\"");
  g_string_truncate (out, 0);
  ms_json_append_string (out, NULL);
  g_assert_cmpstr (out->str, ==, "null");
}

static void
test_parse_server (void)
{
  g_autoptr(GError) error = NULL;
  MsEndpoint *ep = ms_endpoint_parse_spec ("imap:[::1]:993", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ep->hostname, ==, "::1");
  g_assert_cmpuint (ep->port, ==, 993);
  g_assert_cmpint (ep->security, ==, MS_SECURITY_SSL);
  ms_endpoint_free (ep);
  ep = ms_endpoint_parse_spec ("smtp:mail.3xo.fr:25:STARTTLS:mail.3xo.fr", &error);
  g_assert_cmpint (ep->security, ==, MS_SECURITY_STARTTLS);
  g_assert_cmpstr (ep->certificate_name, ==, "mail.3xo.fr");
  ms_endpoint_free (ep);
  g_assert_null (ms_endpoint_parse_spec ("ftp:x:1", &error));
  g_assert_error (error, MS_SPEC_ERROR, MS_SPEC_ERROR_BAD_SERVER);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/net/units/imap-quote", test_imap_quote);
  g_test_add_func ("/net/units/login-steps", test_login_steps);
  g_test_add_func ("/net/units/reply-parsing", test_reply_parsing);
  g_test_add_func ("/net/units/reply-edges", test_reply_edges);
  g_test_add_func ("/net/units/fingerprint", test_fingerprint);
  g_test_add_func ("/net/units/json-escape", test_json_escape);
  g_test_add_func ("/net/units/parse-server", test_parse_server);
  return g_test_run ();
}
