/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-host.h"
#include "ps-probe.h"
#include "ps-retrieval-private.h"

/* The probe holds the options and the queue: each retrieval (ps-retrieval.c) waits for one
 * of max-concurrent slots, runs with a copy of the options taken when it was asked for,
 * and gives its slot to the next one when it ends. */

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
  PsRetrievalOptions options;   /* taken when the retrieval was asked for */

  gboolean started;     /* holds a slot of the probe */
  GSource *queue_cancel_source;
} Request;

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
    case PS_PROBE_PHASE_CHAIN: return "chain";
    default: return "unknown";
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


/* Kept for the callers that knew it under this name. */
gboolean
ps_probe_parse_host (const char  *text,
                     guint16      default_port,
                     char       **host,
                     guint16     *port,
                     GError     **error)
{
  return ps_host_parse (text, default_port, host, port, error);
}

static void
request_free (Request *request)
{
  g_assert (!request->started);
  g_assert (request->queue_cancel_source == NULL);

  g_clear_object (&request->probe);
  _ps_retrieval_options_clear (&request->options);
  g_free (request);
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

static void
retrieval_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  PsChain *chain;

  chain = _ps_retrieval_run_finish (result, &error);

  request->started = FALSE;
  release_slot (request->probe);

  if (chain != NULL)
    g_task_return_pointer (task, chain, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
run_start (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  request->started = TRUE;
  _ps_source_destroy (&request->queue_cancel_source);

  _ps_retrieval_run_async (&request->options, g_task_get_cancellable (task), retrieval_cb,
                           g_object_ref (task));
}

static gboolean
queued_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  PsProbe *self = request->probe;
  gboolean removed;
  GError *error = NULL;

  g_mutex_lock (&self->lock);
  removed = g_queue_remove (&self->waiting, task);
  g_mutex_unlock (&self->lock);

  g_clear_pointer (&request->queue_cancel_source, g_source_unref);

  if (removed)
    {
      g_cancellable_set_error_if_cancelled (cancellable, &error);
      g_task_return_error (task, error);
      g_object_unref (task);
    }

  return G_SOURCE_REMOVE;
}

/* Fills the request's options from the probe's, for @host (parsed) and @address. */
static void
request_set_options (Request    *request,
                     PsProbe    *self,
                     char       *host,
                     guint16     port,
                     const char *address)
{
  PsRetrievalOptions *options = &request->options;

  options->host = host;
  options->port = port;
  options->address = g_strdup (address);
  options->starttls = self->starttls;
  options->timeout = self->timeout;
  options->store = self->store != NULL ? g_object_ref (self->store) : NULL;

  if (self->servername != NULL)
    {
      if (self->servername[0] != '\0')
        {
          options->servername = g_hostname_to_ascii (self->servername);
          if (options->servername == NULL)
            options->servername = g_strdup (self->servername);
        }
    }
  else if (!g_hostname_is_ip_address (options->host))
    options->servername = g_strdup (options->host);
  options->verify_name = g_strdup (options->servername != NULL ? options->servername
                                                                : options->host);

  if (self->alpn_set)
    options->alpn = g_strdupv (self->alpn);
  else if (options->port == 443 && options->starttls == PS_STARTTLS_NONE)
    {
      const char * const http[] = { "h2", "http/1.1", NULL };
      options->alpn = g_strdupv ((char **) http);
    }
}

/* Starts the task now if a slot is free, else queues it. */
static void
request_enqueue (PsProbe      *self,
                 GTask        *task,
                 GCancellable *cancellable)
{
  Request *request = g_task_get_task_data (task);
  gboolean start_now;

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
      request->queue_cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (request->queue_cancel_source,
                             (GSourceFunc) (GCallback) queued_cancelled_cb, task, NULL);
      g_source_attach (request->queue_cancel_source, g_task_get_context (task));
    }
}

static GTask *
request_task_new (PsProbe             *self,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  g_task_set_source_tag (task, ps_probe_run_async);
  request->probe = g_object_ref (self);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  return task;
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
  char *host = NULL;
  guint16 port = 0;

  g_return_if_fail (PS_IS_PROBE (self));
  g_return_if_fail (host_and_port != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = request_task_new (self, cancellable, callback, user_data);
  if (!ps_host_parse (host_and_port, ps_starttls_protocol_default_port (self->starttls),
                      &host, &port, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  request_set_options (g_task_get_task_data (task), self, host, port, NULL);
  request_enqueue (self, task, cancellable);
}

void
ps_probe_run_address_async (PsProbe             *self,
                            const char          *name,
                            guint16              port,
                            const char          *address,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PS_IS_PROBE (self));
  g_return_if_fail (name != NULL && name[0] != '\0');
  g_return_if_fail (address != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = request_task_new (self, cancellable, callback, user_data);
  if (!g_hostname_is_ip_address (address))
    {
      g_task_return_new_error (task, PS_PROBE_ERROR, PS_PROBE_ERROR_INVALID_HOST,
                               _("“%s” is not an IP address"), address);
      return;
    }
  if (port == 0)
    port = ps_starttls_protocol_default_port (self->starttls);

  request_set_options (g_task_get_task_data (task), self, g_strdup (name), port, address);
  request_enqueue (self, task, cancellable);
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
