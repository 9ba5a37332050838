/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <string.h>

#include "ms-address.h"

G_DEFINE_QUARK (ms-address-error-quark, ms_address_error)

/* Limits from RFC 5321 §4.5.3.1. */
#define MAX_ADDRESS 254
#define MAX_LOCAL 64
#define MAX_HOST 253
#define MAX_LABEL 63

static gboolean
is_atext (gunichar c)
{
  /* Non-ASCII is allowed in the local part (RFC 6531); the server decides. */
  if (c >= 0x80)
    return g_unichar_isprint (c) && !g_unichar_isspace (c);
  return g_ascii_isalnum (c) || strchr ("!#$%&'*+-/=?^_`{|}~", (int) c) != NULL;
}

static char *
describe_char (gunichar c)
{
  if (c < 0x80 && g_ascii_isprint (c))
    /* TRANSLATORS: a character the user typed, quoted, e.g. “(”. */
    return g_strdup_printf (_("“%c”"), (char) c);
  return g_strdup_printf ("U+%04X", c);
}

/* Pasted text brings invisible characters along; name the problem
 * rather than failing later with a puzzling message. */
static gboolean
check_text (const char *text, gboolean is_address, GError **error)
{
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, MS_ADDRESS_ERROR, is_address ? MS_ADDRESS_ERROR_CONTROL : MS_ADDRESS_ERROR_HOST_INVALID,
                           is_address ? _("The address contains bytes that are not valid text.")
                                      : _("The name contains bytes that are not valid text."));
      return FALSE;
    }
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_SPACE,
                               is_address ? _("The address must not contain spaces.")
                                          : _("The name must not contain spaces."));
          return FALSE;
        }
      if (g_unichar_iscntrl (c) || c == 0x200B || c == 0xFEFF)
        {
          g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_CONTROL,
                               is_address ? _("The address contains an invisible character. Type it again rather than pasting it.")
                                          : _("The name contains an invisible control character."));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
ms_hostname_validate (const char *hostname, gboolean require_dot, char **ascii, GError **error)
{
  g_autofree char *converted = NULL;
  g_auto(GStrv) labels = NULL;
  gsize len;

  if (hostname == NULL || *hostname == '\0')
    {
      g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_DOMAIN_EMPTY,
                           _("The server name is empty."));
      return FALSE;
    }

  if (!check_text (hostname, FALSE, error))
    return FALSE;

  if (g_hostname_is_ip_address (hostname))
    {
      if (ascii)
        *ascii = g_strdup (hostname);
      return TRUE;
    }

  /* A trailing dot is a valid absolute name; it does not change the server. */
  converted = g_hostname_to_ascii (hostname);
  if (converted == NULL)
    {
      g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_HOST_INVALID,
                   /* TRANSLATORS: %s is the domain name as typed, e.g. “exa mple.com”. */
                   _("“%s” is not a valid domain name."), hostname);
      return FALSE;
    }
  len = strlen (converted);
  if (len > 0 && converted[len - 1] == '.')
    converted[--len] = '\0';
  /* "." (or an ideographic full stop, which IDNA maps to one) leaves
   * nothing: no label at all, where the checks below expect at least one. */
  if (len == 0)
    {
      g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_HOST_INVALID,
                   /* TRANSLATORS: %s is the domain name as typed, e.g. “.”. */
                   _("“%s” is not a valid domain name."), hostname);
      return FALSE;
    }
  if (len > MAX_HOST)
    {
      g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_HOST_TOO_LONG,
                   /* TRANSLATORS: the length of the domain name, then the most allowed (253). */
                   _("The domain name is too long (%u characters, at most %u)."),
                   (guint) len, MAX_HOST);
      return FALSE;
    }

  labels = g_strsplit (converted, ".", -1);
  for (guint i = 0; labels[i]; i++)
    {
      const char *label = labels[i];
      gsize label_len = strlen (label);

      if (label_len == 0)
        {
          g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_LABEL_EMPTY,
                               _("The domain name has two dots in a row, or starts with a dot."));
          return FALSE;
        }
      if (label_len > MAX_LABEL)
        {
          g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_LABEL_TOO_LONG,
                       /* TRANSLATORS: the length of the part, then the most allowed (63); a part is what lies
                        * between two dots. */
                       _("A part of the domain name is too long (%u characters, at most %u)."),
                       (guint) label_len, MAX_LABEL);
          return FALSE;
        }
      for (const char *p = label; *p; p++)
        if (!g_ascii_isalnum (*p) && *p != '-')
          {
            g_autofree char *what = describe_char ((guchar) *p);
            g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_LABEL_CHAR,
                         /* TRANSLATORS: %s is a quoted character, e.g. “_”, or a Unicode code point, e.g. U+00A0. */
                         _("The domain name cannot contain %s."), what);
            return FALSE;
          }
      if (label[0] == '-' || label[label_len - 1] == '-')
        {
          g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_LABEL_HYPHEN,
                               _("A part of the domain name starts or ends with a hyphen."));
          return FALSE;
        }
    }

  if (require_dot && g_strv_length (labels) < 2)
    {
      g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_DOMAIN_NO_DOT,
                   /* TRANSLATORS: %s is the domain as typed, e.g. “localhost”. */
                   _("The domain “%s” is incomplete: it needs a dot, as in example.com."),
                   hostname);
      return FALSE;
    }

  {
    guint n_labels = g_strv_length (labels);
    const char *tld = labels[n_labels - 1];
    gboolean numeric = TRUE;
    for (const char *p = tld; *p; p++)
      numeric = numeric && g_ascii_isdigit (*p);
    if (numeric && n_labels > 1)
      {
        g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_NUMERIC_TLD,
                             _("The domain name ends with a number, which no real domain does."));
        return FALSE;
      }
  }

  if (ascii)
    *ascii = g_steal_pointer (&converted);
  return TRUE;
}

gboolean
ms_address_split (const char *address, char **local_part, char **domain)
{
  const char *at;

  if (address == NULL || (at = strrchr (address, '@')) == NULL)
    return FALSE;
  if (local_part)
    *local_part = g_strndup (address, at - address);
  if (domain)
    *domain = g_strdup (at + 1);
  return TRUE;
}

gboolean
ms_address_validate (const char *address, GError **error)
{
  g_autofree char *local = NULL;
  g_autofree char *domain = NULL;
  g_autoptr(GError) host_error = NULL;
  const char *at;
  gsize local_len;

  if (address == NULL || *address == '\0')
    {
      g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_EMPTY,
                           _("Enter your e-mail address."));
      return FALSE;
    }
  if (!check_text (address, TRUE, error))
    return FALSE;

  at = strchr (address, '@');
  if (at == NULL)
    {
      g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_NO_AT,
                           _("The address needs an “@”, as in test@test.com."));
      return FALSE;
    }
  if (strchr (at + 1, '@') != NULL)
    {
      g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_MANY_AT,
                           _("The address has more than one “@”."));
      return FALSE;
    }
  if (strlen (address) > MAX_ADDRESS)
    {
      g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_TOO_LONG,
                   /* TRANSLATORS: %u is the most characters allowed in an e-mail address (254). */
                   _("The address is too long (at most %u characters)."), MAX_ADDRESS);
      return FALSE;
    }

  local_len = at - address;
  local = g_strndup (address, local_len);
  domain = g_strdup (at + 1);

  if (local_len == 0)
    {
      g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_LOCAL_EMPTY,
                           _("The part before the “@” is missing."));
      return FALSE;
    }
  if (local_len > MAX_LOCAL)
    {
      g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_LOCAL_TOO_LONG,
                   /* TRANSLATORS: %u is the most characters allowed before the “@” (64). */
                   _("The part before the “@” is too long (at most %u characters)."), MAX_LOCAL);
      return FALSE;
    }
  if (local[0] == '.' || local[local_len - 1] == '.' || strstr (local, "..") != NULL)
    {
      g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_LOCAL_DOTS,
                           _("The part before the “@” cannot start or end with a dot, or have two dots in a row."));
      return FALSE;
    }
  for (const char *p = local; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c != '.' && !is_atext (c))
        {
          g_autofree char *what = describe_char (c);
          g_set_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_LOCAL_CHAR,
                       /* TRANSLATORS: %s is a quoted character, e.g. “(”, or a Unicode code point, e.g. U+00A0. */
                       _("The part before the “@” cannot contain %s."), what);
          return FALSE;
        }
    }

  if (*domain == '\0')
    {
      g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_DOMAIN_EMPTY,
                           _("The domain after the “@” is missing."));
      return FALSE;
    }
  if (domain[0] == '[' || g_hostname_is_ip_address (domain))
    {
      g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_DOMAIN_LITERAL,
                           _("Addresses with an IP address after the “@” are not supported."));
      return FALSE;
    }
  if (g_str_has_suffix (domain, "."))
    {
      g_set_error_literal (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_LABEL_EMPTY,
                           _("The domain after the “@” ends with a dot."));
      return FALSE;
    }

  if (!ms_hostname_validate (domain, TRUE, NULL, &host_error))
    {
      g_propagate_error (error, g_steal_pointer (&host_error));
      return FALSE;
    }
  return TRUE;
}

char *
ms_address_to_ascii (const char *address)
{
  g_autofree char *local = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *ascii = NULL;

  if (!ms_address_split (address, &local, &domain))
    return g_strdup (address);
  ascii = g_hostname_to_ascii (domain);
  if (ascii == NULL)
    return g_strdup (address);
  return g_strconcat (local, "@", ascii, NULL);
}
