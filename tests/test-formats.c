/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <plist/plist.h>
#include <string.h>

#include "ps-error.h"
#include "ps-format.h"
#include "ps-pinset.h"
#include "ps-test-util.h"

/* Exports and imports of every format: content, round trips over a pinset with several
 * rules, include-subdomains, expirations and all roles, the real-shaped configurations of
 * tests/data/configs, malformed input, and the command line. Expected values are
 * computed here independently (base64 and hex of the digests with GLib), never taken from
 * the code under test. */

typedef struct
{
  const char *label;
  PsPinRole   role;
  const char *seed;
} PinSpec;

/* Labels with characters that need escaping in XML, source code and comments. */
static const PinSpec rule1_pins[] = {
  { "Current leaf <api> & \"co\"", PS_PIN_ROLE_LEAF, "leaf-1" },
  { "Offline backup", PS_PIN_ROLE_BACKUP, "backup-1" },
  { "Issuing CA", PS_PIN_ROLE_INTERMEDIATE, "intermediate-1" },
  { "Root -- X1", PS_PIN_ROLE_ROOT, "root-1" },
};
static const PinSpec rule2_pins[] = {
  { "Payments leaf", PS_PIN_ROLE_LEAF, "leaf-2" },
  { "Payments backup", PS_PIN_ROLE_BACKUP, "backup-2" },
};
static const PinSpec rule3_pins[] = {
  { "CDN root", PS_PIN_ROLE_ROOT, "root-3" },
  { "CDN leaf", PS_PIN_ROLE_LEAF, "leaf-3" },
  { "CDN intermediate", PS_PIN_ROLE_INTERMEDIATE, "intermediate-3" },
};

static guint8 *
digest_of (const char *seed)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 *digest = g_malloc (32);
  gsize len = 32;

  g_checksum_update (checksum, (const guchar *) seed, -1);
  g_checksum_get_digest (checksum, digest, &len);
  g_assert_cmpuint (len, ==, 32);
  return digest;
}

static char *
b64_of (const char *seed)
{
  g_autofree guint8 *digest = digest_of (seed);
  return g_base64_encode (digest, 32);
}

static char *
hex_of (const char *seed)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
}

static void
add_pins (PsPinsetRule  *rule,
          const PinSpec *specs,
          guint          n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree guint8 *digest = digest_of (specs[i].seed);
      g_autoptr(PsPin) pin = ps_pin_new_from_digest (PS_PIN_SHA256, digest, 32);
      g_autoptr(PsPinsetPin) item = ps_pinset_pin_new (pin, specs[i].label, specs[i].role);

      g_assert_true (ps_pinset_rule_add_pin (rule, item));
    }
}

static void
add_domain (PsPinsetRule *rule,
            const char   *name,
            gboolean      include)
{
  g_autoptr(PsPinsetDomain) domain = ps_pinset_domain_new (name, include);
  ps_pinset_rule_add_domain (rule, domain);
}

static PsPinset *
make_pinset (void)
{
  PsPinset *pinset = ps_pinset_new ("Example pinset");
  g_autoptr(PsPinsetRule) r1 = ps_pinset_rule_new ();
  g_autoptr(PsPinsetRule) r2 = ps_pinset_rule_new ();
  g_autoptr(PsPinsetRule) r3 = ps_pinset_rule_new ();
  g_autoptr(GDateTime) e1 = g_date_time_new_utc (2027, 6, 30, 0, 0, 0);
  g_autoptr(GDateTime) e3 = g_date_time_new_utc (2028, 1, 15, 0, 0, 0);

  add_domain (r1, "api.example.com", TRUE);
  add_domain (r1, "auth.example.com", FALSE);
  ps_pinset_rule_set_expiration (r1, e1);
  add_pins (r1, rule1_pins, G_N_ELEMENTS (rule1_pins));

  add_domain (r2, "payments.example.net", TRUE);
  add_pins (r2, rule2_pins, G_N_ELEMENTS (rule2_pins));

  add_domain (r3, "cdn.example.org", FALSE);
  ps_pinset_rule_set_expiration (r3, e3);
  add_pins (r3, rule3_pins, G_N_ELEMENTS (rule3_pins));

  ps_pinset_add_rule (pinset, r1);
  ps_pinset_add_rule (pinset, r2);
  ps_pinset_add_rule (pinset, r3);
  return pinset;
}

/* make_pinset () as far as the format @id can express it exactly: ATS rules with leaf and
 * CA pins require both lists and cover one level of subdomains; curl keeps the leaf and
 * backup pins; one HPKP header includes subdomains for all its hosts; TLSA has none. */
static PsPinset *
make_pinset_for (const char *id)
{
  PsPinset *pinset = make_pinset ();
  GListModel *rules = ps_pinset_get_rules (pinset);

  for (guint r = 0; r < g_list_model_get_n_items (rules); r++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, r);
      GListModel *domains = ps_pinset_rule_get_domains (rule);
      GListModel *pins = ps_pinset_rule_get_pins (rule);
      gboolean any_include = FALSE;

      for (guint d = 0; d < g_list_model_get_n_items (domains); d++)
        {
          g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, d);

          any_include |= ps_pinset_domain_get_include_subdomains (domain);
        }
      for (guint d = 0; d < g_list_model_get_n_items (domains); d++)
        {
          g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, d);
          gboolean include = ps_pinset_domain_get_include_subdomains (domain);

          if (g_str_equal (id, "ats-plist") && include)
            ps_pinset_domain_set_subdomains (domain, PS_SUBDOMAINS_ONE_LABEL);
          else if (g_str_equal (id, "hpkp") && any_include)
            ps_pinset_domain_set_subdomains (domain, PS_SUBDOMAINS_ANY);
          else if (g_str_equal (id, "tlsa"))
            ps_pinset_domain_set_subdomains (domain, PS_SUBDOMAINS_NONE);
        }
      if (g_str_equal (id, "ats-plist"))
        ps_pinset_rule_set_requires (rule, PS_RULE_REQUIRES_LEAF | PS_RULE_REQUIRES_CA);
      for (guint p = g_list_model_get_n_items (pins); g_str_equal (id, "curl") && p > 0; p--)
        {
          g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, p - 1);
          PsPinRole role = ps_pinset_pin_get_role (pin);

          if (role != PS_PIN_ROLE_LEAF && role != PS_PIN_ROLE_BACKUP)
            ps_pinset_rule_remove_pin (rule, pin);
        }
    }
  return pinset;
}

static GDateTime *
fixed_now (void)
{
  return g_date_time_new_utc (2026, 11, 23, 12, 0, 0);
}

static char *
export_as (const char  *id,
           PsPinset    *pinset,
           GPtrArray  **warnings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = fixed_now ();
  const PsFormat *format = ps_format_lookup (id);
  char *text;

  g_assert_nonnull (format);
  text = ps_format_export (format, pinset, now, warnings, &error);
  g_assert_no_error (error);
  g_assert_nonnull (text);
  return text;
}

static gboolean
has_warning (GPtrArray           *warnings,
             PsFormatWarningKind  kind,
             int                  rule)
{
  for (guint i = 0; i < warnings->len; i++)
    {
      PsFormatWarning *warning = g_ptr_array_index (warnings, i);

      g_assert_nonnull (warning->message);
      g_assert_cmpstr (warning->message, !=, "");
      if (warning->kind == kind && (rule < 0 || warning->rule == rule))
        return TRUE;
    }
  return FALSE;
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, text);
}

static void
assert_lacks (const char *text,
              const char *needle)
{
  if (strstr (text, needle) != NULL)
    g_error ("“%s” unexpectedly found in:\n%s", needle, text);
}

/* Export contents. */

static void
test_export_android (void)
{
  g_autoptr(PsPinset) pinset = make_pinset ();
  g_autoptr(GPtrArray) warnings = NULL;
  g_autofree char *text = export_as ("android", pinset, &warnings);

  assert_contains (text, "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
  assert_contains (text, "Pinset: Example pinset");
  assert_contains (text, "2026-11-23");
  assert_contains (text, "<network-security-config>");
  assert_contains (text, "<domain includeSubdomains=\"true\">api.example.com</domain>");
  assert_contains (text, "<domain includeSubdomains=\"false\">auth.example.com</domain>");
  assert_contains (text, "<pin-set expiration=\"2027-06-30\">");
  assert_contains (text, "<pin-set expiration=\"2028-01-15\">");
  assert_contains (text, "<pin-set>");
  /* Every pin of every rule, with its digest. */
  for (guint i = 0; i < G_N_ELEMENTS (rule1_pins); i++)
    {
      g_autofree char *b64 = b64_of (rule1_pins[i].seed);
      g_autofree char *pin = g_strdup_printf ("<pin digest=\"SHA-256\">%s</pin>", b64);
      assert_contains (text, pin);
    }
  /* Comments stay well formed: no "--" inside, labels with & and < are harmless there. */
  assert_contains (text, "<!-- root: Root - - X1 -->");
  assert_lacks (text, "Root -- X1");
  g_assert_cmpuint (warnings->len, ==, 0);
}

static void
test_export_okhttp (void)
{
  g_autoptr(PsPinset) pinset = make_pinset ();
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) jwarnings = NULL;
  g_autofree char *kotlin = export_as ("okhttp-kotlin", pinset, &warnings);
  g_autofree char *java = export_as ("okhttp-java", pinset, &jwarnings);
  g_autofree char *leaf = b64_of ("leaf-1");
  g_autofree char *pin = g_strdup_printf ("\"sha256/%s\"", leaf);

  assert_contains (kotlin, "// Pinset: Example pinset");
  assert_contains (kotlin, "val certificatePinner = CertificatePinner.Builder()");
  assert_contains (kotlin, "\"**.api.example.com\",");
  assert_contains (kotlin, "\"auth.example.com\",");
  assert_lacks (kotlin, "\"**.auth.example.com\"");
  assert_contains (kotlin, "\"cdn.example.org\",");
  assert_contains (kotlin, pin);
  g_assert_true (g_str_has_suffix (kotlin, "    .build()\n"));

  assert_contains (java, "CertificatePinner certificatePinner = new CertificatePinner.Builder()");
  assert_contains (java, pin);
  assert_lacks (java, "import ");
  g_assert_true (g_str_has_suffix (java, "    .build();\n"));

  /* Expirations and "**." patterns are not what OkHttp 3 can express. */
  g_assert_true (has_warning (warnings, PS_FORMAT_WARNING_NO_EXPIRATION, 0));
  g_assert_true (has_warning (warnings, PS_FORMAT_WARNING_NO_EXPIRATION, 2));
  g_assert_false (has_warning (warnings, PS_FORMAT_WARNING_NO_EXPIRATION, 1));
  g_assert_true (has_warning (warnings, PS_FORMAT_WARNING_SUBDOMAINS, 0));
  g_assert_false (has_warning (warnings, PS_FORMAT_WARNING_SUBDOMAINS, 2));
  /* OkHttp 3 builds a "**." pin without complaint and then matches no host with it, so
   * the warning must say that the pinning silently disappears there. */
  for (guint i = 0; i < warnings->len; i++)
    {
      PsFormatWarning *warning = g_ptr_array_index (warnings, i);

      if (warning->kind == PS_FORMAT_WARNING_SUBDOMAINS)
        assert_contains (warning->message, "pins nothing");
    }
}

static void
test_export_trustkit (void)
{
  g_autoptr(PsPinset) pinset = make_pinset ();
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) pwarnings = NULL;
  g_autofree char *swift = export_as ("trustkit-swift", pinset, &warnings);
  g_autofree char *plist = export_as ("trustkit-plist", pinset, &pwarnings);
  g_autofree char *leaf = b64_of ("leaf-2");
  g_autofree char *swift_pin = g_strdup_printf ("\"%s\",", leaf);
  g_autofree char *plist_pin = g_strdup_printf ("<string>%s</string>", leaf);

  assert_contains (swift, "kTSKPinnedDomains: [");
  assert_contains (swift, "\"api.example.com\": [");
  assert_contains (swift, "kTSKIncludeSubdomains: true,");
  assert_contains (swift, "kTSKEnforcePinning: true,");
  assert_contains (swift, "kTSKExpirationDate: \"2027-06-30\",");
  assert_contains (swift, "kTSKPublicKeyHashes: [");
  assert_contains (swift, swift_pin);

  assert_contains (plist, "<!DOCTYPE plist PUBLIC");
  assert_contains (plist, "<key>TSKConfiguration</key>");
  assert_contains (plist, "<key>TSKPinnedDomains</key>");
  assert_contains (plist, "<key>TSKExpirationDate</key>");
  assert_contains (plist, "<string>2028-01-15</string>");
  assert_contains (plist, plist_pin);
  g_assert_cmpuint (pwarnings->len, ==, 0);
  g_assert_cmpuint (warnings->len, ==, 0);
}

static void
test_export_trustkit_few_pins (void)
{
  g_autoptr(PsPinset) pinset = ps_pinset_new ("One pin");
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
  g_autoptr(GPtrArray) warnings = NULL;
  g_autofree char *text = NULL;

  add_domain (rule, "example.com", FALSE);
  add_pins (rule, rule2_pins, 1);
  ps_pinset_add_rule (pinset, rule);

  text = export_as ("trustkit-plist", pinset, &warnings);
  g_assert_true (has_warning (warnings, PS_FORMAT_WARNING_FEW_PINS, 0));
  assert_contains (text, "<key>example.com</key>");

  g_clear_pointer (&warnings, g_ptr_array_unref);
  g_free (export_as ("android", pinset, &warnings));
  g_assert_true (has_warning (warnings, PS_FORMAT_WARNING_FEW_PINS, 0));

  /* A wildcard is not its parent with subdomains (those are other hosts): refused by
   * the formats without patterns, named. */
  {
    const char *ids[] = { "trustkit-plist", "trustkit-swift", "android", "ats-plist", "tlsa" };
    g_autoptr(PsPinsetDomain) wildcard = ps_pinset_domain_new ("*.example.org", FALSE);

    ps_pinset_rule_add_domain (rule, wildcard);
    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *refused = ps_format_export (ps_format_lookup (ids[i]), pinset, NULL,
                                                     NULL, &error);

        g_assert_null (refused);
        g_assert_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED);
        assert_contains (error->message, "*.example.org");
      }
  }
}

static void
test_export_ats (void)
{
  g_autoptr(PsPinset) pinset = make_pinset_for ("ats-plist");
  g_autoptr(GPtrArray) warnings = NULL;
  g_autofree char *text = export_as ("ats-plist", pinset, &warnings);
  g_autofree char *root = b64_of ("root-1");
  g_autofree char *leaf = b64_of ("leaf-1");
  const char *ca_list, *leaf_list, *next;

  assert_contains (text, "<key>NSAppTransportSecurity</key>");
  assert_contains (text, "<key>NSPinnedDomains</key>");
  assert_contains (text, "<key>NSIncludesSubdomains</key>");
  assert_contains (text, "<key>SPKI-SHA256-BASE64</key>");

  /* In the entry of api.example.com, the leaf key is a leaf identity and the root a CA
   * identity. */
  leaf_list = strstr (text, "<key>NSPinnedLeafIdentities</key>");
  ca_list = strstr (text, "<key>NSPinnedCAIdentities</key>");
  next = strstr (text, "<key>auth.example.com</key>");
  g_assert_nonnull (leaf_list);
  g_assert_nonnull (ca_list);
  g_assert_nonnull (next);
  g_assert_true (leaf_list < ca_list && ca_list < next);
  g_assert_true (strstr (leaf_list, leaf) < ca_list);
  g_assert_true (strstr (ca_list, root) < next);

  g_assert_true (has_warning (warnings, PS_FORMAT_WARNING_NO_EXPIRATION, 0));
  g_assert_false (has_warning (warnings, PS_FORMAT_WARNING_NO_EXPIRATION, 1));
}

static void
test_export_curl (void)
{
  g_autoptr(PsPinset) pinset = make_pinset_for ("curl");
  g_autoptr(GPtrArray) warnings = NULL;
  g_autofree char *text = export_as ("curl", pinset, &warnings);
  g_autofree char *l1 = b64_of ("leaf-1");
  g_autofree char *b1 = b64_of ("backup-1");
  g_autofree char *l3 = b64_of ("leaf-3");
  g_autofree char *line1 = g_strdup_printf ("\nsha256//%s;sha256//%s\n", l1, b1);
  g_autofree char *line3 = g_strdup_printf ("\nsha256//%s\n", l3);
  g_autofree char *root = b64_of ("root-1");

  assert_contains (text, line1);
  assert_contains (text, line3);
  assert_lacks (text, root);
  g_assert_false (has_warning (warnings, PS_FORMAT_WARNING_DROPPED_PINS, -1));
  g_assert_true (has_warning (warnings, PS_FORMAT_WARNING_NO_EXPIRATION, 0));
}

static void
test_export_curl_ca_only (void)
{
  g_autoptr(PsPinset) pinset = ps_pinset_new ("CA only");
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *root = b64_of ("root-3");

  add_domain (rule, "cdn.example.org", FALSE);
  add_pins (rule, rule3_pins, 1);
  ps_pinset_add_rule (pinset, rule);

  /* curl checks only the server's own key: a CA pin would never match, and a rule
   * left out would not be pinned at all. */
  text = ps_format_export (ps_format_lookup ("curl"), pinset, NULL, &warnings, &error);
  g_assert_null (text);
  g_assert_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED);
  assert_contains (error->message, root);
  assert_contains (error->message, "cdn.example.org");
}

static void
test_export_hpkp (void)
{
  g_autoptr(PsPinset) pinset = make_pinset_for ("hpkp");
  g_autoptr(GPtrArray) warnings = NULL;
  g_autofree char *text = export_as ("hpkp", pinset, &warnings);
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GDateTime) expiration = g_date_time_new_utc (2027, 6, 30, 0, 0, 0);
  gint64 max_age = g_date_time_difference (expiration, now) / G_TIME_SPAN_SECOND;
  g_autoptr(GString) header = g_string_new ("Public-Key-Pins: ");
  g_autofree char *r2 = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rule1_pins); i++)
    {
      g_autofree char *b64 = b64_of (rule1_pins[i].seed);
      g_string_append_printf (header, "pin-sha256=\"%s\"; ", b64);
    }
  g_string_append_printf (header, "max-age=%" G_GINT64_FORMAT "; includeSubDomains\n",
                          max_age);
  assert_contains (text, header->str);

  /* No expiration: the usual 60 days. */
  r2 = b64_of ("backup-2");
  {
    g_autofree char *tail = g_strdup_printf ("pin-sha256=\"%s\"; max-age=5184000; "
                                             "includeSubDomains\n", r2);
    assert_contains (text, tail);
  }
  assert_contains (text, "no longer honour");
  g_assert_true (has_warning (warnings, PS_FORMAT_WARNING_OBSOLETE, -1));
}

static void
test_export_tlsa (void)
{
  g_autoptr(PsPinset) pinset = make_pinset_for ("tlsa");
  g_autoptr(GPtrArray) warnings = NULL;
  g_autofree char *text = export_as ("tlsa", pinset, &warnings);

  for (guint i = 0; i < G_N_ELEMENTS (rule1_pins); i++)
    {
      g_autofree char *hex = hex_of (rule1_pins[i].seed);
      int usage = rule1_pins[i].role == PS_PIN_ROLE_LEAF ||
                  rule1_pins[i].role == PS_PIN_ROLE_BACKUP ? 3 : 2;
      g_autofree char *api = g_strdup_printf ("_443._tcp.api.example.com. IN TLSA %d 1 1 %s ",
                                              usage, hex);
      g_autofree char *auth = g_strdup_printf ("_443._tcp.auth.example.com. IN TLSA %d 1 1 %s ",
                                               usage, hex);

      assert_contains (text, api);
      assert_contains (text, auth);
    }
  g_assert_false (has_warning (warnings, PS_FORMAT_WARNING_SUBDOMAINS, -1));
}

static void
test_export_text_json (void)
{
  g_autoptr(PsPinset) pinset = make_pinset ();
  g_autoptr(GPtrArray) warnings = NULL;
  g_autofree char *text = export_as ("text", pinset, &warnings);
  g_autofree char *json = export_as ("json", pinset, NULL);
  g_autofree char *native = ps_pinset_to_json (pinset);
  g_autofree char *b64 = b64_of ("intermediate-3");
  g_autofree char *line = g_strdup_printf ("\nsha256/%s intermediate: CDN intermediate\n", b64);

  assert_contains (text, line);
  assert_contains (text, "# Domains: api.example.com (with subdomains), auth.example.com\n");
  assert_contains (text, "# Expires: 2028-01-15\n");
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmpstr (json, ==, native);
}

/* Round trips. */

typedef struct
{
  char     *b64;
  PsPinRole role;
  char     *label;
} PinKey;

static gboolean
rule_pins_match (PsPinsetRule *expected,
                 PsPinsetRule *actual,
                 PsFormatFlags flags,
                 GString      *why)
{
  GListModel *e = ps_pinset_rule_get_pins (expected);
  GListModel *a = ps_pinset_rule_get_pins (actual);
  guint n_expected = 0;

  for (guint i = 0; i < g_list_model_get_n_items (e); i++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (e, i);
      PsPinRole role = ps_pinset_pin_get_role (pin);
      PsPinsetPin *found = NULL;

      if ((flags & PS_FORMAT_LEAF_ONLY) && role != PS_PIN_ROLE_LEAF &&
          role != PS_PIN_ROLE_BACKUP)
        continue;
      n_expected++;

      for (guint j = 0; j < g_list_model_get_n_items (a); j++)
        {
          g_autoptr(PsPinsetPin) other = g_list_model_get_item (a, j);

          if (ps_pin_equal (ps_pinset_pin_get_pin (pin), ps_pinset_pin_get_pin (other)))
            found = other;
        }
      if (found == NULL)
        {
          g_string_append_printf (why, "pin %s missing; ", ps_pinset_pin_get_label (pin));
          return FALSE;
        }
      if ((flags & PS_FORMAT_KEEPS_ROLES) && ps_pinset_pin_get_role (found) != role)
        {
          g_string_append_printf (why, "role of %s; ", ps_pinset_pin_get_label (pin));
          return FALSE;
        }
      if (!(flags & PS_FORMAT_KEEPS_ROLES) &&
          ps_pinset_pin_get_role (found) != ((flags & PS_FORMAT_LEAF_ONLY) ? PS_PIN_ROLE_LEAF
                                                                          : PS_PIN_ROLE_UNKNOWN))
        {
          g_string_append (why, "imported role is not the default; ");
          return FALSE;
        }
      if ((flags & PS_FORMAT_KEEPS_LABELS) &&
          g_strcmp0 (ps_pinset_pin_get_label (found), ps_pinset_pin_get_label (pin)) != 0 &&
          !(strstr (ps_pinset_pin_get_label (pin), "--") != NULL))
        {
          g_string_append_printf (why, "label “%s” became “%s”; ",
                                  ps_pinset_pin_get_label (pin),
                                  ps_pinset_pin_get_label (found));
          return FALSE;
        }
      if (!(flags & PS_FORMAT_KEEPS_LABELS) && ps_pinset_pin_get_label (found) != NULL &&
          *ps_pinset_pin_get_label (found) != '\0')
        {
          g_string_append (why, "a label appeared; ");
          return FALSE;
        }
    }

  if (n_expected != g_list_model_get_n_items (a))
    {
      g_string_append_printf (why, "%u pins instead of %u; ", g_list_model_get_n_items (a),
                              n_expected);
      return FALSE;
    }
  return TRUE;
}

static void
assert_round_trip (const char *id,
                   PsPinset   *expected)
{
  const PsFormat *format = ps_format_lookup (id);
  PsFormatFlags flags = ps_format_get_flags (format);
  g_autofree char *text = export_as (id, expected, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(PsPinset) actual = NULL;
  g_autoptr(GString) why = g_string_new (NULL);
  GListModel *er = ps_pinset_get_rules (expected);
  GListModel *ar;

  /* Read back with detection, so that detection is proven on every export too. */
  g_assert_true (ps_format_detect (text, -1) == format);
  actual = ps_format_import (NULL, text, -1, &notes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (actual);
  ar = ps_pinset_get_rules (actual);

  if (flags & PS_FORMAT_KEEPS_ALL)
    {
      g_assert_true (ps_pinset_equal (expected, actual));
      return;
    }

  if (flags & PS_FORMAT_KEEPS_NAME)
    g_assert_cmpstr (ps_pinset_get_name (actual), ==, ps_pinset_get_name (expected));
  else
    g_assert_cmpstr (ps_pinset_get_name (actual), ==, "");

  g_assert_cmpuint (g_list_model_get_n_items (ar), ==, g_list_model_get_n_items (er));
  for (guint r = 0; r < g_list_model_get_n_items (er); r++)
    {
      g_autoptr(PsPinsetRule) e = g_list_model_get_item (er, r);
      g_autoptr(PsPinsetRule) a = g_list_model_get_item (ar, r);
      GListModel *ed = ps_pinset_rule_get_domains (e);
      GListModel *ad = ps_pinset_rule_get_domains (a);
      GDateTime *ee = ps_pinset_rule_get_expiration (e);
      GDateTime *ae = ps_pinset_rule_get_expiration (a);

      g_assert_cmpuint (g_list_model_get_n_items (ad), ==, g_list_model_get_n_items (ed));
      for (guint d = 0; d < g_list_model_get_n_items (ed); d++)
        {
          g_autoptr(PsPinsetDomain) x = g_list_model_get_item (ed, d);
          g_autoptr(PsPinsetDomain) y = g_list_model_get_item (ad, d);

          g_assert_cmpstr (ps_pinset_domain_get_name (x), ==, ps_pinset_domain_get_name (y));
          if (flags & PS_FORMAT_KEEPS_SUBDOMAINS)
            g_assert_cmpint (ps_pinset_domain_get_include_subdomains (x), ==,
                             ps_pinset_domain_get_include_subdomains (y));
          else
            g_assert_false (ps_pinset_domain_get_include_subdomains (y));
        }

      if (flags & PS_FORMAT_KEEPS_EXPIRATION)
        {
          g_assert_true ((ee == NULL) == (ae == NULL));
          if (ee != NULL)
            g_assert_true (g_date_time_equal (ee, ae));
        }
      else
        g_assert_null (ae);

      if (!rule_pins_match (e, a, flags, why))
        g_error ("%s, rule %u: %s\n%s", id, r + 1, why->str, text);
    }
}

static void
test_round_trip (gconstpointer data)
{
  const char *id = data;
  g_autoptr(PsPinset) pinset = make_pinset_for (id);

  assert_round_trip (id, pinset);
}

/* Formats that write domain patterns as they are keep wildcards. */
static void
test_round_trip_wildcard (void)
{
  /* HPKP is not among them: one header says includeSubDomains for all its hosts or none. */
  const char *ids[] = { "okhttp-kotlin", "okhttp-java", "curl", "text", "json" };
  g_autoptr(PsPinset) pinset = ps_pinset_new ("Wildcards");
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();

  add_domain (rule, "*.example.com", FALSE);
  add_domain (rule, "example.org", TRUE);
  add_pins (rule, rule2_pins, G_N_ELEMENTS (rule2_pins));
  ps_pinset_add_rule (pinset, rule);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    assert_round_trip (ids[i], pinset);
}

/* Real-shaped configurations. */

static char *
read_config (const char *name)
{
  g_autofree char *path = g_build_filename (ps_test_testdata (), "configs", name, NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}

static PsPinset *
import_config (const char  *name,
               const char  *expected_format,
               GPtrArray  **notes)
{
  g_autofree char *text = read_config (name);
  g_autoptr(GError) error = NULL;
  PsPinset *pinset;

  g_assert_nonnull (text);
  g_assert_cmpstr (ps_format_get_id (ps_format_detect (text, -1)), ==, expected_format);
  pinset = ps_format_import (NULL, text, -1, notes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pinset);
  return pinset;
}

static PsPinsetRule *
rule_at (PsPinset *pinset,
         guint     index)
{
  return g_list_model_get_item (ps_pinset_get_rules (pinset), index);
}

static char *
pin_b64_at (PsPinsetRule *rule,
            guint         index)
{
  g_autoptr(PsPinsetPin) pin = g_list_model_get_item (ps_pinset_rule_get_pins (rule), index);
  return ps_pin_to_base64 (ps_pinset_pin_get_pin (pin));
}

static char *
domain_at (PsPinsetRule *rule,
           guint         index,
           gboolean     *include)
{
  g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (ps_pinset_rule_get_domains (rule),
                                                            index);
  *include = ps_pinset_domain_get_include_subdomains (domain);
  return g_strdup (ps_pinset_domain_get_name (domain));
}

static gboolean
notes_mention (GPtrArray  *notes,
               const char *needle)
{
  for (guint i = 0; i < notes->len; i++)
    if (strstr (g_ptr_array_index (notes, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

#define LEAF_PIN   "r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E="
#define BACKUP_PIN "YLh1dUR9y6Kja30RrAn7JKnbQG/uEtLMkBgFF2Fuihg="
#define ISRG_X1    "C5+lpZ7tcVwmwQIMcRtPbsQtWLABXhQzejna0wHFr8M="
#define ISRG_X2    "diGVwiVYbubAI3RW4hB9xU8e/CH2GnkuvVFZE8zmgzI="

static void
test_import_android_config (void)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(PsPinset) pinset = import_config ("network_security_config.xml", "android", &notes);
  g_autoptr(PsPinsetRule) r1 = rule_at (pinset, 0);
  g_autoptr(PsPinsetRule) r2 = rule_at (pinset, 1);
  g_autoptr(GDateTime) expiration = g_date_time_new_utc (2027, 6, 30, 0, 0, 0);
  g_autoptr(PsPinsetPin) first = NULL;
  g_autofree char *p0 = NULL, *p1 = NULL, *p2 = NULL, *d0 = NULL, *d1 = NULL, *d2 = NULL;
  gboolean i0, i1, i2;

  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (pinset)), ==, 2);
  d0 = domain_at (r1, 0, &i0);
  d1 = domain_at (r1, 1, &i1);
  d2 = domain_at (r2, 0, &i2);
  g_assert_cmpstr (d0, ==, "api.example.com");
  g_assert_true (i0);
  g_assert_cmpstr (d1, ==, "auth.example.com");
  g_assert_false (i1);
  g_assert_cmpstr (d2, ==, "payments.example.net");
  g_assert_true (i2);
  g_assert_true (g_date_time_equal (ps_pinset_rule_get_expiration (r1), expiration));
  g_assert_null (ps_pinset_rule_get_expiration (r2));

  p0 = pin_b64_at (r1, 0);
  p1 = pin_b64_at (r1, 1);
  p2 = pin_b64_at (r2, 0);
  g_assert_cmpstr (p0, ==, LEAF_PIN);
  g_assert_cmpstr (p1, ==, BACKUP_PIN);
  g_assert_cmpstr (p2, ==, ISRG_X1);
  /* The comment before a pin is its label. */
  first = g_list_model_get_item (ps_pinset_rule_get_pins (r1), 0);
  g_assert_cmpstr (ps_pinset_pin_get_label (first), ==, "current leaf key");
  /* Android pins carry no role; a free comment is a label, never a guessed role. */
  g_assert_cmpint (ps_pinset_pin_get_role (first), ==, PS_PIN_ROLE_UNKNOWN);
  {
    g_autoptr(PsPinsetPin) second = g_list_model_get_item (ps_pinset_rule_get_pins (r1), 1);

    g_assert_cmpstr (ps_pinset_pin_get_label (second), ==, "backup key, kept offline");
    g_assert_cmpint (ps_pinset_pin_get_role (second), ==, PS_PIN_ROLE_UNKNOWN);
  }

  /* What is not about pins is reported, not silently dropped. */
  g_assert_true (notes_mention (notes, "cdn.example.org"));
}

static void
test_import_trustkit_config (void)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(PsPinset) pinset = import_config ("Info-TrustKit.plist", "trustkit-plist", &notes);
  g_autoptr(PsPinsetRule) r1 = rule_at (pinset, 0);
  g_autoptr(PsPinsetRule) r2 = rule_at (pinset, 1);
  g_autoptr(GDateTime) expiration = g_date_time_new_utc (2027, 6, 30, 0, 0, 0);
  g_autofree char *p0 = pin_b64_at (r1, 0), *p1 = pin_b64_at (r1, 1), *p2 = pin_b64_at (r2, 0);
  g_autofree char *d0 = NULL, *d1 = NULL;
  gboolean i0, i1;

  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (pinset)), ==, 2);
  d0 = domain_at (r1, 0, &i0);
  d1 = domain_at (r2, 0, &i1);
  g_assert_cmpstr (d0, ==, "api.example.com");
  g_assert_true (i0);
  g_assert_cmpstr (d1, ==, "payments.example.net");
  g_assert_false (i1);
  g_assert_true (g_date_time_equal (ps_pinset_rule_get_expiration (r1), expiration));
  g_assert_cmpstr (p0, ==, LEAF_PIN);
  g_assert_cmpstr (p1, ==, BACKUP_PIN);
  g_assert_cmpstr (p2, ==, ISRG_X1);
  g_assert_true (notes_mention (notes, "TSKEnforcePinning"));
  g_assert_true (notes_mention (notes, "CFBundleName"));
}

static void
test_import_ats_config (void)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(PsPinset) pinset = import_config ("Info-ATS.plist", "ats-plist", &notes);
  g_autoptr(PsPinsetRule) rule = rule_at (pinset, 0);
  g_autoptr(PsPinsetPin) leaf = g_list_model_get_item (ps_pinset_rule_get_pins (rule), 0);
  g_autoptr(PsPinsetPin) ca = g_list_model_get_item (ps_pinset_rule_get_pins (rule), 1);
  g_autofree char *p0 = pin_b64_at (rule, 0), *p1 = pin_b64_at (rule, 1), *d0 = NULL;
  gboolean i0;

  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (pinset)), ==, 1);
  d0 = domain_at (rule, 0, &i0);
  g_assert_cmpstr (d0, ==, "api.example.com");
  g_assert_true (i0);
  g_assert_cmpstr (p0, ==, LEAF_PIN);
  g_assert_cmpstr (p1, ==, ISRG_X1);
  g_assert_cmpint (ps_pinset_pin_get_role (leaf), ==, PS_PIN_ROLE_LEAF);
  g_assert_cmpint (ps_pinset_pin_get_role (ca), !=, PS_PIN_ROLE_LEAF);
  g_assert_cmpint (ps_pinset_pin_get_role (ca), !=, PS_PIN_ROLE_BACKUP);
}

static void
test_import_kotlin_config (void)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(PsPinset) pinset = import_config ("PinningModule.kt", "okhttp-kotlin", &notes);
  g_autoptr(PsPinsetRule) r1 = rule_at (pinset, 0);
  g_autoptr(PsPinsetRule) r2 = rule_at (pinset, 1);
  g_autofree char *p0 = pin_b64_at (r1, 0), *p1 = pin_b64_at (r1, 1);
  g_autofree char *p2 = pin_b64_at (r2, 0), *p3 = pin_b64_at (r2, 1);
  g_autofree char *d0 = NULL, *d1 = NULL;
  gboolean i0, i1;

  /* Two .add() calls for the same host make one rule; "**." is include-subdomains. */
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (pinset)), ==, 2);
  d0 = domain_at (r1, 0, &i0);
  d1 = domain_at (r2, 0, &i1);
  g_assert_cmpstr (d0, ==, "api.example.com");
  g_assert_false (i0);
  g_assert_cmpstr (d1, ==, "example.net");
  g_assert_true (i1);
  g_assert_cmpstr (p0, ==, LEAF_PIN);
  g_assert_cmpstr (p1, ==, BACKUP_PIN);
  g_assert_cmpstr (p2, ==, ISRG_X1);
  g_assert_cmpstr (p3, ==, ISRG_X2);
}

static void
test_import_curl_hpkp_config (void)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) hnotes = NULL;
  g_autoptr(PsPinset) curl = import_config ("curl-pins.txt", "curl", &notes);
  g_autoptr(PsPinset) hpkp = import_config ("hpkp-header.txt", "hpkp", &hnotes);
  g_autoptr(PsPinsetRule) c = rule_at (curl, 0);
  g_autoptr(PsPinsetRule) h = rule_at (hpkp, 0);
  g_autofree char *c0 = pin_b64_at (c, 0), *c1 = pin_b64_at (c, 1);
  g_autofree char *h0 = pin_b64_at (h, 0), *h1 = pin_b64_at (h, 1);

  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_pins (c)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_pins (h)), ==, 2);
  g_assert_cmpstr (c0, ==, LEAF_PIN);
  g_assert_cmpstr (c1, ==, BACKUP_PIN);
  g_assert_cmpstr (h0, ==, LEAF_PIN);
  g_assert_cmpstr (h1, ==, BACKUP_PIN);
  g_assert_true (notes_mention (hnotes, "report-uri"));
}

static void
test_import_hpkp_response (void)
{
  /* Saved response headers, as "curl -I" prints them. */
  const char *response =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: text/html\r\n"
    "Public-Key-Pins: pin-sha256=\"" LEAF_PIN "\"; pin-sha256=\"" BACKUP_PIN "\"; "
    "max-age=600\r\n"
    "\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(PsPinset) pinset = ps_format_import (NULL, response, -1, &notes, &error);
  g_autoptr(PsPinsetRule) rule = NULL;

  g_assert_no_error (error);
  rule = rule_at (pinset, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_pins (rule)), ==, 2);
  g_assert_true (notes_mention (notes, "Line 2"));
}

static void
test_import_java_source (void)
{
  /* A Java set-up with constants around, another .add() that is not a pinner, and a
   * comment that looks like a call. */
  const char *source =
    "import okhttp3.CertificatePinner;\n"
    "class Pins {\n"
    "  // .add(\"evil.example\", \"sha256/" LEAF_PIN "\")\n"
    "  void setUp(java.util.List<String> list) {\n"
    "    list.add(\"not a pin\");\n"
    "    CertificatePinner pinner = new CertificatePinner.Builder()\n"
    "        .add(\"*.example.com\", \"sha256/" LEAF_PIN "\", /* backup */ \"sha256/"
    BACKUP_PIN "\")\n"
    "        .build();\n"
    "  }\n"
    "}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPinset) pinset = NULL;
  g_autoptr(PsPinsetRule) rule = NULL;
  g_autofree char *d0 = NULL;
  gboolean i0;

  g_assert_cmpstr (ps_format_get_id (ps_format_detect (source, -1)), ==, "okhttp-java");
  pinset = ps_format_import (NULL, source, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (pinset)), ==, 1);
  rule = rule_at (pinset, 0);
  d0 = domain_at (rule, 0, &i0);
  g_assert_cmpstr (d0, ==, "*.example.com");
  g_assert_false (i0);
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_pins (rule)), ==, 2);
}

static void
test_import_android_nested (void)
{
  /* A nested domain-config inherits its parent's pin-set; a placeholder pin is kept as
   * written, for the linter. */
  const char *xml =
    "<network-security-config>\n"
    "  <domain-config>\n"
    "    <domain>example.com</domain>\n"
    "    <pin-set>\n"
    "      <pin digest=\"SHA-256\">" LEAF_PIN "</pin>\n"
    "      <pin digest=\"SHA-256\">AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=</pin>\n"
    "    </pin-set>\n"
    "    <domain-config>\n"
    "      <domain includeSubdomains=\"true\">static.example.com</domain>\n"
    "    </domain-config>\n"
    "  </domain-config>\n"
    "</network-security-config>\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPinset) pinset = ps_format_import (NULL, xml, -1, NULL, &error);
  g_autoptr(PsPinsetRule) inner = NULL;
  g_autoptr(PsPinsetPin) placeholder = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (pinset)), ==, 2);
  inner = rule_at (pinset, 1);
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_pins (inner)), ==, 2);
  placeholder = g_list_model_get_item (ps_pinset_rule_get_pins (inner), 1);
  g_assert_null (ps_pinset_pin_get_pin (placeholder));
  g_assert_cmpint (ps_pinset_pin_get_problem_code (placeholder), ==, PS_ERROR_PLACEHOLDER_PIN);
}

/* Malformed input. */

typedef struct
{
  const char *format;  /* NULL: detect */
  const char *text;
  int         line;    /* expected in the message, 0 when there is none */
  const char *needle;  /* also expected in the message */
} Malformed;

static const Malformed malformed[] = {
  { "android", "<network-security-config>\n  <domain-config>\n    <pin-set expiration=\"soon\">\n",
    3, "soon" },
  { "android", "<network-security-config>\n<domain-config>\n</pin-set>\n", 3, NULL },
  { "android", "<resources>\n</resources>\n", 1, "network-security-config" },
  /* GMarkup words entity errors without a column; the line is still given. */
  { "android", "<network-security-config>\n<domain-config>\n<domain>&unknown;</domain>\n",
    3, "unknown" },
  { "android", "<network-security-config>\n<domain-config>\n<domain includeSubdomains=\"yes\">"
               "a.example</domain>\n", 3, "yes" },
  { "trustkit-plist", "<plist version=\"1.0\">\n<dict>\n<key>TSKConfiguration</key>\n<dict>\n"
                      "<key>TSKPinnedDomains</key>\n<dict>\n<key>a.example</key>\n<dict>\n"
                      "<key>TSKExpirationDate</key>\n<string>tomorrow</string>\n"
                      "</dict>\n</dict>\n</dict>\n</dict>\n</plist>\n", 0,
    "TSKExpirationDate" },
  { "trustkit-plist", "<plist version=\"1.0\">\n<dict>\n<string>x</string>\n</dict>\n</plist>\n",
    0, "well-formed" },
  { "ats-plist", "<plist version=\"1.0\">\n<dict>\n<key>Other</key>\n<true/>\n</dict>\n</plist>\n",
    0, "NSAppTransportSecurity" },
  { "okhttp-kotlin", "val p = CertificatePinner.Builder()\n    .add(\"a.example\",\n"
                     "        \"sha256/" LEAF_PIN "\"\n", 2, "parenthesis" },
  { "okhttp-java", "CertificatePinner p = new CertificatePinner.Builder()\n"
                   "    .add(\"a.example\", \"sha256/unterminated)\n", 2, "string" },
  /* A string left open at the very end, before any .add( call. */
  { "okhttp-kotlin", "{\n  \"fo", 0, ".add" },
  { "curl", "just words\n", 1, "sha256//" },
  { "hpkp", "Public-Key-Pins: max-age=10\n", 1, "pin-sha256" },
  { "hpkp", "Public-Key-Pins: pin-sha256=\"" LEAF_PIN "\"; max-age=ten\n", 1, "max-age" },
  { "tlsa", "; c\n_443._tcp.a.example. IN A 127.0.0.1\n", 2, "TLSA" },
  { "json", "{ \"format\": \"pinscope-pinset\", \"version\": 1, \"rules\": [ }", 0, NULL },
  { "text", "# Domains: a.example\n# Expires: someday\n", 2, "yyyy-MM-dd" },
  { NULL, "\xff\xfe binary", 0, "UTF-8" },
  { NULL, "Nothing to see here.\n", 0, NULL },
  { "trustkit-swift", "let x = 1\n", 0, "kTSKPinnedDomains" },
};

static void
test_malformed (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      const Malformed *m = &malformed[i];
      const PsFormat *format = m->format ? ps_format_lookup (m->format) : NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(PsPinset) pinset = NULL;

      g_test_message ("malformed %u (%s)", i, m->format ? m->format : "detect");
      pinset = ps_format_import (format, m->text, -1, NULL, &error);
      g_assert_null (pinset);
      g_assert_nonnull (error);
      g_assert_true (error->domain == PS_ERROR);
      g_test_message ("  -> %s", error->message);
      if (m->line > 0)
        {
          g_autofree char *line = g_strdup_printf ("Line %d:", m->line);
          assert_contains (error->message, line);
        }
      if (m->needle != NULL)
        assert_contains (error->message, m->needle);
    }
}

/* One bad entry never refuses a whole file: it stays in its rule, unparsed, next to the
 * good ones, for "check" to report. */
typedef struct
{
  const char *format;
  const char *text;
  guint       n_usable;
  guint       n_unparsed;
} BadEntry;

#define ATS_HEAD "<plist version=\"1.0\">\n<dict>\n<key>NSAppTransportSecurity</key>\n<dict>\n" \
                 "<key>NSPinnedDomains</key>\n<dict>\n<key>a.example</key>\n<dict>\n"
#define ATS_TAIL "</dict>\n</dict>\n</dict>\n</dict>\n</plist>\n"
#define TSK_HEAD "<plist version=\"1.0\">\n<dict>\n<key>TSKConfiguration</key>\n<dict>\n" \
                 "<key>TSKPinnedDomains</key>\n<dict>\n<key>a.example</key>\n<dict>\n"

static const BadEntry bad_entries[] = {
  { "android", "<network-security-config>\n<domain-config>\n<domain>a.example</domain>\n"
               "<pin-set>\n<pin digest=\"SHA-256\">not base64!</pin>\n"
               "<pin digest=\"SHA-256\">" LEAF_PIN "</pin>\n</pin-set>\n</domain-config>\n"
               "</network-security-config>\n", 1, 1 },
  /* Android knows only SHA-256: another digest is a pin it cannot use. */
  { "android", "<network-security-config>\n<domain-config>\n<domain>a.example</domain>\n"
               "<pin-set>\n<pin digest=\"SHA-1\">x</pin>\n<pin digest=\"SHA-256\">" LEAF_PIN
               "</pin>\n</pin-set>\n</domain-config>\n</network-security-config>\n", 1, 1 },
  { "trustkit-plist", TSK_HEAD "<key>TSKPublicKeyHashes</key>\n<array>\n<string>nope</string>\n"
                      "<string>" LEAF_PIN "</string>\n</array>\n" ATS_TAIL, 1, 1 },
  /* ATS skips an identity without SPKI-SHA256-BASE64 and keeps the others. */
  { "ats-plist", ATS_HEAD "<key>NSPinnedLeafIdentities</key>\n<array>\n<dict>\n<key>x</key>\n"
                 "<string>y</string>\n</dict>\n<dict>\n<key>SPKI-SHA256-BASE64</key>\n"
                 "<string>" LEAF_PIN "</string>\n</dict>\n</array>\n" ATS_TAIL, 1, 0 },
  { "okhttp-kotlin", "val p = CertificatePinner.Builder()\n"
                     "    .add(\"a.example\", \"sha256/short\", \"sha256/" LEAF_PIN "\")\n"
                     "    .build()\n", 1, 1 },
  { "okhttp-java", "CertificatePinner p = new CertificatePinner.Builder()\n"
                   "    .add(\"a.example\", \"sha256/" LEAF_PIN "\", \"md5/abc\")\n"
                   "    .build();\n", 1, 1 },
  { "curl", "# Domains: a.example\nsha256//" LEAF_PIN ";md5//abc\n", 1, 1 },
  { "curl", "# Domains: a.example\nsha256//!!!\n", 0, 1 },
  { "hpkp", "# Domains: a.example\nPublic-Key-Pins: pin-sha256=\"abc\"; pin-sha256=\""
            LEAF_PIN "\"; max-age=10\n", 1, 1 },
  { "tlsa", "_443._tcp.a.example. IN TLSA 3 1 1 abcd\n", 0, 1 },
  { "text", "# Domains: a.example\nsha256/" LEAF_PIN " leaf\nnot-a-pin label\n", 1, 1 },
};

static void
test_bad_entries (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_entries); i++)
    {
      const BadEntry *b = &bad_entries[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(PsPinset) pinset = NULL;
      g_autoptr(PsPinsetRule) rule = NULL;
      GListModel *pins;
      guint n_usable = 0, n_unparsed = 0;

      g_test_message ("bad entry %u (%s)", i, b->format);
      pinset = ps_format_import (ps_format_lookup (b->format), b->text, -1, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (pinset)), ==, 1);
      rule = g_list_model_get_item (ps_pinset_get_rules (pinset), 0);
      pins = ps_pinset_rule_get_pins (rule);
      for (guint p = 0; p < g_list_model_get_n_items (pins); p++)
        {
          g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, p);

          if (ps_pinset_pin_get_pin (pin) != NULL)
            n_usable++;
          else
            {
              g_assert_nonnull (ps_pinset_pin_get_text (pin));
              n_unparsed++;
            }
        }
      g_assert_cmpuint (n_usable, ==, b->n_usable);
      g_assert_cmpuint (n_unparsed, ==, b->n_unparsed);
    }
}

/* HPKP as servers send and configure it: folded over several lines (RFC 7469 section
 * 2.1.5, MDN), and quoted in nginx's add_header and Apache's Header set, where the first
 * pin follows the quote. */
static void
test_import_hpkp_shapes (void)
{
  const struct
  {
    const char *file;
    guint       n_pins;
  } cases[] = {
    { "hpkp-folded.txt", 2 },
    { "nginx-hpkp.conf", 3 },
    { "apache-hpkp.conf", 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) notes = NULL;
      g_autoptr(PsPinset) pinset = import_config (cases[i].file, "hpkp", &notes);
      g_autoptr(PsPinsetRule) rule = rule_at (pinset, 0);
      g_autofree char *first = pin_b64_at (rule, 0);

      g_test_message ("%s", cases[i].file);
      g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (pinset)), ==, 1);
      g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_pins (rule)), ==,
                        cases[i].n_pins);
      g_assert_cmpstr (first, ==, LEAF_PIN);
    }
}

static char *
domains_text (PsPinsetRule *rule)
{
  GListModel *domains = ps_pinset_rule_get_domains (rule);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, i);

      g_string_append_printf (out, "%s%s;", ps_pinset_domain_get_name (domain),
                              ps_pinset_domain_get_include_subdomains (domain) ? "+" : "");
    }
  return g_string_free (out, FALSE);
}

/* Apps ship binary property lists: they import like their XML text. */
static void
test_import_binary_plist (void)
{
  const char *files[] = { "Info-ATS.plist", "Info-TrustKit.plist" };
  const char *ids[] = { "ats-plist", "trustkit-plist" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *xml = read_config (files[i]);
      g_autoptr(PsPinset) from_xml = NULL;
      g_autoptr(PsPinset) from_binary = NULL;
      g_autoptr(GError) error = NULL;
      plist_t root = NULL;
      char *binary = NULL;
      uint32_t len = 0;

      plist_from_xml (xml, strlen (xml), &root);
      g_assert_nonnull (root);
      plist_to_bin (root, &binary, &len);
      plist_free (root);
      g_assert_true (len > 8 && memcmp (binary, "bplist00", 8) == 0);

      g_assert_cmpstr (ps_format_get_id (ps_format_detect (binary, len)), ==, ids[i]);
      from_binary = ps_format_import (NULL, binary, len, NULL, &error);
      plist_to_bin_free (binary);
      g_assert_no_error (error);
      from_xml = ps_format_import (NULL, xml, -1, NULL, &error);
      g_assert_no_error (error);
      /* The same rules, domains and pins (no comments in a binary list: no name). */
      g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (from_binary)), ==,
                        g_list_model_get_n_items (ps_pinset_get_rules (from_xml)));
      for (guint r = 0; r < g_list_model_get_n_items (ps_pinset_get_rules (from_xml)); r++)
        {
          g_autoptr(PsPinsetRule) a = rule_at (from_xml, r);
          g_autoptr(PsPinsetRule) b = rule_at (from_binary, r);
          GListModel *pa = ps_pinset_rule_get_pins (a), *pb = ps_pinset_rule_get_pins (b);
          g_autofree char *da = domains_text (a), *db = domains_text (b);

          g_assert_cmpstr (da, ==, db);
          g_assert_cmpuint (g_list_model_get_n_items (pa), ==, g_list_model_get_n_items (pb));
          for (guint p = 0; p < g_list_model_get_n_items (pa); p++)
            {
              g_autofree char *x = pin_b64_at (a, p), *y = pin_b64_at (b, p);

              g_assert_cmpstr (x, ==, y);
            }
        }
    }
}

/* A binary property list nested deeper than any configuration is refused quickly, before
 * libplist (which recurses) sees it; so is one whose references loop. */
static GBytes *
nested_bplist (guint n,
               gboolean loop)
{
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint8 trailer[32] = { 0 };
  guint32 table;

  g_byte_array_append (out, (const guint8 *) "bplist00", 8);
  for (guint i = 0; i < n; i++)
    {
      guint32 offset = out->len;
      guint32 next = GUINT32_TO_BE (i + 1 < n ? i + 1 : (loop ? 0 : 0));
      guint8 marker = i + 1 < n || loop ? 0xA1 : 0xA0;

      g_array_append_val (offsets, offset);
      g_byte_array_append (out, &marker, 1);
      if (marker == 0xA1)
        g_byte_array_append (out, (const guint8 *) &next, 4);
    }
  table = out->len;
  for (guint i = 0; i < n; i++)
    {
      guint32 be = GUINT32_TO_BE (g_array_index (offsets, guint32, i));
      g_byte_array_append (out, (const guint8 *) &be, 4);
    }
  trailer[6] = 4;
  trailer[7] = 4;
  for (guint i = 0; i < 8; i++)
    {
      trailer[8 + 7 - i] = ((guint64) n >> (8 * i)) & 0xff;
      trailer[24 + 7 - i] = ((guint64) table >> (8 * i)) & 0xff;
    }
  g_byte_array_append (out, trailer, 32);
  return g_byte_array_free_to_bytes (out);
}

static void
test_binary_plist_hostile (void)
{
  const struct
  {
    guint    n;
    gboolean loop;
  } cases[] = { { 100000, FALSE }, { 3, TRUE }, { 70, FALSE } };
  g_autoptr(GTimer) timer = g_timer_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = nested_bplist (cases[i].n, cases[i].loop);
      g_autoptr(GError) error = NULL;
      g_autoptr(PsPinset) pinset = NULL;
      gsize len;
      const char *data = g_bytes_get_data (bytes, &len);

      pinset = ps_format_import (ps_format_lookup ("ats-plist"), data, len, NULL, &error);
      g_assert_null (pinset);
      g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET);
    }
  /* libplist alone crashes on the first after a minute. */
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 5.0);
}

/* Pinscope's own text export reads back with detection, also when a pin's base64 starts
 * with "/" ("sha256//…" is then not a curl line); TLSA numbers out of range are not read
 * modulo 2^32; years below 1000 are written with four digits. */
static void
test_small_fixes (void)
{
  /* A pin whose base64 starts with "/". */
  const char *slash_pin = "/PjnlB9AbBwsvdVz9Ux8YXVJaRJBQj1lkf1q1PL0vBA=";
  g_autofree char *text = g_strdup_printf ("# Domains: a.example\nsha256/%s\n", slash_pin);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPinset) pinset = NULL;
  g_autoptr(PsPinset) tlsa = NULL;
  g_autoptr(PsPinset) old = ps_pinset_new ("Old");
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
  g_autoptr(GDateTime) year_500 = g_date_time_new_utc (500, 6, 30, 0, 0, 0);
  g_autofree char *android = NULL;
  g_autofree char *b64 = NULL;

  g_assert_cmpstr (ps_format_get_id (ps_format_detect (text, -1)), ==, "text");
  pinset = ps_format_import (NULL, text, -1, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(PsPinsetRule) r = rule_at (pinset, 0);
    b64 = pin_b64_at (r, 0);
  }
  g_assert_cmpstr (b64, ==, slash_pin);

  /* 4294967297 is 2^32 + 1: atoi () read it as selector 1. */
  tlsa = ps_format_import (ps_format_lookup ("tlsa"),
                           "_443._tcp.a.example. IN TLSA 3 4294967297 1 "
                           "0000000000000000000000000000000000000000000000000000000000000001\n"
                           "_443._tcp.a.example. IN TLSA 3 1 1 "
                           "aeff88906dde12955d9beebf928fdcc31ccce328d5b93849c7229407289e2039\n",
                           -1, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(PsPinsetRule) r = rule_at (tlsa, 0);
    g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_pins (r)), ==, 1);
  }

  add_domain (rule, "a.example", FALSE);
  add_pins (rule, rule2_pins, G_N_ELEMENTS (rule2_pins));
  ps_pinset_rule_set_expiration (rule, year_500);
  ps_pinset_add_rule (old, rule);
  android = export_as ("android", old, NULL);
  assert_contains (android, "expiration=\"0500-06-30\"");
}

/* Whatever the bytes, an import ends with a pinset or an error: truncations and byte
 * flips of every export, in every importable format. */
static void
test_never_crash (void)
{
  g_autoptr(PsPinset) pinset = make_pinset ();
  guint n;
  const PsFormat * const *all = ps_format_get_all (&n);
  guint32 seed = 1234;

  for (guint f = 0; f < n; f++)
    {
      g_autoptr(PsPinset) expressible = make_pinset_for (ps_format_get_id (all[f]));
      g_autofree char *text = export_as (ps_format_get_id (all[f]), expressible, NULL);
      gsize len = strlen (text);

      for (gsize cut = 0; cut < len; cut += 5)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(PsPinset) result = NULL;
          g_autofree char *mutated = g_strdup (text);

          /* Truncated, and with one byte changed to a character that matters to parsers. */
          result = ps_format_import (ps_format_can_import (all[f]) ? all[f] : NULL,
                                     text, cut, NULL, &error);
          g_assert_true ((result == NULL) != (error == NULL));
          g_clear_object (&result);
          g_clear_error (&error);

          seed = seed * 1103515245 + 12345;
          mutated[cut] = "<>\"/;=&-*(),\n\\ 0x#"[(seed >> 16) % 18];
          result = ps_format_import (NULL, mutated, -1, NULL, &error);
          g_assert_true ((result == NULL) != (error == NULL));
        }

      /* Every importer on this format's text, cut anywhere: a reader must cope with the
       * end of the text wherever it comes. */
      for (guint g = 0; g < n; g++)
        for (gsize cut = 0; ps_format_can_import (all[g]) && cut < len; cut += 3)
          {
            g_autoptr(GError) error = NULL;
            g_autoptr(PsPinset) result = ps_format_import (all[g], text, cut, NULL, &error);

            g_assert_true ((result == NULL) != (error == NULL));
          }
    }
}

/* Hostile input: deep nesting, thousands of rules and pins, and huge files end quickly
 * with a pinset or a clear error, never a stack overflow or a quadratic crawl. */

static char *
repeat (const char *open,
        const char *close,
        const char *prefix,
        const char *suffix,
        guint       n)
{
  GString *out = g_string_new (prefix);

  for (guint i = 0; i < n; i++)
    g_string_append (out, open);
  for (guint i = 0; close != NULL && i < n; i++)
    g_string_append (out, close);
  g_string_append (out, suffix);
  return g_string_free (out, FALSE);
}

static void
test_deep_nesting (void)
{
  const struct
  {
    const char *format;
    const char *open;
    const char *close;
    const char *prefix;
    const char *suffix;
  } cases[] = {
    { "android", "<domain-config>", "</domain-config>", "<network-security-config>\n",
      "</network-security-config>\n" },
    { "trustkit-plist", "<dict><key>TSKConfiguration</key>", "</dict>",
      "<plist version=\"1.0\">\n", "</plist>\n" },
    { "ats-plist", "<array>", "</array>",
      "<plist version=\"1.0\">\n<dict><key>NSAppTransportSecurity</key>", "</dict></plist>\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = repeat (cases[i].open, cases[i].close, cases[i].prefix,
                                      cases[i].suffix, 100000);
      g_autoptr(GError) error = NULL;
      g_autoptr(PsPinset) pinset = NULL;

      g_test_message ("nested %s", cases[i].format);
      pinset = ps_format_import (ps_format_lookup (cases[i].format), text, -1, NULL, &error);
      g_assert_null (pinset);
      g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET);
      assert_contains (error->message, "Line 2:");
      assert_contains (error->message, "nested");
    }
}

/* AddressSanitizer's strstr() interceptor measures the whole haystack, which makes
 * g_strsplit() quadratic under it alone: fewer lines there keep the suite fast. */
#if defined(__SANITIZE_ADDRESS__)
#define MANY_PINS 2000
#else
#define MANY_PINS 40000
#endif

static void
test_many_pins (void)
{
  const guint n = MANY_PINS;
  g_autoptr(GString) text = g_string_new ("# Domains: a.example\n");
  g_autoptr(GString) java = g_string_new ("CertificatePinner.Builder()\n");
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPinset) one_rule = NULL;
  g_autoptr(PsPinset) many_rules = NULL;
  g_autoptr(PsPinsetRule) rule = NULL;

  for (guint i = 0; i < n; i++)
    {
      guint8 digest[32] = { 0 };
      g_autofree char *b64 = NULL;

      digest[0] = i & 0xff;
      digest[1] = (i >> 8) & 0xff;
      digest[2] = 1 + (i >> 16);
      b64 = g_base64_encode (digest, sizeof digest);
      g_string_append_printf (text, "sha256/%s pin %u\n", b64, i);
      g_string_append_printf (java, "    .add(\"h%u.example\", \"sha256/%s\")\n", i, b64);
    }

  /* One rule of thousands of distinct pins. */
  one_rule = ps_format_import (ps_format_lookup ("text"), text->str, -1, NULL, &error);
  g_assert_no_error (error);
  rule = g_list_model_get_item (ps_pinset_get_rules (one_rule), 0);
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_pins (rule)), ==, n);

  /* Thousands of .add() calls, one host each, with line numbers kept for errors. */
  many_rules = ps_format_import (ps_format_lookup ("okhttp-java"), java->str, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (many_rules)), ==, n);

  /* Linear work takes well under a second; quadratic work took minutes. */
  g_test_message ("%u pins imported twice in %.2f s", n, g_timer_elapsed (timer, NULL));
#ifndef __SANITIZE_ADDRESS__
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 30.0);
#endif
}

static void
test_too_big (void)
{
  gsize len = PS_PINSET_MAX_FILE_SIZE + 1;
  g_autofree char *text = g_malloc (len + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPinset) pinset = NULL;

  g_autofree char *dir = ps_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "huge.txt", NULL);
  const char * const commands[] = { "import", "check" };

  memset (text, '#', len);
  text[len] = '\0';
  pinset = ps_format_import (NULL, text, len, NULL, &error);
  g_assert_null (pinset);
  g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET);
  assert_contains (error->message, "16 MiB");

  /* The command line refuses it before reading it all, with the same limit. */
  g_assert_true (g_file_set_contents (path, text, len, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (ps_test_cli (&out, &err, commands[i], path, NULL), ==, 2);
      assert_contains (err, "16 MiB");
    }
  ps_test_rm_rf (dir);
}

/* The command line. */

static void
test_cli (void)
{
  g_autofree char *dir = ps_test_mkdtemp ();
  g_autofree char *pinset_path = g_build_filename (dir, "pins.json", NULL);
  g_autofree char *xml_path = g_build_filename (dir, "nsc.xml", NULL);
  g_autofree char *back_path = g_build_filename (dir, "back.json", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "bad.xml", NULL);
  g_autoptr(PsPinset) pinset = make_pinset ();
  g_autoptr(PsPinset) back = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (pinset_path);
  g_autoptr(GFile) back_file = g_file_new_for_path (back_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL, *contents = NULL;
  g_autofree char *b64 = b64_of ("leaf-2");
  int status;

  g_assert_true (ps_pinset_save (pinset, file, NULL, &error));
  g_assert_no_error (error);

  status = ps_test_cli (&out, &err, "formats", NULL);
  g_assert_cmpint (status, ==, 0);
  assert_contains (out, "android");
  assert_contains (out, "okhttp-java");
  assert_contains (out, "tlsa");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Export to a file; warnings on stderr. */
  status = ps_test_cli (&out, &err, "export", "--format", "android", "-o", xml_path,
                        pinset_path, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_get_contents (xml_path, &contents, NULL, NULL));
  assert_contains (contents, b64);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* curl cannot check the CA pins of the first rule: exit 2, with the pins named. */
  status = ps_test_cli (&out, &err, "export", "--format", "curl", pinset_path, NULL);
  g_assert_cmpint (status, ==, 2);
  assert_contains (err, "CA pins");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* ATS cannot cover subdomains at any depth. */
  status = ps_test_cli (&out, &err, "export", "--json", "--format", "ats-plist", pinset_path,
                        NULL);
  g_assert_cmpint (status, ==, 2);
  assert_contains (err, "api.example.com");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Import back (format detected) into the native document. */
  status = ps_test_cli (&out, &err, "import", "-o", back_path, xml_path, NULL);
  g_assert_cmpint (status, ==, 0);
  back = ps_pinset_load (back_file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ps_pinset_get_name (back), ==, "Example pinset");
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (back)), ==, 3);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* An export of an importable file works directly; it keeps the roles our comments
   * give, and subdomains at any depth are no TLSA record. */
  status = ps_test_cli (&out, &err, "export", "--format", "okhttp-kotlin", xml_path, NULL);
  g_assert_cmpint (status, ==, 0);
  assert_contains (out, "CertificatePinner.Builder()");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = ps_test_cli (&out, &err, "export", "--format", "tlsa", xml_path, NULL);
  g_assert_cmpint (status, ==, 2);
  assert_contains (err, "depth");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* check (from the pinset helpers) reads any importable file. */
  {
    g_autofree char *nsc = g_build_filename (ps_test_testdata (), "configs",
                                             "network_security_config.xml", NULL);

    status = ps_test_cli (&out, &err, "check", nsc, NULL);
    g_assert_cmpint (status, !=, 2);
    assert_contains (out, "payments.example.net");
    assert_contains (err, "cleartextTrafficPermitted");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* Malformed input: exit 2, with the line. */
  g_assert_true (g_file_set_contents (bad_path, "<network-security-config>\n<domain-config>\n"
                                      "<pin-set expiration=\"2027-13-45\">\n", -1, NULL));
  status = ps_test_cli (&out, &err, "import", bad_path, NULL);
  g_assert_cmpint (status, ==, 2);
  assert_contains (err, "Line 3");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = ps_test_cli (&out, &err, "import", "--format", "curl", xml_path, NULL);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = ps_test_cli (&out, &err, "export", "--format", "nope", pinset_path, NULL);
  g_assert_cmpint (status, ==, 2);
  assert_contains (err, "nope");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = ps_test_cli (&out, &err, "import", "--format", "trustkit-swift", xml_path, NULL);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = ps_test_cli (&out, &err, "export", pinset_path, NULL);
  g_assert_cmpint (status, ==, 2);

  ps_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  guint n;
  const PsFormat * const *all;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/formats/export/android", test_export_android);
  g_test_add_func ("/formats/export/okhttp", test_export_okhttp);
  g_test_add_func ("/formats/export/trustkit", test_export_trustkit);
  g_test_add_func ("/formats/export/trustkit-few-pins", test_export_trustkit_few_pins);
  g_test_add_func ("/formats/export/ats", test_export_ats);
  g_test_add_func ("/formats/export/curl", test_export_curl);
  g_test_add_func ("/formats/export/curl-ca-only", test_export_curl_ca_only);
  g_test_add_func ("/formats/export/hpkp", test_export_hpkp);
  g_test_add_func ("/formats/export/tlsa", test_export_tlsa);
  g_test_add_func ("/formats/export/text-json", test_export_text_json);

  all = ps_format_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = NULL;

      if (!ps_format_can_import (all[i]))
        continue;
      path = g_strdup_printf ("/formats/round-trip/%s", ps_format_get_id (all[i]));
      g_test_add_data_func (path, ps_format_get_id (all[i]), test_round_trip);
    }

  g_test_add_func ("/formats/round-trip-wildcard", test_round_trip_wildcard);
  g_test_add_func ("/formats/import/android-config", test_import_android_config);
  g_test_add_func ("/formats/import/android-nested", test_import_android_nested);
  g_test_add_func ("/formats/import/trustkit-config", test_import_trustkit_config);
  g_test_add_func ("/formats/import/ats-config", test_import_ats_config);
  g_test_add_func ("/formats/import/kotlin-config", test_import_kotlin_config);
  g_test_add_func ("/formats/import/java-source", test_import_java_source);
  g_test_add_func ("/formats/import/curl-hpkp-config", test_import_curl_hpkp_config);
  g_test_add_func ("/formats/import/hpkp-response", test_import_hpkp_response);
  g_test_add_func ("/formats/import/malformed", test_malformed);
  g_test_add_func ("/formats/import/bad-entries", test_bad_entries);
  g_test_add_func ("/formats/import/hpkp-shapes", test_import_hpkp_shapes);
  g_test_add_func ("/formats/import/binary-plist", test_import_binary_plist);
  g_test_add_func ("/formats/import/binary-plist-hostile", test_binary_plist_hostile);
  g_test_add_func ("/formats/small-fixes", test_small_fixes);
  g_test_add_func ("/formats/import/never-crash", test_never_crash);
  g_test_add_func ("/formats/import/deep-nesting", test_deep_nesting);
  g_test_add_func ("/formats/import/many-pins", test_many_pins);
  g_test_add_func ("/formats/import/too-big", test_too_big);
  g_test_add_func ("/formats/cli", test_cli);

  return g_test_run ();
}
