/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pinset model's platform semantics (format version 2): roles, subdomain depth,
 * policies, ATS requirements, trust anchors, SHA-1 and unpadded pins, the shared parsers,
 * and how items tell their owners of changes. */
#include "config.h"

#include <string.h>

#include "ps-error.h"
#include "ps-pinset.h"
#include "pinset-test-pki.h"

static PsPin *
pin_of_seed (guint8 seed)
{
  guint8 digest[32];

  for (guint i = 0; i < sizeof digest; i++)
    digest[i] = (guint8) (seed * 31 + i * 7 + (i * i));
  return ps_pin_new_from_digest (PS_PIN_SHA256, digest, sizeof digest);
}

/* A pinset with every member of version 2 set to something other than its default. */
static PsPinset *
make_v2_pinset (void)
{
  PsPinset *pinset = ps_pinset_new ("v2");
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
  g_autoptr(PsPinsetRule) excluded = ps_pinset_rule_new ();
  g_autoptr(PsPinsetDomain) ats = ps_pinset_domain_new_full ("example.com",
                                                             PS_SUBDOMAINS_ONE_LABEL);
  g_autoptr(PsPinsetDomain) any = ps_pinset_domain_new_full ("example.org", PS_SUBDOMAINS_ANY);
  g_autoptr(PsPinsetDomain) exact = ps_pinset_domain_new_full ("legacy.example.com",
                                                               PS_SUBDOMAINS_NONE);
  g_autoptr(PsPin) value = pin_of_seed (1);
  g_autoptr(PsPinsetPin) unknown = ps_pinset_pin_new (value, "from NSC", PS_PIN_ROLE_UNKNOWN);
  g_autoptr(PsPinsetPin) sha1 = ps_pinset_pin_new_from_text ("sha1/2jmj7l5rSw0yVb/vlWAYkK/YBwk=",
                                                             NULL, PS_PIN_ROLE_INTERMEDIATE);
  g_autoptr(PsPinsetPin) unparsed = ps_pinset_pin_new_from_text ("sha256/not-a-pin", NULL,
                                                                 PS_PIN_ROLE_UNKNOWN);
  g_autoptr(PsPinsetAnchor) system = ps_pinset_anchor_new ("system", TRUE);
  g_autoptr(PsPinsetAnchor) raw = ps_pinset_anchor_new ("@raw/my_ca", FALSE);
  g_autoptr(PsPinsetAnchor) user = ps_pinset_anchor_new ("user", TRUE);

  ps_pinset_set_source_format (pinset, "android");
  ps_pinset_add_base_anchor (pinset, raw);
  ps_pinset_add_debug_anchor (pinset, user);

  ps_pinset_rule_add_domain (rule, ats);
  ps_pinset_rule_add_domain (rule, any);
  ps_pinset_rule_append_pin (rule, unknown);
  ps_pinset_rule_append_pin (rule, sha1);
  ps_pinset_rule_append_pin (rule, unparsed);
  ps_pinset_rule_set_policy (rule, PS_RULE_REPORT_ONLY);
  ps_pinset_rule_set_requires (rule, PS_RULE_REQUIRES_LEAF | PS_RULE_REQUIRES_CA);
  ps_pinset_rule_add_anchor (rule, system);
  ps_pinset_rule_set_max_age (rule, 5184000);
  ps_pinset_add_rule (pinset, rule);

  ps_pinset_rule_add_domain (excluded, exact);
  ps_pinset_rule_set_policy (excluded, PS_RULE_EXCLUDED);
  ps_pinset_add_rule (pinset, excluded);
  return pinset;
}

static PsPinset *
round_trip (PsPinset *pinset)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = ps_pinset_to_json (pinset);
  PsPinset *back = ps_pinset_new_from_json (json, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (back);
  return back;
}

static PsPinsetRule *
rule_at (PsPinset *pinset,
         guint     index)
{
  g_autoptr(PsPinsetRule) rule = g_list_model_get_item (ps_pinset_get_rules (pinset), index);

  return rule;  /* the pinset keeps it alive */
}

static void
test_json_v2_round_trip (void)
{
  g_autoptr(PsPinset) pinset = make_v2_pinset ();
  g_autoptr(PsPinset) back = round_trip (pinset);
  g_autofree char *json = ps_pinset_to_json (pinset);
  PsPinsetRule *rule = rule_at (back, 0);
  g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (ps_pinset_rule_get_domains (rule), 0);
  g_autoptr(PsPinsetPin) unknown = g_list_model_get_item (ps_pinset_rule_get_pins (rule), 0);
  g_autoptr(PsPinsetPin) sha1 = g_list_model_get_item (ps_pinset_rule_get_pins (rule), 1);
  g_autoptr(PsPinsetAnchor) anchor = g_list_model_get_item (ps_pinset_rule_get_anchors (rule),
                                                            0);

  g_assert_true (ps_pinset_equal (pinset, back));
  g_assert_nonnull (strstr (json, "\"version\" : 2"));
  g_assert_nonnull (strstr (json, "\"subdomains\" : \"one-label\""));
  g_assert_nonnull (strstr (json, "\"role\" : \"unknown\""));
  g_assert_nonnull (strstr (json, "\"algorithm\" : \"sha1\""));
  g_assert_nonnull (strstr (json, "\"policy\" : \"report-only\""));
  g_assert_nonnull (strstr (json, "\"max_age\" : 5184000"));
  g_assert_nonnull (strstr (json, "\"source_format\" : \"android\""));
  g_assert_nonnull (strstr (json, "\"debug_anchors\""));

  g_assert_cmpstr (ps_pinset_get_source_format (back), ==, "android");
  g_assert_cmpint (ps_pinset_domain_get_subdomains (domain), ==, PS_SUBDOMAINS_ONE_LABEL);
  g_assert_true (ps_pinset_domain_get_include_subdomains (domain));
  g_assert_cmpint (ps_pinset_pin_get_role (unknown), ==, PS_PIN_ROLE_UNKNOWN);
  g_assert_cmpint (ps_pinset_pin_get_algorithm (sha1), ==, PS_PIN_SHA1);
  g_assert_cmpint (ps_pinset_rule_get_policy (rule), ==, PS_RULE_REPORT_ONLY);
  g_assert_cmpint (ps_pinset_rule_get_requires (rule), ==,
                   PS_RULE_REQUIRES_LEAF | PS_RULE_REQUIRES_CA);
  g_assert_cmpint (ps_pinset_rule_get_max_age (rule), ==, 5184000);
  g_assert_cmpstr (ps_pinset_anchor_get_source (anchor), ==, "system");
  g_assert_true (ps_pinset_anchor_get_override_pins (anchor));
  g_assert_cmpint (ps_pinset_rule_get_policy (rule_at (back, 1)), ==, PS_RULE_EXCLUDED);
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_base_anchors (back)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_debug_anchors (back)), ==, 1);
}

/* ps_pinset_equal() sees every new member: change one, and the copy differs. */
static void
test_equal_new_members (void)
{
  for (guint change = 0; change < 9; change++)
    {
      g_autoptr(PsPinset) pinset = make_v2_pinset ();
      g_autoptr(PsPinset) other = round_trip (pinset);
      PsPinsetRule *rule = rule_at (other, 0);
      g_autoptr(PsPinsetDomain) domain =
        g_list_model_get_item (ps_pinset_rule_get_domains (rule), 0);
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (ps_pinset_rule_get_pins (rule), 0);
      g_autoptr(PsPinsetAnchor) anchor = ps_pinset_anchor_new ("system", FALSE);

      g_assert_true (ps_pinset_equal (pinset, other));
      switch (change)
        {
        case 0: ps_pinset_set_source_format (other, "okhttp"); break;
        case 1: ps_pinset_add_base_anchor (other, anchor); break;
        case 2: ps_pinset_add_debug_anchor (other, anchor); break;
        case 3: ps_pinset_rule_set_policy (rule, PS_RULE_ENFORCE); break;
        case 4: ps_pinset_rule_set_requires (rule, PS_RULE_REQUIRES_CA); break;
        case 5: ps_pinset_rule_add_anchor (rule, anchor); break;
        case 6: ps_pinset_rule_set_max_age (rule, -1); break;
        case 7: ps_pinset_domain_set_subdomains (domain, PS_SUBDOMAINS_ANY); break;
        case 8: ps_pinset_pin_set_role (pin, PS_PIN_ROLE_LEAF); break;
        default: g_assert_not_reached ();
        }
      g_test_message ("change %u", change);
      g_assert_false (ps_pinset_equal (pinset, other));
    }
}

static void
test_json_v1_read (void)
{
  const char *v1 =
    "{\"format\": \"pinscope-pinset\", \"version\": 1, \"name\": \"old\",\n"
    " \"created\": \"2025-01-02T03:04:05Z\",\n"
    " \"rules\": [{\"domains\": [{\"name\": \"example.com\", \"include_subdomains\": true},\n"
    "                           {\"name\": \"exact.example.com\", \"include_subdomains\": false}],\n"
    "             \"expiration\": \"2027-06-03\",\n"
    "             \"pins\": [{\"algorithm\": \"sha256\",\n"
    "                       \"hash\": \"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\",\n"
    "                       \"role\": \"intermediate\"}]}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPinset) pinset = ps_pinset_new_from_json (v1, -1, &error);
  PsPinsetRule *rule;
  g_autoptr(PsPinsetDomain) any = NULL;
  g_autoptr(PsPinsetDomain) exact = NULL;
  g_autoptr(PsPinsetPin) pin = NULL;

  g_assert_no_error (error);
  rule = rule_at (pinset, 0);
  any = g_list_model_get_item (ps_pinset_rule_get_domains (rule), 0);
  exact = g_list_model_get_item (ps_pinset_rule_get_domains (rule), 1);
  pin = g_list_model_get_item (ps_pinset_rule_get_pins (rule), 0);

  /* Version 1's include_subdomains is Android's: any depth. */
  g_assert_cmpint (ps_pinset_domain_get_subdomains (any), ==, PS_SUBDOMAINS_ANY);
  g_assert_cmpint (ps_pinset_domain_get_subdomains (exact), ==, PS_SUBDOMAINS_NONE);
  g_assert_cmpint (ps_pinset_pin_get_role (pin), ==, PS_PIN_ROLE_INTERMEDIATE);
  g_assert_cmpint (ps_pinset_rule_get_policy (rule), ==, PS_RULE_ENFORCE);
  g_assert_cmpint (ps_pinset_rule_get_requires (rule), ==, PS_RULE_REQUIRES_NONE);
  g_assert_cmpint (ps_pinset_rule_get_max_age (rule), ==, -1);
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_anchors (rule)), ==, 0);
  g_assert_null (ps_pinset_get_source_format (pinset));
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_base_anchors (pinset)), ==, 0);
}

static void
assert_json_refused (const char *rules,
                     const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"format\": \"pinscope-pinset\", \"version\": 2, "
                                           "\"rules\": [%s]}", rules);
  g_autoptr(PsPinset) pinset = ps_pinset_new_from_json (json, -1, &error);

  g_assert_null (pinset);
  g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected);
}

static void
test_json_v2_refused (void)
{
  assert_json_refused ("{\"domains\": [], \"pins\": [], \"expiration\": \"2027-6-3\"}",
                       "rules[0].expiration");
  assert_json_refused ("{\"domains\": [{\"name\": \"a.com\\u0000evil.com\"}], \"pins\": []}",
                       "NUL");
  assert_json_refused ("{\"domains\": [{\"name\": \"a..com\"}], \"pins\": []}",
                       "rules[0].domains[0].name");
  assert_json_refused ("{\"domains\": [{\"name\": \"a.com\", \"subdomains\": \"two\"}], "
                       "\"pins\": []}", "rules[0].domains[0].subdomains");
  assert_json_refused ("{\"domains\": [], \"pins\": [], \"policy\": \"maybe\"}",
                       "rules[0].policy");
  assert_json_refused ("{\"domains\": [], \"pins\": [], \"requires\": [\"root\"]}",
                       "rules[0].requires[0]");
  assert_json_refused ("{\"domains\": [], \"pins\": [], \"max_age\": -5}",
                       "rules[0].max_age");
  assert_json_refused ("{\"domains\": [], \"pins\": [], \"anchors\": [{\"override_pins\": true}]}",
                       "rules[0].anchors[0].source");
}

static void
test_date_parse (void)
{
  const char *refused[] = { "2027-6-3", "2027-06-3", "27-06-03", "2027-02-30", "2027-13-01",
                            "2027-06-03x", "2027/06/03", "", "0000-01-01", "+027-06-03" };
  g_autoptr(GDateTime) good = ps_date_parse_ymd ("2028-02-29", NULL);

  g_assert_nonnull (good);
  g_assert_cmpint (g_date_time_get_year (good), ==, 2028);
  g_assert_cmpint (g_date_time_get_month (good), ==, 2);
  g_assert_cmpint (g_date_time_get_day_of_month (good), ==, 29);
  g_assert_cmpint (g_date_time_get_hour (good), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) date = ps_date_parse_ymd (refused[i], &error);

      g_test_message ("%s", refused[i]);
      g_assert_null (date);
      g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET);
    }
}

static void
test_domain_validate (void)
{
  const char nul[] = "a.com\0evil.com";
  const char *good[] = { "example.com", "EXAMPLE.com.", "_acme-challenge.example.com",
                         "xn--bcher-kva.example", "a" };
  const char *bad[] = { "", ".", "a..com", "a.com..", ".a.com", "a b.com", "a/b.com", "bücher.de",
                        "*.example.com", "a.*.com", "exa*mple.com" };
  g_autoptr(GError) error = NULL;

  g_assert_false (ps_domain_name_validate (nul, sizeof nul - 1, PS_DOMAIN_NAME_DEFAULT, &error));
  g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET);
  g_assert_nonnull (strstr (error->message, "NUL"));

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (ps_domain_name_validate (good[i], -1, PS_DOMAIN_NAME_DEFAULT, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("%s", bad[i]);
      g_assert_false (ps_domain_name_validate (bad[i], -1, PS_DOMAIN_NAME_DEFAULT, NULL));
    }

  /* Wildcards only where the caller allows them, and only as the whole first label. */
  g_assert_true (ps_domain_name_validate ("*.example.com", -1, PS_DOMAIN_NAME_ALLOW_WILDCARD,
                                          NULL));
  g_assert_true (ps_domain_name_validate ("**.example.com", -1, PS_DOMAIN_NAME_ALLOW_WILDCARD,
                                          NULL));
  g_assert_false (ps_domain_name_validate ("a.*.com", -1, PS_DOMAIN_NAME_ALLOW_WILDCARD, NULL));
  g_assert_false (ps_domain_name_validate ("*", -1, PS_DOMAIN_NAME_ALLOW_WILDCARD, NULL));
}

static void
test_sha1_and_unpadded_pins (void)
{
  g_autoptr(PsPin) padded = pin_of_seed (9);
  g_autofree char *b64 = ps_pin_to_base64 (padded);
  g_autofree char *unpadded = g_strndup (b64, 43);
  g_autofree char *okhttp = g_strconcat ("sha256/", unpadded, NULL);
  g_autofree char *curl = g_strconcat ("sha256//", unpadded, NULL);
  const char *texts[] = { unpadded, okhttp, curl };
  g_autoptr(PsPinsetPin) sha1 = ps_pinset_pin_new_from_text ("sha1/2jmj7l5rSw0yVb/vlWAYkK/YBwk",
                                                             NULL, PS_PIN_ROLE_UNKNOWN);
  g_autoptr(PsPinsetPin) pin_sha1 = ps_pinset_pin_new_from_text ("pin-sha1=\"2jmj7l5rSw0yVb/vlWAYkK/YBwk=\"",
                                                                 NULL, PS_PIN_ROLE_UNKNOWN);
  gsize len = 0;
  g_autofree guint8 *strict = ps_base64_decode (unpadded, FALSE, &len);
  g_autofree guint8 *lenient = ps_base64_decode (unpadded, TRUE, &len);
  g_autofree guint8 *one_left = ps_base64_decode ("AAAAA", TRUE, &len);
  g_autofree guint8 *short_pad = ps_base64_decode ("AAA=A", TRUE, &len);

  g_assert_cmpuint (strlen (b64), ==, 44);
  g_assert_null (strict);
  g_assert_nonnull (lenient);
  g_assert_null (one_left);
  g_assert_null (short_pad);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(PsPinsetPin) pin = ps_pinset_pin_new_from_text (texts[i], NULL,
                                                                PS_PIN_ROLE_UNKNOWN);

      g_test_message ("%s", texts[i]);
      g_assert_nonnull (ps_pinset_pin_get_pin (pin));
      g_assert_null (ps_pinset_pin_get_problem (pin));
      g_assert_true (ps_pin_equal (ps_pinset_pin_get_pin (pin), padded));
    }

  /* SHA-1 pins are kept, usable, with their algorithm (unpadded too). */
  g_assert_nonnull (ps_pinset_pin_get_pin (sha1));
  g_assert_cmpint (ps_pinset_pin_get_problem_code (sha1), ==, -1);
  g_assert_cmpint (ps_pinset_pin_get_algorithm (sha1), ==, PS_PIN_SHA1);
  g_assert_nonnull (ps_pinset_pin_get_pin (pin_sha1));
  g_assert_true (ps_pin_equal (ps_pinset_pin_get_pin (sha1), ps_pinset_pin_get_pin (pin_sha1)));

  /* The strict parser of typed pins still refuses SHA-1. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PsPin) refused = ps_pin_parse ("sha1/2jmj7l5rSw0yVb/vlWAYkK/YBwk=", &error);

    g_assert_null (refused);
    g_assert_error (error, PS_ERROR, PS_ERROR_SHA1_PIN);
  }

  /* An unpadded hash in a native document is read too. */
  {
    g_autofree char *json = g_strdup_printf (
      "{\"format\": \"pinscope-pinset\", \"version\": 2, \"rules\": [{\"domains\": [], "
      "\"pins\": [{\"hash\": \"%s\", \"role\": \"leaf\"}]}]}", unpadded);
    g_autoptr(GError) error = NULL;
    g_autoptr(PsPinset) pinset = ps_pinset_new_from_json (json, -1, &error);
    g_autoptr(PsPinsetPin) pin = NULL;

    g_assert_no_error (error);
    pin = g_list_model_get_item (ps_pinset_rule_get_pins (rule_at (pinset, 0)), 0);
    g_assert_true (ps_pin_equal (ps_pinset_pin_get_pin (pin), padded));
  }
}

static void
test_subdomains (void)
{
  g_autoptr(PsPinsetDomain) one = ps_pinset_domain_new_full ("example.com",
                                                             PS_SUBDOMAINS_ONE_LABEL);
  g_autoptr(PsPinsetDomain) any = ps_pinset_domain_new ("example.com", TRUE);
  g_autoptr(PsPinsetDomain) none = ps_pinset_domain_new ("example.com", FALSE);

  g_assert_true (ps_pinset_domain_covers (one, "example.com"));
  g_assert_true (ps_pinset_domain_covers (one, "a.example.com"));
  g_assert_true (ps_pinset_domain_covers (one, "A.Example.COM."));
  g_assert_false (ps_pinset_domain_covers (one, "b.a.example.com"));
  g_assert_false (ps_pinset_domain_covers (one, "badexample.com"));

  g_assert_true (ps_pinset_domain_covers (any, "b.a.example.com"));
  g_assert_cmpint (ps_pinset_domain_get_subdomains (any), ==, PS_SUBDOMAINS_ANY);
  g_assert_false (ps_pinset_domain_covers (none, "a.example.com"));

  /* include-subdomains TRUE keeps one-label; FALSE clears it. */
  ps_pinset_domain_set_include_subdomains (one, TRUE);
  g_assert_cmpint (ps_pinset_domain_get_subdomains (one), ==, PS_SUBDOMAINS_ONE_LABEL);
  ps_pinset_domain_set_include_subdomains (one, FALSE);
  g_assert_cmpint (ps_pinset_domain_get_subdomains (one), ==, PS_SUBDOMAINS_NONE);
  ps_pinset_domain_set_include_subdomains (one, TRUE);
  g_assert_cmpint (ps_pinset_domain_get_subdomains (one), ==, PS_SUBDOMAINS_ANY);
}

static void
count_cb (GObject *object,
          guint   *count)
{
  (*count)++;
}

static void
test_owners (void)
{
  g_autoptr(PsPinset) a = make_v2_pinset ();
  g_autoptr(PsPinset) b = ps_pinset_new ("b");
  g_autoptr(PsPinsetRule) rule_b = ps_pinset_rule_new ();
  g_autoptr(PsPinsetPin) shared = NULL;
  g_autoptr(PsPinsetAnchor) anchor = ps_pinset_anchor_new ("user", FALSE);
  PsPinsetRule *rule_a = rule_at (a, 0);
  guint changes_a = 0;
  guint changes_b = 0;

  shared = g_list_model_get_item (ps_pinset_rule_get_pins (rule_a), 0);
  ps_pinset_rule_append_pin (rule_b, shared);
  ps_pinset_add_rule (b, rule_b);
  g_signal_connect (a, "changed", G_CALLBACK (count_cb), &changes_a);
  g_signal_connect (b, "changed", G_CALLBACK (count_cb), &changes_b);

  /* A pin held by two rules tells both. */
  ps_pinset_pin_set_label (shared, "shared");
  g_assert_cmpuint (changes_a, ==, 1);
  g_assert_cmpuint (changes_b, ==, 1);

  /* The new members change the document too. */
  ps_pinset_rule_set_policy (rule_a, PS_RULE_ENFORCE);
  ps_pinset_rule_set_requires (rule_a, PS_RULE_REQUIRES_NONE);
  ps_pinset_rule_set_max_age (rule_a, 10);
  ps_pinset_rule_add_anchor (rule_a, anchor);
  ps_pinset_set_source_format (a, "okhttp");
  ps_pinset_add_base_anchor (a, anchor);
  ps_pinset_add_debug_anchor (a, anchor);
  g_assert_cmpuint (changes_a, ==, 8);

  /* Once the rule is gone, the pin it held no longer calls it. */
  ps_pinset_remove_rule (b, rule_b);
  g_clear_object (&rule_b);
  g_clear_object (&b);
  ps_pinset_pin_set_label (shared, "still shared");
  g_assert_cmpuint (changes_a, ==, 9);
  g_clear_object (&a);
  ps_pinset_pin_set_label (shared, "alone");
}

/* 200,000 pins in one rule of a document: each item is observed without a signal handler
 * of its own, so this takes seconds, not minutes. */
static void
test_many_pins (void)
{
  g_autoptr(PsPinset) pinset = ps_pinset_new ("big");
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
  g_autoptr(GPtrArray) pins = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint changes = 0;
  gint64 start;
  double seconds;

  for (guint i = 0; i < 200000; i++)
    {
      guint8 digest[32];
      g_autoptr(PsPin) value = NULL;

      for (guint k = 0; k < sizeof digest; k++)
        digest[k] = (guint8) g_rand_int (rand);
      value = ps_pin_new_from_digest (PS_PIN_SHA256, digest, sizeof digest);
      g_ptr_array_add (pins, ps_pinset_pin_new (value, NULL, PS_PIN_ROLE_UNKNOWN));
    }

  ps_pinset_add_rule (pinset, rule);
  g_signal_connect (pinset, "changed", G_CALLBACK (count_cb), &changes);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < pins->len; i++)
    ps_pinset_rule_append_pin (rule, g_ptr_array_index (pins, i));
  for (guint i = 0; i < pins->len; i += 1000)
    ps_pinset_pin_set_label (g_ptr_array_index (pins, i), "touched");
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_test_message ("200000 pins appended and 200 relabelled in %.2f s", seconds);

  g_assert_cmpuint (changes, ==, 200000 + 200);
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_pins (rule)), ==, 200000);
  /* Generous for a loaded machine; a handler per item took minutes. */
  g_assert_cmpfloat (seconds, <, 60.0);
}

static PsPinsetRule *
rule_of_unknown (PsPinset    *pinset,
                 const char **b64s)
{
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
  g_autoptr(PsPinsetDomain) domain = ps_pinset_domain_new ("example.com", TRUE);

  ps_pinset_rule_add_domain (rule, domain);
  for (guint i = 0; b64s[i] != NULL; i++)
    {
      g_autoptr(PsPinsetPin) pin = ps_pinset_pin_new_from_text (b64s[i], NULL,
                                                                PS_PIN_ROLE_UNKNOWN);
      ps_pinset_rule_append_pin (rule, pin);
    }
  ps_pinset_add_rule (pinset, rule);
  return rule;
}

static PsPinRole
role_of (PsPinsetRule *rule,
         guint         index)
{
  g_autoptr(PsPinsetPin) pin = g_list_model_get_item (ps_pinset_rule_get_pins (rule), index);

  return ps_pinset_pin_get_role (pin);
}

static void
test_resolve_roles (void)
{
  const char *pins[] = { pki.pin_leaf1, pki.pin_int_a, pki.pin_root, pki.pin_leaf2,
                         "sha256/not-a-pin", NULL };
  g_autoptr(PsPinset) pinset = ps_pinset_new ("imported");
  PsPinsetRule *rule = rule_of_unknown (pinset, pins);
  g_autoptr(GPtrArray) chains = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = 99;

  /* Without evidence, nothing changes. */
  g_assert_false (ps_pinset_resolve_roles (pinset, NULL, NULL, &n));
  g_assert_cmpuint (n, ==, 0);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (role_of (rule, i), ==, PS_PIN_ROLE_UNKNOWN);

  /* A real chain: leaf1 under int_a, completed with the root from the trust store. */
  g_ptr_array_add (chains, pki_chain (pki.chain1, "www.example.com"));
  g_assert_false (ps_pinset_resolve_roles (pinset, chains, NULL, &n));
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (role_of (rule, 0), ==, PS_PIN_ROLE_LEAF);
  g_assert_cmpint (role_of (rule, 1), ==, PS_PIN_ROLE_INTERMEDIATE);
  g_assert_cmpint (role_of (rule, 2), ==, PS_PIN_ROLE_ROOT);
  /* leaf2 is not in the chain, and the unparsed pin is nobody's. */
  g_assert_cmpint (role_of (rule, 3), ==, PS_PIN_ROLE_UNKNOWN);
  g_assert_cmpint (role_of (rule, 4), ==, PS_PIN_ROLE_UNKNOWN);

  /* A root of the trust store is evidence too; roles already set are left alone. */
  {
    const char *roots[] = { pki.pin_root, pki.pin_int_b, NULL };
    g_autoptr(PsPinset) other = ps_pinset_new ("roots");
    PsPinsetRule *other_rule = rule_of_unknown (other, roots);
    g_autoptr(PsTrustStore) store = pki_store (pki.root);

    g_assert_false (ps_pinset_resolve_roles (other, NULL, store, &n));
    g_assert_cmpuint (n, ==, 1);
    g_assert_cmpint (role_of (other_rule, 0), ==, PS_PIN_ROLE_ROOT);
    g_assert_cmpint (role_of (other_rule, 1), ==, PS_PIN_ROLE_UNKNOWN);
  }
}

static void
test_material_constructor (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (pki.chain1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = ps_material_load_file (file, NULL, &error);
  PsMaterial *leaf;
  PsMaterial *inter;
  g_autoptr(PsPinsetPin) leaf_pin = NULL;
  g_autoptr(PsPinsetPin) inter_pin = NULL;
  g_autofree char *leaf_b64 = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  leaf = g_ptr_array_index (items, 0);
  inter = g_ptr_array_index (items, 1);

  leaf_pin = ps_pinset_pin_new_for_material (leaf, PS_PIN_ROLE_BACKUP, pki.chain1, 0);
  inter_pin = ps_pinset_pin_new_for_material (inter, ps_pin_role_for_certificate (
                                                ps_material_get_certificate (inter)),
                                              pki.chain1, 1);
  leaf_b64 = ps_pin_to_base64 (ps_pinset_pin_get_pin (leaf_pin));
  g_assert_cmpstr (leaf_b64, ==, pki.pin_leaf1);
  g_assert_cmpint (ps_pinset_pin_get_role (leaf_pin), ==, PS_PIN_ROLE_BACKUP);
  g_assert_cmpint (ps_pinset_pin_get_origin (leaf_pin), ==, PS_PIN_ORIGIN_FILE);
  g_assert_cmpstr (ps_pinset_pin_get_origin_detail (leaf_pin), ==, pki.chain1);
  g_assert_nonnull (ps_pinset_pin_get_not_after (leaf_pin));
  g_assert_cmpint (ps_pinset_pin_get_role (inter_pin), ==, PS_PIN_ROLE_INTERMEDIATE);
  g_assert_cmpint (ps_pinset_pin_get_depth (inter_pin), ==, 1);

  /* From a certificate of a live chain. */
  {
    PsCertificate *cert = ps_material_get_certificate (inter);
    g_autoptr(PsPinsetPin) pin = ps_pinset_pin_new_for_certificate (cert,
                                                                    PS_PIN_ROLE_INTERMEDIATE,
                                                                    PS_PIN_ORIGIN_HOST,
                                                                    "www.example.com:443", 1);
    g_autofree char *b64 = ps_pin_to_base64 (ps_pinset_pin_get_pin (pin));

    g_assert_cmpstr (b64, ==, pki.pin_int_a);
    g_assert_cmpstr (ps_pinset_pin_get_label (pin), ==, ps_certificate_get_display_name (cert));
    g_assert_cmpint (ps_pinset_pin_get_origin (pin), ==, PS_PIN_ORIGIN_HOST);
    g_assert_cmpint (ps_pinset_pin_get_depth (pin), ==, 1);
    g_assert_nonnull (ps_pinset_pin_get_not_after (pin));
    g_assert_cmpint (ps_pin_role_for_certificate (ps_material_get_certificate (leaf)), ==,
                     PS_PIN_ROLE_LEAF);
  }
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);
  pki_setup ();

  g_test_add_func ("/pinset-model/json/v2-round-trip", test_json_v2_round_trip);
  g_test_add_func ("/pinset-model/json/equal-new-members", test_equal_new_members);
  g_test_add_func ("/pinset-model/json/v1-read", test_json_v1_read);
  g_test_add_func ("/pinset-model/json/v2-refused", test_json_v2_refused);
  g_test_add_func ("/pinset-model/date-parse", test_date_parse);
  g_test_add_func ("/pinset-model/domain-validate", test_domain_validate);
  g_test_add_func ("/pinset-model/sha1-and-unpadded", test_sha1_and_unpadded_pins);
  g_test_add_func ("/pinset-model/subdomains", test_subdomains);
  g_test_add_func ("/pinset-model/owners", test_owners);
  g_test_add_func ("/pinset-model/many-pins", test_many_pins);
  g_test_add_func ("/pinset-model/resolve-roles", test_resolve_roles);
  g_test_add_func ("/pinset-model/material-constructor", test_material_constructor);

  result = g_test_run ();
  pki_teardown ();
  return result;
}
