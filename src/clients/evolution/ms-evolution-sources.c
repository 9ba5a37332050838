/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/ms-account.h"
#include "core/ms-file.h"
#include "ms-evolution-private.h"

/* The .source key files of one mail account, as Evolution's own assistant
 * writes them (e_mail_config_assistant_commit() and the summary page):
 * an account (store) source, an identity whose Parent is the account, and
 * a transport whose Parent is the account too.  Keys are ESource property
 * names in CamelCase, read back by e-source.c with GKeyFile getters, so
 * GKeyFile's escaping is what EDS expects. */

MsEvoAccount *
ms_evo_account_new_from (MsAccount *account)
{
  MsEvoAccount *acct = g_new0 (MsEvoAccount, 1);
  MsServer *in = ms_account_get_incoming (account);
  MsServer *out = ms_account_get_outgoing (account);

  acct->real_name = g_strdup (ms_account_get_real_name (account));
  acct->address = g_strdup (ms_account_get_address (account));
  acct->reply_to = g_strdup (ms_account_get_reply_to (account));
  acct->organization = g_strdup (ms_account_get_organization (account));
  acct->signature = g_strdup (ms_account_get_signature (account));
  acct->password = g_strdup (ms_account_get_password (account));
  acct->remember_password = ms_account_get_remember_password (account);
  acct->in_protocol = ms_server_get_protocol (in);
  acct->in_host = g_strdup (ms_server_get_hostname (in));
  acct->in_port = ms_server_get_port (in);
  acct->in_security = ms_server_get_security (in);
  acct->in_user = g_strdup (ms_server_get_username (in));
  acct->in_auth = ms_server_get_auth (in);
  acct->out_host = g_strdup (ms_server_get_hostname (out));
  acct->out_port = ms_server_get_port (out);
  acct->out_security = ms_server_get_security (out);
  acct->out_user = g_strdup (ms_server_get_username (out));
  acct->out_auth = ms_server_get_auth (out);
  return acct;
}

void
ms_evo_account_free (MsEvoAccount *acct)
{
  if (acct == NULL)
    return;
  g_free (acct->real_name);
  g_free (acct->address);
  g_free (acct->reply_to);
  g_free (acct->organization);
  g_free (acct->signature);
  if (acct->password)
    explicit_bzero (acct->password, strlen (acct->password));
  g_free (acct->password);
  g_free (acct->in_host);
  g_free (acct->in_user);
  g_free (acct->out_host);
  g_free (acct->out_user);
  g_free (acct);
}

void
ms_evo_uids_free (MsEvoUids *uids)
{
  if (uids == NULL)
    return;
  g_free (uids->account);
  g_free (uids->identity);
  g_free (uids->transport);
  g_free (uids->signature);
  g_free (uids);
}

/* The nicks of CamelNetworkSecurityMethod, which [Security] Method holds. */
const char *
ms_evo_security_method (MsSecurity security)
{
  switch (security)
    {
    case MS_SECURITY_SSL: return "ssl-on-alternate-port";
    case MS_SECURITY_STARTTLS: return "starttls-on-standard-port";
    case MS_SECURITY_NONE: default: return "none";
    }
}

/* [Authentication] Method.  Camel checks a named mechanism against the
 * server's list and fails when it is missing, so a plain password on IMAP
 * and POP uses "none": the LOGIN command or USER/PASS, which every server
 * offers (Evolution's "Password" choice and its autoconfig do the same).
 * SMTP has no such fallback ("none" means no AUTH at all): PLAIN is the
 * mechanism RFC 4954 servers and Dovecot's default offer.  OAuth2 goes
 * through Evolution's own sign-in for the three providers it knows
 * (Camel's "Google", "Outlook" and "Yahoo" mechanisms); for any other the
 * user types an app password, as Evolution cannot sign in there. */
const char *
ms_evo_auth_method (MsProtocol protocol, MsAuth auth, const char *host)
{
  static const struct { const char *domain, *mechanism; } oauth2[] = {
    { "gmail.com", "Google" }, { "googlemail.com", "Google" },
    { "office365.com", "Outlook" }, { "outlook.com", "Outlook" }, { "hotmail.com", "Outlook" },
    { "yahoo.com", "Yahoo" }, { "aol.com", "Yahoo" },
  };

  if (auth == MS_AUTH_PASSWORD_ENCRYPTED)
    return "CRAM-MD5";
  if (auth == MS_AUTH_NONE)
    return "none";
  for (guint i = 0; auth == MS_AUTH_OAUTH2 && host != NULL && i < G_N_ELEMENTS (oauth2); i++)
    {
      gsize hl = strlen (host), dl = strlen (oauth2[i].domain);

      /* The domain itself or a host under it: imap.gmail.com. */
      if (hl >= dl && g_ascii_strcasecmp (host + hl - dl, oauth2[i].domain) == 0 &&
          (hl == dl || host[hl - dl - 1] == '.'))
        return oauth2[i].mechanism;
    }
  return protocol == MS_PROTOCOL_SMTP ? "PLAIN" : "none";
}

char *
ms_evo_uid_for_address (const char *address, const char *role)
{
  g_autofree char *folded = g_utf8_casefold (address, -1);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, folded, -1);

  /* 20 hex digits are plenty to keep two addresses apart, and short
   * enough to read in a file name. */
  digest[20] = '\0';
  return g_strdup_printf ("mail-setup-%s-%s", digest, role);
}

char *
ms_evo_secret_label (const char *display_name, const char *type, const char *backend, const char *parent)
{
  /* Same text as e_source_dup_secret_label(), trailing space included. */
  GString *label = g_string_new (NULL);

  g_string_append_printf (label, "Evolution Data Source \"%s\" (%s - %s) ", display_name, type, backend);
  if (parent && *parent)
    g_string_append_printf (label, " of %s", parent);
  return g_string_free (label, FALSE);
}

/* A source file as the registry would read it, or NULL.  Anything in the
 * folder may be a FIFO or a huge file: neither may block or exhaust us. */
GKeyFile *
ms_evo_load_source_file (const char *path)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!ms_file_read_bounded (path, MS_FILE_MAX_SETTINGS, &data, &length, NULL) ||
      !g_key_file_load_from_data (kf, data, length, G_KEY_FILE_NONE, NULL))
    return NULL;
  return g_steal_pointer (&kf);
}

static GKeyFile *
load_source (const char *sources_dir, const char *uid)
{
  g_autofree char *name = g_strconcat (uid, ".source", NULL);
  g_autofree char *path = g_build_filename (sources_dir, name, NULL);

  return ms_evo_load_source_file (path);
}

static gboolean
is_standalone_account (GKeyFile *kf)
{
  g_autofree char *parent = NULL;

  if (kf == NULL || !g_key_file_has_group (kf, "Mail Account"))
    return FALSE;
  /* An account inside a collection (GNOME Online Accounts, EWS…) belongs
   * to its collection's backend: never take it over. */
  parent = g_key_file_get_string (kf, "Data Source", "Parent", NULL);
  return parent == NULL || *parent == '\0';
}

static gboolean
source_exists (const char *sources_dir, const char *uid)
{
  g_autofree char *name = g_strconcat (uid, ".source", NULL);
  g_autofree char *path = g_build_filename (sources_dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

MsEvoUids *
ms_evo_find_uids (const char *sources_dir, const MsEvoAccount *acct)
{
  g_autoptr (MsEvoUids) uids = g_new0 (MsEvoUids, 1);
  g_autofree char *our_identity = ms_evo_uid_for_address (acct->address, "identity");
  g_autoptr (GDir) dir = g_dir_open (sources_dir, 0, NULL);
  g_autofree char *found_identity = NULL;
  g_autofree char *found_account = NULL;
  g_autofree char *found_transport = NULL;
  const char *name;

  /* An identity with this address whose parent is a stand-alone account:
   * ours from an earlier run, or one the user made in Evolution.  Ours
   * wins when both exist. */
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *address = NULL;
      g_autofree char *parent = NULL;
      g_autoptr (GKeyFile) kf = NULL;
      g_autoptr (GKeyFile) account = NULL;
      g_autofree char *uid = NULL;

      if (name[0] == '.' || !g_str_has_suffix (name, ".source"))
        continue;
      path = g_build_filename (sources_dir, name, NULL);
      if ((kf = ms_evo_load_source_file (path)) == NULL || !g_key_file_has_group (kf, "Mail Identity"))
        continue;
      address = g_key_file_get_string (kf, "Mail Identity", "Address", NULL);
      if (address == NULL || g_ascii_strcasecmp (g_strstrip (address), acct->address) != 0)
        continue;
      parent = g_key_file_get_string (kf, "Data Source", "Parent", NULL);
      if (parent == NULL || *parent == '\0')
        continue;
      account = load_source (sources_dir, parent);
      if (!is_standalone_account (account))
        continue;
      uid = g_strndup (name, strlen (name) - strlen (".source"));
      if (found_identity != NULL && g_strcmp0 (found_identity, our_identity) == 0)
        continue;
      g_free (found_identity);
      g_free (found_account);
      g_free (found_transport);
      found_identity = g_steal_pointer (&uid);
      found_account = g_steal_pointer (&parent);
      found_transport = g_key_file_get_string (kf, "Mail Submission", "TransportUid", NULL);
    }

  if (found_identity)
    {
      uids->identity = g_steal_pointer (&found_identity);
      uids->account = g_steal_pointer (&found_account);
      uids->identity_exists = uids->account_exists = TRUE;
      if (found_transport && *found_transport && source_exists (sources_dir, found_transport))
        {
          g_autoptr (GKeyFile) transport = load_source (sources_dir, found_transport);

          if (transport && g_key_file_has_group (transport, "Mail Transport"))
            uids->transport = g_steal_pointer (&found_transport);
        }
    }
  else
    {
      uids->identity = g_steal_pointer (&our_identity);
      uids->account = ms_evo_uid_for_address (acct->address, "account");
    }
  if (uids->transport == NULL)
    uids->transport = ms_evo_uid_for_address (acct->address, "transport");
  uids->transport_exists = source_exists (sources_dir, uids->transport);
  /* Existing files under our own UIDs that the scan did not take (say,
   * an identity whose address was edited in Evolution) are replaced. */
  uids->account_exists = source_exists (sources_dir, uids->account);
  uids->identity_exists = source_exists (sources_dir, uids->identity);
  if (acct->signature && *acct->signature)
    {
      uids->signature = ms_evo_uid_for_address (acct->address, "signature");
      uids->signature_exists = source_exists (sources_dir, uids->signature);
    }
  return g_steal_pointer (&uids);
}
