/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gnutls/crypto.h>

#include <glib/gi18n.h>
#include <string.h>

#include "ps-error.h"
#include "ps-lint-private.h"

G_GNUC_PRINTF (4, 0)
static PsFinding *
vadd (Lint            *lint,
      const LintCheck *check,
      const char      *fix,
      const char      *message_format,
      va_list          args)
{
  g_autofree char *message = g_strdup_vprintf (message_format, args);
  PsFinding *finding = ps_finding_new (check->id, check->severity, message, fix, lint->rule,
                                       lint->rule_index);

  g_ptr_array_add (lint->findings, finding);
  return finding;
}

G_GNUC_PRINTF (4, 5)
static PsFinding *
add (Lint            *lint,
     const LintCheck *check,
     const char      *fix,
     const char      *message_format,
     ...)
{
  PsFinding *finding;
  va_list args;

  va_start (args, message_format);
  finding = vadd (lint, check, fix, message_format, args);
  va_end (args);
  return finding;
}

/* Pins */

/* Values from documentation that people copy into real configurations. */
static const char * const documentation_pins[] = {
  /* Android's Network Security Configuration guide. */
  "7HIpactkIAq2Y49orFOOQKurWxmmSFZhBCoQYcRhJ3Y=",
  "fwza0LRMXouZHRC8Ei+4PyuldPDcf3UKgO/04cDM1oE=",
};

static gboolean
source_is (Lint       *lint,
           const char *format_id)
{
  return g_strcmp0 (ps_pinset_get_source_format (lint->pinset), format_id) == 0;
}

static gboolean
pin_is_placeholder (PsPinsetPin *pin)
{
  const PsPin *value = ps_pinset_pin_get_pin (pin);
  g_autofree char *b64 = NULL;

  if (ps_pinset_pin_is_placeholder (pin))
    return TRUE;
  if (value == NULL)
    return FALSE;

  b64 = ps_pin_to_base64 (value);
  for (guint i = 0; i < G_N_ELEMENTS (documentation_pins); i++)
    if (g_str_equal (b64, documentation_pins[i]))
      return TRUE;
  return FALSE;
}

/* A pin no client of the source platform can use. Android NSC only takes 32-byte SHA-256
 * digests, so a SHA-1 pin there is as invalid as text that does not decode. */
static gboolean
pin_is_invalid (Lint        *lint,
                PsPinsetPin *pin)
{
  const PsPin *value = ps_pinset_pin_get_pin (pin);

  if (value == NULL)
    return ps_pinset_pin_get_problem_code (pin) != PS_ERROR_PLACEHOLDER_PIN;
  return source_is (lint, "android") && ps_pin_get_algorithm (value) != PS_PIN_SHA256;
}

static char *
pin_name (PsPinsetPin *pin)
{
  g_autofree char *display = ps_pinset_pin_dup_display (pin);
  const char *label = ps_pinset_pin_get_label (pin);

  if (label != NULL)
    return g_strdup_printf ("%s (%s)", display, label);
  return g_steal_pointer (&display);
}

static gboolean
certificate_key_is_weak (PsCertificate *cert)
{
  const char *algorithm = ps_certificate_get_key_algorithm (cert);

  return algorithm != NULL && g_str_has_prefix (algorithm, "RSA") &&
         ps_certificate_get_key_bits (cert) > 0 && ps_certificate_get_key_bits (cert) < 2048;
}

static const char *
chain_where (PsChain     *chain,
             const char **host)
{
  *host = ps_chain_get_hostname (chain);
  if (*host == NULL && ps_chain_get_n_certificates (chain) > 0)
    *host = ps_certificate_get_display_name (ps_chain_get_certificate (chain, 0));
  return *host != NULL ? *host : _("the given chain");
}


gboolean
_ps_lint_pin_is_usable (Lint        *lint,
                        PsPinsetPin *pin)
{
  return !pin_is_invalid (lint, pin) && !pin_is_placeholder (pin);
}

/* The document */

void
_ps_lint_check_no_rules (Lint            *lint,
                         const LintCheck *check)
{
  if (g_list_model_get_n_items (ps_pinset_get_rules (lint->pinset)) == 0)
    add (lint, check,
         _("Add a rule with the domains to pin and their pins."),
         _("The pinset has no rule, so it pins nothing."));
}

void
_ps_lint_check_no_chain_given (Lint            *lint,
                               const LintCheck *check)
{
  if (lint->chains == NULL || lint->chains->len == 0)
    add (lint, check,
         _("Check against a live host or the chain files the servers use."),
         _("No chain was given, so no-match, no-backup, expiring-soon, weak-key and "
           "certificate-hash were not checked."));
}

/* Domains */

void
_ps_lint_check_no_domains (Lint            *lint,
                           const LintCheck *check)
{
  if (g_list_model_get_n_items (ps_pinset_rule_get_domains (lint->rule)) == 0)
    add (lint, check,
         _("Add the domain names the rule is meant for."),
         _("Rule %d has no domain, so it pins nothing."), lint->rule_index + 1);
}

void
_ps_lint_check_duplicate_domain (Lint            *lint,
                                 const LintCheck *check)
{
  GListModel *domains = ps_pinset_rule_get_domains (lint->rule);

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, i);
      const char *name = ps_pinset_domain_get_name (domain);
      gpointer first = g_hash_table_lookup (lint->domains, name);

      if (first == NULL)
        g_hash_table_insert (lint->domains, (gpointer) name,
                             GINT_TO_POINTER (lint->rule_index + 1));
      else if (GPOINTER_TO_INT (first) - 1 != lint->rule_index)
        add (lint, check,
             _("Keep each domain in one rule, with the pins of both rules if both are meant."),
             _("Domain %s is in rules %d and %d: Android refuses such a configuration, and "
               "TrustKit and App Transport Security keep only one of the rules."),
             name, GPOINTER_TO_INT (first), lint->rule_index + 1);
    }
}

void
_ps_lint_check_wildcard_domain (Lint            *lint,
                                const LintCheck *check)
{
  GListModel *domains = ps_pinset_rule_get_domains (lint->rule);

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, i);
      const char *name = ps_pinset_domain_get_name (domain);

      if (strchr (name, '*') != NULL)
        add (lint, check,
             _("Write the base domain and turn on “include subdomains” instead of a pattern."),
             _("Domain %s is a pattern: Android and TrustKit do not accept wildcards, OkHttp’s "
               "“*.” covers exactly one label and Apple’s subdomain flag one extra label, so "
               "clients will pin different hosts."), name);
    }
}

/* TrustKit: kTSKEnforcePinning false only reports; kTSKExcludeSubdomainFromParentPolicy
 * takes the domain out of pinning. https://github.com/datatheorem/TrustKit */
void
_ps_lint_check_not_enforced (Lint            *lint,
                             const LintCheck *check)
{
  switch (ps_pinset_rule_get_policy (lint->rule))
    {
    case PS_RULE_REPORT_ONLY:
      add (lint, check,
           _("Enforce the pins once the reports show no false alarm."),
           _("The rule for %s only reports pin mismatches, so a certificate from an attacker "
             "is still accepted."), lint->label);
      break;
    case PS_RULE_EXCLUDED:
      add (lint, check,
           _("Remove the exclusion unless this host really must accept any trusted "
             "certificate."),
           _("The rule excludes %s from pinning, so any certificate a trusted CA issues for "
             "it is accepted, even where a parent domain is pinned."), lint->label);
      break;
    case PS_RULE_ENFORCE:
    default:
      break;
    }
}

/* Pins */

void
_ps_lint_check_no_pins (Lint            *lint,
                        const LintCheck *check)
{
  add (lint, check,
       _("Add the pin of a key of the server’s chain and the pin of a backup key."),
       _("The rule for %s has no pin, so clients either reject every connection or ignore "
         "the rule."), lint->label);
}

void
_ps_lint_check_invalid_pin (Lint            *lint,
                            const LintCheck *check)
{
  GListModel *pins = ps_pinset_rule_get_pins (lint->rule);
  gboolean android = source_is (lint, "android");

  for (guint i = 0; i < g_list_model_get_n_items (pins); i++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, i);
      g_autofree char *name = NULL;
      const char *problem;
      PsFinding *finding;

      if (!pin_is_invalid (lint, pin))
        continue;
      name = pin_name (pin);
      problem = ps_pinset_pin_get_problem (pin);
      if (problem == NULL)
        problem = _("it is a SHA-1 hash, and Android only takes SHA-256 digests");
      /* Android parses the whole file at startup and refuses every rule of it when one
       * digest is not 32 bytes (NetworkSecurityConfig's XmlConfigSource). */
      if (android)
        finding = add (lint, check,
                       _("Replace it with the SHA-256 hash of the public key, in base64."),
                       _("Pin %s of the rule for %s is not a 32-byte SHA-256 digest (%s), so "
                         "Android refuses to load the whole network security configuration."),
                       name, lint->label, problem);
      else
        finding = add (lint, check,
                       _("Replace it with the SHA-256 hash of the public key, in base64."),
                       _("Pin %s of the rule for %s cannot match any key: %s."),
                       name, lint->label, problem);
      ps_finding_add_pin (finding, pin);
    }
}

void
_ps_lint_check_placeholder_pin (Lint            *lint,
                                const LintCheck *check)
{
  GListModel *pins = ps_pinset_rule_get_pins (lint->rule);

  for (guint i = 0; i < g_list_model_get_n_items (pins); i++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, i);
      g_autofree char *name = NULL;
      PsFinding *finding;

      if (pin_is_invalid (lint, pin) || !pin_is_placeholder (pin))
        continue;
      name = pin_name (pin);
      finding = add (lint, check,
                     _("Replace it with the pin of a real key, taken from the server’s chain "
                       "or from a backup key."),
                     _("Pin %s of the rule for %s is a placeholder or documentation example, "
                       "so it matches no real key."), name, lint->label);
      ps_finding_add_pin (finding, pin);
    }
}

void
_ps_lint_check_sha1_pin (Lint            *lint,
                         const LintCheck *check)
{
  for (guint i = 0; i < lint->usable->len; i++)
    {
      PsPinsetPin *pin = g_ptr_array_index (lint->usable, i);
      g_autofree char *name = NULL;
      PsFinding *finding;

      if (ps_pinset_pin_get_algorithm (pin) != PS_PIN_SHA1)
        continue;
      name = pin_name (pin);
      finding = add (lint, check,
                     _("Replace it with the SHA-256 hash of the same public key."),
                     _("Pin %s of the rule for %s is a SHA-1 hash: OkHttp still matches it, "
                       "but App Transport Security, TrustKit and curl cannot use it and SHA-1 "
                       "is no longer collision resistant."), name, lint->label);
      ps_finding_add_pin (finding, pin);
    }
}

void
_ps_lint_check_duplicate_pin (Lint            *lint,
                              const LintCheck *check)
{
  GListModel *pins = ps_pinset_rule_get_pins (lint->rule);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) reported = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (pins); i++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, i);
      g_autofree char *display = ps_pinset_pin_dup_display (pin);
      /* The first pin with the same value, if any: one finding per repeated value. */
      PsPinsetPin *first = g_hash_table_lookup (seen, display);
      PsFinding *finding;

      if (first == NULL)
        g_hash_table_insert (seen, g_steal_pointer (&display), pin);
      else if (!g_hash_table_contains (reported, first))
        {
          finding = add (lint, check,
                         _("Remove the duplicate; if a second pin was meant, add the pin of "
                           "another key."),
                         _("Pin %s appears more than once in the rule for %s, so the rule "
                           "has fewer distinct pins than it seems."), display, lint->label);
          ps_finding_add_pin (finding, first);
          ps_finding_add_pin (finding, pin);
          g_hash_table_insert (reported, first, finding);
        }
      else
        ps_finding_add_pin (g_hash_table_lookup (reported, first), pin);
    }
}

/* ATS: an identity list that is present must match; present and empty, nothing can.
 * (Apple: Information Property List, NSAppTransportSecurity, NSPinnedDomains). */
void
_ps_lint_check_blocked_domain (Lint            *lint,
                               const LintCheck *check)
{
  PsRuleRequires requires = ps_pinset_rule_get_requires (lint->rule);

  if ((requires & PS_RULE_REQUIRES_LEAF) &&
      !ps_pinset_rule_has_pins_for (lint->rule, PS_RULE_REQUIRES_LEAF))
    add (lint, check,
         _("Add the pin of the leaf key (and of a backup key) to the leaf list, or remove "
           "the empty list."),
         _("The rule for %s requires a leaf identity but lists none that can match, so every "
           "connection to it is refused."), lint->label);
  if ((requires & PS_RULE_REQUIRES_CA) &&
      !ps_pinset_rule_has_pins_for (lint->rule, PS_RULE_REQUIRES_CA))
    add (lint, check,
         _("Add the pin of a CA key of the chain to the CA list, or remove the empty list."),
         _("The rule for %s requires a CA identity but lists none that can match, so every "
           "connection to it is refused."), lint->label);
}

/* Android: <certificates overridePins="true"> lets chains to that anchor skip the pins.
 * https://developer.android.com/privacy-and-security/security-config#certificates */
void
_ps_lint_check_pins_overridden (Lint            *lint,
                                const LintCheck *check)
{
  if (ps_pinset_rule_pins_overridden (lint->rule, lint->pinset, FALSE))
    add (lint, check,
         _("Set overridePins to false on the rule’s trust anchors, unless bypassing the pins "
           "for them is intended."),
         _("The rule for %s trusts an anchor with overridePins, so any chain to that anchor "
           "is accepted without checking the pins."), lint->label);
}

/* Formats that cannot write an expiration: no point in asking for one. */
static gboolean
source_has_expiration (Lint *lint)
{
  const char *format = ps_pinset_get_source_format (lint->pinset);
  static const char * const without[] = { "okhttp", "ats", "hpkp", "curl", "tlsa" };

  if (format == NULL)
    return TRUE;
  if (g_str_has_prefix (format, "trustkit") || g_str_has_prefix (format, "okhttp"))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (without); i++)
    if (g_str_equal (format, without[i]))
      return FALSE;
  return TRUE;
}

void
_ps_lint_check_no_expiration (Lint            *lint,
                              const LintCheck *check)
{
  if (ps_pinset_rule_get_expiration (lint->rule) == NULL && source_has_expiration (lint))
    add (lint, check,
         _("Set an expiration a few months past the next planned app release, and renew it "
           "with each release."),
         _("The rule for %s never expires, so clients that are never updated will keep "
           "enforcing it after every pinned key is gone."), lint->label);
}

void
_ps_lint_check_expired (Lint            *lint,
                        const LintCheck *check)
{
  GDateTime *expiration = ps_pinset_rule_get_expiration (lint->rule);
  g_autofree char *date = NULL;

  if (expiration == NULL || g_date_time_compare (expiration, lint->now) > 0)
    return;
  date = g_date_time_format (expiration, "%Y-%m-%d");
  add (lint, check,
       _("Set a new expiration date in the future and ship it with the next release."),
       _("The rule for %s expired on %s, so Android stops enforcing its pins and the "
         "pinning protects nothing."), lint->label, date);
}

static guint
count_distinct (GPtrArray *pins)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < pins->len; i++)
    g_hash_table_add (values, ps_pinset_pin_dup_display (g_ptr_array_index (pins, i)));
  return g_hash_table_size (values);
}

/* The same value twice, or one pin beside invalid ones, is still a single pin that a client
 * can match. */
void
_ps_lint_check_single_pin (Lint            *lint,
                           const LintCheck *check)
{
  PsFinding *finding;

  if (lint->usable->len == 0 || count_distinct (lint->usable) != 1)
    return;
  finding = add (lint, check,
                 _("Add a backup pin: the hash of a spare key kept offline, or of another "
                   "CA you could move to."),
                 _("The rule for %s has a single pin, so when that key changes or is "
                   "compromised clients cannot connect until they are updated."),
                 lint->label);
  for (guint i = 0; i < lint->usable->len; i++)
    ps_finding_add_pin (finding, g_ptr_array_index (lint->usable, i));
}

static void
add_expiring (Lint            *lint,
              const LintCheck *check,
              PsChain         *chain,
              PsPinsetPin     *pin,
              PsCertificate   *cert)
{
  GDateTime *not_after = ps_certificate_get_not_after (cert);
  g_autofree char *date = NULL;
  const char *host;
  const char *where = chain_where (chain, &host);
  GTimeSpan left;
  PsFinding *finding;

  if (not_after == NULL)
    return;
  left = g_date_time_difference (not_after, lint->now);
  if (left >= (GTimeSpan) PS_LINT_EXPIRING_SOON_DAYS * G_TIME_SPAN_DAY)
    return;

  date = g_date_time_format (not_after, "%Y-%m-%d");
  if (left < 0)
    finding = add (lint, check,
                   _("Replace the certificate now with one whose key is pinned."),
                   _("The pinned certificate “%s” of %s expired on %s, so clients already "
                     "refuse it and its replacement must have a pinned key."),
                   ps_certificate_get_display_name (cert), where, date);
  else
    finding = add (lint, check,
                   _("Make sure the replacement certificate keeps a pinned key, or add the "
                     "pin of its new key before it is deployed."),
                   _("The pinned certificate “%s” of %s expires on %s; if its replacement has "
                     "a key that is not pinned, clients will fail."),
                   ps_certificate_get_display_name (cert), where, date);
  ps_finding_set_hostname (finding, host);
  ps_finding_add_pin (finding, pin);
}

void
_ps_lint_check_expiring_soon (Lint            *lint,
                              const LintCheck *check)
{
  for (guint c = 0; c < lint->covering->len; c++)
    {
      PsChain *chain = g_ptr_array_index (lint->covering, c);

      for (guint p = 0; p < lint->usable->len; p++)
        {
          PsPinsetPin *pin = g_ptr_array_index (lint->usable, p);
          PsCertificate *cert = NULL;

          if (ps_chain_find_pin (chain, ps_pinset_pin_get_pin (pin), &cert) >= 0)
            add_expiring (lint, check, chain, pin, cert);
        }
    }
}

/* Whether the pins accept the chain as the client enforces them: requirements included,
 * and not for chains the pins do not apply to (overridden, report-only). */
void
_ps_lint_check_no_match (Lint            *lint,
                         const LintCheck *check)
{
  if (lint->usable->len == 0)
    return;
  for (guint c = 0; c < lint->covering->len; c++)
    {
      PsChain *chain = g_ptr_array_index (lint->covering, c);
      PsPinCheck verdict = ps_pinset_rule_check_chain (lint->rule, lint->pinset, chain, FALSE);
      const char *host;
      const char *where = chain_where (chain, &host);
      PsFinding *finding;

      if (verdict != PS_PIN_CHECK_BLOCKED)
        continue;
      if (ps_pinset_rule_get_requires (lint->rule) != PS_RULE_REQUIRES_NONE &&
          g_hash_table_size (lint->matched) > 0)
        finding = add (lint, check,
                       _("Pin the leaf and a CA of the current chain in their own lists."),
                       _("The rule for %s requires both its leaf and its CA identities to "
                         "match, and the validated chain of %s matches only one, so clients "
                         "fail to connect now."), lint->label, where);
      else
        finding = add (lint, check,
                       _("Add the pin of a key in the current chain, or deploy a certificate "
                         "whose key is pinned."),
                       _("No pin of the rule for %s matches the validated chain of %s, so "
                         "clients fail to connect now."), lint->label, where);
      ps_finding_set_hostname (finding, host);
    }
}

static void
check_certificate_weakness (Lint            *lint,
                            const LintCheck *check,
                            PsChain         *chain,
                            PsCertificate   *cert,
                            gboolean         anchor)
{
  const char *host;
  const char *where = chain_where (chain, &host);
  PsFinding *finding = NULL;

  if (certificate_key_is_weak (cert))
    finding = add (lint, check,
                   _("Replace the certificate with one on a key of 2048 bits or more (or an EC "
                     "key), and pin that key."),
                   _("Certificate “%s” in the chain of %s has a %u-bit RSA key, which clients "
                     "such as TrustKit refuse and attackers may factor."),
                   ps_certificate_get_display_name (cert), where,
                   ps_certificate_get_key_bits (cert));
  /* A trust anchor's own signature is never checked, so it cannot be weak. */
  else if (!anchor && ps_certificate_get_signature_is_weak (cert))
    finding = add (lint, check,
                   _("Have the certificate reissued with a SHA-256 signature."),
                   _("Certificate “%s” in the chain of %s is signed with %s, which clients "
                     "reject as forgeable."),
                   ps_certificate_get_display_name (cert), where,
                   ps_certificate_get_signature_algorithm (cert));
  if (finding != NULL)
    ps_finding_set_hostname (finding, host);
}

void
_ps_lint_check_weak_key (Lint            *lint,
                         const LintCheck *check)
{
  for (guint c = 0; c < lint->covering->len; c++)
    {
      PsChain *chain = g_ptr_array_index (lint->covering, c);
      guint n_path = 0;
      const guint *path = ps_chain_get_path (chain, &n_path);

      for (guint d = 0; d < n_path; d++)
        {
          PsCertificate *cert = ps_chain_get_certificate (chain, path[d]);
          gboolean anchor = d == n_path - 1 && d > 0 && ps_certificate_get_is_self_signed (cert);

          check_certificate_weakness (lint, check, chain, cert, anchor);
        }
    }
}

void
_ps_lint_check_no_chain (Lint            *lint,
                         const LintCheck *check)
{
  /* Without any chain, ps_lint_pinset() says it once for the whole document. */
  if (lint->chains == NULL || lint->chains->len == 0 || lint->covering->len > 0)
    return;
  add (lint, check,
       _("Check a host or a chain file that this rule covers."),
       _("None of the given chains is for %s, so whether its pins match the servers was not "
         "checked."), lint->label);
}

/* What the non-backup pins pin: where a chain shows it, the level they matched. */
typedef struct
{
  guint n_non_backup;
  guint n_root;
  guint n_intermediate;
  guint n_leaf;
  guint n_unknown;
  gboolean has_reserve;
} Levels;

static void
count_levels (Lint   *lint,
              Levels *levels)
{
  memset (levels, 0, sizeof *levels);
  for (guint p = 0; p < lint->usable->len; p++)
    {
      PsPinsetPin *pin = g_ptr_array_index (lint->usable, p);
      PsPinRole role = ps_pinset_pin_get_role (pin);
      gpointer found = g_hash_table_lookup (lint->matched, pin);

      if (found == NULL && lint->covering->len > 0)
        levels->has_reserve = TRUE;
      if (role == PS_PIN_ROLE_BACKUP)
        {
          levels->has_reserve = TRUE;
          continue;
        }
      levels->n_non_backup++;
      /* An unknown role stays unknown for leaf-only-no-backup even when a chain shows
       * it: the document says nothing about its backups. */
      if (role == PS_PIN_ROLE_UNKNOWN)
        levels->n_unknown++;
      if (found != NULL)
        role = GPOINTER_TO_INT (found) - 1;
      if (role == PS_PIN_ROLE_ROOT)
        levels->n_root++;
      else if (role == PS_PIN_ROLE_INTERMEDIATE)
        levels->n_intermediate++;
      else if (role == PS_PIN_ROLE_LEAF)
        levels->n_leaf++;
    }
}

void
_ps_lint_check_root_only (Lint            *lint,
                          const LintCheck *check)
{
  Levels levels;

  count_levels (lint, &levels);
  if (levels.n_non_backup > 0 && levels.n_root == levels.n_non_backup)
    add (lint, check,
         _("Pin an intermediate or your own key as well, or accept that the pin only limits "
           "you to this CA."),
         _("Every pin of the rule for %s that is not a backup is a root CA key, so any "
           "certificate that CA issues, to anyone, for these names is accepted."), lint->label);
}

void
_ps_lint_check_intermediate_only (Lint            *lint,
                                  const LintCheck *check)
{
  Levels levels;

  count_levels (lint, &levels);
  if (levels.n_non_backup > 0 && levels.n_intermediate == levels.n_non_backup)
    add (lint, check,
         _("Also pin the root or the CA’s other intermediates, so that a change of "
           "intermediate does not break clients."),
         _("Every pin of the rule for %s that is not a backup is an intermediate CA key, and "
           "CAs rotate intermediates (Let’s Encrypt R3 to R10/R11, E5/E6), which breaks "
           "clients."), lint->label);
}

void
_ps_lint_check_leaf_only_no_backup (Lint            *lint,
                                    const LintCheck *check)
{
  Levels levels;

  count_levels (lint, &levels);
  if (levels.n_non_backup > 0 && levels.n_unknown == 0 &&
      levels.n_leaf == levels.n_non_backup && !levels.has_reserve)
    add (lint, check,
         _("Generate a backup key now, pin it, and use it for the next certificate."),
         _("Only leaf keys are pinned for %s and there is no backup key, so the next key "
           "rotation (ACME renewals often make new keys) breaks clients."), lint->label);
}

void
_ps_lint_check_no_backup (Lint            *lint,
                          const LintCheck *check)
{
  if (lint->covering->len > 0 && lint->usable->len > 0 &&
      g_hash_table_size (lint->matched) == lint->usable->len)
    add (lint, check,
         _("Add the pin of a backup key that is not in use, kept offline."),
         _("Every pin of the rule for %s is in the current chain, so nothing is held in "
           "reserve if one of those keys must be replaced."), lint->label);
}

static void
keep_latest (GDateTime **latest,
             GDateTime  *candidate)
{
  if (candidate != NULL && (*latest == NULL || g_date_time_compare (candidate, *latest) > 0))
    {
      g_clear_pointer (latest, g_date_time_unref);
      *latest = g_date_time_ref (candidate);
    }
}

/* The expiration against the certificates pinned. */
void
_ps_lint_check_outlives_certificates (Lint            *lint,
                                      const LintCheck *check)
{
  GDateTime *expiration = ps_pinset_rule_get_expiration (lint->rule);
  g_autoptr(GDateTime) latest = NULL;
  g_autofree char *exp = NULL;
  g_autofree char *last = NULL;

  for (guint p = 0; p < lint->usable->len; p++)
    keep_latest (&latest, ps_pinset_pin_get_not_after (g_ptr_array_index (lint->usable, p)));
  for (guint i = 0; i < lint->pinned_certs->len; i++)
    keep_latest (&latest,
                 ps_certificate_get_not_after (g_ptr_array_index (lint->pinned_certs, i)));

  if (expiration == NULL || latest == NULL || g_date_time_compare (expiration, lint->now) <= 0 ||
      g_date_time_compare (expiration, latest) <= 0)
    return;
  exp = g_date_time_format (expiration, "%Y-%m-%d");
  last = g_date_time_format (latest, "%Y-%m-%d");
  add (lint, check,
       _("Set the expiration on or before the last certificate’s expiry, or pin the keys that "
         "will replace them."),
       _("The rule for %s expires on %s, after every pinned certificate (the last expires on "
         "%s), so clients may enforce pins no server can present anymore."),
       lint->label, exp, last);
}

/* The certificates of all the chains by fingerprint (the SHA-256 of the DER, as
 * ps_certificate_get_fingerprint_sha256() has it, but without parsing every certificate
 * in full), indexed once for the whole pinset so that the check costs one look-up per pin. */
static PsCertificate *
find_certificate_with_fingerprint (Lint        *lint,
                                   const PsPin *value)
{
  if (lint->fingerprints == NULL)
    {
      lint->fingerprints = g_hash_table_new_full (ps_pin_hash, ps_pin_equal,
                                                  (GDestroyNotify) ps_pin_free, NULL);
      for (guint c = 0; lint->chains != NULL && c < lint->chains->len; c++)
        {
          PsChain *chain = g_ptr_array_index (lint->chains, c);

          for (guint i = 0; i < ps_chain_get_n_certificates (chain); i++)
            {
              PsCertificate *cert = ps_chain_get_certificate (chain, i);
              GBytes *der = ps_certificate_get_der (cert);
              guint8 digest[32];
              PsPin *fingerprint;

              if (der == NULL ||
                  gnutls_hash_fast (GNUTLS_DIG_SHA256, g_bytes_get_data (der, NULL),
                                    g_bytes_get_size (der), digest) != 0)
                continue;
              fingerprint = ps_pin_new_from_digest (PS_PIN_SHA256, digest, sizeof digest);
              if (!g_hash_table_contains (lint->fingerprints, fingerprint))
                g_hash_table_insert (lint->fingerprints, fingerprint, cert);
              else
                ps_pin_free (fingerprint);
            }
        }
    }
  return g_hash_table_lookup (lint->fingerprints, value);
}

void
_ps_lint_check_certificate_hash (Lint            *lint,
                                 const LintCheck *check)
{
  GListModel *pins = ps_pinset_rule_get_pins (lint->rule);

  for (guint p = 0; p < g_list_model_get_n_items (pins); p++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, p);
      const PsPin *value = ps_pinset_pin_get_pin (pin);
      g_autofree char *name = NULL;
      PsCertificate *cert;
      PsFinding *finding;

      if (value == NULL ||
          (cert = find_certificate_with_fingerprint (lint, value)) == NULL)
        continue;
      name = pin_name (pin);
      finding = add (lint, check,
                     _("Pin the SHA-256 hash of the certificate’s public key "
                       "(SubjectPublicKeyInfo) instead."),
                     _("Pin %s of the rule for %s is the fingerprint of the whole certificate "
                       "“%s”, not of its key, so no client will ever match it."),
                     name, lint->label, ps_certificate_get_display_name (cert));
      ps_finding_add_pin (finding, pin);
    }
}
