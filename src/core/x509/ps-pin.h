/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A pin is the hash of a DER SubjectPublicKeyInfo. SHA-256 always, unless a legacy SHA-1
 * value is read (those are only ever reported, never produced). */
typedef enum
{
  PS_PIN_SHA256,
  PS_PIN_SHA1,
} PsPinAlgorithm;

typedef enum
{
  PS_PIN_NOTATION_BASE64,     /* B64 */
  PS_PIN_NOTATION_OKHTTP,     /* sha256/B64 */
  PS_PIN_NOTATION_CURL,       /* sha256//B64 */
  PS_PIN_NOTATION_HPKP,       /* pin-sha256="B64" */
  PS_PIN_NOTATION_HEX,        /* lowercase hex */
  PS_PIN_NOTATION_HEX_COLONS, /* AB:CD:... uppercase */
  PS_PIN_NOTATION_TLSA,       /* 3 1 1 HEX */
} PsPinNotation;

/* Where the key of a pin sits in a chain. */
typedef enum
{
  PS_PIN_ROLE_LEAF,
  PS_PIN_ROLE_INTERMEDIATE,
  PS_PIN_ROLE_ROOT,
  PS_PIN_ROLE_BACKUP,
  /* Read from a format that says nothing about where the key sits (Android NSC, OkHttp,
   * HPKP). Only evidence turns it into another role: ps_pinset_resolve_roles(). */
  PS_PIN_ROLE_UNKNOWN,
} PsPinRole;

#define PS_TYPE_PIN_ROLE (ps_pin_role_get_type ())
GType       ps_pin_role_get_type      (void) G_GNUC_CONST;
const char *ps_pin_role_to_string     (PsPinRole    role);
gboolean    ps_pin_role_from_string   (const char  *text,
                                       PsPinRole   *role);
const char *ps_pin_role_to_label      (PsPinRole    role);  /* translated, for display */

typedef enum
{
  PS_PIN_PARSE_DEFAULT = 0,
  PS_PIN_PARSE_ALLOW_SHA1 = 1 << 0,       /* "sha1/…", pin-sha1="…" or 20 bytes */
  PS_PIN_PARSE_LENIENT_BASE64 = 1 << 1,   /* base64 "=" padding optional */
  PS_PIN_PARSE_ALLOW_PLACEHOLDER = 1 << 2,
} PsPinParseFlags;

/* The one base64 decoder. Strict: the standard alphabet only, length a multiple of 4,
 * "=" only as the last one or two characters. Lenient: the same, but the padding may be
 * left out (43 characters for a SHA-256 digest, as Android and okio accept). Returns NULL
 * for anything else (whitespace included). */
guint8        *ps_base64_decode          (const char     *text,
                                          gboolean        lenient,
                                          gsize          *out_len);
/* Whether @digest looks made up rather than the output of a hash: a short repeated
 * pattern (AAAA…, BBBB…B=, repeating 2-, 3- or 4-byte units), a counting sequence
 * (00 01 02…), or far fewer distinct bytes than any real digest has. */
gboolean       ps_pin_digest_is_placeholder (const guint8 *digest,
                                             gsize         len);

#define PS_TYPE_PIN (ps_pin_get_type ())

typedef struct _PsPin PsPin;

GType          ps_pin_get_type           (void) G_GNUC_CONST;
PsPin         *ps_pin_new_for_spki       (const guint8   *spki_der,
                                          gsize           len);
PsPin         *ps_pin_new_from_digest    (PsPinAlgorithm  algorithm,
                                          const guint8   *digest,
                                          gsize           len);
PsPin         *ps_pin_parse              (const char     *text,
                                          GError        **error);
/* ps_pin_parse() is ps_pin_parse_with_flags (text, PS_PIN_PARSE_DEFAULT, error). */
PsPin         *ps_pin_parse_with_flags   (const char     *text,
                                          PsPinParseFlags flags,
                                          GError        **error);
GPtrArray     *ps_pin_parse_list         (const char     *text,
                                          GError        **error);
PsPin         *ps_pin_copy               (const PsPin    *pin);
void           ps_pin_free               (PsPin          *pin);
PsPinAlgorithm ps_pin_get_algorithm      (const PsPin    *pin);
const guint8  *ps_pin_get_digest         (const PsPin    *pin,
                                          gsize          *len);
char          *ps_pin_to_string          (const PsPin    *pin,
                                          PsPinNotation   notation);
char          *ps_pin_to_base64          (const PsPin    *pin);
char          *ps_pin_to_hex             (const PsPin    *pin);
gboolean       ps_pin_equal              (gconstpointer   a,
                                          gconstpointer   b);
guint          ps_pin_hash               (gconstpointer   pin);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsPin, ps_pin_free)

G_END_DECLS
