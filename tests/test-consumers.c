/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#include "ps-error.h"
#include "ps-format.h"
#include "ps-pinset.h"
#include "ps-test-tls-server.h"
#include "ps-test-util.h"

/* The exports, proven with the real consumers: curl and OkHttp 3 against a loopback HTTPS
 * server (ps-test-tls-server in "https" mode, bound to 127.0.0.1 only, started and stopped
 * around each test that needs it), danetool for TLSA, Python's plistlib for the property
 * lists, xmllint for the Android XML. Pins come from openssl, independently of Pinscope. */

typedef struct
{
  char   *dir;
  char   *root;          /* CA certificate */
  char   *root_key;
  char   *inter;
  char   *inter_key;
  char   *leaf;
  char   *leaf_key;
  char   *chain;         /* leaf + intermediate, as the server sends it */
  char   *leaf_pin;
  char   *inter_pin;
  char   *root_pin;
  char   *backup_pin;    /* a key that no certificate uses */
  char   *other_pin;     /* another such key */
  char   *other2_pin;
} Fixture;

static Fixture fx;

/* The per-test HTTPS server of the curl and OkHttp tests. */
typedef struct
{
  PsTestTlsServer *server;
  guint16          port;
} Server;

static char *
key_pin (const char *key)
{
  g_autofree char *quoted = g_shell_quote (key);
  g_autofree char *cmd = g_strdup_printf ("openssl pkey -in %s -pubout -outform der "
                                          "| openssl dgst -sha256 -binary | base64", quoted);
  char *pin = ps_test_sh (cmd, NULL);

  g_assert_nonnull (pin);
  g_assert_cmpuint (strlen (pin), ==, 44);
  return pin;
}

static void
make_pki (void)
{
  const char *names[] = { "localhost", "127.0.0.1", NULL };
  g_autofree char *root_tmpl = ps_test_ca_template ("Consumers Test Root", 30);
  g_autofree char *inter_tmpl = ps_test_ca_template ("Consumers Test Intermediate", 30);
  g_autofree char *leaf_tmpl = ps_test_leaf_template ("localhost", names, 30);
  g_autofree char *backup_key = NULL, *other_key = NULL, *other2_key = NULL;

  fx.dir = ps_test_mkdtemp ();
  fx.root_key = ps_test_gen_key (fx.dir, "root-key", "ecdsa", 0);
  fx.root = ps_test_gen_cert (fx.dir, "root", fx.root_key, NULL, NULL, root_tmpl);
  fx.inter_key = ps_test_gen_key (fx.dir, "inter-key", "ecdsa", 0);
  fx.inter = ps_test_gen_cert (fx.dir, "inter", fx.inter_key, fx.root, fx.root_key, inter_tmpl);
  fx.leaf_key = ps_test_gen_key (fx.dir, "leaf-key", "ecdsa", 0);
  fx.leaf = ps_test_gen_cert (fx.dir, "leaf", fx.leaf_key, fx.inter, fx.inter_key, leaf_tmpl);
  fx.chain = g_build_filename (fx.dir, "chain.pem", NULL);
  ps_test_cat (fx.chain, fx.leaf, fx.inter, NULL);

  backup_key = ps_test_gen_key (fx.dir, "backup-key", "ecdsa", 0);
  other_key = ps_test_gen_key (fx.dir, "other-key", "ecdsa", 0);
  other2_key = ps_test_gen_key (fx.dir, "other2-key", "ecdsa", 0);

  fx.leaf_pin = ps_test_openssl_pin (fx.leaf);
  fx.inter_pin = ps_test_openssl_pin (fx.inter);
  fx.root_pin = ps_test_openssl_pin (fx.root);
  fx.backup_pin = key_pin (backup_key);
  fx.other_pin = key_pin (other_key);
  fx.other2_pin = key_pin (other2_key);

  /* The leaf's key pin from its certificate and from its key agree. */
  {
    g_autofree char *from_key = key_pin (fx.leaf_key);
    g_assert_cmpstr (from_key, ==, fx.leaf_pin);
  }
}

/* The server sends the leaf and the intermediate; clients trust only the root. It lives in
 * threads of this process: when an assertion aborts the test, it ends with the process. */
static void
server_setup (Server        *server,
              gconstpointer  data)
{
  PsTestTlsServerOptions options = { .mode = "https", .certs = fx.chain, .key = fx.leaf_key };

  server->server = ps_test_tls_server_start (&options);
  server->port = ps_test_tls_server_get_port (server->server);
}

/* Bounded: stopping wakes any connection still waiting on a client, and every read of a
 * connection has a timeout. */
static void
server_teardown (Server        *server,
                 gconstpointer  data)
{
  g_test_message ("server: most connections at once %u, closed with close_notify %u",
                  ps_test_tls_server_get_max_connections (server->server),
                  ps_test_tls_server_get_clean_closes (server->server));
  g_clear_pointer (&server->server, ps_test_tls_server_stop);
}

static void
fixture_clear (void)
{
  ps_test_rm_rf (fx.dir);
  g_free (fx.dir);
  g_free (fx.root);
  g_free (fx.root_key);
  g_free (fx.inter);
  g_free (fx.inter_key);
  g_free (fx.leaf);
  g_free (fx.leaf_key);
  g_free (fx.chain);
  g_free (fx.leaf_pin);
  g_free (fx.inter_pin);
  g_free (fx.root_pin);
  g_free (fx.backup_pin);
  g_free (fx.other_pin);
  g_free (fx.other2_pin);
}

static PsPinsetPin *
pin_item (const char *b64,
          const char *label,
          PsPinRole   role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPin) pin = ps_pin_parse (b64, &error);

  g_assert_no_error (error);
  return ps_pinset_pin_new (pin, label, role);
}

/* A one-rule pinset for @domain. Pins are (base64, label, role) triples, NULL-ended. */
static PsPinset *
make_pinset (const char *domain,
             gboolean    include,
             ...)
{
  PsPinset *pinset = ps_pinset_new ("Consumers <test> & \"co\"");
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
  g_autoptr(PsPinsetDomain) item = ps_pinset_domain_new (domain, include);
  g_autoptr(GDateTime) expiration = g_date_time_new_utc (2030, 1, 31, 0, 0, 0);
  const char *b64;
  va_list args;

  ps_pinset_rule_add_domain (rule, item);
  ps_pinset_rule_set_expiration (rule, expiration);
  va_start (args, include);
  while ((b64 = va_arg (args, const char *)) != NULL)
    {
      const char *label = va_arg (args, const char *);
      PsPinRole role = va_arg (args, int);
      g_autoptr(PsPinsetPin) pin = pin_item (b64, label, role);

      g_assert_true (ps_pinset_rule_add_pin (rule, pin));
    }
  va_end (args);
  ps_pinset_add_rule (pinset, rule);
  return pinset;
}

static PsPinset *
right_pinset (const char *domain)
{
  return make_pinset (domain, FALSE,
                      fx.leaf_pin, "Leaf -- <current> & co", PS_PIN_ROLE_LEAF,
                      fx.backup_pin, "Backup key", PS_PIN_ROLE_BACKUP,
                      fx.inter_pin, "Intermediate CA", PS_PIN_ROLE_INTERMEDIATE,
                      NULL);
}

/* With @with_root, the root pin that curl leaves out (OkHttp would accept it, rightly). */
static PsPinset *
wrong_pinset (const char *domain,
              gboolean    with_root)
{
  return make_pinset (domain, FALSE,
                      fx.other_pin, "Some other key", PS_PIN_ROLE_LEAF,
                      fx.other2_pin, "Its backup", PS_PIN_ROLE_BACKUP,
                      with_root ? fx.root_pin : NULL, "The root", PS_PIN_ROLE_ROOT,
                      NULL);
}

static char *
export_as (const char  *id,
           PsPinset    *pinset,
           GPtrArray  **warnings)
{
  g_autoptr(GError) error = NULL;
  char *text = ps_format_export (ps_format_lookup (id), pinset, NULL, warnings, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  return text;
}

static char *
write_temp (const char *name,
            const char *contents)
{
  char *path = g_build_filename (fx.dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

/* The value line of a curl export (the line that is not a comment). */
static char *
curl_value (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  char *value = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '#' && lines[i][0] != '\0')
      {
        g_assert_null (value);
        value = g_strdup (lines[i]);
      }
  g_assert_nonnull (value);
  return value;
}

/* Waits until the clients have hung up; returns the request bytes the server read so far. */
static gsize
assert_requests_done (Server *server)
{
  g_assert_true (ps_test_tls_server_wait_idle (server->server, 15000));
  return ps_test_tls_server_get_bytes_after_handshake (server->server);
}

/* @out gets the HTTP status curl received. */
static int
run_curl (Server      *server,
          const char  *pinned,
          char       **out,
          char       **err)
{
  g_autofree char *url = g_strdup_printf ("https://127.0.0.1:%u/", server->port);
  const char *argv[] = { "curl", "-sS", "-o", "/dev/null", "--write-out", "%{http_code}",
                         "--max-time", "20", "--noproxy", "*", "--cacert", fx.root,
                         "--pinnedpubkey", pinned, url, NULL };

  return ps_test_run (argv, NULL, 60, out, err);
}

/* The pins of @pinset's only rule that are for the server's own key. */
static void
keep_leaf_pins (PsPinset *pinset)
{
  g_autoptr(PsPinsetRule) rule = g_list_model_get_item (ps_pinset_get_rules (pinset), 0);
  GListModel *pins = ps_pinset_rule_get_pins (rule);

  for (guint p = g_list_model_get_n_items (pins); p > 0; p--)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, p - 1);
      PsPinRole role = ps_pinset_pin_get_role (pin);

      if (role != PS_PIN_ROLE_LEAF && role != PS_PIN_ROLE_BACKUP)
        ps_pinset_rule_remove_pin (rule, pin);
    }
}

static void
test_curl (Server        *server,
           gconstpointer  data)
{
  g_autoptr(PsPinset) right = right_pinset ("127.0.0.1");
  g_autoptr(PsPinset) wrong = wrong_pinset ("127.0.0.1", TRUE);
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *right_text = NULL, *wrong_text = NULL;
  g_autofree char *right_value = NULL, *wrong_value = NULL;
  g_autofree char *expected = g_strdup_printf ("sha256//%s;sha256//%s", fx.leaf_pin,
                                               fx.backup_pin);
  g_autofree char *out = NULL, *err = NULL;
  gsize requested;
  int status;

  /* curl checks only the server's own key: the intermediate pin would never match, and
   * the export says so by refusing, naming it, rather than leaving it out quietly. */
  refused = ps_format_export (ps_format_lookup ("curl"), right, NULL, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, fx.inter_pin));

  keep_leaf_pins (right);
  keep_leaf_pins (wrong);
  right_text = export_as ("curl", right, &warnings);
  wrong_text = export_as ("curl", wrong, NULL);
  right_value = curl_value (right_text);
  wrong_value = curl_value (wrong_text);
  g_assert_cmpstr (right_value, ==, expected);

  status = run_curl (server, right_value, &out, &err);
  if (status != 0)
    g_error ("curl with the right pins: exit %d: %s", status, err);
  g_assert_cmpstr (out, ==, "200");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  requested = assert_requests_done (server);
  g_assert_cmpuint (requested, >, 0);

  status = run_curl (server, wrong_value, &out, &err);
  g_assert_cmpint (status, ==, 90); /* CURLE_SSL_PINNEDPUBKEYNOTMATCH */
  /* It hung up after the handshake without asking for anything. */
  g_assert_cmpuint (assert_requests_done (server), ==, requested);
}

static char *
java_statement (PsPinset *pinset)
{
  g_autoptr(GPtrArray) warnings = NULL;
  char *text = export_as ("okhttp-java", pinset, &warnings);

  /* One rule, no subdomains: OkHttp 3 understands it all, only the expiration is lost. */
  for (guint i = 0; i < warnings->len; i++)
    {
      PsFormatWarning *warning = g_ptr_array_index (warnings, i);
      g_assert_cmpint (warning->kind, ==, PS_FORMAT_WARNING_NO_EXPIRATION);
    }
  g_assert_true (g_str_has_prefix (strstr (text, "CertificatePinner certificatePinner"),
                                   "CertificatePinner certificatePinner = new "));
  return text;
}

static void
test_okhttp (Server        *server,
             gconstpointer  data)
{
  const char *java_dir = g_getenv ("PS_JAVA_DIR") ? g_getenv ("PS_JAVA_DIR")
                                                  : "/usr/share/java";
  g_autofree char *okhttp = g_build_filename (java_dir, "okhttp.jar", NULL);
  g_autofree char *okio = g_build_filename (java_dir, "okio.jar", NULL);
  g_autofree char *javac = g_find_program_in_path ("javac");
  g_autofree char *java = g_find_program_in_path ("java");
  g_autofree char *template_path = NULL, *template = NULL, *source = NULL;
  g_autofree char *right_code = NULL, *wrong_code = NULL, *classpath = NULL;
  g_autofree char *classes = NULL, *run_classpath = NULL, *url = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(PsPinset) right = right_pinset ("127.0.0.1");
  g_autoptr(PsPinset) wrong = wrong_pinset ("127.0.0.1", FALSE);
  g_autoptr(GString) program = NULL;
  gsize requested;
  int status;

  if (javac == NULL || java == NULL || !g_file_test (okhttp, G_FILE_TEST_EXISTS) ||
      !g_file_test (okio, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("javac or the OkHttp 3 jars (libokhttp-java) are not installed");
      return;
    }

  template_path = g_test_build_filename (G_TEST_DIST, "java", "PinCheck.java", NULL);
  g_assert_true (g_file_get_contents (template_path, &template, NULL, NULL));
  right_code = java_statement (right);
  wrong_code = java_statement (wrong);

  /* The exports pasted as they are into the program. */
  program = g_string_new (template);
  g_assert_cmpint (g_string_replace (program, "/* @RIGHT@ */", right_code, 1), ==, 1);
  g_assert_cmpint (g_string_replace (program, "/* @WRONG@ */", wrong_code, 1), ==, 1);
  classes = g_build_filename (fx.dir, "java", NULL);
  g_assert_cmpint (g_mkdir_with_parents (classes, 0700), ==, 0);
  source = g_build_filename (classes, "PinCheck.java", NULL);
  g_assert_true (g_file_set_contents (source, program->str, -1, NULL));

  classpath = g_strjoin (":", okhttp, okio, NULL);
  {
    const char *argv[] = { javac, "-nowarn", "-cp", classpath, "-d", classes, source, NULL };

    status = ps_test_run (argv, NULL, 240, NULL, &err);
    if (status != 0)
      g_error ("javac: exit %d: %s\n%s", status, err, program->str);
    g_clear_pointer (&err, g_free);
  }

  run_classpath = g_strjoin (":", classes, okhttp, okio, NULL);
  url = g_strdup_printf ("https://127.0.0.1:%u/", server->port);
  {
    const char *argv[] = { java, "-cp", run_classpath, "PinCheck", fx.root, url, "right",
                           NULL };

    status = ps_test_run (argv, NULL, 120, &out, &err);
    if (status != 0)
      g_error ("OkHttp with the right pins: exit %d: %s %s", status, out, err);
    g_assert_true (g_str_has_prefix (out, "OK 200"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    requested = assert_requests_done (server);
    g_assert_cmpuint (requested, >, 0);
  }
  {
    const char *argv[] = { java, "-cp", run_classpath, "PinCheck", fx.root, url, "wrong",
                           NULL };

    status = ps_test_run (argv, NULL, 120, &out, &err);
    if (status != 3)
      g_error ("OkHttp with the wrong pins: exit %d: %s %s", status, out, err);
    g_assert_true (g_str_has_prefix (out, "PINNING-FAILURE Certificate pinning failure!"));
    g_assert_cmpuint (assert_requests_done (server), ==, requested);
  }
}

typedef struct
{
  char *name;
  int   usage;
  int   selector;
  int   matching;
  char *hex;
} Tlsa;

static void
tlsa_clear (Tlsa *tlsa)
{
  g_free (tlsa->name);
  g_free (tlsa->hex);
}

/* One record, from either notation: "N IN TLSA 3 1 1 HEX ; c" or "N IN TLSA ( 03 01 01 HEX )". */
static void
parse_tlsa (const char *line,
            Tlsa       *tlsa)
{
  g_autoptr(GRegex) regex = g_regex_new ("^(\\S+)\\s+IN\\s+TLSA\\s+\\(?\\s*([0-9]+)\\s+"
                                         "([0-9]+)\\s+([0-9]+)\\s+([0-9a-fA-F]+)", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *u = NULL, *s = NULL, *m = NULL, *hex = NULL;

  if (!g_regex_match (regex, line, 0, &match))
    g_error ("not a TLSA record: %s", line);
  tlsa->name = g_match_info_fetch (match, 1);
  u = g_match_info_fetch (match, 2);
  s = g_match_info_fetch (match, 3);
  m = g_match_info_fetch (match, 4);
  hex = g_match_info_fetch (match, 5);
  tlsa->usage = atoi (u);
  tlsa->selector = atoi (s);
  tlsa->matching = atoi (m);
  tlsa->hex = g_ascii_strdown (hex, -1);
}

static void
assert_tlsa_equal (const char *ours,
                   const char *theirs)
{
  Tlsa a = { 0 }, b = { 0 };

  parse_tlsa (ours, &a);
  parse_tlsa (theirs, &b);
  g_assert_cmpstr (a.name, ==, b.name);
  g_assert_cmpint (a.usage, ==, b.usage);
  g_assert_cmpint (a.selector, ==, b.selector);
  g_assert_cmpint (a.matching, ==, b.matching);
  g_assert_cmpstr (a.hex, ==, b.hex);
  tlsa_clear (&a);
  tlsa_clear (&b);
}

static char *
danetool (const char *cert,
          gboolean    ca)
{
  const char *argv[] = { "danetool", "--tlsa-rr", "--load-certificate", cert,
                         "--host", "localhost", "--port", "443", ca ? "--ca" : NULL, NULL };
  g_autofree char *out = NULL, *err = NULL;
  int status = ps_test_run (argv, NULL, 60, &out, &err);

  if (status != 0)
    g_error ("danetool: exit %d: %s", status, err);
  return g_strdup (g_strstrip (out));
}

static char *
record_line (const char *text,
             int         index)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  int seen = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != ';' && lines[i][0] != '\0' && seen++ == index)
      return g_strdup (lines[i]);
  g_error ("no record %d in:\n%s", index, text);
  return NULL;
}

static void
test_tlsa (void)
{
  g_autoptr(PsPinset) pinset = make_pinset ("localhost", FALSE,
                                            fx.leaf_pin, "Leaf", PS_PIN_ROLE_LEAF,
                                            fx.root_pin, "Root", PS_PIN_ROLE_ROOT,
                                            NULL);
  g_autofree char *text = export_as ("tlsa", pinset, NULL);
  g_autofree char *leaf_record = record_line (text, 0);
  g_autofree char *root_record = record_line (text, 1);
  g_autofree char *leaf_dane = danetool (fx.leaf, FALSE);
  g_autofree char *root_dane = danetool (fx.root, TRUE);

  assert_tlsa_equal (leaf_record, leaf_dane);
  assert_tlsa_equal (root_record, root_dane);

  /* And danetool's records read back as the same pins. */
  {
    g_autofree char *zone = g_strdup_printf ("%s\n%s\n", leaf_dane, root_dane);
    g_autoptr(GError) error = NULL;
    g_autoptr(PsPinset) back = ps_format_import (NULL, zone, -1, NULL, &error);
    g_autoptr(PsPinsetRule) rule = NULL;
    g_autoptr(PsPinsetPin) leaf = NULL, root = NULL;
    g_autofree char *leaf_b64 = NULL, *root_b64 = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (back)), ==, 1);
    rule = g_list_model_get_item (ps_pinset_get_rules (back), 0);
    leaf = g_list_model_get_item (ps_pinset_rule_get_pins (rule), 0);
    root = g_list_model_get_item (ps_pinset_rule_get_pins (rule), 1);
    leaf_b64 = ps_pin_to_base64 (ps_pinset_pin_get_pin (leaf));
    root_b64 = ps_pin_to_base64 (ps_pinset_pin_get_pin (root));
    g_assert_cmpstr (leaf_b64, ==, fx.leaf_pin);
    g_assert_cmpstr (root_b64, ==, fx.root_pin);
    g_assert_cmpint (ps_pinset_pin_get_role (leaf), ==, PS_PIN_ROLE_LEAF);
    g_assert_cmpint (ps_pinset_pin_get_role (root), ==, PS_PIN_ROLE_INTERMEDIATE);
  }
}

static char *
python_plist (const char *path,
              const char *expression)
{
  g_autofree char *script = g_strdup_printf ("import json, plistlib, sys\n"
                                             "with open(sys.argv[1], 'rb') as f:\n"
                                             "    d = plistlib.load(f)\n"
                                             "print(json.dumps(%s))\n", expression);
  const char *argv[] = { "python3", "-c", script, path, NULL };
  g_autofree char *out = NULL, *err = NULL;
  int status = ps_test_run (argv, NULL, 60, &out, &err);

  if (status != 0)
    g_error ("plistlib cannot read %s: %s", path, err);
  return g_strdup (g_strstrip (out));
}

static void
test_plists (void)
{
  g_autoptr(PsPinset) pinset = right_pinset ("api.example.com");
  g_autofree char *trustkit = export_as ("trustkit-plist", pinset, NULL);
  g_autofree char *ats = NULL;
  g_autofree char *trustkit_path = NULL;
  g_autofree char *ats_path = NULL;
  g_autoptr(PsPinsetRule) rule = g_list_model_get_item (ps_pinset_get_rules (pinset), 0);

  /* ATS with both lists requires a match in each: the rule must say so to be exported
   * (any one pin of the rule would be weaker than what ATS would enforce). */
  ps_pinset_rule_set_requires (rule, PS_RULE_REQUIRES_LEAF | PS_RULE_REQUIRES_CA);
  ats = export_as ("ats-plist", pinset, NULL);
  trustkit_path = write_temp ("Info-TrustKit.plist", trustkit);
  ats_path = write_temp ("Info-ATS.plist", ats);

  g_autofree char *hashes = NULL, *expected_hashes = NULL, *include = NULL;
  g_autofree char *leaf_ids = NULL, *ca_ids = NULL, *expected_leaf = NULL, *expected_ca = NULL;

  hashes = python_plist (trustkit_path, "d['TSKConfiguration']['TSKPinnedDomains']"
                                        "['api.example.com']['TSKPublicKeyHashes']");
  expected_hashes = g_strdup_printf ("[\"%s\", \"%s\", \"%s\"]", fx.leaf_pin, fx.backup_pin,
                                     fx.inter_pin);
  g_assert_cmpstr (hashes, ==, expected_hashes);
  include = python_plist (trustkit_path, "[d['TSKConfiguration']['TSKPinnedDomains']"
                                         "['api.example.com'][k] for k in "
                                         "('TSKIncludeSubdomains', 'TSKEnforcePinning', "
                                         "'TSKExpirationDate')]");
  g_assert_cmpstr (include, ==, "[false, true, \"2030-01-31\"]");

  leaf_ids = python_plist (ats_path, "[i['SPKI-SHA256-BASE64'] for i in "
                                     "d['NSAppTransportSecurity']['NSPinnedDomains']"
                                     "['api.example.com']['NSPinnedLeafIdentities']]");
  ca_ids = python_plist (ats_path, "[i['SPKI-SHA256-BASE64'] for i in "
                                   "d['NSAppTransportSecurity']['NSPinnedDomains']"
                                   "['api.example.com']['NSPinnedCAIdentities']]");
  expected_leaf = g_strdup_printf ("[\"%s\", \"%s\"]", fx.leaf_pin, fx.backup_pin);
  expected_ca = g_strdup_printf ("[\"%s\"]", fx.inter_pin);
  g_assert_cmpstr (leaf_ids, ==, expected_leaf);
  g_assert_cmpstr (ca_ids, ==, expected_ca);
}

static void
test_android_xml (void)
{
  g_autoptr(PsPinset) pinset = right_pinset ("api.example.com");
  g_autofree char *text = export_as ("android", pinset, NULL);
  g_autofree char *path = write_temp ("network_security_config.xml", text);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *expected = g_strdup_printf ("%s %s %s", fx.leaf_pin, fx.backup_pin,
                                               fx.inter_pin);
  int status;

  {
    const char *argv[] = { "xmllint", "--noout", path, NULL };

    status = ps_test_run (argv, NULL, 60, NULL, &err);
    if (status != 0)
      g_error ("xmllint: %s\n%s", err, text);
    g_clear_pointer (&err, g_free);
  }
  {
    /* What an XML parser reads is the pins, the domain and the expiration. */
    const char *argv[] = { "xmllint", "--xpath",
                           "concat(//domain-config/pin-set/pin[1], ' ', "
                           "//domain-config/pin-set/pin[2], ' ', "
                           "//domain-config/pin-set/pin[3], '|', //domain, '|', "
                           "//pin-set/@expiration, '|', //domain/@includeSubdomains)",
                           path, NULL };
    g_autofree char *full = g_strdup_printf ("%s|api.example.com|2030-01-31|false", expected);

    status = ps_test_run (argv, NULL, 60, &out, &err);
    g_assert_cmpint (status, ==, 0);
    g_assert_cmpstr (g_strstrip (out), ==, full);
  }
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  make_pki ();

  g_test_add ("/consumers/curl", Server, NULL, server_setup, test_curl, server_teardown);
  g_test_add ("/consumers/okhttp", Server, NULL, server_setup, test_okhttp, server_teardown);
  g_test_add_func ("/consumers/tlsa", test_tlsa);
  g_test_add_func ("/consumers/plists", test_plists);
  g_test_add_func ("/consumers/android-xml", test_android_xml);

  result = g_test_run ();

  fixture_clear ();
  return result;
}
