/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "evolution/ms-evolution-private.h"
#include "evolution/ms-evolution.h"
#include "evolution/ms-keyring.h"
#include "thunderbird/ms-thunderbird.h"
#include "ms-existing.h"

/* The accounts customers already have, whatever the program: the one
 * place that knows which reader, writer and lock each program needs, so
 * that the setup session checks and repairs them all the same way. */

MsExistingAccount *
ms_existing_account_new (const char *program)
{
  MsExistingAccount *account = g_new0 (MsExistingAccount, 1);

  account->program = g_strdup (program);
  return account;
}

MsExistingAccount *
ms_existing_account_copy (const MsExistingAccount *a)
{
  MsExistingAccount *copy = ms_existing_account_new (a->program);

  copy->location = g_strdup (a->location);
  copy->dir = g_strdup (a->dir);
  copy->account_key = g_strdup (a->account_key);
  copy->incoming_key = g_strdup (a->incoming_key);
  copy->outgoing_key = g_strdup (a->outgoing_key);
  copy->identity_key = g_strdup (a->identity_key);
  copy->display_name = g_strdup (a->display_name);
  copy->address = g_strdup (a->address);
  copy->incoming = a->incoming ? ms_endpoint_copy (a->incoming) : NULL;
  copy->outgoing = a->outgoing ? ms_endpoint_copy (a->outgoing) : NULL;
  return copy;
}

void
ms_existing_account_free (MsExistingAccount *a)
{
  if (a == NULL)
    return;
  g_free (a->program);
  g_free (a->location);
  g_free (a->dir);
  g_free (a->account_key);
  g_free (a->incoming_key);
  g_free (a->outgoing_key);
  g_free (a->identity_key);
  g_free (a->display_name);
  g_free (a->address);
  ms_endpoint_free (a->incoming);
  ms_endpoint_free (a->outgoing);
  g_free (a);
}

static gboolean
same_text (const char *a, const char *b)
{
  return a && b && g_ascii_strcasecmp (a, b) == 0;
}

static gboolean
on_hosts (const MsEndpoint *e, const char *const *hosts)
{
  for (guint i = 0; e && hosts[i]; i++)
    if (same_text (e->hostname, hosts[i]))
      return TRUE;
  return FALSE;
}

gboolean
ms_existing_account_matches (const MsExistingAccount *a, const char *address, const char *const *hosts)
{
  g_autofree char *local = NULL;

  if (address)
    {
      /* A login of only the local part is the very mistake to find: "test"
       * on the provider's host is test@test.com's account when no
       * identity says otherwise. */
      local = g_strndup (address, strcspn (address, "@"));
      return same_text (a->address, address) || same_text (a->incoming->username, address) ||
             (a->address == NULL && same_text (a->incoming->username, local));
    }
  return hosts == NULL || on_hosts (a->incoming, hosts) || on_hosts (a->outgoing, hosts);
}

static void
add_all (GPtrArray *out, GPtrArray *found)
{
  for (guint i = 0; found && i < found->len; i++)
    g_ptr_array_add (out, g_steal_pointer (&found->pdata[i]));
}

GPtrArray *
ms_existing_find_all (GPtrArray *unreadable)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_existing_account_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) profiles = ms_thunderbird_list_profiles (&error);
  g_autofree char *sources = g_build_filename (g_get_user_config_dir (), "evolution", "sources", NULL);
  g_autoptr(GPtrArray) evolution = NULL;

  if (profiles == NULL && unreadable)
    g_ptr_array_add (unreadable, g_steal_pointer (&error));
  for (guint i = 0; profiles && i < profiles->len; i++)
    {
      MsThunderbirdProfile *profile = profiles->pdata[i];
      g_autofree char *prefs = g_build_filename (profile->path, "prefs.js", NULL);
      g_autoptr(GError) local = NULL;
      g_autoptr(GPtrArray) found = NULL;

      /* A profile never used has no prefs.js yet: no account in it. */
      if (!g_file_test (prefs, G_FILE_TEST_EXISTS))
        continue;
      found = ms_thunderbird_read_accounts (profile->path, profile->name, &local);
      if (found == NULL && unreadable)
        g_ptr_array_add (unreadable, g_steal_pointer (&local));
      add_all (out, found);
    }
  evolution = ms_evolution_read_accounts (sources, &error);
  if (evolution == NULL && unreadable)
    g_ptr_array_add (unreadable, g_steal_pointer (&error));
  add_all (out, evolution);
  return out;
}

struct _MsExistingLock
{
  MsExistingAccount *account;
  int fd;
  gboolean created;
};

MsExistingLock *
ms_existing_lock (const MsExistingAccount *account, GError **error)
{
  MsExistingLock *lock = g_new0 (MsExistingLock, 1);

  lock->fd = -1;
  if (g_str_equal (account->program, "thunderbird"))
    {
      lock->fd = ms_thunderbird_lock_existing (account, &lock->created, error);
      if (lock->fd < 0)
        return (g_free (lock), NULL);
    }
  else if (ms_evolution_is_running ())
    {
      g_set_error_literal (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_RUNNING,
                           _("Evolution is running: close it, then try again."));
      return (g_free (lock), NULL);
    }
  lock->account = ms_existing_account_copy (account);
  return lock;
}

void
ms_existing_unlock (MsExistingLock *lock)
{
  if (lock == NULL)
    return;
  if (lock->fd >= 0)
    ms_thunderbird_unlock_existing (lock->account, lock->fd, lock->created);
  ms_existing_account_free (lock->account);
  g_free (lock);
}

gboolean
ms_existing_plan_repair (MsFileSet *set, const MsExistingAccount *account, const MsEndpoint *incoming,
                         const MsEndpoint *outgoing, const char *password, GError **error)
{
  if (g_str_equal (account->program, "thunderbird"))
    return ms_thunderbird_plan_repair (set, account, incoming, outgoing, password, error);
  return ms_evolution_plan_repair (set, account, incoming, outgoing, error);
}

gboolean
ms_existing_store_password (const MsExistingAccount *account, const char *password, GCancellable *cancellable,
                            GError **error)
{
  const char *name = account->display_name ? account->display_name : account->address;
  const char *backend = account->incoming->protocol == MS_PROTOCOL_POP3 ? "pop" : "imapx";
  g_autofree char *account_label = NULL;
  g_autoptr(GHashTable) account_attrs = NULL;

  if (!g_str_equal (account->program, "evolution") || password == NULL || *password == '\0')
    return TRUE;
  /* The labels and attributes EDS gives them, so that Evolution finds
   * the password under the sources it already has. */
  account_label = ms_evo_secret_label (name ? name : "", "Mail Account", backend, NULL);
  account_attrs = ms_evolution_secret_attributes (account->account_key);
  if (!ms_keyring_store_sync (ms_evolution_secret_schema (), account_attrs, account_label, password,
                              cancellable, error))
    return FALSE;
  if (account->outgoing_key)
    {
      g_autofree char *label = ms_evo_secret_label (name ? name : "", "Mail Transport", "smtp",
                                                    account->account_key);
      g_autoptr(GHashTable) attrs = ms_evolution_secret_attributes (account->outgoing_key);

      return ms_keyring_store_sync (ms_evolution_secret_schema (), attrs, label, password, cancellable, error);
    }
  return TRUE;
}
