/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ps-pinset.h"

G_BEGIN_DECLS

/* A certificate the configuration trusts for some domains, bundled in the build
 * (Android <certificates src="@raw/…">). */
#define PS_TYPE_BUILD_ANCHOR (ps_build_anchor_get_type ())
G_DECLARE_FINAL_TYPE (PsBuildAnchor, ps_build_anchor, PS, BUILD_ANCHOR, GObject)

PsPinsetPin *ps_build_anchor_get_pin           (PsBuildAnchor *self); /* label = subject */
const char  *ps_build_anchor_get_file          (PsBuildAnchor *self);
/* "base-config", "debug-overrides" or the domains of the domain-config, comma separated. */
const char  *ps_build_anchor_get_scope         (PsBuildAnchor *self);
/* overridePins="true": this anchor is trusted even when the pins do not match. */
gboolean     ps_build_anchor_get_override_pins (PsBuildAnchor *self);

G_END_DECLS
