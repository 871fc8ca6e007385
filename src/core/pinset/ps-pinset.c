/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ps-error.h"
#include "ps-pinset.h"

/* Roles and origins */

static const GEnumValue role_values[] = {
  { PS_PIN_ROLE_LEAF, "PS_PIN_ROLE_LEAF", "leaf" },
  { PS_PIN_ROLE_INTERMEDIATE, "PS_PIN_ROLE_INTERMEDIATE", "intermediate" },
  { PS_PIN_ROLE_ROOT, "PS_PIN_ROLE_ROOT", "root" },
  { PS_PIN_ROLE_BACKUP, "PS_PIN_ROLE_BACKUP", "backup" },
  { 0, NULL, NULL },
};

static const GEnumValue origin_values[] = {
  { PS_PIN_ORIGIN_TYPED, "PS_PIN_ORIGIN_TYPED", "typed" },
  { PS_PIN_ORIGIN_HOST, "PS_PIN_ORIGIN_HOST", "host" },
  { PS_PIN_ORIGIN_FILE, "PS_PIN_ORIGIN_FILE", "file" },
  { PS_PIN_ORIGIN_KEY, "PS_PIN_ORIGIN_KEY", "key" },
  { PS_PIN_ORIGIN_CSR, "PS_PIN_ORIGIN_CSR", "csr" },
  { 0, NULL, NULL },
};

GType
ps_pin_role_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("PsPinRole", role_values));
  return type;
}

GType
ps_pin_origin_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("PsPinOrigin", origin_values));
  return type;
}

const char *
ps_pin_role_to_string (PsPinRole role)
{
  g_return_val_if_fail (role <= PS_PIN_ROLE_BACKUP, NULL);
  return role_values[role].value_nick;
}

gboolean
ps_pin_role_from_string (const char *text,
                         PsPinRole  *role)
{
  for (guint i = 0; text != NULL && role_values[i].value_nick != NULL; i++)
    {
      if (g_ascii_strcasecmp (text, role_values[i].value_nick) == 0)
        {
          if (role != NULL)
            *role = role_values[i].value;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
ps_pin_role_to_label (PsPinRole role)
{
  switch (role)
    {
    case PS_PIN_ROLE_LEAF:
      return _("Leaf");
    case PS_PIN_ROLE_INTERMEDIATE:
      return _("Intermediate");
    case PS_PIN_ROLE_ROOT:
      return _("Root");
    case PS_PIN_ROLE_BACKUP:
      return _("Backup");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
ps_pin_origin_to_string (PsPinOrigin origin)
{
  g_return_val_if_fail (origin <= PS_PIN_ORIGIN_CSR, NULL);
  return origin_values[origin].value_nick;
}

gboolean
ps_pin_origin_from_string (const char  *text,
                           PsPinOrigin *origin)
{
  for (guint i = 0; text != NULL && origin_values[i].value_nick != NULL; i++)
    {
      if (g_ascii_strcasecmp (text, origin_values[i].value_nick) == 0)
        {
          if (origin != NULL)
            *origin = origin_values[i].value;
          return TRUE;
        }
    }
  return FALSE;
}

/* g_set_str() is GLib 2.76. */
static gboolean
set_str (char       **str_pointer,
         const char  *new_str)
{
  if (g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;
  g_free (*str_pointer);
  *str_pointer = g_strdup (new_str);
  return TRUE;
}

static gboolean
date_time_equal0 (GDateTime *a,
                  GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_date_time_equal (a, b);
}

/* Documents store times to the second; keeping the model to the second too makes a
 * saved and reloaded document equal to the one in memory. */
static GDateTime *
truncate_to_seconds (GDateTime *dt)
{
  g_autoptr(GDateTime) utc = NULL;

  if (dt == NULL)
    return NULL;
  utc = g_date_time_to_utc (dt);
  return g_date_time_new_utc (g_date_time_get_year (utc),
                              g_date_time_get_month (utc),
                              g_date_time_get_day_of_month (utc),
                              g_date_time_get_hour (utc),
                              g_date_time_get_minute (utc),
                              g_date_time_get_second (utc));
}

static GDateTime *
now_utc_seconds (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return truncate_to_seconds (now);
}

/* PsPinsetPin */

struct _PsPinsetPin
{
  GObject parent_instance;

  PsPin *pin;
  char *text;
  char *problem;
  int problem_code;
  char *label;
  PsPinRole role;
  PsPinOrigin origin;
  char *origin_detail;
  int depth;
  GDateTime *not_after;
};

G_DEFINE_FINAL_TYPE (PsPinsetPin, ps_pinset_pin, G_TYPE_OBJECT)

enum {
  PIN_PROP_0,
  PIN_PROP_PIN,
  PIN_PROP_TEXT,
  PIN_PROP_LABEL,
  PIN_PROP_ROLE,
  PIN_PROP_ORIGIN,
  PIN_PROP_ORIGIN_DETAIL,
  PIN_PROP_DEPTH,
  PIN_PROP_NOT_AFTER,
  PIN_N_PROPS
};

static GParamSpec *pin_properties[PIN_N_PROPS];

static void
ps_pinset_pin_finalize (GObject *object)
{
  PsPinsetPin *self = PS_PINSET_PIN (object);

  g_clear_pointer (&self->pin, ps_pin_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->origin_detail, g_free);
  g_clear_pointer (&self->not_after, g_date_time_unref);

  G_OBJECT_CLASS (ps_pinset_pin_parent_class)->finalize (object);
}

static void
ps_pinset_pin_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PsPinsetPin *self = PS_PINSET_PIN (object);

  switch (prop_id)
    {
    case PIN_PROP_PIN:
      g_value_set_boxed (value, self->pin);
      break;
    case PIN_PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PIN_PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PIN_PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PIN_PROP_ORIGIN:
      g_value_set_enum (value, self->origin);
      break;
    case PIN_PROP_ORIGIN_DETAIL:
      g_value_set_string (value, self->origin_detail);
      break;
    case PIN_PROP_DEPTH:
      g_value_set_int (value, self->depth);
      break;
    case PIN_PROP_NOT_AFTER:
      g_value_set_boxed (value, self->not_after);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_pinset_pin_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PsPinsetPin *self = PS_PINSET_PIN (object);

  switch (prop_id)
    {
    case PIN_PROP_PIN:
      self->pin = g_value_dup_boxed (value);
      break;
    case PIN_PROP_TEXT:
      self->text = g_value_dup_string (value);
      break;
    case PIN_PROP_LABEL:
      ps_pinset_pin_set_label (self, g_value_get_string (value));
      break;
    case PIN_PROP_ROLE:
      ps_pinset_pin_set_role (self, g_value_get_enum (value));
      break;
    case PIN_PROP_NOT_AFTER:
      ps_pinset_pin_set_not_after (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_pinset_pin_constructed (GObject *object)
{
  PsPinsetPin *self = PS_PINSET_PIN (object);

  G_OBJECT_CLASS (ps_pinset_pin_parent_class)->constructed (object);

  if (self->pin == NULL && self->text != NULL)
    {
      g_autoptr(GError) error = NULL;

      self->pin = ps_pin_parse (self->text, &error);
      if (self->pin == NULL)
        {
          self->problem = g_strdup (error->message);
          self->problem_code = error->domain == PS_ERROR ? error->code : PS_ERROR_INVALID_PIN;
          if (self->problem_code != PS_ERROR_PLACEHOLDER_PIN &&
              self->problem_code != PS_ERROR_SHA1_PIN)
            self->problem_code = PS_ERROR_INVALID_PIN;
        }
      else
        g_clear_pointer (&self->text, g_free);
    }
  else if (self->pin == NULL)
    {
      self->problem = g_strdup (_("The pin has no value"));
      self->problem_code = PS_ERROR_INVALID_PIN;
    }
}

static void
ps_pinset_pin_class_init (PsPinsetPinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ps_pinset_pin_finalize;
  object_class->get_property = ps_pinset_pin_get_property;
  object_class->set_property = ps_pinset_pin_set_property;
  object_class->constructed = ps_pinset_pin_constructed;

  pin_properties[PIN_PROP_PIN] =
    g_param_spec_boxed ("pin", NULL, NULL, PS_TYPE_PIN,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  pin_properties[PIN_PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  pin_properties[PIN_PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  pin_properties[PIN_PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, PS_TYPE_PIN_ROLE, PS_PIN_ROLE_LEAF,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  pin_properties[PIN_PROP_ORIGIN] =
    g_param_spec_enum ("origin", NULL, NULL, PS_TYPE_PIN_ORIGIN, PS_PIN_ORIGIN_TYPED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  pin_properties[PIN_PROP_ORIGIN_DETAIL] =
    g_param_spec_string ("origin-detail", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  pin_properties[PIN_PROP_DEPTH] =
    g_param_spec_int ("depth", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  pin_properties[PIN_PROP_NOT_AFTER] =
    g_param_spec_boxed ("not-after", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, PIN_N_PROPS, pin_properties);
}

static void
ps_pinset_pin_init (PsPinsetPin *self)
{
  self->depth = -1;
  self->problem_code = -1;
}

PsPinsetPin *
ps_pinset_pin_new (const PsPin *pin,
                   const char  *label,
                   PsPinRole    role)
{
  g_return_val_if_fail (pin != NULL, NULL);

  return g_object_new (PS_TYPE_PINSET_PIN,
                       "pin", pin,
                       "label", label,
                       "role", role,
                       NULL);
}

PsPinsetPin *
ps_pinset_pin_new_from_text (const char *text,
                             const char *label,
                             PsPinRole   role)
{
  g_return_val_if_fail (text != NULL, NULL);

  return g_object_new (PS_TYPE_PINSET_PIN,
                       "text", text,
                       "label", label,
                       "role", role,
                       NULL);
}

const PsPin *
ps_pinset_pin_get_pin (PsPinsetPin *self)
{
  g_return_val_if_fail (PS_IS_PINSET_PIN (self), NULL);
  return self->pin;
}

const char *
ps_pinset_pin_get_text (PsPinsetPin *self)
{
  g_return_val_if_fail (PS_IS_PINSET_PIN (self), NULL);
  return self->text;
}

const char *
ps_pinset_pin_get_problem (PsPinsetPin *self)
{
  g_return_val_if_fail (PS_IS_PINSET_PIN (self), NULL);
  return self->problem;
}

int
ps_pinset_pin_get_problem_code (PsPinsetPin *self)
{
  g_return_val_if_fail (PS_IS_PINSET_PIN (self), -1);
  return self->problem_code;
}

char *
ps_pinset_pin_dup_display (PsPinsetPin *self)
{
  g_return_val_if_fail (PS_IS_PINSET_PIN (self), NULL);

  if (self->pin != NULL && ps_pin_get_algorithm (self->pin) == PS_PIN_SHA256)
    return ps_pin_to_base64 (self->pin);
  if (self->pin != NULL)
    return ps_pin_to_string (self->pin, PS_PIN_NOTATION_HEX);
  return g_strdup (self->text != NULL ? self->text : "");
}

const char *
ps_pinset_pin_get_label (PsPinsetPin *self)
{
  g_return_val_if_fail (PS_IS_PINSET_PIN (self), NULL);
  return self->label;
}

void
ps_pinset_pin_set_label (PsPinsetPin *self,
                         const char  *label)
{
  g_return_if_fail (PS_IS_PINSET_PIN (self));

  if (label != NULL && *label == '\0')
    label = NULL;
  if (set_str (&self->label, label))
    g_object_notify_by_pspec (G_OBJECT (self), pin_properties[PIN_PROP_LABEL]);
}

PsPinRole
ps_pinset_pin_get_role (PsPinsetPin *self)
{
  g_return_val_if_fail (PS_IS_PINSET_PIN (self), PS_PIN_ROLE_LEAF);
  return self->role;
}

void
ps_pinset_pin_set_role (PsPinsetPin *self,
                        PsPinRole    role)
{
  g_return_if_fail (PS_IS_PINSET_PIN (self));
  g_return_if_fail (role <= PS_PIN_ROLE_BACKUP);

  if (self->role == role)
    return;
  self->role = role;
  g_object_notify_by_pspec (G_OBJECT (self), pin_properties[PIN_PROP_ROLE]);
}

PsPinOrigin
ps_pinset_pin_get_origin (PsPinsetPin *self)
{
  g_return_val_if_fail (PS_IS_PINSET_PIN (self), PS_PIN_ORIGIN_TYPED);
  return self->origin;
}

const char *
ps_pinset_pin_get_origin_detail (PsPinsetPin *self)
{
  g_return_val_if_fail (PS_IS_PINSET_PIN (self), NULL);
  return self->origin_detail;
}

int
ps_pinset_pin_get_depth (PsPinsetPin *self)
{
  g_return_val_if_fail (PS_IS_PINSET_PIN (self), -1);
  return self->depth;
}

void
ps_pinset_pin_set_origin (PsPinsetPin *self,
                          PsPinOrigin  origin,
                          const char  *detail,
                          int          depth)
{
  g_return_if_fail (PS_IS_PINSET_PIN (self));
  g_return_if_fail (origin <= PS_PIN_ORIGIN_CSR);

  if (depth < -1)
    depth = -1;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->origin != origin)
    {
      self->origin = origin;
      g_object_notify_by_pspec (G_OBJECT (self), pin_properties[PIN_PROP_ORIGIN]);
    }
  if (set_str (&self->origin_detail, detail))
    g_object_notify_by_pspec (G_OBJECT (self), pin_properties[PIN_PROP_ORIGIN_DETAIL]);
  if (self->depth != depth)
    {
      self->depth = depth;
      g_object_notify_by_pspec (G_OBJECT (self), pin_properties[PIN_PROP_DEPTH]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

GDateTime *
ps_pinset_pin_get_not_after (PsPinsetPin *self)
{
  g_return_val_if_fail (PS_IS_PINSET_PIN (self), NULL);
  return self->not_after;
}

void
ps_pinset_pin_set_not_after (PsPinsetPin *self,
                             GDateTime   *not_after)
{
  g_autoptr(GDateTime) truncated = NULL;

  g_return_if_fail (PS_IS_PINSET_PIN (self));

  truncated = truncate_to_seconds (not_after);
  if (date_time_equal0 (self->not_after, truncated))
    return;
  g_clear_pointer (&self->not_after, g_date_time_unref);
  self->not_after = g_steal_pointer (&truncated);
  g_object_notify_by_pspec (G_OBJECT (self), pin_properties[PIN_PROP_NOT_AFTER]);
}

static gboolean
pinset_pin_equal (PsPinsetPin *a,
                  PsPinsetPin *b)
{
  if ((a->pin == NULL) != (b->pin == NULL))
    return FALSE;
  if (a->pin != NULL && !ps_pin_equal (a->pin, b->pin))
    return FALSE;
  return g_strcmp0 (a->text, b->text) == 0 &&
         g_strcmp0 (a->label, b->label) == 0 &&
         a->role == b->role &&
         a->origin == b->origin &&
         g_strcmp0 (a->origin_detail, b->origin_detail) == 0 &&
         a->depth == b->depth &&
         date_time_equal0 (a->not_after, b->not_after);
}

/* PsPinsetDomain */

struct _PsPinsetDomain
{
  GObject parent_instance;

  char *name;
  gboolean include_subdomains;
};

G_DEFINE_FINAL_TYPE (PsPinsetDomain, ps_pinset_domain, G_TYPE_OBJECT)

enum {
  DOMAIN_PROP_0,
  DOMAIN_PROP_NAME,
  DOMAIN_PROP_INCLUDE_SUBDOMAINS,
  DOMAIN_N_PROPS
};

static GParamSpec *domain_properties[DOMAIN_N_PROPS];

static void
ps_pinset_domain_finalize (GObject *object)
{
  PsPinsetDomain *self = PS_PINSET_DOMAIN (object);

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (ps_pinset_domain_parent_class)->finalize (object);
}

static void
ps_pinset_domain_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PsPinsetDomain *self = PS_PINSET_DOMAIN (object);

  switch (prop_id)
    {
    case DOMAIN_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case DOMAIN_PROP_INCLUDE_SUBDOMAINS:
      g_value_set_boolean (value, self->include_subdomains);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_pinset_domain_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PsPinsetDomain *self = PS_PINSET_DOMAIN (object);

  switch (prop_id)
    {
    case DOMAIN_PROP_NAME:
      ps_pinset_domain_set_name (self, g_value_get_string (value));
      break;
    case DOMAIN_PROP_INCLUDE_SUBDOMAINS:
      ps_pinset_domain_set_include_subdomains (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_pinset_domain_class_init (PsPinsetDomainClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ps_pinset_domain_finalize;
  object_class->get_property = ps_pinset_domain_get_property;
  object_class->set_property = ps_pinset_domain_set_property;

  domain_properties[DOMAIN_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  domain_properties[DOMAIN_PROP_INCLUDE_SUBDOMAINS] =
    g_param_spec_boolean ("include-subdomains", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, DOMAIN_N_PROPS, domain_properties);
}

static void
ps_pinset_domain_init (PsPinsetDomain *self)
{
  self->name = g_strdup ("");
}

PsPinsetDomain *
ps_pinset_domain_new (const char *name,
                      gboolean    include_subdomains)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (PS_TYPE_PINSET_DOMAIN,
                       "name", name,
                       "include-subdomains", include_subdomains,
                       NULL);
}

const char *
ps_pinset_domain_get_name (PsPinsetDomain *self)
{
  g_return_val_if_fail (PS_IS_PINSET_DOMAIN (self), NULL);
  return self->name;
}

void
ps_pinset_domain_set_name (PsPinsetDomain *self,
                           const char     *name)
{
  g_autofree char *normalized = NULL;
  gsize len;

  g_return_if_fail (PS_IS_PINSET_DOMAIN (self));

  /* Host names compare case-insensitively and a trailing dot means the same name. */
  normalized = g_ascii_strdown (name != NULL ? name : "", -1);
  g_strstrip (normalized);
  len = strlen (normalized);
  if (len > 1 && normalized[len - 1] == '.')
    normalized[len - 1] = '\0';

  if (set_str (&self->name, normalized))
    g_object_notify_by_pspec (G_OBJECT (self), domain_properties[DOMAIN_PROP_NAME]);
}

gboolean
ps_pinset_domain_get_include_subdomains (PsPinsetDomain *self)
{
  g_return_val_if_fail (PS_IS_PINSET_DOMAIN (self), FALSE);
  return self->include_subdomains;
}

void
ps_pinset_domain_set_include_subdomains (PsPinsetDomain *self,
                                         gboolean        include)
{
  g_return_if_fail (PS_IS_PINSET_DOMAIN (self));

  include = !!include;
  if (self->include_subdomains == include)
    return;
  self->include_subdomains = include;
  g_object_notify_by_pspec (G_OBJECT (self), domain_properties[DOMAIN_PROP_INCLUDE_SUBDOMAINS]);
}

static gboolean
is_proper_subdomain (const char *host,
                     const char *base)
{
  gsize host_len = strlen (host);
  gsize base_len = strlen (base);

  return host_len > base_len + 1 &&
         host[host_len - base_len - 1] == '.' &&
         strcmp (host + host_len - base_len, base) == 0;
}

gboolean
ps_pinset_domain_covers (PsPinsetDomain *self,
                         const char     *hostname)
{
  g_autofree char *host = NULL;
  gsize len;

  g_return_val_if_fail (PS_IS_PINSET_DOMAIN (self), FALSE);

  if (hostname == NULL || *self->name == '\0')
    return FALSE;

  host = g_ascii_strdown (hostname, -1);
  len = strlen (host);
  if (len > 1 && host[len - 1] == '.')
    host[len - 1] = '\0';

  if (strcmp (host, self->name) == 0)
    return TRUE;

  /* OkHttp-style patterns: "**." any depth, the base name included (OkHttp's
   * Pin.matchesHostname accepts an empty prefix); "*." exactly one label. */
  if (g_str_has_prefix (self->name, "**."))
    return strcmp (host, self->name + 3) == 0 || is_proper_subdomain (host, self->name + 3);
  if (g_str_has_prefix (self->name, "*."))
    {
      const char *base = self->name + 2;

      return is_proper_subdomain (host, base) &&
             memchr (host, '.', strlen (host) - strlen (base) - 1) == NULL;
    }

  return self->include_subdomains && is_proper_subdomain (host, self->name);
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
  GDateTime *expiration;
  char *notes;
};

G_DEFINE_FINAL_TYPE (PsPinsetRule, ps_pinset_rule, G_TYPE_OBJECT)

enum {
  RULE_PROP_0,
  RULE_PROP_DOMAINS,
  RULE_PROP_PINS,
  RULE_PROP_EXPIRATION,
  RULE_PROP_NOTES,
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
}

static void
rule_child_notify_cb (GObject      *child,
                      GParamSpec   *pspec,
                      PsPinsetRule *self)
{
  rule_emit_changed (self);
}

static void
rule_items_changed_cb (GListModel   *model,
                       guint         position,
                       guint         removed,
                       guint         added,
                       PsPinsetRule *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_signal_connect_object (item, "notify", G_CALLBACK (rule_child_notify_cb), self, 0);
    }
  rule_emit_changed (self);
}

static void
disconnect_items (GListModel *model,
                  gpointer    data)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_signal_handlers_disconnect_by_data (item, data);
    }
}

static void
ps_pinset_rule_dispose (GObject *object)
{
  PsPinsetRule *self = PS_PINSET_RULE (object);

  if (self->domains != NULL)
    {
      disconnect_items (G_LIST_MODEL (self->domains), self);
      g_signal_handlers_disconnect_by_data (self->domains, self);
    }
  if (self->pins != NULL)
    {
      disconnect_items (G_LIST_MODEL (self->pins), self);
      g_signal_handlers_disconnect_by_data (self->pins, self);
    }
  g_clear_object (&self->domains);
  g_clear_object (&self->pins);

  G_OBJECT_CLASS (ps_pinset_rule_parent_class)->dispose (object);
}

static void
ps_pinset_rule_finalize (GObject *object)
{
  PsPinsetRule *self = PS_PINSET_RULE (object);

  g_clear_pointer (&self->expiration, g_date_time_unref);
  g_clear_pointer (&self->notes, g_free);
  g_clear_pointer (&self->pin_keys, g_hash_table_unref);

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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_pinset_rule_class_init (PsPinsetRuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

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
rule_self_notify_cb (GObject      *object,
                     GParamSpec   *pspec,
                     PsPinsetRule *self)
{
  rule_emit_changed (self);
}

static void
ps_pinset_rule_init (PsPinsetRule *self)
{
  self->domains = g_list_store_new (PS_TYPE_PINSET_DOMAIN);
  self->pins = g_list_store_new (PS_TYPE_PINSET_PIN);
  self->pin_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_signal_connect (self->domains, "items-changed", G_CALLBACK (rule_items_changed_cb), self);
  g_signal_connect (self->pins, "items-changed", G_CALLBACK (rule_items_changed_cb), self);
  g_signal_connect (self, "notify", G_CALLBACK (rule_self_notify_cb), self);
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
      g_signal_handlers_disconnect_by_data (domain, self);
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
  if (pin->pin != NULL)
    return value_key (pin->pin);
  return g_strconcat ("text:", pin->text != NULL ? pin->text : "", NULL);
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

      if (item->pin != NULL && ps_pin_equal (item->pin, pin))
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
      g_signal_handlers_disconnect_by_data (pin, self);
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

  if (date_time_equal0 (self->expiration, date))
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
  if (set_str (&self->notes, notes))
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
      g_string_append (label, domain->name);
    }
  return g_string_free (label, FALSE);
}

static gboolean
rule_equal (PsPinsetRule *a,
            PsPinsetRule *b)
{
  GListModel *da = G_LIST_MODEL (a->domains);
  GListModel *db = G_LIST_MODEL (b->domains);
  GListModel *pa = G_LIST_MODEL (a->pins);
  GListModel *pb = G_LIST_MODEL (b->pins);

  if (g_list_model_get_n_items (da) != g_list_model_get_n_items (db) ||
      g_list_model_get_n_items (pa) != g_list_model_get_n_items (pb) ||
      !date_time_equal0 (a->expiration, b->expiration) ||
      g_strcmp0 (a->notes, b->notes) != 0)
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (da); i++)
    {
      g_autoptr(PsPinsetDomain) x = g_list_model_get_item (da, i);
      g_autoptr(PsPinsetDomain) y = g_list_model_get_item (db, i);

      if (strcmp (x->name, y->name) != 0 || x->include_subdomains != y->include_subdomains)
        return FALSE;
    }

  for (guint i = 0; i < g_list_model_get_n_items (pa); i++)
    {
      g_autoptr(PsPinsetPin) x = g_list_model_get_item (pa, i);
      g_autoptr(PsPinsetPin) y = g_list_model_get_item (pb, i);

      if (!pinset_pin_equal (x, y))
        return FALSE;
    }

  return TRUE;
}

/* PsPinset */

struct _PsPinset
{
  GObject parent_instance;

  char *name;
  GDateTime *created;
  GDateTime *modified;
  GListStore *rules;
  guint loading : 1;
};

G_DEFINE_FINAL_TYPE (PsPinset, ps_pinset, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_CREATED,
  PROP_MODIFIED,
  PROP_RULES,
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
  if (self->loading)
    return;

  {
    g_autoptr(GDateTime) now = now_utc_seconds ();

    /* Many edits within one second change "modified" once. */
    if (!date_time_equal0 (self->modified, now))
      {
        g_clear_pointer (&self->modified, g_date_time_unref);
        self->modified = g_steal_pointer (&now);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
      }
  }
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
pinset_rule_changed_cb (PsPinsetRule *rule,
                        PsPinset     *self)
{
  pinset_emit_changed (self);
}

static void
pinset_rules_changed_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         PsPinset   *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (model, i);

      g_signal_connect_object (rule, "changed", G_CALLBACK (pinset_rule_changed_cb), self, 0);
    }
  pinset_emit_changed (self);
}

static void
ps_pinset_dispose (GObject *object)
{
  PsPinset *self = PS_PINSET (object);

  if (self->rules != NULL)
    {
      disconnect_items (G_LIST_MODEL (self->rules), self);
      g_signal_handlers_disconnect_by_data (self->rules, self);
    }
  g_clear_object (&self->rules);

  G_OBJECT_CLASS (ps_pinset_parent_class)->dispose (object);
}

static void
ps_pinset_finalize (GObject *object)
{
  PsPinset *self = PS_PINSET (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->modified, g_date_time_unref);

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
  self->created = now_utc_seconds ();
  self->modified = g_date_time_ref (self->created);
  self->rules = g_list_store_new (PS_TYPE_PINSET_RULE);
  g_signal_connect (self->rules, "items-changed", G_CALLBACK (pinset_rules_changed_cb), self);
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

  if (set_str (&self->name, name != NULL ? name : ""))
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
      g_signal_handlers_disconnect_by_data (rule, self);
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
      g_list_model_get_n_items (ra) != g_list_model_get_n_items (rb))
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (ra); i++)
    {
      g_autoptr(PsPinsetRule) x = g_list_model_get_item (ra, i);
      g_autoptr(PsPinsetRule) y = g_list_model_get_item (rb, i);

      if (!rule_equal (x, y))
        return FALSE;
    }
  return TRUE;
}

/* Writing JSON */

static void
add_time (JsonBuilder *builder,
          const char  *member,
          GDateTime   *time)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *text = NULL;

  if (time == NULL)
    return;
  utc = g_date_time_to_utc (time);
  text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
build_pin (JsonBuilder *builder,
           PsPinsetPin *pin)
{
  json_builder_begin_object (builder);
  if (pin->pin != NULL)
    {
      g_autofree char *b64 = ps_pin_to_base64 (pin->pin);

      add_string (builder, "algorithm",
                  ps_pin_get_algorithm (pin->pin) == PS_PIN_SHA1 ? "sha1" : "sha256");
      add_string (builder, "hash", b64);
    }
  else
    add_string (builder, "unparsed", pin->text);
  add_string (builder, "label", pin->label);
  add_string (builder, "role", ps_pin_role_to_string (pin->role));

  json_builder_set_member_name (builder, "origin");
  json_builder_begin_object (builder);
  add_string (builder, "type", ps_pin_origin_to_string (pin->origin));
  add_string (builder, "detail", pin->origin_detail);
  if (pin->depth >= 0)
    {
      json_builder_set_member_name (builder, "depth");
      json_builder_add_int_value (builder, pin->depth);
    }
  json_builder_end_object (builder);

  add_time (builder, "not_after", pin->not_after);
  json_builder_end_object (builder);
}

static void
build_rule (JsonBuilder  *builder,
            PsPinsetRule *rule)
{
  GListModel *domains = G_LIST_MODEL (rule->domains);
  GListModel *pins = G_LIST_MODEL (rule->pins);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "domains");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, i);

      json_builder_begin_object (builder);
      add_string (builder, "name", domain->name);
      json_builder_set_member_name (builder, "include_subdomains");
      json_builder_add_boolean_value (builder, domain->include_subdomains);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "expiration");
  if (rule->expiration != NULL)
    {
      g_autofree char *date = g_date_time_format (rule->expiration, "%Y-%m-%d");
      json_builder_add_string_value (builder, date);
    }
  else
    json_builder_add_null_value (builder);

  add_string (builder, "notes", rule->notes);

  json_builder_set_member_name (builder, "pins");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (pins); i++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, i);

      build_pin (builder, pin);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
}

char *
ps_pinset_to_json (PsPinset *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  GListModel *rules;
  GString *out;

  g_return_val_if_fail (PS_IS_PINSET (self), NULL);

  rules = G_LIST_MODEL (self->rules);

  json_builder_begin_object (builder);
  add_string (builder, "format", PS_PINSET_FORMAT_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, PS_PINSET_FORMAT_VERSION);
  add_string (builder, "name", self->name);
  add_time (builder, "created", self->created);
  add_time (builder, "modified", self->modified);
  json_builder_set_member_name (builder, "rules");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (rules); i++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, i);

      build_rule (builder, rule);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);

  out = g_string_new (NULL);
  json_generator_to_gstring (generator, out);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

/* Reading JSON. Every problem is reported with the path of the member, such as
 * "rules[1].pins[0].hash: invalid base64". */

G_GNUC_PRINTF (3, 4)
static gboolean
fail (GError    **error,
      const char *where,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET, "%s: %s", where, message);
  return FALSE;
}

static const char *
node_type_label (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "an array";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return "a boolean";
    default:
      return "a number";
    }
}

static gboolean
is_string_node (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* Gets an optional string member; NULL and FALSE when it is there with the wrong type. */
static gboolean
get_string (JsonObject  *object,
            const char  *member,
            const char  *where,
            gboolean     required,
            const char **out,
            GError     **error)
{
  g_autofree char *path = g_strconcat (where, *where ? "." : "", member, NULL);
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || (JSON_NODE_HOLDS_NULL (node) && !required))
    {
      if (required)
        return fail (error, path, _("missing"));
      return TRUE;
    }
  if (!is_string_node (node))
    return fail (error, path, _("expected a string, found %s"), node_type_label (node));
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_array (JsonObject  *object,
           const char  *member,
           const char  *where,
           JsonArray  **out,
           GError     **error)
{
  g_autofree char *path = g_strconcat (where, *where ? "." : "", member, NULL);
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return fail (error, path, _("missing"));
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, path, _("expected an array, found %s"), node_type_label (node));
  *out = json_node_get_array (node);
  return TRUE;
}

static GDateTime *
parse_time (const char *text,
            const char *path,
            GError    **error)
{
  GDateTime *dt = g_date_time_new_from_iso8601 (text, NULL);

  if (dt == NULL)
    fail (error, path, _("“%s” is not a date and time (expected YYYY-MM-DDTHH:MM:SSZ)"), text);
  return dt;
}

/* A calendar date, "YYYY-MM-DD". A full ISO 8601 time is accepted too. */
static GDateTime *
parse_date (const char *text,
            const char *path,
            GError    **error)
{
  int y, m, d;
  char extra;

  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &extra) == 3 &&
      strlen (text) == 10 && g_date_valid_dmy (d, m, y))
    return g_date_time_new_utc (y, m, d, 0, 0, 0);

  if (strchr (text, 'T') != NULL)
    {
      GDateTime *dt = g_date_time_new_from_iso8601 (text, NULL);

      if (dt != NULL)
        return dt;
    }

  fail (error, path, _("“%s” is not a date (expected YYYY-MM-DD)"), text);
  return NULL;
}

static PsPinsetPin *
read_pin (JsonNode   *node,
          const char *where,
          GError    **error)
{
  g_autoptr(PsPinsetPin) pin = NULL;
  JsonObject *object;
  const char *algorithm = NULL;
  const char *hash = NULL;
  const char *unparsed = NULL;
  const char *label = NULL;
  const char *role_text = NULL;
  const char *not_after_text = NULL;
  PsPinRole role = PS_PIN_ROLE_LEAF;
  JsonNode *origin_node;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, where, _("expected an object, found %s"), node_type_label (node));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_string (object, "algorithm", where, FALSE, &algorithm, error) ||
      !get_string (object, "hash", where, FALSE, &hash, error) ||
      !get_string (object, "unparsed", where, FALSE, &unparsed, error) ||
      !get_string (object, "label", where, FALSE, &label, error) ||
      !get_string (object, "role", where, TRUE, &role_text, error) ||
      !get_string (object, "not_after", where, FALSE, &not_after_text, error))
    return NULL;

  if (!ps_pin_role_from_string (role_text, &role))
    {
      g_autofree char *path = g_strconcat (where, ".role", NULL);
      fail (error, path, _("unknown role “%s” (expected leaf, intermediate, root or backup)"),
            role_text);
      return NULL;
    }

  if (hash != NULL)
    {
      g_autofree char *path = g_strconcat (where, ".hash", NULL);
      g_autoptr(PsPin) value = NULL;
      g_autofree guint8 *digest = NULL;
      PsPinAlgorithm alg = PS_PIN_SHA256;
      gsize expected = 32;
      gsize len = 0;
      gsize n = strlen (hash);
      gboolean ok = n > 0 && n % 4 == 0;

      if (algorithm != NULL && g_ascii_strcasecmp (algorithm, "sha1") == 0)
        {
          alg = PS_PIN_SHA1;
          expected = 20;
        }
      else if (algorithm != NULL && g_ascii_strcasecmp (algorithm, "sha256") != 0)
        {
          g_autofree char *apath = g_strconcat (where, ".algorithm", NULL);
          fail (error, apath, _("unknown algorithm “%s” (expected sha256)"), algorithm);
          return NULL;
        }

      for (gsize i = 0; ok && i < n; i++)
        {
          char c = hash[i];

          if (c == '=')
            ok = i >= n - 2 && (i == n - 1 || hash[n - 1] == '=');
          else
            ok = g_ascii_isalnum (c) || c == '+' || c == '/';
        }
      if (!ok)
        {
          fail (error, path, _("invalid base64"));
          return NULL;
        }
      digest = g_base64_decode (hash, &len);
      if (len != expected)
        {
          fail (error, path, _("%lu bytes where a %s hash has %lu"),
                (gulong) len, alg == PS_PIN_SHA1 ? "SHA-1" : "SHA-256", (gulong) expected);
          return NULL;
        }
      /* Placeholders are kept as they are: the linter reports them. */
      value = ps_pin_new_from_digest (alg, digest, len);
      pin = ps_pinset_pin_new (value, label, role);
    }
  else if (unparsed != NULL)
    pin = ps_pinset_pin_new_from_text (unparsed, label, role);
  else
    {
      g_autofree char *path = g_strconcat (where, ".hash", NULL);
      fail (error, path, _("missing"));
      return NULL;
    }

  origin_node = json_object_get_member (object, "origin");
  if (origin_node != NULL && !JSON_NODE_HOLDS_NULL (origin_node))
    {
      g_autofree char *opath = g_strconcat (where, ".origin", NULL);
      JsonObject *origin;
      const char *type_text = NULL;
      const char *detail = NULL;
      PsPinOrigin type = PS_PIN_ORIGIN_TYPED;
      JsonNode *depth_node;
      gint64 depth = -1;

      if (!JSON_NODE_HOLDS_OBJECT (origin_node))
        {
          fail (error, opath, _("expected an object, found %s"), node_type_label (origin_node));
          return NULL;
        }
      origin = json_node_get_object (origin_node);
      if (!get_string (origin, "type", opath, TRUE, &type_text, error) ||
          !get_string (origin, "detail", opath, FALSE, &detail, error))
        return NULL;
      if (!ps_pin_origin_from_string (type_text, &type))
        {
          g_autofree char *tpath = g_strconcat (opath, ".type", NULL);
          fail (error, tpath, _("unknown origin “%s” (expected typed, host, file, key or csr)"),
                type_text);
          return NULL;
        }
      depth_node = json_object_get_member (origin, "depth");
      if (depth_node != NULL && !JSON_NODE_HOLDS_NULL (depth_node))
        {
          g_autofree char *dpath = g_strconcat (opath, ".depth", NULL);

          if (!JSON_NODE_HOLDS_VALUE (depth_node) ||
              json_node_get_value_type (depth_node) != G_TYPE_INT64)
            {
              fail (error, dpath, _("expected an integer, found %s"),
                    node_type_label (depth_node));
              return NULL;
            }
          depth = json_node_get_int (depth_node);
          if (depth < 0 || depth > 64)
            {
              fail (error, dpath, _("%lld is not a chain depth (0 to 64)"),
                    (long long) depth);
              return NULL;
            }
        }
      ps_pinset_pin_set_origin (pin, type, detail, (int) depth);
    }

  if (not_after_text != NULL)
    {
      g_autofree char *path = g_strconcat (where, ".not_after", NULL);
      g_autoptr(GDateTime) not_after = parse_time (not_after_text, path, error);

      if (not_after == NULL)
        return NULL;
      ps_pinset_pin_set_not_after (pin, not_after);
    }

  return g_steal_pointer (&pin);
}

static PsPinsetRule *
read_rule (JsonNode   *node,
           const char *where,
           GError    **error)
{
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
  g_autofree char *domains_path = g_strconcat (where, ".domains", NULL);
  g_autofree char *pins_path = g_strconcat (where, ".pins", NULL);
  JsonObject *object;
  JsonArray *domains = NULL;
  JsonArray *pins = NULL;
  const char *expiration = NULL;
  const char *notes = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, where, _("expected an object, found %s"), node_type_label (node));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_array (object, "domains", where, &domains, error) ||
      !get_array (object, "pins", where, &pins, error) ||
      !get_string (object, "expiration", where, FALSE, &expiration, error) ||
      !get_string (object, "notes", where, FALSE, &notes, error))
    return NULL;

  for (guint i = 0; i < json_array_get_length (domains); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", domains_path, i);
      JsonNode *item = json_array_get_element (domains, i);
      g_autoptr(PsPinsetDomain) domain = NULL;
      JsonObject *dobj;
      JsonNode *include;
      const char *name = NULL;
      gboolean include_subdomains = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          fail (error, path, _("expected an object, found %s"), node_type_label (item));
          return NULL;
        }
      dobj = json_node_get_object (item);
      if (!get_string (dobj, "name", path, TRUE, &name, error))
        return NULL;
      if (*name == '\0' || strchr (name, ' ') != NULL || strchr (name, '/') != NULL)
        {
          g_autofree char *npath = g_strconcat (path, ".name", NULL);
          fail (error, npath, _("“%s” is not a domain name"), name);
          return NULL;
        }
      include = json_object_get_member (dobj, "include_subdomains");
      if (include != NULL && !JSON_NODE_HOLDS_NULL (include))
        {
          if (!JSON_NODE_HOLDS_VALUE (include) ||
              json_node_get_value_type (include) != G_TYPE_BOOLEAN)
            {
              g_autofree char *ipath = g_strconcat (path, ".include_subdomains", NULL);
              fail (error, ipath, _("expected a boolean, found %s"), node_type_label (include));
              return NULL;
            }
          include_subdomains = json_node_get_boolean (include);
        }
      domain = ps_pinset_domain_new (name, include_subdomains);
      ps_pinset_rule_add_domain (rule, domain);
    }

  for (guint i = 0; i < json_array_get_length (pins); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", pins_path, i);
      g_autoptr(PsPinsetPin) pin = read_pin (json_array_get_element (pins, i), path, error);

      if (pin == NULL)
        return NULL;
      ps_pinset_rule_append_pin (rule, pin);
    }

  if (expiration != NULL)
    {
      g_autofree char *path = g_strconcat (where, ".expiration", NULL);
      g_autoptr(GDateTime) date = parse_date (expiration, path, error);

      if (date == NULL)
        return NULL;
      ps_pinset_rule_set_expiration (rule, date);
    }
  ps_pinset_rule_set_notes (rule, notes);

  return g_steal_pointer (&rule);
}

/* The JSON parser recurses once per level of nesting, so a document of a few megabytes
 * of "[" would exhaust the stack. A pinset needs five levels; refuse far deeper ones
 * before parsing. */
#define MAX_NESTING 64

static gboolean
nesting_is_reasonable (const char *json,
                       gsize       len)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = json[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > MAX_NESTING)
            return FALSE;
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return TRUE;
}

PsPinset *
ps_pinset_new_from_json (const char  *json,
                         gssize       len,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PsPinset) self = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *version_node;
  JsonArray *rules = NULL;
  const char *format = NULL;
  const char *name = NULL;
  const char *created = NULL;
  const char *modified = NULL;
  gint64 version;

  g_return_val_if_fail (json != NULL, NULL);

  if (len < 0)
    len = strlen (json);

  if ((gsize) len > PS_PINSET_MAX_FILE_SIZE)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                   _("The document is %ld bytes long; pinsets larger than "
                     "%d MiB are refused"), (glong) len, PS_PINSET_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }

  if (!g_utf8_validate (json, len, NULL))
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                   _("The document is not UTF-8 text"));
      return NULL;
    }

  if (!nesting_is_reasonable (json, len))
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                   _("Not a Pinscope pinset: the JSON is nested more than %d levels deep"),
                   MAX_NESTING);
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, len, &local_error))
    {
      int line = 0, column = 0, consumed = 0;

      /* json-glib says "<data>:LINE:COLUMN: Parse error: ..."; say it as the other
       * readers do. */
      if (sscanf (local_error->message, "<data>:%d:%d: %n", &line, &column, &consumed) == 2 &&
          consumed > 0)
        {
          const char *detail = local_error->message + consumed;

          if (g_str_has_prefix (detail, "Parse error: "))
            detail += strlen ("Parse error: ");
          g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                       _("Line %d, column %d: not a valid JSON document: %s"),
                       line, column, detail);
        }
      else
        g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                     _("Not a valid JSON document: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                   _("Not a Pinscope pinset: the document is not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (root);

  if (!get_string (object, "format", "", TRUE, &format, error))
    return NULL;
  if (strcmp (format, PS_PINSET_FORMAT_NAME) != 0)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                   _("format: “%s” is not a Pinscope pinset (expected “%s”)"),
                   format, PS_PINSET_FORMAT_NAME);
      return NULL;
    }

  version_node = json_object_get_member (object, "version");
  if (version_node == NULL)
    {
      fail (error, "version", _("missing"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (version_node) ||
      json_node_get_value_type (version_node) != G_TYPE_INT64)
    {
      fail (error, "version", _("expected an integer, found %s"), node_type_label (version_node));
      return NULL;
    }
  version = json_node_get_int (version_node);
  if (version > PS_PINSET_FORMAT_VERSION)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_NEWER_VERSION,
                   _("This pinset has format version %lld, written by a newer "
                     "Pinscope; this version reads version %d and older. Update Pinscope to "
                     "open it."), (long long) version, PS_PINSET_FORMAT_VERSION);
      return NULL;
    }
  if (version < 1)
    {
      fail (error, "version", _("%lld is not a format version"), (long long) version);
      return NULL;
    }

  if (!get_string (object, "name", "", FALSE, &name, error) ||
      !get_string (object, "created", "", FALSE, &created, error) ||
      !get_string (object, "modified", "", FALSE, &modified, error) ||
      !get_array (object, "rules", "", &rules, error))
    return NULL;

  self = g_object_new (PS_TYPE_PINSET, NULL);
  self->loading = TRUE;
  ps_pinset_set_name (self, name);

  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      g_autofree char *path = g_strdup_printf ("rules[%u]", i);
      g_autoptr(PsPinsetRule) rule = read_rule (json_array_get_element (rules, i), path, error);

      if (rule == NULL)
        return NULL;
      ps_pinset_add_rule (self, rule);
    }

  if (created != NULL)
    {
      GDateTime *dt = parse_time (created, "created", error);

      if (dt == NULL)
        return NULL;
      g_clear_pointer (&self->created, g_date_time_unref);
      self->created = truncate_to_seconds (dt);
      g_date_time_unref (dt);
    }
  if (modified != NULL)
    {
      GDateTime *dt = parse_time (modified, "modified", error);

      if (dt == NULL)
        return NULL;
      g_clear_pointer (&self->modified, g_date_time_unref);
      self->modified = truncate_to_seconds (dt);
      g_date_time_unref (dt);
    }
  else
    {
      g_clear_pointer (&self->modified, g_date_time_unref);
      self->modified = g_date_time_ref (self->created);
    }

  self->loading = FALSE;
  return g_steal_pointer (&self);
}

/* Files */

static gboolean
write_all (int            fd,
           const char    *data,
           gsize          len,
           const char    *path,
           GCancellable  *cancellable,
           GError       **error)
{
  gsize done = 0;

  while (done < len)
    {
      gsize chunk = MIN (len - done, 64 * 1024);
      ssize_t n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      n = write (fd, data + done, chunk);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = n < 0 ? errno : ENOSPC;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not write “%s”: %s"), path, g_strerror (saved));
          return FALSE;
        }
      done += n;
    }
  return TRUE;
}

/* Writes @data next to @path and renames it over @path once it is complete and on disk,
 * so that the previous file stays whole whatever happens before the rename. */
static gboolean
replace_file_atomically (const char    *path,
                         const char    *data,
                         gsize          len,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autofree char *target = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  struct stat st;
  int fd;
  int dir_fd;

  /* Saving through a symbolic link replaces the file it points to, not the link. */
  target = realpath (path, NULL);
  if (target == NULL)
    target = g_strdup (path);

  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  tmp = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create a temporary file in “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  /* Keep the permissions of the file being replaced. */
  if (stat (target, &st) == 0)
    (void) fchmod (fd, st.st_mode & 07777);

  if (!write_all (fd, data, len, target, cancellable, error))
    goto failed;

  if (fsync (fd) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s” to disk: %s"), target, g_strerror (saved));
      goto failed;
    }

  if (close (fd) != 0)
    {
      int saved = errno;
      fd = -1;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), target, g_strerror (saved));
      goto failed;
    }
  fd = -1;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto failed;

  if (rename (tmp, target) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not replace “%s”: %s"), target, g_strerror (saved));
      goto failed;
    }

  /* Make the rename itself durable. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      (void) fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;

failed:
  if (fd >= 0)
    close (fd);
  g_unlink (tmp);
  return FALSE;
}

static gboolean
save_data (const char    *data,
           gsize          len,
           GFile         *file,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    return replace_file_atomically (path, data, len, cancellable, error);

  /* Not a local file: GIO writes a temporary file and renames it where it can. */
  return g_file_replace_contents (file, data, len, NULL, TRUE, G_FILE_CREATE_NONE, NULL,
                                  cancellable, error);
}

gboolean
ps_pinset_save (PsPinset      *self,
                GFile         *file,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (PS_IS_PINSET (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  json = ps_pinset_to_json (self);
  return save_data (json, strlen (json), file, cancellable, error);
}

static char *
read_bounded (GFile         *file,
              gsize         *len,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GByteArray) buffer = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  guint8 chunk[64 * 1024];

  input = g_file_read (file, cancellable, error);
  if (input == NULL)
    return NULL;

  /* Refuse huge files before reading them rather than after filling memory. */
  info = g_file_input_stream_query_info (input, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                         cancellable, NULL);
  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE) &&
      g_file_info_get_size (info) > PS_PINSET_MAX_FILE_SIZE)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                   _("“%s” is %lld bytes long; pinsets larger than %d MiB "
                     "are refused"), name, (long long) g_file_info_get_size (info),
                   PS_PINSET_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }

  /* The size may be unknown or wrong (pipes, growing files): also bound the reading. */
  buffer = g_byte_array_new ();
  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (input), chunk, sizeof chunk,
                                      cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if (buffer->len + n > PS_PINSET_MAX_FILE_SIZE)
        {
          g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET,
                       _("“%s” is larger than %d MiB; pinsets that large are refused"),
                       name, PS_PINSET_MAX_FILE_SIZE / (1024 * 1024));
          return NULL;
        }
      g_byte_array_append (buffer, chunk, n);
    }

  *len = buffer->len;
  g_byte_array_append (buffer, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (g_steal_pointer (&buffer), FALSE);
}

PsPinset *
ps_pinset_load (GFile         *file,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  PsPinset *pinset;
  gsize len = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = read_bounded (file, &len, cancellable, error);
  if (data == NULL)
    return NULL;

  pinset = ps_pinset_new_from_json (data, len, &local_error);
  if (pinset == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, local_error->domain, local_error->code, "%s: %s",
                   name, local_error->message);
    }
  return pinset;
}

/* Async */

typedef struct
{
  char *json;
  GFile *file;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_free (data->json);
  g_clear_object (&data->file);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;

  if (save_data (data->json, strlen (data->json), data->file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ps_pinset_save_async (PsPinset            *self,
                      GFile               *file,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (PS_IS_PINSET (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_pinset_save_async);

  /* The model is not thread-safe: serialize here, write in the thread. */
  data = g_new0 (SaveData, 1);
  data->json = ps_pinset_to_json (self);
  data->file = g_object_ref (file);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
ps_pinset_save_finish (PsPinset      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (PS_IS_PINSET (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ps_pinset_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  PsPinset *pinset = ps_pinset_load (G_FILE (task_data), cancellable, &error);

  if (pinset != NULL)
    g_task_return_pointer (task, pinset, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
ps_pinset_load_async (GFile               *file,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_pinset_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

PsPinset *
ps_pinset_load_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ps_pinset_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
