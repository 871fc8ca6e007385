/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define _GNU_SOURCE

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

/* check --json streams its document: a JsonBuilder tree of a 10,000-rule pinset and its
 * generator's copy cost more than the check itself. The layout is byte for byte that of
 * json-glib's pretty generator (indent 2), as printed before. */

#define JSON_MAX_DEPTH 8

typedef struct
{
  guint depth;
  gboolean first[JSON_MAX_DEPTH + 1]; /* no member or item yet at each depth */
} JsonOut;

static void
json_out_indent (guint depth)
{
  for (guint i = 0; i < depth; i++)
    fputs_unlocked ("  ", stdout);
}

/* Starts the next item of the current array. */
static void
json_out_item (JsonOut *out)
{
  fputs_unlocked (out->first[out->depth] ? "\n" : ",\n", stdout);
  out->first[out->depth] = FALSE;
  json_out_indent (out->depth);
}

/* Starts the member @name of the current object. */
static void
json_out_member (JsonOut    *out,
                 const char *name)
{
  json_out_item (out);
  ps_cli_json_write_string (name);
  fputs_unlocked (" : ", stdout);
}

static void
json_out_begin (JsonOut *out,
                char     open)
{
  g_assert (out->depth < JSON_MAX_DEPTH);
  putchar_unlocked (open);
  out->first[++out->depth] = TRUE;
}

static void
json_out_end (JsonOut *out,
              char     close)
{
  gboolean empty = out->first[out->depth--];

  if (!empty)
    {
      putchar_unlocked ('\n');
      json_out_indent (out->depth);
    }
  putchar_unlocked (close);
}

static void
json_out_string_member (JsonOut    *out,
                        const char *name,
                        const char *value)
{
  json_out_member (out, name);
  ps_cli_json_write_string (value);
}

/* A number, or null when @value is negative (an index that does not apply). */
static void
json_out_index_member (JsonOut    *out,
                       const char *name,
                       gint64      value)
{
  json_out_member (out, name);
  if (value >= 0)
    printf ("%" G_GINT64_FORMAT, value);
  else
    fputs_unlocked ("null", stdout);
}

static void
json_out_string_item (JsonOut    *out,
                      const char *value)
{
  json_out_item (out);
  ps_cli_json_write_string (value);
}

static void
finding_json (JsonOut   *out,
              PsFinding *finding)
{
  GListModel *pins = ps_finding_get_pins (finding);
  PsPinsetRule *rule = ps_finding_get_rule (finding);

  json_out_item (out);
  json_out_begin (out, '{');
  json_out_string_member (out, "id", ps_finding_get_id (finding));
  json_out_string_member (out, "severity",
                          ps_severity_to_string (ps_finding_get_severity (finding)));
  json_out_string_member (out, "message", ps_finding_get_message (finding));
  json_out_string_member (out, "fix", ps_finding_get_fix (finding));
  json_out_index_member (out, "rule", ps_finding_get_rule_index (finding));
  json_out_member (out, "domains");
  if (rule != NULL)
    {
      GListModel *domains = ps_pinset_rule_get_domains (rule);

      json_out_begin (out, '[');
      for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
        {
          g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, i);

          json_out_string_item (out, ps_pinset_domain_get_name (domain));
        }
      json_out_end (out, ']');
    }
  else
    fputs_unlocked ("null", stdout);
  json_out_string_member (out, "host", ps_finding_get_hostname (finding));
  json_out_member (out, "pins");
  json_out_begin (out, '[');
  for (guint i = 0; i < g_list_model_get_n_items (pins); i++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, i);
      g_autofree char *display = ps_pinset_pin_dup_display (pin);

      json_out_string_item (out, display);
    }
  json_out_end (out, ']');
  json_out_end (out, '}');
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
match_json (JsonOut    *out,
            Check      *check,
            PsPinMatch *match)
{
  PsPinsetPin *pin = ps_pin_match_get_pin (match);
  PsCertificate *cert = ps_pin_match_get_certificate (match);
  int chain_index = ps_pin_match_get_chain_index (match);
  g_autofree char *display = ps_pinset_pin_dup_display (pin);

  json_out_item (out);
  json_out_begin (out, '{');
  json_out_index_member (out, "rule", ps_pin_match_get_rule_index (match));
  json_out_string_member (out, "pin", display);
  json_out_string_member (out, "label", ps_pinset_pin_get_label (pin));
  json_out_string_member (out, "role", ps_pin_role_to_string (ps_pinset_pin_get_role (pin)));
  json_out_index_member (out, "chain", chain_index);
  json_out_string_member (out, "source",
                          chain_index >= 0
                          ? g_ptr_array_index (check->sources, chain_index) : NULL);
  json_out_index_member (out, "depth", ps_pin_match_get_depth (match));
  json_out_string_member (out, "certificate",
                          cert != NULL ? ps_certificate_get_subject (cert) : NULL);
  json_out_end (out, '}');
}

/* The chain's verdicts and validated path, as ps_cli_add_verdicts_json() and
 * ps_cli_add_path_json() build them. */
static void
chain_json (JsonOut    *out,
            PsChain    *chain,
            const char *source)
{
  g_auto(GStrv) verdicts = ps_chain_dup_verdicts (chain);
  const guint *path;
  guint n_path = 0;

  json_out_item (out);
  json_out_begin (out, '{');
  json_out_string_member (out, "source", source);
  json_out_string_member (out, "host", ps_chain_get_hostname (chain));
  json_out_member (out, "trusted");
  fputs_unlocked (ps_chain_get_trusted (chain) ? "true" : "false", stdout);
  json_out_member (out, "verdicts");
  json_out_begin (out, '[');
  for (guint i = 0; verdicts != NULL && verdicts[i] != NULL; i++)
    json_out_string_item (out, verdicts[i]);
  json_out_end (out, ']');

  path = ps_chain_get_path (chain, &n_path);
  json_out_member (out, "path");
  json_out_begin (out, '[');
  for (guint depth = 0; depth < n_path; depth++)
    {
      PsCertificate *cert = ps_chain_get_certificate (chain, path[depth]);
      g_autofree char *b64 = ps_pin_to_base64 (ps_certificate_get_spki_pin (cert));

      json_out_item (out);
      json_out_begin (out, '{');
      json_out_index_member (out, "depth", depth);
      json_out_string_member (out, "role",
                              ps_pin_role_to_string (ps_chain_role_at (chain, depth)));
      json_out_string_member (out, "subject", ps_certificate_get_subject (cert));
      json_out_string_member (out, "name", ps_certificate_get_display_name (cert));
      json_out_string_member (out, "spki_sha256", b64);
      json_out_string_member (out, "source",
                              ps_chain_get_source (chain, path[depth]) ==
                              PS_CHAIN_SOURCE_TRUST_STORE ? "trust-store" : "sent");
      json_out_end (out, '}');
    }
  json_out_end (out, ']');
  json_out_end (out, '}');
}

static void
check_print_json (Check *check)
{
  JsonOut out = { 0 };

  json_out_begin (&out, '{');
  json_out_string_member (&out, "pinset", check->path);
  json_out_string_member (&out, "name", ps_pinset_get_name (check->pinset));
  json_out_member (&out, "findings");
  json_out_begin (&out, '[');
  for (guint i = 0; i < g_list_model_get_n_items (check->findings); i++)
    {
      g_autoptr(PsFinding) finding = g_list_model_get_item (check->findings, i);

      finding_json (&out, finding);
    }
  json_out_end (&out, ']');

  json_out_member (&out, "chains");
  json_out_begin (&out, '[');
  for (guint i = 0; i < check->chains->len; i++)
    chain_json (&out, g_ptr_array_index (check->chains, i),
                g_ptr_array_index (check->sources, i));
  json_out_end (&out, ']');

  json_out_member (&out, "matches");
  json_out_begin (&out, '[');
  for (guint i = 0; i < g_list_model_get_n_items (check->matches); i++)
    {
      g_autoptr(PsPinMatch) match = g_list_model_get_item (check->matches, i);

      match_json (&out, check, match);
    }
  json_out_end (&out, ']');

  json_out_index_member (&out, "errors", check->counts[PS_SEVERITY_ERROR]);
  json_out_index_member (&out, "warnings", check->counts[PS_SEVERITY_WARNING]);
  json_out_index_member (&out, "infos", check->counts[PS_SEVERITY_INFO]);
  json_out_end (&out, '}');
  putchar_unlocked ('\n');
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
  status = ps_cli_gather_chains (cafile, chain_files, hosts, check.chains, check.sources, NULL,
                                 &check.network_failed);
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
