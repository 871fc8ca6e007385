/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ps-cli.h"
#include "ps-chain.h"
#include "ps-pinset.h"

/* What the pinset commands (check, rotate, diff) print alike: JSON members, the validated
 * path of a chain, a pin with its role and label. */

void
ps_cli_json_member_int (JsonBuilder *builder,
            const char  *name,
            gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
ps_cli_json_member_bool (JsonBuilder *builder,
             const char  *name,
             gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

void
ps_cli_json_member_index (JsonBuilder *builder,
              const char  *name,
              int          value)
{
  json_builder_set_member_name (builder, name);
  if (value >= 0)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
ps_cli_json_member_domains (JsonBuilder  *builder,
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

void
ps_cli_print_builder (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  ps_cli_print_json (root);
}

char *
ps_cli_dup_pin_text (PsPinsetPin *pin)
{
  g_autofree char *display = ps_pinset_pin_dup_display (pin);
  const char *label = ps_pinset_pin_get_label (pin);

  if (label != NULL)
    return g_strdup_printf ("%s (%s, %s)", display,
                            ps_pin_role_to_string (ps_pinset_pin_get_role (pin)), label);
  return g_strdup_printf ("%s (%s)", display,
                          ps_pin_role_to_string (ps_pinset_pin_get_role (pin)));
}

void
ps_cli_add_path_json (JsonBuilder *builder,
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
      ps_cli_json_member_int (builder, "depth", depth);
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

void
ps_cli_add_verdicts_json (JsonBuilder *builder,
                   PsChain     *chain)
{
  g_auto(GStrv) verdicts = ps_chain_dup_verdicts (chain);

  json_builder_set_member_name (builder, "verdicts");
  json_builder_begin_array (builder);
  for (guint i = 0; verdicts != NULL && verdicts[i] != NULL; i++)
    json_builder_add_string_value (builder, verdicts[i]);
  json_builder_end_array (builder);
}

void
ps_cli_print_path (PsChain *chain)
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
              b64, ps_cli_safe (ps_certificate_get_display_name (cert)),
              from_store ? _(" (from the trust store)") : "");
    }
}
