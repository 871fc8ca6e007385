/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ps-certificate.h"
#include "ps-der.h"

G_BEGIN_DECLS

/* "RSA 2048", "ECDSA P-256", "Ed25519", ... for a DER SubjectPublicKeyInfo. */
char *_ps_describe_spki (const PsDerTlv *spki);

/* "RSA", "EC", ... and "P-256", ... for a dotted OID, or NULL when unknown. */
const char *_ps_key_algorithm_name (const char *oid);
const char *_ps_curve_name         (const char *oid);

G_END_DECLS
