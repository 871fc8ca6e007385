/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-cli.h"
#include "ps-fleet.h"
#include "ps-io.h"

/* pinscope-cli scan: every address of many hosts probed at once (ps-cli-live.c), one line
 * or one JSON object per endpoint as it ends. */

/* Adds the hosts of @path, one HOST[:PORT] a line, "#" comments. A bad line is reported
 * with its number and skipped (@bad_lines counts them); FALSE when the file cannot be
 * read at all or the fleet is full. */
static gboolean
add_hosts_file (PsFleet    *fleet,
                const char *path,
                guint      *bad_lines)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = ps_io_read_bounded (path, PS_IO_MAX_DOCUMENT, NULL, &error);
  g_auto(GStrv) lines = NULL;

  if (bytes == NULL)
    {
      ps_cli_error ("%s", error->message);
      return FALSE;
    }
  if (!g_utf8_validate (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL))
    {
      ps_cli_error (_("%s: not UTF-8 text"), path);
      return FALSE;
    }

  lines = g_strsplit (g_bytes_get_data (bytes, NULL), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GError) line_error = NULL;
      char *comment = strchr (lines[i], '#');
      char *line;

      if (comment != NULL)
        *comment = '\0';
      line = g_strstrip (lines[i]);
      if (line[0] == '\0')
        continue;
      if (ps_fleet_add_host (fleet, line, &line_error))
        continue;
      if (g_error_matches (line_error, PS_PROBE_ERROR, PS_PROBE_ERROR_INVALID_HOST))
        {
          ps_cli_error ("%s:%u: %s", path, i + 1, line_error->message);
          (*bad_lines)++;
          continue;
        }
      ps_cli_error ("%s:%u: %s", path, i + 1, line_error->message);
      return FALSE;
    }
  return TRUE;
}

int
ps_cli_scan (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PsFleet) fleet = NULL;
  g_autoptr(PsPinset) pinset = NULL;
  g_auto(GStrv) resolves = NULL;
  g_autofree char *cafile = NULL;
  g_autofree char *hosts_file = NULL;
  g_autofree char *pinset_path = NULL;
  gboolean json = FALSE;
  int jobs = PS_FLEET_DEFAULT_JOBS;
  int timeout = PS_PROBE_DEFAULT_TIMEOUT;
  guint bad_lines = 0;
  int status;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object a line (JSON Lines), as each endpoint ends"), NULL },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
      N_("Endpoints probed at the same time (default 32)"), N_("N") },
    { "cafile", 0, 0, G_OPTION_ARG_FILENAME, &cafile,
      N_("Trust anchors to validate chains with, instead of the system’s"), N_("FILE") },
    { "resolve", 0, 0, G_OPTION_ARG_STRING_ARRAY, &resolves,
      N_("Connect to these addresses for HOST on PORT, without DNS (repeatable)"),
      N_("HOST:PORT:ADDR[,ADDR…]") },
    { "pinset", 0, 0, G_OPTION_ARG_FILENAME, &pinset_path,
      N_("Check every endpoint against the pins of this pinset"), N_("PINSET") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_("Seconds allowed for each endpoint (default 10)"), N_("S") },
    { "hosts-file", 0, 0, G_OPTION_ARG_FILENAME, &hosts_file,
      N_("Read the hosts from FILE, one HOST[:PORT] a line, # comments"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("HOST[:PORT]… — probe every address of many hosts at "
                                    "once"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Each name is resolved to all its addresses, and each address is probed with the\n"
      "name as SNI. Names whose addresses serve different chains get a divergent-chains\n"
      "warning. Exit status: 0 all good, 1 an endpoint failed the pinset or its chain is\n"
      "not trusted, 2 usage or input error (also a bad line in --hosts-file), 3 an\n"
      "endpoint could not be reached."));

  if (!ps_cli_parse_options (context, &argc, &argv))
    return PS_CLI_EXIT_USAGE;
  if (argc < 2 && hosts_file == NULL)
    {
      ps_cli_error (_("No host given"));
      return PS_CLI_EXIT_USAGE;
    }

  if (pinset_path != NULL)
    {
      g_autoptr(GError) error = NULL;

      pinset = ps_cli_load_pinset (pinset_path, &error);
      if (pinset == NULL)
        {
          ps_cli_error ("%s", error->message);
          return PS_CLI_EXIT_USAGE;
        }
    }

  fleet = ps_cli_live_new_fleet (cafile, resolves, jobs, timeout);
  if (fleet == NULL)
    return PS_CLI_EXIT_USAGE;
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!ps_fleet_add_host (fleet, argv[i], &error))
        {
          ps_cli_error ("%s", error->message);
          return PS_CLI_EXIT_USAGE;
        }
    }
  if (hosts_file != NULL && !add_hosts_file (fleet, hosts_file, &bad_lines))
    return PS_CLI_EXIT_USAGE;
  if (ps_fleet_get_n_total (fleet) == 0)
    {
      ps_cli_error (_("No host to probe"));
      return PS_CLI_EXIT_USAGE;
    }

  status = ps_cli_live_run (fleet, pinset, json);
  if (status == PS_CLI_EXIT_OK && bad_lines > 0)
    return PS_CLI_EXIT_USAGE;
  return status;
}
