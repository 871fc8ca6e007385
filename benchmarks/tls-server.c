/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A loopback TLS server with one thread per connection, for benchmarks/fleet.sh:
 * gnutls-serv and openssl s_server run handshakes one at a time, which would measure the
 * server rather than the clients. Each connection: the handshake, then whatever the client
 * sends is read and dropped until it closes, then close_notify.
 *
 * Usage: tls-server PORT CERT_FILE KEY_FILE
 * Prints "ready" on standard output once it listens on 127.0.0.1:PORT. */
#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static gnutls_certificate_credentials_t credentials;

static void *
serve_thread (void *data)
{
  int fd = (int) (intptr_t) data;
  gnutls_session_t session;
  char buffer[4096];
  int ret;

  gnutls_init (&session, GNUTLS_SERVER);
  gnutls_set_default_priority (session);
  gnutls_credentials_set (session, GNUTLS_CRD_CERTIFICATE, credentials);
  gnutls_certificate_server_set_request (session, GNUTLS_CERT_IGNORE);
  gnutls_handshake_set_timeout (session, 30000);
  gnutls_transport_set_int (session, fd);

  do
    ret = gnutls_handshake (session);
  while (ret < 0 && gnutls_error_is_fatal (ret) == 0);

  if (ret == 0)
    {
      do
        ret = gnutls_record_recv (session, buffer, sizeof buffer);
      while (ret > 0 || ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED);
      gnutls_bye (session, GNUTLS_SHUT_WR);
    }

  close (fd);
  gnutls_deinit (session);
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  struct sockaddr_in sin = { .sin_family = AF_INET };
  int one = 1;
  int fd;

  if (argc != 4)
    {
      fprintf (stderr, "usage: tls-server PORT CERT_FILE KEY_FILE\n");
      return 2;
    }
  signal (SIGPIPE, SIG_IGN);
  gnutls_global_init ();
  gnutls_certificate_allocate_credentials (&credentials);
  if (gnutls_certificate_set_x509_key_file (credentials, argv[2], argv[3],
                                            GNUTLS_X509_FMT_PEM) < 0)
    {
      fprintf (stderr, "tls-server: cannot load %s and %s\n", argv[2], argv[3]);
      return 1;
    }

  fd = socket (AF_INET, SOCK_STREAM, 0);
  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  sin.sin_port = htons (atoi (argv[1]));
  setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind (fd, (struct sockaddr *) &sin, sizeof sin) != 0 || listen (fd, 1024) != 0)
    {
      perror ("tls-server: listen");
      return 1;
    }
  printf ("ready\n");
  fflush (stdout);

  for (;;)
    {
      int client = accept (fd, NULL, NULL);
      pthread_t thread;
      pthread_attr_t attr;

      if (client < 0)
        continue;
      setsockopt (client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      pthread_attr_init (&attr);
      pthread_attr_setdetachstate (&attr, PTHREAD_CREATE_DETACHED);
      pthread_attr_setstacksize (&attr, 256 * 1024);
      if (pthread_create (&thread, &attr, serve_thread, (void *) (intptr_t) client) != 0)
        close (client);
      pthread_attr_destroy (&attr);
    }
}
