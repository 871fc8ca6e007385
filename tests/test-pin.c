/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gnutls/crypto.h>

#include "ps-error.h"
#include "ps-pin.h"
#include "ps-test-util.h"

/* SHA-256 of the bytes "pinscope", a stand-in digest. */
static PsPin *
sample_pin (void)
{
  guint8 digest[32];

  gnutls_hash_fast (GNUTLS_DIG_SHA256, "pinscope", 8, digest);
  return ps_pin_new_from_digest (PS_PIN_SHA256, digest, sizeof digest);
}

static void
test_notations_round_trip (void)
{
  g_autoptr(PsPin) pin = sample_pin ();
  PsPinNotation notations[] = {
    PS_PIN_NOTATION_BASE64, PS_PIN_NOTATION_OKHTTP, PS_PIN_NOTATION_CURL,
    PS_PIN_NOTATION_HPKP, PS_PIN_NOTATION_HEX, PS_PIN_NOTATION_HEX_COLONS,
    PS_PIN_NOTATION_TLSA,
  };

  for (guint i = 0; i < G_N_ELEMENTS (notations); i++)
    {
      g_autofree char *text = ps_pin_to_string (pin, notations[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(PsPin) parsed = ps_pin_parse (text, &error);

      g_test_message ("%s", text);
      g_assert_no_error (error);
      g_assert_true (ps_pin_equal (pin, parsed));
    }
}

static void
test_notation_shapes (void)
{
  g_autoptr(PsPin) pin = sample_pin ();
  g_autofree char *b64 = ps_pin_to_base64 (pin);
  g_autofree char *okhttp = ps_pin_to_string (pin, PS_PIN_NOTATION_OKHTTP);
  g_autofree char *curl = ps_pin_to_string (pin, PS_PIN_NOTATION_CURL);
  g_autofree char *hpkp = ps_pin_to_string (pin, PS_PIN_NOTATION_HPKP);
  g_autofree char *hex = ps_pin_to_string (pin, PS_PIN_NOTATION_HEX);
  g_autofree char *colons = ps_pin_to_string (pin, PS_PIN_NOTATION_HEX_COLONS);
  g_autofree char *tlsa = ps_pin_to_string (pin, PS_PIN_NOTATION_TLSA);
  g_autofree char *expected_b64 = ps_test_sh ("printf pinscope | openssl dgst -sha256 -binary | base64", NULL);
  g_autofree char *expected_hex = ps_test_sh ("printf pinscope | sha256sum | cut -d' ' -f1", NULL);
  g_autofree char *upper = g_ascii_strup (expected_hex, -1);

  g_assert_cmpstr (b64, ==, expected_b64);
  g_assert_cmpuint (strlen (b64), ==, 44);
  g_assert_true (g_str_has_prefix (okhttp, "sha256/") && g_str_equal (okhttp + 7, b64));
  g_assert_true (g_str_has_prefix (curl, "sha256//") && g_str_equal (curl + 8, b64));
  g_assert_true (g_str_has_prefix (hpkp, "pin-sha256=\"") && g_str_has_suffix (hpkp, "\""));
  g_assert_cmpstr (hex, ==, expected_hex);
  g_assert_cmpuint (strlen (colons), ==, 95);
  g_assert_true (g_str_has_prefix (tlsa, "3 1 1 ") && g_str_equal (tlsa + 6, upper));
}

static void
test_parse_variants (void)
{
  g_autoptr(PsPin) pin = sample_pin ();
  g_autofree char *b64 = ps_pin_to_base64 (pin);
  g_autofree char *hex = ps_pin_to_hex (pin);
  g_autofree char *upper = g_ascii_strup (hex, -1);
  g_autofree char *quoted = g_strdup_printf ("  \"%s\"  ", b64);
  g_autofree char *hpkp_bare = g_strdup_printf ("pin-sha256=%s", b64);
  g_autofree char *spaced = g_strdup_printf ("%.32s %.32s", hex, hex + 32);
  g_autofree char *tlsa_ca = g_strdup_printf ("2 1 1 %s", upper);
  g_autofree char *curl_list = g_strdup_printf ("sha256//%s;sha256//%s", b64, b64);
  const char *inputs[] = { quoted, hpkp_bare, upper, spaced, tlsa_ca };
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(PsPin) parsed = ps_pin_parse (inputs[i], &local_error);

      g_assert_no_error (local_error);
      g_assert_true (ps_pin_equal (pin, parsed));
    }

  list = ps_pin_parse_list (curl_list, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_true (ps_pin_equal (pin, g_ptr_array_index (list, 1)));
}

static void
assert_parse_error (const char *text,
                    int         code,
                    const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPin) pin = ps_pin_parse (text, &error);

  g_assert_null (pin);
  g_assert_error (error, PS_ERROR, code);
  g_test_message ("%s → %s", text, error->message);
  if (fragment != NULL)
    g_assert_nonnull (strstr (error->message, fragment));
}

static void
test_parse_errors (void)
{
  assert_parse_error ("", PS_ERROR_INVALID_PIN, NULL);
  assert_parse_error ("sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", PS_ERROR_PLACEHOLDER_PIN,
                      "placeholder");
  assert_parse_error ("sha256/not*base64!!", PS_ERROR_INVALID_PIN, "base64");
  assert_parse_error ("sha256/YWJj", PS_ERROR_INVALID_PIN, "3 bytes");
  /* 20 bytes: SHA-1 */
  assert_parse_error ("sha1/2jmj7l5rSw0yVb/vlWAYkK/YBwk=", PS_ERROR_SHA1_PIN, "SHA-1");
  assert_parse_error ("2jmj7l5rSw0yVb/vlWAYkK/YBwk=", PS_ERROR_SHA1_PIN, "SHA-1");
  assert_parse_error ("da39a3ee5e6b4b0d3255bfef95601890afd80709", PS_ERROR_SHA1_PIN, "SHA-1");
  assert_parse_error ("3 0 1 E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
                      PS_ERROR_INVALID_PIN, "whole certificate");
  assert_parse_error ("3 1 2 E3B0C442", PS_ERROR_UNSUPPORTED, NULL);
  assert_parse_error ("\"unterminated", PS_ERROR_INVALID_PIN, "quote");
  assert_parse_error ("e3:b0:zz", PS_ERROR_INVALID_PIN, NULL);
}

/* An OkHttp pin whose base64 begins with "/" is not curl's "sha256//". */
static void
test_okhttp_slash (void)
{
  guint8 digest[32];
  g_autoptr(PsPin) pin = NULL;
  g_autofree char *okhttp = NULL;
  g_autofree char *curl = NULL;

  /* Not a placeholder: no short period, many distinct bytes. */
  for (guint i = 0; i < sizeof digest; i++)
    digest[i] = (guint8) ((i * 73 + 11) ^ (i << 3));
  digest[0] = 0xfc;  /* base64 "/..." */
  pin = ps_pin_new_from_digest (PS_PIN_SHA256, digest, sizeof digest);
  okhttp = ps_pin_to_string (pin, PS_PIN_NOTATION_OKHTTP);
  curl = ps_pin_to_string (pin, PS_PIN_NOTATION_CURL);
  g_assert_true (g_str_has_prefix (okhttp, "sha256//"));
  g_assert_true (g_str_has_prefix (curl, "sha256///"));

  {
    g_autoptr(PsPin) a = ps_pin_parse (okhttp, NULL);
    g_autoptr(PsPin) b = ps_pin_parse (curl, NULL);

    g_assert_nonnull (a);
    g_assert_nonnull (b);
    g_assert_true (ps_pin_equal (a, pin));
    g_assert_true (ps_pin_equal (b, pin));
  }
}

static void
test_equal_hash (void)
{
  g_autoptr(PsPin) a = sample_pin ();
  g_autoptr(PsPin) b = ps_pin_copy (a);
  g_autoptr(GHashTable) set = g_hash_table_new (ps_pin_hash, ps_pin_equal);

  g_assert_true (ps_pin_equal (a, b));
  g_hash_table_add (set, a);
  g_assert_true (g_hash_table_contains (set, b));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pin/notations/round-trip", test_notations_round_trip);
  g_test_add_func ("/pin/notations/shapes", test_notation_shapes);
  g_test_add_func ("/pin/parse/variants", test_parse_variants);
  g_test_add_func ("/pin/parse/errors", test_parse_errors);
  g_test_add_func ("/pin/equal-hash", test_equal_hash);
  g_test_add_func ("/pin/okhttp-slash", test_okhttp_slash);

  return g_test_run ();
}
