/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "ps-error.h"
#include "ps-pinset-private.h"

/* Policy and requirements */

static const GEnumValue policy_values[] = {
  { PS_RULE_ENFORCE, "PS_RULE_ENFORCE", "enforce" },
  { PS_RULE_REPORT_ONLY, "PS_RULE_REPORT_ONLY", "report-only" },
  { PS_RULE_EXCLUDED, "PS_RULE_EXCLUDED", "excluded" },
  { 0, NULL, NULL },
};

static const GFlagsValue requires_values[] = {
  { PS_RULE_REQUIRES_NONE, "PS_RULE_REQUIRES_NONE", "none" },
  { PS_RULE_REQUIRES_LEAF, "PS_RULE_REQUIRES_LEAF", "leaf" },
  { PS_RULE_REQUIRES_CA, "PS_RULE_REQUIRES_CA", "ca" },
  { 0, NULL, NULL },
};

GType
ps_rule_policy_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("PsRulePolicy", policy_values));
  return type;
}

GType
ps_rule_requires_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_flags_register_static ("PsRuleRequires", requires_values));
  return type;
}

const char *
ps_rule_policy_to_string (PsRulePolicy policy)
{
  g_return_val_if_fail (policy <= PS_RULE_EXCLUDED, NULL);
  return policy_values[policy].value_nick;
}

gboolean
ps_rule_policy_from_string (const char   *text,
                            PsRulePolicy *policy)
{
  for (guint i = 0; text != NULL && policy_values[i].value_nick != NULL; i++)
    {
      if (g_ascii_strcasecmp (text, policy_values[i].value_nick) == 0)
        {
          if (policy != NULL)
            *policy = policy_values[i].value;
          return TRUE;
        }
    }
  return FALSE;
}

/* Dates */

GDateTime *
ps_date_parse_ymd (const char  *text,
                   GError     **error)
{
  static const gsize digits[] = { 0, 1, 2, 3, 5, 6, 8, 9 };
  int y, m, d;

  g_return_val_if_fail (text != NULL, NULL);

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    goto refused;
  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    if (!g_ascii_isdigit (text[digits[i]]))
      goto refused;

  y = atoi (text);
  m = (text[5] - '0') * 10 + (text[6] - '0');
  d = (text[8] - '0') * 10 + (text[9] - '0');
  if (y >= 1 && m >= 1 && m <= 12 && d >= 1 && g_date_valid_dmy (d, m, y))
    return g_date_time_new_utc (y, m, d, 0, 0, 0);

refused:
  g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
               _("“%s” is not a date (expected YYYY-MM-DD)"), text);
  return NULL;
}

/* PsPinsetRule */

struct _PsPinsetRule
{
  GObject parent_instance;

  GListStore *domains;
  GListStore *pins;
  /* pin_key () -> how many pins of @pins have it: finding a duplicate costs no scan, so
   * that an imported rule with thousands of pins is built in linear time. */
  GHashTable *pin_keys;
  GListStore *anchors;
  GDateTime *expiration;
  char *notes;
  PsRulePolicy policy;
  PsRuleRequires requires;
  gint64 max_age;
  PsOwners owners;
};

G_DEFINE_FINAL_TYPE (PsPinsetRule, ps_pinset_rule, G_TYPE_OBJECT)

static GListStore *rule_anchors (PsPinsetRule *self);

enum {
  RULE_PROP_0,
  RULE_PROP_DOMAINS,
  RULE_PROP_PINS,
  RULE_PROP_EXPIRATION,
  RULE_PROP_NOTES,
  RULE_PROP_POLICY,
  RULE_PROP_REQUIRES,
  RULE_PROP_MAX_AGE,
  RULE_PROP_ANCHORS,
  RULE_N_PROPS
};

enum {
  RULE_CHANGED,
  RULE_N_SIGNALS
};

static GParamSpec *rule_properties[RULE_N_PROPS];
static guint rule_signals[RULE_N_SIGNALS];

static void
rule_emit_changed (PsPinsetRule *self)
{
  g_signal_emit (self, rule_signals[RULE_CHANGED], 0);
  _ps_owners_notify (&self->owners, _ps_pinset_rule_changed);
}

void
_ps_pinset_rule_item_changed (gpointer rule)
{
  rule_emit_changed (PS_PINSET_RULE (rule));
}

void
_ps_pinset_rule_add_owner (PsPinsetRule *rule,
                           gpointer      owner)
{
  _ps_owners_add (&rule->owners, owner);
}

void
_ps_pinset_rule_remove_owner (PsPinsetRule *rule,
                              gpointer      owner)
{
  _ps_owners_remove (&rule->owners, owner);
}

static void
rule_items_changed_cb (GListModel   *model,
                       guint         position,
                       guint         removed,
                       guint         added,
                       PsPinsetRule *self)
{
  rule_emit_changed (self);
}

static void
ps_pinset_rule_dispose (GObject *object)
{
  PsPinsetRule *self = PS_PINSET_RULE (object);

  /* The items may outlive the rule: they must not call it any more. */
  if (self->domains != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->domains));

      g_signal_handlers_disconnect_by_data (self->domains, self);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (G_LIST_MODEL (self->domains),
                                                                    i);
          _ps_pinset_domain_remove_owner (domain, self);
        }
    }
  if (self->pins != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->pins));

      g_signal_handlers_disconnect_by_data (self->pins, self);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(PsPinsetPin) pin = g_list_model_get_item (G_LIST_MODEL (self->pins), i);

          _ps_pinset_pin_remove_owner (pin, self);
        }
    }
  if (self->anchors != NULL)
    g_signal_handlers_disconnect_by_data (self->anchors, self);
  g_clear_object (&self->domains);
  g_clear_object (&self->pins);
  g_clear_object (&self->anchors);

  G_OBJECT_CLASS (ps_pinset_rule_parent_class)->dispose (object);
}

static void
ps_pinset_rule_finalize (GObject *object)
{
  PsPinsetRule *self = PS_PINSET_RULE (object);

  g_clear_pointer (&self->expiration, g_date_time_unref);
  g_clear_pointer (&self->notes, g_free);
  g_clear_pointer (&self->pin_keys, g_hash_table_unref);
  g_clear_object (&self->anchors); /* made again after dispose, if asked for */
  _ps_owners_clear (&self->owners);

  G_OBJECT_CLASS (ps_pinset_rule_parent_class)->finalize (object);
}

static void
ps_pinset_rule_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PsPinsetRule *self = PS_PINSET_RULE (object);

  switch (prop_id)
    {
    case RULE_PROP_DOMAINS:
      g_value_set_object (value, self->domains);
      break;
    case RULE_PROP_PINS:
      g_value_set_object (value, self->pins);
      break;
    case RULE_PROP_EXPIRATION:
      g_value_set_boxed (value, self->expiration);
      break;
    case RULE_PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;
    case RULE_PROP_POLICY:
      g_value_set_enum (value, self->policy);
      break;
    case RULE_PROP_REQUIRES:
      g_value_set_flags (value, self->requires);
      break;
    case RULE_PROP_MAX_AGE:
      g_value_set_int64 (value, self->max_age);
      break;
    case RULE_PROP_ANCHORS:
      g_value_set_object (value, rule_anchors (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_pinset_rule_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PsPinsetRule *self = PS_PINSET_RULE (object);

  switch (prop_id)
    {
    case RULE_PROP_EXPIRATION:
      ps_pinset_rule_set_expiration (self, g_value_get_boxed (value));
      break;
    case RULE_PROP_NOTES:
      ps_pinset_rule_set_notes (self, g_value_get_string (value));
      break;
    case RULE_PROP_POLICY:
      ps_pinset_rule_set_policy (self, g_value_get_enum (value));
      break;
    case RULE_PROP_REQUIRES:
      ps_pinset_rule_set_requires (self, g_value_get_flags (value));
      break;
    case RULE_PROP_MAX_AGE:
      ps_pinset_rule_set_max_age (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_pinset_rule_dispatch_properties_changed (GObject     *object,
                                            guint        n_pspecs,
                                            GParamSpec **pspecs)
{
  G_OBJECT_CLASS (ps_pinset_rule_parent_class)->dispatch_properties_changed (object, n_pspecs,
                                                                             pspecs);
  rule_emit_changed (PS_PINSET_RULE (object));
}

static void
ps_pinset_rule_class_init (PsPinsetRuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispatch_properties_changed = ps_pinset_rule_dispatch_properties_changed;
  object_class->dispose = ps_pinset_rule_dispose;
  object_class->finalize = ps_pinset_rule_finalize;
  object_class->get_property = ps_pinset_rule_get_property;
  object_class->set_property = ps_pinset_rule_set_property;

  rule_properties[RULE_PROP_DOMAINS] =
    g_param_spec_object ("domains", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  rule_properties[RULE_PROP_PINS] =
    g_param_spec_object ("pins", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  rule_properties[RULE_PROP_EXPIRATION] =
    g_param_spec_boxed ("expiration", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  rule_properties[RULE_PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  rule_properties[RULE_PROP_POLICY] =
    g_param_spec_enum ("policy", NULL, NULL, PS_TYPE_RULE_POLICY, PS_RULE_ENFORCE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  rule_properties[RULE_PROP_REQUIRES] =
    g_param_spec_flags ("requires", NULL, NULL, PS_TYPE_RULE_REQUIRES, PS_RULE_REQUIRES_NONE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  rule_properties[RULE_PROP_MAX_AGE] =
    g_param_spec_int64 ("max-age", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  rule_properties[RULE_PROP_ANCHORS] =
    g_param_spec_object ("anchors", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, RULE_N_PROPS, rule_properties);

  /**
   * PsPinsetRule::changed:
   *
   * Emitted when the rule, one of its domains or one of its pins changes.
   */
  rule_signals[RULE_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ps_pinset_rule_init (PsPinsetRule *self)
{
  self->domains = g_list_store_new (PS_TYPE_PINSET_DOMAIN);
  self->pins = g_list_store_new (PS_TYPE_PINSET_PIN);
  self->pin_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->max_age = -1;

  g_signal_connect (self->domains, "items-changed", G_CALLBACK (rule_items_changed_cb), self);
  g_signal_connect (self->pins, "items-changed", G_CALLBACK (rule_items_changed_cb), self);
}

/* The anchors, made on first use: few rules have any, and a pinset of 10,000 rules made
 * and tore down 10,000 empty lists. */
static GListStore *
rule_anchors (PsPinsetRule *self)
{
  if (self->anchors == NULL)
    {
      self->anchors = g_list_store_new (PS_TYPE_PINSET_ANCHOR);
      g_signal_connect (self->anchors, "items-changed", G_CALLBACK (rule_items_changed_cb),
                        self);
    }
  return self->anchors;
}

PsPinsetRule *
ps_pinset_rule_new (void)
{
  return g_object_new (PS_TYPE_PINSET_RULE, NULL);
}

GListModel *
ps_pinset_rule_get_domains (PsPinsetRule *self)
{
  g_return_val_if_fail (PS_IS_PINSET_RULE (self), NULL);
  return G_LIST_MODEL (self->domains);
}

GListModel *
ps_pinset_rule_get_pins (PsPinsetRule *self)
{
  g_return_val_if_fail (PS_IS_PINSET_RULE (self), NULL);
  return G_LIST_MODEL (self->pins);
}

void
ps_pinset_rule_add_domain (PsPinsetRule   *self,
                           PsPinsetDomain *domain)
{
  g_return_if_fail (PS_IS_PINSET_RULE (self));
  g_return_if_fail (PS_IS_PINSET_DOMAIN (domain));

  _ps_pinset_domain_add_owner (domain, self);
  g_list_store_append (self->domains, domain);
}

void
ps_pinset_rule_remove_domain (PsPinsetRule   *self,
                              PsPinsetDomain *domain)
{
  guint position;

  g_return_if_fail (PS_IS_PINSET_RULE (self));
  g_return_if_fail (PS_IS_PINSET_DOMAIN (domain));

  if (g_list_store_find (self->domains, domain, &position))
    {
      _ps_pinset_domain_remove_owner (domain, self);
      g_list_store_remove (self->domains, position);
    }
}

/* Pins with the same key are duplicates: the same algorithm and hash, or for a value that
 * is not a pin, the same text. */
static char *
value_key (const PsPin *value)
{
  g_autofree char *b64 = ps_pin_to_base64 (value);

  return g_strdup_printf ("%d:%s", ps_pin_get_algorithm (value), b64);
}

static char *
pin_key (PsPinsetPin *pin)
{
  const char *text;

  if (ps_pinset_pin_get_pin (pin) != NULL)
    return value_key (ps_pinset_pin_get_pin (pin));
  text = ps_pinset_pin_get_text (pin);
  return g_strconcat ("text:", text != NULL ? text : "", NULL);
}

static void
rule_count_pin (PsPinsetRule *self,
                PsPinsetPin  *pin,
                int           delta)
{
  char *key = pin_key (pin);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->pin_keys, key)) + delta;

  if (count == 0)
    {
      g_hash_table_remove (self->pin_keys, key);
      g_free (key);
    }
  else
    g_hash_table_insert (self->pin_keys, key, GUINT_TO_POINTER (count));
}

PsPinsetPin *
ps_pinset_rule_find_pin (PsPinsetRule *self,
                         const PsPin  *pin)
{
  g_autofree char *key = NULL;
  guint n;

  g_return_val_if_fail (PS_IS_PINSET_RULE (self), NULL);
  g_return_val_if_fail (pin != NULL, NULL);

  key = value_key (pin);
  if (!g_hash_table_contains (self->pin_keys, key))
    return NULL;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->pins));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PsPinsetPin) item = g_list_model_get_item (G_LIST_MODEL (self->pins), i);

      if (ps_pinset_pin_get_pin (item) != NULL && ps_pin_equal (ps_pinset_pin_get_pin (item), pin))
        return item;
    }
  return NULL;
}

gboolean
ps_pinset_rule_add_pin (PsPinsetRule *self,
                        PsPinsetPin  *pin)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (PS_IS_PINSET_RULE (self), FALSE);
  g_return_val_if_fail (PS_IS_PINSET_PIN (pin), FALSE);

  key = pin_key (pin);
  if (g_hash_table_contains (self->pin_keys, key))
    return FALSE;

  ps_pinset_rule_append_pin (self, pin);
  return TRUE;
}

void
ps_pinset_rule_append_pin (PsPinsetRule *self,
                           PsPinsetPin  *pin)
{
  g_return_if_fail (PS_IS_PINSET_RULE (self));
  g_return_if_fail (PS_IS_PINSET_PIN (pin));

  rule_count_pin (self, pin, 1);
  _ps_pinset_pin_add_owner (pin, self);
  g_list_store_append (self->pins, pin);
}

void
ps_pinset_rule_remove_pin (PsPinsetRule *self,
                           PsPinsetPin  *pin)
{
  guint position;

  g_return_if_fail (PS_IS_PINSET_RULE (self));
  g_return_if_fail (PS_IS_PINSET_PIN (pin));

  if (g_list_store_find (self->pins, pin, &position))
    {
      _ps_pinset_pin_remove_owner (pin, self);
      rule_count_pin (self, pin, -1);
      g_list_store_remove (self->pins, position);
    }
}

GDateTime *
ps_pinset_rule_get_expiration (PsPinsetRule *self)
{
  g_return_val_if_fail (PS_IS_PINSET_RULE (self), NULL);
  return self->expiration;
}

void
ps_pinset_rule_set_expiration (PsPinsetRule *self,
                               GDateTime    *expiration)
{
  g_autoptr(GDateTime) date = NULL;

  g_return_if_fail (PS_IS_PINSET_RULE (self));

  /* An expiration is a date: keep it as UTC midnight of that day. */
  if (expiration != NULL)
    date = g_date_time_new_utc (g_date_time_get_year (expiration),
                                g_date_time_get_month (expiration),
                                g_date_time_get_day_of_month (expiration),
                                0, 0, 0);

  if (_ps_date_time_equal0 (self->expiration, date))
    return;
  g_clear_pointer (&self->expiration, g_date_time_unref);
  self->expiration = g_steal_pointer (&date);
  g_object_notify_by_pspec (G_OBJECT (self), rule_properties[RULE_PROP_EXPIRATION]);
}

const char *
ps_pinset_rule_get_notes (PsPinsetRule *self)
{
  g_return_val_if_fail (PS_IS_PINSET_RULE (self), NULL);
  return self->notes;
}

void
ps_pinset_rule_set_notes (PsPinsetRule *self,
                          const char   *notes)
{
  g_return_if_fail (PS_IS_PINSET_RULE (self));

  if (notes != NULL && *notes == '\0')
    notes = NULL;
  if (_ps_set_str (&self->notes, notes))
    g_object_notify_by_pspec (G_OBJECT (self), rule_properties[RULE_PROP_NOTES]);
}

gboolean
ps_pinset_rule_covers (PsPinsetRule *self,
                       const char   *hostname)
{
  guint n;

  g_return_val_if_fail (PS_IS_PINSET_RULE (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->domains));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (G_LIST_MODEL (self->domains), i);

      if (ps_pinset_domain_covers (domain, hostname))
        return TRUE;
    }
  return FALSE;
}

char *
ps_pinset_rule_dup_label (PsPinsetRule *self)
{
  GString *label;
  guint n;

  g_return_val_if_fail (PS_IS_PINSET_RULE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->domains));
  if (n == 0)
    return g_strdup (_("(no domain)"));

  label = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (G_LIST_MODEL (self->domains), i);

      if (i > 0)
        g_string_append (label, ", ");
      g_string_append (label, ps_pinset_domain_get_name (domain));
    }
  return g_string_free (label, FALSE);
}

gboolean
_ps_pinset_rule_equal (PsPinsetRule *a,
                       PsPinsetRule *b)
{
  GListModel *da = G_LIST_MODEL (a->domains);
  GListModel *db = G_LIST_MODEL (b->domains);
  GListModel *pa = G_LIST_MODEL (a->pins);
  GListModel *pb = G_LIST_MODEL (b->pins);

  if (g_list_model_get_n_items (da) != g_list_model_get_n_items (db) ||
      g_list_model_get_n_items (pa) != g_list_model_get_n_items (pb) ||
      !_ps_date_time_equal0 (a->expiration, b->expiration) ||
      g_strcmp0 (a->notes, b->notes) != 0 ||
      a->policy != b->policy ||
      a->requires != b->requires ||
      a->max_age != b->max_age ||
      ((a->anchors != NULL || b->anchors != NULL) &&
       !_ps_anchor_lists_equal (G_LIST_MODEL (rule_anchors (a)),
                                G_LIST_MODEL (rule_anchors (b)))))
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (da); i++)
    {
      g_autoptr(PsPinsetDomain) x = g_list_model_get_item (da, i);
      g_autoptr(PsPinsetDomain) y = g_list_model_get_item (db, i);

      if (strcmp (ps_pinset_domain_get_name (x), ps_pinset_domain_get_name (y)) != 0 ||
          ps_pinset_domain_get_subdomains (x) != ps_pinset_domain_get_subdomains (y))
        return FALSE;
    }

  for (guint i = 0; i < g_list_model_get_n_items (pa); i++)
    {
      g_autoptr(PsPinsetPin) x = g_list_model_get_item (pa, i);
      g_autoptr(PsPinsetPin) y = g_list_model_get_item (pb, i);

      if (!_ps_pinset_pin_equal (x, y))
        return FALSE;
    }

  return TRUE;
}


PsRulePolicy
ps_pinset_rule_get_policy (PsPinsetRule *self)
{
  g_return_val_if_fail (PS_IS_PINSET_RULE (self), PS_RULE_ENFORCE);
  return self->policy;
}

void
ps_pinset_rule_set_policy (PsPinsetRule *self,
                           PsRulePolicy  policy)
{
  g_return_if_fail (PS_IS_PINSET_RULE (self));
  g_return_if_fail (policy <= PS_RULE_EXCLUDED);

  if (self->policy == policy)
    return;
  self->policy = policy;
  g_object_notify_by_pspec (G_OBJECT (self), rule_properties[RULE_PROP_POLICY]);
}

PsRuleRequires
ps_pinset_rule_get_requires (PsPinsetRule *self)
{
  g_return_val_if_fail (PS_IS_PINSET_RULE (self), PS_RULE_REQUIRES_NONE);
  return self->requires;
}

void
ps_pinset_rule_set_requires (PsPinsetRule   *self,
                             PsRuleRequires  requires)
{
  g_return_if_fail (PS_IS_PINSET_RULE (self));
  g_return_if_fail ((requires & ~(PS_RULE_REQUIRES_LEAF | PS_RULE_REQUIRES_CA)) == 0);

  if (self->requires == requires)
    return;
  self->requires = requires;
  g_object_notify_by_pspec (G_OBJECT (self), rule_properties[RULE_PROP_REQUIRES]);
}

gint64
ps_pinset_rule_get_max_age (PsPinsetRule *self)
{
  g_return_val_if_fail (PS_IS_PINSET_RULE (self), -1);
  return self->max_age;
}

void
ps_pinset_rule_set_max_age (PsPinsetRule *self,
                            gint64        max_age)
{
  g_return_if_fail (PS_IS_PINSET_RULE (self));

  if (max_age < -1)
    max_age = -1;
  if (self->max_age == max_age)
    return;
  self->max_age = max_age;
  g_object_notify_by_pspec (G_OBJECT (self), rule_properties[RULE_PROP_MAX_AGE]);
}

GListModel *
ps_pinset_rule_get_anchors (PsPinsetRule *self)
{
  g_return_val_if_fail (PS_IS_PINSET_RULE (self), NULL);
  return G_LIST_MODEL (rule_anchors (self));
}

void
ps_pinset_rule_add_anchor (PsPinsetRule   *self,
                           PsPinsetAnchor *anchor)
{
  g_return_if_fail (PS_IS_PINSET_RULE (self));
  g_return_if_fail (PS_IS_PINSET_ANCHOR (anchor));

  g_list_store_append (rule_anchors (self), anchor);
}

void
ps_pinset_rule_remove_anchor (PsPinsetRule   *self,
                              PsPinsetAnchor *anchor)
{
  guint position;

  g_return_if_fail (PS_IS_PINSET_RULE (self));
  g_return_if_fail (PS_IS_PINSET_ANCHOR (anchor));

  if (self->anchors != NULL && g_list_store_find (self->anchors, anchor, &position))
    g_list_store_remove (self->anchors, position);
}

gboolean
_ps_anchor_lists_equal (GListModel *a,
                        GListModel *b)
{
  guint n = g_list_model_get_n_items (a);

  if (n != g_list_model_get_n_items (b))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PsPinsetAnchor) x = g_list_model_get_item (a, i);
      g_autoptr(PsPinsetAnchor) y = g_list_model_get_item (b, i);

      if (!ps_pinset_anchor_equal (x, y))
        return FALSE;
    }
  return TRUE;
}
