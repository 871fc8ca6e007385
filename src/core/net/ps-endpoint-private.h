/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ps-endpoint.h"

G_BEGIN_DECLS

PsEndpoint *_ps_endpoint_new          (const char      *name,
                                       guint16          port,
                                       const char      *address);
/* Back to WAITING with @address (NULL: to resolve again), no result. */
void        _ps_endpoint_reset        (PsEndpoint      *self,
                                       const char      *address);
void        _ps_endpoint_set_address  (PsEndpoint      *self,
                                       const char      *address);
/* RESOLVING or PROBING; the first of them starts the clock. */
void        _ps_endpoint_start        (PsEndpoint      *self,
                                       PsEndpointState  state);
/* DONE with @chain, or FAILED with @error (taken). */
void        _ps_endpoint_finish       (PsEndpoint      *self,
                                       PsChain         *chain,
                                       GError          *error);
void        _ps_endpoint_drop_chain   (PsEndpoint      *self);

G_END_DECLS
