/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ps-lint.h"

G_BEGIN_DECLS

typedef struct _Lint Lint;
typedef struct _LintCheck LintCheck;

struct _LintCheck
{
  const char *id;
  PsSeverity severity;
  void (*check) (Lint *lint, const LintCheck *check);
};

struct _Lint
{
  GPtrArray *findings;
  PsPinset *pinset;
  GPtrArray *chains;        /* as given; may be NULL */
  GDateTime *now;
  GHashTable *domains;      /* domain name -> index + 1 of the first rule naming it */
  GHashTable *fingerprints; /* certificate SHA-256 fingerprint (owned PsPin) -> first
                             * PsCertificate of the chains with it; built on first use */

  /* The rule being linted, and what every check of it shares. */
  PsPinsetRule *rule;
  int rule_index;
  char *label;
  GPtrArray *covering;      /* of PsChain: the chains the rule covers */
  GPtrArray *usable;        /* of PsPinsetPin: the pins a client can compare */
  GHashTable *matched;      /* PsPinsetPin -> role + 1 at which a chain holds it */
  GPtrArray *pinned_certs;  /* PsCertificate of the chains that a pin matches */
};

/* A pin a client of the source platform can compare: well formed, not a placeholder. */
gboolean   _ps_lint_pin_is_usable  (Lint            *lint,
                                    PsPinsetPin     *pin);

#define LINT_CHECK(name) void name (Lint *lint, const LintCheck *check)
LINT_CHECK (_ps_lint_check_no_rules);
LINT_CHECK (_ps_lint_check_no_chain_given);
LINT_CHECK (_ps_lint_check_no_domains);
LINT_CHECK (_ps_lint_check_duplicate_domain);
LINT_CHECK (_ps_lint_check_wildcard_domain);
LINT_CHECK (_ps_lint_check_not_enforced);
LINT_CHECK (_ps_lint_check_no_pins);
LINT_CHECK (_ps_lint_check_invalid_pin);
LINT_CHECK (_ps_lint_check_placeholder_pin);
LINT_CHECK (_ps_lint_check_sha1_pin);
LINT_CHECK (_ps_lint_check_duplicate_pin);
LINT_CHECK (_ps_lint_check_blocked_domain);
LINT_CHECK (_ps_lint_check_pins_overridden);
LINT_CHECK (_ps_lint_check_no_expiration);
LINT_CHECK (_ps_lint_check_expired);
LINT_CHECK (_ps_lint_check_single_pin);
LINT_CHECK (_ps_lint_check_expiring_soon);
LINT_CHECK (_ps_lint_check_no_match);
LINT_CHECK (_ps_lint_check_weak_key);
LINT_CHECK (_ps_lint_check_no_chain);
LINT_CHECK (_ps_lint_check_root_only);
LINT_CHECK (_ps_lint_check_intermediate_only);
LINT_CHECK (_ps_lint_check_leaf_only_no_backup);
LINT_CHECK (_ps_lint_check_no_backup);
LINT_CHECK (_ps_lint_check_outlives_certificates);
LINT_CHECK (_ps_lint_check_certificate_hash);

G_END_DECLS
