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

typedef struct
{
  PsDiffKind    kind;
  PsDiffTarget  target;
  int           rule_a;      /* index of the rule in A, -1 when it is only in B */
  int           rule_b;      /* index of the rule in B, -1 when it is only in A */
  char         *rule_label;  /* the rule's domains, comma separated; NULL for the document */
  char         *item;        /* the domain name or the pin (base64); NULL otherwise */
  char         *field;       /* for changes: name, expiration, notes, include_subdomains,
                              * subdomains, policy, requires, anchors, max_age,
                              * base_anchors, debug_anchors, role, label, origin */
  char         *old_value;
  char         *new_value;
} PsDiffEntry;

void        ps_diff_entry_free           (PsDiffEntry    *entry);
const char *ps_diff_kind_to_string       (PsDiffKind      kind);
const char *ps_diff_target_to_string     (PsDiffTarget    target);
/* A translated sentence describing @entry. */
char       *ps_diff_entry_to_string      (PsDiffEntry    *entry);
/* Returns a GPtrArray of PsDiffEntry; empty when the contents are the same. */
GPtrArray  *ps_compare_pinsets           (PsPinset       *a,
                                          PsPinset       *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsDiffEntry, ps_diff_entry_free)

G_END_DECLS
