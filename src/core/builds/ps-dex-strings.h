/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ps-pin.h"

G_BEGIN_DECLS

/* The string table of a DEX file (classes*.dex): the string_ids, each pointing at a
 * string_data_item in MUTF-8. OkHttp's CertificatePinner pins are string constants there.
 * Returns the strings as UTF-8 (strings that are not valid UTF-16 are left out and
 * counted in @n_skipped), or NULL with PS_ERROR_INVALID_DATA. Also the fuzzing entry
 * point: any bytes, never a crash. */
GPtrArray *ps_dex_read_strings (const guint8  *data,
                                gsize          len,
                                guint         *n_skipped,
                                GError       **error);

/* A pin literal found in code. */
typedef struct
{
  char   *text;    /* as written: "sha256/…", "sha1/…" or bare base64 */
  PsPin  *pin;     /* the decoded value (SHA-256, or SHA-1 which is only reported) */
  char   *host;    /* the host it is proven to go with, or NULL: host unknown */
  gsize   offset;  /* byte offset in the file, or string index in a DEX table */
} PsPinLiteral;

void       ps_pin_literal_free      (PsPinLiteral  *literal);

/* Pin literals in any bytes: libapp.so (Flutter), index.android.bundle (React Native),
 * a Mach-O executable. "sha256/" and "sha1/" followed by base64 of 32 or 20 bytes count;
 * bare base64 of 32 bytes counts only with a host-like string within 512 bytes. The host
 * is set only when the source text proves it: a quoted host, then the quoted pins, comma
 * separated, as in OkHttp's add("host", "sha256/…"). Returns PsPinLiteral. */
GPtrArray *ps_pin_scan_bytes        (const guint8  *data,
                                     gsize          len);
/* The same over a DEX string table: each string is a literal of its own, so no host is
 * ever proven; bare base64 counts only when the table holds a host-like string. */
GPtrArray *ps_pin_scan_strings      (GPtrArray     *strings);
/* Whether @text (@len bytes) looks like a host name: dotted labels, a letter TLD. */
gboolean   ps_pin_scan_is_host_like (const char    *text,
                                     gsize          len);

G_END_DECLS
