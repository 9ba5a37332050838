/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ms-provider-page.h"

#define MANUAL_ID "manual"

struct _MsProviderPage
{
  MsPage parent_instance;

  GtkWidget *provider_combo;
  GtkWidget *details_label;
  GtkWidget *problems_label;

  MsProviderStore *store;
  MsProvider *manual;
  gboolean filling;
};

G_DEFINE_TYPE (MsProviderPage, ms_provider_page, MS_TYPE_PAGE)

static char *
describe_provider (MsProvider *provider)
{
  g_autoptr(GPtrArray) hosts = g_ptr_array_new ();
  g_autofree char *domains = g_strjoinv (", ", (GStrv) ms_provider_get_domains (provider));
  g_autofree char *servers = NULL;
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
  return g_strdup_printf (_("Servers: %s\nDomains: %s and the other domains the provider hosts"), servers, domains);
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

static void
ms_provider_page_dispose (GObject *object)
{
  MsProviderPage *self = MS_PROVIDER_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->manual);
  G_OBJECT_CLASS (ms_provider_page_parent_class)->dispose (object);
}

static void
ms_provider_page_class_init (MsProviderPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ms_provider_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mailsetup/MailSetup/ms-provider-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsProviderPage, provider_combo);
  gtk_widget_class_bind_template_child (widget_class, MsProviderPage, details_label);
  gtk_widget_class_bind_template_child (widget_class, MsProviderPage, problems_label);
  gtk_widget_class_bind_template_callback (widget_class, provider_changed);
}

static void
ms_provider_page_init (MsProviderPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->manual = ms_provider_new_manual ();
}

MsPage *
ms_provider_page_new (MsAccount *account, MsProviderStore *store)
{
  MsProviderPage *self = g_object_new (MS_TYPE_PROVIDER_PAGE, "account", account,
                                       "title", _("Provider"), NULL);

  self->store = g_object_ref (store);
  /* Profiles from disk arrive from a thread after the window shows. */
  g_signal_connect_object (store, "changed", G_CALLBACK (fill), self, G_CONNECT_SWAPPED);
  fill (self);
  return MS_PAGE (self);
}
