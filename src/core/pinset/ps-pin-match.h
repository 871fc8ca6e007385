/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-chain.h"
#include "ps-pinset.h"

G_BEGIN_DECLS

/* Pinset against chains: one match per pin and chain it matches, and one match with no
 * chain for every pin that matches none of the chains its rule covers. Rules of policy
 * EXCLUDED pin nothing and are left out; chains they cover are not matched. */
#define PS_TYPE_PIN_MATCH (ps_pin_match_get_type ())

G_DECLARE_FINAL_TYPE (PsPinMatch, ps_pin_match, PS, PIN_MATCH, GObject)

guint          ps_pin_match_get_rule_index  (PsPinMatch *self);
PsPinsetRule  *ps_pin_match_get_rule        (PsPinMatch *self);
guint          ps_pin_match_get_pin_index   (PsPinMatch *self);
PsPinsetPin   *ps_pin_match_get_pin         (PsPinMatch *self);
/* The index into the chains given; -1 when none matches. */
int            ps_pin_match_get_chain_index (PsPinMatch *self);
/* NULL when none matches. */
PsChain       *ps_pin_match_get_chain       (PsPinMatch *self);
/* The depth in the validated path (0 leaf); -1 when none matches. */
int            ps_pin_match_get_depth       (PsPinMatch *self);
/* The matching certificate, or NULL. */
PsCertificate *ps_pin_match_get_certificate (PsPinMatch *self);

/* @chains: of PsChain, or NULL. Returns a GListModel of PsPinMatch, in rule and pin
 * order. Each chain's keys are indexed once, so the work is rules × chains plus pins. */
GListModel    *ps_compare_pinset_chains     (PsPinset   *pinset,
                                             GPtrArray  *chains);

G_END_DECLS
