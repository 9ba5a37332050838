/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "core/ms-address.h"
#include "core/ms-oauth2.h"
#include "net/discover/ms-discovery.h"
#include "ms-certificates-dialog.h"
#include "ms-repair-dialog.h"
#include "ms-provider-page.h"

#define MANUAL_ID "manual"

struct _MsProviderPage
{
  MsPage parent_instance;

  GtkWidget *provider_combo;
  GtkWidget *details_label;
  GtkWidget *problems_label;
  GtkWidget *discover_box;
  GtkWidget *discover_address_entry;
  GtkWidget *proposal_box;
  GtkWidget *proposal_title;
  GtkWidget *proposal_source;
  GtkWidget *proposal_servers;
  GtkWidget *proposal_advice;
  GtkWidget *proposal_confirm;
  GtkWidget *proposal_confirm_label;
  GtkWidget *proposal_manual;
  GtkWidget *not_found_label;

  MsProviderStore *store;
  MsSetupSession *session;
  MsProvider *manual;
  MsDiscovery *discovery;
  MsDiscoveryResult *result;   /* for the address in the entry, or NULL */
  gboolean filling;
};

/* What Continue does when "Other provider" is chosen. */
typedef enum {
  STEP_TYPE_SERVERS,   /* no address, nothing found, or the user's choice */
  STEP_FIND,           /* "Find My Settings" for the typed address */
  STEP_USE,            /* "Use These Settings" found */
} Step;

G_DEFINE_TYPE (MsProviderPage, ms_provider_page, MS_TYPE_PAGE)

static char *
describe_provider (MsProvider *provider)
{
  g_autoptr(GPtrArray) hosts = g_ptr_array_new ();
  g_autofree char *domains = g_strjoinv (", ", (GStrv) ms_provider_get_domains (provider));
  g_autofree char *servers = NULL;
  char *text;
  GPtrArray *lists[] = { ms_provider_get_incoming (provider), ms_provider_get_outgoing (provider) };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        const MsEndpoint *e = g_ptr_array_index (lists[l], i);
        if (!g_ptr_array_find_with_equal_func (hosts, e->hostname, g_str_equal, NULL))
          g_ptr_array_add (hosts, e->hostname);
      }
  g_ptr_array_add (hosts, NULL);
  servers = g_strjoinv (", ", (GStrv) hosts->pdata);
  /* TRANSLATORS: servers, then domains, of the chosen provider. */
  text = g_strdup_printf (_("Servers: %s\nDomains: %s and the other domains the provider hosts"), servers, domains);
  if (ms_provider_uses_oauth2 (provider))
    {
      char *with_advice = g_strdup_printf ("%s\n%s", text, ms_sign_in_advice (MS_SIGN_IN_OAUTH2));
      g_free (text);
      text = with_advice;
    }
  return text;
}

static void
update_details (MsProviderPage *self)
{
  MsProvider *provider = ms_account_get_provider (ms_page_get_account (MS_PAGE (self)));
  g_autofree char *text = NULL;

  if (provider == NULL || ms_provider_is_manual (provider))
    text = g_strdup (_("You will type the servers your provider gave you on the next pages."));
  else
    text = describe_provider (provider);
  gtk_label_set_text (GTK_LABEL (self->details_label), text);
}

static gboolean
is_manual (MsProviderPage *self)
{
  return g_strcmp0 (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->provider_combo)), MANUAL_ID) == 0;
}

static Step
current_step (MsProviderPage *self)
{
  const char *address = gtk_entry_get_text (GTK_ENTRY (self->discover_address_entry));

  if (self->result && self->result->proposal &&
      !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->proposal_manual)))
    return STEP_USE;
  if (self->result == NULL && ms_address_validate (address, NULL))
    return STEP_FIND;
  return STEP_TYPE_SERVERS;
}

/* The forward button says what it will do; a proposal from DNS, plain
 * http or a guess goes on only once the user has confirmed it. */
static void
update_discover (MsProviderPage *self)
{
  MsPage *page = MS_PAGE (self);
  gboolean manual = is_manual (self);
  Step step = current_step (self);

  gtk_widget_set_visible (self->discover_box, manual);
  if (!manual)
    {
      ms_page_set_forward_label (page, NULL);
      return;
    }
  switch (step)
    {
    case STEP_FIND:
      ms_page_set_forward_label (page, _("_Find My Settings"));
      ms_page_set_complete (page, TRUE);
      break;
    case STEP_USE:
      ms_page_set_forward_label (page, _("_Use These Settings"));
      ms_page_set_complete (page, !self->result->proposal->needs_confirmation ||
                                  gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->proposal_confirm)));
      break;
    case STEP_TYPE_SERVERS:
    default:
      ms_page_set_forward_label (page, NULL);
      ms_page_set_complete (page, TRUE);
      break;
    }
}

static char *
describe_servers (MsProvider *provider, const char *address)
{
  GPtrArray *lists[] = { ms_provider_get_incoming (provider), ms_provider_get_outgoing (provider) };
  GString *text = g_string_new (NULL);

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      g_autoptr(MsEndpoint) e = ms_endpoint_copy (g_ptr_array_index (lists[l], 0));
      g_autofree char *host = ms_expand_placeholders (e->hostname, address, NULL);
      g_autofree char *line = NULL;

      g_free (e->hostname);
      e->hostname = g_steal_pointer (&host);
      line = ms_endpoint_describe (e);
      if (l > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: here and in “Outgoing: %s” on the same line, %s is a server's protocol, name, port and
       * security, e.g. “IMAP imap.example.org:993 SSL/TLS”. */
      g_string_append_printf (text, l == 0 ? _("Incoming: %s") : _("Outgoing: %s"), line);
    }
  return g_string_free (text, FALSE);
}

static void
show_result (MsProviderPage *self)
{
  MsDiscoveryResult *r = self->result;
  MsDiscoveryProposal *p = r ? r->proposal : NULL;

  gtk_widget_set_visible (self->proposal_box, p != NULL);
  gtk_widget_set_visible (self->not_found_label, r != NULL && p == NULL);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->proposal_confirm), FALSE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->proposal_manual), FALSE);
  if (r != NULL && p == NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s\n%s", r->error->message,
                                               _("Type the servers your provider gave you on the next pages."));
      gtk_label_set_text (GTK_LABEL (self->not_found_label), text);
    }
  if (p != NULL)
    {
      g_autofree char *title = NULL, *source = NULL, *servers = NULL, *domains = NULL, *confirm = NULL;
      MsSignIn sign_in = ms_provider_uses_oauth2 (p->provider) ? MS_SIGN_IN_OAUTH2 : ms_sign_in_for_domain (r->domain);

      if (p->known_provider)
        /* TRANSLATORS: %s is a provider's name, e.g. 3xo. */
        title = g_strdup_printf (_("Your domain is hosted at %s"), ms_provider_get_display_name (p->known_provider));
      else
        /* TRANSLATORS: %s is a provider's name or a domain. */
        title = g_strdup_printf (_("Settings found: %s"), ms_provider_get_display_name (p->provider));
      /* TRANSLATORS: where the settings come from, then a URL or a host name. */
      source = g_strdup_printf (_("Found in: %s (%s)"), ms_discovery_source_display (p->source), p->origin);
      servers = describe_servers (p->known_provider ? p->known_provider : p->provider, r->address);
      domains = g_strjoinv (", ", p->domains);
      /* TRANSLATORS: the source of the settings, then host names in full. */
      confirm = g_strdup_printf (_("These settings come from %s, which can be wrong or forged. I confirm that my "
                                   "mail and password may go to: %s"),
                                 ms_discovery_source_display (p->source), domains);
      gtk_label_set_text (GTK_LABEL (self->proposal_title), title);
      gtk_label_set_text (GTK_LABEL (self->proposal_source), source);
      gtk_label_set_text (GTK_LABEL (self->proposal_servers), servers);
      gtk_label_set_text (GTK_LABEL (self->proposal_confirm_label), confirm);
      gtk_widget_set_visible (self->proposal_confirm, p->needs_confirmation);
      gtk_widget_set_visible (self->proposal_advice, sign_in != MS_SIGN_IN_PASSWORD);
      if (sign_in != MS_SIGN_IN_PASSWORD)
        gtk_label_set_text (GTK_LABEL (self->proposal_advice), ms_sign_in_advice (sign_in));
    }
  update_discover (self);
}

static void
discover_address_changed (MsProviderPage *self)
{
  const char *address = gtk_entry_get_text (GTK_ENTRY (self->discover_address_entry));

  /* What was found belongs to the address it was found for. */
  if (self->result && g_strcmp0 (self->result->address, address) != 0)
    {
      g_clear_pointer (&self->result, ms_discovery_result_free);
      show_result (self);
    }
  update_discover (self);
}

static void
proposal_toggled (MsProviderPage *self)
{
  update_discover (self);
}

static void
discovered (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(MsProviderPage) self = user_data;
  g_autoptr(GError) error = NULL;
  MsDiscoveryResult *result = ms_discovery_run_finish (MS_DISCOVERY (source), res, &error);

  g_clear_pointer (&self->result, ms_discovery_result_free);
  self->result = result;
  show_result (self);
  /* Stay: the user reads where the settings come from first. */
  ms_page_apply_complete (MS_PAGE (self), FALSE);
}

static gboolean
ms_provider_page_apply (MsPage *page, GCancellable *cancellable)
{
  MsProviderPage *self = MS_PROVIDER_PAGE (page);
  MsAccount *account = ms_page_get_account (page);
  const char *address = gtk_entry_get_text (GTK_ENTRY (self->discover_address_entry));

  /* A chosen profile needs no lookup at all. */
  if (!is_manual (self))
    return FALSE;
  switch (current_step (self))
    {
    case STEP_FIND:
      {
        g_autoptr(MsDiscoveryOptions) options = ms_discovery_options_new ();

        g_object_set (account, "address", address, NULL);
        options->offline = self->session && ms_setup_session_get_offline (self->session);
        options->ca_file = g_strdup (g_getenv ("MAIL_SETUP_CA_FILE"));
        g_clear_object (&self->discovery);
        self->discovery = ms_discovery_new (self->store, options);
        ms_discovery_run_async (self->discovery, address, cancellable, discovered, g_object_ref (self));
        return TRUE;
      }
    case STEP_USE:
      {
        MsDiscoveryProposal *p = self->result->proposal;

        ms_account_set_provider (account, p->known_provider ? p->known_provider : p->provider);
        return FALSE;
      }
    case STEP_TYPE_SERVERS:
    default:
      if (ms_address_validate (address, NULL))
        g_object_set (account, "address", address, NULL);
      ms_account_set_provider (account, self->manual);
      return FALSE;
    }
}

static void
provider_changed (MsProviderPage *self)
{
  MsAccount *account = ms_page_get_account (MS_PAGE (self));
  const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->provider_combo));
  MsProvider *provider;

  if (self->filling || id == NULL)
    return;
  if (g_str_equal (id, MANUAL_ID))
    provider = self->manual;
  else if (ms_account_get_provider (account) &&
           g_str_equal (id, ms_provider_get_key (ms_account_get_provider (account))))
    provider = ms_account_get_provider (account);
  else
    provider = ms_provider_store_lookup (self->store, id);
  ms_account_set_provider (account, provider);
  update_details (self);
  ms_page_set_complete (MS_PAGE (self), provider != NULL);
  update_discover (self);
}

/* Profiles may share a display name (Zoho has one per region): the
 * domain tells them apart. */
static char *
combo_label (GPtrArray *providers, MsProvider *provider)
{
  const char *name = ms_provider_get_display_name (provider);

  for (guint i = 0; i < providers->len; i++)
    {
      MsProvider *other = g_ptr_array_index (providers, i);
      if (other != provider && g_strcmp0 (ms_provider_get_display_name (other), name) == 0)
        /* TRANSLATORS: a provider's name, then its main domain. */
        return g_strdup_printf (_("%s (%s)"), name, ms_provider_get_domains (provider)[0]);
    }
  return g_strdup (name);
}

static void
fill (MsProviderPage *self)
{
  MsAccount *account = ms_page_get_account (MS_PAGE (self));
  GtkComboBoxText *combo = GTK_COMBO_BOX_TEXT (self->provider_combo);
  GPtrArray *providers = ms_provider_store_get_providers (self->store);
  GPtrArray *problems = ms_provider_store_get_problems (self->store);
  MsProvider *current = ms_account_get_provider (account);
  const char *active;

  self->filling = TRUE;
  gtk_combo_box_text_remove_all (combo);
  for (guint i = 0; i < providers->len; i++)
    {
      MsProvider *p = g_ptr_array_index (providers, i);
      g_autofree char *label = combo_label (providers, p);
      gtk_combo_box_text_append (combo, ms_provider_get_key (p), label);
    }
  /* A profile given on the command line is offered even if no folder has it. */
  if (current && !ms_provider_is_manual (current) &&
      ms_provider_store_lookup (self->store, ms_provider_get_key (current)) == NULL)
    gtk_combo_box_text_append (combo, ms_provider_get_key (current), ms_provider_get_display_name (current));
  gtk_combo_box_text_append (combo, MANUAL_ID, ms_provider_get_display_name (self->manual));
  self->filling = FALSE;

  if (current == NULL)
    current = ms_provider_store_get_default (self->store);
  active = current ? ms_provider_get_key (current) : MANUAL_ID;
  if (!gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->provider_combo), active))
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->provider_combo), MANUAL_ID);
  else if (current != ms_account_get_provider (account))
    provider_changed (self);
  else
    ms_page_set_complete (MS_PAGE (self), TRUE);
  update_details (self);
  update_discover (self);

  gtk_widget_set_visible (self->problems_label, problems->len > 0);
  if (problems->len > 0)
    {
      GString *text = g_string_new (_("Some provider profiles could not be read and are not offered:"));
      for (guint i = 0; i < problems->len; i++)
        g_string_append_printf (text, "\n• %s", ((GError *) g_ptr_array_index (problems, i))->message);
      gtk_label_set_text (GTK_LABEL (self->problems_label), text->str);
      g_string_free (text, TRUE);
    }
}

/* Section 5 of the guide, for a customer whose account is already set up. */
static void
manage_certificates_clicked (MsProviderPage *self)
{
  MsProvider *provider = ms_account_get_provider (ms_page_get_account (MS_PAGE (self)));
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  GtkWidget *dialog;

  /* "Other provider" names no host: then every exception is shown. */
  if (provider && ms_provider_is_manual (provider))
    provider = NULL;
  dialog = ms_certificates_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL, provider,
                                       self->session ? ms_setup_session_get_pin_store (self->session) : NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The most common helpdesk call: an account that exists and does not work. */
static void
check_existing_clicked (MsProviderPage *self)
{
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (self->session == NULL)
    return;
  dialog = ms_repair_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL, self->session);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ms_provider_page_dispose (GObject *object)
{
  MsProviderPage *self = MS_PROVIDER_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_object (&self->manual);
  g_clear_object (&self->discovery);
  g_clear_pointer (&self->result, ms_discovery_result_free);
  G_OBJECT_CLASS (ms_provider_page_parent_class)->dispose (object);
}

static void
ms_provider_page_class_init (MsProviderPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ms_provider_page_dispose;
  MS_PAGE_CLASS (klass)->apply = ms_provider_page_apply;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mailsetup/MailSetup/ms-provider-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsProviderPage, provider_combo);
  gtk_widget_class_bind_template_child (widget_class, MsProviderPage, details_label);
  gtk_widget_class_bind_template_child (widget_class, MsProviderPage, problems_label);
  gtk_widget_class_bind_template_child (widget_class, MsProviderPage, discover_box);
  gtk_widget_class_bind_template_child (widget_class, MsProviderPage, discover_address_entry);
  gtk_widget_class_bind_template_child (widget_class, MsProviderPage, proposal_box);
  gtk_widget_class_bind_template_child (widget_class, MsProviderPage, proposal_title);
  gtk_widget_class_bind_template_child (widget_class, MsProviderPage, proposal_source);
  gtk_widget_class_bind_template_child (widget_class, MsProviderPage, proposal_servers);
  gtk_widget_class_bind_template_child (widget_class, MsProviderPage, proposal_advice);
  gtk_widget_class_bind_template_child (widget_class, MsProviderPage, proposal_confirm);
  gtk_widget_class_bind_template_child (widget_class, MsProviderPage, proposal_confirm_label);
  gtk_widget_class_bind_template_child (widget_class, MsProviderPage, proposal_manual);
  gtk_widget_class_bind_template_child (widget_class, MsProviderPage, not_found_label);
  gtk_widget_class_bind_template_callback (widget_class, provider_changed);
  gtk_widget_class_bind_template_callback (widget_class, discover_address_changed);
  gtk_widget_class_bind_template_callback (widget_class, proposal_toggled);
  gtk_widget_class_bind_template_callback (widget_class, manage_certificates_clicked);
  gtk_widget_class_bind_template_callback (widget_class, check_existing_clicked);
}

static void
ms_provider_page_init (MsProviderPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->manual = ms_provider_new_manual ();
}

MsPage *
ms_provider_page_new (MsAccount *account, MsProviderStore *store, MsSetupSession *session)
{
  MsProviderPage *self = g_object_new (MS_TYPE_PROVIDER_PAGE, "account", account,
                                       "title", _("Provider"), NULL);

  self->store = g_object_ref (store);
  self->session = session ? g_object_ref (session) : NULL;
  /* Profiles from disk arrive from a thread after the window shows. */
  g_signal_connect_object (store, "changed", G_CALLBACK (fill), self, G_CONNECT_SWAPPED);
  fill (self);
  return MS_PAGE (self);
}
