/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ps-cli.h"

/* pinscope-cli import: reads the pins of a configuration into the native pinset. What the
 * file holds besides pins is reported on standard error. */

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
      format = ps_cli_lookup_format (format_id, TRUE);
      if (format == NULL)
        return PS_CLI_EXIT_USAGE;
    }

  pinset = ps_cli_formats_load (argv[1], format, &notes, &error);
  if (pinset == NULL)
    {
      ps_cli_error ("%s", error->message);
      return PS_CLI_EXIT_USAGE;
    }
  ps_cli_notes (argv[1], notes);

  text = ps_pinset_to_json (pinset);
  if (!ps_cli_write_output (output, text, &error))
    {
      ps_cli_error ("%s", error->message);
      return PS_CLI_EXIT_USAGE;
    }

  return PS_CLI_EXIT_OK;
}
