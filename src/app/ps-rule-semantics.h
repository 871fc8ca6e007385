/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ps-pinset.h"

G_BEGIN_DECLS

/* What a client does with a rule beyond its pins: enforcement (editable), the ATS leaf/CA
 * requirement, the rule's trust anchors and whether an overridePins anchor skips the pins.
 * A boxed list of rows; the rows follow the rule (and the pinset's base anchors). */
#define PS_TYPE_RULE_SEMANTICS (ps_rule_semantics_get_type ())
G_DECLARE_FINAL_TYPE (PsRuleSemantics, ps_rule_semantics, PS, RULE_SEMANTICS, AdwBin)

GtkWidget *ps_rule_semantics_new        (PsPinsetRule    *rule);
/* The pinset the rule belongs to (for its base anchors), or NULL. */
void       ps_rule_semantics_set_pinset (PsRuleSemantics *self,
                                         PsPinset        *pinset);

G_END_DECLS
