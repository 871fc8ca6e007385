/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ps-cli.h"

/* pinscope-cli formats: the export and import formats of the registry. */

int
ps_cli_formats (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  const PsFormat * const *all;
  gboolean json = FALSE;
  guint n = 0;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the list as JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— list the export and import formats"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ps_cli_parse_options (context, &argc, &argv))
    return PS_CLI_EXIT_USAGE;
  if (argc != 1)
    {
      ps_cli_error (_("Usage: pinscope-cli formats [--json]"));
      return PS_CLI_EXIT_USAGE;
    }

  all = ps_format_get_all (&n);
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, ps_format_get_id (all[i]));
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, ps_format_get_title (all[i]));
          json_builder_set_member_name (builder, "extension");
          json_builder_add_string_value (builder, ps_format_get_extension (all[i]));
          json_builder_set_member_name (builder, "content_type");
          json_builder_add_string_value (builder, ps_format_get_content_type (all[i]));
          json_builder_set_member_name (builder, "export");
          json_builder_add_boolean_value (builder, TRUE);
          json_builder_set_member_name (builder, "import");
          json_builder_add_boolean_value (builder, ps_format_can_import (all[i]));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      ps_cli_print_json (root);
      return PS_CLI_EXIT_OK;
    }

  printf ("%-16s %-7s %-7s %s\n", _("ID"), _("EXT"), _("IMPORT"), _("FORMAT"));
  for (guint i = 0; i < n; i++)
    printf ("%-16s %-7s %-7s %s\n", ps_format_get_id (all[i]),
            ps_format_get_extension (all[i]),
            ps_format_can_import (all[i]) ? _("yes") : _("no"),
            ps_format_get_title (all[i]));
  return PS_CLI_EXIT_OK;
}
