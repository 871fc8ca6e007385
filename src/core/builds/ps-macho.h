/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PS_MACHO_NONE,       /* not a Mach-O file */
  PS_MACHO_PLAIN,      /* Mach-O (thin or fat), readable */
  PS_MACHO_ENCRYPTED,  /* some slice has LC_ENCRYPTION_INFO(_64) with cryptid != 0 */
} PsMachoKind;

/* Looks at the load commands of a Mach-O file or of each slice of a fat (universal) file,
 * bounds-checked. Truncated or inconsistent headers are PS_ERROR_INVALID_DATA. */
PsMachoKind ps_macho_check (const guint8  *data,
                            gsize          len,
                            GError       **error);

G_END_DECLS
