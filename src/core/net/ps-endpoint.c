/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ps-endpoint-private.h"

struct _PsEndpoint
{
  GObject parent_instance;

  char *name;
  guint16 port;
  char *address;
  PsEndpointState state;
  PsChain *chain;
  GError *error;
  gint64 started;      /* monotonic µs, 0 before the start */
  double elapsed;
  char *leaf_pin;
  char *chain_digest;
  gboolean trusted;
};

G_DEFINE_FINAL_TYPE (PsEndpoint, ps_endpoint, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_PORT,
  PROP_ADDRESS,
  PROP_STATE,
  PROP_CHAIN,
  PROP_ERROR_MESSAGE,
  PROP_ELAPSED,
  PROP_LEAF_PIN,
  PROP_CHAIN_DIGEST,
  PROP_TRUSTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GEnumValue state_values[] = {
  { PS_ENDPOINT_WAITING, "PS_ENDPOINT_WAITING", "waiting" },
  { PS_ENDPOINT_RESOLVING, "PS_ENDPOINT_RESOLVING", "resolving" },
  { PS_ENDPOINT_PROBING, "PS_ENDPOINT_PROBING", "probing" },
  { PS_ENDPOINT_DONE, "PS_ENDPOINT_DONE", "done" },
  { PS_ENDPOINT_FAILED, "PS_ENDPOINT_FAILED", "failed" },
  { 0, NULL, NULL }
};

GType
ps_endpoint_state_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("PsEndpointState", state_values));
  return type;
}

const char *
ps_endpoint_state_to_string (PsEndpointState state)
{
  g_return_val_if_fail (state <= PS_ENDPOINT_FAILED, NULL);

  return state_values[state].value_nick;
}

static void
ps_endpoint_dispose (GObject *object)
{
  PsEndpoint *self = (PsEndpoint *)object;

  g_clear_object (&self->chain);

  G_OBJECT_CLASS (ps_endpoint_parent_class)->dispose (object);
}

static void
ps_endpoint_finalize (GObject *object)
{
  PsEndpoint *self = (PsEndpoint *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_error (&self->error);
  g_clear_pointer (&self->leaf_pin, g_free);
  g_clear_pointer (&self->chain_digest, g_free);

  G_OBJECT_CLASS (ps_endpoint_parent_class)->finalize (object);
}

static void
ps_endpoint_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PsEndpoint *self = PS_ENDPOINT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_CHAIN:
      g_value_set_object (value, self->chain);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, ps_endpoint_get_error_message (self));
      break;
    case PROP_ELAPSED:
      g_value_set_double (value, self->elapsed);
      break;
    case PROP_LEAF_PIN:
      g_value_set_string (value, self->leaf_pin);
      break;
    case PROP_CHAIN_DIGEST:
      g_value_set_string (value, self->chain_digest);
      break;
    case PROP_TRUSTED:
      g_value_set_boolean (value, self->trusted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_endpoint_class_init (PsEndpointClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ps_endpoint_dispose;
  object_class->finalize = ps_endpoint_finalize;
  object_class->get_property = ps_endpoint_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0, flags);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, flags);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PS_TYPE_ENDPOINT_STATE, PS_ENDPOINT_WAITING, flags);
  properties[PROP_CHAIN] = g_param_spec_object ("chain", NULL, NULL, PS_TYPE_CHAIN, flags);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL, flags);
  properties[PROP_ELAPSED] =
    g_param_spec_double ("elapsed", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_LEAF_PIN] = g_param_spec_string ("leaf-pin", NULL, NULL, NULL, flags);
  properties[PROP_CHAIN_DIGEST] =
    g_param_spec_string ("chain-digest", NULL, NULL, NULL, flags);
  properties[PROP_TRUSTED] = g_param_spec_boolean ("trusted", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ps_endpoint_init (PsEndpoint *self)
{
}

PsEndpoint *
_ps_endpoint_new (const char *name,
                  guint16     port,
                  const char *address)
{
  PsEndpoint *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (PS_TYPE_ENDPOINT, NULL);
  self->name = g_strdup (name);
  self->port = port;
  self->address = g_strdup (address);
  return self;
}

static void
notify (PsEndpoint *self,
        guint       prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
_ps_endpoint_set_address (PsEndpoint *self,
                          const char *address)
{
  if (g_strcmp0 (self->address, address) == 0)
    return;
  g_free (self->address);
  self->address = g_strdup (address);
  notify (self, PROP_ADDRESS);
}

static void
set_state (PsEndpoint      *self,
           PsEndpointState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  notify (self, PROP_STATE);
}

static void
set_elapsed (PsEndpoint *self,
             double      elapsed)
{
  if (self->elapsed == elapsed)
    return;
  self->elapsed = elapsed;
  notify (self, PROP_ELAPSED);
}

static void
set_result (PsEndpoint *self,
            PsChain    *chain,
            char       *leaf_pin,
            char       *chain_digest,
            gboolean    trusted,
            GError     *error)
{
  gboolean had_error = self->error != NULL;

  if (g_set_object (&self->chain, chain))
    notify (self, PROP_CHAIN);
  g_clear_error (&self->error);
  self->error = error;
  if (had_error || error != NULL)
    notify (self, PROP_ERROR_MESSAGE);
  if (g_strcmp0 (self->leaf_pin, leaf_pin) != 0)
    {
      g_free (self->leaf_pin);
      self->leaf_pin = g_steal_pointer (&leaf_pin);
      notify (self, PROP_LEAF_PIN);
    }
  if (g_strcmp0 (self->chain_digest, chain_digest) != 0)
    {
      g_free (self->chain_digest);
      self->chain_digest = g_steal_pointer (&chain_digest);
      notify (self, PROP_CHAIN_DIGEST);
    }
  if (self->trusted != trusted)
    {
      self->trusted = trusted;
      notify (self, PROP_TRUSTED);
    }
  g_free (leaf_pin);
  g_free (chain_digest);
}

void
_ps_endpoint_reset (PsEndpoint *self,
                    const char *address)
{
  g_object_freeze_notify (G_OBJECT (self));
  _ps_endpoint_set_address (self, address);
  set_result (self, NULL, NULL, NULL, FALSE, NULL);
  self->started = 0;
  set_elapsed (self, 0);
  set_state (self, PS_ENDPOINT_WAITING);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_ps_endpoint_start (PsEndpoint      *self,
                    PsEndpointState  state)
{
  g_assert (state == PS_ENDPOINT_RESOLVING || state == PS_ENDPOINT_PROBING);

  if (self->started == 0)
    self->started = g_get_monotonic_time ();
  set_state (self, state);
}

/* The SHA-256 of the DER of every certificate the server sent, in order. */
static char *
dup_chain_digest (PsChain *chain)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < ps_chain_get_n_sent (chain); i++)
    {
      GBytes *der = ps_certificate_get_der (ps_chain_get_certificate (chain, i));
      gsize size = 0;
      const guint8 *data = g_bytes_get_data (der, &size);
      guint8 length[4] = { size >> 24, size >> 16, size >> 8, size };

      /* Lengths first, so that no two lists of certificates hash alike. */
      g_checksum_update (checksum, length, sizeof length);
      g_checksum_update (checksum, data, size);
    }
  return g_strdup (g_checksum_get_string (checksum));
}

void
_ps_endpoint_finish (PsEndpoint *self,
                     PsChain    *chain,
                     GError     *error)
{
  char *leaf_pin = NULL;
  char *digest = NULL;

  g_assert ((chain == NULL) != (error == NULL));

  if (chain != NULL)
    {
      if (ps_chain_get_n_sent (chain) > 0)
        leaf_pin = ps_pin_to_base64 (
          ps_certificate_get_spki_pin (ps_chain_get_certificate (chain, 0)));
      digest = dup_chain_digest (chain);
    }

  g_object_freeze_notify (G_OBJECT (self));
  set_result (self, chain, leaf_pin, digest, chain != NULL && ps_chain_get_trusted (chain),
              error);
  if (self->started != 0)
    set_elapsed (self, (g_get_monotonic_time () - self->started) / (double) G_USEC_PER_SEC);
  set_state (self, chain != NULL ? PS_ENDPOINT_DONE : PS_ENDPOINT_FAILED);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_ps_endpoint_drop_chain (PsEndpoint *self)
{
  if (self->chain == NULL)
    return;
  g_clear_object (&self->chain);
  notify (self, PROP_CHAIN);
}

const char *
ps_endpoint_get_name (PsEndpoint *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINT (self), NULL);
  return self->name;
}

guint16
ps_endpoint_get_port (PsEndpoint *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINT (self), 0);
  return self->port;
}

const char *
ps_endpoint_get_address (PsEndpoint *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINT (self), NULL);
  return self->address;
}

PsEndpointState
ps_endpoint_get_state (PsEndpoint *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINT (self), PS_ENDPOINT_WAITING);
  return self->state;
}

/**
 * ps_endpoint_get_chain:
 *
 * Returns: (transfer none) (nullable): the chain
 */
PsChain *
ps_endpoint_get_chain (PsEndpoint *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINT (self), NULL);
  return self->chain;
}

const GError *
ps_endpoint_get_error (PsEndpoint *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINT (self), NULL);
  return self->error;
}

const char *
ps_endpoint_get_error_message (PsEndpoint *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINT (self), NULL);
  return self->error != NULL ? self->error->message : NULL;
}

double
ps_endpoint_get_elapsed (PsEndpoint *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINT (self), 0);
  return self->elapsed;
}

const char *
ps_endpoint_get_leaf_pin (PsEndpoint *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINT (self), NULL);
  return self->leaf_pin;
}

const char *
ps_endpoint_get_chain_digest (PsEndpoint *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINT (self), NULL);
  return self->chain_digest;
}

gboolean
ps_endpoint_get_trusted (PsEndpoint *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINT (self), FALSE);
  return self->trusted;
}

char *
ps_endpoint_dup_target (PsEndpoint *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINT (self), NULL);

  if (strchr (self->name, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", self->name, self->port);
  return g_strdup_printf ("%s:%u", self->name, self->port);
}
