/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "ps-cli.h"
#include "ps-error.h"
#include "ps-format.h"

/* export, import and formats: conversions between the native pinset and the formats of
 * the registry. Warnings and notes go to stderr, the document to stdout or -o FILE. */

static const PsFormat *
lookup_format (const char *id,
               gboolean    for_import)
{
  const PsFormat *format = ps_format_lookup (id);

  if (format == NULL)
    {
      ps_cli_error (_("Unknown format “%s”; “pinscope-cli formats” lists them"), id);
      return NULL;
    }
  if (for_import && !ps_format_can_import (format))
    {
      ps_cli_error (_("The format “%s” can be exported but not imported"), id);
      return NULL;
    }
  return format;
}

static void
print_notes (const char *path,
             GPtrArray  *notes)
{
  for (guint i = 0; notes != NULL && i < notes->len; i++)
    ps_cli_note (path, g_ptr_array_index (notes, i));
}

int
ps_cli_export (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(PsPinset) pinset = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format_id = NULL;
  g_autofree char *output = NULL;
  g_autofree char *text = NULL;
  const PsFormat *format;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_id,
      N_("Format to write (see “pinscope-cli formats”)"), N_("ID") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE instead of standard output"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the text and the warnings as JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("PINSET — write a pinset in another format"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("PINSET is a Pinscope pinset or any importable file. "
                                      "Warnings about what the format cannot express go to "
                                      "standard error."));
  if (!ps_cli_parse_options (context, &argc, &argv))
    return PS_CLI_EXIT_USAGE;

  if (format_id == NULL || argc != 2)
    {
      ps_cli_error (_("Usage: pinscope-cli export --format ID [-o FILE] PINSET"));
      return PS_CLI_EXIT_USAGE;
    }
  format = lookup_format (format_id, FALSE);
  if (format == NULL)
    return PS_CLI_EXIT_USAGE;

  pinset = ps_cli_formats_load (argv[1], NULL, &notes, &error);
  if (pinset == NULL)
    {
      ps_cli_error ("%s", error->message);
      return PS_CLI_EXIT_USAGE;
    }
  print_notes (argv[1], notes);

  text = ps_format_export (format, pinset, NULL, &warnings, &error);
  if (text == NULL)
    {
      ps_cli_error ("%s", error->message);
      return PS_CLI_EXIT_USAGE;
    }

  for (guint i = 0; i < warnings->len; i++)
    {
      PsFormatWarning *warning = g_ptr_array_index (warnings, i);

      g_autofree char *safe = ps_cli_sanitize_message (warning->message);

      fflush (stdout);
      fprintf (stderr, _("pinscope-cli: warning: %s\n"), safe);
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *document = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "format");
      json_builder_add_string_value (builder, ps_format_get_id (format));
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, text);
      json_builder_set_member_name (builder, "warnings");
      json_builder_begin_array (builder);
      for (guint i = 0; i < warnings->len; i++)
        {
          PsFormatWarning *warning = g_ptr_array_index (warnings, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder,
                                         ps_format_warning_kind_to_string (warning->kind));
          json_builder_set_member_name (builder, "rule");
          if (warning->rule >= 0)
            json_builder_add_int_value (builder, warning->rule);
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, warning->message);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      json_generator_set_pretty (generator, TRUE);
      json_generator_set_root (generator, root);
      document = json_generator_to_data (generator, NULL);
      g_clear_pointer (&text, g_free);
      text = g_steal_pointer (&document);
    }

  if (!ps_cli_write_output (output, text, &error))
    {
      ps_cli_error ("%s", error->message);
      return PS_CLI_EXIT_USAGE;
    }

  return PS_CLI_EXIT_OK;
}

int
ps_cli_import (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(PsPinset) pinset = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format_id = NULL;
  g_autofree char *output = NULL;
  g_autofree char *text = NULL;
  const PsFormat *format = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_id,
      N_("Format of FILE (detected from its content when not given)"), N_("ID") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the pinset to FILE instead of standard output"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Accepted for symmetry: the output is always the JSON pinset"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE — read pins from a configuration into a pinset"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("Writes the native pinset document. What the file "
                                      "holds besides pins is reported on standard error."));
  if (!ps_cli_parse_options (context, &argc, &argv))
    return PS_CLI_EXIT_USAGE;

  if (argc != 2)
    {
      ps_cli_error (_("Usage: pinscope-cli import [--format ID] [-o FILE] FILE"));
      return PS_CLI_EXIT_USAGE;
    }
  if (format_id != NULL)
    {
      format = lookup_format (format_id, TRUE);
      if (format == NULL)
        return PS_CLI_EXIT_USAGE;
    }

  pinset = ps_cli_formats_load (argv[1], format, &notes, &error);
  if (pinset == NULL)
    {
      ps_cli_error ("%s", error->message);
      return PS_CLI_EXIT_USAGE;
    }
  print_notes (argv[1], notes);

  text = ps_pinset_to_json (pinset);
  if (!ps_cli_write_output (output, text, &error))
    {
      ps_cli_error ("%s", error->message);
      return PS_CLI_EXIT_USAGE;
    }

  return PS_CLI_EXIT_OK;
}

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
