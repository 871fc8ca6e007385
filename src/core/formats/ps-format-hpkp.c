/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-error.h"
#include "ps-format-private.h"

/* HTTP Public Key Pinning (RFC 7469): one Public-Key-Pins header per rule, after a comment
 * naming its domains. Browsers no longer honour it; it is kept for the record and for the
 * few clients that still read it. */

#define DEFAULT_MAX_AGE 5184000 /* 60 days */

char *
_ps_format_hpkp_export (PsPinset   *pinset,
                        GDateTime  *now,
                        GPtrArray  *warnings,
                        GError    **error)
{
  g_auto(GStrv) header = _ps_format_header_lines (pinset, now);
  guint n_rules = _ps_format_n_rules (pinset);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "# %s\n# %s\n", header[0], header[1]);
  g_string_append (out, "# Browsers no longer honour Public-Key-Pins (Chrome and Firefox "
                        "removed it in 2018-2020).\n");
  _ps_format_warn (warnings, PS_FORMAT_WARNING_OBSOLETE, -1,
                   _("Browsers no longer honour Public-Key-Pins headers: pin in the "
                     "application instead where you can."));

  for (guint r = 0; r < n_rules; r++)
    {
      g_autoptr(PsPinsetRule) rule = _ps_format_get_rule (pinset, r);
      g_autoptr(GPtrArray) pins = _ps_format_rule_pins (rule, r, FALSE, "HPKP", warnings);
      g_autoptr(GPtrArray) domains = _ps_format_rule_domains (rule);
      g_autofree char *list = _ps_format_domains_to_string (rule);
      GDateTime *expiration = ps_pinset_rule_get_expiration (rule);
      gint64 max_age = DEFAULT_MAX_AGE;
      guint n_include = 0;

      if (pins->len == 0)
        {
          _ps_format_warn (warnings, PS_FORMAT_WARNING_DROPPED_RULE, r,
                           _("Rule %u has no SHA-256 pin: it is left out."), r + 1);
          continue;
        }
      if (pins->len < 2)
        _ps_format_warn (warnings, PS_FORMAT_WARNING_FEW_PINS, r,
                         _("Rule %u has a single pin, and HPKP requires a backup pin that is "
                           "not in the current chain: add one."), r + 1);
      for (guint d = 0; d < domains->len; d++)
        {
          PsPinsetDomain *domain = g_ptr_array_index (domains, d);

          if (ps_pinset_domain_get_include_subdomains (domain))
            n_include++;
          if (_ps_format_is_wildcard (ps_pinset_domain_get_name (domain)))
            _ps_format_warn (warnings, PS_FORMAT_WARNING_WILDCARD, r,
                             _("Rule %u: a header is sent by one host, so the wildcard “%s” "
                               "means sending it from each matching host."),
                             r + 1, ps_pinset_domain_get_name (domain));
        }
      if (n_include > 0 && n_include < domains->len)
        _ps_format_warn (warnings, PS_FORMAT_WARNING_SUBDOMAINS, r,
                         _("Rule %u includes subdomains for some domains only, and one "
                           "header cannot say so: send includeSubDomains only from those "
                           "hosts."), r + 1);
      if (expiration != NULL)
        {
          GTimeSpan left = g_date_time_difference (expiration, now);

          max_age = MAX (0, left / G_TIME_SPAN_SECOND);
        }

      g_string_append_printf (out, "# Domains: %s\n", list);
      g_string_append (out, "Public-Key-Pins: ");
      for (guint p = 0; p < pins->len; p++)
        {
          g_autofree char *b64 = _ps_format_pin_b64 (g_ptr_array_index (pins, p));

          g_string_append_printf (out, "pin-sha256=\"%s\"; ", b64);
        }
      g_string_append_printf (out, "max-age=%" G_GINT64_FORMAT "%s\n", max_age,
                              n_include > 0 ? "; includeSubDomains" : "");
    }

  return g_string_free (out, FALSE);
}

int
_ps_format_hpkp_detect (const char *text)
{
  if (strstr (text, "pin-sha256=") == NULL)
    return 0;
  return g_strstr_len (text, -1, "Public-Key-Pins") != NULL ? 90 : 75;
}

PsPinset *
_ps_format_hpkp_import (const char  *text,
                        GPtrArray   *notes,
                        GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PsPinsetRule) pending = NULL;
  g_autofree char *name = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      g_autoptr(PsPinsetRule) rule = NULL;
      g_auto(GStrv) directives = NULL;
      gboolean include = FALSE, from_comment;
      char *colon;

      if (*line == '\0')
        continue;
      if (*line == '#')
        {
          char *comment = g_strstrip (line + 1);

          if (name == NULL && rules->len == 0 && pending == NULL)
            name = _ps_format_header_name (comment);
          if (g_str_has_prefix (comment, "Domains:"))
            {
              g_clear_object (&pending);
              pending = ps_pinset_rule_new ();
              _ps_format_domains_from_string (pending, comment + strlen ("Domains:"));
            }
          continue;
        }

      colon = strchr (line, ':');
      if (colon != NULL && g_ascii_strncasecmp (line, "Public-Key-Pins", 15) == 0)
        {
          if (g_ascii_strncasecmp (line, "Public-Key-Pins-Report-Only", 27) == 0)
            _ps_format_note (notes, i + 1,
                             _("a Report-Only header: the pins were only reported"));
          line = colon + 1;
        }
      else if (strstr (line, "pin-sha256=") == NULL)
        {
          /* The other headers of a saved response ("curl -I"). */
          if (g_str_has_prefix (line, "HTTP/") ||
              g_regex_match_simple ("^[A-Za-z0-9-]+:", line, 0, 0))
            {
              _ps_format_note (notes, i + 1, _("not a Public-Key-Pins header: ignored"));
              continue;
            }
          _ps_format_error (error, i + 1, _("Not a Public-Key-Pins header"));
          return NULL;
        }

      from_comment = pending != NULL;
      rule = pending ? g_steal_pointer (&pending) : ps_pinset_rule_new ();
      directives = g_strsplit (line, ";", -1);
      for (guint j = 0; directives[j] != NULL; j++)
        {
          char *directive = g_strstrip (directives[j]);

          if (*directive == '\0')
            continue;
          if (g_ascii_strncasecmp (directive, "pin-sha256=", 11) == 0)
            {
              g_autoptr(PsPinsetPin) pin = NULL;

              pin = _ps_format_new_pin (directive, NULL, i + 1, PS_PIN_ROLE_LEAF, NULL,
                                        error);
              if (pin == NULL)
                return NULL;
              ps_pinset_rule_add_pin (rule, pin);
            }
          else if (g_ascii_strcasecmp (directive, "includeSubDomains") == 0)
            include = TRUE;
          else if (g_ascii_strncasecmp (directive, "max-age=", 8) == 0)
            {
              char *end = NULL;

              g_ascii_strtoull (directive + 8, &end, 10);
              if (end == directive + 8 || *end != '\0')
                {
                  _ps_format_error (error, i + 1, _("max-age is not a number of seconds"));
                  return NULL;
                }
            }
          else if (g_ascii_strncasecmp (directive, "pin-", 4) == 0)
            _ps_format_note (notes, i + 1, _("%s: only SHA-256 pins are read"), directive);
          else
            _ps_format_note (notes, i + 1, _("%s is not about pins: ignored"), directive);
        }

      if (g_list_model_get_n_items (ps_pinset_rule_get_pins (rule)) == 0)
        {
          _ps_format_error (error, i + 1, _("The header has no pin-sha256 directive"));
          return NULL;
        }
      if (!from_comment)
        _ps_format_note (notes, i + 1,
                         include ? _("the header names no host: the rule has no domain "
                                     "(includeSubDomains noted for when you add one)")
                                 : _("the header names no host: the rule has no domain"));
      g_ptr_array_add (rules, g_steal_pointer (&rule));
    }

  if (rules->len == 0)
    {
      _ps_format_error (error, 0, _("No Public-Key-Pins header found"));
      return NULL;
    }

  return _ps_format_finish (name, rules, FALSE);
}
