/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Other provider" → Find My Settings, in the real window, against the
 * DNS, web and mail servers of tests/discover (run by
 * tests/discover/run-discover-test.sh --serve). */
#include "config.h"

#include <string.h>

#include "ms-test-ui.h"
#include "pages/ms-account-page.h"
#include "pages/ms-incoming-page.h"
#include "pages/ms-provider-page.h"

typedef MsTestWizard Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  MsProviderStore *store = ms_provider_store_new ();

  ms_provider_store_load_sync (store, NULL);
  ms_test_wizard_open (f, store, ms_account_new (ms_provider_store_get_default (store)), TRUE);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  ms_test_wizard_close (f);
}

static char *
read_log (const char *variable)
{
  char *text = NULL;

  if (!g_file_get_contents (g_getenv (variable), &text, NULL, NULL))
    text = g_strdup ("");
  return text;
}

static guint
count (const char *text, const char *needle)
{
  guint n = 0;
  gsize len = strlen (needle);

  for (const char *p = text; (p = strstr (p, needle)) != NULL; p += len)
    n++;
  return n;
}

static const char *
forward_label (Fixture *f)
{
  return gtk_button_get_label (GTK_BUTTON (ms_assistant_get_forward_button (f->assistant)));
}

static gboolean
forward_sensitive (Fixture *f)
{
  ms_snapshot_settle ();
  return gtk_widget_is_sensitive (ms_assistant_get_forward_button (f->assistant));
}

static gboolean
not_applying (gpointer data)
{
  Fixture *f = data;
  return !ms_page_get_applying (ms_assistant_get_current (f->assistant));
}

static void
choose_other (Fixture *f)
{
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (ms_test_find (f->win, "provider_combo")), "manual");
  ms_snapshot_settle ();
}

static void
find (Fixture *f, const char *address)
{
  ms_test_type (f->win, "discover_address_entry", address);
  g_assert_cmpstr (forward_label (f), ==, ms_test_tr ("_Find My Settings", "_Rechercher mes réglages"));
  gtk_button_clicked (GTK_BUTTON (ms_assistant_get_forward_button (f->assistant)));
  /* A spinner and Cancel while it looks: set at once, before the main
   * loop runs again (a fast answer may come within one settle). */
  g_assert_true (ms_page_get_applying (ms_assistant_get_current (f->assistant)));
  g_assert_true (gtk_widget_get_visible (ms_test_find (f->win, "cancel_button")));
  ms_test_wait (not_applying, f);
  ms_snapshot_settle ();
  g_assert_true (MS_IS_PROVIDER_PAGE (ms_assistant_get_current (f->assistant)));
}

/* 3xo chosen: Continue looks nothing up. */
static void
test_chosen_profile_no_lookup (Fixture *f, gconstpointer data)
{
  g_autofree char *dns_before = read_log ("MS_TEST_DNS_LOG");
  g_autofree char *http_before = read_log ("MS_TEST_HTTP_LOG");
  g_autofree char *dns_after = NULL, *http_after = NULL;

  g_assert_false (ms_test_visible (f->win, "discover_box"));
  gtk_button_clicked (GTK_BUTTON (ms_assistant_get_forward_button (f->assistant)));
  ms_snapshot_settle ();
  g_assert_true (MS_IS_ACCOUNT_PAGE (ms_assistant_get_current (f->assistant)));
  ms_test_type (f->win, "address_entry", "carol@hosted.test");
  ms_snapshot_settle ();
  dns_after = read_log ("MS_TEST_DNS_LOG");
  http_after = read_log ("MS_TEST_HTTP_LOG");
  g_assert_cmpuint (count (dns_after, "query["), ==, count (dns_before, "query["));
  g_assert_cmpstr (http_after, ==, http_before);
}

/* SRV: the source and every domain shown; Continue only once confirmed;
 * then the incoming page holds the servers found. */
static void
test_srv_confirmed (Fixture *f, gconstpointer data)
{
  MsServer *in = ms_account_get_incoming (f->account);

  choose_other (f);
  g_assert_true (ms_test_visible (f->win, "discover_box"));
  find (f, "dave@srv.test");
  g_assert_true (ms_test_visible (f->win, "proposal_box"));
  g_assert_nonnull (strstr (ms_test_label (f->win, "proposal_source"), "DNS SRV"));
  g_assert_nonnull (strstr (ms_test_label (f->win, "proposal_confirm_label"), "imap.srvhost.test"));
  g_assert_nonnull (strstr (ms_test_label (f->win, "proposal_confirm_label"), "smtp.srvhost.test"));
  g_assert_true (ms_test_visible (f->win, "proposal_confirm"));
  g_assert_cmpstr (forward_label (f), ==, ms_test_tr ("_Use These Settings", "_Utiliser ces réglages"));
  g_assert_false (forward_sensitive (f));
  ms_test_click (f->win, "proposal_confirm");
  g_assert_true (forward_sensitive (f));
  ms_test_screenshot (f->win, "01b-provider-found");
  gtk_button_clicked (GTK_BUTTON (ms_assistant_get_forward_button (f->assistant)));
  ms_snapshot_settle ();
  g_assert_true (MS_IS_ACCOUNT_PAGE (ms_assistant_get_current (f->assistant)));
  g_assert_cmpstr (ms_server_get_hostname (in), ==, "imap.srvhost.test");
  g_assert_cmpuint (ms_server_get_port (in), ==, 993);
  g_assert_cmpstr (ms_account_get_address (f->account), ==, "dave@srv.test");
}

/* MX to 3xo: "your domain is hosted at 3xo", and 3xo's servers. */
static void
test_hosted_at_3xo (Fixture *f, gconstpointer data)
{
  choose_other (f);
  find (f, "carol@hosted.test");
  g_assert_nonnull (strstr (ms_test_label (f->win, "proposal_title"), "3xo"));
  g_assert_nonnull (strstr (ms_test_label (f->win, "proposal_servers"), "mail.3xo.fr"));
  g_assert_nonnull (strstr (ms_test_label (f->win, "proposal_confirm_label"), "mx1.3xo.fr"));
  ms_test_click (f->win, "proposal_confirm");
  gtk_button_clicked (GTK_BUTTON (ms_assistant_get_forward_button (f->assistant)));
  ms_snapshot_settle ();
  g_assert_cmpstr (ms_provider_get_id (ms_account_get_provider (f->account)), ==, "3xo.fr");
}

/* The provider's own https file needs no confirmation; changing the
 * address forgets it; "type myself" goes on with empty servers. */
static void
test_autoconfig_and_manual (Fixture *f, gconstpointer data)
{
  choose_other (f);
  find (f, "alice@ac.test");
  g_assert_false (ms_test_visible (f->win, "proposal_confirm"));
  g_assert_true (forward_sensitive (f));
  ms_test_click (f->win, "proposal_manual");
  g_assert_cmpstr (forward_label (f), ==, ms_test_tr ("C_ontinue", "_Continuer"));
  ms_test_type (f->win, "discover_address_entry", "alice@other.test");
  g_assert_false (ms_test_visible (f->win, "proposal_box"));
  g_assert_cmpstr (forward_label (f), ==, ms_test_tr ("_Find My Settings", "_Rechercher mes réglages"));
}

/* An OAuth2-only provider: the proposal says what to do instead of a
 * password. */
static void
test_oauth2_advice (Fixture *f, gconstpointer data)
{
  choose_other (f);
  find (f, "kim@oauth.test");
  g_assert_true (ms_test_visible (f->win, "proposal_advice"));
  g_assert_nonnull (strstr (ms_test_label (f->win, "proposal_advice"),
                            ms_test_tr ("app password", "mot de passe d’application")));
  gtk_button_clicked (GTK_BUTTON (ms_assistant_get_forward_button (f->assistant)));
  ms_snapshot_settle ();
  g_assert_cmpint (ms_server_get_auth (ms_account_get_incoming (f->account)), ==, MS_AUTH_OAUTH2);
}

/* Cancel stops the lookups at once, on a domain whose hosts hang. */
static void
test_cancel (Fixture *f, gconstpointer data)
{
  gint64 start;

  choose_other (f);
  ms_test_type (f->win, "discover_address_entry", "hank@filtered.test");
  gtk_button_clicked (GTK_BUTTON (ms_assistant_get_forward_button (f->assistant)));
  ms_snapshot_settle ();
  g_assert_true (ms_page_get_applying (ms_assistant_get_current (f->assistant)));
  start = g_get_monotonic_time ();
  gtk_button_clicked (GTK_BUTTON (ms_test_find (f->win, "cancel_button")));
  ms_test_wait (not_applying, f);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_true (MS_IS_PROVIDER_PAGE (ms_assistant_get_current (f->assistant)));
}

int
main (int argc, char **argv)
{
  ms_test_ui_init (&argc, &argv);
  if (g_getenv ("MS_TEST_DNS_LOG") == NULL)
    {
      g_print ("1..0 # SKIP needs tests/discover/run-discover-test.sh --serve\n");
      return 0;
    }
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/wizard-discover/chosen-profile-no-lookup", test_chosen_profile_no_lookup);
  ADD ("/wizard-discover/srv-confirmed", test_srv_confirmed);
  ADD ("/wizard-discover/hosted-at-3xo", test_hosted_at_3xo);
  ADD ("/wizard-discover/autoconfig-and-manual", test_autoconfig_and_manual);
  ADD ("/wizard-discover/oauth2-advice", test_oauth2_advice);
  ADD ("/wizard-discover/cancel", test_cancel);
#undef ADD
  return g_test_run ();
}
