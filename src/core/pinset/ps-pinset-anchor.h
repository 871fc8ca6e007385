/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A trust anchor a rule (or the whole pinset) trusts, as Android's
 * <certificates src="…" overridePins="…"/>: @source is "system", "user", "@raw/name" or a
 * path as written. With overridePins, a chain that ends at this anchor is accepted without
 * checking the pins.
 * https://developer.android.com/privacy-and-security/security-config#certificates */
#define PS_TYPE_PINSET_ANCHOR (ps_pinset_anchor_get_type ())
G_DECLARE_FINAL_TYPE (PsPinsetAnchor, ps_pinset_anchor, PS, PINSET_ANCHOR, GObject)

PsPinsetAnchor *ps_pinset_anchor_new                (const char     *source,
                                                     gboolean        override_pins);
const char     *ps_pinset_anchor_get_source         (PsPinsetAnchor *self);
gboolean        ps_pinset_anchor_get_override_pins  (PsPinsetAnchor *self);
gboolean        ps_pinset_anchor_equal              (PsPinsetAnchor *a,
                                                     PsPinsetAnchor *b);

G_END_DECLS
