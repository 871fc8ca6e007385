/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "ps-pinset.h"
#include "ps-test-tls-server.h"
#include "pinset-test-pki.h"

/* pinscope-cli rotate with builds and several candidates: the release-readiness matrix,
 * against real APKs that Debian's aapt compiles at test time, chains of the test PKI and a
 * loopback TLS server. */

#define FRAMEWORK_RES "/usr/share/android-framework-res/framework-res.apk"

static char *workdir;
static char *apk_14;     /* com.example.app 1.4: the leaf key and a backup */
static char *apk_15;     /* com.example.app 1.5: the intermediate's key and a backup */
static char *inter_pinset;

static gboolean
have_aapt (void)
{
  g_autofree char *aapt = g_find_program_in_path ("aapt");

  if (aapt == NULL || !g_file_test (FRAMEWORK_RES, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("aapt or android-framework-res is not installed");
      return FALSE;
    }
  return TRUE;
}

/* A real APK of com.example.app at @version whose Network Security Config pins
 * example.com and its subdomains to @pin_a and @pin_b. */
static char *
make_apk (const char *version,
          const char *pin_a,
          const char *pin_b)
{
  g_autofree char *dir = g_strdup_printf ("%s/apk-%s", workdir, version);
  g_autofree char *xml_dir = g_build_filename (dir, "res", "xml", NULL);
  g_autofree char *manifest = g_build_filename (dir, "AndroidManifest.xml", NULL);
  g_autofree char *nsc = g_build_filename (xml_dir, "network_security_config.xml", NULL);
  g_autofree char *manifest_text = NULL;
  g_autofree char *nsc_text = NULL;
  g_autofree char *cmd = NULL;
  g_autofree char *out = NULL;
  char *apk = g_strdup_printf ("%s/app-%s.apk", workdir, version);
  int status;

  g_assert_cmpint (g_mkdir_with_parents (xml_dir, 0700), ==, 0);
  manifest_text = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\"\n"
    "    package=\"com.example.app\" android:versionCode=\"1\"\n"
    "    android:versionName=\"%s\">\n"
    "  <uses-sdk android:minSdkVersion=\"24\" android:targetSdkVersion=\"24\" />\n"
    "  <application android:label=\"Example\"\n"
    "      android:networkSecurityConfig=\"@xml/network_security_config\" />\n"
    "</manifest>\n", version);
  nsc_text = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<network-security-config>\n"
    "  <domain-config>\n"
    "    <domain includeSubdomains=\"true\">example.com</domain>\n"
    "    <pin-set>\n"
    "      <pin digest=\"SHA-256\">%s</pin>\n"
    "      <pin digest=\"SHA-256\">%s</pin>\n"
    "    </pin-set>\n"
    "  </domain-config>\n"
    "</network-security-config>\n", pin_a, pin_b);
  g_assert_true (g_file_set_contents (manifest, manifest_text, -1, NULL));
  g_assert_true (g_file_set_contents (nsc, nsc_text, -1, NULL));

  cmd = g_strdup_printf ("cd '%s' && aapt package -M AndroidManifest.xml -S res -I "
                         FRAMEWORK_RES " -F '%s' 2>&1", dir, apk);
  out = ps_test_sh (cmd, &status);
  if (status != 0)
    g_error ("aapt failed: %s", out);
  return apk;
}

static const char *
need_apk (char      **apk,
          const char *version,
          const char *pin_a,
          const char *pin_b)
{
  if (*apk == NULL)
    *apk = make_apk (version, pin_a, pin_b);
  return *apk;
}

static const char *
apk_old (void)
{
  return need_apk (&apk_14, "1.4", pki.pin_leaf1, pki.pin_backup);
}

static const char *
apk_new (void)
{
  return need_apk (&apk_15, "1.5", pki.pin_int_a, pki.pin_backup);
}

/* A native pinset: example.com and its subdomains pinned to the intermediate. */
static const char *
pinset_inter (void)
{
  if (inter_pinset == NULL)
    {
      g_autoptr(PsPinset) pinset = ps_pinset_new ("api");
      g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
      g_autoptr(PsPinsetDomain) domain = ps_pinset_domain_new ("example.com", TRUE);
      g_autoptr(PsPin) pin = pin_from_b64 (pki.pin_int_a);
      g_autoptr(PsPinsetPin) pinset_pin = ps_pinset_pin_new (pin, "Int A",
                                                             PS_PIN_ROLE_INTERMEDIATE);
      g_autofree char *json = NULL;

      ps_pinset_rule_add_domain (rule, domain);
      ps_pinset_rule_add_pin (rule, pinset_pin);
      ps_pinset_add_rule (pinset, rule);
      json = ps_pinset_to_json (pinset);
      inter_pinset = g_build_filename (workdir, "api.pinset", NULL);
      g_assert_true (g_file_set_contents (inter_pinset, json, -1, NULL));
    }
  return inter_pinset;
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

static JsonObject *
cell_at (JsonObject *matrix,
         guint       row,
         guint       column)
{
  JsonArray *candidates = json_object_get_array_member (matrix, "candidates");
  JsonArray *cells = json_object_get_array_member (matrix, "cells");
  guint n_columns = json_array_get_length (candidates);
  JsonObject *cell = json_array_get_object_element (cells, row * n_columns + column);

  g_assert_cmpint (json_object_get_int_member (cell, "subject"), ==, row);
  g_assert_cmpint (json_object_get_int_member (cell, "candidate"), ==, column);
  return cell;
}

/* The line of the text table that starts with @label. */
static char *
table_row (const char *out,
           const char *label)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], label) && strstr (lines[i], " × ") == NULL)
      return g_strdup (lines[i]);
  g_error ("no row “%s” in:\n%s", label, out);
}

/* The words of @line after its first @skip characters. */
static GStrv
row_cells (const char *line,
           gsize       skip)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit (line + skip, "  ", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

/* Two builds, two candidate chains: the new leaf key breaks 1.4 (leaf pin), not 1.5
 * (intermediate pin). */
static void
test_two_builds (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *row_old = NULL;
  g_autofree char *row_new = NULL;
  g_auto(GStrv) cells_old = NULL;
  g_auto(GStrv) cells_new = NULL;
  const char *old_label = "com.example.app 1.4 (Android)";
  const char *new_label = "com.example.app 1.5 (Android)";
  JsonObject *matrix;
  JsonObject *cell;
  JsonArray *subjects;
  JsonArray *candidates;
  JsonArray *domains;

  if (!have_aapt ())
    return;

  /* Text: the table, then one line per cell. */
  g_assert_cmpint (ps_test_cli (&out, &err, "rotate", "--cafile", pki.root, apk_old (),
                                apk_new (), "--chain", pki.chain1, "--chain", pki.chain2,
                                NULL), ==, 1);
  g_test_message ("%s", out);
  row_old = table_row (out, old_label);
  row_new = table_row (out, new_label);
  cells_old = row_cells (row_old, strlen (old_label));
  cells_new = row_cells (row_new, strlen (new_label));
  g_assert_cmpuint (g_strv_length (cells_old), ==, 2);
  g_assert_cmpstr (cells_old[0], ==, "accepted");
  g_assert_cmpstr (cells_old[1], ==, "would break");
  g_assert_cmpuint (g_strv_length (cells_new), ==, 2);
  g_assert_cmpstr (cells_new[0], ==, "accepted");
  g_assert_cmpstr (cells_new[1], ==, "accepted");
  /* The broken cell says which rule and why; the accepted ones which pin. */
  g_assert_nonnull (strstr (out, "com.example.app 1.4 (Android) × chain2.pem: would break, "
                                 "rule 1 (example.com): None of the 2 pins matches"));
  {
    g_autofree char *accepted = g_strdup_printf ("com.example.app 1.5 (Android) × chain2.pem: "
                                                 "accepted, rule 1 (example.com): The pin %s "
                                                 "(unknown) matches the intermediate",
                                                 pki.pin_int_a);

    g_assert_nonnull (strstr (out, accepted));
  }
  g_assert_nonnull (strstr (out, "Verdict: would break (1 of 4 cells)"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* JSON: the same matrix. */
  g_assert_cmpint (ps_test_cli (&out, &err, "rotate", "--json", "--cafile", pki.root,
                                apk_old (), apk_new (), "--chain", pki.chain1, "--chain",
                                pki.chain2, NULL), ==, 1);
  matrix = parse_object (parser, out);
  g_assert_false (json_object_get_boolean_member (matrix, "accepted"));
  g_assert_cmpstr (json_object_get_string_member (matrix, "worst"), ==, "rejected");
  subjects = json_object_get_array_member (matrix, "subjects");
  g_assert_cmpuint (json_array_get_length (subjects), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (subjects, 0),
                                                  "label"), ==, old_label);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (subjects, 1),
                                                  "kind"), ==, "build");
  candidates = json_object_get_array_member (matrix, "candidates");
  g_assert_cmpuint (json_array_get_length (candidates), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (candidates, 1),
                                                  "label"), ==, "chain2.pem");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (matrix, "cells")),
                    ==, 4);

  cell = cell_at (matrix, 0, 0);
  g_assert_cmpstr (json_object_get_string_member (cell, "verdict"), ==, "accepted");
  g_assert_cmpstr (json_object_get_string_member (cell, "pin"), ==, pki.pin_leaf1);
  g_assert_cmpint (json_object_get_int_member (cell, "depth"), ==, 0);

  cell = cell_at (matrix, 0, 1);
  g_assert_cmpstr (json_object_get_string_member (cell, "verdict"), ==, "rejected");
  g_assert_false (json_object_get_boolean_member (cell, "ok"));
  g_assert_cmpint (json_object_get_int_member (cell, "rule"), ==, 0);
  domains = json_object_get_array_member (cell, "domains");
  g_assert_cmpstr (json_array_get_string_element (domains, 0), ==, "example.com");
  g_assert_true (json_object_get_null_member (cell, "pin"));
  g_assert_nonnull (strstr (json_object_get_string_member (cell, "reason"), "None of the 2"));

  cell = cell_at (matrix, 1, 1);
  g_assert_cmpstr (json_object_get_string_member (cell, "verdict"), ==, "accepted");
  g_assert_cmpstr (json_object_get_string_member (cell, "pin"), ==, pki.pin_int_a);
  g_assert_cmpint (json_object_get_int_member (cell, "depth"), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Only the current chain: every build accepts it, exit 0. */
  g_assert_cmpint (ps_test_cli (&out, &err, "rotate", "--json", "--cafile", pki.root,
                                apk_old (), apk_new (), "--chain", pki.chain1, NULL), ==, 0);
  matrix = parse_object (parser, out);
  g_assert_true (json_object_get_boolean_member (matrix, "accepted"));
  g_assert_cmpstr (json_object_get_string_member (matrix, "worst"), ==, "accepted");
}

/* A build and a pinset; a single build with chain files is a matrix too. */
static void
test_build_and_pinset (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *matrix;
  JsonObject *subject;

  if (!have_aapt ())
    return;

  g_assert_cmpint (ps_test_cli (&out, &err, "rotate", "--json", "--cafile", pki.root,
                                apk_old (), pinset_inter (), "--chain", pki.chain_b,
                                "--chain", pki.chain2, NULL), ==, 1);
  matrix = parse_object (parser, out);
  subject = json_array_get_object_element (json_object_get_array_member (matrix, "subjects"),
                                           1);
  g_assert_cmpstr (json_object_get_string_member (subject, "kind"), ==, "pinset");
  g_assert_cmpstr (json_object_get_string_member (subject, "label"), ==, "api.pinset");
  /* The leaf key under another intermediate: the build accepts, the pinset refuses. */
  g_assert_cmpstr (json_object_get_string_member (cell_at (matrix, 0, 0), "verdict"), ==,
                   "accepted");
  g_assert_cmpstr (json_object_get_string_member (cell_at (matrix, 1, 0), "verdict"), ==,
                   "rejected");
  /* A new leaf key under the same intermediate: the other way round. */
  g_assert_cmpstr (json_object_get_string_member (cell_at (matrix, 0, 1), "verdict"), ==,
                   "rejected");
  g_assert_cmpstr (json_object_get_string_member (cell_at (matrix, 1, 1), "verdict"), ==,
                   "accepted");
  g_assert_cmpstr (json_object_get_string_member (cell_at (matrix, 1, 1), "pin_role"), ==,
                   "intermediate");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* One build, chain files as one candidate (leaf, then intermediate): still a matrix. */
  g_assert_cmpint (ps_test_cli (&out, &err, "rotate", "--cafile", pki.root, apk_old (),
                                pki.leaf_backup, pki.int_a, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "com.example.app 1.4 (Android) × leaf-backup.pem + "
                                 "int-a.pem: accepted"));
  g_assert_nonnull (strstr (out, "Verdict: accepted"));
}

/* An IPA whose App Transport Security pins example.com's CA: a row named for iOS. */
static void
test_ipa (void)
{
  g_autofree char *zip_tool = g_find_program_in_path ("zip");
  g_autofree char *plistutil = g_find_program_in_path ("plistutil");
  g_autofree char *app = g_build_filename (workdir, "ipa", "Payload", "Example.app", NULL);
  g_autofree char *xml = g_build_filename (workdir, "ipa", "Info.xml", NULL);
  g_autofree char *plist = g_build_filename (app, "Info.plist", NULL);
  g_autofree char *ipa = g_build_filename (workdir, "ipa", "example.ipa", NULL);
  g_autofree char *text = NULL;
  g_autofree char *cmd = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *matrix;
  JsonObject *subject;
  int status;

  if (zip_tool == NULL || plistutil == NULL)
    {
      g_test_skip ("zip or plistutil is not installed");
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (app, 0700), ==, 0);
  text = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\"><dict>"
    "<key>CFBundleIdentifier</key><string>com.example.ios</string>"
    "<key>CFBundleShortVersionString</key><string>2.0</string>"
    "<key>NSAppTransportSecurity</key><dict><key>NSPinnedDomains</key><dict>"
    "<key>example.com</key><dict><key>NSIncludesSubdomains</key><true/>"
    "<key>NSPinnedCAIdentities</key><array>"
    "<dict><key>SPKI-SHA256-BASE64</key><string>%s</string></dict>"
    "</array></dict></dict></dict></dict></plist>\n", pki.pin_int_a);
  g_assert_true (g_file_set_contents (xml, text, -1, NULL));
  cmd = g_strdup_printf ("plistutil -f bin -i '%s' -o '%s' && cd '%s/ipa' && "
                         "zip -qr example.ipa Payload 2>&1", xml, plist, workdir);
  out = ps_test_sh (cmd, &status);
  if (status != 0)
    g_error ("making the IPA failed: %s", out);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (ps_test_cli (&out, &err, "rotate", "--json", "--cafile", pki.root, ipa,
                                "--chain", pki.chain2, "--chain", pki.chain_b, NULL), ==, 1);
  matrix = parse_object (parser, out);
  subject = json_array_get_object_element (json_object_get_array_member (matrix, "subjects"),
                                           0);
  g_assert_cmpstr (json_object_get_string_member (subject, "label"), ==,
                   "com.example.ios 2.0 (iOS)");
  g_assert_cmpstr (json_object_get_string_member (subject, "kind"), ==, "build");
  g_assert_cmpstr (json_object_get_string_member (cell_at (matrix, 0, 0), "verdict"), ==,
                   "accepted");
  g_assert_cmpstr (json_object_get_string_member (cell_at (matrix, 0, 0), "pin"), ==,
                   pki.pin_int_a);
  g_assert_cmpstr (json_object_get_string_member (cell_at (matrix, 0, 1), "verdict"), ==,
                   "rejected");
}

/* One pinset against one chain prints the report it always has, whether the chain comes
 * as files or as --chain. */
static void
test_single_unchanged (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *legacy = NULL;
  g_autofree char *with_option = NULL;
  g_autofree char *err = NULL;
  JsonObject *report;

  g_assert_cmpint (ps_test_cli (&legacy, &err, "rotate", "--cafile", pki.root, pinset_inter (),
                                pki.chain_b, NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ps_test_cli (&with_option, &err, "rotate", "--cafile", pki.root,
                                pinset_inter (), "--chain", pki.chain_b, NULL), ==, 1);
  g_assert_cmpstr (legacy, ==, with_option);
  g_assert_true (g_str_has_prefix (legacy, "Candidate chain for www.example.com\n"));
  g_assert_null (strstr (legacy, "Release readiness"));
  g_clear_pointer (&legacy, g_free);
  g_clear_pointer (&with_option, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (ps_test_cli (&legacy, &err, "rotate", "--json", "--cafile", pki.root,
                                pinset_inter (), pki.chain2, NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ps_test_cli (&with_option, &err, "rotate", "--json", "--cafile", pki.root,
                                pinset_inter (), "--chain", pki.chain2, NULL), ==, 0);
  g_assert_cmpstr (legacy, ==, with_option);
  report = parse_object (parser, legacy);
  g_assert_true (json_object_has_member (report, "rules"));
  g_assert_false (json_object_has_member (report, "cells"));
}

/* Live hosts are candidates too, probed together; one that cannot be reached is named,
 * the others are judged, and the exit status is 3. */
static void
test_hosts (void)
{
  PsTestTlsServerOptions options = { .mode = "tls", .certs = pki.chain2, .key = pki.leaf2_key };
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
  g_autofree char *leaf_pinset = NULL;
  JsonObject *matrix;
  JsonObject *candidate;
  g_autofree char *aapt = g_find_program_in_path ("aapt");
  JsonArray *unreachable;
  int status;

  /* A leaf pin (a build when aapt is there, else a pinset of the same pins). */
  if (aapt != NULL && g_file_test (FRAMEWORK_RES, G_FILE_TEST_EXISTS))
    leaf_pinset = g_strdup (apk_old ());
  else
    {
      g_autoptr(PsPinset) pinset = ps_pinset_new ("leaf");
      g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
      g_autoptr(PsPinsetDomain) domain = ps_pinset_domain_new ("example.com", TRUE);
      g_autoptr(PsPin) pin = pin_from_b64 (pki.pin_leaf1);
      g_autoptr(PsPinsetPin) pinset_pin = ps_pinset_pin_new (pin, NULL, PS_PIN_ROLE_LEAF);
      g_autofree char *json = NULL;

      ps_pinset_rule_add_domain (rule, domain);
      ps_pinset_rule_add_pin (rule, pinset_pin);
      ps_pinset_add_rule (pinset, rule);
      json = ps_pinset_to_json (pinset);
      leaf_pinset = g_build_filename (workdir, "leaf.pinset", NULL);
      g_assert_true (g_file_set_contents (leaf_pinset, json, -1, NULL));
    }

  status = ps_test_cli (&out, &err, "rotate", "--json", "--cafile", pki.root, leaf_pinset,
                        pinset_inter (), "--chain", pki.chain1, "--host", address, NULL);
  if (status != 1)
    g_error ("rotate --host: %d\n%s\n%s", status, out, err);
  matrix = parse_object (parser, out);
  candidate = json_array_get_object_element (json_object_get_array_member (matrix,
                                                                           "candidates"), 1);
  g_assert_cmpstr (json_object_get_string_member (candidate, "kind"), ==, "host");
  g_assert_cmpstr (json_object_get_string_member (candidate, "label"), ==, address);
  g_assert_true (json_object_get_boolean_member (candidate, "trusted"));
  /* The host serves a new leaf key: the leaf pin breaks, the intermediate pin holds. */
  g_assert_cmpstr (json_object_get_string_member (cell_at (matrix, 0, 0), "verdict"), ==,
                   "accepted");
  g_assert_cmpstr (json_object_get_string_member (cell_at (matrix, 0, 1), "verdict"), ==,
                   "rejected");
  g_assert_cmpstr (json_object_get_string_member (cell_at (matrix, 1, 1), "verdict"), ==,
                   "accepted");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A port nobody listens on, next to the live host. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (socket, any_port, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  closed = g_strdup_printf ("127.0.0.1:%u",
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  g_assert_cmpint (ps_test_cli (&out, &err, "rotate", "--json", "--cafile", pki.root,
                                pinset_inter (), "--host", closed, "--host", address, NULL),
                   ==, 3);
  g_assert_nonnull (strstr (err, closed));
  matrix = parse_object (parser, out);
  unreachable = json_object_get_array_member (matrix, "unreachable");
  g_assert_cmpuint (json_array_get_length (unreachable), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (unreachable,
                                                                                 0),
                                                  "host"), ==, closed);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (matrix, "cells")),
                    ==, 1);
  g_assert_cmpstr (json_object_get_string_member (cell_at (matrix, 0, 0), "verdict"), ==,
                   "accepted");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The same in text. */
  g_assert_cmpint (ps_test_cli (&out, &err, "rotate", "--cafile", pki.root, pinset_inter (),
                                "--host", closed, "--host", address, NULL), ==, 3);
  g_assert_nonnull (strstr (out, "Not reached:"));
  g_assert_nonnull (strstr (out, "Verdict: incomplete"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Only unreachable hosts: nothing to judge. */
  g_assert_cmpint (ps_test_cli (&out, &err, "rotate", "--cafile", pki.root, pinset_inter (),
                                "--host", closed, NULL), ==, 3);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, closed));

  ps_test_tls_server_stop (server);
}

/* The hosts are probed at the same time: two retrievals from a server that never answers
 * time out together, not one after the other (3 s each: in turn, at least 6 s). */
static void
test_hosts_together (void)
{
  PsTestTlsServerOptions options = { .mode = "silent" };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 start = g_get_monotonic_time ();
  double seconds;

  g_assert_cmpint (ps_test_cli (&out, &err, "rotate", "--cafile", pki.root, "--timeout", "3",
                                pinset_inter (), "--host", address, "--host", address, NULL),
                   ==, 3);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_test_message ("two silent hosts: %.1f s", seconds);
  g_assert_cmpfloat (seconds, >=, 2.9);
  g_assert_cmpfloat (seconds, <, 5.5);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, address));
  ps_test_tls_server_stop (server);
}

/* Candidates or pinsets of one file name in different folders keep apart. */
static void
test_labels (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *dir_a = g_build_filename (workdir, "a", NULL);
  g_autofree char *dir_b = g_build_filename (workdir, "b", NULL);
  g_autofree char *chain_a = g_build_filename (dir_a, "chain.pem", NULL);
  g_autofree char *chain_b = g_build_filename (dir_b, "chain.pem", NULL);
  g_autofree char *pinset_b = g_build_filename (dir_b, "api.pinset", NULL);
  g_autofree char *cmd = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *matrix;
  JsonArray *candidates;
  JsonArray *subjects;

  g_assert_cmpint (g_mkdir_with_parents (dir_a, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (dir_b, 0700), ==, 0);
  cmd = g_strdup_printf ("cp '%s' '%s' && cp '%s' '%s' && cp '%s' '%s'", pki.chain1, chain_a,
                         pki.chain_b, chain_b, pinset_inter (), pinset_b);
  g_free (ps_test_sh (cmd, NULL));

  g_assert_cmpint (ps_test_cli (&out, &err, "rotate", "--json", "--cafile", pki.root,
                                pinset_inter (), pinset_b, "--chain", chain_a, "--chain",
                                chain_b, NULL), ==, 1);
  matrix = parse_object (parser, out);
  subjects = json_object_get_array_member (matrix, "subjects");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (subjects, 0),
                                                  "label"), ==, "api.pinset");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (subjects, 1),
                                                  "label"), ==, pinset_b);
  candidates = json_object_get_array_member (matrix, "candidates");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (candidates,
                                                                                 0),
                                                  "label"), ==, "chain.pem");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (candidates,
                                                                                 1),
                                                  "label"), ==, chain_b);
  g_assert_cmpstr (json_object_get_string_member (cell_at (matrix, 1, 0), "verdict"), ==,
                   "accepted");
  g_assert_cmpstr (json_object_get_string_member (cell_at (matrix, 1, 1), "verdict"), ==,
                   "rejected");
}

static void
test_usage (void)
{
  g_autofree char *bad = g_build_filename (workdir, "not-a-chain.txt", NULL);
  struct
  {
    const char *args[8];
  } cases[] = {
    { { "rotate", "--chain", NULL } },                             /* no subject */
    { { "rotate", "--chain", "CHAIN", NULL } },                    /* no subject */
    { { "rotate", "PINSET", "--chain", "BAD", NULL } },            /* not a chain */
    { { "rotate", "PINSET", "BAD", "--chain", "CHAIN", NULL } },   /* not a pinset */
    { { "rotate", "PINSET", "--host", "bad host", NULL } },        /* not a host */
    { { "rotate", "PINSET", "--chain", "CHAIN", "--timeout", "0", NULL } },
  };

  g_assert_true (g_file_set_contents (bad, "hello\n", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_ptr_array_add (argv, (gpointer) ps_test_cli_path ());
      for (guint j = 0; cases[i].args[j] != NULL; j++)
        {
          const char *arg = cases[i].args[j];

          if (g_str_equal (arg, "PINSET"))
            arg = pinset_inter ();
          else if (g_str_equal (arg, "CHAIN"))
            arg = pki.chain1;
          else if (g_str_equal (arg, "BAD"))
            arg = bad;
          g_ptr_array_add (argv, (gpointer) arg);
        }
      g_ptr_array_add (argv, "--cafile");
      g_ptr_array_add (argv, pki.root);
      g_ptr_array_add (argv, NULL);
      g_assert_cmpint (ps_test_run ((const char * const *) argv->pdata, NULL, 60, &out, &err),
                       ==, 2);
      g_assert_cmpuint (strlen (err), >, 0);
      g_assert_cmpstr (out, ==, "");
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  pki_setup ();
  workdir = ps_test_mkdtemp ();

  g_test_add_func ("/cli-rotate/two-builds", test_two_builds);
  g_test_add_func ("/cli-rotate/build-and-pinset", test_build_and_pinset);
  g_test_add_func ("/cli-rotate/ipa", test_ipa);
  g_test_add_func ("/cli-rotate/single-unchanged", test_single_unchanged);
  g_test_add_func ("/cli-rotate/hosts", test_hosts);
  g_test_add_func ("/cli-rotate/hosts-together", test_hosts_together);
  g_test_add_func ("/cli-rotate/labels", test_labels);
  g_test_add_func ("/cli-rotate/usage", test_usage);

  status = g_test_run ();
  ps_test_rm_rf (workdir);
  pki_teardown ();
  return status;
}
