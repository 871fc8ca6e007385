/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ps-fleet.h"

/* Divergences: the addresses of one name and port that do not all serve the same chain,
 * found from the endpoints' chain digests (which outlive dropped chains). */

void
ps_fleet_divergence_free (PsFleetDivergence *divergence)
{
  if (divergence == NULL)
    return;
  g_free (divergence->name);
  g_clear_pointer (&divergence->endpoints, g_ptr_array_unref);
  g_free (divergence);
}

static gboolean
strv_has (GPtrArray  *list,
          const char *text)
{
  return g_ptr_array_find_with_equal_func (list, text, g_str_equal, NULL);
}

/* @group: the reached endpoints of one name:port. NULL when they all serve one chain. */
static PsFleetDivergence *
divergence_new (GPtrArray *group)
{
  g_autoptr(GPtrArray) digests = g_ptr_array_new ();
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  PsFleetDivergence *divergence;
  PsEndpoint *first = g_ptr_array_index (group, 0);

  for (guint i = 0; i < group->len; i++)
    {
      PsEndpoint *endpoint = g_ptr_array_index (group, i);
      const char *leaf = ps_endpoint_get_leaf_pin (endpoint);

      if (!strv_has (digests, ps_endpoint_get_chain_digest (endpoint)))
        g_ptr_array_add (digests, (char *) ps_endpoint_get_chain_digest (endpoint));
      if (leaf != NULL && !strv_has (keys, leaf))
        g_ptr_array_add (keys, (char *) leaf);
    }
  if (digests->len < 2)
    return NULL;

  divergence = g_new0 (PsFleetDivergence, 1);
  divergence->name = g_strdup (ps_endpoint_get_name (first));
  divergence->port = ps_endpoint_get_port (first);
  divergence->n_chains = digests->len;
  divergence->n_keys = MAX (keys->len, 1);
  divergence->endpoints = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint d = 0; d < digests->len; d++)
    {
      for (guint i = 0; i < group->len; i++)
        {
          PsEndpoint *endpoint = g_ptr_array_index (group, i);

          if (g_str_equal (ps_endpoint_get_chain_digest (endpoint), digests->pdata[d]))
            g_ptr_array_add (divergence->endpoints, g_object_ref (endpoint));
        }
    }
  return divergence;
}

/**
 * ps_fleet_dup_divergences:
 *
 * Returns: (transfer full) (element-type PsFleetDivergence): the divergences
 */
GPtrArray *
ps_fleet_dup_divergences (PsFleet *self)
{
  g_autoptr(GHashTable) groups = NULL;
  g_autoptr(GPtrArray) order = NULL;
  GPtrArray *result;

  g_return_val_if_fail (PS_IS_FLEET (self), NULL);

  groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  order = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self)); i++)
    {
      g_autoptr(PsEndpoint) endpoint = g_list_model_get_item (G_LIST_MODEL (self), i);
      g_autofree char *key = NULL;
      GPtrArray *group;

      if (ps_endpoint_get_chain_digest (endpoint) == NULL)
        continue;
      key = g_strdup_printf ("%s %u", ps_endpoint_get_name (endpoint),
                             ps_endpoint_get_port (endpoint));
      group = g_hash_table_lookup (groups, key);
      if (group == NULL)
        {
          group = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (groups, g_steal_pointer (&key), group);
          g_ptr_array_add (order, group);
        }
      g_ptr_array_add (group, g_steal_pointer (&endpoint));
    }

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_fleet_divergence_free);
  for (guint i = 0; i < order->len; i++)
    {
      PsFleetDivergence *divergence = divergence_new (g_ptr_array_index (order, i));

      if (divergence != NULL)
        g_ptr_array_add (result, divergence);
    }
  return result;
}
