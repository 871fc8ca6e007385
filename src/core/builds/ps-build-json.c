/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>

#include "ps-build.h"

/* A build as JSON. The pinset is embedded as its native document, so that a consumer
 * reads it with ps_pinset_new_from_json(). */

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_anchors (JsonBuilder *builder,
             GListModel  *anchors)
{
  json_builder_set_member_name (builder, "anchors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (anchors); i++)
    {
      g_autoptr(PsBuildAnchor) anchor = g_list_model_get_item (anchors, i);
      PsPinsetPin *pin = ps_build_anchor_get_pin (anchor);
      g_autofree char *value = ps_pinset_pin_dup_display (pin);

      json_builder_begin_object (builder);
      add_string (builder, "pin", value);
      add_string (builder, "label", ps_pinset_pin_get_label (pin));
      add_string (builder, "role", ps_pin_role_to_string (ps_pinset_pin_get_role (pin)));
      add_string (builder, "file", ps_build_anchor_get_file (anchor));
      add_string (builder, "scope", ps_build_anchor_get_scope (anchor));
      json_builder_set_member_name (builder, "override_pins");
      json_builder_add_boolean_value (builder, ps_build_anchor_get_override_pins (anchor));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_code_pins (JsonBuilder *builder,
               GListModel  *pins)
{
  json_builder_set_member_name (builder, "code_pins");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (pins); i++)
    {
      g_autoptr(PsBuildPin) pin = g_list_model_get_item (pins, i);
      g_autofree char *value = ps_pin_to_string (ps_build_pin_get_pin (pin),
                                                 PS_PIN_NOTATION_BASE64);

      json_builder_begin_object (builder);
      add_string (builder, "text", ps_build_pin_get_text (pin));
      add_string (builder, "algorithm",
                  ps_pin_get_algorithm (ps_build_pin_get_pin (pin)) == PS_PIN_SHA1 ? "sha1"
                                                                                 : "sha256");
      add_string (builder, "pin", value);
      add_string (builder, "file", ps_build_pin_get_file (pin));
      add_string (builder, "host", ps_build_pin_get_host (pin));
      json_builder_set_member_name (builder, "offset");
      json_builder_add_int_value (builder, (gint64) ps_build_pin_get_offset (pin));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_sources (JsonBuilder *builder,
             GListModel  *sources)
{
  json_builder_set_member_name (builder, "sources");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(PsBuildSource) source = g_list_model_get_item (sources, i);

      json_builder_begin_object (builder);
      add_string (builder, "what", ps_build_source_get_what (source));
      add_string (builder, "path", ps_build_source_get_path (source));
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, ps_build_source_get_line (source));
      json_builder_set_member_name (builder, "rule");
      json_builder_add_int_value (builder, ps_build_source_get_rule (source));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

char *
ps_build_to_json (PsBuild *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *pinset_json = ps_pinset_to_json (ps_build_get_pinset (self));
  g_autoptr(JsonNode) pinset = json_from_string (pinset_json, NULL);
  const char * const *notes = ps_build_get_notes (self);

  json_builder_begin_object (builder);
  add_string (builder, "platform", ps_build_platform_to_string (ps_build_get_platform (self)));
  add_string (builder, "id", ps_build_get_id (self));
  add_string (builder, "name", ps_build_get_name (self));
  add_string (builder, "version", ps_build_get_version (self));
  add_string (builder, "version_code", ps_build_get_version_code (self));
  json_builder_set_member_name (builder, "pinset");
  if (pinset != NULL)
    json_builder_add_value (builder, g_steal_pointer (&pinset));
  else
    json_builder_add_null_value (builder);
  add_anchors (builder, ps_build_get_anchors (self));
  add_code_pins (builder, ps_build_get_code_pins (self));
  add_sources (builder, ps_build_get_sources (self));
  json_builder_set_member_name (builder, "notes");
  json_builder_begin_array (builder);
  for (guint i = 0; notes[i] != NULL; i++)
    json_builder_add_string_value (builder, notes[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}
