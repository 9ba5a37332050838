/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "core/ms-file.h"
#include "ms-evolution-private.h"

/* What to write: each source is merged into the file already there, so a
 * second run changes the server settings we own and keeps everything the
 * user or Evolution set since (folders found by the initial setup, a
 * renamed account, a changed refresh interval…).  Keys that are only
 * defaults are set when missing. */

static void
set_default (GKeyFile *kf, const char *group, const char *key, const char *value)
{
  if (!g_key_file_has_key (kf, group, key, NULL))
    g_key_file_set_string (kf, group, key, value);
}

static void
set_port (GKeyFile *kf, guint port)
{
  g_autofree char *text = g_strdup_printf ("%u", port);

  g_key_file_set_value (kf, "Authentication", "Port", text);
}

/* Reads @path into @set if it exists; a file that is there but not a key
 * file is not overwritten: the user may have written it, and the registry
 * would have skipped it rather than lose it. */
static GKeyFile *
load_existing (MsFileSet *set, const char *path, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  const char *old_contents;
  gsize length;

  if (!ms_file_set_load (set, path, MS_FILE_MAX_SETTINGS, error))
    return NULL;
  old_contents = ms_file_set_get_before (set, path, &length);
  if (old_contents == NULL)
    return g_steal_pointer (&kf);
  if (!g_key_file_load_from_data (kf, old_contents, length, G_KEY_FILE_KEEP_COMMENTS, NULL) ||
      !g_key_file_has_group (kf, "Data Source"))
    {
      g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT,
                   /* TRANSLATORS: %s is the path of an Evolution settings file, e.g.
                    * “/home/ana/.config/evolution/sources/1a2b3c.source”. */
                   _("The Evolution file “%s” is damaged, so nothing was changed. Move it away, then try again."),
                   path);
      return NULL;
    }
  return g_steal_pointer (&kf);
}

static char *
source_path (const char *config_dir, const char *uid)
{
  g_autofree char *name = g_strconcat (uid, ".source", NULL);

  return g_build_filename (config_dir, "sources", name, NULL);
}

/* The parts every mail source with a server has. */
static void
set_server (GKeyFile *kf, const char *host, guint port, const char *user, const char *method,
            MsSecurity security, gboolean remember_password)
{
  g_key_file_set_string (kf, "Authentication", "Host", host);
  set_port (kf, port);
  g_key_file_set_string (kf, "Authentication", "User", user);
  g_key_file_set_string (kf, "Authentication", "Method", method);
  g_key_file_set_boolean (kf, "Authentication", "RememberPassword", remember_password);
  g_key_file_set_string (kf, "Security", "Method", ms_evo_security_method (security));
}

static void
data_source (GKeyFile *kf, const char *display_name, const char *parent)
{
  set_default (kf, "Data Source", "DisplayName", display_name);
  set_default (kf, "Data Source", "Enabled", "true");
  g_key_file_set_string (kf, "Data Source", "Parent", parent ? parent : "");
}

static gboolean
plan_identity (GKeyFile *kf, const MsEvoAccount *acct, const MsEvoUids *uids)
{
  data_source (kf, acct->address, uids->account);
  g_key_file_set_string (kf, "Mail Identity", "Address", acct->address);
  g_key_file_set_string (kf, "Mail Identity", "Name", acct->real_name);
  g_key_file_set_string (kf, "Mail Identity", "Organization", acct->organization);
  g_key_file_set_string (kf, "Mail Identity", "ReplyTo", acct->reply_to);
  /* No signature in the wizard: a signature chosen in Evolution stays. */
  if (uids->signature)
    g_key_file_set_string (kf, "Mail Identity", "SignatureUid", uids->signature);
  else
    set_default (kf, "Mail Identity", "SignatureUid", "none");
  g_key_file_set_string (kf, "Mail Submission", "TransportUid", uids->transport);
  /* Local folders until Evolution's initial setup (NeedsInitialSetup)
   * finds the server's own Sent and Drafts, as the assistant does. */
  set_default (kf, "Mail Submission", "SentFolder", "folder://local/Sent");
  set_default (kf, "Mail Submission", "UseSentFolder", "true");
  set_default (kf, "Mail Submission", "RepliesToOriginFolder", "false");
  set_default (kf, "Mail Composition", "DraftsFolder", "folder://local/Drafts");
  set_default (kf, "Mail Composition", "TemplatesFolder", "folder://local/Templates");
  return TRUE;
}

static void
plan_transport (GKeyFile *kf, const MsEvoAccount *acct, const MsEvoUids *uids, gboolean remember)
{
  data_source (kf, acct->address, uids->account);
  g_key_file_set_string (kf, "Mail Transport", "BackendName", "smtp");
  set_server (kf, acct->out_host, acct->out_port, acct->out_user,
              ms_evo_auth_method (MS_PROTOCOL_SMTP, acct->out_auth, acct->out_host), acct->out_security, remember);
  set_default (kf, "Smtp Backend", "ReencodeData", "false");
}

static void
plan_account (GKeyFile *kf, const MsEvoAccount *acct, const MsEvoUids *uids, gboolean remember)
{
  const char *backend = acct->in_protocol == MS_PROTOCOL_POP3 ? "pop" : "imapx";
  g_autofree char *old_backend = g_key_file_get_string (kf, "Mail Account", "BackendName", NULL);

  data_source (kf, acct->address, NULL);
  g_key_file_set_string (kf, "Mail Account", "BackendName", backend);
  g_key_file_set_string (kf, "Mail Account", "IdentityUid", uids->identity);
  set_default (kf, "Mail Account", "ArchiveFolder", "");
  /* A new store (or one whose protocol changed) must look for its special
   * folders again; an account Evolution already set up keeps its answer. */
  if (g_strcmp0 (old_backend, backend) != 0)
    g_key_file_set_boolean (kf, "Mail Account", "NeedsInitialSetup", TRUE);
  set_server (kf, acct->in_host, acct->in_port, acct->in_user,
              ms_evo_auth_method (acct->in_protocol, acct->in_auth, acct->in_host), acct->in_security, remember);
  set_default (kf, "Offline", "StaySynchronized", "false");
  set_default (kf, "Refresh", "Enabled", "true");
  set_default (kf, "Refresh", "IntervalMinutes", "10");
  if (acct->in_protocol == MS_PROTOCOL_POP3)
    set_default (kf, "Pop Backend", "KeepOnServer", "true");
  else
    set_default (kf, "Imapx Backend", "UseIdle", "true");
}

static void
plan_signature (GKeyFile *kf, const MsEvoAccount *acct)
{
  /* TRANSLATORS: the name of a signature in Evolution; %s is the e-mail address, e.g. “ana@3xo.fr”. */
  g_autofree char *name = g_strdup_printf (_("Signature for %s"), acct->address);

  data_source (kf, name, NULL);
  g_key_file_set_string (kf, "Mail Signature", "MimeType", "text/plain");
}

typedef enum { SOURCE_IDENTITY, SOURCE_TRANSPORT, SOURCE_SIGNATURE, SOURCE_ACCOUNT } SourceKind;

static gboolean
plan_source (MsFileSet *set, const char *config_dir, const char *uid, SourceKind kind,
             const MsEvoAccount *acct, const MsEvoUids *uids, gboolean remember, GError **error)
{
  g_autofree char *path = source_path (config_dir, uid);
  g_autoptr (GKeyFile) kf = load_existing (set, path, error);
  g_autofree char *data = NULL;
  gsize length = 0;

  if (kf == NULL)
    return FALSE;
  switch (kind)
    {
    case SOURCE_IDENTITY: plan_identity (kf, acct, uids); break;
    case SOURCE_TRANSPORT: plan_transport (kf, acct, uids, remember); break;
    case SOURCE_SIGNATURE: plan_signature (kf, acct); break;
    case SOURCE_ACCOUNT: plan_account (kf, acct, uids, remember); break;
    }
  data = g_key_file_to_data (kf, &length, NULL);
  ms_file_set_replace (set, path, data, (gssize) length, 0600);
  return TRUE;
}

char *
ms_evo_source_path (const char *config_dir, const char *uid)
{
  return source_path (config_dir, uid);
}

gboolean
ms_evo_plan (MsFileSet *set, const char *config_dir, const MsEvoAccount *acct, const MsEvoUids *uids,
             gboolean remember, GError **error)
{
  /* Identity and transport before the account: the registry holds a child
   * whose parent has not appeared yet, but Evolution reacts to the account
   * first, and should find its identity and transport already there. */
  if (!plan_source (set, config_dir, uids->identity, SOURCE_IDENTITY, acct, uids, remember, error) ||
      !plan_source (set, config_dir, uids->transport, SOURCE_TRANSPORT, acct, uids, remember, error))
    return FALSE;
  if (uids->signature)
    {
      /* EDS keeps the text beside the sources, named by the UID
       * (e_source_mail_signature's "file"); the content goes first. */
      g_autofree char *text_path = g_build_filename (config_dir, "signatures", uids->signature, NULL);

      if (!ms_file_set_load (set, text_path, MS_FILE_MAX_SETTINGS, error))
        return FALSE;
      ms_file_set_replace (set, text_path, acct->signature, -1, 0600);
      if (!plan_source (set, config_dir, uids->signature, SOURCE_SIGNATURE, acct, uids, remember, error))
        return FALSE;
    }
  return plan_source (set, config_dir, uids->account, SOURCE_ACCOUNT, acct, uids, remember, error);
}
