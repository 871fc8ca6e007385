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

/* Rotation readiness: a pinset against a candidate chain (completed to its anchor). */
typedef struct
{
  PsPinsetPin   *pin;
  int            depth;
  PsCertificate *certificate;
} PsRotationMatch;

typedef struct
{
  guint          rule_index;
  PsPinsetRule  *rule;
  gboolean       accepted;
  GPtrArray     *matches;          /* of PsRotationMatch */
  /* A client that only compares the leaf key (curl --pinnedpubkey) would accept: the
   * chain validates and a pin matches its leaf. */
  gboolean       leaf_only_accepted;
  /* What the client does with the rule's pins for the chain. */
  PsPinCheck     check;
  /* Why it would break, or why it is accepted without a matching pin (overridden,
   * report-only); NULL when a pin matches. */
  char          *reason;
} PsRotationRule;

typedef struct
{
  PsChain       *chain;
  GStrv          names;            /* the names the leaf serves, or the chain's host name */
  GPtrArray     *rules;            /* of PsRotationRule: the rules covering those names */
  /* TRUE when every covering rule accepts the chain (and it validates); a chain no rule
   * covers is accepted too, since no pin applies to it. */
  gboolean       accepted;
  /* Why the chain itself fails validation, in sentences (structural problems such as a
   * root sent along are not reasons), or NULL. */
  char          *chain_problem;
} PsRotationReport;

void              ps_rotation_report_free (PsRotationReport *report);
PsRotationReport *ps_compare_rotation     (PsPinset         *pinset,
                                           PsChain          *candidate);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsPinMatch, ps_pin_match_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsDiffEntry, ps_diff_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsRotationReport, ps_rotation_report_free)

G_END_DECLS
