/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ps-pin-match.h"

void
ps_pin_match_free (PsPinMatch *match)
{
  if (match == NULL)
    return;
  g_clear_object (&match->rule);
  g_clear_object (&match->pin);
  g_clear_object (&match->chain);
  g_clear_object (&match->certificate);
  g_free (match);
}

GPtrArray *
ps_compare_pinset_chains (PsPinset  *pinset,
                          GPtrArray *chains)
{
  GPtrArray *result;
  GListModel *rules;

  g_return_val_if_fail (PS_IS_PINSET (pinset), NULL);

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_pin_match_free);
  rules = ps_pinset_get_rules (pinset);

  for (guint r = 0; r < g_list_model_get_n_items (rules); r++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, r);
      GListModel *pins = ps_pinset_rule_get_pins (rule);

      /* An excluded rule pins nothing. */
      if (ps_pinset_rule_get_policy (rule) == PS_RULE_EXCLUDED)
        continue;

      for (guint p = 0; p < g_list_model_get_n_items (pins); p++)
        {
          g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, p);
          gboolean found = FALSE;

          for (guint c = 0; chains != NULL && c < chains->len; c++)
            {
              PsChain *chain = g_ptr_array_index (chains, c);
              PsCertificate *cert = NULL;
              PsPinMatch *match;
              int depth;

              if (!ps_pinset_rule_covers_chain (rule, chain) ||
                  ps_pinset_excludes_chain (pinset, chain))
                continue;
              depth = ps_chain_find_pin (chain, ps_pinset_pin_get_pin (pin), &cert);
              if (depth < 0)
                continue;

              match = g_new0 (PsPinMatch, 1);
              match->rule_index = r;
              match->rule = g_object_ref (rule);
              match->pin_index = p;
              match->pin = g_object_ref (pin);
              match->chain_index = c;
              match->chain = g_object_ref (chain);
              match->depth = depth;
              match->certificate = g_object_ref (cert);
              g_ptr_array_add (result, match);
              found = TRUE;
            }

          if (!found)
            {
              PsPinMatch *match = g_new0 (PsPinMatch, 1);

              match->rule_index = r;
              match->rule = g_object_ref (rule);
              match->pin_index = p;
              match->pin = g_object_ref (pin);
              match->chain_index = -1;
              match->depth = -1;
              g_ptr_array_add (result, match);
            }
        }
    }

  return result;
}
