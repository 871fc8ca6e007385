/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ps-build-private.h"

/* A certificate bundled in a build and trusted by its configuration. */

struct _PsBuildAnchor
{
  GObject      parent_instance;
  PsPinsetPin *pin;
  char        *file;
  char        *scope;
  gboolean     override_pins;
};

G_DEFINE_FINAL_TYPE (PsBuildAnchor, ps_build_anchor, G_TYPE_OBJECT)

enum { PROP_0, PROP_FILE, PROP_SCOPE, PROP_OVERRIDE_PINS,
       N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
ps_build_anchor_finalize (GObject *object)
{
  PsBuildAnchor *self = PS_BUILD_ANCHOR (object);

  g_clear_object (&self->pin);
  g_free (self->file);
  g_free (self->scope);
  G_OBJECT_CLASS (ps_build_anchor_parent_class)->finalize (object);
}

static void
ps_build_anchor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PsBuildAnchor *self = PS_BUILD_ANCHOR (object);

  switch (prop_id)
    {
    case PROP_FILE: g_value_set_string (value, self->file); break;
    case PROP_SCOPE: g_value_set_string (value, self->scope); break;
    case PROP_OVERRIDE_PINS: g_value_set_boolean (value, self->override_pins); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_build_anchor_class_init (PsBuildAnchorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = ps_build_anchor_finalize;
  object_class->get_property = ps_build_anchor_get_property;
  properties[PROP_FILE] = g_param_spec_string ("file", NULL, NULL, NULL, flags);
  properties[PROP_SCOPE] = g_param_spec_string ("scope", NULL, NULL, NULL, flags);
  properties[PROP_OVERRIDE_PINS] =
    g_param_spec_boolean ("override-pins", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ps_build_anchor_init (PsBuildAnchor *self)
{
}

PsPinsetPin *
ps_build_anchor_get_pin (PsBuildAnchor *self)
{
  g_return_val_if_fail (PS_IS_BUILD_ANCHOR (self), NULL);

  return self->pin;
}

const char *
ps_build_anchor_get_file (PsBuildAnchor *self)
{
  g_return_val_if_fail (PS_IS_BUILD_ANCHOR (self), NULL);

  return self->file;
}

const char *
ps_build_anchor_get_scope (PsBuildAnchor *self)
{
  g_return_val_if_fail (PS_IS_BUILD_ANCHOR (self), NULL);

  return self->scope;
}

gboolean
ps_build_anchor_get_override_pins (PsBuildAnchor *self)
{
  g_return_val_if_fail (PS_IS_BUILD_ANCHOR (self), FALSE);

  return self->override_pins;
}



PsBuildAnchor *
_ps_build_anchor_new (PsPinsetPin *pin,
                      const char  *file,
                      const char  *scope,
                      gboolean     override_pins)
{
  PsBuildAnchor *self = g_object_new (PS_TYPE_BUILD_ANCHOR, NULL);

  self->pin = g_object_ref (pin);
  self->file = g_strdup (file);
  self->scope = g_strdup (scope);
  self->override_pins = override_pins;
  return self;
}
