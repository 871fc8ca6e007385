/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-error.h"
#include "ps-format-private.h"

/* Plain text: one pin a line ("sha256/B64 ROLE: LABEL"); "# Domains:" starts a rule and
 * "# Expires:" gives its expiration. Any pin notation is read back. */

char *
_ps_format_text_export (PsPinset   *pinset,
                        GDateTime  *now,
                        GPtrArray  *warnings,
                        GError    **error)
{
  g_auto(GStrv) header = _ps_format_header_lines (pinset, now);
  guint n_rules = _ps_format_n_rules (pinset);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "# %s\n# %s\n", header[0], header[1]);

  for (guint r = 0; r < n_rules; r++)
    {
      g_autoptr(PsPinsetRule) rule = _ps_format_get_rule (pinset, r);
      GListModel *pins = ps_pinset_rule_get_pins (rule);
      g_autofree char *domains = _ps_format_domains_to_string (rule);
      GDateTime *expiration = ps_pinset_rule_get_expiration (rule);

      /* One pin a line keeps domains, depth, roles and expiration; the rest is the native
       * document's. */
      if (!_ps_format_check_rule (pinset, rule, r, PS_EXPORT_CAN_ONE_LABEL | PS_EXPORT_CAN_ANY |
                                  PS_EXPORT_CAN_WILDCARD, _("plain text (use the native JSON)"), error))
        {
          g_string_free (out, TRUE);
          return NULL;
        }

      g_string_append_printf (out, "\n# Domains: %s\n", domains);
      if (expiration != NULL)
        {
          g_autofree char *date = _ps_format_date (expiration);
          g_string_append_printf (out, "# Expires: %s\n", date);
        }
      for (guint p = 0; p < g_list_model_get_n_items (pins); p++)
        {
          g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, p);
          const PsPin *value = ps_pinset_pin_get_pin (pin);
          g_autofree char *comment = _ps_format_pin_comment (pin);
          g_autofree char *written = NULL;

          /* An unusable pin is written as it was read, for the linter to report. */
          if (value != NULL)
            {
              g_autofree char *b64 = ps_pin_to_base64 (value);
              written = g_strconcat (ps_pin_get_algorithm (value) == PS_PIN_SHA1 ? "sha1/"
                                                                               : "sha256/",
                                     b64, NULL);
            }
          else
            written = _ps_format_comment_safe (ps_pinset_pin_get_text (pin));

          g_string_append_printf (out, "%s %s\n", written, comment);
        }
    }

  return g_string_free (out, FALSE);
}

int
_ps_format_text_detect (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", 50);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      g_auto(GStrv) words = NULL;
      g_autoptr(PsPin) pin = NULL;

      if (*line == '\0' || *line == '#')
        continue;
      words = g_strsplit_set (line, " \t", 2);
      pin = ps_pin_parse (g_str_has_prefix (words[0], "sha256/") ? words[0] + 7 : words[0],
                          NULL);
      if (pin == NULL)
        pin = ps_pin_parse (words[0], NULL);
      return pin != NULL ? 20 : 0;
    }
  return 0;
}

PsPinset *
_ps_format_text_import (const char  *text,
                        GPtrArray   *notes,
                        GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_object_unref);
  PsPinsetRule *rule = NULL;
  g_autofree char *name = NULL;
  guint n_pins = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      g_auto(GStrv) words = NULL;
      g_autoptr(PsPinsetPin) pin = NULL;

      if (*line == '\0')
        continue;
      if (*line == '#')
        {
          char *comment = g_strstrip (line + 1);

          if (name == NULL && rules->len == 0)
            name = _ps_format_header_name (comment);
          if (g_str_has_prefix (comment, "Domains:"))
            {
              rule = ps_pinset_rule_new ();
              g_ptr_array_add (rules, rule);
              _ps_format_domains_from_string (rule, comment + strlen ("Domains:"));
            }
          else if (g_str_has_prefix (comment, "Expires:"))
            {
              g_autoptr(GDateTime) date = NULL;

              date = _ps_format_parse_date (g_strstrip (comment + strlen ("Expires:")));
              if (date == NULL)
                {
                  _ps_format_error (error, i + 1, _("The expiration is not a date as "
                                                    "yyyy-MM-dd"));
                  return NULL;
                }
              if (rule == NULL)
                {
                  rule = ps_pinset_rule_new ();
                  g_ptr_array_add (rules, rule);
                }
              ps_pinset_rule_set_expiration (rule, date);
            }
          continue;
        }

      words = g_strsplit_set (line, " \t", 2);
      pin = _ps_format_new_pin (words[0], "sha256/", i + 1, PS_PIN_ROLE_LEAF,
                                words[1] ? g_strstrip (words[1]) : NULL, notes);
      if (rule == NULL)
        {
          rule = ps_pinset_rule_new ();
          g_ptr_array_add (rules, rule);
        }
      if (!ps_pinset_rule_add_pin (rule, pin))
        _ps_format_note (notes, i + 1, _("the same pin twice in a rule: kept once"));
      /* A list with no pin-shaped line at all is not a pin list (a key, say). */
      if (ps_pinset_pin_get_pin (pin) != NULL || ps_pinset_pin_is_placeholder (pin))
        n_pins++;
    }

  if (n_pins == 0)
    {
      _ps_format_error (error, 0, _("No pin found"));
      return NULL;
    }

  return _ps_format_finish (name, rules, FALSE);
}
