/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ps-readiness.h"

G_BEGIN_DECLS

/* The Release Readiness page: every build and pinset open in the window against every
 * candidate chain (the chains open in the window, and those added on the page from a file
 * or a host), one cell per pair, the worst cell summed up in a banner. */
#define PS_TYPE_READINESS_PAGE (ps_readiness_page_get_type ())

G_DECLARE_FINAL_TYPE (PsReadinessPage, ps_readiness_page, PS, READINESS_PAGE, AdwBin)

GtkWidget   *ps_readiness_page_new           (void);
/* The window's items (a GListModel of GtkStackPage): pinset editors and Build pages are the
 * subjects, chain views the candidates. The page follows their changes. */
void         ps_readiness_page_set_items     (PsReadinessPage *self,
                                              GListModel      *items);
/* Adds a candidate chain of the page's own, named @label. */
void         ps_readiness_page_add_candidate (PsReadinessPage *self,
                                              const char      *label,
                                              PsChain         *chain);
/* The matrix shown (computed again when the items change). */
PsReadiness *ps_readiness_page_get_readiness (PsReadinessPage *self);
/* The banner's title, or NULL when it is hidden. */
const char  *ps_readiness_page_get_summary   (PsReadinessPage *self);

G_END_DECLS
