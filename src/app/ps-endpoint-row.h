/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-chain.h"
#include "ps-endpoint.h"
#include "ps-fleet.h"
#include "ps-pinset.h"

G_BEGIN_DECLS

/* One row of the Endpoints page: a PsEndpoint as the columns show it (texts, an icon and
 * style classes), with the pin of the open pinset that its leaf matched. */
#define PS_TYPE_ENDPOINT_ROW (ps_endpoint_row_get_type ())

G_DECLARE_FINAL_TYPE (PsEndpointRow, ps_endpoint_row, PS, ENDPOINT_ROW, GObject)

/* What the row says about the endpoint, for the banner and the tests. */
typedef enum
{
  PS_ENDPOINT_VERDICT_PENDING,    /* not done yet */
  PS_ENDPOINT_VERDICT_FAILED,     /* no chain: see the status text */
  PS_ENDPOINT_VERDICT_MATCHED,    /* a pin of the pinset matches */
  PS_ENDPOINT_VERDICT_MISMATCH,   /* a rule covers the name, and no pin matches */
  PS_ENDPOINT_VERDICT_TRUSTED,    /* no rule covers the name; the chain is trusted */
  PS_ENDPOINT_VERDICT_UNTRUSTED,  /* no rule covers the name; the chain is not trusted */
} PsEndpointVerdict;

PsEndpointRow    *ps_endpoint_row_new          (PsEndpoint    *endpoint,
                                                PsPinset      *pinset,
                                                PsPinNotation  notation);
/* The row does not follow its endpoint by itself: its owner calls this, so that many
 * endpoints changing at once cost one update of the view, not one each. Returns whether
 * the row changed. */
gboolean          ps_endpoint_row_update       (PsEndpointRow *self);
PsEndpoint       *ps_endpoint_row_get_endpoint (PsEndpointRow *self);
void              ps_endpoint_row_set_pinset   (PsEndpointRow *self,
                                                PsPinset      *pinset);
void              ps_endpoint_row_set_notation (PsEndpointRow *self,
                                                PsPinNotation  notation);
const char       *ps_endpoint_row_get_host     (PsEndpointRow *self);
const char       *ps_endpoint_row_get_address  (PsEndpointRow *self);
const char       *ps_endpoint_row_get_status   (PsEndpointRow *self);
/* The whole error message of a failed endpoint, else the status. */
const char       *ps_endpoint_row_get_status_detail (PsEndpointRow *self);
const char       *ps_endpoint_row_get_leaf_pin (PsEndpointRow *self);
const char       *ps_endpoint_row_get_matched  (PsEndpointRow *self);
const char       *ps_endpoint_row_get_time     (PsEndpointRow *self);
PsEndpointVerdict ps_endpoint_row_get_verdict  (PsEndpointRow *self);
/* The chain the endpoint sent, or NULL until it is done or when it failed. */
PsChain          *ps_endpoint_row_get_chain    (PsEndpointRow *self);

/* The pin of @pinset that matches @chain for @host, in @notation, or NULL; *@covered says
 * whether an enforced or report-only rule covers @host at all. */
char             *ps_endpoint_match_pin        (PsPinset      *pinset,
                                                PsChain       *chain,
                                                const char    *host,
                                                PsPinNotation  notation,
                                                gboolean      *covered);

/* "name", or "name:port" ("[v6]:port") when the port is not 443. */
char             *ps_endpoint_format_host      (const char    *name,
                                                guint16        port);
/* A base64 SHA-256 pin in @notation. */
char             *ps_endpoint_format_pin       (const char    *base64,
                                                PsPinNotation  notation);

/* What the divergence banner says about @fleet's divergences (ps_fleet_dup_divergences()):
 * the title, or NULL when there is none; in *@detail one line a chain served ("host at
 * addresses: leaf pin") for the first @max_shown hosts, and how many more. */
char             *ps_endpoints_describe_divergences (PsFleet        *fleet,
                                                     PsPinNotation   notation,
                                                     guint           max_shown,
                                                     char          **detail);

G_END_DECLS
