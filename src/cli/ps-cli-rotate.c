/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ps-cli.h"
#include "ps-rotation.h"

/* pinscope-cli rotate: would clients accept a candidate chain? Parses, computes with the
 * core (ps_compare_rotation), then prints text or JSON. */

static void
rule_json (JsonBuilder    *builder,
           PsChain        *chain,
           PsRotationRule *rule)
{
  GListModel *matches = ps_rotation_rule_get_matches (rule);

  json_builder_begin_object (builder);
  ps_cli_json_member_int (builder, "rule", ps_rotation_rule_get_rule_index (rule));
  ps_cli_json_member_domains (builder, ps_rotation_rule_get_rule (rule));
  ps_cli_json_member_bool (builder, "accepted", ps_rotation_rule_get_accepted (rule));
  ps_cli_json_member_bool (builder, "leaf_only_accepted",
                           ps_rotation_rule_get_leaf_only_accepted (rule));
  ps_cli_json_member_string (builder, "reason", ps_rotation_rule_get_reason (rule));
  json_builder_set_member_name (builder, "matches");
  json_builder_begin_array (builder);
  for (guint j = 0; j < g_list_model_get_n_items (matches); j++)
    {
      g_autoptr(PsRotationMatch) match = g_list_model_get_item (matches, j);
      PsPinsetPin *pin = ps_rotation_match_get_pin (match);
      int depth = ps_rotation_match_get_depth (match);
      g_autofree char *display = ps_pinset_pin_dup_display (pin);

      json_builder_begin_object (builder);
      ps_cli_json_member_string (builder, "pin", display);
      ps_cli_json_member_string (builder, "label", ps_pinset_pin_get_label (pin));
      ps_cli_json_member_string (builder, "role",
                                 ps_pin_role_to_string (ps_pinset_pin_get_role (pin)));
      ps_cli_json_member_int (builder, "depth", depth);
      ps_cli_json_member_string (builder, "level",
                                 ps_pin_role_to_string (ps_chain_role_at (chain, depth)));
      ps_cli_json_member_string (builder, "certificate",
                                 ps_certificate_get_subject (
                                   ps_rotation_match_get_certificate (match)));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
print_json (PsRotationReport *report,
            PsChain          *chain)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  ps_cli_json_member_bool (builder, "accepted", ps_rotation_report_get_accepted (report));
  json_builder_set_member_name (builder, "names");
  json_builder_begin_array (builder);
  for (guint i = 0; ps_rotation_report_get_names (report)[i] != NULL; i++)
    json_builder_add_string_value (builder, ps_rotation_report_get_names (report)[i]);
  json_builder_end_array (builder);
  ps_cli_json_member_bool (builder, "trusted", ps_chain_get_trusted (chain));
  ps_cli_json_member_string (builder, "chain_problem",
                             ps_rotation_report_get_chain_problem (report));
  ps_cli_add_verdicts_json (builder, chain);
  ps_cli_add_path_json (builder, chain);
  json_builder_set_member_name (builder, "rules");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (ps_rotation_report_get_rules (report)); i++)
    {
      g_autoptr(PsRotationRule) rule =
        g_list_model_get_item (ps_rotation_report_get_rules (report), i);

      rule_json (builder, chain, rule);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  ps_cli_print_builder (builder);
}

static void
print_text (PsRotationReport *report,
            PsChain          *chain)
{
  g_autofree char *names = g_strjoinv (", ", (GStrv) ps_rotation_report_get_names (report));
  GListModel *rules = ps_rotation_report_get_rules (report);

  printf ("%s %s\n", _("Candidate chain for"), ps_cli_safe (names));
  ps_cli_print_path (chain);
  if (ps_rotation_report_get_chain_problem (report) != NULL)
    printf ("%s %s\n", _("The chain does not validate."),
            ps_cli_safe (ps_rotation_report_get_chain_problem (report)));
  printf ("\n");

  if (g_list_model_get_n_items (rules) == 0)
    printf ("%s\n", _("No rule of the pinset covers these names: no pin applies."));

  for (guint i = 0; i < g_list_model_get_n_items (rules); i++)
    {
      g_autoptr(PsRotationRule) rule = g_list_model_get_item (rules, i);
      GListModel *matches = ps_rotation_rule_get_matches (rule);
      g_autofree char *label = ps_pinset_rule_dup_label (ps_rotation_rule_get_rule (rule));

      printf ("%s %u (%s): %s\n", _("Rule"), ps_rotation_rule_get_rule_index (rule) + 1,
              ps_cli_safe (label),
              ps_rotation_rule_get_accepted (rule) ? _("accepted") : _("would break"));
      for (guint j = 0; j < g_list_model_get_n_items (matches); j++)
        {
          g_autoptr(PsRotationMatch) match = g_list_model_get_item (matches, j);
          g_autofree char *text = ps_cli_dup_pin_text (ps_rotation_match_get_pin (match));
          int depth = ps_rotation_match_get_depth (match);
          PsCertificate *cert = ps_rotation_match_get_certificate (match);

          printf ("  %s %s %d (%s “%s”)\n", ps_cli_safe (text), _("matches depth"), depth,
                  ps_pin_role_to_string (ps_chain_role_at (chain, depth)),
                  ps_cli_safe (ps_certificate_get_display_name (cert)));
        }
      if (ps_rotation_rule_get_reason (rule) != NULL)
        printf ("  %s\n", ps_cli_safe (ps_rotation_rule_get_reason (rule)));
      printf ("  %s %s\n", _("A leaf-only client (curl --pinnedpubkey) would"),
              ps_rotation_rule_get_leaf_only_accepted (rule) ? _("accept it.") : _("refuse it."));
    }

  printf ("\n%s\n", ps_rotation_report_get_accepted (report) ? _("Verdict: accepted")
                                                             : _("Verdict: would break"));
}

/* The candidate chain: the certificates a live host sends, or those of the files. */
static PsChain *
load_candidate (const char         *host,
                const char * const *files,
                PsTrustStore       *store,
                int                *status)
{
  g_autoptr(PsChain) probed = NULL;
  g_autoptr(GPtrArray) sent = NULL;

  *status = PS_CLI_EXIT_USAGE;
  if (host == NULL)
    return ps_cli_load_chain (files, store, NULL);

  if (!ps_cli_is_host (host))
    {
      ps_cli_error (_("“%s” is not a host name"), host);
      return NULL;
    }
  probed = ps_cli_probe_chain (host, store);
  if (probed == NULL)
    {
      *status = PS_CLI_EXIT_NETWORK;
      return NULL;
    }

  /* A staging host usually serves the production names: judge the chain for the
   * names of its leaf, not for the staging host's own name. */
  sent = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < ps_chain_get_n_certificates (probed); i++)
    if (ps_chain_get_source (probed, i) == PS_CHAIN_SOURCE_SERVER)
      g_ptr_array_add (sent, g_object_ref (ps_chain_get_certificate (probed, i)));
  return ps_chain_new (sent, store, NULL);
}

int
ps_cli_rotate (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PsPinset) pinset = NULL;
  g_autoptr(PsTrustStore) store = NULL;
  g_autoptr(PsChain) chain = NULL;
  g_autoptr(PsRotationReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cafile = NULL;
  g_autofree char *host = NULL;
  gboolean json = FALSE;
  int status;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "cafile", 0, 0, G_OPTION_ARG_FILENAME, &cafile,
      N_("Trust anchors to complete and validate the chain with, instead of the system’s"),
      N_("FILE") },
    { "host", 0, 0, G_OPTION_ARG_STRING, &host,
      N_("Take the candidate chain from a live (staging) host instead of files"),
      N_("HOST[:PORT]") },
    { NULL }
  };

  context = g_option_context_new (_("PINSET CHAIN_FILE… — would clients accept this chain?"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("The chain files are read in order as one candidate chain (leaf first), completed to a\n"
      "trust anchor and validated. Each rule whose domains cover the leaf’s names accepts\n"
      "it when one of its pins equals the key of a certificate of the validated path, as\n"
      "Android, OkHttp and TrustKit decide.\n\n"
      "Exit status: 0 accepted, 1 would break, 2 usage or input error, 3 network failure."));

  if (!ps_cli_parse_options (context, &argc, &argv))
    return PS_CLI_EXIT_USAGE;
  if (argc < 2 || (argc < 3 && host == NULL))
    {
      ps_cli_error (argc < 2 ? _("No pinset given") : _("No chain file given"));
      return PS_CLI_EXIT_USAGE;
    }
  if (host != NULL && argc > 2)
    {
      ps_cli_error (_("Give chain files or --host, not both"));
      return PS_CLI_EXIT_USAGE;
    }

  pinset = ps_cli_load_pinset (argv[1], &error);
  if (pinset == NULL)
    {
      ps_cli_error ("%s", error->message);
      return PS_CLI_EXIT_USAGE;
    }
  if ((store = ps_cli_open_trust_store (cafile)) == NULL)
    return PS_CLI_EXIT_USAGE;

  chain = load_candidate (host, (const char * const *) argv + 2, store, &status);
  if (chain == NULL)
    return status;

  report = ps_compare_rotation (pinset, chain);

  if (json)
    print_json (report, chain);
  else
    print_text (report, chain);

  return ps_rotation_report_get_accepted (report) ? PS_CLI_EXIT_OK : PS_CLI_EXIT_PROBLEM;
}
