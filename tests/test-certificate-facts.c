/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The raw reading of a certificate (ps_certificate_facts_read, used by `pins --json`) must
 * give exactly what the GnuTLS-based getters give, for every certificate it takes. */
#include "config.h"

#include "ps-certificate-facts.h"
#include "ps-material.h"
#include "ps-test-util.h"

typedef struct
{
  guint raw;
  guint left;
} Counts;

static void
check_certificate (PsCertificate *cert,
                   Counts        *counts)
{
  PsCertificateFacts facts;
  GDateTime *before, *after;
  const char * const *sans;
  g_autofree char *fingerprint = NULL;

  if (!ps_certificate_facts_read (cert, &facts))
    {
      counts->left++;
      return;
    }
  counts->raw++;

  g_assert_cmpstr (facts.serial_hex, ==, ps_certificate_get_serial_hex (cert));
  before = ps_certificate_get_not_before (cert);
  after = ps_certificate_get_not_after (cert);
  g_assert_nonnull (before);
  g_assert_nonnull (after);
  {
    g_autofree char *b = g_date_time_format_iso8601 (before);
    g_autofree char *a = g_date_time_format_iso8601 (after);

    g_assert_cmpstr (facts.not_before, ==, b);
    g_assert_cmpstr (facts.not_after, ==, a);
  }
  g_assert_cmpstr (facts.signature_algorithm, ==, ps_certificate_get_signature_algorithm (cert));
  g_assert_cmpstr (facts.key_algorithm, ==, ps_certificate_get_key_algorithm (cert));
  g_assert_cmpuint (facts.key_bits, ==, ps_certificate_get_key_bits (cert));
  g_assert_cmpstr (facts.key_curve, ==, ps_certificate_get_key_curve (cert));
  g_assert_cmpstr (facts.key_description, ==, ps_certificate_get_key_description (cert));
  g_assert_cmpint (facts.is_ca, ==, ps_certificate_get_is_ca (cert));
  g_assert_cmpint (facts.path_len, ==, ps_certificate_get_path_len (cert));
  g_assert_cmpint (facts.self_signed, ==, ps_certificate_get_is_self_signed (cert));
  g_assert_null (ps_certificate_get_parse_problem (cert));

  sans = ps_certificate_get_sans (cert);
  g_assert_cmpuint (facts.sans->len, ==, g_strv_length ((char **) sans));
  for (guint i = 0; i < facts.sans->len; i++)
    g_assert_cmpstr (g_ptr_array_index (facts.sans, i), ==, sans[i]);

  fingerprint = ps_pin_to_hex (ps_certificate_get_fingerprint_sha256 (cert));
  g_assert_cmpstr (facts.fingerprint_hex, ==, fingerprint);

  ps_certificate_facts_clear (&facts);
}

static void
check_file (const char *path,
            Counts     *counts)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) certs = ps_material_load_certificates (file, NULL);

  for (guint i = 0; certs != NULL && i < certs->len; i++)
    check_certificate (g_ptr_array_index (certs, i), counts);
}

static void
check_tree (const char *dir,
            Counts     *counts)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        check_tree (path, counts);
      else
        check_file (path, counts);
    }
}

/* Public certificates: badssl, x509-limbo and the fuzzers' certificates. */
static void
test_test_data (void)
{
  g_autofree char *realworld = g_build_filename (ps_test_testdata (), "realworld", NULL);
  g_autofree char *der = g_build_filename (ps_test_testdata (), "fuzz", "der", NULL);
  Counts counts = { 0, 0 };

  check_tree (realworld, &counts);
  check_tree (der, &counts);
  g_test_message ("%u certificates read raw, %u left to GnuTLS", counts.raw, counts.left);
  /* Only the odd ones (explicit curves, mismatched algorithms, fuzzed bytes) are left. */
  g_assert_cmpuint (counts.raw, >=, 50);
  g_assert_cmpuint (counts.raw, >, 4 * counts.left);
}

/* The system's roots, when there are any. */
static void
test_system_roots (void)
{
  const char *dir = "/usr/share/ca-certificates/mozilla";
  Counts counts = { 0, 0 };

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no Mozilla roots on this system");
      return;
    }
  check_tree (dir, &counts);
  g_assert_cmpuint (counts.raw, >, 0);
  g_assert_cmpuint (counts.left, ==, 0);
}

static char *
gen_key (const char *dir,
         const char *name,
         const char *type,
         const char *size_option,
         const char *size)
{
  g_autofree char *file = g_strconcat (name, ".key", NULL);
  char *path = g_build_filename (dir, file, NULL);
  const char *argv[] = { "certtool", "--generate-privkey", "--key-type", type, "--outfile", path,
                         size_option, size, NULL };
  g_autofree char *err = NULL;

  if (ps_test_run (argv, NULL, 120, NULL, &err) != 0)
    g_error ("certtool --generate-privkey --key-type %s failed: %s", type, err);
  return path;
}

/* Certificates of every key kind the raw reader takes, with the extensions it reads: a CA
 * with a path length and its leaf with DNS, e-mail, URI and IP names. */
static void
test_generated (void)
{
  g_autofree char *dir = ps_test_mkdtemp ();
  static const struct { const char *name, *type, *option, *size; } keys[] = {
    { "rsa", "rsa", "--bits", "2048" },
    { "rsa-odd", "rsa", "--bits", "1536" },
    { "p256", "ecdsa", "--curve", "secp256r1" },
    { "p384", "ecdsa", "--curve", "secp384r1" },
    { "p521", "ecdsa", "--curve", "secp521r1" },
    { "ed25519", "ed25519", NULL, NULL },
    { "ed448", "ed448", NULL, NULL },
    { "rsa-pss", "rsa-pss", "--bits", "2048" },
  };
  Counts counts = { 0, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *ca_name = g_strconcat (keys[i].name, "-ca", NULL);
      g_autofree char *key = gen_key (dir, keys[i].name, keys[i].type, keys[i].option,
                                      keys[i].size);
      g_autofree char *ca_tmpl = g_strdup_printf ("cn = \"CA %s\"\nca\npath_len = %u\n"
                                                  "cert_signing_key\nexpiration_days = 30\n",
                                                  keys[i].name, i);
      g_autofree char *ca = ps_test_gen_cert (dir, ca_name, key, NULL, NULL, ca_tmpl);
      g_autofree char *leaf_tmpl = g_strdup (
        "cn = \"leaf\"\ndns_name = \"a.example\"\ndns_name = \"b.example\"\n"
        "email = \"x@example.org\"\nuri = \"https://example.org/\"\nip_address = \"192.0.2.1\"\n"
        "ip_address = \"2001:db8::1\"\nsigning_key\nexpiration_days = 30\n");
      g_autofree char *leaf = ps_test_gen_cert (dir, keys[i].name, key, ca, key, leaf_tmpl);

      check_file (ca, &counts);
      check_file (leaf, &counts);
    }

  /* All but those signed with RSA-PSS, whose hash is in the parameters. */
  g_assert_cmpuint (counts.raw, ==, 2 * (G_N_ELEMENTS (keys) - 1));
  ps_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/certificate-facts/test-data", test_test_data);
  g_test_add_func ("/certificate-facts/system-roots", test_system_roots);
  g_test_add_func ("/certificate-facts/generated", test_generated);

  return g_test_run ();
}
