/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Export tab of a pinset whose pins have no known role (imported from OkHttp code):
 * the export error offers to resolve the roles from the chains open beside the pinset,
 * only when one of them knows a pin, and says what to do otherwise. */
#include "config.h"

#include "ps-export-view.h"
#include "ps-pinset-editor.h"
#include "ps-window.h"
#include "pinset-test-pki.h"
#include "test-ui-common.h"

/* Writes an OkHttp CertificatePinner in Kotlin that pins www.example.com to @pins
 * (base64, NULL-terminated) and opens it: its pins have no known role. */
static PsPinsetEditor *
open_kotlin_pins (PsWindow          *window,
                  const char * const *pins)
{
  g_autofree char *path = g_build_filename (pki.dir, "Pinning.kt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GString) code = g_string_new ("package com.example\n\n"
                                          "import okhttp3.CertificatePinner\n\n"
                                          "object Pinning {\n"
                                          "    val pinner = CertificatePinner.Builder()\n"
                                          "        .add(\"www.example.com\"");
  guint n_before = ps_test_ui_n_items (window);
  GtkWidget *item;
  GListModel *rules;

  for (guint i = 0; pins[i] != NULL; i++)
    g_string_append_printf (code, ", \"sha256/%s\"", pins[i]);
  g_string_append (code, ")\n        .build()\n}\n");
  g_assert_true (g_file_set_contents (path, code->str, -1, NULL));

  ps_window_open_file (window, file);
  PS_WAIT_UNTIL (ps_test_ui_n_items (window) == n_before + 1, 20);
  item = ps_window_get_visible_item (window);
  g_assert_true (PS_IS_PINSET_EDITOR (item));

  /* What OkHttp says about a pin: nothing of its role. */
  rules = ps_pinset_get_rules (ps_pinset_editor_get_pinset (PS_PINSET_EDITOR (item)));
  g_assert_cmpuint (g_list_model_get_n_items (rules), ==, 1);
  {
    g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, 0);
    GListModel *rule_pins = ps_pinset_rule_get_pins (rule);

    g_assert_cmpuint (g_list_model_get_n_items (rule_pins), ==, g_strv_length ((char **) pins));
    for (guint i = 0; i < g_list_model_get_n_items (rule_pins); i++)
      {
        g_autoptr(PsPinsetPin) pin = g_list_model_get_item (rule_pins, i);

        g_assert_cmpint (ps_pinset_pin_get_role (pin), ==, PS_PIN_ROLE_UNKNOWN);
      }
  }
  g_assert_false (ps_pinset_editor_get_modified (PS_PINSET_EDITOR (item)));

  return PS_PINSET_EDITOR (item);
}

/* Opens the chain file @path beside the pinset, then shows @editor's Export tab again. */
static GtkWidget *
open_chain (PsWindow       *window,
            PsPinsetEditor *editor,
            const char     *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  guint n_before = ps_test_ui_n_items (window);
  GtkWidget *view;

  ps_window_open_file (window, file);
  PS_WAIT_UNTIL (ps_test_ui_n_items (window) == n_before + 1, 20);
  view = ps_window_get_visible_item (window);
  g_assert_true (PS_IS_CHAIN_VIEW (view));
  ps_window_set_visible_item (window, GTK_WIDGET (editor));
  ps_pinset_editor_show_page (editor, "export");

  return view;
}

static void
close_item (PsWindow       *window,
            GtkWidget      *item,
            PsPinsetEditor *editor)
{
  guint n_before = ps_test_ui_n_items (window);

  ps_window_set_visible_item (window, item);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-item", NULL));
  PS_WAIT_UNTIL (ps_test_ui_n_items (window) == n_before - 1, 10);
  ps_window_set_visible_item (window, GTK_WIDGET (editor));
  ps_pinset_editor_show_page (editor, "export");
}

static PsExportView *
show_export (PsPinsetEditor *editor,
             const char     *format)
{
  PsExportView *view = PS_EXPORT_VIEW (ps_pinset_editor_get_export_view (editor));

  ps_pinset_editor_show_page (editor, "export");
  ps_export_view_set_format_id (view, format);
  g_assert_cmpstr (ps_export_view_get_format_id (view), ==, format);

  return view;
}

/* The error row of the export, the one that says pins have no known role, or NULL. */
static AdwActionRow *
find_role_error (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (ADW_IS_ACTION_ROW (widget) &&
      strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
              "no known role") != NULL)
    return ADW_ACTION_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwActionRow *found = find_role_error (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The visible "Resolve Roles" button below @widget, or NULL. */
static GtkWidget *
find_resolve_button (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "_Resolve Roles") == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_resolve_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The role of the pin @b64 in the pinset of @editor. */
static PsPinRole
role_of (PsPinsetEditor *editor,
         const char     *b64)
{
  g_autoptr(PsPin) value = pin_from_b64 (b64);
  GListModel *rules = ps_pinset_get_rules (ps_pinset_editor_get_pinset (editor));
  g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, 0);
  PsPinsetPin *pin = ps_pinset_rule_find_pin (rule, value);

  g_assert_nonnull (pin);
  return ps_pinset_pin_get_role (pin);
}

/* The TLSA record data (usage 1 1, SHA-256 hex of the key) of the pin @b64. */
static char *
tlsa_data (guint       usage,
           const char *b64)
{
  gsize len = 0;
  g_autofree guchar *bytes = g_base64_decode (b64, &len);
  GString *out = g_string_new (NULL);

  g_assert_cmpuint (len, ==, 32);
  g_string_append_printf (out, "%u 1 1 ", usage);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (out, "%02x", bytes[i]);

  return g_string_free (out, FALSE);
}

/* No chain open: the error says what to do and offers no button; a chain that knows a pin
 * brings the button, closing it takes it away; a chain that knows none brings none. */
static void
test_no_chain (void)
{
  PsWindow *window = ps_test_ui_window_new ();
  const char *pins[] = { pki.pin_leaf1, pki.pin_int_a, NULL };
  PsPinsetEditor *editor = open_kotlin_pins (window, pins);
  PsExportView *view = show_export (editor, "tlsa");
  AdwActionRow *row;
  GtkWidget *chain;

  g_assert_null (ps_export_view_get_text (view));
  row = find_role_error (GTK_WIDGET (view));
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                            pki.pin_leaf1));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "Open the server's chain"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "Pins tab"));
  g_assert_null (find_resolve_button (GTK_WIDGET (view)));

  /* A chain of an unrelated root knows none of the pins: still no button. */
  chain = open_chain (window, editor, pki.other_root);
  ps_test_ui_spin (100);
  g_assert_nonnull (find_role_error (GTK_WIDGET (view)));
  g_assert_null (find_resolve_button (GTK_WIDGET (view)));
  close_item (window, chain, editor);

  /* The server's chain: the button comes while the error shows, and names the chain. */
  chain = open_chain (window, editor, pki.chain1);
  PS_WAIT_UNTIL (find_resolve_button (GTK_WIDGET (view)) != NULL, 10);
  row = find_role_error (GTK_WIDGET (view));
  g_assert_nonnull (row);
  /* The advice to open the chain is gone: it is open. */
  g_assert_null (strstr (adw_action_row_get_subtitle (row) != NULL
                         ? adw_action_row_get_subtitle (row) : "", "Open the server's chain"));
  g_assert_nonnull (ps_test_ui_find_row (GTK_WIDGET (view),
                                         "Found in the open chain www.example.com"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (find_resolve_button (GTK_WIDGET (view))));

  /* Closing it takes the button away again; nothing was resolved behind the user's back. */
  close_item (window, chain, editor);
  PS_WAIT_UNTIL (find_resolve_button (GTK_WIDGET (view)) == NULL, 10);
  g_assert_nonnull (find_role_error (GTK_WIDGET (view)));
  g_assert_cmpint (role_of (editor, pki.pin_leaf1), ==, PS_PIN_ROLE_UNKNOWN);
  g_assert_false (ps_pinset_editor_get_modified (editor));

  ps_test_ui_window_finish (window);
}

/* The button sets each role from the chain's level; the export then succeeds with them. */
static void
test_resolve (void)
{
  PsWindow *window = ps_test_ui_window_new ();
  const char *pins[] = { pki.pin_leaf1, pki.pin_int_a, NULL };
  PsPinsetEditor *editor = open_kotlin_pins (window, pins);
  PsExportView *view = show_export (editor, "tlsa");
  g_autofree char *leaf_record = tlsa_data (3, pki.pin_leaf1);
  g_autofree char *int_record = tlsa_data (2, pki.pin_int_a);
  GtkWidget *button;
  const char *text;

  open_chain (window, editor, pki.chain1);
  PS_WAIT_UNTIL (find_resolve_button (GTK_WIDGET (view)) != NULL, 10);
  /* Shown is not done: the roles wait for the user's click. */
  ps_test_ui_spin (100);
  g_assert_cmpint (role_of (editor, pki.pin_leaf1), ==, PS_PIN_ROLE_UNKNOWN);
  g_assert_null (ps_export_view_get_text (view));

  button = find_resolve_button (GTK_WIDGET (view));
  g_signal_emit_by_name (button, "clicked");

  g_assert_cmpint (role_of (editor, pki.pin_leaf1), ==, PS_PIN_ROLE_LEAF);
  g_assert_cmpint (role_of (editor, pki.pin_int_a), ==, PS_PIN_ROLE_INTERMEDIATE);
  g_assert_true (ps_pinset_editor_get_modified (editor));

  PS_WAIT_UNTIL (ps_export_view_get_text (view) != NULL, 10);
  text = ps_export_view_get_text (view);
  g_assert_nonnull (strstr (text, "_443._tcp.www.example.com."));
  g_assert_nonnull (strstr (text, leaf_record));
  g_assert_nonnull (strstr (text, int_record));
  g_assert_null (find_role_error (GTK_WIDGET (view)));
  g_assert_null (find_resolve_button (GTK_WIDGET (view)));
  g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (window),
                                           "2 roles resolved from the open chains"));

  ps_test_ui_window_finish (window);
}

/* A pin no open chain knows stays unknown: the toast counts it, the error names it and
 * no longer offers the button. */
static void
test_partial (void)
{
  PsWindow *window = ps_test_ui_window_new ();
  const char *pins[] = { pki.pin_leaf1, pki.pin_int_a, pki.pin_backup, NULL };
  PsPinsetEditor *editor = open_kotlin_pins (window, pins);
  PsExportView *view = show_export (editor, "tlsa");
  AdwActionRow *row;

  open_chain (window, editor, pki.chain1);
  PS_WAIT_UNTIL (find_resolve_button (GTK_WIDGET (view)) != NULL, 10);
  g_signal_emit_by_name (find_resolve_button (GTK_WIDGET (view)), "clicked");

  g_assert_cmpint (role_of (editor, pki.pin_leaf1), ==, PS_PIN_ROLE_LEAF);
  g_assert_cmpint (role_of (editor, pki.pin_int_a), ==, PS_PIN_ROLE_INTERMEDIATE);
  g_assert_cmpint (role_of (editor, pki.pin_backup), ==, PS_PIN_ROLE_UNKNOWN);
  g_assert_true (ps_pinset_editor_get_modified (editor));
  g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (window),
                                           "2 roles resolved; 1 pin still has no known "
                                           "role"));

  /* The export is redone: the error now names only the pin left, with no button. */
  PS_WAIT_UNTIL (find_resolve_button (GTK_WIDGET (view)) == NULL, 10);
  g_assert_null (ps_export_view_get_text (view));
  row = find_role_error (GTK_WIDGET (view));
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                            pki.pin_backup));
  g_assert_null (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                         pki.pin_leaf1));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "Pins tab"));

  ps_test_ui_window_finish (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  ps_test_ui_init (&argc, &argv);
  pki_setup ();

  g_test_add_func ("/ui/export/no-chain", test_no_chain);
  g_test_add_func ("/ui/export/resolve", test_resolve);
  g_test_add_func ("/ui/export/partial", test_partial);

  status = g_test_run ();
  pki_teardown ();

  return status;
}
