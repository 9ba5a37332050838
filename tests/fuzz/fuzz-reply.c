/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a server, or anyone between it and us, sends back: the first byte
 * picks IMAP, POP3 or SMTP (byte % 3) and whether the session goes through
 * STARTTLS (byte / 3 % 2); the rest is the byte stream.  It is cut into
 * lines as MsConn cuts it, and the lines go to the dialect one at a time,
 * as MsMailSession hands them over: greeting, capabilities, [STARTTLS,
 * capabilities again,] then single replies (login steps, logout). */
#include "config.h"

#include <string.h>

#include "ms-conn.h"
#include "ms-dialect.h"
#include "ms-fuzz.h"
#include "ms-net-error.h"

#define MAX_REPLY_LINES 1000   /* MsMailSession's bound for a probe */

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  return 0;
}

/* MsConn refuses control bytes outright, and a line longer than its bound. */
static gboolean
acceptable (const uint8_t *data, size_t size)
{
  for (size_t i = 0; i < size; i++)
    if ((data[i] < 0x20 && data[i] != '\r' && data[i] != '\n' && data[i] != '\t') || data[i] == 0x7f)
      return FALSE;
  return TRUE;
}

static char *
next_line (const uint8_t **p, const uint8_t *end)
{
  const uint8_t *nl = memchr (*p, '\n', (size_t) (end - *p));
  gsize len;
  char *line;

  if (nl == NULL || nl - *p > MS_CONN_MAX_LINE)
    return NULL;
  len = (gsize) (nl - *p);
  if (len > 0 && (*p)[len - 1] == '\r')
    len--;
  /* An exact-size copy, as g_strndup() gives MsConn's: a read past the
   * line is a read past the allocation. */
  line = g_strndup ((const char *) *p, len);
  *p = nl + 1;
  return line;
}

static void
use_reply (MsDialect *d, MsReplyKind kind, GPtrArray *lines, GStrv *caps, GStrv *mechs)
{
  MsReplyStatus status = ms_dialect_reply_status (d, kind, lines);

  MS_FUZZ_CHECK (status <= MS_REPLY_STATUS_BYE);
  /* A greeting is OK or BYE; only IMAP answers a command with BAD. */
  if (kind == MS_REPLY_GREETING)
    MS_FUZZ_CHECK (status == MS_REPLY_STATUS_OK || status == MS_REPLY_STATUS_BYE);
  if (d->protocol != MS_PROTOCOL_IMAP)
    MS_FUZZ_CHECK (status != MS_REPLY_STATUS_BAD);
  if (kind == ms_dialect_caps_kind (d) && status == MS_REPLY_STATUS_OK)
    {
      g_autoptr(GPtrArray) steps = NULL;
      g_autoptr(GError) error = NULL;

      ms_dialect_parse_caps (d, lines, caps, mechs);
      ms_dialect_has_capability ((const char *const *) *caps, ms_dialect_starttls_capability (d));
      steps = ms_dialect_login_steps (d, (const char *const *) *caps, (const char *const *) *mechs,
                                      "jean@example.test", "pa\"ss\\word", &error);
      MS_FUZZ_CHECK ((steps == NULL) == (error != NULL));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const MsProtocol protocols[] = { MS_PROTOCOL_IMAP, MS_PROTOCOL_POP3, MS_PROTOCOL_SMTP };
  g_auto(GStrv) caps = NULL;
  g_auto(GStrv) mechs = NULL;
  const uint8_t *p, *end;
  MsDialect d;
  MsReplyKind kind = MS_REPLY_GREETING;
  gboolean starttls;
  guint replies = 0;

  if (size < 1)
    return 0;
  ms_dialect_init (&d, protocols[data[0] % G_N_ELEMENTS (protocols)]);
  starttls = data[0] / G_N_ELEMENTS (protocols) % 2;
  p = data + 1;
  end = data + size;
  if (!acceptable (p, (size_t) (end - p)))
    return 0;

  while (p < end)
    {
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
      gboolean complete = FALSE;

      /* The command whose answer comes next; it sets the IMAP tag. */
      if (kind != MS_REPLY_GREETING)
        {
          g_autofree char *command = NULL;

          if (replies == 1 || (starttls && replies == 3))
            command = ms_dialect_caps_command (&d, NULL);
          else if (starttls && replies == 2)
            command = ms_dialect_starttls_command (&d);
          else
            command = ms_dialect_command (&d, "NOOP");
          MS_FUZZ_CHECK (g_str_has_suffix (command, "\r\n"));
        }
      while (!complete)
        {
          g_autoptr(GError) error = NULL;
          char *line = next_line (&p, end);

          if (line == NULL)
            return 0;   /* the connection ends, or the line is too long */
          g_ptr_array_add (lines, line);
          if (!ms_dialect_reply_complete (&d, kind, lines, &complete, &error))
            {
              MS_FUZZ_CHECK (g_error_matches (error, MS_NET_ERROR, MS_NET_ERROR_PROTOCOL));
              return 0;
            }
          MS_FUZZ_CHECK (error == NULL);
          if (!complete && lines->len >= MAX_REPLY_LINES)
            return 0;
        }
      use_reply (&d, kind, lines, &caps, &mechs);
      replies++;
      kind = replies == 1 || (starttls && replies == 3) ? ms_dialect_caps_kind (&d) : MS_REPLY_SINGLE;
    }
  return 0;
}
