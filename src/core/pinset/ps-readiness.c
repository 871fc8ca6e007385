/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-readiness.h"
#include "ps-rotation.h"
#include "ps-x509-enums.h"

/* The release-readiness matrix. Each cell is one ps_compare_rotation() report turned into
 * a verdict, the rule and pin that decide it and a sentence; cell_from_report() is the
 * only code that reads a report. */

G_DEFINE_ENUM_TYPE (PsReadinessVerdict, ps_readiness_verdict,
                    G_DEFINE_ENUM_VALUE (PS_READINESS_ACCEPTED, "accepted"),
                    G_DEFINE_ENUM_VALUE (PS_READINESS_REJECTED, "rejected"),
                    G_DEFINE_ENUM_VALUE (PS_READINESS_NOT_COVERED, "not-covered"),
                    G_DEFINE_ENUM_VALUE (PS_READINESS_CHAIN_INVALID, "chain-invalid"))

G_DEFINE_ENUM_TYPE (PsReadinessKind, ps_readiness_kind,
                    G_DEFINE_ENUM_VALUE (PS_READINESS_SUBJECT_BUILD, "build"),
                    G_DEFINE_ENUM_VALUE (PS_READINESS_SUBJECT_PINSET, "pinset"))

const char *
ps_readiness_verdict_to_string (PsReadinessVerdict verdict)
{
  switch (verdict)
    {
    case PS_READINESS_ACCEPTED:
      return "accepted";
    case PS_READINESS_REJECTED:
      return "rejected";
    case PS_READINESS_NOT_COVERED:
      return "not-covered";
    case PS_READINESS_CHAIN_INVALID:
      return "chain-invalid";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
ps_readiness_verdict_to_label (PsReadinessVerdict verdict)
{
  switch (verdict)
    {
    case PS_READINESS_ACCEPTED:
      return _("accepted");
    case PS_READINESS_REJECTED:
      return _("would break");
    case PS_READINESS_NOT_COVERED:
      /* TRANSLATORS: a cell of the release-readiness matrix: no rule pins the chain */
      return _("not pinned");
    case PS_READINESS_CHAIN_INVALID:
      return _("chain invalid");
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
ps_readiness_verdict_is_ok (PsReadinessVerdict verdict)
{
  return verdict == PS_READINESS_ACCEPTED || verdict == PS_READINESS_NOT_COVERED;
}

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

const char *
ps_readiness_kind_to_string (PsReadinessKind kind)
{
  return kind == PS_READINESS_SUBJECT_BUILD ? "build" : "pinset";
}

/* PsReadinessSubject */

struct _PsReadinessSubject
{
  GObject          parent_instance;
  char            *label;
  PsReadinessKind  kind;
  PsPinset        *pinset;
  gulong           changed_id;   /* the matrix's handler of the pinset's "changed" */
};

G_DEFINE_FINAL_TYPE (PsReadinessSubject, ps_readiness_subject, G_TYPE_OBJECT)

enum
{
  SUBJECT_PROP_0,
  SUBJECT_PROP_LABEL,
  SUBJECT_PROP_KIND,
  SUBJECT_PROP_PINSET,
  SUBJECT_N_PROPS
};

static GParamSpec *subject_properties[SUBJECT_N_PROPS];

static void
ps_readiness_subject_finalize (GObject *object)
{
  PsReadinessSubject *self = PS_READINESS_SUBJECT (object);

  g_free (self->label);
  if (self->changed_id != 0 && g_signal_handler_is_connected (self->pinset, self->changed_id))
    g_signal_handler_disconnect (self->pinset, self->changed_id);
  g_clear_object (&self->pinset);
  G_OBJECT_CLASS (ps_readiness_subject_parent_class)->finalize (object);
}

static void
ps_readiness_subject_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PsReadinessSubject *self = PS_READINESS_SUBJECT (object);

  switch (prop_id)
    {
    case SUBJECT_PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case SUBJECT_PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case SUBJECT_PROP_PINSET:
      g_value_set_object (value, self->pinset);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_readiness_subject_class_init (PsReadinessSubjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ps_readiness_subject_finalize;
  object_class->get_property = ps_readiness_subject_get_property;

  subject_properties[SUBJECT_PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  subject_properties[SUBJECT_PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, PS_TYPE_READINESS_KIND, PS_READINESS_SUBJECT_PINSET,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  subject_properties[SUBJECT_PROP_PINSET] =
    g_param_spec_object ("pinset", NULL, NULL, PS_TYPE_PINSET,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, SUBJECT_N_PROPS, subject_properties);
}

static void
ps_readiness_subject_init (PsReadinessSubject *self)
{
}

const char *
ps_readiness_subject_get_label (PsReadinessSubject *self)
{
  g_return_val_if_fail (PS_IS_READINESS_SUBJECT (self), NULL);
  return self->label;
}

PsReadinessKind
ps_readiness_subject_get_kind (PsReadinessSubject *self)
{
  g_return_val_if_fail (PS_IS_READINESS_SUBJECT (self), PS_READINESS_SUBJECT_PINSET);
  return self->kind;
}

PsPinset *
ps_readiness_subject_get_pinset (PsReadinessSubject *self)
{
  g_return_val_if_fail (PS_IS_READINESS_SUBJECT (self), NULL);
  return self->pinset;
}

/* PsReadinessCandidate */

struct _PsReadinessCandidate
{
  GObject  parent_instance;
  char    *label;
  PsChain *chain;
};

G_DEFINE_FINAL_TYPE (PsReadinessCandidate, ps_readiness_candidate, G_TYPE_OBJECT)

enum
{
  CANDIDATE_PROP_0,
  CANDIDATE_PROP_LABEL,
  CANDIDATE_PROP_CHAIN,
  CANDIDATE_N_PROPS
};

static GParamSpec *candidate_properties[CANDIDATE_N_PROPS];

static void
ps_readiness_candidate_finalize (GObject *object)
{
  PsReadinessCandidate *self = PS_READINESS_CANDIDATE (object);

  g_free (self->label);
  g_clear_object (&self->chain);
  G_OBJECT_CLASS (ps_readiness_candidate_parent_class)->finalize (object);
}

static void
ps_readiness_candidate_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  PsReadinessCandidate *self = PS_READINESS_CANDIDATE (object);

  switch (prop_id)
    {
    case CANDIDATE_PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case CANDIDATE_PROP_CHAIN:
      g_value_set_object (value, self->chain);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_readiness_candidate_class_init (PsReadinessCandidateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ps_readiness_candidate_finalize;
  object_class->get_property = ps_readiness_candidate_get_property;

  candidate_properties[CANDIDATE_PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  candidate_properties[CANDIDATE_PROP_CHAIN] =
    g_param_spec_object ("chain", NULL, NULL, PS_TYPE_CHAIN,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, CANDIDATE_N_PROPS, candidate_properties);
}

static void
ps_readiness_candidate_init (PsReadinessCandidate *self)
{
}

const char *
ps_readiness_candidate_get_label (PsReadinessCandidate *self)
{
  g_return_val_if_fail (PS_IS_READINESS_CANDIDATE (self), NULL);
  return self->label;
}

PsChain *
ps_readiness_candidate_get_chain (PsReadinessCandidate *self)
{
  g_return_val_if_fail (PS_IS_READINESS_CANDIDATE (self), NULL);
  return self->chain;
}

/* PsReadinessCell */

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

G_DEFINE_FINAL_TYPE (PsReadinessCell, ps_readiness_cell, G_TYPE_OBJECT)

enum
{
  CELL_PROP_0,
  CELL_PROP_ROW,
  CELL_PROP_COLUMN,
  CELL_PROP_VERDICT,
  CELL_PROP_RULE,
  CELL_PROP_RULE_INDEX,
  CELL_PROP_DOMAINS,
  CELL_PROP_PIN,
  CELL_PROP_PIN_TEXT,
  CELL_PROP_PIN_ROLE,
  CELL_PROP_DEPTH,
  CELL_PROP_REASON,
  CELL_N_PROPS
};

static GParamSpec *cell_properties[CELL_N_PROPS];

static void
ps_readiness_cell_finalize (GObject *object)
{
  PsReadinessCell *self = PS_READINESS_CELL (object);

  g_clear_object (&self->rule);
  g_clear_object (&self->pin);
  g_free (self->domains);
  g_free (self->pin_text);
  g_free (self->reason);
  G_OBJECT_CLASS (ps_readiness_cell_parent_class)->finalize (object);
}

static void
ps_readiness_cell_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PsReadinessCell *self = PS_READINESS_CELL (object);

  switch (prop_id)
    {
    case CELL_PROP_ROW:
      g_value_set_uint (value, self->row);
      break;
    case CELL_PROP_COLUMN:
      g_value_set_uint (value, self->column);
      break;
    case CELL_PROP_VERDICT:
      g_value_set_enum (value, self->verdict);
      break;
    case CELL_PROP_RULE:
      g_value_set_object (value, self->rule);
      break;
    case CELL_PROP_RULE_INDEX:
      g_value_set_int (value, self->rule_index);
      break;
    case CELL_PROP_DOMAINS:
      g_value_set_string (value, self->domains);
      break;
    case CELL_PROP_PIN:
      g_value_set_object (value, self->pin);
      break;
    case CELL_PROP_PIN_TEXT:
      g_value_set_string (value, self->pin_text);
      break;
    case CELL_PROP_PIN_ROLE:
      g_value_set_enum (value, ps_readiness_cell_get_pin_role (self));
      break;
    case CELL_PROP_DEPTH:
      g_value_set_int (value, self->depth);
      break;
    case CELL_PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_readiness_cell_class_init (PsReadinessCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = ps_readiness_cell_finalize;
  object_class->get_property = ps_readiness_cell_get_property;

  cell_properties[CELL_PROP_ROW] =
    g_param_spec_uint ("row", NULL, NULL, 0, G_MAXUINT, 0, flags);
  cell_properties[CELL_PROP_COLUMN] =
    g_param_spec_uint ("column", NULL, NULL, 0, G_MAXUINT, 0, flags);
  cell_properties[CELL_PROP_VERDICT] =
    g_param_spec_enum ("verdict", NULL, NULL, PS_TYPE_READINESS_VERDICT,
                       PS_READINESS_ACCEPTED, flags);
  cell_properties[CELL_PROP_RULE] =
    g_param_spec_object ("rule", NULL, NULL, PS_TYPE_PINSET_RULE, flags);
  cell_properties[CELL_PROP_RULE_INDEX] =
    g_param_spec_int ("rule-index", NULL, NULL, -1, G_MAXINT, -1, flags);
  cell_properties[CELL_PROP_DOMAINS] =
    g_param_spec_string ("domains", NULL, NULL, NULL, flags);
  cell_properties[CELL_PROP_PIN] =
    g_param_spec_object ("pin", NULL, NULL, PS_TYPE_PINSET_PIN, flags);
  cell_properties[CELL_PROP_PIN_TEXT] =
    g_param_spec_string ("pin-text", NULL, NULL, NULL, flags);
  cell_properties[CELL_PROP_PIN_ROLE] =
    g_param_spec_enum ("pin-role", NULL, NULL, PS_TYPE_PIN_ROLE, PS_PIN_ROLE_UNKNOWN, flags);
  cell_properties[CELL_PROP_DEPTH] =
    g_param_spec_int ("depth", NULL, NULL, -1, G_MAXINT, -1, flags);
  cell_properties[CELL_PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, CELL_N_PROPS, cell_properties);
}

static void
ps_readiness_cell_init (PsReadinessCell *self)
{
  self->rule_index = -1;
  self->depth = -1;
}

guint
ps_readiness_cell_get_row (PsReadinessCell *self)
{
  g_return_val_if_fail (PS_IS_READINESS_CELL (self), 0);
  return self->row;
}

guint
ps_readiness_cell_get_column (PsReadinessCell *self)
{
  g_return_val_if_fail (PS_IS_READINESS_CELL (self), 0);
  return self->column;
}

PsReadinessVerdict
ps_readiness_cell_get_verdict (PsReadinessCell *self)
{
  g_return_val_if_fail (PS_IS_READINESS_CELL (self), PS_READINESS_CHAIN_INVALID);
  return self->verdict;
}

PsPinsetRule *
ps_readiness_cell_get_rule (PsReadinessCell *self)
{
  g_return_val_if_fail (PS_IS_READINESS_CELL (self), NULL);
  return self->rule;
}

int
ps_readiness_cell_get_rule_index (PsReadinessCell *self)
{
  g_return_val_if_fail (PS_IS_READINESS_CELL (self), -1);
  return self->rule_index;
}

const char *
ps_readiness_cell_get_domains (PsReadinessCell *self)
{
  g_return_val_if_fail (PS_IS_READINESS_CELL (self), NULL);
  return self->domains;
}

PsPinsetPin *
ps_readiness_cell_get_pin (PsReadinessCell *self)
{
  g_return_val_if_fail (PS_IS_READINESS_CELL (self), NULL);
  return self->pin;
}

const char *
ps_readiness_cell_get_pin_text (PsReadinessCell *self)
{
  g_return_val_if_fail (PS_IS_READINESS_CELL (self), NULL);
  return self->pin_text;
}

PsPinRole
ps_readiness_cell_get_pin_role (PsReadinessCell *self)
{
  g_return_val_if_fail (PS_IS_READINESS_CELL (self), PS_PIN_ROLE_UNKNOWN);
  return self->pin != NULL ? ps_pinset_pin_get_role (self->pin) : PS_PIN_ROLE_UNKNOWN;
}

int
ps_readiness_cell_get_depth (PsReadinessCell *self)
{
  g_return_val_if_fail (PS_IS_READINESS_CELL (self), -1);
  return self->depth;
}

const char *
ps_readiness_cell_get_reason (PsReadinessCell *self)
{
  g_return_val_if_fail (PS_IS_READINESS_CELL (self), NULL);
  return self->reason;
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

/* The one reader of a rotation report: every use of its fields is here, so that a change
 * of the report's shape touches this function only. */
static PsReadinessCell *
cell_from_report (PsRotationReport *report,
                  PsChain          *chain)
{
  PsReadinessCell *cell = g_object_new (PS_TYPE_READINESS_CELL, NULL);
  PsRotationRule *deciding = NULL;

  if (report->chain_problem != NULL)
    {
      cell->verdict = PS_READINESS_CHAIN_INVALID;
      cell->reason = g_strdup (report->chain_problem);
      return cell;
    }
  if (report->rules->len == 0)
    {
      g_autofree char *names = g_strjoinv (", ", report->names);

      cell->verdict = PS_READINESS_NOT_COVERED;
      cell->reason = g_strdup_printf (_("No rule covers %s: no pin applies, the chain is "
                                        "accepted as it validates."), names);
      return cell;
    }

  /* The first rule that refuses the chain decides; when all accept, the first one. */
  for (guint i = 0; i < report->rules->len && deciding == NULL; i++)
    {
      PsRotationRule *rule = g_ptr_array_index (report->rules, i);

      if (!rule->accepted)
        deciding = rule;
    }
  if (deciding == NULL)
    deciding = g_ptr_array_index (report->rules, 0);

  cell->verdict = deciding->accepted ? PS_READINESS_ACCEPTED : PS_READINESS_REJECTED;
  cell->rule = g_object_ref (deciding->rule);
  cell->rule_index = (int) deciding->rule_index;
  /* A rule that accepts with no reason accepts through a matching pin. */
  if (deciding->accepted && deciding->reason == NULL && deciding->matches->len > 0)
    {
      PsRotationMatch *match = g_ptr_array_index (deciding->matches, 0);

      cell->pin = g_object_ref (match->pin);
      cell->depth = match->depth;
      cell->reason = accepted_reason (match->pin, match->depth, match->certificate, chain);
    }
  else if (deciding->reason != NULL)
    cell->reason = g_strdup (deciding->reason);
  else
    cell->reason = g_strdup (deciding->accepted ? _("The rule accepts the chain.")
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
