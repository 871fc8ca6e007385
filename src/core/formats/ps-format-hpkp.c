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
      g_autoptr(GPtrArray) pins = NULL;
      g_autoptr(GPtrArray) domains = _ps_format_rule_domains (rule);
      g_autofree char *list = _ps_format_domains_to_string (rule);
      GDateTime *expiration = ps_pinset_rule_get_expiration (rule);
      gint64 max_age = DEFAULT_MAX_AGE;
      guint n_include = 0;

      /* RFC 7469: pin-sha256 only, includeSubDomains at any depth for the whole header,
       * and a Report-Only variant. */
      if (!_ps_format_check_rule (pinset, rule, r,
                                  PS_EXPORT_CAN_ANY | PS_EXPORT_CAN_REPORT_ONLY |
                                  PS_EXPORT_CAN_WILDCARD, "HPKP", error) ||
          (pins = _ps_format_rule_pins (rule, r, 0, "HPKP", warnings, error)) == NULL)
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      if (pins->len == 0)
        {
          _ps_format_warn (warnings, PS_FORMAT_WARNING_DROPPED_RULE, r,
                           _("Rule %u has no pin: it is left out."), r + 1);
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
        {
          g_set_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED,
                       _("Rule %u (%s) includes subdomains for some domains only, and one "
                         "header cannot say so: split the rule."), r + 1, list);
          g_string_free (out, TRUE);
          return NULL;
        }
      if (ps_pinset_rule_get_max_age (rule) >= 0)
        max_age = ps_pinset_rule_get_max_age (rule);
      else if (expiration != NULL)
        {
          GTimeSpan left = g_date_time_difference (expiration, now);

          max_age = MAX (0, left / G_TIME_SPAN_SECOND);
        }

      g_string_append_printf (out, "# Domains: %s\n", list);
      g_string_append (out, ps_pinset_rule_get_policy (rule) == PS_RULE_REPORT_ONLY
                              ? "Public-Key-Pins-Report-Only: " : "Public-Key-Pins: ");
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

static void
_ps_hpkp_set_max_age (PsPinsetRule *rule,
                      gint64        seconds)
{
  ps_pinset_rule_set_max_age (rule, seconds);
}

static void
_ps_hpkp_set_include (PsPinsetRule *rule,
                      gboolean      include,
                      gboolean      from_comment,
                      int           line,
                      GPtrArray    *notes)
{
  GListModel *domains = ps_pinset_rule_get_domains (rule);

  /* includeSubDomains covers every domain of the header, at any depth (RFC 7469 section
   * 2.1.3); a "# Domains:" comment says the depth already. */
  for (guint i = 0; include && i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, i);

      if (ps_pinset_domain_get_subdomains (domain) == PS_SUBDOMAINS_NONE)
        ps_pinset_domain_set_subdomains (domain, PS_SUBDOMAINS_ANY);
    }
  if (!from_comment)
    _ps_format_note (notes, line,
                     include ? _("the header names no host: the rule has no domain "
                                 "(includeSubDomains noted for when you add one)")
                             : _("the header names no host: the rule has no domain"));
}

/* The logical lines of @text: a line that starts with a space or a tab continues the
 * header before it (the folding of RFC 7230 section 3.2.4, used by the examples of
 * RFC 7469 section 2.1.5 and MDN). @starts receives the first line number of each. */
static GPtrArray *
unfold_lines (const char *text,
              GArray     *starts)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  GString *current = NULL;

  for (int i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gboolean indented = *line == ' ' || *line == '\t';
      int number = i + 1;

      g_strstrip (line);
      if (indented && *line != '\0' && *line != '#' && current != NULL &&
          current->len > 0 && current->str[0] != '#')
        {
          g_string_append_c (current, ' ');
          g_string_append (current, line);
          continue;
        }
      if (current != NULL)
        g_ptr_array_add (out, g_string_free (current, FALSE));
      current = g_string_new (line);
      g_array_append_val (starts, number);
    }
  if (current != NULL)
    g_ptr_array_add (out, g_string_free (current, FALSE));
  return out;
}

/* A case-insensitive strstr (). */
static const char *
find_caseless (const char *haystack,
               const char *needle)
{
  gsize n = strlen (needle);

  for (const char *p = haystack; *p != '\0'; p++)
    if (g_ascii_strncasecmp (p, needle, n) == 0)
      return p;
  return NULL;
}

/* The value of the header that starts at @name in a line: after "Public-Key-Pins:" in a
 * response, or after the name in a server configuration, where it is quoted:
 * nginx "add_header Public-Key-Pins 'pin-sha256=\"…\"; …' always;" or Apache
 * "Header always set Public-Key-Pins \"pin-sha256=\\\"…\\\"; …\"". */
static char *
header_value (const char *name,
              gsize       name_len)
{
  const char *p = name + name_len;
  GString *out;
  char quote;

  while (*p == ' ' || *p == '\t' || *p == ':')
    p++;
  if (*p != '\'' && *p != '"')
    return g_strdup (p);

  quote = *p++;
  out = g_string_new (NULL);
  for (; *p != '\0' && *p != quote; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static gboolean
read_directives (PsPinsetRule  *rule,
                 const char    *value,
                 int            line,
                 gboolean      *include,
                 GPtrArray     *notes,
                 GError       **error)
{
  g_auto(GStrv) directives = g_strsplit (value, ";", -1);

  for (guint j = 0; directives[j] != NULL; j++)
    {
      char *directive = g_strstrip (directives[j]);

      if (*directive == '\0')
        continue;
      if (g_ascii_strncasecmp (directive, "pin-sha256=", 11) == 0)
        {
          g_autoptr(PsPinsetPin) pin = NULL;

          pin = _ps_format_new_pin (directive, NULL, line, PS_PIN_ROLE_UNKNOWN, NULL, notes);
          ps_pinset_rule_add_pin (rule, pin);
        }
      else if (g_ascii_strcasecmp (directive, "includeSubDomains") == 0)
        *include = TRUE;
      else if (g_ascii_strncasecmp (directive, "max-age=", 8) == 0)
        {
          const char *number = directive + 8;
          guint64 seconds = 0;
          g_autofree char *unquoted = NULL;

          /* RFC 7469 section 2.1.2: delta-seconds, possibly quoted. */
          if (*number == '"' && strlen (number) >= 2 &&
              number[strlen (number) - 1] == '"')
            number = unquoted = g_strndup (number + 1, strlen (number) - 2);
          if (!g_ascii_string_to_unsigned (number, 10, 0, G_MAXINT64, &seconds, NULL))
            {
              _ps_format_error (error, line, _("max-age is not a number of seconds"));
              return FALSE;
            }
          _ps_hpkp_set_max_age (rule, (gint64) seconds);
        }
      else if (g_ascii_strncasecmp (directive, "pin-", 4) == 0)
        _ps_format_note (notes, line, _("%s: only SHA-256 pins are read"), directive);
      else
        _ps_format_note (notes, line, _("%s is not about pins: ignored"), directive);
    }
  return TRUE;
}

PsPinset *
_ps_format_hpkp_import (const char  *text,
                        GPtrArray   *notes,
                        GError     **error)
{
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GPtrArray) lines = unfold_lines (text, starts);
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PsPinsetRule) pending = NULL;
  g_autofree char *name = NULL;

  for (guint i = 0; i < lines->len; i++)
    {
      char *line = g_ptr_array_index (lines, i);
      int number = g_array_index (starts, int, i);
      g_autoptr(PsPinsetRule) rule = NULL;
      g_autofree char *value = NULL;
      gboolean include = FALSE, from_comment, report_only = FALSE;
      const char *header;

      if (*line == '\0')
        continue;
      if (*line == '#')
        {
          _ps_format_read_list_comment (g_strstrip (line + 1), rules->len == 0, &name,
                                        &pending);
          continue;
        }

      header = find_caseless (line, "Public-Key-Pins");
      if (header != NULL && (header == line || strstr (line, "pin-") != NULL))
        {
          gsize len = strlen ("Public-Key-Pins");

          if (g_ascii_strncasecmp (header, "Public-Key-Pins-Report-Only", 27) == 0)
            {
              len = 27;
              report_only = TRUE;
              _ps_format_note (notes, number,
                               _("a Report-Only header: the pins were only reported"));
            }
          value = header_value (header, len);
        }
      else if (strstr (line, "pin-sha256=") != NULL)
        value = g_strdup (line);
      else
        {
          /* The other headers of a saved response ("curl -I"). */
          if (g_str_has_prefix (line, "HTTP/") ||
              g_regex_match_simple ("^[A-Za-z0-9-]+:", line, 0, 0))
            {
              _ps_format_note (notes, number, _("not a Public-Key-Pins header: ignored"));
              continue;
            }
          _ps_format_error (error, number, _("Not a Public-Key-Pins header"));
          return NULL;
        }

      from_comment = pending != NULL;
      rule = pending ? g_steal_pointer (&pending) : ps_pinset_rule_new ();
      if (!read_directives (rule, value, number, &include, notes, error))
        return NULL;

      if (g_list_model_get_n_items (ps_pinset_rule_get_pins (rule)) == 0)
        {
          _ps_format_error (error, number, _("The header has no pin-sha256 directive"));
          return NULL;
        }
      _ps_hpkp_set_include (rule, include, from_comment, number, notes);
      if (report_only)
        ps_pinset_rule_set_policy (rule, PS_RULE_REPORT_ONLY);
      g_ptr_array_add (rules, g_steal_pointer (&rule));
    }

  if (rules->len == 0)
    {
      _ps_format_error (error, 0, _("No Public-Key-Pins header found"));
      return NULL;
    }

  return _ps_format_finish (name, rules, FALSE);
}
