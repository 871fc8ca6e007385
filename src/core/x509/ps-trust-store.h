/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <gnutls/x509.h>

#include "ps-certificate.h"

G_BEGIN_DECLS

#define PS_TYPE_TRUST_STORE (ps_trust_store_get_type ())

G_DECLARE_FINAL_TYPE (PsTrustStore, ps_trust_store, PS, TRUST_STORE, GObject)

/* The system's anchors (GnuTLS's system trust). Loaded once and shared; returns a new
 * reference to the shared store (unref it). */
PsTrustStore          *ps_trust_store_get_system      (GError       **error);
/* Anchors from a PEM/DER file of CA certificates (not the system's). */
PsTrustStore          *ps_trust_store_new_from_file   (GFile         *file,
                                                       GError       **error);
gnutls_x509_trust_list_t ps_trust_store_get_gnutls    (PsTrustStore  *self);
/* The anchor that issued @cert, or NULL. Owned. */
PsCertificate         *ps_trust_store_find_issuer     (PsTrustStore  *self,
                                                       PsCertificate *cert);
gboolean               ps_trust_store_contains        (PsTrustStore  *self,
                                                       PsCertificate *cert);
/* "System trust store" (translated) or the name of the CA file. */
const char            *ps_trust_store_get_description (PsTrustStore  *self);

G_END_DECLS
