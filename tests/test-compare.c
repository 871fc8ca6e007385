/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ps-pin-match.h"
#include "ps-pinset-diff.h"
#include "ps-rotation.h"
#include "ps-lint.h"
#include "ps-pinset.h"
#include "pinset-test-pki.h"

static PsPinsetPin *
make_pin (const char *b64,
          PsPinRole   role,
          const char *label)
{
  g_autoptr(PsPin) pin = pin_from_b64 (b64);

  return ps_pinset_pin_new (pin, label, role);
}

/* One rule for example.com and its subdomains, expiring in 60 days. */
static PsPinset *
pinset_of (PsPinsetPin *first,
           ...)
{
  PsPinset *pinset = ps_pinset_new ("rotation");
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
  g_autoptr(PsPinsetDomain) domain = ps_pinset_domain_new ("example.com", TRUE);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expiration = g_date_time_add_days (now, 60);
  PsPinsetPin *pin;
  va_list args;

  ps_pinset_rule_add_domain (rule, domain);
  ps_pinset_rule_set_expiration (rule, expiration);
  va_start (args, first);
  for (pin = first; pin != NULL; pin = va_arg (args, PsPinsetPin *))
    {
      ps_pinset_rule_add_pin (rule, pin);
      g_object_unref (pin);
    }
  va_end (args);
  ps_pinset_add_rule (pinset, rule);
  return pinset;
}

static PsRotationReport *
rotate (PsPinset   *pinset,
        const char *chain_file)
{
  g_autoptr(PsChain) chain = pki_chain (chain_file, NULL);

  g_assert_true (ps_chain_get_trusted (chain));
  return ps_compare_rotation (pinset, chain);
}

static PsRotationRule *
only_rule (PsRotationReport *report)
{
  g_assert_cmpuint (report->rules->len, ==, 1);
  return g_ptr_array_index (report->rules, 0);
}

static gboolean
has_finding (PsPinset   *pinset,
             const char *chain_file,
             const char *id)
{
  g_autoptr(GPtrArray) chains = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) findings = NULL;

  g_ptr_array_add (chains, pki_chain (chain_file, NULL));
  findings = ps_lint_pinset (pinset, chains, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(PsFinding) finding = g_list_model_get_item (findings, i);

      if (g_str_equal (ps_finding_get_id (finding), id))
        return TRUE;
    }
  return FALSE;
}

/* Leaf pin + backup; the new certificate has a new leaf key: breaks. */
static void
test_rotation_new_leaf_key (void)
{
  g_autoptr(PsPinset) pinset = pinset_of (make_pin (pki.pin_leaf1, PS_PIN_ROLE_LEAF, "leaf"),
                                          make_pin (pki.pin_backup, PS_PIN_ROLE_BACKUP, "backup"),
                                          NULL);
  g_autoptr(PsRotationReport) current = rotate (pinset, pki.chain1);
  g_autoptr(PsRotationReport) report = rotate (pinset, pki.chain2);
  PsRotationRule *rule;

  /* The current chain is accepted through the leaf. */
  g_assert_true (current->accepted);
  rule = only_rule (current);
  g_assert_true (rule->accepted);
  g_assert_true (rule->leaf_only_accepted);

  g_assert_false (report->accepted);
  g_assert_null (report->chain_problem);
  g_assert_true (g_strv_contains ((const char * const *) report->names, "www.example.com"));
  rule = only_rule (report);
  g_assert_false (rule->accepted);
  g_assert_false (rule->leaf_only_accepted);
  g_assert_cmpuint (rule->matches->len, ==, 0);
  g_assert_nonnull (rule->reason);
  g_assert_nonnull (strstr (rule->reason, "None of the 2 pins"));
}

/* Leaf pin + backup; the new certificate uses the backup key: accepted. */
static void
test_rotation_backup_key (void)
{
  g_autoptr(PsPinset) pinset = pinset_of (make_pin (pki.pin_leaf1, PS_PIN_ROLE_LEAF, "leaf"),
                                          make_pin (pki.pin_backup, PS_PIN_ROLE_BACKUP, "backup"),
                                          NULL);
  g_autoptr(PsRotationReport) report = rotate (pinset, pki.chain_backup);
  PsRotationRule *rule = only_rule (report);
  PsRotationMatch *match;

  g_assert_true (report->accepted);
  g_assert_true (rule->accepted);
  g_assert_null (rule->reason);
  g_assert_cmpuint (rule->matches->len, ==, 1);
  match = g_ptr_array_index (rule->matches, 0);
  g_assert_cmpint (match->depth, ==, 0);
  g_assert_cmpstr (ps_pinset_pin_get_label (match->pin), ==, "backup");
  /* A leaf-only client such as curl accepts it too: the match is the leaf. */
  g_assert_true (rule->leaf_only_accepted);
}

/* Intermediate pin; a new leaf under the same intermediate: accepted, but not by a client
 * that only compares leaf keys. */
static void
test_rotation_same_intermediate (void)
{
  g_autoptr(PsPinset) pinset = pinset_of (make_pin (pki.pin_int_a, PS_PIN_ROLE_INTERMEDIATE, NULL),
                                          make_pin (pki.pin_backup, PS_PIN_ROLE_BACKUP, NULL),
                                          NULL);
  g_autoptr(PsRotationReport) report = rotate (pinset, pki.chain2);
  PsRotationRule *rule = only_rule (report);
  PsRotationMatch *match;

  g_assert_true (report->accepted);
  g_assert_true (rule->accepted);
  g_assert_cmpuint (rule->matches->len, ==, 1);
  match = g_ptr_array_index (rule->matches, 0);
  g_assert_cmpint (match->depth, ==, 1);
  g_assert_cmpint (ps_chain_role_at (report->chain, 1), ==, PS_PIN_ROLE_INTERMEDIATE);
  g_assert_false (rule->leaf_only_accepted);
}

/* Intermediate pin; a new leaf under another intermediate of the same root: breaks. */
static void
test_rotation_other_intermediate (void)
{
  g_autoptr(PsPinset) pinset = pinset_of (make_pin (pki.pin_int_a, PS_PIN_ROLE_INTERMEDIATE, NULL),
                                          make_pin (pki.pin_backup, PS_PIN_ROLE_BACKUP, NULL),
                                          NULL);
  g_autoptr(PsRotationReport) report = rotate (pinset, pki.chain_b);
  PsRotationRule *rule = only_rule (report);

  g_assert_false (report->accepted);
  g_assert_false (rule->accepted);
  g_assert_nonnull (strstr (rule->reason, "Pinset Test Int B"));
}

/* Root pin: accepted under either intermediate, with root-only warned. */
static void
test_rotation_root (void)
{
  g_autoptr(PsPinset) pinset = pinset_of (make_pin (pki.pin_root, PS_PIN_ROLE_ROOT, NULL),
                                          make_pin (pki.pin_backup, PS_PIN_ROLE_BACKUP, NULL),
                                          NULL);
  g_autoptr(PsRotationReport) report = rotate (pinset, pki.chain_b);
  g_autoptr(PsRotationReport) report2 = rotate (pinset, pki.chain2);
  PsRotationRule *rule = only_rule (report);
  PsRotationMatch *match;

  g_assert_true (report->accepted);
  g_assert_true (report2->accepted);
  match = g_ptr_array_index (rule->matches, 0);
  /* The root is not sent: it comes from the trust store and completes the path. */
  g_assert_cmpint (match->depth, ==, 2);
  g_assert_cmpint (ps_chain_role_at (report->chain, 2), ==, PS_PIN_ROLE_ROOT);
  g_assert_false (rule->leaf_only_accepted);
  g_assert_true (has_finding (pinset, pki.chain_b, "root-only"));
}

/* A chain that does not validate breaks whatever the pins. */
static void
test_rotation_untrusted (void)
{
  g_autoptr(PsPinset) pinset = pinset_of (make_pin (pki.pin_leaf1, PS_PIN_ROLE_LEAF, NULL),
                                          make_pin (pki.pin_backup, PS_PIN_ROLE_BACKUP, NULL),
                                          NULL);
  g_autoptr(PsChain) chain = pki_chain_with_root (pki.chain1, NULL, pki.other_root);
  g_autoptr(PsRotationReport) report = ps_compare_rotation (pinset, chain);
  PsRotationRule *rule = only_rule (report);

  g_assert_false (ps_chain_get_trusted (chain));
  g_assert_false (report->accepted);
  g_assert_nonnull (report->chain_problem);
  g_assert_false (rule->accepted);
  g_assert_nonnull (rule->reason);
  /* The leaf pin matches, but curl verifies the chain before it compares the leaf key. */
  g_assert_cmpuint (rule->matches->len, >, 0);
  g_assert_false (rule->leaf_only_accepted);
}

/* A server that sends its root has a chain problem worth fixing, but clients ignore the
 * root: that is never given as the reason a chain is refused. */
static void
test_rotation_root_sent (void)
{
  g_autoptr(PsPinset) pinset = pinset_of (make_pin (pki.pin_int_a, PS_PIN_ROLE_INTERMEDIATE, NULL),
                                          make_pin (pki.pin_backup, PS_PIN_ROLE_BACKUP, NULL),
                                          NULL);
  g_autofree char *path = g_build_filename (pki.dir, "chain-root-sent.pem", NULL);
  const char *root_sent = ps_chain_problem_to_string (PS_CHAIN_PROBLEM_ROOT_SENT);
  g_autoptr(PsChain) trusted = NULL;
  g_autoptr(PsChain) untrusted = NULL;
  g_autoptr(PsRotationReport) accepted = NULL;
  g_autoptr(PsRotationReport) refused = NULL;
  PsRotationRule *rule;

  ps_test_cat (path, pki.leaf1, pki.int_a, pki.root, NULL);

  trusted = pki_chain (path, NULL);
  g_assert_true (ps_chain_get_problems (trusted) & PS_CHAIN_PROBLEM_ROOT_SENT);
  accepted = ps_compare_rotation (pinset, trusted);
  g_assert_true (accepted->accepted);
  g_assert_null (accepted->chain_problem);
  g_assert_true (only_rule (accepted)->accepted);

  untrusted = pki_chain_with_root (path, NULL, pki.other_root);
  g_assert_true (ps_chain_get_problems (untrusted) & PS_CHAIN_PROBLEM_ROOT_SENT);
  refused = ps_compare_rotation (pinset, untrusted);
  rule = only_rule (refused);
  g_assert_false (refused->accepted);
  g_assert_nonnull (refused->chain_problem);
  g_assert_null (strstr (refused->chain_problem, root_sent));
  g_assert_null (strstr (refused->chain_problem, "; "));
  /* The sent root is self-signed and not the store's anchor, and the reason says so. */
  g_assert_nonnull (strstr (refused->chain_problem, "self-signed certificate that is not in the "
                                                    "trust store"));
  g_assert_true (g_str_has_suffix (refused->chain_problem, "."));
  /* The rule's reason is one sentence of its own, not the verdicts again. */
  g_assert_false (rule->accepted);
  g_assert_null (strstr (rule->reason, root_sent));
  g_assert_null (strstr (rule->reason, refused->chain_problem));
}

/* A wildcard certificate serves the subdomains a rule covers, so the rule judges it: a
 * chain with a new key breaks it rather than being taken as outside the pinset. */
static void
test_rotation_wildcard_leaf (void)
{
  const char *names[] = { "*.example.com", NULL };
  g_autofree char *tmpl = ps_test_leaf_template ("*.example.com", names, 90);
  g_autofree char *leaf = ps_test_gen_cert (pki.dir, "leaf-wildcard", pki.leaf2_key, pki.int_a,
                                            pki.int_a_key, tmpl);
  g_autofree char *path = g_build_filename (pki.dir, "chain-wildcard.pem", NULL);
  g_autoptr(PsPinset) pinset = NULL;
  g_autoptr(PsPinset) pattern = NULL;
  g_autoptr(PsRotationReport) report = NULL;
  g_autoptr(PsRotationReport) pattern_report = NULL;

  ps_test_cat (path, leaf, pki.int_a, NULL);

  /* example.com and its subdomains; the pins are of leaf1 and the backup, not leaf2. */
  pinset = pinset_of (make_pin (pki.pin_leaf1, PS_PIN_ROLE_LEAF, NULL),
                      make_pin (pki.pin_backup, PS_PIN_ROLE_BACKUP, NULL), NULL);
  report = rotate (pinset, path);
  g_assert_cmpuint (report->rules->len, ==, 1);
  g_assert_false (report->accepted);
  g_assert_false (only_rule (report)->accepted);

  /* The same with the OkHttp pattern "*.example.com". */
  pattern = ps_pinset_new ("pattern");
  {
    g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
    g_autoptr(PsPinsetDomain) domain = ps_pinset_domain_new ("*.example.com", FALSE);
    g_autoptr(PsPinsetPin) pin = make_pin (pki.pin_leaf1, PS_PIN_ROLE_LEAF, NULL);

    ps_pinset_rule_add_domain (rule, domain);
    ps_pinset_rule_add_pin (rule, pin);
    ps_pinset_add_rule (pattern, rule);
  }
  pattern_report = rotate (pattern, path);
  g_assert_cmpuint (pattern_report->rules->len, ==, 1);
  g_assert_false (pattern_report->accepted);
}

/* No rule covers the chain's names: no pin applies. */
static void
test_rotation_not_covered (void)
{
  g_autoptr(PsPinset) pinset = ps_pinset_new ("other");
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
  g_autoptr(PsPinsetDomain) domain = ps_pinset_domain_new ("example.org", TRUE);
  g_autoptr(PsPinsetPin) pin = make_pin (pki.pin_leaf2, PS_PIN_ROLE_LEAF, NULL);
  g_autoptr(PsRotationReport) report = NULL;

  ps_pinset_rule_add_domain (rule, domain);
  ps_pinset_rule_add_pin (rule, pin);
  ps_pinset_add_rule (pinset, rule);
  report = rotate (pinset, pki.chain1);
  g_assert_cmpuint (report->rules->len, ==, 0);
  g_assert_true (report->accepted);
}

static void
test_pinset_vs_chains (void)
{
  g_autoptr(PsPinset) pinset = pinset_of (make_pin (pki.pin_leaf1, PS_PIN_ROLE_LEAF, NULL),
                                          make_pin (pki.pin_int_a, PS_PIN_ROLE_INTERMEDIATE, NULL),
                                          make_pin (pki.pin_root, PS_PIN_ROLE_ROOT, NULL),
                                          make_pin (pki.pin_backup, PS_PIN_ROLE_BACKUP, NULL),
                                          NULL);
  g_autoptr(GPtrArray) chains = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) matches = NULL;
  int depth_of[4][2];

  g_ptr_array_add (chains, pki_chain (pki.chain1, "www.example.com"));
  g_ptr_array_add (chains, pki_chain (pki.chain_b, "api.example.com"));
  /* Not covered by the rule: ignored. */
  g_ptr_array_add (chains, pki_chain (pki.chain_backup, "www.example.org"));

  for (guint i = 0; i < 4; i++)
    depth_of[i][0] = depth_of[i][1] = -99;

  matches = ps_compare_pinset_chains (pinset, chains);
  for (guint i = 0; i < matches->len; i++)
    {
      PsPinMatch *match = g_ptr_array_index (matches, i);

      g_assert_cmpuint (match->rule_index, ==, 0);
      g_assert_cmpuint (match->pin_index, <, 4);
      if (match->chain == NULL)
        {
          g_assert_cmpint (match->depth, ==, -1);
          g_assert_cmpint (match->chain_index, ==, -1);
          depth_of[match->pin_index][0] = -1;
          depth_of[match->pin_index][1] = -1;
          continue;
        }
      g_assert_cmpint (match->chain_index, <, 2);
      depth_of[match->pin_index][match->chain_index] = match->depth;
      g_assert_true (ps_pin_equal (ps_certificate_get_spki_pin (match->certificate),
                                   ps_pinset_pin_get_pin (match->pin)));
    }

  /* leaf1's key is the leaf of both chains (leaf_b reuses it). */
  g_assert_cmpint (depth_of[0][0], ==, 0);
  g_assert_cmpint (depth_of[0][1], ==, 0);
  /* Int A is only in the first chain. */
  g_assert_cmpint (depth_of[1][0], ==, 1);
  g_assert_cmpint (depth_of[1][1], ==, -99);
  /* The root completes both paths. */
  g_assert_cmpint (depth_of[2][0], ==, 2);
  g_assert_cmpint (depth_of[2][1], ==, 2);
  /* The backup key is in no covered chain. */
  g_assert_cmpint (depth_of[3][0], ==, -1);
}

static PsDiffEntry *
find_entry (GPtrArray    *entries,
            PsDiffKind    kind,
            PsDiffTarget  target,
            const char   *item,
            const char   *field)
{
  for (guint i = 0; i < entries->len; i++)
    {
      PsDiffEntry *entry = g_ptr_array_index (entries, i);

      if (entry->kind == kind && entry->target == target &&
          g_strcmp0 (entry->item, item) == 0 && g_strcmp0 (entry->field, field) == 0)
        return entry;
    }
  return NULL;
}

static void
test_diff (void)
{
  g_autoptr(PsPinset) a = pinset_of (make_pin (pki.pin_leaf1, PS_PIN_ROLE_LEAF, "current"),
                                     make_pin (pki.pin_int_a, PS_PIN_ROLE_INTERMEDIATE, NULL),
                                     make_pin (pki.pin_backup, PS_PIN_ROLE_BACKUP, NULL),
                                     NULL);
  g_autoptr(PsPinset) b = NULL;
  g_autoptr(GPtrArray) same = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(PsPinsetRule) rule_a = NULL;
  g_autoptr(PsPinsetRule) rule_b = NULL;
  g_autoptr(PsPinsetRule) extra = ps_pinset_rule_new ();
  g_autoptr(PsPinsetDomain) extra_domain = ps_pinset_domain_new ("api.example.net", FALSE);
  g_autoptr(PsPinsetDomain) www = ps_pinset_domain_new ("www.example.org", FALSE);
  g_autofree char *json = ps_pinset_to_json (a);
  PsPinsetPin *pin;
  PsDiffEntry *entry;

  b = ps_pinset_new_from_json (json, -1, NULL);
  same = ps_compare_pinsets (a, b);
  g_assert_cmpuint (same->len, ==, 0);

  rule_b = g_list_model_get_item (ps_pinset_get_rules (b), 0);
  /* Pins: one removed, one added, one changed role and label. */
  {
    g_autoptr(PsPin) value = pin_from_b64 (pki.pin_int_a);
    g_autoptr(PsPinsetPin) next = make_pin (pki.pin_leaf2, PS_PIN_ROLE_LEAF, "next");

    pin = ps_pinset_rule_find_pin (rule_b, value);
    g_assert_nonnull (pin);
    ps_pinset_rule_remove_pin (rule_b, pin);
    ps_pinset_rule_add_pin (rule_b, next);
  }
  {
    g_autoptr(PsPin) value = pin_from_b64 (pki.pin_backup);

    pin = ps_pinset_rule_find_pin (rule_b, value);
    ps_pinset_pin_set_role (pin, PS_PIN_ROLE_LEAF);
    ps_pinset_pin_set_label (pin, "now in use");
  }
  /* The rule: a domain added, another changed, the expiration changed. */
  ps_pinset_rule_add_domain (rule_b, www);
  {
    g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (ps_pinset_rule_get_domains (rule_b), 0);
    ps_pinset_domain_set_include_subdomains (domain, FALSE);
  }
  ps_pinset_rule_set_expiration (rule_b, NULL);
  /* The document: a rule added, the name changed. */
  ps_pinset_rule_add_domain (extra, extra_domain);
  ps_pinset_add_rule (b, extra);
  ps_pinset_set_name (b, "renamed");

  entries = ps_compare_pinsets (a, b);
  for (guint i = 0; i < entries->len; i++)
    {
      g_autofree char *text = ps_diff_entry_to_string (g_ptr_array_index (entries, i));
      g_test_message ("%s", text);
      g_assert_nonnull (text);
    }

  g_assert_nonnull (find_entry (entries, PS_DIFF_REMOVED, PS_DIFF_PIN, pki.pin_int_a, NULL));
  g_assert_nonnull (find_entry (entries, PS_DIFF_ADDED, PS_DIFF_PIN, pki.pin_leaf2, NULL));
  entry = find_entry (entries, PS_DIFF_CHANGED, PS_DIFF_PIN, pki.pin_backup, "role");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->old_value, ==, "backup");
  g_assert_cmpstr (entry->new_value, ==, "leaf");
  g_assert_nonnull (find_entry (entries, PS_DIFF_CHANGED, PS_DIFF_PIN, pki.pin_backup, "label"));
  g_assert_nonnull (find_entry (entries, PS_DIFF_ADDED, PS_DIFF_DOMAIN, "www.example.org", NULL));
  g_assert_nonnull (find_entry (entries, PS_DIFF_CHANGED, PS_DIFF_DOMAIN, "example.com",
                                "include_subdomains"));
  entry = find_entry (entries, PS_DIFF_CHANGED, PS_DIFF_RULE, NULL, "expiration");
  g_assert_nonnull (entry);
  g_assert_null (entry->new_value);
  entry = find_entry (entries, PS_DIFF_ADDED, PS_DIFF_RULE, NULL, NULL);
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->rule_a, ==, -1);
  g_assert_cmpint (entry->rule_b, ==, 1);
  g_assert_cmpstr (entry->rule_label, ==, "api.example.net");
  g_assert_nonnull (find_entry (entries, PS_DIFF_CHANGED, PS_DIFF_DOCUMENT, NULL, "name"));
  /* Nothing else: the leaf1 pin did not change. */
  g_assert_null (find_entry (entries, PS_DIFF_CHANGED, PS_DIFF_PIN, pki.pin_leaf1, "label"));
  g_assert_cmpuint (entries->len, ==, 9);

  /* The other way round, the rule is removed. */
  {
    g_autoptr(GPtrArray) back = ps_compare_pinsets (b, a);

    entry = find_entry (back, PS_DIFF_REMOVED, PS_DIFF_RULE, NULL, NULL);
    g_assert_nonnull (entry);
    g_assert_cmpint (entry->rule_a, ==, 1);
  }

  rule_a = g_list_model_get_item (ps_pinset_get_rules (a), 0);
  g_assert_nonnull (rule_a);
}

static PsPinsetRule *
rule_of (PsPinset *pinset)
{
  g_autoptr(PsPinsetRule) rule = g_list_model_get_item (ps_pinset_get_rules (pinset), 0);

  return rule;  /* the pinset keeps it alive */
}

/* TrustKit kTSKEnforcePinning false: a mismatch is reported, the connection goes on. */
static void
test_policy_report_only (void)
{
  g_autoptr(PsPinset) pinset = pinset_of (make_pin (pki.pin_leaf2, PS_PIN_ROLE_LEAF, NULL),
                                          make_pin (pki.pin_backup, PS_PIN_ROLE_BACKUP, NULL),
                                          NULL);
  g_autoptr(PsRotationReport) enforced = rotate (pinset, pki.chain1);
  g_autoptr(PsRotationReport) reported = NULL;
  PsRotationRule *rule;

  g_assert_false (enforced->accepted);
  g_assert_cmpint (only_rule (enforced)->check, ==, PS_PIN_CHECK_BLOCKED);

  ps_pinset_rule_set_policy (rule_of (pinset), PS_RULE_REPORT_ONLY);
  reported = rotate (pinset, pki.chain1);
  rule = only_rule (reported);
  g_assert_true (reported->accepted);
  g_assert_true (rule->accepted);
  g_assert_cmpint (rule->check, ==, PS_PIN_CHECK_REPORTED);
  g_assert_nonnull (strstr (rule->reason, "only reports"));
}

/* TrustKit kTSKExcludeSubdomainFromParentPolicy: the subdomain is not pinned, even by the
 * parent's rule. */
static void
test_policy_excluded (void)
{
  g_autoptr(PsPinset) pinset = pinset_of (make_pin (pki.pin_leaf2, PS_PIN_ROLE_LEAF, NULL),
                                          make_pin (pki.pin_backup, PS_PIN_ROLE_BACKUP, NULL),
                                          NULL);
  g_autoptr(PsPinsetRule) exclusion = ps_pinset_rule_new ();
  g_autoptr(PsPinsetDomain) www = ps_pinset_domain_new ("www.example.com", FALSE);
  g_autoptr(PsRotationReport) report = NULL;
  g_autoptr(GPtrArray) chains = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) matches = NULL;

  ps_pinset_rule_add_domain (exclusion, www);
  ps_pinset_rule_set_policy (exclusion, PS_RULE_EXCLUDED);
  ps_pinset_add_rule (pinset, exclusion);

  report = rotate (pinset, pki.chain1);
  g_assert_true (report->accepted);
  g_assert_cmpuint (report->rules->len, ==, 0);

  g_ptr_array_add (chains, pki_chain (pki.chain1, "www.example.com"));
  g_assert_cmpint (ps_pinset_rule_check_chain (rule_of (pinset), pinset,
                                               g_ptr_array_index (chains, 0), FALSE),
                   ==, PS_PIN_CHECK_NOT_PINNED);
  /* The excluded rule's own entry is left out; the parent's pins match no chain. */
  matches = ps_compare_pinset_chains (pinset, chains);
  for (guint i = 0; i < matches->len; i++)
    {
      PsPinMatch *match = g_ptr_array_index (matches, i);

      g_assert_true (match->rule != exclusion);
      g_assert_null (match->chain);
    }
}

/* Android overridePins: a chain to that anchor skips the pins. */
static void
test_override_pins (void)
{
  g_autoptr(PsPinset) pinset = pinset_of (make_pin (pki.pin_leaf2, PS_PIN_ROLE_LEAF, NULL),
                                          make_pin (pki.pin_backup, PS_PIN_ROLE_BACKUP, NULL),
                                          NULL);
  g_autoptr(PsPinsetAnchor) system = ps_pinset_anchor_new ("system", TRUE);
  g_autoptr(PsRotationReport) report = NULL;
  g_autoptr(PsChain) untrusted = pki_chain_with_root (pki.chain1, NULL, pki.other_root);
  PsRotationRule *rule;

  ps_pinset_add_debug_anchor (pinset, system);
  report = rotate (pinset, pki.chain1);
  g_assert_false (report->accepted);
  g_clear_pointer (&report, ps_rotation_report_free);

  ps_pinset_add_base_anchor (pinset, system);
  report = rotate (pinset, pki.chain1);
  rule = only_rule (report);
  g_assert_true (report->accepted);
  g_assert_cmpint (rule->check, ==, PS_PIN_CHECK_OVERRIDDEN);
  g_assert_nonnull (strstr (rule->reason, "overridePins"));

  /* A chain that does not validate ends at no anchor at all. */
  g_assert_cmpint (ps_pinset_rule_check_chain (rule_of (pinset), pinset, untrusted, FALSE),
                   ==, PS_PIN_CHECK_BLOCKED);
}

/* ATS: with both identity lists, the leaf list must match the leaf and the CA list a CA. */
static void
test_requires_leaf_and_ca (void)
{
  g_autoptr(PsPinset) both = pinset_of (make_pin (pki.pin_leaf1, PS_PIN_ROLE_LEAF, NULL),
                                        make_pin (pki.pin_int_a, PS_PIN_ROLE_INTERMEDIATE, NULL),
                                        NULL);
  g_autoptr(PsPinset) half = pinset_of (make_pin (pki.pin_leaf1, PS_PIN_ROLE_LEAF, NULL),
                                        make_pin (pki.pin_int_b, PS_PIN_ROLE_INTERMEDIATE, NULL),
                                        NULL);
  g_autoptr(PsPinset) leaf_in_ca_list = pinset_of (make_pin (pki.pin_leaf1,
                                                             PS_PIN_ROLE_INTERMEDIATE, NULL),
                                                   NULL);
  g_autoptr(PsPinset) no_leaf = pinset_of (make_pin (pki.pin_int_a, PS_PIN_ROLE_INTERMEDIATE,
                                                     NULL),
                                           NULL);
  const PsRuleRequires requires = PS_RULE_REQUIRES_LEAF | PS_RULE_REQUIRES_CA;
  g_autoptr(PsRotationReport) r_both = NULL;
  g_autoptr(PsRotationReport) r_half = NULL;
  g_autoptr(PsRotationReport) r_half_any = NULL;
  g_autoptr(PsRotationReport) r_leaf_in_ca = NULL;
  g_autoptr(PsRotationReport) r_no_leaf = NULL;

  /* Without requirements, one pin is enough. */
  r_half_any = rotate (half, pki.chain1);
  g_assert_true (r_half_any->accepted);

  ps_pinset_rule_set_requires (rule_of (both), requires);
  ps_pinset_rule_set_requires (rule_of (half), requires);
  ps_pinset_rule_set_requires (rule_of (leaf_in_ca_list), PS_RULE_REQUIRES_CA);
  ps_pinset_rule_set_requires (rule_of (no_leaf), requires);

  r_both = rotate (both, pki.chain1);
  r_half = rotate (half, pki.chain1);
  r_leaf_in_ca = rotate (leaf_in_ca_list, pki.chain1);
  r_no_leaf = rotate (no_leaf, pki.chain1);
  g_assert_true (r_both->accepted);
  g_assert_false (r_half->accepted);
  g_assert_nonnull (strstr (only_rule (r_half)->reason, "both"));
  /* A CA list entry only counts at a CA certificate, not at the leaf. */
  g_assert_false (r_leaf_in_ca->accepted);
  /* A required list that is empty refuses every connection. */
  g_assert_false (r_no_leaf->accepted);
  g_assert_nonnull (strstr (only_rule (r_no_leaf)->reason, "lists none"));
}

/* OkHttp and Android compare "sha1/" pins with the SHA-1 of the key. */
static void
test_sha1_pin_matches (void)
{
  g_autofree char *sha1 = pki_key_pin_sha1 (pki.leaf1_key);
  g_autofree char *text = g_strconcat ("sha1/", sha1, NULL);
  g_autoptr(PsPinsetPin) pin = ps_pinset_pin_new_from_text (text, NULL, PS_PIN_ROLE_LEAF);
  g_autoptr(PsPinset) pinset = pinset_of (g_object_ref (pin),
                                          make_pin (pki.pin_backup, PS_PIN_ROLE_BACKUP, NULL),
                                          NULL);
  g_autoptr(PsRotationReport) current = rotate (pinset, pki.chain1);
  g_autoptr(PsRotationReport) next = rotate (pinset, pki.chain2);
  g_autoptr(PsChain) chain = pki_chain (pki.chain1, NULL);

  g_assert_cmpint (ps_pinset_pin_get_algorithm (pin), ==, PS_PIN_SHA1);
  g_assert_cmpint (ps_chain_find_pin (chain, ps_pinset_pin_get_pin (pin), NULL), ==, 0);
  g_assert_true (current->accepted);
  g_assert_cmpuint (only_rule (current)->matches->len, ==, 1);
  g_assert_false (next->accepted);
}

/* ATS NSIncludesSubdomains covers one more label, not more. */
static void
test_one_label (void)
{
  g_autoptr(PsPinset) pinset = pinset_of (make_pin (pki.pin_leaf2, PS_PIN_ROLE_LEAF, NULL),
                                          NULL);
  g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (
    ps_pinset_rule_get_domains (rule_of (pinset)), 0);
  g_autoptr(PsRotationReport) covered = NULL;
  g_autoptr(PsRotationReport) not_covered = NULL;

  ps_pinset_domain_set_subdomains (domain, PS_SUBDOMAINS_ONE_LABEL);
  covered = rotate (pinset, pki.chain1);   /* www.example.com: one label below */
  g_assert_cmpuint (covered->rules->len, ==, 1);

  ps_pinset_domain_set_name (domain, "com");
  not_covered = rotate (pinset, pki.chain1);   /* two labels below "com" */
  g_assert_cmpuint (not_covered->rules->len, ==, 0);
  g_assert_true (not_covered->accepted);
}


/* A diff shows every semantic version 2 added, so that an export that loses one is seen. */
static void
test_diff_semantics (void)
{
  g_autoptr(PsPinset) a = pinset_of (make_pin (pki.pin_leaf1, PS_PIN_ROLE_LEAF, NULL), NULL);
  g_autoptr(PsPinset) b = pinset_of (make_pin (pki.pin_leaf1, PS_PIN_ROLE_LEAF, NULL), NULL);
  g_autoptr(PsPinsetAnchor) anchor = ps_pinset_anchor_new ("system", TRUE);
  g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (
    ps_pinset_rule_get_domains (rule_of (b)), 0);
  g_autoptr(GPtrArray) same = ps_compare_pinsets (a, b);
  g_autoptr(GPtrArray) entries = NULL;
  const char *fields[] = { "policy", "requires", "anchors", "max_age", "subdomains",
                           "base_anchors", "debug_anchors" };

  g_assert_cmpuint (same->len, ==, 0);
  ps_pinset_rule_set_policy (rule_of (b), PS_RULE_REPORT_ONLY);
  ps_pinset_rule_set_requires (rule_of (b), PS_RULE_REQUIRES_LEAF);
  ps_pinset_rule_add_anchor (rule_of (b), anchor);
  ps_pinset_rule_set_max_age (rule_of (b), 60);
  ps_pinset_domain_set_subdomains (domain, PS_SUBDOMAINS_ONE_LABEL);
  ps_pinset_add_base_anchor (b, anchor);
  ps_pinset_add_debug_anchor (b, anchor);
  entries = ps_compare_pinsets (a, b);

  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < entries->len && !found; i++)
        {
          PsDiffEntry *entry = g_ptr_array_index (entries, i);

          found = g_strcmp0 (entry->field, fields[f]) == 0;
        }
      g_test_message ("%s", fields[f]);
      g_assert_true (found);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  pki_setup ();

  g_test_add_func ("/compare/rotation/new-leaf-key", test_rotation_new_leaf_key);
  g_test_add_func ("/compare/rotation/backup-key", test_rotation_backup_key);
  g_test_add_func ("/compare/rotation/same-intermediate", test_rotation_same_intermediate);
  g_test_add_func ("/compare/rotation/other-intermediate", test_rotation_other_intermediate);
  g_test_add_func ("/compare/rotation/root", test_rotation_root);
  g_test_add_func ("/compare/rotation/untrusted", test_rotation_untrusted);
  g_test_add_func ("/compare/rotation/root-sent", test_rotation_root_sent);
  g_test_add_func ("/compare/rotation/wildcard-leaf", test_rotation_wildcard_leaf);
  g_test_add_func ("/compare/rotation/not-covered", test_rotation_not_covered);
  g_test_add_func ("/compare/pinset-vs-chains", test_pinset_vs_chains);
  g_test_add_func ("/compare/diff", test_diff);
  g_test_add_func ("/compare/policy/report-only", test_policy_report_only);
  g_test_add_func ("/compare/policy/excluded", test_policy_excluded);
  g_test_add_func ("/compare/override-pins", test_override_pins);
  g_test_add_func ("/compare/requires-leaf-and-ca", test_requires_leaf_and_ca);
  g_test_add_func ("/compare/sha1-pin", test_sha1_pin_matches);
  g_test_add_func ("/compare/one-label", test_one_label);
  g_test_add_func ("/compare/diff-semantics", test_diff_semantics);

  status = g_test_run ();
  pki_teardown ();
  return status;
}
