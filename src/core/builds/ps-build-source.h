/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>


G_BEGIN_DECLS

/* Where something of the pinset came from: a rule (index into the pinset's rules), or
 * the configuration as a whole (rule -1). */
#define PS_TYPE_BUILD_SOURCE (ps_build_source_get_type ())
G_DECLARE_FINAL_TYPE (PsBuildSource, ps_build_source, PS, BUILD_SOURCE, GObject)

const char  *ps_build_source_get_what  (PsBuildSource *self);  /* translated, one phrase */
const char  *ps_build_source_get_path  (PsBuildSource *self);  /* inside the build */
guint        ps_build_source_get_line  (PsBuildSource *self);  /* 0 when not known */
int          ps_build_source_get_rule  (PsBuildSource *self);

G_END_DECLS
