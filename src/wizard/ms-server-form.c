/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/ms-core-enums.h"
#include "core/ms-ports.h"
#include "ms-server-form.h"
#include "ms-ui.h"

struct _MsServerForm
{
  GtkBox parent_instance;

  GtkWidget *recommended_box;
  GtkWidget *recommended_label;
  GtkWidget *recommended_button;
  GtkWidget *host_entry;
  GtkWidget *port_combo;
  GtkWidget *port_entry;
  GtkWidget *security_combo;
  GtkWidget *auth_label;
  GtkWidget *auth_combo;
  GtkWidget *username_entry;
  GtkWidget *username_hint;
  GtkWidget *error_label;
  GtkWidget *local_part_box;
  GtkWidget *local_part_label;
  GtkWidget *plaintext_box;
  GtkWidget *plaintext_check;
  GtkWidget *port25_box;

  MsAccount *account;
  MsServer *server;
  gulong port_changed_id;
  gboolean complete;
};

G_DEFINE_TYPE (MsServerForm, ms_server_form, GTK_TYPE_BOX)

enum { PROP_0, PROP_COMPLETE, N_PROPS };
static GParamSpec *props[N_PROPS];

static const char *
provider_name (MsServerForm *self)
{
  MsProvider *provider = ms_account_get_provider (self->account);

  return provider && !ms_provider_is_manual (provider) ? ms_provider_get_display_name (provider) : NULL;
}

static const MsEndpoint *
recommended_endpoint (MsServerForm *self)
{
  MsProvider *provider = ms_account_get_provider (self->account);
  GPtrArray *list;

  if (provider == NULL || ms_provider_is_manual (provider))
    return NULL;
  list = ms_server_get_protocol (self->server) == MS_PROTOCOL_SMTP
         ? ms_provider_get_outgoing (provider) : ms_provider_get_incoming (provider);
  return list->len ? g_ptr_array_index (list, 0) : NULL;
}

static gboolean
matches_recommended (MsServerForm *self, const MsEndpoint *rec)
{
  return rec && ms_server_get_protocol (self->server) == rec->protocol &&
         ms_server_get_port (self->server) == rec->port &&
         ms_server_get_security (self->server) == rec->security &&
         g_ascii_strcasecmp (ms_server_get_hostname (self->server), rec->hostname) == 0;
}

static void
fill_security_combo (MsServerForm *self)
{
  const MsEndpoint *rec = recommended_endpoint (self);
  GtkComboBoxText *combo = GTK_COMBO_BOX_TEXT (self->security_combo);

  gtk_combo_box_text_remove_all (combo);
  for (MsSecurity s = MS_SECURITY_SSL; s <= MS_SECURITY_NONE; s++)
    {
      g_autofree char *text = NULL;

      /* Only for the recommended port: SSL/TLS on port 25 is no advice. */
      if (rec && rec->protocol == ms_server_get_protocol (self->server) && rec->security == s &&
          rec->port == ms_server_get_port (self->server))
        /* TRANSLATORS: a security method marked as the provider's advice. */
        text = g_strdup_printf (_("%s (recommended)"), ms_security_display (s));
      else if (s == MS_SECURITY_NONE)
        text = g_strdup (_("None (unencrypted)"));
      else
        text = g_strdup (ms_security_display (s));
      gtk_combo_box_text_append (combo, ms_security_to_string (s), text);
    }
}

static void
fill_port_combo (MsServerForm *self)
{
  GtkComboBoxText *combo = GTK_COMBO_BOX_TEXT (self->port_combo);
  MsProtocol protocol = ms_server_get_protocol (self->server);
  static const guint imap[] = { 993, 143, 0 }, pop[] = { 995, 110, 0 }, smtp[] = { 465, 587, 25, 0 };
  const guint *ports = protocol == MS_PROTOCOL_IMAP ? imap : protocol == MS_PROTOCOL_POP3 ? pop : smtp;

  g_signal_handler_block (self->port_entry, self->port_changed_id);
  gtk_combo_box_text_remove_all (combo);
  for (guint i = 0; ports[i]; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", ports[i]);
      gtk_combo_box_text_append (combo, text, text);
    }
  g_signal_handler_unblock (self->port_entry, self->port_changed_id);
}

static void
sync_port (MsServerForm *self)
{
  g_autofree char *text = g_strdup_printf ("%u", ms_server_get_port (self->server));
  guint typed = 0;

  /* Leave the entry alone while it already says this port, so that the
   * cursor does not jump while the user types. */
  if (ms_ports_parse (gtk_entry_get_text (GTK_ENTRY (self->port_entry)), &typed) &&
      typed == ms_server_get_port (self->server))
    return;
  g_signal_handler_block (self->port_entry, self->port_changed_id);
  gtk_entry_set_text (GTK_ENTRY (self->port_entry), text);
  g_signal_handler_unblock (self->port_entry, self->port_changed_id);
}

static void
update_state (MsServerForm *self)
{
  g_autoptr(GError) error = NULL;
  const MsEndpoint *rec = recommended_endpoint (self);
  const char *name = provider_name (self);
  MsProtocol protocol = ms_server_get_protocol (self->server);
  gboolean is_smtp = protocol == MS_PROTOCOL_SMTP;
  gboolean local_part = ms_account_username_is_local_part (self->account, self->server);
  gboolean complete;
  guint typed;

  gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->security_combo),
                               ms_security_to_string (ms_server_get_security (self->server)));
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->auth_combo),
                               ms_auth_to_string (ms_server_get_auth (self->server)));

  gtk_widget_set_visible (self->recommended_box, rec != NULL);
  if (rec)
    {
      g_autofree char *text = NULL;
      gboolean same = matches_recommended (self, rec);

      if (same)
        /* TRANSLATORS: %s is the provider, e.g. "✓ Recommended by 3xo". */
        text = g_strdup_printf (_("✓ These are the settings recommended by %s."), name);
      else
        /* TRANSLATORS: provider, protocol, security, port: "3xo recommends IMAP with SSL/TLS on port 993." */
        text = g_strdup_printf (_("%s recommends %s with %s on port %u: the most secure and flexible choice."),
                                name, ms_protocol_display (rec->protocol),
                                ms_security_display (rec->security), rec->port);
      gtk_label_set_text (GTK_LABEL (self->recommended_label), text);
      gtk_widget_set_visible (self->recommended_button, !same);
      if (same)
        gtk_style_context_add_class (gtk_widget_get_style_context (self->recommended_label), "ms-recommended");
      else
        gtk_style_context_remove_class (gtk_widget_get_style_context (self->recommended_label), "ms-recommended");
    }

  {
    g_autofree char *hint = NULL;
    if (name && ms_provider_wants_full_address (ms_account_get_provider (self->account), protocol))
      /* TRANSLATORS: %s is the provider's name, e.g. “3xo”; test@test.com is an example address: keep it as it
       * is. */
      hint = g_strdup_printf (_("At %s the username is always your full e-mail address, for example test@test.com: its servers host many domains."), name);
    else
      hint = g_strdup (_("Usually your full e-mail address."));
    gtk_label_set_text (GTK_LABEL (self->username_hint), hint);
  }

  gtk_widget_set_visible (self->local_part_box, local_part);
  if (local_part)
    {
      g_autofree char *text = NULL;
      if (name)
        /* TRANSLATORS: the provider's name, e.g. “3xo”, then the user's e-mail address, e.g. “ana@3xo.fr”. */
        text = g_strdup_printf (_("This does not work at %s: its servers host several domains, so the username must be your full e-mail address (%s)."),
                                name, ms_account_get_address (self->account));
      else
        /* TRANSLATORS: %s is the user's e-mail address, e.g. “ana@3xo.fr”. */
        text = g_strdup_printf (_("Most providers need your full e-mail address (%s) as the username, not only the part before the “@”."),
                                ms_account_get_address (self->account));
      gtk_label_set_text (GTK_LABEL (self->local_part_label), text);
    }

  gtk_widget_set_visible (self->plaintext_box, ms_server_get_security (self->server) == MS_SECURITY_NONE);
  gtk_widget_set_visible (self->port25_box, is_smtp && ms_server_get_port (self->server) == 25);
  gtk_widget_set_visible (self->auth_label, is_smtp);
  gtk_widget_set_visible (self->auth_combo, is_smtp);

  complete = ms_server_validate (self->server, &error);
  /* An invalid port is typed text the model refused; say so precisely. */
  if (!ms_ports_parse (gtk_entry_get_text (GTK_ENTRY (self->port_entry)), &typed))
    {
      complete = FALSE;
      g_clear_error (&error);
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The port must be a number from 1 to 65535."));
    }
  /* Do not scold an empty field the user has not reached yet. */
  gtk_widget_set_visible (self->error_label,
                          error && *ms_server_get_hostname (self->server) &&
                          !g_error_matches (error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_PLAINTEXT_NOT_CONFIRMED));
  gtk_label_set_text (GTK_LABEL (self->error_label), error ? error->message : "");

  /* A green "recommended" next to a warning about the same settings
   * says two things at once: the warning wins. */
  if (rec && matches_recommended (self, rec) &&
      (local_part || gtk_widget_get_visible (self->plaintext_box) || gtk_widget_get_visible (self->error_label)))
    gtk_widget_hide (self->recommended_box);

  if (self->complete != complete)
    {
      self->complete = complete;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_COMPLETE]);
    }
}

static void
protocol_changed (MsServerForm *self)
{
  fill_port_combo (self);
  fill_security_combo (self);
  update_state (self);
}

static void
port_text_changed (MsServerForm *self)
{
  guint port;

  if (ms_ports_parse (gtk_entry_get_text (GTK_ENTRY (self->port_entry)), &port))
    ms_server_set_port_from_user (self->server, port);
  fill_security_combo (self);
  update_state (self);
}

static void
security_changed (MsServerForm *self)
{
  MsSecurity security;

  if (ms_security_from_string (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->security_combo)), &security))
    ms_server_set_security (self->server, security);
}

static void
auth_changed (MsServerForm *self)
{
  MsAuth auth;

  if (ms_auth_from_string (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->auth_combo)), &auth))
    ms_server_set_auth (self->server, auth);
}

static void
recommended_clicked (MsServerForm *self)
{
  const MsEndpoint *rec = recommended_endpoint (self);
  g_autofree char *username = g_strdup (ms_server_get_username (self->server));

  if (rec == NULL)
    return;
  if (rec->protocol != MS_PROTOCOL_SMTP)
    ms_account_select_incoming (self->account, rec->protocol);
  ms_server_load_endpoint (self->server, rec, ms_account_get_address (self->account),
                           ms_account_get_real_name (self->account));
  /* Keep a username the user chose; the profile's one is the default. */
  if (*username && strchr (username, '@'))
    ms_server_set_username (self->server, username);
}

static void
full_address_clicked (MsServerForm *self)
{
  ms_server_set_username (self->server, ms_account_get_address (self->account));
}

static void
ms_server_form_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_COMPLETE: g_value_set_boolean (value, MS_SERVER_FORM (object)->complete); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_server_form_dispose (GObject *object)
{
  MsServerForm *self = MS_SERVER_FORM (object);

  g_clear_object (&self->server);
  g_clear_object (&self->account);
  G_OBJECT_CLASS (ms_server_form_parent_class)->dispose (object);
}

static void
ms_server_form_class_init (MsServerFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_server_form_dispose;
  object_class->get_property = ms_server_form_get_property;
  props[PROP_COMPLETE] = g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mailsetup/MailSetup/ms-server-form.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MsServerForm, name)
  BIND (recommended_box);
  BIND (recommended_label);
  BIND (recommended_button);
  BIND (host_entry);
  BIND (port_combo);
  BIND (port_entry);
  BIND (security_combo);
  BIND (auth_label);
  BIND (auth_combo);
  BIND (username_entry);
  BIND (username_hint);
  BIND (error_label);
  BIND (local_part_box);
  BIND (local_part_label);
  BIND (plaintext_box);
  BIND (plaintext_check);
  BIND (port25_box);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, recommended_clicked);
  gtk_widget_class_bind_template_callback (widget_class, full_address_clicked);
}

static void
ms_server_form_init (MsServerForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ms_ui_set_accessible_name (self->host_entry, _("Server"));
  ms_ui_set_accessible_name (self->username_entry, _("Username"));
  ms_ui_set_accessible_name (self->security_combo, _("Security"));
  ms_ui_set_accessible_name (self->auth_combo, _("Authentication"));
  ms_ui_set_accessible_name (self->port_combo, _("Port"));
}

GtkWidget *
ms_server_form_new (MsAccount *account, MsServer *server)
{
  MsServerForm *self = g_object_new (MS_TYPE_SERVER_FORM, NULL);
  GBindingFlags both = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;

  self->account = g_object_ref (account);
  self->server = g_object_ref (server);

  for (MsAuth a = MS_AUTH_PASSWORD_CLEARTEXT; a <= MS_AUTH_OAUTH2; a++)
    gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (self->auth_combo), ms_auth_to_string (a), ms_auth_display (a));

  /* The label names the combo; the entry inside it needs its own name. */
  atk_object_set_name (gtk_widget_get_accessible (self->port_entry), _("Port"));
  self->port_changed_id = g_signal_connect_swapped (self->port_entry, "changed", G_CALLBACK (port_text_changed), self);
  fill_port_combo (self);
  fill_security_combo (self);

  g_object_bind_property (server, "hostname", self->host_entry, "text", both);
  g_object_bind_property (server, "username", self->username_entry, "text", both);
  g_object_bind_property (server, "plaintext-confirmed", self->plaintext_check, "active", both);

  g_signal_connect_object (self->security_combo, "changed", G_CALLBACK (security_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->auth_combo, "changed", G_CALLBACK (auth_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (server, "notify::protocol", G_CALLBACK (protocol_changed), self, G_CONNECT_SWAPPED);
  /* Only a change in the model rewrites the port entry, never the user's
   * own typing, even when it is not a number yet. */
  g_signal_connect_object (server, "notify::port", G_CALLBACK (sync_port), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (server, "notify", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::address", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::provider", G_CALLBACK (protocol_changed), self, G_CONNECT_SWAPPED);

  sync_port (self);
  update_state (self);
  return GTK_WIDGET (self);
}

gboolean
ms_server_form_is_complete (MsServerForm *self)
{
  return self->complete;
}

void
ms_server_form_refresh (MsServerForm *self)
{
  protocol_changed (self);
}
