/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-chain.h"
#include "ps-pinset.h"

G_BEGIN_DECLS

/* Rotation readiness: a pinset against a candidate chain (completed to its anchor). */

/* A pin of the rule that matches a key of the candidate chain. */
#define PS_TYPE_ROTATION_MATCH (ps_rotation_match_get_type ())

G_DECLARE_FINAL_TYPE (PsRotationMatch, ps_rotation_match, PS, ROTATION_MATCH, GObject)

PsPinsetPin   *ps_rotation_match_get_pin         (PsRotationMatch *self);
/* The depth in the validated path (0 leaf). */
int            ps_rotation_match_get_depth       (PsRotationMatch *self);
PsCertificate *ps_rotation_match_get_certificate (PsRotationMatch *self);

/* What one rule covering the chain's names makes of it. */
#define PS_TYPE_ROTATION_RULE (ps_rotation_rule_get_type ())

G_DECLARE_FINAL_TYPE (PsRotationRule, ps_rotation_rule, PS, ROTATION_RULE, GObject)

guint          ps_rotation_rule_get_rule_index         (PsRotationRule *self);
PsPinsetRule  *ps_rotation_rule_get_rule               (PsRotationRule *self);
gboolean       ps_rotation_rule_get_accepted           (PsRotationRule *self);
/* A GListModel of PsRotationMatch. */
GListModel    *ps_rotation_rule_get_matches            (PsRotationRule *self);
/* A client that only compares the leaf key (curl --pinnedpubkey) would accept: the chain
 * validates and a pin matches its leaf. */
gboolean       ps_rotation_rule_get_leaf_only_accepted (PsRotationRule *self);
/* What the client does with the rule's pins for the chain. */
PsPinCheck     ps_rotation_rule_get_check              (PsRotationRule *self);
/* Why it would break, or why it is accepted without a matching pin (overridden,
 * report-only); NULL when a pin matches. */
const char    *ps_rotation_rule_get_reason             (PsRotationRule *self);

/* The verdict on the whole chain. */
#define PS_TYPE_ROTATION_REPORT (ps_rotation_report_get_type ())

G_DECLARE_FINAL_TYPE (PsRotationReport, ps_rotation_report, PS, ROTATION_REPORT, GObject)

PsChain            *ps_rotation_report_get_chain         (PsRotationReport *self);
/* The names the leaf serves, or the chain's host name. */
const char * const *ps_rotation_report_get_names         (PsRotationReport *self);
/* A GListModel of PsRotationRule: the rules covering those names. */
GListModel         *ps_rotation_report_get_rules         (PsRotationReport *self);
/* TRUE when every covering rule accepts the chain (and it validates); a chain no rule
 * covers is accepted too, since no pin applies to it. */
gboolean            ps_rotation_report_get_accepted      (PsRotationReport *self);
/* Why the chain itself fails validation, in sentences (structural problems such as a root
 * sent along are not reasons), or NULL. */
const char         *ps_rotation_report_get_chain_problem (PsRotationReport *self);

PsRotationReport   *ps_compare_rotation                  (PsPinset         *pinset,
                                                          PsChain          *candidate);

G_END_DECLS
