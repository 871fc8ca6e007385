/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-endpoint.h"
#include "ps-probe.h"

G_BEGIN_DECLS

/* The --jobs of the CLI and the app: handshakes at the same time. */
#define PS_FLEET_DEFAULT_JOBS 32
/* The most endpoints of one fleet (the addresses of its names included). */
#define PS_FLEET_MAX_ENDPOINTS 20000
/* The most addresses taken from one name, or given to one --resolve. */
#define PS_FLEET_MAX_ADDRESSES 64

/* One name:port whose addresses do not all serve the same chain: a rollout caught
 * halfway. @endpoints are all its endpoints that were reached, grouped by chain (equal
 * ps_endpoint_get_chain_digest() next to each other), in order of address within a group. */
typedef struct
{
  char      *name;
  guint16    port;
  guint      n_chains;   /* distinct chains served, 2 or more */
  guint      n_keys;     /* distinct leaf keys among them, 1 or more */
  GPtrArray *endpoints;  /* PsEndpoint */
} PsFleetDivergence;

void ps_fleet_divergence_free (PsFleetDivergence *divergence);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsFleetDivergence, ps_fleet_divergence_free)

#define PS_TYPE_FLEET (ps_fleet_get_type ())

G_DECLARE_FINAL_TYPE (PsFleet, ps_fleet, PS, FLEET, GObject)

/* A set of endpoints probed at once: a GListModel of PsEndpoint. Names are resolved
 * (GResolver, asynchronously) to every A and AAAA address, and each address becomes its
 * own endpoint, probed with the name as SNI. At most max-concurrent of @probe's (the jobs;
 * with @probe NULL, a probe of the fleet's own with PS_FLEET_DEFAULT_JOBS) are resolved or
 * probed at the same time; @probe's trust store, timeout (also for each name lookup) and
 * STARTTLS apply. Everything runs on the thread-default main context of the caller of
 * ps_fleet_run_async(). */
PsFleet    *ps_fleet_new               (PsProbe              *probe);
PsProbe    *ps_fleet_get_probe         (PsFleet              *self);
/* curl's --resolve: "HOST:PORT:ADDR[,ADDR…]" (an IPv6 address may be in brackets) makes
 * HOST on PORT connect to those addresses, with no name lookup. Applies to the hosts
 * added before and after it, from the next run on. Fails with PS_PROBE_ERROR_INVALID_HOST. */
gboolean    ps_fleet_add_resolve       (PsFleet              *self,
                                        const char           *text,
                                        GError              **error);
/* Adds "host[:port]" (see ps_host_parse(); the default port is the probe's STARTTLS
 * protocol's, or 443). A host already added is skipped (TRUE). Fails with
 * PS_PROBE_ERROR_INVALID_HOST, or PS_PROBE_ERROR_FAILED beyond PS_FLEET_MAX_ENDPOINTS or
 * while running. */
gboolean    ps_fleet_add_host          (PsFleet              *self,
                                        const char           *host,
                                        GError              **error);
/* FALSE (default TRUE): each chain is dropped right after "endpoint-finished", so that
 * memory stays bounded by the jobs; the leaf pin, chain digest and verdict are kept. */
void        ps_fleet_set_keep_chains   (PsFleet              *self,
                                        gboolean              keep_chains);
gboolean    ps_fleet_get_keep_chains   (PsFleet              *self);
guint       ps_fleet_get_n_total       (PsFleet              *self);
guint       ps_fleet_get_n_finished    (PsFleet              *self);
gboolean    ps_fleet_get_running       (PsFleet              *self);
/* Probes every endpoint; "endpoint-finished" is emitted for each one as it ends (done or
 * failed). A second run starts afresh: names are resolved again and the model is rebuilt.
 * Succeeds when every endpoint ended (failures are the endpoints' own); fails with
 * G_IO_ERROR_CANCELLED when @cancellable was cancelled (the endpoints not reached then
 * fail with it too), or G_IO_ERROR_PENDING while another run goes on. */
void        ps_fleet_run_async         (PsFleet              *self,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean    ps_fleet_run_finish        (PsFleet              *self,
                                        GAsyncResult         *result,
                                        GError              **error);
/* Every name:port whose reached addresses serve different chains (or leaf keys), in the
 * order of the model. A GPtrArray of PsFleetDivergence, empty when there is none. */
GPtrArray  *ps_fleet_dup_divergences   (PsFleet              *self);

G_END_DECLS
