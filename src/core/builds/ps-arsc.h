/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Android's resource table (resources.arsc): enough of it to turn a resource id into the
 * file it names, such as 0x7f020000 -> "res/xml/network_security_config.xml" (or an
 * R8-shortened "res/Xy.xml"), and into its name, "@xml/network_security_config". */
typedef struct _PsArsc PsArsc;

/* Copies @data. Errors are PS_ERROR_INVALID_DATA naming what is out of range. Also the
 * entry point for fuzzing: any bytes, never a crash. */
PsArsc     *ps_arsc_parse          (const guint8  *data,
                                    gsize          len,
                                    GError       **error);
/* The same from the protobuf resource table of an App Bundle module (resources.pb, a
 * ResourceTable of aapt2's Resources.proto); file paths are relative to the module. */
PsArsc     *ps_arsc_parse_proto    (const guint8  *data,
                                    gsize          len,
                                    GError       **error);
void        ps_arsc_free           (PsArsc        *arsc);
/* The string value of @id (for file resources, the path in the APK or bundle module), following
 * references; cyclic, dangling and out-of-range references are errors. */
char       *ps_arsc_resolve_string (PsArsc        *arsc,
                                    guint32        id,
                                    GError       **error);
/* "@type/name" of @id, or NULL with an error. */
char       *ps_arsc_get_name       (PsArsc        *arsc,
                                    guint32        id,
                                    GError       **error);
/* The id of "@type/name" in any package of the table, or 0. */
guint32     ps_arsc_find           (PsArsc        *arsc,
                                    const char    *type,
                                    const char    *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsArsc, ps_arsc_free)

G_END_DECLS
