/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-chain.h"
#include "ps-starttls.h"
#include "ps-trust-store.h"

G_BEGIN_DECLS

/* One retrieval of a server's chain: resolve and connect, STARTTLS if asked, the TLS
 * handshake, then the chain built and verified in a worker thread. PsProbe queues them. */
typedef struct
{
  const char *host;            /* as ps_host_parse() returns it */
  guint16 port;
  const char *servername;      /* SNI, NULL for none */
  const char *verify_name;     /* checked against the certificate */
  PsStarttlsProtocol starttls;
  PsTrustStore *store;         /* NULL: the system's */
  guint timeout;               /* seconds for the whole retrieval */
  const char * const *alpn;    /* NULL or empty: none offered */
} PsRetrievalOptions;

/* Fails with PS_PROBE_ERROR, or G_IO_ERROR_CANCELLED when @cancellable is cancelled. */
void      _ps_retrieval_run_async  (const PsRetrievalOptions *options,
                                    GCancellable             *cancellable,
                                    GAsyncReadyCallback       callback,
                                    gpointer                  user_data);
PsChain  *_ps_retrieval_run_finish (GAsyncResult             *result,
                                    GError                  **error);

void _ps_source_destroy (GSource **source);

G_END_DECLS
