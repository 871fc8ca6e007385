/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ps-cli.h"

/* pinscope-cli import: reads the pins of a configuration, a shipped build (APK or IPA) or
 * any importable file into the native pinset. What the file holds besides pins is reported
 * on standard error. */

int
ps_cli_import (int    argc,
               char **argv)
{
  const PsCliConvertCommand command = {
    .parameter = _("FILE — read the pins of a configuration or an APK/IPA build into a "
                   "pinset"),
    .description = _("FILE is a configuration in any importable format (see “pinscope-cli\n"
                     "formats”), a Pinscope pinset, or a shipped Android (APK) or iOS (IPA)\n"
                     "build. Writes the native pinset document. What the file holds besides\n"
                     "pins is reported on standard error."),
    .usage = _("Usage: pinscope-cli import [--format ID] [-o FILE] FILE"),
    .format_help = N_("Format of FILE (detected from its content when not given)"),
    .output_help = N_("Write the pinset to FILE instead of standard output"),
    .json_help = N_("Accepted for symmetry: the output is always the JSON pinset"),
    .import = TRUE,
  };
  g_auto(PsCliConvert) convert = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  int status;

  status = ps_cli_convert_open (&command, argc, argv, &convert);
  if (status != PS_CLI_EXIT_OK)
    return status;

  text = ps_pinset_to_json (convert.pinset);
  if (!ps_cli_write_output (convert.output, text, &error))
    {
      ps_cli_error ("%s", error->message);
      return PS_CLI_EXIT_USAGE;
    }

  return PS_CLI_EXIT_OK;
}
