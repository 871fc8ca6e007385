/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ps-chain.h"

G_BEGIN_DECLS

/* Connection facts, recorded by the probe after the handshake. */
void _ps_chain_set_connection_info (PsChain    *self,
                                    const char *tls_version,
                                    const char *cipher_suite,
                                    const char *key_exchange_group,
                                    const char *alpn,
                                    const char *peer_address,
                                    double      handshake_seconds);

G_END_DECLS
