/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ps-cli.h"
#include "ps-finding.h"
#include "ps-fleet.h"
#include "ps-pin-match.h"

/* Live endpoints, many at once (PsFleet): the engine of "scan" and "check --live", and the
 * concurrent probes of "check --host". One line (or one JSON object, JSON Lines) is printed
 * per endpoint as it ends, so a CI job can follow it; chains are dropped right after, so
 * memory stays bounded by --jobs rather than by the number of endpoints. */

typedef enum
{
  LIVE_NOT_COVERED,   /* no rule of the pinset covers the endpoint's name */
  LIVE_MATCH,
  LIVE_MISMATCH,
} LiveMatch;

typedef struct
{
  PsPinset *pinset;     /* nullable */
  gboolean json;
  guint n_ok;
  guint n_problem;      /* failed the pinset, or untrusted */
  guint n_unreachable;
  GMainLoop *loop;
  GError *run_error;
} Live;

/* The pinset against one chain, through the pin-match API (kept in this one place: its
 * result structures may change). @matched receives the display of the pin that matched. */
static LiveMatch
live_match_chain (PsPinset  *pinset,
                  PsChain   *chain,
                  char     **matched)
{
  g_autoptr(GPtrArray) chains = g_ptr_array_new ();
  g_autoptr(GListModel) matches = NULL;
  gboolean covered = FALSE;

  g_ptr_array_add (chains, chain);
  matches = ps_compare_pinset_chains (pinset, chains);
  for (guint i = 0; i < g_list_model_get_n_items (matches); i++)
    {
      g_autoptr(PsPinMatch) match = g_list_model_get_item (matches, i);

      if (ps_pin_match_get_chain (match) != NULL)
        {
          *matched = ps_pinset_pin_dup_display (ps_pin_match_get_pin (match));
          return LIVE_MATCH;
        }
      if (ps_pinset_rule_covers_chain (ps_pin_match_get_rule (match), chain) &&
          !ps_pinset_excludes_chain (pinset, chain))
        covered = TRUE;
    }
  return covered ? LIVE_MISMATCH : LIVE_NOT_COVERED;
}

/* "ok", "unpinned" (a pinset was given but no rule covers it), "pin-mismatch",
 * "untrusted" or "error"; the pin that matched goes to @matched. */
static const char *
live_verdict (Live       *live,
              PsEndpoint *endpoint,
              char      **matched)
{
  PsChain *chain = ps_endpoint_get_chain (endpoint);
  LiveMatch match = LIVE_NOT_COVERED;

  if (chain == NULL)
    {
      live->n_unreachable++;
      return "error";
    }
  if (live->pinset != NULL)
    match = live_match_chain (live->pinset, chain, matched);
  if (match == LIVE_MISMATCH || !ps_chain_get_trusted (chain))
    {
      live->n_problem++;
      return match == LIVE_MISMATCH ? "pin-mismatch" : "untrusted";
    }
  live->n_ok++;
  return live->pinset != NULL && match == LIVE_NOT_COVERED ? "unpinned" : "ok";
}

/* One compact line of JSON, flushed. */
static void
print_json_line (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

static void
endpoint_json (PsEndpoint *endpoint,
               const char *verdict,
               const char *matched)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  PsChain *chain = ps_endpoint_get_chain (endpoint);

  json_builder_begin_object (builder);
  ps_cli_json_member_string (builder, "type", "endpoint");
  ps_cli_json_member_string (builder, "name", ps_endpoint_get_name (endpoint));
  ps_cli_json_member_string (builder, "address", ps_endpoint_get_address (endpoint));
  ps_cli_json_member_int (builder, "port", ps_endpoint_get_port (endpoint));
  ps_cli_json_member_string (builder, "verdict", verdict);
  json_builder_set_member_name (builder, "trusted");
  if (chain != NULL)
    json_builder_add_boolean_value (builder, ps_chain_get_trusted (chain));
  else
    json_builder_add_null_value (builder);
  ps_cli_json_member_string (builder, "leaf_pin", ps_endpoint_get_leaf_pin (endpoint));
  ps_cli_json_member_string (builder, "matched_pin", matched);
  ps_cli_json_member_string (builder, "error", ps_endpoint_get_error_message (endpoint));
  ps_cli_json_member_int (builder, "milliseconds",
                          (gint64) (ps_endpoint_get_elapsed (endpoint) * 1000 + 0.5));
  json_builder_end_object (builder);
  print_json_line (builder);
}

static void
endpoint_text (PsEndpoint *endpoint,
               const char *verdict,
               const char *matched)
{
  g_autofree char *target = ps_endpoint_dup_target (endpoint);
  const char *address = ps_endpoint_get_address (endpoint);
  const char *leaf = ps_endpoint_get_leaf_pin (endpoint);

  if (ps_endpoint_get_chain (endpoint) == NULL)
    {
      printf ("%-12s %s %s %s\n", verdict, ps_cli_safe (target),
              address != NULL ? address : "-",
              ps_cli_safe (ps_endpoint_get_error_message (endpoint)));
    }
  else
    {
      printf ("%-12s %s %s leaf=sha256/%s pin=%s %.3f s\n", verdict, ps_cli_safe (target),
              address, leaf != NULL ? leaf : "-",
              matched != NULL ? ps_cli_safe (matched) : "none",
              ps_endpoint_get_elapsed (endpoint));
    }
  fflush (stdout);
}

static void
endpoint_finished_cb (PsFleet    *fleet,
                      PsEndpoint *endpoint,
                      Live       *live)
{
  g_autofree char *matched = NULL;
  const char *verdict = live_verdict (live, endpoint, &matched);

  if (live->json)
    endpoint_json (endpoint, verdict, matched);
  else
    endpoint_text (endpoint, verdict, matched);
}

/* The warning for one name:port whose addresses serve different chains. */
static PsFinding *
divergence_finding (PsFleetDivergence *divergence)
{
  g_autofree char *message = NULL;
  PsFinding *finding;

  message = g_strdup_printf (_("The addresses of %s port %u serve %u different chains "
                               "(%u leaf keys): a rollout is halfway done, and a client "
                               "pinned to one of them fails on the other addresses."),
                             divergence->name, divergence->port, divergence->n_chains,
                             divergence->n_keys);
  finding = ps_finding_new ("divergent-chains", PS_SEVERITY_WARNING, message,
                            _("Finish the rollout, or pin a key of every chain served "
                              "until it is done."), NULL, -1);
  ps_finding_set_hostname (finding, divergence->name);
  return finding;
}

static void
print_divergence (Live              *live,
                  PsFleetDivergence *divergence)
{
  g_autoptr(PsFinding) finding = divergence_finding (divergence);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) digests = g_ptr_array_new ();

  if (!live->json)
    printf ("%-12s %s %s:%u\n             %s\n             %s %s\n",
            ps_severity_to_string (ps_finding_get_severity (finding)),
            ps_finding_get_id (finding), ps_cli_safe (divergence->name), divergence->port,
            ps_cli_safe (ps_finding_get_message (finding)), _("Fix:"),
            ps_finding_get_fix (finding));

  json_builder_begin_object (builder);
  ps_cli_json_member_string (builder, "type", "finding");
  ps_cli_json_member_string (builder, "id", ps_finding_get_id (finding));
  ps_cli_json_member_string (builder, "severity",
                             ps_severity_to_string (ps_finding_get_severity (finding)));
  ps_cli_json_member_string (builder, "host", divergence->name);
  ps_cli_json_member_int (builder, "port", divergence->port);
  ps_cli_json_member_string (builder, "message", ps_finding_get_message (finding));
  ps_cli_json_member_string (builder, "fix", ps_finding_get_fix (finding));
  json_builder_set_member_name (builder, "addresses");
  json_builder_begin_array (builder);
  for (guint i = 0; i < divergence->endpoints->len; i++)
    {
      PsEndpoint *endpoint = g_ptr_array_index (divergence->endpoints, i);
      const char *digest = ps_endpoint_get_chain_digest (endpoint);
      guint chain_number = 0;

      if (!g_ptr_array_find_with_equal_func (digests, digest, g_str_equal, &chain_number))
        {
          chain_number = digests->len;
          g_ptr_array_add (digests, (char *) digest);
        }
      if (!live->json)
        printf ("             %s %s %u, leaf=sha256/%s\n", ps_endpoint_get_address (endpoint),
                _("serves chain"), chain_number + 1, ps_endpoint_get_leaf_pin (endpoint));
      json_builder_begin_object (builder);
      ps_cli_json_member_string (builder, "address", ps_endpoint_get_address (endpoint));
      ps_cli_json_member_int (builder, "chain", chain_number + 1);
      ps_cli_json_member_string (builder, "chain_sha256", digest);
      ps_cli_json_member_string (builder, "leaf_pin", ps_endpoint_get_leaf_pin (endpoint));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  if (live->json)
    print_json_line (builder);
}

static void
print_summary (Live    *live,
               PsFleet *fleet,
               guint    n_divergent)
{
  if (live->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      ps_cli_json_member_string (builder, "type", "summary");
      ps_cli_json_member_int (builder, "endpoints", ps_fleet_get_n_total (fleet));
      ps_cli_json_member_int (builder, "ok", live->n_ok);
      ps_cli_json_member_int (builder, "failed", live->n_problem);
      ps_cli_json_member_int (builder, "unreachable", live->n_unreachable);
      ps_cli_json_member_int (builder, "divergent", n_divergent);
      json_builder_end_object (builder);
      print_json_line (builder);
      return;
    }
  printf (_("%u endpoints: %u ok, %u failed, %u unreachable, %u names with divergent "
            "chains\n"), ps_fleet_get_n_total (fleet), live->n_ok, live->n_problem,
          live->n_unreachable, n_divergent);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Live *live = user_data;

  ps_fleet_run_finish (PS_FLEET (object), result, &live->run_error);
  g_main_loop_quit (live->loop);
}

int
ps_cli_live_run (PsFleet  *fleet,
                 PsPinset *pinset,
                 gboolean  json)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autoptr(GPtrArray) divergences = NULL;
  Live live = { .pinset = pinset, .json = json, .loop = loop };
  gulong handler;

  ps_fleet_set_keep_chains (fleet, FALSE);
  handler = g_signal_connect (fleet, "endpoint-finished", G_CALLBACK (endpoint_finished_cb),
                              &live);
  g_main_context_push_thread_default (context);
  ps_fleet_run_async (fleet, NULL, run_done_cb, &live);
  g_main_loop_run (loop);
  g_main_context_pop_thread_default (context);
  g_signal_handler_disconnect (fleet, handler);

  if (live.run_error != NULL)
    {
      ps_cli_error ("%s", live.run_error->message);
      g_clear_error (&live.run_error);
      return PS_CLI_EXIT_NETWORK;
    }

  /* A warning only: it decides no exit status. */
  divergences = ps_fleet_dup_divergences (fleet);
  for (guint i = 0; i < divergences->len; i++)
    print_divergence (&live, g_ptr_array_index (divergences, i));
  print_summary (&live, fleet, divergences->len);

  if (live.n_unreachable > 0)
    return PS_CLI_EXIT_NETWORK;
  return live.n_problem > 0 ? PS_CLI_EXIT_PROBLEM : PS_CLI_EXIT_OK;
}

PsFleet *
ps_cli_live_new_fleet (const char  *cafile,
                       char       **resolves,
                       int          jobs,
                       int          timeout)
{
  g_autoptr(PsTrustStore) store = NULL;
  g_autoptr(PsProbe) probe = NULL;
  g_autoptr(PsFleet) fleet = NULL;

  if (jobs < 1 || jobs > 4096)
    {
      ps_cli_error (_("--jobs must be between 1 and 4096"));
      return NULL;
    }
  if (timeout < 1 || timeout > 3600)
    {
      ps_cli_error (_("--timeout must be between 1 and 3600 seconds"));
      return NULL;
    }
  store = ps_cli_open_trust_store (cafile);
  if (store == NULL)
    return NULL;

  probe = ps_probe_new ();
  ps_probe_set_trust_store (probe, store);
  ps_probe_set_max_concurrent (probe, jobs);
  ps_probe_set_timeout (probe, timeout);
  fleet = ps_fleet_new (probe);

  for (guint i = 0; resolves != NULL && resolves[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!ps_fleet_add_resolve (fleet, resolves[i], &error))
        {
          ps_cli_error ("--resolve: %s", error->message);
          return NULL;
        }
    }
  return g_steal_pointer (&fleet);
}

/* The names a pinset pins: each domain of its rules (a rule for subdomains: the domain
 * itself), with @port. */
static gboolean
add_pinset_domains (PsFleet  *fleet,
                    PsPinset *pinset,
                    int       port)
{
  GListModel *rules = ps_pinset_get_rules (pinset);

  for (guint r = 0; r < g_list_model_get_n_items (rules); r++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, r);
      GListModel *domains = ps_pinset_rule_get_domains (rule);

      if (ps_pinset_rule_get_policy (rule) == PS_RULE_EXCLUDED)
        continue;
      for (guint d = 0; d < g_list_model_get_n_items (domains); d++)
        {
          g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, d);
          const char *name = ps_pinset_domain_get_name (domain);
          g_autofree char *host = NULL;
          g_autoptr(GError) error = NULL;

          if (name == NULL || strchr (name, '*') != NULL)
            {
              ps_cli_note (name != NULL ? name : "?",
                           _("a wildcard is not a host name: not probed"));
              continue;
            }
          host = strchr (name, ':') != NULL ? g_strdup_printf ("[%s]:%d", name, port)
                                            : g_strdup_printf ("%s:%d", name, port);
          if (!ps_fleet_add_host (fleet, host, &error))
            {
              ps_cli_error ("%s", error->message);
              return FALSE;
            }
        }
    }
  return TRUE;
}

int
ps_cli_check_live (PsPinset    *pinset,
                   const char  *cafile,
                   char       **hosts,
                   char       **resolves,
                   int          port,
                   int          jobs,
                   gboolean     json)
{
  g_autoptr(PsFleet) fleet = NULL;

  if (port < 1 || port > 65535)
    {
      ps_cli_error (_("--port must be between 1 and 65535"));
      return PS_CLI_EXIT_USAGE;
    }
  fleet = ps_cli_live_new_fleet (cafile, resolves, jobs, PS_PROBE_DEFAULT_TIMEOUT);
  if (fleet == NULL || !add_pinset_domains (fleet, pinset, port))
    return PS_CLI_EXIT_USAGE;
  for (guint i = 0; hosts != NULL && hosts[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!ps_fleet_add_host (fleet, hosts[i], &error))
        {
          ps_cli_error ("%s", error->message);
          return PS_CLI_EXIT_USAGE;
        }
    }
  if (ps_fleet_get_n_total (fleet) == 0)
    {
      ps_cli_error (_("The pinset names no host to probe; add some with --host"));
      return PS_CLI_EXIT_USAGE;
    }
  return ps_cli_live_run (fleet, pinset, json);
}

typedef struct
{
  GMainLoop *loop;
  guint      pending;
  PsChain  **chains;   /* by host */
  GError   **errors;   /* by host */
} Gather;

typedef struct
{
  Gather *gather;
  guint   index;
} GatherItem;

static void
gather_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GatherItem *item = user_data;
  Gather *gather = item->gather;

  gather->chains[item->index] = ps_probe_run_finish (PS_PROBE (object), result,
                                                     &gather->errors[item->index]);
  g_free (item);
  if (--gather->pending == 0)
    g_main_loop_quit (gather->loop);
}

void
ps_cli_probe_hosts (char          **hosts,
                    PsTrustStore   *store,
                    guint           timeout,
                    PsChain      ***chains,
                    GError       ***errors)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autoptr(PsProbe) probe = ps_probe_new ();
  guint n = hosts != NULL ? g_strv_length (hosts) : 0;
  Gather gather = { loop, n, g_new0 (PsChain *, n + 1), g_new0 (GError *, n + 1) };

  ps_probe_set_trust_store (probe, store);
  ps_probe_set_max_concurrent (probe, PS_FLEET_DEFAULT_JOBS);
  if (timeout > 0)
    ps_probe_set_timeout (probe, timeout);
  g_main_context_push_thread_default (context);
  for (guint i = 0; i < n; i++)
    {
      GatherItem *item = g_new0 (GatherItem, 1);

      item->gather = &gather;
      item->index = i;
      ps_probe_run_async (probe, hosts[i], NULL, gather_cb, item);
    }
  if (n > 0)
    g_main_loop_run (loop);
  g_main_context_pop_thread_default (context);

  *chains = gather.chains;
  *errors = gather.errors;
}

gboolean
ps_cli_live_probe_hosts (char         **hosts,
                         PsTrustStore  *store,
                         GPtrArray     *chains,
                         GPtrArray     *sources)
{
  guint n = hosts != NULL ? g_strv_length (hosts) : 0;
  g_autofree PsChain **results = NULL;
  g_autofree GError **errors = NULL;
  gboolean all = TRUE;

  ps_cli_probe_hosts (hosts, store, 0, &results, &errors);
  for (guint i = 0; i < n; i++)
    {
      if (results[i] == NULL)
        {
          ps_cli_error ("%s: %s", hosts[i], errors[i]->message);
          g_clear_error (&errors[i]);
          all = FALSE;
          continue;
        }
      g_ptr_array_add (chains, results[i]);
      g_ptr_array_add (sources, hosts[i]);
    }
  return all;
}
