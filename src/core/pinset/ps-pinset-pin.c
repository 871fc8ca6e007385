/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-error.h"
#include "ps-pinset-private.h"
#include "ps-x509-enums.h"

/* Origins */

static const GEnumValue origin_values[] = {
  { PS_PIN_ORIGIN_TYPED, "PS_PIN_ORIGIN_TYPED", "typed" },
  { PS_PIN_ORIGIN_HOST, "PS_PIN_ORIGIN_HOST", "host" },
  { PS_PIN_ORIGIN_FILE, "PS_PIN_ORIGIN_FILE", "file" },
  { PS_PIN_ORIGIN_KEY, "PS_PIN_ORIGIN_KEY", "key" },
  { PS_PIN_ORIGIN_CSR, "PS_PIN_ORIGIN_CSR", "csr" },
  { 0, NULL, NULL },
};

GType
ps_pin_origin_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("PsPinOrigin", origin_values));
  return type;
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
gboolean
_ps_set_str (char       **str_pointer,
             const char  *new_str)
{
  if (g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;
  g_free (*str_pointer);
  *str_pointer = g_strdup (new_str);
  return TRUE;
}

gboolean
_ps_date_time_equal0 (GDateTime *a,
                      GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_date_time_equal (a, b);
}

/* Documents store times to the second; keeping the model to the second too makes a
 * saved and reloaded document equal to the one in memory. */
GDateTime *
_ps_truncate_to_seconds (GDateTime *dt)
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

GDateTime *
_ps_now_utc_seconds (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return _ps_truncate_to_seconds (now);
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
  PsOwners owners;
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
  _ps_owners_clear (&self->owners);

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

      /* What platforms accept: Android and OkHttp take "sha1/" pins and base64 without
       * its padding. Placeholders are kept unparsed so that the linter names them. */
      self->pin = ps_pin_parse_with_flags (self->text,
                                           PS_PIN_PARSE_ALLOW_SHA1 |
                                           PS_PIN_PARSE_LENIENT_BASE64,
                                           &error);
      if (self->pin == NULL)
        {
          self->problem = g_strdup (error->message);
          self->problem_code = g_error_matches (error, PS_ERROR, PS_ERROR_PLACEHOLDER_PIN)
                               ? PS_ERROR_PLACEHOLDER_PIN : PS_ERROR_INVALID_PIN;
          /* Every pin notation fits in 128 characters (hex with colons is 95). Longer text,
           * or a PEM block, may be key material pasted by mistake: it is never kept, so no
           * export, save or message can carry it. */
          if (strlen (self->text) > 128 || strstr (self->text, "-----") != NULL)
            {
              guint n_chars = (guint) g_utf8_strlen (self->text, -1);

              g_free (self->text);
              self->text = g_strdup_printf (_("[%u characters not shown]"), n_chars);
            }
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

/* The rules holding the pin learn of its changes here, once per batch of notifications,
 * without a signal handler per pin. */
static void
ps_pinset_pin_dispatch_properties_changed (GObject     *object,
                                           guint        n_pspecs,
                                           GParamSpec **pspecs)
{
  PsPinsetPin *self = PS_PINSET_PIN (object);

  G_OBJECT_CLASS (ps_pinset_pin_parent_class)->dispatch_properties_changed (object, n_pspecs,
                                                                            pspecs);
  _ps_owners_notify (&self->owners, _ps_pinset_rule_item_changed);
}

void
_ps_pinset_pin_add_owner (PsPinsetPin *pin,
                          gpointer     owner)
{
  _ps_owners_add (&pin->owners, owner);
}

void
_ps_pinset_pin_remove_owner (PsPinsetPin *pin,
                             gpointer     owner)
{
  _ps_owners_remove (&pin->owners, owner);
}

static void
ps_pinset_pin_class_init (PsPinsetPinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispatch_properties_changed = ps_pinset_pin_dispatch_properties_changed;
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

/* The label and role of a new pin, as ps_pinset_pin_set_label() and _set_role() set them
 * but without their notifications, which nothing can receive yet: reading a pinset of
 * 10,000 rules made 20,000 pins dispatch them. */
static PsPinsetPin *
pin_set_label_role (PsPinsetPin *self,
                    const char  *label,
                    PsPinRole    role)
{
  g_return_val_if_fail (role <= PS_PIN_ROLE_UNKNOWN, self);

  self->label = label != NULL && *label != '\0' ? g_strdup (label) : NULL;
  self->role = role;
  return self;
}

PsPinsetPin *
ps_pinset_pin_new (const PsPin *pin,
                   const char  *label,
                   PsPinRole    role)
{
  g_return_val_if_fail (pin != NULL, NULL);

  return pin_set_label_role (g_object_new (PS_TYPE_PINSET_PIN, "pin", pin, NULL), label, role);
}

PsPinsetPin *
ps_pinset_pin_new_from_text (const char *text,
                             const char *label,
                             PsPinRole   role)
{
  g_return_val_if_fail (text != NULL, NULL);

  return pin_set_label_role (g_object_new (PS_TYPE_PINSET_PIN, "text", text, NULL), label,
                             role);
}

const PsPin *
ps_pinset_pin_get_pin (PsPinsetPin *self)
{
  g_return_val_if_fail (PS_IS_PINSET_PIN (self), NULL);
  return self->pin;
}

PsPinAlgorithm
ps_pinset_pin_get_algorithm (PsPinsetPin *self)
{
  g_return_val_if_fail (PS_IS_PINSET_PIN (self), PS_PIN_SHA256);
  return self->pin != NULL ? ps_pin_get_algorithm (self->pin) : PS_PIN_SHA256;
}

gboolean
ps_pinset_pin_is_placeholder (PsPinsetPin *self)
{
  const guint8 *digest;
  gsize len = 0;

  g_return_val_if_fail (PS_IS_PINSET_PIN (self), FALSE);

  if (self->problem_code == PS_ERROR_PLACEHOLDER_PIN)
    return TRUE;
  if (self->pin == NULL)
    return FALSE;
  digest = ps_pin_get_digest (self->pin, &len);
  return ps_pin_digest_is_placeholder (digest, len);
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
  if (_ps_set_str (&self->label, label))
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
  g_return_if_fail (role <= PS_PIN_ROLE_UNKNOWN);

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
  if (_ps_set_str (&self->origin_detail, detail))
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

  truncated = _ps_truncate_to_seconds (not_after);
  if (_ps_date_time_equal0 (self->not_after, truncated))
    return;
  g_clear_pointer (&self->not_after, g_date_time_unref);
  self->not_after = g_steal_pointer (&truncated);
  g_object_notify_by_pspec (G_OBJECT (self), pin_properties[PIN_PROP_NOT_AFTER]);
}

gboolean
_ps_pinset_pin_equal (PsPinsetPin *a,
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
         _ps_date_time_equal0 (a->not_after, b->not_after);
}


/* Certificates and key material */

PsPinRole
ps_pin_role_for_certificate (PsCertificate *certificate)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE (certificate), PS_PIN_ROLE_LEAF);

  if (ps_certificate_get_is_ca (certificate) && ps_certificate_get_is_self_signed (certificate))
    return PS_PIN_ROLE_ROOT;
  if (ps_certificate_get_is_ca (certificate))
    return PS_PIN_ROLE_INTERMEDIATE;
  return PS_PIN_ROLE_LEAF;
}

PsPinsetPin *
ps_pinset_pin_new_for_certificate (PsCertificate *certificate,
                                   PsPinRole      role,
                                   PsPinOrigin    origin,
                                   const char    *detail,
                                   int            depth)
{
  PsPinsetPin *pin;

  g_return_val_if_fail (PS_IS_CERTIFICATE (certificate), NULL);

  pin = ps_pinset_pin_new (ps_certificate_get_spki_pin (certificate),
                           ps_certificate_get_display_name (certificate), role);
  ps_pinset_pin_set_origin (pin, origin, detail, depth);
  ps_pinset_pin_set_not_after (pin, ps_certificate_get_not_after (certificate));
  return pin;
}

PsPinsetPin *
ps_pinset_pin_new_for_material (PsMaterial *material,
                                PsPinRole   role,
                                const char *path,
                                int         index)
{
  PsCertificate *certificate;
  PsPinsetPin *pin;
  PsPinOrigin origin;

  g_return_val_if_fail (PS_IS_MATERIAL (material), NULL);
  g_return_val_if_fail (ps_material_get_pin (material) != NULL, NULL);

  switch (ps_material_get_kind (material))
    {
    case PS_MATERIAL_CERTIFICATE:
      origin = PS_PIN_ORIGIN_FILE;
      break;
    case PS_MATERIAL_CSR:
      origin = PS_PIN_ORIGIN_CSR;
      break;
    case PS_MATERIAL_PUBLIC_KEY:
    case PS_MATERIAL_PRIVATE_KEY:
    default:
      origin = PS_PIN_ORIGIN_KEY;
      break;
    }

  pin = ps_pinset_pin_new (ps_material_get_pin (material), ps_material_get_label (material),
                           role);
  ps_pinset_pin_set_origin (pin, origin, path, origin == PS_PIN_ORIGIN_FILE ? index : -1);
  certificate = ps_material_get_certificate (material);
  if (certificate != NULL)
    ps_pinset_pin_set_not_after (pin, ps_certificate_get_not_after (certificate));
  return pin;
}
