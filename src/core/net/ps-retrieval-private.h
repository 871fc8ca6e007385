/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-chain.h"
#include "ps-starttls.h"
#include "ps-trust-store.h"

G_BEGIN_DECLS

/* One retrieval of a server's chain: resolve and connect, STARTTLS if asked, the TLS
 * handshake, then the chain built and verified in a worker thread. PsProbe queues them.
 * The options, owned: the probe keeps one copy per request, the retrieval another. */
typedef struct
{
  char *host;                  /* as ps_host_parse() returns it */
  guint16 port;
  char *address;               /* an IP address to connect to without resolving @host;
                                * NULL: resolve @host */
  char *servername;            /* SNI, NULL for none */
  char *verify_name;           /* checked against the certificate */
  PsStarttlsProtocol starttls;
  PsTrustStore *store;         /* NULL: the system's */
  guint timeout;               /* seconds for the whole retrieval */
  GStrv alpn;                  /* NULL or empty: none offered */
} PsRetrievalOptions;

void      _ps_retrieval_options_copy  (const PsRetrievalOptions *options,
                                       PsRetrievalOptions       *copy);
void      _ps_retrieval_options_clear (PsRetrievalOptions       *options);

/* Fails with PS_PROBE_ERROR, or G_IO_ERROR_CANCELLED when @cancellable is cancelled. */
void      _ps_retrieval_run_async  (const PsRetrievalOptions *options,
                                    GCancellable             *cancellable,
                                    GAsyncReadyCallback       callback,
                                    gpointer                  user_data);
PsChain  *_ps_retrieval_run_finish (GAsyncResult             *result,
                                    GError                  **error);

void _ps_source_destroy (GSource **source);

G_END_DECLS
