/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PsChain and PsTrustStore on chains read from files (no connection), as the pinset code
 * uses them for rotation readiness. */
#include "config.h"

#include <gnutls/gnutls.h>
#include <string.h>

#include "ps-chain.h"
#include "ps-error.h"
#include "ps-test-tls-server.h"
#include "ps-test-util.h"

static PsTestPki *pki;
static PsTrustStore *store;

static PsCertificate *
load (const char *path)
{
  g_autofree char *pem = NULL;
  g_autoptr(GError) error = NULL;
  PsCertificate *cert;

  g_assert_true (g_file_get_contents (path, &pem, NULL, NULL));
  cert = ps_certificate_new_from_pem (pem, -1, &error);
  g_assert_no_error (error);
  return cert;
}

/* A chain of the files given, in that order. */
static PsChain *
chain_of (const char *hostname,
          ...) G_GNUC_NULL_TERMINATED;

static PsChain *
chain_of (const char *hostname,
          ...)
{
  g_autoptr(GPtrArray) certs = g_ptr_array_new_with_free_func (g_object_unref);
  const char *path;
  va_list args;

  va_start (args, hostname);
  while ((path = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (certs, load (path));
  va_end (args);

  return ps_chain_new (certs, store, hostname);
}

static gboolean
same (PsCertificate *a,
      const char    *path)
{
  g_autoptr(PsCertificate) b = load (path);

  return g_bytes_equal (ps_certificate_get_der (a), ps_certificate_get_der (b));
}

static void
test_store_file (void)
{
  g_autoptr(PsCertificate) root = load (pki->root);
  g_autoptr(PsCertificate) inter = load (pki->inter);
  g_autoptr(PsCertificate) leaf = load (pki->leaf);
  g_autoptr(PsCertificate) issuer = NULL;
  g_autoptr(PsCertificate) none = NULL;

  g_assert_true (ps_trust_store_contains (store, root));
  g_assert_false (ps_trust_store_contains (store, inter));
  g_assert_false (ps_trust_store_contains (store, leaf));

  issuer = ps_trust_store_find_issuer (store, inter);
  g_assert_nonnull (issuer);
  g_assert_true (same (issuer, pki->root));
  none = ps_trust_store_find_issuer (store, leaf);
  g_assert_null (none);

  g_assert_nonnull (ps_trust_store_get_gnutls (store));
  g_assert_nonnull (strstr (ps_trust_store_get_description (store), "root.pem"));
}

static void
test_store_file_errors (void)
{
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/pinscope/ca.pem");
  g_autofree char *empty_path = g_build_filename (pki->dir, "empty.pem", NULL);
  g_autoptr(GFile) empty = g_file_new_for_path (empty_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(PsTrustStore) s1 = NULL;
  g_autoptr(PsTrustStore) s2 = NULL;

  s1 = ps_trust_store_new_from_file (missing, &error);
  g_assert_null (s1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_assert_true (g_file_set_contents (empty_path, "no certificate here\n", -1, NULL));
  s2 = ps_trust_store_new_from_file (empty, &error2);
  g_assert_null (s2);
  g_assert_error (error2, PS_ERROR, PS_ERROR_NOTHING_FOUND);
}

static void
test_store_system (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsTrustStore) a = ps_trust_store_get_system (&error);
  g_autoptr(PsTrustStore) b = NULL;
  g_autoptr(PsCertificate) inter = load (pki->inter);
  g_autoptr(PsCertificate) root = load (pki->root);
  g_autoptr(PsCertificate) issuer = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (a);
  b = ps_trust_store_get_system (&error);
  g_assert_true (a == b);

  /* Our test root is nobody's anchor. */
  issuer = ps_trust_store_find_issuer (a, inter);
  g_assert_null (issuer);
  g_assert_false (ps_trust_store_contains (a, root));
}

static void
test_full (void)
{
  g_autoptr(PsChain) chain = chain_of ("localhost", pki->leaf, pki->inter, NULL);
  g_auto(GStrv) verdicts = ps_chain_dup_verdicts (chain);
  const guint *path;
  guint n_path;

  g_assert_cmpuint (ps_chain_get_n_sent (chain), ==, 2);
  g_assert_cmpuint (ps_chain_get_n_certificates (chain), ==, 3);
  g_assert_cmpint (ps_chain_get_source (chain, 2), ==, PS_CHAIN_SOURCE_TRUST_STORE);
  g_assert_true (same (ps_chain_get_certificate (chain, 2), pki->root));
  path = ps_chain_get_path (chain, &n_path);
  g_assert_cmpuint (n_path, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpuint (path[i], ==, i);
      g_assert_cmpint (ps_chain_get_depth (chain, i), ==, i);
    }
  g_assert_true (ps_chain_get_trusted (chain));
  g_assert_cmpuint (ps_chain_get_gnutls_status (chain), ==, 0);
  g_assert_cmpuint (ps_chain_get_problems (chain), ==, 0);
  g_assert_cmpstr (ps_chain_get_hostname (chain), ==, "localhost");
  g_assert_cmpuint (g_strv_length (verdicts), ==, 1);
  g_assert_nonnull (strstr (verdicts[0], "localhost"));

  /* No connection: no facts. */
  g_assert_null (ps_chain_get_tls_version (chain));
  g_assert_null (ps_chain_get_cipher_suite (chain));
  g_assert_null (ps_chain_get_key_exchange_group (chain));
  g_assert_null (ps_chain_get_alpn (chain));
  g_assert_null (ps_chain_get_peer_address (chain));
  g_assert_cmpfloat (ps_chain_get_handshake_seconds (chain), ==, 0.0);
}

static void
test_no_hostname (void)
{
  g_autoptr(PsChain) chain = chain_of (NULL, pki->leaf2, pki->inter2, pki->inter, NULL);

  g_assert_null (ps_chain_get_hostname (chain));
  g_assert_true (ps_chain_get_trusted (chain));
  g_assert_cmpuint (ps_chain_get_problems (chain), ==, 0);
  g_assert_cmpuint (ps_chain_get_n_certificates (chain), ==, 4);
}

static void
test_leaf_only (void)
{
  g_autoptr(PsChain) chain = chain_of ("localhost", pki->leaf, NULL);
  guint n_path;

  ps_chain_get_path (chain, &n_path);
  g_assert_cmpuint (n_path, ==, 1);
  g_assert_false (ps_chain_get_trusted (chain));
  g_assert_cmpuint (ps_chain_get_problems (chain), ==,
                    PS_CHAIN_PROBLEM_INCOMPLETE_CHAIN | PS_CHAIN_PROBLEM_UNTRUSTED);
}

static void
test_leaf_not_first (void)
{
  g_autoptr(PsChain) chain = chain_of ("localhost", pki->inter, pki->leaf, NULL);
  const guint *path;
  guint n_path;

  path = ps_chain_get_path (chain, &n_path);
  g_assert_cmpuint (n_path, ==, 3);
  g_assert_cmpuint (path[0], ==, 1);
  g_assert_cmpuint (path[1], ==, 0);
  g_assert_cmpuint (ps_chain_get_problems (chain), ==, PS_CHAIN_PROBLEM_WRONG_ORDER);
  g_assert_true (ps_chain_get_trusted (chain));
}

static void
test_root_sent_and_extra (void)
{
  g_autoptr(PsChain) chain = chain_of ("localhost", pki->leaf, pki->inter, pki->root,
                                       pki->self_signed, pki->inter, NULL);

  g_assert_cmpuint (ps_chain_get_n_certificates (chain), ==, 5);
  g_assert_cmpint (ps_chain_get_depth (chain, 3), ==, -1);
  g_assert_cmpint (ps_chain_get_depth (chain, 4), ==, -1);
  g_assert_cmpuint (ps_chain_get_problems (chain), ==,
                    PS_CHAIN_PROBLEM_ROOT_SENT | PS_CHAIN_PROBLEM_EXTRA_CERTIFICATES |
                    PS_CHAIN_PROBLEM_DUPLICATE_CERTIFICATES);
  g_assert_true (ps_chain_get_trusted (chain));
}

static void
test_expired_untrusted (void)
{
  /* Without the intermediate GnuTLS stops at the unknown issuer; the date is still
   * checked. */
  g_autoptr(PsChain) chain = chain_of ("localhost", pki->expired, NULL);
  g_autoptr(PsChain) chain2 = chain_of ("localhost", pki->expired, pki->inter, NULL);

  g_assert_cmpuint (ps_chain_get_problems (chain), ==,
                    PS_CHAIN_PROBLEM_INCOMPLETE_CHAIN | PS_CHAIN_PROBLEM_UNTRUSTED |
                    PS_CHAIN_PROBLEM_EXPIRED);
  g_assert_cmpuint (ps_chain_get_problems (chain2), ==, PS_CHAIN_PROBLEM_EXPIRED);
  g_assert_false (ps_chain_get_trusted (chain2));
}

static void
test_self_signed_anchor (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (pki->self_signed);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsTrustStore) own = ps_trust_store_new_from_file (file, &error);
  g_autoptr(GPtrArray) certs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PsChain) trusted = NULL;
  g_autoptr(PsChain) untrusted = chain_of ("localhost", pki->self_signed, NULL);

  g_assert_no_error (error);
  g_ptr_array_add (certs, load (pki->self_signed));
  trusted = ps_chain_new (certs, own, "localhost");
  g_assert_true (ps_chain_get_trusted (trusted));
  g_assert_cmpuint (ps_chain_get_problems (trusted), ==, 0);
  g_assert_cmpuint (ps_chain_get_n_certificates (trusted), ==, 1);

  g_assert_false (ps_chain_get_trusted (untrusted));
  g_assert_cmpuint (ps_chain_get_problems (untrusted), ==, PS_CHAIN_PROBLEM_UNTRUSTED);

  /* Said as it is, not as an unknown issuer. */
  {
    g_auto(GStrv) verdicts = ps_chain_dup_verdicts (untrusted);

    g_assert_true (g_strv_contains ((const char * const *) verdicts,
                                    "The certificate is self-signed and not in the trust store."));
    for (guint i = 0; verdicts[i] != NULL; i++)
      g_assert_null (strstr (verdicts[i], "issuer is unknown"));
  }
}

static void
test_hostname_mismatch (void)
{
  g_autoptr(PsChain) chain = chain_of ("other.example", pki->leaf, pki->inter, NULL);
  g_autoptr(PsChain) ip = chain_of ("127.0.0.1", pki->leaf, pki->inter, NULL);
  g_autoptr(PsChain) ip6 = chain_of ("::1", pki->leaf, pki->inter, NULL);
  g_autoptr(PsChain) wrong_ip = chain_of ("127.0.0.2", pki->leaf, pki->inter, NULL);

  g_assert_cmpuint (ps_chain_get_problems (chain), ==, PS_CHAIN_PROBLEM_HOSTNAME_MISMATCH);
  g_assert_true (ps_chain_get_gnutls_status (chain) & GNUTLS_CERT_UNEXPECTED_OWNER);
  g_assert_cmpuint (ps_chain_get_problems (ip), ==, 0);
  g_assert_cmpuint (ps_chain_get_problems (ip6), ==, 0);
  g_assert_cmpuint (ps_chain_get_problems (wrong_ip), ==, PS_CHAIN_PROBLEM_HOSTNAME_MISMATCH);
}

static void
test_weak_signature (void)
{
  g_autofree char *csr = g_build_filename (pki->dir, "sha1.csr", NULL);
  g_autofree char *ext = g_build_filename (pki->dir, "sha1.ext", NULL);
  g_autofree char *leaf = g_build_filename (pki->dir, "sha1.pem", NULL);
  g_autofree char *cmd = NULL;
  g_autofree char *out = NULL;
  g_autoptr(PsChain) chain = NULL;
  int status;

  g_assert_true (g_file_set_contents (ext, "subjectAltName=DNS:localhost\n"
                                           "extendedKeyUsage=serverAuth\n", -1, NULL));
  cmd = g_strdup_printf ("openssl req -new -key '%s' -subj /CN=localhost -out '%s' && "
                         "openssl x509 -req -in '%s' -CA '%s' -CAkey '%s' -sha1 -days 30 "
                         "-set_serial 7 -extfile '%s' -out '%s'",
                         pki->leaf_key, csr, csr, pki->inter, pki->inter_key, ext, leaf);
  out = ps_test_sh (cmd, &status);
  if (status != 0)
    {
      g_test_skip ("openssl cannot sign with SHA-1 here");
      return;
    }

  chain = chain_of ("localhost", leaf, pki->inter, NULL);
  g_assert_true (ps_chain_get_problems (chain) & PS_CHAIN_PROBLEM_WEAK_SIGNATURE);
  g_assert_false (ps_chain_get_trusted (chain));
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(PsChain) chain = ps_chain_new (none, store, "localhost");
  g_auto(GStrv) verdicts = ps_chain_dup_verdicts (chain);
  guint n_path;

  g_assert_cmpuint (ps_chain_get_n_certificates (chain), ==, 0);
  ps_chain_get_path (chain, &n_path);
  g_assert_cmpuint (n_path, ==, 0);
  g_assert_false (ps_chain_get_trusted (chain));
  g_assert_true (ps_chain_get_problems (chain) & PS_CHAIN_PROBLEM_UNTRUSTED);
  g_assert_cmpuint (g_strv_length (verdicts), >=, 1);
}

static void
test_system_store_default (void)
{
  g_autoptr(GPtrArray) certs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PsChain) chain = NULL;

  g_ptr_array_add (certs, load (pki->leaf));
  g_ptr_array_add (certs, load (pki->inter));
  chain = ps_chain_new (certs, NULL, "localhost");
  g_assert_false (ps_chain_get_trusted (chain));
  g_assert_true (ps_chain_get_problems (chain) & PS_CHAIN_PROBLEM_UNTRUSTED);
  g_assert_true (ps_chain_get_problems (chain) & PS_CHAIN_PROBLEM_INCOMPLETE_CHAIN);
}

static void
test_problem_ids (void)
{
  const char *ids[] = { "incomplete-chain", "wrong-order", "root-sent", "extra-certificates",
                        "duplicate-certificates", "untrusted", "expired", "hostname-mismatch",
                        "weak-signature", "too-long" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_assert_cmpstr (ps_chain_problem_to_id (1u << i), ==, ids[i]);
      g_assert_nonnull (ps_chain_problem_to_string (1u << i));
    }
  g_assert_null (ps_chain_problem_to_id (1u << 20));
  g_assert_null (ps_chain_problem_to_id (PS_CHAIN_PROBLEM_EXPIRED | PS_CHAIN_PROBLEM_UNTRUSTED));
}

/* The DER of each certificate of a PEM file, in order. */
static GPtrArray *
read_ders (const char *path)
{
  g_autofree char *pem = NULL;
  GPtrArray *ders = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  const char *p;

  g_assert_true (g_file_get_contents (path, &pem, NULL, NULL));
  for (p = pem; (p = strstr (p, "-----BEGIN CERTIFICATE-----")) != NULL; p++)
    {
      g_autoptr(PsCertificate) cert = ps_certificate_new_from_pem (p, -1, NULL);

      g_assert_nonnull (cert);
      g_ptr_array_add (ders, g_bytes_ref (ps_certificate_get_der (cert)));
    }
  return ders;
}

typedef struct
{
  GPtrArray *ders;
  PsTrustStore *store;
} LongChain;

static void
long_chain_clear (LongChain *chain)
{
  g_clear_pointer (&chain->ders, g_ptr_array_unref);
  g_clear_object (&chain->store);
}

static void
long_chain_make (LongChain *chain,
                 guint      n,
                 gboolean   leaf_last)
{
  g_autofree char *name = g_strdup_printf ("long-%u-%s", n, leaf_last ? "last" : "first");
  g_autofree char *root = NULL;
  g_autofree char *path = ps_test_pki_make_long_chain (pki, name, n, leaf_last, NULL, &root);
  g_autoptr(GFile) root_file = g_file_new_for_path (root);
  g_autoptr(GError) error = NULL;

  chain->ders = read_ders (path);
  g_assert_cmpuint (chain->ders->len, ==, n);
  chain->store = ps_trust_store_new_from_file (root_file, &error);
  g_assert_no_error (error);
}

/* Seconds for the best of three builds of the chain, each from fresh certificates (their
 * parsing included), and checks of what was built. */
static double
time_chain (LongChain *chain,
            gboolean   leaf_last)
{
  double best = G_MAXDOUBLE;

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GPtrArray) certs = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(PsChain) built = NULL;
      const guint *path;
      guint n_path;
      gint64 start = g_get_monotonic_time ();
      double seconds;

      for (guint i = 0; i < chain->ders->len; i++)
        g_ptr_array_add (certs, ps_certificate_new_from_der (g_ptr_array_index (chain->ders, i),
                                                             NULL));
      built = ps_chain_new (certs, chain->store, "localhost");
      seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      best = MIN (best, seconds);

      /* The path starts at the leaf wherever it was, and stops at the cap. */
      path = ps_chain_get_path (built, &n_path);
      g_assert_cmpuint (n_path, ==, PS_CHAIN_MAX_PATH);
      g_assert_cmpuint (path[0], ==, leaf_last ? chain->ders->len - 1 : 0);
      g_assert_cmpint (ps_chain_get_depth (built, path[1]), ==, 1);
      g_assert_true (ps_chain_get_problems (built) & PS_CHAIN_PROBLEM_TOO_LONG);
      g_assert_false (ps_chain_get_problems (built) & PS_CHAIN_PROBLEM_INCOMPLETE_CHAIN);
      g_assert_false (ps_chain_get_trusted (built));
    }

  return best;
}

/* Issue 15: a 1,200-certificate chain given leaf last took 31 s against 2.6 s leaf first
 * (quadratic and worse). Now both orders, and twice the size, stay linear. */
static void
test_long_chain_growth (void)
{
  const guint small = 1200, large = 4800;
  LongChain first = { NULL, }, last = { NULL, }, last_large = { NULL, };
  double t_first, t_last, t_last_large;

  long_chain_make (&first, small, FALSE);
  long_chain_make (&last, small, TRUE);
  long_chain_make (&last_large, large, TRUE);

  t_first = time_chain (&first, FALSE);
  t_last = time_chain (&last, TRUE);
  t_last_large = time_chain (&last_large, TRUE);
  g_test_message ("chain of %u, leaf first: %.3f s; leaf last: %.3f s; %u leaf last: %.3f s",
                  small, t_first, t_last, large, t_last_large);
  g_printerr ("# growth: chain of %u leaf first %.3f s, leaf last %.3f s; "
              "%u leaf last %.3f s (time ratio %.2f for size ratio %.0f)\n",
              small, t_first, t_last, large, t_last_large, t_last_large / t_last,
              (double) large / small);

  /* Generous bounds: the machine is shared, but quadratic growth would be 16 times. */
  g_assert_cmpfloat (t_last, <, 3 * t_first + 0.05);
  g_assert_cmpfloat (t_last_large / t_last, <, 3.0 * large / small);

  long_chain_clear (&first);
  long_chain_clear (&last);
  long_chain_clear (&last_large);
}

static GPtrArray *
fresh_certificates (LongChain *chain,
                    guint      from,
                    guint      to)
{
  GPtrArray *certs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = from; i < to; i++)
    g_ptr_array_add (certs, ps_certificate_new_from_der (g_ptr_array_index (chain->ders, i),
                                                         NULL));
  return certs;
}

/* A chain whose path is cut says so, in its problems and its verdicts; one that an anchor
 * ends right at the cap is whole. */
static void
test_long_chain_verdicts (void)
{
  LongChain chain = { NULL, };
  g_autoptr(GPtrArray) certs = NULL;
  g_autoptr(PsChain) built = NULL;
  g_auto(GStrv) verdicts = NULL;
  const char *too_long = ps_chain_problem_to_string (PS_CHAIN_PROBLEM_TOO_LONG);
  guint n_path;

  /* Leaf first: the leaf, CAs 100 to 1, the root (the anchor). The path stops at CA 2,
   * whose issuer was sent but is past the cap and is no anchor. */
  long_chain_make (&chain, PS_CHAIN_MAX_PATH + 2, FALSE);
  certs = fresh_certificates (&chain, 0, chain.ders->len);
  built = ps_chain_new (certs, chain.store, "localhost");
  ps_chain_get_path (built, &n_path);
  g_assert_cmpuint (n_path, ==, PS_CHAIN_MAX_PATH);
  g_assert_true (ps_chain_get_problems (built) & PS_CHAIN_PROBLEM_TOO_LONG);
  g_assert_false (ps_chain_get_problems (built) & PS_CHAIN_PROBLEM_INCOMPLETE_CHAIN);
  g_assert_false (ps_chain_get_trusted (built));
  verdicts = ps_chain_dup_verdicts (built);
  g_assert_true (g_strv_contains ((const char * const *) verdicts, too_long));
  g_clear_object (&built);
  g_clear_pointer (&certs, g_ptr_array_unref);

  /* Without the leaf: CAs 100 to 1 make the cap, and the anchor ends the path. */
  certs = fresh_certificates (&chain, 1, chain.ders->len);
  built = ps_chain_new (certs, chain.store, NULL);
  ps_chain_get_path (built, &n_path);
  g_assert_cmpuint (n_path, ==, PS_CHAIN_MAX_PATH + 1);
  g_assert_false (ps_chain_get_problems (built) & PS_CHAIN_PROBLEM_TOO_LONG);
  g_assert_cmpint (ps_chain_get_source (built, ps_chain_get_n_certificates (built) - 1), ==,
                   PS_CHAIN_SOURCE_TRUST_STORE);
  g_assert_cmpuint (ps_chain_get_n_received (built), ==, PS_CHAIN_MAX_PATH + 1);

  long_chain_clear (&chain);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GFile) ca_file = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  pki = ps_test_pki_new (FALSE);
  ca_file = g_file_new_for_path (pki->root);
  store = ps_trust_store_new_from_file (ca_file, &error);
  g_assert_no_error (error);

  g_test_add_func ("/trust-store/file", test_store_file);
  g_test_add_func ("/trust-store/file-errors", test_store_file_errors);
  g_test_add_func ("/trust-store/system", test_store_system);
  g_test_add_func ("/chain/full", test_full);
  g_test_add_func ("/chain/no-hostname", test_no_hostname);
  g_test_add_func ("/chain/leaf-only", test_leaf_only);
  g_test_add_func ("/chain/leaf-not-first", test_leaf_not_first);
  g_test_add_func ("/chain/root-sent-and-extra", test_root_sent_and_extra);
  g_test_add_func ("/chain/expired", test_expired_untrusted);
  g_test_add_func ("/chain/self-signed-anchor", test_self_signed_anchor);
  g_test_add_func ("/chain/hostname-mismatch", test_hostname_mismatch);
  g_test_add_func ("/chain/weak-signature", test_weak_signature);
  g_test_add_func ("/chain/empty", test_empty);
  g_test_add_func ("/chain/system-store-default", test_system_store_default);
  g_test_add_func ("/chain/problem-ids", test_problem_ids);
  g_test_add_func ("/chain/long-chain-growth", test_long_chain_growth);
  g_test_add_func ("/chain/long-chain-verdicts", test_long_chain_verdicts);

  ret = g_test_run ();

  g_clear_object (&store);
  ps_test_pki_free (pki);
  return ret;
}
