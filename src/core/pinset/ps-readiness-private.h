/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ps-readiness.h"

G_BEGIN_DECLS

/* The items of the matrix, filled by ps-readiness.c. */

struct _PsReadinessSubject
{
  GObject          parent_instance;
  char            *label;
  PsReadinessKind  kind;
  PsPinset        *pinset;
  gulong           changed_id;   /* the matrix's handler of the pinset's "changed" */
};

struct _PsReadinessCandidate
{
  GObject  parent_instance;
  char    *label;
  PsChain *chain;
};

struct _PsReadinessCell
{
  GObject             parent_instance;
  guint               row;
  guint               column;
  PsReadinessVerdict  verdict;
  PsPinsetRule       *rule;
  int                 rule_index;
  char               *domains;
  PsPinsetPin        *pin;
  char               *pin_text;
  int                 depth;
  char               *reason;
};

G_END_DECLS
