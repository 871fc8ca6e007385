/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <gnutls/gnutls.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

#include "ps-chain-private.h"
#include "ps-probe.h"

/* How a retrieval goes: wait for a slot (max-concurrent), resolve and connect with
 * GSocketClient, run the STARTTLS preamble if asked, then a GnuTLS client handshake on the
 * non-blocking socket, driven by GSources on the caller's main context. The handshake
 * never verifies anything; the chain is judged afterwards by PsChain. Each phase has its
 * own timer; when it fires, the operation's cancellable is cancelled and the error says
 * which phase took too long. */

#define FIRST_BYTES_KEPT 16
#define MAX_HANDSHAKE_MESSAGE (4 * 1024 * 1024)

G_DEFINE_QUARK (ps-probe-error-quark, ps_probe_error)

struct _PsProbe
{
  GObject parent_instance;

  char *servername;
  PsStarttlsProtocol starttls;
  PsTrustStore *store;
  guint timeout;
  GStrv alpn;
  gboolean alpn_set;
  guint max_concurrent;

  GMutex lock;
  guint running;
  GQueue waiting;   /* GTask */
};

G_DEFINE_FINAL_TYPE (PsProbe, ps_probe, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVERNAME,
  PROP_STARTTLS,
  PROP_TRUST_STORE,
  PROP_TIMEOUT,
  PROP_MAX_CONCURRENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  PsProbe *probe;
  char *host;
  guint16 port;
  char *servername;     /* SNI, NULL for none */
  char *verify_name;    /* checked against the certificate */
  PsStarttlsProtocol starttls;
  PsTrustStore *store;
  guint timeout;
  GStrv alpn;

  gboolean started;     /* holds a slot of the probe */
  gboolean finished;
  GCancellable *cancellable;   /* cancelled by the caller or by a timer */
  GSource *caller_cancel_source;
  GSource *queue_cancel_source;
  PsProbePhase phase;
  gboolean timed_out;
  GSource *timer;

  GSocketClient *client;
  GSocketConnection *connection;
  int fd;

  gnutls_session_t session;
  gnutls_certificate_credentials_t credentials;
  GSource *io_source;
  gint64 handshake_start;
  guint8 first_bytes[FIRST_BYTES_KEPT];
  gsize n_first_bytes;
  gsize n_received;
  gboolean got_eof;
  int last_errno;
} Run;

static void run_start (GTask *task);

const char *
ps_probe_phase_to_string (PsProbePhase phase)
{
  switch (phase)
    {
    case PS_PROBE_PHASE_RESOLVE: return "resolve";
    case PS_PROBE_PHASE_CONNECT: return "connect";
    case PS_PROBE_PHASE_STARTTLS: return "starttls";
    case PS_PROBE_PHASE_HANDSHAKE: return "handshake";
    default: return "unknown";
    }
}

static const char *
phase_description (PsProbePhase phase)
{
  switch (phase)
    {
    case PS_PROBE_PHASE_RESOLVE: return _("resolving the host name");
    case PS_PROBE_PHASE_CONNECT: return _("connecting");
    case PS_PROBE_PHASE_STARTTLS: return _("asking the server to start TLS");
    case PS_PROBE_PHASE_HANDSHAKE: return _("waiting for the TLS handshake");
    default: return "";
    }
}

static void
ps_probe_dispose (GObject *object)
{
  PsProbe *self = (PsProbe *)object;

  g_clear_object (&self->store);

  G_OBJECT_CLASS (ps_probe_parent_class)->dispose (object);
}

static void
ps_probe_finalize (GObject *object)
{
  PsProbe *self = (PsProbe *)object;

  g_assert (g_queue_is_empty (&self->waiting));
  g_clear_pointer (&self->servername, g_free);
  g_clear_pointer (&self->alpn, g_strfreev);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ps_probe_parent_class)->finalize (object);
}

static void
ps_probe_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PsProbe *self = PS_PROBE (object);

  switch (prop_id)
    {
    case PROP_SERVERNAME:
      g_value_set_string (value, self->servername);
      break;
    case PROP_STARTTLS:
      g_value_set_uint (value, self->starttls);
      break;
    case PROP_TRUST_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_MAX_CONCURRENT:
      g_value_set_uint (value, self->max_concurrent);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_probe_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  PsProbe *self = PS_PROBE (object);

  switch (prop_id)
    {
    case PROP_SERVERNAME:
      ps_probe_set_servername (self, g_value_get_string (value));
      break;
    case PROP_STARTTLS:
      ps_probe_set_starttls (self, g_value_get_uint (value));
      break;
    case PROP_TRUST_STORE:
      ps_probe_set_trust_store (self, g_value_get_object (value));
      break;
    case PROP_TIMEOUT:
      ps_probe_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_MAX_CONCURRENT:
      ps_probe_set_max_concurrent (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_probe_class_init (PsProbeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ps_probe_dispose;
  object_class->finalize = ps_probe_finalize;
  object_class->get_property = ps_probe_get_property;
  object_class->set_property = ps_probe_set_property;

  properties[PROP_SERVERNAME] =
    g_param_spec_string ("servername", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A PsStarttlsProtocol. */
  properties[PROP_STARTTLS] =
    g_param_spec_uint ("starttls", NULL, NULL, PS_STARTTLS_NONE, PS_STARTTLS_POSTGRES,
                       PS_STARTTLS_NONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRUST_STORE] =
    g_param_spec_object ("trust-store", NULL, NULL, PS_TYPE_TRUST_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, G_MAXUINT / 1000, PS_PROBE_DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_CONCURRENT] =
    g_param_spec_uint ("max-concurrent", NULL, NULL, 1, G_MAXUINT,
                       PS_PROBE_DEFAULT_MAX_CONCURRENT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ps_probe_init (PsProbe *self)
{
  self->timeout = PS_PROBE_DEFAULT_TIMEOUT;
  self->max_concurrent = PS_PROBE_DEFAULT_MAX_CONCURRENT;
  g_mutex_init (&self->lock);
  g_queue_init (&self->waiting);
}

PsProbe *
ps_probe_new (void)
{
  return g_object_new (PS_TYPE_PROBE, NULL);
}

void
ps_probe_set_servername (PsProbe    *self,
                         const char *servername)
{
  g_return_if_fail (PS_IS_PROBE (self));

  if (g_strcmp0 (self->servername, servername) == 0)
    return;
  g_free (self->servername);
  self->servername = g_strdup (servername);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVERNAME]);
}

const char *
ps_probe_get_servername (PsProbe *self)
{
  g_return_val_if_fail (PS_IS_PROBE (self), NULL);

  return self->servername;
}

void
ps_probe_set_starttls (PsProbe            *self,
                       PsStarttlsProtocol  protocol)
{
  g_return_if_fail (PS_IS_PROBE (self));
  g_return_if_fail (ps_starttls_protocol_to_string (protocol) != NULL);

  if (self->starttls == protocol)
    return;
  self->starttls = protocol;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTTLS]);
}

PsStarttlsProtocol
ps_probe_get_starttls (PsProbe *self)
{
  g_return_val_if_fail (PS_IS_PROBE (self), PS_STARTTLS_NONE);

  return self->starttls;
}

void
ps_probe_set_trust_store (PsProbe      *self,
                          PsTrustStore *store)
{
  g_return_if_fail (PS_IS_PROBE (self));
  g_return_if_fail (store == NULL || PS_IS_TRUST_STORE (store));

  if (g_set_object (&self->store, store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUST_STORE]);
}

/**
 * ps_probe_get_trust_store:
 *
 * Returns: (transfer none) (nullable): the anchors set, %NULL for the system's
 */
PsTrustStore *
ps_probe_get_trust_store (PsProbe *self)
{
  g_return_val_if_fail (PS_IS_PROBE (self), NULL);

  return self->store;
}

void
ps_probe_set_timeout (PsProbe *self,
                      guint    seconds)
{
  g_return_if_fail (PS_IS_PROBE (self));
  g_return_if_fail (seconds > 0);

  g_return_if_fail (seconds <= G_MAXUINT / 1000);

  if (self->timeout == seconds)
    return;
  self->timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
ps_probe_get_timeout (PsProbe *self)
{
  g_return_val_if_fail (PS_IS_PROBE (self), 0);

  return self->timeout;
}

void
ps_probe_set_alpn (PsProbe            *self,
                   const char * const *protocols)
{
  g_return_if_fail (PS_IS_PROBE (self));

  g_clear_pointer (&self->alpn, g_strfreev);
  self->alpn = g_strdupv ((char **) protocols);
  self->alpn_set = protocols != NULL;
}

void
ps_probe_set_max_concurrent (PsProbe *self,
                             guint    max_concurrent)
{
  g_return_if_fail (PS_IS_PROBE (self));
  g_return_if_fail (max_concurrent > 0);

  if (self->max_concurrent == max_concurrent)
    return;
  g_mutex_lock (&self->lock);
  self->max_concurrent = max_concurrent;
  g_mutex_unlock (&self->lock);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_CONCURRENT]);
}

guint
ps_probe_get_max_concurrent (PsProbe *self)
{
  g_return_val_if_fail (PS_IS_PROBE (self), 0);

  return self->max_concurrent;
}

static gboolean
parse_port (const char *text,
            guint16    *port)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, 65535, &value, NULL))
    return FALSE;
  *port = value;
  return TRUE;
}

gboolean
ps_probe_parse_host (const char  *text,
                     guint16      default_port,
                     char       **host,
                     guint16     *port,
                     GError     **error)
{
  g_autofree char *copy = NULL;
  g_autofree char *name = NULL;
  g_autofree char *ascii = NULL;
  const char *port_text = NULL;
  char *p;
  guint16 value = default_port;

  g_return_val_if_fail (text != NULL, FALSE);

  copy = g_strstrip (g_strdup (text));

  /* Accept a URL as people paste it: scheme, then host and port, then a path. */
  p = strstr (copy, "://");
  if (p != NULL)
    memmove (copy, p + 3, strlen (p + 3) + 1);
  p = strchr (copy, '/');
  if (p != NULL)
    *p = '\0';

  if (copy[0] == '[')
    {
      p = strchr (copy, ']');
      if (p == NULL)
        goto invalid;
      name = g_strndup (copy + 1, p - copy - 1);
      if (p[1] == ':')
        port_text = p + 2;
      else if (p[1] != '\0')
        goto invalid;
      if (!g_hostname_is_ip_address (name) || strchr (name, ':') == NULL)
        goto invalid;
    }
  else if ((p = strchr (copy, ':')) != NULL && strchr (p + 1, ':') == NULL)
    {
      name = g_strndup (copy, p - copy);
      port_text = p + 1;
    }
  else
    {
      /* No port, or a bare IPv6 literal (two colons or more). */
      name = g_strdup (copy);
      if (strchr (name, ':') != NULL && !g_hostname_is_ip_address (name))
        goto invalid;
    }

  if (port_text != NULL && !parse_port (port_text, &value))
    {
      g_set_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_INVALID_HOST,
                   _("“%s” is not a valid port number"), port_text);
      return FALSE;
    }

  if (name[0] == '\0')
    goto invalid;

  if (g_hostname_is_ip_address (name))
    ascii = g_strdup (name);
  else
    {
      /* A trailing dot names the same host; SNI must not carry it. */
      gsize len = strlen (name);

      if (len > 1 && name[len - 1] == '.')
        name[len - 1] = '\0';
      ascii = g_hostname_to_ascii (name);
      if (ascii == NULL || ascii[0] == '\0' || strpbrk (ascii, " \t/\\@") != NULL)
        goto invalid;
      for (char *c = ascii; *c != '\0'; c++)
        *c = g_ascii_tolower (*c);
    }

  if (host != NULL)
    *host = g_steal_pointer (&ascii);
  if (port != NULL)
    *port = value;
  return TRUE;

invalid:
  g_set_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_INVALID_HOST,
               _("“%s” is not a valid host name or address"), text);
  return FALSE;
}

static void
run_free (Run *run)
{
  g_assert (run->io_source == NULL);
  g_assert (run->timer == NULL);
  g_assert (run->caller_cancel_source == NULL);

  if (run->session != NULL)
    gnutls_deinit (run->session);
  if (run->credentials != NULL)
    gnutls_certificate_free_credentials (run->credentials);
  g_clear_object (&run->connection);
  g_clear_object (&run->client);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->store);
  g_clear_object (&run->probe);
  g_clear_pointer (&run->host, g_free);
  g_clear_pointer (&run->servername, g_free);
  g_clear_pointer (&run->verify_name, g_free);
  g_clear_pointer (&run->alpn, g_strfreev);
  g_free (run);
}

static void
destroy_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_source_unref (*source);
      *source = NULL;
    }
}

static gboolean
run_start_idle_cb (gpointer user_data)
{
  run_start (user_data);
  return G_SOURCE_REMOVE;
}

static void
release_slot (PsProbe *self)
{
  GTask *next = NULL;

  g_mutex_lock (&self->lock);
  g_assert (self->running > 0);
  self->running--;
  if (self->running < self->max_concurrent)
    next = g_queue_pop_head (&self->waiting);
  if (next != NULL)
    self->running++;
  g_mutex_unlock (&self->lock);

  if (next != NULL)
    {
      /* Start it from its own main context, which may not be ours. */
      GSource *idle = g_idle_source_new ();

      g_source_set_callback (idle, run_start_idle_cb, next, g_object_unref);
      g_source_attach (idle, g_task_get_context (next));
      g_source_unref (idle);
    }
}

#define LINGER_MS 1000

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

/* Closes cleanly: a close_notify if the handshake went through (never waiting), then
 * the lingering close above. Nothing else is sent. */
static void
close_connection (Run          *run,
                  gboolean      handshake_done,
                  GMainContext *context)
{
  GSocket *socket;
  GSource *source;
  Linger *linger;

  if (run->connection == NULL)
    return;

  if (run->session == NULL || !handshake_done)
    {
      g_io_stream_close (G_IO_STREAM (run->connection), NULL, NULL);
      return;
    }

  /* One try: the socket's buffer is empty right after the handshake, and if it were not,
   * waiting for it would block the main loop. */
  gnutls_bye (run->session, GNUTLS_SHUT_WR);

  socket = g_socket_connection_get_socket (run->connection);
  g_socket_shutdown (socket, FALSE, TRUE, NULL);

  linger = g_new0 (Linger, 1);
  linger->connection = g_steal_pointer (&run->connection);
  linger->deadline = g_get_monotonic_time () + LINGER_MS * 1000;
  source = g_socket_create_source (socket, G_IO_IN, NULL);
  g_source_set_callback (source, (GSourceFunc) (GCallback) linger_readable_cb, linger,
                         linger_free);
  g_source_set_ready_time (source, linger->deadline);
  g_source_attach (source, context);
  g_source_unref (source);
}

static void
finish (GTask    *task,
        PsChain  *chain,
        GError   *error)
{
  Run *run = g_task_get_task_data (task);

  if (run->finished)
    {
      g_clear_object (&chain);
      g_clear_error (&error);
      return;
    }
  run->finished = TRUE;

  destroy_source (&run->timer);
  destroy_source (&run->io_source);
  destroy_source (&run->queue_cancel_source);
  destroy_source (&run->caller_cancel_source);

  close_connection (run, chain != NULL, g_task_get_context (task));

  if (run->started)
    {
      run->started = FALSE;
      release_slot (run->probe);
    }

  if (chain != NULL)
    g_task_return_pointer (task, chain, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
finish_with (GTask       *task,
             PsProbeError code,
             const char  *format,
             ...) G_GNUC_PRINTF (3, 4);

static void
finish_with (GTask       *task,
             PsProbeError code,
             const char  *format,
             ...)
{
  va_list args;
  GError *error;

  va_start (args, format);
  error = g_error_new_valist (PS_PROBE_ERROR, code, format, args);
  va_end (args);

  finish (task, NULL, error);
}

/* An error of an operation of ours: a timeout or the caller's cancellation first. */
static void
finish_with_error (GTask  *task,
                   GError *error)
{
  Run *run = g_task_get_task_data (task);

  if (run->timed_out)
    {
      g_clear_error (&error);
      finish_with (task, PS_PROBE_ERROR_TIMED_OUT,
                   _("Timed out after %u s while %s (%s:%u)"),
                   run->timeout, phase_description (run->phase), run->host, run->port);
      return;
    }

  finish (task, NULL, error);
}

static gboolean
timer_cb (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  g_clear_pointer (&run->timer, g_source_unref);
  run->timed_out = TRUE;
  g_cancellable_cancel (run->cancellable);

  return G_SOURCE_REMOVE;
}

static void
set_phase (GTask        *task,
           PsProbePhase  phase)
{
  Run *run = g_task_get_task_data (task);

  run->phase = phase;
  destroy_source (&run->timer);
  run->timer = g_timeout_source_new (run->timeout * 1000);
  g_source_set_callback (run->timer, timer_cb, g_object_ref (task), g_object_unref);
  g_source_attach (run->timer, g_task_get_context (task));
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

static void
fail_handshake (GTask *task,
                int    ret)
{
  Run *run = g_task_get_task_data (task);

  if (run->n_received > 0 && !looks_like_tls (run->first_bytes, run->n_first_bytes))
    {
      if (run->n_first_bytes >= 5 && memcmp (run->first_bytes, "HTTP/", 5) == 0)
        finish_with (task, PS_PROBE_ERROR_NOT_TLS,
                     _("%s:%u answered in plain HTTP, not TLS"), run->host, run->port);
      else
        finish_with (task, PS_PROBE_ERROR_NOT_TLS,
                     _("%s:%u does not speak TLS (its answer is not a TLS record)"),
                     run->host, run->port);
      return;
    }

  if (ret == GNUTLS_E_FATAL_ALERT_RECEIVED)
    {
      gnutls_alert_description_t alert = gnutls_alert_get (run->session);
      const char *name = gnutls_alert_get_name (alert);
      const char *strname = gnutls_alert_get_strname (alert);
      g_autofree char *id = NULL;

      /* "GNUTLS_A_HANDSHAKE_FAILURE" becomes RFC 8446's "handshake_failure". */
      if (strname != NULL)
        id = g_ascii_strdown (g_str_has_prefix (strname, "GNUTLS_A_") ? strname + 9 : strname,
                              -1);

      finish_with (task, PS_PROBE_ERROR_HANDSHAKE_FAILED,
                   _("The TLS handshake with %s:%u failed: "
                     "the server sent the alert “%s” (%s)"),
                   run->host, run->port, name != NULL ? name : "?", id != NULL ? id : "?");
      return;
    }

  if (run->got_eof || ret == GNUTLS_E_PREMATURE_TERMINATION ||
      run->last_errno == ECONNRESET || run->last_errno == EPIPE)
    {
      finish_with (task, PS_PROBE_ERROR_CLOSED,
                   _("%s:%u closed the connection during the TLS handshake"),
                   run->host, run->port);
      return;
    }

  if (run->n_received == 0 && ret == GNUTLS_E_UNEXPECTED_PACKET_LENGTH)
    {
      finish_with (task, PS_PROBE_ERROR_CLOSED,
                   _("%s:%u closed the connection during the TLS handshake"),
                   run->host, run->port);
      return;
    }

  finish_with (task, PS_PROBE_ERROR_HANDSHAKE_FAILED,
               _("The TLS handshake with %s:%u failed: %s"),
               run->host, run->port, gnutls_strerror (ret));
}

static ssize_t
pull_func (gnutls_transport_ptr_t ptr,
           void                  *buffer,
           size_t                 len)
{
  Run *run = ptr;
  ssize_t n;

  n = recv (run->fd, buffer, len, 0);
  if (n < 0)
    {
      run->last_errno = errno;
      gnutls_transport_set_errno (run->session, errno);
      return -1;
    }

  if (n == 0)
    run->got_eof = TRUE;

  if (run->n_first_bytes < FIRST_BYTES_KEPT)
    {
      gsize keep = MIN ((gsize) n, FIRST_BYTES_KEPT - run->n_first_bytes);

      memcpy (run->first_bytes + run->n_first_bytes, buffer, keep);
      run->n_first_bytes += keep;
    }
  run->n_received += n;

  return n;
}

static ssize_t
push_func (gnutls_transport_ptr_t  ptr,
           const void             *buffer,
           size_t                  len)
{
  Run *run = ptr;
  ssize_t n;

  n = send (run->fd, buffer, len, MSG_NOSIGNAL);
  if (n < 0)
    {
      run->last_errno = errno;
      gnutls_transport_set_errno (run->session, errno);
    }

  return n;
}

static int
pull_timeout_func (gnutls_transport_ptr_t ptr,
                   unsigned int           ms G_GNUC_UNUSED)
{
  Run *run = ptr;
  struct pollfd pfd = { .fd = run->fd, .events = POLLIN };

  /* The socket is non-blocking: GnuTLS only asks whether data is there. */
  return poll (&pfd, 1, 0);
}

static char *
peer_address (Run *run)
{
  g_autoptr(GSocketAddress) address = NULL;

  address = g_socket_connection_get_remote_address (run->connection, NULL);
  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return NULL;

  return g_inet_address_to_string (
    g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

/* Building the path and verifying it (and loading the system's anchors the first time)
 * may take a while for big chains: it runs in a worker thread. */
typedef struct
{
  GPtrArray *certs;
  PsTrustStore *store;
  char *verify_name;
  const char *tls_version;
  const char *suite;
  const char *group;
  char *alpn;
  char *address;
  double seconds;
} ChainJob;

static void
chain_job_free (ChainJob *job)
{
  g_clear_pointer (&job->certs, g_ptr_array_unref);
  g_clear_object (&job->store);
  g_clear_pointer (&job->verify_name, g_free);
  g_clear_pointer (&job->alpn, g_free);
  g_clear_pointer (&job->address, g_free);
  g_free (job);
}

static void
chain_thread (GTask        *inner,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ChainJob *job = task_data;

  g_task_return_pointer (inner, ps_chain_new (job->certs, job->store, job->verify_name),
                         g_object_unref);
}

static void
chain_built_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ChainJob *job = g_task_get_task_data (G_TASK (result));
  PsChain *chain = g_task_propagate_pointer (G_TASK (result), NULL);

  g_assert (chain != NULL);
  _ps_chain_set_connection_info (chain, job->tls_version, job->suite, job->group, job->alpn,
                                 job->address, job->seconds);
  finish (task, chain, NULL);
}

static void
handshake_done (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GTask) inner = NULL;
  gnutls_datum_t selected = { NULL, 0 };
  const gnutls_datum_t *peers;
  unsigned int n_peers = 0;
  ChainJob *job;

  job = g_new0 (ChainJob, 1);
  job->seconds = (g_get_monotonic_time () - run->handshake_start) / (double) G_USEC_PER_SEC;
  destroy_source (&run->timer);

  job->certs = g_ptr_array_new_with_free_func (g_object_unref);
  peers = gnutls_certificate_get_peers (run->session, &n_peers);
  for (guint i = 0; peers != NULL && i < n_peers; i++)
    {
      g_autoptr(GBytes) der = g_bytes_new (peers[i].data, peers[i].size);
      g_autoptr(GError) error = NULL;
      PsCertificate *cert = ps_certificate_new_from_der (der, &error);

      if (cert == NULL)
        {
          chain_job_free (job);
          finish_with (task, PS_PROBE_ERROR_HANDSHAKE_FAILED,
                       _("Certificate %u sent by %s:%u cannot be read: %s"),
                       i, run->host, run->port, error->message);
          return;
        }
      g_ptr_array_add (job->certs, cert);
    }

  if (gnutls_alpn_get_selected_protocol (run->session, &selected) == 0 && selected.size > 0)
    job->alpn = g_strndup ((const char *) selected.data, selected.size);
  job->tls_version = gnutls_protocol_get_name (gnutls_protocol_get_version (run->session));
  job->suite = gnutls_ciphersuite_get (run->session);
  if (gnutls_group_get (run->session) != 0)
    job->group = gnutls_group_get_name (gnutls_group_get (run->session));
  job->address = peer_address (run);
  job->store = run->store != NULL ? g_object_ref (run->store) : NULL;
  job->verify_name = g_strdup (run->verify_name);

  inner = g_task_new (NULL, NULL, chain_built_cb, g_object_ref (task));
  g_task_set_source_tag (inner, handshake_done);
  g_task_set_task_data (inner, job, (GDestroyNotify) chain_job_free);
  g_task_run_in_thread (inner, chain_thread);
}

static void handshake_step (GTask *task);

static gboolean
socket_ready_cb (GSocket      *socket,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  g_clear_pointer (&run->io_source, g_source_unref);

  if (g_cancellable_is_cancelled (run->cancellable))
    {
      GError *error = NULL;

      g_cancellable_set_error_if_cancelled (run->cancellable, &error);
      finish_with_error (task, error);
      return G_SOURCE_REMOVE;
    }

  handshake_step (task);

  return G_SOURCE_REMOVE;
}

static void
handshake_step (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  int ret;

  do
    ret = gnutls_handshake (run->session);
  while (ret < 0 && !gnutls_error_is_fatal (ret) && ret != GNUTLS_E_AGAIN);

  if (ret == GNUTLS_E_SUCCESS)
    {
      handshake_done (task);
      return;
    }

  if (ret == GNUTLS_E_AGAIN)
    {
      GIOCondition condition = gnutls_record_get_direction (run->session) ? G_IO_OUT : G_IO_IN;
      GSocket *socket = g_socket_connection_get_socket (run->connection);

      run->io_source = g_socket_create_source (socket, condition, run->cancellable);
      g_source_set_callback (run->io_source, (GSourceFunc) (GCallback) socket_ready_cb,
                             g_object_ref (task), g_object_unref);
      g_source_attach (run->io_source, g_task_get_context (task));
      return;
    }

  fail_handshake (task, ret);
}

static void
start_handshake (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  const char *error_pos = NULL;
  int ret;

  set_phase (task, PS_PROBE_PHASE_HANDSHAKE);

  run->fd = g_socket_get_fd (g_socket_connection_get_socket (run->connection));

  ret = gnutls_init (&run->session, GNUTLS_CLIENT | GNUTLS_NONBLOCK | GNUTLS_NO_TICKETS);
  if (ret < 0)
    {
      run->session = NULL;
      goto failed;
    }

  /* Accept what servers in the wild offer: this is for looking, not for trusting. */
  ret = gnutls_priority_set_direct (run->session, "NORMAL:%COMPAT", &error_pos);
  if (ret < 0)
    ret = gnutls_set_default_priority (run->session);
  if (ret < 0)
    goto failed;

  ret = gnutls_certificate_allocate_credentials (&run->credentials);
  if (ret < 0)
    {
      run->credentials = NULL;
      goto failed;
    }
  ret = gnutls_credentials_set (run->session, GNUTLS_CRD_CERTIFICATE, run->credentials);
  if (ret < 0)
    goto failed;

  if (run->servername != NULL)
    {
      ret = gnutls_server_name_set (run->session, GNUTLS_NAME_DNS, run->servername,
                                    strlen (run->servername));
      if (ret < 0)
        goto failed;
    }

  if (run->alpn != NULL && run->alpn[0] != NULL)
    {
      guint n = g_strv_length (run->alpn);
      g_autofree gnutls_datum_t *protocols = g_new0 (gnutls_datum_t, n);

      for (guint i = 0; i < n; i++)
        {
          protocols[i].data = (unsigned char *) run->alpn[i];
          protocols[i].size = strlen (run->alpn[i]);
        }
      ret = gnutls_alpn_set_protocols (run->session, protocols, n, 0);
      if (ret < 0)
        goto failed;
    }

  gnutls_handshake_set_timeout (run->session, 0);
  gnutls_handshake_set_max_packet_length (run->session, MAX_HANDSHAKE_MESSAGE);
  gnutls_transport_set_ptr (run->session, run);
  gnutls_transport_set_pull_function (run->session, pull_func);
  gnutls_transport_set_push_function (run->session, push_func);
  gnutls_transport_set_pull_timeout_function (run->session, pull_timeout_func);

  run->handshake_start = g_get_monotonic_time ();
  handshake_step (task);
  return;

failed:
  finish_with (task, PS_PROBE_ERROR_FAILED, _("Cannot set up TLS: %s"), gnutls_strerror (ret));
}

static void
starttls_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;

  if (run->finished)
    return;

  if (!ps_starttls_negotiate_finish (result, &error))
    {
      finish_with_error (task, error);
      return;
    }

  start_handshake (task);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;

  run->connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  if (run->finished)
    {
      g_clear_error (&error);
      return;
    }

  if (run->connection == NULL)
    {
      PsProbeError code = PS_PROBE_ERROR_FAILED;

      if (run->timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          finish_with_error (task, error);
          return;
        }

      if (error->domain == G_RESOLVER_ERROR)
        code = PS_PROBE_ERROR_DNS;
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
        code = PS_PROBE_ERROR_REFUSED;
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
               g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
        code = PS_PROBE_ERROR_UNREACHABLE;
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        code = PS_PROBE_ERROR_TIMED_OUT;

      switch (code)
        {
        case PS_PROBE_ERROR_DNS:
          finish_with (task, code, _("Cannot resolve “%s”: %s"), run->host, error->message);
          break;
        case PS_PROBE_ERROR_REFUSED:
          finish_with (task, code, _("%s:%u refused the connection"), run->host, run->port);
          break;
        case PS_PROBE_ERROR_UNREACHABLE:
          finish_with (task, code, _("%s:%u is unreachable: %s"), run->host, run->port,
                       error->message);
          break;
        default:
          finish_with (task, code, _("Cannot connect to %s:%u: %s"), run->host, run->port,
                       error->message);
          break;
        }
      g_clear_error (&error);
      return;
    }

  if (run->starttls != PS_STARTTLS_NONE)
    {
      set_phase (task, PS_PROBE_PHASE_STARTTLS);
      ps_starttls_negotiate_async (G_IO_STREAM (run->connection), run->starttls,
                                   run->servername != NULL ? run->servername : run->host,
                                   run->cancellable, starttls_cb, g_object_ref (task));
      return;
    }

  start_handshake (task);
}

static void
client_event_cb (GSocketClient      *client,
                 GSocketClientEvent  event,
                 GSocketConnectable *connectable,
                 GIOStream          *connection,
                 gpointer            user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  if (event == G_SOCKET_CLIENT_RESOLVED && run->phase == PS_PROBE_PHASE_RESOLVE)
    set_phase (task, PS_PROBE_PHASE_CONNECT);
}

/* The caller's cancellation reaches the running operations through a source rather than
 * a "cancelled" handler: finishing from inside that signal's emission (and disconnecting
 * from it) would deadlock. */
static gboolean
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  g_clear_pointer (&run->caller_cancel_source, g_source_unref);
  g_cancellable_cancel (run->cancellable);

  return G_SOURCE_REMOVE;
}

static gboolean
is_invalid_name (const char *host)
{
  /* RFC 6761 6.4: "invalid" names never resolve, so no query is made for them. */
  return g_str_equal (host, "invalid") || g_str_has_suffix (host, ".invalid");
}

static void
run_start (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  GCancellable *caller = g_task_get_cancellable (task);
  g_autoptr(GSocketConnectable) address = NULL;

  run->started = TRUE;
  destroy_source (&run->queue_cancel_source);

  if (caller != NULL)
    {
      if (g_cancellable_is_cancelled (caller))
        {
          GError *error = NULL;

          g_cancellable_set_error_if_cancelled (caller, &error);
          finish (task, NULL, error);
          return;
        }

      run->caller_cancel_source = g_cancellable_source_new (caller);
      g_source_set_callback (run->caller_cancel_source,
                             (GSourceFunc) (GCallback) caller_cancelled_cb, task, NULL);
      g_source_attach (run->caller_cancel_source, g_task_get_context (task));
    }

  set_phase (task, PS_PROBE_PHASE_RESOLVE);

  if (is_invalid_name (run->host))
    {
      finish_with (task, PS_PROBE_ERROR_DNS,
                   _("Cannot resolve “%s”: names under .invalid never resolve"), run->host);
      return;
    }

  if (g_hostname_is_ip_address (run->host))
    set_phase (task, PS_PROBE_PHASE_CONNECT);

  run->client = g_socket_client_new ();
  g_socket_client_set_enable_proxy (run->client, FALSE);
  g_signal_connect (run->client, "event", G_CALLBACK (client_event_cb), task);

  address = g_network_address_new (run->host, run->port);
  g_socket_client_connect_async (run->client, address, run->cancellable, connect_cb,
                                 g_object_ref (task));
}

static gboolean
queued_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  PsProbe *self = run->probe;
  gboolean removed;
  GError *error = NULL;

  g_mutex_lock (&self->lock);
  removed = g_queue_remove (&self->waiting, task);
  g_mutex_unlock (&self->lock);

  g_clear_pointer (&run->queue_cancel_source, g_source_unref);

  if (removed)
    {
      g_cancellable_set_error_if_cancelled (cancellable, &error);
      finish (task, NULL, error);
      g_object_unref (task);
    }

  return G_SOURCE_REMOVE;
}

void
ps_probe_run_async (PsProbe             *self,
                    const char          *host_and_port,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  gboolean start_now;
  Run *run;

  g_return_if_fail (PS_IS_PROBE (self));
  g_return_if_fail (host_and_port != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_probe_run_async);

  run = g_new0 (Run, 1);
  run->probe = g_object_ref (self);
  run->fd = -1;
  run->starttls = self->starttls;
  run->timeout = self->timeout;
  run->store = self->store != NULL ? g_object_ref (self->store) : NULL;
  run->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  if (!ps_probe_parse_host (host_and_port, ps_starttls_protocol_default_port (run->starttls),
                            &run->host, &run->port, &error))
    {
      run->finished = TRUE;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->servername != NULL)
    {
      if (self->servername[0] != '\0')
        {
          run->servername = g_hostname_to_ascii (self->servername);
          if (run->servername == NULL)
            run->servername = g_strdup (self->servername);
        }
    }
  else if (!g_hostname_is_ip_address (run->host))
    run->servername = g_strdup (run->host);
  run->verify_name = g_strdup (run->servername != NULL ? run->servername : run->host);

  if (self->alpn_set)
    run->alpn = g_strdupv (self->alpn);
  else if (run->port == 443 && run->starttls == PS_STARTTLS_NONE)
    {
      const char * const http[] = { "h2", "http/1.1", NULL };
      run->alpn = g_strdupv ((char **) http);
    }

  g_mutex_lock (&self->lock);
  start_now = self->running < self->max_concurrent;
  if (start_now)
    self->running++;
  else
    g_queue_push_tail (&self->waiting, g_object_ref (task));
  g_mutex_unlock (&self->lock);

  if (start_now)
    {
      run_start (task);
      return;
    }

  if (cancellable != NULL)
    {
      run->queue_cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (run->queue_cancel_source,
                             (GSourceFunc) (GCallback) queued_cancelled_cb, task, NULL);
      g_source_attach (run->queue_cancel_source, g_task_get_context (task));
    }
}

/**
 * ps_probe_run_finish:
 *
 * Returns: (transfer full): the chain, or %NULL with @error set (PS_PROBE_ERROR, or
 *   G_IO_ERROR_CANCELLED)
 */
PsChain *
ps_probe_run_finish (PsProbe       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (PS_IS_PROBE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
