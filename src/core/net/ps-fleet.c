/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-endpoint-private.h"
#include "ps-fleet.h"
#include "ps-host.h"
#include "ps-retrieval-private.h"

/* A run walks a queue of endpoints with at most "jobs" of them in flight (the probe's
 * max-concurrent). An endpoint without an address is resolved first, in its slot: its
 * first address stays with it, the others become new endpoints inserted right after it
 * in the model and put at the head of the queue. Then it is probed in the same slot.
 * Only the endpoints in flight hold chains when chains are not kept. */

typedef struct
{
  char *name;
  guint16 port;
} Target;

struct _PsFleet
{
  GObject parent_instance;

  PsProbe *probe;
  GResolver *resolver;
  GPtrArray *targets;       /* Target, in the order added */
  GHashTable *target_keys;  /* "name port" */
  GHashTable *resolves;     /* "name port" -> GStrv of addresses */
  GPtrArray *endpoints;     /* PsEndpoint, the model */
  gboolean keep_chains;
  guint n_finished;

  GTask *run;               /* while running */
  GQueue pending;           /* PsEndpoint (references) not started yet */
  guint in_flight;
  gboolean pumping;
};

static void ps_fleet_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PsFleet, ps_fleet, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ps_fleet_list_model_init))

enum {
  PROP_0,
  PROP_PROBE,
  PROP_KEEP_CHAINS,
  PROP_N_TOTAL,
  PROP_N_FINISHED,
  PROP_RUNNING,
  N_PROPS
};

enum {
  ENDPOINT_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* One endpoint in flight. */
typedef struct
{
  PsFleet *fleet;
  PsEndpoint *endpoint;
  GCancellable *cancellable;   /* the lookup's: the run's, or the timer's */
  gulong cancelled_id;
  GSource *timer;
  gboolean timed_out;
} Job;

static void pump (PsFleet *self);

static void
target_free (Target *target)
{
  g_free (target->name);
  g_free (target);
}

static char *
dup_key (const char *name,
         guint16     port)
{
  return g_strdup_printf ("%s %u", name, port);
}

static GType
ps_fleet_get_item_type (GListModel *model)
{
  return PS_TYPE_ENDPOINT;
}

static guint
ps_fleet_get_n_items (GListModel *model)
{
  return PS_FLEET (model)->endpoints->len;
}

static gpointer
ps_fleet_get_item (GListModel *model,
                   guint       position)
{
  PsFleet *self = PS_FLEET (model);

  if (position >= self->endpoints->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->endpoints, position));
}

static void
ps_fleet_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ps_fleet_get_item_type;
  iface->get_n_items = ps_fleet_get_n_items;
  iface->get_item = ps_fleet_get_item;
}

static void
ps_fleet_dispose (GObject *object)
{
  PsFleet *self = (PsFleet *)object;

  /* A run holds a reference to the fleet: none can be going on here. */
  g_assert (self->run == NULL);
  g_clear_object (&self->probe);
  g_clear_object (&self->resolver);
  if (self->endpoints != NULL)
    g_ptr_array_set_size (self->endpoints, 0);

  G_OBJECT_CLASS (ps_fleet_parent_class)->dispose (object);
}

static void
ps_fleet_finalize (GObject *object)
{
  PsFleet *self = (PsFleet *)object;

  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->target_keys, g_hash_table_unref);
  g_clear_pointer (&self->resolves, g_hash_table_unref);
  g_clear_pointer (&self->endpoints, g_ptr_array_unref);

  G_OBJECT_CLASS (ps_fleet_parent_class)->finalize (object);
}

static void
ps_fleet_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PsFleet *self = PS_FLEET (object);

  switch (prop_id)
    {
    case PROP_PROBE:
      g_value_set_object (value, self->probe);
      break;
    case PROP_KEEP_CHAINS:
      g_value_set_boolean (value, self->keep_chains);
      break;
    case PROP_N_TOTAL:
      g_value_set_uint (value, self->endpoints->len);
      break;
    case PROP_N_FINISHED:
      g_value_set_uint (value, self->n_finished);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->run != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_fleet_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  PsFleet *self = PS_FLEET (object);

  switch (prop_id)
    {
    case PROP_PROBE:
      self->probe = g_value_dup_object (value);
      break;
    case PROP_KEEP_CHAINS:
      ps_fleet_set_keep_chains (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_fleet_constructed (GObject *object)
{
  PsFleet *self = PS_FLEET (object);

  G_OBJECT_CLASS (ps_fleet_parent_class)->constructed (object);

  if (self->probe == NULL)
    self->probe = ps_probe_new ();
}

static void
ps_fleet_class_init (PsFleetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ps_fleet_dispose;
  object_class->finalize = ps_fleet_finalize;
  object_class->constructed = ps_fleet_constructed;
  object_class->get_property = ps_fleet_get_property;
  object_class->set_property = ps_fleet_set_property;

  properties[PROP_PROBE] =
    g_param_spec_object ("probe", NULL, NULL, PS_TYPE_PROBE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEEP_CHAINS] =
    g_param_spec_boolean ("keep-chains", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_TOTAL] = g_param_spec_uint ("n-total", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_FINISHED] =
    g_param_spec_uint ("n-finished", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted when an endpoint is done or failed, before its chain may be dropped. */
  signals[ENDPOINT_FINISHED] =
    g_signal_new ("endpoint-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, PS_TYPE_ENDPOINT);
}

static void
ps_fleet_init (PsFleet *self)
{
  self->keep_chains = TRUE;
  self->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  self->target_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->resolves = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_strfreev);
  self->endpoints = g_ptr_array_new_with_free_func (g_object_unref);
  g_queue_init (&self->pending);
}

PsFleet *
ps_fleet_new (PsProbe *probe)
{
  g_return_val_if_fail (probe == NULL || PS_IS_PROBE (probe), NULL);

  return g_object_new (PS_TYPE_FLEET, "probe", probe, NULL);
}

/**
 * ps_fleet_get_probe:
 *
 * Returns: (transfer none): the probe
 */
PsProbe *
ps_fleet_get_probe (PsFleet *self)
{
  g_return_val_if_fail (PS_IS_FLEET (self), NULL);
  return self->probe;
}

void
ps_fleet_set_keep_chains (PsFleet  *self,
                          gboolean  keep_chains)
{
  g_return_if_fail (PS_IS_FLEET (self));

  keep_chains = !!keep_chains;
  if (self->keep_chains == keep_chains)
    return;
  self->keep_chains = keep_chains;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEEP_CHAINS]);
}

gboolean
ps_fleet_get_keep_chains (PsFleet *self)
{
  g_return_val_if_fail (PS_IS_FLEET (self), TRUE);
  return self->keep_chains;
}

guint
ps_fleet_get_n_total (PsFleet *self)
{
  g_return_val_if_fail (PS_IS_FLEET (self), 0);
  return self->endpoints->len;
}

guint
ps_fleet_get_n_finished (PsFleet *self)
{
  g_return_val_if_fail (PS_IS_FLEET (self), 0);
  return self->n_finished;
}

gboolean
ps_fleet_get_running (PsFleet *self)
{
  g_return_val_if_fail (PS_IS_FLEET (self), FALSE);
  return self->run != NULL;
}

static gboolean
check_not_running (PsFleet  *self,
                   GError  **error)
{
  if (self->run == NULL)
    return TRUE;
  g_set_error_literal (error, PS_PROBE_ERROR, PS_PROBE_ERROR_FAILED,
                       _("Endpoints cannot be added while they are being probed"));
  return FALSE;
}

/* One address of a --resolve list, brackets dropped; NULL if it is not an IP address. */
static char *
parse_resolve_address (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  gsize len = strlen (copy);
  g_autoptr(GInetAddress) address = NULL;

  if (len >= 2 && copy[0] == '[' && copy[len - 1] == ']')
    {
      copy[len - 1] = '\0';
      memmove (copy, copy + 1, len - 1);
    }
  address = g_inet_address_new_from_string (copy);
  if (address == NULL)
    return NULL;
  return g_inet_address_to_string (address);
}

static gboolean
add_resolve_addresses (GPtrArray   *list,
                       const char  *text,
                       const char  *spec,
                       GError     **error)
{
  g_auto(GStrv) items = g_strsplit (text, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      char *address = parse_resolve_address (items[i]);

      if (address == NULL)
        {
          g_set_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_INVALID_HOST,
                       _("“%s” in “%s” is not an IP address"), items[i], spec);
          return FALSE;
        }
      if (g_ptr_array_find_with_equal_func (list, address, g_str_equal, NULL))
        g_free (address);
      else
        g_ptr_array_add (list, address);
      if (list->len > PS_FLEET_MAX_ADDRESSES)
        {
          g_set_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_INVALID_HOST,
                       _("“%s” gives more than %u addresses"), spec, PS_FLEET_MAX_ADDRESSES);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
ps_fleet_add_resolve (PsFleet     *self,
                      const char  *text,
                      GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *host_text = NULL;
  g_autofree char *name = NULL;
  const char *colon;
  const char *colon2;
  guint64 port;

  g_return_val_if_fail (PS_IS_FLEET (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!check_not_running (self, error))
    return FALSE;

  colon = strchr (text, ':');
  colon2 = colon != NULL ? strchr (colon + 1, ':') : NULL;
  if (colon2 == NULL)
    {
      g_set_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_INVALID_HOST,
                   _("“%s” is not HOST:PORT:ADDRESS[,ADDRESS…]"), text);
      return FALSE;
    }
  host_text = g_strndup (text, colon - text);
  {
    g_autofree char *port_text = g_strndup (colon + 1, colon2 - colon - 1);

    if (!g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL))
      {
        g_set_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_INVALID_HOST,
                     _("“%s” in “%s” is not a valid port number"), port_text, text);
        return FALSE;
      }
  }
  /* The host alone: a port or a URL inside it would be a mistake. */
  if (strpbrk (host_text, "[]/") != NULL ||
      !ps_host_parse (host_text, port, &name, NULL, NULL) || g_hostname_is_ip_address (name))
    {
      g_set_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_INVALID_HOST,
                   _("“%s” in “%s” is not a host name"), host_text, text);
      return FALSE;
    }
  if (!add_resolve_addresses (list, colon2 + 1, text, error))
    return FALSE;

  g_ptr_array_add (list, NULL);
  g_hash_table_replace (self->resolves, dup_key (name, port),
                        g_ptr_array_steal (list, NULL));
  return TRUE;
}

static void
notify_n_total (PsFleet *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TOTAL]);
}

gboolean
ps_fleet_add_host (PsFleet     *self,
                   const char  *host,
                   GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;
  guint16 port = 0;
  Target *target;

  g_return_val_if_fail (PS_IS_FLEET (self), FALSE);
  g_return_val_if_fail (host != NULL, FALSE);

  if (!check_not_running (self, error))
    return FALSE;
  if (!ps_host_parse (host, ps_starttls_protocol_default_port (ps_probe_get_starttls (
                                                                 self->probe)),
                      &name, &port, error))
    return FALSE;

  key = dup_key (name, port);
  if (g_hash_table_contains (self->target_keys, key))
    return TRUE;
  if (self->endpoints->len >= PS_FLEET_MAX_ENDPOINTS)
    {
      g_set_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_FAILED,
                   _("Too many endpoints: at most %u can be probed at once"),
                   PS_FLEET_MAX_ENDPOINTS);
      return FALSE;
    }

  target = g_new0 (Target, 1);
  target->name = g_steal_pointer (&name);
  target->port = port;
  g_ptr_array_add (self->targets, target);
  g_hash_table_add (self->target_keys, g_steal_pointer (&key));

  g_ptr_array_add (self->endpoints,
                   _ps_endpoint_new (target->name, port,
                                     g_hostname_is_ip_address (target->name)
                                       ? target->name : NULL));
  g_list_model_items_changed (G_LIST_MODEL (self), self->endpoints->len - 1, 0, 1);
  notify_n_total (self);
  return TRUE;
}

static GCancellable *
run_cancellable (PsFleet *self)
{
  return self->run != NULL ? g_task_get_cancellable (self->run) : NULL;
}

static void
job_free (Job *job)
{
  GCancellable *cancellable = run_cancellable (job->fleet);

  _ps_source_destroy (&job->timer);
  if (job->cancelled_id != 0)
    g_cancellable_disconnect (cancellable, job->cancelled_id);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->endpoint);
  g_free (job);
}

/* The endpoint is done (@chain) or failed (@error, taken); emits, and frees the slot. */
static void
end_endpoint (PsFleet    *self,
              PsEndpoint *endpoint,
              PsChain    *chain,
              GError     *error)
{
  _ps_endpoint_finish (endpoint, chain, error);
  self->n_finished++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FINISHED]);
  g_signal_emit (self, signals[ENDPOINT_FINISHED], 0, endpoint);
  if (!self->keep_chains)
    _ps_endpoint_drop_chain (endpoint);
}

static void
job_finish (Job     *job,
            PsChain *chain,
            GError  *error)
{
  PsFleet *self = job->fleet;

  end_endpoint (self, job->endpoint, chain, error);
  g_clear_object (&chain);
  job_free (job);
  g_assert (self->in_flight > 0);
  self->in_flight--;
  pump (self);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Job *job = user_data;
  GError *error = NULL;
  PsChain *chain = ps_probe_run_finish (PS_PROBE (object), result, &error);

  job_finish (job, chain, error);
}

static void
job_probe (Job *job)
{
  PsEndpoint *endpoint = job->endpoint;

  _ps_endpoint_start (endpoint, PS_ENDPOINT_PROBING);
  ps_probe_run_address_async (job->fleet->probe, ps_endpoint_get_name (endpoint),
                              ps_endpoint_get_port (endpoint),
                              ps_endpoint_get_address (endpoint),
                              run_cancellable (job->fleet), probe_cb, job);
}

/* The first address stays with the job's endpoint; the others are new endpoints right
 * after it, first in the queue. */
static void
job_take_addresses (Job               *job,
                    const char * const *addresses)
{
  PsFleet *self = job->fleet;
  guint index = 0;
  guint n_added = 0;

  g_assert (addresses[0] != NULL);

  _ps_endpoint_set_address (job->endpoint, addresses[0]);
  if (!g_ptr_array_find (self->endpoints, job->endpoint, &index))
    g_assert_not_reached ();

  for (guint i = 1; addresses[i] != NULL && self->endpoints->len < PS_FLEET_MAX_ENDPOINTS; i++)
    {
      PsEndpoint *added = _ps_endpoint_new (ps_endpoint_get_name (job->endpoint),
                                            ps_endpoint_get_port (job->endpoint),
                                            addresses[i]);

      g_ptr_array_insert (self->endpoints, index + i, added);
      n_added++;
    }
  for (guint i = n_added; i > 0; i--)
    g_queue_push_head (&self->pending,
                       g_object_ref (g_ptr_array_index (self->endpoints, index + i)));

  if (n_added > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), index + 1, 0, n_added);
      notify_n_total (self);
    }

  job_probe (job);
}

static void
resolved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  GList *list = g_resolver_lookup_by_name_finish (G_RESOLVER (object), result, &error);
  const char *name = ps_endpoint_get_name (job->endpoint);
  GCancellable *cancellable = run_cancellable (job->fleet);

  _ps_source_destroy (&job->timer);
  if (list == NULL)
    {
      if (job->timed_out)
        job_finish (job, NULL,
                    g_error_new (PS_PROBE_ERROR, PS_PROBE_ERROR_TIMED_OUT,
                                 _("Timed out after %u s while resolving “%s”"),
                                 ps_probe_get_timeout (job->fleet->probe), name));
      else if (g_cancellable_is_cancelled (cancellable))
        job_finish (job, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                    _("Operation was cancelled")));
      else
        job_finish (job, NULL, g_error_new (PS_PROBE_ERROR, PS_PROBE_ERROR_DNS,
                                            _("Cannot resolve “%s”: %s"), name,
                                            error->message));
      return;
    }

  for (GList *l = list; l != NULL && strings->len < PS_FLEET_MAX_ADDRESSES; l = l->next)
    {
      char *text = g_inet_address_to_string (l->data);

      if (g_ptr_array_find_with_equal_func (strings, text, g_str_equal, NULL))
        g_free (text);
      else
        g_ptr_array_add (strings, text);
    }
  g_resolver_free_addresses (list);
  g_ptr_array_add (strings, NULL);

  job_take_addresses (job, (const char * const *) strings->pdata);
}

static gboolean
resolve_timeout_cb (gpointer user_data)
{
  Job *job = user_data;

  g_clear_pointer (&job->timer, g_source_unref);
  job->timed_out = TRUE;
  g_cancellable_cancel (job->cancellable);
  return G_SOURCE_REMOVE;
}

static void
cancel_lookup_cb (GCancellable *run,
                  GCancellable *lookup)
{
  g_cancellable_cancel (lookup);
}

static void
job_resolve (Job *job)
{
  PsFleet *self = job->fleet;
  const char *name = ps_endpoint_get_name (job->endpoint);
  g_autofree char *key = dup_key (name, ps_endpoint_get_port (job->endpoint));
  const char * const *mapped = g_hash_table_lookup (self->resolves, key);

  _ps_endpoint_start (job->endpoint, PS_ENDPOINT_RESOLVING);

  if (mapped != NULL)
    {
      job_take_addresses (job, mapped);
      return;
    }
  if (ps_host_is_invalid_name (name))
    {
      job_finish (job, NULL,
                  g_error_new (PS_PROBE_ERROR, PS_PROBE_ERROR_DNS,
                               _("Cannot resolve “%s”: names under .invalid never resolve"),
                               name));
      return;
    }

  /* The lookup has the probe's timeout of its own, and ends with the run. */
  job->cancellable = g_cancellable_new ();
  if (run_cancellable (self) != NULL)
    job->cancelled_id = g_cancellable_connect (run_cancellable (self),
                                               G_CALLBACK (cancel_lookup_cb),
                                               g_object_ref (job->cancellable),
                                               g_object_unref);
  job->timer = g_timeout_source_new (ps_probe_get_timeout (self->probe) * 1000);
  g_source_set_callback (job->timer, resolve_timeout_cb, job, NULL);
  g_source_attach (job->timer, g_task_get_context (self->run));

  if (self->resolver == NULL)
    self->resolver = g_resolver_get_default ();
  g_resolver_lookup_by_name_async (self->resolver, name, job->cancellable, resolved_cb, job);
}

static void
start_endpoint (PsFleet    *self,
                PsEndpoint *endpoint)
{
  Job *job = g_new0 (Job, 1);

  job->fleet = self;
  job->endpoint = g_object_ref (endpoint);
  self->in_flight++;

  if (ps_endpoint_get_address (endpoint) == NULL)
    job_resolve (job);
  else
    job_probe (job);
}

static void
run_complete (PsFleet *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->run);
  g_autoptr(GError) error = NULL;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
pump (PsFleet *self)
{
  guint jobs = ps_probe_get_max_concurrent (self->probe);
  GCancellable *cancellable = run_cancellable (self);

  if (self->pumping || self->run == NULL)
    return;
  self->pumping = TRUE;

  while (self->in_flight < jobs && !g_queue_is_empty (&self->pending))
    {
      g_autoptr(PsEndpoint) endpoint = g_queue_pop_head (&self->pending);

      if (g_cancellable_is_cancelled (cancellable))
        {
          GError *error = NULL;

          g_cancellable_set_error_if_cancelled (cancellable, &error);
          end_endpoint (self, endpoint, NULL, error);
          continue;
        }
      start_endpoint (self, endpoint);
    }

  self->pumping = FALSE;
  if (self->in_flight == 0 && g_queue_is_empty (&self->pending))
    run_complete (self);
}

/* A new run starts from the targets: the addresses found last time go. */
static void
rebuild (PsFleet *self)
{
  guint old_n = self->endpoints->len;

  g_ptr_array_set_size (self->endpoints, 0);
  for (guint i = 0; i < self->targets->len; i++)
    {
      Target *target = g_ptr_array_index (self->targets, i);

      g_ptr_array_add (self->endpoints,
                       _ps_endpoint_new (target->name, target->port,
                                         g_hostname_is_ip_address (target->name)
                                           ? target->name : NULL));
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->endpoints->len);
  if (old_n != self->endpoints->len)
    notify_n_total (self);
}

void
ps_fleet_run_async (PsFleet             *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  gboolean ran = FALSE;

  g_return_if_fail (PS_IS_FLEET (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_fleet_run_async);

  if (self->run != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The endpoints are already being probed"));
      return;
    }

  for (guint i = 0; i < self->endpoints->len && !ran; i++)
    ran = ps_endpoint_get_state (g_ptr_array_index (self->endpoints, i)) != PS_ENDPOINT_WAITING;
  if (ran)
    rebuild (self);
  if (self->n_finished != 0)
    {
      self->n_finished = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FINISHED]);
    }

  self->run = g_steal_pointer (&task);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  for (guint i = 0; i < self->endpoints->len; i++)
    g_queue_push_tail (&self->pending, g_object_ref (g_ptr_array_index (self->endpoints, i)));
  pump (self);
}

gboolean
ps_fleet_run_finish (PsFleet       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (PS_IS_FLEET (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
