/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-finding.h"

static const GEnumValue severity_values[] = {
  { PS_SEVERITY_INFO, "PS_SEVERITY_INFO", "info" },
  { PS_SEVERITY_WARNING, "PS_SEVERITY_WARNING", "warning" },
  { PS_SEVERITY_ERROR, "PS_SEVERITY_ERROR", "error" },
  { 0, NULL, NULL },
};

GType
ps_severity_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("PsSeverity", severity_values));
  return type;
}

const char *
ps_severity_to_string (PsSeverity severity)
{
  g_return_val_if_fail (severity <= PS_SEVERITY_ERROR, NULL);
  return severity_values[severity].value_nick;
}

const char *
ps_severity_to_label (PsSeverity severity)
{
  switch (severity)
    {
    case PS_SEVERITY_INFO:
      return _("Information");
    case PS_SEVERITY_WARNING:
      return _("Warning");
    case PS_SEVERITY_ERROR:
      return _("Error");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* PsFinding */

struct _PsFinding
{
  GObject parent_instance;

  char *id;
  PsSeverity severity;
  char *message;
  char *fix;
  PsPinsetRule *rule;
  int rule_index;
  GListStore *pins;
  char *hostname;
};

G_DEFINE_FINAL_TYPE (PsFinding, ps_finding, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_SEVERITY,
  PROP_MESSAGE,
  PROP_FIX,
  PROP_RULE,
  PROP_RULE_INDEX,
  PROP_PINS,
  PROP_HOSTNAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ps_finding_dispose (GObject *object)
{
  PsFinding *self = PS_FINDING (object);

  g_clear_object (&self->rule);
  g_clear_object (&self->pins);

  G_OBJECT_CLASS (ps_finding_parent_class)->dispose (object);
}

static void
ps_finding_finalize (GObject *object)
{
  PsFinding *self = PS_FINDING (object);

  g_free (self->id);
  g_free (self->message);
  g_free (self->fix);
  g_free (self->hostname);

  G_OBJECT_CLASS (ps_finding_parent_class)->finalize (object);
}

static void
ps_finding_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PsFinding *self = PS_FINDING (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_SEVERITY:
      g_value_set_enum (value, self->severity);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_FIX:
      g_value_set_string (value, self->fix);
      break;
    case PROP_RULE:
      g_value_set_object (value, self->rule);
      break;
    case PROP_RULE_INDEX:
      g_value_set_int (value, self->rule_index);
      break;
    case PROP_PINS:
      g_value_set_object (value, self->pins);
      break;
    case PROP_HOSTNAME:
      g_value_set_string (value, self->hostname);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_finding_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PsFinding *self = PS_FINDING (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_SEVERITY:
      self->severity = g_value_get_enum (value);
      break;
    case PROP_MESSAGE:
      self->message = g_value_dup_string (value);
      break;
    case PROP_FIX:
      self->fix = g_value_dup_string (value);
      break;
    case PROP_RULE:
      self->rule = g_value_dup_object (value);
      break;
    case PROP_RULE_INDEX:
      self->rule_index = g_value_get_int (value);
      break;
    case PROP_HOSTNAME:
      ps_finding_set_hostname (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_finding_class_init (PsFindingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ps_finding_dispose;
  object_class->finalize = ps_finding_finalize;
  object_class->get_property = ps_finding_get_property;
  object_class->set_property = ps_finding_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, construct);
  properties[PROP_SEVERITY] =
    g_param_spec_enum ("severity", NULL, NULL, PS_TYPE_SEVERITY, PS_SEVERITY_INFO, construct);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, construct);
  properties[PROP_FIX] = g_param_spec_string ("fix", NULL, NULL, NULL, construct);
  properties[PROP_RULE] =
    g_param_spec_object ("rule", NULL, NULL, PS_TYPE_PINSET_RULE, construct);
  properties[PROP_RULE_INDEX] =
    g_param_spec_int ("rule-index", NULL, NULL, -1, G_MAXINT, -1, construct);
  properties[PROP_PINS] =
    g_param_spec_object ("pins", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOSTNAME] =
    g_param_spec_string ("hostname", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ps_finding_init (PsFinding *self)
{
  self->rule_index = -1;
  self->pins = g_list_store_new (PS_TYPE_PINSET_PIN);
}

PsFinding *
ps_finding_new (const char   *id,
                PsSeverity    severity,
                const char   *message,
                const char   *fix,
                PsPinsetRule *rule,
                int           rule_index)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  return g_object_new (PS_TYPE_FINDING,
                       "id", id,
                       "severity", severity,
                       "message", message,
                       "fix", fix,
                       "rule", rule,
                       "rule-index", rule_index,
                       NULL);
}

const char *
ps_finding_get_id (PsFinding *self)
{
  g_return_val_if_fail (PS_IS_FINDING (self), NULL);
  return self->id;
}

PsSeverity
ps_finding_get_severity (PsFinding *self)
{
  g_return_val_if_fail (PS_IS_FINDING (self), PS_SEVERITY_INFO);
  return self->severity;
}

const char *
ps_finding_get_message (PsFinding *self)
{
  g_return_val_if_fail (PS_IS_FINDING (self), NULL);
  return self->message;
}

const char *
ps_finding_get_fix (PsFinding *self)
{
  g_return_val_if_fail (PS_IS_FINDING (self), NULL);
  return self->fix;
}

PsPinsetRule *
ps_finding_get_rule (PsFinding *self)
{
  g_return_val_if_fail (PS_IS_FINDING (self), NULL);
  return self->rule;
}

int
ps_finding_get_rule_index (PsFinding *self)
{
  g_return_val_if_fail (PS_IS_FINDING (self), -1);
  return self->rule_index;
}

GListModel *
ps_finding_get_pins (PsFinding *self)
{
  g_return_val_if_fail (PS_IS_FINDING (self), NULL);
  return G_LIST_MODEL (self->pins);
}

void
ps_finding_add_pin (PsFinding   *self,
                    PsPinsetPin *pin)
{
  g_return_if_fail (PS_IS_FINDING (self));
  g_return_if_fail (PS_IS_PINSET_PIN (pin));

  if (!g_list_store_find (self->pins, pin, NULL))
    g_list_store_append (self->pins, pin);
}

const char *
ps_finding_get_hostname (PsFinding *self)
{
  g_return_val_if_fail (PS_IS_FINDING (self), NULL);
  return self->hostname;
}

void
ps_finding_set_hostname (PsFinding  *self,
                         const char *hostname)
{
  g_return_if_fail (PS_IS_FINDING (self));

  if (g_strcmp0 (self->hostname, hostname) == 0)
    return;
  g_free (self->hostname);
  self->hostname = g_strdup (hostname);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOSTNAME]);
}
