/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ps-chain.h"
#include "ps-pinset.h"

G_BEGIN_DECLS

#define PS_TYPE_CHAIN_VIEW (ps_chain_view_get_type ())

G_DECLARE_FINAL_TYPE (PsChainView, ps_chain_view, PS, CHAIN_VIEW, AdwBin)

GtkWidget   *ps_chain_view_new             (void);
/* Where the chain came from, for the pins added from it: a host or a file. */
void         ps_chain_view_set_origin      (PsChainView *self,
                                            PsPinOrigin  origin,
                                            const char  *detail);
PsPinOrigin  ps_chain_view_get_origin      (PsChainView *self);
const char  *ps_chain_view_get_origin_detail (PsChainView *self);
PsChain     *ps_chain_view_get_chain       (PsChainView *self);
void         ps_chain_view_set_chain       (PsChainView *self,
                                            PsChain     *chain);
/* Keys and CSRs read from a file, shown below the chain (PsMaterial). */
void         ps_chain_view_set_materials   (PsChainView *self,
                                            GPtrArray   *materials);
/* Notes about blocks that could not be read. */
/* The name of the CA file the chain was verified against; NULL: the system's store. */
void         ps_chain_view_set_trust_store (PsChainView *self,
                                            const char  *description);
void         ps_chain_view_set_problems    (PsChainView *self,
                                            GPtrArray   *problems);
/* How many certificates the chain has, and how many the filter shows. */
guint        ps_chain_view_get_n_cards     (PsChainView *self);
guint        ps_chain_view_get_n_shown     (PsChainView *self);
/* The card of the certificate at @index (0 = leaf) while it is on screen, else NULL: the
 * cards are made only for the rows shown. */
GtkWidget   *ps_chain_view_get_card        (PsChainView *self,
                                            guint        index);
/* Scrolls the card of the certificate at @index into view, if the filter shows it; its card
 * is made by the next layout. Returns whether it is shown. */
gboolean     ps_chain_view_scroll_to_card  (PsChainView *self,
                                            guint        index);
/* Highlights the levels whose pin is in @pins (a set of const PsPin *, may be NULL), and
 * marks those whose pin is in @target (the pinset "Add to Pinset" adds to; may be NULL). */
void         ps_chain_view_set_pinned      (PsChainView *self,
                                            GHashTable  *pins,
                                            GHashTable  *target);
/* How pins are shown (the "notation" property). */
void          ps_chain_view_set_notation (PsChainView   *self,
                                          PsPinNotation  notation);
PsPinNotation ps_chain_view_get_notation (PsChainView   *self);

G_END_DECLS
