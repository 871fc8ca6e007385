/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-error.h"
#include "ps-format-private.h"

/* TrustKit (iOS): a Swift dictionary, or the TSKConfiguration dictionary of an Info.plist.
 * TrustKit keys its configuration by domain, so each domain of a rule gets its own entry;
 * on import, domains with the same pins and expiration become one rule again. */

typedef struct
{
  char         *name;
  gboolean      include;
  PsPinsetRule *rule;
  GPtrArray    *pins;
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->name);
  g_clear_object (&entry->rule);
  g_clear_pointer (&entry->pins, g_ptr_array_unref);
  g_free (entry);
}

static void
_ps_trustkit_report_only (PsPinsetRule *rule,
                          const char   *name,
                          GPtrArray    *notes)
{
  _ps_format_note (notes, 0, _("TSKEnforcePinning is false for %s: TrustKit only reports "
                               "pin failures there"), name);
  if (ps_pinset_rule_get_policy (rule) == PS_RULE_ENFORCE)
    ps_pinset_rule_set_policy (rule, PS_RULE_REPORT_ONLY);
}

static void
_ps_trustkit_excluded (PsPinsetRule *rule,
                       const char   *name,
                       GPtrArray    *notes)
{
  ps_pinset_rule_set_policy (rule, PS_RULE_EXCLUDED);
}

static gboolean
_ps_trustkit_is_excluded (PsPinsetRule *rule)
{
  return ps_pinset_rule_get_policy (rule) == PS_RULE_EXCLUDED;
}

/* The entries TrustKit can express, with the warnings for what it cannot. */
static GPtrArray *
collect_entries (PsPinset   *pinset,
                 GPtrArray  *warnings,
                 GError    **error)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_rules = _ps_format_n_rules (pinset);

  for (guint r = 0; r < n_rules; r++)
    {
      g_autoptr(PsPinsetRule) rule = _ps_format_get_rule (pinset, r);
      g_autoptr(GPtrArray) pins = NULL;
      g_autoptr(GPtrArray) domains = _ps_format_rule_domains (rule);
      gboolean excluded = ps_pinset_rule_get_policy (rule) == PS_RULE_EXCLUDED;
      guint n_entries = 0;

      /* github.com/datatheorem/TrustKit, "Getting started": kTSKIncludeSubdomains covers
       * any depth, kTSKEnforcePinning false only reports, and
       * kTSKExcludeSubdomainFromParentPolicy takes a subdomain out of its parent's pins.
       * SHA-256 pins of any certificate of the chain. */
      if (!_ps_format_check_rule (pinset, rule, r,
                                  PS_EXPORT_CAN_ANY | PS_EXPORT_CAN_REPORT_ONLY |
                                  PS_EXPORT_CAN_EXCLUDE, "TrustKit", error) ||
          (pins = _ps_format_rule_pins (rule, r, 0, "TrustKit", warnings, error)) == NULL)
        {
          g_ptr_array_unref (entries);
          return NULL;
        }
      if (pins->len == 0 && !excluded)
        {
          _ps_format_warn (warnings, PS_FORMAT_WARNING_DROPPED_RULE, r,
                           _("Rule %u has no SHA-256 pin: it is left out."), r + 1);
          continue;
        }

      for (guint d = 0; d < domains->len; d++)
        {
          PsPinsetDomain *domain = g_ptr_array_index (domains, d);
          const char *name = ps_pinset_domain_get_name (domain);
          gboolean include = ps_pinset_domain_get_include_subdomains (domain);
          Entry *entry;

          if (_ps_format_is_wildcard (name))
            {
              if (!g_str_has_prefix (name, "*.") || _ps_format_is_wildcard (name + 2))
                {
                  _ps_format_warn (warnings, PS_FORMAT_WARNING_WILDCARD, r,
                                   _("Rule %u: TrustKit has no wildcard domains; “%s” is "
                                     "left out."), r + 1, name);
                  continue;
                }
              _ps_format_warn (warnings, PS_FORMAT_WARNING_WILDCARD, r,
                               _("Rule %u: TrustKit has no wildcard domains; “%s” is "
                                 "exported as %s with kTSKIncludeSubdomains, which also "
                                 "covers %s itself and deeper levels."),
                               r + 1, name, name + 2, name + 2);
              name += 2;
              include = TRUE;
            }
          if (g_hash_table_contains (seen, name))
            {
              _ps_format_warn (warnings, PS_FORMAT_WARNING_DROPPED_RULE, r,
                               _("Rule %u: %s is already in an earlier rule and TrustKit "
                                 "keys its configuration by domain; it is left out here."),
                               r + 1, name);
              continue;
            }
          g_hash_table_add (seen, g_strdup (name));

          entry = g_new0 (Entry, 1);
          entry->name = g_strdup (name);
          entry->include = include;
          entry->rule = g_object_ref (rule);
          entry->pins = g_ptr_array_ref (pins);
          g_ptr_array_add (entries, entry);
          n_entries++;
        }

      if (n_entries == 0)
        {
          _ps_format_warn (warnings, PS_FORMAT_WARNING_DROPPED_RULE, r,
                           _("Rule %u names no domain that TrustKit can use: it is left out."),
                           r + 1);
          continue;
        }
      if (pins->len < 2 && !excluded)
        _ps_format_warn (warnings, PS_FORMAT_WARNING_FEW_PINS, r,
                         _("Rule %u has a single pin, and TrustKit refuses to start when a "
                           "pinned domain has fewer than two: add a backup pin before "
                           "shipping this configuration."), r + 1);
    }

  return entries;
}

static char *
swift_string (const char *text)
{
  GString *out = g_string_new ("\"");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

static char *
code_string (const char *text,
             gboolean    objc)
{
  g_autofree char *quoted = swift_string (text);

  return objc ? g_strconcat ("@", quoted, NULL) : g_steal_pointer (&quoted);
}

/* The Swift dictionary of TrustKit's README, or its Objective-C twin. */
static char *
export_code (PsPinset   *pinset,
             GDateTime  *now,
             GPtrArray  *warnings,
             gboolean    objc,
             GError    **error)
{
  g_autoptr(GPtrArray) entries = collect_entries (pinset, warnings, error);
  g_auto(GStrv) header = NULL;
  const char *open = objc ? "@{" : "[";
  const char *close = objc ? "}" : "]";
  const char *yes = objc ? "@YES" : "true";
  const char *no = objc ? "@NO" : "false";
  const char *sep = objc ? " : " : ": ";
  GString *out;

  if (entries == NULL)
    return NULL;
  header = _ps_format_header_lines (pinset, now);
  out = g_string_new (NULL);
  g_string_append_printf (out, "// %s\n// %s\n", header[0], header[1]);
  if (objc)
    g_string_append (out, "NSDictionary *trustKitConfig = @{\n"
                          "    kTSKPinnedDomains : @{\n");
  else
    g_string_append (out, "let trustKitConfig: [String: Any] = [\n"
                          "    kTSKPinnedDomains: [\n");
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      GDateTime *expiration = ps_pinset_rule_get_expiration (entry->rule);
      PsRulePolicy policy = ps_pinset_rule_get_policy (entry->rule);
      g_autofree char *name = code_string (entry->name, objc);

      g_string_append_printf (out, "        %s%s%s\n", name, sep, open);
      g_string_append_printf (out, "            kTSKIncludeSubdomains%s%s,\n", sep,
                              entry->include ? yes : no);
      if (policy == PS_RULE_EXCLUDED)
        g_string_append_printf (out, "            kTSKExcludeSubdomainFromParentPolicy%s%s,\n",
                                sep, yes);
      g_string_append_printf (out, "            kTSKEnforcePinning%s%s,\n", sep,
                              policy == PS_RULE_REPORT_ONLY ? no : yes);
      if (expiration != NULL)
        {
          g_autofree char *date = _ps_format_date (expiration);
          g_autofree char *quoted = code_string (date, objc);

          g_string_append_printf (out, "            kTSKExpirationDate%s%s,\n", sep, quoted);
        }
      g_string_append_printf (out, "            kTSKPublicKeyHashes%s%s\n", sep,
                              objc ? "@[" : "[");
      for (guint p = 0; p < entry->pins->len; p++)
        {
          PsPinsetPin *pin = g_ptr_array_index (entry->pins, p);
          g_autofree char *b64 = _ps_format_pin_b64 (pin);
          g_autofree char *quoted = code_string (b64, objc);
          g_autofree char *comment = _ps_format_pin_comment (pin);

          g_string_append_printf (out, "                %s, // %s\n", quoted, comment);
        }
      g_string_append_printf (out, "            ],\n        %s,\n", close);
    }
  if (objc)
    g_string_append (out, "    },\n};\n"
                          "// [TrustKit initSharedInstanceWithConfiguration:trustKitConfig];\n");
  else
    g_string_append (out, "    ],\n]\n"
                          "// TrustKit.initSharedInstance(withConfiguration: trustKitConfig)\n");
  return g_string_free (out, FALSE);
}

char *
_ps_format_trustkit_swift_export (PsPinset   *pinset,
                                  GDateTime  *now,
                                  GPtrArray  *warnings,
                                  GError    **error)
{
  return export_code (pinset, now, warnings, FALSE, error);
}

char *
_ps_format_trustkit_objc_export (PsPinset   *pinset,
                                 GDateTime  *now,
                                 GPtrArray  *warnings,
                                 GError    **error)
{
  return export_code (pinset, now, warnings, TRUE, error);
}

char *
_ps_format_trustkit_plist_export (PsPinset   *pinset,
                                  GDateTime  *now,
                                  GPtrArray  *warnings,
                                  GError    **error)
{
  g_autoptr(GPtrArray) entries = collect_entries (pinset, warnings, error);
  g_autoptr(GHashTable) comments = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                          g_free, g_free);
  plist_t root, config, domains;
  char *text;

  if (entries == NULL)
    return NULL;
  root = plist_new_dict ();
  config = plist_new_dict ();
  domains = plist_new_dict ();
  plist_dict_set_item (root, "TSKConfiguration", config);
  plist_dict_set_item (config, "TSKPinnedDomains", domains);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      GDateTime *expiration = ps_pinset_rule_get_expiration (entry->rule);
      plist_t dict = plist_new_dict ();
      plist_t hashes = plist_new_array ();

      plist_dict_set_item (dict, "TSKIncludeSubdomains", plist_new_bool (entry->include));
      if (ps_pinset_rule_get_policy (entry->rule) == PS_RULE_EXCLUDED)
        plist_dict_set_item (dict, "TSKExcludeSubdomainFromParentPolicy",
                             plist_new_bool (TRUE));
      plist_dict_set_item (dict, "TSKEnforcePinning",
                           plist_new_bool (ps_pinset_rule_get_policy (entry->rule) !=
                                           PS_RULE_REPORT_ONLY));
      if (expiration != NULL)
        {
          g_autofree char *date = _ps_format_date (expiration);

          plist_dict_set_item (dict, "TSKExpirationDate", plist_new_string (date));
        }
      for (guint p = 0; p < entry->pins->len; p++)
        {
          PsPinsetPin *pin = g_ptr_array_index (entry->pins, p);
          g_autofree char *b64 = _ps_format_pin_b64 (pin);

          g_hash_table_replace (comments, g_strdup (b64), _ps_format_pin_comment (pin));
          plist_array_append_item (hashes, plist_new_string (b64));
        }
      plist_dict_set_item (dict, "TSKPublicKeyHashes", hashes);
      plist_dict_set_item (domains, entry->name, dict);
    }

  text = _ps_plist_write (root, pinset, now, comments);
  plist_free (root);
  return text;
}

int
_ps_format_trustkit_plist_detect (const char *text)
{
  if (strstr (text, "<plist") == NULL)
    return 0;
  return strstr (text, "TSKPinnedDomains") != NULL ? 90 : 0;
}

/* One domain of TSKPinnedDomains (or kTSKPinnedDomains in code, read into the same
 * tree). Key names are without their "k" (the constants' values). */
static PsPinsetRule *
import_domain (const char  *name,
               plist_t      dict,
               GHashTable  *comments,
               GPtrArray   *notes,
               GError     **error)
{
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
  g_autoptr(PsPinsetDomain) domain = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gboolean include = FALSE;

  if (plist_get_node_type (dict) != PLIST_DICT)
    {
      _ps_format_note (notes, 0, _("the entry of %s is not a dictionary: skipped"), name);
      return NULL;
    }

  entries = _ps_plist_dict_entries (dict);
  for (guint i = 0; i < entries->len; i++)
    {
      PsPlistEntry *entry = g_ptr_array_index (entries, i);
      const char *key = entry->key;
      plist_t value = entry->value;

      if (g_str_equal (key, "TSKIncludeSubdomains"))
        {
          if (!_ps_plist_get_bool (value, &include))
            _ps_format_note (notes, 0, _("%s of %s is not a boolean: read as false"),
                             key, name);
        }
      else if (g_str_equal (key, "TSKEnforcePinning"))
        {
          gboolean enforce = TRUE;

          if (_ps_plist_get_bool (value, &enforce) && !enforce)
            _ps_trustkit_report_only (rule, name, notes);
        }
      else if (g_str_equal (key, "TSKExcludeSubdomainFromParentPolicy"))
        {
          gboolean exclude = FALSE;

          if (_ps_plist_get_bool (value, &exclude) && exclude)
            _ps_trustkit_excluded (rule, name, notes);
        }
      else if (g_str_equal (key, "TSKExpirationDate"))
        {
          g_autofree char *text = _ps_plist_dup_string (value);
          g_autoptr(GDateTime) date = _ps_format_parse_date (text);

          /* TrustKit refuses to start with a date it cannot read. */
          if (date == NULL)
            {
              _ps_format_error (error, 0,
                                _("TSKExpirationDate of %s is not a date as yyyy-MM-dd"),
                                name);
              return NULL;
            }
          ps_pinset_rule_set_expiration (rule, date);
        }
      else if (g_str_equal (key, "TSKPublicKeyHashes"))
        {
          uint32_t n = plist_get_node_type (value) == PLIST_ARRAY
                         ? plist_array_get_size (value) : 0;

          if (plist_get_node_type (value) != PLIST_ARRAY)
            _ps_format_note (notes, 0, _("TSKPublicKeyHashes of %s is not an array: "
                                         "ignored"), name);
          for (uint32_t p = 0; p < n; p++)
            {
              g_autofree char *text = _ps_plist_dup_string (plist_array_get_item (value, p));
              g_autoptr(PsPinsetPin) pin = NULL;

              if (text == NULL)
                {
                  _ps_format_note (notes, 0, _("pin %u of %s is not a string: kept "
                                               "unparsed"), p + 1, name);
                  text = g_strdup ("");
                }
              pin = _ps_format_new_pin (text, NULL, 0, PS_PIN_ROLE_UNKNOWN,
                                        g_hash_table_lookup (comments, text), notes);
              ps_pinset_rule_add_pin (rule, pin);
            }
        }
      else
        _ps_format_note (notes, 0, _("%s of %s is not about pins: ignored"), key, name);
    }

  if (g_list_model_get_n_items (ps_pinset_rule_get_pins (rule)) == 0 &&
      !_ps_trustkit_is_excluded (rule))
    {
      _ps_format_note (notes, 0, _("%s has no TSKPublicKeyHashes: TrustKit refuses such "
                                   "a domain; skipped"), name);
      return NULL;
    }

  domain = ps_pinset_domain_new (name, include);
  ps_pinset_rule_add_domain (rule, domain);
  return g_steal_pointer (&rule);
}

PsPinset *
_ps_format_trustkit_read (plist_t      root,
                          const char  *name,
                          GHashTable  *comments,
                          GPtrArray   *notes,
                          GError     **error)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) root_entries = NULL;
  g_autoptr(GPtrArray) config_entries = NULL;
  g_autoptr(GPtrArray) domain_entries = NULL;
  plist_t config, domains;

  config = _ps_plist_dict_get (root, "TSKConfiguration");
  if (config == NULL && _ps_plist_dict_get (root, "TSKPinnedDomains") != NULL)
    config = root;
  if (config == NULL || plist_get_node_type (config) != PLIST_DICT)
    {
      _ps_format_error (error, 0, _("No TSKConfiguration dictionary"));
      return NULL;
    }
  domains = _ps_plist_dict_get (config, "TSKPinnedDomains");
  if (domains == NULL || plist_get_node_type (domains) != PLIST_DICT)
    {
      _ps_format_error (error, 0, _("No TSKPinnedDomains dictionary"));
      return NULL;
    }

  if (config != root)
    {
      root_entries = _ps_plist_dict_entries (root);
      for (guint i = 0; i < root_entries->len; i++)
        {
          PsPlistEntry *entry = g_ptr_array_index (root_entries, i);

          if (!g_str_equal (entry->key, "TSKConfiguration"))
            _ps_format_note (notes, 0, _("%s is not about pins: ignored"), entry->key);
        }
    }
  config_entries = _ps_plist_dict_entries (config);
  for (guint i = 0; i < config_entries->len; i++)
    {
      PsPlistEntry *entry = g_ptr_array_index (config_entries, i);

      if (!g_str_equal (entry->key, "TSKPinnedDomains"))
        _ps_format_note (notes, 0, _("%s is not about pins: ignored"), entry->key);
    }

  domain_entries = _ps_plist_dict_entries (domains);
  for (guint i = 0; i < domain_entries->len; i++)
    {
      PsPlistEntry *entry = g_ptr_array_index (domain_entries, i);
      g_autoptr(GError) local_error = NULL;
      PsPinsetRule *rule = import_domain (entry->key, entry->value, comments, notes,
                                          &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (rule != NULL)
        g_ptr_array_add (rules, rule);
    }

  return _ps_format_finish (name, rules, TRUE);
}

PsPinset *
_ps_format_trustkit_plist_import (const char  *text,
                                  GPtrArray   *notes,
                                  GError     **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GHashTable) comments = NULL;
  plist_t root = _ps_plist_parse (text, &name, &comments, error);
  PsPinset *pinset;

  if (root == NULL)
    return NULL;
  pinset = _ps_format_trustkit_read (root, name, comments, notes, error);
  plist_free (root);
  return pinset;
}
