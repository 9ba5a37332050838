/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

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

/* Reads @path if it exists; a file that is there but not a key file is
 * not overwritten: the user may have written it, and the registry would
 * have skipped it rather than lose it. */
static GKeyFile *
load_existing (const char *path, char **old_contents, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) local = NULL;
  gsize length;

  *old_contents = NULL;
  if (!g_file_get_contents (path, old_contents, &length, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&kf);
      g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_IO,
                   _("Could not read the Evolution file “%s”: %s"), path, local->message);
      return NULL;
    }
  if (!g_key_file_load_from_data (kf, *old_contents, length, G_KEY_FILE_KEEP_COMMENTS, &local) ||
      !g_key_file_has_group (kf, "Data Source"))
    {
      g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT,
                   _("The Evolution file “%s” is damaged, so nothing was changed. Move it away, then try again."),
                   path);
      g_clear_pointer (old_contents, g_free);
      return NULL;
    }
  return g_steal_pointer (&kf);
}

static MsEvoFile *
file_new (const char *path, char *old_contents, char *new_contents)
{
  MsEvoFile *file = g_new0 (MsEvoFile, 1);

  file->path = g_strdup (path);
  file->old_contents = old_contents;
  file->new_contents = new_contents;
  return file;
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
              ms_evo_auth_method (MS_PROTOCOL_SMTP, acct->out_auth), acct->out_security, remember);
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
              ms_evo_auth_method (acct->in_protocol, acct->in_auth), acct->in_security, remember);
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
  g_autofree char *name = g_strdup_printf (_("Signature for %s"), acct->address);

  data_source (kf, name, NULL);
  g_key_file_set_string (kf, "Mail Signature", "MimeType", "text/plain");
}

typedef enum { SOURCE_IDENTITY, SOURCE_TRANSPORT, SOURCE_SIGNATURE, SOURCE_ACCOUNT } SourceKind;

static gboolean
plan_source (GPtrArray *plan, const char *config_dir, const char *uid, SourceKind kind,
             const MsEvoAccount *acct, const MsEvoUids *uids, gboolean remember, GError **error)
{
  g_autofree char *path = source_path (config_dir, uid);
  char *old_contents = NULL;
  g_autoptr (GKeyFile) kf = load_existing (path, &old_contents, error);

  if (kf == NULL)
    return FALSE;
  switch (kind)
    {
    case SOURCE_IDENTITY: plan_identity (kf, acct, uids); break;
    case SOURCE_TRANSPORT: plan_transport (kf, acct, uids, remember); break;
    case SOURCE_SIGNATURE: plan_signature (kf, acct); break;
    case SOURCE_ACCOUNT: plan_account (kf, acct, uids, remember); break;
    }
  g_ptr_array_add (plan, file_new (path, old_contents, g_key_file_to_data (kf, NULL, NULL)));
  return TRUE;
}

GPtrArray *
ms_evo_plan (const char *config_dir, const MsEvoAccount *acct, const MsEvoUids *uids, gboolean remember,
             GError **error)
{
  g_autoptr (GPtrArray) plan = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_evo_file_free);

  /* Identity and transport before the account: the registry holds a child
   * whose parent has not appeared yet, but Evolution reacts to the account
   * first, and should find its identity and transport already there. */
  if (!plan_source (plan, config_dir, uids->identity, SOURCE_IDENTITY, acct, uids, remember, error) ||
      !plan_source (plan, config_dir, uids->transport, SOURCE_TRANSPORT, acct, uids, remember, error))
    return NULL;
  if (uids->signature)
    {
      /* EDS keeps the text beside the sources, named by the UID
       * (e_source_mail_signature's "file"); the content goes first. */
      g_autofree char *text_path = g_build_filename (config_dir, "signatures", uids->signature, NULL);
      char *old_text = NULL;

      if (!g_file_get_contents (text_path, &old_text, NULL, NULL))
        old_text = NULL;
      g_ptr_array_add (plan, file_new (text_path, old_text, g_strdup (acct->signature)));
      if (!plan_source (plan, config_dir, uids->signature, SOURCE_SIGNATURE, acct, uids, remember, error))
        return NULL;
    }
  if (!plan_source (plan, config_dir, uids->account, SOURCE_ACCOUNT, acct, uids, remember, error))
    return NULL;
  return g_steal_pointer (&plan);
}

char *
ms_evo_stage (const char *path, const char *contents, gssize length, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  /* Hidden, and not ending in ".source": the registry's directory monitor
   * ignores it until the rename. */
  g_autofree char *tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  gsize len = length < 0 ? strlen (contents) : (gsize) length;
  gsize done = 0;
  int fd, saved;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved = errno;
      g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_IO, _("Could not create the folder “%s”: %s"),
                   dir, g_strerror (saved));
      return NULL;
    }
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    goto fail;
  while (done < len)
    {
      gssize n = write (fd, contents + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto fail_fd;
      done += (gsize) n;
    }
  if (fsync (fd) != 0)
    goto fail_fd;
  if (close (fd) != 0)
    {
      fd = -1;
      goto fail_fd;
    }
  return g_steal_pointer (&tmp);

fail_fd:
  saved = errno;
  if (fd >= 0)
    close (fd);
  g_unlink (tmp);
  errno = saved;
fail:
  saved = errno;
  g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_IO, _("Could not write “%s”: %s"), path,
               g_strerror (saved));
  return NULL;
}

gboolean
ms_evo_commit (const char *tmp, const char *path, GError **error)
{
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_IO, _("Could not write “%s”: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
ms_evo_write_atomic (const char *path, const char *contents, gssize length, GError **error)
{
  g_autofree char *tmp = ms_evo_stage (path, contents, length, error);

  return tmp != NULL && ms_evo_commit (tmp, path, error);
}
