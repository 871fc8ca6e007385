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

/* The entries TrustKit can express, with the warnings for what it cannot. */
static GPtrArray *
collect_entries (PsPinset  *pinset,
                 GPtrArray *warnings)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_rules = _ps_format_n_rules (pinset);

  for (guint r = 0; r < n_rules; r++)
    {
      g_autoptr(PsPinsetRule) rule = _ps_format_get_rule (pinset, r);
      g_autoptr(GPtrArray) pins = _ps_format_rule_pins (rule, r, FALSE, "TrustKit", warnings);
      g_autoptr(GPtrArray) domains = _ps_format_rule_domains (rule);
      guint n_entries = 0;

      if (pins->len == 0)
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
      if (pins->len < 2)
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

char *
_ps_format_trustkit_swift_export (PsPinset   *pinset,
                                  GDateTime  *now,
                                  GPtrArray  *warnings,
                                  GError    **error)
{
  g_autoptr(GPtrArray) entries = collect_entries (pinset, warnings);
  g_auto(GStrv) header = _ps_format_header_lines (pinset, now);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "// %s\n// %s\n", header[0], header[1]);
  g_string_append (out,
                   "let trustKitConfig: [String: Any] = [\n"
                   "    kTSKPinnedDomains: [\n");
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      GDateTime *expiration = ps_pinset_rule_get_expiration (entry->rule);
      g_autofree char *name = swift_string (entry->name);

      g_string_append_printf (out, "        %s: [\n", name);
      g_string_append_printf (out, "            kTSKIncludeSubdomains: %s,\n",
                              entry->include ? "true" : "false");
      g_string_append (out, "            kTSKEnforcePinning: true,\n");
      if (expiration != NULL)
        {
          g_autofree char *date = _ps_format_date (expiration);
          g_string_append_printf (out, "            kTSKExpirationDate: \"%s\",\n", date);
        }
      g_string_append (out, "            kTSKPublicKeyHashes: [\n");
      for (guint p = 0; p < entry->pins->len; p++)
        {
          PsPinsetPin *pin = g_ptr_array_index (entry->pins, p);
          g_autofree char *b64 = _ps_format_pin_b64 (pin);
          g_autofree char *comment = _ps_format_pin_comment (pin);

          g_string_append_printf (out, "                \"%s\", // %s\n", b64, comment);
        }
      g_string_append (out, "            ],\n        ],\n");
    }
  g_string_append (out,
                   "    ],\n"
                   "]\n"
                   "// TrustKit.initSharedInstance(withConfiguration: trustKitConfig)\n");
  return g_string_free (out, FALSE);
}

char *
_ps_format_trustkit_plist_export (PsPinset   *pinset,
                                  GDateTime  *now,
                                  GPtrArray  *warnings,
                                  GError    **error)
{
  g_autoptr(GPtrArray) entries = collect_entries (pinset, warnings);
  GString *out = g_string_new (NULL);

  _ps_plist_write_header (out, pinset, now);
  _ps_plist_write_open (out, 0, "dict");
  _ps_plist_write_key (out, 1, "TSKConfiguration");
  _ps_plist_write_open (out, 1, "dict");
  _ps_plist_write_key (out, 2, "TSKPinnedDomains");
  _ps_plist_write_open (out, 2, "dict");
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      GDateTime *expiration = ps_pinset_rule_get_expiration (entry->rule);

      _ps_plist_write_key (out, 3, entry->name);
      _ps_plist_write_open (out, 3, "dict");
      _ps_plist_write_key (out, 4, "TSKIncludeSubdomains");
      _ps_plist_write_bool (out, 4, entry->include);
      _ps_plist_write_key (out, 4, "TSKEnforcePinning");
      _ps_plist_write_bool (out, 4, TRUE);
      if (expiration != NULL)
        {
          g_autofree char *date = _ps_format_date (expiration);

          _ps_plist_write_key (out, 4, "TSKExpirationDate");
          _ps_plist_write_string (out, 4, date, NULL);
        }
      _ps_plist_write_key (out, 4, "TSKPublicKeyHashes");
      _ps_plist_write_open (out, 4, "array");
      for (guint p = 0; p < entry->pins->len; p++)
        {
          PsPinsetPin *pin = g_ptr_array_index (entry->pins, p);
          g_autofree char *b64 = _ps_format_pin_b64 (pin);
          g_autofree char *comment = _ps_format_pin_comment (pin);

          _ps_plist_write_string (out, 5, b64, comment);
        }
      _ps_plist_write_close (out, 4, "array");
      _ps_plist_write_close (out, 3, "dict");
    }
  _ps_plist_write_close (out, 2, "dict");
  _ps_plist_write_close (out, 1, "dict");
  _ps_plist_write_close (out, 0, "dict");
  _ps_plist_write_footer (out);
  return g_string_free (out, FALSE);
}

int
_ps_format_trustkit_plist_detect (const char *text)
{
  if (strstr (text, "<plist") == NULL)
    return 0;
  return strstr (text, "TSKPinnedDomains") != NULL ? 90 : 0;
}

static PsPinsetRule *
import_domain (const char   *name,
               PsPlistNode  *dict,
               GPtrArray    *notes,
               GError      **error)
{
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
  g_autoptr(PsPinsetDomain) domain = NULL;
  gboolean include = FALSE;

  if (dict->type != PS_PLIST_DICT)
    {
      _ps_format_error (error, dict->line, _("The entry of %s is not a dictionary"), name);
      return NULL;
    }

  for (guint i = 0; i < dict->keys->len; i++)
    {
      const char *key = g_ptr_array_index (dict->keys, i);
      PsPlistNode *value = g_ptr_array_index (dict->children, i);

      if (g_str_equal (key, "TSKIncludeSubdomains"))
        {
          if (value->type != PS_PLIST_BOOLEAN)
            {
              _ps_format_error (error, value->line, _("%s is not <true/> or <false/>"), key);
              return NULL;
            }
          include = value->boolean;
        }
      else if (g_str_equal (key, "TSKEnforcePinning"))
        {
          if (value->type == PS_PLIST_BOOLEAN && !value->boolean)
            _ps_format_note (notes, value->line,
                             _("TSKEnforcePinning is false for %s: TrustKit only reports "
                               "pin failures there"), name);
        }
      else if (g_str_equal (key, "TSKExpirationDate"))
        {
          g_autoptr(GDateTime) date = NULL;

          if (value->type == PS_PLIST_STRING)
            date = _ps_format_parse_date (value->text);
          if (date == NULL)
            {
              _ps_format_error (error, value->line,
                                _("TSKExpirationDate of %s is not a date as yyyy-MM-dd"),
                                name);
              return NULL;
            }
          ps_pinset_rule_set_expiration (rule, date);
        }
      else if (g_str_equal (key, "TSKPublicKeyHashes"))
        {
          if (value->type != PS_PLIST_ARRAY)
            {
              _ps_format_error (error, value->line,
                                _("TSKPublicKeyHashes of %s is not an array"), name);
              return NULL;
            }
          for (guint p = 0; p < value->children->len; p++)
            {
              PsPlistNode *item = g_ptr_array_index (value->children, p);
              g_autoptr(PsPinsetPin) pin = NULL;

              if (item->type != PS_PLIST_STRING)
                {
                  _ps_format_error (error, item->line, _("A pin that is not a <string>"));
                  return NULL;
                }
              pin = _ps_format_new_pin (item->text ? item->text : "", NULL, item->line,
                                        PS_PIN_ROLE_LEAF, item->comment, error);
              if (pin == NULL)
                return NULL;
              ps_pinset_rule_add_pin (rule, pin);
            }
        }
      else
        _ps_format_note (notes, value->line, _("%s of %s is not about pins: ignored"),
                         key, name);
    }

  if (g_list_model_get_n_items (ps_pinset_rule_get_pins (rule)) == 0)
    {
      _ps_format_error (error, dict->line, _("%s has no TSKPublicKeyHashes"), name);
      return NULL;
    }

  domain = ps_pinset_domain_new (name, include);
  ps_pinset_rule_add_domain (rule, domain);
  return g_steal_pointer (&rule);
}

PsPinset *
_ps_format_trustkit_plist_import (const char  *text,
                                  GPtrArray   *notes,
                                  GError     **error)
{
  g_autofree char *name = NULL;
  g_autoptr(PsPlistNode) root = _ps_plist_parse (text, &name, error);
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_object_unref);
  PsPlistNode *config, *domains;

  if (root == NULL)
    return NULL;

  config = _ps_plist_dict_get (root, "TSKConfiguration");
  if (config == NULL && _ps_plist_dict_get (root, "TSKPinnedDomains") != NULL)
    config = root;
  if (config == NULL || config->type != PS_PLIST_DICT)
    {
      _ps_format_error (error, root->line, _("No TSKConfiguration dictionary"));
      return NULL;
    }
  if (config != root)
    for (guint i = 0; i < root->keys->len; i++)
      if (!g_str_equal (g_ptr_array_index (root->keys, i), "TSKConfiguration"))
        _ps_format_note (notes, ((PsPlistNode *) g_ptr_array_index (root->children, i))->line,
                         _("%s is not about pins: ignored"),
                         (char *) g_ptr_array_index (root->keys, i));

  domains = _ps_plist_dict_get (config, "TSKPinnedDomains");
  if (domains == NULL || domains->type != PS_PLIST_DICT)
    {
      _ps_format_error (error, config->line, _("No TSKPinnedDomains dictionary"));
      return NULL;
    }
  for (guint i = 0; i < config->keys->len; i++)
    if (!g_str_equal (g_ptr_array_index (config->keys, i), "TSKPinnedDomains"))
      _ps_format_note (notes, ((PsPlistNode *) g_ptr_array_index (config->children, i))->line,
                       _("%s is not about pins: ignored"),
                       (char *) g_ptr_array_index (config->keys, i));

  for (guint i = 0; i < domains->keys->len; i++)
    {
      PsPinsetRule *rule = import_domain (g_ptr_array_index (domains->keys, i),
                                          g_ptr_array_index (domains->children, i),
                                          notes, error);
      if (rule == NULL)
        return NULL;
      g_ptr_array_add (rules, rule);
    }

  return _ps_format_finish (name, rules, TRUE);
}
