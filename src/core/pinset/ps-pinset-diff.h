/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-chain.h"
#include "ps-pinset.h"

G_BEGIN_DECLS

/* Pinset against pinset. Rules are paired by their domain names. */
typedef enum
{
  PS_DIFF_ADDED,
  PS_DIFF_REMOVED,
  PS_DIFF_CHANGED,
} PsDiffKind;

typedef enum
{
  PS_DIFF_DOCUMENT,
  PS_DIFF_RULE,
  PS_DIFF_DOMAIN,
  PS_DIFF_PIN,
} PsDiffTarget;

#define PS_TYPE_DIFF_KIND (ps_diff_kind_get_type ())
GType ps_diff_kind_get_type (void) G_GNUC_CONST;
#define PS_TYPE_DIFF_TARGET (ps_diff_target_get_type ())
GType ps_diff_target_get_type (void) G_GNUC_CONST;

#define PS_TYPE_DIFF_ENTRY (ps_diff_entry_get_type ())

G_DECLARE_FINAL_TYPE (PsDiffEntry, ps_diff_entry, PS, DIFF_ENTRY, GObject)

PsDiffKind    ps_diff_entry_get_kind       (PsDiffEntry *self);
PsDiffTarget  ps_diff_entry_get_target     (PsDiffEntry *self);
/* The index of the rule in A, -1 when it is only in B. */
int           ps_diff_entry_get_rule_a     (PsDiffEntry *self);
/* The index of the rule in B, -1 when it is only in A. */
int           ps_diff_entry_get_rule_b     (PsDiffEntry *self);
/* The rule's domains, comma separated; NULL for the document. */
const char   *ps_diff_entry_get_rule_label (PsDiffEntry *self);
/* The domain name or the pin (base64); NULL otherwise. */
const char   *ps_diff_entry_get_item       (PsDiffEntry *self);
/* For changes: name, expiration, notes, include_subdomains, subdomains, policy, requires,
 * anchors, max_age, base_anchors, debug_anchors, role, label, origin; NULL otherwise. */
const char   *ps_diff_entry_get_field      (PsDiffEntry *self);
const char   *ps_diff_entry_get_old_value  (PsDiffEntry *self);
const char   *ps_diff_entry_get_new_value  (PsDiffEntry *self);

const char   *ps_diff_kind_to_string       (PsDiffKind    kind);
const char   *ps_diff_target_to_string     (PsDiffTarget  target);
/* A translated sentence describing @entry. */
char         *ps_diff_entry_to_string      (PsDiffEntry  *entry);
/* Returns a GListModel of PsDiffEntry; empty when the contents are the same. Rules,
 * domains and pins are paired through hash tables, so the work grows linearly. */
GListModel   *ps_compare_pinsets           (PsPinset     *a,
                                            PsPinset     *b);

G_END_DECLS
