/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-pinset-diff.h"

/* Pinset against pinset */

struct _PsDiffEntry
{
  GObject       parent_instance;

  PsDiffKind    kind;
  PsDiffTarget  target;
  int           rule_a;
  int           rule_b;
  char         *rule_label;
  char         *item;
  char         *field;
  char         *old_value;
  char         *new_value;
};

G_DEFINE_ENUM_TYPE (PsDiffKind, ps_diff_kind,
  G_DEFINE_ENUM_VALUE (PS_DIFF_ADDED, "added"),
  G_DEFINE_ENUM_VALUE (PS_DIFF_REMOVED, "removed"),
  G_DEFINE_ENUM_VALUE (PS_DIFF_CHANGED, "changed"))

G_DEFINE_ENUM_TYPE (PsDiffTarget, ps_diff_target,
  G_DEFINE_ENUM_VALUE (PS_DIFF_DOCUMENT, "document"),
  G_DEFINE_ENUM_VALUE (PS_DIFF_RULE, "rule"),
  G_DEFINE_ENUM_VALUE (PS_DIFF_DOMAIN, "domain"),
  G_DEFINE_ENUM_VALUE (PS_DIFF_PIN, "pin"))

G_DEFINE_FINAL_TYPE (PsDiffEntry, ps_diff_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_TARGET,
  PROP_RULE_A,
  PROP_RULE_B,
  PROP_RULE_LABEL,
  PROP_ITEM,
  PROP_FIELD,
  PROP_OLD_VALUE,
  PROP_NEW_VALUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ps_diff_entry_finalize (GObject *object)
{
  PsDiffEntry *self = PS_DIFF_ENTRY (object);

  g_free (self->rule_label);
  g_free (self->item);
  g_free (self->field);
  g_free (self->old_value);
  g_free (self->new_value);

  G_OBJECT_CLASS (ps_diff_entry_parent_class)->finalize (object);
}

static void
ps_diff_entry_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PsDiffEntry *self = PS_DIFF_ENTRY (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_TARGET:
      g_value_set_enum (value, self->target);
      break;
    case PROP_RULE_A:
      g_value_set_int (value, self->rule_a);
      break;
    case PROP_RULE_B:
      g_value_set_int (value, self->rule_b);
      break;
    case PROP_RULE_LABEL:
      g_value_set_string (value, self->rule_label);
      break;
    case PROP_ITEM:
      g_value_set_string (value, self->item);
      break;
    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    case PROP_OLD_VALUE:
      g_value_set_string (value, self->old_value);
      break;
    case PROP_NEW_VALUE:
      g_value_set_string (value, self->new_value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_diff_entry_class_init (PsDiffEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ps_diff_entry_finalize;
  object_class->get_property = ps_diff_entry_get_property;

  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, PS_TYPE_DIFF_KIND,
                                             PS_DIFF_ADDED, flags);
  properties[PROP_TARGET] = g_param_spec_enum ("target", NULL, NULL, PS_TYPE_DIFF_TARGET,
                                               PS_DIFF_DOCUMENT, flags);
  properties[PROP_RULE_A] = g_param_spec_int ("rule-a", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_RULE_B] = g_param_spec_int ("rule-b", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_RULE_LABEL] = g_param_spec_string ("rule-label", NULL, NULL, NULL, flags);
  properties[PROP_ITEM] = g_param_spec_string ("item", NULL, NULL, NULL, flags);
  properties[PROP_FIELD] = g_param_spec_string ("field", NULL, NULL, NULL, flags);
  properties[PROP_OLD_VALUE] = g_param_spec_string ("old-value", NULL, NULL, NULL, flags);
  properties[PROP_NEW_VALUE] = g_param_spec_string ("new-value", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ps_diff_entry_init (PsDiffEntry *self)
{
  self->rule_a = -1;
  self->rule_b = -1;
}

PsDiffKind
ps_diff_entry_get_kind (PsDiffEntry *self)
{
  g_return_val_if_fail (PS_IS_DIFF_ENTRY (self), PS_DIFF_ADDED);
  return self->kind;
}

PsDiffTarget
ps_diff_entry_get_target (PsDiffEntry *self)
{
  g_return_val_if_fail (PS_IS_DIFF_ENTRY (self), PS_DIFF_DOCUMENT);
  return self->target;
}

int
ps_diff_entry_get_rule_a (PsDiffEntry *self)
{
  g_return_val_if_fail (PS_IS_DIFF_ENTRY (self), -1);
  return self->rule_a;
}

int
ps_diff_entry_get_rule_b (PsDiffEntry *self)
{
  g_return_val_if_fail (PS_IS_DIFF_ENTRY (self), -1);
  return self->rule_b;
}

const char *
ps_diff_entry_get_rule_label (PsDiffEntry *self)
{
  g_return_val_if_fail (PS_IS_DIFF_ENTRY (self), NULL);
  return self->rule_label;
}

const char *
ps_diff_entry_get_item (PsDiffEntry *self)
{
  g_return_val_if_fail (PS_IS_DIFF_ENTRY (self), NULL);
  return self->item;
}

const char *
ps_diff_entry_get_field (PsDiffEntry *self)
{
  g_return_val_if_fail (PS_IS_DIFF_ENTRY (self), NULL);
  return self->field;
}

const char *
ps_diff_entry_get_old_value (PsDiffEntry *self)
{
  g_return_val_if_fail (PS_IS_DIFF_ENTRY (self), NULL);
  return self->old_value;
}

const char *
ps_diff_entry_get_new_value (PsDiffEntry *self)
{
  g_return_val_if_fail (PS_IS_DIFF_ENTRY (self), NULL);
  return self->new_value;
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
  const char *old_value;
  const char *new_value;

  g_return_val_if_fail (PS_IS_DIFF_ENTRY (entry), NULL);

  old_value = entry->old_value != NULL ? entry->old_value : _("(none)");
  new_value = entry->new_value != NULL ? entry->new_value : _("(none)");

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
add_entry (GListStore   *result,
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
  g_autoptr(PsDiffEntry) entry = g_object_new (PS_TYPE_DIFF_ENTRY, NULL);

  entry->kind = kind;
  entry->target = target;
  entry->rule_a = rule_a;
  entry->rule_b = rule_b;
  entry->rule_label = g_strdup (rule_label);
  entry->item = g_strdup (item);
  entry->field = g_strdup (field);
  entry->old_value = g_strdup (old_value);
  entry->new_value = g_strdup (new_value);
  g_list_store_append (result, entry);
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

/* The domains of a rule by name. */
static GHashTable *
domains_by_name (PsPinsetRule *rule)
{
  GListModel *domains = ps_pinset_rule_get_domains (rule);
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      PsPinsetDomain *domain = g_list_model_get_item (domains, i);

      if (!g_hash_table_contains (table, ps_pinset_domain_get_name (domain)))
        g_hash_table_insert (table, (gpointer) ps_pinset_domain_get_name (domain), domain);
      else
        g_object_unref (domain);
    }
  return table;
}

/* The pins of a rule by their display text (owned keys); the first of equal pins wins. */
static GHashTable *
pins_by_display (PsPinsetRule *rule)
{
  GListModel *pins = ps_pinset_rule_get_pins (rule);
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (pins); i++)
    {
      PsPinsetPin *pin = g_list_model_get_item (pins, i);
      char *display = ps_pinset_pin_dup_display (pin);

      if (!g_hash_table_contains (table, display))
        g_hash_table_insert (table, display, pin);
      else
        {
          g_free (display);
          g_object_unref (pin);
        }
    }
  return table;
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
diff_changed_string (GListStore *result,
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
diff_rule_semantics (GListStore   *result,
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
diff_domains (GListStore   *result,
              PsPinsetRule *a,
              int           ia,
              PsPinsetRule *b,
              int           ib,
              const char   *label)
{
  GListModel *domains_a = ps_pinset_rule_get_domains (a);
  GListModel *domains_b = ps_pinset_rule_get_domains (b);
  g_autoptr(GHashTable) by_name_a = domains_by_name (a);
  g_autoptr(GHashTable) by_name_b = domains_by_name (b);

  for (guint i = 0; i < g_list_model_get_n_items (domains_a); i++)
    {
      g_autoptr(PsPinsetDomain) da = g_list_model_get_item (domains_a, i);
      const char *name = ps_pinset_domain_get_name (da);
      PsPinsetDomain *db = g_hash_table_lookup (by_name_b, name);

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

      if (!g_hash_table_contains (by_name_a, name))
        add_entry (result, PS_DIFF_ADDED, PS_DIFF_DOMAIN, ia, ib, label, name, NULL,
                   NULL, NULL);
    }
}

static void
diff_pins (GListStore   *result,
           PsPinsetRule *a,
           int           ia,
           PsPinsetRule *b,
           int           ib,
           const char   *label)
{
  GListModel *pins_a = ps_pinset_rule_get_pins (a);
  GListModel *pins_b = ps_pinset_rule_get_pins (b);
  g_autoptr(GHashTable) by_display_a = pins_by_display (a);
  g_autoptr(GHashTable) by_display_b = pins_by_display (b);

  for (guint i = 0; i < g_list_model_get_n_items (pins_a); i++)
    {
      g_autoptr(PsPinsetPin) pa = g_list_model_get_item (pins_a, i);
      g_autofree char *display = ps_pinset_pin_dup_display (pa);
      PsPinsetPin *pb = g_hash_table_lookup (by_display_b, display);
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

      if (!g_hash_table_contains (by_display_a, display))
        add_entry (result, PS_DIFF_ADDED, PS_DIFF_PIN, ia, ib, label, display, NULL,
                   NULL, NULL);
    }
}

static void
diff_rules (GListStore   *result,
            PsPinsetRule *a,
            int           ia,
            PsPinsetRule *b,
            int           ib)
{
  g_autofree char *label = ps_pinset_rule_dup_label (b);
  g_autofree char *exp_a = date_string (ps_pinset_rule_get_expiration (a));
  g_autofree char *exp_b = date_string (ps_pinset_rule_get_expiration (b));

  if (g_strcmp0 (exp_a, exp_b) != 0)
    add_entry (result, PS_DIFF_CHANGED, PS_DIFF_RULE, ia, ib, label, NULL, "expiration",
               exp_a, exp_b);
  if (g_strcmp0 (ps_pinset_rule_get_notes (a), ps_pinset_rule_get_notes (b)) != 0)
    add_entry (result, PS_DIFF_CHANGED, PS_DIFF_RULE, ia, ib, label, NULL, "notes",
               ps_pinset_rule_get_notes (a), ps_pinset_rule_get_notes (b));
  diff_rule_semantics (result, a, ia, b, ib, label);
  diff_domains (result, a, ia, b, ib, label);
  diff_pins (result, a, ia, b, ib, label);
}

static void
diff_documents (GListStore *result,
                PsPinset   *a,
                PsPinset   *b)
{
  g_autofree char *base_a = anchors_string (ps_pinset_get_base_anchors (a));
  g_autofree char *base_b = anchors_string (ps_pinset_get_base_anchors (b));
  g_autofree char *debug_a = anchors_string (ps_pinset_get_debug_anchors (a));
  g_autofree char *debug_b = anchors_string (ps_pinset_get_debug_anchors (b));

  if (g_strcmp0 (ps_pinset_get_name (a), ps_pinset_get_name (b)) != 0)
    add_entry (result, PS_DIFF_CHANGED, PS_DIFF_DOCUMENT, -1, -1, NULL, NULL, "name",
               ps_pinset_get_name (a), ps_pinset_get_name (b));
  if (g_strcmp0 (base_a, base_b) != 0)
    add_entry (result, PS_DIFF_CHANGED, PS_DIFF_DOCUMENT, -1, -1, NULL, NULL, "base_anchors",
               base_a, base_b);
  if (g_strcmp0 (debug_a, debug_b) != 0)
    add_entry (result, PS_DIFF_CHANGED, PS_DIFF_DOCUMENT, -1, -1, NULL, NULL,
               "debug_anchors", debug_a, debug_b);
}

/* A queue of the indexes of B's rules under one key, in order; used ones are skipped. */
static GQueue *
key_queue (GHashTable *table,
           const char *key)
{
  GQueue *queue = g_hash_table_lookup (table, key);

  if (queue == NULL)
    {
      queue = g_queue_new ();
      g_hash_table_insert (table, g_strdup (key), queue);
    }
  return queue;
}

static int
first_unused (GQueue         *queue,
              const gboolean *b_used)
{
  while (queue != NULL && !g_queue_is_empty (queue) &&
         b_used[GPOINTER_TO_UINT (g_queue_peek_head (queue))])
    g_queue_pop_head (queue);
  return queue != NULL && !g_queue_is_empty (queue)
         ? (int) GPOINTER_TO_UINT (g_queue_peek_head (queue)) : -1;
}

static void
queue_free (gpointer queue)
{
  g_queue_free (queue);
}

/* Pairs the rules of A with those of B: same domains first, then rules that share a
 * domain, each time with the first unused rule of B. Both passes look B's rules up by key
 * (all domains, or one domain), so the work grows with the number of domains. */
static void
pair_rules (GListModel *rules_a,
            GListModel *rules_b,
            int        *pair_of_a,
            gboolean   *b_used)
{
  guint na = g_list_model_get_n_items (rules_a);
  guint nb = g_list_model_get_n_items (rules_b);
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        queue_free);
  g_autoptr(GHashTable) by_domain = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           queue_free);

  for (guint j = 0; j < nb; j++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules_b, j);
      g_autofree char *key = rule_key (rule);
      g_autoptr(GHashTable) domains = domains_by_name (rule);
      GHashTableIter iter;
      gpointer name;

      g_queue_push_tail (key_queue (by_key, key), GUINT_TO_POINTER (j));
      g_hash_table_iter_init (&iter, domains);
      while (g_hash_table_iter_next (&iter, &name, NULL))
        g_queue_push_tail (key_queue (by_domain, name), GUINT_TO_POINTER (j));
    }

  for (guint i = 0; i < na; i++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules_a, i);
      g_autofree char *key = rule_key (rule);
      int j = first_unused (g_hash_table_lookup (by_key, key), b_used);

      pair_of_a[i] = j;
      if (j >= 0)
        b_used[j] = TRUE;
    }
  for (guint i = 0; i < na; i++)
    {
      g_autoptr(PsPinsetRule) rule = NULL;
      GListModel *domains;
      int best = -1;

      if (pair_of_a[i] >= 0)
        continue;
      rule = g_list_model_get_item (rules_a, i);
      domains = ps_pinset_rule_get_domains (rule);
      for (guint d = 0; d < g_list_model_get_n_items (domains); d++)
        {
          g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, d);
          int j = first_unused (g_hash_table_lookup (by_domain,
                                                     ps_pinset_domain_get_name (domain)),
                                b_used);

          if (j >= 0 && (best < 0 || j < best))
            best = j;
        }
      pair_of_a[i] = best;
      if (best >= 0)
        b_used[best] = TRUE;
    }
}

GListModel *
ps_compare_pinsets (PsPinset *a,
                    PsPinset *b)
{
  GListStore *result;
  GListModel *rules_a;
  GListModel *rules_b;
  guint na, nb;
  g_autofree int *pair_of_a = NULL;
  g_autofree gboolean *b_used = NULL;

  g_return_val_if_fail (PS_IS_PINSET (a), NULL);
  g_return_val_if_fail (PS_IS_PINSET (b), NULL);

  result = g_list_store_new (PS_TYPE_DIFF_ENTRY);
  diff_documents (result, a, b);

  rules_a = ps_pinset_get_rules (a);
  rules_b = ps_pinset_get_rules (b);
  na = g_list_model_get_n_items (rules_a);
  nb = g_list_model_get_n_items (rules_b);
  pair_of_a = g_new (int, na + 1);
  b_used = g_new0 (gboolean, nb + 1);
  pair_rules (rules_a, rules_b, pair_of_a, b_used);

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

  return G_LIST_MODEL (result);
}
