/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>

#include "ps-cli.h"

int
main (int    argc,
      char **argv)
{
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  status = ps_cli_run (argc, argv);

  /* The last buffered bytes are written here: a failure is a failure of the command. */
  if (fclose (stdout) != 0)
    {
      fprintf (stderr, "pinscope-cli: %s: %s\n", _("Cannot write the output"),
               g_strerror (errno));
      status = PS_CLI_EXIT_USAGE;
    }
  return status;
}
