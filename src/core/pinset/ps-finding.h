/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-pinset.h"

G_BEGIN_DECLS

typedef enum
{
  PS_SEVERITY_INFO,
  PS_SEVERITY_WARNING,
  PS_SEVERITY_ERROR,
} PsSeverity;

#define PS_TYPE_SEVERITY (ps_severity_get_type ())
GType       ps_severity_get_type   (void) G_GNUC_CONST;
/* "error", "warning", "info": stable, for JSON and scripts. */
const char *ps_severity_to_string  (PsSeverity severity);
/* Translated, for display. */
const char *ps_severity_to_label   (PsSeverity severity);

/* One verdict of the linter. Ids are stable (scripts and docs rely on them):
 * no-rules, single-pin, no-pins, no-domains, no-backup, no-match, no-chain, root-only,
 * intermediate-only, leaf-only-no-backup, expired, no-expiration, outlives-certificates,
 * expiring-soon, invalid-pin, placeholder-pin, duplicate-pin, certificate-hash, weak-key,
 * wildcard-domain, duplicate-domain, pins-overridden, blocked-domain, sha1-pin,
 * not-enforced. */
#define PS_TYPE_FINDING (ps_finding_get_type ())
G_DECLARE_FINAL_TYPE (PsFinding, ps_finding, PS, FINDING, GObject)

PsFinding    *ps_finding_new            (const char    *id,
                                         PsSeverity     severity,
                                         const char    *message,
                                         const char    *fix,
                                         PsPinsetRule  *rule,
                                         int            rule_index);
const char   *ps_finding_get_id         (PsFinding     *self);
PsSeverity    ps_finding_get_severity   (PsFinding     *self);
/* One sentence on the risk. */
const char   *ps_finding_get_message    (PsFinding     *self);
/* One sentence on the fix. */
const char   *ps_finding_get_fix        (PsFinding     *self);
/* The rule concerned, or NULL for the whole document. */
PsPinsetRule *ps_finding_get_rule       (PsFinding     *self);
int           ps_finding_get_rule_index (PsFinding     *self);
/* The pins concerned (PsPinsetPin), possibly none. */
GListModel   *ps_finding_get_pins       (PsFinding     *self);
void          ps_finding_add_pin        (PsFinding     *self,
                                         PsPinsetPin   *pin);
/* The host name of the chain concerned, or NULL. */
const char   *ps_finding_get_hostname   (PsFinding     *self);
void          ps_finding_set_hostname   (PsFinding     *self,
                                         const char    *hostname);

G_END_DECLS
