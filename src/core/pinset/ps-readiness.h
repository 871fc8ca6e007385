/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-chain.h"
#include "ps-pinset.h"

G_BEGIN_DECLS

/* The release-readiness matrix: every subject (a shipped build's pinset, or a pinset)
 * against every candidate chain (a file or a live host), each cell decided by
 * ps_compare_rotation(). */

/* What a client of the subject does with the candidate chain. */
typedef enum
{
  PS_READINESS_ACCEPTED,       /* a covering rule's pins accept it */
  PS_READINESS_REJECTED,       /* a covering rule refuses it: the rotation would break */
  PS_READINESS_NOT_COVERED,    /* no rule covers the chain's names: no pin applies */
  PS_READINESS_CHAIN_INVALID,  /* the chain does not validate: refused before any pin */
} PsReadinessVerdict;

#define PS_TYPE_READINESS_VERDICT (ps_readiness_verdict_get_type ())
GType       ps_readiness_verdict_get_type  (void) G_GNUC_CONST;
/* "accepted", "rejected", "not-covered", "chain-invalid": stable, for JSON. */
const char *ps_readiness_verdict_to_string (PsReadinessVerdict verdict);
/* Translated, for display ("accepted", "would break"…). */
const char *ps_readiness_verdict_to_label  (PsReadinessVerdict verdict);
/* TRUE for the verdicts where clients keep connecting (accepted, not covered). */
gboolean    ps_readiness_verdict_is_ok     (PsReadinessVerdict verdict);

typedef enum
{
  PS_READINESS_SUBJECT_BUILD,   /* the pinset a shipped build (APK, IPA) declares */
  PS_READINESS_SUBJECT_PINSET,  /* a pinset document */
} PsReadinessKind;

#define PS_TYPE_READINESS_KIND (ps_readiness_kind_get_type ())
GType       ps_readiness_kind_get_type     (void) G_GNUC_CONST;
const char *ps_readiness_kind_to_string    (PsReadinessKind kind); /* "build", "pinset" */

/* A row: properties "label", "kind" and "pinset", read-only. */
#define PS_TYPE_READINESS_SUBJECT (ps_readiness_subject_get_type ())
G_DECLARE_FINAL_TYPE (PsReadinessSubject, ps_readiness_subject, PS, READINESS_SUBJECT, GObject)

const char      *ps_readiness_subject_get_label  (PsReadinessSubject *self);
PsReadinessKind  ps_readiness_subject_get_kind   (PsReadinessSubject *self);
PsPinset        *ps_readiness_subject_get_pinset (PsReadinessSubject *self);

/* A column: properties "label" and "chain", read-only. */
#define PS_TYPE_READINESS_CANDIDATE (ps_readiness_candidate_get_type ())
G_DECLARE_FINAL_TYPE (PsReadinessCandidate, ps_readiness_candidate, PS, READINESS_CANDIDATE,
                      GObject)

const char *ps_readiness_candidate_get_label (PsReadinessCandidate *self);
PsChain    *ps_readiness_candidate_get_chain (PsReadinessCandidate *self);

/* A cell, with read-only properties:
 *   "row", "column"   its place in the matrix;
 *   "verdict"         a PsReadinessVerdict;
 *   "rule"            the deciding PsPinsetRule (the first covering rule that refuses the
 *                     chain, else the first that accepts it), or NULL;
 *   "rule-index"      its index in the subject's pinset, or -1;
 *   "domains"         the rule's domain names, comma separated, or NULL;
 *   "pin"             the deciding PsPinsetPin (the first pin of the rule that matches
 *                     the chain, for an accepted cell), or NULL;
 *   "pin-text"        its display text (base64 or the text as written), or NULL;
 *   "pin-role"        its PsPinRole (PS_PIN_ROLE_UNKNOWN without a pin);
 *   "depth"           where in the chain the pin matched (0 = leaf), or -1;
 *   "reason"          a translated sentence saying why. */
#define PS_TYPE_READINESS_CELL (ps_readiness_cell_get_type ())
G_DECLARE_FINAL_TYPE (PsReadinessCell, ps_readiness_cell, PS, READINESS_CELL, GObject)

guint               ps_readiness_cell_get_row        (PsReadinessCell *self);
guint               ps_readiness_cell_get_column     (PsReadinessCell *self);
PsReadinessVerdict  ps_readiness_cell_get_verdict    (PsReadinessCell *self);
PsPinsetRule       *ps_readiness_cell_get_rule       (PsReadinessCell *self);
int                 ps_readiness_cell_get_rule_index (PsReadinessCell *self);
const char         *ps_readiness_cell_get_domains    (PsReadinessCell *self);
PsPinsetPin        *ps_readiness_cell_get_pin        (PsReadinessCell *self);
const char         *ps_readiness_cell_get_pin_text   (PsReadinessCell *self);
PsPinRole           ps_readiness_cell_get_pin_role   (PsReadinessCell *self);
int                 ps_readiness_cell_get_depth      (PsReadinessCell *self);
const char         *ps_readiness_cell_get_reason     (PsReadinessCell *self);

/* The matrix. Emits "changed" when a subject or a candidate is added or removed; the cells
 * are computed again on the next ps_readiness_compute() or ps_readiness_get_cell(). */
#define PS_TYPE_READINESS (ps_readiness_get_type ())
G_DECLARE_FINAL_TYPE (PsReadiness, ps_readiness, PS, READINESS, GObject)

PsReadiness          *ps_readiness_new               (void);
/* Both return the new row or column, owned by the matrix. For a build, @label names it, as
 * "com.example.app 1.4 (Android)". */
PsReadinessSubject   *ps_readiness_add_subject       (PsReadiness     *self,
                                                      const char      *label,
                                                      PsReadinessKind  kind,
                                                      PsPinset        *pinset);
PsReadinessCandidate *ps_readiness_add_candidate     (PsReadiness     *self,
                                                      const char      *label,
                                                      PsChain         *chain);
void                  ps_readiness_remove_subject    (PsReadiness     *self,
                                                      guint            row);
void                  ps_readiness_remove_candidate  (PsReadiness     *self,
                                                      guint            column);
GListModel           *ps_readiness_get_subjects      (PsReadiness     *self); /* rows */
GListModel           *ps_readiness_get_candidates    (PsReadiness     *self); /* columns */
/* Computes every cell now (otherwise done on the first ps_readiness_get_cell()). */
void                  ps_readiness_compute           (PsReadiness     *self);
/* Borrowed; valid until the matrix changes. */
PsReadinessCell      *ps_readiness_get_cell          (PsReadiness     *self,
                                                      guint            row,
                                                      guint            column);
/* The worst verdict of all cells, in the order accepted < not covered < rejected < chain
 * invalid (for the banner), and its first cell, row by row, in @row and @column
 * (nullable). An empty matrix is accepted, and @row and @column are set to G_MAXUINT. */
PsReadinessVerdict    ps_readiness_get_worst         (PsReadiness     *self,
                                                      guint           *row,
                                                      guint           *column);
/* A translated sentence for the banner: the worst cell and how many cells break, or
 * that every subject accepts every candidate. Owned. */
char                 *ps_readiness_dup_summary       (PsReadiness     *self);
/* How many cells have @verdict. */
guint                 ps_readiness_count             (PsReadiness     *self,
                                                      PsReadinessVerdict verdict);

G_END_DECLS
