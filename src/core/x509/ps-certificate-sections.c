/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-certificate-sections.h"

struct _PsCertificateSection
{
  GObject     parent_instance;

  char       *title;
  GListStore *fields;
};

struct _PsCertificateField
{
  GObject   parent_instance;

  char     *key;
  char     *label;
  char     *text;
  GVariant *value;
  gboolean  monospace;
};

G_DEFINE_FINAL_TYPE (PsCertificateSection, ps_certificate_section, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (PsCertificateField, ps_certificate_field, G_TYPE_OBJECT)

enum {
  SECTION_PROP_0,
  SECTION_PROP_TITLE,
  SECTION_PROP_FIELDS,
  SECTION_N_PROPS
};

enum {
  FIELD_PROP_0,
  FIELD_PROP_KEY,
  FIELD_PROP_LABEL,
  FIELD_PROP_TEXT,
  FIELD_PROP_VALUE,
  FIELD_PROP_MONOSPACE,
  FIELD_N_PROPS
};

static GParamSpec *section_properties[SECTION_N_PROPS];
static GParamSpec *field_properties[FIELD_N_PROPS];

/* Sections */

static void
ps_certificate_section_finalize (GObject *object)
{
  PsCertificateSection *self = PS_CERTIFICATE_SECTION (object);

  g_free (self->title);
  g_clear_object (&self->fields);

  G_OBJECT_CLASS (ps_certificate_section_parent_class)->finalize (object);
}

static void
ps_certificate_section_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  PsCertificateSection *self = PS_CERTIFICATE_SECTION (object);

  switch (prop_id)
    {
    case SECTION_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case SECTION_PROP_FIELDS:
      g_value_set_object (value, self->fields);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_certificate_section_class_init (PsCertificateSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ps_certificate_section_finalize;
  object_class->get_property = ps_certificate_section_get_property;

  section_properties[SECTION_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  section_properties[SECTION_PROP_FIELDS] =
    g_param_spec_object ("fields", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, SECTION_N_PROPS, section_properties);
}

static void
ps_certificate_section_init (PsCertificateSection *self)
{
  self->fields = g_list_store_new (PS_TYPE_CERTIFICATE_FIELD);
}

const char *
ps_certificate_section_get_title (PsCertificateSection *self)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE_SECTION (self), NULL);

  return self->title;
}

GListModel *
ps_certificate_section_get_fields (PsCertificateSection *self)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE_SECTION (self), NULL);

  return G_LIST_MODEL (self->fields);
}

/* Fields */

static void
ps_certificate_field_finalize (GObject *object)
{
  PsCertificateField *self = PS_CERTIFICATE_FIELD (object);

  g_free (self->key);
  g_free (self->label);
  g_free (self->text);
  g_clear_pointer (&self->value, g_variant_unref);

  G_OBJECT_CLASS (ps_certificate_field_parent_class)->finalize (object);
}

static void
ps_certificate_field_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PsCertificateField *self = PS_CERTIFICATE_FIELD (object);

  switch (prop_id)
    {
    case FIELD_PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case FIELD_PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case FIELD_PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case FIELD_PROP_VALUE:
      g_value_set_variant (value, self->value);
      break;
    case FIELD_PROP_MONOSPACE:
      g_value_set_boolean (value, self->monospace);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_certificate_field_class_init (PsCertificateFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ps_certificate_field_finalize;
  object_class->get_property = ps_certificate_field_get_property;

  field_properties[FIELD_PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  field_properties[FIELD_PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  field_properties[FIELD_PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  field_properties[FIELD_PROP_VALUE] =
    g_param_spec_variant ("value", NULL, NULL, G_VARIANT_TYPE_ANY, NULL,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  field_properties[FIELD_PROP_MONOSPACE] =
    g_param_spec_boolean ("monospace", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, FIELD_N_PROPS, field_properties);
}

static void
ps_certificate_field_init (PsCertificateField *self)
{
}

const char *
ps_certificate_field_get_key (PsCertificateField *self)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE_FIELD (self), NULL);

  return self->key;
}

const char *
ps_certificate_field_get_label (PsCertificateField *self)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE_FIELD (self), NULL);

  return self->label;
}

const char *
ps_certificate_field_get_text (PsCertificateField *self)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE_FIELD (self), NULL);

  return self->text;
}

GVariant *
ps_certificate_field_get_value (PsCertificateField *self)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE_FIELD (self), NULL);

  return self->value;
}

gboolean
ps_certificate_field_get_monospace (PsCertificateField *self)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE_FIELD (self), FALSE);

  return self->monospace;
}

/* Building the model */

static PsCertificateSection *
add_section (GListStore *sections,
             const char *title)
{
  g_autoptr(PsCertificateSection) section = g_object_new (PS_TYPE_CERTIFICATE_SECTION, NULL);

  section->title = g_strdup (title);
  g_list_store_append (sections, section);
  return section; /* owned by @sections */
}

/* Takes @text; sinks @value. */
static void
add_field (PsCertificateSection *section,
           const char           *key,
           const char           *label,
           char                 *text,
           GVariant             *value,
           gboolean              monospace)
{
  g_autoptr(PsCertificateField) field = g_object_new (PS_TYPE_CERTIFICATE_FIELD, NULL);

  field->key = g_strdup (key);
  field->label = g_strdup (label);
  field->text = text != NULL && *text != '\0' ? text : (g_free (text), NULL);
  field->value = value != NULL ? g_variant_ref_sink (value) : NULL;
  field->monospace = monospace;
  g_list_store_append (section->fields, field);
}

static void
add_string (PsCertificateSection *section,
            const char           *key,
            const char           *label,
            const char           *value,
            gboolean              monospace)
{
  add_field (section, key, label, g_strdup (value),
             value != NULL ? g_variant_new_string (value) : NULL, monospace);
}

static void
add_boolean (PsCertificateSection *section,
             const char           *key,
             const char           *label,
             gboolean              value)
{
  add_field (section, key, label, g_strdup (value ? _("Yes") : _("No")),
             g_variant_new_boolean (value), FALSE);
}

static void
add_date (PsCertificateSection *section,
          const char           *key,
          const char           *label,
          GDateTime            *date)
{
  if (date == NULL)
    {
      add_field (section, key, label, NULL, NULL, FALSE);
      return;
    }

  add_field (section, key, label,
             /* Translators: a g_date_time_format() format. xgettext:no-c-format */
             g_date_time_format (date, _("%-d %b %Y, %H:%M:%S UTC")),
             g_variant_new_take_string (g_date_time_format_iso8601 (date)), FALSE);
}

static void
add_public_key (GListStore    *sections,
                PsCertificate *cert)
{
  PsCertificateSection *section = add_section (sections, _("Public Key"));
  guint bits = ps_certificate_get_key_bits (cert);
  gboolean is_ca = ps_certificate_get_is_ca (cert);
  int path_len = ps_certificate_get_path_len (cert);

  add_string (section, "key_algorithm", _("Algorithm"), ps_certificate_get_key_algorithm (cert),
              FALSE);
  add_field (section, "key_bits", _("Size in bits"),
             bits > 0 ? g_strdup_printf ("%u", bits) : NULL, g_variant_new_uint32 (bits), FALSE);
  add_string (section, "key_curve", _("Curve"), ps_certificate_get_key_curve (cert), FALSE);
  add_string (section, "signature_algorithm", _("Signature algorithm"),
              ps_certificate_get_signature_algorithm (cert), FALSE);
  add_field (section, NULL, _("Signature"),
             ps_certificate_get_signature_is_weak (cert)
               ? g_strdup (_("Weak: clients reject this algorithm")) : NULL,
             NULL, FALSE);
  add_boolean (section, "ca", _("Certificate authority"), is_ca);
  /* The limit means something only on a CA; the data says whether there is one at all. */
  add_field (section, "path_len", _("Path length limit"),
             is_ca && path_len >= 0 ? g_strdup_printf ("%d", path_len) : NULL,
             path_len >= 0 ? g_variant_new_int32 (path_len) : NULL, FALSE);
}

static void
add_pins (GListStore    *sections,
          PsCertificate *cert,
          PsPinNotation  notation)
{
  PsCertificateSection *section = add_section (sections, _("Pin and Fingerprints"));
  const PsPin *pin = ps_certificate_get_spki_pin (cert);
  const PsPin *fingerprint = ps_certificate_get_fingerprint_sha256 (cert);

  /* The pin in the notation chosen in Preferences; hex with colons as well unless that is
   * the one chosen, since it is how other tools print fingerprints. The data keeps fixed
   * notations whatever is shown. */
  add_field (section, "spki_sha256", _("SPKI pin (SHA-256)"),
             ps_pin_to_string (pin, notation),
             g_variant_new_take_string (ps_pin_to_base64 (pin)), TRUE);
  add_field (section, "spki_sha256_hex", _("SPKI pin (hex)"),
             notation != PS_PIN_NOTATION_HEX_COLONS
               ? ps_pin_to_string (pin, PS_PIN_NOTATION_HEX_COLONS) : NULL,
             g_variant_new_take_string (ps_pin_to_hex (pin)), TRUE);
  add_field (section, "sha256_fingerprint", _("Certificate fingerprint (SHA-256, not a pin)"),
             fingerprint != NULL
               ? ps_pin_to_string (fingerprint, PS_PIN_NOTATION_HEX_COLONS) : NULL,
             fingerprint != NULL ? g_variant_new_take_string (ps_pin_to_hex (fingerprint))
                                 : NULL,
             TRUE);
}

GListModel *
ps_certificate_list_sections (PsCertificate *cert,
                              PsPinNotation  notation)
{
  g_autoptr(GListStore) sections = NULL;
  PsCertificateSection *section;
  const char * const *sans;

  g_return_val_if_fail (PS_IS_CERTIFICATE (cert), NULL);

  sections = g_list_store_new (PS_TYPE_CERTIFICATE_SECTION);

  section = add_section (sections, _("Subject"));
  add_string (section, NULL, _("Common name"), ps_certificate_get_common_name (cert), FALSE);
  add_string (section, "subject", _("Distinguished name"), ps_certificate_get_subject (cert),
              FALSE);
  add_string (section, "serial", _("Serial number"), ps_certificate_get_serial_hex (cert),
              TRUE);
  add_string (section, "parse_problem", _("Could not read"),
              ps_certificate_get_parse_problem (cert), FALSE);

  section = add_section (sections, _("Issuer"));
  add_string (section, NULL, _("Common name"), ps_certificate_get_issuer_common_name (cert),
              FALSE);
  add_string (section, "issuer", _("Distinguished name"), ps_certificate_get_issuer (cert),
              FALSE);
  add_boolean (section, "self_signed", _("Self-signed"),
               ps_certificate_get_is_self_signed (cert));

  section = add_section (sections, _("Validity"));
  add_date (section, "not_before", _("Not before"), ps_certificate_get_not_before (cert));
  add_date (section, "not_after", _("Not after"), ps_certificate_get_not_after (cert));

  add_public_key (sections, cert);

  section = add_section (sections, _("Subject Alternative Names"));
  sans = ps_certificate_get_sans (cert);
  add_field (section, "sans", _("Subject Alternative Names"), NULL,
             g_variant_new_strv (sans != NULL ? sans : (const char * const[]) { NULL }, -1),
             FALSE);

  add_pins (sections, cert, notation);

  return G_LIST_MODEL (g_steal_pointer (&sections));
}
