/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509-ext.h>
#include <string.h>

#include "ps-certificate-private.h"
#include "ps-error.h"
#include "ps-gnutls-private.h"

struct _PsCertificate
{
  GObject parent_instance;

  GBytes *der;
  PsDerCertificate fields; /* points into der */
  PsDerTlv spki;
  PsPin *pin;

  /* Parsed lazily by ensure_parsed(). */
  gboolean parsed;
  gnutls_x509_crt_t crt;  /* NULL when GnuTLS cannot parse the certificate */
  char *parse_problem;
  gboolean key_checked;
  char *key_problem;
  gboolean names_done;
  PsPin *fingerprint;
  char *subject;
  char *issuer;
  char *common_name;
  char *issuer_common_name;
  char *serial_hex;
  GDateTime *not_before;
  GDateTime *not_after;
  char *key_algorithm;
  guint key_bits;
  char *key_curve;
  char *key_description;
  char *signature_algorithm;
  gboolean signature_weak;
  GStrv sans;
  gboolean is_ca;
  int path_len;
  gboolean self_signed;
};

G_DEFINE_FINAL_TYPE (PsCertificate, ps_certificate, G_TYPE_OBJECT)

/* Read-only views of the getters, so that a .ui template can bind them. */
enum {
  PROP_0,
  PROP_SUBJECT,
  PROP_ISSUER,
  PROP_COMMON_NAME,
  PROP_ISSUER_COMMON_NAME,
  PROP_DISPLAY_NAME,
  PROP_SERIAL,
  PROP_PIN,
  PROP_NOT_BEFORE,
  PROP_NOT_AFTER,
  PROP_KEY_DESCRIPTION,
  PROP_SIGNATURE_ALGORITHM,
  PROP_IS_CA,
  PROP_SELF_SIGNED,
  PROP_PARSE_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ps_certificate_finalize (GObject *object)
{
  PsCertificate *self = PS_CERTIFICATE (object);

  g_clear_pointer (&self->crt, gnutls_x509_crt_deinit);
  g_clear_pointer (&self->der, g_bytes_unref);
  g_clear_pointer (&self->pin, ps_pin_free);
  g_clear_pointer (&self->fingerprint, ps_pin_free);
  g_clear_pointer (&self->parse_problem, g_free);
  g_clear_pointer (&self->key_problem, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->issuer, g_free);
  g_clear_pointer (&self->common_name, g_free);
  g_clear_pointer (&self->issuer_common_name, g_free);
  g_clear_pointer (&self->serial_hex, g_free);
  g_clear_pointer (&self->not_before, g_date_time_unref);
  g_clear_pointer (&self->not_after, g_date_time_unref);
  g_clear_pointer (&self->key_algorithm, g_free);
  g_clear_pointer (&self->key_curve, g_free);
  g_clear_pointer (&self->key_description, g_free);
  g_clear_pointer (&self->signature_algorithm, g_free);
  g_clear_pointer (&self->sans, g_strfreev);

  G_OBJECT_CLASS (ps_certificate_parent_class)->finalize (object);
}

static void
ps_certificate_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PsCertificate *self = PS_CERTIFICATE (object);

  switch (prop_id)
    {
    case PROP_SUBJECT:
      g_value_set_string (value, ps_certificate_get_subject (self));
      break;
    case PROP_ISSUER:
      g_value_set_string (value, ps_certificate_get_issuer (self));
      break;
    case PROP_COMMON_NAME:
      g_value_set_string (value, ps_certificate_get_common_name (self));
      break;
    case PROP_ISSUER_COMMON_NAME:
      g_value_set_string (value, ps_certificate_get_issuer_common_name (self));
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, ps_certificate_get_display_name (self));
      break;
    case PROP_SERIAL:
      g_value_set_string (value, ps_certificate_get_serial_hex (self));
      break;
    case PROP_PIN:
      g_value_set_boxed (value, ps_certificate_get_spki_pin (self));
      break;
    case PROP_NOT_BEFORE:
      g_value_set_boxed (value, ps_certificate_get_not_before (self));
      break;
    case PROP_NOT_AFTER:
      g_value_set_boxed (value, ps_certificate_get_not_after (self));
      break;
    case PROP_KEY_DESCRIPTION:
      g_value_set_string (value, ps_certificate_get_key_description (self));
      break;
    case PROP_SIGNATURE_ALGORITHM:
      g_value_set_string (value, ps_certificate_get_signature_algorithm (self));
      break;
    case PROP_IS_CA:
      g_value_set_boolean (value, ps_certificate_get_is_ca (self));
      break;
    case PROP_SELF_SIGNED:
      g_value_set_boolean (value, ps_certificate_get_is_self_signed (self));
      break;
    case PROP_PARSE_PROBLEM:
      g_value_set_string (value, ps_certificate_get_parse_problem (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_certificate_class_init (PsCertificateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ps_certificate_finalize;
  object_class->get_property = ps_certificate_get_property;

  properties[PROP_SUBJECT] = g_param_spec_string ("subject", NULL, NULL, NULL, flags);
  properties[PROP_ISSUER] = g_param_spec_string ("issuer", NULL, NULL, NULL, flags);
  properties[PROP_COMMON_NAME] = g_param_spec_string ("common-name", NULL, NULL, NULL, flags);
  properties[PROP_ISSUER_COMMON_NAME] =
    g_param_spec_string ("issuer-common-name", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_SERIAL] = g_param_spec_string ("serial", NULL, NULL, NULL, flags);
  /* The SPKI pin (a PsPin). */
  properties[PROP_PIN] = g_param_spec_boxed ("pin", NULL, NULL, PS_TYPE_PIN, flags);
  properties[PROP_NOT_BEFORE] =
    g_param_spec_boxed ("not-before", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_NOT_AFTER] =
    g_param_spec_boxed ("not-after", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_KEY_DESCRIPTION] =
    g_param_spec_string ("key-description", NULL, NULL, NULL, flags);
  properties[PROP_SIGNATURE_ALGORITHM] =
    g_param_spec_string ("signature-algorithm", NULL, NULL, NULL, flags);
  properties[PROP_IS_CA] = g_param_spec_boolean ("is-ca", NULL, NULL, FALSE, flags);
  properties[PROP_SELF_SIGNED] = g_param_spec_boolean ("self-signed", NULL, NULL, FALSE, flags);
  properties[PROP_PARSE_PROBLEM] =
    g_param_spec_string ("parse-problem", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ps_certificate_init (PsCertificate *self)
{
  self->path_len = -1;
}

PsCertificate *
ps_certificate_new_from_der (GBytes  *der,
                             GError **error)
{
  g_autoptr(PsCertificate) self = NULL;
  const guint8 *data;
  gsize len;
  gsize consumed;
  PsDerCertificate fields;

  g_return_val_if_fail (der != NULL, NULL);

  data = g_bytes_get_data (der, &len);
  if (data == NULL || !_ps_der_parse_certificate (data, len, &fields, &consumed))
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                           _("Not a DER X.509 certificate"));
      return NULL;
    }

  if (consumed != len)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("%lu bytes of unexpected data follow the certificate"),
                   (gulong) (len - consumed));
      return NULL;
    }

  self = g_object_new (PS_TYPE_CERTIFICATE, NULL);
  self->der = g_bytes_ref (der);
  self->fields = fields;
  self->spki = fields.spki;
  self->pin = ps_pin_new_for_spki (fields.spki.start, fields.spki.total);
  return g_steal_pointer (&self);
}

PsCertificate *
ps_certificate_new_from_pem (const char  *pem,
                             gssize       len,
                             GError     **error)
{
  gnutls_datum_t in, out = { NULL, 0 };
  g_autoptr(GBytes) der = NULL;
  int ret;

  g_return_val_if_fail (pem != NULL, NULL);

  in.data = (unsigned char *) pem;
  in.size = len < 0 ? strlen (pem) : (gsize) len;
  ret = gnutls_pem_base64_decode2 ("CERTIFICATE", &in, &out);
  if (ret < 0)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("Not a PEM certificate: %s"), gnutls_strerror (ret));
      return NULL;
    }

  der = g_bytes_new (out.data, out.size);
  gnutls_free (out.data);
  return ps_certificate_new_from_der (der, error);
}

/* Formats a raw DER Name without importing the whole certificate, which keeps "pins" on
 * large bundles as cheap as GnuTLS's own minimal loop. */
static char *
dup_dn (const PsDerTlv *name)
{
  gnutls_datum_t raw = { (unsigned char *) name->start, name->total };
  gnutls_datum_t dn = { NULL, 0 };
  char *ret;

  if (gnutls_x509_rdn_get2 (&raw, &dn, 0) < 0)
    return NULL;
  ret = g_utf8_make_valid ((const char *) dn.data, dn.size);
  gnutls_free (dn.data);
  return ret;
}

static char *
dup_cn (gnutls_x509_crt_t crt,
        gboolean          issuer)
{
  char buf[1024];
  size_t size = sizeof buf;
  int r;

  /* The last CN is the most specific one. */
  for (int i = 0; ; i++)
    {
      char tmp[1024];
      size_t tmp_size = sizeof tmp;

      r = issuer ? gnutls_x509_crt_get_issuer_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, i, 0,
                                                         tmp, &tmp_size)
                 : gnutls_x509_crt_get_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, i, 0,
                                                  tmp, &tmp_size);
      if (r < 0)
        break;
      memcpy (buf, tmp, tmp_size + 1);
      size = tmp_size;
    }

  if (size == sizeof buf)
    return NULL;
  return g_utf8_make_valid (buf, size);
}

static GDateTime *
date_from_time (time_t t)
{
  if (t == (time_t) -1)
    return NULL;
  return g_date_time_new_from_unix_utc (t);
}

static GDateTime *
date_from_der_time (const PsDerTime *t)
{
  return g_date_time_new_utc (t->year, t->month, t->day, t->hour, t->minute, t->second);
}

/* The validity is read from the DER: GnuTLS gives any time before 1970 as 1970-01-01 (a
 * time_t of 0), so a certificate valid from 1950 would seem to start in 1970. Times in a form
 * RFC 5280 does not allow are left to GnuTLS. */
static void
read_validity (PsCertificate *self)
{
  PsDerTime not_before, not_after;

  if (_ps_der_read_validity (&self->fields.validity, &not_before, &not_after))
    {
      self->not_before = date_from_der_time (&not_before);
      self->not_after = date_from_der_time (&not_after);
    }
  else
    {
      self->not_before = date_from_time (gnutls_x509_crt_get_activation_time (self->crt));
      self->not_after = date_from_time (gnutls_x509_crt_get_expiration_time (self->crt));
    }
}

static const struct
{
  const char *oid;
  const char *name;
} curves[] = {
  { "1.2.840.10045.3.1.7", "P-256" },
  { "1.3.132.0.34", "P-384" },
  { "1.3.132.0.35", "P-521" },
  { "1.3.132.0.10", "secp256k1" },
  { "1.2.840.10045.3.1.1", "P-192" },
  { "1.3.132.0.33", "P-224" },
  { "1.3.36.3.3.2.8.1.1.7", "brainpoolP256r1" },
  { "1.3.36.3.3.2.8.1.1.11", "brainpoolP384r1" },
  { "1.3.36.3.3.2.8.1.1.13", "brainpoolP512r1" },
  { "1.2.643.7.1.2.1.1.1", "GOST R 34.10-2012 256 A" },
};

static const struct
{
  const char *oid;
  const char *name;
} key_algorithms[] = {
  { "1.2.840.113549.1.1.1", "RSA" },
  { "1.2.840.113549.1.1.10", "RSA-PSS" },
  { "1.2.840.10045.2.1", "EC" },
  { "1.3.101.112", "Ed25519" },
  { "1.3.101.113", "Ed448" },
  { "1.2.840.10040.4.1", "DSA" },
};

/* The names of the tables above, or NULL, for readers of the raw DER. */
const char *
_ps_key_algorithm_name (const char *oid)
{
  for (guint i = 0; oid != NULL && i < G_N_ELEMENTS (key_algorithms); i++)
    if (g_str_equal (oid, key_algorithms[i].oid))
      return key_algorithms[i].name;
  return NULL;
}

const char *
_ps_curve_name (const char *oid)
{
  for (guint i = 0; oid != NULL && i < G_N_ELEMENTS (curves); i++)
    if (g_str_equal (oid, curves[i].oid))
      return curves[i].name;
  return NULL;
}

char *
_ps_describe_spki (const PsDerTlv *spki)
{
  g_autofree char *alg_oid = NULL;
  g_autofree char *curve_oid = NULL;
  gboolean explicit_params = FALSE;
  const char *alg = NULL;
  const char *curve = NULL;
  g_auto(gnutls_pubkey_t) pub = NULL;
  gnutls_datum_t datum = { (unsigned char *) spki->start, spki->total };
  unsigned int bits = 0;

  alg_oid = _ps_der_spki_algorithm (spki, &curve_oid, &explicit_params);
  for (guint i = 0; alg_oid != NULL && i < G_N_ELEMENTS (key_algorithms); i++)
    if (g_str_equal (alg_oid, key_algorithms[i].oid))
      alg = key_algorithms[i].name;
  for (guint i = 0; curve_oid != NULL && i < G_N_ELEMENTS (curves); i++)
    if (g_str_equal (curve_oid, curves[i].oid))
      curve = curves[i].name;

  if (explicit_params)
    return g_strdup (_("EC, explicit curve parameters"));
  if (curve != NULL)
    return g_strdup_printf ("ECDSA %s", curve);

  if (gnutls_pubkey_init (&pub) >= 0 &&
      gnutls_pubkey_import (pub, &datum, GNUTLS_X509_FMT_DER) >= 0)
    gnutls_pubkey_get_pk_algorithm (pub, &bits);

  if (alg == NULL)
    return g_strdup (alg_oid != NULL ? alg_oid : _("unknown key"));
  if (bits > 0 && g_str_has_prefix (alg, "RSA"))
    return g_strdup_printf ("%s %u", alg, bits);
  return g_strdup (alg);
}

static void ensure_key_checked (PsCertificate *self);

static void
describe_key (PsCertificate *self)
{
  g_autofree char *alg_oid = NULL;
  g_autofree char *curve_oid = NULL;
  gboolean explicit_params = FALSE;
  unsigned int bits = 0;

  alg_oid = _ps_der_spki_algorithm (&self->spki, &curve_oid, &explicit_params);

  for (guint i = 0; alg_oid != NULL && i < G_N_ELEMENTS (key_algorithms); i++)
    if (g_str_equal (alg_oid, key_algorithms[i].oid))
      self->key_algorithm = g_strdup (key_algorithms[i].name);
  if (self->key_algorithm == NULL)
    self->key_algorithm = g_strdup (alg_oid != NULL ? alg_oid : _("unknown"));

  for (guint i = 0; curve_oid != NULL && i < G_N_ELEMENTS (curves); i++)
    if (g_str_equal (curve_oid, curves[i].oid))
      self->key_curve = g_strdup (curves[i].name);
  if (self->key_curve == NULL && curve_oid != NULL && g_str_equal (self->key_algorithm, "EC"))
    self->key_curve = g_strdup (curve_oid);

  if (self->crt != NULL && gnutls_x509_crt_get_pk_algorithm (self->crt, &bits) >= 0)
    self->key_bits = bits;

  if (explicit_params)
    self->key_description = g_strdup (_("EC, explicit curve parameters"));
  else if (self->key_curve != NULL)
    self->key_description = g_strdup_printf ("ECDSA %s", self->key_curve);
  else if (self->key_bits > 0 && g_str_has_prefix (self->key_algorithm, "RSA"))
    self->key_description = g_strdup_printf ("%s %u", self->key_algorithm, self->key_bits);
  else
    self->key_description = g_strdup (self->key_algorithm);

  ensure_key_checked (self);
  if (self->key_problem != NULL && self->parse_problem == NULL)
    self->parse_problem = g_strdup (self->key_problem);
}

static void
ensure_names (PsCertificate *self)
{
  if (self->names_done)
    return;
  self->names_done = TRUE;
  self->subject = dup_dn (&self->fields.subject);
  /* A root's issuer is its subject, byte for byte: formatted once. */
  if (self->fields.issuer.total == self->fields.subject.total &&
      memcmp (self->fields.issuer.start, self->fields.subject.start,
              self->fields.subject.total) == 0)
    self->issuer = g_strdup (self->subject);
  else
    self->issuer = dup_dn (&self->fields.issuer);
}

/* Whether GnuTLS can read the key. Checked with GnuTLS only for keys our own reading of the
 * SubjectPublicKeyInfo does not recognise, so that it stays cheap for large bundles. */
static void
ensure_key_checked (PsCertificate *self)
{
  g_autofree char *alg_oid = NULL;
  g_autofree char *curve_oid = NULL;
  gboolean explicit_params = FALSE;
  gboolean known = FALSE;

  if (self->key_checked)
    return;
  self->key_checked = TRUE;

  alg_oid = _ps_der_spki_algorithm (&self->spki, &curve_oid, &explicit_params);
  for (guint i = 0; alg_oid != NULL && i < G_N_ELEMENTS (key_algorithms); i++)
    if (g_str_equal (alg_oid, key_algorithms[i].oid))
      known = TRUE;
  if (known && curve_oid != NULL)
    {
      known = FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (curves); i++)
        if (g_str_equal (curve_oid, curves[i].oid))
          known = TRUE;
    }

  if (known && !explicit_params)
    return;

  {
    g_auto(gnutls_pubkey_t) pub = NULL;
    gnutls_datum_t datum = { (unsigned char *) self->spki.start, self->spki.total };
    int r;

    r = gnutls_pubkey_init (&pub);
    if (r >= 0)
      r = gnutls_pubkey_import (pub, &datum, GNUTLS_X509_FMT_DER);
    if (r < 0)
      self->key_problem = g_strdup_printf (
        _("GnuTLS cannot read the public key (%s)%s; its pin is computed from the raw "
          "SubjectPublicKeyInfo bytes"),
        gnutls_strerror (r),
        explicit_params ? _(", which uses explicit EC curve parameters") : "");
  }
}

static void
ensure_parsed (PsCertificate *self)
{
  gnutls_datum_t datum;
  gsize len;
  guint8 fpr[32];
  int r;

  if (self->parsed)
    return;
  self->parsed = TRUE;

  datum.data = (unsigned char *) g_bytes_get_data (self->der, &len);
  datum.size = len;
  gnutls_hash_fast (GNUTLS_DIG_SHA256, datum.data, datum.size, fpr);
  self->fingerprint = ps_pin_new_from_digest (PS_PIN_SHA256, fpr, sizeof fpr);

  gnutls_x509_crt_init (&self->crt);
  r = gnutls_x509_crt_import (self->crt, &datum, GNUTLS_X509_FMT_DER);
  if (r < 0)
    {
      g_clear_pointer (&self->crt, gnutls_x509_crt_deinit);
      self->parse_problem = g_strdup_printf (
        _("GnuTLS cannot parse this certificate (%s); only its public key pin is shown"),
        gnutls_strerror (r));
      describe_key (self);
      return;
    }

  self->common_name = dup_cn (self->crt, FALSE);
  self->issuer_common_name = dup_cn (self->crt, TRUE);

  {
    guint8 serial[64];
    size_t serial_size = sizeof serial;

    if (gnutls_x509_crt_get_serial (self->crt, serial, &serial_size) >= 0)
      {
        GString *s = g_string_new (NULL);

        for (gsize i = 0; i < serial_size; i++)
          g_string_append_printf (s, "%02x", serial[i]);
        self->serial_hex = g_string_free (s, FALSE);
      }
  }

  read_validity (self);

  r = gnutls_x509_crt_get_signature_algorithm (self->crt);
  if (r >= 0)
    {
      const char *name = gnutls_sign_get_name (r);

      self->signature_algorithm = g_strdup (name != NULL ? name : _("unknown"));
      self->signature_weak = !gnutls_sign_is_secure2 (r, GNUTLS_SIGN_FLAG_SECURE_FOR_CERTS);
    }
  else
    {
      self->signature_algorithm = g_strdup (_("unknown"));
    }

  {
    GPtrArray *sans = g_ptr_array_new ();
    g_auto(ps_gnutls_datum_t) ext = { NULL, 0 };
    g_auto(gnutls_subject_alt_names_t) names = NULL;

    /* Imported once: asking GnuTLS for SAN number i re-decodes the extension each time,
     * which is quadratic for certificates with thousands of names. */
    if (gnutls_x509_crt_get_extension_by_oid2 (self->crt, "2.5.29.17", 0, &ext, NULL) >= 0 &&
        gnutls_subject_alt_names_init (&names) >= 0 &&
        gnutls_x509_ext_import_subject_alt_names (&ext, names, 0) >= 0)
      {
        for (guint i = 0; ; i++)
          {
            gnutls_datum_t san = { NULL, 0 };
            unsigned int san_type = 0;

            r = gnutls_subject_alt_names_get (names, i, &san_type, &san, NULL);
            if (r < 0)
              break;
            if (san_type == GNUTLS_SAN_DNSNAME || san_type == GNUTLS_SAN_URI ||
                san_type == GNUTLS_SAN_RFC822NAME)
              g_ptr_array_add (sans, g_utf8_make_valid ((const char *) san.data, san.size));
            else if (san_type == GNUTLS_SAN_IPADDRESS && (san.size == 4 || san.size == 16))
              {
                g_autoptr(GInetAddress) addr =
                  g_inet_address_new_from_bytes (san.data,
                                                 san.size == 4 ? G_SOCKET_FAMILY_IPV4
                                                               : G_SOCKET_FAMILY_IPV6);
                g_ptr_array_add (sans, g_inet_address_to_string (addr));
              }
          }
      }
    g_ptr_array_add (sans, NULL);
    self->sans = (GStrv) g_ptr_array_free (sans, FALSE);
  }

  {
    unsigned int critical = 0;
    unsigned int ca = 0;
    int path_len = -1;

    r = gnutls_x509_crt_get_basic_constraints (self->crt, &critical, &ca, &path_len);
    if (r >= 0)
      {
        self->is_ca = ca != 0;
        self->path_len = ca ? path_len : -1;
      }
  }

  self->self_signed = gnutls_x509_crt_check_issuer (self->crt, self->crt) != 0;

  describe_key (self);
}

GBytes *
ps_certificate_get_der (PsCertificate *self)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE (self), NULL);
  return self->der;
}

char *
ps_certificate_to_pem (PsCertificate *self)
{
  gnutls_datum_t in, out = { NULL, 0 };
  gsize len;
  char *pem;

  g_return_val_if_fail (PS_IS_CERTIFICATE (self), NULL);

  in.data = (unsigned char *) g_bytes_get_data (self->der, &len);
  in.size = len;
  if (gnutls_pem_base64_encode2 ("CERTIFICATE", &in, &out) < 0)
    return NULL;
  pem = g_strndup ((const char *) out.data, out.size);
  gnutls_free (out.data);
  return pem;
}

const PsPin *
ps_certificate_get_spki_pin (PsCertificate *self)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE (self), NULL);
  return self->pin;
}

GBytes *
ps_certificate_get_spki_der (PsCertificate *self)
{
  gsize len;
  const guint8 *data;

  g_return_val_if_fail (PS_IS_CERTIFICATE (self), NULL);

  data = g_bytes_get_data (self->der, &len);
  return g_bytes_new_from_bytes (self->der, self->spki.start - data, self->spki.total);
}

const PsPin *
ps_certificate_get_fingerprint_sha256 (PsCertificate *self)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE (self), NULL);
  ensure_parsed (self);
  return self->fingerprint;
}

#define GETTER(type, name, field) \
  type \
  ps_certificate_get_##name (PsCertificate *self) \
  { \
    g_return_val_if_fail (PS_IS_CERTIFICATE (self), (type) 0); \
    ensure_parsed (self); \
    return self->field; \
  }

GETTER (const char *, parse_problem, parse_problem)
GETTER (gnutls_x509_crt_t, gnutls, crt)
#define NAME_GETTER(name) \
  const char * \
  ps_certificate_get_##name (PsCertificate *self) \
  { \
    g_return_val_if_fail (PS_IS_CERTIFICATE (self), NULL); \
    ensure_names (self); \
    return self->name; \
  }

NAME_GETTER (subject)
NAME_GETTER (issuer)

#undef NAME_GETTER

const char *
ps_certificate_get_key_problem (PsCertificate *self)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE (self), NULL);
  ensure_key_checked (self);
  return self->key_problem;
}
GETTER (const char *, common_name, common_name)
GETTER (const char *, issuer_common_name, issuer_common_name)
GETTER (const char *, serial_hex, serial_hex)
GETTER (GDateTime *, not_before, not_before)
GETTER (GDateTime *, not_after, not_after)
GETTER (const char *, key_algorithm, key_algorithm)
GETTER (guint, key_bits, key_bits)
GETTER (const char *, key_curve, key_curve)
GETTER (const char *, key_description, key_description)
GETTER (const char *, signature_algorithm, signature_algorithm)
GETTER (gboolean, signature_is_weak, signature_weak)
const char * const *
ps_certificate_get_sans (PsCertificate *self)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE (self), NULL);
  ensure_parsed (self);
  return (const char * const *) self->sans;
}

GETTER (gboolean, is_ca, is_ca)
GETTER (int, path_len, path_len)
GETTER (gboolean, is_self_signed, self_signed)

#undef GETTER

/* The best short name: the common name, else the first SAN, else the whole subject. */
const char *
ps_certificate_get_display_name (PsCertificate *self)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE (self), NULL);

  ensure_parsed (self);
  ensure_names (self);
  if (self->common_name != NULL && *self->common_name != '\0')
    return self->common_name;
  if (self->sans != NULL && self->sans[0] != NULL)
    return self->sans[0];
  if (self->subject != NULL && *self->subject != '\0')
    return self->subject;
  return _("(no subject)");
}

gboolean
ps_certificate_is_issued_by (PsCertificate *self,
                             PsCertificate *issuer)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE (self), FALSE);
  g_return_val_if_fail (PS_IS_CERTIFICATE (issuer), FALSE);

  ensure_parsed (self);
  ensure_parsed (issuer);
  if (self->crt == NULL || issuer->crt == NULL)
    return FALSE;
  return gnutls_x509_crt_check_issuer (self->crt, issuer->crt) != 0;
}

gboolean
ps_certificate_matches_hostname (PsCertificate *self,
                                 const char    *hostname)
{
  g_return_val_if_fail (PS_IS_CERTIFICATE (self), FALSE);
  g_return_val_if_fail (hostname != NULL, FALSE);

  ensure_parsed (self);
  if (self->crt == NULL)
    return FALSE;
  return gnutls_x509_crt_check_hostname2 (self->crt, hostname, 0) != 0;
}
