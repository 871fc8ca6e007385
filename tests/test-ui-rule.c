/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rule editor shows what a client does with a rule: enforcement, ATS's leaf and CA
 * requirement, trust anchors with overridePins, subdomain depth and pins of unknown role. */
#include "config.h"

#include "ps-certificate-card.h"
#include "ps-chain-view.h"
#include "ps-pinset-editor.h"
#include "ps-rule-editor.h"
#include "ps-window.h"
#include "test-ui-common.h"

static void
collect_rule_editors (GtkWidget *widget,
                      GPtrArray *editors)
{
  if (PS_IS_RULE_EDITOR (widget))
    {
      g_ptr_array_add (editors, widget);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rule_editors (child, editors);
}

/* Opens tests/data/configs/@name and returns its rule editors, in rule order. */
static GPtrArray *
open_config (PsWindow   *window,
             const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("PS_TESTDATA"), "configs", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GPtrArray *editors = g_ptr_array_new ();
  GtkWidget *item;

  ps_window_open_file (window, file);
  PS_WAIT_UNTIL (ps_test_ui_n_items (window) == 1, 20);
  item = ps_window_get_visible_item (window);
  g_assert_true (PS_IS_PINSET_EDITOR (item));
  collect_rule_editors (item, editors);

  return editors;
}

/* A visible badge (a label of class "badge") below @widget that says @text, or NULL. */
static GtkWidget *
find_badge (GtkWidget  *widget,
            const char *text)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "badge") &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_badge (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Whether a warning icon is shown in @widget. */
static gboolean
shows_warning (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;
  if (GTK_IS_IMAGE (widget) &&
      g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (widget)), "dialog-warning-symbolic") == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_warning (child))
      return TRUE;

  return FALSE;
}

static const char *
row_subtitle (GtkWidget  *widget,
              const char *title)
{
  GtkWidget *row = ps_test_ui_find_row (widget, title);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static gboolean
row_shown (GtkWidget  *widget,
           const char *title)
{
  GtkWidget *row = ps_test_ui_find_row (widget, title);

  return row != NULL && gtk_widget_get_visible (row);
}

static void
test_overrides (void)
{
  PsWindow *window = ps_test_ui_window_new ();
  g_autoptr(GPtrArray) editors = open_config (window, "nsc-overrides.xml");
  GtkWidget *outer, *inner, *pin_row, *role_row;
  PsPinsetRule *rule;
  AdwComboRow *enforcement;

  g_assert_cmpuint (editors->len, ==, 2);
  outer = g_ptr_array_index (editors, 0);
  inner = g_ptr_array_index (editors, 1);
  rule = ps_rule_editor_get_rule (PS_RULE_EDITOR (outer));

  /* Android includeSubdomains reaches any depth. */
  g_assert_cmpstr (row_subtitle (outer, "example.com"), ==, "Subdomains included, any depth");
  g_assert_cmpstr (row_subtitle (inner, "internal.example.com"), ==, "This name only");

  /* The rule's own anchors, read-only; user has overridePins, so the pins are skipped. */
  g_assert_cmpstr (row_subtitle (outer, "system"), ==, "Trust anchor");
  g_assert_cmpstr (row_subtitle (outer, "user"), ==, "Trust anchor, pins overridden");
  g_assert_nonnull (find_badge (ps_test_ui_find_row (outer, "user"), "Pins overridden"));
  g_assert_true (row_shown (outer, "Pins not enforced"));
  /* The nested rule has its own anchor, without overridePins. */
  g_assert_cmpstr (row_subtitle (inner, "@raw/internal_ca"), ==, "Trust anchor");
  g_assert_null (ps_test_ui_find_row (inner, "user"));
  g_assert_false (row_shown (inner, "Pins not enforced"));
  /* ...and the warning follows the model. */
  {
    g_autoptr(PsPinsetAnchor) anchor = ps_pinset_anchor_new ("user", TRUE);

    ps_pinset_rule_add_anchor (ps_rule_editor_get_rule (PS_RULE_EDITOR (inner)), anchor);
    g_assert_cmpstr (row_subtitle (inner, "user"), ==, "Trust anchor, pins overridden");
    g_assert_true (row_shown (inner, "Pins not enforced"));
    ps_pinset_rule_remove_anchor (ps_rule_editor_get_rule (PS_RULE_EDITOR (inner)), anchor);
    g_assert_null (ps_test_ui_find_row (inner, "user"));
    g_assert_false (row_shown (inner, "Pins not enforced"));
  }

  /* NSC has no ATS requirement. */
  g_assert_false (row_shown (outer, "Required pins"));

  /* NSC pins have no role: the rows say so, and say how to resolve it. */
  pin_row = ps_test_ui_find (outer, ADW_TYPE_EXPANDER_ROW);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (pin_row)), ==,
                   "Unknown role");
  role_row = ps_test_ui_find_row (pin_row, "Role");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (role_row)),
                            "from a chain"));
  /* A label moves the role into a badge. */
  g_assert_null (find_badge (pin_row, "Unknown role"));
  {
    g_autoptr(PsPinsetPin) first = g_list_model_get_item (ps_pinset_rule_get_pins (rule), 0);

    ps_pinset_pin_set_label (first, "ISRG");
  }
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (pin_row)), ==,
                   "ISRG · Unknown role");
  g_assert_nonnull (find_badge (pin_row, "Unknown role"));

  /* Enforcement: enforced by default, and the combo row edits the model. */
  enforcement = ADW_COMBO_ROW (ps_test_ui_find_row (outer, "Enforcement"));
  g_assert_nonnull (enforcement);
  g_assert_cmpuint (adw_combo_row_get_selected (enforcement), ==, 0);
  g_assert_false (shows_warning (GTK_WIDGET (enforcement)));
  adw_combo_row_set_selected (enforcement, 1);
  g_assert_cmpint (ps_pinset_rule_get_policy (rule), ==, PS_RULE_REPORT_ONLY);
  g_assert_true (shows_warning (GTK_WIDGET (enforcement)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (enforcement)),
                            "reported"));
  /* ...and follows it. */
  ps_pinset_rule_set_policy (rule, PS_RULE_EXCLUDED);
  g_assert_cmpuint (adw_combo_row_get_selected (enforcement), ==, 2);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (enforcement)),
                            "not pinned"));
  adw_combo_row_set_selected (enforcement, 0);
  g_assert_cmpint (ps_pinset_rule_get_policy (rule), ==, PS_RULE_ENFORCE);
  g_assert_false (shows_warning (GTK_WIDGET (enforcement)));
  /* The other rule is untouched. */
  g_assert_cmpint (ps_pinset_rule_get_policy (ps_rule_editor_get_rule (PS_RULE_EDITOR (inner))),
                   ==, PS_RULE_ENFORCE);

  ps_test_ui_window_finish (window);
}

static void
test_ats (void)
{
  PsWindow *window = ps_test_ui_window_new ();
  g_autoptr(GPtrArray) editors = open_config (window, "ats-semantics.plist");
  GtkWidget *api;
  PsPinsetRule *rule;

  g_assert_cmpuint (editors->len, ==, 2);
  api = g_ptr_array_index (editors, 0);
  rule = ps_rule_editor_get_rule (PS_RULE_EDITOR (api));

  /* NSIncludesSubdomains covers one more label only. */
  g_assert_cmpstr (row_subtitle (api, "api.example.com"), ==,
                   "Subdomains included, one level only");
  /* Both identity lists: both must match. */
  g_assert_true (row_shown (api, "Required pins"));
  g_assert_cmpstr (row_subtitle (api, "Required pins"), ==, "Requires a leaf pin and a CA pin");
  ps_pinset_rule_set_requires (rule, PS_RULE_REQUIRES_CA);
  g_assert_cmpstr (row_subtitle (api, "Required pins"), ==, "Requires a CA pin");
  ps_pinset_rule_set_requires (rule, PS_RULE_REQUIRES_NONE);
  g_assert_false (row_shown (api, "Required pins"));
  /* ATS has no trust anchors. */
  g_assert_false (row_shown (api, "Pins not enforced"));

  ps_test_ui_window_finish (window);
}

/* TrustKit: a report-only rule, an excluded one, and an entry that is not a pin (kept
 * unparsed, shown as written with a badge rather than refused or crashed on). */
static void
test_trustkit (void)
{
  PsWindow *window = ps_test_ui_window_new ();
  g_autoptr(GPtrArray) editors = open_config (window, "AppDelegate.swift");
  guint report_only = 0, excluded = 0, unusable = 0;

  g_assert_cmpuint (editors->len, ==, 4);
  for (guint i = 0; i < editors->len; i++)
    {
      GtkWidget *editor = g_ptr_array_index (editors, i);
      PsPinsetRule *rule = ps_rule_editor_get_rule (PS_RULE_EDITOR (editor));
      AdwComboRow *enforcement = ADW_COMBO_ROW (ps_test_ui_find_row (editor, "Enforcement"));

      g_assert_cmpuint (adw_combo_row_get_selected (enforcement), ==,
                        ps_pinset_rule_get_policy (rule));
      g_assert_true ((shows_warning (GTK_WIDGET (enforcement))) ==
                     (ps_pinset_rule_get_policy (rule) != PS_RULE_ENFORCE));
      report_only += ps_pinset_rule_get_policy (rule) == PS_RULE_REPORT_ONLY;
      excluded += ps_pinset_rule_get_policy (rule) == PS_RULE_EXCLUDED;
      if (find_badge (editor, "Not a usable pin") != NULL)
        unusable++;
    }
  g_assert_cmpuint (report_only, ==, 1);
  g_assert_cmpuint (excluded, ==, 1);
  g_assert_cmpuint (unusable, ==, 1);

  ps_test_ui_window_finish (window);
}

/* A pin of unknown role takes its role from the chain it is added from: the chain's card
 * offers "Add to Pinset" for it, and adding it sets the role instead of a second pin. */
static void
test_resolve_role (void)
{
  PsWindow *window = ps_test_ui_window_new ();
  g_autofree char *path = g_build_filename (g_getenv ("PINSCOPE_DATADIR"), "demo",
                                            "demo-chain.pem", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PsPinsetPin) pin = NULL;
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
  g_autoptr(GPtrArray) editors = g_ptr_array_new ();
  GtkWidget *editor = ps_window_new_pinset (window);
  PsPinset *pinset = ps_pinset_editor_get_pinset (PS_PINSET_EDITOR (editor));
  PsCertificateCard *card;
  GtkWidget *pin_row;

  ps_window_open_file (window, file);
  PS_WAIT_UNTIL (ps_test_ui_n_items (window) == 2, 20);
  card = PS_CERTIFICATE_CARD (
    ps_test_ui_get_card (PS_CHAIN_VIEW (ps_window_get_visible_item (window)), 0));

  pin = ps_pinset_pin_new (ps_certificate_get_spki_pin (ps_certificate_card_get_certificate (card)),
                           NULL, PS_PIN_ROLE_UNKNOWN);
  ps_pinset_rule_add_pin (rule, pin);
  ps_pinset_add_rule (pinset, rule);
  collect_rule_editors (editor, editors);
  g_assert_cmpuint (editors->len, ==, 1);
  pin_row = ps_test_ui_find (g_ptr_array_index (editors, 0), ADW_TYPE_EXPANDER_ROW);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (pin_row)), ==,
                   "Unknown role");
  /* Still addable from the chain... */
  PS_WAIT_UNTIL (!ps_certificate_card_get_in_pinset (card), 5);
  g_assert_false (ps_certificate_card_get_in_pinset (card));

  /* ...which sets the role, adds no second pin, and makes the card "In Pinset". */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.add-to-pinset", NULL));
  g_assert_cmpint (ps_pinset_pin_get_role (pin), ==, PS_PIN_ROLE_LEAF);
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_pins (rule)), ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (pin_row)), ==, "Leaf");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
                     ps_test_ui_find_row (pin_row, "Role"))), ==, "");
  PS_WAIT_UNTIL (ps_certificate_card_get_in_pinset (card), 5);
  g_assert_true (ps_certificate_card_get_in_pinset (card));
  /* Known now: adding it again adds nothing. */
  g_assert_false (ps_pinset_editor_add_certificate (PS_PINSET_EDITOR (editor),
                                                    ps_certificate_card_get_certificate (card),
                                                    PS_PIN_ORIGIN_FILE, path, 0, NULL));

  ps_test_ui_window_finish (window);
}

int
main (int    argc,
      char **argv)
{
  ps_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/rule/overrides", test_overrides);
  g_test_add_func ("/ui/rule/ats", test_ats);
  g_test_add_func ("/ui/rule/trustkit", test_trustkit);
  g_test_add_func ("/ui/rule/resolve-role", test_resolve_role);

  return g_test_run ();
}
