/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ps-certificate.h"

G_BEGIN_DECLS

/* What `pins --json` prints about a certificate, read straight from its DER without a full
 * GnuTLS import, so that a bundle of 10,000 certificates costs no more than GnuTLS's own
 * minimal key-id loop. The values are those the GnuTLS-based getters of PsCertificate give.
 *
 * Only certificates whose every part is read here with certainty are taken: an unusual one
 * (an unknown signature or key algorithm, RSA-PSS signature parameters, a version 1
 * certificate with extensions, a repeated extension, a time that is not the DER form, ...)
 * makes ps_certificate_facts_read() return FALSE, and the caller then uses the getters. */
typedef struct
{
  char        *serial_hex;           /* NULL when over 64 bytes, as GnuTLS does */
  char         not_before[21];       /* ISO 8601 in UTC, "YYYY-MM-DDTHH:MM:SSZ" */
  char         not_after[21];
  const char  *signature_algorithm;  /* GnuTLS's name */
  GPtrArray   *sans;                 /* of char *: DNS, e-mail, URI and IP names */
  gboolean     is_ca;
  int          path_len;             /* -1 when not a CA or unlimited */
  gboolean     self_signed;
  const char  *key_algorithm;
  guint        key_bits;
  const char  *key_curve;            /* NULL unless EC */
  char        *key_description;
  char         fingerprint_hex[65];  /* SHA-256 of the DER */
} PsCertificateFacts;

gboolean ps_certificate_facts_read  (PsCertificate      *cert,
                                     PsCertificateFacts *facts);
void     ps_certificate_facts_clear (PsCertificateFacts *facts);

G_END_DECLS
