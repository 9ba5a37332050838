/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "core/ms-address.h"

static void
test_valid (void)
{
  const char *good[] = {
    "test@test.com", "test@3xo.fr", "first.last+tag@sub.example.org",
    "o'brien@example.ie", "user@exämple.fr", "пользователь@пример.рф",
    "x@xn--exmple-cua.fr", "a@b.co", "user_name-1@my-domain.example",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      if (!ms_address_validate (good[i], &error))
        g_error ("%s rejected: %s", good[i], error->message);
    }
}

typedef struct {
  const char *address;
  MsAddressError code;
} Bad;

static void
test_invalid (void)
{
  g_autofree char *long_local = g_strnfill (65, 'a');
  g_autofree char *long_label = g_strnfill (64, 'b');
  g_autofree char *addr_local = g_strconcat (long_local, "@x.fr", NULL);
  g_autofree char *addr_label = g_strconcat ("a@", long_label, ".fr", NULL);
  g_autofree char *huge_label = g_strnfill (300, 'c');
  g_autofree char *addr_huge = g_strconcat ("a@", huge_label, ".fr", NULL);
  const Bad bad[] = {
    { "", MS_ADDRESS_ERROR_EMPTY },
    { "test", MS_ADDRESS_ERROR_NO_AT },
    { "test@", MS_ADDRESS_ERROR_DOMAIN_EMPTY },
    { "@test.com", MS_ADDRESS_ERROR_LOCAL_EMPTY },
    { "a@b@c.fr", MS_ADDRESS_ERROR_MANY_AT },
    { "te st@test.com", MS_ADDRESS_ERROR_SPACE },
    { "test@test.com ", MS_ADDRESS_ERROR_SPACE },
    { "test@test", MS_ADDRESS_ERROR_DOMAIN_NO_DOT },
    { "test@test..com", MS_ADDRESS_ERROR_LABEL_EMPTY },
    { "test@.test.com", MS_ADDRESS_ERROR_LABEL_EMPTY },
    { "test@test.com.", MS_ADDRESS_ERROR_LABEL_EMPTY },
    { ".test@test.com", MS_ADDRESS_ERROR_LOCAL_DOTS },
    { "te..st@test.com", MS_ADDRESS_ERROR_LOCAL_DOTS },
    { "te(st@test.com", MS_ADDRESS_ERROR_LOCAL_CHAR },
    { "test@-test.com", MS_ADDRESS_ERROR_LABEL_HYPHEN },
    { "test@te_st.com", MS_ADDRESS_ERROR_LABEL_CHAR },
    { "test@[127.0.0.1]", MS_ADDRESS_ERROR_DOMAIN_LITERAL },
    { "test@1.2.3.4", MS_ADDRESS_ERROR_DOMAIN_LITERAL },
    { "test@mail.123", MS_ADDRESS_ERROR_NUMERIC_TLD },
    { "test\x01@test.com", MS_ADDRESS_ERROR_CONTROL },
    { "test\xe2\x80\x8b@test.com", MS_ADDRESS_ERROR_CONTROL },    /* zero-width space */
    { "test@te\xff.com", MS_ADDRESS_ERROR_CONTROL },              /* not UTF-8 */
    { "a@b.c<script>", MS_ADDRESS_ERROR_LABEL_CHAR },
    { addr_local, MS_ADDRESS_ERROR_LOCAL_TOO_LONG },
    { addr_label, MS_ADDRESS_ERROR_LABEL_TOO_LONG },
    { addr_huge, MS_ADDRESS_ERROR_TOO_LONG },
    /* Full stops that IDNA turns into "." leave no label at all. */
    { "test@\xe3\x80\x82", MS_ADDRESS_ERROR_HOST_INVALID },         /* U+3002 */
    { "test@\xef\xbc\x8e", MS_ADDRESS_ERROR_HOST_INVALID },         /* U+FF0E */
    { "test@\xef\xbd\xa1", MS_ADDRESS_ERROR_HOST_INVALID },         /* U+FF61 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      if (ms_address_validate (bad[i].address, &error))
        g_error ("accepted %s", bad[i].address);
      if (!g_error_matches (error, MS_ADDRESS_ERROR, bad[i].code))
        g_error ("%s: expected code %d, got %d (%s)", bad[i].address, bad[i].code, error->code, error->message);
      /* Every message is a real sentence for the user. */
      g_assert_cmpuint (strlen (error->message), >, 10);
    }
}

static void
test_hostnames (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ascii = NULL;

  g_assert_true (ms_hostname_validate ("mail.3xo.fr", FALSE, NULL, NULL));
  g_assert_true (ms_hostname_validate ("localhost", FALSE, NULL, NULL));
  g_assert_true (ms_hostname_validate ("127.0.0.1", FALSE, NULL, NULL));
  g_assert_true (ms_hostname_validate ("::1", FALSE, NULL, NULL));
  g_assert_true (ms_hostname_validate ("mail.3xo.fr.", FALSE, NULL, NULL));
  g_assert_true (ms_hostname_validate ("mäil.exämple.fr", FALSE, &ascii, NULL));
  g_assert_cmpstr (ascii, ==, "xn--mil-qla.xn--exmple-cua.fr");
  g_assert_false (ms_hostname_validate ("localhost", TRUE, NULL, NULL));
  g_assert_false (ms_hostname_validate ("mail.3xo.fr:993", FALSE, NULL, &error));
  g_assert_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_LABEL_CHAR);
  g_clear_error (&error);
  g_assert_false (ms_hostname_validate ("mail 3xo.fr", FALSE, NULL, &error));
  g_assert_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_SPACE);
  g_clear_error (&error);
  g_assert_false (ms_hostname_validate ("$(reboot)", FALSE, NULL, &error));
  g_assert_nonnull (error);
}

/* A name that is only a dot once the trailing dot goes: it used to read
 * the last label of an empty list and crash every mode of the program. */
static void
test_hostname_only_dots (void)
{
  const char *dots[] = {
    ".", "\xe3\x80\x82", "\xef\xbc\x8e", "\xef\xbd\xa1",   /* . U+3002 U+FF0E U+FF61 */
    "..", ".\xe3\x80\x82", "\xe3\x80\x82\xe3\x80\x82", "a..", ".a.",
  };

  for (guint i = 0; i < G_N_ELEMENTS (dots); i++)
    for (int require_dot = 0; require_dot <= 1; require_dot++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *ascii = NULL;

        if (ms_hostname_validate (dots[i], require_dot, &ascii, &error))
          g_error ("accepted “%s” as a host name", dots[i]);
        g_assert_null (ascii);
        g_assert_true (error != NULL && error->domain == MS_ADDRESS_ERROR);
        if (i < 4)
          g_assert_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_HOST_INVALID);
        g_assert_cmpuint (strlen (error->message), >, 10);
      }
}

static void
test_split_and_ascii (void)
{
  g_autofree char *local = NULL, *domain = NULL;
  g_autofree char *ascii = ms_address_to_ascii ("jean@exämple.fr");

  g_assert_true (ms_address_split ("test@test.com", &local, &domain));
  g_assert_cmpstr (local, ==, "test");
  g_assert_cmpstr (domain, ==, "test.com");
  g_assert_cmpstr (ascii, ==, "jean@xn--exmple-cua.fr");
  g_assert_false (ms_address_split ("nothing", NULL, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/address/valid", test_valid);
  g_test_add_func ("/address/invalid", test_invalid);
  g_test_add_func ("/address/hostnames", test_hostnames);
  g_test_add_func ("/address/hostname-only-dots", test_hostname_only_dots);
  g_test_add_func ("/address/split-and-ascii", test_split_and_ascii);
  return g_test_run ();
}
