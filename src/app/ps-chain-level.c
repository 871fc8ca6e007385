/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ps-chain-level.h"
#include "ps-x509-enums.h"

struct _PsChainLevel
{
  GObject        parent_instance;

  PsCertificate *certificate;
  PsChainSource  source;
  guint          index;
  gboolean       matched;
  gboolean       in_pinset;
  PsPinNotation  notation;
};

G_DEFINE_FINAL_TYPE (PsChainLevel, ps_chain_level, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CERTIFICATE,
  PROP_SOURCE,
  PROP_INDEX,
  PROP_MATCHED,
  PROP_IN_PINSET,
  PROP_NOTATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

PsChainLevel *
ps_chain_level_new (PsChain *chain,
                    guint    index)
{
  PsChainLevel *self;

  g_return_val_if_fail (PS_IS_CHAIN (chain), NULL);
  g_return_val_if_fail (index < ps_chain_get_n_certificates (chain), NULL);

  self = g_object_new (PS_TYPE_CHAIN_LEVEL, NULL);
  self->certificate = g_object_ref (ps_chain_get_certificate (chain, index));
  self->source = ps_chain_get_source (chain, index);
  self->index = index;

  return self;
}

PsCertificate *
ps_chain_level_get_certificate (PsChainLevel *self)
{
  g_return_val_if_fail (PS_IS_CHAIN_LEVEL (self), NULL);

  return self->certificate;
}

guint
ps_chain_level_get_index (PsChainLevel *self)
{
  g_return_val_if_fail (PS_IS_CHAIN_LEVEL (self), 0);

  return self->index;
}

#define SETTER(name, type, prop) \
  void \
  ps_chain_level_set_##name (PsChainLevel *self, \
                             type          value) \
  { \
    g_return_if_fail (PS_IS_CHAIN_LEVEL (self)); \
    if (self->name == value) \
      return; \
    self->name = value; \
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); \
  }

SETTER (matched, gboolean, PROP_MATCHED)
SETTER (in_pinset, gboolean, PROP_IN_PINSET)
SETTER (notation, PsPinNotation, PROP_NOTATION)

#undef SETTER

static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

gboolean
ps_chain_level_matches (PsChainLevel *self,
                        const char   *needle)
{
  const PsPin *pin;
  g_autofree char *shown = NULL;
  g_autofree char *hex = NULL;

  g_return_val_if_fail (PS_IS_CHAIN_LEVEL (self), FALSE);

  if (needle == NULL || *needle == '\0')
    return TRUE;
  if (contains_folded (ps_certificate_get_subject (self->certificate), needle) ||
      contains_folded (ps_certificate_get_issuer (self->certificate), needle))
    return TRUE;

  pin = ps_certificate_get_spki_pin (self->certificate);
  shown = ps_pin_to_string (pin, self->notation);
  hex = ps_pin_to_hex (pin);
  return contains_folded (shown, needle) || contains_folded (hex, needle);
}

static void
ps_chain_level_finalize (GObject *object)
{
  PsChainLevel *self = PS_CHAIN_LEVEL (object);

  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (ps_chain_level_parent_class)->finalize (object);
}

static void
ps_chain_level_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PsChainLevel *self = PS_CHAIN_LEVEL (object);

  switch (prop_id)
    {
    case PROP_CERTIFICATE:
      g_value_set_object (value, self->certificate);
      break;
    case PROP_SOURCE:
      g_value_set_enum (value, self->source);
      break;
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    case PROP_MATCHED:
      g_value_set_boolean (value, self->matched);
      break;
    case PROP_IN_PINSET:
      g_value_set_boolean (value, self->in_pinset);
      break;
    case PROP_NOTATION:
      g_value_set_enum (value, self->notation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_chain_level_class_init (PsChainLevelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ps_chain_level_finalize;
  object_class->get_property = ps_chain_level_get_property;

  properties[PROP_CERTIFICATE] =
    g_param_spec_object ("certificate", NULL, NULL, PS_TYPE_CERTIFICATE, flags);
  properties[PROP_SOURCE] =
    g_param_spec_enum ("source", NULL, NULL, PS_TYPE_CHAIN_SOURCE, PS_CHAIN_SOURCE_SERVER, flags);
  /* The position in the chain (0 = leaf), as the cards number the levels. */
  properties[PROP_INDEX] = g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_MATCHED] = g_param_spec_boolean ("matched", NULL, NULL, FALSE, flags);
  properties[PROP_IN_PINSET] = g_param_spec_boolean ("in-pinset", NULL, NULL, FALSE, flags);
  properties[PROP_NOTATION] =
    g_param_spec_enum ("notation", NULL, NULL, PS_TYPE_PIN_NOTATION, PS_PIN_NOTATION_OKHTTP,
                       flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ps_chain_level_init (PsChainLevel *self)
{
  self->notation = PS_PIN_NOTATION_OKHTTP;
}
