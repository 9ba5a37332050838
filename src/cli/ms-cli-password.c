/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ms-cli-private.h"

/* One byte at a time into one buffer, so that nothing past the line is
 * consumed and no copy of the password is left behind by a reallocation:
 * the buffer is wiped on every way out. */
static char *
read_line (int fd, GError **error)
{
  g_autofree char *buffer = g_malloc (MS_CLI_PASSWORD_MAX + 2);
  gsize used = 0;
  gboolean nul = FALSE, ended = FALSE;

  for (;;)
    {
      char c;
      ssize_t n = read (fd, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          explicit_bzero (buffer, MS_CLI_PASSWORD_MAX + 2);
          /* TRANSLATORS: %s is the system's error message, e.g. “Input/output error”. */
          g_set_error (error, MS_CLI_ERROR, MS_CLI_ERROR_NO_PASSWORD, _("Cannot read the password: %s"),
                       g_strerror (saved));
          return NULL;
        }
      if (n == 0 || c == '\n')
        {
          ended = n == 1 || used > 0;
          break;
        }
      nul |= c == '\0';
      if (used == MS_CLI_PASSWORD_MAX)
        {
          explicit_bzero (buffer, MS_CLI_PASSWORD_MAX + 2);
          g_set_error (error, MS_CLI_ERROR, MS_CLI_ERROR_PASSWORD_TOO_LONG,
                       /* TRANSLATORS: %d is the largest password size in bytes, e.g. 4096. */
                       _("The password on standard input is longer than %d bytes: is it really the password?"),
                       MS_CLI_PASSWORD_MAX);
          return NULL;
        }
      buffer[used++] = c;
    }
  /* Only the line ending goes: a password may end with a space. */
  if (used > 0 && buffer[used - 1] == '\r')
    used--;
  buffer[used] = '\0';
  if (!ended || used == 0)
    {
      explicit_bzero (buffer, MS_CLI_PASSWORD_MAX + 2);
      g_set_error_literal (error, MS_CLI_ERROR, MS_CLI_ERROR_NO_PASSWORD, _("No password on standard input"));
      return NULL;
    }
  if (nul)
    {
      explicit_bzero (buffer, MS_CLI_PASSWORD_MAX + 2);
      g_set_error_literal (error, MS_CLI_ERROR, MS_CLI_ERROR_PASSWORD_NUL,
                           _("The password on standard input contains a NUL byte, which no mail server accepts: "
                             "check what was piped in."));
      return NULL;
    }
  if (!g_utf8_validate (buffer, (gssize) used, NULL))
    {
      explicit_bzero (buffer, MS_CLI_PASSWORD_MAX + 2);
      g_set_error_literal (error, MS_CLI_ERROR, MS_CLI_ERROR_NOT_UTF8,
                           _("The password on standard input is not valid text (UTF-8)."));
      return NULL;
    }
  return g_steal_pointer (&buffer);
}

char *
ms_cli_read_password (int fd, GError **error)
{
  struct termios saved, quiet;
  gboolean tty = isatty (fd) && tcgetattr (fd, &saved) == 0;
  char *line;

  if (tty)
    {
      fprintf (stderr, "%s", _("Password: "));
      fflush (stderr);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (fd, TCSAFLUSH, &quiet);
    }
  line = read_line (fd, error);
  if (tty)
    {
      tcsetattr (fd, TCSAFLUSH, &saved);
      fputc ('\n', stderr);
    }
  return line;
}

char *
ms_cli_password_from_env (const char *name, GError **error)
{
  const char *value = g_getenv (name);

  if (value == NULL || *value == '\0')
    {
      /* TRANSLATORS: %s is the name of an environment variable, given with --password-env, e.g. MAIL_PASSWORD. */
      g_set_error (error, MS_CLI_ERROR, MS_CLI_ERROR_NO_PASSWORD, _("The environment variable %s is not set."), name);
      return NULL;
    }
  if (strlen (value) > MS_CLI_PASSWORD_MAX || !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, MS_CLI_ERROR, MS_CLI_ERROR_BAD_OPTION,
                   /* TRANSLATORS: %s is the name of an environment variable, given with --password-env, e.g.
                    * MAIL_PASSWORD. */
                   _("The environment variable %s does not hold a usable password (too long, or not UTF-8 text)."),
                   name);
      return NULL;
    }
  return g_strdup (value);
}
