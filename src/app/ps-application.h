/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The GSettings schema id is the application id (APP_ID in config.h). */

#define PS_TYPE_APPLICATION (ps_application_get_type ())

G_DECLARE_FINAL_TYPE (PsApplication, ps_application, PS, APPLICATION, AdwApplication)

PsApplication *ps_application_new          (void);
GSettings     *ps_application_get_settings (PsApplication *self);

/* Where the bundled demo lives: $PINSCOPE_DATADIR (for running from the build tree and
 * for tests), else the installed package data directory. Returns a new GFile. */
GFile         *ps_application_dup_demo_file (const char   *name);
/* When run from the source tree ($PINSCOPE_DATADIR set), adds its icons to @display's icon
 * theme so the window and the About window show the app's own icon. */
void           ps_application_add_icon_path (GdkDisplay   *display);

G_END_DECLS
