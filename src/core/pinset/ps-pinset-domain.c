/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-error.h"
#include "ps-pinset-private.h"

/* Subdomains */

static const GEnumValue subdomains_values[] = {
  { PS_SUBDOMAINS_NONE, "PS_SUBDOMAINS_NONE", "none" },
  { PS_SUBDOMAINS_ONE_LABEL, "PS_SUBDOMAINS_ONE_LABEL", "one-label" },
  { PS_SUBDOMAINS_ANY, "PS_SUBDOMAINS_ANY", "any" },
  { 0, NULL, NULL },
};

GType
ps_subdomains_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("PsSubdomains", subdomains_values));
  return type;
}

const char *
ps_subdomains_to_string (PsSubdomains subdomains)
{
  g_return_val_if_fail (subdomains <= PS_SUBDOMAINS_ANY, NULL);
  return subdomains_values[subdomains].value_nick;
}

gboolean
ps_subdomains_from_string (const char   *text,
                           PsSubdomains *subdomains)
{
  for (guint i = 0; text != NULL && subdomains_values[i].value_nick != NULL; i++)
    {
      if (g_ascii_strcasecmp (text, subdomains_values[i].value_nick) == 0)
        {
          if (subdomains != NULL)
            *subdomains = subdomains_values[i].value;
          return TRUE;
        }
    }
  return FALSE;
}

/* Domain names (RFC 1035 section 2.3.4 lengths; "_" is allowed since service names such
 * as _acme-challenge are real names). */

G_GNUC_PRINTF (3, 4)
static gboolean
refuse_name (GError    **error,
             const char *name,
             const char *format,
             ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET, _("“%s” is not a domain name: %s"),
               name, reason);
  return FALSE;
}

gboolean
ps_domain_name_validate (const char        *name,
                         gssize             len,
                         PsDomainNameFlags  flags,
                         GError           **error)
{
  g_autofree char *shown = NULL;
  const char *p;
  gsize n;

  g_return_val_if_fail (name != NULL, FALSE);

  n = len < 0 ? strlen (name) : (gsize) len;
  shown = g_strescape (name, NULL);
  if (memchr (name, '\0', n) != NULL)
    return refuse_name (error, shown, _("it contains a NUL character"));
  if (n > 0 && name[n - 1] == '.')
    n--;
  if (n == 0)
    return refuse_name (error, shown, _("it is empty"));
  if (name[n - 1] == '.')
    return refuse_name (error, shown, _("it has an empty label"));
  if (n > 253)
    return refuse_name (error, shown, _("it is longer than 253 characters"));

  p = name;
  if ((flags & PS_DOMAIN_NAME_ALLOW_WILDCARD) && n > 3 && strncmp (p, "**.", 3) == 0)
    p += 3;
  else if ((flags & PS_DOMAIN_NAME_ALLOW_WILDCARD) && n > 2 && strncmp (p, "*.", 2) == 0)
    p += 2;

  while (p < name + n)
    {
      const char *dot = memchr (p, '.', name + n - p);
      const char *end = dot != NULL ? dot : name + n;

      if (end == p)
        return refuse_name (error, shown, _("it has an empty label"));
      if (end - p > 63)
        return refuse_name (error, shown, _("a label is longer than 63 characters"));
      for (const char *c = p; c < end; c++)
        {
          if (*c == '*')
            return refuse_name (error, shown, _("“*” is only allowed as a whole first label"));
          if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_')
            {
              if (g_ascii_isgraph (*c))
                return refuse_name (error, shown, _("it contains the character “%c”"), *c);
              return refuse_name (error, shown, _("it contains the byte 0x%02x"),
                                  (guint) (guchar) *c);
            }
        }
      p = end + 1;
    }
  return TRUE;
}

/* PsPinsetDomain */

struct _PsPinsetDomain
{
  GObject parent_instance;

  char *name;
  PsSubdomains subdomains;
  PsOwners owners;
};

G_DEFINE_FINAL_TYPE (PsPinsetDomain, ps_pinset_domain, G_TYPE_OBJECT)

enum {
  DOMAIN_PROP_0,
  DOMAIN_PROP_NAME,
  DOMAIN_PROP_INCLUDE_SUBDOMAINS,
  DOMAIN_PROP_SUBDOMAINS,
  DOMAIN_N_PROPS
};

static GParamSpec *domain_properties[DOMAIN_N_PROPS];

static void
ps_pinset_domain_finalize (GObject *object)
{
  PsPinsetDomain *self = PS_PINSET_DOMAIN (object);

  g_clear_pointer (&self->name, g_free);
  _ps_owners_clear (&self->owners);

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
      g_value_set_boolean (value, self->subdomains != PS_SUBDOMAINS_NONE);
      break;
    case DOMAIN_PROP_SUBDOMAINS:
      g_value_set_enum (value, self->subdomains);
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
    case DOMAIN_PROP_SUBDOMAINS:
      ps_pinset_domain_set_subdomains (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_pinset_domain_dispatch_properties_changed (GObject     *object,
                                              guint        n_pspecs,
                                              GParamSpec **pspecs)
{
  PsPinsetDomain *self = PS_PINSET_DOMAIN (object);

  G_OBJECT_CLASS (ps_pinset_domain_parent_class)->dispatch_properties_changed (object,
                                                                               n_pspecs,
                                                                               pspecs);
  _ps_owners_notify (&self->owners, _ps_pinset_rule_item_changed);
}

void
_ps_pinset_domain_add_owner (PsPinsetDomain *domain,
                             gpointer        owner)
{
  _ps_owners_add (&domain->owners, owner);
}

void
_ps_pinset_domain_remove_owner (PsPinsetDomain *domain,
                                gpointer        owner)
{
  _ps_owners_remove (&domain->owners, owner);
}

static void
ps_pinset_domain_class_init (PsPinsetDomainClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispatch_properties_changed = ps_pinset_domain_dispatch_properties_changed;
  object_class->finalize = ps_pinset_domain_finalize;
  object_class->get_property = ps_pinset_domain_get_property;
  object_class->set_property = ps_pinset_domain_set_property;

  domain_properties[DOMAIN_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  domain_properties[DOMAIN_PROP_INCLUDE_SUBDOMAINS] =
    g_param_spec_boolean ("include-subdomains", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  domain_properties[DOMAIN_PROP_SUBDOMAINS] =
    g_param_spec_enum ("subdomains", NULL, NULL, PS_TYPE_SUBDOMAINS, PS_SUBDOMAINS_NONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, DOMAIN_N_PROPS, domain_properties);
}

static void
ps_pinset_domain_init (PsPinsetDomain *self)
{
  self->name = g_strdup ("");
}

/* Host names compare case-insensitively and a trailing dot means the same name. All of
 * them go, so that the name stored is the name read back from any saved document. */
static char *
normalize_name (const char *name)
{
  char *normalized = g_ascii_strdown (name != NULL ? name : "", -1);
  gsize len;

  g_strstrip (normalized);
  len = strlen (normalized);
  while (len > 1 && normalized[len - 1] == '.')
    normalized[--len] = '\0';
  return normalized;
}

/* A new domain's fields, as the setters set them but without their notifications, which
 * nothing can receive yet (10,000 rules read, 10,000 domains). */
static PsPinsetDomain *
domain_new (const char   *name,
            PsSubdomains  subdomains)
{
  PsPinsetDomain *self = g_object_new (PS_TYPE_PINSET_DOMAIN, NULL);

  g_free (self->name);
  self->name = normalize_name (name);
  self->subdomains = subdomains;
  return self;
}

PsPinsetDomain *
ps_pinset_domain_new (const char *name,
                      gboolean    include_subdomains)
{
  g_return_val_if_fail (name != NULL, NULL);

  return domain_new (name, include_subdomains ? PS_SUBDOMAINS_ANY : PS_SUBDOMAINS_NONE);
}

PsPinsetDomain *
ps_pinset_domain_new_full (const char   *name,
                           PsSubdomains  subdomains)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (subdomains <= PS_SUBDOMAINS_ANY, NULL);

  return domain_new (name, subdomains);
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

  g_return_if_fail (PS_IS_PINSET_DOMAIN (self));

  normalized = normalize_name (name);
  if (_ps_set_str (&self->name, normalized))
    g_object_notify_by_pspec (G_OBJECT (self), domain_properties[DOMAIN_PROP_NAME]);
}

PsSubdomains
ps_pinset_domain_get_subdomains (PsPinsetDomain *self)
{
  g_return_val_if_fail (PS_IS_PINSET_DOMAIN (self), PS_SUBDOMAINS_NONE);
  return self->subdomains;
}

void
ps_pinset_domain_set_subdomains (PsPinsetDomain *self,
                                 PsSubdomains    subdomains)
{
  gboolean was_included;

  g_return_if_fail (PS_IS_PINSET_DOMAIN (self));
  g_return_if_fail (subdomains <= PS_SUBDOMAINS_ANY);

  if (self->subdomains == subdomains)
    return;
  was_included = self->subdomains != PS_SUBDOMAINS_NONE;
  self->subdomains = subdomains;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), domain_properties[DOMAIN_PROP_SUBDOMAINS]);
  if (was_included != (subdomains != PS_SUBDOMAINS_NONE))
    g_object_notify_by_pspec (G_OBJECT (self), domain_properties[DOMAIN_PROP_INCLUDE_SUBDOMAINS]);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
ps_pinset_domain_get_include_subdomains (PsPinsetDomain *self)
{
  g_return_val_if_fail (PS_IS_PINSET_DOMAIN (self), FALSE);
  return self->subdomains != PS_SUBDOMAINS_NONE;
}

void
ps_pinset_domain_set_include_subdomains (PsPinsetDomain *self,
                                         gboolean        include)
{
  g_return_if_fail (PS_IS_PINSET_DOMAIN (self));

  if (!include)
    ps_pinset_domain_set_subdomains (self, PS_SUBDOMAINS_NONE);
  else if (self->subdomains == PS_SUBDOMAINS_NONE)
    ps_pinset_domain_set_subdomains (self, PS_SUBDOMAINS_ANY);
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

  if (!is_proper_subdomain (host, self->name))
    return FALSE;
  if (self->subdomains == PS_SUBDOMAINS_ANY)
    return TRUE;
  /* ATS NSIncludesSubdomains: exactly one more label. */
  return self->subdomains == PS_SUBDOMAINS_ONE_LABEL &&
         memchr (host, '.', strlen (host) - strlen (self->name) - 1) == NULL;
}

