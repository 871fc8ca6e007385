/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ps-chain.h"

G_BEGIN_DECLS

/* A chain from a server that sent @n_received certificates, of which @kept are the first
 * ones (at most PS_CHAIN_MAX_CERTIFICATES). */
PsChain  *_ps_chain_new_from_server (GPtrArray    *kept,
                                     guint         n_received,
                                     PsTrustStore *store,
                                     const char   *hostname);

/* ps-chain-path.c */
gboolean  _ps_chain_build_path      (GPtrArray    *certs,
                                     guint         n_sent,
                                     const char   *hostname,
                                     PsTrustStore *store,
                                     GArray       *path,
                                     GArray       *first_copy);

/* Connection facts, recorded by the probe after the handshake. */
void _ps_chain_set_connection_info (PsChain    *self,
                                    const char *tls_version,
                                    const char *cipher_suite,
                                    const char *key_exchange_group,
                                    const char *alpn,
                                    const char *peer_address,
                                    double      handshake_seconds);

G_END_DECLS
