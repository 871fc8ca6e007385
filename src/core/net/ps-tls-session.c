/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

#include "ps-gnutls-private.h"
#include "ps-tls-session-private.h"

/* The handshake runs gnutls_handshake() until it would block, then waits for the socket
 * with a GSource and goes on. GnuTLS reads and writes through pull and push functions of
 * ours on the raw file descriptor, which also keep the first bytes the server sent, so
 * that a server that does not speak TLS is told apart from a failed handshake. */

#define FIRST_BYTES_KEPT 16
#define MAX_HANDSHAKE_MESSAGE (4 * 1024 * 1024)
#define LINGER_MS 1000

struct _PsTlsSession
{
  GObject parent_instance;

  GSocketConnection *connection;
  int fd;
  char *host;
  guint16 port;

  gnutls_session_t session;
  gnutls_certificate_credentials_t credentials;
  gboolean handshake_done;
  gint64 handshake_start;
  gint64 handshake_end;

  GTask *task;          /* the pending handshake */
  GSource *io_source;

  guint8 first_bytes[FIRST_BYTES_KEPT];
  gsize n_first_bytes;
  gsize n_received;
  gboolean got_eof;
  int last_errno;
};

G_DEFINE_FINAL_TYPE (PsTlsSession, ps_tls_session, G_TYPE_OBJECT)

static void
destroy_io_source (PsTlsSession *self)
{
  if (self->io_source != NULL)
    {
      g_source_destroy (self->io_source);
      g_clear_pointer (&self->io_source, g_source_unref);
    }
}

static void
ps_tls_session_finalize (GObject *object)
{
  PsTlsSession *self = (PsTlsSession *)object;

  g_assert (self->task == NULL);
  destroy_io_source (self);
  g_clear_pointer (&self->session, gnutls_deinit);
  g_clear_pointer (&self->credentials, gnutls_certificate_free_credentials);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->host, g_free);

  G_OBJECT_CLASS (ps_tls_session_parent_class)->finalize (object);
}

static void
ps_tls_session_class_init (PsTlsSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ps_tls_session_finalize;
}

static void
ps_tls_session_init (PsTlsSession *self)
{
  self->fd = -1;
}

static ssize_t
pull_func (gnutls_transport_ptr_t ptr,
           void                  *buffer,
           size_t                 len)
{
  PsTlsSession *self = ptr;
  ssize_t n;

  n = recv (self->fd, buffer, len, 0);
  if (n < 0)
    {
      self->last_errno = errno;
      gnutls_transport_set_errno (self->session, errno);
      return -1;
    }

  if (n == 0)
    self->got_eof = TRUE;

  if (self->n_first_bytes < FIRST_BYTES_KEPT)
    {
      gsize keep = MIN ((gsize) n, FIRST_BYTES_KEPT - self->n_first_bytes);

      memcpy (self->first_bytes + self->n_first_bytes, buffer, keep);
      self->n_first_bytes += keep;
    }
  self->n_received += n;

  return n;
}

static ssize_t
push_func (gnutls_transport_ptr_t  ptr,
           const void             *buffer,
           size_t                  len)
{
  PsTlsSession *self = ptr;
  ssize_t n;

  n = send (self->fd, buffer, len, MSG_NOSIGNAL);
  if (n < 0)
    {
      self->last_errno = errno;
      gnutls_transport_set_errno (self->session, errno);
    }

  return n;
}

static int
pull_timeout_func (gnutls_transport_ptr_t ptr,
                   unsigned int           ms G_GNUC_UNUSED)
{
  PsTlsSession *self = ptr;
  struct pollfd pfd = { .fd = self->fd, .events = POLLIN };

  /* The socket is non-blocking: GnuTLS only asks whether data is there. */
  return poll (&pfd, 1, 0);
}

static int
set_alpn (gnutls_session_t    session,
          const char * const *alpn)
{
  guint n = alpn != NULL ? g_strv_length ((char **) alpn) : 0;
  g_autofree gnutls_datum_t *protocols = NULL;

  if (n == 0)
    return 0;

  protocols = g_new0 (gnutls_datum_t, n);
  for (guint i = 0; i < n; i++)
    {
      protocols[i].data = (unsigned char *) alpn[i];
      protocols[i].size = strlen (alpn[i]);
    }
  return gnutls_alpn_set_protocols (session, protocols, n, 0);
}

static int
setup_session (PsTlsSession       *self,
               const char         *servername,
               const char * const *alpn)
{
  g_auto(gnutls_session_t) session = NULL;
  g_auto(gnutls_certificate_credentials_t) credentials = NULL;
  const char *error_pos = NULL;
  int ret;

  ret = gnutls_init (&session, GNUTLS_CLIENT | GNUTLS_NONBLOCK | GNUTLS_NO_TICKETS);
  if (ret < 0)
    return ret;

  /* Accept what servers in the wild offer: this is for looking, not for trusting. */
  ret = gnutls_priority_set_direct (session, "NORMAL:%COMPAT", &error_pos);
  if (ret < 0)
    ret = gnutls_set_default_priority (session);
  if (ret < 0)
    return ret;

  ret = gnutls_certificate_allocate_credentials (&credentials);
  if (ret < 0)
    return ret;
  ret = gnutls_credentials_set (session, GNUTLS_CRD_CERTIFICATE, credentials);
  if (ret < 0)
    return ret;

  if (servername != NULL)
    {
      ret = gnutls_server_name_set (session, GNUTLS_NAME_DNS, servername, strlen (servername));
      if (ret < 0)
        return ret;
    }

  ret = set_alpn (session, alpn);
  if (ret < 0)
    return ret;

  gnutls_handshake_set_timeout (session, 0);
  gnutls_handshake_set_max_packet_length (session, MAX_HANDSHAKE_MESSAGE);
  gnutls_transport_set_ptr (session, self);
  gnutls_transport_set_pull_function (session, pull_func);
  gnutls_transport_set_push_function (session, push_func);
  gnutls_transport_set_pull_timeout_function (session, pull_timeout_func);

  self->session = g_steal_pointer (&session);
  self->credentials = g_steal_pointer (&credentials);
  return 0;
}

/**
 * _ps_tls_session_new:
 *
 * Returns: (transfer full): the session, ready for its handshake
 */
PsTlsSession *
_ps_tls_session_new (GSocketConnection   *connection,
                     const char          *host,
                     guint16              port,
                     const char          *servername,
                     const char * const  *alpn,
                     GError             **error)
{
  g_autoptr(PsTlsSession) self = NULL;
  int ret;

  g_return_val_if_fail (G_IS_SOCKET_CONNECTION (connection), NULL);
  g_return_val_if_fail (host != NULL, NULL);

  self = g_object_new (PS_TYPE_TLS_SESSION, NULL);
  self->connection = g_object_ref (connection);
  self->fd = g_socket_get_fd (g_socket_connection_get_socket (connection));
  self->host = g_strdup (host);
  self->port = port;

  ret = setup_session (self, servername, alpn);
  if (ret < 0)
    {
      g_set_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_FAILED, _("Cannot set up TLS: %s"),
                   gnutls_strerror (ret));
      return NULL;
    }

  return g_steal_pointer (&self);
}

static gboolean
looks_like_tls (const guint8 *bytes,
                gsize         len)
{
  /* A TLS record: content type 20..24, then major version 3. */
  if (len >= 1 && (bytes[0] < 20 || bytes[0] > 24))
    return FALSE;
  if (len >= 2 && bytes[1] != 3)
    return FALSE;
  return TRUE;
}

static GError *
alert_error (PsTlsSession *self)
{
  gnutls_alert_description_t alert = gnutls_alert_get (self->session);
  const char *name = gnutls_alert_get_name (alert);
  const char *strname = gnutls_alert_get_strname (alert);
  g_autofree char *id = NULL;

  /* "GNUTLS_A_HANDSHAKE_FAILURE" becomes RFC 8446's "handshake_failure". */
  if (strname != NULL)
    id = g_ascii_strdown (g_str_has_prefix (strname, "GNUTLS_A_") ? strname + 9 : strname, -1);

  return g_error_new (PS_PROBE_ERROR, PS_PROBE_ERROR_HANDSHAKE_FAILED,
                      _("The TLS handshake with %s:%u failed: "
                        "the server sent the alert “%s” (%s)"),
                      self->host, self->port, name != NULL ? name : "?", id != NULL ? id : "?");
}

/* Why the handshake failed, as the user should read it. */
static GError *
handshake_error (PsTlsSession *self,
                 int           ret)
{
  if (self->n_received > 0 && !looks_like_tls (self->first_bytes, self->n_first_bytes))
    {
      if (self->n_first_bytes >= 5 && memcmp (self->first_bytes, "HTTP/", 5) == 0)
        return g_error_new (PS_PROBE_ERROR, PS_PROBE_ERROR_NOT_TLS,
                            _("%s:%u answered in plain HTTP, not TLS"), self->host, self->port);
      return g_error_new (PS_PROBE_ERROR, PS_PROBE_ERROR_NOT_TLS,
                          _("%s:%u does not speak TLS (its answer is not a TLS record)"),
                          self->host, self->port);
    }

  if (ret == GNUTLS_E_FATAL_ALERT_RECEIVED)
    return alert_error (self);

  if (self->got_eof || ret == GNUTLS_E_PREMATURE_TERMINATION ||
      self->last_errno == ECONNRESET || self->last_errno == EPIPE ||
      (self->n_received == 0 && ret == GNUTLS_E_UNEXPECTED_PACKET_LENGTH))
    return g_error_new (PS_PROBE_ERROR, PS_PROBE_ERROR_CLOSED,
                        _("%s:%u closed the connection during the TLS handshake"),
                        self->host, self->port);

  return g_error_new (PS_PROBE_ERROR, PS_PROBE_ERROR_HANDSHAKE_FAILED,
                      _("The TLS handshake with %s:%u failed: %s"),
                      self->host, self->port, gnutls_strerror (ret));
}

static void
return_error (PsTlsSession *self,
              GError       *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  destroy_io_source (self);
  g_task_return_error (task, error);
}

static void handshake_step (PsTlsSession *self);

static gboolean
socket_ready_cb (GSocket      *socket,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  PsTlsSession *self = user_data;

  g_clear_pointer (&self->io_source, g_source_unref);

  if (g_task_return_error_if_cancelled (self->task))
    {
      g_clear_object (&self->task);
      return G_SOURCE_REMOVE;
    }

  handshake_step (self);

  return G_SOURCE_REMOVE;
}

static void
handshake_step (PsTlsSession *self)
{
  int ret;

  do
    ret = gnutls_handshake (self->session);
  while (ret < 0 && !gnutls_error_is_fatal (ret) && ret != GNUTLS_E_AGAIN);

  if (ret == GNUTLS_E_SUCCESS)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->task);

      self->handshake_done = TRUE;
      self->handshake_end = g_get_monotonic_time ();
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (ret == GNUTLS_E_AGAIN)
    {
      GIOCondition condition = gnutls_record_get_direction (self->session) ? G_IO_OUT : G_IO_IN;
      GSocket *socket = g_socket_connection_get_socket (self->connection);

      self->io_source = g_socket_create_source (socket, condition,
                                                g_task_get_cancellable (self->task));
      g_source_set_callback (self->io_source, (GSourceFunc) (GCallback) socket_ready_cb,
                             g_object_ref (self), g_object_unref);
      g_source_attach (self->io_source, g_task_get_context (self->task));
      return;
    }

  return_error (self, handshake_error (self, ret));
}

void
_ps_tls_session_handshake_async (PsTlsSession        *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (PS_IS_TLS_SESSION (self));
  g_return_if_fail (self->task == NULL && !self->handshake_done);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, _ps_tls_session_handshake_async);
  self->handshake_start = g_get_monotonic_time ();
  handshake_step (self);
}

gboolean
_ps_tls_session_handshake_finish (PsTlsSession  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gnutls_session_t
_ps_tls_session_get_gnutls (PsTlsSession *self)
{
  g_return_val_if_fail (PS_IS_TLS_SESSION (self), NULL);

  return self->session;
}

double
_ps_tls_session_get_handshake_seconds (PsTlsSession *self)
{
  g_return_val_if_fail (PS_IS_TLS_SESSION (self), 0.0);

  return (self->handshake_end - self->handshake_start) / (double) G_USEC_PER_SEC;
}

char *
_ps_tls_session_dup_alpn (PsTlsSession *self)
{
  gnutls_datum_t selected = { NULL, 0 };

  g_return_val_if_fail (PS_IS_TLS_SESSION (self), NULL);

  if (gnutls_alpn_get_selected_protocol (self->session, &selected) == 0 && selected.size > 0)
    return g_strndup ((const char *) selected.data, selected.size);
  return NULL;
}

char *
_ps_tls_session_dup_peer_address (PsTlsSession *self)
{
  g_autoptr(GSocketAddress) address = NULL;

  g_return_val_if_fail (PS_IS_TLS_SESSION (self), NULL);

  address = g_socket_connection_get_remote_address (self->connection, NULL);
  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return NULL;

  return g_inet_address_to_string (
    g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

/* After the close_notify and our FIN, the socket stays open (without blocking anyone) until
 * the server closes its side or a second has passed, so that its own close_notify is read
 * rather than answered with a reset. Whatever arrives is dropped unread. */
typedef struct
{
  GSocketConnection *connection;
  gint64 deadline;
} Linger;

/* One source, whose destroy notify frees the linger: whether the peer closed, the deadline
 * passed, or the main context went away before either. */
static void
linger_free (gpointer data)
{
  Linger *linger = data;

  g_io_stream_close (G_IO_STREAM (linger->connection), NULL, NULL);
  g_object_unref (linger->connection);
  g_free (linger);
}

static gboolean
linger_readable_cb (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  Linger *linger = user_data;
  char sink[4096];
  ssize_t n;

  /* Dispatched without a condition when the ready time (the deadline) has come. */
  if (condition == 0 || g_get_monotonic_time () >= linger->deadline)
    return G_SOURCE_REMOVE;

  do
    n = recv (g_socket_get_fd (socket), sink, sizeof sink, MSG_DONTWAIT);
  while (n > 0);

  if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
    return G_SOURCE_REMOVE;

  return G_SOURCE_CONTINUE;
}

void
_ps_tls_session_close (PsTlsSession *self,
                       GMainContext *context)
{
  GSocket *socket;
  GSource *source;
  Linger *linger;

  g_return_if_fail (PS_IS_TLS_SESSION (self));

  if (self->task != NULL)
    return_error (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("Operation was cancelled")));

  if (self->connection == NULL)
    return;

  if (!self->handshake_done)
    {
      g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
      g_clear_object (&self->connection);
      return;
    }

  /* One try: the socket's buffer is empty right after the handshake, and if it were not,
   * waiting for it would block the main loop. */
  gnutls_bye (self->session, GNUTLS_SHUT_WR);

  socket = g_socket_connection_get_socket (self->connection);
  g_socket_shutdown (socket, FALSE, TRUE, NULL);

  linger = g_new0 (Linger, 1);
  linger->connection = g_steal_pointer (&self->connection);
  linger->deadline = g_get_monotonic_time () + LINGER_MS * 1000;
  source = g_socket_create_source (socket, G_IO_IN, NULL);
  g_source_set_callback (source, (GSourceFunc) (GCallback) linger_readable_cb, linger,
                         linger_free);
  g_source_set_ready_time (source, linger->deadline);
  g_source_attach (source, context);
  g_source_unref (source);
}
