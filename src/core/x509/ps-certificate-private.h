/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ps-certificate.h"
#include "ps-der.h"

G_BEGIN_DECLS

/* "RSA 2048", "ECDSA P-256", "Ed25519", ... for a DER SubjectPublicKeyInfo. */
char *_ps_describe_spki (const PsDerTlv *spki);

G_END_DECLS
