/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ps-lint.h"
#include "ps-pinset.h"
#include "pinset-test-pki.h"

static GDateTime *
now (void)
{
  return g_date_time_new_now_utc ();
}

static GDateTime *
days_from_now (int days)
{
  g_autoptr(GDateTime) current = now ();

  return g_date_time_add_days (current, days);
}

/* A pinset of one rule for example.com (with subdomains) with the given base64 pins, each
 * "ROLE:B64". Expires in a year unless @expiration_days is 0 (none). */
static PsPinset *
pinset_with (const char * const *pins,
             int                 expiration_days)
{
  PsPinset *pinset = ps_pinset_new ("test");
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
  g_autoptr(PsPinsetDomain) domain = ps_pinset_domain_new ("example.com", TRUE);

  ps_pinset_rule_add_domain (rule, domain);
  if (expiration_days != 0)
    {
      g_autoptr(GDateTime) expiration = days_from_now (expiration_days);
      ps_pinset_rule_set_expiration (rule, expiration);
    }

  for (guint i = 0; pins != NULL && pins[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (pins[i], ":", 2);
      g_autoptr(PsPinsetPin) pin = NULL;
      PsPinRole role;

      g_assert_true (ps_pin_role_from_string (parts[0], &role));
      pin = ps_pinset_pin_new_from_text (parts[1], NULL, role);
      ps_pinset_rule_append_pin (rule, pin);
    }

  ps_pinset_add_rule (pinset, rule);
  return pinset;
}

static PsFinding *
find (GListModel *findings,
      const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(PsFinding) finding = g_list_model_get_item (findings, i);

      if (g_str_equal (ps_finding_get_id (finding), id))
        return finding;
    }
  return NULL;
}

static void
dump (GListModel *findings)
{
  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(PsFinding) finding = g_list_model_get_item (findings, i);

      g_test_message ("%s %s: %s", ps_severity_to_string (ps_finding_get_severity (finding)),
                      ps_finding_get_id (finding), ps_finding_get_message (finding));
    }
}

/* Lints @pinset against the chain files (NULL-terminated) and checks that @id is found
 * with @severity when @expected, and absent otherwise. */
static void
check_full (PsPinset   *pinset,
            const char *id,
            gboolean    expected,
            PsSeverity  severity,
            const char *hostname,
            ...)
{
  g_autoptr(GPtrArray) chains = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) findings = NULL;
  g_autoptr(GDateTime) current = now ();
  PsFinding *finding;
  const char *path;
  va_list args;

  va_start (args, hostname);
  while ((path = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (chains, pki_chain (path, hostname));
  va_end (args);

  findings = ps_lint_pinset (pinset, chains, current);
  finding = find (findings, id);
  if ((finding != NULL) != expected)
    {
      dump (findings);
      g_error ("%s was %s", id, expected ? "not found" : "found");
    }
  if (finding != NULL)
    {
      g_assert_cmpint (ps_finding_get_severity (finding), ==, severity);
      g_assert_cmpuint (strlen (ps_finding_get_message (finding)), >, 20);
      g_assert_nonnull (ps_finding_get_fix (finding));
      g_assert_cmpuint (strlen (ps_finding_get_fix (finding)), >, 20);
      /* One sentence each. */
      g_assert_true (g_str_has_suffix (ps_finding_get_message (finding), "."));
      g_assert_true (g_str_has_suffix (ps_finding_get_fix (finding), "."));
    }
}

#define YES(p, id, sev, ...) check_full (p, id, TRUE, sev, "www.example.com", __VA_ARGS__, NULL)
#define NO(p, id, ...) check_full (p, id, FALSE, 0, "www.example.com", __VA_ARGS__, NULL)

/* Builds "role:b64" strings. */
static char *
rp (const char *role,
    const char *b64)
{
  return g_strconcat (role, ":", b64, NULL);
}

static void
test_single_pin (void)
{
  g_autofree char *leaf = rp ("leaf", pki.pin_leaf1);
  g_autofree char *backup = rp ("backup", pki.pin_backup);
  g_autofree char *placeholder = rp ("backup", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  const char *p1[] = { leaf, NULL };
  const char *p2[] = { leaf, backup, NULL };
  const char *twice[] = { leaf, leaf, NULL };
  const char *with_placeholder[] = { leaf, placeholder, NULL };
  g_autoptr(PsPinset) single = pinset_with (p1, 365);
  g_autoptr(PsPinset) pair = pinset_with (p2, 365);
  g_autoptr(PsPinset) single_twice = pinset_with (twice, 365);
  g_autoptr(PsPinset) single_with_placeholder = pinset_with (with_placeholder, 365);

  YES (single, "single-pin", PS_SEVERITY_ERROR, NULL);
  NO (pair, "single-pin", NULL);
  /* Two entries, but one key a client can match: still no backup. */
  YES (single_twice, "single-pin", PS_SEVERITY_ERROR, NULL);
  YES (single_with_placeholder, "single-pin", PS_SEVERITY_ERROR, NULL);
}

static void
test_no_backup (void)
{
  g_autofree char *leaf = rp ("leaf", pki.pin_leaf1);
  g_autofree char *inter = rp ("intermediate", pki.pin_int_a);
  g_autofree char *backup = rp ("backup", pki.pin_backup);
  const char *in_chain[] = { leaf, inter, NULL };
  const char *with_backup[] = { leaf, inter, backup, NULL };
  g_autoptr(PsPinset) all_used = pinset_with (in_chain, 365);
  g_autoptr(PsPinset) reserve = pinset_with (with_backup, 365);

  YES (all_used, "no-backup", PS_SEVERITY_WARNING, pki.chain1);
  NO (reserve, "no-backup", pki.chain1);
  /* Without a chain, it cannot be told. */
  NO (all_used, "no-backup", NULL);
}

static void
test_no_match (void)
{
  g_autofree char *leaf1 = rp ("leaf", pki.pin_leaf1);
  g_autofree char *leaf2 = rp ("leaf", pki.pin_leaf2);
  g_autofree char *backup = rp ("backup", pki.pin_backup);
  const char *stale[] = { leaf2, backup, NULL };
  const char *good[] = { leaf1, backup, NULL };
  g_autoptr(PsPinset) broken = pinset_with (stale, 365);
  g_autoptr(PsPinset) fine = pinset_with (good, 365);

  YES (broken, "no-match", PS_SEVERITY_ERROR, pki.chain1);
  NO (fine, "no-match", pki.chain1);
  NO (broken, "no-match", NULL);
}

static void
test_root_only (void)
{
  g_autofree char *root = rp ("root", pki.pin_root);
  g_autofree char *inter = rp ("intermediate", pki.pin_int_a);
  g_autofree char *backup = rp ("backup", pki.pin_backup);
  const char *roots[] = { root, backup, NULL };
  const char *mixed[] = { root, inter, NULL };
  g_autoptr(PsPinset) only_root = pinset_with (roots, 365);
  g_autoptr(PsPinset) both = pinset_with (mixed, 365);

  YES (only_root, "root-only", PS_SEVERITY_WARNING, pki.chain1);
  YES (only_root, "root-only", PS_SEVERITY_WARNING, NULL);
  NO (both, "root-only", pki.chain1);
}

static void
test_intermediate_only (void)
{
  g_autofree char *inter_a = rp ("intermediate", pki.pin_int_a);
  g_autofree char *inter_b = rp ("intermediate", pki.pin_int_b);
  g_autofree char *root = rp ("root", pki.pin_root);
  g_autofree char *backup = rp ("backup", pki.pin_backup);
  const char *inters[] = { inter_a, inter_b, backup, NULL };
  const char *mixed[] = { inter_a, root, NULL };
  g_autoptr(PsPinset) only = pinset_with (inters, 365);
  g_autoptr(PsPinset) both = pinset_with (mixed, 365);

  YES (only, "intermediate-only", PS_SEVERITY_WARNING, pki.chain1);
  NO (both, "intermediate-only", pki.chain1);
  NO (only, "root-only", pki.chain1);
}

static void
test_leaf_only_no_backup (void)
{
  g_autofree char *leaf1 = rp ("leaf", pki.pin_leaf1);
  g_autofree char *leaf2 = rp ("leaf", pki.pin_leaf2);
  g_autofree char *backup = rp ("backup", pki.pin_backup);
  const char *leaves[] = { leaf1, leaf2, NULL };
  const char *with_backup[] = { leaf1, backup, NULL };
  g_autoptr(PsPinset) only = pinset_with (leaves, 365);
  g_autoptr(PsPinset) fine = pinset_with (with_backup, 365);

  YES (only, "leaf-only-no-backup", PS_SEVERITY_WARNING, NULL);
  NO (fine, "leaf-only-no-backup", NULL);
  NO (fine, "leaf-only-no-backup", pki.chain1);
  /* With the chain, leaf2 is not in use, so it is a key in reserve. */
  NO (only, "leaf-only-no-backup", pki.chain1);
}

static void
test_expiration (void)
{
  g_autofree char *leaf = rp ("leaf", pki.pin_leaf1);
  g_autofree char *backup = rp ("backup", pki.pin_backup);
  const char *pins[] = { leaf, backup, NULL };
  g_autoptr(PsPinset) past = pinset_with (pins, -3);
  g_autoptr(PsPinset) future = pinset_with (pins, 60);
  g_autoptr(PsPinset) never = pinset_with (pins, 0);
  g_autoptr(PsPinset) far = pinset_with (pins, 3 * 365);

  YES (past, "expired", PS_SEVERITY_ERROR, NULL);
  NO (future, "expired", NULL);
  NO (never, "expired", NULL);

  YES (never, "no-expiration", PS_SEVERITY_WARNING, NULL);
  NO (future, "no-expiration", NULL);

  /* The leaf expires in 90 days and the intermediate in 5 years; only the leaf is pinned
   * (the backup key has no certificate). */
  YES (far, "outlives-certificates", PS_SEVERITY_WARNING, pki.chain1);
  NO (future, "outlives-certificates", pki.chain1);
  /* Without a chain nothing is known about the certificates. */
  NO (far, "outlives-certificates", NULL);

  /* A pin that knows its certificate's expiry is enough. */
  {
    g_autoptr(PsPinsetRule) rule = g_list_model_get_item (ps_pinset_get_rules (far), 0);
    g_autoptr(PsPinsetPin) pin = g_list_model_get_item (ps_pinset_rule_get_pins (rule), 0);
    g_autoptr(GDateTime) not_after = days_from_now (200);

    ps_pinset_pin_set_not_after (pin, not_after);
    YES (far, "outlives-certificates", PS_SEVERITY_WARNING, NULL);
  }
}

static void
test_expiring_soon (void)
{
  g_autofree char *leaf = rp ("leaf", pki.pin_leaf1);
  g_autofree char *backup = rp ("backup", pki.pin_backup);
  const char *pins[] = { leaf, backup, NULL };
  g_autoptr(PsPinset) pinset = pinset_with (pins, 60);

  /* leaf_soon has leaf1's key and expires in 10 days. */
  YES (pinset, "expiring-soon", PS_SEVERITY_WARNING, pki.chain_soon);
  NO (pinset, "expiring-soon", pki.chain1);
}

static void
test_invalid_and_placeholder (void)
{
  g_autofree char *leaf = rp ("leaf", pki.pin_leaf1);
  g_autofree char *backup = rp ("backup", pki.pin_backup);
  const char *bad[] = { leaf, "backup:sha256/this-is-not-base64!", NULL };
  const char *short_pin[] = { leaf, "backup:sha256/AAAA", NULL };
  const char *placeholder[] = { leaf, "backup:sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                                NULL };
  const char *doc_example[] = { leaf, "backup:7HIpactkIAq2Y49orFOOQKurWxmmSFZhBCoQYcRhJ3Y=",
                                NULL };
  const char *good[] = { leaf, backup, NULL };
  g_autoptr(PsPinset) p_bad = pinset_with (bad, 60);
  g_autoptr(PsPinset) p_short = pinset_with (short_pin, 60);
  g_autoptr(PsPinset) p_placeholder = pinset_with (placeholder, 60);
  g_autoptr(PsPinset) p_doc = pinset_with (doc_example, 60);
  g_autoptr(PsPinset) p_good = pinset_with (good, 60);

  YES (p_bad, "invalid-pin", PS_SEVERITY_ERROR, NULL);
  YES (p_short, "invalid-pin", PS_SEVERITY_ERROR, NULL);
  NO (p_good, "invalid-pin", NULL);
  NO (p_placeholder, "invalid-pin", NULL);

  YES (p_placeholder, "placeholder-pin", PS_SEVERITY_ERROR, NULL);
  YES (p_doc, "placeholder-pin", PS_SEVERITY_ERROR, NULL);
  NO (p_good, "placeholder-pin", NULL);
  NO (p_bad, "placeholder-pin", NULL);

  /* A placeholder read from a native document (it parses as base64) is caught too. */
  {
    g_autoptr(PsPinset) pinset = ps_pinset_new ("placeholder");
    g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
    g_autoptr(PsPinsetDomain) domain = ps_pinset_domain_new ("example.com", FALSE);
    guint8 zeros[32] = { 0 };
    g_autoptr(PsPin) zero = ps_pin_new_from_digest (PS_PIN_SHA256, zeros, sizeof zeros);
    g_autoptr(PsPinsetPin) pin = ps_pinset_pin_new (zero, NULL, PS_PIN_ROLE_BACKUP);
    g_autofree char *json = NULL;
    g_autoptr(PsPinset) back = NULL;

    ps_pinset_rule_add_domain (rule, domain);
    ps_pinset_rule_add_pin (rule, pin);
    ps_pinset_add_rule (pinset, rule);
    json = ps_pinset_to_json (pinset);
    back = ps_pinset_new_from_json (json, -1, NULL);
    g_assert_nonnull (back);
    YES (back, "placeholder-pin", PS_SEVERITY_ERROR, NULL);
  }
}

static void
test_duplicate (void)
{
  g_autofree char *leaf = rp ("leaf", pki.pin_leaf1);
  g_autofree char *leaf_again = rp ("backup", pki.pin_leaf1);
  g_autofree char *backup = rp ("backup", pki.pin_backup);
  const char *dup[] = { leaf, backup, leaf_again, NULL };
  const char *good[] = { leaf, backup, NULL };
  g_autoptr(PsPinset) p_dup = pinset_with (dup, 60);
  g_autoptr(PsPinset) p_good = pinset_with (good, 60);

  YES (p_dup, "duplicate-pin", PS_SEVERITY_INFO, NULL);
  NO (p_good, "duplicate-pin", NULL);

  /* A value repeated three times is one finding that names the three pins. */
  {
    const char *three[] = { leaf, backup, leaf_again, leaf, NULL };
    g_autoptr(PsPinset) p_three = pinset_with (three, 60);
    g_autoptr(GListModel) findings = ps_lint_pinset (p_three, NULL, NULL);
    guint count = 0;

    for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
      {
        g_autoptr(PsFinding) finding = g_list_model_get_item (findings, i);

        if (g_str_equal (ps_finding_get_id (finding), "duplicate-pin"))
          {
            count++;
            g_assert_cmpuint (g_list_model_get_n_items (ps_finding_get_pins (finding)), ==, 3);
          }
      }
    g_assert_cmpuint (count, ==, 1);
  }
}

static void
test_certificate_hash (void)
{
  g_autofree char *fpr = rp ("leaf", pki.fingerprint_leaf1);
  g_autofree char *leaf = rp ("leaf", pki.pin_leaf1);
  g_autofree char *backup = rp ("backup", pki.pin_backup);
  const char *wrong[] = { fpr, backup, NULL };
  const char *good[] = { leaf, backup, NULL };
  g_autoptr(PsPinset) p_wrong = pinset_with (wrong, 60);
  g_autoptr(PsPinset) p_good = pinset_with (good, 60);

  g_assert_cmpstr (pki.fingerprint_leaf1, !=, pki.pin_leaf1);
  YES (p_wrong, "certificate-hash", PS_SEVERITY_ERROR, pki.chain1);
  NO (p_good, "certificate-hash", pki.chain1);
}

static void
test_weak_key (void)
{
  g_autofree char *inter = rp ("intermediate", pki.pin_int_a);
  g_autofree char *backup = rp ("backup", pki.pin_backup);
  const char *pins[] = { inter, backup, NULL };
  g_autoptr(PsPinset) pinset = pinset_with (pins, 60);

  YES (pinset, "weak-key", PS_SEVERITY_WARNING, pki.chain_weak);
  YES (pinset, "weak-key", PS_SEVERITY_WARNING, pki.chain_sha1);
  NO (pinset, "weak-key", pki.chain1);
}

static void
test_wildcard_domain (void)
{
  g_autofree char *leaf = rp ("leaf", pki.pin_leaf1);
  g_autofree char *backup = rp ("backup", pki.pin_backup);
  const char *pins[] = { leaf, backup, NULL };
  g_autoptr(PsPinset) plain = pinset_with (pins, 60);
  g_autoptr(PsPinset) wildcard = pinset_with (pins, 60);
  g_autoptr(PsPinsetRule) rule = g_list_model_get_item (ps_pinset_get_rules (wildcard), 0);
  g_autoptr(PsPinsetDomain) domain = ps_pinset_domain_new ("*.example.com", FALSE);

  ps_pinset_rule_add_domain (rule, domain);
  YES (wildcard, "wildcard-domain", PS_SEVERITY_WARNING, NULL);
  NO (plain, "wildcard-domain", NULL);
}

/* The same domain in two rules: Android refuses the file, TrustKit and ATS keep one. */
static void
test_duplicate_domain (void)
{
  g_autofree char *leaf = rp ("leaf", pki.pin_leaf1);
  g_autofree char *backup = rp ("backup", pki.pin_backup);
  const char *pins[] = { leaf, backup, NULL };
  g_autoptr(PsPinset) once = pinset_with (pins, 60);
  g_autoptr(PsPinset) twice = pinset_with (pins, 60);
  g_autoptr(PsPinset) other = pinset_with (pins, 60);
  g_autoptr(PsPinsetRule) second = ps_pinset_rule_new ();
  g_autoptr(PsPinsetRule) third = ps_pinset_rule_new ();
  g_autoptr(PsPinsetDomain) same = ps_pinset_domain_new ("example.com", FALSE);
  g_autoptr(PsPinsetDomain) different = ps_pinset_domain_new ("example.org", TRUE);
  g_autoptr(PsPin) value = pin_from_b64 (pki.pin_leaf2);
  g_autoptr(PsPinsetPin) pin = ps_pinset_pin_new (value, NULL, PS_PIN_ROLE_LEAF);

  ps_pinset_rule_add_domain (second, same);
  ps_pinset_rule_add_pin (second, pin);
  ps_pinset_add_rule (twice, second);
  ps_pinset_rule_add_domain (third, different);
  ps_pinset_rule_add_pin (third, pin);
  ps_pinset_add_rule (other, third);

  YES (twice, "duplicate-domain", PS_SEVERITY_WARNING, NULL);
  NO (once, "duplicate-domain", NULL);
  NO (other, "duplicate-domain", NULL);
}

static void
test_no_chain (void)
{
  g_autofree char *leaf = rp ("leaf", pki.pin_leaf1);
  g_autofree char *backup = rp ("backup", pki.pin_backup);
  const char *pins[] = { leaf, backup, NULL };
  g_autoptr(PsPinset) pinset = pinset_with (pins, 60);

  YES (pinset, "no-chain", PS_SEVERITY_INFO, NULL);
  NO (pinset, "no-chain", pki.chain1);
  /* A chain for another host does not cover the rule: said so, not guessed. */
  check_full (pinset, "no-chain", TRUE, PS_SEVERITY_INFO, "www.example.net", pki.chain1, NULL);
  check_full (pinset, "no-match", FALSE, 0, "www.example.net", pki.chain1, NULL);

  /* A chain read from a file without a host name is matched by the leaf's names. */
  check_full (pinset, "no-chain", FALSE, 0, NULL, pki.chain1, NULL);
}

static void
test_structure (void)
{
  g_autoptr(PsPinset) empty = ps_pinset_new ("empty");
  g_autoptr(PsPinset) no_pins = pinset_with (NULL, 60);
  g_autoptr(PsPinset) no_domains = ps_pinset_new ("no domains");
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
  g_autoptr(PsPin) pin = pin_from_b64 (pki.pin_leaf1);
  g_autoptr(PsPinsetPin) item = ps_pinset_pin_new (pin, NULL, PS_PIN_ROLE_LEAF);

  ps_pinset_rule_add_pin (rule, item);
  ps_pinset_add_rule (no_domains, rule);

  YES (empty, "no-rules", PS_SEVERITY_ERROR, NULL);
  YES (no_pins, "no-pins", PS_SEVERITY_ERROR, NULL);
  NO (no_pins, "single-pin", NULL);
  YES (no_domains, "no-domains", PS_SEVERITY_ERROR, NULL);
}

static void
test_order_and_details (void)
{
  g_autofree char *leaf2 = rp ("leaf", pki.pin_leaf2);
  const char *pins[] = { leaf2, NULL };
  g_autoptr(PsPinset) pinset = pinset_with (pins, 0);
  g_autoptr(GPtrArray) chains = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) findings = NULL;
  PsFinding *single;
  PsFinding *no_match;
  int last = PS_SEVERITY_ERROR;

  g_ptr_array_add (chains, pki_chain (pki.chain1, "www.example.com"));
  findings = ps_lint_pinset (pinset, chains, NULL);

  /* Errors first, then warnings, then information. */
  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(PsFinding) finding = g_list_model_get_item (findings, i);

      g_assert_cmpint (ps_finding_get_severity (finding), <=, last);
      last = ps_finding_get_severity (finding);
    }
  g_assert_cmpint (ps_lint_max_severity (findings), ==, PS_SEVERITY_ERROR);

  /* Findings say which rule and pins they concern. */
  single = find (findings, "single-pin");
  g_assert_nonnull (single);
  g_assert_cmpint (ps_finding_get_rule_index (single), ==, 0);
  g_assert_nonnull (ps_finding_get_rule (single));
  g_assert_cmpuint (g_list_model_get_n_items (ps_finding_get_pins (single)), ==, 1);
  no_match = find (findings, "no-match");
  g_assert_nonnull (no_match);
  g_assert_cmpstr (ps_finding_get_hostname (no_match), ==, "www.example.com");
  g_assert_nonnull (strstr (ps_finding_get_message (no_match), "example.com"));
}

static PsPinsetRule *
first_rule (PsPinset *pinset)
{
  /* The pinset keeps the rule alive. */
  g_autoptr(PsPinsetRule) rule = g_list_model_get_item (ps_pinset_get_rules (pinset), 0);

  return rule;
}

static void
test_not_enforced (void)
{
  g_autofree char *leaf = rp ("leaf", pki.pin_leaf1);
  g_autofree char *backup = rp ("backup", pki.pin_backup);
  const char *pins[] = { leaf, backup, NULL };
  g_autoptr(PsPinset) enforced = pinset_with (pins, 60);
  g_autoptr(PsPinset) report_only = pinset_with (pins, 60);
  g_autoptr(PsPinset) excluded = pinset_with (NULL, 60);

  ps_pinset_rule_set_policy (first_rule (report_only), PS_RULE_REPORT_ONLY);
  ps_pinset_rule_set_policy (first_rule (excluded), PS_RULE_EXCLUDED);

  NO (enforced, "not-enforced", NULL);
  YES (report_only, "not-enforced", PS_SEVERITY_WARNING, NULL);
  YES (excluded, "not-enforced", PS_SEVERITY_WARNING, NULL);
  /* An excluded rule pins nothing on purpose: no pin checks for it. */
  NO (excluded, "no-pins", NULL);
  NO (excluded, "no-expiration", NULL);
  /* A report-only mismatch blocks nothing: not-enforced says it, no-match does not. */
  {
    g_autofree char *other = rp ("leaf", pki.pin_leaf2);
    g_autofree char *other_backup = rp ("backup", pki.pin_backup);
    const char *mismatch[] = { other, other_backup, NULL };
    g_autoptr(PsPinset) reporting = pinset_with (mismatch, 60);

    YES (reporting, "no-match", PS_SEVERITY_ERROR, pki.chain1);
    ps_pinset_rule_set_policy (first_rule (reporting), PS_RULE_REPORT_ONLY);
    NO (reporting, "no-match", pki.chain1);
  }
}

static void
test_blocked_domain (void)
{
  g_autofree char *leaf = rp ("leaf", pki.pin_leaf1);
  g_autofree char *inter = rp ("intermediate", pki.pin_int_a);
  const char *ca_only[] = { inter, NULL };
  const char *both[] = { leaf, inter, NULL };
  g_autoptr(PsPinset) empty_leaf_list = pinset_with (ca_only, 60);
  g_autoptr(PsPinset) ca_list = pinset_with (ca_only, 60);
  g_autoptr(PsPinset) full = pinset_with (both, 60);
  g_autoptr(PsPinset) no_requirement = pinset_with (ca_only, 60);

  /* ATS: NSPinnedLeafIdentities present and empty, NSPinnedCAIdentities with a pin. */
  ps_pinset_rule_set_requires (first_rule (empty_leaf_list),
                               PS_RULE_REQUIRES_LEAF | PS_RULE_REQUIRES_CA);
  ps_pinset_rule_set_requires (first_rule (ca_list), PS_RULE_REQUIRES_CA);
  ps_pinset_rule_set_requires (first_rule (full), PS_RULE_REQUIRES_LEAF | PS_RULE_REQUIRES_CA);

  YES (empty_leaf_list, "blocked-domain", PS_SEVERITY_ERROR, NULL);
  NO (ca_list, "blocked-domain", NULL);
  NO (full, "blocked-domain", NULL);
  NO (no_requirement, "blocked-domain", NULL);

  /* Both lists must match: the leaf key pinned with int_b (not in chain1) is no match. */
  {
    g_autofree char *other_inter = rp ("intermediate", pki.pin_int_b);
    const char *half[] = { leaf, other_inter, NULL };
    g_autoptr(PsPinset) half_matching = pinset_with (half, 60);

    NO (half_matching, "no-match", pki.chain1);
    ps_pinset_rule_set_requires (first_rule (half_matching),
                                 PS_RULE_REQUIRES_LEAF | PS_RULE_REQUIRES_CA);
    YES (half_matching, "no-match", PS_SEVERITY_ERROR, pki.chain1);
    NO (full, "no-match", pki.chain1);
  }
}

static void
test_pins_overridden (void)
{
  g_autofree char *leaf = rp ("leaf", pki.pin_leaf1);
  g_autofree char *backup = rp ("backup", pki.pin_backup);
  const char *pins[] = { leaf, backup, NULL };
  g_autoptr(PsPinset) own = pinset_with (pins, 60);
  g_autoptr(PsPinset) base = pinset_with (pins, 60);
  g_autoptr(PsPinset) own_wins = pinset_with (pins, 60);
  g_autoptr(PsPinset) debug_only = pinset_with (pins, 60);
  g_autoptr(PsPinset) plain = pinset_with (pins, 60);
  g_autoptr(PsPinsetAnchor) overriding = ps_pinset_anchor_new ("system", TRUE);
  g_autoptr(PsPinsetAnchor) not_overriding = ps_pinset_anchor_new ("@raw/my_ca", FALSE);

  ps_pinset_rule_add_anchor (first_rule (own), overriding);
  ps_pinset_add_base_anchor (base, overriding);
  /* A rule with trust anchors of its own does not inherit the base ones. */
  ps_pinset_add_base_anchor (own_wins, overriding);
  ps_pinset_rule_add_anchor (first_rule (own_wins), not_overriding);
  ps_pinset_add_debug_anchor (debug_only, overriding);

  YES (own, "pins-overridden", PS_SEVERITY_WARNING, NULL);
  YES (base, "pins-overridden", PS_SEVERITY_WARNING, NULL);
  NO (own_wins, "pins-overridden", NULL);
  /* Debug overrides only apply to debuggable builds. */
  NO (debug_only, "pins-overridden", NULL);
  NO (plain, "pins-overridden", NULL);
  g_assert_true (ps_pinset_rule_pins_overridden (first_rule (debug_only), debug_only, TRUE));
  g_assert_false (ps_pinset_rule_pins_overridden (first_rule (debug_only), debug_only, FALSE));

  /* A chain that validates ends at the system anchor: its pins are not checked, so a
   * mismatch is no failure. */
  {
    g_autofree char *other = rp ("leaf", pki.pin_leaf2);
    const char *mismatch[] = { other, backup, NULL };
    g_autoptr(PsPinset) overridden = pinset_with (mismatch, 60);

    ps_pinset_rule_add_anchor (first_rule (overridden), overriding);
    NO (overridden, "no-match", pki.chain1);
  }
}

static void
test_sha1_pin (void)
{
  g_autofree char *sha1 = pki_key_pin_sha1 (pki.leaf1_key);
  g_autofree char *okhttp = g_strconcat ("leaf:sha1/", sha1, NULL);
  g_autofree char *backup = rp ("backup", pki.pin_backup);
  const char *pins[] = { okhttp, backup, NULL };
  g_autoptr(PsPinset) pinset = pinset_with (pins, 60);
  g_autoptr(PsPinset) android = pinset_with (pins, 60);
  g_autoptr(GListModel) findings = NULL;
  PsFinding *finding;

  YES (pinset, "sha1-pin", PS_SEVERITY_WARNING, NULL);
  NO (pinset, "invalid-pin", NULL);
  /* The SHA-1 pin matches the SHA-1 of leaf1's key, as OkHttp compares it. */
  NO (pinset, "no-match", pki.chain1);

  /* Android only takes SHA-256 digests: the whole configuration fails to load. */
  ps_pinset_set_source_format (android, "android");
  YES (android, "invalid-pin", PS_SEVERITY_ERROR, NULL);
  NO (android, "sha1-pin", NULL);
  findings = ps_lint_pinset (android, NULL, NULL);
  finding = find (findings, "invalid-pin");
  g_assert_nonnull (strstr (ps_finding_get_message (finding), "Android refuses to load"));
}

static void
test_android_invalid_pin (void)
{
  g_autofree char *leaf = rp ("leaf", pki.pin_leaf1);
  const char *short_pin[] = { leaf, "unknown:AAAAAAAAAAAA", NULL };
  g_autoptr(PsPinset) native = pinset_with (short_pin, 60);
  g_autoptr(PsPinset) android = pinset_with (short_pin, 60);
  g_autoptr(GListModel) native_findings = NULL;
  g_autoptr(GListModel) android_findings = NULL;

  ps_pinset_set_source_format (android, "android");
  YES (android, "invalid-pin", PS_SEVERITY_ERROR, NULL);
  YES (native, "invalid-pin", PS_SEVERITY_ERROR, NULL);
  native_findings = ps_lint_pinset (native, NULL, NULL);
  android_findings = ps_lint_pinset (android, NULL, NULL);
  g_assert_null (strstr (ps_finding_get_message (find (native_findings, "invalid-pin")),
                         "Android"));
  g_assert_nonnull (strstr (ps_finding_get_message (find (android_findings, "invalid-pin")),
                            "whole network security configuration"));
}

static void
test_placeholder_patterns (void)
{
  const char *placeholders[] = {
    "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=",   /* 04 10 41 repeated */
    "sha256/ABABABABABABABABABABABABABABABABABABABABABA=",
    "ABCDABCDABCDABCDABCDABCDABCDABCDABCDABCDABC=",
    "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",   /* 00 01 02 … 1f */
    "sha256/MTIzNDEyMzQxMjM0MTIzNDEyMzQxMjM0MTIzNDEyMzQ=", /* "1234" repeated */
  };

  for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
    {
      g_autofree char *leaf = rp ("leaf", pki.pin_leaf1);
      g_autofree char *bad = rp ("backup", placeholders[i]);
      const char *pins[] = { leaf, bad, NULL };
      g_autoptr(PsPinset) pinset = pinset_with (pins, 60);

      g_test_message ("%s", placeholders[i]);
      YES (pinset, "placeholder-pin", PS_SEVERITY_ERROR, NULL);
      NO (pinset, "invalid-pin", NULL);
    }

  /* Real pins are never taken for placeholders. */
  {
    const char *real[] = { pki.pin_root, pki.pin_int_a, pki.pin_int_b, pki.pin_leaf1,
                           pki.pin_leaf2, pki.pin_backup };

    for (guint i = 0; i < G_N_ELEMENTS (real); i++)
      {
        g_autoptr(PsPinsetPin) pin = ps_pinset_pin_new_from_text (real[i], NULL,
                                                                  PS_PIN_ROLE_LEAF);

        g_assert_nonnull (ps_pinset_pin_get_pin (pin));
        g_assert_false (ps_pinset_pin_is_placeholder (pin));
      }
  }
}

static void
test_no_expiration_by_format (void)
{
  g_autofree char *leaf = rp ("leaf", pki.pin_leaf1);
  g_autofree char *backup = rp ("backup", pki.pin_backup);
  const char *pins[] = { leaf, backup, NULL };
  const char *without[] = { "okhttp", "ats", "hpkp", "trustkit", "trustkit-swift", "curl",
                            "tlsa" };
  const char *with[] = { "android", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (without); i++)
    {
      g_autoptr(PsPinset) pinset = pinset_with (pins, 0);

      ps_pinset_set_source_format (pinset, without[i]);
      NO (pinset, "no-expiration", NULL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (with); i++)
    {
      g_autoptr(PsPinset) pinset = pinset_with (pins, 0);

      ps_pinset_set_source_format (pinset, with[i]);
      YES (pinset, "no-expiration", PS_SEVERITY_WARNING, NULL);
    }
}

static void
test_unknown_roles (void)
{
  /* What an NSC or OkHttp import gives: several pins, roles unknown, no backup named. */
  g_autofree char *leaf1 = rp ("unknown", pki.pin_leaf1);
  g_autofree char *leaf2 = rp ("unknown", pki.pin_leaf2);
  g_autofree char *inter = rp ("unknown", pki.pin_int_a);
  g_autofree char *root = rp ("unknown", pki.pin_root);
  const char *pins[] = { leaf1, leaf2, inter, root, NULL };
  const char *leaves[] = { leaf1, leaf2, NULL };
  g_autoptr(PsPinset) imported = pinset_with (pins, 60);
  g_autoptr(PsPinset) leaves_only = pinset_with (leaves, 60);

  NO (imported, "leaf-only-no-backup", NULL);
  NO (imported, "leaf-only-no-backup", pki.chain1);
  NO (leaves_only, "leaf-only-no-backup", NULL);
  NO (imported, "root-only", NULL);
  NO (imported, "intermediate-only", NULL);
}


int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  pki_setup ();

  g_test_add_func ("/lint/single-pin", test_single_pin);
  g_test_add_func ("/lint/no-backup", test_no_backup);
  g_test_add_func ("/lint/no-match", test_no_match);
  g_test_add_func ("/lint/root-only", test_root_only);
  g_test_add_func ("/lint/intermediate-only", test_intermediate_only);
  g_test_add_func ("/lint/leaf-only-no-backup", test_leaf_only_no_backup);
  g_test_add_func ("/lint/expiration", test_expiration);
  g_test_add_func ("/lint/expiring-soon", test_expiring_soon);
  g_test_add_func ("/lint/invalid-and-placeholder", test_invalid_and_placeholder);
  g_test_add_func ("/lint/duplicate-pin", test_duplicate);
  g_test_add_func ("/lint/certificate-hash", test_certificate_hash);
  g_test_add_func ("/lint/weak-key", test_weak_key);
  g_test_add_func ("/lint/wildcard-domain", test_wildcard_domain);
  g_test_add_func ("/lint/duplicate-domain", test_duplicate_domain);
  g_test_add_func ("/lint/no-chain", test_no_chain);
  g_test_add_func ("/lint/structure", test_structure);
  g_test_add_func ("/lint/order-and-details", test_order_and_details);
  g_test_add_func ("/lint/not-enforced", test_not_enforced);
  g_test_add_func ("/lint/blocked-domain", test_blocked_domain);
  g_test_add_func ("/lint/pins-overridden", test_pins_overridden);
  g_test_add_func ("/lint/sha1-pin", test_sha1_pin);
  g_test_add_func ("/lint/android-invalid-pin", test_android_invalid_pin);
  g_test_add_func ("/lint/placeholder-patterns", test_placeholder_patterns);
  g_test_add_func ("/lint/no-expiration-by-format", test_no_expiration_by_format);
  g_test_add_func ("/lint/unknown-roles", test_unknown_roles);

  status = g_test_run ();
  pki_teardown ();
  return status;
}
