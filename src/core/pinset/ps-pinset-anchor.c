/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ps-pinset-anchor.h"

/* Anchors are immutable: a change is a new anchor, so that owners need not observe them. */
struct _PsPinsetAnchor
{
  GObject parent_instance;

  char *source;
  gboolean override_pins;
};

G_DEFINE_FINAL_TYPE (PsPinsetAnchor, ps_pinset_anchor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_OVERRIDE_PINS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ps_pinset_anchor_finalize (GObject *object)
{
  PsPinsetAnchor *self = PS_PINSET_ANCHOR (object);

  g_clear_pointer (&self->source, g_free);

  G_OBJECT_CLASS (ps_pinset_anchor_parent_class)->finalize (object);
}

static void
ps_pinset_anchor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PsPinsetAnchor *self = PS_PINSET_ANCHOR (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    case PROP_OVERRIDE_PINS:
      g_value_set_boolean (value, self->override_pins);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_pinset_anchor_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PsPinsetAnchor *self = PS_PINSET_ANCHOR (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_free (self->source);
      self->source = g_value_dup_string (value);
      if (self->source == NULL)
        self->source = g_strdup ("");
      break;
    case PROP_OVERRIDE_PINS:
      self->override_pins = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_pinset_anchor_class_init (PsPinsetAnchorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ps_pinset_anchor_finalize;
  object_class->get_property = ps_pinset_anchor_get_property;
  object_class->set_property = ps_pinset_anchor_set_property;

  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OVERRIDE_PINS] =
    g_param_spec_boolean ("override-pins", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ps_pinset_anchor_init (PsPinsetAnchor *self)
{
}

PsPinsetAnchor *
ps_pinset_anchor_new (const char *source,
                      gboolean    override_pins)
{
  g_return_val_if_fail (source != NULL, NULL);

  return g_object_new (PS_TYPE_PINSET_ANCHOR,
                       "source", source,
                       "override-pins", !!override_pins,
                       NULL);
}

const char *
ps_pinset_anchor_get_source (PsPinsetAnchor *self)
{
  g_return_val_if_fail (PS_IS_PINSET_ANCHOR (self), NULL);
  return self->source;
}

gboolean
ps_pinset_anchor_get_override_pins (PsPinsetAnchor *self)
{
  g_return_val_if_fail (PS_IS_PINSET_ANCHOR (self), FALSE);
  return self->override_pins;
}

gboolean
ps_pinset_anchor_equal (PsPinsetAnchor *a,
                        PsPinsetAnchor *b)
{
  g_return_val_if_fail (PS_IS_PINSET_ANCHOR (a), FALSE);
  g_return_val_if_fail (PS_IS_PINSET_ANCHOR (b), FALSE);

  return g_strcmp0 (a->source, b->source) == 0 && a->override_pins == b->override_pins;
}
