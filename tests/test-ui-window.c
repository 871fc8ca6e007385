/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The application's shortcuts and actions, the empty state, the demo. */
#include "config.h"

#include <glib/gstdio.h>

#include "ps-application.h"
#include "ps-certificate-card.h"
#include "ps-certificate-details.h"
#include "ps-pin-row.h"
#include "ps-chain-view.h"
#include "ps-preferences-window.h"
#include "ps-host-bar.h"
#include "ps-endpoints-page.h"
#include "ps-pinset-editor.h"
#include "ps-readiness-page.h"
#include "ps-test-util.h"
#include "ps-widget-work.h"
#include "test-ui-common.h"

static PsApplication *app;

static const struct {
  const char *accel;
  const char *action;
} shortcuts[] = {
  { "<Control>l", "win.focus-host" },
  { "<Control>o", "win.open" },
  { "<Control>n", "win.new-pinset" },
  { "<Control>s", "win.save" },
  { "<Control>e", "win.export" },
  { "<Control><Shift>h", "win.endpoints" },
  { "<Control><Shift>r", "win.readiness" },
  { "<Control>w", "win.close-item" },
  { "<Control>question", "win.show-help-overlay" },
};

static gboolean
accel_maps_to (const char *accel,
               const char *action)
{
  g_auto(GStrv) actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), accel);

  return actions != NULL && g_strv_contains ((const char * const *) actions, action);
}

/* The window's own shortcut (from the application's accelerators) for @accel, as a key
 * press would find it. */
static GtkShortcut *
find_shortcut (GtkWidget  *widget,
               const char *accel)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accel);

  g_assert_nonnull (wanted);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            return g_steal_pointer (&shortcut);
        }
    }

  return NULL;
}

/* Presses @accel, the way GTK does once the key event has matched the trigger. */
static void
press (PsWindow   *window,
       const char *accel)
{
  g_autoptr(GtkShortcut) shortcut = find_shortcut (GTK_WIDGET (window), accel);

  g_assert_nonnull (shortcut);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                               GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                               GTK_WIDGET (window),
                                               gtk_shortcut_get_arguments (shortcut)));
}

static void
test_shortcuts (void)
{
  PsWindow *window = g_object_ref (ps_window_new (app));
  GtkWidget *host_entry;
  GtkWidget *focus;
  GtkWidget *item;
  GtkWindow *overlay;

  gtk_window_present (GTK_WINDOW (window));
  ps_test_ui_spin (100);

  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    g_assert_true (accel_maps_to (shortcuts[i].accel, shortcuts[i].action));

  /* Nothing to export or close yet: those do nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.close-item", NULL);
  g_assert_cmpuint (ps_test_ui_n_items (window), ==, 0);

  /* Ctrl+L: the host entry has the focus. */
  press (window, "<Control>l");
  host_entry = ps_host_bar_get_entry (PS_HOST_BAR (ps_window_get_host_bar (window)));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == host_entry || gtk_widget_is_ancestor (focus, host_entry));

  /* Ctrl+N: a new pinset, shown. */
  press (window, "<Control>n");
  g_assert_cmpuint (ps_test_ui_n_items (window), ==, 1);
  item = ps_window_get_visible_item (window);
  g_assert_true (PS_IS_PINSET_EDITOR (item));

  /* Ctrl+E: its export page. */
  press (window, "<Control>e");
  g_assert_cmpstr (ps_pinset_editor_get_page (PS_PINSET_EDITOR (item)), ==, "export");

  /* Ctrl+W: closed at once, since nothing was changed. */
  press (window, "<Control>w");
  g_assert_cmpuint (ps_test_ui_n_items (window), ==, 0);
  g_assert_null (ps_window_get_visible_item (window));

  /* Ctrl+Shift+H: the Endpoints page; Ctrl+Shift+R: Release Readiness. */
  press (window, "<Control><Shift>h");
  g_assert_true (PS_IS_ENDPOINTS_PAGE (ps_window_get_visible_item (window)));
  press (window, "<Control><Shift>r");
  g_assert_true (PS_IS_READINESS_PAGE (ps_window_get_visible_item (window)));
  /* Closing the page one sees shows the one beside it. */
  press (window, "<Control>w");
  g_assert_true (PS_IS_ENDPOINTS_PAGE (ps_window_get_visible_item (window)));
  press (window, "<Control>w");
  g_assert_cmpuint (ps_test_ui_n_items (window), ==, 0);

  /* Ctrl+?: the shortcuts window. */
  press (window, "<Control>question");
  overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_nonnull (overlay);
  PS_WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (overlay)), 5);
  gtk_window_close (overlay);

  /* The application's own actions exist. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));

  ps_test_ui_window_finish (window);
}

static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;

  return NULL;
}

static void
test_about_and_preferences (void)
{
  PsWindow *window = g_object_ref (ps_window_new (app));
  g_autofree char *path = g_build_filename (g_getenv ("PINSCOPE_DATADIR"), "demo",
                                            "demo-chain.pem", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GSettings *settings = ps_application_get_settings (app);
  PsCertificateCard *card;
  GtkWindow *about;
  GtkWindow *prefs;
  AdwComboRow *encoding;
  g_autofree char *hex = NULL;

  gtk_window_present (GTK_WINDOW (window));
  ps_window_open_file (window, file);
  PS_WAIT_UNTIL (ps_test_ui_n_items (window) == 1, 20);
  card = PS_CERTIFICATE_CARD (
    ps_test_ui_get_card (PS_CHAIN_VIEW (ps_window_get_visible_item (window)), 0));
  g_assert_true (g_str_has_prefix (ps_certificate_card_get_pin_text (card), "sha256/"));

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  gtk_window_destroy (about);

  /* The pin notation chosen in Preferences is stored and shown on the cards at once. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  prefs = find_toplevel (PS_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  encoding = ADW_COMBO_ROW (ps_test_ui_find_row (GTK_WIDGET (prefs), "Pin _Notation"));
  g_assert_nonnull (encoding);
  adw_combo_row_set_selected (encoding, 1);
  {
    g_autofree char *stored = g_settings_get_string (settings, "notation");

    g_assert_cmpstr (stored, ==, "hex");
  }
  hex = ps_pin_to_string (ps_certificate_get_spki_pin (ps_certificate_card_get_certificate (card)),
                          PS_PIN_NOTATION_HEX);
  g_assert_cmpstr (ps_certificate_card_get_pin_text (card), ==, hex);

  /* ...and everywhere else pins are shown: the pinset's pin rows, the details window. */
  {
    GtkWidget *editor = ps_window_new_pinset (window);
    GtkWidget *pin_row;
    GtkWindow *details;

    g_assert_true (ps_pinset_editor_add_certificate (PS_PINSET_EDITOR (editor),
                                                     ps_certificate_card_get_certificate (card),
                                                     PS_PIN_ORIGIN_FILE, path, 0,
                                                     "demo.pinscope.example"));
    pin_row = ps_test_ui_find (editor, ADW_TYPE_EXPANDER_ROW);
    g_assert_nonnull (pin_row);
    g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (pin_row)), ==, hex);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.details", NULL));
    details = find_toplevel (PS_TYPE_CERTIFICATE_DETAILS);
    g_assert_nonnull (details);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
                       ps_test_ui_find_row (GTK_WIDGET (details), "SPKI pin (SHA-256)"))),
                     ==, hex);
    /* Escape closes the details, as any dialog. */
    {
      g_autoptr(GtkShortcut) escape = find_shortcut (GTK_WIDGET (details), "Escape");

      g_assert_nonnull (escape);
      g_object_add_weak_pointer (G_OBJECT (details), (gpointer *) &details);
      g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (escape),
                                                   GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                   GTK_WIDGET (details), NULL));
      PS_WAIT_UNTIL (details == NULL, 5);
    }

    /* Back to the default: the rows follow at once. */
    adw_combo_row_set_selected (encoding, 0);
    pin_row = ps_test_ui_find (editor, ADW_TYPE_EXPANDER_ROW);
    g_assert_true (g_str_has_prefix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (pin_row)),
                                     "sha256/"));
  }
  adw_combo_row_set_selected (encoding, 0);

  /* Escape closes Preferences too. */
  {
    g_autoptr(GtkShortcut) escape = find_shortcut (GTK_WIDGET (prefs), "Escape");

    g_assert_nonnull (escape);
    g_object_add_weak_pointer (G_OBJECT (prefs), (gpointer *) &prefs);
    g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (escape),
                                                 GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                 GTK_WIDGET (prefs), NULL));
    PS_WAIT_UNTIL (prefs == NULL, 5);
  }

  ps_test_ui_window_finish (window);
}

static void
test_close_guard (void)
{
  PsWindow *window = ps_test_ui_window_new ();
  GtkWidget *editor = ps_window_new_pinset (window);

  /* A changed pinset asks before it is closed; the window stays open. */
  ps_pinset_set_name (ps_pinset_editor_get_pinset (PS_PINSET_EDITOR (editor)), "Changed");
  g_assert_true (ps_pinset_editor_get_modified (PS_PINSET_EDITOR (editor)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-item", NULL));
  ps_test_ui_spin (50);
  g_assert_cmpuint (ps_test_ui_n_items (window), ==, 1);

  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (l->data), "discard");
  ps_test_ui_spin (50);
  g_assert_cmpuint (ps_test_ui_n_items (window), ==, 0);

  ps_test_ui_window_finish (window);
}

static gboolean
has_item_of_type (PsWindow *window,
                  GType     type)
{
  GListModel *items = G_LIST_MODEL (ps_window_get_items (window));

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(GObject) page = g_list_model_get_item (items, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (gtk_stack_page_get_child (GTK_STACK_PAGE (page)), type))
        return TRUE;
    }

  return FALSE;
}

/* Whether both demo items are in; fails when only one is. */
static gboolean
demo_landed (PsWindow *window)
{
  guint n = ps_test_ui_n_items (window);

  g_assert_cmpuint (n, !=, 1);
  return n == 2;
}

static void
test_demo (void)
{
  PsWindow *window = ps_test_ui_window_new ();

  g_assert_cmpuint (ps_test_ui_n_items (window), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", NULL));
  /* The chain and the pinset are read at once and land together: no main loop iteration
   * ever sees one without the other. */
  PS_WAIT_UNTIL (demo_landed (window), 20);
  g_assert_true (has_item_of_type (window, PS_TYPE_CHAIN_VIEW));
  g_assert_true (has_item_of_type (window, PS_TYPE_PINSET_EDITOR));
  /* Always the chain then the pinset in the sidebar, and the chain is what one sees. */
  {
    g_autoptr(GObject) first = g_list_model_get_item (G_LIST_MODEL (ps_window_get_items (window)),
                                                      0);

    g_assert_true (PS_IS_CHAIN_VIEW (gtk_stack_page_get_child (GTK_STACK_PAGE (first))));
    g_assert_true (PS_IS_CHAIN_VIEW (ps_window_get_visible_item (window)));
  }

  /* The demo pinset is a copy: Save asks where rather than writing over the bundled file.
   * The demo chain is verified against the demo's own root, and says so; the pinset marks
   * the two CA levels it pins, not the leaf. */
  {
    GListModel *items = G_LIST_MODEL (ps_window_get_items (window));

    for (guint i = 0; i < g_list_model_get_n_items (items); i++)
      {
        g_autoptr(GObject) page = g_list_model_get_item (items, i);
        GtkWidget *child = gtk_stack_page_get_child (GTK_STACK_PAGE (page));

        if (PS_IS_PINSET_EDITOR (child))
          g_assert_null (ps_pinset_editor_get_file (PS_PINSET_EDITOR (child)));

        if (PS_IS_CHAIN_VIEW (child))
          {
            PsChainView *view = PS_CHAIN_VIEW (child);

            g_assert_true (ps_chain_get_trusted (ps_chain_view_get_chain (view)));
            g_assert_nonnull (ps_test_ui_find_label (child, "Trusted Chain"));
            g_assert_nonnull (ps_test_ui_find_label (child, "verified against demo-root-ca.pem"));
            g_assert_null (ps_test_ui_find_label (child, "Not Trusted"));
            g_assert_cmpuint (ps_chain_view_get_n_cards (view), ==, 3);
            g_assert_false (ps_certificate_card_get_matched (
              PS_CERTIFICATE_CARD (ps_test_ui_get_card (view, 0))));
            g_assert_true (ps_certificate_card_get_matched (
              PS_CERTIFICATE_CARD (ps_test_ui_get_card (view, 1))));
            g_assert_true (ps_certificate_card_get_matched (
              PS_CERTIFICATE_CARD (ps_test_ui_get_card (view, 2))));
          }
      }
  }

  ps_test_ui_window_finish (window);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (ps_pinset_editor_save_finish (PS_PINSET_EDITOR (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_save (void)
{
  PsWindow *window = ps_test_ui_window_new ();
  PsPinsetEditor *editor = PS_PINSET_EDITOR (ps_window_new_pinset (window));
  PsPinset *pinset = ps_pinset_editor_get_pinset (editor);
  g_autofree char *dir = ps_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "saved.pinset.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PsPinset) loaded = NULL;
  g_autoptr(PsPinset) reloaded = NULL;
  gboolean done = FALSE;
  GError *error = NULL;

  g_assert_no_error (error);
  g_assert_true (ps_pinset_editor_add_pin_text (editor,
                                                "pin-sha256=\"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\"",
                                                &error));
  g_assert_no_error (error);
  g_assert_true (ps_pinset_editor_get_modified (editor));

  /* Save as (the dialog's part done by hand), then the file is the editor's. */
  ps_pinset_editor_save_async (editor, file, NULL, save_done_cb, &done);
  PS_WAIT_UNTIL (done, 10);
  g_assert_false (ps_pinset_editor_get_modified (editor));
  g_assert_true (g_file_equal (ps_pinset_editor_get_file (editor), file));
  loaded = ps_pinset_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ps_pinset_equal (loaded, pinset));

  /* Ctrl+S now saves in place, without asking where. */
  ps_pinset_set_name (pinset, "Saved again");
  g_assert_true (ps_pinset_editor_get_modified (editor));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  PS_WAIT_UNTIL (!ps_pinset_editor_get_modified (editor), 10);
  reloaded = ps_pinset_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ps_pinset_get_name (reloaded), ==, "Saved again");

  ps_test_ui_window_finish (window);
  ps_test_rm_rf (dir);
}

static void
test_drop (void)
{
  PsWindow *window = ps_test_ui_window_new ();
  g_autofree char *path = g_build_filename (g_getenv ("PINSCOPE_DATADIR"), "demo",
                                            "demo-chain.pem", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  g_auto(GValue) value = G_VALUE_INIT;
  GtkDropTarget *drop = NULL;
  GSList files = { file, NULL };
  gboolean accepted = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && drop == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        drop = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (drop);

  /* A file dropped on the window opens like one chosen in the file chooser. */
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (&files));
  g_signal_emit_by_name (drop, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
  PS_WAIT_UNTIL (ps_test_ui_n_items (window) == 1, 20);
  g_assert_true (PS_IS_CHAIN_VIEW (ps_window_get_visible_item (window)));

  ps_test_ui_window_finish (window);
}

static void
test_import (void)
{
  PsWindow *window = ps_test_ui_window_new ();
  g_autofree char *path = g_build_filename (g_getenv ("PS_TESTDATA"), "configs",
                                            "network_security_config.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *item;
  PsPinset *pinset;

  /* An exported configuration opens as a pinset, through the formats registry. */
  ps_window_open_file (window, file);
  PS_WAIT_UNTIL (ps_test_ui_n_items (window) == 1, 20);
  item = ps_window_get_visible_item (window);
  g_assert_true (PS_IS_PINSET_EDITOR (item));
  pinset = ps_pinset_editor_get_pinset (PS_PINSET_EDITOR (item));
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (pinset)), >, 0);
  g_assert_null (ps_pinset_editor_get_file (PS_PINSET_EDITOR (item)));

  /* A file that is not there says so, naming it once, and opens nothing. */
  {
    g_autofree char *dir = g_dir_make_tmp ("pinscope-XXXXXX", NULL);
    g_autofree char *missing_path = g_build_filename (dir, "missing.pem", NULL);
    g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
    GtkWidget *toast;

    ps_window_open_file (window, missing);
    PS_WAIT_UNTIL (ps_test_ui_find_label (GTK_WIDGET (window), "missing.pem") != NULL, 20);
    toast = ps_test_ui_find_label (GTK_WIDGET (window), "missing.pem");
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (toast)), ==,
                     "Cannot open “missing.pem”: No such file or directory");
    g_assert_cmpuint (ps_test_ui_n_items (window), ==, 1);
    g_rmdir (dir);
  }

  ps_test_ui_window_finish (window);
}

/* The shortcuts window shows each action's real accelerator. */
static void
test_shortcuts_window (void)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/pinscope/Pinscope/gtk/help-overlay.ui");
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  guint n = 0;

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *action = NULL;
      g_auto(GStrv) accels = NULL;
      guint key_a, key_b;
      GdkModifierType mods_a, mods_b;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;

      g_object_get (l->data, "accelerator", &accelerator, "action-name", &action, NULL);
      g_assert_nonnull (action);
      g_assert_nonnull (accelerator);
      accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);
      g_assert_nonnull (accels);
      g_assert_nonnull (accels[0]);
      g_assert_true (gtk_accelerator_parse (accelerator, &key_a, &mods_a));
      g_assert_true (gtk_accelerator_parse (accels[0], &key_b, &mods_b));
      g_assert_cmpuint (gdk_keyval_to_lower (key_a), ==, gdk_keyval_to_lower (key_b));
      g_assert_cmpuint (mods_a, ==, mods_b);
      n++;
    }

  g_assert_cmpuint (n, >=, 10);
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
}

/* Whether the pin row of the demo's leaf card puts its buttons under the pin, in a window
 * @width pixels wide. */
static gboolean
demo_leaf_pin_folded (int width)
{
  g_autoptr(GSettings) settings = ps_test_ui_settings ();
  PsWindow *window = g_object_new (PS_TYPE_WINDOW, "settings", settings, NULL);
  GtkWidget *view = NULL;
  GtkWidget *card;
  PsPinRow *row;
  gboolean folded;

  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, 720);
  gtk_window_present (GTK_WINDOW (window));
  ps_window_open_demo (window);
  PS_WAIT_UNTIL (ps_test_ui_n_items (window) == 2, 20);

  for (guint i = 0; i < 2 && view == NULL; i++)
    {
      g_autoptr(GObject) page = g_list_model_get_item (G_LIST_MODEL (ps_window_get_items (window)),
                                                       i);

      if (PS_IS_CHAIN_VIEW (gtk_stack_page_get_child (GTK_STACK_PAGE (page))))
        view = gtk_stack_page_get_child (GTK_STACK_PAGE (page));
    }
  g_assert_nonnull (view);
  ps_window_set_visible_item (window, view);
  card = ps_test_ui_get_card (PS_CHAIN_VIEW (view), 0);
  row = PS_PIN_ROW (ps_test_ui_find (card, PS_TYPE_PIN_ROW));
  g_assert_nonnull (row);
  PS_WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (row)) > 0, 10);
  ps_test_ui_spin (50);

  /* Folded or not, the whole pin is shown and the buttons stay inside the card. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (row)), <=, width);
  folded = ps_pin_row_get_folded (row);

  ps_test_ui_window_finish (window);

  return folded;
}

static void
test_narrow_card (void)
{
  /* On a phone the pin gets the card's full width and its buttons go below it; on a
   * desktop window they sit beside it. */
  g_assert_true (demo_leaf_pin_folded (360));
  g_assert_false (demo_leaf_pin_folded (1000));
}

static GtkWidget *
find_window_title (GtkWidget  *widget,
                   const char *title)
{
  if (ADW_IS_WINDOW_TITLE (widget) &&
      g_strcmp0 (adw_window_title_get_title (ADW_WINDOW_TITLE (widget)), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_window_title (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_actionable (GtkWidget  *widget,
                 const char *action_name)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The header of the demo pinset in a window @width pixels wide: whether its Save button is
 * shown; the pinset's name is never cut off. */
static gboolean
demo_pinset_header_has_save (int width)
{
  g_autoptr(GSettings) settings = ps_test_ui_settings ();
  PsWindow *window = g_object_new (PS_TYPE_WINDOW, "settings", settings, NULL);
  GtkWidget *editor = NULL;
  GtkWidget *title;
  GtkWidget *label;
  GtkWidget *save;
  const char *name;
  gboolean shown;

  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, 720);
  gtk_window_present (GTK_WINDOW (window));
  ps_window_open_demo (window);
  PS_WAIT_UNTIL (ps_test_ui_n_items (window) == 2, 20);
  editor = ps_test_ui_find (GTK_WIDGET (window), PS_TYPE_PINSET_EDITOR);
  g_assert_nonnull (editor);
  ps_window_set_visible_item (window, editor);
  name = ps_pinset_editor_get_title (PS_PINSET_EDITOR (editor));

  title = find_window_title (GTK_WIDGET (window), name);
  g_assert_nonnull (title);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (title), ==, name);
  label = ps_test_ui_find_label (title, name);
  g_assert_nonnull (label);
  PS_WAIT_UNTIL (gtk_widget_get_width (label) > 0, 10);
  ps_test_ui_spin (50);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));

  /* Shown or not, Save is there: in the main menu and by Ctrl+S. */
  save = find_actionable (GTK_WIDGET (window), "win.save");
  g_assert_nonnull (save);
  g_assert_true (gtk_widget_is_sensitive (save) || !gtk_widget_get_visible (save));
  shown = gtk_widget_get_visible (save);

  ps_test_ui_window_finish (window);

  return shown;
}

static void
test_narrow_header (void)
{
  g_assert_false (demo_pinset_header_has_save (360));
  g_assert_true (demo_pinset_header_has_save (1000));
}

/* The old "pin-encoding" key is moved to "notation" once, when the settings are first used,
 * then reset; a default value is not copied over a notation already chosen. */
static void
test_settings_migration (void)
{
  g_autoptr(GSettings) settings = ps_test_ui_settings ();
  g_autoptr(PsApplication) fresh = NULL;
  g_autoptr(GVariant) old = NULL;
  GSettings *migrated;

  g_settings_set_string (settings, "pin-encoding", "hex-colons");
  fresh = ps_application_new ();
  migrated = ps_application_get_settings (fresh);
  g_assert_cmpint (g_settings_get_enum (migrated, "notation"), ==, PS_PIN_NOTATION_HEX_COLONS);
  old = g_settings_get_user_value (settings, "pin-encoding");
  g_assert_null (old);

  /* Nothing left to move: a notation chosen since stays. */
  g_settings_set_string (settings, "notation", "hex");
  g_clear_object (&fresh);
  fresh = ps_application_new ();
  g_assert_cmpint (g_settings_get_enum (ps_application_get_settings (fresh), "notation"), ==,
                   PS_PIN_NOTATION_HEX);

  /* The old default means the new default. */
  g_settings_reset (settings, "notation");
  g_settings_set_string (settings, "pin-encoding", "base64");
  g_clear_object (&fresh);
  fresh = ps_application_new ();
  g_assert_cmpint (g_settings_get_enum (ps_application_get_settings (fresh), "notation"), ==,
                   PS_PIN_NOTATION_OKHTTP);
  g_clear_pointer (&old, g_variant_unref);
  old = g_settings_get_user_value (settings, "pin-encoding");
  g_assert_null (old);
  g_settings_reset (settings, "notation");
}

/* Work a widget starts is cancelled once the widget leaves its window, and when it is
 * destroyed; the widget then gets a fresh cancellable for new work. */
static void
test_widget_work (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *label = gtk_label_new ("work");
  g_autoptr(GCancellable) first = NULL;
  g_autoptr(GCancellable) second = NULL;

  gtk_window_set_child (GTK_WINDOW (window), label);
  first = g_object_ref (ps_widget_get_cancellable (label));
  g_assert_true (ps_widget_get_cancellable (label) == first);
  g_assert_false (g_cancellable_is_cancelled (first));

  g_object_ref (label);
  gtk_window_set_child (GTK_WINDOW (window), NULL);
  g_assert_true (g_cancellable_is_cancelled (first));
  second = g_object_ref (ps_widget_get_cancellable (label));
  g_assert_false (g_cancellable_is_cancelled (second));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_run_dispose (G_OBJECT (label));
  g_assert_true (g_cancellable_is_cancelled (second));
  g_assert_finalize_object (label);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  ps_test_ui_init (&argc, &argv);

  app = ps_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) |
                           G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/ui/window/shortcuts", test_shortcuts);
  g_test_add_func ("/ui/window/about-preferences", test_about_and_preferences);
  g_test_add_func ("/ui/window/close-guard", test_close_guard);
  g_test_add_func ("/ui/window/demo", test_demo);
  g_test_add_func ("/ui/window/import", test_import);
  g_test_add_func ("/ui/window/drop", test_drop);
  g_test_add_func ("/ui/window/save", test_save);
  g_test_add_func ("/ui/window/narrow-card", test_narrow_card);
  g_test_add_func ("/ui/window/narrow-header", test_narrow_header);
  g_test_add_func ("/ui/window/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/ui/window/settings-migration", test_settings_migration);
  g_test_add_func ("/ui/window/widget-work", test_widget_work);

  ret = g_test_run ();

  g_clear_object (&app);

  return ret;
}
