/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ps-cli.h"
#include "ps-pin-match.h"
#include "ps-lint.h"

/* pinscope-cli check: lints a pinset and matches it against chains from files or live
 * hosts. Parses, computes with the core (ps_lint_pinset, ps_compare_pinset_chains), then
 * prints text or JSON. */

typedef struct
{
  const char *path;           /* the PINSET argument */
  PsPinset *pinset;
  GPtrArray *chains;          /* PsChain */
  GPtrArray *sources;         /* the file or host of each chain, borrowed from argv */
  GListModel *findings;
  GListModel *matches;        /* PsPinMatch */
  guint counts[3];            /* findings by PsSeverity */
  gboolean network_failed;
} Check;

static void
check_clear (Check *check)
{
  g_clear_object (&check->pinset);
  g_clear_pointer (&check->chains, g_ptr_array_unref);
  g_clear_pointer (&check->sources, g_ptr_array_unref);
  g_clear_object (&check->findings);
  g_clear_object (&check->matches);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Check, check_clear)

static void
finding_json (JsonBuilder *builder,
              PsFinding   *finding)
{
  GListModel *pins = ps_finding_get_pins (finding);

  json_builder_begin_object (builder);
  ps_cli_json_member_string (builder, "id", ps_finding_get_id (finding));
  ps_cli_json_member_string (builder, "severity",
                             ps_severity_to_string (ps_finding_get_severity (finding)));
  ps_cli_json_member_string (builder, "message", ps_finding_get_message (finding));
  ps_cli_json_member_string (builder, "fix", ps_finding_get_fix (finding));
  ps_cli_json_member_index (builder, "rule", ps_finding_get_rule_index (finding));
  ps_cli_json_member_domains (builder, ps_finding_get_rule (finding));
  ps_cli_json_member_string (builder, "host", ps_finding_get_hostname (finding));
  json_builder_set_member_name (builder, "pins");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (pins); i++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, i);
      g_autofree char *display = ps_pinset_pin_dup_display (pin);

      json_builder_add_string_value (builder, display);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
print_finding (PsFinding *finding)
{
  int rule_index = ps_finding_get_rule_index (finding);

  if (rule_index >= 0)
    printf ("%-8s %s (%s %d)\n", ps_severity_to_string (ps_finding_get_severity (finding)),
            ps_finding_get_id (finding), _("rule"), rule_index + 1);
  else
    printf ("%-8s %s\n", ps_severity_to_string (ps_finding_get_severity (finding)),
            ps_finding_get_id (finding));
  printf ("         %s\n", ps_cli_safe (ps_finding_get_message (finding)));
  if (ps_finding_get_fix (finding) != NULL)
    printf ("         %s %s\n", _("Fix:"), ps_cli_safe (ps_finding_get_fix (finding)));
}

/* Reads the chains of --chain files and --host hosts; returns an exit code on failure. */
static int
check_gather_chains (Check          *check,
                     const char     *cafile,
                     char          **chain_files,
                     char          **hosts)
{
  g_autoptr(PsTrustStore) store = NULL;

  if ((hosts != NULL || chain_files != NULL || cafile != NULL) &&
      (store = ps_cli_open_trust_store (cafile)) == NULL)
    return PS_CLI_EXIT_USAGE;

  for (guint i = 0; chain_files != NULL && chain_files[i] != NULL; i++)
    {
      const char *one[] = { chain_files[i], NULL };
      PsChain *chain = ps_cli_load_chain (one, store, NULL);

      if (chain == NULL)
        return PS_CLI_EXIT_USAGE;
      g_ptr_array_add (check->chains, chain);
      g_ptr_array_add (check->sources, chain_files[i]);
    }

  for (guint i = 0; hosts != NULL && hosts[i] != NULL; i++)
    {
      if (!ps_cli_is_host (hosts[i]))
        {
          ps_cli_error (_("“%s” is not a host name"), hosts[i]);
          return PS_CLI_EXIT_USAGE;
        }
    }
  /* All at once (ps-cli-live.c). */
  if (!ps_cli_live_probe_hosts (hosts, store, check->chains, check->sources))
    check->network_failed = TRUE;
  return PS_CLI_EXIT_OK;
}

static void
check_compute (Check *check)
{
  check->findings = ps_lint_pinset (check->pinset, check->chains, NULL);
  check->matches = ps_compare_pinset_chains (check->pinset, check->chains);

  for (guint i = 0; i < g_list_model_get_n_items (check->findings); i++)
    {
      g_autoptr(PsFinding) finding = g_list_model_get_item (check->findings, i);

      check->counts[ps_finding_get_severity (finding)]++;
    }
}

static void
match_json (JsonBuilder *builder,
            Check       *check,
            PsPinMatch  *match)
{
  PsPinsetPin *pin = ps_pin_match_get_pin (match);
  PsCertificate *cert = ps_pin_match_get_certificate (match);
  int chain_index = ps_pin_match_get_chain_index (match);
  g_autofree char *display = ps_pinset_pin_dup_display (pin);

  json_builder_begin_object (builder);
  ps_cli_json_member_int (builder, "rule", ps_pin_match_get_rule_index (match));
  ps_cli_json_member_string (builder, "pin", display);
  ps_cli_json_member_string (builder, "label", ps_pinset_pin_get_label (pin));
  ps_cli_json_member_string (builder, "role",
                             ps_pin_role_to_string (ps_pinset_pin_get_role (pin)));
  ps_cli_json_member_index (builder, "chain", chain_index);
  ps_cli_json_member_string (builder, "source",
                             chain_index >= 0
                             ? g_ptr_array_index (check->sources, chain_index) : NULL);
  ps_cli_json_member_index (builder, "depth", ps_pin_match_get_depth (match));
  ps_cli_json_member_string (builder, "certificate",
                             cert != NULL ? ps_certificate_get_subject (cert) : NULL);
  json_builder_end_object (builder);
}

static void
check_print_json (Check *check)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  ps_cli_json_member_string (builder, "pinset", check->path);
  ps_cli_json_member_string (builder, "name", ps_pinset_get_name (check->pinset));
  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (check->findings); i++)
    {
      g_autoptr(PsFinding) finding = g_list_model_get_item (check->findings, i);
      finding_json (builder, finding);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "chains");
  json_builder_begin_array (builder);
  for (guint i = 0; i < check->chains->len; i++)
    {
      PsChain *chain = g_ptr_array_index (check->chains, i);

      json_builder_begin_object (builder);
      ps_cli_json_member_string (builder, "source", g_ptr_array_index (check->sources, i));
      ps_cli_json_member_string (builder, "host", ps_chain_get_hostname (chain));
      ps_cli_json_member_bool (builder, "trusted", ps_chain_get_trusted (chain));
      ps_cli_add_verdicts_json (builder, chain);
      ps_cli_add_path_json (builder, chain);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "matches");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (check->matches); i++)
    {
      g_autoptr(PsPinMatch) match = g_list_model_get_item (check->matches, i);

      match_json (builder, check, match);
    }
  json_builder_end_array (builder);

  ps_cli_json_member_int (builder, "errors", check->counts[PS_SEVERITY_ERROR]);
  ps_cli_json_member_int (builder, "warnings", check->counts[PS_SEVERITY_WARNING]);
  ps_cli_json_member_int (builder, "infos", check->counts[PS_SEVERITY_INFO]);
  json_builder_end_object (builder);
  ps_cli_print_builder (builder);
}

static void
check_print_chains_text (Check *check)
{
  for (guint i = 0; i < check->chains->len; i++)
    {
      PsChain *chain = g_ptr_array_index (check->chains, i);
      g_auto(GStrv) verdicts = ps_chain_dup_verdicts (chain);

      printf ("\n%s %s (%s)\n", _("Chain of"),
              ps_cli_safe (g_ptr_array_index (check->sources, i)),
              ps_chain_get_trusted (chain) ? _("trusted") : _("not trusted"));
      ps_cli_print_path (chain);
      for (guint j = 0; !ps_chain_get_trusted (chain) && verdicts != NULL && verdicts[j]; j++)
        printf ("  %s\n", ps_cli_safe (verdicts[j]));
    }

  if (check->chains->len == 0)
    return;

  printf ("\n%s\n", _("Pins:"));
  for (guint i = 0; i < g_list_model_get_n_items (check->matches); i++)
    {
      g_autoptr(PsPinMatch) match = g_list_model_get_item (check->matches, i);
      g_autofree char *text = ps_cli_dup_pin_text (ps_pin_match_get_pin (match));
      guint rule_number = ps_pin_match_get_rule_index (match) + 1;
      PsChain *chain = ps_pin_match_get_chain (match);
      g_autofree char *chain_name = NULL;

      if (chain == NULL)
        {
          printf ("  %s %u: %s: %s\n", _("rule"), rule_number, ps_cli_safe (text),
                  _("matches no chain"));
          continue;
        }
      chain_name = ps_chain_dup_display_name (chain, g_ptr_array_index (check->sources,
                                                     ps_pin_match_get_chain_index (match)));
      printf ("  %s %u: %s: %s %s, %s %d (%s)\n", _("rule"), rule_number,
              ps_cli_safe (text), _("matches"), ps_cli_safe (chain_name),
              _("depth"), ps_pin_match_get_depth (match),
              ps_cli_safe (ps_certificate_get_display_name (
                             ps_pin_match_get_certificate (match))));
    }
}

static void
check_print_text (Check *check)
{
  GListModel *rules = ps_pinset_get_rules (check->pinset);
  guint n_rules = g_list_model_get_n_items (rules);

  printf (g_dngettext (GETTEXT_PACKAGE, "Pinset “%s”: %u rule\n", "Pinset “%s”: %u rules\n",
                       n_rules), ps_cli_safe (ps_pinset_get_name (check->pinset)), n_rules);
  for (guint i = 0; i < n_rules; i++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, i);
      g_autofree char *label = ps_pinset_rule_dup_label (rule);

      printf ("  %s %u: %s\n", _("rule"), i + 1, ps_cli_safe (label));
    }
  printf ("\n");

  for (guint i = 0; i < g_list_model_get_n_items (check->findings); i++)
    {
      g_autoptr(PsFinding) finding = g_list_model_get_item (check->findings, i);
      print_finding (finding);
    }
  if (g_list_model_get_n_items (check->findings) == 0)
    printf ("%s\n", _("No findings."));

  check_print_chains_text (check);

  printf ("\n%s: %u, %s: %u, %s: %u\n", _("Errors"), check->counts[PS_SEVERITY_ERROR],
          _("warnings"), check->counts[PS_SEVERITY_WARNING], _("information"),
          check->counts[PS_SEVERITY_INFO]);
}

int
ps_cli_check (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(Check) check = { 0 };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) hosts = NULL;
  g_auto(GStrv) chain_files = NULL;
  g_autofree char *cafile = NULL;
  gboolean json = FALSE;
  gboolean live = FALSE;
  g_auto(GStrv) resolves = NULL;
  int port = 443;
  int status;
  GOptionEntry entries[] = {
    { "live", 0, 0, G_OPTION_ARG_NONE, &live,
      N_("Probe every domain of the pinset (and --host), every address at once"), NULL },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, N_("The port of --live (default 443)"),
      N_("N") },
    { "resolve", 0, 0, G_OPTION_ARG_STRING_ARRAY, &resolves,
      N_("With --live: connect to these addresses for HOST on PORT, without DNS"),
      N_("HOST:PORT:ADDR[,ADDR…]") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "host", 0, 0, G_OPTION_ARG_STRING_ARRAY, &hosts,
      N_("Also match the pinset against the chain of a live host (repeatable)"),
      N_("HOST[:PORT]") },
    { "chain", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &chain_files,
      N_("Also match the pinset against the chain in a file (repeatable)"), N_("FILE") },
    { "cafile", 0, 0, G_OPTION_ARG_FILENAME, &cafile,
      N_("Trust anchors to validate chains with, instead of the system’s"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("PINSET — lint a pinset, and match it against chains"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Exit status: 0 no error-level finding, 1 an error-level finding, 2 usage or input\n"
      "error, 3 network failure."));

  if (!ps_cli_parse_options (context, &argc, &argv))
    return PS_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      ps_cli_error (argc < 2 ? _("No pinset given") : _("Exactly one pinset is expected"));
      return PS_CLI_EXIT_USAGE;
    }

  check.path = argv[1];
  check.pinset = ps_cli_load_pinset (argv[1], &error);
  if (check.pinset == NULL)
    {
      ps_cli_error ("%s", error->message);
      return PS_CLI_EXIT_USAGE;
    }
  if (live)
    return ps_cli_check_live (check.pinset, cafile, hosts, resolves, port,
                              PS_FLEET_DEFAULT_JOBS, json);
  check.chains = g_ptr_array_new_with_free_func (g_object_unref);
  check.sources = g_ptr_array_new ();
  status = check_gather_chains (&check, cafile, chain_files, hosts);
  if (status != PS_CLI_EXIT_OK)
    return status;

  check_compute (&check);
  if (json)
    check_print_json (&check);
  else
    check_print_text (&check);

  if (check.network_failed)
    return PS_CLI_EXIT_NETWORK;
  return check.counts[PS_SEVERITY_ERROR] > 0 ? PS_CLI_EXIT_PROBLEM : PS_CLI_EXIT_OK;
}
