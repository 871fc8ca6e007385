/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PsProbe against real TLS servers on loopback (see ps-test-tls-server.h), with chains
 * generated at test time. Pins are checked against openssl's. */
#include "config.h"

#include <gio/gio.h>
#include <gnutls/gnutls.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include "ps-probe.h"
#include "ps-test-tls-server.h"
#include "ps-test-util.h"

static PsTestPki *pki;
static PsTrustStore *store;

typedef struct
{
  GMainLoop *loop;
  PsChain *chain;
  GError *error;
  guint pending;
} ProbeResult;

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ProbeResult *r = user_data;

  r->chain = ps_probe_run_finish (PS_PROBE (object), result, &r->error);
  g_main_loop_quit (r->loop);
}

static PsChain *
probe_sync (PsProbe     *probe,
            const char  *address,
            GError     **error)
{
  ProbeResult r = { 0 };

  r.loop = g_main_loop_new (NULL, FALSE);
  ps_probe_run_async (probe, address, NULL, probe_done_cb, &r);
  g_main_loop_run (r.loop);
  g_main_loop_unref (r.loop);

  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.chain;
}

static PsProbe *
new_probe (void)
{
  PsProbe *probe = ps_probe_new ();

  ps_probe_set_trust_store (probe, store);
  /* The timeout bounds the whole retrieval, chain building included, which takes seconds
   * for the certificate with 10,000 names on a slow (or sanitizer) build. The tests of
   * timeouts set their own. */
#ifdef __SANITIZE_ADDRESS__
  /* GnuTLS checks a name against each of the 10,000 names again and again: under
   * AddressSanitizer that alone takes more than 20 s. */
  ps_probe_set_timeout (probe, 120);
#else
  ps_probe_set_timeout (probe, 20);
#endif
  return probe;
}

/* Serves @certs (a bundle) with the leaf key and probes it. */
static PsChain *
probe_chain (const char  *certs,
             const char  *key,
             const char  *servername,
             gboolean     ipv6,
             GError     **error)
{
  PsTestTlsServerOptions options = { .mode = "tls", .certs = certs, .key = key, .ipv6 = ipv6 };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autoptr(PsProbe) probe = new_probe ();
  PsChain *chain;

  if (servername != NULL)
    ps_probe_set_servername (probe, servername);
  chain = probe_sync (probe, address, error);
  ps_test_tls_server_stop (server);
  return chain;
}

static void
assert_pin_of (PsChain    *chain,
               guint       index,
               const char *pem_path)
{
  g_autofree char *expected = ps_test_openssl_pin (pem_path);
  g_autofree char *pin = ps_pin_to_base64 (
    ps_certificate_get_spki_pin (ps_chain_get_certificate (chain, index)));

  g_assert_cmpstr (pin, ==, expected);
}

static void
assert_same_cert (PsChain    *chain,
                  guint       index,
                  const char *pem_path)
{
  g_autofree char *pem = NULL;
  g_autoptr(PsCertificate) cert = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (pem_path, &pem, NULL, NULL));
  cert = ps_certificate_new_from_pem (pem, -1, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (ps_certificate_get_der (cert),
                                ps_certificate_get_der (ps_chain_get_certificate (chain, index))));
}

static void
test_parse_host (void)
{
  const struct
  {
    const char *text;
    const char *host;
    guint16 port;
  } good[] = {
    { "example.com", "example.com", 443 },
    { "Example.COM:8443", "example.com", 8443 },
    { "127.0.0.1:25", "127.0.0.1", 25 },
    { "[::1]:8443", "::1", 8443 },
    { "[::1]", "::1", 443 },
    { "::1", "::1", 443 },
    { "https://example.com:444/path?q", "example.com", 444 },
    { "bücher.example", "xn--bcher-kva.example", 443 },
    { "xn--bcher-kva.example:99", "xn--bcher-kva.example", 99 },
    { "example.com.", "example.com", 443 },
    { "[2001:DB8::A]:993", "2001:db8::a", 993 },
    { "[FE80::1%Eth0]:8443", "fe80::1%Eth0", 8443 },
  };
  const char *bad[] = { "", "example.com:0", "example.com:65536", "example.com:http",
                        "[::1", "[example.com]:80", "a b.example", "1:2:3:zz",
                        /* Control characters, which g_hostname_to_ascii() keeps. */
                        "a\apI.example", "x\033[8m.example:443", "tab\x7f.example",
                        /* Empty labels (one trailing dot is fine). */
                        "b..", "a..b.example", ".example.com:443",
                        /* IPv6 zones that are no interface name. */
                        "fe80::1%", "[fe80::1%a/b]:443", "::1%:::b+\\b",
                        /* Punctuation that is no part of a host name. */
                        "a]", "a[b.example", "a!b.example:443", "x,y.example" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *host = NULL;
      g_autoptr(GError) error = NULL;
      guint16 port = 0;

      g_autofree char *old_host = NULL;
      guint16 old_port = 0;

      g_assert_true (ps_host_parse (good[i].text, 443, &host, &port, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (host, ==, good[i].host);
      g_assert_cmpuint (port, ==, good[i].port);

      /* The former name gives the same. */
      g_assert_true (ps_probe_parse_host (good[i].text, 443, &old_host, &old_port, NULL));
      g_assert_cmpstr (old_host, ==, host);
      g_assert_cmpuint (old_port, ==, port);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (ps_host_parse (bad[i], 443, NULL, NULL, &error));
      g_assert_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_INVALID_HOST);
      g_assert_false (ps_probe_parse_host (bad[i], 443, NULL, NULL, NULL));
    }

  /* The default port is the caller's; RFC 6761 "invalid" names are known as such. */
  {
    g_autofree char *host = NULL;
    guint16 port = 0;

    g_assert_true (ps_host_parse ("mail.example", 25, &host, &port, NULL));
    g_assert_cmpuint (port, ==, 25);
  }
  g_assert_true (ps_host_is_invalid_name ("invalid"));
  g_assert_true (ps_host_is_invalid_name ("no.such.invalid"));
  g_assert_false (ps_host_is_invalid_name ("invalid.example"));
  g_assert_false (ps_host_is_invalid_name ("notinvalid"));
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_properties (void)
{
  g_autoptr(PsProbe) probe = ps_probe_new ();
  g_autofree char *servername = NULL;
  g_autoptr(PsTrustStore) got_store = NULL;
  guint timeout, max, starttls;
  guint notified = 0;

  g_assert_cmpuint (ps_probe_get_timeout (probe), ==, 10);
  g_assert_null (ps_probe_get_trust_store (probe));
  g_signal_connect (probe, "notify", G_CALLBACK (notify_cb), &notified);

  g_object_set (probe, "servername", "sni.example", "timeout", 3, "max-concurrent", 2,
                "starttls", PS_STARTTLS_LDAP, "trust-store", store, NULL);
  g_assert_cmpuint (notified, ==, 5);
  ps_probe_set_timeout (probe, 3);
  ps_probe_set_servername (probe, "sni.example");
  g_assert_cmpuint (notified, ==, 5);

  g_object_get (probe, "servername", &servername, "timeout", &timeout, "max-concurrent", &max,
                "starttls", &starttls, "trust-store", &got_store, NULL);
  g_assert_cmpstr (servername, ==, "sni.example");
  g_assert_cmpuint (timeout, ==, 3);
  g_assert_cmpuint (max, ==, 2);
  g_assert_cmpuint (starttls, ==, PS_STARTTLS_LDAP);
  g_assert_true (got_store == store);
  g_assert_cmpint (ps_probe_get_starttls (probe), ==, PS_STARTTLS_LDAP);
  g_assert_cmpuint (ps_starttls_protocol_default_port (PS_STARTTLS_LDAP), ==, 389);
}

static void
test_full_chain (void)
{
  g_autofree char *certs = ps_test_pki_bundle (pki, "full", pki->leaf, pki->inter, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = probe_chain (certs, pki->leaf_key, NULL, FALSE, &error);
  const guint *path;
  guint n_path;

  g_assert_no_error (error);
  g_assert_nonnull (chain);
  g_assert_cmpuint (ps_chain_get_n_sent (chain), ==, 2);
  g_assert_cmpuint (ps_chain_get_n_certificates (chain), ==, 3);
  g_assert_cmpint (ps_chain_get_source (chain, 0), ==, PS_CHAIN_SOURCE_SERVER);
  g_assert_cmpint (ps_chain_get_source (chain, 1), ==, PS_CHAIN_SOURCE_SERVER);
  g_assert_cmpint (ps_chain_get_source (chain, 2), ==, PS_CHAIN_SOURCE_TRUST_STORE);
  assert_same_cert (chain, 0, pki->leaf);
  assert_same_cert (chain, 1, pki->inter);
  assert_same_cert (chain, 2, pki->root);
  assert_pin_of (chain, 0, pki->leaf);
  assert_pin_of (chain, 1, pki->inter);
  assert_pin_of (chain, 2, pki->root);

  path = ps_chain_get_path (chain, &n_path);
  g_assert_cmpuint (n_path, ==, 3);
  g_assert_cmpuint (path[0], ==, 0);
  g_assert_cmpuint (path[1], ==, 1);
  g_assert_cmpuint (path[2], ==, 2);

  g_assert_true (ps_chain_get_trusted (chain));
  g_assert_cmpuint (ps_chain_get_problems (chain), ==, 0);
  g_assert_cmpstr (ps_chain_get_hostname (chain), ==, "127.0.0.1");

  g_assert_nonnull (ps_chain_get_tls_version (chain));
  g_assert_true (g_str_has_prefix (ps_chain_get_tls_version (chain), "TLS1."));
  g_assert_nonnull (ps_chain_get_cipher_suite (chain));
  g_assert_nonnull (ps_chain_get_key_exchange_group (chain));
  g_assert_cmpstr (ps_chain_get_peer_address (chain), ==, "127.0.0.1");
  g_assert_cmpfloat (ps_chain_get_handshake_seconds (chain), >, 0.0);
  g_assert_cmpfloat (ps_chain_get_handshake_seconds (chain), <, 5.0);
}

static void
test_clean_close (void)
{
  g_autofree char *certs = ps_test_pki_bundle (pki, "clean", pki->leaf, pki->inter, NULL);
  PsTestTlsServerOptions options = { .mode = "tls", .certs = certs, .key = pki->leaf_key };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autoptr(PsProbe) probe = new_probe ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = probe_sync (probe, address, &error);

  g_assert_no_error (error);
  g_assert_true (ps_test_tls_server_wait_idle (server, 5000));
  /* A close_notify, and not one byte of application data. */
  g_assert_cmpuint (ps_test_tls_server_get_clean_closes (server), ==, 1);
  g_assert_cmpuint (ps_test_tls_server_get_bytes_after_handshake (server), ==, 0);
  ps_test_tls_server_stop (server);
}

static void
test_starttls_silent (void)
{
  PsTestTlsServerOptions options = { .mode = "silent" };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autoptr(PsProbe) probe = new_probe ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = NULL;
  gint64 start = g_get_monotonic_time ();

  ps_probe_set_starttls (probe, PS_STARTTLS_IMAP);
  ps_probe_set_timeout (probe, 1);
  chain = probe_sync (probe, address, &error);
  ps_test_tls_server_stop (server);

  g_assert_null (chain);
  g_assert_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "start TLS"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

static void
test_tls12 (void)
{
  g_autofree char *certs = ps_test_pki_bundle (pki, "tls12", pki->leaf, pki->inter, NULL);
  PsTestTlsServerOptions options = { .mode = "tls", .certs = certs, .key = pki->leaf_key,
                                     .priority = "NORMAL:-VERS-ALL:+VERS-TLS1.2" };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autoptr(PsProbe) probe = new_probe ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = probe_sync (probe, address, &error);

  ps_test_tls_server_stop (server);
  g_assert_no_error (error);
  g_assert_cmpstr (ps_chain_get_tls_version (chain), ==, "TLS1.2");
  g_assert_true (g_str_has_prefix (ps_chain_get_cipher_suite (chain), "TLS_ECDHE_ECDSA_"));
  g_assert_true (ps_chain_get_trusted (chain));
}

static void
test_localhost_name (void)
{
  g_autofree char *certs = ps_test_pki_bundle (pki, "full-name", pki->leaf, pki->inter, NULL);
  PsTestTlsServerOptions options = { .mode = "tls", .certs = certs, .key = pki->leaf_key };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = g_strdup_printf ("localhost:%u",
                                              ps_test_tls_server_get_port (server));
  g_autoptr(PsProbe) probe = new_probe ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = probe_sync (probe, address, &error);

  ps_test_tls_server_stop (server);
  g_assert_no_error (error);
  g_assert_cmpstr (ps_chain_get_hostname (chain), ==, "localhost");
  g_assert_true (ps_chain_get_trusted (chain));
}

static void
test_intermediate_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = probe_chain (pki->leaf, pki->leaf_key, NULL, FALSE, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ps_chain_get_n_certificates (chain), ==, 1);
  g_assert_false (ps_chain_get_trusted (chain));
  g_assert_true (ps_chain_get_problems (chain) & PS_CHAIN_PROBLEM_INCOMPLETE_CHAIN);
  g_assert_true (ps_chain_get_problems (chain) & PS_CHAIN_PROBLEM_UNTRUSTED);
  g_assert_false (ps_chain_get_problems (chain) & PS_CHAIN_PROBLEM_EXPIRED);
}

static void
test_reversed (void)
{
  /* Correct: leaf2, inter2, inter. Sent: leaf2, inter, inter2. */
  g_autofree char *certs = ps_test_pki_bundle (pki, "reversed", pki->leaf2, pki->inter,
                                               pki->inter2, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = probe_chain (certs, pki->leaf_key, NULL, FALSE, &error);
  const guint *path;
  guint n_path;

  g_assert_no_error (error);
  g_assert_cmpuint (ps_chain_get_n_sent (chain), ==, 3);
  assert_same_cert (chain, 1, pki->inter);
  assert_same_cert (chain, 2, pki->inter2);
  path = ps_chain_get_path (chain, &n_path);
  g_assert_cmpuint (n_path, ==, 4);
  g_assert_cmpuint (path[0], ==, 0);
  g_assert_cmpuint (path[1], ==, 2);
  g_assert_cmpuint (path[2], ==, 1);
  g_assert_cmpuint (path[3], ==, 3);
  g_assert_cmpint (ps_chain_get_depth (chain, 2), ==, 1);
  g_assert_cmpuint (ps_chain_get_problems (chain), ==, PS_CHAIN_PROBLEM_WRONG_ORDER);
  g_assert_true (ps_chain_get_trusted (chain));
}

static void
test_root_sent (void)
{
  g_autofree char *certs = ps_test_pki_bundle (pki, "with-root", pki->leaf, pki->inter,
                                               pki->root, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = probe_chain (certs, pki->leaf_key, NULL, FALSE, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ps_chain_get_n_certificates (chain), ==, 3);
  g_assert_cmpint (ps_chain_get_source (chain, 2), ==, PS_CHAIN_SOURCE_SERVER);
  g_assert_cmpuint (ps_chain_get_problems (chain), ==, PS_CHAIN_PROBLEM_ROOT_SENT);
  g_assert_true (ps_chain_get_trusted (chain));
}

static void
test_duplicates (void)
{
  g_autofree char *certs = ps_test_pki_bundle (pki, "dups", pki->leaf, pki->inter,
                                               pki->inter, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = probe_chain (certs, pki->leaf_key, NULL, FALSE, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ps_chain_get_n_sent (chain), ==, 3);
  g_assert_cmpint (ps_chain_get_depth (chain, 2), ==, -1);
  g_assert_cmpuint (ps_chain_get_problems (chain), ==,
                    PS_CHAIN_PROBLEM_DUPLICATE_CERTIFICATES);
}

static void
test_expired (void)
{
  g_autofree char *certs = ps_test_pki_bundle (pki, "expired-chain", pki->expired,
                                               pki->inter, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = probe_chain (certs, pki->leaf_key, NULL, FALSE, &error);
  g_auto(GStrv) verdicts = NULL;

  g_assert_no_error (error);
  g_assert_false (ps_chain_get_trusted (chain));
  g_assert_true (ps_chain_get_gnutls_status (chain) & GNUTLS_CERT_EXPIRED);
  g_assert_cmpuint (ps_chain_get_problems (chain), ==, PS_CHAIN_PROBLEM_EXPIRED);
  verdicts = ps_chain_dup_verdicts (chain);
  g_assert_true (g_strv_contains ((const char * const *) verdicts,
                                  ps_chain_problem_to_string (PS_CHAIN_PROBLEM_EXPIRED)));
}

static void
test_self_signed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = probe_chain (pki->self_signed, pki->leaf_key, NULL, FALSE,
                                          &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ps_chain_get_n_certificates (chain), ==, 1);
  g_assert_false (ps_chain_get_trusted (chain));
  g_assert_true (ps_chain_get_gnutls_status (chain) & GNUTLS_CERT_SIGNER_NOT_FOUND);
  g_assert_cmpuint (ps_chain_get_problems (chain), ==, PS_CHAIN_PROBLEM_UNTRUSTED);
  assert_pin_of (chain, 0, pki->self_signed);
}

static void
test_hostname_mismatch (void)
{
  g_autofree char *certs = ps_test_pki_bundle (pki, "mismatch", pki->leaf, pki->inter, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = probe_chain (certs, pki->leaf_key, "wrong.example", FALSE,
                                          &error);
  g_auto(GStrv) verdicts = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (ps_chain_get_hostname (chain), ==, "wrong.example");
  g_assert_false (ps_chain_get_trusted (chain));
  g_assert_cmpuint (ps_chain_get_problems (chain), ==, PS_CHAIN_PROBLEM_HOSTNAME_MISMATCH);
  verdicts = ps_chain_dup_verdicts (chain);
  g_assert_cmpuint (g_strv_length (verdicts), >=, 1);
  g_assert_nonnull (strstr (verdicts[0], "wrong.example"));
}

static void
test_forty_certificates (void)
{
  g_autofree char *extras = ps_test_pki_make_unrelated (pki, "unrelated", 38);
  g_autofree char *certs = ps_test_pki_bundle (pki, "forty", pki->leaf, pki->inter, extras,
                                               NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = probe_chain (certs, pki->leaf_key, NULL, FALSE, &error);
  g_autofree char *pem = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  const char *p;

  g_assert_no_error (error);
  g_assert_cmpuint (ps_chain_get_n_sent (chain), ==, 40);
  g_assert_cmpuint (ps_chain_get_problems (chain), ==, PS_CHAIN_PROBLEM_EXTRA_CERTIFICATES);
  g_assert_true (ps_chain_get_trusted (chain));

  /* Order kept: the i-th certificate is the i-th of the file. */
  g_assert_true (g_file_get_contents (certs, &pem, NULL, NULL));
  p = pem;
  for (guint i = 0; i < 40; i++)
    {
      const char *end = strstr (p, "-----END CERTIFICATE-----");
      g_autoptr(PsCertificate) cert = NULL;
      g_autoptr(GError) local_error = NULL;

      g_assert_nonnull (end);
      end += strlen ("-----END CERTIFICATE-----");
      cert = ps_certificate_new_from_pem (p, end - p, &local_error);
      g_assert_no_error (local_error);
      g_assert_true (g_bytes_equal (ps_certificate_get_der (cert),
                                    ps_certificate_get_der (ps_chain_get_certificate (chain, i))));
      p = end;
    }
}

/* More certificates than are kept: the first PS_CHAIN_MAX_CERTIFICATES, in order, and the
 * chain's problems say the rest were dropped. Leaf first: its path is whole. */
static void
test_too_many_certificates (void)
{
  const guint n = PS_CHAIN_MAX_CERTIFICATES + 200;
  g_autofree char *key = NULL;
  g_autofree char *root = NULL;
  g_autofree char *certs = ps_test_pki_make_long_chain (pki, "twelve-hundred", n, FALSE, &key,
                                                        &root);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = probe_chain (certs, key, NULL, FALSE, &error);
  g_auto(GStrv) verdicts = NULL;
  g_autofree char *count = g_strdup_printf ("sent %u certificates", n);
  gboolean said = FALSE;
  guint n_path;

  g_assert_no_error (error);
  g_assert_cmpuint (ps_chain_get_n_sent (chain), ==, PS_CHAIN_MAX_CERTIFICATES);
  g_assert_cmpuint (ps_chain_get_n_received (chain), ==, n);
  g_assert_true (ps_chain_get_problems (chain) & PS_CHAIN_PROBLEM_TOO_LONG);
  ps_chain_get_path (chain, &n_path);
  g_assert_cmpuint (n_path, ==, PS_CHAIN_MAX_PATH);
  g_assert_cmpint (ps_chain_get_depth (chain, 0), ==, 0);
  g_assert_cmpint (ps_chain_get_depth (chain, PS_CHAIN_MAX_PATH), ==, -1);

  verdicts = ps_chain_dup_verdicts (chain);
  for (guint i = 0; verdicts[i] != NULL; i++)
    said |= strstr (verdicts[i], count) != NULL;
  g_assert_true (said);
}

static void
test_many_sans (void)
{
  g_autofree char *leaf = ps_test_pki_make_many_sans (pki, "many-sans", 10000);
  g_autofree char *certs = ps_test_pki_bundle (pki, "many-sans-chain", leaf, pki->inter, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = probe_chain (certs, pki->leaf_key, NULL, FALSE, &error);
  const char * const *sans;

  g_assert_no_error (error);
  g_assert_cmpuint (ps_chain_get_n_sent (chain), ==, 2);
  sans = ps_certificate_get_sans (ps_chain_get_certificate (chain, 0));
  g_assert_cmpuint (g_strv_length ((char **) sans), >=, 10000);
  g_assert_true (ps_chain_get_trusted (chain));
  assert_pin_of (chain, 0, leaf);
}

static void
test_rsa (void)
{
  g_autofree char *certs = ps_test_pki_bundle (pki, "rsa-chain", pki->rsa_leaf, pki->inter,
                                               NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = probe_chain (certs, pki->rsa_key, NULL, FALSE, &error);
  PsCertificate *leaf;

  g_assert_no_error (error);
  g_assert_true (ps_chain_get_trusted (chain));
  leaf = ps_chain_get_certificate (chain, 0);
  g_assert_cmpuint (ps_certificate_get_key_bits (leaf), ==, 2048);
  g_assert_nonnull (strstr (ps_certificate_get_key_algorithm (leaf), "RSA"));
  assert_pin_of (chain, 0, pki->rsa_leaf);
  assert_pin_of (chain, 1, pki->inter);
}

static void
test_ipv6 (void)
{
  g_autofree char *certs = ps_test_pki_bundle (pki, "v6", pki->leaf, pki->inter, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = probe_chain (certs, pki->leaf_key, NULL, TRUE, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ps_chain_get_peer_address (chain), ==, "::1");
  g_assert_cmpstr (ps_chain_get_hostname (chain), ==, "::1");
  g_assert_true (ps_chain_get_trusted (chain));
  assert_pin_of (chain, 0, pki->leaf);
}

static void
run_starttls (const char *protocol,
              gboolean    refuse)
{
  g_autofree char *certs = ps_test_pki_bundle (pki, "starttls", pki->leaf, pki->inter, NULL);
  PsTestTlsServerOptions options = { .mode = "tls", .certs = certs, .key = pki->leaf_key,
                                     .starttls = protocol, .refuse = refuse };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autoptr(PsProbe) probe = new_probe ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = NULL;
  PsStarttlsProtocol proto;

  g_assert_true (ps_starttls_protocol_from_string (protocol, &proto));
  ps_probe_set_starttls (probe, proto);
  chain = probe_sync (probe, address, &error);
  ps_test_tls_server_stop (server);

  if (refuse)
    {
      g_assert_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_STARTTLS_REFUSED);
      g_assert_null (chain);
      return;
    }

  g_assert_no_error (error);
  g_assert_cmpuint (ps_chain_get_n_sent (chain), ==, 2);
  g_assert_true (ps_chain_get_trusted (chain));
  assert_pin_of (chain, 0, pki->leaf);
}

static void
test_starttls (gconstpointer data)
{
  run_starttls (data, FALSE);
}

static void
test_starttls_refused (gconstpointer data)
{
  run_starttls (data, TRUE);
}

static void
test_starttls_garbage (gconstpointer data)
{
  PsTestTlsServerOptions options = { .mode = "garbage" };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autoptr(PsProbe) probe = new_probe ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = NULL;
  PsStarttlsProtocol proto;

  g_assert_true (ps_starttls_protocol_from_string (data, &proto));
  ps_probe_set_starttls (probe, proto);
  chain = probe_sync (probe, address, &error);
  ps_test_tls_server_stop (server);

  g_assert_null (chain);
  g_assert_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_PROTOCOL);
  g_test_message ("%s", error->message);
}

static GError *
probe_mode (const char *mode,
            guint       timeout,
            double     *seconds)
{
  PsTestTlsServerOptions options = { .mode = mode };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autoptr(PsProbe) probe = new_probe ();
  g_autoptr(PsChain) chain = NULL;
  GError *error = NULL;
  gint64 start;

  ps_probe_set_timeout (probe, timeout);
  start = g_get_monotonic_time ();
  chain = probe_sync (probe, address, &error);
  if (seconds != NULL)
    *seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  ps_test_tls_server_stop (server);

  g_assert_null (chain);
  g_assert_nonnull (error);
  g_test_message ("%s: %s", mode, error->message);
  return error;
}

static void
test_silent (void)
{
  double seconds;
  g_autoptr(GError) error = probe_mode ("silent", 2, &seconds);

  g_assert_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "handshake"));
  g_assert_cmpfloat (seconds, >=, 1.9);
  g_assert_cmpfloat (seconds, <=, 3.0);
}

static void
test_close (void)
{
  g_autoptr(GError) error = probe_mode ("close", 5, NULL);

  g_assert_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_CLOSED);
}

static void
test_http (void)
{
  g_autoptr(GError) error = probe_mode ("http", 5, NULL);

  g_assert_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_NOT_TLS);
  g_assert_nonnull (strstr (error->message, "HTTP"));
}

static void
test_garbage (void)
{
  g_autoptr(GError) error = probe_mode ("garbage", 5, NULL);

  g_assert_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_NOT_TLS);
}

static guint16
free_port (void)
{
  struct sockaddr_in sin = { .sin_family = AF_INET };
  socklen_t len = sizeof sin;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &sin, sizeof sin), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &sin, &len), ==, 0);
  close (fd);  /* nobody listens there now */
  return ntohs (sin.sin_port);
}

static void
test_refused (void)
{
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", free_port ());
  g_autoptr(PsProbe) probe = new_probe ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = probe_sync (probe, address, &error);

  g_assert_null (chain);
  g_assert_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_REFUSED);
}

/* A listening socket that never accepts, its queue filled: new SYNs are dropped, so a
 * connection attempt hangs in the connect phase (on loopback). */
static void
test_connect_timeout (void)
{
  struct sockaddr_in sin = { .sin_family = AF_INET };
  socklen_t len = sizeof sin;
  int listener = socket (AF_INET, SOCK_STREAM, 0);
  int fillers[4];
  g_autofree char *address = NULL;
  g_autoptr(PsProbe) probe = new_probe ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = NULL;
  gint64 start;

  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (listener, (struct sockaddr *) &sin, sizeof sin), ==, 0);
  g_assert_cmpint (listen (listener, 0), ==, 0);
  g_assert_cmpint (getsockname (listener, (struct sockaddr *) &sin, &len), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (fillers); i++)
    {
      fillers[i] = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      connect (fillers[i], (struct sockaddr *) &sin, sizeof sin);
    }
  g_usleep (100000);

  address = g_strdup_printf ("127.0.0.1:%u", ntohs (sin.sin_port));
  ps_probe_set_timeout (probe, 1);
  start = g_get_monotonic_time ();
  chain = probe_sync (probe, address, &error);

  for (guint i = 0; i < G_N_ELEMENTS (fillers); i++)
    close (fillers[i]);
  close (listener);

  g_assert_null (chain);
  g_test_message ("%s", error->message);
  g_assert_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "connecting"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

static void
test_unresolvable (void)
{
  g_autoptr(PsProbe) probe = new_probe ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = probe_sync (probe, "no-such-host.invalid:443", &error);

  g_assert_null (chain);
  g_assert_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_DNS);
}

static void
test_invalid_host (void)
{
  g_autoptr(PsProbe) probe = new_probe ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = probe_sync (probe, "example.com:99999", &error);

  g_assert_null (chain);
  g_assert_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_INVALID_HOST);
}

static void
test_alert (void)
{
  g_autofree char *certs = ps_test_pki_bundle (pki, "alert", pki->leaf, pki->inter, NULL);
  PsTestTlsServerOptions options = { .mode = "tls", .certs = certs, .key = pki->leaf_key,
                                     .alpn_mandatory = "pinscope-test" };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autoptr(PsProbe) probe = new_probe ();
  const char * const alpn[] = { "something-else", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = NULL;

  ps_probe_set_alpn (probe, alpn);
  chain = probe_sync (probe, address, &error);
  ps_test_tls_server_stop (server);

  g_assert_null (chain);
  g_assert_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_HANDSHAKE_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "alert"));
}

static void
test_alpn (void)
{
  g_autofree char *certs = ps_test_pki_bundle (pki, "alpn", pki->leaf, pki->inter, NULL);
  PsTestTlsServerOptions options = { .mode = "tls", .certs = certs, .key = pki->leaf_key,
                                     .alpn_mandatory = "pinscope-test" };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autoptr(PsProbe) probe = new_probe ();
  const char * const alpn[] = { "h2", "pinscope-test", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = NULL;

  ps_probe_set_alpn (probe, alpn);
  chain = probe_sync (probe, address, &error);
  ps_test_tls_server_stop (server);

  g_assert_no_error (error);
  g_assert_cmpstr (ps_chain_get_alpn (chain), ==, "pinscope-test");
}

static void
many_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ProbeResult *r = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsChain) chain = ps_probe_run_finish (PS_PROBE (object), result, &error);

  if (error != NULL && r->error == NULL)
    r->error = g_error_copy (error);
  if (--r->pending == 0)
    g_main_loop_quit (r->loop);
}

static void
test_concurrent (void)
{
  g_autofree char *certs = ps_test_pki_bundle (pki, "many", pki->leaf, pki->inter, NULL);
  PsTestTlsServerOptions options = { .mode = "tls", .certs = certs, .key = pki->leaf_key };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autoptr(PsProbe) probe = new_probe ();
  ProbeResult r = { 0 };

  ps_probe_set_max_concurrent (probe, 4);
  r.loop = g_main_loop_new (NULL, FALSE);
  r.pending = 24;
  for (guint i = 0; i < 24; i++)
    ps_probe_run_async (probe, address, NULL, many_done_cb, &r);
  g_main_loop_run (r.loop);
  g_main_loop_unref (r.loop);
  ps_test_tls_server_stop (server);

  g_assert_no_error (r.error);
}

static gboolean
tick_cb (gpointer user_data)
{
  guint *ticks = user_data;

  (*ticks)++;
  return G_SOURCE_CONTINUE;
}

static void
test_bound_and_main_loop (void)
{
  /* Four silent servers' worth of probes, two at a time, 1 s timeout: two rounds, while
   * the main loop keeps ticking. */
  PsTestTlsServerOptions options = { .mode = "silent" };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autoptr(PsProbe) probe = new_probe ();
  ProbeResult r = { 0 };
  guint ticks = 0;
  guint tick_id;
  gint64 start;
  double seconds;

  ps_probe_set_max_concurrent (probe, 2);
  ps_probe_set_timeout (probe, 1);
  r.loop = g_main_loop_new (NULL, FALSE);
  r.pending = 4;
  tick_id = g_timeout_add (50, tick_cb, &ticks);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 4; i++)
    ps_probe_run_async (probe, address, NULL, many_done_cb, &r);
  g_main_loop_run (r.loop);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_source_remove (tick_id);
  g_main_loop_unref (r.loop);
  ps_test_tls_server_stop (server);

  g_assert_error (r.error, PS_PROBE_ERROR, PS_PROBE_ERROR_TIMED_OUT);
  g_clear_error (&r.error);
  g_assert_cmpfloat (seconds, >=, 1.9);
  g_assert_cmpfloat (seconds, <, 3.5);
  g_assert_cmpuint (ticks, >=, 15);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  PsTestTlsServerOptions options = { .mode = "silent" };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autoptr(PsProbe) probe = new_probe ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ProbeResult r = { 0 };
  gint64 start;

  /* One running, one waiting for a slot: both end at once when cancelled. */
  ps_probe_set_max_concurrent (probe, 1);
  r.loop = g_main_loop_new (NULL, FALSE);
  r.pending = 2;
  start = g_get_monotonic_time ();
  ps_probe_run_async (probe, address, cancellable, many_done_cb, &r);
  ps_probe_run_async (probe, address, cancellable, many_done_cb, &r);
  g_timeout_add (300, cancel_cb, cancellable);
  g_main_loop_run (r.loop);
  g_main_loop_unref (r.loop);
  ps_test_tls_server_stop (server);

  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

static void
test_cancel_at_once (void)
{
  PsTestTlsServerOptions options = { .mode = "silent" };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  g_autoptr(PsProbe) probe = new_probe ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  ProbeResult r = { 0 };

  /* Cancelled while connecting, and already cancelled before starting. */
  g_cancellable_cancel (cancelled);
  r.loop = g_main_loop_new (NULL, FALSE);
  r.pending = 2;
  ps_probe_run_async (probe, address, cancellable, many_done_cb, &r);
  g_cancellable_cancel (cancellable);
  ps_probe_run_async (probe, address, cancelled, many_done_cb, &r);
  g_main_loop_run (r.loop);
  g_main_loop_unref (r.loop);
  ps_test_tls_server_stop (server);

  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
}

static void
negotiate_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!ps_starttls_negotiate_finish (result, &error))
    g_assert_true (error->domain == PS_PROBE_ERROR);
  *done = TRUE;
}

/* Answers made of pieces of real answers and random bytes, fed from memory: every one ends
 * in success or a PS_PROBE_ERROR, never a crash (the sanitizer build runs this too). */
static void
test_starttls_fuzz (void)
{
  const char *pieces[] = {
    "220 ready\r\n", "220-a\r\n", "250-STARTTLS\r\n", "250 ok\r\n", "* OK hi\r\n",
    "a001 OK go\r\n", "+OK\r\n", "-ERR\r\n", "234 go\r\n", "120 wait\r\n",
    "<stream:features>", "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>",
    "</stream:features>", "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", "<failure/>",
    "\x30\x0c\x02\x01\x01\x78\x07\x0a\x01\x00\x04\x00\x04\x00", "\x30\x84\xff\xff",
    "\x30\x82", "\x02\x01", "\x78\x81", "\x0a\x04\x00\x00\x00\x01", "S", "N", "E",
    "\r\n", "\n", " ",
  };
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());

  for (PsStarttlsProtocol proto = PS_STARTTLS_SMTP; proto <= PS_STARTTLS_POSTGRES; proto++)
    for (guint round = 0; round < 1000; round++)
      {
        g_autoptr(GByteArray) input = g_byte_array_new ();
        g_autoptr(GInputStream) in = NULL;
        g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
        g_autoptr(GIOStream) stream = NULL;
        guint n_parts = g_rand_int_range (rand, 0, 8);
        gboolean done = FALSE;

        for (guint i = 0; i < n_parts; i++)
          {
            if (g_rand_boolean (rand))
              {
                const char *piece = pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))];
                g_byte_array_append (input, (const guint8 *) piece, strlen (piece));
              }
            else
              {
                guint len = g_rand_int_range (rand, 1, 40);

                for (guint j = 0; j < len; j++)
                  {
                    guint8 byte = g_rand_int_range (rand, 0, 256);
                    g_byte_array_append (input, &byte, 1);
                  }
              }
          }

        in = g_memory_input_stream_new_from_data (g_memdup2 (input->data, input->len),
                                                  input->len, g_free);
        stream = g_simple_io_stream_new (in, out);
        ps_starttls_negotiate_async (stream, proto, "fuzz.example", NULL, negotiate_done_cb,
                                     &done);
        while (!done)
          g_main_context_iteration (NULL, TRUE);
      }

  g_rand_free (rand);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GFile) ca_file = NULL;
  g_autoptr(GError) error = NULL;
  const char *protocols[] = { "smtp", "imap", "pop3", "ftp", "xmpp", "ldap", "postgres" };
  int ret;

  g_test_init (&argc, &argv, NULL);

  pki = ps_test_pki_new (TRUE);
  ca_file = g_file_new_for_path (pki->root);
  store = ps_trust_store_new_from_file (ca_file, &error);
  g_assert_no_error (error);

  g_test_add_func ("/probe/parse-host", test_parse_host);
  g_test_add_func ("/probe/too-many-certificates", test_too_many_certificates);
  g_test_add_func ("/probe/properties", test_properties);
  g_test_add_func ("/probe/full-chain", test_full_chain);
  g_test_add_func ("/probe/localhost-name", test_localhost_name);
  g_test_add_func ("/probe/tls12", test_tls12);
  g_test_add_func ("/probe/clean-close", test_clean_close);
  g_test_add_func ("/probe/starttls-silent", test_starttls_silent);
  g_test_add_func ("/probe/intermediate-missing", test_intermediate_missing);
  g_test_add_func ("/probe/reversed", test_reversed);
  g_test_add_func ("/probe/root-sent", test_root_sent);
  g_test_add_func ("/probe/duplicates", test_duplicates);
  g_test_add_func ("/probe/expired", test_expired);
  g_test_add_func ("/probe/self-signed", test_self_signed);
  g_test_add_func ("/probe/hostname-mismatch", test_hostname_mismatch);
  g_test_add_func ("/probe/forty-certificates", test_forty_certificates);
  g_test_add_func ("/probe/many-sans", test_many_sans);
  g_test_add_func ("/probe/rsa", test_rsa);
  g_test_add_func ("/probe/ipv6", test_ipv6);
  for (guint i = 0; i < G_N_ELEMENTS (protocols); i++)
    {
      g_autofree char *path = g_strdup_printf ("/probe/starttls/%s", protocols[i]);
      g_autofree char *refused = g_strdup_printf ("/probe/starttls-refused/%s", protocols[i]);
      g_autofree char *garbage = g_strdup_printf ("/probe/starttls-garbage/%s", protocols[i]);

      g_test_add_data_func (path, protocols[i], test_starttls);
      g_test_add_data_func (refused, protocols[i], test_starttls_refused);
      g_test_add_data_func (garbage, protocols[i], test_starttls_garbage);
    }
  g_test_add_func ("/probe/starttls-fuzz", test_starttls_fuzz);
  g_test_add_func ("/probe/silent", test_silent);
  g_test_add_func ("/probe/close", test_close);
  g_test_add_func ("/probe/http", test_http);
  g_test_add_func ("/probe/garbage", test_garbage);
  g_test_add_func ("/probe/refused", test_refused);
  g_test_add_func ("/probe/connect-timeout", test_connect_timeout);
  g_test_add_func ("/probe/unresolvable", test_unresolvable);
  g_test_add_func ("/probe/invalid-host", test_invalid_host);
  g_test_add_func ("/probe/alert", test_alert);
  g_test_add_func ("/probe/alpn", test_alpn);
  g_test_add_func ("/probe/concurrent", test_concurrent);
  g_test_add_func ("/probe/bound-and-main-loop", test_bound_and_main_loop);
  g_test_add_func ("/probe/cancel", test_cancel);
  g_test_add_func ("/probe/cancel-at-once", test_cancel_at_once);

  ret = g_test_run ();

  g_clear_object (&store);
  ps_test_pki_free (pki);
  return ret;
}
