/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-rotation.h"

/* Rotation readiness */

static void
rotation_match_free (PsRotationMatch *match)
{
  g_clear_object (&match->pin);
  g_clear_object (&match->certificate);
  g_free (match);
}

static void
rotation_rule_free (PsRotationRule *rule)
{
  g_clear_object (&rule->rule);
  g_clear_pointer (&rule->matches, g_ptr_array_unref);
  g_free (rule->reason);
  g_free (rule);
}

void
ps_rotation_report_free (PsRotationReport *report)
{
  if (report == NULL)
    return;
  g_clear_object (&report->chain);
  g_strfreev (report->names);
  g_clear_pointer (&report->rules, g_ptr_array_unref);
  g_free (report->chain_problem);
  g_free (report);
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
  if (requires == (PS_RULE_REQUIRES_LEAF | PS_RULE_REQUIRES_CA) && result->matches->len > 0)
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

  report = g_new0 (PsRotationReport, 1);
  report->chain = g_object_ref (candidate);
  report->names = chain_names (candidate);
  report->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rotation_rule_free);
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
      PsRotationRule *result;
      guint n_usable = 0;

      if (ps_pinset_rule_get_policy (rule) == PS_RULE_EXCLUDED ||
          !ps_pinset_rule_covers_chain (rule, candidate) ||
          ps_pinset_excludes_chain (pinset, candidate))
        continue;

      result = g_new0 (PsRotationRule, 1);
      result->rule_index = r;
      result->rule = g_object_ref (rule);
      result->matches = g_ptr_array_new_with_free_func ((GDestroyNotify) rotation_match_free);

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
              PsRotationMatch *match = g_new0 (PsRotationMatch, 1);

              match->pin = g_object_ref (pin);
              match->depth = depth;
              match->certificate = g_object_ref (cert);
              g_ptr_array_add (result->matches, match);
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
      g_ptr_array_add (report->rules, result);
    }

  return report;
}
