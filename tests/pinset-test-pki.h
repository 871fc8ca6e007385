/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A test PKI for the pinset tests (lint, compare, CLI), generated once per test program
 * with certtool: ECDSA keys (fast) except for the weak RSA one. Pins are computed with
 * openssl, independently of Pinscope. Included by one test program each, so the
 * functions are static. */

#include <glib.h>
#include <glib/gstdio.h>

#include "ps-chain.h"
#include "ps-material.h"
#include "ps-test-util.h"
#include "ps-trust-store.h"

typedef struct
{
  char *dir;
  char *root_key;
  char *root;           /* self-signed */
  char *other_root_key;
  char *other_root;     /* an unrelated self-signed root */
  char *int_a_key;
  char *int_a;          /* under root */
  char *int_b_key;
  char *int_b;          /* under root too */
  char *leaf1_key;
  char *leaf1;          /* www.example.com, 90 days, under int_a */
  char *leaf2_key;
  char *leaf2;          /* www.example.com, a new key, under int_a */
  char *backup_key;
  char *leaf_backup;    /* www.example.com on the backup key, under int_a */
  char *leaf_b;         /* www.example.com on leaf1's key, under int_b */
  char *leaf_soon;      /* www.example.com on leaf1's key, 10 days, under int_a */
  char *weak_key;
  char *leaf_weak;      /* www.example.com, RSA 1024, under int_a */
  char *leaf_sha1;      /* www.example.com on leaf1's key, signed with SHA-1, under int_a */
  /* Chain files as a server would send them: leaf then intermediate. */
  char *chain1;
  char *chain2;
  char *chain_backup;
  char *chain_b;
  char *chain_soon;
  char *chain_weak;
  char *chain_sha1;
  /* Independent pins (base64). */
  char *pin_root;
  char *pin_int_a;
  char *pin_int_b;
  char *pin_leaf1;
  char *pin_leaf2;
  char *pin_backup;
  char *fingerprint_leaf1;   /* SHA-256 of the whole certificate, base64 */
} PinsetPki;

static PinsetPki pki;

static char *
pki_key_pin (const char *key)
{
  g_autofree char *quoted = g_shell_quote (key);
  g_autofree char *cmd = g_strdup_printf ("openssl pkey -in %s -pubout -outform der "
                                          "| openssl dgst -sha256 -binary | base64", quoted);

  return ps_test_sh (cmd, NULL);
}

/* The SHA-1 of the key's SubjectPublicKeyInfo, base64: a legacy OkHttp/Android pin. */
G_GNUC_UNUSED static char *
pki_key_pin_sha1 (const char *key)
{
  g_autofree char *quoted = g_shell_quote (key);
  g_autofree char *cmd = g_strdup_printf ("openssl pkey -in %s -pubout -outform der "
                                          "| openssl dgst -sha1 -binary | base64", quoted);

  return ps_test_sh (cmd, NULL);
}

static char *
pki_cert_fingerprint (const char *cert)
{
  g_autofree char *quoted = g_shell_quote (cert);
  g_autofree char *cmd = g_strdup_printf ("openssl x509 -in %s -outform der "
                                          "| openssl dgst -sha256 -binary | base64", quoted);

  return ps_test_sh (cmd, NULL);
}

static char *
pki_chain_file (const char *name,
                const char *leaf,
                const char *intermediate)
{
  g_autofree char *file = g_strconcat (name, ".pem", NULL);
  char *path = g_build_filename (pki.dir, file, NULL);

  ps_test_cat (path, leaf, intermediate, NULL);
  return path;
}

static void
pki_setup (void)
{
  const char *names[] = { "www.example.com", NULL };
  g_autofree char *root_tmpl = ps_test_ca_template ("Pinset Test Root", 3650);
  g_autofree char *other_tmpl = ps_test_ca_template ("Pinset Other Root", 3650);
  g_autofree char *int_a_tmpl = ps_test_ca_template ("Pinset Test Int A", 1825);
  g_autofree char *int_b_tmpl = ps_test_ca_template ("Pinset Test Int B", 1825);
  g_autofree char *leaf_tmpl = NULL;
  g_autofree char *soon_tmpl = NULL;

  pki.dir = ps_test_mkdtemp ();

  pki.root_key = ps_test_gen_key (pki.dir, "root", "ecdsa", 0);
  pki.root = ps_test_gen_cert (pki.dir, "root", pki.root_key, NULL, NULL, root_tmpl);
  pki.other_root_key = ps_test_gen_key (pki.dir, "other-root", "ecdsa", 0);
  pki.other_root = ps_test_gen_cert (pki.dir, "other-root", pki.other_root_key, NULL, NULL,
                                     other_tmpl);
  pki.int_a_key = ps_test_gen_key (pki.dir, "int-a", "ecdsa", 0);
  pki.int_a = ps_test_gen_cert (pki.dir, "int-a", pki.int_a_key, pki.root, pki.root_key,
                                int_a_tmpl);
  pki.int_b_key = ps_test_gen_key (pki.dir, "int-b", "ecdsa", 0);
  pki.int_b = ps_test_gen_cert (pki.dir, "int-b", pki.int_b_key, pki.root, pki.root_key,
                                int_b_tmpl);

  leaf_tmpl = ps_test_leaf_template ("www.example.com", names, 90);
  soon_tmpl = ps_test_leaf_template ("www.example.com", names, 10);

  pki.leaf1_key = ps_test_gen_key (pki.dir, "leaf1", "ecdsa", 0);
  pki.leaf1 = ps_test_gen_cert (pki.dir, "leaf1", pki.leaf1_key, pki.int_a, pki.int_a_key,
                                leaf_tmpl);
  pki.leaf2_key = ps_test_gen_key (pki.dir, "leaf2", "ecdsa", 0);
  pki.leaf2 = ps_test_gen_cert (pki.dir, "leaf2", pki.leaf2_key, pki.int_a, pki.int_a_key,
                                leaf_tmpl);
  pki.backup_key = ps_test_gen_key (pki.dir, "backup", "ecdsa", 0);
  pki.leaf_backup = ps_test_gen_cert (pki.dir, "leaf-backup", pki.backup_key, pki.int_a,
                                      pki.int_a_key, leaf_tmpl);
  pki.leaf_b = ps_test_gen_cert (pki.dir, "leaf-b", pki.leaf1_key, pki.int_b, pki.int_b_key,
                                 leaf_tmpl);
  pki.leaf_soon = ps_test_gen_cert (pki.dir, "leaf-soon", pki.leaf1_key, pki.int_a,
                                    pki.int_a_key, soon_tmpl);
  pki.weak_key = ps_test_gen_key (pki.dir, "weak", "rsa", 1024);
  pki.leaf_weak = ps_test_gen_cert (pki.dir, "leaf-weak", pki.weak_key, pki.int_a,
                                    pki.int_a_key, leaf_tmpl);

  {
    g_autofree char *tmpl = g_build_filename (pki.dir, "leaf-sha1.cfg", NULL);
    g_autofree char *err = NULL;
    const char *argv[] = { "certtool", "--generate-certificate", "--load-privkey", NULL,
                           "--load-ca-certificate", NULL, "--load-ca-privkey", NULL,
                           "--template", NULL, "--hash", "SHA1", "--outfile", NULL, NULL };

    pki.leaf_sha1 = g_build_filename (pki.dir, "leaf-sha1.pem", NULL);
    g_assert_true (g_file_set_contents (tmpl, leaf_tmpl, -1, NULL));
    argv[3] = pki.leaf1_key;
    argv[5] = pki.int_a;
    argv[7] = pki.int_a_key;
    argv[9] = tmpl;
    argv[13] = pki.leaf_sha1;
    if (ps_test_run (argv, NULL, 60, NULL, &err) != 0)
      g_error ("certtool --hash SHA1 failed: %s", err);
  }

  pki.chain1 = pki_chain_file ("chain1", pki.leaf1, pki.int_a);
  pki.chain2 = pki_chain_file ("chain2", pki.leaf2, pki.int_a);
  pki.chain_backup = pki_chain_file ("chain-backup", pki.leaf_backup, pki.int_a);
  pki.chain_b = pki_chain_file ("chain-b", pki.leaf_b, pki.int_b);
  pki.chain_soon = pki_chain_file ("chain-soon", pki.leaf_soon, pki.int_a);
  pki.chain_weak = pki_chain_file ("chain-weak", pki.leaf_weak, pki.int_a);
  pki.chain_sha1 = pki_chain_file ("chain-sha1", pki.leaf_sha1, pki.int_a);

  pki.pin_root = ps_test_openssl_pin (pki.root);
  pki.pin_int_a = ps_test_openssl_pin (pki.int_a);
  pki.pin_int_b = ps_test_openssl_pin (pki.int_b);
  pki.pin_leaf1 = ps_test_openssl_pin (pki.leaf1);
  pki.pin_leaf2 = ps_test_openssl_pin (pki.leaf2);
  pki.pin_backup = pki_key_pin (pki.backup_key);
  pki.fingerprint_leaf1 = pki_cert_fingerprint (pki.leaf1);

  /* The key pin and the certificate pin of the same key agree. */
  {
    g_autofree char *leaf1_key_pin = pki_key_pin (pki.leaf1_key);
    g_autofree char *backup_cert_pin = ps_test_openssl_pin (pki.leaf_backup);

    g_assert_cmpstr (leaf1_key_pin, ==, pki.pin_leaf1);
    g_assert_cmpstr (backup_cert_pin, ==, pki.pin_backup);
  }
}

static void
pki_teardown (void)
{
  ps_test_rm_rf (pki.dir);
  /* The strings are freed with the process. */
}

static PsTrustStore *
pki_store (const char *root)
{
  g_autoptr(GFile) file = g_file_new_for_path (root);
  g_autoptr(GError) error = NULL;
  PsTrustStore *store = ps_trust_store_new_from_file (file, &error);

  g_assert_no_error (error);
  return store;
}

/* The chain of a chain file, completed and validated with the test root as the only
 * anchor (or @root when non-NULL). */
static PsChain *
pki_chain_with_root (const char *path,
                     const char *hostname,
                     const char *root)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) certs = ps_material_load_certificates (file, &error);
  g_autoptr(PsTrustStore) store = pki_store (root != NULL ? root : pki.root);

  g_assert_no_error (error);
  return ps_chain_new (certs, store, hostname);
}

G_GNUC_UNUSED static PsChain *
pki_chain (const char *path,
           const char *hostname)
{
  return pki_chain_with_root (path, hostname, NULL);
}

G_GNUC_UNUSED static PsPin *
pin_from_b64 (const char *b64)
{
  g_autoptr(GError) error = NULL;
  PsPin *pin = ps_pin_parse (b64, &error);

  g_assert_no_error (error);
  return pin;
}
