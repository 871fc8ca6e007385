/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-endpoint-row.h"
#include "ps-fleet.h"
#include "ps-pin-match.h"

struct _PsEndpointRow
{
  GObject            parent_instance;

  PsEndpoint        *endpoint;
  PsPinset          *pinset;
  PsPinNotation      notation;

  char              *host;
  char              *address;
  char              *status;
  char              *status_detail;  /* the whole error, when status is its short form */
  const char        *status_icon;
  char             **status_classes;
  char              *leaf_pin;
  char              *matched;
  char              *time;
  PsEndpointVerdict  verdict;

  /* What the row was last made from: see ps_endpoint_row_update(). */
  PsEndpointState    synced_state;
  char              *synced_address;
};

G_DEFINE_FINAL_TYPE (PsEndpointRow, ps_endpoint_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_HOST,
  PROP_ADDRESS,
  PROP_STATUS,
  PROP_STATUS_DETAIL,
  PROP_STATUS_ICON,
  PROP_STATUS_CLASSES,
  PROP_LEAF_PIN,
  PROP_MATCHED,
  PROP_TIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The one place that reads the pin-match results (their struct is becoming a GObject):
 * the first pin that matches @chain, and whether a rule that pins covers @host. */
char *
ps_endpoint_match_pin (PsPinset      *pinset,
                       PsChain       *chain,
                       const char    *host,
                       PsPinNotation  notation,
                       gboolean      *covered)
{
  g_autoptr(GPtrArray) chains = g_ptr_array_new ();
  g_autoptr(GListModel) matches = NULL;
  GListModel *rules;

  *covered = FALSE;
  if (pinset == NULL || chain == NULL)
    return NULL;

  rules = ps_pinset_get_rules (pinset);
  for (guint i = 0; i < g_list_model_get_n_items (rules) && !*covered; i++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, i);
      GListModel *domains = ps_pinset_rule_get_domains (rule);

      if (ps_pinset_rule_get_policy (rule) == PS_RULE_EXCLUDED)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (domains) && !*covered; j++)
        {
          g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, j);

          *covered = ps_pinset_domain_covers (domain, host);
        }
    }

  g_ptr_array_add (chains, chain);
  matches = ps_compare_pinset_chains (pinset, chains);
  for (guint i = 0; i < g_list_model_get_n_items (matches); i++)
    {
      g_autoptr(PsPinMatch) match = g_list_model_get_item (matches, i);
      const PsPin *pin = ps_pinset_pin_get_pin (ps_pin_match_get_pin (match));

      if (ps_pin_match_get_chain (match) != NULL && pin != NULL)
        return ps_pin_to_string (pin, notation);
    }

  return NULL;
}

/* The divergences of the fleet: one line a chain served, "host at addresses: leaf pin", for
 * the first few hosts. Returns the number of divergent hosts, and the first one. */
static guint
describe_divergences (PsFleet        *fleet,
                      PsPinNotation   notation,
                      guint           max_shown,
                      GString        *detail,
                      char          **first_host,
                      gboolean       *different_keys)
{
  g_autoptr(GPtrArray) divergences = ps_fleet_dup_divergences (fleet);

  for (guint i = 0; i < divergences->len; i++)
    {
      PsFleetDivergence *divergence = divergences->pdata[i];
      g_autofree char *host = ps_endpoint_format_host (divergence->name, divergence->port);

      if (i == 0)
        *first_host = g_strdup (host);
      *different_keys |= divergence->n_keys > 1;
      if (i >= max_shown)
        continue;

      /* The endpoints come grouped by chain. */
      for (guint j = 0; j < divergence->endpoints->len; j++)
        {
          PsEndpoint *endpoint = divergence->endpoints->pdata[j];
          PsEndpoint *previous = j > 0 ? divergence->endpoints->pdata[j - 1] : NULL;
          PsEndpoint *next = j + 1 < divergence->endpoints->len
                             ? divergence->endpoints->pdata[j + 1] : NULL;
          const char *digest = ps_endpoint_get_chain_digest (endpoint);

          if (previous == NULL ||
              g_strcmp0 (ps_endpoint_get_chain_digest (previous), digest) != 0)
            {
              if (detail->len > 0)
                g_string_append_c (detail, '\n');
              /* One host is named in the title already. */
              if (divergences->len == 1)
                g_string_append (detail, ps_endpoint_get_address (endpoint));
              else
                /* Translators: a host, then the addresses of it that serve one chain. */
                g_string_append_printf (detail, _("%s at %s"), host,
                                        ps_endpoint_get_address (endpoint));
            }
          else
            g_string_append_printf (detail, ", %s", ps_endpoint_get_address (endpoint));

          if (next == NULL || g_strcmp0 (ps_endpoint_get_chain_digest (next), digest) != 0)
            {
              g_autofree char *pin = ps_endpoint_format_pin (ps_endpoint_get_leaf_pin (endpoint),
                                                             notation);

              g_string_append_printf (detail, ": %s", pin);
            }
        }
    }

  return divergences->len;
}

char *
ps_endpoints_describe_divergences (PsFleet        *fleet,
                                   PsPinNotation   notation,
                                   guint           max_shown,
                                   char          **detail)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *first_host = NULL;
  char *title = NULL;
  gboolean different_keys = FALSE;
  guint n;

  g_return_val_if_fail (PS_IS_FLEET (fleet), NULL);

  n = describe_divergences (fleet, notation, max_shown, text, &first_host, &different_keys);
  if (n == 1 && different_keys)
    /* Translators: %s is a host name. */
    title = g_strdup_printf (_("The addresses of %s serve different keys"), first_host);
  else if (n == 1)
    /* Translators: %s is a host name. */
    title = g_strdup_printf (_("The addresses of %s serve different chains"), first_host);
  else if (n > 1)
    title = g_strdup_printf (ngettext ("The addresses of %u host serve different chains",
                                       "The addresses of %u hosts serve different chains", n),
                             n);
  if (n > max_shown)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, ngettext ("And %u more host", "And %u more hosts",
                                              n - max_shown),
                              n - max_shown);
    }

  if (detail != NULL)
    *detail = n > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;

  return title;
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
update_string (PsEndpointRow *self,
               char         **field,
               const char    *value,
               guint          prop_id)
{
  if (set_string (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* A failure in a few words for the status column; the whole message is its tooltip. */
static const char *
short_error (const GError *error)
{
  if (error == NULL || error->domain != PS_PROBE_ERROR)
    return _("Failed");

  switch ((PsProbeError) error->code)
    {
    case PS_PROBE_ERROR_INVALID_HOST:
      return _("Invalid host");
    case PS_PROBE_ERROR_DNS:
      return _("Cannot resolve");
    case PS_PROBE_ERROR_REFUSED:
      return _("Refused");
    case PS_PROBE_ERROR_UNREACHABLE:
      return _("Unreachable");
    case PS_PROBE_ERROR_TIMED_OUT:
      return _("Timed out");
    case PS_PROBE_ERROR_CLOSED:
      return _("Closed");
    case PS_PROBE_ERROR_NOT_TLS:
      return _("Not TLS");
    case PS_PROBE_ERROR_HANDSHAKE_FAILED:
      return _("Handshake failed");
    case PS_PROBE_ERROR_STARTTLS_REFUSED:
    case PS_PROBE_ERROR_PROTOCOL:
      return _("STARTTLS failed");
    case PS_PROBE_ERROR_FAILED:
    default:
      return _("Failed");
    }
}

static void
ps_endpoint_row_set_status (PsEndpointRow     *self,
                            PsEndpointVerdict  verdict,
                            const char        *text,
                            const char        *icon,
                            const char        *style)
{
  const char *classes[] = { "status", style, NULL };

  self->verdict = verdict;
  if (verdict != PS_ENDPOINT_VERDICT_FAILED)
    g_clear_pointer (&self->status_detail, g_free);
  if (set_string (&self->status, text))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_DETAIL]);
    }
  if (g_strcmp0 (self->status_icon, icon) != 0)
    {
      self->status_icon = icon;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_ICON]);
    }
  if (self->status_classes == NULL || g_strcmp0 (self->status_classes[1], style) != 0)
    {
      g_strfreev (self->status_classes);
      self->status_classes = g_strdupv ((char **) classes);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_CLASSES]);
    }
}

static void
ps_endpoint_row_sync_done (PsEndpointRow *self,
                           PsChain       *chain,
                           const char    *name)
{
  g_autofree char *matched = NULL;
  gboolean covered = FALSE;

  matched = ps_endpoint_match_pin (self->pinset, chain, name, self->notation, &covered);
  if (matched != NULL)
    ps_endpoint_row_set_status (self, PS_ENDPOINT_VERDICT_MATCHED, _("Pin matches"),
                                "emblem-ok-symbolic", "success");
  else if (covered)
    ps_endpoint_row_set_status (self, PS_ENDPOINT_VERDICT_MISMATCH, _("No pin matches"),
                                "dialog-error-symbolic", "error");
  else if (ps_endpoint_get_trusted (self->endpoint))
    ps_endpoint_row_set_status (self, PS_ENDPOINT_VERDICT_TRUSTED, _("Trusted"),
                                "emblem-ok-symbolic", "success");
  else
    ps_endpoint_row_set_status (self, PS_ENDPOINT_VERDICT_UNTRUSTED, _("Not trusted"),
                                "dialog-warning-symbolic", "warning");

  /* No pinset, or none of its rules covers the name: there is nothing to match. */
  update_string (self, &self->matched,
                 matched != NULL ? matched : covered ? _("None") : "—", PROP_MATCHED);
}

char *
ps_endpoint_format_host (const char *name,
                         guint16     port)
{
  /* The usual port goes without saying. */
  if (port == 443)
    return g_strdup (name);
  else if (strchr (name, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", name, port);
  else
    return g_strdup_printf ("%s:%u", name, port);
}

/* The endpoint gives the leaf's pin in base64 (SHA-256); the page shows the notation chosen
 * in Preferences. */
char *
ps_endpoint_format_pin (const char    *base64,
                        PsPinNotation  notation)
{
  g_autofree guint8 *digest = NULL;
  g_autoptr(PsPin) pin = NULL;
  gsize len = 0;

  digest = g_base64_decode (base64, &len);
  if (len != 32)
    return g_strdup (base64);
  pin = ps_pin_new_from_digest (PS_PIN_SHA256, digest, len);

  return pin != NULL ? ps_pin_to_string (pin, notation) : g_strdup (base64);
}

static void
ps_endpoint_row_sync (PsEndpointRow *self)
{
  PsEndpoint *endpoint = self->endpoint;

  self->synced_state = ps_endpoint_get_state (endpoint);
  set_string (&self->synced_address, ps_endpoint_get_address (endpoint));
  const char *name = ps_endpoint_get_name (endpoint);
  g_autofree char *host = NULL;
  g_autofree char *time = NULL;
  g_autofree char *leaf = NULL;
  PsChain *chain = ps_endpoint_get_chain (endpoint);

  host = ps_endpoint_format_host (name, ps_endpoint_get_port (endpoint));
  update_string (self, &self->host, host, PROP_HOST);
  update_string (self, &self->address,
                 ps_endpoint_get_address (endpoint) != NULL ? ps_endpoint_get_address (endpoint)
                                                            : "—",
                 PROP_ADDRESS);

  switch (ps_endpoint_get_state (endpoint))
    {
    case PS_ENDPOINT_WAITING:
      ps_endpoint_row_set_status (self, PS_ENDPOINT_VERDICT_PENDING, _("Waiting"),
                                  "content-loading-symbolic", "dim-label");
      break;
    case PS_ENDPOINT_RESOLVING:
      ps_endpoint_row_set_status (self, PS_ENDPOINT_VERDICT_PENDING, _("Resolving"),
                                  "content-loading-symbolic", "dim-label");
      break;
    case PS_ENDPOINT_PROBING:
      ps_endpoint_row_set_status (self, PS_ENDPOINT_VERDICT_PENDING, _("Connecting"),
                                  "content-loading-symbolic", "dim-label");
      break;
    case PS_ENDPOINT_FAILED:
      /* Cancelled is no failure of the endpoint: it was not checked. */
      if (g_error_matches (ps_endpoint_get_error (endpoint), G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          ps_endpoint_row_set_status (self, PS_ENDPOINT_VERDICT_PENDING, _("Cancelled"),
                                      "process-stop-symbolic", "dim-label");
          break;
        }
      update_string (self, &self->status_detail, ps_endpoint_get_error_message (endpoint),
                     PROP_STATUS_DETAIL);
      ps_endpoint_row_set_status (self, PS_ENDPOINT_VERDICT_FAILED,
                                  short_error (ps_endpoint_get_error (endpoint)),
                                  "dialog-error-symbolic", "error");
      break;
    case PS_ENDPOINT_DONE:
    default:
      if (chain != NULL)
        ps_endpoint_row_sync_done (self, chain, name);
      break;
    }

  if (ps_endpoint_get_state (endpoint) != PS_ENDPOINT_DONE)
    update_string (self, &self->matched, "—", PROP_MATCHED);

  if (ps_endpoint_get_leaf_pin (endpoint) != NULL)
    leaf = ps_endpoint_format_pin (ps_endpoint_get_leaf_pin (endpoint), self->notation);
  update_string (self, &self->leaf_pin, leaf != NULL ? leaf : "—", PROP_LEAF_PIN);

  if (ps_endpoint_get_state (endpoint) == PS_ENDPOINT_DONE ||
      ps_endpoint_get_state (endpoint) == PS_ENDPOINT_FAILED)
    /* Translators: a duration in milliseconds. */
    time = g_strdup_printf (_("%.0f ms"), ps_endpoint_get_elapsed (endpoint) * 1000.0);
  update_string (self, &self->time, time != NULL ? time : "—", PROP_TIME);
}

PsEndpointRow *
ps_endpoint_row_new (PsEndpoint    *endpoint,
                     PsPinset      *pinset,
                     PsPinNotation  notation)
{
  PsEndpointRow *self;

  g_return_val_if_fail (PS_IS_ENDPOINT (endpoint), NULL);
  g_return_val_if_fail (pinset == NULL || PS_IS_PINSET (pinset), NULL);

  self = g_object_new (PS_TYPE_ENDPOINT_ROW, "endpoint", endpoint, NULL);
  g_set_object (&self->pinset, pinset);
  self->notation = notation;
  ps_endpoint_row_sync (self);

  return self;
}

gboolean
ps_endpoint_row_update (PsEndpointRow *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINT_ROW (self), FALSE);

  /* The endpoint sets its result before its state, so the state and the address tell
   * whether anything changed. */
  if (self->synced_state == ps_endpoint_get_state (self->endpoint) &&
      g_strcmp0 (self->synced_address, ps_endpoint_get_address (self->endpoint)) == 0)
    return FALSE;

  ps_endpoint_row_sync (self);
  return TRUE;
}

PsEndpoint *
ps_endpoint_row_get_endpoint (PsEndpointRow *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINT_ROW (self), NULL);

  return self->endpoint;
}

void
ps_endpoint_row_set_pinset (PsEndpointRow *self,
                            PsPinset      *pinset)
{
  g_return_if_fail (PS_IS_ENDPOINT_ROW (self));

  if (g_set_object (&self->pinset, pinset))
    ps_endpoint_row_sync (self);
}

void
ps_endpoint_row_set_notation (PsEndpointRow *self,
                              PsPinNotation  notation)
{
  g_return_if_fail (PS_IS_ENDPOINT_ROW (self));

  if (self->notation == notation)
    return;
  self->notation = notation;
  ps_endpoint_row_sync (self);
}

#define GETTER(field)                                     \
const char *                                              \
ps_endpoint_row_get_##field (PsEndpointRow *self)         \
{                                                         \
  g_return_val_if_fail (PS_IS_ENDPOINT_ROW (self), NULL); \
  return self->field;                                     \
}

GETTER (host)
GETTER (address)
GETTER (status)
GETTER (leaf_pin)
GETTER (matched)
GETTER (time)

const char *
ps_endpoint_row_get_status_detail (PsEndpointRow *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINT_ROW (self), NULL);
  return self->status_detail != NULL ? self->status_detail : self->status;
}

PsEndpointVerdict
ps_endpoint_row_get_verdict (PsEndpointRow *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINT_ROW (self), PS_ENDPOINT_VERDICT_PENDING);

  return self->verdict;
}

PsChain *
ps_endpoint_row_get_chain (PsEndpointRow *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINT_ROW (self), NULL);

  return ps_endpoint_get_chain (self->endpoint);
}

static void
ps_endpoint_row_dispose (GObject *object)
{
  PsEndpointRow *self = PS_ENDPOINT_ROW (object);

  g_clear_object (&self->endpoint);
  g_clear_object (&self->pinset);

  G_OBJECT_CLASS (ps_endpoint_row_parent_class)->dispose (object);
}

static void
ps_endpoint_row_finalize (GObject *object)
{
  PsEndpointRow *self = PS_ENDPOINT_ROW (object);

  g_free (self->host);
  g_free (self->address);
  g_free (self->status);
  g_free (self->status_detail);
  g_strfreev (self->status_classes);
  g_free (self->leaf_pin);
  g_free (self->matched);
  g_free (self->time);
  g_free (self->synced_address);

  G_OBJECT_CLASS (ps_endpoint_row_parent_class)->finalize (object);
}

static void
ps_endpoint_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PsEndpointRow *self = PS_ENDPOINT_ROW (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      self->endpoint = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_endpoint_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PsEndpointRow *self = PS_ENDPOINT_ROW (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
      break;
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_STATUS_DETAIL:
      g_value_set_string (value, ps_endpoint_row_get_status_detail (self));
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_STATUS_ICON:
      g_value_set_string (value, self->status_icon);
      break;
    case PROP_STATUS_CLASSES:
      g_value_set_boxed (value, self->status_classes);
      break;
    case PROP_LEAF_PIN:
      g_value_set_string (value, self->leaf_pin);
      break;
    case PROP_MATCHED:
      g_value_set_string (value, self->matched);
      break;
    case PROP_TIME:
      g_value_set_string (value, self->time);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_endpoint_row_class_init (PsEndpointRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = ps_endpoint_row_dispose;
  object_class->finalize = ps_endpoint_row_finalize;
  object_class->set_property = ps_endpoint_row_set_property;
  object_class->get_property = ps_endpoint_row_get_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, PS_TYPE_ENDPOINT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOST] = g_param_spec_string ("host", NULL, NULL, NULL, flags);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_STATUS_DETAIL] = g_param_spec_string ("status-detail", NULL, NULL, NULL,
                                                        flags);
  properties[PROP_STATUS_ICON] = g_param_spec_string ("status-icon", NULL, NULL, NULL, flags);
  properties[PROP_STATUS_CLASSES] =
    g_param_spec_boxed ("status-classes", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_LEAF_PIN] = g_param_spec_string ("leaf-pin", NULL, NULL, NULL, flags);
  properties[PROP_MATCHED] = g_param_spec_string ("matched", NULL, NULL, NULL, flags);
  properties[PROP_TIME] = g_param_spec_string ("time", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ps_endpoint_row_init (PsEndpointRow *self)
{
  self->notation = PS_PIN_NOTATION_OKHTTP;
}
