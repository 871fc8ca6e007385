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

/* An item of a model that holds it: the model's reference keeps it alive. */
static gpointer
borrow_item (GListModel *model,
             guint       position)
{
  g_autoptr(GObject) item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  return item;
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
  g_assert_cmpuint (g_list_model_get_n_items (ps_rotation_report_get_rules (report)), ==, 1);
  return borrow_item (ps_rotation_report_get_rules (report), 0);
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
  g_assert_true (ps_rotation_report_get_accepted (current));
  rule = only_rule (current);
  g_assert_true (ps_rotation_rule_get_accepted (rule));
  g_assert_true (ps_rotation_rule_get_leaf_only_accepted (rule));

  g_assert_false (ps_rotation_report_get_accepted (report));
  g_assert_null (ps_rotation_report_get_chain_problem (report));
  g_assert_true (g_strv_contains (ps_rotation_report_get_names (report), "www.example.com"));
  rule = only_rule (report);
  g_assert_false (ps_rotation_rule_get_accepted (rule));
  g_assert_false (ps_rotation_rule_get_leaf_only_accepted (rule));
  g_assert_cmpuint (g_list_model_get_n_items (ps_rotation_rule_get_matches (rule)), ==, 0);
  g_assert_nonnull (ps_rotation_rule_get_reason (rule));
  g_assert_nonnull (strstr (ps_rotation_rule_get_reason (rule), "None of the 2 pins"));
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

  g_assert_true (ps_rotation_report_get_accepted (report));
  g_assert_true (ps_rotation_rule_get_accepted (rule));
  g_assert_null (ps_rotation_rule_get_reason (rule));
  g_assert_cmpuint (g_list_model_get_n_items (ps_rotation_rule_get_matches (rule)), ==, 1);
  match = borrow_item (ps_rotation_rule_get_matches (rule), 0);
  g_assert_cmpint (ps_rotation_match_get_depth (match), ==, 0);
  g_assert_cmpstr (ps_pinset_pin_get_label (ps_rotation_match_get_pin (match)), ==, "backup");
  /* A leaf-only client such as curl accepts it too: the match is the leaf. */
  g_assert_true (ps_rotation_rule_get_leaf_only_accepted (rule));
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

  g_assert_true (ps_rotation_report_get_accepted (report));
  g_assert_true (ps_rotation_rule_get_accepted (rule));
  g_assert_cmpuint (g_list_model_get_n_items (ps_rotation_rule_get_matches (rule)), ==, 1);
  match = borrow_item (ps_rotation_rule_get_matches (rule), 0);
  g_assert_cmpint (ps_rotation_match_get_depth (match), ==, 1);
  g_assert_cmpint (ps_chain_role_at (ps_rotation_report_get_chain (report), 1), ==, PS_PIN_ROLE_INTERMEDIATE);
  g_assert_false (ps_rotation_rule_get_leaf_only_accepted (rule));
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

  g_assert_false (ps_rotation_report_get_accepted (report));
  g_assert_false (ps_rotation_rule_get_accepted (rule));
  g_assert_nonnull (strstr (ps_rotation_rule_get_reason (rule), "Pinset Test Int B"));
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

  g_assert_true (ps_rotation_report_get_accepted (report));
  g_assert_true (ps_rotation_report_get_accepted (report2));
  match = borrow_item (ps_rotation_rule_get_matches (rule), 0);
  /* The root is not sent: it comes from the trust store and completes the path. */
  g_assert_cmpint (ps_rotation_match_get_depth (match), ==, 2);
  g_assert_cmpint (ps_chain_role_at (ps_rotation_report_get_chain (report), 2), ==, PS_PIN_ROLE_ROOT);
  g_assert_false (ps_rotation_rule_get_leaf_only_accepted (rule));
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
  g_assert_false (ps_rotation_report_get_accepted (report));
  g_assert_nonnull (ps_rotation_report_get_chain_problem (report));
  g_assert_false (ps_rotation_rule_get_accepted (rule));
  g_assert_nonnull (ps_rotation_rule_get_reason (rule));
  /* The leaf pin matches, but curl verifies the chain before it compares the leaf key. */
  g_assert_cmpuint (g_list_model_get_n_items (ps_rotation_rule_get_matches (rule)), >, 0);
  g_assert_false (ps_rotation_rule_get_leaf_only_accepted (rule));
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
  g_assert_true (ps_rotation_report_get_accepted (accepted));
  g_assert_null (ps_rotation_report_get_chain_problem (accepted));
  g_assert_true (ps_rotation_rule_get_accepted (only_rule (accepted)));

  untrusted = pki_chain_with_root (path, NULL, pki.other_root);
  g_assert_true (ps_chain_get_problems (untrusted) & PS_CHAIN_PROBLEM_ROOT_SENT);
  refused = ps_compare_rotation (pinset, untrusted);
  rule = only_rule (refused);
  g_assert_false (ps_rotation_report_get_accepted (refused));
  g_assert_nonnull (ps_rotation_report_get_chain_problem (refused));
  g_assert_null (strstr (ps_rotation_report_get_chain_problem (refused), root_sent));
  g_assert_null (strstr (ps_rotation_report_get_chain_problem (refused), "; "));
  /* The sent root is self-signed and not the store's anchor, and the reason says so. */
  g_assert_nonnull (strstr (ps_rotation_report_get_chain_problem (refused), "self-signed certificate that is not in the "
                                                    "trust store"));
  g_assert_true (g_str_has_suffix (ps_rotation_report_get_chain_problem (refused), "."));
  /* The rule's reason is one sentence of its own, not the verdicts again. */
  g_assert_false (ps_rotation_rule_get_accepted (rule));
  g_assert_null (strstr (ps_rotation_rule_get_reason (rule), root_sent));
  g_assert_null (strstr (ps_rotation_rule_get_reason (rule), ps_rotation_report_get_chain_problem (refused)));
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
  g_assert_cmpuint (g_list_model_get_n_items (ps_rotation_report_get_rules (report)), ==, 1);
  g_assert_false (ps_rotation_report_get_accepted (report));
  g_assert_false (ps_rotation_rule_get_accepted (only_rule (report)));

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
  g_assert_cmpuint (g_list_model_get_n_items (ps_rotation_report_get_rules (pattern_report)), ==, 1);
  g_assert_false (ps_rotation_report_get_accepted (pattern_report));
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
  g_assert_cmpuint (g_list_model_get_n_items (ps_rotation_report_get_rules (report)), ==, 0);
  g_assert_true (ps_rotation_report_get_accepted (report));
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
  g_autoptr(GListModel) matches = NULL;
  int depth_of[4][2];

  g_ptr_array_add (chains, pki_chain (pki.chain1, "www.example.com"));
  g_ptr_array_add (chains, pki_chain (pki.chain_b, "api.example.com"));
  /* Not covered by the rule: ignored. */
  g_ptr_array_add (chains, pki_chain (pki.chain_backup, "www.example.org"));

  for (guint i = 0; i < 4; i++)
    depth_of[i][0] = depth_of[i][1] = -99;

  matches = ps_compare_pinset_chains (pinset, chains);
  for (guint i = 0; i < g_list_model_get_n_items (matches); i++)
    {
      PsPinMatch *match = borrow_item (matches, i);

      g_assert_cmpuint (ps_pin_match_get_rule_index (match), ==, 0);
      g_assert_cmpuint (ps_pin_match_get_pin_index (match), <, 4);
      if (ps_pin_match_get_chain (match) == NULL)
        {
          g_assert_cmpint (ps_pin_match_get_depth (match), ==, -1);
          g_assert_cmpint (ps_pin_match_get_chain_index (match), ==, -1);
          depth_of[ps_pin_match_get_pin_index (match)][0] = -1;
          depth_of[ps_pin_match_get_pin_index (match)][1] = -1;
          continue;
        }
      g_assert_cmpint (ps_pin_match_get_chain_index (match), <, 2);
      depth_of[ps_pin_match_get_pin_index (match)][ps_pin_match_get_chain_index (match)] = ps_pin_match_get_depth (match);
      g_assert_true (ps_pin_equal (ps_certificate_get_spki_pin (ps_pin_match_get_certificate (match)),
                                   ps_pinset_pin_get_pin (ps_pin_match_get_pin (match))));
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
find_entry (GListModel   *entries,
            PsDiffKind    kind,
            PsDiffTarget  target,
            const char   *item,
            const char   *field)
{
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      PsDiffEntry *entry = borrow_item (entries, i);

      if (ps_diff_entry_get_kind (entry) == kind && ps_diff_entry_get_target (entry) == target &&
          g_strcmp0 (ps_diff_entry_get_item (entry), item) == 0 && g_strcmp0 (ps_diff_entry_get_field (entry), field) == 0)
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
  g_autoptr(GListModel) same = NULL;
  g_autoptr(GListModel) entries = NULL;
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
  g_assert_cmpuint (g_list_model_get_n_items (same), ==, 0);

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
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autofree char *text = ps_diff_entry_to_string (borrow_item (entries, i));
      g_test_message ("%s", text);
      g_assert_nonnull (text);
    }

  g_assert_nonnull (find_entry (entries, PS_DIFF_REMOVED, PS_DIFF_PIN, pki.pin_int_a, NULL));
  g_assert_nonnull (find_entry (entries, PS_DIFF_ADDED, PS_DIFF_PIN, pki.pin_leaf2, NULL));
  entry = find_entry (entries, PS_DIFF_CHANGED, PS_DIFF_PIN, pki.pin_backup, "role");
  g_assert_nonnull (entry);
  g_assert_cmpstr (ps_diff_entry_get_old_value (entry), ==, "backup");
  g_assert_cmpstr (ps_diff_entry_get_new_value (entry), ==, "leaf");
  g_assert_nonnull (find_entry (entries, PS_DIFF_CHANGED, PS_DIFF_PIN, pki.pin_backup, "label"));
  g_assert_nonnull (find_entry (entries, PS_DIFF_ADDED, PS_DIFF_DOMAIN, "www.example.org", NULL));
  g_assert_nonnull (find_entry (entries, PS_DIFF_CHANGED, PS_DIFF_DOMAIN, "example.com",
                                "include_subdomains"));
  entry = find_entry (entries, PS_DIFF_CHANGED, PS_DIFF_RULE, NULL, "expiration");
  g_assert_nonnull (entry);
  g_assert_null (ps_diff_entry_get_new_value (entry));
  entry = find_entry (entries, PS_DIFF_ADDED, PS_DIFF_RULE, NULL, NULL);
  g_assert_nonnull (entry);
  g_assert_cmpint (ps_diff_entry_get_rule_a (entry), ==, -1);
  g_assert_cmpint (ps_diff_entry_get_rule_b (entry), ==, 1);
  g_assert_cmpstr (ps_diff_entry_get_rule_label (entry), ==, "api.example.net");
  g_assert_nonnull (find_entry (entries, PS_DIFF_CHANGED, PS_DIFF_DOCUMENT, NULL, "name"));
  /* Nothing else: the leaf1 pin did not change. */
  g_assert_null (find_entry (entries, PS_DIFF_CHANGED, PS_DIFF_PIN, pki.pin_leaf1, "label"));
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 9);

  /* The other way round, the rule is removed. */
  {
    g_autoptr(GListModel) back = ps_compare_pinsets (b, a);

    entry = find_entry (back, PS_DIFF_REMOVED, PS_DIFF_RULE, NULL, NULL);
    g_assert_nonnull (entry);
    g_assert_cmpint (ps_diff_entry_get_rule_a (entry), ==, 1);
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

  g_assert_false (ps_rotation_report_get_accepted (enforced));
  g_assert_cmpint (ps_rotation_rule_get_check (only_rule (enforced)), ==, PS_PIN_CHECK_BLOCKED);

  ps_pinset_rule_set_policy (rule_of (pinset), PS_RULE_REPORT_ONLY);
  reported = rotate (pinset, pki.chain1);
  rule = only_rule (reported);
  g_assert_true (ps_rotation_report_get_accepted (reported));
  g_assert_true (ps_rotation_rule_get_accepted (rule));
  g_assert_cmpint (ps_rotation_rule_get_check (rule), ==, PS_PIN_CHECK_REPORTED);
  g_assert_nonnull (strstr (ps_rotation_rule_get_reason (rule), "only reports"));
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
  g_autoptr(GListModel) matches = NULL;

  ps_pinset_rule_add_domain (exclusion, www);
  ps_pinset_rule_set_policy (exclusion, PS_RULE_EXCLUDED);
  ps_pinset_add_rule (pinset, exclusion);

  report = rotate (pinset, pki.chain1);
  g_assert_true (ps_rotation_report_get_accepted (report));
  g_assert_cmpuint (g_list_model_get_n_items (ps_rotation_report_get_rules (report)), ==, 0);

  g_ptr_array_add (chains, pki_chain (pki.chain1, "www.example.com"));
  g_assert_cmpint (ps_pinset_rule_check_chain (rule_of (pinset), pinset,
                                               g_ptr_array_index (chains, 0), FALSE),
                   ==, PS_PIN_CHECK_NOT_PINNED);
  /* The excluded rule's own entry is left out; the parent's pins match no chain. */
  matches = ps_compare_pinset_chains (pinset, chains);
  for (guint i = 0; i < g_list_model_get_n_items (matches); i++)
    {
      PsPinMatch *match = borrow_item (matches, i);

      g_assert_true (ps_pin_match_get_rule (match) != exclusion);
      g_assert_null (ps_pin_match_get_chain (match));
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
  g_assert_false (ps_rotation_report_get_accepted (report));
  g_clear_object (&report);

  ps_pinset_add_base_anchor (pinset, system);
  report = rotate (pinset, pki.chain1);
  rule = only_rule (report);
  g_assert_true (ps_rotation_report_get_accepted (report));
  g_assert_cmpint (ps_rotation_rule_get_check (rule), ==, PS_PIN_CHECK_OVERRIDDEN);
  g_assert_nonnull (strstr (ps_rotation_rule_get_reason (rule), "overridePins"));

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
  g_assert_true (ps_rotation_report_get_accepted (r_half_any));

  ps_pinset_rule_set_requires (rule_of (both), requires);
  ps_pinset_rule_set_requires (rule_of (half), requires);
  ps_pinset_rule_set_requires (rule_of (leaf_in_ca_list), PS_RULE_REQUIRES_CA);
  ps_pinset_rule_set_requires (rule_of (no_leaf), requires);

  r_both = rotate (both, pki.chain1);
  r_half = rotate (half, pki.chain1);
  r_leaf_in_ca = rotate (leaf_in_ca_list, pki.chain1);
  r_no_leaf = rotate (no_leaf, pki.chain1);
  g_assert_true (ps_rotation_report_get_accepted (r_both));
  g_assert_false (ps_rotation_report_get_accepted (r_half));
  g_assert_nonnull (strstr (ps_rotation_rule_get_reason (only_rule (r_half)), "both"));
  /* A CA list entry only counts at a CA certificate, not at the leaf. */
  g_assert_false (ps_rotation_report_get_accepted (r_leaf_in_ca));
  /* A required list that is empty refuses every connection. */
  g_assert_false (ps_rotation_report_get_accepted (r_no_leaf));
  g_assert_nonnull (strstr (ps_rotation_rule_get_reason (only_rule (r_no_leaf)), "lists none"));
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
  g_assert_true (ps_rotation_report_get_accepted (current));
  g_assert_cmpuint (g_list_model_get_n_items (ps_rotation_rule_get_matches (only_rule (current))), ==, 1);
  g_assert_false (ps_rotation_report_get_accepted (next));
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
  g_assert_cmpuint (g_list_model_get_n_items (ps_rotation_report_get_rules (covered)), ==, 1);

  ps_pinset_domain_set_name (domain, "com");
  not_covered = rotate (pinset, pki.chain1);   /* two labels below "com" */
  g_assert_cmpuint (g_list_model_get_n_items (ps_rotation_report_get_rules (not_covered)), ==, 0);
  g_assert_true (ps_rotation_report_get_accepted (not_covered));
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
  g_autoptr(GListModel) same = ps_compare_pinsets (a, b);
  g_autoptr(GListModel) entries = NULL;
  const char *fields[] = { "policy", "requires", "anchors", "max_age", "subdomains",
                           "base_anchors", "debug_anchors" };

  g_assert_cmpuint (g_list_model_get_n_items (same), ==, 0);
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

      for (guint i = 0; i < g_list_model_get_n_items (entries) && !found; i++)
        {
          PsDiffEntry *entry = borrow_item (entries, i);

          found = g_strcmp0 (ps_diff_entry_get_field (entry), fields[f]) == 0;
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
