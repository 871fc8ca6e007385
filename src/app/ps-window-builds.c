/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's hooks for shipped builds: a Build page per APK or IPA opened. */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-build-page.h"
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

/* What the header bar's subtitle calls an item that is not a chain. */
const char *
_ps_window_item_kind (GtkWidget *item)
{
  if (PS_IS_BUILD_PAGE (item))
    return _("Build");

  return _("Pinset");
}

void
_ps_window_builds_class_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (PS_TYPE_BUILD_PAGE);
}
