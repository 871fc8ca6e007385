/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-chain.h"
#include "ps-error.h"
#include "ps-export-view.h"
#include "ps-format.h"

struct _PsExportView
{
  AdwBin          parent_instance;

  PsPinset       *pinset;
  /* The chains open beside the pinset (PsChain), to resolve unknown roles from. */
  GListModel     *chains;
  GDateTime      *now;
  char           *text;
  guint           n_warnings;
  guint           update_id;
  /* The export failed only for want of pin roles (PS_ERROR_UNKNOWN_ROLE). */
  gboolean        unknown_role;
  /* The registry entries, in the order of the format row. */
  GPtrArray      *formats;

  AdwComboRow    *format_row;
  GtkStringList  *format_titles;
  GtkListBox     *warning_list;
  GtkTextView    *preview;
};

G_DEFINE_FINAL_TYPE (PsExportView, ps_export_view, ADW_TYPE_BIN)

GtkWidget *
ps_export_view_new (void)
{
  return g_object_new (PS_TYPE_EXPORT_VIEW, NULL);
}

const char *
ps_export_view_get_text (PsExportView *self)
{
  g_return_val_if_fail (PS_IS_EXPORT_VIEW (self), NULL);

  return self->text;
}

guint
ps_export_view_get_n_warnings (PsExportView *self)
{
  g_return_val_if_fail (PS_IS_EXPORT_VIEW (self), 0);

  return self->n_warnings;
}

static const PsFormat *
ps_export_view_get_format (PsExportView *self)
{
  guint selected = adw_combo_row_get_selected (self->format_row);

  if (selected >= self->formats->len)
    return NULL;

  return g_ptr_array_index (self->formats, selected);
}

const char *
ps_export_view_get_format_id (PsExportView *self)
{
  const PsFormat *format;

  g_return_val_if_fail (PS_IS_EXPORT_VIEW (self), NULL);

  format = ps_export_view_get_format (self);

  return format != NULL ? ps_format_get_id (format) : NULL;
}

static void
clear_warnings (PsExportView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->warning_list))) != NULL)
    gtk_list_box_remove (self->warning_list, child);
}

static GtkWidget *
add_warning (PsExportView *self,
             const char   *text,
             const char   *icon_name)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (icon, "finding-icon");
  gtk_widget_add_css_class (icon, g_str_equal (icon_name, "dialog-error-symbolic")
                                  ? "error" : "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_append (self->warning_list, row);

  return row;
}

/* Roles */

static GPtrArray *
open_chains (PsExportView *self)
{
  GPtrArray *chains = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; self->chains != NULL && i < g_list_model_get_n_items (self->chains); i++)
    g_ptr_array_add (chains, g_list_model_get_item (self->chains, i));

  return chains;
}

/* The pins of the pinset that have no known role, in rule order. */
static GPtrArray *
unknown_pins (PsPinset *pinset)
{
  GListModel *rules = ps_pinset_get_rules (pinset);
  GPtrArray *unknown = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint r = 0; r < g_list_model_get_n_items (rules); r++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, r);
      GListModel *pins = ps_pinset_rule_get_pins (rule);

      for (guint i = 0; i < g_list_model_get_n_items (pins); i++)
        {
          g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, i);

          if (ps_pinset_pin_get_role (pin) == PS_PIN_ROLE_UNKNOWN)
            g_ptr_array_add (unknown, g_steal_pointer (&pin));
        }
    }

  return unknown;
}

/* "a, b, c and 2 more": at most three names. */
static char *
join_names (GPtrArray *names)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < names->len && i < 3; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, g_ptr_array_index (names, i));
    }
  if (names->len > 3)
    {
      g_string_append (out, ", ");
      g_string_append_printf (out, _("and %u more"), names->len - 3);
    }

  return g_string_free (out, FALSE);
}

/* The names of the open chains in which at least one pin of unknown role is found. */
static GPtrArray *
chains_knowing_pins (GPtrArray *chains,
                     GPtrArray *pins)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint c = 0; c < chains->len; c++)
    {
      PsChain *chain = g_ptr_array_index (chains, c);

      for (guint i = 0; i < pins->len; i++)
        {
          const PsPin *pin = ps_pinset_pin_get_pin (g_ptr_array_index (pins, i));

          if (pin != NULL && ps_chain_find_pin (chain, pin, NULL) >= 0)
            {
              char *name = ps_chain_dup_display_name (chain, NULL);

              g_ptr_array_add (names, name != NULL ? name : g_strdup (_("Untitled Chain")));
              break;
            }
        }
    }

  return names;
}

static void
resolve_roles_cb (PsExportView *self)
{
  g_autoptr(GPtrArray) chains = open_chains (self);
  g_autoptr(GPtrArray) left = NULL;
  g_autofree char *message = NULL;
  guint n_resolved = 0;

  if (self->pinset == NULL)
    return;

  /* The open chains already hold the path to their anchor: no trust store is read here,
   * on the main thread. Each pin set changes the pinset, which marks the editor modified
   * and exports again. */
  ps_pinset_resolve_roles (self->pinset, chains, NULL, &n_resolved);
  left = unknown_pins (self->pinset);

  if (left->len == 0)
    message = g_strdup_printf (ngettext ("%u role resolved from the open chains",
                                         "%u roles resolved from the open chains",
                                         n_resolved), n_resolved);
  else
    {
      g_autofree char *done = g_strdup_printf (ngettext ("%u role resolved",
                                                         "%u roles resolved", n_resolved),
                                               n_resolved);
      g_autofree char *rest = g_strdup_printf (ngettext ("%u pin still has no known role",
                                                         "%u pins still have no known role",
                                                         left->len), left->len);

      /* Translators: "2 roles resolved" and "1 pin still has no known role", in a toast. */
      message = g_strdup_printf (_("%s; %s"), done, rest);
    }

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", message);
  /* The row of the button goes with the new export: keep the keyboard focus in the view. */
  gtk_widget_grab_focus (GTK_WIDGET (self->format_row));
}

/* The error of a pinset whose pins have no known role. When open chains know some of
 * them, a row of its own under the error offers to resolve them (a suffix beside the long
 * error would squeeze it into a narrow column on a phone); else the error says how. */
static void
add_role_error (PsExportView *self,
                const char   *message)
{
  GtkWidget *row = add_warning (self, message, "dialog-error-symbolic");
  g_autoptr(GPtrArray) chains = open_chains (self);
  g_autoptr(GPtrArray) pins = unknown_pins (self->pinset);
  g_autoptr(GPtrArray) names = chains_knowing_pins (chains, pins);
  g_autofree char *list = NULL;
  g_autofree char *title = NULL;
  GtkWidget *icon;
  GtkWidget *button;

  if (names->len == 0)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Open the server's chain beside this pinset (a file or "
                                     "a host name) to resolve them, or set each pin's role "
                                     "in the Pins tab."));
      return;
    }

  list = join_names (names);
  title = g_strdup_printf (ngettext ("Found in the open chain %s",
                                     "Found in the open chains %s", names->len), list);
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Each pin found takes the role of its level in the chain."));
  icon = gtk_image_new_from_icon_name ("application-certificate-symbolic");
  gtk_widget_add_css_class (icon, "dim-label");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  button = gtk_button_new_with_mnemonic (_("_Resolve Roles"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Set each pin's role from the level of the open "
                                         "chain it matches"));
  g_signal_connect_object (button, "clicked", G_CALLBACK (resolve_roles_cb), self,
                           G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  gtk_list_box_append (self->warning_list, row);
}

static void
ps_export_view_update (PsExportView *self)
{
  const PsFormat *format = ps_export_view_get_format (self);
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->preview);

  g_clear_handle_id (&self->update_id, g_source_remove);
  g_clear_pointer (&self->text, g_free);
  clear_warnings (self);
  self->n_warnings = 0;
  self->unknown_role = FALSE;

  if (format != NULL && self->pinset != NULL)
    self->text = ps_format_export (format, self->pinset, self->now, &warnings, &error);

  if (self->text == NULL && g_error_matches (error, PS_ERROR, PS_ERROR_UNKNOWN_ROLE))
    {
      add_role_error (self, error->message);
      self->unknown_role = TRUE;
      self->n_warnings = 1;
    }
  else if (self->text == NULL && error != NULL)
    {
      add_warning (self, error->message, "dialog-error-symbolic");
      self->n_warnings = 1;
    }

  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    {
      PsFormatWarning *warning = g_ptr_array_index (warnings, i);

      add_warning (self, warning->message, "dialog-warning-symbolic");
      self->n_warnings++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->warning_list), self->n_warnings > 0);
  gtk_text_buffer_set_text (buffer, self->text != NULL ? self->text : "", -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.copy", self->text != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.save", self->text != NULL);
}

static gboolean
update_idle_cb (gpointer user_data)
{
  PsExportView *self = user_data;

  self->update_id = 0;
  ps_export_view_update (self);

  return G_SOURCE_REMOVE;
}

static void
pinset_changed_cb (PsExportView *self)
{
  /* Typing in the editor changes the pinset at every key: export once it settles. */
  if (self->update_id == 0)
    self->update_id = g_idle_add_full (G_PRIORITY_LOW, update_idle_cb, self, NULL);
}

void
ps_export_view_set_pinset (PsExportView *self,
                           PsPinset     *pinset)
{
  g_return_if_fail (PS_IS_EXPORT_VIEW (self));

  if (self->pinset != NULL)
    g_signal_handlers_disconnect_by_func (self->pinset, pinset_changed_cb, self);

  if (!g_set_object (&self->pinset, pinset))
    return;

  if (pinset != NULL)
    g_signal_connect_object (pinset, "changed", G_CALLBACK (pinset_changed_cb), self,
                             G_CONNECT_SWAPPED);
  ps_export_view_update (self);
}

static void
chains_changed_cb (PsExportView *self)
{
  /* A chain opened or closed only matters to the error of pins with no known role. */
  if (self->unknown_role)
    pinset_changed_cb (self);
}

void
ps_export_view_set_chains (PsExportView *self,
                           GListModel   *chains)
{
  g_return_if_fail (PS_IS_EXPORT_VIEW (self));
  g_return_if_fail (chains == NULL || G_IS_LIST_MODEL (chains));

  if (self->chains != NULL)
    g_signal_handlers_disconnect_by_func (self->chains, chains_changed_cb, self);
  if (!g_set_object (&self->chains, chains))
    return;
  if (chains != NULL)
    g_signal_connect_object (chains, "items-changed", G_CALLBACK (chains_changed_cb), self,
                             G_CONNECT_SWAPPED);
  chains_changed_cb (self);
}

void
ps_export_view_set_now (PsExportView *self,
                        GDateTime    *now)
{
  g_return_if_fail (PS_IS_EXPORT_VIEW (self));

  g_clear_pointer (&self->now, g_date_time_unref);
  if (now != NULL)
    self->now = g_date_time_ref (now);
  ps_export_view_update (self);
}

void
ps_export_view_set_format_id (PsExportView *self,
                              const char   *id)
{
  g_return_if_fail (PS_IS_EXPORT_VIEW (self));

  for (guint i = 0; i < self->formats->len; i++)
    {
      if (g_strcmp0 (ps_format_get_id (g_ptr_array_index (self->formats, i)), id) == 0)
        {
          adw_combo_row_set_selected (self->format_row, i);
          ps_export_view_update (self);
          return;
        }
    }
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PsExportView *self = PS_EXPORT_VIEW (widget);

  if (self->text == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->text);
  gtk_widget_activate_action (widget, "win.show-toast", "s", _("Export copied"));
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PsExportView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    message = g_strdup_printf (_("Could not save: %s"), error->message);
  else
    message = g_strdup (_("Export saved"));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", message);
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(PsExportView) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT && self->text != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GBytes) bytes = g_bytes_new (self->text, strlen (self->text));

      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_NONE,
                                           NULL, saved_cb, g_object_ref (self));
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PsExportView *self = PS_EXPORT_VIEW (widget);
  const PsFormat *format = ps_export_view_get_format (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *native;
  g_autofree char *name = NULL;

  if (format == NULL)
    return;

  native = gtk_file_chooser_native_new (_("Save Export"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  name = g_strdup_printf ("%s.%s",
                          self->pinset != NULL ? ps_pinset_get_name (self->pinset) : "pins",
                          ps_format_get_extension (format));
  g_strdelimit (name, "/\\", '_');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  g_signal_connect (native, "response", G_CALLBACK (save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
ps_export_view_dispose (GObject *object)
{
  PsExportView *self = PS_EXPORT_VIEW (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), PS_TYPE_EXPORT_VIEW);
  g_clear_object (&self->pinset);
  if (self->chains != NULL)
    g_signal_handlers_disconnect_by_func (self->chains, chains_changed_cb, self);
  g_clear_object (&self->chains);

  G_OBJECT_CLASS (ps_export_view_parent_class)->dispose (object);
}

static void
ps_export_view_finalize (GObject *object)
{
  PsExportView *self = PS_EXPORT_VIEW (object);

  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->formats, g_ptr_array_unref);
  g_free (self->text);

  G_OBJECT_CLASS (ps_export_view_parent_class)->finalize (object);
}

static void
ps_export_view_class_init (PsExportViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ps_export_view_dispose;
  object_class->finalize = ps_export_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pinscope/Pinscope/ps-export-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PsExportView, format_row);
  gtk_widget_class_bind_template_child (widget_class, PsExportView, format_titles);
  gtk_widget_class_bind_template_child (widget_class, PsExportView, warning_list);
  gtk_widget_class_bind_template_child (widget_class, PsExportView, preview);

  gtk_widget_class_install_action (widget_class, "export.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "export.save", NULL, save_action);
}

static void
ps_export_view_init (PsExportView *self)
{
  const PsFormat * const *formats;
  guint n_formats = 0;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->formats = g_ptr_array_new ();
  formats = ps_format_get_all (&n_formats);
  for (guint i = 0; i < n_formats; i++)
    {
      g_ptr_array_add (self->formats, (gpointer) formats[i]);
      gtk_string_list_append (self->format_titles, ps_format_get_title (formats[i]));
    }

  g_signal_connect_object (self->format_row, "notify::selected",
                           G_CALLBACK (ps_export_view_update), self, G_CONNECT_SWAPPED);
  ps_export_view_update (self);
}
