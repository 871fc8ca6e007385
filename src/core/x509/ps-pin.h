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
