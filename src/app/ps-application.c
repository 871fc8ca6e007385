/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-application.h"
#include "ps-preferences-window.h"
#include "ps-window.h"

struct _PsApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (PsApplication, ps_application, ADW_TYPE_APPLICATION)

PsApplication *
ps_application_new (void)
{
  return g_object_new (PS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/io/github/pinscope/Pinscope",
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       NULL);
}

/* "pin-encoding" became "notation", whose nicks are those of PsPinNotation: a value the
 * user set under the old name is moved once, then the old key is reset. */
static void
migrate_settings (GSettings *settings)
{
  g_autoptr(GVariant) old = g_settings_get_user_value (settings, "pin-encoding");
  const char *nick;

  if (old == NULL)
    return;

  nick = g_variant_get_string (old, NULL);
  /* "base64" was the default (sha256/BASE64), as "okhttp" is now; "hex" and "hex-colons"
   * kept their names. */
  if (g_str_equal (nick, "hex") || g_str_equal (nick, "hex-colons"))
    g_settings_set_string (settings, "notation", nick);
  g_settings_reset (settings, "pin-encoding");
}

GSettings *
ps_application_get_settings (PsApplication *self)
{
  g_return_val_if_fail (PS_IS_APPLICATION (self), NULL);

  if (self->settings == NULL)
    {
      self->settings = g_settings_new (APP_ID);
      migrate_settings (self->settings);
    }

  return self->settings;
}

GFile *
ps_application_dup_demo_file (const char *name)
{
  const char *datadir = g_getenv ("PINSCOPE_DATADIR");
  g_autofree char *path = NULL;

  if (datadir == NULL || *datadir == '\0')
    datadir = PKGDATADIR;

  path = g_build_filename (datadir, "demo", name, NULL);

  return g_file_new_for_path (path);
}

static PsWindow *
ps_application_get_or_create_window (PsApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (PS_IS_WINDOW (window))
    return PS_WINDOW (window);

  return ps_window_new (self);
}

static void
ps_application_activate (GApplication *app)
{
  PsWindow *window = ps_application_get_or_create_window (PS_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
}

static int
ps_application_command_line (GApplication            *app,
                             GApplicationCommandLine *cmdline)
{
  PsApplication *self = PS_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  g_autofree const char **args = NULL;
  gboolean demo = FALSE;
  PsWindow *window;

  window = ps_application_get_or_create_window (self);

  g_variant_dict_lookup (options, "demo", "b", &demo);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &args);

  if (demo)
    ps_window_open_demo (window);

  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (cmdline, args[i]);

      /* An argument that names an existing file is opened; anything else is a host. */
      if (g_file_query_exists (file, NULL))
        ps_window_open_file (window, file);
      else
        ps_window_inspect_host (window, args[i]);
    }

  gtk_window_present (GTK_WINDOW (window));

  return EXIT_SUCCESS;
}

void
ps_application_add_icon_path (GdkDisplay *display)
{
  const char *datadir = g_getenv ("PINSCOPE_DATADIR");
  g_autofree char *icons = NULL;

  g_return_if_fail (display == NULL || GDK_IS_DISPLAY (display));

  if (display == NULL || datadir == NULL || *datadir == '\0')
    return;

  icons = g_build_filename (datadir, "icons", NULL);
  gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (display), icons);
}

static void
ps_application_about_cb (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  PsApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { _("The Pinscope contributors"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-name", _("Pinscope"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Pinscope contributors"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "comments", _("See a server's certificate chain, build a pinset, "
                                      "check it and export it"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/pinscope/pinscope",
                        "issue-url", "https://github.com/pinscope/pinscope/issues",
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
ps_application_preferences_cb (GSimpleAction *action,
                               GVariant      *param,
                               gpointer       user_data)
{
  PsApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  PsPreferencesWindow *prefs;

  prefs = ps_preferences_window_new (ps_application_get_settings (self));
  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
ps_application_quit_cb (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  PsApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing goes through each window's unsaved-changes guard. */
  if (windows == NULL)
    g_application_quit (G_APPLICATION (self));
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;
      l = l->next;
      gtk_window_close (window);
    }
}

static const GActionEntry app_actions[] = {
  { "about", ps_application_about_cb },
  { "preferences", ps_application_preferences_cb },
  { "quit", ps_application_quit_cb },
};

static const struct {
  const char *action;
  const char *accels[3];
} app_accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "win.focus-host", { "<Control>l", NULL } },
  { "win.open", { "<Control>o", NULL } },
  { "win.new-pinset", { "<Control>n", NULL } },
  { "win.save", { "<Control>s", NULL } },
  { "win.save-as", { "<Control><Shift>s", NULL } },
  { "win.export", { "<Control>e", NULL } },
  { "win.endpoints", { "<Control><Shift>h", NULL } },
  { "win.readiness", { "<Control><Shift>r", NULL } },
  { "win.close-item", { "<Control>w", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
};

static void
ps_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (ps_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);

  for (guint i = 0; i < G_N_ELEMENTS (app_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app),
                                           app_accels[i].action,
                                           app_accels[i].accels);

  ps_application_add_icon_path (gdk_display_get_default ());
  gtk_window_set_default_icon_name (APP_ID);
}

static void
ps_application_dispose (GObject *object)
{
  PsApplication *self = PS_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ps_application_parent_class)->dispose (object);
}

static void
ps_application_class_init (PsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ps_application_dispose;

  app_class->startup = ps_application_startup;
  app_class->activate = ps_application_activate;
  app_class->command_line = ps_application_command_line;
}

static void
ps_application_init (PsApplication *self)
{
  const GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Open the bundled example chain and pinset"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
      NULL, NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                     _("[FILE|HOST[:PORT]…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Opens files of certificates, keys or CSRs, "
                                              "and inspects the other arguments as hosts."));
}
