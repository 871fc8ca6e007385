/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-chain.h"
#include "ps-error.h"
#include "ps-host.h"
#include "ps-starttls.h"
#include "ps-trust-store.h"

G_BEGIN_DECLS

typedef enum
{
  PS_PROBE_PHASE_RESOLVE,
  PS_PROBE_PHASE_CONNECT,
  PS_PROBE_PHASE_STARTTLS,
  PS_PROBE_PHASE_HANDSHAKE,
  PS_PROBE_PHASE_CHAIN,       /* building and verifying the chain */
} PsProbePhase;

/* "resolve", "connect", "starttls", "handshake", "chain". */
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
/* Seconds allowed for the whole retrieval, from resolving the name to the chain's verdict
 * (the time spent waiting for a slot excluded); default 10. */
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

/* The same as ps_host_parse(), under its former name. */
gboolean      ps_probe_parse_host         (const char          *text,
                                           guint16              default_port,
                                           char               **host,
                                           guint16             *port,
                                           GError             **error);

/* Connects to @host_and_port (see ps_host_parse; the default port is 443 or the
 * STARTTLS protocol's), runs the handshake without judging the chain, and returns the
 * chain as sent with its verdict and the connection facts. At most
 * PS_CHAIN_MAX_CERTIFICATES certificates of the server are kept; the chain's problems say
 * when there were more (PS_CHAIN_PROBLEM_TOO_LONG). */
void          ps_probe_run_async          (PsProbe             *self,
                                           const char          *host_and_port,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* The same, connecting to @address (an IP address, no lookup) on @port (0: the default
 * port) with @name (an ASCII host name as ps_host_parse() returns it) as SNI and as the
 * name checked against the certificate, unless the probe's servername says otherwise. This
 * is how every address of a name is probed. Finish with ps_probe_run_finish(). */
void          ps_probe_run_address_async  (PsProbe             *self,
                                           const char          *name,
                                           guint16              port,
                                           const char          *address,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
PsChain      *ps_probe_run_finish         (PsProbe             *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
