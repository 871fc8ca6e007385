/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "ps-certificate-facts.h"
#include "ps-certificate-private.h"

/* The certificate's fields (RFC 5280 4.1):
 * TBSCertificate ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, serialNumber, signature,
 *   issuer, validity, subject, subjectPublicKeyInfo, issuerUniqueID [1] OPTIONAL,
 *   subjectUniqueID [2] OPTIONAL, extensions [3] EXPLICIT OPTIONAL } */
typedef struct
{
  PsDerTlv serial;
  PsDerTlv signature;
  PsDerTlv issuer;
  PsDerTlv validity;
  PsDerTlv subject;
  PsDerTlv spki;
  PsDerTlv san;       /* the extension's value (an OCTET STRING's content), len 0 if absent */
  PsDerTlv bc;
  PsDerTlv aki;
  PsDerTlv ski;
  PsDerTlv ian;
} RawCert;

#define MAX_EXTENSIONS 64

/* 2.5.29.x */
static const guint8 oid_san[] = { 0x55, 0x1d, 0x11 };
static const guint8 oid_bc[] = { 0x55, 0x1d, 0x13 };
static const guint8 oid_aki[] = { 0x55, 0x1d, 0x23 };
static const guint8 oid_ski[] = { 0x55, 0x1d, 0x0e };
static const guint8 oid_ian[] = { 0x55, 0x1d, 0x12 };

static gboolean
oid_is (const PsDerTlv *oid,
        const guint8   *value,
        gsize           len)
{
  return oid->len == len && memcmp (oid->value, value, len) == 0;
}

/* Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }.
 * GnuTLS refuses a certificate that repeats an extension, so such a one is left to it. */
static gboolean
read_extensions (const PsDerTlv *wrapper,
                 RawCert        *raw)
{
  PsDerTlv list, ext, oid, tlv;
  PsDerTlv seen[MAX_EXTENSIONS];
  guint n_seen = 0;
  gsize pos = 0;

  if (!_ps_der_read (wrapper->value, wrapper->len, &pos, &list) || pos != wrapper->len ||
      list.tag != PS_DER_SEQUENCE)
    return FALSE;

  pos = 0;
  while (pos < list.len)
    {
      gsize inner;

      if (!_ps_der_read (list.value, list.len, &pos, &ext) || ext.tag != PS_DER_SEQUENCE ||
          !_ps_der_enter (&ext, PS_DER_OID, &oid, &inner) ||
          !_ps_der_read (ext.value, ext.len, &inner, &tlv))
        return FALSE;
      if (tlv.tag == 0x01 && (tlv.len != 1 || !_ps_der_read (ext.value, ext.len, &inner, &tlv)))
        return FALSE;
      if (tlv.tag != 0x04 || inner != ext.len || n_seen == MAX_EXTENSIONS)
        return FALSE;

      for (guint i = 0; i < n_seen; i++)
        if (oid_is (&seen[i], oid.value, oid.len))
          return FALSE;
      seen[n_seen++] = oid;

      if (oid_is (&oid, oid_san, sizeof oid_san))
        raw->san = tlv;
      else if (oid_is (&oid, oid_bc, sizeof oid_bc))
        raw->bc = tlv;
      else if (oid_is (&oid, oid_aki, sizeof oid_aki))
        raw->aki = tlv;
      else if (oid_is (&oid, oid_ski, sizeof oid_ski))
        raw->ski = tlv;
      else if (oid_is (&oid, oid_ian, sizeof oid_ian))
        raw->ian = tlv;
    }
  return TRUE;
}

/* An OBJECT IDENTIFIER as libtasn1 decodes it: not empty, no sub-identifier padded with a
 * leading 0x80 byte, the last one complete (X.690 8.19.2). */
static gboolean
oid_is_well_formed (const PsDerTlv *oid)
{
  if (oid->len == 0 || (oid->value[oid->len - 1] & 0x80) != 0 || oid->value[0] == 0x80)
    return FALSE;
  for (gsize i = 1; i < oid->len; i++)
    if (oid->value[i] == 0x80 && (oid->value[i - 1] & 0x80) == 0)
      return FALSE;
  return TRUE;
}

#define MAX_DEPTH 16

/* Whether every constructed element inside @tlv is exactly a list of well-formed elements,
 * and every OID in it well formed. GnuTLS (libtasn1) refuses the whole certificate
 * otherwise, while the fields read here would not show it: inside a name, for one. */
static gboolean
is_well_formed (const PsDerTlv *tlv,
                guint           depth)
{
  PsDerTlv inner;
  gsize pos = 0;

  if (tlv->tag == PS_DER_OID)
    return oid_is_well_formed (tlv);
  if ((tlv->tag & 0x20) == 0)
    return TRUE;
  if (depth == MAX_DEPTH)
    return FALSE;
  while (pos < tlv->len)
    if (!_ps_der_read (tlv->value, tlv->len, &pos, &inner) || !is_well_formed (&inner, depth + 1))
      return FALSE;
  return TRUE;
}

/* Name ::= SEQUENCE OF RelativeDistinguishedName; RelativeDistinguishedName ::= SET SIZE
 * (1..MAX) OF AttributeTypeAndValue ::= SEQUENCE { type OID, value ANY } (RFC 5280 4.1.2.4). */
static gboolean
name_is_well_formed (const PsDerTlv *name)
{
  PsDerTlv rdn, atv, tlv;
  gsize pos = 0;

  while (pos < name->len)
    {
      gsize rdn_pos = 0;

      if (!_ps_der_read (name->value, name->len, &pos, &rdn) || rdn.tag != PS_DER_SET ||
          rdn.len == 0)
        return FALSE;
      while (rdn_pos < rdn.len)
        {
          gsize inner;

          if (!_ps_der_read (rdn.value, rdn.len, &rdn_pos, &atv) || atv.tag != PS_DER_SEQUENCE ||
              !_ps_der_enter (&atv, PS_DER_OID, &tlv, &inner) ||
              !_ps_der_read (atv.value, atv.len, &inner, &tlv) || inner != atv.len)
            return FALSE;
        }
    }
  return TRUE;
}

/* AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL } */
static gboolean
algorithm_is_well_formed (const PsDerTlv *alg)
{
  PsDerTlv tlv;
  gsize pos;

  if (alg->tag != PS_DER_SEQUENCE || !_ps_der_enter (alg, PS_DER_OID, &tlv, &pos))
    return FALSE;
  return pos == alg->len || (_ps_der_read (alg->value, alg->len, &pos, &tlv) && pos == alg->len);
}

/* SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier,
 *   subjectPublicKey BIT STRING } */
static gboolean
spki_is_well_formed (const PsDerTlv *spki)
{
  PsDerTlv alg, bits;
  gsize pos;

  return _ps_der_enter (spki, PS_DER_SEQUENCE, &alg, &pos) && algorithm_is_well_formed (&alg) &&
         _ps_der_read (spki->value, spki->len, &pos, &bits) && bits.tag == PS_DER_BIT_STRING &&
         pos == spki->len;
}

static gboolean
read_raw (const guint8 *der,
          gsize         len,
          RawCert      *raw)
{
  PsDerTlv cert, tbs, outer_sig, bits, tlv;
  gsize pos = 0;
  gsize cert_pos;
  guint version = 0;

  memset (raw, 0, sizeof *raw);
  if (!_ps_der_read (der, len, &pos, &cert) || cert.tag != PS_DER_SEQUENCE || pos != len ||
      !_ps_der_enter (&cert, PS_DER_SEQUENCE, &tbs, &cert_pos) ||
      !_ps_der_read (cert.value, cert.len, &cert_pos, &outer_sig) ||
      !_ps_der_read (cert.value, cert.len, &cert_pos, &bits) ||
      bits.tag != PS_DER_BIT_STRING || cert_pos != cert.len)
    return FALSE;

  pos = 0;
  if (!_ps_der_read (tbs.value, tbs.len, &pos, &tlv))
    return FALSE;
  if (tlv.tag == PS_DER_CONTEXT_0)
    {
      PsDerTlv v;
      gsize inner = 0;

      if (!_ps_der_read (tlv.value, tlv.len, &inner, &v) || inner != tlv.len ||
          v.tag != PS_DER_INTEGER || v.len != 1 || v.value[0] > 2)
        return FALSE;
      version = v.value[0];
      if (!_ps_der_read (tbs.value, tbs.len, &pos, &tlv))
        return FALSE;
    }
  raw->serial = tlv;
  if (raw->serial.tag != PS_DER_INTEGER || raw->serial.len == 0)
    return FALSE;

  if (!_ps_der_read (tbs.value, tbs.len, &pos, &raw->signature) ||
      !_ps_der_read (tbs.value, tbs.len, &pos, &raw->issuer) ||
      !_ps_der_read (tbs.value, tbs.len, &pos, &raw->validity) ||
      !_ps_der_read (tbs.value, tbs.len, &pos, &raw->subject) ||
      !_ps_der_read (tbs.value, tbs.len, &pos, &raw->spki) ||
      raw->signature.tag != PS_DER_SEQUENCE || raw->issuer.tag != PS_DER_SEQUENCE ||
      raw->validity.tag != PS_DER_SEQUENCE || raw->subject.tag != PS_DER_SEQUENCE ||
      raw->spki.tag != PS_DER_SEQUENCE)
    return FALSE;

  if (!is_well_formed (&cert, 0) || !name_is_well_formed (&raw->issuer) ||
      !name_is_well_formed (&raw->subject) || !algorithm_is_well_formed (&raw->signature) ||
      !spki_is_well_formed (&raw->spki))
    return FALSE;

  /* Both signature algorithms must be the same; unique IDs are left to GnuTLS. */
  if (raw->signature.total != outer_sig.total ||
      memcmp (raw->signature.start, outer_sig.start, outer_sig.total) != 0)
    return FALSE;

  if (pos == tbs.len)
    return TRUE;
  if (!_ps_der_read (tbs.value, tbs.len, &pos, &tlv) || tlv.tag != 0xa3 || pos != tbs.len ||
      version != 2)
    return FALSE;
  return read_extensions (&tlv, raw);
}

static void
format_time (const PsDerTime *t,
             char             out[21])
{
  g_snprintf (out, 21, "%04d-%02d-%02dT%02d:%02d:%02dZ", t->year, t->month, t->day, t->hour,
              t->minute, t->second);
}

static gboolean
read_validity (const RawCert      *raw,
               PsCertificateFacts *facts)
{
  PsDerTime not_before, not_after;

  if (!_ps_der_read_validity (&raw->validity, &not_before, &not_after))
    return FALSE;
  format_time (&not_before, facts->not_before);
  format_time (&not_after, facts->not_after);
  return TRUE;
}

static gboolean
read_signature_algorithm (const RawCert      *raw,
                          PsCertificateFacts *facts)
{
  g_autofree char *oid = NULL;
  PsDerTlv tlv;
  gsize pos;
  gnutls_sign_algorithm_t sign;

  if (!_ps_der_enter (&raw->signature, PS_DER_OID, &tlv, &pos))
    return FALSE;
  oid = _ps_der_oid_to_string (tlv.value, tlv.len);
  /* RSA-PSS takes its hash from the parameters: left to GnuTLS. */
  if (oid == NULL || g_str_equal (oid, "1.2.840.113549.1.1.10"))
    return FALSE;
  sign = gnutls_oid_to_sign (oid);
  if (sign == GNUTLS_SIGN_UNKNOWN)
    return FALSE;
  facts->signature_algorithm = gnutls_sign_get_name (sign);
  return facts->signature_algorithm != NULL;
}

/* The size GnuTLS gives: the modulus of an RSA key, the curve's size for EC and EdDSA.
 * GnuTLS gives 0 for an RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
 * (RFC 8017 A.1.1) that it cannot read whole, and so does this. */
static guint
rsa_bits (const PsDerTlv *spki)
{
  PsDerTlv alg, bits, key, n, e;
  gsize pos, inner, key_pos = 0;
  const guint8 *p;
  gsize len;
  guint top = 0;

  if (!_ps_der_enter (spki, PS_DER_SEQUENCE, &alg, &pos) ||
      !_ps_der_read (spki->value, spki->len, &pos, &bits) || bits.len < 2 || bits.value[0] != 0 ||
      !_ps_der_read (bits.value + 1, bits.len - 1, &key_pos, &key) || key_pos != bits.len - 1 ||
      key.tag != PS_DER_SEQUENCE || !_ps_der_enter (&key, PS_DER_INTEGER, &n, &inner) ||
      !_ps_der_read (key.value, key.len, &inner, &e) || e.tag != PS_DER_INTEGER ||
      e.len == 0 || inner != key.len)
    return 0;

  for (p = n.value, len = n.len; len > 0 && *p == 0; p++, len--)
    ;
  if (len == 0)
    return 0;
  for (guint8 b = *p; b != 0; b >>= 1)
    top++;
  return (len - 1) * 8 + top;
}

/* Whether the key of an EC or EdDSA SubjectPublicKeyInfo has the size GnuTLS takes: an
 * uncompressed point 04 || X || Y (SEC 1 2.3.3) of @size-byte coordinates, or a raw key of
 * @size bytes (RFC 8410 4). GnuTLS cannot read any other, and then gives no size. */
static gboolean
key_has_size (const PsDerTlv *spki,
              gboolean        ec_point,
              gsize           size)
{
  PsDerTlv alg, bits;
  gsize pos;

  if (!_ps_der_enter (spki, PS_DER_SEQUENCE, &alg, &pos) ||
      !_ps_der_read (spki->value, spki->len, &pos, &bits) || bits.len < 2 || bits.value[0] != 0)
    return FALSE;
  if (ec_point)
    return bits.value[1] == 0x04 && bits.len - 2 == 2 * size;
  return bits.len - 1 == size;
}

static gboolean
read_key (PsCertificate      *cert,
          const RawCert      *raw,
          PsCertificateFacts *facts)
{
  g_autofree char *alg_oid = NULL;
  g_autofree char *curve_oid = NULL;
  gboolean explicit_params = FALSE;

  if (ps_certificate_get_key_problem (cert) != NULL)
    return FALSE;
  alg_oid = _ps_der_spki_algorithm (&raw->spki, &curve_oid, &explicit_params);
  facts->key_algorithm = _ps_key_algorithm_name (alg_oid);
  if (facts->key_algorithm == NULL || explicit_params)
    return FALSE;

  if (g_str_has_prefix (facts->key_algorithm, "RSA"))
    facts->key_bits = rsa_bits (&raw->spki);
  else if (g_str_equal (facts->key_algorithm, "EC"))
    {
      facts->key_curve = _ps_curve_name (curve_oid);
      if (facts->key_curve != NULL)
        facts->key_bits = gnutls_ecc_curve_get_size (gnutls_oid_to_ecc_curve (curve_oid)) * 8;
    }
  else if (g_str_equal (facts->key_algorithm, "Ed25519"))
    facts->key_bits = gnutls_ecc_curve_get_size (GNUTLS_ECC_CURVE_ED25519) * 8;
  else if (g_str_equal (facts->key_algorithm, "Ed448"))
    facts->key_bits = gnutls_ecc_curve_get_size (GNUTLS_ECC_CURVE_ED448) * 8;
  if (facts->key_bits == 0 || (curve_oid != NULL && facts->key_curve == NULL))
    return FALSE;
  if (!g_str_has_prefix (facts->key_algorithm, "RSA") &&
      !key_has_size (&raw->spki, facts->key_curve != NULL, (facts->key_bits + 7) / 8))
    return FALSE;

  if (facts->key_curve != NULL)
    facts->key_description = g_strdup_printf ("ECDSA %s", facts->key_curve);
  else if (g_str_has_prefix (facts->key_algorithm, "RSA"))
    facts->key_description = g_strdup_printf ("%s %u", facts->key_algorithm, facts->key_bits);
  else
    facts->key_description = g_strdup (facts->key_algorithm);
  return TRUE;
}

/* GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName, each one of the choices of RFC 5280
 * 4.2.1.6 ([0] to [8]), well formed. GnuTLS reads the subject's and the issuer's alternative
 * names when it imports a certificate, and refuses it when either is broken. */
static gboolean
general_names_are_well_formed (const PsDerTlv *ext)
{
  PsDerTlv list, name, tlv;
  gsize pos = 0;

  if (ext->value == NULL)
    return TRUE;
  if (!_ps_der_read (ext->value, ext->len, &pos, &list) || pos != ext->len ||
      list.tag != PS_DER_SEQUENCE || list.len == 0 || !is_well_formed (&list, 0))
    return FALSE;
  pos = 0;
  while (pos < list.len)
    {
      gsize inner = 0;

      if (!_ps_der_read (list.value, list.len, &pos, &name))
        return FALSE;
      switch (name.tag)
        {
        case 0x81: /* rfc822Name, dNSName, URI, iPAddress */
        case 0x82:
        case 0x86:
        case 0x87:
          break;
        case 0x88: /* registeredID [8] IMPLICIT OID */
          if (!oid_is_well_formed (&name))
            return FALSE;
          break;
        case 0xa0: /* otherName [0] { type-id OID, value [0] EXPLICIT ANY } */
          if (!_ps_der_enter (&name, PS_DER_OID, &tlv, &inner) ||
              !_ps_der_read (name.value, name.len, &inner, &tlv) || tlv.tag != 0xa0 ||
              inner != name.len)
            return FALSE;
          break;
        case 0xa4: /* directoryName [4] EXPLICIT Name */
          if (!_ps_der_enter (&name, PS_DER_SEQUENCE, &tlv, &inner) || inner != name.len ||
              !name_is_well_formed (&tlv))
            return FALSE;
          break;
        default: /* x400Address, ediPartyName (left to GnuTLS) or no GeneralName */
          return FALSE;
        }
    }
  return TRUE;
}

/* GeneralNames: rfc822Name [1], dNSName [2], URI [6] and iPAddress [7] are listed, as the
 * GnuTLS-based reading does. */
static gboolean
read_sans (const RawCert      *raw,
           PsCertificateFacts *facts)
{
  PsDerTlv list, name;
  gsize pos = 0;

  if (!general_names_are_well_formed (&raw->san) || !general_names_are_well_formed (&raw->ian))
    return FALSE;
  if (raw->san.value == NULL)
    return TRUE;
  if (!_ps_der_read (raw->san.value, raw->san.len, &pos, &list) || pos != raw->san.len ||
      list.tag != PS_DER_SEQUENCE)
    return FALSE;

  pos = 0;
  while (pos < list.len)
    {
      if (!_ps_der_read (list.value, list.len, &pos, &name))
        return FALSE;
      switch (name.tag)
        {
        case 0x81:
        case 0x82:
        case 0x86:
          if (memchr (name.value, 0, name.len) != NULL)
            return FALSE;
          g_ptr_array_add (facts->sans, g_utf8_make_valid ((const char *) name.value, name.len));
          break;
        case 0x87:
          if (name.len == 4 || name.len == 16)
            {
              g_autoptr(GInetAddress) addr =
                g_inet_address_new_from_bytes (name.value, name.len == 4 ? G_SOCKET_FAMILY_IPV4
                                                                          : G_SOCKET_FAMILY_IPV6);

              g_ptr_array_add (facts->sans, g_inet_address_to_string (addr));
            }
          break;
        default:
          break;
        }
    }
  return TRUE;
}

/* BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL } */
static gboolean
read_basic_constraints (const RawCert      *raw,
                        PsCertificateFacts *facts)
{
  PsDerTlv seq, tlv;
  gsize pos = 0;
  int path_len = -1;

  facts->path_len = -1;
  if (raw->bc.value == NULL)
    return TRUE;
  if (!_ps_der_read (raw->bc.value, raw->bc.len, &pos, &seq) || pos != raw->bc.len ||
      seq.tag != PS_DER_SEQUENCE)
    return FALSE;

  pos = 0;
  if (pos < seq.len)
    {
      if (!_ps_der_read (seq.value, seq.len, &pos, &tlv))
        return FALSE;
      if (tlv.tag == 0x01)
        {
          if (tlv.len != 1)
            return FALSE;
          facts->is_ca = tlv.value[0] != 0;
          if (pos < seq.len && !_ps_der_read (seq.value, seq.len, &pos, &tlv))
            return FALSE;
        }
      if (tlv.tag == PS_DER_INTEGER)
        {
          if (tlv.len == 0 || tlv.len > 3 || (tlv.value[0] & 0x80) != 0)
            return FALSE;
          path_len = 0;
          for (gsize i = 0; i < tlv.len; i++)
            path_len = (path_len << 8) | tlv.value[i];
        }
      else if (tlv.tag != 0x01)
        return FALSE;
    }
  if (pos != seq.len)
    return FALSE;
  facts->path_len = facts->is_ca ? path_len : -1;
  return TRUE;
}

/* A key identifier as GnuTLS reads it (at most 128 bytes): the authority's from
 * AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] OPTIONAL, ... }, the subject's from
 * an OCTET STRING. FALSE when the extension is malformed. */
static gboolean
read_key_id (const PsDerTlv *ext,
             gboolean        authority,
             PsDerTlv       *id)
{
  PsDerTlv tlv;
  gsize pos = 0;

  memset (id, 0, sizeof *id);
  if (ext->value == NULL)
    return TRUE;
  if (!_ps_der_read (ext->value, ext->len, &pos, &tlv) || pos != ext->len)
    return FALSE;
  if (!authority)
    *id = tlv;
  else if (tlv.tag != PS_DER_SEQUENCE || !is_well_formed (&tlv, 0))
    return FALSE;
  else
    {
      /* AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] OPTIONAL,
       *   authorityCertIssuer [1] GeneralNames OPTIONAL, authorityCertSerialNumber [2] OPTIONAL }
       * (RFC 5280 4.2.1.1), whole: GnuTLS uses no identifier of one it cannot decode. */
      static const guint8 tags[] = { 0x80, 0xa1, 0x82 };
      guint next = 0;
      PsDerTlv field;

      pos = 0;
      while (pos < tlv.len)
        {
          if (!_ps_der_read (tlv.value, tlv.len, &pos, &field))
            return FALSE;
          while (next < G_N_ELEMENTS (tags) && tags[next] != field.tag)
            next++;
          if (next == G_N_ELEMENTS (tags))
            return FALSE;
          if (field.tag == 0x80)
            *id = field;
          next++;
        }
    }
  if (id->value != NULL && (id->len == 0 || id->len > 128 || (!authority && id->tag != 0x04)))
    return FALSE;
  return TRUE;
}

/* The OIDs of @name's attributes, in order, as one string of DER bytes. */
static GString *
name_shape (const PsDerTlv *name)
{
  GString *shape = g_string_new (NULL);
  PsDerTlv rdn, atv, oid;
  gsize pos = 0;

  /* name_is_well_formed() has checked the structure. */
  while (_ps_der_read (name->value, name->len, &pos, &rdn))
    {
      gsize rdn_pos = 0;

      g_string_append_c (shape, '/');
      while (_ps_der_read (rdn.value, rdn.len, &rdn_pos, &atv))
        {
          gsize inner;

          if (_ps_der_enter (&atv, PS_DER_OID, &oid, &inner))
            g_string_append_len (shape, (const char *) oid.start, oid.total);
        }
    }
  return shape;
}

/* Whether GnuTLS may take two names that differ in bytes as the same: it compares their
 * string forms too, which ignore the string types (a UTF8String and a T61String of the same
 * text). Only names with the same attributes in the same order can match that way. */
static gboolean
names_may_match (const PsDerTlv *a,
                 const PsDerTlv *b)
{
  g_autoptr(GString) shape_a = name_shape (a);
  g_autoptr(GString) shape_b = name_shape (b);
  gnutls_datum_t da = { (unsigned char *) a->start, a->total };
  gnutls_datum_t db = { (unsigned char *) b->start, b->total };
  gnutls_datum_t sa = { NULL, 0 }, sb = { NULL, 0 };
  gboolean may;

  if (!g_string_equal (shape_a, shape_b))
    return FALSE;
  may = gnutls_x509_rdn_get2 (&da, &sa, 0) < 0 || gnutls_x509_rdn_get2 (&db, &sb, 0) < 0 ||
        (sa.size == sb.size && memcmp (sa.data, sb.data, sa.size) == 0);
  gnutls_free (sa.data);
  gnutls_free (sb.data);
  return may;
}

/* As gnutls_x509_crt_check_issuer (cert, cert): the same raw names and, when both key
 * identifiers are there, the same identifier. Names that differ only in string types are
 * left to GnuTLS. */
static gboolean
read_self_signed (const RawCert      *raw,
                  PsCertificateFacts *facts)
{
  PsDerTlv aki, ski;

  if (!read_key_id (&raw->aki, TRUE, &aki) || !read_key_id (&raw->ski, FALSE, &ski))
    return FALSE;
  facts->self_signed = raw->issuer.total == raw->subject.total &&
                       memcmp (raw->issuer.start, raw->subject.start, raw->issuer.total) == 0;
  if (!facts->self_signed && names_may_match (&raw->issuer, &raw->subject))
    return FALSE;
  if (facts->self_signed && aki.value != NULL && ski.value != NULL)
    facts->self_signed = aki.len == ski.len && memcmp (aki.value, ski.value, aki.len) == 0;
  return TRUE;
}

static char *
to_hex (const guint8 *data,
        gsize         len,
        char         *out)
{
  static const char digits[] = "0123456789abcdef";

  for (gsize i = 0; i < len; i++)
    {
      out[2 * i] = digits[data[i] >> 4];
      out[2 * i + 1] = digits[data[i] & 0xf];
    }
  out[2 * len] = '\0';
  return out;
}

gboolean
ps_certificate_facts_read (PsCertificate      *cert,
                           PsCertificateFacts *facts)
{
  RawCert raw;
  const guint8 *der;
  gsize len;
  guint8 digest[32];

  g_return_val_if_fail (PS_IS_CERTIFICATE (cert), FALSE);
  g_return_val_if_fail (facts != NULL, FALSE);

  memset (facts, 0, sizeof *facts);
  facts->sans = g_ptr_array_new_with_free_func (g_free);
  facts->path_len = -1;

  der = g_bytes_get_data (ps_certificate_get_der (cert), &len);
  if (!read_raw (der, len, &raw) || !read_validity (&raw, facts) ||
      !read_signature_algorithm (&raw, facts) || !read_key (cert, &raw, facts) ||
      !read_sans (&raw, facts) || !read_basic_constraints (&raw, facts) ||
      !read_self_signed (&raw, facts))
    {
      ps_certificate_facts_clear (facts);
      return FALSE;
    }

  if (raw.serial.len <= 64)
    facts->serial_hex = to_hex (raw.serial.value, raw.serial.len,
                                g_malloc (raw.serial.len * 2 + 1));
  gnutls_hash_fast (GNUTLS_DIG_SHA256, der, len, digest);
  to_hex (digest, sizeof digest, facts->fingerprint_hex);
  return TRUE;
}

void
ps_certificate_facts_clear (PsCertificateFacts *facts)
{
  g_clear_pointer (&facts->serial_hex, g_free);
  g_clear_pointer (&facts->sans, g_ptr_array_unref);
  g_clear_pointer (&facts->key_description, g_free);
}
