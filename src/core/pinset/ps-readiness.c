/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-readiness-private.h"
#include "ps-rotation.h"

/* The release-readiness matrix. Each cell is one ps_compare_rotation() report turned into
 * a verdict, the rule and pin that decide it and a sentence; cell_from_report() is the
 * only code that reads a report. The items are in ps-readiness-items.c. */

/* How bad a verdict is, for the banner: a chain that validates nowhere breaks every
 * client, pinned or not, so it is worse than a pin mismatch. */
static guint
verdict_severity (PsReadinessVerdict verdict)
{
  switch (verdict)
    {
    case PS_READINESS_ACCEPTED:
      return 0;
    case PS_READINESS_NOT_COVERED:
      return 1;
    case PS_READINESS_REJECTED:
      return 2;
    case PS_READINESS_CHAIN_INVALID:
    default:
      return 3;
    }
}

/* "The pin … (intermediate) matches the intermediate “Example CA” of the chain." */
static char *
accepted_reason (PsPinsetPin   *pin,
                 int            depth,
                 PsCertificate *certificate,
                 PsChain       *chain)
{
  g_autofree char *text = ps_pinset_pin_dup_display (pin);

  /* TRANSLATORS: the pin, its role, the level of the chain where it matched and the name
   * of that certificate: The pin AbC…= (leaf) matches the leaf “www.example.com”. */
  return g_strdup_printf (_("The pin %s (%s) matches the %s “%s” of the chain."), text,
                          ps_pin_role_to_string (ps_pinset_pin_get_role (pin)),
                          ps_pin_role_to_string (ps_chain_role_at (chain, depth)),
                          ps_certificate_get_display_name (certificate));
}

/* The one reader of a rotation report: every use of its accessors is here, so that a
 * change of the report's shape touches this function only. */
static PsReadinessCell *
cell_from_report (PsRotationReport *report,
                  PsChain          *chain)
{
  PsReadinessCell *cell = g_object_new (PS_TYPE_READINESS_CELL, NULL);
  GListModel *rules = ps_rotation_report_get_rules (report);
  g_autoptr(PsRotationRule) deciding = NULL;
  GListModel *matches;

  if (ps_rotation_report_get_chain_problem (report) != NULL)
    {
      cell->verdict = PS_READINESS_CHAIN_INVALID;
      cell->reason = g_strdup (ps_rotation_report_get_chain_problem (report));
      return cell;
    }
  if (g_list_model_get_n_items (rules) == 0)
    {
      g_autofree char *names =
        g_strjoinv (", ", (GStrv) ps_rotation_report_get_names (report));

      cell->verdict = PS_READINESS_NOT_COVERED;
      cell->reason = g_strdup_printf (_("No rule covers %s: no pin applies, the chain is "
                                        "accepted as it validates."), names);
      return cell;
    }

  /* The first rule that refuses the chain decides; when all accept, the first one. */
  for (guint i = 0; i < g_list_model_get_n_items (rules) && deciding == NULL; i++)
    {
      g_autoptr(PsRotationRule) rule = g_list_model_get_item (rules, i);

      if (!ps_rotation_rule_get_accepted (rule))
        deciding = g_steal_pointer (&rule);
    }
  if (deciding == NULL)
    deciding = g_list_model_get_item (rules, 0);

  matches = ps_rotation_rule_get_matches (deciding);
  cell->verdict = ps_rotation_rule_get_accepted (deciding) ? PS_READINESS_ACCEPTED
                                                           : PS_READINESS_REJECTED;
  cell->rule = g_object_ref (ps_rotation_rule_get_rule (deciding));
  cell->rule_index = (int) ps_rotation_rule_get_rule_index (deciding);
  /* A rule that accepts with no reason accepts through a matching pin. */
  if (ps_rotation_rule_get_accepted (deciding) && ps_rotation_rule_get_reason (deciding) == NULL &&
      g_list_model_get_n_items (matches) > 0)
    {
      g_autoptr(PsRotationMatch) match = g_list_model_get_item (matches, 0);
      PsPinsetPin *pin = ps_rotation_match_get_pin (match);

      cell->pin = g_object_ref (pin);
      cell->depth = ps_rotation_match_get_depth (match);
      cell->reason = accepted_reason (pin, cell->depth,
                                      ps_rotation_match_get_certificate (match), chain);
    }
  else if (ps_rotation_rule_get_reason (deciding) != NULL)
    cell->reason = g_strdup (ps_rotation_rule_get_reason (deciding));
  else
    cell->reason = g_strdup (ps_rotation_rule_get_accepted (deciding)
                             ? _("The rule accepts the chain.")
                             : _("The rule refuses the chain."));
  return cell;
}

static PsReadinessCell *
compute_cell (PsReadinessSubject   *subject,
              PsReadinessCandidate *candidate,
              guint                 row,
              guint                 column)
{
  g_autoptr(PsRotationReport) report = ps_compare_rotation (subject->pinset, candidate->chain);
  PsReadinessCell *cell = cell_from_report (report, candidate->chain);

  cell->row = row;
  cell->column = column;
  if (cell->rule != NULL)
    cell->domains = ps_pinset_rule_dup_label (cell->rule);
  if (cell->pin != NULL)
    cell->pin_text = ps_pinset_pin_dup_display (cell->pin);
  return cell;
}

/* PsReadiness */

struct _PsReadiness
{
  GObject     parent_instance;
  GListStore *subjects;
  GListStore *candidates;
  GPtrArray  *cells;        /* row-major, of PsReadinessCell; NULL until computed */
};

G_DEFINE_FINAL_TYPE (PsReadiness, ps_readiness, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
ps_readiness_dispose (GObject *object)
{
  PsReadiness *self = PS_READINESS (object);

  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_clear_object (&self->subjects);
  g_clear_object (&self->candidates);
  G_OBJECT_CLASS (ps_readiness_parent_class)->dispose (object);
}

static void
ps_readiness_class_init (PsReadinessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ps_readiness_dispose;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
ps_readiness_init (PsReadiness *self)
{
  self->subjects = g_list_store_new (PS_TYPE_READINESS_SUBJECT);
  self->candidates = g_list_store_new (PS_TYPE_READINESS_CANDIDATE);
}

PsReadiness *
ps_readiness_new (void)
{
  return g_object_new (PS_TYPE_READINESS, NULL);
}

static void
invalidate (PsReadiness *self)
{
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

PsReadinessSubject *
ps_readiness_add_subject (PsReadiness     *self,
                          const char      *label,
                          PsReadinessKind  kind,
                          PsPinset        *pinset)
{
  PsReadinessSubject *subject;

  g_return_val_if_fail (PS_IS_READINESS (self), NULL);
  g_return_val_if_fail (label != NULL, NULL);
  g_return_val_if_fail (kind == PS_READINESS_SUBJECT_BUILD ||
                        kind == PS_READINESS_SUBJECT_PINSET, NULL);
  g_return_val_if_fail (PS_IS_PINSET (pinset), NULL);

  subject = g_object_new (PS_TYPE_READINESS_SUBJECT, NULL);
  subject->label = g_strdup (label);
  subject->kind = kind;
  subject->pinset = g_object_ref (pinset);
  /* An edited pinset (the app's open documents) changes its row. */
  subject->changed_id = g_signal_connect_object (pinset, "changed", G_CALLBACK (invalidate),
                                                 self, G_CONNECT_SWAPPED);
  g_list_store_append (self->subjects, subject);
  g_object_unref (subject);
  invalidate (self);
  return subject;
}

PsReadinessCandidate *
ps_readiness_add_candidate (PsReadiness *self,
                            const char  *label,
                            PsChain     *chain)
{
  PsReadinessCandidate *candidate;

  g_return_val_if_fail (PS_IS_READINESS (self), NULL);
  g_return_val_if_fail (label != NULL, NULL);
  g_return_val_if_fail (PS_IS_CHAIN (chain), NULL);

  candidate = g_object_new (PS_TYPE_READINESS_CANDIDATE, NULL);
  candidate->label = g_strdup (label);
  candidate->chain = g_object_ref (chain);
  g_list_store_append (self->candidates, candidate);
  g_object_unref (candidate);
  invalidate (self);
  return candidate;
}

void
ps_readiness_remove_subject (PsReadiness *self,
                             guint        row)
{
  g_return_if_fail (PS_IS_READINESS (self));
  g_return_if_fail (row < g_list_model_get_n_items (G_LIST_MODEL (self->subjects)));

  g_list_store_remove (self->subjects, row);
  invalidate (self);
}

void
ps_readiness_remove_candidate (PsReadiness *self,
                               guint        column)
{
  g_return_if_fail (PS_IS_READINESS (self));
  g_return_if_fail (column < g_list_model_get_n_items (G_LIST_MODEL (self->candidates)));

  g_list_store_remove (self->candidates, column);
  invalidate (self);
}

GListModel *
ps_readiness_get_subjects (PsReadiness *self)
{
  g_return_val_if_fail (PS_IS_READINESS (self), NULL);
  return G_LIST_MODEL (self->subjects);
}

GListModel *
ps_readiness_get_candidates (PsReadiness *self)
{
  g_return_val_if_fail (PS_IS_READINESS (self), NULL);
  return G_LIST_MODEL (self->candidates);
}

void
ps_readiness_compute (PsReadiness *self)
{
  guint n_rows, n_columns;

  g_return_if_fail (PS_IS_READINESS (self));

  if (self->cells != NULL)
    return;
  n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->subjects));
  n_columns = g_list_model_get_n_items (G_LIST_MODEL (self->candidates));
  self->cells = g_ptr_array_new_full (n_rows * n_columns, g_object_unref);
  for (guint row = 0; row < n_rows; row++)
    {
      g_autoptr(PsReadinessSubject) subject =
        g_list_model_get_item (G_LIST_MODEL (self->subjects), row);

      for (guint column = 0; column < n_columns; column++)
        {
          g_autoptr(PsReadinessCandidate) candidate =
            g_list_model_get_item (G_LIST_MODEL (self->candidates), column);

          g_ptr_array_add (self->cells, compute_cell (subject, candidate, row, column));
        }
    }
}

PsReadinessCell *
ps_readiness_get_cell (PsReadiness *self,
                       guint        row,
                       guint        column)
{
  guint n_columns;

  g_return_val_if_fail (PS_IS_READINESS (self), NULL);
  n_columns = g_list_model_get_n_items (G_LIST_MODEL (self->candidates));
  g_return_val_if_fail (row < g_list_model_get_n_items (G_LIST_MODEL (self->subjects)), NULL);
  g_return_val_if_fail (column < n_columns, NULL);

  ps_readiness_compute (self);
  return g_ptr_array_index (self->cells, row * n_columns + column);
}

PsReadinessVerdict
ps_readiness_get_worst (PsReadiness *self,
                        guint       *row,
                        guint       *column)
{
  PsReadinessCell *worst = NULL;

  g_return_val_if_fail (PS_IS_READINESS (self), PS_READINESS_CHAIN_INVALID);

  ps_readiness_compute (self);
  for (guint i = 0; i < self->cells->len; i++)
    {
      PsReadinessCell *cell = g_ptr_array_index (self->cells, i);

      if (worst == NULL || verdict_severity (cell->verdict) > verdict_severity (worst->verdict))
        worst = cell;
    }
  if (row != NULL)
    *row = worst != NULL ? worst->row : G_MAXUINT;
  if (column != NULL)
    *column = worst != NULL ? worst->column : G_MAXUINT;
  return worst != NULL ? worst->verdict : PS_READINESS_ACCEPTED;
}

guint
ps_readiness_count (PsReadiness        *self,
                    PsReadinessVerdict  verdict)
{
  guint n = 0;

  g_return_val_if_fail (PS_IS_READINESS (self), 0);

  ps_readiness_compute (self);
  for (guint i = 0; i < self->cells->len; i++)
    n += ((PsReadinessCell *) g_ptr_array_index (self->cells, i))->verdict == verdict;
  return n;
}

char *
ps_readiness_dup_summary (PsReadiness *self)
{
  g_autoptr(PsReadinessSubject) subject = NULL;
  g_autoptr(PsReadinessCandidate) candidate = NULL;
  PsReadinessVerdict worst;
  guint row, column, n_cells, n_broken;

  g_return_val_if_fail (PS_IS_READINESS (self), NULL);

  worst = ps_readiness_get_worst (self, &row, &column);
  n_cells = self->cells->len;
  if (n_cells == 0)
    return g_strdup (_("Add a build or a pinset and a candidate chain to compare them."));
  if (ps_readiness_verdict_is_ok (worst))
    return g_strdup (_("Every build and pinset accepts every candidate chain."));

  subject = g_list_model_get_item (G_LIST_MODEL (self->subjects), row);
  candidate = g_list_model_get_item (G_LIST_MODEL (self->candidates), column);
  if (worst == PS_READINESS_CHAIN_INVALID)
    return g_strdup_printf (_("The candidate chain %s does not validate: every client refuses "
                              "it, pinned or not."), candidate->label);
  n_broken = ps_readiness_count (self, PS_READINESS_REJECTED);
  /* TRANSLATORS: the number of cells that break, of all, then the first of them: a build
   * or pinset and a candidate chain */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u of %u cell would break, first %s with %s.",
                                       "%u of %u cells would break, first %s with %s.",
                                       n_cells),
                          n_broken, n_cells, subject->label, candidate->label);
}
