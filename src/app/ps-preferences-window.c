/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-preferences-window.h"

struct _PsPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  GtkAdjustment        *timeout_adjustment;
  AdwActionRow         *cafile_row;
  AdwComboRow          *notation_row;
};

G_DEFINE_FINAL_TYPE (PsPreferencesWindow, ps_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

PsPreferencesWindow *
ps_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (PS_TYPE_PREFERENCES_WINDOW, "settings", settings, NULL);
}

static void
cafile_changed_cb (PsPreferencesWindow *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, "default-cafile");

  adw_action_row_set_subtitle (self->cafile_row,
                               *path != '\0' ? path : _("System trust store"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.clear-cafile", *path != '\0');
}

static void
cafile_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(PsPreferencesWindow) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        g_settings_set_string (self->settings, "default-cafile", path);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose_cafile_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Choose a CA File"), GTK_WINDOW (widget),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Choose"), _("_Cancel"));
  g_signal_connect (native, "response", G_CALLBACK (cafile_response_cb), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
clear_cafile_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  PsPreferencesWindow *self = PS_PREFERENCES_WINDOW (widget);

  g_settings_set_string (self->settings, "default-cafile", "");
}

static gboolean
notation_get_mapping (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  /* The rows of the notation choice, in the order of the .ui. */
  if (g_str_equal (nick, "hex"))
    g_value_set_uint (value, 1);
  else if (g_str_equal (nick, "hex-colons"))
    g_value_set_uint (value, 2);
  else
    g_value_set_uint (value, 0);

  return TRUE;
}

static GVariant *
notation_set_mapping (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  const char *nicks[] = { "okhttp", "hex", "hex-colons" };
  guint index = g_value_get_uint (value);

  return g_variant_new_string (nicks[MIN (index, G_N_ELEMENTS (nicks) - 1)]);
}

static void
ps_preferences_window_constructed (GObject *object)
{
  PsPreferencesWindow *self = PS_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (ps_preferences_window_parent_class)->constructed (object);

  g_settings_bind (self->settings, "timeout-seconds", self->timeout_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "notation", self->notation_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, notation_get_mapping,
                                notation_set_mapping, NULL, NULL);
  g_signal_connect_object (self->settings, "changed::default-cafile",
                           G_CALLBACK (cafile_changed_cb), self, G_CONNECT_SWAPPED);
  cafile_changed_cb (self);
}

static void
ps_preferences_window_dispose (GObject *object)
{
  PsPreferencesWindow *self = PS_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PS_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ps_preferences_window_parent_class)->dispose (object);
}

static void
ps_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PsPreferencesWindow *self = PS_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PsPreferencesWindow *self = PS_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_preferences_window_class_init (PsPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ps_preferences_window_constructed;
  object_class->dispose = ps_preferences_window_dispose;
  object_class->set_property = ps_preferences_window_set_property;
  object_class->get_property = ps_preferences_window_get_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pinscope/Pinscope/ps-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PsPreferencesWindow, timeout_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PsPreferencesWindow, cafile_row);
  gtk_widget_class_bind_template_child (widget_class, PsPreferencesWindow, notation_row);

  gtk_widget_class_install_action (widget_class, "prefs.choose-cafile", NULL,
                                   choose_cafile_action);
  gtk_widget_class_install_action (widget_class, "prefs.clear-cafile", NULL,
                                   clear_cafile_action);

  /* Like any dialog, Escape closes it (AdwPreferencesWindow 1.2 only ends its search). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ps_preferences_window_init (PsPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
