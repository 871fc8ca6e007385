/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "pinscope-cli show" against loopback servers: JSON and text, exit codes, and the pins
 * compared with what gnutls-cli --print-cert reports for the same server. */
#include "config.h"

#include <arpa/inet.h>
#include <json-glib/json-glib.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ps-chain.h"
#include "ps-test-tls-server.h"
#include "ps-test-util.h"

static PsTestPki *pki;

/* The pin-sha256 values gnutls-cli prints, one per certificate, in the order received. */
static GPtrArray *
gnutls_cli_pins (PsTestTlsServer *server,
                 gboolean         ipv6)
{
  g_autofree char *port = g_strdup_printf ("%u", ps_test_tls_server_get_port (server));
  const char *argv[] = { "gnutls-cli", "--print-cert", "--no-ca-verification",
                         "-p", port,
                         ipv6 ? "::1" : "127.0.0.1", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GPtrArray *pins = g_ptr_array_new_with_free_func (g_free);
  const char *p;
  int status;

  status = ps_test_run (argv, "", 20, &out, &err);
  g_assert_nonnull (out);
  g_test_message ("gnutls-cli exit %d", status);

  /* "- Certificate[N] info:" then " - subject ..., pin-sha256="B64"". */
  p = out;
  while ((p = strstr (p, "- Certificate[")) != NULL)
    {
      const char *pin = strstr (p, "pin-sha256=\"");
      const char *end;

      g_assert_nonnull (pin);
      pin += strlen ("pin-sha256=\"");
      end = strchr (pin, '"');
      g_assert_nonnull (end);
      g_ptr_array_add (pins, g_strndup (pin, end - pin));
      p = end;
    }

  return pins;
}

static JsonObject *
parse_json (const char *text,
            JsonParser *parser)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

static int
run_show (char      **out,
          char      **err,
          const char *first,
          ...) G_GNUC_NULL_TERMINATED;

static int
run_show (char      **out,
          char      **err,
          const char *first,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) ps_test_cli_path ());
  g_ptr_array_add (argv, (gpointer) "show");
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  return ps_test_run ((const char * const *) argv->pdata, NULL, 30, out, err);
}

static void
check_against_gnutls_cli (const char *certs,
                          gboolean    ipv6,
                          guint       n_expected)
{
  PsTestTlsServerOptions options = { .mode = "tls", .certs = certs, .key = pki->leaf_key,
                                     .ipv6 = ipv6 };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autoptr(GPtrArray) expected = gnutls_cli_pins (server, ipv6);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;
  JsonArray *chain;
  guint n_sent = 0;
  int status;

  status = run_show (&out, &err, "--json", "--cafile", pki->root, address, NULL);
  g_test_message ("stderr: %s", err);
  object = parse_json (out, parser);

  g_assert_cmpuint (expected->len, ==, n_expected);
  g_assert_cmpstr (json_object_get_string_member (object, "address"), ==,
                   ipv6 ? "::1" : "127.0.0.1");
  g_assert_cmpint (json_object_get_int_member (object, "port"), ==,
                   ps_test_tls_server_get_port (server));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "tls_version"),
                                   "TLS1."));
  chain = json_object_get_array_member (object, "chain");
  for (guint i = 0; i < json_array_get_length (chain); i++)
    {
      JsonObject *cert = json_array_get_object_element (chain, i);

      if (!g_str_equal (json_object_get_string_member (cert, "source"), "server"))
        continue;
      g_assert_cmpuint (i, ==, n_sent);
      g_assert_cmpuint (n_sent, <, expected->len);
      g_assert_cmpstr (json_object_get_string_member (cert, "spki_sha256"), ==,
                       g_ptr_array_index (expected, n_sent));
      n_sent++;
    }
  g_assert_cmpuint (n_sent, ==, expected->len);

  /* The text output shows the same pins. */
  status = run_show (&text, NULL, "--cafile", pki->root, address, NULL);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autofree char *line = g_strdup_printf ("sha256/%s",
                                               (char *) g_ptr_array_index (expected, i));
      g_assert_nonnull (strstr (text, line));
    }
  (void) status;

  ps_test_tls_server_stop (server);
}

static void
test_pins_match_gnutls_cli (void)
{
  g_autofree char *full = ps_test_pki_bundle (pki, "full", pki->leaf, pki->inter, NULL);
  g_autofree char *reversed = ps_test_pki_bundle (pki, "reversed", pki->leaf2, pki->inter,
                                                  pki->inter2, NULL);
  g_autofree char *with_root = ps_test_pki_bundle (pki, "with-root", pki->leaf, pki->inter,
                                                   pki->root, NULL);

  check_against_gnutls_cli (full, FALSE, 2);
  check_against_gnutls_cli (reversed, FALSE, 3);
  check_against_gnutls_cli (with_root, FALSE, 3);
  check_against_gnutls_cli (pki->self_signed, FALSE, 1);
  check_against_gnutls_cli (full, TRUE, 2);
}

static void
test_trusted_json (void)
{
  g_autofree char *certs = ps_test_pki_bundle (pki, "trusted", pki->leaf, pki->inter, NULL);
  PsTestTlsServerOptions options = { .mode = "tls", .certs = certs, .key = pki->leaf_key };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *root_pin = ps_test_openssl_pin (pki->root);
  g_autofree char *leaf_pin = ps_test_openssl_pin (pki->leaf);
  const char *sources[] = { "server", "server", "trust-store" };
  JsonObject *object;
  JsonArray *chain;
  int status;

  status = run_show (&out, NULL, "--json", "--cafile", pki->root, address, NULL);
  ps_test_tls_server_stop (server);

  g_assert_cmpint (status, ==, 0);
  object = parse_json (out, parser);
  g_assert_cmpstr (json_object_get_string_member (object, "host"), ==, "127.0.0.1");
  g_assert_true (json_object_get_boolean_member (object, "trusted"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "problems")),
                    ==, 0);
  chain = json_object_get_array_member (object, "chain");
  g_assert_cmpuint (json_array_get_length (chain), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *cert = json_array_get_object_element (chain, i);

      g_assert_cmpint (json_object_get_int_member (cert, "depth"), ==, i);
      g_assert_cmpstr (json_object_get_string_member (cert, "source"), ==, sources[i]);
      g_assert_nonnull (json_object_get_string_member (cert, "subject"));
      g_assert_nonnull (json_object_get_string_member (cert, "issuer"));
      g_assert_nonnull (json_object_get_string_member (cert, "not_before"));
      g_assert_nonnull (json_object_get_string_member (cert, "not_after"));
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (chain, 0),
                                                  "spki_sha256"), ==, leaf_pin);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (chain, 2),
                                                  "spki_sha256"), ==, root_pin);
}

static void
test_problems_exit_1 (void)
{
  PsTestTlsServerOptions options = { .mode = "tls", .certs = pki->leaf, .key = pki->leaf_key };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;
  JsonArray *problems;
  gboolean incomplete = FALSE, untrusted = FALSE;
  int status;

  status = run_show (&out, NULL, "--json", "--cafile", pki->root, address, NULL);
  g_assert_cmpint (status, ==, 1);
  object = parse_json (out, parser);
  g_assert_false (json_object_get_boolean_member (object, "trusted"));
  problems = json_object_get_array_member (object, "problems");
  for (guint i = 0; i < json_array_get_length (problems); i++)
    {
      const char *id = json_array_get_string_element (problems, i);

      incomplete |= g_str_equal (id, "incomplete-chain");
      untrusted |= g_str_equal (id, "untrusted");
    }
  g_assert_true (incomplete);
  g_assert_true (untrusted);

  status = run_show (&text, NULL, "--cafile", pki->root, address, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (text, "incomplete-chain"));

  ps_test_tls_server_stop (server);
}

static void
test_servername (void)
{
  g_autofree char *certs = ps_test_pki_bundle (pki, "sni", pki->leaf, pki->inter, NULL);
  PsTestTlsServerOptions options = { .mode = "tls", .certs = certs, .key = pki->leaf_key };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  JsonObject *object;
  JsonArray *problems;
  int status;

  status = run_show (&out, NULL, "--json", "--servername", "wrong.example", "--cafile",
                     pki->root, address, NULL);
  g_assert_cmpint (status, ==, 1);
  object = parse_json (out, parser);
  g_assert_cmpstr (json_object_get_string_member (object, "servername"), ==, "wrong.example");
  problems = json_object_get_array_member (object, "problems");
  g_assert_cmpuint (json_array_get_length (problems), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (problems, 0), ==, "hostname-mismatch");

  /* An IP literal: no SNI unless asked for. */
  status = run_show (&out2, NULL, "--json", "--cafile", pki->root, address, NULL);
  g_assert_cmpint (status, ==, 0);
  object = parse_json (out2, parser2);
  g_assert_true (json_object_get_null_member (object, "servername"));

  ps_test_tls_server_stop (server);
}

static void
test_starttls (void)
{
  g_autofree char *certs = ps_test_pki_bundle (pki, "smtp", pki->leaf, pki->inter, NULL);
  PsTestTlsServerOptions options = { .mode = "tls", .certs = certs, .key = pki->leaf_key,
                                     .starttls = "smtp" };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  JsonObject *object;
  int status;

  status = run_show (&out, NULL, "--json", "--starttls", "smtp", "--cafile", pki->root,
                     address, NULL);
  ps_test_tls_server_stop (server);

  g_assert_cmpint (status, ==, 0);
  object = parse_json (out, parser);
  g_assert_cmpstr (json_object_get_string_member (object, "starttls"), ==, "smtp");
}

static void
test_silent_timeout (void)
{
  PsTestTlsServerOptions options = { .mode = "silent" };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autofree char *err = NULL;
  gint64 start = g_get_monotonic_time ();
  int status;

  status = run_show (NULL, &err, "--timeout", "2", "--cafile", pki->root, address, NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, <=, 3 * G_USEC_PER_SEC);
  ps_test_tls_server_stop (server);

  g_assert_cmpint (status, ==, 3);
  g_assert_nonnull (strstr (err, "Timed out"));
}

static void
test_network_errors (void)
{
  struct sockaddr_in sin = { .sin_family = AF_INET };
  socklen_t len = sizeof sin;
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  g_autofree char *refused = NULL;
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;

  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &sin, sizeof sin), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &sin, &len), ==, 0);
  close (fd);
  refused = g_strdup_printf ("127.0.0.1:%u", ntohs (sin.sin_port));

  g_assert_cmpint (run_show (NULL, &err, "--cafile", pki->root, refused, NULL), ==, 3);
  g_assert_nonnull (strstr (err, "refused"));
  g_assert_cmpint (run_show (NULL, &err2, "--cafile", pki->root, "nowhere.invalid", NULL), ==, 3);
  g_assert_nonnull (strstr (err2, "nowhere.invalid"));

  /* An IDN is looked up in its ASCII form. */
  {
    g_autofree char *err3 = NULL;

    g_assert_cmpint (run_show (NULL, &err3, "bücher.invalid:8443", NULL), ==, 3);
    g_assert_nonnull (strstr (err3, "xn--bcher-kva.invalid"));
  }
}

static void
test_usage_errors (void)
{
  g_assert_cmpint (run_show (NULL, NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (run_show (NULL, NULL, "a.invalid", "b.invalid", NULL), ==, 2);
  g_assert_cmpint (run_show (NULL, NULL, "--starttls", "gopher", "a.invalid", NULL), ==, 2);
  g_assert_cmpint (run_show (NULL, NULL, "--timeout", "0", "a.invalid", NULL), ==, 2);
  g_assert_cmpint (run_show (NULL, NULL, "a.invalid:70000", NULL), ==, 2);
  g_assert_cmpint (run_show (NULL, NULL, "--cafile", "/nonexistent/ca.pem", "a.invalid", NULL),
                   ==, 2);
  g_assert_cmpint (run_show (NULL, NULL, "--no-such-option", "a.invalid", NULL), ==, 2);
}

/* Starts "openssl s_server" on a free loopback port, sending @certs (the first one's key
 * is @key) in the file's order: the GnuTLS test server fails with an internal error past
 * about 1,400 certificates. Its standard input stays open: at its end s_server quits.
 * Returns the process and sets @address, or NULL when openssl cannot be run. */
static GSubprocess *
start_openssl_server (const char  *certs,
                      const char  *key,
                      char       **address)
{
  g_autofree char *pem = NULL;
  g_autofree char *first = g_strconcat (certs, ".first.pem", NULL);
  g_autofree char *rest = g_strconcat (certs, ".rest.pem", NULL);
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  const char *second;

  g_assert_true (g_file_get_contents (certs, &pem, NULL, NULL));
  second = strstr (pem + 1, "-----BEGIN CERTIFICATE-----");
  g_assert_nonnull (second);
  g_assert_true (g_file_set_contents (first, pem, second - pem, NULL));
  g_assert_true (g_file_set_contents (rest, second, -1, NULL));

  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                             G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                             &error, "openssl", "s_server", "-accept", "127.0.0.1:0",
                             "-cert", first, "-cert_chain", rest, "-key", key, "-naccept", "1",
                             NULL);
  if (server == NULL)
    return NULL;

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, NULL);

      if (line == NULL)
        return NULL;
      if (g_str_has_prefix (line, "ACCEPT "))
        {
          *address = g_strdup (line + strlen ("ACCEPT "));
          return g_steal_pointer (&server);
        }
    }
}

/* Issue 15: a server that sends 9,000 small certificates, leaf last, kept "show --timeout 3"
 * busy for minutes. The certificates kept are capped, the path too, and the timeout bounds
 * the whole command. */
static void
test_nine_thousand_certificates (void)
{
  g_autofree char *key = NULL;
  g_autofree char *root = NULL;
  g_autofree char *certs = ps_test_pki_make_long_chain (pki, "nine-thousand", 9000, TRUE,
                                                        &key, &root);
  g_autofree char *address = NULL;
  g_autoptr(GSubprocess) server = start_openssl_server (certs, key, &address);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *object;
  JsonArray *problems;
  JsonArray *verdicts;
  gboolean too_long = FALSE;
  gboolean said_count = FALSE;
  gint64 start;
  double seconds;
  int status;

  if (server == NULL)
    {
      g_test_skip ("openssl s_server cannot be run");
      return;
    }

  start = g_get_monotonic_time ();
  status = run_show (&out, &err, "--json", "--timeout", "5", "--cafile", root, address, NULL);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);
  g_test_message ("stderr: %s", err);
  g_printerr ("# 9000 certificates: show --timeout 5 took %.2f s\n", seconds);

  /* The timeout (5 s rather than the 3, for a loaded test machine), and a second for
   * the process to start and print. */
  g_assert_cmpfloat (seconds, <, 6.0);
  g_assert_cmpint (status, ==, 1);
  object = parse_json (out, parser);
  g_printerr ("# of which the handshake: %.2f s\n",
              json_object_get_double_member_with_default (object, "handshake_seconds", -1));
  verdicts = json_object_get_array_member (object, "verdicts");
  for (guint i = 0; i < json_array_get_length (verdicts); i++)
    said_count |= strstr (json_array_get_string_element (verdicts, i), "sent 9000") != NULL;
  g_assert_true (said_count);
  problems = json_object_get_array_member (object, "problems");
  for (guint i = 0; i < json_array_get_length (problems); i++)
    too_long |= g_str_equal (json_array_get_string_element (problems, i), "too-long");
  g_assert_true (too_long);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "chain")),
                    ==, PS_CHAIN_MAX_CERTIFICATES);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  pki = ps_test_pki_new (FALSE);

  g_test_add_func ("/cli-show/pins-match-gnutls-cli", test_pins_match_gnutls_cli);
  g_test_add_func ("/cli-show/trusted-json", test_trusted_json);
  g_test_add_func ("/cli-show/problems-exit-1", test_problems_exit_1);
  g_test_add_func ("/cli-show/servername", test_servername);
  g_test_add_func ("/cli-show/starttls", test_starttls);
  g_test_add_func ("/cli-show/silent-timeout", test_silent_timeout);
  g_test_add_func ("/cli-show/network-errors", test_network_errors);
  g_test_add_func ("/cli-show/usage-errors", test_usage_errors);
  g_test_add_func ("/cli-show/nine-thousand-certificates", test_nine_thousand_certificates);

  ret = g_test_run ();

  ps_test_pki_free (pki);
  return ret;
}
