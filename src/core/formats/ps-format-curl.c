/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-error.h"
#include "ps-format-private.h"

/* curl --pinnedpubkey: "sha256//B64;sha256//B64", one line per rule, after a comment naming
 * its domains. curl compares only the server's own key, so only leaf and backup pins go
 * out. */

char *
_ps_format_curl_export (PsPinset   *pinset,
                        GDateTime  *now,
                        GPtrArray  *warnings,
                        GError    **error)
{
  g_auto(GStrv) header = _ps_format_header_lines (pinset, now);
  guint n_rules = _ps_format_n_rules (pinset);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "# %s\n# %s\n", header[0], header[1]);
  g_string_append (out, "# Use a line as: curl --pinnedpubkey 'LINE' URL\n");

  for (guint r = 0; r < n_rules; r++)
    {
      g_autoptr(PsPinsetRule) rule = _ps_format_get_rule (pinset, r);
      g_autoptr(GPtrArray) pins = NULL;
      g_autofree char *domains = _ps_format_domains_to_string (rule);
      GDateTime *expiration = ps_pinset_rule_get_expiration (rule);

      /* curl checks the server's own key, on the one connection it makes: the domains
       * are a comment for the reader. */
      if (!_ps_format_check_rule (pinset, rule, r, PS_EXPORT_CAN_ONE_LABEL | PS_EXPORT_CAN_ANY |
                                  PS_EXPORT_CAN_WILDCARD, "curl", error) ||
          (pins = _ps_format_rule_pins (rule, r, PS_EXPORT_PINS_LEAF_ONLY, "curl", warnings,
                                        error)) == NULL)
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      if (pins->len == 0)
        {
          if (g_list_model_get_n_items (ps_pinset_rule_get_pins (rule)) == 0)
            _ps_format_warn (warnings, PS_FORMAT_WARNING_DROPPED_RULE, r,
                             _("Rule %u has no pin: it is left out."), r + 1);
          continue;
        }
      if (expiration != NULL)
        {
          g_autofree char *date = _ps_format_date (expiration);

          _ps_format_warn (warnings, PS_FORMAT_WARNING_NO_EXPIRATION, r,
                           _("Rule %u expires on %s, but curl has no expiration: update the "
                             "scripts that use it before then."), r + 1, date);
        }

      g_string_append_printf (out, "# Domains: %s\n", domains);
      for (guint p = 0; p < pins->len; p++)
        {
          g_autofree char *b64 = _ps_format_pin_b64 (g_ptr_array_index (pins, p));

          g_string_append_printf (out, "%ssha256//%s", p > 0 ? ";" : "", b64);
        }
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_curl_value (const char *b64)
{
  gsize len = 0;
  g_autofree guchar *bytes = NULL;

  if (strlen (b64) != 44)
    return FALSE;
  bytes = g_base64_decode (b64, &len);
  return len == 32;
}

int
_ps_format_curl_detect (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", 50);

  /* "sha256//" alone is also the text notation "sha256/" of a base64 value starting with
   * "/" (Pinscope's own text export writes such lines): a curl item is "sha256//" and 44
   * characters of base64 of 32 bytes, where the text pin is one character shorter. */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      const char *found = strstr (line, "sha256//");
      g_autofree char *item = NULL;
      gsize len;

      if (found == NULL || *line == '#')
        continue;
      len = strcspn (found + 8, "; \t'\"");
      item = g_strndup (found + 8, len);
      if (!is_curl_value (item))
        continue;
      if (found[8 + len] == ';' || strpbrk (line, " \t") == NULL ||
          strstr (line, "pinnedpubkey") != NULL)
        return 70;
    }
  return 0;
}

PsPinset *
_ps_format_curl_import (const char  *text,
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
      g_auto(GStrv) items = NULL;
      char *start, *end;

      if (*line == '\0')
        continue;
      if (*line == '#')
        {
          _ps_format_read_list_comment (g_strstrip (line + 1), rules->len == 0, &name,
                                        &pending);
          continue;
        }

      start = strstr (line, "sha256//");
      if (start == NULL)
        {
          _ps_format_error (error, i + 1, _("No “sha256//” pin on this line"));
          return NULL;
        }
      end = start;
      while (*end != '\0' && !g_ascii_isspace (*end) && *end != '\'' && *end != '"')
        end++;
      *end = '\0';

      rule = pending ? g_steal_pointer (&pending) : ps_pinset_rule_new ();
      items = g_strsplit (start, ";", -1);
      for (guint j = 0; items[j] != NULL; j++)
        {
          g_autoptr(PsPinsetPin) pin = NULL;

          if (*items[j] == '\0')
            continue;
          /* curl refuses the whole option for an item that is not "sha256//": it is
           * kept unparsed, and "check" says so. */
          /* curl compares the server's own key only: a leaf pin, by the client's rule. */
          pin = _ps_format_new_pin (items[j], "sha256//", i + 1, PS_PIN_ROLE_LEAF, NULL,
                                    notes);
          ps_pinset_rule_add_pin (rule, pin);
        }
      g_ptr_array_add (rules, g_steal_pointer (&rule));
    }

  if (rules->len == 0)
    {
      _ps_format_error (error, 0, _("No curl pin list (sha256//BASE64;…) found"));
      return NULL;
    }

  return _ps_format_finish (name, rules, FALSE);
}
