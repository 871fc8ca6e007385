/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <gnutls/x509.h>

#include "ps-pin.h"

G_BEGIN_DECLS

#define PS_TYPE_CERTIFICATE (ps_certificate_get_type ())

G_DECLARE_FINAL_TYPE (PsCertificate, ps_certificate, PS, CERTIFICATE, GObject)

/* Fails only when the DER is not a certificate at all (no SubjectPublicKeyInfo can be
 * found). When GnuTLS cannot parse it, the certificate still exists with its pin, and
 * ps_certificate_get_parse_problem() says what could not be read. Fields are parsed
 * lazily on first use, so that pins of large bundles stay cheap. */
PsCertificate      *ps_certificate_new_from_der            (GBytes         *der,
                                                            GError        **error);
PsCertificate      *ps_certificate_new_from_pem            (const char     *pem,
                                                            gssize          len,
                                                            GError        **error);
GBytes             *ps_certificate_get_der                 (PsCertificate  *self);
char               *ps_certificate_to_pem                  (PsCertificate  *self);
const PsPin        *ps_certificate_get_spki_pin            (PsCertificate  *self);
GBytes             *ps_certificate_get_spki_der            (PsCertificate  *self);
const PsPin        *ps_certificate_get_fingerprint_sha256  (PsCertificate  *self);
const char         *ps_certificate_get_parse_problem       (PsCertificate  *self);
/* Only what concerns the public key (cheap: no full parse). */
const char         *ps_certificate_get_key_problem         (PsCertificate  *self);
gnutls_x509_crt_t   ps_certificate_get_gnutls              (PsCertificate  *self);
const char         *ps_certificate_get_subject             (PsCertificate  *self);
const char         *ps_certificate_get_issuer              (PsCertificate  *self);
const char         *ps_certificate_get_common_name         (PsCertificate  *self);
const char         *ps_certificate_get_issuer_common_name  (PsCertificate  *self);
const char         *ps_certificate_get_display_name        (PsCertificate  *self);
const char         *ps_certificate_get_serial_hex          (PsCertificate  *self);
GDateTime          *ps_certificate_get_not_before          (PsCertificate  *self);
GDateTime          *ps_certificate_get_not_after           (PsCertificate  *self);
const char         *ps_certificate_get_key_algorithm       (PsCertificate  *self);
guint               ps_certificate_get_key_bits            (PsCertificate  *self);
const char         *ps_certificate_get_key_curve           (PsCertificate  *self);
const char         *ps_certificate_get_key_description     (PsCertificate  *self);
const char         *ps_certificate_get_signature_algorithm (PsCertificate  *self);
gboolean            ps_certificate_get_signature_is_weak   (PsCertificate  *self);
const char * const *ps_certificate_get_sans                (PsCertificate  *self);
gboolean            ps_certificate_get_is_ca               (PsCertificate  *self);
int                 ps_certificate_get_path_len            (PsCertificate  *self);
gboolean            ps_certificate_get_is_self_signed      (PsCertificate  *self);
gboolean            ps_certificate_is_issued_by            (PsCertificate  *self,
                                                            PsCertificate  *issuer);
gboolean            ps_certificate_matches_hostname        (PsCertificate  *self,
                                                            const char     *hostname);

G_END_DECLS
