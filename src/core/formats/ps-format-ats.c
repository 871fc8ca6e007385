/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-error.h"
#include "ps-format-private.h"

/* Apple App Transport Security, NSPinnedDomains: leaf keys (leaf and backup pins) and CA
 * keys (intermediate and root pins) are separate lists. */

/* An identity list that is present and empty: ATS then refuses every connection to the
 * domain. */
static void
_ps_ats_note_empty_list (PsPinsetRule *rule,
                         const char   *name,
                         const char   *key,
                         GPtrArray    *notes)
{
  _ps_format_note (notes, 0, _("%s of %s is present and empty: App Transport Security "
                               "refuses every connection to it"), key, name);
}

static gboolean
_ps_ats_rule_blocks (PsPinsetRule *rule)
{
  return ps_pinset_rule_get_requires (rule) != PS_RULE_REQUIRES_NONE;
}

static gboolean
is_leaf_role (PsPinRole role)
{
  return role == PS_PIN_ROLE_LEAF || role == PS_PIN_ROLE_BACKUP;
}

static void
add_identities (plist_t     dict,
                const char *key,
                GPtrArray  *pins,
                gboolean    leaf,
                GHashTable *comments)
{
  plist_t array = plist_new_array ();

  /* Written even when empty: an empty list blocks every connection, as in the rule. */
  for (guint p = 0; p < pins->len; p++)
    {
      PsPinsetPin *pin = g_ptr_array_index (pins, p);
      g_autofree char *b64 = NULL;

      if (is_leaf_role (ps_pinset_pin_get_role (pin)) != leaf)
        continue;
      b64 = _ps_format_pin_b64 (pin);
      g_hash_table_replace (comments, g_strdup (b64), _ps_format_pin_comment (pin));
      plist_array_append_item (array, _ps_plist_pin_identity (b64));
    }
  plist_dict_set_item (dict, key, array);
}

/* The identity lists to write: the rule's own, or for a rule whose any one pin may match,
 * the one list its pins belong to (-1 with @error when that would be stricter). */
static int
lists_for (PsPinsetRule  *rule,
           guint          r,
           GPtrArray     *pins,
           GPtrArray     *warnings,
           GError       **error)
{
  PsRuleRequires requires = ps_pinset_rule_get_requires (rule);
  gboolean any_leaf = FALSE, any_ca = FALSE;

  for (guint p = 0; p < pins->len; p++)
    {
      if (is_leaf_role (ps_pinset_pin_get_role (g_ptr_array_index (pins, p))))
        any_leaf = TRUE;
      else
        any_ca = TRUE;
    }
  if (requires == PS_RULE_REQUIRES_NONE)
    {
      g_autofree char *list = _ps_format_domains_to_string (rule);

      if (pins->len == 0)
        {
          _ps_format_warn (warnings, PS_FORMAT_WARNING_DROPPED_RULE, r,
                           _("Rule %u has no pin: it is left out."), r + 1);
          return PS_RULE_REQUIRES_NONE;
        }
      /* Any one pin of the rule may match; ATS, given both lists, wants both. */
      if (any_leaf && any_ca)
        {
          g_set_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED,
                       _("Rule %u (%s) accepts any one of its leaf and CA pins, and App "
                         "Transport Security, given both lists, requires a match in "
                         "each: split the rule, or keep only leaf or only CA pins."),
                       r + 1, list);
          return -1;
        }
      requires = any_leaf ? PS_RULE_REQUIRES_LEAF : PS_RULE_REQUIRES_CA;
    }
  else if ((any_leaf && !(requires & PS_RULE_REQUIRES_LEAF)) ||
           (any_ca && !(requires & PS_RULE_REQUIRES_CA)))
    {
      g_autofree char *list = _ps_format_domains_to_string (rule);

      g_set_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED,
                   _("Rule %u (%s) has %s pins outside the identity lists it requires: "
                     "App Transport Security would require them too."), r + 1, list,
                   any_leaf && !(requires & PS_RULE_REQUIRES_LEAF) ? "leaf" : "CA");
      return -1;
    }

  return requires;
}

/* One rule as NSPinnedDomains entries, one per domain; FALSE with @error when ATS cannot
 * express it. */
static gboolean
export_rule (PsPinset      *pinset,
             PsPinsetRule  *rule,
             guint          r,
             plist_t        pinned,
             GHashTable    *seen,
             GHashTable    *comments,
             GPtrArray     *warnings,
             GError       **error)
{
  g_autoptr(GPtrArray) pins = NULL;
  g_autoptr(GPtrArray) domains = _ps_format_rule_domains (rule);
  GDateTime *expiration = ps_pinset_rule_get_expiration (rule);
  int requires;
  guint n_entries = 0;

  /* developer.apple.com/documentation/bundleresources/information_property_list/
   * nsapptransportsecurity/nspinneddomains: NSIncludesSubdomains covers one more
   * label; with both lists present, both must match; a present empty list blocks. */
  if (!_ps_format_check_rule (pinset, rule, r,
                              PS_EXPORT_CAN_ONE_LABEL | PS_EXPORT_CAN_REQUIRES, "ATS", error))
    return FALSE;
  pins = _ps_format_rule_pins (rule, r, PS_EXPORT_PINS_NEED_ROLES, "ATS", warnings, error);
  if (pins == NULL)
    return FALSE;
  requires = lists_for (rule, r, pins, warnings, error);
  if (requires < 0)
    return FALSE;
  if (requires == PS_RULE_REQUIRES_NONE)
    return TRUE;

  for (guint d = 0; d < domains->len; d++)
    {
      PsPinsetDomain *domain = g_ptr_array_index (domains, d);
      const char *name = ps_pinset_domain_get_name (domain);
      gboolean include = ps_pinset_domain_get_subdomains (domain) != PS_SUBDOMAINS_NONE;
      plist_t entry;

      if (_ps_format_is_wildcard (name))
        {
          if (!g_str_has_prefix (name, "*.") || _ps_format_is_wildcard (name + 2))
            {
              _ps_format_warn (warnings, PS_FORMAT_WARNING_WILDCARD, r,
                               _("Rule %u: App Transport Security has no wildcard "
                                 "domains; “%s” is left out."), r + 1, name);
              return TRUE;
            }
          _ps_format_warn (warnings, PS_FORMAT_WARNING_WILDCARD, r,
                           _("Rule %u: App Transport Security has no wildcard domains; "
                             "“%s” is exported as %s with NSIncludesSubdomains, which "
                             "also covers %s itself."), r + 1, name, name + 2, name + 2);
          name += 2;
          include = TRUE;
        }

      if (g_hash_table_contains (seen, name))
        {
          _ps_format_warn (warnings, PS_FORMAT_WARNING_DROPPED_RULE, r,
                           _("Rule %u: %s is already in an earlier rule and "
                             "NSPinnedDomains is keyed by domain; it is left out here."),
                           r + 1, name);
          return TRUE;
        }
      g_hash_table_add (seen, g_strdup (name));
      n_entries++;

      entry = plist_new_dict ();
      if (include)
        plist_dict_set_item (entry, "NSIncludesSubdomains", plist_new_bool (TRUE));
      if (requires & PS_RULE_REQUIRES_LEAF)
        add_identities (entry, "NSPinnedLeafIdentities", pins, TRUE, comments);
      if (requires & PS_RULE_REQUIRES_CA)
        add_identities (entry, "NSPinnedCAIdentities", pins, FALSE, comments);
      plist_dict_set_item (pinned, name, entry);
    }

  if (n_entries == 0)
    {
      _ps_format_warn (warnings, PS_FORMAT_WARNING_DROPPED_RULE, r,
                       _("Rule %u names no domain that App Transport Security can use: "
                         "it is left out."), r + 1);
      return TRUE;
    }
  if (pins->len < 2)
    _ps_format_warn (warnings, PS_FORMAT_WARNING_FEW_PINS, r,
                     _("Rule %u has a single pin: the app loses its connection as soon as "
                       "that key changes; add a backup pin."), r + 1);
  if (expiration != NULL)
    {
      g_autofree char *date = _ps_format_date (expiration);

      _ps_format_warn (warnings, PS_FORMAT_WARNING_NO_EXPIRATION, r,
                       _("Rule %u expires on %s, but App Transport Security has no "
                         "expiration: the pins stay enforced until an update removes "
                         "them."), r + 1, date);
    }
  return TRUE;
}

char *
_ps_format_ats_export (PsPinset   *pinset,
                       GDateTime  *now,
                       GPtrArray  *warnings,
                       GError    **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) comments = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                          g_free, g_free);
  guint n_rules = _ps_format_n_rules (pinset);
  plist_t root = plist_new_dict ();
  plist_t ats = plist_new_dict ();
  plist_t pinned = plist_new_dict ();
  char *text;

  plist_dict_set_item (root, "NSAppTransportSecurity", ats);
  plist_dict_set_item (ats, "NSPinnedDomains", pinned);

  for (guint r = 0; r < n_rules; r++)
    {
      g_autoptr(PsPinsetRule) rule = _ps_format_get_rule (pinset, r);

      if (!export_rule (pinset, rule, r, pinned, seen, comments, warnings, error))
        {
          plist_free (root);
          return NULL;
        }
    }

  text = _ps_plist_write (root, pinset, now, comments);
  plist_free (root);
  return text;
}

int
_ps_format_ats_detect (const char *text)
{
  if (strstr (text, "<plist") == NULL)
    return 0;
  return strstr (text, "NSPinnedDomains") != NULL ? 85 : 0;
}

/* An identity list. ATS skips a malformed entry and keeps the others (so does the
 * importer, with a note); @present says whether the key was there at all, since a list
 * that is present and empty lets no connection through. */
static gboolean
import_identities (PsPinsetRule  *rule,
                   const char    *name,
                   const char    *key,
                   plist_t        array,
                   PsPinRole      role,
                   GHashTable    *comments,
                   GPtrArray     *notes)
{
  uint32_t n;

  if (plist_get_node_type (array) != PLIST_ARRAY)
    {
      _ps_format_note (notes, 0, _("%s of %s is not an array: ignored, as App Transport "
                                   "Security does"), key, name);
      return FALSE;
    }

  n = plist_array_get_size (array);
  for (uint32_t i = 0; i < n; i++)
    {
      plist_t item = plist_array_get_item (array, i);
      g_autofree char *value = _ps_plist_dup_string (_ps_plist_dict_get (item,
                                                                         "SPKI-SHA256-BASE64"));
      g_autoptr(PsPinsetPin) pin = NULL;

      if (value == NULL)
        {
          _ps_format_note (notes, 0, _("identity %u of %s of %s has no SPKI-SHA256-BASE64 "
                                       "string: skipped, as App Transport Security does"),
                           i + 1, key, name);
          continue;
        }
      pin = _ps_format_new_pin (value, NULL, 0, role, g_hash_table_lookup (comments, value),
                                notes);
      ps_pinset_rule_add_pin (rule, pin);
    }
  if (n == 0)
    _ps_ats_note_empty_list (rule, name, key, notes);
  return TRUE;
}

static PsPinsetRule *
import_domain (const char *domain_name,
               plist_t     dict,
               GHashTable *comments,
               GPtrArray  *notes)
{
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
  g_autoptr(PsPinsetDomain) domain = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gboolean include = FALSE;

  if (plist_get_node_type (dict) != PLIST_DICT)
    {
      _ps_format_note (notes, 0, _("the entry of %s is not a dictionary: skipped, as App "
                                   "Transport Security does"), domain_name);
      return NULL;
    }

  entries = _ps_plist_dict_entries (dict);
  for (guint k = 0; k < entries->len; k++)
    {
      PsPlistEntry *entry = g_ptr_array_index (entries, k);

      if (g_str_equal (entry->key, "NSIncludesSubdomains"))
        {
          if (!_ps_plist_get_bool (entry->value, &include))
            _ps_format_note (notes, 0, _("NSIncludesSubdomains of %s is not a boolean: "
                                         "read as false"), domain_name);
        }
      else if (g_str_equal (entry->key, "NSPinnedLeafIdentities"))
        {
          if (import_identities (rule, domain_name, entry->key, entry->value,
                                 PS_PIN_ROLE_LEAF, comments, notes))
            ps_pinset_rule_set_requires (rule, ps_pinset_rule_get_requires (rule) |
                                               PS_RULE_REQUIRES_LEAF);
        }
      else if (g_str_equal (entry->key, "NSPinnedCAIdentities"))
        {
          if (import_identities (rule, domain_name, entry->key, entry->value,
                                 PS_PIN_ROLE_INTERMEDIATE, comments, notes))
            ps_pinset_rule_set_requires (rule, ps_pinset_rule_get_requires (rule) |
                                               PS_RULE_REQUIRES_CA);
        }
      else
        _ps_format_note (notes, 0, _("%s of %s is not about pins: ignored"),
                         entry->key, domain_name);
    }

  if (g_list_model_get_n_items (ps_pinset_rule_get_pins (rule)) == 0 &&
      !_ps_ats_rule_blocks (rule))
    {
      _ps_format_note (notes, 0, _("%s: no pins (not pinned)"), domain_name);
      return NULL;
    }
  domain = ps_pinset_domain_new_full (domain_name, include ? PS_SUBDOMAINS_ONE_LABEL
                                                          : PS_SUBDOMAINS_NONE);
  ps_pinset_rule_add_domain (rule, domain);
  return g_steal_pointer (&rule);
}

PsPinset *
_ps_format_ats_import (const char  *text,
                       GPtrArray   *notes,
                       GError     **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GHashTable) comments = NULL;
  plist_t root = _ps_plist_parse (text, &name, &comments, error);
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) ats_entries = NULL;
  g_autoptr(GPtrArray) domain_entries = NULL;
  plist_t ats, domains;

  if (root == NULL)
    return NULL;

  ats = _ps_plist_dict_get (root, "NSAppTransportSecurity");
  if (ats == NULL && _ps_plist_dict_get (root, "NSPinnedDomains") != NULL)
    ats = root;
  domains = _ps_plist_dict_get (ats, "NSPinnedDomains");
  if (ats == NULL || plist_get_node_type (ats) != PLIST_DICT)
    _ps_format_error (error, 0, _("No NSAppTransportSecurity dictionary"));
  else if (domains == NULL || plist_get_node_type (domains) != PLIST_DICT)
    _ps_format_error (error, 0, _("No NSPinnedDomains dictionary"));
  if (error != NULL && *error != NULL)
    {
      plist_free (root);
      return NULL;
    }

  ats_entries = _ps_plist_dict_entries (ats);
  for (guint i = 0; i < ats_entries->len; i++)
    {
      PsPlistEntry *entry = g_ptr_array_index (ats_entries, i);

      if (!g_str_equal (entry->key, "NSPinnedDomains"))
        _ps_format_note (notes, 0, _("%s is not about pins: ignored"), entry->key);
    }

  domain_entries = _ps_plist_dict_entries (domains);
  for (guint i = 0; i < domain_entries->len; i++)
    {
      PsPlistEntry *entry = g_ptr_array_index (domain_entries, i);
      PsPinsetRule *rule = import_domain (entry->key, entry->value, comments, notes);

      if (rule != NULL)
        g_ptr_array_add (rules, rule);
    }

  plist_free (root);
  return _ps_format_finish (name, rules, TRUE);
}
