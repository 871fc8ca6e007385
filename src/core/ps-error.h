/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PS_ERROR (ps_error_quark ())

/**
 * PsError:
 * @PS_ERROR_INVALID_DATA: input bytes are not what they claim to be (bad DER, bad base64...)
 * @PS_ERROR_NOTHING_FOUND: a file holds no certificate, key or CSR
 * @PS_ERROR_UNSUPPORTED: understood, but not supported (algorithm, version...)
 * @PS_ERROR_INVALID_PIN: a pin value cannot be parsed
 * @PS_ERROR_PLACEHOLDER_PIN: a pin is an obvious placeholder such as "AAAA...="
 * @PS_ERROR_SHA1_PIN: a SHA-1 value was given where SHA-256 is required
 * @PS_ERROR_INVALID_PINSET: a pinset document is malformed
 * @PS_ERROR_NEWER_VERSION: a document was written by a newer Pinscope
 * @PS_ERROR_FAILED: anything else
 */
typedef enum
{
  PS_ERROR_INVALID_DATA,
  PS_ERROR_NOTHING_FOUND,
  PS_ERROR_UNSUPPORTED,
  PS_ERROR_INVALID_PIN,
  PS_ERROR_PLACEHOLDER_PIN,
  PS_ERROR_SHA1_PIN,
  PS_ERROR_INVALID_PINSET,
  PS_ERROR_NEWER_VERSION,
  PS_ERROR_FAILED,
} PsError;

GQuark ps_error_quark (void);

G_END_DECLS
