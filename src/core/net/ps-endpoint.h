/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-chain.h"

G_BEGIN_DECLS

/* Where an endpoint of a fleet is (see PsFleet). */
typedef enum
{
  PS_ENDPOINT_WAITING,    /* not started */
  PS_ENDPOINT_RESOLVING,  /* looking up the name's addresses */
  PS_ENDPOINT_PROBING,    /* connecting, handshake, chain */
  PS_ENDPOINT_DONE,       /* the chain was retrieved (whatever its verdict) */
  PS_ENDPOINT_FAILED,     /* no chain: see the error */
} PsEndpointState;

GType       ps_endpoint_state_get_type  (void) G_GNUC_CONST;
/* "waiting", "resolving", "probing", "done", "failed". */
const char *ps_endpoint_state_to_string (PsEndpointState state);

#define PS_TYPE_ENDPOINT_STATE (ps_endpoint_state_get_type ())
#define PS_TYPE_ENDPOINT (ps_endpoint_get_type ())

G_DECLARE_FINAL_TYPE (PsEndpoint, ps_endpoint, PS, ENDPOINT, GObject)

/* One address of one name and port, probed with the name as SNI. Read-only: its fleet
 * fills it in, and every property notifies when it changes (on the fleet's context). */
const char      *ps_endpoint_get_name          (PsEndpoint *self);
guint16          ps_endpoint_get_port          (PsEndpoint *self);
/* The textual IP address; NULL until the name is resolved. */
const char      *ps_endpoint_get_address       (PsEndpoint *self);
PsEndpointState  ps_endpoint_get_state         (PsEndpoint *self);
/* The chain, NULL until done (and again once the fleet dropped it, see
 * ps_fleet_set_keep_chains()). */
PsChain         *ps_endpoint_get_chain         (PsEndpoint *self);
/* Why it failed (PS_PROBE_ERROR, or G_IO_ERROR_CANCELLED); NULL otherwise. */
const GError    *ps_endpoint_get_error         (PsEndpoint *self);
const char      *ps_endpoint_get_error_message (PsEndpoint *self);
/* Seconds from the start of its resolution or probe to its end; 0 before. */
double           ps_endpoint_get_elapsed       (PsEndpoint *self);
/* Base64 SHA-256 pin of the leaf's key, NULL until done (kept when the chain is dropped). */
const char      *ps_endpoint_get_leaf_pin      (PsEndpoint *self);
/* Hex SHA-256 of the certificates the server sent, in order: two endpoints serve the same
 * chain when these are equal. NULL until done; kept when the chain is dropped. */
const char      *ps_endpoint_get_chain_digest  (PsEndpoint *self);
/* The chain's verdict, kept when the chain is dropped; FALSE until done. */
gboolean         ps_endpoint_get_trusted       (PsEndpoint *self);
/* "NAME:PORT" ("[v6]:PORT" for an IPv6 literal). */
char            *ps_endpoint_dup_target        (PsEndpoint *self);

G_END_DECLS
