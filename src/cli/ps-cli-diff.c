/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ps-cli.h"
#include "ps-pinset-diff.h"

/* pinscope-cli diff: rules and pins added, removed or changed between two pinsets.
 * Parses, computes with the core (ps_compare_pinsets), then prints text or JSON. */

static void
print_json (const char *path_a,
            const char *path_b,
            GListModel *changes)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  ps_cli_json_member_string (builder, "a", path_a);
  ps_cli_json_member_string (builder, "b", path_b);
  ps_cli_json_member_bool (builder, "same", g_list_model_get_n_items (changes) == 0);
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(PsDiffEntry) entry = g_list_model_get_item (changes, i);
      g_autofree char *text = ps_diff_entry_to_string (entry);

      json_builder_begin_object (builder);
      ps_cli_json_member_string (builder, "kind",
                                 ps_diff_kind_to_string (ps_diff_entry_get_kind (entry)));
      ps_cli_json_member_string (builder, "target",
                                 ps_diff_target_to_string (ps_diff_entry_get_target (entry)));
      ps_cli_json_member_index (builder, "rule_a", ps_diff_entry_get_rule_a (entry));
      ps_cli_json_member_index (builder, "rule_b", ps_diff_entry_get_rule_b (entry));
      ps_cli_json_member_string (builder, "rule", ps_diff_entry_get_rule_label (entry));
      ps_cli_json_member_string (builder, "item", ps_diff_entry_get_item (entry));
      ps_cli_json_member_string (builder, "field", ps_diff_entry_get_field (entry));
      ps_cli_json_member_string (builder, "old", ps_diff_entry_get_old_value (entry));
      ps_cli_json_member_string (builder, "new", ps_diff_entry_get_new_value (entry));
      ps_cli_json_member_string (builder, "message", text);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  ps_cli_print_builder (builder);
}

static void
print_text (GListModel *changes)
{
  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(PsDiffEntry) entry = g_list_model_get_item (changes, i);
      g_autofree char *text = ps_diff_entry_to_string (entry);
      const char *mark = ps_diff_entry_get_kind (entry) == PS_DIFF_ADDED ? "+"
                         : ps_diff_entry_get_kind (entry) == PS_DIFF_REMOVED ? "-" : "~";

      printf ("%s %s\n", mark, ps_cli_safe (text));
    }
  if (g_list_model_get_n_items (changes) == 0)
    printf ("%s\n", _("The pinsets have the same contents."));
}

int
ps_cli_diff (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PsPinset) a = NULL;
  g_autoptr(PsPinset) b = NULL;
  g_autoptr(GListModel) changes = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("PINSET_A PINSET_B — rules and pins added, removed, changed"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Rules are paired by their domain names.\n\n"
      "Exit status: 0 same contents, 1 differences, 2 usage or input error."));

  if (!ps_cli_parse_options (context, &argc, &argv))
    return PS_CLI_EXIT_USAGE;
  if (argc != 3)
    {
      ps_cli_error (_("Two pinsets are expected"));
      return PS_CLI_EXIT_USAGE;
    }

  a = ps_cli_load_pinset (argv[1], &error);
  if (a == NULL)
    {
      ps_cli_error ("%s", error->message);
      return PS_CLI_EXIT_USAGE;
    }
  b = ps_cli_load_pinset (argv[2], &error);
  if (b == NULL)
    {
      ps_cli_error ("%s", error->message);
      return PS_CLI_EXIT_USAGE;
    }

  changes = ps_compare_pinsets (a, b);
  if (json)
    print_json (argv[1], argv[2], changes);
  else
    print_text (changes);

  return g_list_model_get_n_items (changes) == 0 ? PS_CLI_EXIT_OK : PS_CLI_EXIT_PROBLEM;
}
