/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ps-material.h"
#include "ps-pinset.h"

G_BEGIN_DECLS

#define PS_TYPE_RULE_EDITOR (ps_rule_editor_get_type ())

G_DECLARE_FINAL_TYPE (PsRuleEditor, ps_rule_editor, PS, RULE_EDITOR, AdwBin)

/* Edits one rule of a pinset: domains, expiration and pins. */
GtkWidget    *ps_rule_editor_new          (PsPinsetRule *rule,
                                           guint         index);
PsPinsetRule *ps_rule_editor_get_rule     (PsRuleEditor *self);
/* Adds a pin typed in any notation as a backup pin; FALSE with @error when it is not a
 * valid SHA-256 pin or is already there. */
/* The PsPinNotation the pins are shown in. */
/* The pinset of the rule, for its base trust anchors (may be NULL). */
void          ps_rule_editor_set_pinset   (PsRuleEditor *self,
                                           PsPinset     *pinset);
/* How pins are shown (the "notation" property). */
void          ps_rule_editor_set_notation (PsRuleEditor  *self,
                                           PsPinNotation  notation);
PsPinNotation ps_rule_editor_get_notation (PsRuleEditor  *self);
gboolean      ps_rule_editor_add_pin_text (PsRuleEditor *self,
                                           const char   *text,
                                           GError      **error);
/* Adds the pin of a key, CSR or certificate read from @path as a backup pin. */
gboolean      ps_rule_editor_add_material (PsRuleEditor *self,
                                           PsMaterial   *material,
                                           const char   *path,
                                           int           index);
/* The rows of the pins list (AdwExpanderRow), one per pin. */
guint         ps_rule_editor_get_n_pin_rows (PsRuleEditor *self);

G_END_DECLS
