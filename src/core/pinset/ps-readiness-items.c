/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-readiness-private.h"
#include "ps-x509-enums.h"

/* The enums and the items of the release-readiness matrix: its rows (subjects), columns
 * (candidates) and cells. They are read-only outside; ps-readiness.c fills them. */

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

const char *
ps_readiness_kind_to_string (PsReadinessKind kind)
{
  return kind == PS_READINESS_SUBJECT_BUILD ? "build" : "pinset";
}

/* PsReadinessSubject */

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
