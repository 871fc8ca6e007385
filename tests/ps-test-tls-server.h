/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A loopback server run in threads of the test program: it listens on 127.0.0.1 (or ::1)
 * on a free port and serves each connection in its own thread until stopped.
 *
 * Modes:
 *   "tls"      TLS with @certs sent exactly in the file's order (the first one's key is @key)
 *   "https"    as "tls", then reads one HTTP request (up to its blank line), answers
 *              "HTTP/1.1 200 OK" with Content-Length and Connection: close, and sends
 *              close_notify
 *   "silent"   accepts and never speaks
 *   "close"    accepts and closes at once
 *   "http"     answers a plain HTTP 400
 *   "garbage"  sends bytes that are not TLS
 * With @starttls ("smtp", "imap", "pop3", "ftp", "xmpp", "ldap", "postgres"), a scripted
 * plain-text preamble comes first, refused when @refuse. With @alpn_mandatory, a client
 * that does not offer that ALPN protocol gets an alert. */
typedef struct
{
  const char *mode;
  const char *certs;
  const char *key;
  const char *starttls;
  gboolean refuse;
  const char *alpn_mandatory;
  gboolean ipv6;
  const char *priority;   /* GnuTLS priority string; NULL for the default */
  const char *address;    /* an IPv4 loopback address to listen on; NULL for 127.0.0.1 */
  guint16 port;           /* 0 for a free port */
} PsTestTlsServerOptions;

typedef struct _PsTestTlsServer PsTestTlsServer;

PsTestTlsServer *ps_test_tls_server_start       (const PsTestTlsServerOptions *options);
guint16          ps_test_tls_server_get_port    (PsTestTlsServer              *server);
/* "127.0.0.1:PORT" (or the address asked for) or "[::1]:PORT". */
char            *ps_test_tls_server_dup_address (PsTestTlsServer              *server);
/* The most connections that were open at the same time. */
guint            ps_test_tls_server_get_max_connections (PsTestTlsServer *server);
/* Waits (bounded) until no connection is open; FALSE on timeout. */
gboolean         ps_test_tls_server_wait_idle   (PsTestTlsServer              *server,
                                                 guint                         timeout_ms);
/* TLS connections the client ended with a close_notify; application data bytes received
 * after handshakes. Final once ps_test_tls_server_wait_idle() returned TRUE. */
guint            ps_test_tls_server_get_clean_closes (PsTestTlsServer *server);
gsize            ps_test_tls_server_get_bytes_after_handshake (PsTestTlsServer *server);
/* Stops accepting, ends open connections and joins every thread. */
void             ps_test_tls_server_stop        (PsTestTlsServer              *server);

G_END_DECLS

G_BEGIN_DECLS

/* A test PKI made with certtool (through ps-test-util) in a fresh directory: ECDSA
 * P-256 keys, a root, an intermediate signed by it, a second intermediate signed by the
 * first; leaves for "localhost", 127.0.0.1 and ::1. Paths of PEM files. */
typedef struct
{
  char *dir;
  char *root_key;
  char *root;         /* self-signed CA */
  char *inter_key;
  char *inter;        /* signed by root */
  char *inter2_key;
  char *inter2;       /* signed by inter */
  char *leaf_key;     /* the key of every leaf below but rsa_leaf */
  char *leaf;         /* signed by inter */
  char *leaf2;        /* signed by inter2 */
  char *expired;      /* signed by inter, valid in 2020 only */
  char *self_signed;  /* self-signed, not a CA */
  char *rsa_key;      /* RSA 2048, NULL unless asked for */
  char *rsa_leaf;     /* signed by inter */
} PsTestPki;

PsTestPki *ps_test_pki_new               (gboolean     with_rsa);
void       ps_test_pki_free              (PsTestPki   *pki);
/* Concatenates PEM files into @name.pem in the PKI's directory; returns its path. */
char      *ps_test_pki_bundle            (PsTestPki   *pki,
                                          const char  *name,
                                          ...) G_GNUC_NULL_TERMINATED;
/* A leaf signed by inter with the leaf key and @n_sans DNS names (localhost first, then
 * sNNNNN.example), made with the GnuTLS API (certtool caps names at a few hundred). */
char      *ps_test_pki_make_many_sans    (PsTestPki   *pki,
                                          const char  *name,
                                          guint        n_sans);
/* @n self-signed CA certificates that have nothing to do with the chain, in one file. */
char      *ps_test_pki_make_unrelated    (PsTestPki   *pki,
                                          const char  *name,
                                          guint        n);
/* A straight chain of @n certificates that all share one new ECDSA key, so that any of them
 * can be the one a server's key matches: a self-signed root "@name CA 0", CAs each signed by
 * the one before, then a leaf for localhost and 127.0.0.1. Written leaf first, or leaf
 * last (root first) when @leaf_last; the key and the root go to files of their own. */
char      *ps_test_pki_make_long_chain   (PsTestPki   *pki,
                                          const char  *name,
                                          guint        n,
                                          gboolean     leaf_last,
                                          char       **key_path,
                                          char       **root_path);

G_END_DECLS
