/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ps-build-private.h"

/* A pin literal found in the code of a build. */

struct _PsBuildPin
{
  GObject  parent_instance;
  char    *text;
  PsPin   *pin;
  char    *file;
  char    *host;
  guint64  offset;
};

G_DEFINE_FINAL_TYPE (PsBuildPin, ps_build_pin, G_TYPE_OBJECT)

enum { PROP_0, PROP_TEXT, PROP_FILE, PROP_HOST, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
ps_build_pin_finalize (GObject *object)
{
  PsBuildPin *self = PS_BUILD_PIN (object);

  g_free (self->text);
  g_clear_pointer (&self->pin, ps_pin_free);
  g_free (self->file);
  g_free (self->host);
  G_OBJECT_CLASS (ps_build_pin_parent_class)->finalize (object);
}

static void
ps_build_pin_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PsBuildPin *self = PS_BUILD_PIN (object);

  switch (prop_id)
    {
    case PROP_TEXT: g_value_set_string (value, self->text); break;
    case PROP_FILE: g_value_set_string (value, self->file); break;
    case PROP_HOST: g_value_set_string (value, self->host); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_build_pin_class_init (PsBuildPinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = ps_build_pin_finalize;
  object_class->get_property = ps_build_pin_get_property;
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);
  properties[PROP_FILE] = g_param_spec_string ("file", NULL, NULL, NULL, flags);
  properties[PROP_HOST] = g_param_spec_string ("host", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ps_build_pin_init (PsBuildPin *self)
{
}

const char *
ps_build_pin_get_text (PsBuildPin *self)
{
  g_return_val_if_fail (PS_IS_BUILD_PIN (self), NULL);

  return self->text;
}

const PsPin *
ps_build_pin_get_pin (PsBuildPin *self)
{
  g_return_val_if_fail (PS_IS_BUILD_PIN (self), NULL);

  return self->pin;
}

const char *
ps_build_pin_get_file (PsBuildPin *self)
{
  g_return_val_if_fail (PS_IS_BUILD_PIN (self), NULL);

  return self->file;
}

const char *
ps_build_pin_get_host (PsBuildPin *self)
{
  g_return_val_if_fail (PS_IS_BUILD_PIN (self), NULL);

  return self->host;
}

guint64
ps_build_pin_get_offset (PsBuildPin *self)
{
  g_return_val_if_fail (PS_IS_BUILD_PIN (self), 0);

  return self->offset;
}



PsBuildPin *
_ps_build_pin_new (const char  *text,
                   const PsPin *pin,
                   const char  *file,
                   const char  *host,
                   guint64      offset)
{
  PsBuildPin *self = g_object_new (PS_TYPE_BUILD_PIN, NULL);

  self->text = g_strdup (text);
  self->pin = ps_pin_copy (pin);
  self->file = g_strdup (file);
  self->host = g_strdup (host);
  self->offset = offset;
  return self;
}
