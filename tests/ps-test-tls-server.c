/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A loopback server for the network tests, run in threads of the test program. See
 * ps-test-tls-server.h. The STARTTLS preambles follow the RFCs named in
 * src/core/ps-starttls.c, from the server side. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <gio/gio.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "ps-test-tls-server.h"

struct _PsTestTlsServer
{
  PsTestTlsServerOptions options;
  char *mode;
  int listen_fd;
  int wake[2];
  guint16 port;
  GThread *accept_thread;
  GMutex lock;
  GPtrArray *threads;
  GArray *fds;
  guint max_connections;
  guint clean_closes;
  gsize bytes_after_handshake;

  gnutls_pcert_st *pcerts;
  unsigned int n_pcerts;
  gnutls_privkey_t privkey;
  gnutls_certificate_credentials_t credentials;
};

typedef struct
{
  PsTestTlsServer *server;
  int fd;
} Connection;

static gboolean
write_all (int         fd,
           const void *data,
           gsize       len)
{
  const char *p = data;

  while (len > 0)
    {
      ssize_t n = send (fd, p, len, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= n;
    }
  return TRUE;
}

static gboolean
write_str (int         fd,
           const char *text)
{
  return write_all (fd, text, strlen (text));
}

/* Reads one byte at a time so that nothing of the TLS handshake is swallowed. */
static char *
read_line (int fd)
{
  GString *s = g_string_new (NULL);
  char c;

  while (s->len < 4096)
    {
      ssize_t n = recv (fd, &c, 1, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_string_free (s, TRUE);
          return NULL;
        }
      if (c == '\n')
        break;
      if (c != '\r')
        g_string_append_c (s, c);
    }
  return g_string_free (s, FALSE);
}

static gboolean
read_exact (int    fd,
            void  *buffer,
            gsize  len)
{
  char *p = buffer;

  while (len > 0)
    {
      ssize_t n = recv (fd, p, len, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= n;
    }
  return TRUE;
}

/* Reads until @needle has been seen (byte by byte, bounded). */
static gboolean
read_until (int         fd,
            const char *needle)
{
  g_autoptr(GString) s = g_string_new (NULL);
  char c;

  while (s->len < 65536)
    {
      if (!read_exact (fd, &c, 1))
        return FALSE;
      g_string_append_c (s, c);
      if (g_str_has_suffix (s->str, needle))
        return TRUE;
    }
  return FALSE;
}

static gboolean
preamble (PsTestTlsServer *server,
          int              fd)
{
  const char *p = server->options.starttls;
  gboolean opt_refuse = server->options.refuse;

  if (g_str_equal (p, "smtp"))
    {
      g_autofree char *ehlo = NULL;
      g_autofree char *cmd = NULL;

      write_str (fd, "220-test.example ESMTP ready\r\n220 second greeting line\r\n");
      ehlo = read_line (fd);
      if (ehlo == NULL || !g_str_has_prefix (ehlo, "EHLO "))
        return FALSE;
      write_str (fd, "250-test.example\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n");
      cmd = read_line (fd);
      if (cmd == NULL || g_ascii_strcasecmp (cmd, "STARTTLS") != 0)
        return FALSE;
      write_str (fd, opt_refuse ? "454 4.7.0 TLS not available\r\n" : "220 2.0.0 Go ahead\r\n");
    }
  else if (g_str_equal (p, "imap"))
    {
      g_autofree char *cmd = NULL;
      g_auto(GStrv) words = NULL;

      write_str (fd, "* OK [CAPABILITY IMAP4rev1 STARTTLS] test ready\r\n");
      cmd = read_line (fd);
      if (cmd == NULL)
        return FALSE;
      words = g_strsplit (cmd, " ", 2);
      if (words[0] == NULL || words[1] == NULL || g_ascii_strcasecmp (words[1], "STARTTLS") != 0)
        return FALSE;
      if (opt_refuse)
        {
          g_autofree char *no = g_strdup_printf ("%s NO STARTTLS disabled\r\n", words[0]);
          write_str (fd, no);
        }
      else
        {
          g_autofree char *ok = g_strdup_printf ("* CAPABILITY IMAP4rev1\r\n"
                                                 "%s OK Begin TLS negotiation now\r\n",
                                                 words[0]);
          write_str (fd, ok);
        }
    }
  else if (g_str_equal (p, "pop3"))
    {
      g_autofree char *cmd = NULL;

      write_str (fd, "+OK test POP3 ready\r\n");
      cmd = read_line (fd);
      if (cmd == NULL || g_ascii_strcasecmp (cmd, "STLS") != 0)
        return FALSE;
      write_str (fd, opt_refuse ? "-ERR not now\r\n" : "+OK Begin TLS negotiation\r\n");
    }
  else if (g_str_equal (p, "ftp"))
    {
      g_autofree char *cmd = NULL;

      write_str (fd, "220-Welcome to the test FTP\r\n220 ready\r\n");
      cmd = read_line (fd);
      if (cmd == NULL || g_ascii_strcasecmp (cmd, "AUTH TLS") != 0)
        return FALSE;
      write_str (fd, opt_refuse ? "534 Request denied for policy reasons\r\n"
                                : "234 AUTH TLS successful\r\n");
    }
  else if (g_str_equal (p, "xmpp"))
    {
      if (!read_until (fd, "<stream:stream") || !read_until (fd, ">"))
        return FALSE;
      write_str (fd, "<?xml version='1.0'?><stream:stream from='test.example' id='t1' "
                     "version='1.0' xmlns='jabber:client' "
                     "xmlns:stream='http://etherx.jabber.org/streams'>"
                     "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>"
                     "<required/></starttls></stream:features>");
      if (!read_until (fd, "<starttls") || !read_until (fd, "/>"))
        return FALSE;
      write_str (fd, opt_refuse ? "<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
                                  "</stream:stream>"
                                : "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
    }
  else if (g_str_equal (p, "ldap"))
    {
      guint8 header[2];
      guint8 body[256];
      /* ExtendedResponse, message 1: success, or protocolError (2) with "no". */
      static const guint8 ok[] = { 0x30, 0x0c, 0x02, 0x01, 0x01, 0x78, 0x07,
                                   0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00 };
      static const guint8 no[] = { 0x30, 0x0e, 0x02, 0x01, 0x01, 0x78, 0x09,
                                   0x0a, 0x01, 0x02, 0x04, 0x00, 0x04, 0x02, 'n', 'o' };

      if (!read_exact (fd, header, 2) || header[0] != 0x30 || header[1] >= 0x80 ||
          !read_exact (fd, body, header[1]))
        return FALSE;
      {
        gboolean found = FALSE;

        for (guint i = 0; i + 22 <= header[1] && !found; i++)
          found = memcmp (body + i, "1.3.6.1.4.1.1466.20037", 22) == 0;
        if (!found)
          return FALSE;
      }
      if (opt_refuse)
        write_all (fd, no, sizeof no);
      else
        write_all (fd, ok, sizeof ok);
    }
  else if (g_str_equal (p, "postgres"))
    {
      static const guint8 request[] = { 0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f };
      guint8 buffer[8];

      if (!read_exact (fd, buffer, 8) || memcmp (buffer, request, 8) != 0)
        return FALSE;
      write_str (fd, opt_refuse ? "N" : "S");
    }
  else
    return FALSE;

  return !opt_refuse;
}

static int
retrieve_cb (gnutls_session_t             session,
             const gnutls_datum_t        *req_ca_rdn,
             int                          nreqs,
             const gnutls_pk_algorithm_t *pk_algos,
             int                          pk_algos_length,
             gnutls_pcert_st            **pcert,
             unsigned int                *pcert_length,
             gnutls_privkey_t            *pkey)
{
  PsTestTlsServer *server = gnutls_session_get_ptr (session);

  *pcert = server->pcerts;
  *pcert_length = server->n_pcerts;
  *pkey = server->privkey;
  return 0;
}

static void
count_bytes (PsTestTlsServer *server,
             gsize            n)
{
  g_mutex_lock (&server->lock);
  server->bytes_after_handshake += n;
  g_mutex_unlock (&server->lock);
}

/* "https": reads one HTTP request up to its blank line, answers 200 with Connection: close
 * and sends close_notify. FALSE when the client hung up or stalled before asking anything
 * (a client that rejects the server's pins does so), or the answer could not be sent. Every
 * read is bounded by the record timeout and the whole exchange by a deadline. */
static gboolean
answer_http (PsTestTlsServer  *server,
             gnutls_session_t  session)
{
  static const char body[] = "Pinscope test server\n";
  g_autoptr(GString) request = g_string_new (NULL);
  g_autofree char *response = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  gsize sent = 0;
  char buffer[1024];
  int ret;

  gnutls_record_set_timeout (session, 5000);
  while (strstr (request->str, "\r\n\r\n") == NULL)
    {
      if (request->len > 65536 || g_get_monotonic_time () > deadline)
        return FALSE;
      ret = gnutls_record_recv (session, buffer, sizeof buffer);
      if (ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED)
        continue;
      if (ret == 0)
        {
          /* The client's close_notify before any request. */
          g_mutex_lock (&server->lock);
          server->clean_closes++;
          g_mutex_unlock (&server->lock);
          return FALSE;
        }
      if (ret < 0)
        return FALSE;
      count_bytes (server, ret);
      g_string_append_len (request, buffer, ret);
    }

  response = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                              "Content-Type: text/plain\r\n"
                              "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                              "Connection: close\r\n"
                              "\r\n"
                              "%s", strlen (body), body);
  while (sent < strlen (response))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      ret = gnutls_record_send (session, response + sent, strlen (response) - sent);
      if (ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED)
        continue;
      if (ret < 0)
        return FALSE;
      sent += ret;
    }

  do
    ret = gnutls_bye (session, GNUTLS_SHUT_WR);
  while ((ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED) &&
         g_get_monotonic_time () < deadline);
  return ret == 0;
}

static void
serve_tls (PsTestTlsServer *server,
           int              fd)
{
  gboolean https = g_str_equal (server->mode, "https");
  gnutls_session_t session;
  char buffer[1024];
  int ret;

  if (gnutls_init (&session, GNUTLS_SERVER) < 0)
    return;
  gnutls_session_set_ptr (session, server);
  if (server->options.priority != NULL)
    g_assert_cmpint (gnutls_priority_set_direct (session, server->options.priority, NULL), ==, 0);
  else
    gnutls_set_default_priority (session);
  gnutls_credentials_set (session, GNUTLS_CRD_CERTIFICATE, server->credentials);
  gnutls_certificate_server_set_request (session, GNUTLS_CERT_IGNORE);
  if (server->options.alpn_mandatory != NULL)
    {
      gnutls_datum_t proto = { (unsigned char *) server->options.alpn_mandatory,
                               strlen (server->options.alpn_mandatory) };
      gnutls_alpn_set_protocols (session, &proto, 1, GNUTLS_ALPN_MANDATORY);
    }
  gnutls_transport_set_int (session, fd);
  gnutls_handshake_set_timeout (session, 10000);
  gnutls_handshake_set_max_packet_length (session, 0);

  do
    ret = gnutls_handshake (session);
  while (ret < 0 && !gnutls_error_is_fatal (ret));

  if (ret < 0)
    {
      /* As real servers do, tell the client why. */
      g_printerr ("# test server: handshake failed: %s\n", gnutls_strerror (ret));
      gnutls_alert_send_appropriate (session, ret);
    }

  if (ret == 0 && https && !answer_http (server, session))
    ret = -1;

  if (ret == 0)
    {
      /* Wait for the client to close (close_notify or EOF), a few seconds at most. With
       * "https" this reads what the client still sends after the answer, so that closing
       * the socket does not reset the connection under the answer. */
      gnutls_record_set_timeout (session, 5000);
      do
        {
          ret = gnutls_record_recv (session, buffer, sizeof buffer);
          if (ret > 0)
            count_bytes (server, ret);
        }
      while (ret > 0 || ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED);
      if (ret == 0)
        {
          /* The client's close_notify. */
          g_mutex_lock (&server->lock);
          server->clean_closes++;
          g_mutex_unlock (&server->lock);
          if (!https)
            gnutls_bye (session, GNUTLS_SHUT_WR);
        }
    }

  gnutls_deinit (session);
}

static void
drain (int fd)
{
  char buffer[1024];
  struct pollfd pfd = { .fd = fd, .events = POLLIN };

  while (poll (&pfd, 1, 3000) > 0 && recv (fd, buffer, sizeof buffer, 0) > 0)
    ;
}

static gpointer
connection_thread (gpointer user_data)
{
  Connection *connection = user_data;
  PsTestTlsServer *server = connection->server;
  const char *mode = server->mode;
  int fd = connection->fd;

  if (g_str_equal (mode, "close"))
    {
      /* Nothing read, nothing written. */
    }
  else if (g_str_equal (mode, "silent"))
    {
      char c;

      /* Until the client gives up (or the receive timeout ends it). */
      while (recv (fd, &c, 1, 0) > 0)
        ;
    }
  else if (g_str_equal (mode, "http"))
    {
      char buffer[1024];
      struct pollfd pfd = { .fd = fd, .events = POLLIN };

      if (poll (&pfd, 1, 2000) > 0)
        recv (fd, buffer, sizeof buffer, 0);
      write_str (fd, "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
                     "Content-Length: 12\r\nConnection: close\r\n\r\nBad request\n");
      shutdown (fd, SHUT_WR);
      drain (fd);
    }
  else if (g_str_equal (mode, "garbage"))
    {
      write_str (fd, "\x01\x02\x03 this is not TLS at all \xff\xfe\r\n");
      shutdown (fd, SHUT_WR);
      drain (fd);
    }
  else if (server->options.starttls == NULL || preamble (server, fd))
    serve_tls (server, fd);
  else
    drain (fd);  /* refused: let the client read the answer and hang up */

  g_mutex_lock (&server->lock);
  for (guint i = 0; i < server->fds->len; i++)
    if (g_array_index (server->fds, int, i) == fd)
      {
        g_array_remove_index_fast (server->fds, i);
        break;
      }
  close (fd);
  g_mutex_unlock (&server->lock);

  g_free (connection);
  return NULL;
}

static void
load_credentials (PsTestTlsServer *server)
{
  g_autofree char *certs_pem = NULL;
  g_autofree char *key_pem = NULL;
  gnutls_x509_crt_t *crts = NULL;
  gnutls_datum_t datum;
  gsize len;
  int ret;

  if (!g_file_get_contents (server->options.certs, &certs_pem, &len, NULL))
    g_error ("cannot read %s", server->options.certs);
  datum.data = (unsigned char *) certs_pem;
  datum.size = len;
  /* No sorting flag: the file's order is what goes on the wire. */
  ret = gnutls_x509_crt_list_import2 (&crts, &server->n_pcerts, &datum, GNUTLS_X509_FMT_PEM, 0);
  if (ret < 0)
    g_error ("cannot parse %s: %s", server->options.certs, gnutls_strerror (ret));

  server->pcerts = g_new0 (gnutls_pcert_st, server->n_pcerts);
  for (guint i = 0; i < server->n_pcerts; i++)
    {
      ret = gnutls_pcert_import_x509 (&server->pcerts[i], crts[i], 0);
      if (ret < 0)
        g_error ("cannot import certificate %u: %s", i, gnutls_strerror (ret));
      gnutls_x509_crt_deinit (crts[i]);
    }
  gnutls_free (crts);

  if (!g_file_get_contents (server->options.key, &key_pem, &len, NULL))
    g_error ("cannot read %s", server->options.key);
  datum.data = (unsigned char *) key_pem;
  datum.size = len;
  gnutls_privkey_init (&server->privkey);
  ret = gnutls_privkey_import_x509_raw (server->privkey, &datum, GNUTLS_X509_FMT_PEM, NULL, 0);
  if (ret < 0)
    g_error ("cannot import the key: %s", gnutls_strerror (ret));

  gnutls_certificate_allocate_credentials (&server->credentials);
  gnutls_certificate_set_retrieve_function2 (server->credentials, retrieve_cb);
}

static gpointer
accept_thread (gpointer user_data)
{
  PsTestTlsServer *server = user_data;

  for (;;)
    {
      struct pollfd pfds[2] = {
        { .fd = server->listen_fd, .events = POLLIN },
        { .fd = server->wake[0], .events = POLLIN },
      };
      struct timeval tv = { .tv_sec = 8 };
      Connection *connection;
      int fd;

      if (poll (pfds, 2, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }
      if (pfds[1].revents != 0)
        break;
      if (!(pfds[0].revents & POLLIN))
        continue;

      fd = accept (server->listen_fd, NULL, NULL);
      if (fd < 0)
        continue;

      /* No connection outlives a forgetful client by much. */
      setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);

      connection = g_new0 (Connection, 1);
      connection->server = server;
      connection->fd = fd;
      g_mutex_lock (&server->lock);
      g_array_append_val (server->fds, fd);
      server->max_connections = MAX (server->max_connections, server->fds->len);
      g_ptr_array_add (server->threads, g_thread_new ("connection", connection_thread, connection));
      g_mutex_unlock (&server->lock);
    }

  return NULL;
}

PsTestTlsServer *
ps_test_tls_server_start (const PsTestTlsServerOptions *options)
{
  PsTestTlsServer *server = g_new0 (PsTestTlsServer, 1);
  struct sockaddr_storage storage = { 0 };
  socklen_t storage_len;
  int one = 1;

  signal (SIGPIPE, SIG_IGN);

  server->options = *options;
  server->mode = g_strdup (options->mode != NULL ? options->mode : "tls");
  g_mutex_init (&server->lock);
  server->threads = g_ptr_array_new ();
  server->fds = g_array_new (FALSE, FALSE, sizeof (int));

  if (g_str_equal (server->mode, "tls") || g_str_equal (server->mode, "https"))
    {
      g_assert_nonnull (options->certs);
      g_assert_nonnull (options->key);
      load_credentials (server);
    }

  server->listen_fd = socket (options->ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
  g_assert_cmpint (server->listen_fd, >=, 0);
  setsockopt (server->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (options->ipv6)
    {
      struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &storage;

      sin6->sin6_family = AF_INET6;
      sin6->sin6_addr = in6addr_loopback;
      sin6->sin6_port = htons (options->port);
      storage_len = sizeof *sin6;
    }
  else
    {
      struct sockaddr_in *sin = (struct sockaddr_in *) &storage;

      sin->sin_family = AF_INET;
      sin->sin_addr.s_addr = htonl (INADDR_LOOPBACK);
      if (options->address != NULL)
        g_assert_cmpint (inet_pton (AF_INET, options->address, &sin->sin_addr), ==, 1);
      sin->sin_port = htons (options->port);
      storage_len = sizeof *sin;
    }

  g_assert_cmpint (bind (server->listen_fd, (struct sockaddr *) &storage, storage_len), ==, 0);
  g_assert_cmpint (listen (server->listen_fd, 128), ==, 0);
  g_assert_cmpint (getsockname (server->listen_fd, (struct sockaddr *) &storage, &storage_len),
                   ==, 0);
  server->port = options->ipv6 ? ntohs (((struct sockaddr_in6 *) &storage)->sin6_port)
                               : ntohs (((struct sockaddr_in *) &storage)->sin_port);

  g_assert_cmpint (pipe (server->wake), ==, 0);
  server->accept_thread = g_thread_new ("accept", accept_thread, server);

  return server;
}

guint16
ps_test_tls_server_get_port (PsTestTlsServer *server)
{
  return server->port;
}

guint
ps_test_tls_server_get_max_connections (PsTestTlsServer *server)
{
  guint max;

  g_mutex_lock (&server->lock);
  max = server->max_connections;
  g_mutex_unlock (&server->lock);
  return max;
}

gboolean
ps_test_tls_server_wait_idle (PsTestTlsServer *server,
                              guint            timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  for (;;)
    {
      gboolean idle;

      g_mutex_lock (&server->lock);
      idle = server->fds->len == 0;
      g_mutex_unlock (&server->lock);
      if (idle)
        return TRUE;
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_usleep (10000);
    }
}

guint
ps_test_tls_server_get_clean_closes (PsTestTlsServer *server)
{
  guint n;

  g_mutex_lock (&server->lock);
  n = server->clean_closes;
  g_mutex_unlock (&server->lock);
  return n;
}

gsize
ps_test_tls_server_get_bytes_after_handshake (PsTestTlsServer *server)
{
  gsize n;

  g_mutex_lock (&server->lock);
  n = server->bytes_after_handshake;
  g_mutex_unlock (&server->lock);
  return n;
}

char *
ps_test_tls_server_dup_address (PsTestTlsServer *server)
{
  if (server->options.ipv6)
    return g_strdup_printf ("[::1]:%u", server->port);
  return g_strdup_printf ("%s:%u",
                          server->options.address != NULL ? server->options.address
                                                          : "127.0.0.1", server->port);
}

void
ps_test_tls_server_stop (PsTestTlsServer *server)
{
  if (server == NULL)
    return;

  g_assert_cmpint (write (server->wake[1], "x", 1), ==, 1);
  g_thread_join (server->accept_thread);
  close (server->listen_fd);

  /* Wake connections still blocked on a client, then wait for every thread. */
  g_mutex_lock (&server->lock);
  for (guint i = 0; i < server->fds->len; i++)
    shutdown (g_array_index (server->fds, int, i), SHUT_RDWR);
  g_mutex_unlock (&server->lock);
  for (guint i = 0; i < server->threads->len; i++)
    g_thread_join (g_ptr_array_index (server->threads, i));

  close (server->wake[0]);
  close (server->wake[1]);
  g_ptr_array_unref (server->threads);
  g_array_unref (server->fds);
  if (server->pcerts != NULL)
    {
      for (guint i = 0; i < server->n_pcerts; i++)
        gnutls_pcert_deinit (&server->pcerts[i]);
      g_free (server->pcerts);
    }
  if (server->privkey != NULL)
    gnutls_privkey_deinit (server->privkey);
  if (server->credentials != NULL)
    gnutls_certificate_free_credentials (server->credentials);
  g_mutex_clear (&server->lock);
  g_free (server->mode);
  g_free (server);
}

/* Test PKI */

#include "ps-test-util.h"

PsTestPki *
ps_test_pki_new (gboolean with_rsa)
{
  PsTestPki *pki = g_new0 (PsTestPki, 1);
  const char * const names[] = { "localhost", "127.0.0.1", "::1", NULL };
  g_autofree char *root_t = ps_test_ca_template ("Pinscope Test Root", 3650);
  g_autofree char *inter_t = ps_test_ca_template ("Pinscope Test Intermediate", 3650);
  g_autofree char *inter2_t = ps_test_ca_template ("Pinscope Test Intermediate 2", 3650);
  g_autofree char *leaf_t = ps_test_leaf_template ("localhost", names, 365);
  g_autofree char *leaf2_t = ps_test_leaf_template ("localhost", names, 365);
  g_autofree char *self_t = ps_test_leaf_template ("self-signed.localhost", names, 365);
  g_autofree char *expired_t = g_strdup_printf (
    "cn = \"expired.localhost\"\nserial = %u\ntls_www_server\nsigning_key\n"
    "dns_name = \"localhost\"\nip_address = \"127.0.0.1\"\nip_address = \"::1\"\n"
    "activation_date = \"2020-01-01 00:00:00\"\nexpiration_date = \"2020-12-31 00:00:00\"\n",
    g_random_int_range (1, G_MAXINT));

  pki->dir = ps_test_mkdtemp ();
  pki->root_key = ps_test_gen_key (pki->dir, "root", "ecdsa", 256);
  pki->root = ps_test_gen_cert (pki->dir, "root", pki->root_key, NULL, NULL, root_t);
  pki->inter_key = ps_test_gen_key (pki->dir, "inter", "ecdsa", 256);
  pki->inter = ps_test_gen_cert (pki->dir, "inter", pki->inter_key, pki->root, pki->root_key,
                                 inter_t);
  pki->inter2_key = ps_test_gen_key (pki->dir, "inter2", "ecdsa", 256);
  pki->inter2 = ps_test_gen_cert (pki->dir, "inter2", pki->inter2_key, pki->inter,
                                  pki->inter_key, inter2_t);
  pki->leaf_key = ps_test_gen_key (pki->dir, "leaf", "ecdsa", 256);
  pki->leaf = ps_test_gen_cert (pki->dir, "leaf", pki->leaf_key, pki->inter, pki->inter_key,
                                leaf_t);
  pki->leaf2 = ps_test_gen_cert (pki->dir, "leaf2", pki->leaf_key, pki->inter2,
                                 pki->inter2_key, leaf2_t);
  pki->expired = ps_test_gen_cert (pki->dir, "expired", pki->leaf_key, pki->inter,
                                   pki->inter_key, expired_t);
  pki->self_signed = ps_test_gen_cert (pki->dir, "self-signed", pki->leaf_key, NULL, NULL,
                                       self_t);
  if (with_rsa)
    {
      g_autofree char *rsa_t = ps_test_leaf_template ("localhost", names, 365);

      pki->rsa_key = ps_test_gen_key (pki->dir, "rsa", "rsa", 2048);
      pki->rsa_leaf = ps_test_gen_cert (pki->dir, "rsa-leaf", pki->rsa_key, pki->inter,
                                        pki->inter_key, rsa_t);
    }

  return pki;
}

void
ps_test_pki_free (PsTestPki *pki)
{
  if (pki == NULL)
    return;

  ps_test_rm_rf (pki->dir);
  g_free (pki->dir);
  g_free (pki->root_key);
  g_free (pki->root);
  g_free (pki->inter_key);
  g_free (pki->inter);
  g_free (pki->inter2_key);
  g_free (pki->inter2);
  g_free (pki->leaf_key);
  g_free (pki->leaf);
  g_free (pki->leaf2);
  g_free (pki->expired);
  g_free (pki->self_signed);
  g_free (pki->rsa_key);
  g_free (pki->rsa_leaf);
  g_free (pki);
}

char *
ps_test_pki_bundle (PsTestPki  *pki,
                    const char *name,
                    ...)
{
  g_autoptr(GString) all = g_string_new (NULL);
  g_autofree char *file = g_strconcat (name, ".pem", NULL);
  char *path = g_build_filename (pki->dir, file, NULL);
  const char *part;
  va_list args;

  va_start (args, name);
  while ((part = va_arg (args, const char *)) != NULL)
    {
      g_autofree char *contents = NULL;

      g_assert_true (g_file_get_contents (part, &contents, NULL, NULL));
      g_string_append (all, contents);
    }
  va_end (args);

  g_assert_true (g_file_set_contents (path, all->str, all->len, NULL));
  return path;
}

static gnutls_x509_privkey_t
load_key (const char *path)
{
  g_autofree char *pem = NULL;
  gnutls_x509_privkey_t key;
  gnutls_datum_t datum;
  gsize len;

  g_assert_true (g_file_get_contents (path, &pem, &len, NULL));
  datum.data = (unsigned char *) pem;
  datum.size = len;
  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_import (key, &datum, GNUTLS_X509_FMT_PEM), ==, 0);
  return key;
}

static gnutls_x509_crt_t
load_crt (const char *path)
{
  g_autofree char *pem = NULL;
  gnutls_x509_crt_t crt;
  gnutls_datum_t datum;
  gsize len;

  g_assert_true (g_file_get_contents (path, &pem, &len, NULL));
  datum.data = (unsigned char *) pem;
  datum.size = len;
  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_PEM), ==, 0);
  return crt;
}

/* A certificate for @key named @cn; signed by @issuer (self-signed when NULL). */
static gnutls_x509_crt_t
make_cert (const char            *cn,
           gnutls_x509_privkey_t  key,
           gnutls_x509_crt_t      issuer,
           gnutls_x509_privkey_t  issuer_key,
           gboolean               ca,
           guint                  n_sans)
{
  gnutls_x509_crt_t crt;
  guint32 serial = g_random_int ();
  time_t now = time (NULL);

  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  gnutls_x509_crt_set_version (crt, 3);
  gnutls_x509_crt_set_serial (crt, &serial, sizeof serial);
  gnutls_x509_crt_set_activation_time (crt, now - 3600);
  gnutls_x509_crt_set_expiration_time (crt, now + 30 * 24 * 3600);
  g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                                  cn, strlen (cn)), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key (crt, key), ==, 0);
  gnutls_x509_crt_set_basic_constraints (crt, ca, -1);
  /* CAs may sign handshakes too: a server can then send one of them first (a chain
   * given leaf last), and GnuTLS uses it. */
  gnutls_x509_crt_set_key_usage (crt, ca ? GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN |
                                           GNUTLS_KEY_DIGITAL_SIGNATURE
                                         : GNUTLS_KEY_DIGITAL_SIGNATURE);
  if (!ca)
    gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_SERVER, 0);
  if (n_sans > 0)
    {
      /* SubjectAltName ::= SEQUENCE OF GeneralName (RFC 5280 4.2.1.6), encoded here:
       * GnuTLS's appending is quadratic, far too slow for thousands of names. */
      g_autoptr(GByteArray) names = g_byte_array_new ();
      g_autoptr(GByteArray) ext = g_byte_array_new ();
      const guint8 ip[] = { 0x87, 4, 127, 0, 0, 1 };
      guint8 header[6] = { 0x30 };
      gnutls_datum_t datum;
      gsize len;

      for (guint i = 0; i < n_sans; i++)
        {
          g_autofree char *name = i == 0 ? g_strdup ("localhost")
                                         : g_strdup_printf ("s%05u.example", i);
          guint8 tag[2] = { 0x82, strlen (name) };

          g_byte_array_append (names, tag, 2);
          g_byte_array_append (names, (const guint8 *) name, strlen (name));
        }
      g_byte_array_append (names, ip, sizeof ip);

      len = names->len;
      g_assert_cmpuint (len, <, 1 << 24);
      header[1] = 0x83;
      header[2] = len >> 16;
      header[3] = len >> 8;
      header[4] = len;
      g_byte_array_append (ext, header, 5);
      g_byte_array_append (ext, names->data, names->len);
      datum.data = ext->data;
      datum.size = ext->len;
      g_assert_cmpint (gnutls_x509_crt_set_extension_by_oid (crt, "2.5.29.17", datum.data,
                                                             datum.size, 0), ==, 0);
    }

  if (issuer != NULL)
    g_assert_cmpint (gnutls_x509_crt_sign2 (crt, issuer, issuer_key, GNUTLS_DIG_SHA256, 0),
                     ==, 0);
  else
    g_assert_cmpint (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), ==, 0);

  return crt;
}

static void
append_crt (GString           *out,
            gnutls_x509_crt_t  crt)
{
  gnutls_datum_t pem = { NULL, 0 };

  g_assert_cmpint (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &pem), ==, 0);
  g_string_append_len (out, (const char *) pem.data, pem.size);
  gnutls_free (pem.data);
}

static void
append_new_cert (GString               *out,
                 const char            *cn,
                 gnutls_x509_privkey_t  key,
                 gnutls_x509_crt_t      issuer,
                 gnutls_x509_privkey_t  issuer_key,
                 gboolean               ca,
                 guint                  n_sans)
{
  gnutls_x509_crt_t crt = make_cert (cn, key, issuer, issuer_key, ca, n_sans);

  append_crt (out, crt);
  gnutls_x509_crt_deinit (crt);
}

char *
ps_test_pki_make_many_sans (PsTestPki  *pki,
                            const char *name,
                            guint       n_sans)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *file = g_strconcat (name, ".pem", NULL);
  char *path = g_build_filename (pki->dir, file, NULL);
  gnutls_x509_privkey_t key = load_key (pki->leaf_key);
  gnutls_x509_privkey_t issuer_key = load_key (pki->inter_key);
  gnutls_x509_crt_t issuer = load_crt (pki->inter);

  append_new_cert (out, "many-names.localhost", key, issuer, issuer_key, FALSE, n_sans);
  g_assert_true (g_file_set_contents (path, out->str, out->len, NULL));

  gnutls_x509_privkey_deinit (key);
  gnutls_x509_privkey_deinit (issuer_key);
  gnutls_x509_crt_deinit (issuer);
  return path;
}

char *
ps_test_pki_make_unrelated (PsTestPki  *pki,
                            const char *name,
                            guint       n)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *file = g_strconcat (name, ".pem", NULL);
  char *path = g_build_filename (pki->dir, file, NULL);
  gnutls_x509_privkey_t key;

  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                                 GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1),
                                                 0), ==, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *cn = g_strdup_printf ("Unrelated CA %u", i);

      append_new_cert (out, cn, key, NULL, NULL, TRUE, 0);
    }
  g_assert_true (g_file_set_contents (path, out->str, out->len, NULL));

  gnutls_x509_privkey_deinit (key);
  return path;
}

char *
ps_test_pki_make_long_chain (PsTestPki   *pki,
                             const char  *name,
                             guint        n,
                             gboolean     leaf_last,
                             char       **key_path,
                             char       **root_path)
{
  g_autoptr(GPtrArray) pems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *file = g_strconcat (name, ".pem", NULL);
  g_autofree char *key_file = g_strconcat (name, "-key.pem", NULL);
  g_autofree char *root_file = g_strconcat (name, "-root.pem", NULL);
  char *path = g_build_filename (pki->dir, file, NULL);
  gnutls_x509_crt_t previous = NULL;
  gnutls_x509_privkey_t key;
  gnutls_datum_t key_pem = { NULL, 0 };

  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                                 GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1),
                                                 0), ==, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *cn = i + 1 < n ? g_strdup_printf ("%s CA %u", name, i)
                                      : g_strdup ("localhost");
      gnutls_x509_crt_t crt = make_cert (cn, key, previous, previous != NULL ? key : NULL,
                                         i + 1 < n, i + 1 < n ? 0 : 1);
      g_autoptr(GString) pem = g_string_new (NULL);

      append_crt (pem, crt);
      g_ptr_array_add (pems, g_string_free (g_steal_pointer (&pem), FALSE));
      if (previous != NULL)
        gnutls_x509_crt_deinit (previous);
      previous = crt;
    }
  gnutls_x509_crt_deinit (previous);

  for (guint i = 0; i < n; i++)
    g_string_append (out, g_ptr_array_index (pems, leaf_last ? i : n - 1 - i));
  g_assert_true (g_file_set_contents (path, out->str, out->len, NULL));

  if (root_path != NULL)
    {
      *root_path = g_build_filename (pki->dir, root_file, NULL);
      g_assert_true (g_file_set_contents (*root_path, g_ptr_array_index (pems, 0), -1, NULL));
    }
  if (key_path != NULL)
    {
      g_assert_cmpint (gnutls_x509_privkey_export2 (key, GNUTLS_X509_FMT_PEM, &key_pem), ==, 0);
      *key_path = g_build_filename (pki->dir, key_file, NULL);
      g_assert_true (g_file_set_contents (*key_path, (const char *) key_pem.data, key_pem.size,
                                          NULL));
      gnutls_free (key_pem.data);
    }

  gnutls_x509_privkey_deinit (key);
  return path;
}
