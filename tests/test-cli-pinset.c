/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "ps-chain.h"
#include "ps-material.h"
#include "ps-pinset.h"
#include "ps-test-tls-server.h"
#include "pinset-test-pki.h"

static char *workdir;

static char *
work_path (const char *name)
{
  return g_build_filename (workdir, name, NULL);
}

static char *
date_in_days (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static PsPinset *
load (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  PsPinset *pinset = ps_pinset_load (file, NULL, &error);

  g_assert_no_error (error);
  return pinset;
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

/* Writes a pinset for @domain with the pins of the given certificate or key files. */
static char *
new_pinset (const char *name,
            const char *domain,
            const char *first_source,
            ...)
{
  g_autofree char *expires = date_in_days (60);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  char *path = work_path (name);
  const char *source;
  va_list args;
  int status;

  g_ptr_array_add (argv, (gpointer) ps_test_cli_path ());
  g_ptr_array_add (argv, "pinset");
  g_ptr_array_add (argv, "new");
  g_ptr_array_add (argv, "-o");
  g_ptr_array_add (argv, path);
  g_ptr_array_add (argv, "--domain");
  g_ptr_array_add (argv, (gpointer) domain);
  g_ptr_array_add (argv, "--include-subdomains");
  g_ptr_array_add (argv, "--expires");
  g_ptr_array_add (argv, expires);
  va_start (args, first_source);
  for (source = first_source; source != NULL; source = va_arg (args, const char *))
    {
      g_ptr_array_add (argv, "--pin-from");
      g_ptr_array_add (argv, (gpointer) source);
    }
  va_end (args);
  g_ptr_array_add (argv, NULL);

  status = ps_test_run ((const char * const *) argv->pdata, NULL, 60, &out, &err);
  if (status != 0)
    g_error ("pinset new failed (%d): %s", status, err);
  return path;
}

static void
test_new (void)
{
  g_autofree char *path = work_path ("new.pinset");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *typed = g_strconcat ("sha256/", pki.pin_leaf2, NULL);
  g_autoptr(PsPinset) pinset = NULL;
  g_autoptr(PsPinsetRule) rule = NULL;
  GListModel *pins;
  int status;

  /* A date in the past is accepted: the linter judges it. */
  status = ps_test_cli (&out, &err, "pinset", "new", "-o", path, "--domain", "example.com",
                        "--domain", "example.net", "--include-subdomains",
                        "--expires", "2020-01-01", "--name", "Mobile API",
                        "--pin-from", pki.chain1, "--pin-from", pki.backup_key,
                        "--pin", typed, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "4 pins"));

  pinset = load (path);
  g_assert_cmpstr (ps_pinset_get_name (pinset), ==, "Mobile API");
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (pinset)), ==, 1);
  rule = g_list_model_get_item (ps_pinset_get_rules (pinset), 0);
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_domains (rule)), ==, 2);
  g_assert_true (ps_pinset_rule_covers (rule, "api.example.net"));
  {
    g_autofree char *date = g_date_time_format (ps_pinset_rule_get_expiration (rule), "%F");
    g_assert_cmpstr (date, ==, "2020-01-01");
  }

  pins = ps_pinset_rule_get_pins (rule);
  g_assert_cmpuint (g_list_model_get_n_items (pins), ==, 4);
  {
    const char *expected_pins[] = { pki.pin_leaf1, pki.pin_int_a, pki.pin_backup, pki.pin_leaf2 };
    PsPinRole expected_roles[] = { PS_PIN_ROLE_LEAF, PS_PIN_ROLE_INTERMEDIATE,
                                   PS_PIN_ROLE_BACKUP, PS_PIN_ROLE_BACKUP };
    PsPinOrigin expected_origins[] = { PS_PIN_ORIGIN_FILE, PS_PIN_ORIGIN_FILE,
                                       PS_PIN_ORIGIN_KEY, PS_PIN_ORIGIN_TYPED };

    for (guint i = 0; i < 4; i++)
      {
        g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, i);
        g_autofree char *b64 = ps_pin_to_base64 (ps_pinset_pin_get_pin (pin));

        g_assert_cmpstr (b64, ==, expected_pins[i]);
        g_assert_cmpint (ps_pinset_pin_get_role (pin), ==, expected_roles[i]);
        g_assert_cmpint (ps_pinset_pin_get_origin (pin), ==, expected_origins[i]);
      }
  }
  {
    g_autoptr(PsPinsetPin) inter = g_list_model_get_item (pins, 1);

    g_assert_cmpint (ps_pinset_pin_get_depth (inter), ==, 1);
    g_assert_nonnull (ps_pinset_pin_get_not_after (inter));
  }
}

static void
test_new_errors (void)
{
  g_autofree char *path = work_path ("bad.pinset");
  g_autofree char *missing = work_path ("missing.pem");
  struct {
    const char *args[12];
  } cases[] = {
    { { "pinset", "new", "--domain", "example.com", NULL } },
    { { "pinset", "new", "-o", path, NULL } },
    { { "pinset", "new", "-o", path, "--domain", "example.com", "--pin", "sha256/nope", NULL } },
    { { "pinset", "new", "-o", path, "--domain", "example.com", "--expires", "2027-13-01", NULL } },
    { { "pinset", "new", "-o", path, "--domain", "example.com", "--pin-from", missing, NULL } },
    { { "pinset", "new", "-o", path, "--domain", "bad name", NULL } },
    { { "pinset", "old", NULL } },
    { { "pinset", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status;

      g_ptr_array_add (argv, (gpointer) ps_test_cli_path ());
      for (guint j = 0; cases[i].args[j] != NULL; j++)
        g_ptr_array_add (argv, (gpointer) cases[i].args[j]);
      g_ptr_array_add (argv, NULL);

      status = ps_test_run ((const char * const *) argv->pdata, NULL, 60, &out, &err);
      g_assert_cmpint (status, ==, 2);
      g_assert_cmpuint (strlen (err), >, 0);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
}

static void
test_check (void)
{
  g_autofree char *good = new_pinset ("good.pinset", "example.com", pki.chain1, pki.backup_key,
                                      NULL);
  g_autofree char *single = new_pinset ("single.pinset", "example.com", pki.leaf2, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonArray *findings;
  JsonArray *matches;
  gboolean seen_single = FALSE;
  int status;

  /* Lint only: no error-level finding, and says that no chain was checked. */
  status = ps_test_cli (&out, &err, "check", good, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "no-chain"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Against its chain, validated with the test root. */
  status = ps_test_cli (&out, &err, "check", "--json", "--chain", pki.chain1, "--cafile",
                        pki.root, good, NULL);
  g_assert_cmpint (status, ==, 0);
  object = parse_object (parser, out);
  g_assert_cmpint (json_object_get_int_member (object, "errors"), ==, 0);
  matches = json_object_get_array_member (object, "matches");
  g_assert_cmpuint (json_array_get_length (matches), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *match = json_array_get_object_element (matches, i);
      const char *pin = json_object_get_string_member (match, "pin");

      if (g_str_equal (pin, pki.pin_leaf1))
        g_assert_cmpint (json_object_get_int_member (match, "depth"), ==, 0);
      else if (g_str_equal (pin, pki.pin_int_a))
        g_assert_cmpint (json_object_get_int_member (match, "depth"), ==, 1);
      else
        {
          g_assert_cmpstr (pin, ==, pki.pin_backup);
          g_assert_true (json_object_get_null_member (match, "depth"));
        }
    }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A single pin, which does not match the chain either: error-level findings. */
  status = ps_test_cli (&out, &err, "check", "--json", "--chain", pki.chain1, "--cafile",
                        pki.root, single, NULL);
  g_assert_cmpint (status, ==, 1);
  object = parse_object (parser, out);
  findings = json_object_get_array_member (object, "findings");
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *finding = json_array_get_object_element (findings, i);

      g_assert_true (json_object_has_member (finding, "id"));
      g_assert_true (json_object_has_member (finding, "severity"));
      g_assert_true (json_object_has_member (finding, "message"));
      g_assert_true (json_object_has_member (finding, "fix"));
      if (g_str_equal (json_object_get_string_member (finding, "id"), "single-pin"))
        {
          g_assert_cmpstr (json_object_get_string_member (finding, "severity"), ==, "error");
          g_assert_cmpint (json_object_get_int_member (finding, "rule"), ==, 0);
          seen_single = TRUE;
        }
    }
  g_assert_true (seen_single);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Text output names the findings. */
  status = ps_test_cli (&out, &err, "check", "--chain", pki.chain1, "--cafile", pki.root,
                        single, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (out, "single-pin"));
  g_assert_nonnull (strstr (out, "no-match"));
}

/* check --json streams its document: it must read as JSON and be laid out byte for byte as
 * json-glib's pretty generator lays out the same tree, escapes included (quotes, backslashes,
 * control characters, DEL, non-ASCII), with empty arrays, nulls, two chains and a pin that
 * matches none. */
static void
test_check_json_layout (void)
{
  g_autofree char *path = work_path ("layout.pinset");
  g_autofree char *json = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *again = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  int status;

  json = g_strdup_printf (
    "{ \"format\" : \"pinscope-pinset\", \"version\" : 1,\n"
    "  \"name\" : \"A \\\"quoted\\\" \\\\ name\\u0001\\t\\u007f \\u00e9 \\u201c\",\n"
    "  \"rules\" : [\n"
    "    { \"domains\" : [ { \"name\" : \"example.com\" }, { \"name\" : \"www.example.com\" } ],\n"
    "      \"pins\" : [ { \"hash\" : \"%s\", \"label\" : \"leaf \\\"one\\\"\\n\\u0002\","
    " \"role\" : \"leaf\" },\n"
    "                 { \"hash\" : \"%s\", \"label\" : \"backup \\u2713\","
    " \"role\" : \"backup\" } ] },\n"
    "    { \"domains\" : [ { \"name\" : \"other.example\" } ], \"pins\" : [] } ] }\n",
    pki.pin_leaf1, pki.pin_backup);
  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);

  status = ps_test_cli (&out, &err, "check", "--json", "--chain", pki.chain1, "--chain",
                        pki.chain1, "--cafile", pki.root, path, NULL);
  g_assert_cmpint (status, ==, 1);
  object = parse_object (parser, out);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==,
                   "A \"quoted\" \\ name\001\t\177 \303\251 \342\200\234");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "chains")),
                    ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "matches")),
                    >=, 3);

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, json_parser_get_root (parser));
  again = json_generator_to_data (generator, NULL);
  g_assert_true (g_str_has_suffix (out, "\n"));
  out[strlen (out) - 1] = '\0';
  g_assert_cmpstr (out, ==, again);
}

static void
test_check_input_errors (void)
{
  g_autofree char *corrupt = work_path ("corrupt.pinset");
  g_autofree char *newer = work_path ("newer.pinset");
  g_autofree char *good = new_pinset ("good2.pinset", "example.com", pki.chain1, pki.backup_key,
                                      NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_assert_true (g_file_set_contents (corrupt,
    "{\"format\": \"pinscope-pinset\", \"version\": 1, \"rules\": [{\"domains\": [], "
    "\"pins\": [{\"hash\": \"???\", \"role\": \"leaf\"}]}]}", -1, NULL));
  g_assert_true (g_file_set_contents (newer,
    "{\"format\": \"pinscope-pinset\", \"version\": 7, \"rules\": []}", -1, NULL));

  status = ps_test_cli (&out, &err, "check", corrupt, NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "rules[0].pins[0].hash: invalid base64"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = ps_test_cli (&out, &err, "check", newer, NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "newer"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = ps_test_cli (&out, &err, "check", NULL);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = ps_test_cli (&out, &err, "check", "--chain", corrupt, good, NULL);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = ps_test_cli (&out, &err, "check", "--cafile", corrupt, "--chain", pki.chain1, good,
                        NULL);
  g_assert_cmpint (status, ==, 2);
}

static void
test_check_host (void)
{
  g_autofree char *pinset = new_pinset ("host.pinset", "127.0.0.1", pki.chain1, pki.backup_key,
                                        NULL);
  PsTestTlsServerOptions options = { .mode = "tls", .certs = pki.chain1, .key = pki.leaf1_key };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *closed = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *object;
  JsonArray *matches;
  gboolean leaf_seen = FALSE;
  int status;

  status = ps_test_cli (&out, &err, "check", "--json", "--host", address, "--cafile", pki.root,
                        pinset, NULL);
  /* pinset new --pin-from HOST:PORT takes the pins of the certificates the host sends. */
  {
    g_autofree char *from_host = work_path ("from-host.pinset");
    g_autofree char *out2 = NULL;
    g_autofree char *err2 = NULL;
    g_autoptr(PsPinset) loaded = NULL;
    g_autoptr(PsPinsetRule) rule = NULL;
    g_autoptr(PsPinsetPin) first = NULL;
    g_autofree char *b64 = NULL;

    g_assert_cmpint (ps_test_cli (&out2, &err2, "pinset", "new", "-o", from_host, "--domain",
                                  "127.0.0.1", "--pin-from", address, NULL), ==, 0);
    loaded = load (from_host);
    rule = g_list_model_get_item (ps_pinset_get_rules (loaded), 0);
    g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_pins (rule)), >=, 2);
    first = g_list_model_get_item (ps_pinset_rule_get_pins (rule), 0);
    b64 = ps_pin_to_base64 (ps_pinset_pin_get_pin (first));
    g_assert_cmpstr (b64, ==, pki.pin_leaf1);
    g_assert_cmpint (ps_pinset_pin_get_origin (first), ==, PS_PIN_ORIGIN_HOST);
    g_assert_cmpstr (ps_pinset_pin_get_origin_detail (first), ==, address);
    g_assert_cmpint (ps_pinset_pin_get_depth (first), ==, 0);
    g_assert_cmpint (ps_pinset_pin_get_role (first), ==, PS_PIN_ROLE_LEAF);
  }
  /* rotate --host takes the candidate chain from a live (staging) host, judged for the
   * names of its leaf rather than the staging host's. */
  {
    g_autofree char *for_names = new_pinset ("staging.pinset", "example.com", pki.int_a,
                                             pki.backup_key, NULL);
    g_autofree char *out2 = NULL;
    g_autofree char *err2 = NULL;
    g_autoptr(JsonParser) parser2 = json_parser_new ();
    JsonObject *report;
    JsonArray *rules;

    g_assert_cmpint (ps_test_cli (&out2, &err2, "rotate", "--json", "--cafile", pki.root,
                                  "--host", address, for_names, NULL), ==, 0);
    report = parse_object (parser2, out2);
    g_assert_true (json_object_get_boolean_member (report, "accepted"));
    rules = json_object_get_array_member (report, "rules");
    g_assert_cmpuint (json_array_get_length (rules), ==, 1);
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (rules, 0),
                                                   "accepted"));
  }
  ps_test_tls_server_stop (server);
  if (status != 0)
    g_error ("check --host failed (%d): %s\n%s", status, err, out);

  object = parse_object (parser, out);
  matches = json_object_get_array_member (object, "matches");
  for (guint i = 0; i < json_array_get_length (matches); i++)
    {
      JsonObject *match = json_array_get_object_element (matches, i);

      if (g_str_equal (json_object_get_string_member (match, "pin"), pki.pin_leaf1))
        {
          g_assert_cmpint (json_object_get_int_member (match, "depth"), ==, 0);
          g_assert_cmpstr (json_object_get_string_member (match, "source"), ==, address);
          leaf_seen = TRUE;
        }
    }
  g_assert_true (leaf_seen);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A port nobody listens on: a network failure, exit 3. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (socket, any_port, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  closed = g_strdup_printf ("127.0.0.1:%u",
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  status = ps_test_cli (&out, &err, "check", "--host", closed, "--cafile", pki.root, pinset,
                        NULL);
  g_assert_cmpint (status, ==, 3);
  g_assert_cmpuint (strlen (err), >, 0);
}

static int
rotate (const char *pinset,
        const char *chain,
        JsonParser *parser,
        JsonObject **object)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = ps_test_cli (&out, &err, "rotate", "--json", "--cafile", pki.root, pinset, chain,
                            NULL);

  if (status != 0 && status != 1)
    g_error ("rotate failed (%d): %s", status, err);
  *object = parse_object (parser, out);
  return status;
}

static JsonObject *
first_rule (JsonObject *report)
{
  JsonArray *rules = json_object_get_array_member (report, "rules");

  g_assert_cmpuint (json_array_get_length (rules), ==, 1);
  return json_array_get_object_element (rules, 0);
}

static void
test_rotate (void)
{
  g_autofree char *leaf = new_pinset ("leaf.pinset", "example.com", pki.leaf1, pki.backup_key,
                                      NULL);
  g_autofree char *inter = new_pinset ("inter.pinset", "example.com", pki.int_a, pki.backup_key,
                                       NULL);
  g_autofree char *root = new_pinset ("root.pinset", "example.com", pki.root, pki.backup_key,
                                      NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *report;
  JsonObject *rule;

  /* Leaf pin + backup, new leaf key: breaks. */
  g_assert_cmpint (rotate (leaf, pki.chain2, parser, &report), ==, 1);
  g_assert_false (json_object_get_boolean_member (report, "accepted"));
  rule = first_rule (report);
  g_assert_false (json_object_get_boolean_member (rule, "accepted"));
  g_assert_nonnull (json_object_get_string_member (rule, "reason"));

  /* Leaf pin + backup, the leaf now on the backup key: accepted, curl too. */
  g_assert_cmpint (rotate (leaf, pki.chain_backup, parser, &report), ==, 0);
  rule = first_rule (report);
  g_assert_true (json_object_get_boolean_member (rule, "accepted"));
  g_assert_true (json_object_get_boolean_member (rule, "leaf_only_accepted"));

  /* Intermediate pin: same intermediate accepted (not by curl); another one breaks. */
  g_assert_cmpint (rotate (inter, pki.chain2, parser, &report), ==, 0);
  rule = first_rule (report);
  g_assert_false (json_object_get_boolean_member (rule, "leaf_only_accepted"));
  {
    JsonArray *matches = json_object_get_array_member (rule, "matches");
    JsonObject *match = json_array_get_object_element (matches, 0);

    g_assert_cmpint (json_object_get_int_member (match, "depth"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (match, "pin"), ==, pki.pin_int_a);
  }
  g_assert_cmpint (rotate (inter, pki.chain_b, parser, &report), ==, 1);

  /* Root pin: accepted, and check warns root-only. */
  g_assert_cmpint (rotate (root, pki.chain_b, parser, &report), ==, 0);
  g_assert_cmpint (ps_test_cli (&out, &err, "check", "--chain", pki.chain_b, "--cafile", pki.root,
                                root, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "root-only"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Text output, and input errors. */
  g_assert_cmpint (ps_test_cli (&out, &err, "rotate", "--cafile", pki.root, leaf, pki.leaf2,
                                pki.int_a, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "would break"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ps_test_cli (&out, &err, "rotate", leaf, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ps_test_cli (&out, &err, "rotate", "--cafile", pki.root, leaf, leaf, NULL), ==, 2);
}

static void
test_diff (void)
{
  g_autofree char *a = new_pinset ("a.pinset", "example.com", pki.chain1, pki.backup_key, NULL);
  g_autofree char *b = new_pinset ("b.pinset", "example.com", pki.chain2, pki.backup_key, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *object;
  JsonArray *changes;
  gboolean added = FALSE;
  gboolean removed = FALSE;

  g_assert_cmpint (ps_test_cli (&out, &err, "diff", a, a, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (ps_test_cli (&out, &err, "diff", "--json", a, b, NULL), ==, 1);
  object = parse_object (parser, out);
  g_assert_false (json_object_get_boolean_member (object, "same"));
  changes = json_object_get_array_member (object, "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);
      const char *kind = json_object_get_string_member (change, "kind");
      const char *item = json_object_get_string_member (change, "item");

      if (g_str_equal (kind, "added") && g_strcmp0 (item, pki.pin_leaf2) == 0)
        added = TRUE;
      if (g_str_equal (kind, "removed") && g_strcmp0 (item, pki.pin_leaf1) == 0)
        removed = TRUE;
    }
  g_assert_true (added);
  g_assert_true (removed);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (ps_test_cli (&out, &err, "diff", a, NULL), ==, 2);
}

/* The demo pinset shipped in data/ is read by the CLI. */
static void
test_demo (void)
{
  g_autofree char *demo = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "data", "demo",
                                            "demo.pinset.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (!g_file_test (demo, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no demo pinset in data/demo");
      return;
    }
  status = ps_test_cli (&out, &err, "check", demo, NULL);
  g_assert_cmpint (status, !=, 2);
  g_assert_cmpint (status, !=, -1);
}

/* The name check prints for a chain: the host it was checked for, else where it came from,
 * else its leaf's name. */
static void
test_chain_display_name (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("PS_TESTDATA"), "realworld", "badssl",
                                            "old__wildcard-main-old.pem", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) certs = ps_material_load_certificates (file, &error);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(PsChain) named = NULL;
  g_autoptr(PsChain) unnamed = NULL;
  g_autoptr(PsChain) empty = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL;

  g_assert_no_error (error);
  named = ps_chain_new (certs, NULL, "api.badssl.com");
  unnamed = ps_chain_new (certs, NULL, NULL);
  empty = ps_chain_new (none, NULL, NULL);

  a = ps_chain_dup_display_name (named, "chain.pem");
  g_assert_cmpstr (a, ==, "api.badssl.com");
  b = ps_chain_dup_display_name (unnamed, "chain.pem");
  g_assert_cmpstr (b, ==, "chain.pem");
  c = ps_chain_dup_display_name (unnamed, NULL);
  g_assert_cmpstr (c, ==, ps_certificate_get_display_name (g_ptr_array_index (certs, 0)));
  g_assert_cmpstr (c, ==, "*.badssl.com");
  d = ps_chain_dup_display_name (empty, NULL);
  g_assert_null (d);
  e = ps_chain_dup_display_name (empty, "x");
  g_assert_cmpstr (e, ==, "x");
}

/* The hex of a base64 pin, as a TLSA record writes it. */
static char *
pin_hex (const char *b64)
{
  gsize len = 0;
  g_autofree guchar *raw = g_base64_decode (b64, &len);
  GString *hex = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (hex, "%02x", raw[i]);
  return g_string_free (hex, FALSE);
}

/* Pins read from code have no role; formats that place a pin by its role refuse them until
 * export (or import) finds the roles in a chain file or the chain a live host sends. */
static void
test_export_roles (void)
{
  g_autofree char *config = work_path ("Pinner.kt");
  g_autofree char *text = g_strdup_printf (
    "val pinner = CertificatePinner.Builder()\n"
    "    .add(\"www.example.com\", \"sha256/%s\", \"sha256/%s\")\n"
    "    .build()\n", pki.pin_leaf1, pki.pin_int_a);
  g_autofree char *leaf_hex = pin_hex (pki.pin_leaf1);
  g_autofree char *int_hex = pin_hex (pki.pin_int_a);
  g_autofree char *leaf_record = g_strdup_printf ("TLSA 3 1 1 %s", leaf_hex);
  g_autofree char *int_record = g_strdup_printf ("TLSA 2 1 1 %s", int_hex);
  PsTestTlsServerOptions options = { .mode = "tls", .certs = pki.chain1, .key = pki.leaf1_key };
  PsTestTlsServer *server = NULL;
  g_autofree char *address = NULL;
  g_autofree char *closed = NULL;
  g_autofree char *from_chain = NULL;
  g_autofree char *from_host = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (config, text, -1, NULL));

  /* No chain: refused, and the message says how to resolve it. */
  g_assert_cmpint (ps_test_cli (&out, &err, "export", "-f", "tlsa", config, NULL), ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "no known role"));
  g_assert_nonnull (strstr (err, "--chain FILE"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A chain file: the leaf's key is a DANE-EE record, the intermediate's a DANE-TA one. */
  g_assert_cmpint (ps_test_cli (&from_chain, &err, "export", "-f", "tlsa", "--cafile", pki.root,
                                "--chain", pki.chain1, config, NULL), ==, 0);
  g_assert_nonnull (strstr (from_chain, leaf_record));
  g_assert_nonnull (strstr (from_chain, int_record));
  g_assert_nonnull (strstr (err, "the roles of 2 pins were found in the chains"));
  g_clear_pointer (&err, g_free);

  /* A chain that holds neither key finds nothing, and the refusal stands. */
  g_assert_cmpint (ps_test_cli (&out, &err, "export", "-f", "tlsa", "--cafile", pki.root,
                                "--chain", pki.chain_b, config, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "the role of 1 pin was found"));
  g_assert_nonnull (strstr (err, "still have no known role"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The chain a live host sends gives the same document. */
  server = ps_test_tls_server_start (&options);
  address = ps_test_tls_server_dup_address (server);
  g_assert_cmpint (ps_test_cli (&from_host, &err, "export", "-f", "tlsa", "--cafile", pki.root,
                                "--host", address, config, NULL), ==, 0);
  g_assert_cmpstr (from_host, ==, from_chain);
  g_clear_pointer (&err, g_free);

  /* import keeps the roles in the native pinset. */
  {
    g_autofree char *pinset_path = work_path ("resolved.pinset");
    g_autoptr(PsPinset) pinset = NULL;
    g_autoptr(PsPinsetRule) rule = NULL;
    g_autoptr(PsPinsetPin) first = NULL;
    g_autoptr(PsPinsetPin) second = NULL;

    g_assert_cmpint (ps_test_cli (&out, &err, "import", "-o", pinset_path, "--cafile", pki.root,
                                  "--host", address, config, NULL), ==, 0);
    pinset = load (pinset_path);
    rule = g_list_model_get_item (ps_pinset_get_rules (pinset), 0);
    first = g_list_model_get_item (ps_pinset_rule_get_pins (rule), 0);
    second = g_list_model_get_item (ps_pinset_rule_get_pins (rule), 1);
    g_assert_cmpint (ps_pinset_pin_get_role (first), ==, PS_PIN_ROLE_LEAF);
    g_assert_cmpint (ps_pinset_pin_get_role (second), ==, PS_PIN_ROLE_INTERMEDIATE);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  ps_test_tls_server_stop (server);

  /* A host that cannot be reached: named, exit 3, nothing written. */
  {
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, NULL);
    g_autoptr(GSocketAddress) bound = NULL;

    g_assert_true (g_socket_bind (socket, any_port, FALSE, NULL));
    bound = g_socket_get_local_address (socket, NULL);
    closed = g_strdup_printf ("127.0.0.1:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
    g_socket_close (socket, NULL);
  }
  g_assert_cmpint (ps_test_cli (&out, &err, "export", "-f", "tlsa", "--cafile", pki.root,
                                "--host", closed, "--chain", pki.chain1, config, NULL), ==, 3);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, closed));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Bad arguments are usage errors. */
  g_assert_cmpint (ps_test_cli (&out, &err, "export", "-f", "tlsa", "--host", "not a host",
                                config, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "not a host name"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ps_test_cli (&out, &err, "export", "-f", "tlsa", "--chain",
                                "/nonexistent/chain.pem", config, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "chain.pem"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  pki_setup ();
  workdir = ps_test_mkdtemp ();

  g_test_add_func ("/cli-pinset/new", test_new);
  g_test_add_func ("/cli-pinset/new-errors", test_new_errors);
  g_test_add_func ("/cli-pinset/check", test_check);
  g_test_add_func ("/cli-pinset/check-json-layout", test_check_json_layout);
  g_test_add_func ("/cli-pinset/check-input-errors", test_check_input_errors);
  g_test_add_func ("/cli-pinset/check-host", test_check_host);
  g_test_add_func ("/cli-pinset/rotate", test_rotate);
  g_test_add_func ("/cli-pinset/diff", test_diff);
  g_test_add_func ("/cli-pinset/demo", test_demo);
  g_test_add_func ("/cli-pinset/chain-display-name", test_chain_display_name);
  g_test_add_func ("/cli-pinset/export-roles", test_export_roles);

  status = g_test_run ();
  ps_test_rm_rf (workdir);
  pki_teardown ();
  return status;
}
