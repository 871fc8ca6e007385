/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-certificate.h"
#include "ps-material.h"
#include "ps-pin.h"

G_BEGIN_DECLS

typedef enum
{
  PS_PIN_ORIGIN_TYPED,  /* typed or pasted in */
  PS_PIN_ORIGIN_HOST,   /* a live chain: origin = host[:port], depth set */
  PS_PIN_ORIGIN_FILE,   /* a certificate file: origin = path, depth = index in file */
  PS_PIN_ORIGIN_KEY,    /* a public or private key file: origin = path */
  PS_PIN_ORIGIN_CSR,    /* a CSR file: origin = path */
} PsPinOrigin;

#define PS_TYPE_PIN_ORIGIN (ps_pin_origin_get_type ())
GType       ps_pin_origin_get_type    (void) G_GNUC_CONST;

const char *ps_pin_origin_to_string   (PsPinOrigin  origin);
gboolean    ps_pin_origin_from_string (const char  *text,
                                       PsPinOrigin *origin);

/* One pin of a rule. Every setter notifies, and the owning rule and pinset emit
 * "changed". */
#define PS_TYPE_PINSET_PIN (ps_pinset_pin_get_type ())
G_DECLARE_FINAL_TYPE (PsPinsetPin, ps_pinset_pin, PS, PINSET_PIN, GObject)

PsPinsetPin *ps_pinset_pin_new          (const PsPin  *pin,
                                         const char   *label,
                                         PsPinRole     role);
const PsPin *ps_pinset_pin_get_pin      (PsPinsetPin  *self);
/* The digest algorithm of a usable pin; PS_PIN_SHA256 for unparsed ones. */
PsPinAlgorithm ps_pinset_pin_get_algorithm (PsPinsetPin *self);
const char  *ps_pinset_pin_get_label    (PsPinsetPin  *self);
void         ps_pinset_pin_set_label    (PsPinsetPin  *self,
                                         const char   *label);
PsPinRole    ps_pinset_pin_get_role     (PsPinsetPin  *self);
void         ps_pinset_pin_set_role     (PsPinsetPin  *self,
                                         PsPinRole     role);
PsPinOrigin  ps_pinset_pin_get_origin   (PsPinsetPin  *self);
const char  *ps_pinset_pin_get_origin_detail (PsPinsetPin *self); /* host or file, or NULL */
int          ps_pinset_pin_get_depth    (PsPinsetPin  *self);     /* -1 when not known */
void         ps_pinset_pin_set_origin   (PsPinsetPin  *self,
                                         PsPinOrigin   origin,
                                         const char   *detail,
                                         int           depth);
/* Validity of the certificate the pin came from, when known (for outlives-certificates);
 * may be NULL. */
GDateTime   *ps_pinset_pin_get_not_after (PsPinsetPin *self);
void         ps_pinset_pin_set_not_after (PsPinsetPin *self,
                                          GDateTime   *not_after);

/* A pin as written in an imported document, kept even when it is not usable so that the
 * linter can report it (invalid-pin, placeholder-pin). SHA-256 and SHA-1 pins ("sha1/B64",
 * pin-sha1="…", or 20 bytes) parse, and so does base64 without its "=" padding. When
 * @text parses, this is the same as ps_pinset_pin_new(); otherwise
 * ps_pinset_pin_get_pin() returns NULL, ps_pinset_pin_get_text() the text and
 * ps_pinset_pin_get_problem() why. Never fails. */
PsPinsetPin *ps_pinset_pin_new_from_text    (const char   *text,
                                             const char   *label,
                                             PsPinRole     role);
/* NULL for pins made from a value; the original text otherwise. */
const char  *ps_pinset_pin_get_text         (PsPinsetPin  *self);
/* NULL when the pin is usable; otherwise a translated sentence. */
const char  *ps_pinset_pin_get_problem      (PsPinsetPin  *self);
/* PS_ERROR_INVALID_PIN or PS_ERROR_PLACEHOLDER_PIN; -1 when usable. */
int          ps_pinset_pin_get_problem_code (PsPinsetPin  *self);
/* TRUE when the pin is a placeholder rather than the hash of a real key: its decoded bytes
 * have very low entropy or repeat a short pattern (AAAA…, BBBB…B=, 0123…). */
gboolean     ps_pinset_pin_is_placeholder   (PsPinsetPin  *self);
/* The pin in the usual notation (base64) or the unparsed text. Owned. */
char        *ps_pinset_pin_dup_display      (PsPinsetPin  *self);

/* The "certificate or key material -> pin" constructors. The label is the certificate's
 * display name (the material's label), the end of validity is the certificate's.
 * ps_pin_role_for_certificate() is the role a certificate alone shows (self-signed CA =
 * root, other CA = intermediate, else leaf). For material, the origin follows its kind
 * (certificate: FILE at @index, CSR: CSR, key: KEY) with @path as detail. */
PsPinRole    ps_pin_role_for_certificate        (PsCertificate *certificate);
PsPinsetPin *ps_pinset_pin_new_for_certificate  (PsCertificate *certificate,
                                                 PsPinRole      role,
                                                 PsPinOrigin    origin,
                                                 const char    *detail,
                                                 int            depth);
PsPinsetPin *ps_pinset_pin_new_for_material     (PsMaterial    *material,
                                                 PsPinRole      role,
                                                 const char    *path,
                                                 int            index);

G_END_DECLS
