/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for everything that reads untrusted bytes into pins: the DER walker,
 * the PEM scanner, PKCS#7, keys and CSRs. Build and run: see tests/fuzz/run.sh. */
#include "config.h"

#include "ps-fuzz.h"
#include "ps-material.h"

static gboolean
touch_cb (PsMaterial *material,
          guint       index,
          gpointer    user_data)
{
  PsCertificate *cert = ps_material_get_certificate (material);
  g_autofree char *pin = ps_pin_to_base64 (ps_material_get_pin (material));

  (void) ps_material_get_label (material);
  (void) ps_material_get_problem (material);
  if (cert != NULL)
    {
      (void) ps_certificate_get_sans (cert);
      (void) ps_certificate_get_key_description (cert);
      (void) ps_certificate_get_parse_problem (cert);
      (void) ps_certificate_get_display_name (cert);
    }
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  ps_fuzz_init ();
  n = ps_material_parse_bytes (bytes, touch_cb, NULL, &problems, &error);
  PS_FUZZ_CHECK ((n == 0) == (error != NULL));
  return 0;
}
