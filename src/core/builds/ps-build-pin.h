/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ps-pin.h"

G_BEGIN_DECLS

/* A pin literal found in code. */
#define PS_TYPE_BUILD_PIN (ps_build_pin_get_type ())
G_DECLARE_FINAL_TYPE (PsBuildPin, ps_build_pin, PS, BUILD_PIN, GObject)

const char  *ps_build_pin_get_text    (PsBuildPin *self);  /* as written in the code */
const PsPin *ps_build_pin_get_pin     (PsBuildPin *self);  /* SHA-256, or SHA-1 (reported) */
const char  *ps_build_pin_get_file    (PsBuildPin *self);  /* path inside the build */
const char  *ps_build_pin_get_host    (PsBuildPin *self);  /* NULL: host unknown */
guint64      ps_build_pin_get_offset  (PsBuildPin *self);  /* byte, or DEX string index */

G_END_DECLS
