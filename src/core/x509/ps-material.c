/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define _GNU_SOURCE

#include <glib/gi18n.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs7.h>
#include <gnutls/x509.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ps-certificate-private.h"
#include "ps-error.h"
#include "ps-io.h"
#include "ps-gnutls-private.h"
#include "ps-material.h"

struct _PsMaterial
{
  GObject parent_instance;

  PsMaterialKind kind;
  char *label;
  char *key_description;
  PsPin *pin;
  PsCertificate *certificate;
  char *problem;
};

G_DEFINE_FINAL_TYPE (PsMaterial, ps_material, G_TYPE_OBJECT)

static void
ps_material_finalize (GObject *object)
{
  PsMaterial *self = PS_MATERIAL (object);

  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->key_description, g_free);
  g_clear_pointer (&self->pin, ps_pin_free);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (ps_material_parent_class)->finalize (object);
}

static void
ps_material_class_init (PsMaterialClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ps_material_finalize;
}

static void
ps_material_init (PsMaterial *self)
{
}

PsMaterialKind
ps_material_get_kind (PsMaterial *self)
{
  g_return_val_if_fail (PS_IS_MATERIAL (self), 0);
  return self->kind;
}

const char *
ps_material_kind_to_string (PsMaterialKind kind)
{
  switch (kind)
    {
    case PS_MATERIAL_CERTIFICATE: return "certificate";
    case PS_MATERIAL_PUBLIC_KEY: return "public-key";
    case PS_MATERIAL_CSR: return "csr";
    case PS_MATERIAL_PRIVATE_KEY: return "private-key";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
ps_material_get_label (PsMaterial *self)
{
  g_return_val_if_fail (PS_IS_MATERIAL (self), NULL);

  if (self->label == NULL && self->certificate != NULL)
    {
      const char *subject = ps_certificate_get_subject (self->certificate);

      self->label = g_strdup (subject != NULL ? subject : ps_certificate_get_display_name (self->certificate));
    }
  return self->label;
}

const char *
ps_material_get_key_description (PsMaterial *self)
{
  g_return_val_if_fail (PS_IS_MATERIAL (self), NULL);

  if (self->certificate != NULL)
    return ps_certificate_get_key_description (self->certificate);
  return self->key_description;
}

const PsPin *
ps_material_get_pin (PsMaterial *self)
{
  g_return_val_if_fail (PS_IS_MATERIAL (self), NULL);

  if (self->certificate != NULL)
    return ps_certificate_get_spki_pin (self->certificate);
  return self->pin;
}

PsCertificate *
ps_material_get_certificate (PsMaterial *self)
{
  g_return_val_if_fail (PS_IS_MATERIAL (self), NULL);
  return self->certificate;
}

const char *
ps_material_get_problem (PsMaterial *self)
{
  g_return_val_if_fail (PS_IS_MATERIAL (self), NULL);

  if (self->certificate != NULL)
    return ps_certificate_get_key_problem (self->certificate);
  return self->problem;
}

/* Parsing. */

typedef struct
{
  PsMaterialFunc func;
  gpointer user_data;
  GPtrArray *problems;
  guint count;
  gboolean stopped;
  /* For a mapped file: the start of the mapping and how much of it was given back. */
  const guint8 *map_base;
  gsize released;
} Parser;

#define RELEASE_STEP (4 * 1024 * 1024)

/* Gives the pages of a read-only file mapping that were read back to the kernel, so that
 * reading a bundle of any size keeps a flat memory profile. Nothing points into them:
 * certificates copy their DER. */
static void
release_consumed (Parser       *parser,
                  const guint8 *upto)
{
  gsize page = sysconf (_SC_PAGESIZE);
  gsize done;

  if (parser->map_base == NULL)
    return;

  done = ((gsize) (upto - parser->map_base) / page) * page;
  if (done < parser->released + RELEASE_STEP)
    return;

  madvise ((guint8 *) parser->map_base + parser->released, done - parser->released,
           MADV_DONTNEED);
  parser->released = done;
}

static void
add_problem (Parser     *parser,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
add_problem (Parser     *parser,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (parser->problems, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
emit (Parser     *parser,
      PsMaterial *material)
{
  if (!parser->stopped && !parser->func (material, parser->count, parser->user_data))
    parser->stopped = TRUE;
  parser->count++;
  g_object_unref (material);
}

static PsMaterial *
material_for_key (PsMaterialKind  kind,
                  const guint8   *spki,
                  gsize           spki_len,
                  const char     *subject)
{
  PsMaterial *self = g_object_new (PS_TYPE_MATERIAL, NULL);
  g_autofree char *desc = NULL;
  PsDerTlv tlv;
  gsize pos = 0;

  self->kind = kind;
  self->pin = ps_pin_new_for_spki (spki, spki_len);
  if (_ps_der_read (spki, spki_len, &pos, &tlv))
    desc = _ps_describe_spki (&tlv);
  self->key_description = g_steal_pointer (&desc);

  if (subject != NULL)
    self->label = g_strdup (subject);
  else if (kind == PS_MATERIAL_PRIVATE_KEY)
    self->label = g_strdup_printf (_("%s private key"), self->key_description);
  else
    self->label = g_strdup_printf (_("%s public key"), self->key_description);
  return self;
}

static char *
csr_subject (const guint8 *der,
             gsize         len)
{
  g_auto(gnutls_x509_crq_t) crq = NULL;
  g_auto(ps_gnutls_datum_t) dn = { NULL, 0 };
  gnutls_datum_t datum = { (unsigned char *) der, len };

  if (gnutls_x509_crq_init (&crq) < 0)
    return NULL;
  if (gnutls_x509_crq_import (crq, &datum, GNUTLS_X509_FMT_DER) < 0 ||
      gnutls_x509_crq_get_dn3 (crq, &dn, 0) < 0)
    return NULL;
  return g_utf8_make_valid ((const char *) dn.data, dn.size);
}

/* Derives the public key of a private key. The private key lives only in GnuTLS's
 * structure, which is zeroed on deinit, and in the caller's buffer, which the caller wipes. */
static gboolean
private_key_spki (const guint8          *data,
                  gsize                  len,
                  gnutls_x509_crt_fmt_t  format,
                  gnutls_datum_t        *spki,
                  int                   *error_code)
{
  g_auto(gnutls_x509_privkey_t) xkey = NULL;
  g_auto(gnutls_privkey_t) key = NULL;
  g_auto(gnutls_pubkey_t) pub = NULL;
  gnutls_datum_t datum = { (unsigned char *) data, len };
  int r;

  spki->data = NULL;
  r = gnutls_x509_privkey_init (&xkey);
  if (r >= 0)
    r = gnutls_x509_privkey_import2 (xkey, &datum, format, NULL, GNUTLS_PKCS_PLAIN);
  if (r >= 0)
    r = gnutls_privkey_init (&key);
  if (r >= 0)
    {
      r = gnutls_privkey_import_x509 (key, xkey, GNUTLS_PRIVKEY_IMPORT_AUTO_RELEASE);
      if (r >= 0)
        xkey = NULL;
    }
  if (r >= 0)
    r = gnutls_pubkey_init (&pub);
  if (r >= 0)
    r = gnutls_pubkey_import_privkey (pub, key, 0, 0);
  if (r >= 0)
    r = gnutls_pubkey_export2 (pub, GNUTLS_X509_FMT_DER, spki);

  *error_code = r;
  return r >= 0;
}

/* RSAPublicKey (PKCS#1) wrapped as SubjectPublicKeyInfo with rsaEncryption. */
static GBytes *
wrap_pkcs1_public_key (const guint8 *der,
                       gsize         len)
{
  static const guint8 alg[] = { 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
                                0x0d, 0x01, 0x01, 0x01, 0x05, 0x00 };
  GByteArray *bits = g_byte_array_new ();
  GByteArray *out = g_byte_array_new ();
  guint8 zero = 0;

  g_byte_array_append (bits, &zero, 1);
  g_byte_array_append (bits, der, len);

  /* Appends tag + definite length + value. */
#define APPEND_TLV(arr, tag, value, vlen) G_STMT_START { \
    guint8 hdr[6]; gsize h = 0; gsize l = (vlen); \
    hdr[h++] = (tag); \
    if (l < 0x80) hdr[h++] = l; \
    else if (l < 0x100) { hdr[h++] = 0x81; hdr[h++] = l; } \
    else if (l < 0x10000) { hdr[h++] = 0x82; hdr[h++] = l >> 8; hdr[h++] = l & 0xff; } \
    else { hdr[h++] = 0x83; hdr[h++] = l >> 16; hdr[h++] = (l >> 8) & 0xff; hdr[h++] = l & 0xff; } \
    g_byte_array_append ((arr), hdr, h); \
    g_byte_array_append ((arr), (value), l); \
  } G_STMT_END

  {
    GByteArray *inner = g_byte_array_new ();

    g_byte_array_append (inner, alg, sizeof alg);
    APPEND_TLV (inner, PS_DER_BIT_STRING, bits->data, bits->len);
    APPEND_TLV (out, PS_DER_SEQUENCE, inner->data, inner->len);
    g_byte_array_unref (inner);
  }
#undef APPEND_TLV

  g_byte_array_unref (bits);
  return g_byte_array_free_to_bytes (out);
}

static void parse_der (Parser       *parser,
                       const guint8 *der,
                       gsize         len,
                       const char   *where,
                       gboolean      from_pem);

static void
parse_pkcs7 (Parser       *parser,
             const guint8 *der,
             gsize         len,
             const char   *where)
{
  g_auto(gnutls_pkcs7_t) p7 = NULL;
  gnutls_datum_t datum = { (unsigned char *) der, len };
  int count;
  int r;

  r = gnutls_pkcs7_init (&p7);
  if (r >= 0)
    r = gnutls_pkcs7_import (p7, &datum, GNUTLS_X509_FMT_DER);
  if (r < 0)
    {
      add_problem (parser, _("%s: unreadable PKCS#7 bundle: %s"), where, gnutls_strerror (r));
      return;
    }

  count = gnutls_pkcs7_get_crt_count (p7);
  if (count <= 0)
    add_problem (parser, _("%s: the PKCS#7 bundle holds no certificate"), where);

  for (int i = 0; i < count && !parser->stopped; i++)
    {
      g_auto(ps_gnutls_datum_t) crt = { NULL, 0 };

      if (gnutls_pkcs7_get_crt_raw2 (p7, i, &crt) < 0)
        {
          add_problem (parser, _("%s: certificate %d of the PKCS#7 bundle cannot be read"),
                       where, i + 1);
          continue;
        }
      parse_der (parser, crt.data, crt.size, where, TRUE);
    }
}

static void
emit_certificate (Parser       *parser,
                  const guint8 *der,
                  gsize         len,
                  const char   *where)
{
  g_autoptr(GBytes) bytes = g_bytes_new (der, len);
  g_autoptr(GError) error = NULL;
  PsCertificate *cert = ps_certificate_new_from_der (bytes, &error);
  PsMaterial *material;

  if (cert == NULL)
    {
      add_problem (parser, "%s: %s", where, error->message);
      return;
    }

  material = g_object_new (PS_TYPE_MATERIAL, NULL);
  material->kind = PS_MATERIAL_CERTIFICATE;
  material->certificate = cert;
  emit (parser, material);
}

static gboolean
try_private_key (Parser                *parser,
                 const guint8          *data,
                 gsize                  len,
                 gnutls_x509_crt_fmt_t  format,
                 const char            *where,
                 gboolean               report)
{
  g_auto(ps_gnutls_datum_t) spki = { NULL, 0 };
  int code = 0;

  if (!private_key_spki (data, len, format, &spki, &code))
    {
      if (report)
        add_problem (parser, _("%s: unreadable private key: %s"), where, gnutls_strerror (code));
      return FALSE;
    }

  emit (parser, material_for_key (PS_MATERIAL_PRIVATE_KEY, spki.data, spki.size, NULL));
  return TRUE;
}

/* One DER document; several may be concatenated. */
static void
parse_der (Parser       *parser,
           const guint8 *der,
           gsize         len,
           const char   *where,
           gboolean      from_pem)
{
  gsize offset = 0;

  while (offset < len && !parser->stopped)
    {
      PsDerTlv spki;
      gsize consumed = 0;
      PsDerKind kind = _ps_der_detect (der + offset, len - offset, &spki, &consumed);

      switch (kind)
        {
        case PS_DER_KIND_CERTIFICATE:
          emit_certificate (parser, der + offset, consumed, where);
          break;

        case PS_DER_KIND_CSR:
          {
            g_autofree char *subject = csr_subject (der + offset, consumed);

            emit (parser, material_for_key (PS_MATERIAL_CSR, spki.start, spki.total,
                                            subject != NULL ? subject : _("(CSR without subject)")));
          }
          break;

        case PS_DER_KIND_SPKI:
          emit (parser, material_for_key (PS_MATERIAL_PUBLIC_KEY, spki.start, spki.total, NULL));
          break;

        case PS_DER_KIND_PKCS7:
          parse_pkcs7 (parser, der + offset, consumed, where);
          break;

        case PS_DER_KIND_UNKNOWN:
        default:
          if (offset == 0 && !from_pem &&
              try_private_key (parser, der, len, GNUTLS_X509_FMT_DER, where, FALSE))
            return;
          if (offset == 0)
            add_problem (parser, _("%s: not a certificate, public key, private key, CSR or "
                                   "PKCS#7 bundle (neither PEM nor readable DER)"), where);
          else
            add_problem (parser, _("%s: %lu bytes of unexpected data after "
                                   "offset %lu"), where, (gulong) (len - offset), (gulong) offset);
          return;
        }

      offset += consumed;
    }
}

static const guint8 *
find (const guint8 *haystack,
      gsize         len,
      const char   *needle)
{
  return memmem (haystack, len, needle, strlen (needle));
}

static guint
count_lines (const guint8 *from,
             const guint8 *to)
{
  guint n = 0;

  for (const guint8 *p = from; p < to; p++)
    if (*p == '\n')
      n++;
  return n;
}

/* Strict base64 of a PEM body: header lines ("Name: value") are skipped, whitespace is
 * ignored, and anything else outside the alphabet is an error. */
static guint8 *
decode_pem_body (const guint8 *body,
                 gsize         len,
                 gsize        *out_len,
                 gboolean     *encrypted)
{
  g_autofree char *clean = g_malloc (len + 1);
  const guint8 *p = body;
  const guint8 *end = body + len;
  gsize n = 0;
  gsize pad = 0;
  guint8 *out;
  int state = 0;
  guint save = 0;

  *encrypted = FALSE;

  /* RFC 1421 headers: lines with a colon before the data. */
  for (;;)
    {
      const guint8 *eol = memchr (p, '\n', end - p);
      const guint8 *colon;

      if (eol == NULL)
        break;
      colon = memchr (p, ':', eol - p);
      if (colon == NULL)
        break;
      if (find (p, eol - p, "ENCRYPTED") != NULL)
        *encrypted = TRUE;
      p = eol + 1;
    }

  for (; p < end; p++)
    {
      guint8 c = *p;

      if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        continue;
      if (c == '=')
        pad++;
      else if (pad > 0 || !(g_ascii_isalnum (c) || c == '+' || c == '/'))
        return NULL;
      clean[n++] = c;
    }

  if (n == 0 || n % 4 != 0 || pad > 2)
    return NULL;

  out = g_malloc (n / 4 * 3 + 3);
  *out_len = g_base64_decode_step (clean, n, out, &state, &save);
  return out;
}

static void
parse_pem_block (Parser       *parser,
                 const char   *label,
                 const guint8 *body,
                 gsize         body_len,
                 const char   *where)
{
  g_autofree guint8 *der = NULL;
  gsize der_len = 0;
  gboolean encrypted = FALSE;

  if (g_str_equal (label, "EC PARAMETERS") || g_str_equal (label, "DH PARAMETERS") ||
      g_str_equal (label, "X509 CRL"))
    return;

  der = decode_pem_body (body, body_len, &der_len, &encrypted);
  if (der == NULL)
    {
      add_problem (parser, _("%s: invalid base64 in the PEM block “%s”"), where, label);
      return;
    }

  if (g_str_equal (label, "ENCRYPTED PRIVATE KEY") || encrypted)
    add_problem (parser, _("%s: the private key is encrypted; export its public key "
                           "(or a certificate) to compute its pin"), where);
  else if (g_str_has_suffix (label, "PRIVATE KEY"))
    try_private_key (parser, der, der_len, GNUTLS_X509_FMT_DER, where, TRUE);
  else if (g_str_equal (label, "RSA PUBLIC KEY"))
    {
      g_autoptr(GBytes) spki = wrap_pkcs1_public_key (der, der_len);
      gsize spki_len;
      const guint8 *spki_data = g_bytes_get_data (spki, &spki_len);
      gsize consumed;

      if (_ps_der_is_spki (spki_data, spki_len, &consumed))
        emit (parser, material_for_key (PS_MATERIAL_PUBLIC_KEY, spki_data, spki_len, NULL));
      else
        add_problem (parser, _("%s: unreadable RSA public key"), where);
    }
  else if (g_str_equal (label, "CERTIFICATE") || g_str_equal (label, "X509 CERTIFICATE") ||
           g_str_equal (label, "TRUSTED CERTIFICATE"))
    {
      PsDerTlv spki;
      gsize consumed;

      /* OpenSSL's TRUSTED CERTIFICATE appends trust settings after the certificate. */
      if (_ps_der_certificate_spki (der, der_len, &spki, &consumed) &&
          (consumed == der_len || g_str_equal (label, "TRUSTED CERTIFICATE")))
        emit_certificate (parser, der, consumed, where);
      else
        parse_der (parser, der, der_len, where, TRUE);
    }
  else if (g_str_equal (label, "PUBLIC KEY") || g_str_equal (label, "CERTIFICATE REQUEST") ||
           g_str_equal (label, "NEW CERTIFICATE REQUEST") || g_str_equal (label, "PKCS7") ||
           g_str_equal (label, "CMS"))
    parse_der (parser, der, der_len, where, TRUE);
  else
    add_problem (parser, _("%s: PEM blocks of type “%s” are not supported"), where, label);

  /* The buffer may have held a private key. */
  if (der != NULL)
    gnutls_memset (der, 0, der_len);
}

static void
parse_pem (Parser       *parser,
           const guint8 *data,
           gsize         len)
{
  const guint8 *p = data;
  const guint8 *end = data + len;
  const guint8 *line_pos = data;
  guint line = 1;

  while (p < end && !parser->stopped)
    {
      const guint8 *begin = find (p, end - p, "-----BEGIN ");
      const guint8 *label_end;
      const guint8 *body;
      const guint8 *end_marker;
      g_autofree char *label = NULL;
      g_autofree char *end_line = NULL;
      g_autofree char *where = NULL;

      if (begin == NULL)
        break;

      line += count_lines (line_pos, begin);
      line_pos = begin;

      label_end = find (begin + 11, MIN ((gsize) (end - begin - 11), 80), "-----");
      if (label_end == NULL)
        {
          add_problem (parser, _("line %u: malformed PEM header"), line);
          p = begin + 11;
          continue;
        }

      label = g_strndup ((const char *) begin + 11, label_end - (begin + 11));
      where = g_strdup_printf (_("line %u (%s)"), line, label);
      body = label_end + 5;
      end_line = g_strdup_printf ("-----END %s-----", label);
      end_marker = find (body, end - body, end_line);

      if (end_marker == NULL)
        {
          add_problem (parser, _("%s: truncated PEM block, no “%s” line"), where, end_line);
          break;
        }

      /* A BEGIN inside the body means the previous block was cut off. */
      {
        const guint8 *inner = find (body, end_marker - body, "-----BEGIN ");

        if (inner != NULL)
          {
            add_problem (parser, _("%s: truncated PEM block, no “%s” line"), where, end_line);
            p = inner;
            continue;
          }
      }

      parse_pem_block (parser, label, body, end_marker - body, where);
      p = end_marker + strlen (end_line);
      release_consumed (parser, line_pos);
    }
}

static guint
parse_bytes (GBytes          *data,
             gboolean         mapped,
             PsMaterialFunc   func,
             gpointer         user_data,
             GPtrArray      **problems,
             GError         **error)
{
  Parser parser = { func, user_data, NULL, 0, FALSE, NULL, 0 };
  const guint8 *bytes;
  gsize len;

  g_return_val_if_fail (data != NULL, 0);
  g_return_val_if_fail (func != NULL, 0);

  parser.problems = g_ptr_array_new_with_free_func (g_free);
  bytes = g_bytes_get_data (data, &len);
  if (mapped)
    parser.map_base = bytes;

  if (len == 0)
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_NOTHING_FOUND, _("The file is empty"));
      g_ptr_array_unref (parser.problems);
      return 0;
    }

  if (find (bytes, len, "-----BEGIN ") != NULL)
    parse_pem (&parser, bytes, len);
  else
    parse_der (&parser, bytes, len, _("DER"), FALSE);

  if (parser.count == 0)
    {
      if (parser.problems->len > 0)
        g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                             g_ptr_array_index (parser.problems, 0));
      else
        g_set_error_literal (error, PS_ERROR, PS_ERROR_NOTHING_FOUND,
                             _("No certificate, key or CSR was found"));
    }

  if (problems != NULL)
    *problems = parser.problems;
  else
    g_ptr_array_unref (parser.problems);

  return parser.count;
}

guint
ps_material_parse_bytes (GBytes          *data,
                         PsMaterialFunc   func,
                         gpointer         user_data,
                         GPtrArray      **problems,
                         GError         **error)
{
  return parse_bytes (data, FALSE, func, user_data, problems, error);
}

guint
ps_material_parse_file (GFile           *file,
                        PsMaterialFunc   func,
                        gpointer         user_data,
                        GPtrArray      **problems,
                        GError         **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), 0);
  g_return_val_if_fail (func != NULL, 0);

  path = g_file_get_path (file);
  name = g_file_get_basename (file);
  /* Only regular files are mapped: a FIFO would block the mapping, a device never ends. A
   * missing file says so rather than "not a regular file". */
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is not a local file"), name);
      return 0;
    }
  if (!ps_io_check_regular_file (path, name, error))
    return 0;

  mapped = g_mapped_file_new (path, FALSE, error);
  if (mapped == NULL)
    return 0;

  bytes = g_mapped_file_get_bytes (mapped);
  return parse_bytes (bytes, g_mapped_file_get_length (mapped) > 0, func, user_data,
                      problems, error);
}

static gboolean
collect_cb (PsMaterial *material,
            guint       index,
            gpointer    user_data)
{
  g_ptr_array_add (user_data, g_object_ref (material));
  return TRUE;
}

GPtrArray *
ps_material_load_file (GFile      *file,
                       GPtrArray **problems,
                       GError    **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (ps_material_parse_file (file, collect_cb, items, problems, error) == 0)
    return NULL;

  return g_steal_pointer (&items);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *items = ps_material_load_file (task_data, NULL, &error);

  if (items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

void
ps_material_load_file_async (GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_material_load_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

GPtrArray *
ps_material_load_file_finish (GFile         *file,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, file), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
ps_material_load_certificates (GFile   *file,
                               GError **error)
{
  g_autoptr(GPtrArray) items = ps_material_load_file (file, NULL, error);
  g_autoptr(GPtrArray) certs = NULL;

  if (items == NULL)
    return NULL;

  certs = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < items->len; i++)
    {
      PsCertificate *cert = ps_material_get_certificate (g_ptr_array_index (items, i));

      if (cert != NULL)
        g_ptr_array_add (certs, g_object_ref (cert));
    }

  if (certs->len == 0)
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_NOTHING_FOUND,
                           _("The file holds no certificate"));
      return NULL;
    }

  return g_steal_pointer (&certs);
}
