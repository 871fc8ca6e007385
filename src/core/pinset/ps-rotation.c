/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-rotation.h"

/* Rotation readiness */

struct _PsRotationMatch
{
  GObject        parent_instance;

  PsPinsetPin   *pin;
  int            depth;
  PsCertificate *certificate;
};

G_DEFINE_FINAL_TYPE (PsRotationMatch, ps_rotation_match, G_TYPE_OBJECT)

enum {
  MATCH_PROP_0,
  MATCH_PROP_PIN,
  MATCH_PROP_DEPTH,
  MATCH_PROP_CERTIFICATE,
  MATCH_N_PROPS
};

static GParamSpec *match_properties[MATCH_N_PROPS];

#define READ_ONLY (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
ps_rotation_match_finalize (GObject *object)
{
  PsRotationMatch *self = PS_ROTATION_MATCH (object);

  g_clear_object (&self->pin);
  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (ps_rotation_match_parent_class)->finalize (object);
}

static void
ps_rotation_match_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PsRotationMatch *self = PS_ROTATION_MATCH (object);

  switch (prop_id)
    {
    case MATCH_PROP_PIN:
      g_value_set_object (value, self->pin);
      break;
    case MATCH_PROP_DEPTH:
      g_value_set_int (value, self->depth);
      break;
    case MATCH_PROP_CERTIFICATE:
      g_value_set_object (value, self->certificate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_rotation_match_class_init (PsRotationMatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ps_rotation_match_finalize;
  object_class->get_property = ps_rotation_match_get_property;

  match_properties[MATCH_PROP_PIN] =
    g_param_spec_object ("pin", NULL, NULL, PS_TYPE_PINSET_PIN, READ_ONLY);
  match_properties[MATCH_PROP_DEPTH] =
    g_param_spec_int ("depth", NULL, NULL, 0, G_MAXINT, 0, READ_ONLY);
  match_properties[MATCH_PROP_CERTIFICATE] =
    g_param_spec_object ("certificate", NULL, NULL, PS_TYPE_CERTIFICATE, READ_ONLY);
  g_object_class_install_properties (object_class, MATCH_N_PROPS, match_properties);
}

static void
ps_rotation_match_init (PsRotationMatch *self)
{
}

PsPinsetPin *
ps_rotation_match_get_pin (PsRotationMatch *self)
{
  g_return_val_if_fail (PS_IS_ROTATION_MATCH (self), NULL);
  return self->pin;
}

int
ps_rotation_match_get_depth (PsRotationMatch *self)
{
  g_return_val_if_fail (PS_IS_ROTATION_MATCH (self), -1);
  return self->depth;
}

PsCertificate *
ps_rotation_match_get_certificate (PsRotationMatch *self)
{
  g_return_val_if_fail (PS_IS_ROTATION_MATCH (self), NULL);
  return self->certificate;
}

struct _PsRotationRule
{
  GObject        parent_instance;

  guint          rule_index;
  PsPinsetRule  *rule;
  gboolean       accepted;
  GListStore    *matches;
  gboolean       leaf_only_accepted;
  PsPinCheck     check;
  char          *reason;
};

G_DEFINE_FINAL_TYPE (PsRotationRule, ps_rotation_rule, G_TYPE_OBJECT)

enum {
  RULE_PROP_0,
  RULE_PROP_RULE_INDEX,
  RULE_PROP_RULE,
  RULE_PROP_ACCEPTED,
  RULE_PROP_MATCHES,
  RULE_PROP_LEAF_ONLY_ACCEPTED,
  RULE_PROP_CHECK,
  RULE_PROP_REASON,
  RULE_N_PROPS
};

static GParamSpec *rule_properties[RULE_N_PROPS];

static void
ps_rotation_rule_finalize (GObject *object)
{
  PsRotationRule *self = PS_ROTATION_RULE (object);

  g_clear_object (&self->rule);
  g_clear_object (&self->matches);
  g_free (self->reason);

  G_OBJECT_CLASS (ps_rotation_rule_parent_class)->finalize (object);
}

static void
ps_rotation_rule_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PsRotationRule *self = PS_ROTATION_RULE (object);

  switch (prop_id)
    {
    case RULE_PROP_RULE_INDEX:
      g_value_set_uint (value, self->rule_index);
      break;
    case RULE_PROP_RULE:
      g_value_set_object (value, self->rule);
      break;
    case RULE_PROP_ACCEPTED:
      g_value_set_boolean (value, self->accepted);
      break;
    case RULE_PROP_MATCHES:
      g_value_set_object (value, self->matches);
      break;
    case RULE_PROP_LEAF_ONLY_ACCEPTED:
      g_value_set_boolean (value, self->leaf_only_accepted);
      break;
    case RULE_PROP_CHECK:
      g_value_set_enum (value, self->check);
      break;
    case RULE_PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_rotation_rule_class_init (PsRotationRuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ps_rotation_rule_finalize;
  object_class->get_property = ps_rotation_rule_get_property;

  rule_properties[RULE_PROP_RULE_INDEX] =
    g_param_spec_uint ("rule-index", NULL, NULL, 0, G_MAXUINT, 0, READ_ONLY);
  rule_properties[RULE_PROP_RULE] =
    g_param_spec_object ("rule", NULL, NULL, PS_TYPE_PINSET_RULE, READ_ONLY);
  rule_properties[RULE_PROP_ACCEPTED] =
    g_param_spec_boolean ("accepted", NULL, NULL, FALSE, READ_ONLY);
  rule_properties[RULE_PROP_MATCHES] =
    g_param_spec_object ("matches", NULL, NULL, G_TYPE_LIST_MODEL, READ_ONLY);
  rule_properties[RULE_PROP_LEAF_ONLY_ACCEPTED] =
    g_param_spec_boolean ("leaf-only-accepted", NULL, NULL, FALSE, READ_ONLY);
  rule_properties[RULE_PROP_CHECK] =
    g_param_spec_enum ("check", NULL, NULL, PS_TYPE_PIN_CHECK, PS_PIN_CHECK_NOT_PINNED,
                       READ_ONLY);
  rule_properties[RULE_PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL, READ_ONLY);
  g_object_class_install_properties (object_class, RULE_N_PROPS, rule_properties);
}

static void
ps_rotation_rule_init (PsRotationRule *self)
{
  self->matches = g_list_store_new (PS_TYPE_ROTATION_MATCH);
}

guint
ps_rotation_rule_get_rule_index (PsRotationRule *self)
{
  g_return_val_if_fail (PS_IS_ROTATION_RULE (self), 0);
  return self->rule_index;
}

PsPinsetRule *
ps_rotation_rule_get_rule (PsRotationRule *self)
{
  g_return_val_if_fail (PS_IS_ROTATION_RULE (self), NULL);
  return self->rule;
}

gboolean
ps_rotation_rule_get_accepted (PsRotationRule *self)
{
  g_return_val_if_fail (PS_IS_ROTATION_RULE (self), FALSE);
  return self->accepted;
}

GListModel *
ps_rotation_rule_get_matches (PsRotationRule *self)
{
  g_return_val_if_fail (PS_IS_ROTATION_RULE (self), NULL);
  return G_LIST_MODEL (self->matches);
}

gboolean
ps_rotation_rule_get_leaf_only_accepted (PsRotationRule *self)
{
  g_return_val_if_fail (PS_IS_ROTATION_RULE (self), FALSE);
  return self->leaf_only_accepted;
}

PsPinCheck
ps_rotation_rule_get_check (PsRotationRule *self)
{
  g_return_val_if_fail (PS_IS_ROTATION_RULE (self), PS_PIN_CHECK_NOT_PINNED);
  return self->check;
}

const char *
ps_rotation_rule_get_reason (PsRotationRule *self)
{
  g_return_val_if_fail (PS_IS_ROTATION_RULE (self), NULL);
  return self->reason;
}

struct _PsRotationReport
{
  GObject        parent_instance;

  PsChain       *chain;
  GStrv          names;
  GListStore    *rules;
  gboolean       accepted;
  char          *chain_problem;
};

G_DEFINE_FINAL_TYPE (PsRotationReport, ps_rotation_report, G_TYPE_OBJECT)

enum {
  REPORT_PROP_0,
  REPORT_PROP_CHAIN,
  REPORT_PROP_NAMES,
  REPORT_PROP_RULES,
  REPORT_PROP_ACCEPTED,
  REPORT_PROP_CHAIN_PROBLEM,
  REPORT_N_PROPS
};

static GParamSpec *report_properties[REPORT_N_PROPS];

static void
ps_rotation_report_finalize (GObject *object)
{
  PsRotationReport *self = PS_ROTATION_REPORT (object);

  g_clear_object (&self->chain);
  g_strfreev (self->names);
  g_clear_object (&self->rules);
  g_free (self->chain_problem);

  G_OBJECT_CLASS (ps_rotation_report_parent_class)->finalize (object);
}

static void
ps_rotation_report_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PsRotationReport *self = PS_ROTATION_REPORT (object);

  switch (prop_id)
    {
    case REPORT_PROP_CHAIN:
      g_value_set_object (value, self->chain);
      break;
    case REPORT_PROP_NAMES:
      g_value_set_boxed (value, self->names);
      break;
    case REPORT_PROP_RULES:
      g_value_set_object (value, self->rules);
      break;
    case REPORT_PROP_ACCEPTED:
      g_value_set_boolean (value, self->accepted);
      break;
    case REPORT_PROP_CHAIN_PROBLEM:
      g_value_set_string (value, self->chain_problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_rotation_report_class_init (PsRotationReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ps_rotation_report_finalize;
  object_class->get_property = ps_rotation_report_get_property;

  report_properties[REPORT_PROP_CHAIN] =
    g_param_spec_object ("chain", NULL, NULL, PS_TYPE_CHAIN, READ_ONLY);
  report_properties[REPORT_PROP_NAMES] =
    g_param_spec_boxed ("names", NULL, NULL, G_TYPE_STRV, READ_ONLY);
  report_properties[REPORT_PROP_RULES] =
    g_param_spec_object ("rules", NULL, NULL, G_TYPE_LIST_MODEL, READ_ONLY);
  report_properties[REPORT_PROP_ACCEPTED] =
    g_param_spec_boolean ("accepted", NULL, NULL, FALSE, READ_ONLY);
  report_properties[REPORT_PROP_CHAIN_PROBLEM] =
    g_param_spec_string ("chain-problem", NULL, NULL, NULL, READ_ONLY);
  g_object_class_install_properties (object_class, REPORT_N_PROPS, report_properties);
}

static void
ps_rotation_report_init (PsRotationReport *self)
{
  self->rules = g_list_store_new (PS_TYPE_ROTATION_RULE);
}

PsChain *
ps_rotation_report_get_chain (PsRotationReport *self)
{
  g_return_val_if_fail (PS_IS_ROTATION_REPORT (self), NULL);
  return self->chain;
}

const char * const *
ps_rotation_report_get_names (PsRotationReport *self)
{
  g_return_val_if_fail (PS_IS_ROTATION_REPORT (self), NULL);
  return (const char * const *) self->names;
}

GListModel *
ps_rotation_report_get_rules (PsRotationReport *self)
{
  g_return_val_if_fail (PS_IS_ROTATION_REPORT (self), NULL);
  return G_LIST_MODEL (self->rules);
}

gboolean
ps_rotation_report_get_accepted (PsRotationReport *self)
{
  g_return_val_if_fail (PS_IS_ROTATION_REPORT (self), FALSE);
  return self->accepted;
}

const char *
ps_rotation_report_get_chain_problem (PsRotationReport *self)
{
  g_return_val_if_fail (PS_IS_ROTATION_REPORT (self), NULL);
  return self->chain_problem;
}

static GStrv
chain_names (PsChain *chain)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *hostname = ps_chain_get_hostname (chain);

  if (hostname != NULL && *hostname != '\0')
    g_strv_builder_add (builder, hostname);
  else if (ps_chain_get_n_certificates (chain) > 0)
    {
      PsCertificate *leaf = ps_chain_get_certificate (chain, 0);
      const char * const *sans = ps_certificate_get_sans (leaf);

      if (sans != NULL && sans[0] != NULL)
        g_strv_builder_addv (builder, (const char **) sans);
      else if (ps_certificate_get_common_name (leaf) != NULL)
        g_strv_builder_add (builder, ps_certificate_get_common_name (leaf));
    }
  return g_strv_builder_end (builder);
}

static char *
describe_path (PsChain *chain)
{
  const guint *path;
  guint n_path = 0;
  GString *s = g_string_new (NULL);

  path = ps_chain_get_path (chain, &n_path);
  for (guint depth = 0; depth < n_path; depth++)
    {
      PsCertificate *cert = ps_chain_get_certificate (chain, path[depth]);
      PsPinRole role = ps_chain_role_at (chain, depth);

      if (depth > 0)
        g_string_append (s, ", ");
      /* TRANSLATORS: a level of a chain, such as: leaf “www.example.com” */
      g_string_append_printf (s, _("%s “%s”"), ps_pin_role_to_string (role),
                              ps_certificate_get_display_name (cert));
    }
  return g_string_free (s, FALSE);
}

/* Why clients refuse @chain, in sentences. Only what fails validation is a reason: a root
 * or an extra certificate sent along is worth fixing, but clients ignore it. */
static char *
chain_refusal (PsChain *chain)
{
  const PsChainProblem ignored[] = {
    PS_CHAIN_PROBLEM_WRONG_ORDER,
    PS_CHAIN_PROBLEM_ROOT_SENT,
    PS_CHAIN_PROBLEM_EXTRA_CERTIFICATES,
    PS_CHAIN_PROBLEM_DUPLICATE_CERTIFICATES,
  };
  g_auto(GStrv) verdicts = ps_chain_dup_verdicts (chain);
  PsChainProblem problems = ps_chain_get_problems (chain);
  GString *s = g_string_new (NULL);

  for (guint i = 0; verdicts != NULL && verdicts[i] != NULL; i++)
    {
      gboolean skip = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (ignored) && !skip; j++)
        skip = (problems & ignored[j]) &&
               g_str_equal (verdicts[i], ps_chain_problem_to_string (ignored[j]));
      if (skip)
        continue;
      if (s->len > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, verdicts[i]);
    }
  if (s->len == 0)
    g_string_append (s, _("The chain does not lead to a trusted anchor."));
  return g_string_free (s, FALSE);
}

/* Why the rule refuses the chain, or why it accepts it without a pin match; NULL when a
 * pin simply matches. */
static char *
rotation_reason (PsPinsetRule     *rule,
                 PsRotationRule   *result,
                 PsRotationReport *report,
                 PsChain          *candidate,
                 guint             n_usable)
{
  PsRuleRequires requires = ps_pinset_rule_get_requires (rule);
  g_autofree char *levels = NULL;

  if (report->chain_problem != NULL)
    return g_strdup (_("The chain does not validate, so clients refuse it before they "
                       "compare any pin."));
  if (result->check == PS_PIN_CHECK_OVERRIDDEN)
    return g_strdup (_("The chain ends at a trust anchor with overridePins: the pins are "
                       "not checked."));
  if (result->check == PS_PIN_CHECK_MATCHED)
    return NULL;

  if ((requires & PS_RULE_REQUIRES_LEAF) &&
      !ps_pinset_rule_has_pins_for (rule, PS_RULE_REQUIRES_LEAF))
    return g_strdup (_("The rule requires a leaf identity but lists none, so every "
                       "connection is refused."));
  if ((requires & PS_RULE_REQUIRES_CA) &&
      !ps_pinset_rule_has_pins_for (rule, PS_RULE_REQUIRES_CA))
    return g_strdup (_("The rule requires a CA identity but lists none, so every "
                       "connection is refused."));

  levels = describe_path (candidate);
  if (result->check == PS_PIN_CHECK_REPORTED)
    return g_strdup_printf (_("No pin matches the chain (%s), but the rule only reports "
                              "mismatches: the connection goes on."), levels);
  if (requires == (PS_RULE_REQUIRES_LEAF | PS_RULE_REQUIRES_CA) &&
      g_list_model_get_n_items (G_LIST_MODEL (result->matches)) > 0)
    return g_strdup_printf (_("The rule requires both a leaf and a CA identity to match; "
                              "only one does. The chain is: %s."), levels);
  if (n_usable == 0)
    return g_strdup_printf (_("The rule has no usable pin; the chain is: %s."), levels);
  if (n_usable == 1)
    return g_strdup_printf (_("The only pin matches none of the keys of the chain: %s."),
                            levels);
  return g_strdup_printf (_("None of the %u pins matches a key of the chain: %s."),
                          n_usable, levels);
}

PsRotationReport *
ps_compare_rotation (PsPinset *pinset,
                     PsChain  *candidate)
{
  PsRotationReport *report;
  GListModel *rules;

  g_return_val_if_fail (PS_IS_PINSET (pinset), NULL);
  g_return_val_if_fail (PS_IS_CHAIN (candidate), NULL);

  report = g_object_new (PS_TYPE_ROTATION_REPORT, NULL);
  report->chain = g_object_ref (candidate);
  report->names = chain_names (candidate);
  report->accepted = TRUE;

  if (!ps_chain_get_trusted (candidate))
    {
      report->chain_problem = chain_refusal (candidate);
      report->accepted = FALSE;
    }

  rules = ps_pinset_get_rules (pinset);
  for (guint r = 0; r < g_list_model_get_n_items (rules); r++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, r);
      GListModel *pins = ps_pinset_rule_get_pins (rule);
      g_autoptr(PsRotationRule) result = NULL;
      guint n_usable = 0;

      if (ps_pinset_rule_get_policy (rule) == PS_RULE_EXCLUDED ||
          !ps_pinset_rule_covers_chain (rule, candidate) ||
          ps_pinset_excludes_chain (pinset, candidate))
        continue;

      result = g_object_new (PS_TYPE_ROTATION_RULE, NULL);
      result->rule_index = r;
      result->rule = g_object_ref (rule);

      for (guint p = 0; p < g_list_model_get_n_items (pins); p++)
        {
          g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, p);
          PsCertificate *cert = NULL;
          int depth;

          if (ps_pinset_pin_get_pin (pin) == NULL)
            continue;
          n_usable++;
          depth = ps_chain_find_pin (candidate, ps_pinset_pin_get_pin (pin), &cert);
          if (depth >= 0)
            {
              g_autoptr(PsRotationMatch) match = g_object_new (PS_TYPE_ROTATION_MATCH, NULL);

              match->pin = g_object_ref (pin);
              match->depth = depth;
              match->certificate = g_object_ref (cert);
              g_list_store_append (result->matches, match);
              /* curl verifies the chain too (unless told not to) before it compares
               * the leaf key. */
              if (depth == 0 && report->chain_problem == NULL)
                result->leaf_only_accepted = TRUE;
            }
        }

      result->check = ps_pinset_rule_check_chain (rule, pinset, candidate, FALSE);
      result->accepted = report->chain_problem == NULL &&
                         result->check != PS_PIN_CHECK_BLOCKED;
      result->reason = rotation_reason (rule, result, report, candidate, n_usable);

      if (!result->accepted)
        report->accepted = FALSE;
      g_list_store_append (report->rules, result);
    }

  return report;
}
