/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-chain.h"
#include "ps-starttls.h"
#include "ps-trust-store.h"

G_BEGIN_DECLS

#define PS_PROBE_ERROR (ps_probe_error_quark ())

/**
 * PsProbeError:
 * @PS_PROBE_ERROR_INVALID_HOST: the host (or port) cannot be parsed
 * @PS_PROBE_ERROR_DNS: the name does not resolve
 * @PS_PROBE_ERROR_REFUSED: the connection was refused
 * @PS_PROBE_ERROR_UNREACHABLE: no route to the host or network
 * @PS_PROBE_ERROR_TIMED_OUT: a phase took longer than the timeout (the message says which)
 * @PS_PROBE_ERROR_CLOSED: the server closed the connection before the handshake ended
 * @PS_PROBE_ERROR_NOT_TLS: the server answered something that is not TLS (plain HTTP...)
 * @PS_PROBE_ERROR_HANDSHAKE_FAILED: the TLS handshake failed (an alert, no common cipher...)
 * @PS_PROBE_ERROR_STARTTLS_REFUSED: the server does not offer or refused STARTTLS
 * @PS_PROBE_ERROR_PROTOCOL: the server does not speak the STARTTLS protocol asked for
 * @PS_PROBE_ERROR_FAILED: anything else
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

typedef enum
{
  PS_PROBE_PHASE_RESOLVE,
  PS_PROBE_PHASE_CONNECT,
  PS_PROBE_PHASE_STARTTLS,
  PS_PROBE_PHASE_HANDSHAKE,
} PsProbePhase;

/* "resolve", "connect", "starttls", "handshake". */
const char *ps_probe_phase_to_string (PsProbePhase phase);

#define PS_PROBE_DEFAULT_TIMEOUT 10
#define PS_PROBE_DEFAULT_MAX_CONCURRENT 8

#define PS_TYPE_PROBE (ps_probe_get_type ())

G_DECLARE_FINAL_TYPE (PsProbe, ps_probe, PS, PROBE, GObject)

/* A probe holds options and runs any number of retrievals, at most max-concurrent at a
 * time (the others wait their turn). Everything runs on the thread-default main context
 * of the caller; nothing blocks it. */
PsProbe      *ps_probe_new                (void);
/* The name sent as SNI and checked against the certificate. NULL (the default): the host
 * name (none for IP literals); "": send no SNI. */
void          ps_probe_set_servername     (PsProbe             *self,
                                           const char          *servername);
const char   *ps_probe_get_servername     (PsProbe             *self);
void          ps_probe_set_starttls       (PsProbe             *self,
                                           PsStarttlsProtocol   protocol);
PsStarttlsProtocol ps_probe_get_starttls  (PsProbe             *self);
/* NULL (the default): the system's anchors. */
void          ps_probe_set_trust_store    (PsProbe             *self,
                                           PsTrustStore        *store);
PsTrustStore *ps_probe_get_trust_store    (PsProbe             *self);
/* Seconds allowed for each phase (resolve, connect, STARTTLS, handshake); default 10. */
void          ps_probe_set_timeout        (PsProbe             *self,
                                           guint                seconds);
guint         ps_probe_get_timeout        (PsProbe             *self);
/* ALPN protocols offered. NULL (the default): "h2" and "http/1.1" on port 443 without
 * STARTTLS, none otherwise. An empty list: none. */
void          ps_probe_set_alpn           (PsProbe             *self,
                                           const char * const  *protocols);
void          ps_probe_set_max_concurrent (PsProbe             *self,
                                           guint                max_concurrent);
guint         ps_probe_get_max_concurrent (PsProbe             *self);

/* Parses "host", "host:port", "[v6]:port", "v6" or "https://host:port/..." and turns an
 * IDN into its ASCII form. Fails with PS_PROBE_ERROR_INVALID_HOST. */
gboolean      ps_probe_parse_host         (const char          *text,
                                           guint16              default_port,
                                           char               **host,
                                           guint16             *port,
                                           GError             **error);

/* Connects to @host_and_port (see ps_probe_parse_host; the default port is 443 or the
 * STARTTLS protocol's), runs the handshake without judging the chain, and returns the
 * chain exactly as sent with its verdict and the connection facts. */
void          ps_probe_run_async          (PsProbe             *self,
                                           const char          *host_and_port,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
PsChain      *ps_probe_run_finish         (PsProbe             *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
