/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gnutls/crypto.h>

#include "ps-pin-match.h"

struct _PsPinMatch
{
  GObject        parent_instance;

  guint          rule_index;
  PsPinsetRule  *rule;
  guint          pin_index;
  PsPinsetPin   *pin;
  int            chain_index;
  PsChain       *chain;
  int            depth;
  PsCertificate *certificate;
};

G_DEFINE_FINAL_TYPE (PsPinMatch, ps_pin_match, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RULE_INDEX,
  PROP_RULE,
  PROP_PIN_INDEX,
  PROP_PIN,
  PROP_CHAIN_INDEX,
  PROP_CHAIN,
  PROP_DEPTH,
  PROP_CERTIFICATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ps_pin_match_finalize (GObject *object)
{
  PsPinMatch *self = PS_PIN_MATCH (object);

  g_clear_object (&self->rule);
  g_clear_object (&self->pin);
  g_clear_object (&self->chain);
  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (ps_pin_match_parent_class)->finalize (object);
}

static void
ps_pin_match_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PsPinMatch *self = PS_PIN_MATCH (object);

  switch (prop_id)
    {
    case PROP_RULE_INDEX:
      g_value_set_uint (value, self->rule_index);
      break;
    case PROP_RULE:
      g_value_set_object (value, self->rule);
      break;
    case PROP_PIN_INDEX:
      g_value_set_uint (value, self->pin_index);
      break;
    case PROP_PIN:
      g_value_set_object (value, self->pin);
      break;
    case PROP_CHAIN_INDEX:
      g_value_set_int (value, self->chain_index);
      break;
    case PROP_CHAIN:
      g_value_set_object (value, self->chain);
      break;
    case PROP_DEPTH:
      g_value_set_int (value, self->depth);
      break;
    case PROP_CERTIFICATE:
      g_value_set_object (value, self->certificate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_pin_match_class_init (PsPinMatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ps_pin_match_finalize;
  object_class->get_property = ps_pin_match_get_property;

  properties[PROP_RULE_INDEX] = g_param_spec_uint ("rule-index", NULL, NULL,
                                                   0, G_MAXUINT, 0, flags);
  properties[PROP_RULE] = g_param_spec_object ("rule", NULL, NULL,
                                               PS_TYPE_PINSET_RULE, flags);
  properties[PROP_PIN_INDEX] = g_param_spec_uint ("pin-index", NULL, NULL,
                                                  0, G_MAXUINT, 0, flags);
  properties[PROP_PIN] = g_param_spec_object ("pin", NULL, NULL, PS_TYPE_PINSET_PIN, flags);
  properties[PROP_CHAIN_INDEX] = g_param_spec_int ("chain-index", NULL, NULL,
                                                   -1, G_MAXINT, -1, flags);
  properties[PROP_CHAIN] = g_param_spec_object ("chain", NULL, NULL, PS_TYPE_CHAIN, flags);
  properties[PROP_DEPTH] = g_param_spec_int ("depth", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_CERTIFICATE] = g_param_spec_object ("certificate", NULL, NULL,
                                                      PS_TYPE_CERTIFICATE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ps_pin_match_init (PsPinMatch *self)
{
  self->chain_index = -1;
  self->depth = -1;
}

guint
ps_pin_match_get_rule_index (PsPinMatch *self)
{
  g_return_val_if_fail (PS_IS_PIN_MATCH (self), 0);
  return self->rule_index;
}

PsPinsetRule *
ps_pin_match_get_rule (PsPinMatch *self)
{
  g_return_val_if_fail (PS_IS_PIN_MATCH (self), NULL);
  return self->rule;
}

guint
ps_pin_match_get_pin_index (PsPinMatch *self)
{
  g_return_val_if_fail (PS_IS_PIN_MATCH (self), 0);
  return self->pin_index;
}

PsPinsetPin *
ps_pin_match_get_pin (PsPinMatch *self)
{
  g_return_val_if_fail (PS_IS_PIN_MATCH (self), NULL);
  return self->pin;
}

int
ps_pin_match_get_chain_index (PsPinMatch *self)
{
  g_return_val_if_fail (PS_IS_PIN_MATCH (self), -1);
  return self->chain_index;
}

PsChain *
ps_pin_match_get_chain (PsPinMatch *self)
{
  g_return_val_if_fail (PS_IS_PIN_MATCH (self), NULL);
  return self->chain;
}

int
ps_pin_match_get_depth (PsPinMatch *self)
{
  g_return_val_if_fail (PS_IS_PIN_MATCH (self), -1);
  return self->depth;
}

PsCertificate *
ps_pin_match_get_certificate (PsPinMatch *self)
{
  g_return_val_if_fail (PS_IS_PIN_MATCH (self), NULL);
  return self->certificate;
}

/* The keys of a chain's validated path, as ps_chain_find_pin() compares them: the SHA-256
 * pin of each SPKI and, as OkHttp and Android also accept SHA-1 pins, its SHA-1. Maps a
 * PsPin to its lowest depth plus one. */
static GHashTable *
chain_pin_index (PsChain *chain)
{
  GHashTable *index = g_hash_table_new_full (ps_pin_hash, ps_pin_equal,
                                             (GDestroyNotify) ps_pin_free, NULL);
  const guint *path;
  guint n_path = 0;

  path = ps_chain_get_path (chain, &n_path);
  for (guint depth = 0; depth < n_path; depth++)
    {
      PsCertificate *cert = ps_chain_get_certificate (chain, path[depth]);
      const PsPin *sha256 = ps_certificate_get_spki_pin (cert);
      g_autoptr(GBytes) spki = ps_certificate_get_spki_der (cert);
      guint8 digest[20];

      if (sha256 != NULL && !g_hash_table_contains (index, sha256))
        g_hash_table_insert (index, ps_pin_copy (sha256), GUINT_TO_POINTER (depth + 1));
      if (spki != NULL &&
          gnutls_hash_fast (GNUTLS_DIG_SHA1, g_bytes_get_data (spki, NULL),
                            g_bytes_get_size (spki), digest) == 0)
        {
          PsPin *sha1 = ps_pin_new_from_digest (PS_PIN_SHA1, digest, sizeof digest);

          if (sha1 != NULL && !g_hash_table_contains (index, sha1))
            g_hash_table_insert (index, sha1, GUINT_TO_POINTER (depth + 1));
          else
            g_clear_pointer (&sha1, ps_pin_free);
        }
    }
  return index;
}

static PsPinMatch *
pin_match_new (guint         rule_index,
               PsPinsetRule *rule,
               guint         pin_index,
               PsPinsetPin  *pin)
{
  PsPinMatch *match = g_object_new (PS_TYPE_PIN_MATCH, NULL);

  match->rule_index = rule_index;
  match->rule = g_object_ref (rule);
  match->pin_index = pin_index;
  match->pin = g_object_ref (pin);
  return match;
}

/* The matches of one rule's pins against the chains it covers (@covered, of chain
 * indexes), appended to @result. */
static void
match_rule (GListStore   *result,
            guint         r,
            PsPinsetRule *rule,
            GPtrArray    *chains,
            GHashTable  **indexes,
            GArray       *covered)
{
  GListModel *pins = ps_pinset_rule_get_pins (rule);
  guint n_pins = g_list_model_get_n_items (pins);

  for (guint p = 0; p < n_pins; p++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, p);
      const PsPin *value = ps_pinset_pin_get_pin (pin);
      gboolean found = FALSE;

      for (guint k = 0; value != NULL && k < covered->len; k++)
        {
          guint c = g_array_index (covered, guint, k);
          PsChain *chain = g_ptr_array_index (chains, c);
          gpointer found_depth = g_hash_table_lookup (indexes[c], value);
          g_autoptr(PsPinMatch) match = NULL;
          const guint *path;
          guint n_path = 0;

          if (found_depth == NULL)
            continue;
          path = ps_chain_get_path (chain, &n_path);
          match = pin_match_new (r, rule, p, pin);
          match->chain_index = c;
          match->chain = g_object_ref (chain);
          match->depth = GPOINTER_TO_UINT (found_depth) - 1;
          match->certificate = g_object_ref (ps_chain_get_certificate (chain,
                                                                       path[match->depth]));
          g_list_store_append (result, match);
          found = TRUE;
        }

      if (!found)
        {
          g_autoptr(PsPinMatch) match = pin_match_new (r, rule, p, pin);

          g_list_store_append (result, match);
        }
    }
}

GListModel *
ps_compare_pinset_chains (PsPinset  *pinset,
                          GPtrArray *chains)
{
  GListStore *result;
  GListModel *rules;
  guint n_chains = chains != NULL ? chains->len : 0;
  g_autofree GHashTable **indexes = NULL;
  g_autofree gboolean *excluded = NULL;
  g_autoptr(GArray) covered = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (PS_IS_PINSET (pinset), NULL);

  result = g_list_store_new (PS_TYPE_PIN_MATCH);
  rules = ps_pinset_get_rules (pinset);

  /* What does not depend on the rule is worked out once per chain. */
  indexes = g_new0 (GHashTable *, n_chains + 1);
  excluded = g_new0 (gboolean, n_chains + 1);
  for (guint c = 0; c < n_chains; c++)
    {
      PsChain *chain = g_ptr_array_index (chains, c);

      excluded[c] = ps_pinset_excludes_chain (pinset, chain);
      if (!excluded[c])
        indexes[c] = chain_pin_index (chain);
    }

  for (guint r = 0; r < g_list_model_get_n_items (rules); r++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, r);

      /* An excluded rule pins nothing. */
      if (ps_pinset_rule_get_policy (rule) == PS_RULE_EXCLUDED)
        continue;

      g_array_set_size (covered, 0);
      for (guint c = 0; c < n_chains; c++)
        if (!excluded[c] && ps_pinset_rule_covers_chain (rule, g_ptr_array_index (chains, c)))
          g_array_append_val (covered, c);
      match_rule (result, r, rule, chains, indexes, covered);
    }

  for (guint c = 0; c < n_chains; c++)
    g_clear_pointer (&indexes[c], g_hash_table_unref);

  return G_LIST_MODEL (result);
}
