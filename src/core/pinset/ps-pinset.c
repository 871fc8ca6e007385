/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <gnutls/x509.h>
#include <string.h>

#include "ps-error.h"
#include "ps-pinset-private.h"

/* PsPinset */

struct _PsPinset
{
  GObject parent_instance;

  char *name;
  GDateTime *created;
  GDateTime *modified;
  GListStore *rules;
  char *source_format;
  GListStore *base_anchors;
  GListStore *debug_anchors;
  /* The rules of policy EXCLUDED, worked out on first use and dropped on any change, so
   * that ps_pinset_excludes_chain() does not scan every rule for every rule it checks. */
  GPtrArray *excluded_rules;
  guint loading : 1;
};

G_DEFINE_FINAL_TYPE (PsPinset, ps_pinset, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_CREATED,
  PROP_MODIFIED,
  PROP_RULES,
  PROP_SOURCE_FORMAT,
  PROP_BASE_ANCHORS,
  PROP_DEBUG_ANCHORS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
pinset_emit_changed (PsPinset *self)
{
  g_clear_pointer (&self->excluded_rules, g_ptr_array_unref);
  if (self->loading)
    return;

  {
    g_autoptr(GDateTime) now = _ps_now_utc_seconds ();

    /* Many edits within one second change "modified" once. */
    if (!_ps_date_time_equal0 (self->modified, now))
      {
        g_clear_pointer (&self->modified, g_date_time_unref);
        self->modified = g_steal_pointer (&now);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
      }
  }
  g_signal_emit (self, signals[CHANGED], 0);
}

void
_ps_pinset_rule_changed (gpointer pinset)
{
  pinset_emit_changed (PS_PINSET (pinset));
}

void
_ps_pinset_set_loading (PsPinset *self,
                        gboolean  loading)
{
  self->loading = !!loading;
}

void
_ps_pinset_set_times (PsPinset  *self,
                      GDateTime *created,
                      GDateTime *modified)
{
  if (created != NULL)
    {
      g_clear_pointer (&self->created, g_date_time_unref);
      self->created = _ps_truncate_to_seconds (created);
    }
  g_clear_pointer (&self->modified, g_date_time_unref);
  if (modified != NULL)
    self->modified = _ps_truncate_to_seconds (modified);
  else
    self->modified = g_date_time_ref (self->created);
}

static void
pinset_items_changed_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         PsPinset   *self)
{
  pinset_emit_changed (self);
}

static void
ps_pinset_dispose (GObject *object)
{
  PsPinset *self = PS_PINSET (object);

  if (self->rules != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rules));

      g_signal_handlers_disconnect_by_data (self->rules, self);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(PsPinsetRule) rule = g_list_model_get_item (G_LIST_MODEL (self->rules), i);

          _ps_pinset_rule_remove_owner (rule, self);
        }
    }
  if (self->base_anchors != NULL)
    g_signal_handlers_disconnect_by_data (self->base_anchors, self);
  if (self->debug_anchors != NULL)
    g_signal_handlers_disconnect_by_data (self->debug_anchors, self);
  g_clear_object (&self->rules);
  g_clear_object (&self->base_anchors);
  g_clear_object (&self->debug_anchors);

  G_OBJECT_CLASS (ps_pinset_parent_class)->dispose (object);
}

static void
ps_pinset_finalize (GObject *object)
{
  PsPinset *self = PS_PINSET (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->modified, g_date_time_unref);
  g_clear_pointer (&self->source_format, g_free);
  g_clear_pointer (&self->excluded_rules, g_ptr_array_unref);

  G_OBJECT_CLASS (ps_pinset_parent_class)->finalize (object);
}

static void
ps_pinset_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PsPinset *self = PS_PINSET (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;
    case PROP_MODIFIED:
      g_value_set_boxed (value, self->modified);
      break;
    case PROP_RULES:
      g_value_set_object (value, self->rules);
      break;
    case PROP_SOURCE_FORMAT:
      g_value_set_string (value, self->source_format);
      break;
    case PROP_BASE_ANCHORS:
      g_value_set_object (value, self->base_anchors);
      break;
    case PROP_DEBUG_ANCHORS:
      g_value_set_object (value, self->debug_anchors);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_pinset_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PsPinset *self = PS_PINSET (object);

  switch (prop_id)
    {
    case PROP_NAME:
      ps_pinset_set_name (self, g_value_get_string (value));
      break;
    case PROP_SOURCE_FORMAT:
      ps_pinset_set_source_format (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_pinset_class_init (PsPinsetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ps_pinset_dispose;
  object_class->finalize = ps_pinset_finalize;
  object_class->get_property = ps_pinset_get_property;
  object_class->set_property = ps_pinset_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATED] =
    g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boxed ("modified", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RULES] =
    g_param_spec_object ("rules", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE_FORMAT] =
    g_param_spec_string ("source-format", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BASE_ANCHORS] =
    g_param_spec_object ("base-anchors", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEBUG_ANCHORS] =
    g_param_spec_object ("debug-anchors", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PsPinset::changed:
   *
   * Emitted when anything in the document changes: its name, a rule, a domain or a pin.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ps_pinset_init (PsPinset *self)
{
  self->name = g_strdup ("");
  self->created = _ps_now_utc_seconds ();
  self->modified = g_date_time_ref (self->created);
  self->rules = g_list_store_new (PS_TYPE_PINSET_RULE);
  self->base_anchors = g_list_store_new (PS_TYPE_PINSET_ANCHOR);
  self->debug_anchors = g_list_store_new (PS_TYPE_PINSET_ANCHOR);
  g_signal_connect (self->rules, "items-changed", G_CALLBACK (pinset_items_changed_cb), self);
  g_signal_connect (self->base_anchors, "items-changed",
                    G_CALLBACK (pinset_items_changed_cb), self);
  g_signal_connect (self->debug_anchors, "items-changed",
                    G_CALLBACK (pinset_items_changed_cb), self);
}

PsPinset *
ps_pinset_new (const char *name)
{
  PsPinset *self = g_object_new (PS_TYPE_PINSET, NULL);

  /* Setting the initial name is not a modification. */
  self->loading = TRUE;
  ps_pinset_set_name (self, name);
  self->loading = FALSE;
  return self;
}

const char *
ps_pinset_get_name (PsPinset *self)
{
  g_return_val_if_fail (PS_IS_PINSET (self), NULL);
  return self->name;
}

void
ps_pinset_set_name (PsPinset   *self,
                    const char *name)
{
  g_return_if_fail (PS_IS_PINSET (self));

  if (_ps_set_str (&self->name, name != NULL ? name : ""))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
      pinset_emit_changed (self);
    }
}

GDateTime *
ps_pinset_get_created (PsPinset *self)
{
  g_return_val_if_fail (PS_IS_PINSET (self), NULL);
  return self->created;
}

GDateTime *
ps_pinset_get_modified (PsPinset *self)
{
  g_return_val_if_fail (PS_IS_PINSET (self), NULL);
  return self->modified;
}

GListModel *
ps_pinset_get_rules (PsPinset *self)
{
  g_return_val_if_fail (PS_IS_PINSET (self), NULL);
  return G_LIST_MODEL (self->rules);
}

void
ps_pinset_add_rule (PsPinset     *self,
                    PsPinsetRule *rule)
{
  g_return_if_fail (PS_IS_PINSET (self));
  g_return_if_fail (PS_IS_PINSET_RULE (rule));

  _ps_pinset_rule_add_owner (rule, self);
  g_list_store_append (self->rules, rule);
}

void
ps_pinset_remove_rule (PsPinset     *self,
                       PsPinsetRule *rule)
{
  guint position;

  g_return_if_fail (PS_IS_PINSET (self));
  g_return_if_fail (PS_IS_PINSET_RULE (rule));

  if (g_list_store_find (self->rules, rule, &position))
    {
      _ps_pinset_rule_remove_owner (rule, self);
      g_list_store_remove (self->rules, position);
    }
}

gboolean
ps_pinset_equal (PsPinset *a,
                 PsPinset *b)
{
  GListModel *ra;
  GListModel *rb;

  g_return_val_if_fail (PS_IS_PINSET (a), FALSE);
  g_return_val_if_fail (PS_IS_PINSET (b), FALSE);

  ra = G_LIST_MODEL (a->rules);
  rb = G_LIST_MODEL (b->rules);
  if (g_strcmp0 (a->name, b->name) != 0 ||
      g_strcmp0 (a->source_format, b->source_format) != 0 ||
      !_ps_anchor_lists_equal (G_LIST_MODEL (a->base_anchors), G_LIST_MODEL (b->base_anchors)) ||
      !_ps_anchor_lists_equal (G_LIST_MODEL (a->debug_anchors),
                               G_LIST_MODEL (b->debug_anchors)) ||
      g_list_model_get_n_items (ra) != g_list_model_get_n_items (rb))
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (ra); i++)
    {
      g_autoptr(PsPinsetRule) x = g_list_model_get_item (ra, i);
      g_autoptr(PsPinsetRule) y = g_list_model_get_item (rb, i);

      if (!_ps_pinset_rule_equal (x, y))
        return FALSE;
    }
  return TRUE;
}


const char *
ps_pinset_get_source_format (PsPinset *self)
{
  g_return_val_if_fail (PS_IS_PINSET (self), NULL);
  return self->source_format;
}

void
ps_pinset_set_source_format (PsPinset   *self,
                             const char *format_id)
{
  g_return_if_fail (PS_IS_PINSET (self));

  if (format_id != NULL && *format_id == '\0')
    format_id = NULL;
  if (_ps_set_str (&self->source_format, format_id))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE_FORMAT]);
      pinset_emit_changed (self);
    }
}

GListModel *
ps_pinset_get_base_anchors (PsPinset *self)
{
  g_return_val_if_fail (PS_IS_PINSET (self), NULL);
  return G_LIST_MODEL (self->base_anchors);
}

void
ps_pinset_add_base_anchor (PsPinset       *self,
                           PsPinsetAnchor *anchor)
{
  g_return_if_fail (PS_IS_PINSET (self));
  g_return_if_fail (PS_IS_PINSET_ANCHOR (anchor));

  g_list_store_append (self->base_anchors, anchor);
}

GListModel *
ps_pinset_get_debug_anchors (PsPinset *self)
{
  g_return_val_if_fail (PS_IS_PINSET (self), NULL);
  return G_LIST_MODEL (self->debug_anchors);
}

void
ps_pinset_add_debug_anchor (PsPinset       *self,
                            PsPinsetAnchor *anchor)
{
  g_return_if_fail (PS_IS_PINSET (self));
  g_return_if_fail (PS_IS_PINSET_ANCHOR (anchor));

  g_list_store_append (self->debug_anchors, anchor);
}

static gboolean
anchors_override (GListModel *anchors)
{
  guint n = g_list_model_get_n_items (anchors);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PsPinsetAnchor) anchor = g_list_model_get_item (anchors, i);

      if (ps_pinset_anchor_get_override_pins (anchor))
        return TRUE;
    }
  return FALSE;
}

/* Android: a rule without <trust-anchors> of its own inherits its parent's, in the end
 * the base-config's; <debug-overrides> anchors are added in debuggable builds. A chain to
 * any of these with overridePins="true" skips the pins.
 * https://developer.android.com/privacy-and-security/security-config#debug-overrides */
gboolean
ps_pinset_rule_pins_overridden (PsPinsetRule *rule,
                                PsPinset     *pinset,
                                gboolean      debug_build)
{
  GListModel *anchors;

  g_return_val_if_fail (PS_IS_PINSET_RULE (rule), FALSE);
  g_return_val_if_fail (PS_IS_PINSET (pinset), FALSE);

  anchors = ps_pinset_rule_get_anchors (rule);
  if (g_list_model_get_n_items (anchors) == 0)
    anchors = G_LIST_MODEL (pinset->base_anchors);
  if (anchors_override (anchors))
    return TRUE;
  return debug_build && anchors_override (G_LIST_MODEL (pinset->debug_anchors));
}

/* The SPKI pins of every root of @store, for resolve_roles. */
static GHashTable *
store_root_pins (PsTrustStore *store)
{
  GHashTable *pins = g_hash_table_new_full (ps_pin_hash, ps_pin_equal,
                                            (GDestroyNotify) ps_pin_free, NULL);
  gnutls_x509_trust_list_iter_t iter = NULL;
  gnutls_x509_crt_t crt = NULL;

  while (gnutls_x509_trust_list_iter_get_ca (ps_trust_store_get_gnutls (store), &iter,
                                             &crt) == 0)
    {
      gnutls_datum_t der = { NULL, 0 };

      if (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &der) == 0)
        {
          g_autoptr(GBytes) bytes = g_bytes_new (der.data, der.size);
          g_autoptr(PsCertificate) cert = ps_certificate_new_from_der (bytes, NULL);

          if (cert != NULL && ps_certificate_get_spki_pin (cert) != NULL)
            g_hash_table_add (pins, ps_pin_copy (ps_certificate_get_spki_pin (cert)));
          gnutls_free (der.data);
        }
      gnutls_x509_crt_deinit (crt);
      crt = NULL;
    }
  gnutls_x509_trust_list_iter_deinit (iter);
  return pins;
}

static gboolean
resolve_pin_role (PsPinsetPin *pin,
                  GPtrArray   *chains,
                  GHashTable  *roots)
{
  const PsPin *value = ps_pinset_pin_get_pin (pin);

  for (guint c = 0; chains != NULL && c < chains->len; c++)
    {
      PsChain *chain = g_ptr_array_index (chains, c);
      int depth = ps_chain_find_pin (chain, value, NULL);

      if (depth >= 0)
        {
          ps_pinset_pin_set_role (pin, ps_chain_role_at (chain, depth));
          return TRUE;
        }
    }
  if (roots != NULL && g_hash_table_contains (roots, value))
    {
      ps_pinset_pin_set_role (pin, PS_PIN_ROLE_ROOT);
      return TRUE;
    }
  return FALSE;
}

gboolean
ps_pinset_resolve_roles (PsPinset     *pinset,
                         GPtrArray    *chains,
                         PsTrustStore *store,
                         guint        *n_resolved)
{
  g_autoptr(GHashTable) roots = NULL;
  GListModel *rules;
  guint resolved = 0;
  guint left = 0;

  g_return_val_if_fail (PS_IS_PINSET (pinset), FALSE);
  g_return_val_if_fail (store == NULL || PS_IS_TRUST_STORE (store), FALSE);

  rules = G_LIST_MODEL (pinset->rules);
  for (guint r = 0; r < g_list_model_get_n_items (rules); r++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, r);
      GListModel *pins = ps_pinset_rule_get_pins (rule);

      for (guint i = 0; i < g_list_model_get_n_items (pins); i++)
        {
          g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, i);

          if (ps_pinset_pin_get_role (pin) != PS_PIN_ROLE_UNKNOWN)
            continue;
          if (ps_pinset_pin_get_pin (pin) == NULL)
            {
              left++;
              continue;
            }
          if (store != NULL && roots == NULL)
            roots = store_root_pins (store);
          if (resolve_pin_role (pin, chains, roots))
            resolved++;
          else
            left++;
        }
    }

  if (n_resolved != NULL)
    *n_resolved = resolved;
  return left == 0;
}

static const GEnumValue check_values[] = {
  { PS_PIN_CHECK_NOT_PINNED, "PS_PIN_CHECK_NOT_PINNED", "not-pinned" },
  { PS_PIN_CHECK_MATCHED, "PS_PIN_CHECK_MATCHED", "matched" },
  { PS_PIN_CHECK_OVERRIDDEN, "PS_PIN_CHECK_OVERRIDDEN", "overridden" },
  { PS_PIN_CHECK_REPORTED, "PS_PIN_CHECK_REPORTED", "reported" },
  { PS_PIN_CHECK_BLOCKED, "PS_PIN_CHECK_BLOCKED", "blocked" },
  { 0, NULL, NULL },
};

GType
ps_pin_check_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("PsPinCheck", check_values));
  return type;
}

const char *
ps_pin_check_to_string (PsPinCheck check)
{
  g_return_val_if_fail (check <= PS_PIN_CHECK_BLOCKED, NULL);
  return check_values[check].value_nick;
}

/* Whether @chain ends at an anchor of @anchors that has overridePins. A chain that
 * validates is taken to end at the "system" anchor; the user store, raw resources and
 * files cannot be told from a chain, so they never count. */
static gboolean
chain_ends_at_overriding_anchor (PsChain    *chain,
                                 GListModel *anchors)
{
  guint n = g_list_model_get_n_items (anchors);

  if (!ps_chain_get_trusted (chain))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PsPinsetAnchor) anchor = g_list_model_get_item (anchors, i);

      if (ps_pinset_anchor_get_override_pins (anchor) &&
          g_strcmp0 (ps_pinset_anchor_get_source (anchor), "system") == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
ps_pinset_excludes_chain (PsPinset *self,
                          PsChain  *chain)
{
  GListModel *rules;
  guint n;

  g_return_val_if_fail (PS_IS_PINSET (self), FALSE);
  g_return_val_if_fail (PS_IS_CHAIN (chain), FALSE);

  if (self->excluded_rules == NULL)
    {
      rules = G_LIST_MODEL (self->rules);
      n = g_list_model_get_n_items (rules);
      self->excluded_rules = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < n; i++)
        {
          PsPinsetRule *rule = g_list_model_get_item (rules, i);

          if (ps_pinset_rule_get_policy (rule) == PS_RULE_EXCLUDED)
            g_ptr_array_add (self->excluded_rules, rule);
          else
            g_object_unref (rule);
        }
    }

  for (guint i = 0; i < self->excluded_rules->len; i++)
    if (ps_pinset_rule_covers_chain (g_ptr_array_index (self->excluded_rules, i), chain))
      return TRUE;
  return FALSE;
}

PsPinCheck
ps_pinset_rule_check_chain (PsPinsetRule *rule,
                            PsPinset     *pinset,
                            PsChain      *chain,
                            gboolean      debug_build)
{
  GListModel *anchors;

  g_return_val_if_fail (PS_IS_PINSET_RULE (rule), PS_PIN_CHECK_NOT_PINNED);
  g_return_val_if_fail (PS_IS_PINSET (pinset), PS_PIN_CHECK_NOT_PINNED);
  g_return_val_if_fail (PS_IS_CHAIN (chain), PS_PIN_CHECK_NOT_PINNED);

  if (ps_pinset_rule_get_policy (rule) == PS_RULE_EXCLUDED ||
      !ps_pinset_rule_covers_chain (rule, chain) ||
      ps_pinset_excludes_chain (pinset, chain))
    return PS_PIN_CHECK_NOT_PINNED;

  anchors = ps_pinset_rule_get_anchors (rule);
  if (g_list_model_get_n_items (anchors) == 0)
    anchors = G_LIST_MODEL (pinset->base_anchors);
  if (chain_ends_at_overriding_anchor (chain, anchors) ||
      (debug_build && chain_ends_at_overriding_anchor (chain,
                                                       G_LIST_MODEL (pinset->debug_anchors))))
    return PS_PIN_CHECK_OVERRIDDEN;

  if (ps_pinset_rule_pins_match_chain (rule, chain))
    return PS_PIN_CHECK_MATCHED;
  if (ps_pinset_rule_get_policy (rule) == PS_RULE_REPORT_ONLY)
    return PS_PIN_CHECK_REPORTED;
  return PS_PIN_CHECK_BLOCKED;
}
