/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's hooks for shipped builds: a Build page per APK or IPA opened, and the one
 * Release Readiness page, which follows the window's items. */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-build-page.h"
#include "ps-readiness-page.h"
#include "ps-window-private.h"

static void
build_page_open_pinset_cb (PsWindow    *self,
                           PsPinset    *pinset,
                           PsBuildPage *page)
{
  _ps_window_add_pinset (self, pinset, NULL);
}

GtkWidget *
_ps_window_add_build (PsWindow *self,
                      PsBuild  *build,
                      GFile    *file)
{
  GtkWidget *page = ps_build_page_new (build, file);

  if (self->settings != NULL)
    g_settings_bind (self->settings, "notation", page, "notation", G_SETTINGS_BIND_GET);
  g_signal_connect_object (page, "open-pinset", G_CALLBACK (build_page_open_pinset_cb), self,
                           G_CONNECT_SWAPPED);
  _ps_window_add_item (self, page, ps_build_page_get_title (PS_BUILD_PAGE (page)),
                       "package-x-generic-symbolic");

  return page;
}

/* Shows the Release Readiness page, adding it the first time. */
GtkWidget *
_ps_window_show_readiness (PsWindow *self)
{
  GtkWidget *page;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->item_stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (PS_IS_READINESS_PAGE (child))
        {
          gtk_stack_set_visible_child (self->item_stack, child);
          return child;
        }
    }

  page = ps_readiness_page_new ();
  ps_readiness_page_set_items (PS_READINESS_PAGE (page), G_LIST_MODEL (self->items));
  _ps_window_add_item (self, page, _("Release Readiness"), "emblem-ok-symbolic");

  return page;
}

static void
readiness_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  _ps_window_show_readiness (PS_WINDOW (widget));
}

/* What the header bar's subtitle calls an item that is not a chain. */
const char *
_ps_window_item_kind (GtkWidget *item)
{
  if (PS_IS_BUILD_PAGE (item))
    return _("Build");
  if (PS_IS_READINESS_PAGE (item))
    return _("Rotation check");
  if (PS_IS_PINSET_EDITOR (item))
    return _("Pinset");

  return NULL;
}

void
_ps_window_builds_class_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (PS_TYPE_BUILD_PAGE);
  g_type_ensure (PS_TYPE_READINESS_PAGE);

  gtk_widget_class_install_action (widget_class, "win.readiness", NULL, readiness_action);
}
