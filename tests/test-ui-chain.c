/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The chain view, the pinset editor with its findings, the compare view and the export
 * preview, driven through the real widgets of a window. */
#include "config.h"

#include <time.h>

#include "ps-certificate-card.h"
#include "ps-chain-view.h"
#include "ps-compare-view.h"
#include "ps-export-view.h"
#include "ps-findings-list.h"
#include "ps-format.h"
#include "ps-material.h"
#include "ps-pinset-editor.h"
#include "ps-rule-editor.h"
#include "ps-test-tls-server.h"
#include "ps-test-util.h"
#include "test-ui-common.h"

static PsTestPki *pki;

static char *
expected_pin (const char *cert_path)
{
  g_autofree char *pin = ps_test_openssl_pin (cert_path);

  g_assert_nonnull (pin);

  return g_strconcat ("sha256/", pin, NULL);
}

static PsChainView *
open_chain (PsWindow   *window,
            const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  guint before = ps_test_ui_n_items (window);
  GtkWidget *item;

  ps_window_open_file (window, file);
  PS_WAIT_UNTIL (ps_test_ui_n_items (window) == before + 1, 20);

  item = ps_window_get_visible_item (window);
  g_assert_true (PS_IS_CHAIN_VIEW (item));

  return PS_CHAIN_VIEW (item);
}

static void
test_chain_levels (void)
{
  PsWindow *window = ps_test_ui_window_new ();
  g_autofree char *bundle = ps_test_pki_bundle (pki, "ui-chain", pki->leaf, pki->inter,
                                                NULL);
  g_autofree char *leaf_pin = expected_pin (pki->leaf);
  g_autofree char *inter_pin = expected_pin (pki->inter);
  PsChainView *view = open_chain (window, bundle);
  PsCertificateCard *card;

  g_assert_cmpuint (ps_chain_view_get_n_cards (view), ==, 2);

  card = PS_CERTIFICATE_CARD (ps_test_ui_get_card (view, 0));
  g_assert_cmpuint (ps_certificate_card_get_level (card), ==, 0);
  g_assert_cmpstr (ps_certificate_card_get_pin_text (card), ==, leaf_pin);

  card = PS_CERTIFICATE_CARD (ps_test_ui_get_card (view, 1));
  g_assert_cmpuint (ps_certificate_card_get_level (card), ==, 1);
  g_assert_cmpstr (ps_certificate_card_get_pin_text (card), ==, inter_pin);

  /* The copy button puts the pin on the clipboard (and toasts). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.copy-pin", NULL));

  /* The pin's tooltip is given when asked for, not set as the card is built. */
  {
    GtkWidget *pin = ps_test_ui_find_label (GTK_WIDGET (card), inter_pin);
    g_autoptr(GObject) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
    gboolean shown = FALSE;

    g_assert_nonnull (pin);
    g_assert_true (gtk_widget_get_has_tooltip (pin));
    g_signal_emit_by_name (pin, "query-tooltip", 0, 0, FALSE, tooltip, &shown);
    g_assert_true (shown);
  }

  ps_test_ui_window_finish (window);
}

static gboolean
editor_has_finding (PsPinsetEditor *editor,
                    const char     *id)
{
  return ps_findings_list_has_id (PS_FINDINGS_LIST (ps_pinset_editor_get_findings_list (editor)),
                                  id);
}

static void
test_pinset_findings_compare_export (void)
{
  PsWindow *window = ps_test_ui_window_new ();
  g_autofree char *bundle = ps_test_pki_bundle (pki, "ui-pinset", pki->leaf, pki->inter,
                                                NULL);
  g_autofree char *leaf_pin = expected_pin (pki->leaf);
  g_autofree char *backup_pin = expected_pin (pki->inter2);
  PsChainView *view = open_chain (window, bundle);
  PsPinsetEditor *editor = PS_PINSET_EDITOR (ps_window_new_pinset (window));
  PsCertificateCard *leaf_card = PS_CERTIFICATE_CARD (ps_test_ui_get_card (view, 0));
  PsCertificateCard *inter_card = PS_CERTIFICATE_CARD (ps_test_ui_get_card (view, 1));
  PsCompareView *compare;
  PsExportView *export;
  PsRuleEditor *rule_editor;
  GtkWidget *add_pin_row;
  PsPinset *pinset = ps_pinset_editor_get_pinset (editor);
  g_autoptr(PsPinsetRule) rule = NULL;
  g_autoptr(PsPinsetPin) first = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 1, 15, 12, 0, 0);
  const PsFormat * const *formats;
  guint n_formats = 0;
  gboolean leaf_matched = FALSE;

  g_assert_false (ps_certificate_card_get_matched (leaf_card));

  /* "Add to pinset" on the leaf's card, as a click would. */
  ps_window_set_visible_item (window, GTK_WIDGET (view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (leaf_card), "card.add-to-pinset", NULL));

  rule = g_list_model_get_item (ps_pinset_get_rules (pinset), 0);
  g_assert_nonnull (rule);
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_pins (rule)), ==, 1);
  first = g_list_model_get_item (ps_pinset_rule_get_pins (rule), 0);
  {
    g_autofree char *text = ps_pin_to_string (ps_pinset_pin_get_pin (first),
                                              PS_PIN_NOTATION_OKHTTP);
    g_assert_cmpstr (text, ==, leaf_pin);
  }
  g_assert_true (ps_pinset_editor_get_modified (editor));

  /* The editor shows the pin, and the linter says it has no backup. */
  rule_editor = PS_RULE_EDITOR (ps_test_ui_find (GTK_WIDGET (editor), PS_TYPE_RULE_EDITOR));
  g_assert_nonnull (rule_editor);
  g_assert_cmpuint (ps_rule_editor_get_n_pin_rows (rule_editor), ==, 1);
  PS_WAIT_UNTIL (editor_has_finding (editor, "single-pin"), 10);

  /* The compare view marks the level that the pin matches, and only it. */
  PS_WAIT_UNTIL (ps_certificate_card_get_matched (leaf_card), 10);
  g_assert_false (ps_certificate_card_get_matched (inter_card));
  compare = PS_COMPARE_VIEW (ps_pinset_editor_get_compare_list (editor));
  PS_WAIT_UNTIL (ps_compare_view_get_matches (compare) != NULL, 10);
  for (guint i = 0; i < g_list_model_get_n_items (ps_compare_view_get_matches (compare)); i++)
    {
      g_autoptr(PsPinMatch) match = g_list_model_get_item (ps_compare_view_get_matches (compare),
                                                           i);

      if (ps_pin_match_get_chain (match) == ps_chain_view_get_chain (view) &&
          ps_pin_match_get_depth (match) == 0)
        leaf_matched = TRUE;
    }
  g_assert_true (leaf_matched);

  /* A backup pin typed into the entry, then applied: single-pin goes away. */
  add_pin_row = ps_test_ui_find_row (GTK_WIDGET (rule_editor), "Add a backup _pin (any notation)");
  g_assert_true (ADW_IS_ENTRY_ROW (add_pin_row));
  gtk_editable_set_text (GTK_EDITABLE (add_pin_row), "not a pin");
  g_assert_true (gtk_widget_has_css_class (add_pin_row, "error"));
  gtk_editable_set_text (GTK_EDITABLE (add_pin_row), backup_pin);
  g_assert_false (gtk_widget_has_css_class (add_pin_row, "error"));
  g_signal_emit_by_name (add_pin_row, "apply");
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_pins (rule)), ==, 2);
  g_assert_cmpuint (ps_rule_editor_get_n_pin_rows (rule_editor), ==, 2);
  PS_WAIT_UNTIL (!editor_has_finding (editor, "single-pin"), 10);

  /* The export preview is the core's export, for every format. */
  ps_window_set_visible_item (window, GTK_WIDGET (editor));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  g_assert_cmpstr (ps_pinset_editor_get_page (editor), ==, "export");
  export = PS_EXPORT_VIEW (ps_pinset_editor_get_export_view (editor));
  ps_export_view_set_now (export, now);
  formats = ps_format_get_all (&n_formats);
  g_assert_cmpuint (n_formats, >, 0);
  for (guint i = 0; i < n_formats; i++)
    {
      g_autofree char *expected = NULL;
      g_autoptr(GPtrArray) warnings = NULL;

      ps_export_view_set_format_id (export, ps_format_get_id (formats[i]));
      g_assert_cmpstr (ps_export_view_get_format_id (export), ==, ps_format_get_id (formats[i]));
      expected = ps_format_export (formats[i], pinset, now, &warnings, NULL);
      g_assert_cmpstr (ps_export_view_get_text (export), ==, expected);
      if (expected != NULL)
        g_assert_cmpuint (ps_export_view_get_n_warnings (export), ==, warnings->len);
    }

  /* The preview follows the pinset as it changes. */
  ps_export_view_set_format_id (export, ps_format_get_id (formats[0]));
  ps_pinset_set_name (pinset, "Renamed for the test");
  {
    g_autofree char *expected = ps_format_export (formats[0], pinset, now, NULL, NULL);

    PS_WAIT_UNTIL (g_strcmp0 (ps_export_view_get_text (export), expected) == 0, 10);
  }

  ps_test_ui_window_finish (window);
}

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
test_key_material (void)
{
  PsWindow *window = ps_test_ui_window_new ();
  g_autofree char *pub = g_build_filename (pki->dir, "ui-leaf.pub.pem", NULL);
  g_autofree char *command = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (pub);
  g_autoptr(PsPinsetRule) rule = NULL;
  g_autoptr(PsPinsetPin) pin = NULL;
  GtkWidget *item;
  GtkWidget *button;
  int status = -1;

  /* A public key file, and its pin by openssl. */
  command = g_strdup_printf ("openssl pkey -in '%s' -pubout -out '%s' && "
                             "openssl pkey -pubin -in '%s' -outform der | "
                             "openssl dgst -sha256 -binary | base64",
                             pki->inter2_key, pub, pub);
  expected = ps_test_sh (command, &status);
  g_assert_cmpint (status, ==, 0);

  ps_window_open_file (window, file);
  PS_WAIT_UNTIL (ps_test_ui_n_items (window) == 1, 20);
  item = ps_window_get_visible_item (window);
  g_assert_true (PS_IS_CHAIN_VIEW (item));
  g_assert_cmpuint (ps_chain_view_get_n_cards (PS_CHAIN_VIEW (item)), ==, 0);

  /* "Add to Pinset" on the key's row: a new pinset with it as a backup pin. */
  button = find_button (item, "_Add to Pinset");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (ps_test_ui_n_items (window), ==, 2);
  {
    GListModel *items = G_LIST_MODEL (ps_window_get_items (window));
    g_autoptr(GObject) page = g_list_model_get_item (items, 1);
    PsPinsetEditor *editor = PS_PINSET_EDITOR (gtk_stack_page_get_child (GTK_STACK_PAGE (page)));

    rule = g_list_model_get_item (ps_pinset_get_rules (ps_pinset_editor_get_pinset (editor)), 0);
  }
  pin = g_list_model_get_item (ps_pinset_rule_get_pins (rule), 0);
  g_assert_cmpint (ps_pinset_pin_get_role (pin), ==, PS_PIN_ROLE_BACKUP);
  g_assert_cmpint (ps_pinset_pin_get_origin (pin), ==, PS_PIN_ORIGIN_KEY);
  shown = ps_pin_to_base64 (ps_pinset_pin_get_pin (pin));
  g_assert_cmpstr (shown, ==, expected);

  ps_test_ui_window_finish (window);
}

static GtkWidget *
find_button_by_tooltip (GtkWidget  *widget,
                        const char *tooltip)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_by_tooltip (child, tooltip);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static guint
n_pins (PsPinsetEditor *editor)
{
  g_autoptr(PsPinsetRule) rule = NULL;

  rule = g_list_model_get_item (ps_pinset_get_rules (ps_pinset_editor_get_pinset (editor)), 0);

  return rule != NULL ? g_list_model_get_n_items (ps_pinset_rule_get_pins (rule)) : 0;
}

/* A card whose pin is already in the pinset says so: its button reads "In Pinset" and is
 * insensitive, following the pins as they are added and removed in the editor, and the
 * pinset that "Add to Pinset" would add to. */
static void
test_in_pinset (void)
{
  PsWindow *window = ps_test_ui_window_new ();
  g_autofree char *bundle = ps_test_pki_bundle (pki, "ui-in-pinset", pki->leaf, pki->inter,
                                                NULL);
  PsChainView *view = open_chain (window, bundle);
  PsCertificateCard *leaf_card = PS_CERTIFICATE_CARD (ps_test_ui_get_card (view, 0));
  PsCertificateCard *inter_card = PS_CERTIFICATE_CARD (ps_test_ui_get_card (view, 1));
  GtkWidget *leaf_button = find_button (GTK_WIDGET (leaf_card), "_Add to Pinset");
  GtkWidget *inter_button = find_button (GTK_WIDGET (inter_card), "_Add to Pinset");
  PsPinsetEditor *editor;
  PsPinsetEditor *other;
  GtkWidget *remove;

  g_assert_nonnull (leaf_button);
  g_assert_nonnull (inter_button);
  g_assert_true (gtk_widget_is_sensitive (leaf_button));
  g_assert_false (ps_certificate_card_get_in_pinset (leaf_card));

  /* The first click makes a pinset with the leaf's pin: its button no longer offers it. */
  g_signal_emit_by_name (leaf_button, "clicked");
  g_assert_cmpuint (ps_test_ui_n_items (window), ==, 2);
  editor = PS_PINSET_EDITOR (ps_test_ui_find (GTK_WIDGET (window), PS_TYPE_PINSET_EDITOR));
  g_assert_nonnull (editor);
  g_assert_cmpuint (n_pins (editor), ==, 1);
  g_assert_true (ps_certificate_card_get_in_pinset (leaf_card));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (leaf_button)), ==, "In Pinset");
  g_assert_false (gtk_widget_is_sensitive (leaf_button));
  g_assert_false (ps_certificate_card_get_in_pinset (inter_card));
  g_assert_true (gtk_widget_is_sensitive (inter_button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (inter_button)), ==, "_Add to Pinset");

  /* Removing the pin in the editor offers it again. */
  remove = find_button_by_tooltip (GTK_WIDGET (editor), "Remove Pin");
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  g_assert_cmpuint (n_pins (editor), ==, 0);
  g_assert_false (ps_certificate_card_get_in_pinset (leaf_card));
  g_assert_true (gtk_widget_is_sensitive (leaf_button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (leaf_button)), ==, "_Add to Pinset");

  g_signal_emit_by_name (leaf_button, "clicked");
  g_assert_cmpuint (n_pins (editor), ==, 1);
  g_assert_false (gtk_widget_is_sensitive (leaf_button));

  /* A second pinset, now the one added to, does not hold the pin: the button is back,
   * while the card stays marked as matched by the first pinset. */
  other = PS_PINSET_EDITOR (ps_window_new_pinset (window));
  ps_window_set_visible_item (window, GTK_WIDGET (other));
  ps_window_set_visible_item (window, GTK_WIDGET (view));
  g_assert_true (ps_certificate_card_get_matched (leaf_card));
  g_assert_false (ps_certificate_card_get_in_pinset (leaf_card));
  g_assert_true (gtk_widget_is_sensitive (leaf_button));
  g_signal_emit_by_name (leaf_button, "clicked");
  g_assert_cmpuint (n_pins (other), ==, 1);
  g_assert_cmpuint (n_pins (editor), ==, 1);
  g_assert_true (ps_certificate_card_get_in_pinset (leaf_card));

  ps_test_ui_window_finish (window);
}

static void
test_widgets_finalize (void)
{
  g_autofree char *bundle = ps_test_pki_bundle (pki, "ui-finalize", pki->leaf, pki->inter,
                                                NULL);
  g_autoptr(GFile) file = g_file_new_for_path (bundle);
  g_autoptr(GPtrArray) certificates = ps_material_load_certificates (file, NULL);
  g_autoptr(PsChain) chain = ps_chain_new (certificates, NULL, NULL);
  g_autoptr(PsPinset) pinset = ps_pinset_new ("finalize");
  GtkWidget *view = g_object_ref_sink (ps_chain_view_new ());
  GtkWidget *editor;
  GtkWidget *card;

  ps_chain_view_set_chain (PS_CHAIN_VIEW (view), chain);
  g_assert_cmpuint (ps_chain_view_get_n_cards (PS_CHAIN_VIEW (view)), ==, 2);
  g_assert_finalize_object (view);

  card = g_object_ref_sink (ps_certificate_card_new (g_ptr_array_index (certificates, 0),
                                                     PS_CHAIN_SOURCE_SERVER, 0));
  g_assert_finalize_object (card);

  editor = g_object_ref_sink (ps_pinset_editor_new (pinset, NULL));
  g_assert_true (ps_pinset_editor_add_certificate (PS_PINSET_EDITOR (editor),
                                                   g_ptr_array_index (certificates, 0),
                                                   PS_PIN_ORIGIN_FILE, bundle, 0, "localhost"));
  ps_test_ui_spin (50);
  g_assert_finalize_object (editor);
}

/* How long the main loop went without running a 10 ms timeout: the longest freeze, as
 * the time the main thread worked between two beats (what the app blocked on, whatever the
 * machine's load), and as wall time (which a busy machine stretches). */
typedef struct
{
  gint64 last_cpu;
  gint64 last_wall;
  gint64 longest_cpu;
  gint64 longest_wall;
} Heartbeat;

static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  g_assert_cmpint (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts), ==, 0);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
heartbeat_start (Heartbeat *beat)
{
  beat->last_cpu = thread_cpu_time ();
  beat->last_wall = g_get_monotonic_time ();
  beat->longest_cpu = beat->longest_wall = 0;
}

static gboolean
heartbeat_cb (gpointer user_data)
{
  Heartbeat *beat = user_data;
  gint64 cpu = thread_cpu_time ();
  gint64 wall = g_get_monotonic_time ();

  beat->longest_cpu = MAX (beat->longest_cpu, cpu - beat->last_cpu);
  beat->longest_wall = MAX (beat->longest_wall, wall - beat->last_wall);
  beat->last_cpu = cpu;
  beat->last_wall = wall;

  return G_SOURCE_CONTINUE;
}

static guint
count_cards (GtkWidget *widget)
{
  guint n = PS_IS_CERTIFICATE_CARD (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_cards (child);

  return n;
}

/* A bundle of 10,000 certificates (copies of a generated chain) opens without freezing the
 * window: the main loop keeps answering while it is read and its chain built, and the view
 * says how many there are and filters them. */
static void
test_large_bundle (void)
{
  PsWindow *window = ps_test_ui_window_new ();
  g_autofree char *path = g_build_filename (pki->dir, "ui-10000.pem", NULL);
  g_autofree char *leaf = NULL;
  g_autofree char *inter = NULL;
  g_autofree char *leaf_pin = expected_pin (pki->leaf);
  g_autoptr(GString) bundle = g_string_new (NULL);
  g_autoptr(GFile) file = NULL;
  Heartbeat beat;
  guint beat_id;
  GtkWidget *item;
  PsChainView *view;

  g_assert_true (g_file_get_contents (pki->leaf, &leaf, NULL, NULL));
  g_assert_true (g_file_get_contents (pki->inter, &inter, NULL, NULL));
  for (guint i = 0; i < 5000; i++)
    {
      g_string_append (bundle, leaf);
      g_string_append (bundle, inter);
    }
  g_assert_true (g_file_set_contents (path, bundle->str, bundle->len, NULL));
  file = g_file_new_for_path (path);

  ps_test_ui_spin (100);
  heartbeat_start (&beat);
  beat_id = g_timeout_add (10, heartbeat_cb, &beat);
  ps_window_open_file (window, file);
  PS_WAIT_UNTIL (ps_test_ui_n_items (window) == 1, 60);
  item = ps_window_get_visible_item (window);
  g_assert_true (PS_IS_CHAIN_VIEW (item));
  view = PS_CHAIN_VIEW (item);
  g_assert_cmpuint (ps_chain_view_get_n_cards (view), ==, 10000);
  /* The count is shown, and the first cards are drawn. */
  PS_WAIT_UNTIL (ps_test_ui_find_label (item, "10000 certificates") != NULL, 10);
  g_assert_nonnull (ps_test_ui_get_card (view, 0));
  ps_test_ui_spin (200);
  g_source_remove (beat_id);
  g_test_message ("longest main loop gap while loading: %" G_GINT64_FORMAT " ms of work, "
                  "%" G_GINT64_FORMAT " ms of wall time",
                  beat.longest_cpu / 1000, beat.longest_wall / 1000);
  g_assert_cmpint (beat.longest_cpu, <, 200 * 1000);
  /* Cards are made for the rows about the view only: a GtkListView would keep 200
   * (GTK_LIST_VIEW_MAX_LIST_ITEMS in GTK 4.8), each built, measured and shaped. */
  g_test_message ("cards made: %u", count_cards (item));
  g_assert_cmpuint (count_cards (item), <=, 40);

  /* The last certificate's card, made once it is scrolled to, and still few cards. */
  {
    GtkWidget *card = ps_test_ui_get_card (view, 9999);

    g_assert_cmpuint (ps_certificate_card_get_level (PS_CERTIFICATE_CARD (card)), ==, 9999);
    g_assert_true (ps_certificate_card_get_certificate (PS_CERTIFICATE_CARD (card)) ==
                   ps_chain_get_certificate (ps_chain_view_get_chain (view), 9999));
    g_assert_cmpuint (count_cards (item), <=, 40);
  }

  /* The filter: the leaf's pin matches the 5,000 copies of the leaf. */
  {
    GtkWidget *entry = ps_test_ui_find (item, GTK_TYPE_SEARCH_ENTRY);

    g_assert_nonnull (entry);
    g_assert_true (gtk_widget_get_visible (entry));
    gtk_editable_set_text (GTK_EDITABLE (entry), leaf_pin + strlen ("sha256/"));
    PS_WAIT_UNTIL (ps_test_ui_find_label (item, "5000 of 10000 certificates") != NULL, 20);
    g_assert_cmpuint (ps_chain_view_get_n_shown (view), ==, 5000);
    gtk_editable_set_text (GTK_EDITABLE (entry), "no such certificate");
    PS_WAIT_UNTIL (ps_chain_view_get_n_shown (view) == 0, 20);
  }

  ps_test_ui_window_finish (window);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  ps_test_ui_init (&argc, &argv);

  pki = ps_test_pki_new (FALSE);

  g_test_add_func ("/ui/chain/levels", test_chain_levels);
  g_test_add_func ("/ui/chain/pinset-findings-compare-export", test_pinset_findings_compare_export);
  g_test_add_func ("/ui/chain/key-material", test_key_material);
  g_test_add_func ("/ui/chain/in-pinset", test_in_pinset);
  g_test_add_func ("/ui/chain/finalize", test_widgets_finalize);
  g_test_add_func ("/ui/chain/10000-certificates", test_large_bundle);

  ret = g_test_run ();

  ps_test_pki_free (pki);

  return ret;
}
