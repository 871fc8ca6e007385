/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ps-error.h"
#include "ps-pinset-private.h"

/* Writing JSON (format version 2; docs/pinset-format.md) */

static void
add_time (JsonBuilder *builder,
          const char  *member,
          GDateTime   *time)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *text = NULL;

  if (time == NULL)
    return;
  utc = g_date_time_to_utc (time);
  /* Four-digit years always: %Y writes the year 779 as "779", which no reader takes. */
  text = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          g_date_time_get_year (utc), g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc));
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
build_pin (JsonBuilder *builder,
           PsPinsetPin *pin)
{
  const PsPin *value = ps_pinset_pin_get_pin (pin);
  int depth = ps_pinset_pin_get_depth (pin);

  json_builder_begin_object (builder);
  if (value != NULL)
    {
      g_autofree char *b64 = ps_pin_to_base64 (value);

      add_string (builder, "algorithm",
                  ps_pin_get_algorithm (value) == PS_PIN_SHA1 ? "sha1" : "sha256");
      add_string (builder, "hash", b64);
    }
  else
    add_string (builder, "unparsed", ps_pinset_pin_get_text (pin));
  add_string (builder, "label", ps_pinset_pin_get_label (pin));
  add_string (builder, "role", ps_pin_role_to_string (ps_pinset_pin_get_role (pin)));

  json_builder_set_member_name (builder, "origin");
  json_builder_begin_object (builder);
  add_string (builder, "type", ps_pin_origin_to_string (ps_pinset_pin_get_origin (pin)));
  add_string (builder, "detail", ps_pinset_pin_get_origin_detail (pin));
  if (depth >= 0)
    {
      json_builder_set_member_name (builder, "depth");
      json_builder_add_int_value (builder, depth);
    }
  json_builder_end_object (builder);

  add_time (builder, "not_after", ps_pinset_pin_get_not_after (pin));
  json_builder_end_object (builder);
}

static void
build_anchors (JsonBuilder *builder,
               const char  *member,
               GListModel  *anchors)
{
  guint n = g_list_model_get_n_items (anchors);

  if (n == 0)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PsPinsetAnchor) anchor = g_list_model_get_item (anchors, i);

      json_builder_begin_object (builder);
      add_string (builder, "source", ps_pinset_anchor_get_source (anchor));
      json_builder_set_member_name (builder, "override_pins");
      json_builder_add_boolean_value (builder, ps_pinset_anchor_get_override_pins (anchor));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
build_domains (JsonBuilder *builder,
               GListModel  *domains)
{
  json_builder_set_member_name (builder, "domains");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, i);
      PsSubdomains subdomains = ps_pinset_domain_get_subdomains (domain);

      json_builder_begin_object (builder);
      add_string (builder, "name", ps_pinset_domain_get_name (domain));
      /* Kept for readers of version 1. */
      json_builder_set_member_name (builder, "include_subdomains");
      json_builder_add_boolean_value (builder, subdomains != PS_SUBDOMAINS_NONE);
      add_string (builder, "subdomains", ps_subdomains_to_string (subdomains));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
build_rule (JsonBuilder  *builder,
            PsPinsetRule *rule)
{
  GListModel *pins = ps_pinset_rule_get_pins (rule);
  GDateTime *expiration = ps_pinset_rule_get_expiration (rule);
  PsRuleRequires requires = ps_pinset_rule_get_requires (rule);

  json_builder_begin_object (builder);

  build_domains (builder, ps_pinset_rule_get_domains (rule));

  json_builder_set_member_name (builder, "expiration");
  if (expiration != NULL)
    {
      g_autofree char *date = g_strdup_printf ("%04d-%02d-%02d",
                                               g_date_time_get_year (expiration),
                                               g_date_time_get_month (expiration),
                                               g_date_time_get_day_of_month (expiration));

      json_builder_add_string_value (builder, date);
    }
  else
    json_builder_add_null_value (builder);

  add_string (builder, "notes", ps_pinset_rule_get_notes (rule));
  add_string (builder, "policy", ps_rule_policy_to_string (ps_pinset_rule_get_policy (rule)));
  if (requires != PS_RULE_REQUIRES_NONE)
    {
      json_builder_set_member_name (builder, "requires");
      json_builder_begin_array (builder);
      if (requires & PS_RULE_REQUIRES_LEAF)
        json_builder_add_string_value (builder, "leaf");
      if (requires & PS_RULE_REQUIRES_CA)
        json_builder_add_string_value (builder, "ca");
      json_builder_end_array (builder);
    }
  build_anchors (builder, "anchors", ps_pinset_rule_get_anchors (rule));
  if (ps_pinset_rule_get_max_age (rule) >= 0)
    {
      json_builder_set_member_name (builder, "max_age");
      json_builder_add_int_value (builder, ps_pinset_rule_get_max_age (rule));
    }

  json_builder_set_member_name (builder, "pins");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (pins); i++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, i);

      build_pin (builder, pin);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
}

char *
ps_pinset_to_json (PsPinset *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  GListModel *rules;
  GString *out;

  g_return_val_if_fail (PS_IS_PINSET (self), NULL);

  rules = ps_pinset_get_rules (self);

  json_builder_begin_object (builder);
  add_string (builder, "format", PS_PINSET_FORMAT_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, PS_PINSET_FORMAT_VERSION);
  add_string (builder, "name", ps_pinset_get_name (self));
  add_time (builder, "created", ps_pinset_get_created (self));
  add_time (builder, "modified", ps_pinset_get_modified (self));
  add_string (builder, "source_format", ps_pinset_get_source_format (self));
  build_anchors (builder, "base_anchors", ps_pinset_get_base_anchors (self));
  build_anchors (builder, "debug_anchors", ps_pinset_get_debug_anchors (self));
  json_builder_set_member_name (builder, "rules");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (rules); i++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, i);

      build_rule (builder, rule);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);

  out = g_string_new (NULL);
  json_generator_to_gstring (generator, out);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

