/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-address.h"
#include "ms-oauth2.h"
#include "ms-ports.h"
#include "ms-provider.h"

/* Reads Mozilla autoconfig (clientConfig 1.1 and 1.2) with GMarkup, by
 * the rules of Thunderbird's own reader (readFromXML), so that a file
 * chooses the same servers here as there:
 *  - unknown elements (<documentation>'s text, <oAuth2>, <addressbook>,
 *    <calendar>, <webMail>…) are ignored;
 *  - of repeated <hostname>, <port> or <username>, the first counts;
 *  - a server is skipped, not the file, when its type is not one we set
 *    up, its host name is invalid, its <port> is missing or invalid, no
 *    <socketType> is known (TLS meaning SSL) or no <authentication> is
 *    usable ("none" only for SMTP, OAuth2 only for hosts Thunderbird can
 *    sign in to);
 *  - the first usable server of each direction is the recommended one;
 *  - the file is rejected when no server of a direction is usable.
 * Every skipped server and every rejection says why, in words. */

#define MAX_SIZE (1024 * 1024)
#define MAX_DEPTH 32
#define MAX_TEXT 4096

typedef struct {
  char *name;       /* local name when in a known namespace, else qualified */
  GPtrArray *ns;    /* prefix, uri pairs declared on this element */
} Frame;

typedef struct {
  GMarkupParseContext *context;
  const char *source;
  GPtrArray *frames;
  GString *text;

  MsProvider *provider;
  gboolean seen_root;
  gboolean seen_provider;
  char *display_name;
  char *short_name;
  char *support;
  char *documentation_url;

  MsEndpoint *server;       /* server being read, NULL outside one */
  char *server_type;
  gboolean server_incoming;
  gboolean server_has_hostname;
  gboolean server_has_port;
  gboolean server_has_username;
  gboolean server_has_socket;
  char *server_problem;     /* why it is skipped, first reason found */
  GPtrArray *server_auths;  /* <authentication> values, in order */
  int server_line;
  GPtrArray *skipped[2];    /* outgoing, incoming: translated reasons */
} Parser;

#define MAX_AUTH_VALUES 16

static void
frame_free (gpointer data)
{
  Frame *frame = data;

  g_free (frame->name);
  if (frame->ns)
    g_ptr_array_unref (frame->ns);
  g_free (frame);
}

static int
current_line (Parser *p)
{
  int line = 0;
  g_markup_parse_context_get_position (p->context, &line, NULL);
  return line;
}

static void
set_error (Parser *p, GError **error, MsProviderError code, int line, const char *format, ...) G_GNUC_PRINTF (5, 6);

static void
set_error (Parser *p, GError **error, MsProviderError code, int line, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* TRANSLATORS: file name, line number, then the problem. */
  g_set_error (error, MS_PROVIDER_ERROR, code, _("%s, line %d: %s"), p->source, line, message);
}

static const char *
resolve_prefix (Parser *p, const char *prefix)
{
  for (guint i = p->frames->len; i > 0; i--)
    {
      Frame *frame = g_ptr_array_index (p->frames, i - 1);
      if (frame->ns == NULL)
        continue;
      for (guint j = 0; j < frame->ns->len; j += 2)
        if (g_strcmp0 (g_ptr_array_index (frame->ns, j), prefix) == 0)
          return g_ptr_array_index (frame->ns, j + 1);
    }
  return NULL;
}

/* Gives the element's local name when it is in no namespace or in ours, and
 * NULL for anybody else's extension, which we ignore. */
static char *
element_local_name (Parser *p, const char *qname, gboolean *ours)
{
  const char *colon = strchr (qname, ':');
  const char *uri;
  g_autofree char *prefix = NULL;

  *ours = FALSE;
  if (colon == NULL)
    {
      uri = resolve_prefix (p, "");
      if (uri == NULL || *uri == '\0')
        return g_strdup (qname);
      *ours = g_str_equal (uri, MS_PROVIDER_NAMESPACE);
      return *ours ? g_strdup (qname) : NULL;
    }
  prefix = g_strndup (qname, colon - qname);
  uri = resolve_prefix (p, prefix);
  if (g_strcmp0 (uri, MS_PROVIDER_NAMESPACE) != 0)
    return NULL;
  *ours = TRUE;
  return g_strdup (colon + 1);
}

static const char *
parent_name (Parser *p, guint up)
{
  Frame *frame;

  if (p->frames->len < up + 1)
    return NULL;
  frame = g_ptr_array_index (p->frames, p->frames->len - 1 - up);
  return frame->name;
}

static const char *
find_attribute (const char **names, const char **values, const char *wanted)
{
  for (guint i = 0; names[i]; i++)
    if (g_str_equal (names[i], wanted))
      return values[i];
  return NULL;
}

static void
start_server (Parser *p, gboolean incoming, const char *type, GError **error)
{
  p->server = ms_endpoint_new (incoming ? MS_PROTOCOL_IMAP : MS_PROTOCOL_SMTP, NULL, 0, MS_SECURITY_SSL);
  p->server->port = 0;
  g_clear_pointer (&p->server->username, g_free);
  g_free (p->server_type);
  p->server_type = g_strdup (type);
  p->server_incoming = incoming;
  p->server_has_hostname = FALSE;
  p->server_has_port = FALSE;
  p->server_has_username = FALSE;
  p->server_has_socket = FALSE;
  g_clear_pointer (&p->server_problem, g_free);
  g_ptr_array_set_size (p->server_auths, 0);
  p->server_line = current_line (p);
}

/* "AB:CD…" or "abcd…", 32 bytes: the colon-separated uppercase form, or NULL. */
static char *
normalize_sha256 (const char *text)
{
  GString *out = g_string_new (NULL);
  guint digits = 0;

  for (const char *c = text; c && *c; c++)
    {
      if (*c == ':' || *c == ' ')
        continue;
      if (!g_ascii_isxdigit (*c) || ++digits > 64)
        break;
      if (digits > 1 && digits % 2 == 1)
        g_string_append_c (out, ':');
      g_string_append_c (out, g_ascii_toupper (*c));
    }
  if (digits != 64 || out->len != 95)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* A trust statement that cannot be read must not be skipped quietly: the
 * helpdesk writing the profile needs to know. */
static void
add_authority (Parser *p, const char **names, const char **values, GError **error)
{
  const char *name = find_attribute (names, values, "name");
  const char *sha256 = find_attribute (names, values, "sha256");
  const char *url = find_attribute (names, values, "url");
  g_autofree char *fingerprint = normalize_sha256 (sha256);

  if (p->provider == NULL)
    return;
  if (name == NULL || *name == '\0')
    set_error (p, error, MS_PROVIDER_ERROR_BAD_AUTHORITY, current_line (p),
               _("<ms:certificateAuthority> has no name attribute."));
  else if (fingerprint == NULL)
    set_error (p, error, MS_PROVIDER_ERROR_BAD_AUTHORITY, current_line (p),
               /* TRANSLATORS: %s is the authority's name attribute in the provider profile, e.g. “3xo Root CA”;
                * sha256 is an XML attribute name: do not translate it. The sentence follows “file, line 12:”. */
               _("the authority “%s” has no valid sha256 attribute (64 hexadecimal digits, colons allowed)."),
               name);
  else if (url && !g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://"))
    set_error (p, error, MS_PROVIDER_ERROR_BAD_AUTHORITY, current_line (p),
               /* TRANSLATORS: the authority's name attribute, e.g. “3xo Root CA”, then the url attribute as
                * written in the provider profile. The sentence follows “file, line 12:”. */
               _("the authority “%s” has a url that is not a web address: “%s”."), name, url);
  else
    _ms_provider_add_authority (p->provider, name, fingerprint, url && *url ? url : NULL);
}

static void
start_element (GMarkupParseContext *context, const char *qname, const char **names,
               const char **values, gpointer user_data, GError **error)
{
  Parser *p = user_data;
  Frame *frame = g_new0 (Frame, 1);
  gboolean ours = FALSE;
  const char *parent;

  for (guint i = 0; names[i]; i++)
    {
      if (g_str_equal (names[i], "xmlns") || g_str_has_prefix (names[i], "xmlns:"))
        {
          if (frame->ns == NULL)
            frame->ns = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (frame->ns, g_strdup (names[i][5] == ':' ? names[i] + 6 : ""));
          g_ptr_array_add (frame->ns, g_strdup (values[i]));
        }
    }
  g_ptr_array_add (p->frames, frame);
  frame->name = element_local_name (p, qname, &ours);
  g_string_truncate (p->text, 0);

  if (p->frames->len > MAX_DEPTH)
    {
      set_error (p, error, MS_PROVIDER_ERROR_TOO_DEEP, current_line (p),
                 _("the elements are nested too deeply."));
      return;
    }

  if (!p->seen_root)
    {
      p->seen_root = TRUE;
      if (g_strcmp0 (frame->name, "clientConfig") != 0)
        set_error (p, error, MS_PROVIDER_ERROR_WRONG_ROOT, current_line (p),
                   /* TRANSLATORS: %s is the XML element the file starts with, e.g. “html”; keep the angle
                    * brackets; <clientConfig> is an XML element: do not translate it. */
                   _("this is not a provider profile: it starts with <%s>, not <clientConfig>."), qname);
      return;
    }

  if (frame->name == NULL)
    return;
  parent = parent_name (p, 1);

  if (g_str_equal (frame->name, "emailProvider") && g_strcmp0 (parent, "clientConfig") == 0 && !ours)
    {
      const char *id = find_attribute (names, values, "id");

      /* Only the first provider counts, as in Thunderbird. */
      if (p->seen_provider)
        {
          g_free (frame->name);
          frame->name = g_strdup ("ignored");
          return;
        }
      p->seen_provider = TRUE;
      if (id == NULL || *id == '\0')
        {
          set_error (p, error, MS_PROVIDER_ERROR_NO_ID, current_line (p),
                     _("<emailProvider> has no id attribute."));
          return;
        }
      {
        /* Ids are host names, so case does not matter. */
        g_autofree char *lower = g_ascii_strdown (id, -1);
        p->provider = _ms_provider_new (lower, p->source);
      }
    }
  /* Only the provider's own servers: an <emailProvider> written inside a
   * server (fuzzing found one) would start a second server over the first. */
  else if ((g_str_equal (frame->name, "incomingServer") || g_str_equal (frame->name, "outgoingServer")) &&
           g_strcmp0 (parent, "emailProvider") == 0 && g_strcmp0 (parent_name (p, 2), "clientConfig") == 0 &&
           p->server == NULL && !ours)
    {
      start_server (p, frame->name[0] == 'i', find_attribute (names, values, "type"), error);
    }
  else if (g_str_equal (frame->name, "certificateAuthority") && g_strcmp0 (parent, "emailProvider") == 0 && ours)
    {
      add_authority (p, names, values, error);
    }
  else if (g_str_equal (frame->name, "documentation") && g_strcmp0 (parent, "emailProvider") == 0 &&
           p->documentation_url == NULL)
    {
      p->documentation_url = g_strdup (find_attribute (names, values, "url"));
    }
}

static void
server_problem (Parser *p, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Only the first problem is kept: it is the one Thunderbird meets first. */
static void
server_problem (Parser *p, const char *format, ...)
{
  va_list args;

  if (p->server_problem != NULL)
    return;
  va_start (args, format);
  p->server_problem = g_strdup_vprintf (format, args);
  va_end (args);
}

static gboolean
security_from_profile (const char *text, MsSecurity *security)
{
  /* Older files and some providers say TLS for implicit TLS. */
  if (g_strcmp0 (text, "TLS") == 0)
    {
      *security = MS_SECURITY_SSL;
      return TRUE;
    }
  return ms_security_from_string (text, security);
}

static void
end_server_field (Parser *p, const char *name, const char *text, GError **error)
{
  MsEndpoint *s = p->server;

  if (g_str_equal (name, "hostname"))
    {
      g_autoptr(GError) host_error = NULL;

      if (p->server_has_hostname)
        return;
      p->server_has_hostname = TRUE;
      s->hostname = g_strdup (text);
      /* A hostname may hold a placeholder (%EMAILDOMAIN%); check the rest. */
      if (*text == '\0')
        server_problem (p, _("its <hostname> is empty"));
      else if (strchr (text, '%') == NULL && !ms_hostname_validate (text, FALSE, NULL, &host_error))
        /* TRANSLATORS: why a server of a profile is skipped. */
        server_problem (p, _("its server name “%s” is not valid: %s"), text, host_error->message);
    }
  else if (g_str_equal (name, "port"))
    {
      if (p->server_has_port)
        return;
      p->server_has_port = TRUE;
      if (!ms_ports_parse (text, &s->port))
        {
          s->port = 0;
          /* TRANSLATORS: why a server of a profile is skipped. */
          server_problem (p, _("its port “%s” is not a number from 1 to 65535"), text);
        }
    }
  else if (g_str_equal (name, "socketType"))
    {
      MsSecurity security;

      /* Several may be listed; the first one we know wins. */
      if (!p->server_has_socket && security_from_profile (text, &security))
        {
          s->security = security;
          p->server_has_socket = TRUE;
        }
    }
  else if (g_str_equal (name, "username"))
    {
      if (p->server_has_username)
        return;
      p->server_has_username = TRUE;
      s->username = g_strdup (text);
    }
  else if (g_str_equal (name, "authentication"))
    {
      if (p->server_auths->len < MAX_AUTH_VALUES)
        g_ptr_array_add (p->server_auths, g_strdup (text));
    }
  else if (g_str_equal (name, "certificateName"))
    {
      g_free (s->certificate_name);
      s->certificate_name = g_ascii_strdown (text, -1);
    }
}

/* The first value we can use wins, as in Thunderbird; OAuth2 counts only
 * when the host is one a mail program can sign in to. */
static gboolean
choose_auth (Parser *p, MsEndpoint *s)
{
  for (guint i = 0; i < p->server_auths->len; i++)
    {
      const char *value = g_ptr_array_index (p->server_auths, i);
      MsAuth auth;

      if (!p->server_incoming &&
          (g_str_equal (value, "client-IP-address") || g_str_equal (value, "smtp-after-pop")))
        auth = MS_AUTH_NONE;
      else if (!ms_auth_from_string (value, &auth))
        continue;
      if (auth == MS_AUTH_NONE && p->server_incoming)
        continue;
      if (auth == MS_AUTH_OAUTH2 && !ms_oauth2_host_known (s->hostname))
        continue;
      s->auth = auth;
      return TRUE;
    }
  return FALSE;
}

static void
check_server (Parser *p, MsEndpoint *s)
{
  MsProtocol protocol;

  if (p->server_type == NULL)
    {
      server_problem (p, _("it has no type"));
      return;
    }
  if (!ms_protocol_from_string (p->server_type, &protocol) ||
      (p->server_incoming ? protocol == MS_PROTOCOL_SMTP : protocol != MS_PROTOCOL_SMTP))
    {
      /* TRANSLATORS: why a server of a profile is skipped; %s is a type such as exchange. */
      server_problem (p, _("it is of type “%s”, which Mail Setup does not set up"), p->server_type);
      return;
    }
  s->protocol = protocol;
  if (!p->server_has_hostname)
    server_problem (p, _("it has no <hostname>"));
  if (!p->server_has_port)
    server_problem (p, _("it has no <port>"));
  if (!p->server_has_socket)
    server_problem (p, _("it has no known <socketType> (SSL, STARTTLS or plain)"));
  if (p->server_problem == NULL && !choose_auth (p, s))
    {
      if (p->server_auths->len == 0)
        server_problem (p, _("it has no <authentication>"));
      else
        {
          g_autofree char *values = NULL;

          g_ptr_array_add (p->server_auths, NULL);
          values = g_strjoinv (", ", (char **) p->server_auths->pdata);
          g_ptr_array_remove_index (p->server_auths, p->server_auths->len - 1);
          /* TRANSLATORS: why a server of a profile is skipped; %s lists
           * values such as "OAuth2, NTLM". */
          server_problem (p, _("no authentication it lists (%s) can be used here"), values);
        }
    }
}

static void
finish_server (Parser *p, GError **error)
{
  g_autoptr(MsEndpoint) s = g_steal_pointer (&p->server);

  check_server (p, s);
  if (p->server_problem != NULL)
    {
      /* TRANSLATORS: a server skipped in a profile: the direction's
       * server type as written in the file, its line, then why. */
      char *reason = g_strdup_printf (_("The %s server at line %d is skipped: %s."),
                                      p->server_type ? p->server_type : "?", p->server_line,
                                      p->server_problem);
      g_ptr_array_add (p->skipped[p->server_incoming], reason);
      return;
    }
  if (s->username == NULL)
    s->username = g_strdup ("%EMAILADDRESS%");
  _ms_provider_add_endpoint (p->provider, p->server_incoming, g_steal_pointer (&s));
}

static void
end_element (GMarkupParseContext *context, const char *qname, gpointer user_data, GError **error)
{
  Parser *p = user_data;
  Frame *frame = g_ptr_array_index (p->frames, p->frames->len - 1);
  const char *name = frame->name;
  const char *parent = parent_name (p, 1);
  g_autofree char *text = g_strstrip (g_strdup (p->text->str));

  if (name == NULL || p->provider == NULL)
    goto out;

  if (p->server != NULL)
    {
      if (g_str_equal (name, "incomingServer") || g_str_equal (name, "outgoingServer"))
        finish_server (p, error);
      else if (g_strcmp0 (parent, "incomingServer") == 0 || g_strcmp0 (parent, "outgoingServer") == 0)
        end_server_field (p, name, text, error);
      goto out;
    }

  if (g_strcmp0 (parent, "emailProvider") == 0)
    {
      if (g_str_equal (name, "domain") && *text && strchr (text, '%') == NULL &&
          ms_hostname_validate (text, FALSE, NULL, NULL))
        _ms_provider_add_domain (p->provider, text);
      else if (g_str_equal (name, "displayName") && p->display_name == NULL)
        p->display_name = g_strdup (text);
      else if (g_str_equal (name, "displayShortName") && p->short_name == NULL)
        p->short_name = g_strdup (text);
      else if (g_str_equal (name, "support") && p->support == NULL)
        p->support = g_strdup (text);
    }

out:
  g_string_truncate (p->text, 0);
  g_ptr_array_remove_index (p->frames, p->frames->len - 1);
}

static void
text (GMarkupParseContext *context, const char *str, gsize len, gpointer user_data, GError **error)
{
  Parser *p = user_data;

  if (p->text->len + len > MAX_TEXT)
    {
      set_error (p, error, MS_PROVIDER_ERROR_TOO_LARGE, current_line (p),
                 _("an element holds too much text."));
      return;
    }
  g_string_append_len (p->text, str, len);
}

static const GMarkupParser parser_funcs = { start_element, end_element, text, NULL, NULL };

static gboolean
check_complete (Parser *p, GError **error)
{
  int line = current_line (p);

  if (!p->seen_provider || p->provider == NULL)
    {
      set_error (p, error, MS_PROVIDER_ERROR_NO_PROVIDER, line, _("there is no <emailProvider>."));
      return FALSE;
    }
  if (ms_provider_get_domains (p->provider)[0] == NULL)
    {
      set_error (p, error, MS_PROVIDER_ERROR_NO_DOMAIN, line, _("the provider lists no <domain>."));
      return FALSE;
    }
  for (int incoming = 1; incoming >= 0; incoming--)
    {
      GPtrArray *list = incoming ? ms_provider_get_incoming (p->provider) : ms_provider_get_outgoing (p->provider);
      g_autofree char *why = NULL;

      if (list->len > 0)
        continue;
      g_ptr_array_add (p->skipped[incoming], NULL);
      why = g_strjoinv (" ", (char **) p->skipped[incoming]->pdata);
      g_ptr_array_remove_index (p->skipped[incoming], p->skipped[incoming]->len - 1);
      if (incoming)
        set_error (p, error, MS_PROVIDER_ERROR_NO_INCOMING, line, "%s %s",
                   _("the provider has no incoming server Mail Setup can use (IMAP or POP3)."),
                   *why ? why : _("The file lists none."));
      else
        set_error (p, error, MS_PROVIDER_ERROR_NO_OUTGOING, line, "%s %s",
                   _("the provider has no outgoing server Mail Setup can use (SMTP)."),
                   *why ? why : _("The file lists none."));
      return FALSE;
    }
  return TRUE;
}

MsProvider *
ms_provider_new_from_data (const char *data, gssize length, const char *source, GError **error)
{
  Parser p = { 0 };
  g_autoptr(GError) local_error = NULL;
  MsProvider *result = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  if (source == NULL)
    source = "(memory)";
  if (length < 0)
    length = strlen (data);

  p.source = source;
  if (length > MAX_SIZE)
    {
      g_set_error (error, MS_PROVIDER_ERROR, MS_PROVIDER_ERROR_TOO_LARGE,
                   /* TRANSLATORS: %s is the file's path or web address, e.g. “/home/ana/3xo.fr.xml”. */
                   _("%s: the file is too large to be a provider profile (more than 1 MiB)."), source);
      return NULL;
    }

  p.frames = g_ptr_array_new_with_free_func (frame_free);
  p.server_auths = g_ptr_array_new_with_free_func (g_free);
  p.skipped[0] = g_ptr_array_new_with_free_func (g_free);
  p.skipped[1] = g_ptr_array_new_with_free_func (g_free);
  p.text = g_string_new (NULL);
  p.context = g_markup_parse_context_new (&parser_funcs, G_MARKUP_PREFIX_ERROR_POSITION, &p, NULL);

  if (!g_markup_parse_context_parse (p.context, data, length, &local_error) ||
      !g_markup_parse_context_end_parse (p.context, &local_error))
    {
      if (local_error->domain == MS_PROVIDER_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (!p.seen_root)
        g_set_error (error, MS_PROVIDER_ERROR, MS_PROVIDER_ERROR_MARKUP,
                     /* TRANSLATORS: the file's path or web address, e.g. “/home/ana/3xo.fr.xml”, then the XML
                      * parser's error message. */
                     _("%s: this is not an XML provider profile (%s)"), source, local_error->message);
      else
        g_set_error (error, MS_PROVIDER_ERROR, MS_PROVIDER_ERROR_MARKUP,
                     /* TRANSLATORS: the file's path or web address, e.g. “/home/ana/3xo.fr.xml”, then the XML
                      * parser's error message. */
                     _("%s: the XML is malformed: %s"), source, local_error->message);
    }
  else if (check_complete (&p, error))
    {
      _ms_provider_set_strings (p.provider, p.display_name, p.short_name, p.support, p.documentation_url);
      for (int i = 1; i >= 0; i--)
        for (guint j = 0; j < p.skipped[i]->len; j++)
          _ms_provider_add_note (p.provider, g_ptr_array_index (p.skipped[i], j));
      result = g_steal_pointer (&p.provider);
    }

  g_clear_object (&p.provider);
  g_clear_pointer (&p.server, ms_endpoint_free);
  g_free (p.server_type);
  g_free (p.server_problem);
  g_ptr_array_unref (p.server_auths);
  g_ptr_array_unref (p.skipped[0]);
  g_ptr_array_unref (p.skipped[1]);
  g_free (p.display_name);
  g_free (p.short_name);
  g_free (p.support);
  g_free (p.documentation_url);
  g_markup_parse_context_free (p.context);
  g_ptr_array_unref (p.frames);
  g_string_free (p.text, TRUE);
  return result;
}
