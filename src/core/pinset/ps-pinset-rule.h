/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-chain.h"
#include "ps-pinset-anchor.h"
#include "ps-pinset-domain.h"
#include "ps-pinset-pin.h"

G_BEGIN_DECLS

/* What a client does with a rule. TrustKit's kTSKEnforcePinning false is REPORT_ONLY (a
 * mismatch is reported, the connection goes on); kTSKExcludeSubdomainFromParentPolicy is
 * EXCLUDED (the domains are not pinned at all, whatever a parent rule says). */
typedef enum
{
  PS_RULE_ENFORCE,
  PS_RULE_REPORT_ONLY,
  PS_RULE_EXCLUDED,
} PsRulePolicy;

/* ATS identity lists (NSPinnedLeafIdentities, NSPinnedCAIdentities). NONE: any pin may
 * match any certificate of the validated chain. LEAF: a pin of role leaf or backup must
 * match the leaf. CA: a pin of role intermediate or root must match a CA certificate of
 * the chain. Both: both must hold. A required group with no pin refuses every connection.
 * (Apple: Information Property List, NSAppTransportSecurity, NSPinnedDomains). */
typedef enum /*< flags >*/
{
  PS_RULE_REQUIRES_NONE = 0,
  PS_RULE_REQUIRES_LEAF = 1 << 0,
  PS_RULE_REQUIRES_CA = 1 << 1,
} PsRuleRequires;

#define PS_TYPE_RULE_POLICY   (ps_rule_policy_get_type ())
#define PS_TYPE_RULE_REQUIRES (ps_rule_requires_get_type ())
GType       ps_rule_policy_get_type      (void) G_GNUC_CONST;
GType       ps_rule_requires_get_type    (void) G_GNUC_CONST;
/* "enforce", "report-only", "excluded" */
const char *ps_rule_policy_to_string     (PsRulePolicy  policy);
gboolean    ps_rule_policy_from_string   (const char   *text,
                                          PsRulePolicy *policy);

/* The one date parser for expirations: "YYYY-MM-DD" exactly (4-digit year, 2-digit month
 * and day, a real calendar date), as UTC midnight. "2027-6-3" is refused. */
GDateTime    *ps_date_parse_ymd              (const char     *text,
                                              GError        **error);

/* A rule: domains, pins, optional expiration (a date, UTC midnight), notes, policy, ATS
 * requirements, trust anchors, HPKP max-age. Emits "changed" when it, one of its domains
 * or one of its pins changes. */
#define PS_TYPE_PINSET_RULE (ps_pinset_rule_get_type ())
G_DECLARE_FINAL_TYPE (PsPinsetRule, ps_pinset_rule, PS, PINSET_RULE, GObject)

PsPinsetRule *ps_pinset_rule_new             (void);
GListModel   *ps_pinset_rule_get_domains     (PsPinsetRule   *self); /* of PsPinsetDomain */
GListModel   *ps_pinset_rule_get_pins        (PsPinsetRule   *self); /* of PsPinsetPin */
void          ps_pinset_rule_add_domain      (PsPinsetRule   *self,
                                              PsPinsetDomain *domain);
void          ps_pinset_rule_remove_domain   (PsPinsetRule   *self,
                                              PsPinsetDomain *domain);
/* Returns FALSE (and adds nothing) when the same hash is already in the rule. */
gboolean      ps_pinset_rule_add_pin         (PsPinsetRule   *self,
                                              PsPinsetPin    *pin);
/* Appends even when the hash is already there: for readers of existing documents, which
 * must show the document as it is (the linter reports duplicate-pin). */
void          ps_pinset_rule_append_pin      (PsPinsetRule   *self,
                                              PsPinsetPin    *pin);
/* The first pin of the rule with the same hash, or NULL. Borrowed. */
PsPinsetPin  *ps_pinset_rule_find_pin        (PsPinsetRule   *self,
                                              const PsPin    *pin);
void          ps_pinset_rule_remove_pin      (PsPinsetRule   *self,
                                              PsPinsetPin    *pin);
GDateTime    *ps_pinset_rule_get_expiration  (PsPinsetRule   *self);
void          ps_pinset_rule_set_expiration  (PsPinsetRule   *self,
                                              GDateTime      *expiration);
const char   *ps_pinset_rule_get_notes       (PsPinsetRule   *self);
void          ps_pinset_rule_set_notes       (PsPinsetRule   *self,
                                              const char     *notes);
PsRulePolicy  ps_pinset_rule_get_policy      (PsPinsetRule   *self);
void          ps_pinset_rule_set_policy      (PsPinsetRule   *self,
                                              PsRulePolicy    policy);
PsRuleRequires ps_pinset_rule_get_requires   (PsPinsetRule   *self);
void          ps_pinset_rule_set_requires    (PsPinsetRule   *self,
                                              PsRuleRequires  requires);
/* Seconds; -1 when not set (HPKP max-age). */
gint64        ps_pinset_rule_get_max_age     (PsPinsetRule   *self);
void          ps_pinset_rule_set_max_age     (PsPinsetRule   *self,
                                              gint64          max_age);
/* The rule's own trust anchors (of PsPinsetAnchor); empty = the pinset's base anchors. */
GListModel   *ps_pinset_rule_get_anchors     (PsPinsetRule   *self);
void          ps_pinset_rule_add_anchor      (PsPinsetRule   *self,
                                              PsPinsetAnchor *anchor);
void          ps_pinset_rule_remove_anchor   (PsPinsetRule   *self,
                                              PsPinsetAnchor *anchor);
gboolean      ps_pinset_rule_covers          (PsPinsetRule   *self,
                                              const char     *hostname);
/* Whether the rule covers the host @chain was fetched for, or when that is not known, a
 * name of its leaf certificate. */
gboolean      ps_pinset_rule_covers_chain    (PsPinsetRule   *self,
                                              PsChain        *chain);
/* Whether the rule holds a usable pin of @group: any role for PS_RULE_REQUIRES_NONE, leaf
 * or backup for LEAF, intermediate or root for CA (either for both). */
gboolean      ps_pinset_rule_has_pins_for    (PsPinsetRule   *self,
                                              PsRuleRequires  group);
/* Whether the pins accept @chain as clients compare them, "requires" included; policy and
 * trust anchors are not considered here (see ps_pinset_rule_check_chain()). */
gboolean      ps_pinset_rule_pins_match_chain (PsPinsetRule  *self,
                                               PsChain       *chain);
/* The domain names, comma separated ("*.example.com" style for include-subdomains is not
 * used: the names as written), or a translated "(no domain)". Owned. */
char         *ps_pinset_rule_dup_label       (PsPinsetRule   *self);

G_END_DECLS
