/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-chain.h"
#include "ps-pinset.h"

G_BEGIN_DECLS

/* Pinset against chains: one entry per pin and chain it matches, and one entry with
 * @chain NULL for every pin that matches none of the chains its rule covers. Rules of
 * policy EXCLUDED pin nothing and are left out; chains they cover are not matched. */
typedef struct
{
  guint          rule_index;
  PsPinsetRule  *rule;
  guint          pin_index;
  PsPinsetPin   *pin;
  int            chain_index;  /* index into the chains given; -1 when none matches */
  PsChain       *chain;        /* NULL when none matches */
  int            depth;        /* depth in the validated path (0 leaf); -1 when none */
  PsCertificate *certificate;  /* the matching certificate, or NULL */
} PsPinMatch;

void        ps_pin_match_free            (PsPinMatch     *match);
/* @chains: of PsChain. Returns a GPtrArray of PsPinMatch, in rule and pin order. */
GPtrArray  *ps_compare_pinset_chains     (PsPinset       *pinset,
                                          GPtrArray      *chains);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsPinMatch, ps_pin_match_free)

G_END_DECLS
