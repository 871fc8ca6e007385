/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A small, bounds-checked DER reader: just enough to find SubjectPublicKeyInfo bytes exactly
 * as they appear in certificates, CSRs and public keys. Nothing here allocates. */

#define PS_DER_INTEGER      0x02
#define PS_DER_BIT_STRING   0x03
#define PS_DER_NULL         0x05
#define PS_DER_OID          0x06
#define PS_DER_SEQUENCE     0x30
#define PS_DER_SET          0x31
#define PS_DER_CONTEXT_0    0xa0

typedef struct
{
  guint8        tag;
  const guint8 *start;   /* first byte of the tag */
  gsize         total;   /* tag + length + value */
  const guint8 *value;
  gsize         len;
} PsDerTlv;

typedef enum
{
  PS_DER_KIND_UNKNOWN,
  PS_DER_KIND_CERTIFICATE,
  PS_DER_KIND_CSR,
  PS_DER_KIND_SPKI,
  PS_DER_KIND_PKCS7,
} PsDerKind;

gboolean  _ps_der_read             (const guint8  *data,
                                    gsize          len,
                                    gsize         *pos,
                                    PsDerTlv      *tlv);
gboolean  _ps_der_enter            (const PsDerTlv *outer,
                                    guint8          tag,
                                    PsDerTlv       *first,
                                    gsize          *pos);
typedef struct
{
  PsDerTlv serial;
  PsDerTlv issuer;
  PsDerTlv validity;
  PsDerTlv subject;
  PsDerTlv spki;
} PsDerCertificate;

/* A certificate time, UTC. */
typedef struct
{
  int year, month, day, hour, minute, second;
} PsDerTime;

/* Reads a UTCTime "YYMMDDHHMMSSZ" (1950 to 2049) or GeneralizedTime "YYYYMMDDHHMMSSZ" at
 * *@pos, the only forms RFC 5280 4.1.2.5 allows, checking every field's range. */
gboolean  _ps_der_read_time         (const guint8     *der,
                                     gsize             len,
                                     gsize            *pos,
                                     PsDerTime        *out);
/* The notBefore and notAfter of a certificate's validity sequence. */
gboolean  _ps_der_read_validity     (const PsDerTlv   *validity,
                                     PsDerTime        *not_before,
                                     PsDerTime        *not_after);

gboolean  _ps_der_parse_certificate (const guint8     *der,
                                     gsize             len,
                                     PsDerCertificate *out,
                                     gsize            *consumed);
/* Each returns the SPKI element (tag and length included), and the length of the whole
 * outer element in @consumed. */
gboolean  _ps_der_certificate_spki (const guint8  *der,
                                    gsize          len,
                                    PsDerTlv      *spki,
                                    gsize         *consumed);
gboolean  _ps_der_csr_spki         (const guint8  *der,
                                    gsize          len,
                                    PsDerTlv      *spki,
                                    gsize         *consumed);
gboolean  _ps_der_is_spki          (const guint8  *der,
                                    gsize          len,
                                    gsize         *consumed);
PsDerKind _ps_der_detect           (const guint8  *der,
                                    gsize          len,
                                    PsDerTlv      *spki,
                                    gsize         *consumed);
/* The algorithm OID of an SPKI as dotted text, and its parameters: a curve OID as dotted
 * text, or NULL (with *explicit_params set when parameters are an explicit curve). */
char     *_ps_der_spki_algorithm   (const PsDerTlv *spki,
                                    char          **curve_oid,
                                    gboolean       *explicit_params);
char     *_ps_der_oid_to_string    (const guint8  *value,
                                    gsize          len);

/* The tag and length of a BER element at @p, for protocols such as LDAP (RFC 4511 5.1):
 * low tag numbers, definite lengths of up to 4 bytes. Sets @content to the first byte of
 * the value, which may lie beyond @end: the caller checks @len against what is left.
 * FALSE when the header is incomplete or not one of those. */
gboolean  _ps_der_read_ber_header  (const guint8  *p,
                                    const guint8  *end,
                                    guint8        *tag,
                                    gsize         *len,
                                    const guint8 **content);

G_END_DECLS
