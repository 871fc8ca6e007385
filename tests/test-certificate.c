/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>

#include "ps-certificate-sections.h"
#include "ps-chain.h"
#include "ps-error.h"
#include "ps-material.h"
#include "ps-test-util.h"

/* Writes every certificate found in @paths to its own DER file in @dir and records our pin
 * for it; then computes all pins with openssl in one shell run and compares. */
typedef struct
{
  char *dir;
  GPtrArray *der_paths;
  GPtrArray *our_pins;
  GPtrArray *names;
} Batch;

static void
batch_init (Batch *batch)
{
  batch->dir = ps_test_mkdtemp ();
  batch->der_paths = g_ptr_array_new_with_free_func (g_free);
  batch->our_pins = g_ptr_array_new_with_free_func (g_free);
  batch->names = g_ptr_array_new_with_free_func (g_free);
}

static void
batch_clear (Batch *batch)
{
  ps_test_rm_rf (batch->dir);
  g_free (batch->dir);
  g_ptr_array_unref (batch->der_paths);
  g_ptr_array_unref (batch->our_pins);
  g_ptr_array_unref (batch->names);
}

static void
batch_add_certificate (Batch         *batch,
                       PsCertificate *cert,
                       const char    *name)
{
  g_autofree char *file = g_strdup_printf ("%05u.der", batch->der_paths->len);
  char *path = g_build_filename (batch->dir, file, NULL);
  gsize len;
  const char *der = g_bytes_get_data (ps_certificate_get_der (cert), &len);

  g_assert_true (g_file_set_contents (path, der, len, NULL));
  g_ptr_array_add (batch->der_paths, path);
  g_ptr_array_add (batch->our_pins, ps_pin_to_base64 (ps_certificate_get_spki_pin (cert)));
  g_ptr_array_add (batch->names, g_strdup (name));
}

static void
batch_add_file (Batch      *batch,
                const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) certs = ps_material_load_certificates (file, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < certs->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s #%u", path, i);
      batch_add_certificate (batch, g_ptr_array_index (certs, i), name);
    }
}

/* openssl's pins, one line per DER file, in order. */
static void
batch_check (Batch *batch)
{
  g_autofree char *quoted = g_shell_quote (batch->dir);
  g_autofree char *cmd = g_strdup_printf (
    "cd %s && for f in *.der; do "
    "openssl x509 -inform der -in \"$f\" -pubkey -noout | openssl pkey -pubin -outform der "
    "| openssl dgst -sha256 -binary | base64; done", quoted);
  g_autofree char *out = ps_test_sh (cmd, NULL);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, batch->our_pins->len);
  for (guint i = 0; i < batch->our_pins->len; i++)
    {
      if (!g_str_equal (lines[i], g_ptr_array_index (batch->our_pins, i)))
        g_error ("pin mismatch for %s: ours %s, openssl %s",
                 (char *) g_ptr_array_index (batch->names, i),
                 (char *) g_ptr_array_index (batch->our_pins, i), lines[i]);
    }
  g_test_message ("%u pins equal openssl's", batch->our_pins->len);
}

static void
test_mozilla_roots (void)
{
  const char *root_dir = "/usr/share/ca-certificates/mozilla";
  g_autoptr(GDir) dir = g_dir_open (root_dir, 0, NULL);
  const char *name;
  Batch batch;

  if (dir == NULL)
    {
      g_test_skip ("ca-certificates is not installed");
      return;
    }

  batch_init (&batch);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (root_dir, name, NULL);
      batch_add_file (&batch, path);
    }
  g_assert_cmpuint (batch.der_paths->len, >, 100);
  batch_check (&batch);
  batch_clear (&batch);
}

static void
add_corpus_dir (Batch      *batch,
                const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);

      if (g_str_has_suffix (name, ".pem") || g_str_has_suffix (name, ".crt"))
        batch_add_file (batch, path);
    }
}

static void
test_badssl_corpus (void)
{
  g_autofree char *badssl = g_build_filename (ps_test_testdata (), "realworld", "badssl", NULL);
  g_autofree char *roots = g_build_filename (badssl, "interception-roots", NULL);
  Batch batch;

  batch_init (&batch);
  add_corpus_dir (&batch, badssl);
  add_corpus_dir (&batch, roots);
  g_assert_cmpuint (batch.der_paths->len, >, 50);
  batch_check (&batch);
  batch_clear (&batch);
}

static void
test_limbo_online (void)
{
  g_autofree char *online = g_build_filename (ps_test_testdata (), "realworld", "x509-limbo",
                                              "online", NULL);
  g_autoptr(GDir) dir = g_dir_open (online, 0, NULL);
  const char *name;
  Batch batch;

  g_assert_nonnull (dir);
  batch_init (&batch);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (online, name, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *root;
      const char *members[] = { "peer_certificate", NULL };

      json_parser_load_from_file (parser, path, &error);
      g_assert_no_error (error);
      root = json_node_get_object (json_parser_get_root (parser));

      for (guint m = 0; members[m] != NULL; m++)
        {
          g_autoptr(PsCertificate) cert = ps_certificate_new_from_pem (
            json_object_get_string_member (root, members[m]), -1, &error);
          g_assert_no_error (error);
          batch_add_certificate (&batch, cert, path);
        }

      for (guint m = 0; m < 2; m++)
      {
        JsonArray *untrusted = json_object_get_array_member (root, m == 0 ? "untrusted_intermediates"
                                                                          : "trusted_certs");

        for (guint i = 0; i < json_array_get_length (untrusted); i++)
          {
            g_autoptr(PsCertificate) cert = ps_certificate_new_from_pem (
              json_array_get_string_element (untrusted, i), -1, &error);
            g_assert_no_error (error);
            batch_add_certificate (&batch, cert, path);
          }
      }
    }
  g_assert_cmpuint (batch.der_paths->len, >=, 14);
  batch_check (&batch);
  batch_clear (&batch);
}

static void
test_limbo_unusual (void)
{
  const char *files[] = { "cryptography.io.pem", "cryptography.io_mismatched.pem",
                          "negative_serial.pem", "explicit_curve_ca.pem",
                          "explicit_curve_leaf.pem" };
  Batch batch;

  batch_init (&batch);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (ps_test_testdata (), "realworld",
                                                "x509-limbo", files[i], NULL);
      batch_add_file (&batch, path);
    }
  batch_check (&batch);
  batch_clear (&batch);
}

/* GnuTLS cannot read explicit-curve keys; we still give the fields it can read, the
 * exact pin (SHA-256 of the SPKI bytes as they appear), and say what failed. */
static void
test_explicit_curve (void)
{
  g_autofree char *path = g_build_filename (ps_test_testdata (), "realworld", "x509-limbo",
                                            "explicit_curve_leaf.pem", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) certs = ps_material_load_certificates (file, &error);
  PsCertificate *cert;
  g_autoptr(GBytes) spki = NULL;
  g_autofree char *spki_path = NULL;
  g_autofree char *dir = ps_test_mkdtemp ();
  g_autofree char *expected = NULL;
  g_autofree char *cmd = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *quoted = g_shell_quote (path);

  g_assert_no_error (error);
  cert = g_ptr_array_index (certs, 0);
  g_assert_cmpstr (ps_certificate_get_common_name (cert), ==, "example.com");
  g_assert_cmpstr (ps_certificate_get_key_description (cert), ==, "EC, explicit curve parameters");
  g_assert_nonnull (ps_certificate_get_parse_problem (cert));
  g_assert_nonnull (strstr (ps_certificate_get_parse_problem (cert), "explicit EC curve"));

  /* The SPKI bytes as they appear in the certificate, cut out by openssl asn1parse. */
  spki = ps_certificate_get_spki_der (cert);
  cmd = g_strdup_printf ("openssl asn1parse -in %s -i | awk '/^ *[0-9]+:d=2/ {n++; if (n==7) {sub(/:.*/, \"\"); print $1}}'",
                         quoted);
  {
    g_autofree char *offset = ps_test_sh (cmd, NULL);
    g_autofree char *cut = g_strdup_printf ("openssl x509 -in %s -outform der | "
                                            "tail -c +$((%s + 1)) | head -c %" G_GSIZE_FORMAT
                                            " | openssl dgst -sha256 -binary | base64",
                                            quoted, offset, g_bytes_get_size (spki));
    expected = ps_test_sh (cut, NULL);
  }
  ours = ps_pin_to_base64 (ps_certificate_get_spki_pin (cert));
  g_assert_cmpstr (ours, ==, expected);
  ps_test_rm_rf (dir);
}

static void
test_fields (void)
{
  g_autofree char *path = g_build_filename (ps_test_testdata (), "realworld", "badssl",
                                            "wildcard-rsa4096.pem", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) certs = ps_material_load_certificates (file, &error);
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *cmd = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *fpr = NULL;
  g_autofree char *ours_fpr = NULL;
  PsCertificate *leaf;
  PsCertificate *issuer;

  g_assert_no_error (error);
  g_assert_cmpuint (certs->len, >=, 2);
  leaf = g_ptr_array_index (certs, 0);
  issuer = g_ptr_array_index (certs, 1);

  g_assert_cmpstr (ps_certificate_get_key_description (leaf), ==, "RSA 4096");
  g_assert_cmpuint (ps_certificate_get_key_bits (leaf), ==, 4096);
  g_assert_false (ps_certificate_get_is_ca (leaf));
  g_assert_true (ps_certificate_get_is_ca (issuer));
  g_assert_true (ps_certificate_is_issued_by (leaf, issuer));
  g_assert_false (ps_certificate_get_is_self_signed (leaf));
  g_assert_true (ps_certificate_matches_hostname (leaf, "foo.badssl.com"));
  g_assert_false (ps_certificate_matches_hostname (leaf, "example.org"));
  g_assert_nonnull (ps_certificate_get_sans (leaf)[0]);
  g_assert_nonnull (ps_certificate_get_not_before (leaf));
  g_assert_cmpint (g_date_time_compare (ps_certificate_get_not_before (leaf),
                                        ps_certificate_get_not_after (leaf)), <, 0);
  g_assert_null (ps_certificate_get_parse_problem (leaf));

  cmd = g_strdup_printf ("openssl x509 -in %s -noout -serial | cut -d= -f2 | tr A-F a-f", quoted);
  serial = ps_test_sh (cmd, NULL);
  g_assert_cmpstr (ps_certificate_get_serial_hex (leaf), ==, serial);

  g_free (cmd);
  cmd = g_strdup_printf ("openssl x509 -in %s -outform der | sha256sum | cut -d' ' -f1", quoted);
  fpr = ps_test_sh (cmd, NULL);
  ours_fpr = ps_pin_to_hex (ps_certificate_get_fingerprint_sha256 (leaf));
  g_assert_cmpstr (ours_fpr, ==, fpr);
}

static PsCertificateField *
find_field (GListModel *sections,
            const char *key,
            char      **section_title)
{
  for (guint i = 0; i < g_list_model_get_n_items (sections); i++)
    {
      g_autoptr(PsCertificateSection) section = g_list_model_get_item (sections, i);
      GListModel *fields = ps_certificate_section_get_fields (section);

      for (guint j = 0; j < g_list_model_get_n_items (fields); j++)
        {
          g_autoptr(PsCertificateField) field = g_list_model_get_item (fields, j);

          if (g_strcmp0 (ps_certificate_field_get_key (field), key) == 0)
            {
              if (section_title != NULL)
                *section_title = g_strdup (ps_certificate_section_get_title (section));
              return field; /* still owned by the section */
            }
        }
    }

  return NULL;
}

/* The sections hold every field once, with a typed value that says the same as the getters,
 * and the pin notation changes only what is shown. */
static void
test_sections (void)
{
  g_autofree char *path = g_build_filename (ps_test_testdata (), "realworld", "badssl",
                                            "wildcard-rsa4096.pem", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) certs = ps_material_load_certificates (file, NULL);
  PsCertificate *leaf = g_ptr_array_index (certs, 0);
  PsCertificate *issuer = g_ptr_array_index (certs, 1);
  g_autoptr(GListModel) sections = ps_certificate_list_sections (leaf, PS_PIN_NOTATION_OKHTTP);
  g_autoptr(GListModel) hex_sections = ps_certificate_list_sections (leaf,
                                                                     PS_PIN_NOTATION_HEX_COLONS);
  g_autoptr(GListModel) issuer_sections = ps_certificate_list_sections (issuer,
                                                                        PS_PIN_NOTATION_OKHTTP);
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *b64 = ps_pin_to_base64 (ps_certificate_get_spki_pin (leaf));
  g_autofree char *okhttp = ps_pin_to_string (ps_certificate_get_spki_pin (leaf),
                                              PS_PIN_NOTATION_OKHTTP);
  g_autofree char *title = NULL;
  g_autofree const char **sans = NULL;
  PsCertificateField *field;
  GVariant *value;

  g_assert_cmpuint (g_list_model_get_n_items (sections), ==, 6);
  for (guint i = 0; i < g_list_model_get_n_items (sections); i++)
    {
      g_autoptr(PsCertificateSection) section = g_list_model_get_item (sections, i);
      GListModel *fields = ps_certificate_section_get_fields (section);

      g_assert_nonnull (ps_certificate_section_get_title (section));
      g_assert_cmpuint (g_list_model_get_n_items (fields), >, 0);
      for (guint j = 0; j < g_list_model_get_n_items (fields); j++)
        {
          g_autoptr(PsCertificateField) f = g_list_model_get_item (fields, j);
          const char *key = ps_certificate_field_get_key (f);

          /* Machine names are unique: they become JSON members. */
          if (key != NULL)
            g_assert_true (g_hash_table_add (keys, (gpointer) key));
          /* Whatever has a label and text is shown; nothing is shown without a label. */
          if (ps_certificate_field_get_text (f) != NULL)
            g_assert_nonnull (ps_certificate_field_get_label (f));
        }
    }
  g_assert_cmpuint (g_hash_table_size (keys), ==, 17);

  field = find_field (sections, "subject", &title);
  g_assert_cmpstr (title, ==, "Subject");
  g_assert_cmpstr (ps_certificate_field_get_text (field), ==, ps_certificate_get_subject (leaf));
  g_assert_cmpstr (g_variant_get_string (ps_certificate_field_get_value (field), NULL), ==,
                   ps_certificate_get_subject (leaf));

  field = find_field (sections, "key_bits", NULL);
  g_assert_cmpuint (g_variant_get_uint32 (ps_certificate_field_get_value (field)), ==, 4096);
  g_assert_cmpstr (ps_certificate_field_get_text (field), ==, "4096");

  field = find_field (sections, "ca", NULL);
  g_assert_false (g_variant_get_boolean (ps_certificate_field_get_value (field)));
  field = find_field (issuer_sections, "ca", NULL);
  g_assert_true (g_variant_get_boolean (ps_certificate_field_get_value (field)));

  /* No parse problem: the data says null and nothing is shown. */
  field = find_field (sections, "parse_problem", NULL);
  g_assert_null (ps_certificate_field_get_value (field));
  g_assert_null (ps_certificate_field_get_text (field));

  field = find_field (sections, "sans", NULL);
  value = ps_certificate_field_get_value (field);
  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING_ARRAY));
  sans = g_variant_get_strv (value, NULL);
  g_assert_cmpuint (g_strv_length ((char **) sans), ==,
                    g_strv_length ((char **) ps_certificate_get_sans (leaf)));
  g_assert_cmpstr (sans[0], ==, ps_certificate_get_sans (leaf)[0]);

  /* The pin: shown in the chosen notation, data always Base64; the hex row is not repeated
   * when hex with colons is the chosen notation. */
  field = find_field (sections, "spki_sha256", NULL);
  g_assert_cmpstr (ps_certificate_field_get_text (field), ==, okhttp);
  g_assert_cmpstr (g_variant_get_string (ps_certificate_field_get_value (field), NULL), ==, b64);
  g_assert_true (ps_certificate_field_get_monospace (field));
  g_assert_nonnull (ps_certificate_field_get_text (find_field (sections, "spki_sha256_hex",
                                                               NULL)));
  field = find_field (hex_sections, "spki_sha256", NULL);
  g_assert_cmpstr (g_variant_get_string (ps_certificate_field_get_value (field), NULL), ==, b64);
  g_assert_cmpstr (ps_certificate_field_get_text (field), !=, okhttp);
  g_assert_null (ps_certificate_field_get_text (find_field (hex_sections, "spki_sha256_hex",
                                                            NULL)));
}

/* The properties say what the getters say, so that templates can bind them. */
static void
test_properties (void)
{
  g_autofree char *path = g_build_filename (ps_test_testdata (), "realworld", "badssl",
                                            "wildcard-rsa4096.pem", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) certs = ps_material_load_certificates (file, NULL);
  PsCertificate *leaf = g_ptr_array_index (certs, 0);
  PsCertificate *issuer = g_ptr_array_index (certs, 1);
  g_autofree char *subject = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GDateTime) not_after = NULL;
  g_autoptr(PsPin) pin = NULL;
  g_autoptr(PsChain) chain = NULL;
  g_autoptr(GListModel) list = NULL;
  gboolean is_ca = TRUE;
  guint n = 0;

  g_object_get (leaf, "subject", &subject, "key-description", &key, "not-after", &not_after,
                "pin", &pin, "is-ca", &is_ca, NULL);
  g_assert_cmpstr (subject, ==, ps_certificate_get_subject (leaf));
  g_assert_cmpstr (key, ==, "RSA 4096");
  g_assert_true (g_date_time_equal (not_after, ps_certificate_get_not_after (leaf)));
  g_assert_true (ps_pin_equal (pin, ps_certificate_get_spki_pin (leaf)));
  g_assert_false (is_ca);
  g_object_get (issuer, "is-ca", &is_ca, NULL);
  g_assert_true (is_ca);

  chain = ps_chain_new (certs, NULL, NULL);
  g_object_get (chain, "certificates", &list, "n-certificates", &n, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, n);
  g_assert_cmpuint (n, ==, ps_chain_get_n_certificates (chain));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PsCertificate) item = g_list_model_get_item (list, i);

      g_assert_true (item == ps_chain_get_certificate (chain, i));
    }
}

/* The COMODO root cross-signed by AddTrust has the same key as the self-signed one. */
static void
test_cross_signed_same_pin (void)
{
  const char *root = "/usr/share/ca-certificates/mozilla/COMODO_RSA_Certification_Authority.crt";
  g_autofree char *path = g_build_filename (ps_test_testdata (), "realworld", "badssl",
                                            "wildcard-expired.pem", NULL);
  g_autoptr(GFile) root_file = g_file_new_for_path (root);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) roots = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  gboolean found = FALSE;

  if (!g_file_test (root, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the COMODO root is not in this ca-certificates");
      return;
    }

  roots = ps_material_load_certificates (root_file, NULL);
  chain = ps_material_load_certificates (file, NULL);
  g_assert_nonnull (roots);
  g_assert_nonnull (chain);

  for (guint i = 0; i < chain->len; i++)
    {
      PsCertificate *cert = g_ptr_array_index (chain, i);

      if (g_strcmp0 (ps_certificate_get_common_name (cert), "COMODO RSA Certification Authority") == 0)
        {
          g_assert_false (ps_certificate_get_is_self_signed (cert));
          g_assert_true (ps_pin_equal (ps_certificate_get_spki_pin (cert),
                                       ps_certificate_get_spki_pin (g_ptr_array_index (roots, 0))));
          g_assert_false (ps_pin_equal (ps_certificate_get_fingerprint_sha256 (cert),
                                        ps_certificate_get_fingerprint_sha256 (g_ptr_array_index (roots, 0))));
          found = TRUE;
        }
    }
  g_assert_true (found);
}

static void
test_many_sans (void)
{
  g_autofree char *path = g_build_filename (ps_test_testdata (), "realworld", "badssl",
                                            "subdomain-10000-sans.pem", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) certs = ps_material_load_certificates (file, &error);
  gint64 start = g_get_monotonic_time ();
  const char * const *sans;

  g_assert_no_error (error);
  sans = ps_certificate_get_sans (g_ptr_array_index (certs, 0));
  g_assert_cmpuint (g_strv_length ((GStrv) sans), >=, 9999);
  g_test_message ("%u SANs read in %" G_GINT64_FORMAT " µs", g_strv_length ((GStrv) sans),
                  g_get_monotonic_time () - start);
}

static void
test_not_a_certificate (void)
{
  g_autoptr(GBytes) junk = g_bytes_new_static ("\x30\x03\x02\x01\x01", 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCertificate) cert = ps_certificate_new_from_der (junk, &error);

  g_assert_null (cert);
  g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_DATA);
}

/* The openssl reading of a date line ("notBefore=Jun  1 00:00:00 1955 GMT") as ISO 8601. */
static char *
openssl_date (const char *path,
              const char *which)
{
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *cmd = g_strdup_printf ("openssl x509 -in %s -noout -%s -dateopt iso_8601 | "
                                          "cut -d= -f2", quoted, which);

  return ps_test_sh (cmd, NULL);
}

/* Validity dates are read from the DER: one before 1970 (which GnuTLS gives as 1970-01-01)
 * and one after 2049 (a GeneralizedTime) come out as openssl reads them. */
static void
test_old_and_far_dates (void)
{
  g_autofree char *dir = ps_test_mkdtemp ();
  g_autofree char *key = ps_test_gen_key (dir, "old", "ecdsa", 256);
  g_autofree char *path = ps_test_gen_cert (dir, "old", key, NULL, NULL,
                                            "cn = old\n"
                                            "activation_date = \"1955-06-01 12:34:56\"\n"
                                            "expiration_date = \"2060-02-29 23:59:58\"\n");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) certs = ps_material_load_certificates (file, &error);
  g_autofree char *not_before = NULL;
  g_autofree char *not_after = NULL;
  g_autofree char *ssl_before = openssl_date (path, "startdate");
  g_autofree char *ssl_after = openssl_date (path, "enddate");
  PsCertificate *cert;

  g_assert_no_error (error);
  cert = g_ptr_array_index (certs, 0);
  not_before = g_date_time_format (ps_certificate_get_not_before (cert), "%Y-%m-%d %H:%M:%SZ");
  not_after = g_date_time_format (ps_certificate_get_not_after (cert), "%Y-%m-%d %H:%M:%SZ");
  g_assert_cmpstr (not_before, ==, "1955-06-01 12:34:56Z");
  g_assert_cmpstr (not_after, ==, "2060-02-29 23:59:58Z");
  g_assert_cmpstr (not_before, ==, ssl_before);
  g_assert_cmpstr (not_after, ==, ssl_after);
  ps_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/certificate/mozilla-roots", test_mozilla_roots);
  g_test_add_func ("/certificate/badssl-corpus", test_badssl_corpus);
  g_test_add_func ("/certificate/limbo-online", test_limbo_online);
  g_test_add_func ("/certificate/limbo-unusual", test_limbo_unusual);
  g_test_add_func ("/certificate/explicit-curve", test_explicit_curve);
  g_test_add_func ("/certificate/fields", test_fields);
  g_test_add_func ("/certificate/sections", test_sections);
  g_test_add_func ("/certificate/properties", test_properties);
  g_test_add_func ("/certificate/cross-signed-same-pin", test_cross_signed_same_pin);
  g_test_add_func ("/certificate/10000-sans", test_many_sans);
  g_test_add_func ("/certificate/not-a-certificate", test_not_a_certificate);
  g_test_add_func ("/certificate/old-and-far-dates", test_old_and_far_dates);

  return g_test_run ();
}
