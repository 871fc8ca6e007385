/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ps-cli.h"
#include "ps-chain.h"
#include "ps-pinset.h"
#include "ps-io.h"
#include "ps-material.h"

/* pinscope-cli pinset new: writes a new pinset of one rule, with pins from files, live
 * hosts and typed values. */

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
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  guint added = 0;

  items = ps_cli_load_material (path, &problems, error);
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

/* The rule for @domains; NULL, with the error printed, when a name is not a domain. */
static PsPinsetRule *
new_rule (char      **domains,
          gboolean    include_subdomains,
          GDateTime  *expires)
{
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();

  for (guint i = 0; domains[i] != NULL; i++)
    {
      g_autoptr(PsPinsetDomain) domain = NULL;

      if (*domains[i] == '\0' || strpbrk (domains[i], " /:") != NULL)
        {
          ps_cli_error (_("“%s” is not a domain name"), domains[i]);
          return NULL;
        }
      domain = ps_pinset_domain_new (domains[i], include_subdomains);
      ps_pinset_rule_add_domain (rule, domain);
    }
  ps_pinset_rule_set_expiration (rule, expires);
  return g_steal_pointer (&rule);
}

/* --pin-from: the material of files, or the chains of live hosts. */
static int
add_pins_from (PsPinsetRule  *rule,
               char         **pin_from)
{
  for (guint i = 0; pin_from != NULL && pin_from[i] != NULL; i++)
    {
      const char *source = pin_from[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(PsTrustStore) store = NULL;
      g_autoptr(PsChain) chain = NULL;

      if (g_file_test (source, G_FILE_TEST_EXISTS) || strchr (source, '/') != NULL)
        {
          if (add_pins_from_file (rule, source, &error) == 0 && error != NULL)
            {
              ps_cli_error ("%s", error->message);
              return PS_CLI_EXIT_USAGE;
            }
          continue;
        }

      if (!ps_cli_is_host (source))
        {
          ps_cli_error (_("“%s” is neither a file nor a host"), source);
          return PS_CLI_EXIT_USAGE;
        }
      if ((store = ps_cli_open_trust_store (NULL)) == NULL)
        return PS_CLI_EXIT_USAGE;
      chain = ps_cli_probe_chain (source, store);
      if (chain == NULL)
        return PS_CLI_EXIT_NETWORK;
      add_pins_from_chain (rule, chain, source);
    }
  return PS_CLI_EXIT_OK;
}

/* --pin: typed values, as backup pins. */
static gboolean
add_typed_pins (PsPinsetRule  *rule,
                char         **pins)
{
  for (guint i = 0; pins != NULL && pins[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PsPin) value = ps_pin_parse (pins[i], &error);
      g_autoptr(PsPinsetPin) pin = NULL;

      /* The value may be a key pasted by mistake: never echo it whole. */
      if (value == NULL && strstr (pins[i], "-----BEGIN") != NULL)
        {
          ps_cli_error (_("--pin value %u is a PEM block, not a pin; give the file with "
                          "--pin-from instead"), i + 1);
          return FALSE;
        }
      if (value == NULL)
        {
          ps_cli_error (_("--pin value %u is not a pin: %s"), i + 1, error->message);
          return FALSE;
        }
      pin = ps_pinset_pin_new (value, NULL, PS_PIN_ROLE_BACKUP);
      ps_pinset_pin_set_origin (pin, PS_PIN_ORIGIN_TYPED, NULL, -1);
      ps_pinset_rule_add_pin (rule, pin);
    }
  return TRUE;
}

static int
pinset_new (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PsPinset) pinset = NULL;
  g_autoptr(PsPinsetRule) rule = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_auto(GStrv) domains = NULL;
  g_auto(GStrv) pin_from = NULL;
  g_auto(GStrv) pins = NULL;
  g_autofree char *output = NULL;
  g_autofree char *expires_text = NULL;
  g_autofree char *name = NULL;
  gboolean include_subdomains = FALSE;
  guint n_pins;
  int status;
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

  rule = new_rule (domains, include_subdomains, expires);
  if (rule == NULL)
    return PS_CLI_EXIT_USAGE;
  status = add_pins_from (rule, pin_from);
  if (status != PS_CLI_EXIT_OK)
    return status;
  if (!add_typed_pins (rule, pins))
    return PS_CLI_EXIT_USAGE;

  pinset = ps_pinset_new (name != NULL ? name : domains[0]);
  ps_pinset_add_rule (pinset, rule);

  json = ps_pinset_to_json (pinset);
  if (!ps_io_save_atomic (output, json, strlen (json), &error))
    {
      ps_cli_error ("%s", error->message);
      return PS_CLI_EXIT_USAGE;
    }

  n_pins = g_list_model_get_n_items (ps_pinset_rule_get_pins (rule));
  printf (g_dngettext (GETTEXT_PACKAGE, "Wrote %s: %u pin\n", "Wrote %s: %u pins\n", n_pins),
          ps_cli_safe (output), n_pins);
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
