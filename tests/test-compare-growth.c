/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ps-lint.h"
#include "ps-pin-match.h"
#include "ps-pinset-diff.h"
#include "ps-pinset.h"
#include "pinset-test-pki.h"

/* Issue 15: work within the caps stays linear. Each case is built at a size n and at 4n,
 * and the time ratio must stay near the size ratio (quadratic growth would be 16). The
 * size grows until the small case takes long enough that timer noise does not decide. */

#define SIZE_RATIO 4
#define MIN_SECONDS 0.03
#define MAX_SIZE 64000

typedef PsPinset *(*MakeFunc) (guint n, guint variant);
typedef void (*RunFunc) (PsPinset *a, PsPinset *b);

static PsPinsetPin *
random_pin (GRand *rand,
            guint  i)
{
  guint8 digest[32];
  g_autoptr(PsPin) pin = NULL;
  g_autofree char *label = g_strdup_printf ("key %u", i);

  for (guint k = 0; k < sizeof digest; k++)
    digest[k] = g_rand_int_range (rand, 0, 256);
  pin = ps_pin_new_from_digest (PS_PIN_SHA256, digest, sizeof digest);
  return ps_pinset_pin_new (pin, label, i == 0 ? PS_PIN_ROLE_LEAF : PS_PIN_ROLE_BACKUP);
}

static PsPinsetRule *
rule_for (const char *name)
{
  PsPinsetRule *rule = ps_pinset_rule_new ();
  g_autoptr(PsPinsetDomain) domain = ps_pinset_domain_new (name, TRUE);

  ps_pinset_rule_add_domain (rule, domain);
  return rule;
}

/* One rule with @n pins. Variant 1 has a tenth of them replaced and one relabelled, so a
 * diff has removals, additions and changes to find. */
static PsPinset *
make_many_pins (guint n,
                guint variant)
{
  PsPinset *pinset = ps_pinset_new ("growth");
  g_autoptr(PsPinsetRule) rule = rule_for ("example.com");
  g_autoptr(GRand) rand = g_rand_new_with_seed (n);
  g_autoptr(GRand) other = g_rand_new_with_seed (n + 1);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PsPinsetPin) pin = random_pin (variant == 1 && i % 10 == 9 ? other : rand, i);

      /* Keep both sequences in step, so the other pins stay the same. */
      if (variant == 1 && i % 10 == 9)
        g_rand_int (rand);
      if (variant == 1 && i == 1)
        ps_pinset_pin_set_label (pin, "relabelled");
      g_assert_true (ps_pinset_rule_add_pin (rule, pin));
    }
  ps_pinset_add_rule (pinset, rule);
  return pinset;
}

/* @n rules of two pins each, one domain per rule and one shared by all of them. Variant 1
 * drops every tenth rule and renames the last. */
static PsPinset *
make_many_rules (guint n,
                 guint variant)
{
  PsPinset *pinset = ps_pinset_new ("growth");
  g_autoptr(GRand) rand = g_rand_new_with_seed (n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(PsPinsetRule) rule = NULL;
      g_autoptr(PsPinsetPin) leaf = random_pin (rand, 0);
      g_autoptr(PsPinsetPin) backup = random_pin (rand, 1);

      if (variant == 1 && i % 10 == 9)
        continue;
      if (variant == 1 && i == n - 1)
        name = g_strdup ("renamed.example.com");
      else
        name = g_strdup_printf ("host%u.example.com", i);
      rule = rule_for (name);
      ps_pinset_rule_add_pin (rule, leaf);
      ps_pinset_rule_add_pin (rule, backup);
      ps_pinset_add_rule (pinset, rule);
    }
  return pinset;
}

static void
run_lint (PsPinset *a,
          PsPinset *b)
{
  g_autoptr(GPtrArray) chains = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) findings = NULL;

  g_ptr_array_add (chains, pki_chain (pki.chain1, "www.example.com"));
  findings = ps_lint_pinset (a, chains, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (findings), >, 0);
}

static void
run_diff (PsPinset *a,
          PsPinset *b)
{
  g_autoptr(GListModel) entries = ps_compare_pinsets (a, b);

  g_assert_cmpuint (g_list_model_get_n_items (entries), >, 0);
}

static void
run_match (PsPinset *a,
           PsPinset *b)
{
  g_autoptr(GPtrArray) chains = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) matches = NULL;

  g_ptr_array_add (chains, pki_chain (pki.chain1, "www.example.com"));
  g_ptr_array_add (chains, pki_chain (pki.chain2, "host1.example.com"));
  matches = ps_compare_pinset_chains (a, chains);
  g_assert_cmpuint (g_list_model_get_n_items (matches), >, 0);
}

/* The best of three runs of @run on pinsets of size @n, in seconds. */
static double
time_case (MakeFunc make,
           RunFunc  run,
           guint    n)
{
  g_autoptr(PsPinset) a = make (n, 0);
  g_autoptr(PsPinset) b = make (n, 1);
  double best = G_MAXDOUBLE;

  for (guint round = 0; round < 3; round++)
    {
      gint64 start = g_get_monotonic_time ();

      run (a, b);
      best = MIN (best, (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
    }
  return best;
}

static void
check_growth (const char *what,
              MakeFunc    make,
              RunFunc     run,
              guint       n)
{
  double small, large;

  small = time_case (make, run, n);
  while (small < MIN_SECONDS && n * SIZE_RATIO * 2 <= MAX_SIZE)
    {
      n *= 2;
      small = time_case (make, run, n);
    }
  large = time_case (make, run, n * SIZE_RATIO);
  g_test_message ("%s: %u %.3f s, %u %.3f s", what, n, small, n * SIZE_RATIO, large);
  g_printerr ("# growth: %s of %u %.3f s, of %u %.3f s (time ratio %.2f for size ratio %d)\n",
              what, n, small, n * SIZE_RATIO, large, large / small, SIZE_RATIO);

  /* Generous bounds for a shared machine: 2.5 times the size ratio, plus a little for
   * timer noise. */
  g_assert_cmpfloat (large, <, 2.5 * SIZE_RATIO * small + 0.02);
}

static void
test_lint_many_pins (void)
{
  check_growth ("lint, pins of one rule", make_many_pins, run_lint, 500);
}

static void
test_lint_many_rules (void)
{
  check_growth ("lint, rules", make_many_rules, run_lint, 250);
}

static void
test_diff_many_pins (void)
{
  check_growth ("diff, pins of one rule", make_many_pins, run_diff, 500);
}

static void
test_diff_many_rules (void)
{
  check_growth ("diff, rules", make_many_rules, run_diff, 250);
}

static void
test_match_many_rules (void)
{
  check_growth ("match against chains, rules", make_many_rules, run_match, 250);
}

static void
test_match_many_pins (void)
{
  check_growth ("match against chains, pins of one rule", make_many_pins, run_match, 500);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  pki_setup ();

  g_test_add_func ("/compare-growth/lint-many-pins", test_lint_many_pins);
  g_test_add_func ("/compare-growth/lint-many-rules", test_lint_many_rules);
  g_test_add_func ("/compare-growth/diff-many-pins", test_diff_many_pins);
  g_test_add_func ("/compare-growth/diff-many-rules", test_diff_many_rules);
  g_test_add_func ("/compare-growth/match-many-rules", test_match_many_rules);
  g_test_add_func ("/compare-growth/match-many-pins", test_match_many_pins);

  status = g_test_run ();
  pki_teardown ();
  return status;
}
