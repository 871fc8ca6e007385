/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-compare.h"

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

/* Rotation readiness */

static void
rotation_match_free (PsRotationMatch *match)
{
  g_clear_object (&match->pin);
  g_clear_object (&match->certificate);
  g_free (match);
}

static void
rotation_rule_free (PsRotationRule *rule)
{
  g_clear_object (&rule->rule);
  g_clear_pointer (&rule->matches, g_ptr_array_unref);
  g_free (rule->reason);
  g_free (rule);
}

void
ps_rotation_report_free (PsRotationReport *report)
{
  if (report == NULL)
    return;
  g_clear_object (&report->chain);
  g_strfreev (report->names);
  g_clear_pointer (&report->rules, g_ptr_array_unref);
  g_free (report->chain_problem);
  g_free (report);
}

static GStrv
chain_names (PsChain *chain)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *hostname = ps_chain_get_hostname (chain);

  if (hostname != NULL && *hostname != '\0')
    g_strv_builder_add (builder, hostname);
  else if (ps_chain_get_n_certificates (chain) > 0)
    {
      PsCertificate *leaf = ps_chain_get_certificate (chain, 0);
      const char * const *sans = ps_certificate_get_sans (leaf);

      if (sans != NULL && sans[0] != NULL)
        g_strv_builder_addv (builder, (const char **) sans);
      else if (ps_certificate_get_common_name (leaf) != NULL)
        g_strv_builder_add (builder, ps_certificate_get_common_name (leaf));
    }
  return g_strv_builder_end (builder);
}

static char *
describe_path (PsChain *chain)
{
  const guint *path;
  guint n_path = 0;
  GString *s = g_string_new (NULL);

  path = ps_chain_get_path (chain, &n_path);
  for (guint depth = 0; depth < n_path; depth++)
    {
      PsCertificate *cert = ps_chain_get_certificate (chain, path[depth]);
      PsPinRole role = ps_chain_role_at (chain, depth);

      if (depth > 0)
        g_string_append (s, ", ");
      /* TRANSLATORS: a level of a chain, such as: leaf “www.example.com” */
      g_string_append_printf (s, _("%s “%s”"), ps_pin_role_to_string (role),
                              ps_certificate_get_display_name (cert));
    }
  return g_string_free (s, FALSE);
}

/* Why clients refuse @chain, in sentences. Only what fails validation is a reason: a root
 * or an extra certificate sent along is worth fixing, but clients ignore it. */
static char *
chain_refusal (PsChain *chain)
{
  const PsChainProblem ignored[] = {
    PS_CHAIN_PROBLEM_WRONG_ORDER,
    PS_CHAIN_PROBLEM_ROOT_SENT,
    PS_CHAIN_PROBLEM_EXTRA_CERTIFICATES,
    PS_CHAIN_PROBLEM_DUPLICATE_CERTIFICATES,
  };
  g_auto(GStrv) verdicts = ps_chain_dup_verdicts (chain);
  PsChainProblem problems = ps_chain_get_problems (chain);
  GString *s = g_string_new (NULL);

  for (guint i = 0; verdicts != NULL && verdicts[i] != NULL; i++)
    {
      gboolean skip = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (ignored) && !skip; j++)
        skip = (problems & ignored[j]) &&
               g_str_equal (verdicts[i], ps_chain_problem_to_string (ignored[j]));
      if (skip)
        continue;
      if (s->len > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, verdicts[i]);
    }
  if (s->len == 0)
    g_string_append (s, _("The chain does not lead to a trusted anchor."));
  return g_string_free (s, FALSE);
}

/* Why the rule refuses the chain, or why it accepts it without a pin match; NULL when a
 * pin simply matches. */
static char *
rotation_reason (PsPinsetRule     *rule,
                 PsRotationRule   *result,
                 PsRotationReport *report,
                 PsChain          *candidate,
                 guint             n_usable)
{
  PsRuleRequires requires = ps_pinset_rule_get_requires (rule);
  g_autofree char *levels = NULL;

  if (report->chain_problem != NULL)
    return g_strdup (_("The chain does not validate, so clients refuse it before they "
                       "compare any pin."));
  if (result->check == PS_PIN_CHECK_OVERRIDDEN)
    return g_strdup (_("The chain ends at a trust anchor with overridePins: the pins are "
                       "not checked."));
  if (result->check == PS_PIN_CHECK_MATCHED)
    return NULL;

  if ((requires & PS_RULE_REQUIRES_LEAF) &&
      !ps_pinset_rule_has_pins_for (rule, PS_RULE_REQUIRES_LEAF))
    return g_strdup (_("The rule requires a leaf identity but lists none, so every "
                       "connection is refused."));
  if ((requires & PS_RULE_REQUIRES_CA) &&
      !ps_pinset_rule_has_pins_for (rule, PS_RULE_REQUIRES_CA))
    return g_strdup (_("The rule requires a CA identity but lists none, so every "
                       "connection is refused."));

  levels = describe_path (candidate);
  if (result->check == PS_PIN_CHECK_REPORTED)
    return g_strdup_printf (_("No pin matches the chain (%s), but the rule only reports "
                              "mismatches: the connection goes on."), levels);
  if (requires == (PS_RULE_REQUIRES_LEAF | PS_RULE_REQUIRES_CA) && result->matches->len > 0)
    return g_strdup_printf (_("The rule requires both a leaf and a CA identity to match; "
                              "only one does. The chain is: %s."), levels);
  if (n_usable == 0)
    return g_strdup_printf (_("The rule has no usable pin; the chain is: %s."), levels);
  if (n_usable == 1)
    return g_strdup_printf (_("The only pin matches none of the keys of the chain: %s."),
                            levels);
  return g_strdup_printf (_("None of the %u pins matches a key of the chain: %s."),
                          n_usable, levels);
}

PsRotationReport *
ps_compare_rotation (PsPinset *pinset,
                     PsChain  *candidate)
{
  PsRotationReport *report;
  GListModel *rules;

  g_return_val_if_fail (PS_IS_PINSET (pinset), NULL);
  g_return_val_if_fail (PS_IS_CHAIN (candidate), NULL);

  report = g_new0 (PsRotationReport, 1);
  report->chain = g_object_ref (candidate);
  report->names = chain_names (candidate);
  report->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rotation_rule_free);
  report->accepted = TRUE;

  if (!ps_chain_get_trusted (candidate))
    {
      report->chain_problem = chain_refusal (candidate);
      report->accepted = FALSE;
    }

  rules = ps_pinset_get_rules (pinset);
  for (guint r = 0; r < g_list_model_get_n_items (rules); r++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, r);
      GListModel *pins = ps_pinset_rule_get_pins (rule);
      PsRotationRule *result;
      guint n_usable = 0;

      if (ps_pinset_rule_get_policy (rule) == PS_RULE_EXCLUDED ||
          !ps_pinset_rule_covers_chain (rule, candidate) ||
          ps_pinset_excludes_chain (pinset, candidate))
        continue;

      result = g_new0 (PsRotationRule, 1);
      result->rule_index = r;
      result->rule = g_object_ref (rule);
      result->matches = g_ptr_array_new_with_free_func ((GDestroyNotify) rotation_match_free);

      for (guint p = 0; p < g_list_model_get_n_items (pins); p++)
        {
          g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, p);
          PsCertificate *cert = NULL;
          int depth;

          if (ps_pinset_pin_get_pin (pin) == NULL)
            continue;
          n_usable++;
          depth = ps_chain_find_pin (candidate, ps_pinset_pin_get_pin (pin), &cert);
          if (depth >= 0)
            {
              PsRotationMatch *match = g_new0 (PsRotationMatch, 1);

              match->pin = g_object_ref (pin);
              match->depth = depth;
              match->certificate = g_object_ref (cert);
              g_ptr_array_add (result->matches, match);
              /* curl verifies the chain too (unless told not to) before it compares
               * the leaf key. */
              if (depth == 0 && report->chain_problem == NULL)
                result->leaf_only_accepted = TRUE;
            }
        }

      result->check = ps_pinset_rule_check_chain (rule, pinset, candidate, FALSE);
      result->accepted = report->chain_problem == NULL &&
                         result->check != PS_PIN_CHECK_BLOCKED;
      result->reason = rotation_reason (rule, result, report, candidate, n_usable);

      if (!result->accepted)
        report->accepted = FALSE;
      g_ptr_array_add (report->rules, result);
    }

  return report;
}
