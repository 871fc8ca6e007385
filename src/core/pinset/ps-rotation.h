/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-chain.h"
#include "ps-pinset.h"

G_BEGIN_DECLS

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsRotationReport, ps_rotation_report_free)

G_END_DECLS
