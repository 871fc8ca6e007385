/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the raw DER certificate reader (src/core/x509/ps-certificate-facts.h),
 * differential: whenever ps_certificate_facts_read() takes a certificate, each of its facts
 * must be what the GnuTLS-based getters of PsCertificate give (as tests/test-certificate-facts.c
 * checks on real certificates). A difference is a wrong value shown by `pins --json`, so it is
 * a finding like a crash. */
#include "config.h"

#include <string.h>

#include "ps-certificate-facts.h"
#include "ps-fuzz.h"

static void
differ (const char *what,
        const char *raw,
        const char *gnutls)
{
  fprintf (stderr, "raw reader and GnuTLS differ on %s: \"%s\" against \"%s\"\n", what,
           raw != NULL ? raw : "(null)", gnutls != NULL ? gnutls : "(null)");
  abort ();
}

static void
same_string (const char *what,
             const char *raw,
             const char *gnutls)
{
  if (g_strcmp0 (raw, gnutls) != 0)
    differ (what, raw, gnutls);
}

static void
same_int (const char *what,
          gint64      raw,
          gint64      gnutls)
{
  if (raw != gnutls)
    {
      g_autofree char *a = g_strdup_printf ("%" G_GINT64_FORMAT, raw);
      g_autofree char *b = g_strdup_printf ("%" G_GINT64_FORMAT, gnutls);

      differ (what, a, b);
    }
}

static void
same_time (const char *what,
           const char *raw,
           GDateTime  *gnutls)
{
  g_autofree char *text = gnutls != NULL ? g_date_time_format_iso8601 (gnutls) : NULL;

  same_string (what, raw, text);
}

static void
compare (PsCertificate            *cert,
         const PsCertificateFacts *facts)
{
  const char * const *sans = ps_certificate_get_sans (cert);
  guint n_sans = sans != NULL ? g_strv_length ((char **) sans) : 0;
  g_autofree char *fingerprint = ps_pin_to_hex (ps_certificate_get_fingerprint_sha256 (cert));

  /* Taken raw means GnuTLS reads it too. */
  same_string ("the parse problem", NULL, ps_certificate_get_parse_problem (cert));
  same_string ("the serial", facts->serial_hex, ps_certificate_get_serial_hex (cert));
  same_time ("not before", facts->not_before, ps_certificate_get_not_before (cert));
  same_time ("not after", facts->not_after, ps_certificate_get_not_after (cert));
  same_string ("the signature algorithm", facts->signature_algorithm,
               ps_certificate_get_signature_algorithm (cert));
  same_string ("the key algorithm", facts->key_algorithm, ps_certificate_get_key_algorithm (cert));
  same_int ("the key bits", facts->key_bits, ps_certificate_get_key_bits (cert));
  same_string ("the key curve", facts->key_curve, ps_certificate_get_key_curve (cert));
  same_string ("the key description", facts->key_description,
               ps_certificate_get_key_description (cert));
  same_int ("is CA", facts->is_ca, ps_certificate_get_is_ca (cert));
  same_int ("the path length", facts->path_len, ps_certificate_get_path_len (cert));
  same_int ("self-signed", facts->self_signed, ps_certificate_get_is_self_signed (cert));
  same_int ("the number of SANs", facts->sans->len, n_sans);
  for (guint i = 0; i < facts->sans->len; i++)
    same_string ("a SAN", g_ptr_array_index (facts->sans, i), sans[i]);
  same_string ("the fingerprint", facts->fingerprint_hex, fingerprint);
  PS_FUZZ_CHECK (strlen (facts->fingerprint_hex) == 64);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCertificate) cert = NULL;
  PsCertificateFacts facts;

  ps_fuzz_init ();
  der = g_bytes_new (data, size);
  cert = ps_certificate_new_from_der (der, &error);
  PS_FUZZ_CHECK ((cert == NULL) == (error != NULL));
  if (cert == NULL)
    return 0;
  if (!ps_certificate_facts_read (cert, &facts))
    return 0;
  compare (cert, &facts);
  ps_certificate_facts_clear (&facts);
  return 0;
}
