/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ps-error.h"
#include "ps-format.h"
#include "ps-pinset.h"
#include "ps-test-util.h"

/* Platform fidelity (issue 10): for every format, import -> export to the same format ->
 * import keeps what the platform enforces, compared semantically (not as text); every
 * cross-format export that cannot express a rule refuses, naming it; and each repro of
 * the issue, as a configuration written from the platform's documentation in
 * tests/data/configs. */

static char *
read_config (const char *name)
{
  g_autofree char *path = g_build_filename (ps_test_testdata (), "configs", name, NULL);
  char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return contents;
}

static PsPinset *
import_config (const char  *name,
               const char  *format,
               GPtrArray  **notes)
{
  g_autofree char *text = read_config (name);
  g_autoptr(GError) error = NULL;
  PsPinset *pinset;

  g_assert_cmpstr (ps_format_get_id (ps_format_detect (text, -1)), ==, format);
  pinset = ps_format_import (NULL, text, -1, notes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pinset);
  g_assert_cmpstr (ps_pinset_get_source_format (pinset), ==, format);
  return pinset;
}

static void
append_anchors (GString    *out,
                GListModel *anchors)
{
  for (guint i = 0; i < g_list_model_get_n_items (anchors); i++)
    {
      g_autoptr(PsPinsetAnchor) anchor = g_list_model_get_item (anchors, i);

      g_string_append_printf (out, "anchor %s override=%d; ", ps_pinset_anchor_get_source (anchor),
                              ps_pinset_anchor_get_override_pins (anchor));
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* What a client enforces of one rule, one line per domain (formats keyed by domain split
 * a rule into one entry per domain): the domain and its subdomain depth, the usable pins
 * with their algorithm and role, expiration, policy, ATS requirements, anchors and HPKP
 * max-age. Unparsed pins are no pins to a client (it refuses or ignores them). */
static void
rule_lines (PsPinsetRule *rule,
            GPtrArray    *lines)
{
  GListModel *domains = ps_pinset_rule_get_domains (rule);
  GListModel *pins = ps_pinset_rule_get_pins (rule);
  GDateTime *expiration = ps_pinset_rule_get_expiration (rule);
  g_autoptr(GPtrArray) pin_items = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) rest = g_string_new (NULL);

  for (guint p = 0; p < g_list_model_get_n_items (pins); p++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, p);
      g_autofree char *b64 = NULL;

      if (ps_pinset_pin_get_pin (pin) == NULL)
        continue;
      b64 = ps_pin_to_base64 (ps_pinset_pin_get_pin (pin));
      g_ptr_array_add (pin_items,
                       g_strdup_printf ("%s/%s:%s",
                                        ps_pinset_pin_get_algorithm (pin) == PS_PIN_SHA1
                                          ? "sha1" : "sha256",
                                        b64, ps_pin_role_to_string (ps_pinset_pin_get_role (pin))));
    }
  g_ptr_array_sort (pin_items, compare_strings);
  for (guint p = 0; p < pin_items->len; p++)
    g_string_append_printf (rest, "%s ", (char *) g_ptr_array_index (pin_items, p));
  if (expiration != NULL)
    {
      g_autofree char *date = g_date_time_format (expiration, "%Y-%m-%d");
      g_string_append_printf (rest, "expires %s; ", date);
    }
  g_string_append_printf (rest, "policy %d; requires %d; max-age %" G_GINT64_FORMAT "; ",
                          ps_pinset_rule_get_policy (rule), ps_pinset_rule_get_requires (rule),
                          ps_pinset_rule_get_max_age (rule));
  append_anchors (rest, ps_pinset_rule_get_anchors (rule));

  for (guint d = 0; d < g_list_model_get_n_items (domains); d++)
    {
      g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, d);

      g_ptr_array_add (lines, g_strdup_printf ("%s [%s] %s", ps_pinset_domain_get_name (domain),
                                               ps_subdomains_to_string (
                                                 ps_pinset_domain_get_subdomains (domain)),
                                               rest->str));
    }
}

static char *
semantics (PsPinset *pinset)
{
  GListModel *rules = ps_pinset_get_rules (pinset);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (guint r = 0; r < g_list_model_get_n_items (rules); r++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, r);

      rule_lines (rule, lines);
    }
  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (lines, i));
  g_string_append (out, "base: ");
  append_anchors (out, ps_pinset_get_base_anchors (pinset));
  g_string_append (out, "\ndebug: ");
  append_anchors (out, ps_pinset_get_debug_anchors (pinset));
  return g_string_free (out, FALSE);
}

/* Semantic round trip of each format, from configurations of that format. */
static const struct
{
  const char *config;
  const char *format;
} round_trips[] = {
  { "network_security_config.xml", "android" },
  { "nsc-overrides.xml", "android" },
  { "PinningModule.kt", "okhttp-kotlin" },
  { "PinnedClient.kt", "okhttp-kotlin" },
  { "PinnedClient.java", "okhttp-java" },
  { "Info-TrustKit.plist", "trustkit-plist" },
  { "AppDelegate.swift", "trustkit-swift" },
  { "AppDelegate.m", "trustkit-objc" },
  { "Info-ATS.plist", "ats-plist" },
  { "ats-semantics.plist", "ats-plist" },
  { "curl-pins.txt", "curl" },
  { "hpkp-header.txt", "hpkp" },
  { "hpkp-folded.txt", "hpkp" },
  { "nginx-hpkp.conf", "hpkp" },
  { "dane.zone", "tlsa" },
  { "pins.txt", "text" },
};

static void
test_round_trip (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(PsPinset) first = import_config (round_trips[i].config, round_trips[i].format,
                                             NULL);
  const PsFormat *format = ps_format_lookup (round_trips[i].format);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = ps_format_export (format, first, NULL, NULL, &error);
  g_autoptr(PsPinset) second = NULL;
  g_autofree char *expected = NULL, *actual = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (ps_format_get_id (ps_format_detect (text, -1)), ==, round_trips[i].format);
  second = ps_format_import (format, text, -1, NULL, &error);
  g_assert_no_error (error);
  expected = semantics (first);
  actual = semantics (second);
  g_test_message ("%s:\n%s", round_trips[i].config, expected);
  if (g_strcmp0 (expected, actual) != 0)
    g_error ("%s: the round trip through %s changed what the client enforces:\n%s\n"
             "became\n%s\nexport:\n%s", round_trips[i].config, round_trips[i].format,
             expected, actual, text);
}

/* Cross-format exports that cannot express a rule refuse, naming it. */
static const struct
{
  const char *config;
  const char *target;
  const char *needle;  /* in the error message */
} refusals[] = {
  /* 1: unknown roles, to formats that need them. */
  { "PinnedClient.java", "ats-plist", "r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E=" },
  { "nsc-overrides.xml", "ats-plist", "any depth" },
  { "PinningModule.kt", "curl", "no known role" },
  { "PinningModule.kt", "tlsa", "no known role" },
  /* 3: pins overridden by a trust anchor. */
  { "nsc-overrides.xml", "okhttp-kotlin", "overridePins" },
  { "nsc-overrides.xml", "trustkit-plist", "overridePins" },
  /* 4: ATS semantics. */
  { "ats-semantics.plist", "android", "one level deep" },
  { "ats-semantics.plist", "okhttp-java", "both a leaf pin and a CA pin" },
  { "Info-ATS.plist", "trustkit-plist", "one level deep" },
  /* 5: SHA-1 only, to targets that refuse SHA-1. */
  { "PinnedClient.java", "android", "legacy.example.com" },
  { "PinnedClient.java", "trustkit-swift", "SHA-1" },
  { "PinnedClient.java", "hpkp", "SHA-1" },
  /* Any depth, to ATS; OkHttp's any-depth and one-label to formats without them. */
  { "PinnedClient.kt", "ats-plist", "no known role" },
  { "PinnedClient.kt", "trustkit-plist", "static.example.com" },
  { "pins.txt", "android", "www.example.com" },
  /* TrustKit's report-only and excluded rules. */
  { "AppDelegate.swift", "android", "only reports" },
  { "AppDelegate.m", "okhttp-kotlin", "only reports" },
  { "AppDelegate.swift", "hpkp", "legacy.api.example.com" },
  { "AppDelegate.swift", "text", "only reports" },
  { "ats-semantics.plist", "text", "both a leaf pin and a CA pin" },
};

static void
test_refusals (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(PsPinset) pinset = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *config = read_config (refusals[i].config);

      g_test_message ("%s -> %s", refusals[i].config, refusals[i].target);
      pinset = ps_format_import (NULL, config, -1, NULL, &error);
      g_assert_no_error (error);
      text = ps_format_export (ps_format_lookup (refusals[i].target), pinset, NULL, NULL,
                               &error);
      if (text != NULL)
        {
          g_test_message ("%s -> %s: exported:\n%s", refusals[i].config, refusals[i].target,
                          text);
          g_test_fail ();
          continue;
        }
      /* A pin with no known role is its own error: resolving the roles mends it. */
      if (strstr (error->message, "no known role") != NULL)
        g_assert_error (error, PS_ERROR, PS_ERROR_UNKNOWN_ROLE);
      else
        g_assert_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED);
      if (strstr (error->message, refusals[i].needle) == NULL)
        {
          g_test_message ("%s -> %s: “%s” not in: %s", refusals[i].config,
                          refusals[i].target, refusals[i].needle, error->message);
          g_test_fail ();
        }
    }
}

static PsPinsetRule *
rule_for (PsPinset   *pinset,
          const char *domain)
{
  GListModel *rules = ps_pinset_get_rules (pinset);

  for (guint r = 0; r < g_list_model_get_n_items (rules); r++)
    {
      PsPinsetRule *rule = g_list_model_get_item (rules, r);
      GListModel *domains = ps_pinset_rule_get_domains (rule);

      for (guint d = 0; d < g_list_model_get_n_items (domains); d++)
        {
          g_autoptr(PsPinsetDomain) item = g_list_model_get_item (domains, d);

          if (g_str_equal (ps_pinset_domain_get_name (item), domain))
            return rule;
        }
      g_object_unref (rule);
    }
  g_error ("no rule for %s", domain);
  return NULL;
}

static PsPinsetDomain *
domain_of (PsPinsetRule *rule,
           guint         index)
{
  return g_list_model_get_item (ps_pinset_rule_get_domains (rule), index);
}

static guint
n_pins (PsPinsetRule *rule)
{
  return g_list_model_get_n_items (ps_pinset_rule_get_pins (rule));
}

/* Issue 10 items 1-3: Android pins have no role; 43-character base64 is a usable pin;
 * trust anchors with overridePins per domain-config, nested configs flattened, and
 * debug-overrides with overridePins true by default. */
static void
test_android_semantics (void)
{
  g_autoptr(PsPinset) pinset = import_config ("nsc-overrides.xml", "android", NULL);
  g_autoptr(PsPinsetRule) outer = rule_for (pinset, "example.com");
  g_autoptr(PsPinsetRule) inner = rule_for (pinset, "internal.example.com");
  g_autoptr(PsPinsetDomain) domain = domain_of (outer, 0);
  g_autoptr(PsPinsetPin) unpadded = g_list_model_get_item (ps_pinset_rule_get_pins (outer), 0);
  g_autoptr(PsPinsetAnchor) user = g_list_model_get_item (ps_pinset_rule_get_anchors (outer), 1);
  g_autoptr(PsPinsetAnchor) debug = g_list_model_get_item (ps_pinset_get_debug_anchors (pinset),
                                                           0);

  g_assert_cmpint (ps_pinset_domain_get_subdomains (domain), ==, PS_SUBDOMAINS_ANY);
  g_assert_nonnull (ps_pinset_pin_get_pin (unpadded));
  g_assert_cmpint (ps_pinset_pin_get_role (unpadded), ==, PS_PIN_ROLE_UNKNOWN);
  g_assert_cmpstr (ps_pinset_anchor_get_source (user), ==, "user");
  g_assert_true (ps_pinset_anchor_get_override_pins (user));
  g_assert_true (ps_pinset_rule_pins_overridden (outer, pinset, FALSE));
  /* The nested config inherits the pins, and has its own anchors without overridePins. */
  g_assert_cmpuint (n_pins (inner), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_anchors (inner)), ==, 1);
  g_assert_false (ps_pinset_rule_pins_overridden (inner, pinset, FALSE));
  g_assert_cmpstr (ps_pinset_anchor_get_source (debug), ==, "user");
  g_assert_true (ps_pinset_anchor_get_override_pins (debug));
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_base_anchors (pinset)), ==, 1);
}

/* Item 4: both ATS lists must match; NSIncludesSubdomains is one label; an empty list
 * blocks; a malformed identity is skipped. */
static void
test_ats_semantics (void)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(PsPinset) pinset = import_config ("ats-semantics.plist", "ats-plist", &notes);
  g_autoptr(PsPinsetRule) api = rule_for (pinset, "api.example.com");
  g_autoptr(PsPinsetRule) blocked = rule_for (pinset, "blocked.example.com");
  g_autoptr(PsPinsetDomain) domain = domain_of (api, 0);
  gboolean skipped = FALSE;

  g_assert_cmpint (ps_pinset_rule_get_requires (api), ==,
                   PS_RULE_REQUIRES_LEAF | PS_RULE_REQUIRES_CA);
  g_assert_cmpint (ps_pinset_domain_get_subdomains (domain), ==, PS_SUBDOMAINS_ONE_LABEL);
  g_assert_cmpuint (n_pins (api), ==, 3);
  g_assert_cmpint (ps_pinset_rule_get_requires (blocked), ==, PS_RULE_REQUIRES_CA);
  g_assert_cmpuint (n_pins (blocked), ==, 0);
  for (guint i = 0; i < notes->len; i++)
    skipped |= strstr (g_ptr_array_index (notes, i), "identity 3") != NULL;
  g_assert_true (skipped);
}

/* Item 5: SHA-1 pins are kept, and exported where the client accepts them (OkHttp). */
static void
test_sha1 (void)
{
  g_autoptr(PsPinset) pinset = import_config ("PinnedClient.java", "okhttp-java", NULL);
  g_autoptr(PsPinsetRule) legacy = rule_for (pinset, "legacy.example.com");
  g_autoptr(PsPinsetPin) pin = g_list_model_get_item (ps_pinset_rule_get_pins (legacy), 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *kotlin = NULL;

  g_assert_nonnull (ps_pinset_pin_get_pin (pin));
  g_assert_cmpint (ps_pinset_pin_get_algorithm (pin), ==, PS_PIN_SHA1);
  kotlin = ps_format_export (ps_format_lookup ("okhttp-kotlin"), pinset, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (kotlin, "\"sha1/BOtMwOzy7JCjBOcJV6Zhv1p5XBo=\""));

  /* Pinscope's text keeps them too, with their algorithm. */
  {
    g_autofree char *text = ps_format_export (ps_format_lookup ("text"), pinset, NULL, NULL,
                                              &error);
    g_autoptr(PsPinset) back = NULL;
    g_autoptr(PsPinsetRule) rule = NULL;
    g_autoptr(PsPinsetPin) first = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (strstr (text, "sha1/BOtMwOzy7JCjBOcJV6Zhv1p5XBo="));
    back = ps_format_import (NULL, text, -1, NULL, &error);
    g_assert_no_error (error);
    rule = rule_for (back, "legacy.example.com");
    first = g_list_model_get_item (ps_pinset_rule_get_pins (rule), 0);
    g_assert_cmpint (ps_pinset_pin_get_algorithm (first), ==, PS_PIN_SHA1);
  }
}

/* Issue 15 item 3: OkHttp sources with many non-literal .add() calls, or one .add() with
 * many pins, import in time linear in their size (the line count used to restart from
 * the top for every call). */
static double
time_okhttp (guint    n,
             gboolean one_call)
{
  g_autoptr(GString) text = g_string_new ("val p = CertificatePinner.Builder()\n");
  g_autoptr(GTimer) timer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPinset) pinset = NULL;

  if (one_call)
    g_string_append (text, "    .add(\"a.example\"");
  for (guint i = 0; i < n; i++)
    {
      guint8 digest[32] = { 1, 2, 3 };
      g_autofree char *b64 = NULL;

      digest[4] = i & 0xff;
      digest[5] = (i >> 8) & 0xff;
      digest[6] = (i >> 16) & 0xff;
      b64 = g_base64_encode (digest, sizeof digest);
      if (one_call)
        g_string_append_printf (text, ",\n        \"sha256/%s\"", b64);
      else
        g_string_append_printf (text, "    .add(host%u(), pins%u())\n"
                                      "    .add(\"h%u.example\", \"sha256/%s\")\n",
                                i, i, i, b64);
    }
  g_string_append (text, one_call ? ")\n    .build()\n" : "    .build()\n");

  timer = g_timer_new ();
  pinset = ps_format_import (ps_format_lookup ("okhttp-kotlin"), text->str, -1, NULL, &error);
  g_assert_no_error (error);
  return g_timer_elapsed (timer, NULL);
}

static void
test_linear (void)
{
  for (guint one_call = 0; one_call < 2; one_call++)
    {
      double small = time_okhttp (5000, one_call);
      double large = time_okhttp (20000, one_call);

      g_test_message ("%s: 5000 in %.3f s, 20000 in %.3f s", one_call ? "one call" : "calls",
                      small, large);
      /* Four times the input: linear work takes about four times as long, quadratic
       * sixteen; the margin absorbs a busy machine. */
      g_assert_cmpfloat (large, <, MAX (small, 0.02) * 10);
    }
}

/* Item 5, placeholders: a rule whose only pins are placeholders or unparsed never
 * becomes a pinner that pins nothing. */
static void
test_nothing_to_pin (void)
{
  const char *ids[] = { "android", "okhttp-kotlin", "trustkit-plist", "hpkp", "curl" };
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPinset) pinset =
    ps_format_import (ps_format_lookup ("okhttp-kotlin"),
                      "val p = CertificatePinner.Builder()\n"
                      "    .add(\"a.example\", \"sha256/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=\",\n"
                      "         \"sha256/not a pin\")\n    .build()\n", -1, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *text = ps_format_export (ps_format_lookup (ids[i]), pinset, NULL, NULL,
                                                &error);

      g_test_message ("%s", ids[i]);
      g_assert_null (text);
      g_assert_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED);
      g_clear_error (&error);
    }
}

/* Item 6: HPKP max-age, includeSubDomains and Report-Only survive the round trip. */
static void
test_hpkp (void)
{
  g_autoptr(PsPinset) pinset = import_config ("hpkp-folded.txt", "hpkp", NULL);
  g_autoptr(PsPinsetRule) rule = g_list_model_get_item (ps_pinset_get_rules (pinset), 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPinset) report = NULL;
  g_autoptr(PsPinsetRule) report_rule = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (ps_pinset_rule_get_max_age (rule), ==, 2592000);
  g_assert_cmpuint (n_pins (rule), ==, 2);

  report = ps_format_import (ps_format_lookup ("hpkp"),
                             "# Domains: a.example (with subdomains)\n"
                             "Public-Key-Pins-Report-Only: max-age=600;\n"
                             "  pin-sha256=\"r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E=\";\n"
                             "  pin-sha256=\"YLh1dUR9y6Kja30RrAn7JKnbQG/uEtLMkBgFF2Fuihg=\";\n"
                             "  includeSubDomains\n", -1, NULL, &error);
  g_assert_no_error (error);
  report_rule = g_list_model_get_item (ps_pinset_get_rules (report), 0);
  g_assert_cmpint (ps_pinset_rule_get_policy (report_rule), ==, PS_RULE_REPORT_ONLY);
  g_assert_cmpint (ps_pinset_rule_get_max_age (report_rule), ==, 600);
  text = ps_format_export (ps_format_lookup ("hpkp"), report, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "Public-Key-Pins-Report-Only: "));
  g_assert_nonnull (strstr (text, "max-age=600; includeSubDomains"));
}

/* Item 7: OkHttp pins behind constants and spreads; what is not literal is named. */
static void
test_okhttp_constants (void)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(PsPinset) pinset = import_config ("PinnedClient.kt", "okhttp-kotlin", &notes);
  g_autoptr(PsPinsetRule) api = rule_for (pinset, "api.example.com");
  g_autoptr(PsPinsetRule) cdn = rule_for (pinset, "cdn.example.com");
  g_autoptr(PsPinsetRule) stat = rule_for (pinset, "static.example.com");
  g_autoptr(PsPinsetDomain) cdn_domain = domain_of (cdn, 0);
  g_autoptr(PsPinsetDomain) static_domain = domain_of (stat, 0);
  gboolean legacy = FALSE, expression = FALSE;

  g_assert_cmpuint (n_pins (api), ==, 2);
  g_assert_cmpuint (n_pins (cdn), ==, 2);
  g_assert_cmpint (ps_pinset_domain_get_subdomains (cdn_domain), ==, PS_SUBDOMAINS_ANY);
  /* "static.example.com" and "*.static.example.com" with the same pins: one label. */
  g_assert_cmpint (ps_pinset_domain_get_subdomains (static_domain), ==,
                   PS_SUBDOMAINS_ONE_LABEL);
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_domains (stat)), ==, 1);
  for (guint i = 0; i < notes->len; i++)
    {
      legacy |= strstr (g_ptr_array_index (notes, i), "LEGACY") != NULL;
      expression |= strstr (g_ptr_array_index (notes, i), "Line 24") != NULL;
    }
  g_assert_true (legacy);
  g_assert_true (expression);
}

/* Items 8-9: TrustKit report-only and excluded rules, from Swift and Objective-C. */
static void
test_trustkit_code (void)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(PsPinset) swift = import_config ("AppDelegate.swift", "trustkit-swift", &notes);
  g_autoptr(PsPinset) objc = import_config ("AppDelegate.m", "trustkit-objc", NULL);
  g_autoptr(PsPinsetRule) beta = rule_for (swift, "beta.example.com");
  g_autoptr(PsPinsetRule) legacy = rule_for (swift, "legacy.api.example.com");
  g_autoptr(PsPinsetRule) api = rule_for (swift, "api.example.com");
  g_autoptr(PsPinsetRule) report = rule_for (objc, "report.example.com");
  g_autoptr(PsPinsetRule) objc_api = rule_for (objc, "api.example.com");
  g_autoptr(PsPinsetDomain) domain = domain_of (api, 0);
  gboolean named = FALSE;

  g_assert_cmpint (ps_pinset_rule_get_policy (beta), ==, PS_RULE_REPORT_ONLY);
  g_assert_cmpint (ps_pinset_rule_get_policy (legacy), ==, PS_RULE_EXCLUDED);
  g_assert_cmpint (ps_pinset_rule_get_policy (report), ==, PS_RULE_REPORT_ONLY);
  g_assert_cmpint (ps_pinset_domain_get_subdomains (domain), ==, PS_SUBDOMAINS_ANY);
  g_assert_nonnull (ps_pinset_rule_get_expiration (api));
  /* Constants of the file are resolved. */
  g_assert_cmpuint (n_pins (api), ==, 2);
  g_assert_cmpuint (n_pins (objc_api), ==, 2);
  for (guint i = 0; i < notes->len; i++)
    named |= strstr (g_ptr_array_index (notes, i), "RemoteConfig.cdnPin") != NULL;
  g_assert_true (named);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (round_trips); i++)
    {
      g_autofree char *path = g_strdup_printf ("/formats/fidelity/round-trip/%s",
                                               round_trips[i].config);
      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_round_trip);
    }
  g_test_add_func ("/formats/fidelity/refusals", test_refusals);
  g_test_add_func ("/formats/fidelity/android", test_android_semantics);
  g_test_add_func ("/formats/fidelity/ats", test_ats_semantics);
  g_test_add_func ("/formats/fidelity/sha1", test_sha1);
  g_test_add_func ("/formats/fidelity/nothing-to-pin", test_nothing_to_pin);
  g_test_add_func ("/formats/fidelity/hpkp", test_hpkp);
  g_test_add_func ("/formats/fidelity/okhttp-constants", test_okhttp_constants);
  g_test_add_func ("/formats/fidelity/trustkit-code", test_trustkit_code);
  g_test_add_func ("/formats/fidelity/linear", test_linear);
  return g_test_run ();
}
