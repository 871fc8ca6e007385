/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-error.h"
#include "ps-format-private.h"

/* Apple App Transport Security, NSPinnedDomains: leaf keys (leaf and backup pins) and CA
 * keys (intermediate and root pins) are separate lists. */

static gboolean
is_leaf_role (PsPinRole role)
{
  return role == PS_PIN_ROLE_LEAF || role == PS_PIN_ROLE_BACKUP;
}

static void
write_identities (GString    *out,
                  const char *key,
                  GPtrArray  *pins,
                  gboolean    leaf)
{
  gboolean any = FALSE;

  for (guint p = 0; p < pins->len; p++)
    any |= is_leaf_role (ps_pinset_pin_get_role (g_ptr_array_index (pins, p))) == leaf;
  if (!any)
    return;

  _ps_plist_write_key (out, 4, key);
  _ps_plist_write_open (out, 4, "array");
  for (guint p = 0; p < pins->len; p++)
    {
      PsPinsetPin *pin = g_ptr_array_index (pins, p);
      g_autofree char *b64 = NULL;
      g_autofree char *comment = NULL;

      if (is_leaf_role (ps_pinset_pin_get_role (pin)) != leaf)
        continue;
      b64 = _ps_format_pin_b64 (pin);
      comment = _ps_format_pin_comment (pin);
      _ps_plist_write_comment (out, 5, comment);
      _ps_plist_write_open (out, 5, "dict");
      _ps_plist_write_key (out, 6, "SPKI-SHA256-BASE64");
      _ps_plist_write_string (out, 6, b64, NULL);
      _ps_plist_write_close (out, 5, "dict");
    }
  _ps_plist_write_close (out, 4, "array");
}

char *
_ps_format_ats_export (PsPinset   *pinset,
                       GDateTime  *now,
                       GPtrArray  *warnings,
                       GError    **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_rules = _ps_format_n_rules (pinset);
  GString *out = g_string_new (NULL);

  _ps_plist_write_header (out, pinset, now);
  _ps_plist_write_open (out, 0, "dict");
  _ps_plist_write_key (out, 1, "NSAppTransportSecurity");
  _ps_plist_write_open (out, 1, "dict");
  _ps_plist_write_key (out, 2, "NSPinnedDomains");
  _ps_plist_write_open (out, 2, "dict");

  for (guint r = 0; r < n_rules; r++)
    {
      g_autoptr(PsPinsetRule) rule = _ps_format_get_rule (pinset, r);
      g_autoptr(GPtrArray) pins = _ps_format_rule_pins (rule, r, FALSE, "ATS", warnings);
      g_autoptr(GPtrArray) domains = _ps_format_rule_domains (rule);
      GDateTime *expiration = ps_pinset_rule_get_expiration (rule);
      gboolean any_leaf = FALSE, any_ca = FALSE, any_include = FALSE;
      guint n_entries = 0;

      if (pins->len == 0)
        {
          _ps_format_warn (warnings, PS_FORMAT_WARNING_DROPPED_RULE, r,
                           _("Rule %u has no SHA-256 pin: it is left out."), r + 1);
          continue;
        }
      for (guint p = 0; p < pins->len; p++)
        {
          if (is_leaf_role (ps_pinset_pin_get_role (g_ptr_array_index (pins, p))))
            any_leaf = TRUE;
          else
            any_ca = TRUE;
        }

      for (guint d = 0; d < domains->len; d++)
        {
          PsPinsetDomain *domain = g_ptr_array_index (domains, d);
          const char *name = ps_pinset_domain_get_name (domain);
          gboolean include = ps_pinset_domain_get_include_subdomains (domain);

          if (_ps_format_is_wildcard (name))
            {
              if (!g_str_has_prefix (name, "*.") || _ps_format_is_wildcard (name + 2))
                {
                  _ps_format_warn (warnings, PS_FORMAT_WARNING_WILDCARD, r,
                                   _("Rule %u: App Transport Security has no wildcard "
                                     "domains; “%s” is left out."), r + 1, name);
                  continue;
                }
              _ps_format_warn (warnings, PS_FORMAT_WARNING_WILDCARD, r,
                               _("Rule %u: App Transport Security has no wildcard domains; "
                                 "“%s” is exported as %s with NSIncludesSubdomains, which "
                                 "also covers %s itself."), r + 1, name, name + 2, name + 2);
              name += 2;
              include = TRUE;
            }
          else if (include)
            any_include = TRUE;

          if (g_hash_table_contains (seen, name))
            {
              _ps_format_warn (warnings, PS_FORMAT_WARNING_DROPPED_RULE, r,
                               _("Rule %u: %s is already in an earlier rule and "
                                 "NSPinnedDomains is keyed by domain; it is left out here."),
                               r + 1, name);
              continue;
            }
          g_hash_table_add (seen, g_strdup (name));
          n_entries++;

          _ps_plist_write_key (out, 3, name);
          _ps_plist_write_open (out, 3, "dict");
          if (include)
            {
              _ps_plist_write_key (out, 4, "NSIncludesSubdomains");
              _ps_plist_write_bool (out, 4, TRUE);
            }
          write_identities (out, "NSPinnedLeafIdentities", pins, TRUE);
          write_identities (out, "NSPinnedCAIdentities", pins, FALSE);
          _ps_plist_write_close (out, 3, "dict");
        }

      if (n_entries == 0)
        {
          _ps_format_warn (warnings, PS_FORMAT_WARNING_DROPPED_RULE, r,
                           _("Rule %u names no domain that App Transport Security can use: "
                             "it is left out."), r + 1);
          continue;
        }
      if (any_include)
        _ps_format_warn (warnings, PS_FORMAT_WARNING_SUBDOMAINS, r,
                         _("Rule %u includes subdomains at any depth, but "
                           "NSIncludesSubdomains covers one extra label only: add the "
                           "deeper domains explicitly."), r + 1);
      if (any_leaf && any_ca)
        _ps_format_warn (warnings, PS_FORMAT_WARNING_MATCHING, r,
                         _("Rule %u has leaf and CA pins: App Transport Security then "
                           "requires a match in both lists, where the rule accepts any one "
                           "pin."), r + 1);
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
    }

  _ps_plist_write_close (out, 2, "dict");
  _ps_plist_write_close (out, 1, "dict");
  _ps_plist_write_close (out, 0, "dict");
  _ps_plist_write_footer (out);
  return g_string_free (out, FALSE);
}

int
_ps_format_ats_detect (const char *text)
{
  if (strstr (text, "<plist") == NULL)
    return 0;
  return strstr (text, "NSPinnedDomains") != NULL ? 85 : 0;
}

static gboolean
import_identities (PsPinsetRule  *rule,
                   const char    *name,
                   const char    *key,
                   PsPlistNode   *array,
                   PsPinRole      role,
                   GError       **error)
{
  if (array->type != PS_PLIST_ARRAY)
    {
      _ps_format_error (error, array->line, _("%s of %s is not an array"), key, name);
      return FALSE;
    }

  for (guint i = 0; i < array->children->len; i++)
    {
      PsPlistNode *item = g_ptr_array_index (array->children, i);
      PsPlistNode *value = _ps_plist_dict_get (item, "SPKI-SHA256-BASE64");
      g_autoptr(PsPinsetPin) pin = NULL;

      if (value == NULL || value->type != PS_PLIST_STRING)
        {
          _ps_format_error (error, item->line,
                            _("An identity of %s without an SPKI-SHA256-BASE64 string"),
                            name);
          return FALSE;
        }
      pin = _ps_format_new_pin (value->text ? value->text : "", NULL, value->line,
                                role, item->comment ? item->comment : value->comment,
                                error);
      if (pin == NULL)
        return FALSE;
      ps_pinset_rule_add_pin (rule, pin);
    }

  return TRUE;
}

PsPinset *
_ps_format_ats_import (const char  *text,
                       GPtrArray   *notes,
                       GError     **error)
{
  g_autofree char *name = NULL;
  g_autoptr(PsPlistNode) root = _ps_plist_parse (text, &name, error);
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_object_unref);
  PsPlistNode *ats, *domains;

  if (root == NULL)
    return NULL;

  ats = _ps_plist_dict_get (root, "NSAppTransportSecurity");
  if (ats == NULL && _ps_plist_dict_get (root, "NSPinnedDomains") != NULL)
    ats = root;
  if (ats == NULL || ats->type != PS_PLIST_DICT)
    {
      _ps_format_error (error, root->line, _("No NSAppTransportSecurity dictionary"));
      return NULL;
    }
  domains = _ps_plist_dict_get (ats, "NSPinnedDomains");
  if (domains == NULL || domains->type != PS_PLIST_DICT)
    {
      _ps_format_error (error, ats->line, _("No NSPinnedDomains dictionary"));
      return NULL;
    }
  for (guint i = 0; i < ats->keys->len; i++)
    if (!g_str_equal (g_ptr_array_index (ats->keys, i), "NSPinnedDomains"))
      _ps_format_note (notes, ((PsPlistNode *) g_ptr_array_index (ats->children, i))->line,
                       _("%s is not about pins: ignored"),
                       (char *) g_ptr_array_index (ats->keys, i));

  for (guint i = 0; i < domains->keys->len; i++)
    {
      const char *domain_name = g_ptr_array_index (domains->keys, i);
      PsPlistNode *dict = g_ptr_array_index (domains->children, i);
      g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
      g_autoptr(PsPinsetDomain) domain = NULL;
      gboolean include = FALSE;

      if (dict->type != PS_PLIST_DICT)
        {
          _ps_format_error (error, dict->line, _("The entry of %s is not a dictionary"),
                            domain_name);
          return NULL;
        }
      for (guint k = 0; k < dict->keys->len; k++)
        {
          const char *key = g_ptr_array_index (dict->keys, k);
          PsPlistNode *value = g_ptr_array_index (dict->children, k);

          if (g_str_equal (key, "NSIncludesSubdomains"))
            {
              if (value->type != PS_PLIST_BOOLEAN)
                {
                  _ps_format_error (error, value->line, _("%s is not <true/> or <false/>"),
                                    key);
                  return NULL;
                }
              include = value->boolean;
            }
          else if (g_str_equal (key, "NSPinnedLeafIdentities"))
            {
              if (!import_identities (rule, domain_name, key, value, PS_PIN_ROLE_LEAF, error))
                return NULL;
            }
          else if (g_str_equal (key, "NSPinnedCAIdentities"))
            {
              if (!import_identities (rule, domain_name, key, value,
                                      PS_PIN_ROLE_INTERMEDIATE, error))
                return NULL;
            }
          else
            _ps_format_note (notes, value->line, _("%s of %s is not about pins: ignored"),
                             key, domain_name);
        }

      if (g_list_model_get_n_items (ps_pinset_rule_get_pins (rule)) == 0)
        {
          _ps_format_note (notes, dict->line, _("%s: no pins (not pinned)"), domain_name);
          continue;
        }
      domain = ps_pinset_domain_new (domain_name, include);
      ps_pinset_rule_add_domain (rule, domain);
      g_ptr_array_add (rules, g_steal_pointer (&rule));
    }

  return _ps_format_finish (name, rules, TRUE);
}
