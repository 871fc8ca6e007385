/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>

#include "ps-test-util.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = ps_test_mkdtemp ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  ps_test_rm_rf (f->dir);
  g_free (f->dir);
}

static char *
path_in (Fixture    *f,
         const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static char *
sh_in (Fixture    *f,
       const char *format,
       ...) G_GNUC_PRINTF (2, 3);

static char *
sh_in (Fixture    *f,
       const char *format,
       ...)
{
  g_autofree char *cmd = NULL;
  g_autofree char *full = NULL;
  g_autofree char *quoted = g_shell_quote (f->dir);
  va_list args;

  va_start (args, format);
  cmd = g_strdup_vprintf (format, args);
  va_end (args);
  full = g_strdup_printf ("cd %s && %s", quoted, cmd);
  return ps_test_sh (full, NULL);
}

/* Runs pins --json on one file and returns the array. */
static JsonArray *
pins_json (const char *path,
           int         expected_status)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  int status = ps_test_cli (&out, &err, "pins", "--json", path, NULL);

  g_assert_cmpint (status, ==, expected_status);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

static const char *
first_pin (JsonArray *array)
{
  g_assert_cmpuint (json_array_get_length (array), >=, 1);
  return json_object_get_string_member (json_array_get_object_element (array, 0), "spki_sha256");
}

static const char *
first_kind (JsonArray *array)
{
  return json_object_get_string_member (json_array_get_object_element (array, 0), "kind");
}

/* Private keys of every encoding give their public key's pin, which openssl computes
 * independently, and nothing of the private key is printed. */
static void
test_keys (Fixture       *f,
           gconstpointer  data)
{
  struct { const char *name; const char *make; } keys[] = {
    { "rsa-pkcs8.pem", "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa-pkcs8.pem 2>/dev/null" },
    { "rsa-pkcs1.pem", "openssl rsa -in rsa-pkcs8.pem -traditional -out rsa-pkcs1.pem 2>/dev/null" },
    { "ec-sec1.pem", "openssl ecparam -name prime256v1 -genkey -out ec-sec1.pem" },
    { "ec-pkcs8.der", "openssl pkcs8 -topk8 -nocrypt -in ec-sec1.pem -outform der -out ec-pkcs8.der" },
    { "ed25519.pem", "openssl genpkey -algorithm ED25519 -out ed25519.pem" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *made = sh_in (f, "%s", keys[i].make);
      g_autofree char *path = path_in (f, keys[i].name);
      g_autofree char *expected = sh_in (f, "openssl pkey -in %s%s -pubout -outform der | "
                                         "openssl dgst -sha256 -binary | base64", keys[i].name,
                                         g_str_has_suffix (keys[i].name, ".der") ? " -inform der" : "");
      g_autoptr(JsonArray) array = pins_json (path, 0);
      g_autofree char *out = NULL;
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;

      g_test_message ("%s: %s", keys[i].name, expected);
      g_assert_cmpstr (first_pin (array), ==, expected);
      g_assert_cmpstr (first_kind (array), ==, "private-key");

      /* No line of the key file appears in the output. */
      g_assert_cmpint (ps_test_cli (&out, NULL, "pins", path, NULL), ==, 0);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      if (g_str_has_suffix (keys[i].name, ".pem"))
        {
          lines = g_strsplit (contents, "\n", -1);
          for (guint l = 0; lines[l] != NULL; l++)
            if (strlen (lines[l]) > 16 && !g_str_has_prefix (lines[l], "-----"))
              g_assert_null (strstr (out, lines[l]));
        }
    }
}

static void
test_public_keys_and_csr (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *made = sh_in (f,
    "openssl ecparam -name secp384r1 -genkey -noout -out k.pem && "
    "openssl pkey -in k.pem -pubout -out pub.pem && "
    "openssl pkey -in k.pem -pubout -outform der -out pub.der && "
    "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out r.pem 2>/dev/null && "
    "openssl rsa -in r.pem -RSAPublicKey_out -out rsapub.pem 2>/dev/null && "
    "openssl req -new -key k.pem -subj /CN=csr.example -out req.pem && "
    "openssl req -in req.pem -outform der -out req.der && echo ok");
  g_autofree char *ec_pin = sh_in (f, "openssl pkey -in k.pem -pubout -outform der | openssl dgst -sha256 -binary | base64");
  g_autofree char *rsa_pin = sh_in (f, "openssl pkey -in r.pem -pubout -outform der | openssl dgst -sha256 -binary | base64");
  const struct { const char *file; const char *kind; const char *pin; } cases[] = {
    { "pub.pem", "public-key", ec_pin },
    { "pub.der", "public-key", ec_pin },
    { "rsapub.pem", "public-key", rsa_pin },
    { "req.pem", "csr", ec_pin },
    { "req.der", "csr", ec_pin },
  };

  g_assert_cmpstr (made, ==, "ok");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = path_in (f, cases[i].file);
      g_autoptr(JsonArray) array = pins_json (path, 0);

      g_test_message ("%s", cases[i].file);
      g_assert_cmpstr (first_kind (array), ==, cases[i].kind);
      g_assert_cmpstr (first_pin (array), ==, cases[i].pin);
      if (g_str_equal (cases[i].kind, "csr"))
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                        "subject"), ==, "CN=csr.example");
    }
}

/* DER certificates, PKCS#7 in PEM and DER, and a PEM bundle with text between blocks. */
static void
test_containers (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *chain = g_build_filename (ps_test_testdata (), "realworld", "badssl",
                                             "wildcard-ecc384.pem", NULL);
  g_autofree char *quoted = g_shell_quote (chain);
  g_autofree char *made = sh_in (f,
    "openssl x509 -in %s -outform der -out leaf.der && "
    "openssl crl2pkcs7 -nocrl -certfile %s -out bundle.p7b && "
    "openssl crl2pkcs7 -nocrl -certfile %s -outform der -out bundle.p7c && "
    "(echo 'Subject: something'; cat %s; echo 'junk between'; cat %s; echo trailing) > noisy.pem && echo ok",
    quoted, quoted, quoted, quoted, quoted);
  g_autofree char *leaf_pin = ps_test_openssl_pin (chain);
  g_autoptr(JsonArray) direct = pins_json (chain, 0);
  guint n = json_array_get_length (direct);
  const char *files[] = { "bundle.p7b", "bundle.p7c" };

  g_autofree char *certtool_pin = ps_test_certtool_pin (chain);

  g_assert_cmpstr (made, ==, "ok");
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpstr (first_pin (direct), ==, leaf_pin);
  g_assert_cmpstr (certtool_pin, ==, leaf_pin);

  {
    g_autofree char *path = path_in (f, "leaf.der");
    g_autoptr(JsonArray) array = pins_json (path, 0);

    g_assert_cmpuint (json_array_get_length (array), ==, 1);
    g_assert_cmpstr (first_pin (array), ==, leaf_pin);
  }

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = path_in (f, files[i]);
      g_autoptr(JsonArray) array = pins_json (path, 0);
      g_autoptr(GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);

      /* PKCS#7 does not keep order; compare as sets. */
      g_assert_cmpuint (json_array_get_length (array), ==, n);
      for (guint j = 0; j < n; j++)
        g_hash_table_add (expected, (char *) json_object_get_string_member (
          json_array_get_object_element (direct, j), "spki_sha256"));
      for (guint j = 0; j < n; j++)
        g_assert_true (g_hash_table_contains (expected, json_object_get_string_member (
          json_array_get_object_element (array, j), "spki_sha256")));
    }

  {
    g_autofree char *path = path_in (f, "noisy.pem");
    g_autoptr(JsonArray) array = pins_json (path, 0);

    g_assert_cmpuint (json_array_get_length (array), ==, 2 * n);
    g_assert_cmpstr (first_pin (array), ==, leaf_pin);
  }
}

/* Each bad input: exit 2, a message naming the file and the reason, never a crash; results
 * for good files given in the same run are still printed. */
static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *good = g_build_filename (ps_test_testdata (), "realworld", "badssl",
                                            "wildcard-ecc256.pem", NULL);
  g_autofree char *good_q = g_shell_quote (good);
  g_autofree char *made = sh_in (f,
    ": > empty.pem && head -c 4096 /dev/urandom > random.bin && "
    "head -c 700 %s > truncated.pem && "
    "sed '2s/^..../!!!!/' %s > badb64.pem && "
    "(openssl x509 -in %s -outform der; printf 'garbage') > trailing.der && "
    "(echo '-----BEGIN CERTIFICATE-----'; echo 'QUJD'; echo '-----END CERTIFICATE-----') > notder.pem && "
    "mkdir adir && echo ok",
    good_q, good_q, good_q);
  const struct { const char *file; const char *reason; } cases[] = {
    { "empty.pem", "empty" },
    { "random.bin", "not a certificate" },
    { "truncated.pem", "truncated PEM block" },
    { "badb64.pem", "invalid base64" },
    { "trailing.der", "unexpected data" },
    { "notder.pem", "not a certificate" },
    { "adir", "is a directory" },
    { "missing.pem", "No such file" },
  };
  g_autofree char *leaf_pin = ps_test_openssl_pin (good);

  g_assert_cmpstr (made, ==, "ok");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = path_in (f, cases[i].file);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = ps_test_cli (&out, &err, "pins", path, good, NULL);

      g_test_message ("%s: %s", cases[i].file, err);
      g_assert_cmpint (status, ==, 2);
      g_assert_nonnull (strstr (err, cases[i].file));
      g_assert_nonnull (strstr (err, cases[i].reason));
      g_assert_nonnull (strstr (out, leaf_pin));
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The CLI itself, over every root of Debian's ca-certificates in one run, against openssl. */
static void
test_mozilla_roots (Fixture       *f,
                    gconstpointer  data)
{
  const char *root_dir = "/usr/share/ca-certificates/mozilla";
  g_autoptr(GDir) dir = g_dir_open (root_dir, 0, NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) lines = NULL;
  const char *name;
  JsonArray *array;

  if (dir == NULL)
    {
      g_test_skip ("ca-certificates is not installed");
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (argv, g_build_filename (root_dir, name, NULL));
  g_ptr_array_sort (argv, compare_strings);
  g_ptr_array_add (files, (char *) ps_test_cli_path ());
  g_ptr_array_add (files, "pins");
  g_ptr_array_add (files, "--json");
  for (guint i = 0; i < argv->len; i++)
    g_ptr_array_add (files, g_ptr_array_index (argv, i));
  g_ptr_array_add (files, NULL);
  g_assert_cmpint (ps_test_run ((const char * const *) files->pdata, NULL, 120, &out, NULL), ==, 0);

  expected = ps_test_sh ("for f in $(ls -d /usr/share/ca-certificates/mozilla/* | LC_ALL=C sort); do "
                         "openssl x509 -in \"$f\" -pubkey -noout | openssl pkey -pubin -outform der "
                         "| openssl dgst -sha256 -binary | base64; done", NULL);
  lines = g_strsplit (expected, "\n", -1);

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, argv->len);
  g_assert_cmpuint (g_strv_length (lines), ==, argv->len);
  for (guint i = 0; i < argv->len; i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);

      g_assert_cmpstr (json_object_get_string_member (item, "file"), ==, g_ptr_array_index (argv, i));
      g_assert_cmpstr (json_object_get_string_member (item, "spki_sha256"), ==, lines[i]);
    }
  g_test_message ("%u roots checked", argv->len);
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (ps_test_cli (&out, &err, "--version", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "pinscope-cli "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ps_test_cli (&out, &err, "pins", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "--json"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ps_test_cli (&out, &err, "pins", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ps_test_cli (&out, &err, "pins", "--bogus", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ps_test_cli (&out, &err, "frobnicate", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "frobnicate"));
}

/* 50,000 certificates in one PEM file: all read, memory stays flat, no crash. Under
 * AddressSanitizer, whose quarantine makes the memory figure meaningless anyway, 20,000 keep
 * the run within the command's time limit. */
#ifdef __SANITIZE_ADDRESS__
#define HUGE_BUNDLE 20000
#else
#define HUGE_BUNDLE 50000
#endif

static void
test_huge_bundle (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = path_in (f, "huge.pem");
  g_autofree char *one = g_build_filename (ps_test_testdata (), "realworld", "badssl",
                                           "wildcard-ecc256.pem", NULL);
  g_autofree char *cert = NULL;
  g_autofree char *cmd = NULL;
  g_autofree char *count = NULL;
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *cli = g_shell_quote (ps_test_cli_path ());
  g_autoptr(GString) block = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gsize len = 0;
  int status = 0;
  guint per_file;

  g_assert_true (g_file_get_contents (one, &cert, &len, NULL));
  per_file = 0;
  for (const char *p = cert; (p = strstr (p, "-----BEGIN CERTIFICATE")) != NULL; p++)
    per_file++;

  stream = g_file_replace (file, NULL, FALSE, 0, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 100; i++)
    g_string_append_len (block, cert, len);
  for (guint i = 0; i * per_file * 100 < HUGE_BUNDLE; i++)
    g_output_stream_write_all (G_OUTPUT_STREAM (stream), block->str, block->len, NULL, NULL, &error);
  g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error);
  g_assert_no_error (error);

  cmd = g_strdup_printf ("/usr/bin/time -f '%%M' -o %s.rss %s pins %s | grep -c '^  ' ; cat %s.rss",
                         quoted, cli, quoted, quoted);
  count = ps_test_sh (cmd, &status);
  g_assert_cmpint (status, ==, 0);
  {
    g_auto(GStrv) lines = g_strsplit (count, "\n", -1);
    guint64 items = g_ascii_strtoull (lines[0], NULL, 10);
    guint64 rss_kib = g_ascii_strtoull (lines[1], NULL, 10);

    g_test_message ("%" G_GUINT64_FORMAT " certificates, peak RSS %" G_GUINT64_FORMAT " KiB",
                    items, rss_kib);
    g_assert_cmpuint (items, >=, HUGE_BUNDLE);
    /* The mapping's pages are given back as the reading goes: far less than the file.
     * AddressSanitizer's shadow memory and quarantine make the figure meaningless there. */
#ifndef __SANITIZE_ADDRESS__
    g_assert_cmpuint (rss_kib, <, 64 * 1024);
#endif
  }
}

/* The JSON writer escapes every byte a file name may hold: quotes, backslashes, each control
 * character and DEL, and replaces bytes that are not UTF-8, so that any JSON parser reads
 * the name back; the certificate's members are those the details window shows. */
static void
test_json_escaping (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *src = g_build_filename (ps_test_testdata (), "realworld", "badssl",
                                           "wildcard-rsa2048.pem", NULL);
  g_autofree char *contents = NULL;
  gsize len;
  GString *name = g_string_new ("q\"b\\s t\tn\nr\rb\bf\f");
  g_autofree char *prefix = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonArray) array = NULL;
  JsonObject *item;
  static const char * const members[] = {
    "file", "index", "kind", "label", "key", "subject", "serial", "parse_problem", "issuer",
    "self_signed", "not_before", "not_after", "key_algorithm", "key_bits", "key_curve",
    "signature_algorithm", "ca", "path_len", "sans", "spki_sha256", "spki_sha256_hex",
    "sha256_fingerprint",
  };
  g_autoptr(GList) names = NULL;
  guint i = 0;

  for (guint c = 1; c < 0x20; c++)
    g_string_append_c (name, c);
  g_string_append (name, "\x7f \xc3\xa9 \xff.pem");
  prefix = g_strndup (name->str, name->len - strlen ("\xff.pem"));
  expected = g_strconcat (prefix, "\xef\xbf\xbd.pem", NULL);
  path = path_in (f, name->str);
  g_string_free (name, TRUE);

  g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (path, contents, len, NULL));

  array = pins_json (path, 0);
  g_assert_cmpuint (json_array_get_length (array), >=, 1);
  item = json_array_get_object_element (array, 0);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (item, "file"),
                                   expected));
  names = json_object_get_members (item);
  g_assert_cmpuint (g_list_length (names), ==, G_N_ELEMENTS (members));
  for (GList *l = names; l != NULL; l = l->next, i++)
    g_assert_cmpstr (l->data, ==, members[i]);
  g_assert_cmpstr (json_object_get_string_member (item, "key"), ==, "RSA 2048");
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (item, "sans")), >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cli/pins/keys", test_keys);
  ADD ("/cli/pins/public-keys-and-csr", test_public_keys_and_csr);
  ADD ("/cli/pins/containers", test_containers);
  ADD ("/cli/pins/bad-input", test_bad_input);
  ADD ("/cli/pins/usage", test_usage);
  ADD ("/cli/pins/mozilla-roots", test_mozilla_roots);
  ADD ("/cli/pins/huge-bundle", test_huge_bundle);
  ADD ("/cli/pins/json-escaping", test_json_escaping);
#undef ADD

  return g_test_run ();
}
