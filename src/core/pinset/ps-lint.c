/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ps-lint-private.h"

/* The linter: a table of checks, one function per finding id (ps-lint-checks.c). Each
 * finding says the risk in one sentence and the fix in another. */


/* The order is the order of the report within one severity. Checks after no-pins only run
 * on rules that have pins; for an excluded rule only the domain checks and not-enforced
 * run, since it pins nothing. */
static const LintCheck domain_checks[] = {
  { "no-domains", PS_SEVERITY_ERROR, _ps_lint_check_no_domains },
  { "duplicate-domain", PS_SEVERITY_WARNING, _ps_lint_check_duplicate_domain },
  { "wildcard-domain", PS_SEVERITY_WARNING, _ps_lint_check_wildcard_domain },
  { "not-enforced", PS_SEVERITY_WARNING, _ps_lint_check_not_enforced },
};

static const LintCheck pin_checks[] = {
  { "invalid-pin", PS_SEVERITY_ERROR, _ps_lint_check_invalid_pin },
  { "placeholder-pin", PS_SEVERITY_ERROR, _ps_lint_check_placeholder_pin },
  { "sha1-pin", PS_SEVERITY_WARNING, _ps_lint_check_sha1_pin },
  { "duplicate-pin", PS_SEVERITY_INFO, _ps_lint_check_duplicate_pin },
  { "blocked-domain", PS_SEVERITY_ERROR, _ps_lint_check_blocked_domain },
  { "pins-overridden", PS_SEVERITY_WARNING, _ps_lint_check_pins_overridden },
  { "no-expiration", PS_SEVERITY_WARNING, _ps_lint_check_no_expiration },
  { "expired", PS_SEVERITY_ERROR, _ps_lint_check_expired },
  { "single-pin", PS_SEVERITY_ERROR, _ps_lint_check_single_pin },
  { "expiring-soon", PS_SEVERITY_WARNING, _ps_lint_check_expiring_soon },
  { "no-match", PS_SEVERITY_ERROR, _ps_lint_check_no_match },
  { "weak-key", PS_SEVERITY_WARNING, _ps_lint_check_weak_key },
  { "no-chain", PS_SEVERITY_INFO, _ps_lint_check_no_chain },
  { "root-only", PS_SEVERITY_WARNING, _ps_lint_check_root_only },
  { "intermediate-only", PS_SEVERITY_WARNING, _ps_lint_check_intermediate_only },
  { "leaf-only-no-backup", PS_SEVERITY_WARNING, _ps_lint_check_leaf_only_no_backup },
  { "no-backup", PS_SEVERITY_WARNING, _ps_lint_check_no_backup },
  { "outlives-certificates", PS_SEVERITY_WARNING, _ps_lint_check_outlives_certificates },
  { "certificate-hash", PS_SEVERITY_ERROR, _ps_lint_check_certificate_hash },
};

static const LintCheck no_pins_check = {
  "no-pins", PS_SEVERITY_ERROR, _ps_lint_check_no_pins
};

/* What every check of a rule shares: the chains it covers, its usable pins and where the
 * chains hold them. */
static void
prepare_rule (Lint *lint)
{
  GListModel *pins = ps_pinset_rule_get_pins (lint->rule);
  guint n_pins = g_list_model_get_n_items (pins);

  for (guint i = 0; lint->chains != NULL && i < lint->chains->len; i++)
    {
      PsChain *chain = g_ptr_array_index (lint->chains, i);

      if (ps_pinset_rule_covers_chain (lint->rule, chain))
        g_ptr_array_add (lint->covering, chain);
    }

  for (guint i = 0; i < n_pins; i++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, i);

      if (_ps_lint_pin_is_usable (lint, pin))
        g_ptr_array_add (lint->usable, g_object_ref (pin));
    }

  for (guint c = 0; c < lint->covering->len; c++)
    {
      PsChain *chain = g_ptr_array_index (lint->covering, c);

      for (guint p = 0; p < lint->usable->len; p++)
        {
          PsPinsetPin *pin = g_ptr_array_index (lint->usable, p);
          PsCertificate *cert = NULL;
          int depth = ps_chain_find_pin (chain, ps_pinset_pin_get_pin (pin), &cert);

          if (depth < 0)
            continue;
          if (!g_hash_table_contains (lint->matched, pin))
            g_hash_table_insert (lint->matched, pin,
                                 GINT_TO_POINTER (ps_chain_role_at (chain, depth) + 1));
          if (!g_ptr_array_find (lint->pinned_certs, cert, NULL))
            g_ptr_array_add (lint->pinned_certs, cert);
        }
    }
}

static void
lint_rule (Lint *lint)
{
  g_autoptr(GPtrArray) covering = g_ptr_array_new ();
  g_autoptr(GPtrArray) usable = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) matched = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) pinned_certs = g_ptr_array_new ();

  lint->covering = covering;
  lint->usable = usable;
  lint->matched = matched;
  lint->pinned_certs = pinned_certs;

  for (guint i = 0; i < G_N_ELEMENTS (domain_checks); i++)
    domain_checks[i].check (lint, &domain_checks[i]);

  if (ps_pinset_rule_get_policy (lint->rule) == PS_RULE_EXCLUDED)
    return;
  if (g_list_model_get_n_items (ps_pinset_rule_get_pins (lint->rule)) == 0)
    {
      no_pins_check.check (lint, &no_pins_check);
      return;
    }

  prepare_rule (lint);
  for (guint i = 0; i < G_N_ELEMENTS (pin_checks); i++)
    pin_checks[i].check (lint, &pin_checks[i]);

  lint->covering = NULL;
  lint->usable = NULL;
  lint->matched = NULL;
  lint->pinned_certs = NULL;
}

static int
compare_severity (gconstpointer a,
                  gconstpointer b)
{
  PsFinding *fa = *(PsFinding * const *) a;
  PsFinding *fb = *(PsFinding * const *) b;

  return (int) ps_finding_get_severity (fb) - (int) ps_finding_get_severity (fa);
}

static const LintCheck document_checks[] = {
  { "no-rules", PS_SEVERITY_ERROR, _ps_lint_check_no_rules },
  { "no-chain", PS_SEVERITY_INFO, _ps_lint_check_no_chain_given },
};

GListModel *
ps_lint_pinset (PsPinset  *pinset,
                GPtrArray *chains,
                GDateTime *now)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) current = NULL;
  /* Borrows the names from the domains, which the pinset keeps alive meanwhile. */
  g_autoptr(GHashTable) domains = NULL;
  GListStore *store;
  GListModel *rules;
  Lint lint = { 0 };

  g_return_val_if_fail (PS_IS_PINSET (pinset), NULL);

  current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  rules = ps_pinset_get_rules (pinset);
  domains = g_hash_table_new (g_str_hash, g_str_equal);
  lint.findings = findings;
  lint.pinset = pinset;
  lint.chains = chains;
  lint.now = current;
  lint.rule_index = -1;
  lint.domains = domains;

  for (guint i = 0; i < G_N_ELEMENTS (document_checks); i++)
    document_checks[i].check (&lint, &document_checks[i]);

  for (guint r = 0; r < g_list_model_get_n_items (rules); r++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, r);
      g_autofree char *label = ps_pinset_rule_dup_label (rule);

      lint.rule = rule;
      lint.rule_index = r;
      lint.label = label;
      lint_rule (&lint);
    }

  g_clear_pointer (&lint.fingerprints, g_hash_table_unref);

  /* Errors first; the sort is stable, so the rule order stays within a severity. */
  g_ptr_array_sort (findings, compare_severity);

  store = g_list_store_new (PS_TYPE_FINDING);
  for (guint i = 0; i < findings->len; i++)
    g_list_store_append (store, g_ptr_array_index (findings, i));
  return G_LIST_MODEL (store);
}

int
ps_lint_max_severity (GListModel *findings)
{
  int max = -1;

  g_return_val_if_fail (G_IS_LIST_MODEL (findings), -1);

  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(PsFinding) finding = g_list_model_get_item (findings, i);

      max = MAX (max, (int) ps_finding_get_severity (finding));
    }
  return max;
}
