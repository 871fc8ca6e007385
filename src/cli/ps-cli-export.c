/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ps-cli.h"

/* pinscope-cli export: writes a pinset in another format of the registry. Warnings about
 * what the format cannot express go to standard error, the document to standard output or
 * -o FILE. */

/* The exported text and the warnings, as a JSON document. */
static char *
export_json (const PsFormat *format,
             const char     *text,
             GPtrArray      *warnings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();

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
      json_builder_add_string_value (builder, ps_format_warning_kind_to_string (warning->kind));
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
  return json_generator_to_data (generator, NULL);
}

int
ps_cli_export (int    argc,
               char **argv)
{
  const PsCliConvertCommand command = {
    .parameter = _("PINSET — write a pinset in another format"),
    .description = _("PINSET is a Pinscope pinset or any importable file. Warnings about "
                     "what the format cannot express go to standard error. Formats that "
                     "place a pin by its role (ATS, curl, TLSA) need each pin's role: "
                     "--chain and --host find it in a chain."),
    .usage = _("Usage: pinscope-cli export --format ID [--chain FILE|--host HOST] [-o FILE] "
               "PINSET"),
    .format_help = N_("Format to write (see “pinscope-cli formats”)"),
    .output_help = N_("Write to FILE instead of standard output"),
    .json_help = N_("Print the text and the warnings as JSON"),
    .import = FALSE,
  };
  g_auto(PsCliConvert) convert = { 0 };
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  int status;

  status = ps_cli_convert_open (&command, argc, argv, &convert);
  if (status != PS_CLI_EXIT_OK)
    return status;

  text = ps_format_export (convert.format, convert.pinset, NULL, &warnings, &error);
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

  if (convert.json)
    {
      g_autofree char *document = export_json (convert.format, text, warnings);

      g_clear_pointer (&text, g_free);
      text = g_steal_pointer (&document);
    }

  if (!ps_cli_write_output (convert.output, text, &error))
    {
      ps_cli_error ("%s", error->message);
      return PS_CLI_EXIT_USAGE;
    }

  return PS_CLI_EXIT_OK;
}
