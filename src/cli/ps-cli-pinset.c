/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ps-cli.h"
#include "ps-compare.h"
#include "ps-error.h"
#include "ps-format.h"
#include "ps-lint.h"
#include "ps-material.h"
#include "ps-pinset.h"
#include "ps-probe.h"
#include "ps-trust-store.h"

/* Loading */

/* Whether @file is small enough for an importer; a huge one keeps the native loader's
 * message rather than being read into memory again. */
static gboolean
file_size_is_importable (GFile *file)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);

  return info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE) ||
         g_file_info_get_size (info) <= PS_PINSET_MAX_FILE_SIZE;
}

PsPinset *
ps_cli_load_pinset (const char  *path,
                    GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) native_error = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *contents = NULL;
  const PsFormat *format;
  gsize len = 0;
  PsPinset *pinset;

  pinset = ps_pinset_load (file, NULL, &native_error);
  if (pinset != NULL)
    return pinset;

  /* Any importable file will do (network_security_config.xml, Info.plist, ...), so that a
   * team can audit what it ships directly. */
  if (native_error->domain == PS_ERROR && file_size_is_importable (file) &&
      g_file_load_contents (file, NULL, &contents, &len, NULL, NULL) &&
      (format = ps_format_detect (contents, len)) != NULL &&
      !g_str_equal (ps_format_get_id (format), "json"))
    {
      pinset = ps_cli_formats_load (path, format, &notes, error);
      for (guint i = 0; pinset != NULL && i < notes->len; i++)
        {
          fflush (stdout);
          fprintf (stderr, _("pinscope-cli: %s: note: %s\n"), path,
                   (char *) g_ptr_array_index (notes, i));
        }
      return pinset;
    }

  g_propagate_error (error, g_steal_pointer (&native_error));
  return NULL;
}

static gboolean
load_trust_store (const char    *cafile,
                  PsTrustStore **store)
{
  g_autoptr(GError) error = NULL;

  *store = NULL;
  if (cafile == NULL)
    {
      *store = ps_trust_store_get_system (&error);
      if (*store == NULL)
        {
          ps_cli_error (_("Cannot load the system’s trust anchors: %s"), error->message);
          return FALSE;
        }
      return TRUE;
    }
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (cafile);

      *store = ps_trust_store_new_from_file (file, &error);
      if (*store == NULL)
        {
          ps_cli_error ("%s: %s", cafile, error->message);
          return FALSE;
        }
    }
  return TRUE;
}

/* Reads the certificates of @paths, in order, into one chain. */
static PsChain *
load_chain_files (const char * const *paths,
                  PsTrustStore       *store,
                  const char         *hostname)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (paths[i]);
      g_autoptr(GPtrArray) certs = NULL;
      g_autoptr(GError) error = NULL;

      certs = ps_material_load_certificates (file, &error);
      if (certs == NULL)
        {
          ps_cli_error ("%s: %s", paths[i], error->message);
          return NULL;
        }
      for (guint j = 0; j < certs->len; j++)
        g_ptr_array_add (all, g_object_ref (g_ptr_array_index (certs, j)));
    }

  return ps_chain_new (all, store, hostname);
}

/* Retrieves the chain of a live host; prints the error and returns NULL on failure. */
static PsChain *
probe_host (const char   *host,
            PsTrustStore *store)
{
  g_autoptr(PsProbe) probe = ps_probe_new ();
  g_autoptr(GError) error = NULL;
  PsChain *chain;

  ps_probe_set_trust_store (probe, store);
  chain = ps_cli_probe_host (probe, host, &error);
  if (chain == NULL)
    ps_cli_error ("%s: %s", host, error->message);
  return chain;
}

static gboolean
is_probe_input_error (const char *host)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  guint16 port = 0;

  return !ps_probe_parse_host (host, 443, &name, &port, &error);
}

/* JSON helpers */

static void
member_int (JsonBuilder *builder,
            const char  *name,
            gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
member_bool (JsonBuilder *builder,
             const char  *name,
             gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static void
member_index (JsonBuilder *builder,
              const char  *name,
              int          value)
{
  json_builder_set_member_name (builder, name);
  if (value >= 0)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
member_domains (JsonBuilder  *builder,
                PsPinsetRule *rule)
{
  GListModel *domains;

  json_builder_set_member_name (builder, "domains");
  if (rule == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  domains = ps_pinset_rule_get_domains (rule);
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, i);

      json_builder_add_string_value (builder, ps_pinset_domain_get_name (domain));
    }
  json_builder_end_array (builder);
}

static void
print_builder (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  ps_cli_print_json (root);
}

static char *
pin_text (PsPinsetPin *pin)
{
  g_autofree char *display = ps_pinset_pin_dup_display (pin);
  const char *label = ps_pinset_pin_get_label (pin);

  if (label != NULL)
    return g_strdup_printf ("%s (%s, %s)", display,
                            ps_pin_role_to_string (ps_pinset_pin_get_role (pin)), label);
  return g_strdup_printf ("%s (%s)", display,
                          ps_pin_role_to_string (ps_pinset_pin_get_role (pin)));
}

static const char *
chain_name (PsChain    *chain,
            const char *fallback)
{
  if (ps_chain_get_hostname (chain) != NULL)
    return ps_chain_get_hostname (chain);
  return fallback;
}

static void
add_path_json (JsonBuilder *builder,
               PsChain     *chain)
{
  const guint *path;
  guint n_path = 0;

  path = ps_chain_get_path (chain, &n_path);
  json_builder_set_member_name (builder, "path");
  json_builder_begin_array (builder);
  for (guint depth = 0; depth < n_path; depth++)
    {
      PsCertificate *cert = ps_chain_get_certificate (chain, path[depth]);
      g_autofree char *b64 = ps_pin_to_base64 (ps_certificate_get_spki_pin (cert));

      json_builder_begin_object (builder);
      member_int (builder, "depth", depth);
      ps_cli_json_member_string (builder, "role",
                     ps_pin_role_to_string (ps_chain_role_at (chain, depth)));
      ps_cli_json_member_string (builder, "subject", ps_certificate_get_subject (cert));
      ps_cli_json_member_string (builder, "name", ps_certificate_get_display_name (cert));
      ps_cli_json_member_string (builder, "spki_sha256", b64);
      ps_cli_json_member_string (builder, "source",
                     ps_chain_get_source (chain, path[depth]) == PS_CHAIN_SOURCE_TRUST_STORE
                     ? "trust-store" : "sent");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_verdicts_json (JsonBuilder *builder,
                   PsChain     *chain)
{
  g_auto(GStrv) verdicts = ps_chain_dup_verdicts (chain);

  json_builder_set_member_name (builder, "verdicts");
  json_builder_begin_array (builder);
  for (guint i = 0; verdicts != NULL && verdicts[i] != NULL; i++)
    json_builder_add_string_value (builder, verdicts[i]);
  json_builder_end_array (builder);
}

static void
print_path (PsChain *chain)
{
  const guint *path;
  guint n_path = 0;

  path = ps_chain_get_path (chain, &n_path);
  for (guint depth = 0; depth < n_path; depth++)
    {
      PsCertificate *cert = ps_chain_get_certificate (chain, path[depth]);
      g_autofree char *b64 = ps_pin_to_base64 (ps_certificate_get_spki_pin (cert));
      gboolean from_store =
        ps_chain_get_source (chain, path[depth]) == PS_CHAIN_SOURCE_TRUST_STORE;

      printf ("  %u  %-12s %s  %s%s\n", depth,
              ps_pin_role_to_string (ps_chain_role_at (chain, depth)),
              b64, ps_certificate_get_display_name (cert),
              from_store ? _(" (from the trust store)") : "");
    }
}

/* pinset new */

static gboolean
parse_date (const char  *text,
            GDateTime  **date)
{
  int y, m, d;
  char extra;

  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || strlen (text) != 10 ||
      !g_date_valid_dmy (d, m, y))
    return FALSE;
  *date = g_date_time_new_utc (y, m, d, 0, 0, 0);
  return *date != NULL;
}

static PsPinRole
role_of_certificate (PsCertificate *cert)
{
  if (!ps_certificate_get_is_ca (cert))
    return PS_PIN_ROLE_LEAF;
  if (ps_certificate_get_is_self_signed (cert))
    return PS_PIN_ROLE_ROOT;
  return PS_PIN_ROLE_INTERMEDIATE;
}

static guint
add_pins_from_file (PsPinsetRule *rule,
                    const char   *path,
                    GError      **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  guint added = 0;

  items = ps_material_load_file (file, &problems, error);
  if (items == NULL)
    return 0;

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    ps_cli_error ("%s: %s", path, (const char *) g_ptr_array_index (problems, i));

  for (guint i = 0; i < items->len; i++)
    {
      PsMaterial *material = g_ptr_array_index (items, i);
      PsCertificate *cert = ps_material_get_certificate (material);
      g_autoptr(PsPinsetPin) pin = NULL;

      switch (ps_material_get_kind (material))
        {
        case PS_MATERIAL_CERTIFICATE:
          pin = ps_pinset_pin_new (ps_material_get_pin (material),
                                   ps_material_get_label (material),
                                   role_of_certificate (cert));
          ps_pinset_pin_set_origin (pin, PS_PIN_ORIGIN_FILE, path, i);
          ps_pinset_pin_set_not_after (pin, ps_certificate_get_not_after (cert));
          break;
        case PS_MATERIAL_CSR:
          pin = ps_pinset_pin_new (ps_material_get_pin (material),
                                   ps_material_get_label (material), PS_PIN_ROLE_BACKUP);
          ps_pinset_pin_set_origin (pin, PS_PIN_ORIGIN_CSR, path, -1);
          break;
        case PS_MATERIAL_PUBLIC_KEY:
        case PS_MATERIAL_PRIVATE_KEY:
        default:
          pin = ps_pinset_pin_new (ps_material_get_pin (material),
                                   ps_material_get_label (material), PS_PIN_ROLE_BACKUP);
          ps_pinset_pin_set_origin (pin, PS_PIN_ORIGIN_KEY, path, -1);
          break;
        }

      if (ps_pinset_rule_add_pin (rule, pin))
        added++;
    }
  return added;
}

static guint
add_pins_from_chain (PsPinsetRule *rule,
                     PsChain      *chain,
                     const char   *host)
{
  const guint *path;
  guint n_path = 0;
  guint added = 0;

  path = ps_chain_get_path (chain, &n_path);
  for (guint depth = 0; depth < n_path; depth++)
    {
      PsCertificate *cert = ps_chain_get_certificate (chain, path[depth]);
      g_autoptr(PsPinsetPin) pin = NULL;

      pin = ps_pinset_pin_new (ps_certificate_get_spki_pin (cert),
                               ps_certificate_get_display_name (cert),
                               ps_chain_role_at (chain, depth));
      ps_pinset_pin_set_origin (pin, PS_PIN_ORIGIN_HOST, host, depth);
      ps_pinset_pin_set_not_after (pin, ps_certificate_get_not_after (cert));
      if (ps_pinset_rule_add_pin (rule, pin))
        added++;
    }
  return added;
}

static int
pinset_new (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PsPinset) pinset = NULL;
  g_autoptr(PsPinsetRule) rule = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) domains = NULL;
  g_auto(GStrv) pin_from = NULL;
  g_auto(GStrv) pins = NULL;
  g_autofree char *output = NULL;
  g_autofree char *expires_text = NULL;
  g_autofree char *name = NULL;
  gboolean include_subdomains = FALSE;
  guint n_pins;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The pinset file to write"),
      N_("FILE") },
    { "domain", 0, 0, G_OPTION_ARG_STRING_ARRAY, &domains, N_("A domain to pin (repeatable)"),
      N_("NAME") },
    { "include-subdomains", 0, 0, G_OPTION_ARG_NONE, &include_subdomains,
      N_("The pins also apply to every subdomain"), NULL },
    { "expires", 0, 0, G_OPTION_ARG_STRING, &expires_text,
      N_("Expiration date of the rule"), N_("YYYY-MM-DD") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Name of the pinset"), N_("TEXT") },
    { "pin-from", 0, 0, G_OPTION_ARG_STRING_ARRAY, &pin_from,
      N_("Pin every certificate, key or CSR of a file, or every certificate of a host’s "
         "chain (repeatable)"), N_("FILE|HOST[:PORT]") },
    { "pin", 0, 0, G_OPTION_ARG_STRING_ARRAY, &pins,
      N_("A pin in any notation, added as a backup pin (repeatable)"), N_("VALUE") },
    { NULL }
  };

  context = g_option_context_new (_("— write a new pinset"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Certificates become leaf, intermediate or root pins by what they are; keys and CSRs\n"
      "become backup pins. Any valid date is accepted for --expires (the linter judges it).\n\n"
      "Exit status: 0 written, 2 usage or input error, 3 network failure."));

  if (!ps_cli_parse_options (context, &argc, &argv))
    return PS_CLI_EXIT_USAGE;

  if (argc > 1)
    {
      ps_cli_error (_("Unexpected argument “%s”"), argv[1]);
      return PS_CLI_EXIT_USAGE;
    }
  if (output == NULL)
    {
      ps_cli_error (_("No output file given (-o FILE)"));
      return PS_CLI_EXIT_USAGE;
    }
  if (domains == NULL || domains[0] == NULL)
    {
      ps_cli_error (_("No domain given (--domain NAME)"));
      return PS_CLI_EXIT_USAGE;
    }
  if (expires_text != NULL && !parse_date (expires_text, &expires))
    {
      ps_cli_error (_("“%s” is not a valid date (expected YYYY-MM-DD)"), expires_text);
      return PS_CLI_EXIT_USAGE;
    }

  pinset = ps_pinset_new (name != NULL ? name : domains[0]);
  rule = ps_pinset_rule_new ();
  for (guint i = 0; domains[i] != NULL; i++)
    {
      g_autoptr(PsPinsetDomain) domain = NULL;

      if (*domains[i] == '\0' || strpbrk (domains[i], " /:") != NULL)
        {
          ps_cli_error (_("“%s” is not a domain name"), domains[i]);
          return PS_CLI_EXIT_USAGE;
        }
      domain = ps_pinset_domain_new (domains[i], include_subdomains);
      ps_pinset_rule_add_domain (rule, domain);
    }
  ps_pinset_rule_set_expiration (rule, expires);

  for (guint i = 0; pin_from != NULL && pin_from[i] != NULL; i++)
    {
      const char *source = pin_from[i];

      if (g_file_test (source, G_FILE_TEST_EXISTS) || strchr (source, '/') != NULL)
        {
          if (add_pins_from_file (rule, source, &error) == 0 && error != NULL)
            {
              ps_cli_error ("%s: %s", source, error->message);
              return PS_CLI_EXIT_USAGE;
            }
        }
      else
        {
          g_autoptr(PsTrustStore) store = NULL;
          g_autoptr(PsChain) chain = NULL;

          if (is_probe_input_error (source))
            {
              ps_cli_error (_("“%s” is neither a file nor a host"), source);
              return PS_CLI_EXIT_USAGE;
            }
          if (!load_trust_store (NULL, &store))
            return PS_CLI_EXIT_USAGE;
          chain = probe_host (source, store);
          if (chain == NULL)
            return PS_CLI_EXIT_NETWORK;
          add_pins_from_chain (rule, chain, source);
        }
    }

  for (guint i = 0; pins != NULL && pins[i] != NULL; i++)
    {
      g_autoptr(PsPin) value = ps_pin_parse (pins[i], &error);
      g_autoptr(PsPinsetPin) pin = NULL;

      if (value == NULL)
        {
          ps_cli_error ("%s", error->message);
          return PS_CLI_EXIT_USAGE;
        }
      pin = ps_pinset_pin_new (value, NULL, PS_PIN_ROLE_BACKUP);
      ps_pinset_pin_set_origin (pin, PS_PIN_ORIGIN_TYPED, NULL, -1);
      ps_pinset_rule_add_pin (rule, pin);
    }

  ps_pinset_add_rule (pinset, rule);

  file = g_file_new_for_commandline_arg (output);
  if (!ps_pinset_save (pinset, file, NULL, &error))
    {
      ps_cli_error ("%s", error->message);
      return PS_CLI_EXIT_USAGE;
    }

  n_pins = g_list_model_get_n_items (ps_pinset_rule_get_pins (rule));
  printf (g_dngettext (GETTEXT_PACKAGE, "Wrote %s: %u pin\n", "Wrote %s: %u pins\n", n_pins),
          output, n_pins);
  return PS_CLI_EXIT_OK;
}

int
ps_cli_pinset (int    argc,
               char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "new"))
    return pinset_new (argc - 1, argv + 1);

  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      printf ("%s\n\n%s\n  %-6s %s\n\n%s\n", _("Usage: pinscope-cli pinset SUBCOMMAND [OPTION…]"),
              _("Subcommands:"), "new", _("Write a new pinset"),
              _("Run “pinscope-cli pinset new --help” for its options."));
      return PS_CLI_EXIT_OK;
    }

  ps_cli_error (argc >= 2 ? _("Unknown pinset subcommand “%s”") : _("No pinset subcommand%s"),
                argc >= 2 ? argv[1] : "");
  fprintf (stderr, "%s\n", _("Usage: pinscope-cli pinset new -o FILE --domain NAME [OPTION…]"));
  return PS_CLI_EXIT_USAGE;
}

/* check */

static void
finding_json (JsonBuilder *builder,
              PsFinding   *finding)
{
  GListModel *pins = ps_finding_get_pins (finding);

  json_builder_begin_object (builder);
  ps_cli_json_member_string (builder, "id", ps_finding_get_id (finding));
  ps_cli_json_member_string (builder, "severity", ps_severity_to_string (ps_finding_get_severity (finding)));
  ps_cli_json_member_string (builder, "message", ps_finding_get_message (finding));
  ps_cli_json_member_string (builder, "fix", ps_finding_get_fix (finding));
  member_index (builder, "rule", ps_finding_get_rule_index (finding));
  member_domains (builder, ps_finding_get_rule (finding));
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
  printf ("         %s\n", ps_finding_get_message (finding));
  if (ps_finding_get_fix (finding) != NULL)
    printf ("         %s %s\n", _("Fix:"), ps_finding_get_fix (finding));
}

int
ps_cli_check (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PsPinset) pinset = NULL;
  g_autoptr(PsTrustStore) store = NULL;
  g_autoptr(GPtrArray) chains = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  g_autoptr(GListModel) findings = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) hosts = NULL;
  g_auto(GStrv) chain_files = NULL;
  g_autofree char *cafile = NULL;
  gboolean json = FALSE;
  gboolean network_failed = FALSE;
  guint counts[3] = { 0, 0, 0 };
  GOptionEntry entries[] = {
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

  pinset = ps_cli_load_pinset (argv[1], &error);
  if (pinset == NULL)
    {
      ps_cli_error ("%s", error->message);
      return PS_CLI_EXIT_USAGE;
    }

  if ((hosts != NULL || chain_files != NULL) && !load_trust_store (cafile, &store))
    return PS_CLI_EXIT_USAGE;

  for (guint i = 0; chain_files != NULL && chain_files[i] != NULL; i++)
    {
      const char *one[] = { chain_files[i], NULL };
      PsChain *chain = load_chain_files (one, store, NULL);

      if (chain == NULL)
        return PS_CLI_EXIT_USAGE;
      g_ptr_array_add (chains, chain);
      g_ptr_array_add (sources, chain_files[i]);
    }

  for (guint i = 0; hosts != NULL && hosts[i] != NULL; i++)
    {
      PsChain *chain;

      if (is_probe_input_error (hosts[i]))
        {
          ps_cli_error (_("“%s” is not a host name"), hosts[i]);
          return PS_CLI_EXIT_USAGE;
        }
      chain = probe_host (hosts[i], store);
      if (chain == NULL)
        {
          network_failed = TRUE;
          continue;
        }
      g_ptr_array_add (chains, chain);
      g_ptr_array_add (sources, hosts[i]);
    }

  findings = ps_lint_pinset (pinset, chains, NULL);
  matches = ps_compare_pinset_chains (pinset, chains);

  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(PsFinding) finding = g_list_model_get_item (findings, i);

      counts[ps_finding_get_severity (finding)]++;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      ps_cli_json_member_string (builder, "pinset", argv[1]);
      ps_cli_json_member_string (builder, "name", ps_pinset_get_name (pinset));
      json_builder_set_member_name (builder, "findings");
      json_builder_begin_array (builder);
      for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
        {
          g_autoptr(PsFinding) finding = g_list_model_get_item (findings, i);
          finding_json (builder, finding);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "chains");
      json_builder_begin_array (builder);
      for (guint i = 0; i < chains->len; i++)
        {
          PsChain *chain = g_ptr_array_index (chains, i);

          json_builder_begin_object (builder);
          ps_cli_json_member_string (builder, "source", g_ptr_array_index (sources, i));
          ps_cli_json_member_string (builder, "host", ps_chain_get_hostname (chain));
          member_bool (builder, "trusted", ps_chain_get_trusted (chain));
          add_verdicts_json (builder, chain);
          add_path_json (builder, chain);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "matches");
      json_builder_begin_array (builder);
      for (guint i = 0; i < matches->len; i++)
        {
          PsPinMatch *match = g_ptr_array_index (matches, i);
          g_autofree char *display = ps_pinset_pin_dup_display (match->pin);

          json_builder_begin_object (builder);
          member_int (builder, "rule", match->rule_index);
          ps_cli_json_member_string (builder, "pin", display);
          ps_cli_json_member_string (builder, "label", ps_pinset_pin_get_label (match->pin));
          ps_cli_json_member_string (builder, "role", ps_pin_role_to_string (ps_pinset_pin_get_role (match->pin)));
          member_index (builder, "chain", match->chain_index);
          ps_cli_json_member_string (builder, "source",
                         match->chain_index >= 0
                         ? g_ptr_array_index (sources, match->chain_index) : NULL);
          member_index (builder, "depth", match->depth);
          ps_cli_json_member_string (builder, "certificate",
                         match->certificate != NULL
                         ? ps_certificate_get_subject (match->certificate) : NULL);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      member_int (builder, "errors", counts[PS_SEVERITY_ERROR]);
      member_int (builder, "warnings", counts[PS_SEVERITY_WARNING]);
      member_int (builder, "infos", counts[PS_SEVERITY_INFO]);
      json_builder_end_object (builder);
      print_builder (builder);
    }
  else
    {
      GListModel *rules = ps_pinset_get_rules (pinset);
      guint n_rules = g_list_model_get_n_items (rules);

      printf (g_dngettext (GETTEXT_PACKAGE, "Pinset “%s”: %u rule\n", "Pinset “%s”: %u rules\n",
                           n_rules), ps_pinset_get_name (pinset), n_rules);
      for (guint i = 0; i < n_rules; i++)
        {
          g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, i);
          g_autofree char *label = ps_pinset_rule_dup_label (rule);

          printf ("  %s %u: %s\n", _("rule"), i + 1, label);
        }
      printf ("\n");

      for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
        {
          g_autoptr(PsFinding) finding = g_list_model_get_item (findings, i);
          print_finding (finding);
        }
      if (g_list_model_get_n_items (findings) == 0)
        printf ("%s\n", _("No findings."));

      for (guint i = 0; i < chains->len; i++)
        {
          PsChain *chain = g_ptr_array_index (chains, i);

          g_auto(GStrv) verdicts = ps_chain_dup_verdicts (chain);

          printf ("\n%s %s (%s)\n", _("Chain of"), (const char *) g_ptr_array_index (sources, i),
                  ps_chain_get_trusted (chain) ? _("trusted") : _("not trusted"));
          print_path (chain);
          for (guint j = 0; !ps_chain_get_trusted (chain) && verdicts != NULL && verdicts[j]; j++)
            printf ("  %s\n", verdicts[j]);
        }

      if (chains->len > 0)
        {
          printf ("\n%s\n", _("Pins:"));
          for (guint i = 0; i < matches->len; i++)
            {
              PsPinMatch *match = g_ptr_array_index (matches, i);
              g_autofree char *text = pin_text (match->pin);

              if (match->chain != NULL)
                printf ("  %s %u: %s: %s %s, %s %d (%s)\n", _("rule"), match->rule_index + 1,
                        text, _("matches"),
                        chain_name (match->chain, g_ptr_array_index (sources, match->chain_index)),
                        _("depth"), match->depth,
                        ps_certificate_get_display_name (match->certificate));
              else
                printf ("  %s %u: %s: %s\n", _("rule"), match->rule_index + 1, text,
                        _("matches no chain"));
            }
        }

      printf ("\n%s: %u, %s: %u, %s: %u\n", _("Errors"), counts[PS_SEVERITY_ERROR],
              _("warnings"), counts[PS_SEVERITY_WARNING], _("information"),
              counts[PS_SEVERITY_INFO]);
    }

  if (network_failed)
    return PS_CLI_EXIT_NETWORK;
  return counts[PS_SEVERITY_ERROR] > 0 ? PS_CLI_EXIT_PROBLEM : PS_CLI_EXIT_OK;
}

/* rotate */

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
  if (!load_trust_store (cafile, &store))
    return PS_CLI_EXIT_USAGE;

  if (host != NULL)
    {
      if (is_probe_input_error (host))
        {
          ps_cli_error (_("“%s” is not a host name"), host);
          return PS_CLI_EXIT_USAGE;
        }
      g_autoptr(PsChain) probed = probe_host (host, store);
      g_autoptr(GPtrArray) sent = g_ptr_array_new_with_free_func (g_object_unref);

      if (probed == NULL)
        return PS_CLI_EXIT_NETWORK;

      /* A staging host usually serves the production names: judge the chain for the
       * names of its leaf, not for the staging host's own name. */
      for (guint i = 0; i < ps_chain_get_n_certificates (probed); i++)
        if (ps_chain_get_source (probed, i) == PS_CHAIN_SOURCE_SERVER)
          g_ptr_array_add (sent, g_object_ref (ps_chain_get_certificate (probed, i)));
      chain = ps_chain_new (sent, store, NULL);
    }
  else
    {
      chain = load_chain_files ((const char * const *) argv + 2, store, NULL);
      if (chain == NULL)
        return PS_CLI_EXIT_USAGE;
    }

  report = ps_compare_rotation (pinset, chain);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      member_bool (builder, "accepted", report->accepted);
      json_builder_set_member_name (builder, "names");
      json_builder_begin_array (builder);
      for (guint i = 0; report->names[i] != NULL; i++)
        json_builder_add_string_value (builder, report->names[i]);
      json_builder_end_array (builder);
      member_bool (builder, "trusted", ps_chain_get_trusted (chain));
      ps_cli_json_member_string (builder, "chain_problem", report->chain_problem);
      add_verdicts_json (builder, chain);
      add_path_json (builder, chain);
      json_builder_set_member_name (builder, "rules");
      json_builder_begin_array (builder);
      for (guint i = 0; i < report->rules->len; i++)
        {
          PsRotationRule *rule = g_ptr_array_index (report->rules, i);

          json_builder_begin_object (builder);
          member_int (builder, "rule", rule->rule_index);
          member_domains (builder, rule->rule);
          member_bool (builder, "accepted", rule->accepted);
          member_bool (builder, "leaf_only_accepted", rule->leaf_only_accepted);
          ps_cli_json_member_string (builder, "reason", rule->reason);
          json_builder_set_member_name (builder, "matches");
          json_builder_begin_array (builder);
          for (guint j = 0; j < rule->matches->len; j++)
            {
              PsRotationMatch *match = g_ptr_array_index (rule->matches, j);
              g_autofree char *display = ps_pinset_pin_dup_display (match->pin);

              json_builder_begin_object (builder);
              ps_cli_json_member_string (builder, "pin", display);
              ps_cli_json_member_string (builder, "label", ps_pinset_pin_get_label (match->pin));
              ps_cli_json_member_string (builder, "role",
                             ps_pin_role_to_string (ps_pinset_pin_get_role (match->pin)));
              member_int (builder, "depth", match->depth);
              ps_cli_json_member_string (builder, "level",
                             ps_pin_role_to_string (ps_chain_role_at (chain, match->depth)));
              ps_cli_json_member_string (builder, "certificate",
                             ps_certificate_get_subject (match->certificate));
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_builder (builder);
    }
  else
    {
      g_autofree char *names = g_strjoinv (", ", report->names);

      printf ("%s %s\n", _("Candidate chain for"), names);
      print_path (chain);
      if (report->chain_problem != NULL)
        printf ("%s %s\n", _("The chain does not validate."), report->chain_problem);
      printf ("\n");

      if (report->rules->len == 0)
        printf ("%s\n", _("No rule of the pinset covers these names: no pin applies."));

      for (guint i = 0; i < report->rules->len; i++)
        {
          PsRotationRule *rule = g_ptr_array_index (report->rules, i);
          g_autofree char *label = ps_pinset_rule_dup_label (rule->rule);

          printf ("%s %u (%s): %s\n", _("Rule"), rule->rule_index + 1, label,
                  rule->accepted ? _("accepted") : _("would break"));
          for (guint j = 0; j < rule->matches->len; j++)
            {
              PsRotationMatch *match = g_ptr_array_index (rule->matches, j);
              g_autofree char *text = pin_text (match->pin);

              printf ("  %s %s %d (%s “%s”)\n", text, _("matches depth"), match->depth,
                      ps_pin_role_to_string (ps_chain_role_at (chain, match->depth)),
                      ps_certificate_get_display_name (match->certificate));
            }
          if (rule->reason != NULL)
            printf ("  %s\n", rule->reason);
          printf ("  %s %s\n", _("A leaf-only client (curl --pinnedpubkey) would"),
                  rule->leaf_only_accepted ? _("accept it.") : _("refuse it."));
        }

      printf ("\n%s\n", report->accepted ? _("Verdict: accepted") : _("Verdict: would break"));
    }

  return report->accepted ? PS_CLI_EXIT_OK : PS_CLI_EXIT_PROBLEM;
}

/* diff */

int
ps_cli_diff (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PsPinset) a = NULL;
  g_autoptr(PsPinset) b = NULL;
  g_autoptr(GPtrArray) entries_found = NULL;
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

  entries_found = ps_compare_pinsets (a, b);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      ps_cli_json_member_string (builder, "a", argv[1]);
      ps_cli_json_member_string (builder, "b", argv[2]);
      member_bool (builder, "same", entries_found->len == 0);
      json_builder_set_member_name (builder, "changes");
      json_builder_begin_array (builder);
      for (guint i = 0; i < entries_found->len; i++)
        {
          PsDiffEntry *entry = g_ptr_array_index (entries_found, i);
          g_autofree char *text = ps_diff_entry_to_string (entry);

          json_builder_begin_object (builder);
          ps_cli_json_member_string (builder, "kind", ps_diff_kind_to_string (entry->kind));
          ps_cli_json_member_string (builder, "target", ps_diff_target_to_string (entry->target));
          member_index (builder, "rule_a", entry->rule_a);
          member_index (builder, "rule_b", entry->rule_b);
          ps_cli_json_member_string (builder, "rule", entry->rule_label);
          ps_cli_json_member_string (builder, "item", entry->item);
          ps_cli_json_member_string (builder, "field", entry->field);
          ps_cli_json_member_string (builder, "old", entry->old_value);
          ps_cli_json_member_string (builder, "new", entry->new_value);
          ps_cli_json_member_string (builder, "message", text);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_builder (builder);
    }
  else
    {
      for (guint i = 0; i < entries_found->len; i++)
        {
          PsDiffEntry *entry = g_ptr_array_index (entries_found, i);
          g_autofree char *text = ps_diff_entry_to_string (entry);
          const char *mark = entry->kind == PS_DIFF_ADDED ? "+"
                             : entry->kind == PS_DIFF_REMOVED ? "-" : "~";

          printf ("%s %s\n", mark, text);
        }
      if (entries_found->len == 0)
        printf ("%s\n", _("The pinsets have the same contents."));
    }

  return entries_found->len == 0 ? PS_CLI_EXIT_OK : PS_CLI_EXIT_PROBLEM;
}
