/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <gnutls/gnutls.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "ps-chain-private.h"
#include "ps-host.h"
#include "ps-probe.h"
#include "ps-retrieval-private.h"
#include "ps-tls-session-private.h"

/* How a retrieval goes: resolve and connect with GSocketClient, run the STARTTLS preamble
 * if asked, then the TLS handshake (PsTlsSession), then build and verify the chain in a
 * worker thread. The handshake never verifies anything; the chain is judged afterwards by
 * PsChain. One timer bounds the whole retrieval, from the start to the verdict: when it
 * fires, the operation's cancellable is cancelled and the error says which phase took too
 * long. Everything runs on the thread-default main context of the caller. */

typedef struct
{
  PsRetrievalOptions options;
  char *bracketed;             /* the IPv6 address in brackets, for messages */

  gboolean finished;
  GCancellable *cancellable;   /* cancelled by the caller or by the timer */
  GSource *caller_cancel_source;
  PsProbePhase phase;
  gboolean timed_out;
  GSource *timer;

  GSocketClient *client;
  GSocketConnection *connection;
  PsTlsSession *tls;
} Run;

static const char *
phase_description (PsProbePhase phase)
{
  switch (phase)
    {
    case PS_PROBE_PHASE_RESOLVE: return _("resolving the host name");
    case PS_PROBE_PHASE_CONNECT: return _("connecting");
    case PS_PROBE_PHASE_STARTTLS: return _("asking the server to start TLS");
    case PS_PROBE_PHASE_HANDSHAKE: return _("waiting for the TLS handshake");
    case PS_PROBE_PHASE_CHAIN: return _("building and verifying the chain");
    default: return "";
    }
}

static void
run_free (Run *run)
{
  g_assert (run->timer == NULL);
  g_assert (run->caller_cancel_source == NULL);

  g_clear_object (&run->tls);
  g_clear_object (&run->connection);
  g_clear_object (&run->client);
  g_clear_object (&run->cancellable);
  _ps_retrieval_options_clear (&run->options);
  g_free (run->bracketed);
  g_free (run);
}

void
_ps_retrieval_options_copy (const PsRetrievalOptions *options,
                            PsRetrievalOptions       *copy)
{
  copy->host = g_strdup (options->host);
  copy->port = options->port;
  copy->address = g_strdup (options->address);
  copy->servername = g_strdup (options->servername);
  copy->verify_name = g_strdup (options->verify_name);
  copy->starttls = options->starttls;
  copy->store = options->store != NULL ? g_object_ref (options->store) : NULL;
  copy->timeout = options->timeout;
  copy->alpn = g_strdupv (options->alpn);
}

void
_ps_retrieval_options_clear (PsRetrievalOptions *options)
{
  g_clear_pointer (&options->host, g_free);
  g_clear_pointer (&options->address, g_free);
  g_clear_pointer (&options->servername, g_free);
  g_clear_pointer (&options->verify_name, g_free);
  g_clear_object (&options->store);
  g_clear_pointer (&options->alpn, g_strfreev);
}

/* What messages name before ":PORT": the address when one was given (an IPv6 one in
 * brackets), else the host. */
static const char *
run_target (Run *run)
{
  if (run->options.address == NULL)
    return run->options.host;
  if (run->bracketed == NULL && strchr (run->options.address, ':') != NULL)
    run->bracketed = g_strdup_printf ("[%s]", run->options.address);
  return run->bracketed != NULL ? run->bracketed : run->options.address;
}

/* Destroys and drops a source, if any; shared with the probe's queue. */
void
_ps_source_destroy (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_source_unref (*source);
      *source = NULL;
    }
}

/* Closes cleanly: the TLS session's own close once it exists, a plain close before. */
static void
close_connection (Run          *run,
                  GMainContext *context)
{
  if (run->tls != NULL)
    {
      _ps_tls_session_close (run->tls, context);
      g_clear_object (&run->connection);
      return;
    }

  if (run->connection != NULL)
    g_io_stream_close (G_IO_STREAM (run->connection), NULL, NULL);
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

  _ps_source_destroy (&run->timer);
  _ps_source_destroy (&run->caller_cancel_source);

  close_connection (run, g_task_get_context (task));

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
                   run->options.timeout, phase_description (run->phase), run_target (run),
                   run->options.port);
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

  /* Building the chain cannot be interrupted: answer now, its result will be dropped. */
  if (run->phase == PS_PROBE_PHASE_CHAIN)
    finish_with_error (task, NULL);

  return G_SOURCE_REMOVE;
}

/* The timer runs from the first phase to the verdict. */
static void
set_phase (GTask        *task,
           PsProbePhase  phase)
{
  Run *run = g_task_get_task_data (task);

  run->phase = phase;
  if (run->timer != NULL)
    return;
  run->timer = g_timeout_source_new (run->options.timeout * 1000);
  g_source_set_callback (run->timer, timer_cb, g_object_ref (task), g_object_unref);
  g_source_attach (run->timer, g_task_get_context (task));
}

/* Building the path and verifying it (and loading the system's anchors the first time)
 * may take a while for big chains: it runs in a worker thread. */
typedef struct
{
  GPtrArray *certs;
  guint n_received;
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

  g_task_return_pointer (inner,
                         _ps_chain_new_from_server (job->certs, job->n_received, job->store,
                                                    job->verify_name),
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

/* The certificates the server sent, the first PS_CHAIN_MAX_CERTIFICATES of them. */
static gboolean
take_peer_certificates (GTask    *task,
                        ChainJob *job)
{
  Run *run = g_task_get_task_data (task);
  gnutls_session_t session = _ps_tls_session_get_gnutls (run->tls);
  const gnutls_datum_t *peers;
  unsigned int n_peers = 0;

  job->certs = g_ptr_array_new_with_free_func (g_object_unref);
  peers = gnutls_certificate_get_peers (session, &n_peers);
  job->n_received = peers != NULL ? n_peers : 0;
  for (guint i = 0; i < job->n_received && i < PS_CHAIN_MAX_CERTIFICATES; i++)
    {
      g_autoptr(GBytes) der = g_bytes_new (peers[i].data, peers[i].size);
      g_autoptr(GError) error = NULL;
      PsCertificate *cert = ps_certificate_new_from_der (der, &error);

      if (cert == NULL)
        {
          finish_with (task, PS_PROBE_ERROR_HANDSHAKE_FAILED,
                       _("Certificate %u sent by %s:%u cannot be read: %s"),
                       i, run_target (run), run->options.port, error->message);
          return FALSE;
        }
      g_ptr_array_add (job->certs, cert);
    }

  return TRUE;
}

static void
handshake_done (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  gnutls_session_t session = _ps_tls_session_get_gnutls (run->tls);
  g_autoptr(GTask) inner = NULL;
  ChainJob *job;

  set_phase (task, PS_PROBE_PHASE_CHAIN);

  job = g_new0 (ChainJob, 1);
  job->seconds = _ps_tls_session_get_handshake_seconds (run->tls);
  if (!take_peer_certificates (task, job))
    {
      chain_job_free (job);
      return;
    }

  job->alpn = _ps_tls_session_dup_alpn (run->tls);
  job->tls_version = gnutls_protocol_get_name (gnutls_protocol_get_version (session));
  job->suite = gnutls_ciphersuite_get (session);
  if (gnutls_group_get (session) != 0)
    job->group = gnutls_group_get_name (gnutls_group_get (session));
  job->address = _ps_tls_session_dup_peer_address (run->tls);
  job->store = run->options.store != NULL ? g_object_ref (run->options.store) : NULL;
  job->verify_name = g_strdup (run->options.verify_name);

  inner = g_task_new (NULL, NULL, chain_built_cb, g_object_ref (task));
  g_task_set_source_tag (inner, handshake_done);
  g_task_set_task_data (inner, job, (GDestroyNotify) chain_job_free);
  g_task_run_in_thread (inner, chain_thread);
}

static void
handshake_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;

  if (!_ps_tls_session_handshake_finish (PS_TLS_SESSION (object), result, &error))
    {
      finish_with_error (task, error);
      return;
    }

  if (!run->finished)
    handshake_done (task);
}

static void
start_handshake (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;

  set_phase (task, PS_PROBE_PHASE_HANDSHAKE);

  run->tls = _ps_tls_session_new (run->connection, run_target (run), run->options.port,
                                  run->options.servername,
                                  (const char * const *) run->options.alpn, &error);
  if (run->tls == NULL)
    {
      finish (task, NULL, error);
      return;
    }

  _ps_tls_session_handshake_async (run->tls, run->cancellable, handshake_cb,
                                   g_object_ref (task));
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
finish_connect_error (GTask  *task,
                      GError *error)
{
  Run *run = g_task_get_task_data (task);

  if (run->timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      finish_with_error (task, error);
      return;
    }

  if (error->domain == G_RESOLVER_ERROR)
    finish_with (task, PS_PROBE_ERROR_DNS, _("Cannot resolve “%s”: %s"), run->options.host,
                 error->message);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    finish_with (task, PS_PROBE_ERROR_REFUSED, _("%s:%u refused the connection"),
                 run_target (run),
                 run->options.port);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    finish_with (task, PS_PROBE_ERROR_UNREACHABLE, _("%s:%u is unreachable: %s"),
                 run_target (run),
                 run->options.port, error->message);
  else
    finish_with (task,
                 g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)
                   ? PS_PROBE_ERROR_TIMED_OUT : PS_PROBE_ERROR_FAILED,
                 _("Cannot connect to %s:%u: %s"), run_target (run), run->options.port,
                 error->message);
  g_error_free (error);
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
      finish_connect_error (task, error);
      return;
    }

  /* The handshake is a few small writes answered by the peer: with Nagle's algorithm, the
   * second of two writes in a row waits for the peer's delayed ACK (40 ms on Linux). */
  g_socket_set_option (g_socket_connection_get_socket (run->connection), IPPROTO_TCP,
                       TCP_NODELAY, 1, NULL);

  if (run->options.starttls != PS_STARTTLS_NONE)
    {
      set_phase (task, PS_PROBE_PHASE_STARTTLS);
      ps_starttls_negotiate_async (G_IO_STREAM (run->connection), run->options.starttls,
                                   run->options.servername != NULL
                                     ? run->options.servername : run->options.host,
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

  /* The chain's worker thread does not watch it: answer now. */
  if (run->phase == PS_PROBE_PHASE_CHAIN)
    {
      GError *error = NULL;

      g_cancellable_set_error_if_cancelled (cancellable, &error);
      finish (task, NULL, error);
    }

  return G_SOURCE_REMOVE;
}

void
_ps_retrieval_run_async (const PsRetrievalOptions *options,
                         GCancellable             *caller,
                         GAsyncReadyCallback       callback,
                         gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSocketConnectable) address = NULL;
  Run *run;

  g_return_if_fail (options != NULL && options->host != NULL);
  g_return_if_fail (options->timeout > 0);

  task = g_task_new (NULL, caller, callback, user_data);
  g_task_set_source_tag (task, _ps_retrieval_run_async);

  run = g_new0 (Run, 1);
  _ps_retrieval_options_copy (options, &run->options);
  run->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

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

  run->client = g_socket_client_new ();
  g_socket_client_set_enable_proxy (run->client, FALSE);
  g_signal_connect (run->client, "event", G_CALLBACK (client_event_cb), task);

  if (run->options.address != NULL)
    {
      /* An address given (a fleet's resolution, or --resolve): no name lookup. */
      address = G_SOCKET_CONNECTABLE (g_inet_socket_address_new_from_string (
                                        run->options.address, run->options.port));
      if (address == NULL)
        {
          finish_with (task, PS_PROBE_ERROR_INVALID_HOST, _("“%s” is not an IP address"),
                       run->options.address);
          return;
        }
      set_phase (task, PS_PROBE_PHASE_CONNECT);
    }
  else
    {
      if (ps_host_is_invalid_name (run->options.host))
        {
          finish_with (task, PS_PROBE_ERROR_DNS,
                       _("Cannot resolve “%s”: names under .invalid never resolve"),
                       run->options.host);
          return;
        }
      if (g_hostname_is_ip_address (run->options.host))
        set_phase (task, PS_PROBE_PHASE_CONNECT);
      address = g_network_address_new (run->options.host, run->options.port);
    }

  g_socket_client_connect_async (run->client, address, run->cancellable, connect_cb,
                                 g_object_ref (task));
}

/**
 * _ps_retrieval_run_finish:
 *
 * Returns: (transfer full): the chain, or %NULL with @error set
 */
PsChain *
_ps_retrieval_run_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
