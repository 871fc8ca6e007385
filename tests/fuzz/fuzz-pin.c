/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the pin notations: ps_pin_parse() and ps_pin_parse_list(). A pin that
 * is read must read back the same from each notation it is written in. */
#include "config.h"

#include <string.h>

#include "ps-fuzz.h"
#include "ps-pin.h"

static const PsPinNotation notations[] = {
  PS_PIN_NOTATION_BASE64,
  PS_PIN_NOTATION_OKHTTP,
  PS_PIN_NOTATION_CURL,
  PS_PIN_NOTATION_HPKP,
  PS_PIN_NOTATION_HEX,
  PS_PIN_NOTATION_HEX_COLONS,
  PS_PIN_NOTATION_TLSA,
};

static void
check_round_trip (const PsPin *pin)
{
  gsize len = 0;
  const guint8 *digest = ps_pin_get_digest (pin, &len);

  PS_FUZZ_CHECK (digest != NULL);
  PS_FUZZ_CHECK (len == (ps_pin_get_algorithm (pin) == PS_PIN_SHA1 ? 20 : 32));
  PS_FUZZ_CHECK (ps_pin_equal (pin, pin));

  for (guint i = 0; i < G_N_ELEMENTS (notations); i++)
    {
      g_autofree char *text = ps_pin_to_string (pin, notations[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(PsPin) again = NULL;

      PS_FUZZ_CHECK (text != NULL);
      again = ps_pin_parse (text, &error);
      if (again == NULL)
        fprintf (stderr, "notation %u: \"%s\" does not read back: %s\n",
                 (guint) notations[i], text, error->message);
      PS_FUZZ_CHECK (again != NULL);
      PS_FUZZ_CHECK (ps_pin_equal (pin, again));
      PS_FUZZ_CHECK (ps_pin_hash (pin) == ps_pin_hash (again));
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) list_error = NULL;
  g_autoptr(PsPin) pin = NULL;
  g_autoptr(GPtrArray) list = NULL;

  ps_fuzz_init ();
  /* The API takes NUL-terminated text: what follows an embedded NUL is not seen. */
  text = g_strndup ((const char *) data, size);

  pin = ps_pin_parse (text, &error);
  PS_FUZZ_CHECK ((pin == NULL) == (error != NULL));
  if (pin != NULL)
    {
      g_autoptr(PsPin) copy = ps_pin_copy (pin);

      PS_FUZZ_CHECK (ps_pin_equal (pin, copy));
      check_round_trip (pin);
    }

  list = ps_pin_parse_list (text, &list_error);
  PS_FUZZ_CHECK ((list == NULL) == (list_error != NULL));
  if (list != NULL)
    for (guint i = 0; i < list->len; i++)
      check_round_trip (g_ptr_array_index (list, i));
  return 0;
}
