/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A TCP proxy on loopback that delays every byte by a fixed time in each direction, so a
 * loopback server looks like one DELAY_MS * 2 of round trip away (the kernel here has no
 * netem). It listens on COUNT consecutive IPv4 addresses from FIRST_ADDRESS (127/8 is all
 * loopback), all on PORT, and forwards each connection to UPSTREAM. The TCP handshake with
 * the proxy itself is not delayed; everything after it is, so a TLS handshake pays its
 * round trips. For benchmarks only: no TLS, no parsing.
 *
 * Usage: delay-proxy DELAY_MS FIRST_ADDRESS COUNT PORT UPSTREAM_ADDRESS UPSTREAM_PORT
 * Prints "ready" on standard output once every address listens. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 16384

typedef struct Chunk
{
  struct Chunk *next;
  int64_t due_us;
  size_t len;            /* 0: end of stream */
  unsigned char data[];
} Chunk;

typedef struct
{
  pthread_mutex_t lock;
  pthread_cond_t cond;
  Chunk *head;
  Chunk *tail;
} Queue;

typedef struct
{
  int fds[2];            /* client, upstream */
  int refs;              /* the four threads */
  pthread_mutex_t lock;
} Conn;

typedef struct
{
  Conn *conn;
  int from;
  int to;
  Queue queue;
} Half;

static int64_t delay_us;
static struct sockaddr_in upstream;

static int64_t
now_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
conn_unref (Conn *conn)
{
  int refs;

  pthread_mutex_lock (&conn->lock);
  refs = --conn->refs;
  pthread_mutex_unlock (&conn->lock);
  if (refs > 0)
    return;
  close (conn->fds[0]);
  close (conn->fds[1]);
  pthread_mutex_destroy (&conn->lock);
  free (conn);
}

static void
queue_push (Queue *queue,
            Chunk *chunk)
{
  pthread_mutex_lock (&queue->lock);
  if (queue->tail != NULL)
    queue->tail->next = chunk;
  else
    queue->head = chunk;
  queue->tail = chunk;
  pthread_cond_signal (&queue->cond);
  pthread_mutex_unlock (&queue->lock);
}

static Chunk *
queue_pop (Queue *queue)
{
  Chunk *chunk;

  pthread_mutex_lock (&queue->lock);
  while (queue->head == NULL)
    pthread_cond_wait (&queue->cond, &queue->lock);
  chunk = queue->head;
  queue->head = chunk->next;
  if (queue->head == NULL)
    queue->tail = NULL;
  pthread_mutex_unlock (&queue->lock);
  return chunk;
}

/* Reads from one side, stamping each chunk with the time it may be written. */
static void *
reader_thread (void *data)
{
  Half *half = data;
  Conn *conn = half->conn;   /* the writer may free @half after the last chunk */

  for (;;)
    {
      Chunk *chunk = malloc (sizeof *chunk + CHUNK);
      ssize_t n = read (half->from, chunk->data, CHUNK);

      chunk->next = NULL;
      chunk->len = n > 0 ? (size_t) n : 0;
      chunk->due_us = now_us () + delay_us;
      queue_push (&half->queue, chunk);
      if (n <= 0)
        break;
    }
  conn_unref (conn);
  return NULL;
}

/* Writes each chunk to the other side once its time has come. */
static void *
writer_thread (void *data)
{
  Half *half = data;
  int failed = 0;

  for (;;)
    {
      Chunk *chunk = queue_pop (&half->queue);
      int64_t wait = chunk->due_us - now_us ();
      size_t done = 0;
      int end = chunk->len == 0;

      if (wait > 0)
        {
          struct timespec ts = { wait / 1000000, (wait % 1000000) * 1000 };
          while (nanosleep (&ts, &ts) != 0 && errno == EINTR)
            ;
        }
      while (!failed && done < chunk->len)
        {
          ssize_t n = write (half->to, chunk->data + done, chunk->len - done);
          if (n <= 0)
            {
              /* The other side is gone: stop reading this side too. */
              failed = 1;
              shutdown (half->from, SHUT_RD);
              break;
            }
          done += n;
        }
      free (chunk);
      if (end)
        break;
    }
  shutdown (half->to, SHUT_WR);
  conn_unref (half->conn);
  pthread_mutex_destroy (&half->queue.lock);
  pthread_cond_destroy (&half->queue.cond);
  free (half);
  return NULL;
}

static void
spawn (void *(*func) (void *),
       void  *data)
{
  pthread_t thread;
  pthread_attr_t attr;

  pthread_attr_init (&attr);
  pthread_attr_setdetachstate (&attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize (&attr, 64 * 1024);
  if (pthread_create (&thread, &attr, func, data) != 0)
    {
      perror ("pthread_create");
      exit (1);
    }
  pthread_attr_destroy (&attr);
}

static Half *
half_new (Conn *conn,
          int   from,
          int   to)
{
  Half *half = calloc (1, sizeof *half);

  half->conn = conn;
  half->from = from;
  half->to = to;
  pthread_mutex_init (&half->queue.lock, NULL);
  pthread_cond_init (&half->queue.cond, NULL);
  return half;
}

static void
serve (int client)
{
  int one = 1;
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  Conn *conn;
  Half *up;
  Half *down;

  if (fd < 0 || connect (fd, (struct sockaddr *) &upstream, sizeof upstream) != 0)
    {
      perror ("connect to upstream");
      if (fd >= 0)
        close (fd);
      close (client);
      return;
    }
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  setsockopt (client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  conn = calloc (1, sizeof *conn);
  conn->fds[0] = client;
  conn->fds[1] = fd;
  conn->refs = 4;
  pthread_mutex_init (&conn->lock, NULL);
  up = half_new (conn, client, fd);
  down = half_new (conn, fd, client);
  spawn (writer_thread, up);
  spawn (writer_thread, down);
  spawn (reader_thread, up);
  spawn (reader_thread, down);
}

static int
listen_on (struct in_addr address,
           int            port)
{
  struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons (port) };
  int one = 1;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  sin.sin_addr = address;
  setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind (fd, (struct sockaddr *) &sin, sizeof sin) != 0 || listen (fd, 512) != 0)
    {
      char text[INET_ADDRSTRLEN];

      inet_ntop (AF_INET, &address, text, sizeof text);
      fprintf (stderr, "delay-proxy: cannot listen on %s:%d: %s\n", text, port,
               strerror (errno));
      exit (1);
    }
  return fd;
}

int
main (int    argc,
      char **argv)
{
  struct in_addr first;
  struct pollfd *fds;
  int count;
  int port;

  if (argc != 7 || inet_pton (AF_INET, argv[2], &first) != 1 ||
      inet_pton (AF_INET, argv[5], &upstream.sin_addr) != 1)
    {
      fprintf (stderr, "usage: delay-proxy DELAY_MS FIRST_ADDRESS COUNT PORT "
                       "UPSTREAM_ADDRESS UPSTREAM_PORT\n");
      return 2;
    }
  delay_us = atoll (argv[1]) * 1000;
  count = atoi (argv[3]);
  port = atoi (argv[4]);
  upstream.sin_family = AF_INET;
  upstream.sin_port = htons (atoi (argv[6]));
  if (count < 1 || count > 65536 || port < 1 || port > 65535 || delay_us < 0)
    {
      fprintf (stderr, "delay-proxy: bad count, port or delay\n");
      return 2;
    }
  signal (SIGPIPE, SIG_IGN);

  fds = calloc (count, sizeof *fds);
  for (int i = 0; i < count; i++)
    {
      struct in_addr address = { htonl (ntohl (first.s_addr) + i) };

      fds[i].fd = listen_on (address, port);
      fds[i].events = POLLIN;
    }
  printf ("ready\n");
  fflush (stdout);

  for (;;)
    {
      if (poll (fds, count, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          perror ("poll");
          return 1;
        }
      for (int i = 0; i < count; i++)
        {
          if (fds[i].revents & POLLIN)
            {
              int client = accept (fds[i].fd, NULL, NULL);

              if (client >= 0)
                serve (client);
            }
        }
    }
}
