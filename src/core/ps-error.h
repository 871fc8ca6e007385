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
 * @PS_ERROR_UNKNOWN_ROLE: a format needs each pin's role (leaf, intermediate, root) and some
 *   pin has none yet: ps_pinset_resolve_roles() can find them in the server's chain
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
  PS_ERROR_UNKNOWN_ROLE,
} PsError;

GQuark ps_error_quark (void);

#define PS_PROBE_ERROR (ps_probe_error_quark ())

/**
 * PsProbeError:
 * @PS_PROBE_ERROR_INVALID_HOST: the host (or port) cannot be parsed
 * @PS_PROBE_ERROR_DNS: the name does not resolve
 * @PS_PROBE_ERROR_REFUSED: the connection was refused
 * @PS_PROBE_ERROR_UNREACHABLE: no route to the host or network
 * @PS_PROBE_ERROR_TIMED_OUT: the retrieval took longer than the timeout (the message says
 *   in which phase)
 * @PS_PROBE_ERROR_CLOSED: the server closed the connection before the handshake ended
 * @PS_PROBE_ERROR_NOT_TLS: the server answered something that is not TLS (plain HTTP...)
 * @PS_PROBE_ERROR_HANDSHAKE_FAILED: the TLS handshake failed (an alert, no common cipher...)
 * @PS_PROBE_ERROR_STARTTLS_REFUSED: the server does not offer or refused STARTTLS
 * @PS_PROBE_ERROR_PROTOCOL: the server does not speak the STARTTLS protocol asked for
 * @PS_PROBE_ERROR_FAILED: anything else
 *
 * Errors of talking to servers: the probe, its host parsing and STARTTLS.
 */
typedef enum
{
  PS_PROBE_ERROR_INVALID_HOST,
  PS_PROBE_ERROR_DNS,
  PS_PROBE_ERROR_REFUSED,
  PS_PROBE_ERROR_UNREACHABLE,
  PS_PROBE_ERROR_TIMED_OUT,
  PS_PROBE_ERROR_CLOSED,
  PS_PROBE_ERROR_NOT_TLS,
  PS_PROBE_ERROR_HANDSHAKE_FAILED,
  PS_PROBE_ERROR_STARTTLS_REFUSED,
  PS_PROBE_ERROR_PROTOCOL,
  PS_PROBE_ERROR_FAILED,
} PsProbeError;

GQuark ps_probe_error_quark (void);

G_END_DECLS
