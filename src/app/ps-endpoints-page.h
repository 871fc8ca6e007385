/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ps-endpoints-input.h"
#include "ps-pinset.h"

G_BEGIN_DECLS

#define PS_TYPE_ENDPOINTS_PAGE (ps_endpoints_page_get_type ())

G_DECLARE_FINAL_TYPE (PsEndpointsPage, ps_endpoints_page, PS, ENDPOINTS_PAGE, AdwBin)

/* Checks many endpoints at once: every address of every host, live in a column view.
 * Emits "open-chain" (PsChain, host, title, trust store name) when a row that has a chain
 * is activated. */
GtkWidget  *ps_endpoints_page_new           (void);
/* Timeout and default CA file; NULL: the defaults. */
void        ps_endpoints_page_set_settings  (PsEndpointsPage *self,
                                             GSettings       *settings);
/* The open pinset: its domains can be added, and leaves are matched against its pins. */
void        ps_endpoints_page_set_pinset    (PsEndpointsPage *self,
                                             PsPinset        *pinset);
PsPinset   *ps_endpoints_page_get_pinset    (PsEndpointsPage *self);
void        ps_endpoints_page_set_notation  (PsEndpointsPage *self,
                                             PsPinNotation    notation);
PsPinNotation ps_endpoints_page_get_notation (PsEndpointsPage *self);
/* Adds the hosts of @text (see ps_endpoints_parse_hosts(); spaces and commas also separate
 * hosts) and checks them all again; lines that are not hosts are shown. Returns the number
 * of hosts added. */
guint       ps_endpoints_page_add_hosts     (PsEndpointsPage *self,
                                             const char      *text);
/* Points a host at given addresses without DNS, as curl's --resolve does:
 * "HOST:PORT:ADDR[,ADDR…]"; applies from the next check on. Fails with
 * PS_PROBE_ERROR_INVALID_HOST. */
gboolean    ps_endpoints_page_add_resolve   (PsEndpointsPage *self,
                                             const char      *text,
                                             GError         **error);
/* Adds every domain of the pinset's rules (port 443) and checks them. */
guint       ps_endpoints_page_add_pinset_domains (PsEndpointsPage *self);
void        ps_endpoints_page_refresh       (PsEndpointsPage *self);
void        ps_endpoints_page_cancel        (PsEndpointsPage *self);
void        ps_endpoints_page_clear         (PsEndpointsPage *self);
gboolean    ps_endpoints_page_get_running   (PsEndpointsPage *self);
/* The rows (PsEndpointRow), one per endpoint. */
GListModel *ps_endpoints_page_get_rows      (PsEndpointsPage *self);
/* What the error banner says (lines that are not hosts, a check that could not run), or
 * NULL; the same for the divergence banner's title. */
const char *ps_endpoints_page_get_error     (PsEndpointsPage *self);
const char *ps_endpoints_page_get_divergence (PsEndpointsPage *self);
/* Activates row @position, as a double click would. */
void        ps_endpoints_page_activate_row  (PsEndpointsPage *self,
                                             guint            position);

G_END_DECLS
