/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the DER walker alone (src/core/x509/ps-der.h): every element it
 * returns must lie inside the input, and each entry point must stay inside its bounds. */
#include "config.h"

#include "ps-der.h"
#include "ps-fuzz.h"

#define MAX_DEPTH 32

static void
check_tlv (const guint8   *data,
           gsize           len,
           const PsDerTlv *tlv)
{
  PS_FUZZ_CHECK (tlv->start >= data);
  PS_FUZZ_CHECK (tlv->total <= len);
  PS_FUZZ_CHECK ((gsize) (tlv->start - data) <= len - tlv->total);
  PS_FUZZ_CHECK (tlv->value >= tlv->start);
  PS_FUZZ_CHECK (tlv->value + tlv->len == tlv->start + tlv->total);
}

static void
walk (const guint8 *data,
      gsize         len,
      guint         depth)
{
  gsize pos = 0;
  PsDerTlv tlv;

  while (pos < len)
    {
      gsize before = pos;

      if (!_ps_der_read (data, len, &pos, &tlv))
        break;
      PS_FUZZ_CHECK (pos > before && pos <= len);
      check_tlv (data, len, &tlv);
      if (tlv.tag == PS_DER_OID)
        g_free (_ps_der_oid_to_string (tlv.value, tlv.len));
      if ((tlv.tag & 0x20) != 0 && depth < MAX_DEPTH)
        {
          PsDerTlv first;
          gsize inner = 0;

          if (tlv.len >= 2 && _ps_der_enter (&tlv, tlv.value[0], &first, &inner))
            {
              check_tlv (tlv.value, tlv.len, &first);
              PS_FUZZ_CHECK (inner == first.total);
            }
          walk (tlv.value, tlv.len, depth + 1);
        }
    }
}

static void
check_spki (const guint8   *data,
            gsize           len,
            const PsDerTlv *spki)
{
  g_autofree char *curve = NULL;
  g_autofree char *alg = NULL;
  gboolean explicit_params = FALSE;
  gsize consumed = 0;

  check_tlv (data, len, spki);
  alg = _ps_der_spki_algorithm (spki, &curve, &explicit_params);
  PS_FUZZ_CHECK (_ps_der_is_spki (spki->start, spki->total, &consumed));
  PS_FUZZ_CHECK (consumed == spki->total);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  PsDerCertificate cert;
  PsDerTlv spki;
  gsize consumed = 0;
  PsDerKind kind;

  ps_fuzz_init ();
  walk (data, size, 0);

  if (_ps_der_parse_certificate (data, size, &cert, &consumed))
    {
      PS_FUZZ_CHECK (consumed > 0 && consumed <= size);
      check_tlv (data, consumed, &cert.serial);
      check_tlv (data, consumed, &cert.issuer);
      check_tlv (data, consumed, &cert.subject);
      check_spki (data, consumed, &cert.spki);
    }
  consumed = 0;
  if (_ps_der_certificate_spki (data, size, &spki, &consumed))
    {
      PS_FUZZ_CHECK (consumed > 0 && consumed <= size);
      check_spki (data, consumed, &spki);
    }
  consumed = 0;
  if (_ps_der_csr_spki (data, size, &spki, &consumed))
    {
      PS_FUZZ_CHECK (consumed > 0 && consumed <= size);
      check_spki (data, consumed, &spki);
    }
  consumed = 0;
  if (_ps_der_is_spki (data, size, &consumed))
    PS_FUZZ_CHECK (consumed > 0 && consumed <= size);

  consumed = 0;
  kind = _ps_der_detect (data, size, &spki, &consumed);
  if (kind != PS_DER_KIND_UNKNOWN)
    PS_FUZZ_CHECK (consumed > 0 && consumed <= size);
  if (kind == PS_DER_KIND_CERTIFICATE || kind == PS_DER_KIND_CSR || kind == PS_DER_KIND_SPKI)
    check_spki (data, consumed, &spki);

  g_free (_ps_der_oid_to_string (data, size));
  return 0;
}
