/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-pinset-anchor.h"
#include "ps-pinset-domain.h"
#include "ps-pinset-pin.h"
#include "ps-pinset-rule.h"
#include "ps-trust-store.h"

G_BEGIN_DECLS

/* The document. Emits "changed" whenever anything in it (rules, domains, pins) changes. */
#define PS_TYPE_PINSET (ps_pinset_get_type ())
G_DECLARE_FINAL_TYPE (PsPinset, ps_pinset, PS, PINSET, GObject)

#define PS_PINSET_FORMAT_NAME    "pinscope-pinset"
#define PS_PINSET_FORMAT_VERSION 2

PsPinset    *ps_pinset_new              (const char   *name);
const char  *ps_pinset_get_name         (PsPinset     *self);
void         ps_pinset_set_name         (PsPinset     *self,
                                         const char   *name);
GDateTime   *ps_pinset_get_created      (PsPinset     *self);
GDateTime   *ps_pinset_get_modified     (PsPinset     *self);
GListModel  *ps_pinset_get_rules        (PsPinset     *self); /* of PsPinsetRule */
void         ps_pinset_add_rule         (PsPinset     *self,
                                         PsPinsetRule *rule);
void         ps_pinset_remove_rule      (PsPinset     *self,
                                         PsPinsetRule *rule);
/* The format id the document was imported from ("android", "okhttp"…), or NULL for a
 * native document: it tells the linter what the platform can express. */
const char  *ps_pinset_get_source_format (PsPinset    *self);
void         ps_pinset_set_source_format (PsPinset    *self,
                                          const char  *format_id);
/* Android <base-config> trust anchors (of PsPinsetAnchor): what a rule without anchors of
 * its own trusts. Empty = the platform's default. */
GListModel  *ps_pinset_get_base_anchors (PsPinset       *self);
void         ps_pinset_add_base_anchor  (PsPinset       *self,
                                         PsPinsetAnchor *anchor);
/* Android <debug-overrides> anchors: trusted in debuggable builds only, in addition to the
 * others. Their overridePins defaults to TRUE there; the reader passes it explicitly. */
GListModel  *ps_pinset_get_debug_anchors (PsPinset       *self);
void         ps_pinset_add_debug_anchor  (PsPinset       *self,
                                          PsPinsetAnchor *anchor);
/* TRUE when a chain to one of the rule's effective anchors (its own, or else the base
 * anchors; the debug anchors too when @debug_build) that has overridePins is accepted
 * without the pins (finding pins-overridden). */
gboolean     ps_pinset_rule_pins_overridden (PsPinsetRule *rule,
                                             PsPinset     *pinset,
                                             gboolean      debug_build);
/* What a client does with the pins of @rule for @chain (a release build unless
 * @debug_build). */
typedef enum
{
  PS_PIN_CHECK_NOT_PINNED,  /* the rule does not cover the chain, or it is excluded */
  PS_PIN_CHECK_MATCHED,     /* the pins accept the chain */
  PS_PIN_CHECK_OVERRIDDEN,  /* the chain ends at an overridePins anchor: pins skipped */
  PS_PIN_CHECK_REPORTED,    /* no match, but the rule only reports (not enforced) */
  PS_PIN_CHECK_BLOCKED,     /* no match: the connection is refused */
} PsPinCheck;

#define PS_TYPE_PIN_CHECK (ps_pin_check_get_type ())
GType        ps_pin_check_get_type      (void) G_GNUC_CONST;
const char  *ps_pin_check_to_string     (PsPinCheck    check);
PsPinCheck   ps_pinset_rule_check_chain (PsPinsetRule *rule,
                                         PsPinset     *pinset,
                                         PsChain      *chain,
                                         gboolean      debug_build);
/* Whether a rule of policy EXCLUDED covers @chain: then no rule pins it (TrustKit's
 * kTSKExcludeSubdomainFromParentPolicy). */
gboolean     ps_pinset_excludes_chain   (PsPinset     *self,
                                         PsChain      *chain);
/* Sets pins of role UNKNOWN from evidence only: the depth at which one of @chains (of
 * PsChain) carries the key on its validated path (0 = leaf, last and self-signed or from
 * the trust store = root, else intermediate), or a root of @store (nullable) with that
 * key. Never guesses. @n_resolved (nullable) receives how many pins were set. Returns
 * TRUE when no pin of role UNKNOWN is left. */
gboolean     ps_pinset_resolve_roles    (PsPinset     *pinset,
                                         GPtrArray    *chains,
                                         PsTrustStore *store,
                                         guint        *n_resolved);
/* Compares the contents (name, source format, anchors, rules with their domains, pins,
 * labels, roles, origins, expirations, notes, policy, requires, anchors and max-age);
 * created and modified times are not compared. */
gboolean     ps_pinset_equal            (PsPinset     *a,
                                         PsPinset     *b);

/* Files larger than this are refused before they are read. */
#define PS_PINSET_MAX_FILE_SIZE (16 * 1024 * 1024)

/* Native JSON document: version 2 is written; versions 1 and 2 are read. */
char        *ps_pinset_to_json          (PsPinset     *self);
PsPinset    *ps_pinset_new_from_json    (const char   *json,
                                         gssize        len,
                                         GError      **error);
/* Atomic: never leaves a truncated or destroyed previous file. */
gboolean     ps_pinset_save             (PsPinset     *self,
                                         GFile        *file,
                                         GCancellable *cancellable,
                                         GError      **error);
PsPinset    *ps_pinset_load             (GFile        *file,
                                         GCancellable *cancellable,
                                         GError      **error);
void         ps_pinset_save_async       (PsPinset            *self,
                                         GFile               *file,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean     ps_pinset_save_finish      (PsPinset            *self,
                                         GAsyncResult        *result,
                                         GError             **error);
void         ps_pinset_load_async       (GFile               *file,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
PsPinset    *ps_pinset_load_finish      (GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
