/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-error.h"
#include "ps-format-private.h"

/* What every exporter asks before it writes a rule: can the client express it exactly?
 * The answer is the pins it can use, or PS_ERROR_UNSUPPORTED naming the rule and what
 * the client cannot express. An export never weakens pinning silently, never pins
 * nothing with success. */

static void
unsupported (GError     **error,
             const char  *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
unsupported (GError     **error,
             const char  *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, PS_ERROR, PS_ERROR_UNSUPPORTED, message);
}

static char *
pin_list (GPtrArray *pins)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < pins->len; i++)
    {
      g_autofree char *display = ps_pinset_pin_dup_display (g_ptr_array_index (pins, i));

      if (i > 0)
        g_string_append (out, ", ");
      if (i == 3)
        {
          g_string_append_printf (out, _("and %u more"), pins->len - 3);
          break;
        }
      g_string_append (out, display);
    }
  return g_string_free (out, FALSE);
}

GPtrArray *
_ps_format_rule_pins (PsPinsetRule  *rule,
                      int            index,
                      PsExportPins   flags,
                      const char    *client,
                      GPtrArray     *warnings,
                      GError       **error)
{
  GListModel *pins = ps_pinset_rule_get_pins (rule);
  guint n_pins = g_list_model_get_n_items (pins);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) ca = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *domains = _ps_format_domains_to_string (rule);
  guint n_unusable = 0, n_placeholder = 0, n_sha1 = 0;

  for (guint i = 0; i < n_pins; i++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, i);
      PsPinRole role = ps_pinset_pin_get_role (pin);

      if (ps_pinset_pin_get_pin (pin) == NULL)
        n_unusable++;
      else if (ps_pinset_pin_is_placeholder (pin))
        n_placeholder++;
      else if (ps_pinset_pin_get_algorithm (pin) == PS_PIN_SHA1 && !(flags & PS_EXPORT_PINS_SHA1))
        n_sha1++;
      else if (role == PS_PIN_ROLE_UNKNOWN &&
               (flags & (PS_EXPORT_PINS_LEAF_ONLY | PS_EXPORT_PINS_NEED_ROLES)))
        g_ptr_array_add (unknown, g_steal_pointer (&pin));
      else if ((flags & PS_EXPORT_PINS_LEAF_ONLY) && role != PS_PIN_ROLE_LEAF &&
               role != PS_PIN_ROLE_BACKUP)
        g_ptr_array_add (ca, g_steal_pointer (&pin));
      else
        g_ptr_array_add (out, g_steal_pointer (&pin));
    }

  /* Roles decide where a pin goes (ATS lists, TLSA usages) or whether the client can
   * check it at all (curl): never guessed. */
  if (unknown->len > 0)
    {
      g_autofree char *list = pin_list (unknown);

      g_set_error (error, PS_ERROR, PS_ERROR_UNKNOWN_ROLE,
                   _("Rule %d (%s): %s needs to know which certificate each pin is for, and "
                     "these pins have no known role: %s. Set their roles, or resolve them "
                     "from the server's chain (open it beside the pinset, or export with "
                     "--chain FILE or --host HOST)."),
                   index + 1, domains, client, list);
      return NULL;
    }
  if (ca->len > 0)
    {
      g_autofree char *list = pin_list (ca);

      unsupported (error, _("Rule %d (%s): %s compares only the server's own key, so these "
                            "CA pins would never match: %s. Pin the leaf and a backup key "
                            "instead."), index + 1, domains, client, list);
      return NULL;
    }
  if (n_pins > 0 && out->len == 0)
    {
      unsupported (error, _("Rule %d (%s) has no pin that %s can use (%u unparsed, %u "
                            "placeholder, %u SHA-1 that it does not accept): the export would "
                            "pin nothing, or block every connection."),
                   index + 1, domains, client, n_unusable, n_placeholder, n_sha1);
      return NULL;
    }

  if (n_unusable + n_placeholder > 0)
    _ps_format_warn (warnings, PS_FORMAT_WARNING_DROPPED_PINS, index,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "Rule %d: %u pin is left out because it is unparsed or a "
                                  "placeholder; replace it with the pin of the key.",
                                  "Rule %d: %u pins are left out because they are unparsed "
                                  "or placeholders; replace them with the pins of the keys.",
                                  n_unusable + n_placeholder),
                     index + 1, n_unusable + n_placeholder);
  if (n_sha1 > 0)
    _ps_format_warn (warnings, PS_FORMAT_WARNING_DROPPED_PINS, index,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "Rule %d: %u SHA-1 pin is left out because %s accepts only "
                                  "SHA-256 pins.",
                                  "Rule %d: %u SHA-1 pins are left out because %s accepts "
                                  "only SHA-256 pins.", n_sha1),
                     index + 1, n_sha1, client);

  return g_steal_pointer (&out);
}

gboolean
_ps_format_check_rule (PsPinset         *pinset,
                       PsPinsetRule     *rule,
                       int               index,
                       PsExportSemantics can,
                       const char       *client,
                       GError          **error)
{
  g_autofree char *domains = _ps_format_domains_to_string (rule);
  g_autoptr(GPtrArray) list = _ps_format_rule_domains (rule);
  PsRulePolicy policy = ps_pinset_rule_get_policy (rule);
  PsRuleRequires requires = ps_pinset_rule_get_requires (rule);

  if (policy == PS_RULE_REPORT_ONLY && !(can & PS_EXPORT_CAN_REPORT_ONLY))
    {
      unsupported (error, _("Rule %d (%s) only reports pin failures, and %s cannot say so: "
                            "the export would enforce pins the app does not enforce today."),
                   index + 1, domains, client);
      return FALSE;
    }
  if (policy == PS_RULE_EXCLUDED && !(can & PS_EXPORT_CAN_EXCLUDE))
    {
      unsupported (error, _("Rule %d (%s) excludes these domains from a parent domain's "
                            "pins, and %s cannot express that."), index + 1, domains, client);
      return FALSE;
    }
  for (guint d = 0; d < list->len; d++)
    {
      PsPinsetDomain *domain = g_ptr_array_index (list, d);
      PsSubdomains subdomains = ps_pinset_domain_get_subdomains (domain);

      /* "*.x" matches one label below x and not x: a platform without patterns would
       * have to pin x and its subdomains instead, other hosts than the rule's. */
      if (strchr (ps_pinset_domain_get_name (domain), '*') != NULL &&
          !(can & PS_EXPORT_CAN_WILDCARD))
        {
          unsupported (error, _("Rule %d: %s is a wildcard pattern, and %s has no wildcard "
                                "domains: name the hosts instead."),
                       index + 1, ps_pinset_domain_get_name (domain), client);
          return FALSE;
        }
      if ((subdomains == PS_SUBDOMAINS_ONE_LABEL && !(can & PS_EXPORT_CAN_ONE_LABEL)) ||
          (subdomains == PS_SUBDOMAINS_ANY && !(can & PS_EXPORT_CAN_ANY)))
        {
          unsupported (error,
                       subdomains == PS_SUBDOMAINS_ONE_LABEL
                         ? _("Rule %d: %s covers its subdomains one level deep only, and %s "
                             "cannot express that depth.")
                         : _("Rule %d: %s covers its subdomains at any depth, and %s cannot "
                             "express that depth."),
                       index + 1, ps_pinset_domain_get_name (domain), client);
          return FALSE;
        }
    }
  if (requires != PS_RULE_REQUIRES_NONE && !(can & PS_EXPORT_CAN_REQUIRES))
    {
      GListModel *pins = ps_pinset_rule_get_pins (rule);
      gboolean any_leaf = FALSE, any_ca = FALSE;

      for (guint i = 0; i < g_list_model_get_n_items (pins); i++)
        {
          g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, i);
          PsPinRole role = ps_pinset_pin_get_role (pin);

          any_leaf |= role == PS_PIN_ROLE_LEAF || role == PS_PIN_ROLE_BACKUP;
          any_ca |= role == PS_PIN_ROLE_INTERMEDIATE || role == PS_PIN_ROLE_ROOT;
        }
      if (((requires & PS_RULE_REQUIRES_LEAF) && !any_leaf) ||
          ((requires & PS_RULE_REQUIRES_CA) && !any_ca))
        {
          unsupported (error, _("Rule %d (%s) has an empty identity list, which blocks every "
                                "connection, and %s cannot express that."),
                       index + 1, domains, client);
          return FALSE;
        }
      if (requires == (PS_RULE_REQUIRES_LEAF | PS_RULE_REQUIRES_CA))
        {
          unsupported (error, _("Rule %d (%s) requires both a leaf pin and a CA pin to "
                                "match, and %s accepts any one pin: the export would be "
                                "weaker."), index + 1, domains, client);
          return FALSE;
        }
    }
  if (!(can & PS_EXPORT_CAN_ANCHORS) && ps_pinset_rule_pins_overridden (rule, pinset, FALSE))
    {
      unsupported (error, _("Rule %d (%s): its pins are not enforced for chains to trust "
                            "anchors with overridePins, and %s cannot express that: the "
                            "export would break those connections."),
                   index + 1, domains, client);
      return FALSE;
    }
  return TRUE;
}

