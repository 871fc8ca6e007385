/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ps-chain.h"

G_BEGIN_DECLS

#define PS_TYPE_CHAIN_LEVEL (ps_chain_level_get_type ())

G_DECLARE_FINAL_TYPE (PsChainLevel, ps_chain_level, PS, CHAIN_LEVEL, GObject)

/* One certificate of a chain as the chain view lists it: the certificate, where it came
 * from, its place in the chain, and the state its card shows. The card template binds
 * these properties, so a recycled card follows whichever level it is given. */
PsChainLevel  *ps_chain_level_new             (PsChain       *chain,
                                               guint          index);
PsCertificate *ps_chain_level_get_certificate (PsChainLevel  *self);
guint          ps_chain_level_get_index       (PsChainLevel  *self);
void           ps_chain_level_set_matched     (PsChainLevel  *self,
                                               gboolean       matched);
void           ps_chain_level_set_in_pinset   (PsChainLevel  *self,
                                               gboolean       in_pinset);
void           ps_chain_level_set_notation    (PsChainLevel  *self,
                                               PsPinNotation  notation);
/* Whether @needle (folded with g_utf8_casefold) is in the subject, the issuer or the pin in
 * any notation shown. */
gboolean       ps_chain_level_matches         (PsChainLevel  *self,
                                               const char    *needle);

G_END_DECLS
