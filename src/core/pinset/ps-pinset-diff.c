/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-pinset-diff.h"

/* Pinset against pinset */

void
ps_diff_entry_free (PsDiffEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->rule_label);
  g_free (entry->item);
  g_free (entry->field);
  g_free (entry->old_value);
  g_free (entry->new_value);
  g_free (entry);
}

const char *
ps_diff_kind_to_string (PsDiffKind kind)
{
  switch (kind)
    {
    case PS_DIFF_ADDED:
      return "added";
    case PS_DIFF_REMOVED:
      return "removed";
    case PS_DIFF_CHANGED:
      return "changed";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
ps_diff_target_to_string (PsDiffTarget target)
{
  switch (target)
    {
    case PS_DIFF_DOCUMENT:
      return "document";
    case PS_DIFF_RULE:
      return "rule";
    case PS_DIFF_DOMAIN:
      return "domain";
    case PS_DIFF_PIN:
      return "pin";
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
ps_diff_entry_to_string (PsDiffEntry *entry)
{
  const char *old_value = entry->old_value != NULL ? entry->old_value : _("(none)");
  const char *new_value = entry->new_value != NULL ? entry->new_value : _("(none)");

  g_return_val_if_fail (entry != NULL, NULL);

  switch (entry->target)
    {
    case PS_DIFF_DOCUMENT:
      return g_strdup_printf (_("Document %s changed from “%s” to “%s”"),
                              entry->field, old_value, new_value);
    case PS_DIFF_RULE:
      if (entry->kind == PS_DIFF_ADDED)
        return g_strdup_printf (_("Rule for %s added"), entry->rule_label);
      if (entry->kind == PS_DIFF_REMOVED)
        return g_strdup_printf (_("Rule for %s removed"), entry->rule_label);
      return g_strdup_printf (_("Rule for %s: %s changed from “%s” to “%s”"),
                              entry->rule_label, entry->field, old_value, new_value);
    case PS_DIFF_DOMAIN:
      if (entry->kind == PS_DIFF_ADDED)
        return g_strdup_printf (_("Rule for %s: domain %s added"),
                                entry->rule_label, entry->item);
      if (entry->kind == PS_DIFF_REMOVED)
        return g_strdup_printf (_("Rule for %s: domain %s removed"),
                                entry->rule_label, entry->item);
      return g_strdup_printf (_("Rule for %s: domain %s: %s changed from “%s” to “%s”"),
                              entry->rule_label, entry->item, entry->field,
                              old_value, new_value);
    case PS_DIFF_PIN:
      if (entry->kind == PS_DIFF_ADDED)
        return g_strdup_printf (_("Rule for %s: pin %s added"),
                                entry->rule_label, entry->item);
      if (entry->kind == PS_DIFF_REMOVED)
        return g_strdup_printf (_("Rule for %s: pin %s removed"),
                                entry->rule_label, entry->item);
      return g_strdup_printf (_("Rule for %s: pin %s: %s changed from “%s” to “%s”"),
                              entry->rule_label, entry->item, entry->field,
                              old_value, new_value);
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
add_entry (GPtrArray    *result,
           PsDiffKind    kind,
           PsDiffTarget  target,
           int           rule_a,
           int           rule_b,
           const char   *rule_label,
           const char   *item,
           const char   *field,
           const char   *old_value,
           const char   *new_value)
{
  PsDiffEntry *entry = g_new0 (PsDiffEntry, 1);

  entry->kind = kind;
  entry->target = target;
  entry->rule_a = rule_a;
  entry->rule_b = rule_b;
  entry->rule_label = g_strdup (rule_label);
  entry->item = g_strdup (item);
  entry->field = g_strdup (field);
  entry->old_value = g_strdup (old_value);
  entry->new_value = g_strdup (new_value);
  g_ptr_array_add (result, entry);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The domain names of a rule, sorted and joined: rules with the same key are the same
 * rule in two versions of a document. */
static char *
rule_key (PsPinsetRule *rule)
{
  GListModel *domains = ps_pinset_rule_get_domains (rule);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) key = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, i);

      g_ptr_array_add (names, (gpointer) ps_pinset_domain_get_name (domain));
    }
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    {
      g_string_append (key, g_ptr_array_index (names, i));
      g_string_append_c (key, '\n');
    }
  return g_string_free (g_steal_pointer (&key), FALSE);
}

static PsPinsetDomain *
find_domain (PsPinsetRule *rule,
             const char   *name)
{
  GListModel *domains = ps_pinset_rule_get_domains (rule);

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, i);

      if (g_str_equal (ps_pinset_domain_get_name (domain), name))
        return domain;
    }
  return NULL;
}

static gboolean
rules_share_domain (PsPinsetRule *a,
                    PsPinsetRule *b)
{
  GListModel *domains = ps_pinset_rule_get_domains (a);

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, i);

      if (find_domain (b, ps_pinset_domain_get_name (domain)) != NULL)
        return TRUE;
    }
  return FALSE;
}

static PsPinsetPin *
find_pin_by_display (PsPinsetRule *rule,
                     const char   *display)
{
  GListModel *pins = ps_pinset_rule_get_pins (rule);

  for (guint i = 0; i < g_list_model_get_n_items (pins); i++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, i);
      g_autofree char *text = ps_pinset_pin_dup_display (pin);

      if (g_str_equal (text, display))
        return pin;
    }
  return NULL;
}

static char *
date_string (GDateTime *date)
{
  return date != NULL ? g_date_time_format (date, "%Y-%m-%d") : NULL;
}

static char *
origin_string (PsPinsetPin *pin)
{
  const char *detail = ps_pinset_pin_get_origin_detail (pin);
  int depth = ps_pinset_pin_get_depth (pin);
  GString *s = g_string_new (ps_pin_origin_to_string (ps_pinset_pin_get_origin (pin)));

  if (detail != NULL)
    g_string_append_printf (s, " %s", detail);
  if (depth >= 0)
    g_string_append_printf (s, " #%d", depth);
  return g_string_free (s, FALSE);
}

static char *
requires_string (PsRuleRequires requires)
{
  if (requires == (PS_RULE_REQUIRES_LEAF | PS_RULE_REQUIRES_CA))
    return g_strdup ("leaf,ca");
  if (requires & PS_RULE_REQUIRES_LEAF)
    return g_strdup ("leaf");
  if (requires & PS_RULE_REQUIRES_CA)
    return g_strdup ("ca");
  return g_strdup ("none");
}

static char *
anchors_string (GListModel *anchors)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (anchors); i++)
    {
      g_autoptr(PsPinsetAnchor) anchor = g_list_model_get_item (anchors, i);

      g_string_append_printf (s, "%s%s%s", i > 0 ? ", " : "",
                              ps_pinset_anchor_get_source (anchor),
                              ps_pinset_anchor_get_override_pins (anchor)
                              ? " (overridePins)" : "");
    }
  if (s->len == 0)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}

static void
diff_changed_string (GPtrArray  *result,
                     int         ia,
                     int         ib,
                     const char *label,
                     const char *field,
                     const char *old_value,
                     const char *new_value)
{
  if (g_strcmp0 (old_value, new_value) != 0)
    add_entry (result, PS_DIFF_CHANGED, PS_DIFF_RULE, ia, ib, label, NULL, field,
               old_value, new_value);
}

/* What version 2 added to a rule: policy, ATS requirements, anchors, HPKP max-age. */
static void
diff_rule_semantics (GPtrArray    *result,
                     PsPinsetRule *a,
                     int           ia,
                     PsPinsetRule *b,
                     int           ib,
                     const char   *label)
{
  g_autofree char *requires_a = requires_string (ps_pinset_rule_get_requires (a));
  g_autofree char *requires_b = requires_string (ps_pinset_rule_get_requires (b));
  g_autofree char *anchors_a = anchors_string (ps_pinset_rule_get_anchors (a));
  g_autofree char *anchors_b = anchors_string (ps_pinset_rule_get_anchors (b));
  g_autofree char *max_age_a = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                ps_pinset_rule_get_max_age (a));
  g_autofree char *max_age_b = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                ps_pinset_rule_get_max_age (b));

  diff_changed_string (result, ia, ib, label, "policy",
                       ps_rule_policy_to_string (ps_pinset_rule_get_policy (a)),
                       ps_rule_policy_to_string (ps_pinset_rule_get_policy (b)));
  diff_changed_string (result, ia, ib, label, "requires", requires_a, requires_b);
  diff_changed_string (result, ia, ib, label, "anchors", anchors_a, anchors_b);
  diff_changed_string (result, ia, ib, label, "max_age", max_age_a, max_age_b);
}

static void
diff_rules (GPtrArray    *result,
            PsPinsetRule *a,
            int           ia,
            PsPinsetRule *b,
            int           ib)
{
  g_autofree char *label = ps_pinset_rule_dup_label (b);
  g_autofree char *exp_a = date_string (ps_pinset_rule_get_expiration (a));
  g_autofree char *exp_b = date_string (ps_pinset_rule_get_expiration (b));
  GListModel *domains_a = ps_pinset_rule_get_domains (a);
  GListModel *domains_b = ps_pinset_rule_get_domains (b);
  GListModel *pins_a = ps_pinset_rule_get_pins (a);
  GListModel *pins_b = ps_pinset_rule_get_pins (b);

  if (g_strcmp0 (exp_a, exp_b) != 0)
    add_entry (result, PS_DIFF_CHANGED, PS_DIFF_RULE, ia, ib, label, NULL, "expiration",
               exp_a, exp_b);
  if (g_strcmp0 (ps_pinset_rule_get_notes (a), ps_pinset_rule_get_notes (b)) != 0)
    add_entry (result, PS_DIFF_CHANGED, PS_DIFF_RULE, ia, ib, label, NULL, "notes",
               ps_pinset_rule_get_notes (a), ps_pinset_rule_get_notes (b));
  diff_rule_semantics (result, a, ia, b, ib, label);

  for (guint i = 0; i < g_list_model_get_n_items (domains_a); i++)
    {
      g_autoptr(PsPinsetDomain) da = g_list_model_get_item (domains_a, i);
      const char *name = ps_pinset_domain_get_name (da);
      PsPinsetDomain *db = find_domain (b, name);

      if (db == NULL)
        add_entry (result, PS_DIFF_REMOVED, PS_DIFF_DOMAIN, ia, ib, label, name, NULL,
                   NULL, NULL);
      else if (ps_pinset_domain_get_include_subdomains (da) !=
               ps_pinset_domain_get_include_subdomains (db))
        add_entry (result, PS_DIFF_CHANGED, PS_DIFF_DOMAIN, ia, ib, label, name,
                   "include_subdomains",
                   ps_pinset_domain_get_include_subdomains (da) ? "true" : "false",
                   ps_pinset_domain_get_include_subdomains (db) ? "true" : "false");
      else if (ps_pinset_domain_get_subdomains (da) != ps_pinset_domain_get_subdomains (db))
        add_entry (result, PS_DIFF_CHANGED, PS_DIFF_DOMAIN, ia, ib, label, name, "subdomains",
                   ps_subdomains_to_string (ps_pinset_domain_get_subdomains (da)),
                   ps_subdomains_to_string (ps_pinset_domain_get_subdomains (db)));
    }
  for (guint i = 0; i < g_list_model_get_n_items (domains_b); i++)
    {
      g_autoptr(PsPinsetDomain) db = g_list_model_get_item (domains_b, i);
      const char *name = ps_pinset_domain_get_name (db);

      if (find_domain (a, name) == NULL)
        add_entry (result, PS_DIFF_ADDED, PS_DIFF_DOMAIN, ia, ib, label, name, NULL,
                   NULL, NULL);
    }

  for (guint i = 0; i < g_list_model_get_n_items (pins_a); i++)
    {
      g_autoptr(PsPinsetPin) pa = g_list_model_get_item (pins_a, i);
      g_autofree char *display = ps_pinset_pin_dup_display (pa);
      PsPinsetPin *pb = find_pin_by_display (b, display);
      g_autofree char *origin_a = NULL;
      g_autofree char *origin_b = NULL;

      if (pb == NULL)
        {
          add_entry (result, PS_DIFF_REMOVED, PS_DIFF_PIN, ia, ib, label, display, NULL,
                     NULL, NULL);
          continue;
        }
      if (ps_pinset_pin_get_role (pa) != ps_pinset_pin_get_role (pb))
        add_entry (result, PS_DIFF_CHANGED, PS_DIFF_PIN, ia, ib, label, display, "role",
                   ps_pin_role_to_string (ps_pinset_pin_get_role (pa)),
                   ps_pin_role_to_string (ps_pinset_pin_get_role (pb)));
      if (g_strcmp0 (ps_pinset_pin_get_label (pa), ps_pinset_pin_get_label (pb)) != 0)
        add_entry (result, PS_DIFF_CHANGED, PS_DIFF_PIN, ia, ib, label, display, "label",
                   ps_pinset_pin_get_label (pa), ps_pinset_pin_get_label (pb));
      origin_a = origin_string (pa);
      origin_b = origin_string (pb);
      if (!g_str_equal (origin_a, origin_b))
        add_entry (result, PS_DIFF_CHANGED, PS_DIFF_PIN, ia, ib, label, display, "origin",
                   origin_a, origin_b);
    }
  for (guint i = 0; i < g_list_model_get_n_items (pins_b); i++)
    {
      g_autoptr(PsPinsetPin) pb = g_list_model_get_item (pins_b, i);
      g_autofree char *display = ps_pinset_pin_dup_display (pb);

      if (find_pin_by_display (a, display) == NULL)
        add_entry (result, PS_DIFF_ADDED, PS_DIFF_PIN, ia, ib, label, display, NULL,
                   NULL, NULL);
    }
}

GPtrArray *
ps_compare_pinsets (PsPinset *a,
                    PsPinset *b)
{
  GPtrArray *result;
  GListModel *rules_a;
  GListModel *rules_b;
  guint na, nb;
  g_autofree int *pair_of_a = NULL;
  g_autofree gboolean *b_used = NULL;
  g_auto(GStrv) keys_a = NULL;
  g_auto(GStrv) keys_b = NULL;

  g_return_val_if_fail (PS_IS_PINSET (a), NULL);
  g_return_val_if_fail (PS_IS_PINSET (b), NULL);

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_diff_entry_free);

  if (g_strcmp0 (ps_pinset_get_name (a), ps_pinset_get_name (b)) != 0)
    add_entry (result, PS_DIFF_CHANGED, PS_DIFF_DOCUMENT, -1, -1, NULL, NULL, "name",
               ps_pinset_get_name (a), ps_pinset_get_name (b));
  {
    g_autofree char *base_a = anchors_string (ps_pinset_get_base_anchors (a));
    g_autofree char *base_b = anchors_string (ps_pinset_get_base_anchors (b));
    g_autofree char *debug_a = anchors_string (ps_pinset_get_debug_anchors (a));
    g_autofree char *debug_b = anchors_string (ps_pinset_get_debug_anchors (b));

    if (g_strcmp0 (base_a, base_b) != 0)
      add_entry (result, PS_DIFF_CHANGED, PS_DIFF_DOCUMENT, -1, -1, NULL, NULL, "base_anchors",
                 base_a, base_b);
    if (g_strcmp0 (debug_a, debug_b) != 0)
      add_entry (result, PS_DIFF_CHANGED, PS_DIFF_DOCUMENT, -1, -1, NULL, NULL,
                 "debug_anchors", debug_a, debug_b);
  }

  rules_a = ps_pinset_get_rules (a);
  rules_b = ps_pinset_get_rules (b);
  na = g_list_model_get_n_items (rules_a);
  nb = g_list_model_get_n_items (rules_b);
  pair_of_a = g_new (int, na + 1);
  b_used = g_new0 (gboolean, nb + 1);
  keys_a = g_new0 (char *, na + 1);
  keys_b = g_new0 (char *, nb + 1);

  for (guint i = 0; i < na; i++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules_a, i);
      keys_a[i] = rule_key (rule);
      pair_of_a[i] = -1;
    }
  for (guint j = 0; j < nb; j++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules_b, j);
      keys_b[j] = rule_key (rule);
    }

  /* Pair rules with the same domains first, then rules that share a domain. */
  for (guint i = 0; i < na; i++)
    for (guint j = 0; j < nb && pair_of_a[i] < 0; j++)
      if (!b_used[j] && g_str_equal (keys_a[i], keys_b[j]))
        {
          pair_of_a[i] = j;
          b_used[j] = TRUE;
        }
  for (guint i = 0; i < na; i++)
    {
      g_autoptr(PsPinsetRule) ra = g_list_model_get_item (rules_a, i);

      for (guint j = 0; j < nb && pair_of_a[i] < 0; j++)
        {
          g_autoptr(PsPinsetRule) rb = g_list_model_get_item (rules_b, j);

          if (!b_used[j] && rules_share_domain (ra, rb))
            {
              pair_of_a[i] = j;
              b_used[j] = TRUE;
            }
        }
    }

  for (guint i = 0; i < na; i++)
    {
      g_autoptr(PsPinsetRule) ra = g_list_model_get_item (rules_a, i);

      if (pair_of_a[i] < 0)
        {
          g_autofree char *label = ps_pinset_rule_dup_label (ra);
          add_entry (result, PS_DIFF_REMOVED, PS_DIFF_RULE, i, -1, label, NULL, NULL,
                     NULL, NULL);
        }
      else
        {
          g_autoptr(PsPinsetRule) rb = g_list_model_get_item (rules_b, pair_of_a[i]);
          diff_rules (result, ra, i, rb, pair_of_a[i]);
        }
    }
  for (guint j = 0; j < nb; j++)
    {
      if (!b_used[j])
        {
          g_autoptr(PsPinsetRule) rb = g_list_model_get_item (rules_b, j);
          g_autofree char *label = ps_pinset_rule_dup_label (rb);
          add_entry (result, PS_DIFF_ADDED, PS_DIFF_RULE, -1, j, label, NULL, NULL,
                     NULL, NULL);
        }
    }

  return result;
}
