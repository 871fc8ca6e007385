/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The host bar against loopback servers: one that serves a chain, one that never speaks. */
#include "config.h"

#include "ps-certificate-card.h"
#include "ps-chain-view.h"
#include "ps-compare-view.h"
#include "ps-host-bar.h"
#include "ps-pinset-editor.h"
#include "ps-test-tls-server.h"
#include "ps-test-util.h"
#include "test-ui-common.h"

static PsTestPki *pki;

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_loopback_chain (void)
{
  g_autofree char *bundle = ps_test_pki_bundle (pki, "ui-served", pki->leaf, pki->inter, NULL);
  PsTestTlsServerOptions options = { .mode = "tls", .certs = bundle, .key = pki->leaf_key };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autofree char *openssl_pin = ps_test_openssl_pin (pki->leaf);
  g_autofree char *leaf_pin = g_strconcat ("sha256/", openssl_pin, NULL);
  PsWindow *window = ps_test_ui_window_new ();
  PsHostBar *host_bar = PS_HOST_BAR (ps_window_get_host_bar (window));
  PsChainView *view;
  PsCertificateCard *card;

  /* Typed into the entry and activated, as a user would. */
  gtk_editable_set_text (GTK_EDITABLE (ps_host_bar_get_entry (host_bar)), address);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (host_bar), "host.inspect", NULL));
  g_assert_true (ps_host_bar_get_busy (host_bar));

  PS_WAIT_UNTIL (ps_test_ui_n_items (window) == 1, 20);
  g_assert_false (ps_host_bar_get_busy (host_bar));
  g_assert_null (ps_host_bar_get_error (host_bar));

  view = PS_CHAIN_VIEW (ps_window_get_visible_item (window));
  g_assert_true (PS_IS_CHAIN_VIEW (view));
  g_assert_cmpint (ps_chain_view_get_origin (view), ==, PS_PIN_ORIGIN_HOST);
  g_assert_cmpstr (ps_chain_view_get_origin_detail (view), ==, address);
  g_assert_cmpuint (ps_chain_view_get_n_cards (view), >=, 2);
  card = PS_CERTIFICATE_CARD (ps_test_ui_get_card (view, 0));
  g_assert_cmpstr (ps_certificate_card_get_pin_text (card), ==, leaf_pin);
  /* The summary says which trust store the chain was verified against. */
  g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (view),
                                           "verified against the system trust store"));

  /* The host joins the history that the entry completes from. */
  {
    g_autoptr(GSettings) settings = ps_test_ui_settings ();
    g_auto(GStrv) history = g_settings_get_strv (settings, "host-history");

    g_assert_nonnull (history[0]);
    g_assert_cmpstr (history[0], ==, address);
  }

  /* Inspecting the same host again replaces its view (which goes away) rather than
   * adding one. */
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &view);
  ps_window_inspect_host (window, address);
  PS_WAIT_UNTIL (!ps_host_bar_get_busy (host_bar), 20);
  PS_WAIT_UNTIL (view == NULL, 5);
  g_assert_cmpuint (ps_test_ui_n_items (window), ==, 1);
  g_assert_true (PS_IS_CHAIN_VIEW (ps_window_get_visible_item (window)));

  /* With a default CA file (the test root), the chain is trusted, and the summary names
   * the file. */
  {
    g_autoptr(GSettings) settings = ps_test_ui_settings ();
    g_autofree char *root_name = g_path_get_basename (pki->root);
    g_autofree char *expected = g_strconcat ("verified against ", root_name, NULL);
    GtkWidget *item;

    g_settings_set_string (settings, "default-cafile", pki->root);
    view = PS_CHAIN_VIEW (ps_window_get_visible_item (window));
    g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &view);
    ps_window_inspect_host (window, address);
    PS_WAIT_UNTIL (!ps_host_bar_get_busy (host_bar), 20);
    PS_WAIT_UNTIL (view == NULL, 5);
    item = ps_window_get_visible_item (window);
    g_assert_true (PS_IS_CHAIN_VIEW (item));
    g_assert_true (ps_chain_get_trusted (ps_chain_view_get_chain (PS_CHAIN_VIEW (item))));
    g_assert_nonnull (ps_test_ui_find_label (item, expected));
    g_settings_reset (settings, "default-cafile");
  }

  ps_test_tls_server_stop (server);
  ps_test_ui_window_finish (window);
}

typedef struct
{
  gint64 last;
  gint64 max_gap;
} Ticks;

static gboolean
tick_cb (gpointer user_data)
{
  Ticks *ticks = user_data;
  gint64 now = g_get_monotonic_time ();

  if (ticks->last != 0)
    ticks->max_gap = MAX (ticks->max_gap, now - ticks->last);
  ticks->last = now;

  return G_SOURCE_CONTINUE;
}

static void
test_silent_server_cancel (void)
{
  PsTestTlsServerOptions options = { .mode = "silent" };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  PsWindow *window = ps_test_ui_window_new ();
  PsHostBar *host_bar = PS_HOST_BAR (ps_window_get_host_bar (window));
  Ticks ticks = { 0, };
  guint tick_id;

  ps_window_inspect_host (window, address);
  g_assert_true (ps_host_bar_get_busy (host_bar));

  /* While the handshake waits for a server that never answers, the main loop runs. */
  tick_id = g_timeout_add (20, tick_cb, &ticks);
  ps_test_ui_spin (1200);
  g_assert_true (ps_host_bar_get_busy (host_bar));
  /* A blocking wait would stall the loop for the whole 1.2 s; the margin is for a busy
   * machine running other tests at the same time. */
  g_assert_cmpint (ticks.max_gap, <, 600 * 1000);
  g_assert_cmpint (ticks.max_gap, >, 0);

  /* Other actions still work meanwhile. */
  g_assert_nonnull (ps_window_new_pinset (window));
  g_assert_cmpuint (ps_test_ui_n_items (window), ==, 1);

  /* Cancel, as the button does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (host_bar), "host.cancel", NULL));
  g_assert_false (ps_host_bar_get_busy (host_bar));
  ps_test_ui_spin (200);
  g_assert_false (ps_host_bar_get_busy (host_bar));
  g_assert_null (ps_host_bar_get_error (host_bar));
  /* No chain view appeared. */
  g_assert_cmpuint (ps_test_ui_n_items (window), ==, 1);

  g_source_remove (tick_id);
  ps_test_tls_server_stop (server);
  ps_test_ui_window_finish (window);
}

static void
test_starttls_option (void)
{
  g_autofree char *bundle = ps_test_pki_bundle (pki, "ui-smtp", pki->leaf, pki->inter, NULL);
  PsTestTlsServerOptions options = { .mode = "tls", .certs = bundle, .key = pki->leaf_key,
                                     .starttls = "smtp" };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autofree char *openssl_pin = ps_test_openssl_pin (pki->leaf);
  g_autofree char *leaf_pin = g_strconcat ("sha256/", openssl_pin, NULL);
  PsWindow *window = ps_test_ui_window_new ();
  PsHostBar *host_bar = PS_HOST_BAR (ps_window_get_host_bar (window));
  GtkDropDown *starttls = GTK_DROP_DOWN (ps_test_ui_find (GTK_WIDGET (host_bar),
                                                          GTK_TYPE_DROP_DOWN));
  GtkStringObject *item;
  PsChainView *view;

  /* SMTP chosen in the options popover: the EHLO/STARTTLS preamble comes first. */
  g_assert_nonnull (starttls);
  gtk_drop_down_set_selected (starttls, 1);
  item = gtk_drop_down_get_selected_item (starttls);
  g_assert_cmpstr (gtk_string_object_get_string (item), ==, "SMTP");

  ps_window_inspect_host (window, address);
  PS_WAIT_UNTIL (!ps_host_bar_get_busy (host_bar), 20);
  g_assert_null (ps_host_bar_get_error (host_bar));
  g_assert_cmpuint (ps_test_ui_n_items (window), ==, 1);
  view = PS_CHAIN_VIEW (ps_window_get_visible_item (window));
  g_assert_cmpstr (ps_certificate_card_get_pin_text (
                     PS_CERTIFICATE_CARD (ps_test_ui_get_card (view, 0))),
                   ==, leaf_pin);

  ps_test_tls_server_stop (server);
  ps_test_ui_window_finish (window);
}

static void
test_close_cancels (void)
{
  PsTestTlsServerOptions options = { .mode = "silent" };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  PsWindow *window = ps_test_ui_window_new ();
  PsHostBar *host_bar = PS_HOST_BAR (ps_window_get_host_bar (window));

  ps_window_inspect_host (window, address);
  g_assert_true (ps_host_bar_get_busy (host_bar));
  ps_test_ui_spin (200);

  /* Closing the window mid-handshake cancels it: nothing is left running or alive. */
  g_object_add_weak_pointer (G_OBJECT (host_bar), (gpointer *) &host_bar);
  ps_test_ui_window_finish (window);
  PS_WAIT_UNTIL (host_bar == NULL, 2);

  ps_test_tls_server_stop (server);
}

static void
test_error_in_place (void)
{
  PsTestTlsServerOptions options = { .mode = "close" };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  PsWindow *window = ps_test_ui_window_new ();
  PsHostBar *host_bar = PS_HOST_BAR (ps_window_get_host_bar (window));

  ps_window_inspect_host (window, address);
  PS_WAIT_UNTIL (!ps_host_bar_get_busy (host_bar), 20);
  g_assert_nonnull (ps_host_bar_get_error (host_bar));
  g_assert_nonnull (strstr (ps_host_bar_get_error (host_bar), address));
  g_assert_cmpuint (ps_test_ui_n_items (window), ==, 0);
  g_assert_true (gtk_widget_get_visible (find_button (GTK_WIDGET (host_bar), "_Retry")));

  /* Retry runs again and fails the same way, in place. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (host_bar), "host.retry", NULL));
  g_assert_true (ps_host_bar_get_busy (host_bar));
  PS_WAIT_UNTIL (!ps_host_bar_get_busy (host_bar), 20);
  g_assert_nonnull (ps_host_bar_get_error (host_bar));

  ps_test_tls_server_stop (server);
  ps_test_ui_window_finish (window);
}

static void
test_rotation_candidate_host (void)
{
  g_autofree char *bundle = ps_test_pki_bundle (pki, "ui-candidate", pki->leaf, pki->inter,
                                                NULL);
  PsTestTlsServerOptions options = { .mode = "tls", .certs = bundle, .key = pki->leaf_key };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autofree char *inter_pin = ps_test_openssl_pin (pki->inter);
  PsWindow *window = ps_test_ui_window_new ();
  PsPinsetEditor *editor = PS_PINSET_EDITOR (ps_window_new_pinset (window));
  PsCompareView *compare = PS_COMPARE_VIEW (ps_pinset_editor_get_compare_list (editor));
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
  g_autoptr(PsPinsetDomain) domain = ps_pinset_domain_new ("localhost", FALSE);
  g_autoptr(PsPinsetDomain) ip = ps_pinset_domain_new ("127.0.0.1", FALSE);
  g_autoptr(PsPin) pin = ps_pin_parse (inter_pin, NULL);
  g_autoptr(PsPinsetPin) item = ps_pinset_pin_new (pin, "Issuing CA", PS_PIN_ROLE_INTERMEDIATE);
  PsRotationReport *report;
  g_autoptr(PsRotationRule) rule_report = NULL;
  g_autoptr(PsRotationMatch) match = NULL;
  GtkWidget *row;

  ps_pinset_rule_add_domain (rule, domain);
  ps_pinset_rule_add_domain (rule, ip);
  g_assert_true (ps_pinset_rule_add_pin (rule, item));
  ps_pinset_add_rule (ps_pinset_editor_get_pinset (editor), rule);

  /* The candidate host typed into the compare page, then applied. */
  ps_pinset_editor_show_page (editor, "compare");
  row = ps_test_ui_find_row (GTK_WIDGET (compare), "Candidate _host");
  g_assert_true (ADW_IS_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), address);
  g_signal_emit_by_name (row, "apply");
  PS_WAIT_UNTIL (ps_compare_view_get_report (compare) != NULL, 20);

  report = ps_compare_view_get_report (compare);
  g_assert_cmpuint (g_list_model_get_n_items (ps_rotation_report_get_rules (report)), ==, 1);
  rule_report = g_list_model_get_item (ps_rotation_report_get_rules (report), 0);
  g_assert_cmpuint (g_list_model_get_n_items (ps_rotation_rule_get_matches (rule_report)), ==, 1);
  match = g_list_model_get_item (ps_rotation_rule_get_matches (rule_report), 0);
  g_assert_cmpint (ps_rotation_match_get_depth (match), ==, 1);
  /* The verdict names the rule by its first domain, as the Pins page does. */
  g_assert_nonnull (ps_test_ui_find_row (GTK_WIDGET (compare),
                                         ps_rotation_rule_get_accepted (rule_report)
                                         ? "The rule for localhost accepts it"
                                         : "The rule for localhost would break"));

  ps_test_tls_server_stop (server);
  ps_test_ui_window_finish (window);
}

/* Inspect is the suggested action only once a host is typed: the empty window's own
 * "Inspect a Host" is the one suggested action until then. */
static void
test_inspect_suggested (void)
{
  PsWindow *window = ps_test_ui_window_new ();
  PsHostBar *bar = PS_HOST_BAR (ps_window_get_host_bar (window));
  GtkWidget *entry = ps_host_bar_get_entry (bar);
  GtkWidget *inspect = NULL;
  GtkWidget *empty_inspect;
  GtkWidget *retry;

  for (GtkWidget *w = entry; w != NULL && inspect == NULL;
       w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_STACK (w))
      inspect = gtk_stack_get_child_by_name (GTK_STACK (w), "idle");
  g_assert_true (GTK_IS_BUTTON (inspect));

  empty_inspect = find_button (GTK_WIDGET (window), "_Inspect a Host");
  g_assert_nonnull (empty_inspect);

  g_assert_false (gtk_widget_has_css_class (inspect, "suggested-action"));
  g_assert_true (gtk_widget_has_css_class (empty_inspect, "suggested-action"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "example.com");
  g_assert_true (gtk_widget_has_css_class (inspect, "suggested-action"));
  g_assert_false (gtk_widget_has_css_class (empty_inspect, "suggested-action"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_assert_false (gtk_widget_has_css_class (inspect, "suggested-action"));
  g_assert_true (gtk_widget_has_css_class (empty_inspect, "suggested-action"));

  /* A host that cannot be parsed is an error in place, without a Retry that would fail the
   * same way; a failed connection offers one. */
  ps_window_inspect_host (window, "example.com:99999");
  g_assert_false (ps_host_bar_get_busy (bar));
  g_assert_nonnull (ps_host_bar_get_error (bar));
  retry = find_button (GTK_WIDGET (bar), "_Retry");
  g_assert_nonnull (retry);
  g_assert_false (gtk_widget_get_visible (retry));

  ps_test_ui_window_finish (window);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  ps_test_ui_init (&argc, &argv);

  pki = ps_test_pki_new (FALSE);

  g_test_add_func ("/ui/host/loopback-chain", test_loopback_chain);
  g_test_add_func ("/ui/host/silent-server-cancel", test_silent_server_cancel);
  g_test_add_func ("/ui/host/starttls-option", test_starttls_option);
  g_test_add_func ("/ui/host/close-cancels", test_close_cancels);
  g_test_add_func ("/ui/host/error-in-place", test_error_in_place);
  g_test_add_func ("/ui/host/rotation-candidate", test_rotation_candidate_host);
  g_test_add_func ("/ui/host/inspect-suggested", test_inspect_suggested);

  ret = g_test_run ();

  ps_test_pki_free (pki);

  return ret;
}
