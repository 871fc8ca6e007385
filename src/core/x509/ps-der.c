/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ps-der.h"

/* Reads one DER element at *pos. Only definite lengths in minimal form up to 2^32 - 1 are
 * accepted; BER's indefinite length is not DER and is refused. */
gboolean
_ps_der_read (const guint8 *data,
              gsize         len,
              gsize        *pos,
              PsDerTlv     *tlv)
{
  gsize p = *pos;
  gsize value_len;
  guint8 first;

  if (p >= len || len - p < 2)
    return FALSE;

  tlv->start = data + p;
  tlv->tag = data[p++];

  /* High tag numbers are not used by anything we read. */
  if ((tlv->tag & 0x1f) == 0x1f)
    return FALSE;

  first = data[p++];
  if (first < 0x80)
    value_len = first;
  else
    {
      guint n = first & 0x7f;

      if (n == 0 || n > 4 || len - p < n)
        return FALSE;
      value_len = 0;
      for (guint i = 0; i < n; i++)
        value_len = (value_len << 8) | data[p++];
      /* Minimal encoding: long form only for lengths >= 128, no leading zero byte. */
      if (value_len < 0x80 || data[p - n] == 0)
        return FALSE;
    }

  if (value_len > len - p)
    return FALSE;

  tlv->value = data + p;
  tlv->len = value_len;
  tlv->total = (p - *pos) + value_len;
  *pos = p + value_len;
  return TRUE;
}

/* Reads the first element inside @outer, which must be constructed. */
gboolean
_ps_der_enter (const PsDerTlv *outer,
               guint8          tag,
               PsDerTlv       *first,
               gsize          *pos)
{
  *pos = 0;
  if (!_ps_der_read (outer->value, outer->len, pos, first))
    return FALSE;
  return first->tag == tag;
}

static gboolean
next_is (const PsDerTlv *outer,
         gsize          *pos,
         guint8          tag,
         PsDerTlv       *tlv)
{
  return _ps_der_read (outer->value, outer->len, pos, tlv) && tlv->tag == tag;
}

/* SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING } */
static gboolean
check_spki (const PsDerTlv *spki)
{
  PsDerTlv alg, oid, bits;
  gsize pos, inner;

  if (spki->tag != PS_DER_SEQUENCE)
    return FALSE;
  if (!_ps_der_enter (spki, PS_DER_SEQUENCE, &alg, &pos))
    return FALSE;
  if (!next_is (spki, &pos, PS_DER_BIT_STRING, &bits) || pos != spki->len)
    return FALSE;
  if (bits.len < 1)
    return FALSE;
  return _ps_der_enter (&alg, PS_DER_OID, &oid, &inner);
}

gboolean
_ps_der_parse_certificate (const guint8     *der,
                           gsize             len,
                           PsDerCertificate *out,
                           gsize            *consumed)
{
  PsDerTlv cert, tbs, tlv;
  gsize pos = 0;
  gsize tbs_pos;

  if (!_ps_der_read (der, len, &pos, &cert) || cert.tag != PS_DER_SEQUENCE)
    return FALSE;
  if (!_ps_der_enter (&cert, PS_DER_SEQUENCE, &tbs, &tbs_pos))
    return FALSE;

  /* signatureAlgorithm and signatureValue must follow the TBSCertificate. */
  if (!next_is (&cert, &tbs_pos, PS_DER_SEQUENCE, &tlv) ||
      !next_is (&cert, &tbs_pos, PS_DER_BIT_STRING, &tlv) ||
      tbs_pos != cert.len)
    return FALSE;

  pos = 0;
  if (!_ps_der_read (tbs.value, tbs.len, &pos, &out->serial))
    return FALSE;
  if (out->serial.tag == PS_DER_CONTEXT_0 &&
      !_ps_der_read (tbs.value, tbs.len, &pos, &out->serial))
    return FALSE;
  if (out->serial.tag != PS_DER_INTEGER)
    return FALSE;
  if (!next_is (&tbs, &pos, PS_DER_SEQUENCE, &tlv) ||          /* signature */
      !next_is (&tbs, &pos, PS_DER_SEQUENCE, &out->issuer) ||
      !next_is (&tbs, &pos, PS_DER_SEQUENCE, &out->validity) ||
      !next_is (&tbs, &pos, PS_DER_SEQUENCE, &out->subject) ||
      !next_is (&tbs, &pos, PS_DER_SEQUENCE, &out->spki))
    return FALSE;

  if (!check_spki (&out->spki))
    return FALSE;

  *consumed = cert.total;
  return TRUE;
}

static gboolean
two_digits (const guint8 *p,
            int          *out)
{
  if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]))
    return FALSE;
  *out = (p[0] - '0') * 10 + (p[1] - '0');
  return TRUE;
}

gboolean
_ps_der_read_time (const guint8 *der,
                   gsize         len,
                   gsize        *pos,
                   PsDerTime    *out)
{
  PsDerTlv t;
  const guint8 *p;

  if (!_ps_der_read (der, len, pos, &t))
    return FALSE;
  p = t.value;
  if (t.tag == 0x17 && t.len == 13)
    {
      if (!two_digits (p, &out->year))
        return FALSE;
      out->year += out->year < 50 ? 2000 : 1900;
      p += 2;
    }
  else if (t.tag == 0x18 && t.len == 15)
    {
      int high;

      if (!two_digits (p, &high) || !two_digits (p + 2, &out->year))
        return FALSE;
      out->year += high * 100;
      if (out->year < 1000)
        return FALSE;
      p += 4;
    }
  else
    return FALSE;

  if (!two_digits (p, &out->month) || !two_digits (p + 2, &out->day) ||
      !two_digits (p + 4, &out->hour) || !two_digits (p + 6, &out->minute) ||
      !two_digits (p + 8, &out->second) || p[10] != 'Z')
    return FALSE;
  return out->month >= 1 && out->month <= 12 && out->day >= 1 &&
         out->day <= g_date_get_days_in_month (out->month, out->year) && out->hour <= 23 &&
         out->minute <= 59 && out->second <= 59;
}

gboolean
_ps_der_read_validity (const PsDerTlv *validity,
                       PsDerTime      *not_before,
                       PsDerTime      *not_after)
{
  gsize pos = 0;

  return validity->tag == PS_DER_SEQUENCE &&
         _ps_der_read_time (validity->value, validity->len, &pos, not_before) &&
         _ps_der_read_time (validity->value, validity->len, &pos, not_after) &&
         pos == validity->len;
}

gboolean
_ps_der_certificate_spki (const guint8 *der,
                          gsize         len,
                          PsDerTlv     *spki,
                          gsize        *consumed)
{
  PsDerCertificate cert;

  if (!_ps_der_parse_certificate (der, len, &cert, consumed))
    return FALSE;
  *spki = cert.spki;
  return TRUE;
}

gboolean
_ps_der_csr_spki (const guint8 *der,
                  gsize         len,
                  PsDerTlv     *spki,
                  gsize        *consumed)
{
  PsDerTlv req, info, tlv;
  gsize pos = 0;
  gsize info_pos;

  if (!_ps_der_read (der, len, &pos, &req) || req.tag != PS_DER_SEQUENCE)
    return FALSE;
  if (!_ps_der_enter (&req, PS_DER_SEQUENCE, &info, &info_pos))
    return FALSE;
  if (!next_is (&req, &info_pos, PS_DER_SEQUENCE, &tlv) ||
      !next_is (&req, &info_pos, PS_DER_BIT_STRING, &tlv) ||
      info_pos != req.len)
    return FALSE;

  /* CertificationRequestInfo ::= SEQUENCE { version, subject, subjectPKInfo, [0] attributes } */
  if (!_ps_der_enter (&info, PS_DER_INTEGER, &tlv, &pos))
    return FALSE;
  if (!next_is (&info, &pos, PS_DER_SEQUENCE, &tlv) ||
      !next_is (&info, &pos, PS_DER_SEQUENCE, spki))
    return FALSE;
  /* The attributes are mandatory, even when empty; this also tells a CSR from a
   * certificate. */
  if (!next_is (&info, &pos, PS_DER_CONTEXT_0, &tlv) || pos != info.len)
    return FALSE;

  if (!check_spki (spki))
    return FALSE;

  *consumed = req.total;
  return TRUE;
}

gboolean
_ps_der_is_spki (const guint8 *der,
                 gsize         len,
                 gsize        *consumed)
{
  PsDerTlv spki;
  gsize pos = 0;

  if (!_ps_der_read (der, len, &pos, &spki) || !check_spki (&spki))
    return FALSE;
  *consumed = spki.total;
  return TRUE;
}

/* 1.2.840.113549.1.7.2, signedData */
static const guint8 oid_pkcs7_signed[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02 };

static gboolean
is_pkcs7 (const guint8 *der,
          gsize         len,
          gsize        *consumed)
{
  PsDerTlv ci, oid;
  gsize pos = 0;
  gsize inner;

  if (!_ps_der_read (der, len, &pos, &ci) || ci.tag != PS_DER_SEQUENCE)
    return FALSE;
  if (!_ps_der_enter (&ci, PS_DER_OID, &oid, &inner))
    return FALSE;
  if (oid.len != sizeof oid_pkcs7_signed || memcmp (oid.value, oid_pkcs7_signed, oid.len) != 0)
    return FALSE;
  *consumed = ci.total;
  return TRUE;
}

PsDerKind
_ps_der_detect (const guint8 *der,
                gsize         len,
                PsDerTlv     *spki,
                gsize        *consumed)
{
  gsize pos = 0;

  if (_ps_der_certificate_spki (der, len, spki, consumed))
    return PS_DER_KIND_CERTIFICATE;
  if (_ps_der_csr_spki (der, len, spki, consumed))
    return PS_DER_KIND_CSR;
  if (_ps_der_is_spki (der, len, consumed))
    {
      _ps_der_read (der, len, &pos, spki);
      return PS_DER_KIND_SPKI;
    }
  if (is_pkcs7 (der, len, consumed))
    return PS_DER_KIND_PKCS7;
  return PS_DER_KIND_UNKNOWN;
}

char *
_ps_der_oid_to_string (const guint8 *value,
                       gsize         len)
{
  GString *s;
  guint64 arc = 0;
  gboolean first = TRUE;

  if (len == 0 || (value[len - 1] & 0x80) != 0)
    return NULL;

  s = g_string_new (NULL);
  for (gsize i = 0; i < len; i++)
    {
      if (arc > (G_MAXUINT64 >> 7))
        {
          g_string_free (s, TRUE);
          return NULL;
        }
      arc = (arc << 7) | (value[i] & 0x7f);
      if ((value[i] & 0x80) != 0)
        continue;

      if (first)
        {
          guint top = arc < 40 ? 0 : arc < 80 ? 1 : 2;
          g_string_append_printf (s, "%u.%" G_GUINT64_FORMAT, top, arc - top * 40);
          first = FALSE;
        }
      else
        g_string_append_printf (s, ".%" G_GUINT64_FORMAT, arc);
      arc = 0;
    }

  return g_string_free (s, FALSE);
}

char *
_ps_der_spki_algorithm (const PsDerTlv *spki,
                        char          **curve_oid,
                        gboolean       *explicit_params)
{
  PsDerTlv alg, oid, params;
  gsize pos, inner;

  *curve_oid = NULL;
  *explicit_params = FALSE;

  if (!_ps_der_enter (spki, PS_DER_SEQUENCE, &alg, &pos))
    return NULL;
  if (!_ps_der_enter (&alg, PS_DER_OID, &oid, &inner))
    return NULL;
  if (_ps_der_read (alg.value, alg.len, &inner, &params))
    {
      if (params.tag == PS_DER_OID)
        *curve_oid = _ps_der_oid_to_string (params.value, params.len);
      else if (params.tag == PS_DER_SEQUENCE)
        *explicit_params = TRUE;
    }

  return _ps_der_oid_to_string (oid.value, oid.len);
}

gboolean
_ps_der_read_ber_header (const guint8  *p,
                         const guint8  *end,
                         guint8        *tag,
                         gsize         *len,
                         const guint8 **content)
{
  gsize n_len;

  g_return_val_if_fail (p != NULL && end != NULL, FALSE);

  if (p >= end || end - p < 2)
    return FALSE;
  *tag = p[0];
  if ((p[0] & 0x1f) == 0x1f)
    return FALSE;
  if (p[1] < 0x80)
    {
      *len = p[1];
      *content = p + 2;
      return TRUE;
    }

  n_len = p[1] & 0x7f;
  if (n_len == 0 || n_len > 4 || (gsize) (end - p) < 2 + n_len)
    return FALSE;
  *len = 0;
  for (gsize i = 0; i < n_len; i++)
    *len = (*len << 8) | p[2 + i];
  *content = p + 2 + n_len;

  return TRUE;
}
