/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/ms-date.h"
#include "core/ms-ports.h"
#include "ms-verdict.h"

typedef struct {
  MsVerdict public;
  gint ref_count;
} RealVerdict;

MsVerdict *
ms_verdict_ref (MsVerdict *verdict)
{
  g_atomic_int_inc (&((RealVerdict *) verdict)->ref_count);
  return verdict;
}

void
ms_verdict_unref (MsVerdict *v)
{
  if (v == NULL || !g_atomic_int_dec_and_test (&((RealVerdict *) v)->ref_count))
    return;
  ms_endpoint_free (v->endpoint);
  g_clear_pointer (&v->result, ms_probe_result_unref);
  g_clear_pointer (&v->fallback, ms_probe_result_unref);
  g_clear_error (&v->error);
  ms_endpoint_free (v->fix_endpoint);
  g_free (v->headline);
  g_free (v->advice);
  g_free (v->fix_label);
  ms_endpoint_free (v->asked);
  g_free (v->change_reason);
  g_free (v);
}

G_DEFINE_BOXED_TYPE (MsVerdict, ms_verdict, ms_verdict_ref, ms_verdict_unref)

const char *
ms_verdict_kind_to_string (MsVerdictKind kind)
{
  static const char *const names[] = { "passed", "needs-approval", "failed" };

  g_return_val_if_fail (kind <= MS_VERDICT_FAILED, NULL);
  return names[kind];
}

const char *
ms_fix_kind_to_string (MsFixKind fix)
{
  static const char *const names[] = {
    "none", "full-address", "retype-password", "use-endpoint", "accept-certificate", "contact-provider",
    "check-connection", "app-password",
  };

  g_return_val_if_fail (fix <= MS_FIX_APP_PASSWORD, NULL);
  return names[fix];
}

char *
ms_verdict_short (const MsVerdict *v)
{
  switch (v->kind)
    {
    case MS_VERDICT_PASSED:
      return g_strdup (v->login_tested ? _("works, the password was accepted") : _("works"));
    case MS_VERDICT_NEEDS_APPROVAL:
      return g_strdup (_("works once you accept its certificate"));
    default:
      /* TRANSLATORS: %s is why, a sentence. */
      return g_strdup_printf (_("does not work: %s"), v->headline);
    }
}

static char *
door_text (const MsEndpoint *e)
{
  /* TRANSLATORS: port and security, as in "port 465 with SSL/TLS". */
  return g_strdup_printf (_("port %u with %s"), e->port, ms_security_display (e->security));
}

gboolean
ms_verdict_door_answers (const MsProbeResult *r)
{
  if (r == NULL || !r->reachable)
    return FALSE;
  if (r->error == NULL)
    return TRUE;
  /* Spoke TLS and showed a certificate: a mail server is there, even if
   * its certificate still needs the user's approval. */
  return r->tls && r->error->domain == MS_NET_ERROR &&
         (r->error->code == MS_NET_ERROR_CERT_UNTRUSTED || r->error->code == MS_NET_ERROR_CERT_NAME_MISMATCH ||
          r->error->code == MS_NET_ERROR_CERT_EXPIRED || r->error->code == MS_NET_ERROR_CERT_NOT_YET_VALID);
}

static gboolean
is_blocked (const MsProbeResult *r)
{
  return r != NULL && r->error != NULL && r->error->domain == MS_NET_ERROR &&
         (r->error->code == MS_NET_ERROR_TIMED_OUT || r->error->code == MS_NET_ERROR_REFUSED ||
          r->error->code == MS_NET_ERROR_NO_REPLY);
}

static MsProbeResult *
alternative_on (GPtrArray *alternatives, MsProtocol protocol, guint port, MsSecurity security)
{
  for (guint i = 0; alternatives && i < alternatives->len; i++)
    {
      MsProbeResult *r = alternatives->pdata[i];

      if (r->endpoint->protocol == protocol && r->endpoint->port == port && r->endpoint->security == security &&
          ms_verdict_door_answers (r))
        return r;
    }
  return NULL;
}

MsProbeResult *
ms_verdict_best_alternative (GPtrArray *alternatives, MsProtocol protocol, const MsEndpoint *except)
{
  guint n;
  const MsDoor *doors = ms_ports_doors (&n);
  gboolean smtp = protocol == MS_PROTOCOL_SMTP;

  /* The doors in the table's order, which is the guide's preference:
   * IMAP before POP3 for incoming mail, 465 first for outgoing. */
  for (guint i = 0; i < n; i++)
    {
      MsProbeResult *r;

      if ((doors[i].protocol == MS_PROTOCOL_SMTP) != smtp)
        continue;
      if (except && doors[i].protocol == except->protocol && doors[i].port == except->port)
        continue;
      r = alternative_on (alternatives, doors[i].protocol, doors[i].port, doors[i].security);
      if (r != NULL)
        return r;
    }
  return NULL;
}

char *
ms_verdict_port25_advice (const MsProbeResult *own25, GPtrArray *alternatives, MsEndpoint **use_instead)
{
  MsProbeResult *r465 = alternative_on (alternatives, MS_PROTOCOL_SMTP, 465, MS_SECURITY_SSL);
  MsProbeResult *r587 = alternative_on (alternatives, MS_PROTOCOL_SMTP, 587, MS_SECURITY_STARTTLS);

  if (use_instead)
    *use_instead = NULL;
  if (own25 == NULL || own25->endpoint->port != 25 || !is_blocked (own25) || (r465 == NULL && r587 == NULL))
    return NULL;
  if (use_instead)
    *use_instead = ms_endpoint_copy ((r465 ? r465 : r587)->endpoint);
  if (r465 != NULL && r587 != NULL)
    return g_strdup (_("Port 25 does not answer, but ports 465 and 587 do: your internet provider probably blocks "
                       "port 25 (many do, to stop spam). Use port 465 with SSL/TLS, or 587 with STARTTLS."));
  if (r465 != NULL)
    return g_strdup (_("Port 25 does not answer, but port 465 does: your internet provider probably blocks "
                       "port 25 (many do, to stop spam). Use port 465 with SSL/TLS."));
  return g_strdup (_("Port 25 does not answer, but port 587 does: your internet provider probably blocks "
                     "port 25 (many do, to stop spam). Use port 587 with STARTTLS."));
}

static const char *
provider_or_default (const MsVerdictInput *in)
{
  return in->provider_name ? in->provider_name : _("your provider");
}

static char *
presented_names (const MsCertReport *cert)
{
  if (cert == NULL || cert->presented_names == NULL || cert->presented_names[0] == NULL)
    return g_strdup ("?");
  return g_strjoinv (", ", cert->presented_names);
}

static void
decide_certificate (MsVerdict *v, const MsVerdictInput *in)
{
  const MsCertReport *cert = v->result->certificate;
  const char *provider = provider_or_default (in);
  const MsCertInfo *leaf = cert && cert->chain->len ? cert->chain->pdata[0] : NULL;

  if (g_error_matches (v->error, MS_NET_ERROR, MS_NET_ERROR_CERT_NAME_MISMATCH))
    {
      g_autofree char *names = presented_names (cert);

      v->fix = MS_FIX_CONTACT_PROVIDER;
      /* TRANSLATORS: the names the certificate carries, then the name it should carry. */
      v->headline = g_strdup_printf (_("This certificate is for %s, not for %s: it does not belong to the server "
                                       "you asked for."), names, in->expected_name ? in->expected_name : "?");
      /* TRANSLATORS: %s is the provider, e.g. "3xo". The guide's own advice. */
      v->advice = g_strdup_printf (_("Do not connect: contact %s."), provider);
    }
  else if (g_error_matches (v->error, MS_NET_ERROR, MS_NET_ERROR_CERT_EXPIRED))
    {
      gint64 days = leaf ? -leaf->days_remaining : 0;

      v->fix = MS_FIX_CONTACT_PROVIDER;
      g_autofree char *date = leaf ? ms_date_format_long (leaf->not_after) : g_strdup ("?");

      /* TRANSLATORS: a date in words, then a number of days. */
      v->headline = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "This server’s certificate expired on %s, %d day ago.",
                                                  "This server’s certificate expired on %s, %d days ago.", (gulong) days),
                                     date, (int) days);
      /* TRANSLATORS: %s is the provider. */
      v->advice = g_strdup_printf (_("An expired certificate cannot be accepted: it no longer proves that the server "
                                     "is the one it claims to be. Do not connect: contact %s, who must renew it."),
                                   provider);
    }
  else if (g_error_matches (v->error, MS_NET_ERROR, MS_NET_ERROR_CERT_NOT_YET_VALID))
    {
      v->fix = MS_FIX_CONTACT_PROVIDER;
      v->headline = g_strdup (_("This server’s certificate is not valid yet."));
      /* TRANSLATORS: %s is the provider. */
      v->advice = g_strdup_printf (_("Check that this computer’s date and time are right. If they are, do not "
                                     "connect: contact %s."), provider);
    }
  else
    {
      v->kind = MS_VERDICT_NEEDS_APPROVAL;
      v->fix = MS_FIX_ACCEPT_CERTIFICATE;
      v->headline = g_strdup (_("The server answers, but its certificate needs your approval."));
      /* TRANSLATORS: %s is the name the certificate must carry, e.g. mail.3xo.fr. */
      v->advice = g_strdup_printf (_("At the certificate step, check that its Common Name (CN) is %s before you "
                                     "accept it. The password is tried once it is accepted."),
                                   in->expected_name ? in->expected_name : in->endpoint->hostname);
    }
}

const char *
ms_verdict_changed_sentence (void)
{
  return _("This is not the certificate you accepted earlier for this server.");
}

static void
use_endpoint (MsVerdict *v, const MsEndpoint *endpoint)
{
  g_autofree char *door = door_text (endpoint);

  v->fix = MS_FIX_USE_ENDPOINT;
  v->fix_endpoint = ms_endpoint_copy (endpoint);
  v->fix_endpoint->hostname = (g_free (v->fix_endpoint->hostname), g_strdup (v->endpoint->hostname));
  v->fix_endpoint->certificate_name = (g_free (v->fix_endpoint->certificate_name),
                                       g_strdup (v->endpoint->certificate_name));
  if (endpoint->protocol != v->endpoint->protocol)
    /* TRANSLATORS: %s is a protocol (IMAP), then "port 993 with SSL/TLS". */
    v->fix_label = g_strdup_printf (_("_Use %s, %s"), ms_protocol_display (endpoint->protocol), door);
  else
    /* TRANSLATORS: %s is "port 465 with SSL/TLS". */
    v->fix_label = g_strdup_printf (_("_Use %s"), door);
}

static void
decide_unreachable (MsVerdict *v, const MsVerdictInput *in)
{
  g_autofree char *door = door_text (v->endpoint);
  g_autoptr(MsEndpoint) instead = NULL;
  g_autofree char *port25 = NULL;
  MsProbeResult *other;

  /* The same port in the other mode: the user picked the wrong one. */
  if (in->fallback && ms_verdict_door_answers (in->fallback))
    {
      g_autofree char *theirs = door_text (in->fallback->endpoint);

      use_endpoint (v, in->fallback->endpoint);
      /* TRANSLATORS: both are "port 465 with SSL/TLS". */
      v->headline = g_strdup_printf (_("The server does not answer on %s, but it does on %s."), door, theirs);
      v->advice = g_strdup (_("The port and the security must go together: use the one that answers."));
      return;
    }
  port25 = ms_verdict_port25_advice (in->own, in->alternatives, &instead);
  if (port25 != NULL)
    {
      use_endpoint (v, instead);
      v->headline = g_strdup (_("Port 25 does not answer from here."));
      v->advice = g_steal_pointer (&port25);
      return;
    }
  other = ms_verdict_best_alternative (in->alternatives, v->endpoint->protocol, v->endpoint);
  if (other != NULL)
    {
      g_autofree char *theirs = door_text (other->endpoint);

      use_endpoint (v, other->endpoint);
      /* TRANSLATORS: both are "port 993 with SSL/TLS". */
      v->headline = g_strdup_printf (_("The server does not answer on %s, but it does on %s."), door, theirs);
      v->advice = g_strdup (_("Use the door that answers: the provider offers it for the same account."));
      return;
    }
  v->fix = MS_FIX_CHECK_CONNECTION;
  /* TRANSLATORS: a host name, then "port 993 with SSL/TLS". */
  v->headline = g_strdup_printf (_("%s does not answer on %s."), v->endpoint->hostname, door);
  v->advice = g_strdup (_("Check that this computer is connected to the internet and that the server name is "
                          "right. If both are, the server may be down for a while: try again later."));
}

MsVerdict *
ms_verdict_decide (const MsVerdictInput *in)
{
  RealVerdict *real = g_new0 (RealVerdict, 1);
  MsVerdict *v = &real->public;
  const GError *error = in->own->error;

  real->ref_count = 1;
  v->role = in->role;
  v->endpoint = ms_endpoint_copy (in->endpoint);
  v->result = ms_probe_result_ref (in->own);
  v->fallback = in->fallback ? ms_probe_result_ref (in->fallback) : NULL;
  v->error = error ? g_error_copy (error) : NULL;
  v->login_tested = in->own->login_attempted && in->own->login_ok;

  if (error == NULL)
    {
      v->kind = MS_VERDICT_PASSED;
      v->headline = g_strdup (v->login_tested ? _("Works: the server accepted the password.")
                                              : in->password_given ? _("Works.")
                                                                   : _("Works. The password was not checked."));
      return v;
    }
  v->kind = MS_VERDICT_FAILED;
  if (ms_net_error_is_certificate (error))
    {
      decide_certificate (v, in);
      /* A certificate the user did not expect to change says so before
       * anything else: that alone is reason to stop. */
      if (v->result->certificate && (v->result->certificate->problems & MS_CERT_PROBLEM_PIN_MISMATCH))
        {
          /* TRANSLATORS: two sentences in a row: why first, then the verdict. */
          char *first = g_strdup_printf (C_("two sentences", "%s %s"), ms_verdict_changed_sentence (), v->headline);

          g_free (v->headline);
          v->headline = first;
        }
    }
  else if (g_error_matches (error, MS_NET_ERROR, MS_NET_ERROR_AUTH_FAILED))
    {
      if (in->local_part_username)
        {
          v->fix = MS_FIX_FULL_ADDRESS;
          v->fix_label = g_strdup (_("Use the Full E-_mail Address"));
          /* TRANSLATORS: the username as typed, e.g. "test". */
          v->headline = g_strdup_printf (_("The server refused the username “%s”."), in->username);
          /* TRANSLATORS: the full e-mail address; the guide's own advice. */
          v->advice = g_strdup_printf (_("The username is always your full e-mail address (%s), not just the part "
                                         "before the @: the servers handle many domains."), in->address);
        }
      else
        {
          v->fix = MS_FIX_RETYPE_PASSWORD;
          v->fix_label = g_strdup (_("_Type the Password Again"));
          v->headline = g_strdup (_("The server refused the password."));
          /* TRANSLATORS: the username used, e.g. test@test.com. */
          v->advice = g_strdup_printf (_("Type the password again, with care for capital letters. The username "
                                         "used was %s."), in->username ? in->username : "");
        }
    }
  else if (g_error_matches (error, MS_NET_ERROR, MS_NET_ERROR_AUTH_UNSUPPORTED))
    {
      v->fix = MS_FIX_APP_PASSWORD;
      v->headline = g_strdup (_("The server offers no way to log in with a password."));
      /* TRANSLATORS: %s is the provider. */
      v->advice = g_strdup_printf (_("%s may ask you to sign in from the mail program itself, or to create an app "
                                     "password on its website."), provider_or_default (in));
    }
  else if (g_error_matches (error, MS_NET_ERROR, MS_NET_ERROR_PLAINTEXT_REFUSED))
    {
      MsProbeResult *tls = ms_verdict_best_alternative (in->alternatives, v->endpoint->protocol, NULL);

      if (tls != NULL)
        use_endpoint (v, tls->endpoint);
      else
        v->fix = MS_FIX_CHECK_CONNECTION;
      v->headline = g_strdup (_("This setting would send the password unencrypted."));
      v->advice = g_strdup (_("Choose SSL/TLS, so that the password never travels in clear."));
    }
  else
    decide_unreachable (v, in);
  return v;
}
