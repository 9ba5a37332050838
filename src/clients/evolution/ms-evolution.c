/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gdesktopappinfo.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ms-evolution.h"
#include "ms-evolution-private.h"
#include "ms-keyring.h"

/* The Evolution writer.  It writes the .source key files itself rather
 * than through libedataserver, so that a profile can be prepared before
 * Evolution is installed and without a running data server; the files
 * are exactly those the registry would save. */

struct _MsEvolutionClient
{
  GObject parent_instance;
  char *config_dir;     /* $XDG_CONFIG_HOME/evolution */
  char *sources_dir;
  char *data_home;      /* $XDG_DATA_HOME */
};

static void ms_evolution_client_iface_init (MsClientInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsEvolutionClient, ms_evolution_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MS_TYPE_CLIENT, ms_evolution_client_iface_init))

/* e-secret-store.c: lookups match the UID only (DONT_MATCH_NAME), and
 * "eds-origin" is PACKAGE outside Flatpak builds. */
static const SecretSchema evolution_schema = {
  "org.gnome.Evolution.Data.Source",
  SECRET_SCHEMA_DONT_MATCH_NAME,
  {
    { "e-source-uid", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "eds-origin", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

const SecretSchema *
ms_evolution_secret_schema (void)
{
  return &evolution_schema;
}

GHashTable *
ms_evolution_secret_attributes (const char *uid)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer) "e-source-uid", g_strdup (uid));
  g_hash_table_insert (attributes, (gpointer) "eds-origin", g_strdup ("evolution-data-server"));
  return attributes;
}

/* A process of ours whose program is @name: comm is cut at 15 bytes, so
 * the long names are matched on argv[0]. */
static gboolean
process_running (const char *name)
{
  g_autoptr (GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *entry;
  uid_t uid = getuid ();

  while (proc != NULL && (entry = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *cmdline = NULL;
      g_autofree char *base = NULL;
      GStatBuf st;

      if (!g_ascii_isdigit (entry[0]))
        continue;
      path = g_build_filename ("/proc", entry, NULL);
      if (g_stat (path, &st) != 0 || st.st_uid != uid)
        continue;
      g_free (path);
      path = g_build_filename ("/proc", entry, "cmdline", NULL);
      if (!g_file_get_contents (path, &cmdline, NULL, NULL) || cmdline[0] == '\0')
        continue;
      base = g_path_get_basename (cmdline);
      if (strcmp (base, name) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
ms_evolution_is_running (void)
{
  return process_running ("evolution");
}

gboolean
ms_evolution_registry_is_running (void)
{
  return process_running ("evolution-source-registry");
}

static const char *
ms_evolution_get_id (MsClient *client)
{
  return "evolution";
}

static const char *
ms_evolution_get_display_name (MsClient *client)
{
  return _("Evolution");
}

static gboolean
ms_evolution_is_installed (MsClient *client)
{
  MsEvolutionClient *self = MS_EVOLUTION_CLIENT (client);
  g_autofree char *program = g_find_program_in_path ("evolution");

  return program != NULL || g_file_test (self->config_dir, G_FILE_TEST_IS_DIR);
}

static GAppInfo *
ms_evolution_get_app_info (MsClient *client)
{
  GDesktopAppInfo *info = g_desktop_app_info_new ("org.gnome.Evolution.desktop");

  return info ? G_APP_INFO (info) : NULL;
}

typedef struct {
  MsEvoAccount *acct;
  GPtrArray *pins;      /* MsPin*, the accepted exceptions for our servers */
  gboolean dry_run;
  gboolean store_password;
  char *config_dir;
  char *sources_dir;
  char *data_home;
} WriteData;

static void
write_data_free (WriteData *data)
{
  ms_evo_account_free (data->acct);
  g_ptr_array_unref (data->pins);
  g_free (data->config_dir);
  g_free (data->sources_dir);
  g_free (data->data_home);
  g_free (data);
}

/* Stores the password for the account and the transport: a stand-alone
 * mail account has no collection parent, so EDS looks each one up by its
 * own UID (e_source_credentials_provider_ref_credentials_source). */
static gboolean
store_passwords (WriteData *data, const MsEvoUids *uids, const char *display_name, GCancellable *cancellable,
                 GError **error)
{
  const char *backend = data->acct->in_protocol == MS_PROTOCOL_POP3 ? "pop" : "imapx";
  g_autofree char *account_label = ms_evo_secret_label (display_name, "Mail Account", backend, NULL);
  g_autofree char *transport_label = ms_evo_secret_label (display_name, "Mail Transport", "smtp", uids->account);
  g_autoptr (GHashTable) account_attrs = ms_evolution_secret_attributes (uids->account);
  g_autoptr (GHashTable) transport_attrs = ms_evolution_secret_attributes (uids->transport);

  return ms_keyring_store_sync (&evolution_schema, account_attrs, account_label, data->acct->password,
                                cancellable, error) &&
         ms_keyring_store_sync (&evolution_schema, transport_attrs, transport_label, data->acct->password,
                                cancellable, error);
}

static char *
plan_display_name (MsFileSet *set, const char *account_path, const char *fallback)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  gsize length = 0;
  const char *text = ms_file_set_get_after (set, account_path, &length);
  char *name = NULL;

  if (text && g_key_file_load_from_data (kf, text, length, G_KEY_FILE_NONE, NULL))
    name = g_key_file_get_string (kf, "Data Source", "DisplayName", NULL);
  return name && *name ? name : (g_free (name), g_strdup (fallback));
}

static void
append_sentence (GString *notes, const char *sentence)
{
  if (notes->len)
    g_string_append_c (notes, ' ');
  g_string_append (notes, sentence);
}

/* Evolution keeps its certificate list in memory and rewrites it when it
 * exits: while it runs, a change on disk would be lost, so the user is
 * told what the prompt will show instead. */
static void
plan_certificates (WriteData *data, MsFileSet *set, GString *notes)
{
  gboolean running = ms_evolution_is_running ();

  for (guint i = 0; i < data->pins->len; i++)
    {
      MsPin *pin = g_ptr_array_index (data->pins, i);
      g_autoptr (GError) error = NULL;
      g_autofree char *lead = NULL;
      g_autofree char *prompt = NULL;

      if (pin->der != NULL && !running)
        {
          if (ms_evo_certdb_plan_trust (set, data->data_home, pin->host, pin->der, &error))
            continue;
          /* TRANSLATORS: a server name, e.g. “mail.3xo.fr”, then the error message. */
          lead = g_strdup_printf (_("The certificate exception for %s could not be added (%s)."), pin->host,
                                  error->message);
        }
      else if (running)
        /* TRANSLATORS: %s is a server name, e.g. “mail.3xo.fr”. */
        lead = g_strdup_printf (_("Evolution is running, so the certificate exception for %s was not added."),
                                pin->host);

      /* Evolution 3.46's trust prompt (e-certificate-widget.c) shows the
       * SHA-256 fingerprint, colon-separated uppercase like ours. */
      /* TRANSLATORS: a server name, e.g. “mail.3xo.fr”, then the certificate's SHA-256 fingerprint (64
       * hexadecimal digits with colons). “Details” is the label of a button in Evolution's own dialog: use
       * Evolution's translation. */
      prompt = g_strdup_printf (_("When Evolution first connects to %s it will ask whether to trust its "
                                  "certificate. It is safe to accept it if the SHA-256 fingerprint it shows "
                                  "under “Details” is %s: that is the certificate you checked."),
                                pin->host, pin->sha256);
      if (lead)
        append_sentence (notes, lead);
      append_sentence (notes, prompt);
    }
}

static void
return_error (GTask *task, GError *error)
{
  /* The file set says what failed and that nothing changed; the code is
   * what the front ends act on. */
  if (error->domain == MS_FILE_SET_ERROR)
    {
      error->code = error->code == MS_FILE_SET_ERROR_READ ? MS_CLIENT_ERROR_CORRUPT : MS_CLIENT_ERROR_IO;
      error->domain = MS_CLIENT_ERROR;
    }
  g_task_return_error (task, error);
}

static void
write_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  WriteData *data = task_data;
  g_autoptr (MsClientReport) report = ms_client_report_new ("evolution");
  g_autoptr (MsEvoUids) uids = ms_evo_find_uids (data->sources_dir, data->acct);
  gboolean remember = data->store_password && data->acct->remember_password;
  g_autoptr (MsFileSet) set = ms_file_set_new ();
  g_autoptr (GString) notes = g_string_new (NULL);
  g_autofree char *display_name = NULL;
  g_autofree char *account_path = ms_evo_source_path (data->config_dir, uids->account);
  GError *error = NULL;

  if (!ms_evo_plan (set, data->config_dir, data->acct, uids, remember, &error))
    {
      return_error (task, error);
      return;
    }
  plan_certificates (data, set, notes);
  display_name = plan_display_name (set, account_path, data->acct->address);

  if (data->dry_run)
    {
      report->diff = ms_file_set_diff (set);
      /* TRANSLATORS: %s is an e-mail address, e.g. “ana@3xo.fr”. */
      report->summary = g_strdup_printf (uids->account_exists ? _("The Evolution account for %s would be updated.")
                                                              /* TRANSLATORS: %s is an e-mail address, e.g. “ana@3xo.fr”. */
                                                              : _("An Evolution account for %s would be added."),
                                         data->acct->address);
      if (remember && data->acct->password && *data->acct->password)
        append_sentence (notes, _("Dry run: the password would be stored in the keyring."));
      if (notes->len)
        report->password_note = g_strdup (notes->str);
      g_task_return_pointer (task, g_steal_pointer (&report), (GDestroyNotify) ms_client_report_free);
      return;
    }

  /* Every file is staged before any is renamed, so that a full disk or a
   * cancellation leaves all the old files in place.  A running registry
   * sees each rename as CREATED followed by CHANGES_DONE_HINT (GLib's
   * synthetic events for a file moved in without WATCH_MOVES); it keeps
   * the last event per UID, so a new source is added and an existing one
   * reloaded, 3 s after the last event (test-evolution-registry checks
   * both). */
  if (g_cancellable_set_error_if_cancelled (cancellable, &error) || !ms_file_set_commit (set, &error))
    {
      return_error (task, error);
      return;
    }
  for (guint i = 0; i < ms_file_set_get_written (set)->len; i++)
    g_ptr_array_add (report->written, g_strdup (ms_file_set_get_written (set)->pdata[i]));
  for (guint i = 0; i < ms_file_set_get_backups (set)->len; i++)
    g_ptr_array_add (report->backups, g_strdup (ms_file_set_get_backups (set)->pdata[i]));
  report->backup = g_strdup (ms_file_set_get_backup (set, account_path));
  if (report->backup == NULL && report->backups->len > 0)
    report->backup = g_strdup (report->backups->pdata[0]);

  /* After the files: a keyring that fails or prompts must not leave the
   * sources half-written, and a stored password for an account that was
   * not written would be an orphan. */
  if (!remember)
    report->password_note = g_strdup (_("The password is not remembered: Evolution will ask for it."));
  else if (data->acct->password == NULL || *data->acct->password == '\0')
    report->password_note = g_strdup (_("No password was given: Evolution will ask for it."));
  else if (store_passwords (data, uids, display_name, cancellable, &error))
    report->password_stored = TRUE;
  else
    {
      /* The account is written and works: Evolution asks for the password
       * at first use, and offers to remember it then. */
      /* TRANSLATORS: %s is a sentence saying why, e.g. “No keyring service is running (…).” */
      report->password_note = g_strdup_printf (_("The password was not stored: %s Evolution will ask for it."),
                                               error->message);
      g_clear_error (&error);
    }

  /* TRANSLATORS: %s is an e-mail address, e.g. “ana@3xo.fr”. */
  report->summary = g_strdup_printf (uids->account_exists ? _("Updated the Evolution account for %s.")
                                                          /* TRANSLATORS: %s is an e-mail address, e.g. “ana@3xo.fr”. */
                                                          : _("Added the Evolution account for %s."),
                                     data->acct->address);
  if (ms_evolution_registry_is_running ())
    {
      g_autofree char *old = report->summary;

      /* The registry watches the sources folder and loads new files a few
       * seconds after they appear (3-second debounce in EDS 3.46). */
      report->summary = g_strdup_printf ("%s %s", old,
                                         _("Evolution’s data server loads it within a few seconds, with no restart."));
    }
  if (notes->len)
    {
      g_autofree char *old = report->summary;

      report->summary = g_strdup_printf ("%s %s", old, notes->str);
    }
  g_task_return_pointer (task, g_steal_pointer (&report), (GDestroyNotify) ms_client_report_free);
}

static gboolean
validate (MsAccount *account, GError **error)
{
  MsServer *in = ms_account_get_incoming (account);
  MsServer *out = ms_account_get_outgoing (account);

  if (*ms_account_get_address (account) == '\0' || *ms_server_get_hostname (in) == '\0' ||
      *ms_server_get_hostname (out) == '\0' || ms_server_get_port (in) == 0 || ms_server_get_port (out) == 0 ||
      ms_server_get_protocol (in) == MS_PROTOCOL_SMTP)
    {
      g_set_error_literal (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_INVALID,
                           _("The account needs an address and both servers with their ports before it can be "
                             "written to Evolution."));
      return FALSE;
    }
  return TRUE;
}

static void
add_pin (GPtrArray *pins, MsPinStore *store, MsServer *server)
{
  MsPin *pin = ms_pin_store_get (store, ms_server_get_hostname (server), ms_server_get_port (server));

  if (pin == NULL)
    return;
  /* Evolution trusts per host name: one entry when both servers share it. */
  for (guint i = 0; i < pins->len; i++)
    {
      MsPin *other = g_ptr_array_index (pins, i);

      if (g_ascii_strcasecmp (other->host, pin->host) == 0 && g_strcmp0 (other->sha256, pin->sha256) == 0)
        {
          ms_pin_free (pin);
          return;
        }
    }
  g_ptr_array_add (pins, pin);
}

static void
ms_evolution_write_async (MsClient *client, MsAccount *account, MsPinStore *pins, const MsClientOptions *options,
                          GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  MsEvolutionClient *self = MS_EVOLUTION_CLIENT (client);
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  WriteData *data;
  GError *error = NULL;

  g_task_set_source_tag (task, ms_evolution_write_async);
  if (!validate (account, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  data = g_new0 (WriteData, 1);
  data->acct = ms_evo_account_new_from (account);
  data->pins = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_pin_free);
  if (pins)
    {
      add_pin (data->pins, pins, ms_account_get_incoming (account));
      add_pin (data->pins, pins, ms_account_get_outgoing (account));
    }
  data->dry_run = options && options->dry_run;
  data->store_password = options == NULL || options->store_password;
  data->config_dir = g_strdup (self->config_dir);
  data->sources_dir = g_strdup (self->sources_dir);
  data->data_home = g_strdup (self->data_home);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

static MsClientReport *
ms_evolution_write_finish (MsClient *client, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
ms_evolution_needs_keyring (MsClient *client, const MsClientOptions *options)
{
  return options == NULL || options->store_password;
}

static void
ms_evolution_client_iface_init (MsClientInterface *iface)
{
  iface->needs_keyring = ms_evolution_needs_keyring;
  iface->get_id = ms_evolution_get_id;
  iface->get_display_name = ms_evolution_get_display_name;
  iface->is_installed = ms_evolution_is_installed;
  iface->get_app_info = ms_evolution_get_app_info;
  iface->write_async = ms_evolution_write_async;
  iface->write_finish = ms_evolution_write_finish;
}

static void
ms_evolution_client_finalize (GObject *object)
{
  MsEvolutionClient *self = MS_EVOLUTION_CLIENT (object);

  g_free (self->config_dir);
  g_free (self->sources_dir);
  g_free (self->data_home);
  G_OBJECT_CLASS (ms_evolution_client_parent_class)->finalize (object);
}

static void
ms_evolution_client_class_init (MsEvolutionClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_evolution_client_finalize;
}

static void
ms_evolution_client_init (MsEvolutionClient *self)
{
}

MsClient *
ms_evolution_client_new_for_dirs (const char *config_home, const char *data_home)
{
  MsEvolutionClient *self = g_object_new (MS_TYPE_EVOLUTION_CLIENT, NULL);

  self->config_dir = g_build_filename (config_home, "evolution", NULL);
  self->sources_dir = g_build_filename (self->config_dir, "sources", NULL);
  self->data_home = g_strdup (data_home);
  return MS_CLIENT (self);
}

MsClient *
ms_evolution_client_new (void)
{
  /* EDS's e_get_user_config_dir() and e_get_user_data_dir() follow the
   * same XDG variables. */
  return ms_evolution_client_new_for_dirs (g_get_user_config_dir (), g_get_user_data_dir ());
}

const char *
ms_evolution_client_get_sources_dir (MsEvolutionClient *self)
{
  return self->sources_dir;
}
