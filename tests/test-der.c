/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ps-der.h"

static void
test_lengths (void)
{
  /* Short form, long form, non-minimal, indefinite, overlong. */
  static const guint8 short_form[] = { 0x04, 0x02, 0xaa, 0xbb };
  static const guint8 long_nonminimal[] = { 0x04, 0x81, 0x02, 0xaa, 0xbb };
  static const guint8 indefinite[] = { 0x30, 0x80, 0x00, 0x00 };
  static const guint8 overlong[] = { 0x04, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00 };
  static const guint8 truncated[] = { 0x04, 0x05, 0xaa };
  PsDerTlv tlv;
  gsize pos = 0;

  g_assert_true (_ps_der_read (short_form, sizeof short_form, &pos, &tlv));
  g_assert_cmpuint (tlv.len, ==, 2);
  g_assert_cmpuint (tlv.total, ==, 4);
  g_assert_cmpuint (pos, ==, 4);

  pos = 0;
  g_assert_false (_ps_der_read (long_nonminimal, sizeof long_nonminimal, &pos, &tlv));
  pos = 0;
  g_assert_false (_ps_der_read (indefinite, sizeof indefinite, &pos, &tlv));
  pos = 0;
  g_assert_false (_ps_der_read (overlong, sizeof overlong, &pos, &tlv));
  pos = 0;
  g_assert_false (_ps_der_read (truncated, sizeof truncated, &pos, &tlv));
}

static void
test_oid (void)
{
  static const guint8 ec[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };
  static const guint8 bad[] = { 0x2a, 0x86 };
  g_autofree char *s = _ps_der_oid_to_string (ec, sizeof ec);

  g_assert_cmpstr (s, ==, "1.2.840.10045.2.1");
  g_assert_null (_ps_der_oid_to_string (bad, sizeof bad));
}

/* Every prefix and every single-byte corruption of a real certificate must be handled
 * without reading out of bounds (run under ASan in CI). */
static void
test_mutations (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "ecdsa-cert.der", NULL);
  g_autofree guint8 *der = NULL;
  gsize len = 0;
  PsDerTlv spki;
  gsize consumed;

  g_assert_true (g_file_get_contents (path, (char **) &der, &len, NULL));
  g_assert_cmpint (_ps_der_detect (der, len, &spki, &consumed), ==, PS_DER_KIND_CERTIFICATE);
  g_assert_cmpuint (consumed, ==, len);

  for (gsize cut = 0; cut < len; cut++)
    g_assert_cmpint (_ps_der_detect (der, cut, &spki, &consumed), !=, PS_DER_KIND_CERTIFICATE);

  for (gsize i = 0; i < len; i++)
    for (guint bit = 0; bit < 8; bit++)
      {
        g_autofree guint8 *copy = g_memdup2 (der, len);

        copy[i] ^= 1 << bit;
        if (_ps_der_detect (copy, len, &spki, &consumed) == PS_DER_KIND_CERTIFICATE)
          {
            g_assert_cmpuint (consumed, <=, len);
            g_assert_true (spki.start >= copy && spki.start + spki.total <= copy + len);
          }
      }
}

static void
test_ber_header (void)
{
  /* Short form; long form (one and four bytes); a high tag number; five length bytes;
   * indefinite; too short; a length beyond the data, which is the caller's to check. */
  static const guint8 short_form[] = { 0x30, 0x03, 0x02, 0x01, 0x01 };
  static const guint8 long_1[] = { 0x04, 0x81, 0x80 };
  static const guint8 long_4[] = { 0x04, 0x84, 0x01, 0x02, 0x03, 0x04 };
  static const guint8 high_tag[] = { 0x1f, 0x81, 0x01, 0x00 };
  static const guint8 long_5[] = { 0x04, 0x85, 0x00, 0x00, 0x00, 0x00, 0x01 };
  static const guint8 indefinite[] = { 0x30, 0x80, 0x00, 0x00 };
  static const guint8 long_cut[] = { 0x04, 0x82, 0x01 };
  const guint8 *content = NULL;
  gsize len = 0;
  guint8 tag = 0;

  g_assert_true (_ps_der_read_ber_header (short_form, short_form + sizeof short_form,
                                          &tag, &len, &content));
  g_assert_cmphex (tag, ==, 0x30);
  g_assert_cmpuint (len, ==, 3);
  g_assert_true (content == short_form + 2);

  g_assert_true (_ps_der_read_ber_header (long_1, long_1 + sizeof long_1, &tag, &len,
                                          &content));
  g_assert_cmpuint (len, ==, 0x80);
  g_assert_true (content == long_1 + 3);

  g_assert_true (_ps_der_read_ber_header (long_4, long_4 + sizeof long_4, &tag, &len,
                                          &content));
  g_assert_cmpuint (len, ==, 0x01020304);
  g_assert_true (content == long_4 + 6);

  g_assert_false (_ps_der_read_ber_header (high_tag, high_tag + sizeof high_tag, &tag, &len,
                                           &content));
  g_assert_false (_ps_der_read_ber_header (long_5, long_5 + sizeof long_5, &tag, &len,
                                           &content));
  g_assert_false (_ps_der_read_ber_header (indefinite, indefinite + sizeof indefinite, &tag,
                                           &len, &content));
  g_assert_false (_ps_der_read_ber_header (long_cut, long_cut + sizeof long_cut, &tag, &len,
                                           &content));
  g_assert_false (_ps_der_read_ber_header (short_form, short_form + 1, &tag, &len, &content));
  g_assert_false (_ps_der_read_ber_header (short_form, short_form, &tag, &len, &content));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/der/lengths", test_lengths);
  g_test_add_func ("/der/oid", test_oid);
  g_test_add_func ("/der/mutations", test_mutations);
  g_test_add_func ("/der/ber-header", test_ber_header);

  return g_test_run ();
}
