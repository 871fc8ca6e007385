/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-certificate.h"
#include "ps-trust-store.h"

G_BEGIN_DECLS

typedef enum
{
  PS_CHAIN_SOURCE_SERVER,       /* sent by the server (or read from the chain file) */
  PS_CHAIN_SOURCE_TRUST_STORE,  /* taken from the trust store to complete the path */
} PsChainSource;

/* Chain problems, stable ids (see ps_chain_problem_to_id). */
typedef enum
{
  PS_CHAIN_PROBLEM_INCOMPLETE_CHAIN      = 1 << 0,
  PS_CHAIN_PROBLEM_WRONG_ORDER           = 1 << 1,
  PS_CHAIN_PROBLEM_ROOT_SENT             = 1 << 2,
  PS_CHAIN_PROBLEM_EXTRA_CERTIFICATES    = 1 << 3,
  PS_CHAIN_PROBLEM_DUPLICATE_CERTIFICATES = 1 << 4,
  PS_CHAIN_PROBLEM_UNTRUSTED             = 1 << 5,
  PS_CHAIN_PROBLEM_EXPIRED               = 1 << 6,
  PS_CHAIN_PROBLEM_HOSTNAME_MISMATCH     = 1 << 7,
  PS_CHAIN_PROBLEM_WEAK_SIGNATURE        = 1 << 8,
} PsChainProblem;

#define PS_TYPE_CHAIN (ps_chain_get_type ())

G_DECLARE_FINAL_TYPE (PsChain, ps_chain, PS, CHAIN, GObject)

/* Builds the chain from certificates exactly as sent (order, duplicates and extras kept),
 * completes the path to an anchor of @store (NULL: the system store), verifies it for
 * @hostname (NULL: no hostname check) and records the verdict. Never fails because the
 * chain is invalid; that is the verdict. */
PsChain        *ps_chain_new                  (GPtrArray      *sent_certificates,
                                               PsTrustStore   *store,
                                               const char     *hostname);
/* The certificates sent, then the trust store certificates the path needed. */
guint           ps_chain_get_n_certificates   (PsChain        *self);
PsCertificate  *ps_chain_get_certificate      (PsChain        *self,
                                               guint           index);
PsChainSource   ps_chain_get_source           (PsChain        *self,
                                               guint           index);
/* The validated path, leaf first, as indices into the list above (-1 terminated is not
 * used: length through @n_path). */
const guint    *ps_chain_get_path             (PsChain        *self,
                                               guint          *n_path);
/* The position of certificate @index on the path (0 for the leaf), or -1 when it is not
 * on it (an extra or a duplicate). */
int             ps_chain_get_depth            (PsChain        *self,
                                               guint           index);
/* How many certificates the server sent (the first ones of the list). */
guint           ps_chain_get_n_sent           (PsChain        *self);
const char     *ps_chain_get_hostname         (PsChain        *self);
gboolean        ps_chain_get_trusted          (PsChain        *self);
guint           ps_chain_get_gnutls_status    (PsChain        *self);
PsChainProblem  ps_chain_get_problems         (PsChain        *self);
/* Verdict sentences, translated, one per GnuTLS status flag and problem. */
GStrv           ps_chain_dup_verdicts         (PsChain        *self);
/* Stable id ("incomplete-chain"...) of a single problem flag. */
const char     *ps_chain_problem_to_id        (PsChainProblem  problem);
const char     *ps_chain_problem_to_string    (PsChainProblem  problem);

/* Connection facts, set by the probe; NULL/0 for chains read from files. */
const char     *ps_chain_get_tls_version      (PsChain        *self);
const char     *ps_chain_get_cipher_suite     (PsChain        *self);
const char     *ps_chain_get_key_exchange_group (PsChain      *self);
const char     *ps_chain_get_alpn             (PsChain        *self);
const char     *ps_chain_get_peer_address     (PsChain        *self);
double          ps_chain_get_handshake_seconds (PsChain       *self);

/* The depth (0 is the leaf) in the validated path of the certificate whose key hashes to
 * @pin (SHA-256, or SHA-1 of the same SubjectPublicKeyInfo), or -1. This is how Android,
 * OkHttp and TrustKit decide. @certificate (borrowed) receives that certificate when
 * non-NULL. */
int             ps_chain_find_pin             (PsChain        *self,
                                               const PsPin    *pin,
                                               PsCertificate **certificate);
/* The role the certificate at @depth of the validated path plays: 0 leaf, the last one
 * root when self-signed or taken from the trust store, intermediate otherwise. */
PsPinRole       ps_chain_role_at              (PsChain        *self,
                                               int             depth);

G_END_DECLS
