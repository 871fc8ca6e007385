/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ps-error.h"

G_BEGIN_DECLS

/* Parses "host", "host:port", "[v6]:port", "v6" or "https://host:port/..." and turns an
 * IDN into its lower-case ASCII form (a trailing dot dropped). @default_port is used when
 * no port is given. Fails with PS_PROBE_ERROR_INVALID_HOST. */
gboolean ps_host_parse           (const char  *text,
                                  guint16      default_port,
                                  char       **host,
                                  guint16     *port,
                                  GError     **error);

/* TRUE for "invalid" and names under it, which never resolve (RFC 6761 6.4). */
gboolean ps_host_is_invalid_name (const char  *host);

G_END_DECLS
