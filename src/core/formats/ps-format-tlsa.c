/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-error.h"
#include "ps-format-private.h"

/* DANE TLSA records (RFC 6698): "3 1 1" (DANE-EE, SPKI, SHA-256) for leaf and backup keys,
 * "2 1 1" (DANE-TA) for CA keys, for port 443 over TCP. A "; ROLE: LABEL" comment ends
 * each record. */

#define PORT 443

static gboolean
is_leaf_role (PsPinRole role)
{
  return role == PS_PIN_ROLE_LEAF || role == PS_PIN_ROLE_BACKUP;
}

char *
_ps_format_tlsa_export (PsPinset   *pinset,
                        GDateTime  *now,
                        GPtrArray  *warnings,
                        GError    **error)
{
  g_auto(GStrv) header = _ps_format_header_lines (pinset, now);
  guint n_rules = _ps_format_n_rules (pinset);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "; %s\n; %s\n", header[0], header[1]);

  for (guint r = 0; r < n_rules; r++)
    {
      g_autoptr(PsPinsetRule) rule = _ps_format_get_rule (pinset, r);
      g_autoptr(GPtrArray) pins = NULL;
      g_autoptr(GPtrArray) domains = _ps_format_rule_domains (rule);
      GDateTime *expiration = ps_pinset_rule_get_expiration (rule);
      guint n_written = 0;
      gboolean any_include = FALSE;

      /* A TLSA record is for one name; usage 3 (DANE-EE) for the server's own key, 2
       * (DANE-TA) for a CA's (RFC 6698 section 2.1.1): roles must be known. */
      if (!_ps_format_check_rule (pinset, rule, r, 0, "DANE", error) ||
          (pins = _ps_format_rule_pins (rule, r, PS_EXPORT_PINS_NEED_ROLES, "DANE", warnings,
                                        error)) == NULL)
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      for (guint d = 0; d < domains->len && pins->len > 0; d++)
        {
          PsPinsetDomain *domain = g_ptr_array_index (domains, d);
          const char *name = ps_pinset_domain_get_name (domain);

          if (_ps_format_is_wildcard (name))
            {
              _ps_format_warn (warnings, PS_FORMAT_WARNING_WILDCARD, r,
                               _("Rule %u: TLSA records are per name; “%s” is left out, "
                                 "publish records under each host name instead."),
                               r + 1, name);
              continue;
            }
          any_include |= ps_pinset_domain_get_include_subdomains (domain);

          for (guint p = 0; p < pins->len; p++)
            {
              PsPinsetPin *pin = g_ptr_array_index (pins, p);
              g_autofree char *hex = ps_pin_to_hex (ps_pinset_pin_get_pin (pin));
              g_autofree char *comment = _ps_format_pin_comment (pin);

              g_string_append_printf (out, "_%d._tcp.%s%s IN TLSA %d 1 1 %s ; %s\n", PORT,
                                      name, g_str_has_suffix (name, ".") ? "" : ".",
                                      is_leaf_role (ps_pinset_pin_get_role (pin)) ? 3 : 2,
                                      hex, comment);
            }
          n_written++;
        }

      if (n_written == 0)
        {
          _ps_format_warn (warnings, PS_FORMAT_WARNING_DROPPED_RULE, r,
                           pins->len == 0 ? _("Rule %u has no SHA-256 pin: it is left out.")
                                          : _("Rule %u names no host for TLSA records: it "
                                              "is left out."), r + 1);
          continue;
        }
      if (any_include)
        _ps_format_warn (warnings, PS_FORMAT_WARNING_SUBDOMAINS, r,
                         _("Rule %u includes subdomains, but TLSA records cover one name "
                           "each: publish records for every subdomain too."), r + 1);
      if (expiration != NULL)
        {
          g_autofree char *date = _ps_format_date (expiration);

          _ps_format_warn (warnings, PS_FORMAT_WARNING_NO_EXPIRATION, r,
                           _("Rule %u expires on %s, but TLSA records have no expiration: "
                             "remove them from the zone by then."), r + 1, date);
        }
    }

  return g_string_free (out, FALSE);
}

int
_ps_format_tlsa_detect (const char *text)
{
  return strstr (text, "TLSA") != NULL && strstr (text, "._tcp.") != NULL ? 75 : 0;
}

/* A field of a TLSA record as an unsigned number up to @max (255 for the three one-byte
 * fields of RFC 6698 section 2.1, 65535 for a port), or -1. */
static gint64
parse_field (const char *text,
             guint64     max)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    return -1;
  return (gint64) value;
}

static GRegex *
record_regex (void)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    {
      GRegex *r = g_regex_new ("^_([0-9]+)\\._(tcp|udp|sctp)\\.(\\S+?)\\.?"
                               "(?:\\s+[0-9]+)?(?:\\s+IN)?(?:\\s+[0-9]+)?\\s+TLSA\\s+"
                               "\\(?\\s*([0-9]+)\\s+([0-9]+)\\s+([0-9]+)\\s+"
                               "([0-9A-Fa-f ]+?)\\s*\\)?\\s*(?:;\\s*(.*))?$",
                               G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&regex, r);
    }
  return regex;
}

PsPinset *
_ps_format_tlsa_import (const char  *text,
                        GPtrArray   *notes,
                        GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_host = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                         g_free, NULL);
  g_autofree char *name = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *port = NULL, *host = NULL, *usage = NULL, *selector = NULL;
      g_autofree char *matching = NULL, *hex = NULL, *comment = NULL, *pin_text = NULL;
      g_autoptr(PsPinsetPin) pin = NULL;
      PsPinsetRule *rule;
      gint64 n_port, n_usage, n_selector, n_matching;

      if (*line == '\0')
        continue;
      if (*line == ';')
        {
          if (name == NULL && rules->len == 0)
            name = _ps_format_header_name (line + 1);
          continue;
        }
      if (*line == '$')
        {
          _ps_format_note (notes, i + 1, _("zone directive %s: ignored"), line);
          continue;
        }
      if (!g_regex_match (record_regex (), line, 0, &match))
        {
          _ps_format_error (error, i + 1,
                            _("Not a TLSA record (_PORT._tcp.HOST. IN TLSA 3 1 1 HEX)"));
          return NULL;
        }

      port = g_match_info_fetch (match, 1);
      host = g_match_info_fetch (match, 3);
      usage = g_match_info_fetch (match, 4);
      selector = g_match_info_fetch (match, 5);
      matching = g_match_info_fetch (match, 6);
      hex = g_match_info_fetch (match, 7);
      comment = g_match_info_fetch (match, 8);

      n_port = parse_field (port, G_MAXUINT16);
      n_usage = parse_field (usage, G_MAXUINT8);
      n_selector = parse_field (selector, G_MAXUINT8);
      n_matching = parse_field (matching, G_MAXUINT8);
      if (n_port < 0 || n_usage < 0 || n_selector < 0 || n_matching < 0)
        {
          _ps_format_note (notes, i + 1,
                           _("a TLSA record with a port, usage, selector or matching type "
                             "out of range: ignored"));
          continue;
        }
      if (n_selector != 1 || n_matching != 1)
        {
          _ps_format_note (notes, i + 1,
                           _("a TLSA record with selector %s and matching type %s is not a "
                             "SHA-256 key pin: ignored"), selector, matching);
          continue;
        }
      if (n_port != PORT)
        _ps_format_note (notes, i + 1, _("port %s: pinsets do not keep ports"), port);

      pin_text = g_strdup_printf ("3 1 1 %s", hex);
      pin = _ps_format_new_pin (pin_text, NULL, i + 1,
                                n_usage == 3 || n_usage == 1
                                  ? PS_PIN_ROLE_LEAF : PS_PIN_ROLE_INTERMEDIATE,
                                comment && *comment ? comment : NULL, notes);

      rule = g_hash_table_lookup (by_host, host);
      if (rule == NULL)
        {
          g_autoptr(PsPinsetDomain) domain = ps_pinset_domain_new (host, FALSE);

          rule = ps_pinset_rule_new ();
          ps_pinset_rule_add_domain (rule, domain);
          g_ptr_array_add (rules, rule);
          g_hash_table_insert (by_host, g_strdup (host), rule);
        }
      ps_pinset_rule_add_pin (rule, pin);
    }

  if (rules->len == 0)
    {
      _ps_format_error (error, 0, _("No TLSA record with a SHA-256 key pin found"));
      return NULL;
    }

  return _ps_format_finish (name, rules, TRUE);
}
