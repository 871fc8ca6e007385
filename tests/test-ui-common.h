/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the ui tests: start GTK under the test's X server, wait for the main loop. */
#pragma once

#include <string.h>

#include <adwaita.h>

#include "ps-chain-view.h"
#include "ps-window.h"

/* Runs the main loop until @expr holds, failing after @seconds. */
#define PS_WAIT_UNTIL(expr, seconds)                                              \
  G_STMT_START {                                                                  \
    gint64 ps_wait_end_ = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC;   \
    while (!(expr))                                                               \
      {                                                                           \
        if (g_get_monotonic_time () > ps_wait_end_)                               \
          g_error ("timed out waiting for %s", #expr);                            \
        if (!g_main_context_iteration (NULL, FALSE))                              \
          g_usleep (2000);                                                        \
      }                                                                           \
  } G_STMT_END

/* Lets pending idles and a few frames run. */
static inline void
ps_test_ui_spin (guint milliseconds)
{
  gint64 end = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

static inline void
ps_test_ui_init (int    *argc,
                 char ***argv)
{
  g_test_init (argc, argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      /* TAP: a skip plan, exit 0 (see STYLE.md). */
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      exit (0);
    }

  gtk_init ();
  adw_init ();
}

static inline GSettings *
ps_test_ui_settings (void)
{
  return g_settings_new (APP_ID);
}

/* A window without an application: everything but the application's accelerators. */
static inline PsWindow *
ps_test_ui_window_new (void)
{
  g_autoptr(GSettings) settings = ps_test_ui_settings ();
  PsWindow *window = g_object_new (PS_TYPE_WINDOW, "settings", settings, NULL);

  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

/* Destroys @window and checks that nothing keeps it alive. */
static inline void
ps_test_ui_window_finish (PsWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  ps_test_ui_spin (50);
  g_assert_finalize_object (window);
}

static inline guint
ps_test_ui_n_items (PsWindow *window)
{
  return g_list_model_get_n_items (G_LIST_MODEL (ps_window_get_items (window)));
}

/* The first descendant of @widget of type @type (depth first), or NULL. */
static inline GtkWidget *
ps_test_ui_find (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ps_test_ui_find (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The first visible GtkLabel below @widget whose text contains @text, or NULL. */
static inline GtkWidget *
ps_test_ui_find_label (GtkWidget  *widget,
                       const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ps_test_ui_find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The AdwPreferencesRow below @widget whose title is @title, or NULL. */
static inline GtkWidget *
ps_test_ui_find_row (GtkWidget  *widget,
                     const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ps_test_ui_find_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The card of level @index of @view. The view shows only the cards on screen (a card below
 * the fold of a small window is not child-visible): scroll it into view, then wait for the
 * layout that makes and places it. */
static inline GtkWidget *
ps_test_ui_get_card (PsChainView *view,
                     guint        index)
{
  g_assert_true (ps_chain_view_scroll_to_card (view, index));
  PS_WAIT_UNTIL (ps_chain_view_get_card (view, index) != NULL, 10);
  return ps_chain_view_get_card (view, index);
}
