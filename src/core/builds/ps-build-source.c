/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ps-build-private.h"

/* Where a part of a build's pinset was found. */

struct _PsBuildSource
{
  GObject  parent_instance;
  char    *what;
  char    *path;
  guint    line;
  int      rule;
};

G_DEFINE_FINAL_TYPE (PsBuildSource, ps_build_source, G_TYPE_OBJECT)

enum { PROP_0, PROP_WHAT, PROP_PATH, PROP_LINE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
ps_build_source_finalize (GObject *object)
{
  PsBuildSource *self = PS_BUILD_SOURCE (object);

  g_free (self->what);
  g_free (self->path);
  G_OBJECT_CLASS (ps_build_source_parent_class)->finalize (object);
}

static void
ps_build_source_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PsBuildSource *self = PS_BUILD_SOURCE (object);

  switch (prop_id)
    {
    case PROP_WHAT: g_value_set_string (value, self->what); break;
    case PROP_PATH: g_value_set_string (value, self->path); break;
    case PROP_LINE: g_value_set_uint (value, self->line); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_build_source_class_init (PsBuildSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = ps_build_source_finalize;
  object_class->get_property = ps_build_source_get_property;
  properties[PROP_WHAT] = g_param_spec_string ("what", NULL, NULL, NULL, flags);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_LINE] = g_param_spec_uint ("line", NULL, NULL, 0, G_MAXUINT, 0,
                                                      flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ps_build_source_init (PsBuildSource *self)
{
}

const char *
ps_build_source_get_what (PsBuildSource *self)
{
  g_return_val_if_fail (PS_IS_BUILD_SOURCE (self), NULL);

  return self->what;
}

const char *
ps_build_source_get_path (PsBuildSource *self)
{
  g_return_val_if_fail (PS_IS_BUILD_SOURCE (self), NULL);

  return self->path;
}

guint
ps_build_source_get_line (PsBuildSource *self)
{
  g_return_val_if_fail (PS_IS_BUILD_SOURCE (self), 0);

  return self->line;
}

int
ps_build_source_get_rule (PsBuildSource *self)
{
  g_return_val_if_fail (PS_IS_BUILD_SOURCE (self), -1);

  return self->rule;
}



PsBuildSource *
_ps_build_source_new (const char *what,
                      const char *path,
                      guint       line,
                      int         rule)
{
  PsBuildSource *self = g_object_new (PS_TYPE_BUILD_SOURCE, NULL);

  self->what = g_strdup (what);
  self->path = g_strdup (path);
  self->line = line;
  self->rule = rule;
  return self;
}
