/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ps-pinset-rule.h"

/* A rule against a chain: which chains it covers and whether its pins accept them. */

gboolean
ps_pinset_rule_covers_chain (PsPinsetRule *rule,
                             PsChain      *chain)
{
  const char *hostname;
  const char * const *sans;
  PsCertificate *leaf;
  GListModel *domains;

  g_return_val_if_fail (PS_IS_PINSET_RULE (rule), FALSE);
  g_return_val_if_fail (PS_IS_CHAIN (chain), FALSE);

  hostname = ps_chain_get_hostname (chain);
  if (hostname != NULL && *hostname != '\0')
    return ps_pinset_rule_covers (rule, hostname);

  if (ps_chain_get_n_certificates (chain) == 0)
    return FALSE;
  leaf = ps_chain_get_certificate (chain, 0);

  /* A name the leaf serves that a domain of the rule covers. A wildcard name serves every
   * label below its base: the rule covers it when it covers any such name, which a
   * made-up label stands for (names the rule lists one by one are checked below). */
  sans = ps_certificate_get_sans (leaf);
  for (guint i = 0; sans != NULL && sans[i] != NULL; i++)
    {
      g_autofree char *any_label = NULL;

      if (!g_str_has_prefix (sans[i], "*."))
        {
          if (ps_pinset_rule_covers (rule, sans[i]))
            return TRUE;
          continue;
        }
      any_label = g_strconcat ("pinscope-any-label", sans[i] + 1, NULL);
      if (ps_pinset_rule_covers (rule, any_label))
        return TRUE;
    }
  if ((sans == NULL || sans[0] == NULL) && ps_certificate_get_common_name (leaf) != NULL &&
      ps_pinset_rule_covers (rule, ps_certificate_get_common_name (leaf)))
    return TRUE;

  /* Or a domain of the rule the leaf (possibly a wildcard certificate) is valid for. */
  domains = ps_pinset_rule_get_domains (rule);
  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, i);
      const char *name = ps_pinset_domain_get_name (domain);

      while (g_str_has_prefix (name, "*."))
        name += 2;
      if (g_str_has_prefix (name, "**."))
        name += 3;
      if (*name != '\0' && ps_certificate_matches_hostname (leaf, name))
        return TRUE;
    }

  return FALSE;
}

static gboolean
role_in_leaf_group (PsPinRole role)
{
  return role == PS_PIN_ROLE_LEAF || role == PS_PIN_ROLE_BACKUP;
}

static gboolean
role_in_ca_group (PsPinRole role)
{
  return role == PS_PIN_ROLE_INTERMEDIATE || role == PS_PIN_ROLE_ROOT;
}

gboolean
ps_pinset_rule_has_pins_for (PsPinsetRule   *self,
                             PsRuleRequires  group)
{
  GListModel *pins;
  guint n;

  g_return_val_if_fail (PS_IS_PINSET_RULE (self), FALSE);

  pins = ps_pinset_rule_get_pins (self);
  n = g_list_model_get_n_items (pins);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, i);
      PsPinRole role = ps_pinset_pin_get_role (pin);

      if (ps_pinset_pin_get_pin (pin) == NULL)
        continue;
      if (group == PS_RULE_REQUIRES_NONE ||
          ((group & PS_RULE_REQUIRES_LEAF) && role_in_leaf_group (role)) ||
          ((group & PS_RULE_REQUIRES_CA) && role_in_ca_group (role)))
        return TRUE;
    }
  return FALSE;
}

/* Without requirements, any pin may match any certificate of the validated path (Android,
 * OkHttp, TrustKit). With ATS identity lists, each list present must find its match: the
 * leaf list at the leaf, the CA list at a CA certificate of the chain. */
gboolean
ps_pinset_rule_pins_match_chain (PsPinsetRule *self,
                                 PsChain      *chain)
{
  GListModel *pins;
  gboolean leaf_matched = FALSE;
  gboolean ca_matched = FALSE;
  gboolean any_matched = FALSE;
  guint n;

  g_return_val_if_fail (PS_IS_PINSET_RULE (self), FALSE);
  g_return_val_if_fail (PS_IS_CHAIN (chain), FALSE);

  pins = ps_pinset_rule_get_pins (self);
  n = g_list_model_get_n_items (pins);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, i);
      PsPinRole role = ps_pinset_pin_get_role (pin);
      int depth = ps_chain_find_pin (chain, ps_pinset_pin_get_pin (pin), NULL);

      if (depth < 0)
        continue;
      any_matched = TRUE;
      if (depth == 0 && role_in_leaf_group (role))
        leaf_matched = TRUE;
      if (depth > 0 && role_in_ca_group (role))
        ca_matched = TRUE;
    }

  if (ps_pinset_rule_get_requires (self) == PS_RULE_REQUIRES_NONE)
    return any_matched;
  return (!(ps_pinset_rule_get_requires (self) & PS_RULE_REQUIRES_LEAF) || leaf_matched) &&
         (!(ps_pinset_rule_get_requires (self) & PS_RULE_REQUIRES_CA) || ca_matched);
}
