/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-x509-enums.h"
#include "ps-endpoint-row.h"
#include "ps-endpoints-input.h"
#include "ps-endpoints-page.h"
#include "ps-fleet.h"
#include "ps-host.h"
#include "ps-probe.h"
#include "ps-widget-work.h"

/* How often the progress, the summary and the divergence banner follow the rows: often
 * enough to look live, seldom enough that 500 endpoints finishing at once cost nothing. */
#define UPDATE_INTERVAL_MS 100
/* Divergent hosts described in the banner; the rest are counted. */
#define MAX_DIVERGENT_SHOWN 3

struct _PsEndpointsPage
{
  AdwBin              parent_instance;

  GSettings          *settings;
  PsPinset           *pinset;
  PsPinNotation       notation;

  /* The hosts to check, as "host:port", in the order added, and the same as a set. */
  GPtrArray          *hosts;
  GHashTable         *seen;
  /* curl-style "HOST:PORT:ADDR[,ADDR…]" mappings, given to every check. */
  GPtrArray          *resolves;

  /* The current check, and the rows mirroring its endpoints. */
  PsFleet            *fleet;
  GListStore         *rows;
  GtkSingleSelection *selection;
  gboolean            running;
  gboolean            cancelled;
  guint               update_id;

  char               *error;
  char               *divergence;
  /* The name of the CA file the chains are verified against; NULL: the system's store. */
  char               *trust_store;

  GtkEntry           *host_entry;
  GtkWidget          *pinset_button;
  GtkMenuButton      *paste_button;
  GtkTextView        *paste_view;
  GtkRevealer        *progress_revealer;
  GtkLabel           *progress_label;
  GtkProgressBar     *progress_bar;
  GtkWidget          *cancel_button;
  GtkWidget          *refresh_button;
  GtkWidget          *clear_button;
  GtkRevealer        *error_revealer;
  GtkLabel           *error_label;
  GtkRevealer        *divergence_revealer;
  GtkLabel           *divergence_title;
  GtkLabel           *divergence_detail;
  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  GtkWidget          *empty_pinset_button;
  GtkColumnView      *column_view;
};

G_DEFINE_FINAL_TYPE (PsEndpointsPage, ps_endpoints_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PINSET,
  PROP_NOTATION,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  OPEN_CHAIN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void ps_endpoints_page_update (PsEndpointsPage *self);

/* Input */

static void
ps_endpoints_page_set_error (PsEndpointsPage *self,
                             const char      *error)
{
  g_free (self->error);
  self->error = g_strdup (error);
  gtk_label_set_label (self->error_label, error);
  gtk_revealer_set_reveal_child (self->error_revealer, error != NULL);
}

guint
ps_endpoints_page_add_hosts (PsEndpointsPage *self,
                             const char      *text)
{
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *message = NULL;
  guint n_added = 0;
  guint n_over = 0;

  g_return_val_if_fail (PS_IS_ENDPOINTS_PAGE (self), 0);
  g_return_val_if_fail (text != NULL, 0);

  ps_endpoints_parse_hosts (text, parsed, self->seen, errors);
  for (guint i = 0; i < parsed->len; i++)
    {
      if (self->hosts->len >= PS_ENDPOINTS_MAX_HOSTS)
        {
          /* Left out, so that adding it later (after a Clear) is not refused as a duplicate. */
          g_hash_table_remove (self->seen, parsed->pdata[i]);
          n_over++;
          continue;
        }
      g_ptr_array_add (self->hosts, g_strdup (parsed->pdata[i]));
      n_added++;
    }

  message = ps_endpoints_describe_input_errors (errors, n_over);
  ps_endpoints_page_set_error (self, message);
  if (n_added > 0)
    ps_endpoints_page_refresh (self);

  return n_added;
}

gboolean
ps_endpoints_page_add_resolve (PsEndpointsPage  *self,
                               const char       *text,
                               GError          **error)
{
  g_autoptr(PsProbe) probe = ps_probe_new ();
  g_autoptr(PsFleet) fleet = ps_fleet_new (probe);

  g_return_val_if_fail (PS_IS_ENDPOINTS_PAGE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  /* Checked now, so that a check never starts with a mapping it refuses. */
  if (!ps_fleet_add_resolve (fleet, text, error))
    return FALSE;
  g_ptr_array_add (self->resolves, g_strdup (text));

  return TRUE;
}

guint
ps_endpoints_page_add_pinset_domains (PsEndpointsPage *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GListModel *rules;

  g_return_val_if_fail (PS_IS_ENDPOINTS_PAGE (self), 0);

  if (self->pinset == NULL)
    return 0;

  /* A rule that covers subdomains is checked on the domain itself (as `check --live`). */
  rules = ps_pinset_get_rules (self->pinset);
  for (guint i = 0; i < g_list_model_get_n_items (rules); i++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, i);
      GListModel *domains = ps_pinset_rule_get_domains (rule);

      for (guint j = 0; j < g_list_model_get_n_items (domains); j++)
        {
          g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, j);

          g_string_append_printf (text, "%s\n", ps_pinset_domain_get_name (domain));
        }
    }

  return ps_endpoints_page_add_hosts (self, text->str);
}

/* Running */

/* While a check runs, the rows, the progress and the banner follow it on a timer: a
 * 500-endpoint check then redraws the view ten times a second, not once an endpoint. */
static gboolean
update_timeout_cb (gpointer user_data)
{
  PsEndpointsPage *self = user_data;

  ps_endpoints_page_update (self);
  if (self->running)
    return G_SOURCE_CONTINUE;

  self->update_id = 0;
  return G_SOURCE_REMOVE;
}

static void
schedule_update (PsEndpointsPage *self)
{
  if (self->update_id == 0)
    self->update_id = g_timeout_add (UPDATE_INTERVAL_MS, update_timeout_cb, self);
}

/* The rows follow the fleet's endpoints, which appear as the names resolve. */
static void
fleet_items_changed_cb (PsEndpointsPage *self,
                        guint            position,
                        guint            removed,
                        guint            added,
                        GListModel      *fleet)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < added; i++)
    {
      g_autoptr(PsEndpoint) endpoint = g_list_model_get_item (fleet, position + i);

      g_ptr_array_add (rows, ps_endpoint_row_new (endpoint, self->pinset, self->notation));
    }
  g_list_store_splice (self->rows, position, removed, rows->pdata, rows->len);
  schedule_update (self);
}

static void
set_running (PsEndpointsPage *self,
             gboolean         running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PsEndpointsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  ps_fleet_run_finish (PS_FLEET (source), result, &error);
  /* A check replaced by a newer one says nothing. */
  if (PS_FLEET (source) != self->fleet)
    return;

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->cancelled = TRUE;
  else if (error != NULL)
    ps_endpoints_page_set_error (self, error->message);

  set_running (self, FALSE);
  g_clear_handle_id (&self->update_id, g_source_remove);
  ps_endpoints_page_update (self);
}

/* A probe with the app's timeout and default CA file; NULL with the error shown when the
 * CA file cannot be read. */
static PsProbe *
ps_endpoints_page_new_probe (PsEndpointsPage *self)
{
  g_autoptr(PsProbe) probe = ps_probe_new ();
  g_autofree char *cafile = NULL;

  ps_probe_set_max_concurrent (probe, PS_FLEET_DEFAULT_JOBS);
  g_clear_pointer (&self->trust_store, g_free);
  if (self->settings == NULL)
    return g_steal_pointer (&probe);

  ps_probe_set_timeout (probe, g_settings_get_uint (self->settings, "timeout-seconds"));
  cafile = g_settings_get_string (self->settings, "default-cafile");
  if (*cafile != '\0')
    {
      g_autoptr(GFile) file = g_file_new_for_path (cafile);
      g_autoptr(PsTrustStore) store = NULL;
      g_autoptr(GError) error = NULL;

      store = ps_trust_store_new_from_file (file, &error);
      if (store == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Could not read the CA file: %s"),
                                                      error->message);
          ps_endpoints_page_set_error (self, message);
          return NULL;
        }
      ps_probe_set_trust_store (probe, store);
      self->trust_store = g_file_get_basename (file);
    }

  return g_steal_pointer (&probe);
}

static void
ps_endpoints_page_drop_fleet (PsEndpointsPage *self)
{
  if (self->fleet != NULL)
    g_signal_handlers_disconnect_by_data (self->fleet, self);
  g_clear_object (&self->fleet);
  g_list_store_remove_all (self->rows);
}

void
ps_endpoints_page_refresh (PsEndpointsPage *self)
{
  g_autoptr(PsProbe) probe = NULL;

  g_return_if_fail (PS_IS_ENDPOINTS_PAGE (self));

  /* A new check replaces the one under way. */
  ps_widget_cancel_work (GTK_WIDGET (self));
  ps_endpoints_page_drop_fleet (self);
  self->cancelled = FALSE;
  set_running (self, FALSE);

  if (self->hosts->len == 0 || (probe = ps_endpoints_page_new_probe (self)) == NULL)
    {
      ps_endpoints_page_update (self);
      return;
    }

  self->fleet = ps_fleet_new (probe);
  g_signal_connect_object (self->fleet, "items-changed", G_CALLBACK (fleet_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < self->resolves->len; i++)
    if (!ps_fleet_add_resolve (self->fleet, self->resolves->pdata[i], NULL))
      g_warn_if_reached ();
  for (guint i = 0; i < self->hosts->len; i++)
    {
      g_autoptr(GError) error = NULL;

      /* The hosts were parsed already: a failure here is a fleet that is full. */
      if (!ps_fleet_add_host (self->fleet, self->hosts->pdata[i], &error))
        {
          ps_endpoints_page_set_error (self, error->message);
          break;
        }
    }

  set_running (self, TRUE);
  schedule_update (self);
  ps_fleet_run_async (self->fleet, ps_widget_get_cancellable (GTK_WIDGET (self)),
                      run_done_cb, g_object_ref (self));
  ps_endpoints_page_update (self);
}

void
ps_endpoints_page_cancel (PsEndpointsPage *self)
{
  g_return_if_fail (PS_IS_ENDPOINTS_PAGE (self));

  if (self->running)
    ps_widget_cancel_work (GTK_WIDGET (self));
}

void
ps_endpoints_page_clear (PsEndpointsPage *self)
{
  g_return_if_fail (PS_IS_ENDPOINTS_PAGE (self));

  ps_widget_cancel_work (GTK_WIDGET (self));
  ps_endpoints_page_drop_fleet (self);
  g_ptr_array_set_size (self->hosts, 0);
  g_hash_table_remove_all (self->seen);
  set_running (self, FALSE);
  self->cancelled = FALSE;
  ps_endpoints_page_set_error (self, NULL);
  ps_endpoints_page_update (self);
}

/* State */

static void
update_divergence (PsEndpointsPage *self)
{
  g_autofree char *detail = NULL;

  g_free (self->divergence);
  self->divergence = NULL;
  if (self->fleet != NULL)
    self->divergence = ps_endpoints_describe_divergences (self->fleet, self->notation,
                                                          MAX_DIVERGENT_SHOWN, &detail);
  gtk_label_set_label (self->divergence_title, self->divergence);
  gtk_label_set_label (self->divergence_detail, detail);
  gtk_revealer_set_reveal_child (self->divergence_revealer, self->divergence != NULL);
}

static void
update_progress (PsEndpointsPage *self)
{
  guint total = 0;
  guint finished = 0;
  guint failed = 0;
  g_autofree char *text = NULL;

  if (self->fleet != NULL)
    {
      total = ps_fleet_get_n_total (self->fleet);
      finished = ps_fleet_get_n_finished (self->fleet);
    }
  for (guint i = 0; !self->running && i < g_list_model_get_n_items (G_LIST_MODEL (self->rows));
       i++)
    {
      g_autoptr(PsEndpointRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      if (ps_endpoint_row_get_verdict (row) == PS_ENDPOINT_VERDICT_FAILED)
        failed++;
      /* After a cancel, the endpoints not reached are "finished" for the fleet. */
      else if (ps_endpoint_row_get_verdict (row) == PS_ENDPOINT_VERDICT_PENDING && finished > 0)
        finished--;
    }

  if (self->running)
    text = g_strdup_printf (ngettext ("Checked %u of %u endpoint", "Checked %u of %u endpoints",
                                      total),
                            finished, total);
  else if (self->cancelled)
    text = g_strdup_printf (ngettext ("Cancelled after %u of %u endpoint",
                                      "Cancelled after %u of %u endpoints", total),
                            finished, total);
  else if (failed > 0)
    /* Translators: the second %u is the number of endpoints that could not be reached. */
    text = g_strdup_printf (ngettext ("Checked %u endpoint, %u could not be checked",
                                      "Checked %u endpoints, %u could not be checked",
                                      total),
                            total, failed);
  else
    text = g_strdup_printf (ngettext ("Checked %u endpoint", "Checked %u endpoints", total),
                            total);

  gtk_label_set_label (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 total > 0 ? (double) finished / total : 0.0);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), self->running);
}

static void
ps_endpoints_page_update (PsEndpointsPage *self)
{
  gboolean has_hosts = self->hosts->len > 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->rows)); i++)
    {
      g_autoptr(PsEndpointRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      ps_endpoint_row_update (row);
    }
  gboolean has_pinset = self->pinset != NULL;

  gtk_stack_set_visible_child_name (self->stack, has_hosts ? "list" : "empty");
  gtk_revealer_set_reveal_child (self->progress_revealer, has_hosts);
  gtk_widget_set_visible (self->cancel_button, self->running);
  gtk_widget_set_visible (self->refresh_button, !self->running);
  gtk_widget_set_visible (self->clear_button, !self->running);
  gtk_widget_set_visible (self->empty_pinset_button, has_pinset);
  gtk_widget_set_visible (self->pinset_button, has_pinset);
  adw_status_page_set_description (self->empty_page,
                                   has_pinset
                                   ? _("Probe every address of many hosts at once. Type hosts "
                                       "above, paste a list, or check the domains of the "
                                       "open pinset.")
                                   : _("Probe every address of many hosts at once. Type hosts "
                                       "above, or paste a list."));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "endpoints.add-pinset", has_pinset);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "endpoints.cancel", self->running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "endpoints.refresh", has_hosts);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "endpoints.clear", has_hosts);

  update_progress (self);
  update_divergence (self);
}

/* Rows */

void
ps_endpoints_page_activate_row (PsEndpointsPage *self,
                                guint            position)
{
  g_autoptr(PsEndpointRow) row = NULL;
  g_autofree char *title = NULL;
  PsChain *chain;

  g_return_if_fail (PS_IS_ENDPOINTS_PAGE (self));

  row = g_list_model_get_item (G_LIST_MODEL (self->rows), position);
  if (row == NULL)
    return;

  chain = ps_endpoint_row_get_chain (row);
  if (chain == NULL)
    {
      /* Nothing to open yet, or ever: say why rather than do nothing. */
      const char *message = ps_endpoint_row_get_verdict (row) == PS_ENDPOINT_VERDICT_FAILED
                            ? ps_endpoint_row_get_status_detail (row)
                            : _("This endpoint has not been checked yet");

      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", message);
      return;
    }

  /* Translators: a host and one of its addresses, as the title of its chain. */
  title = g_strdup_printf (_("%s at %s"), ps_endpoint_row_get_host (row),
                           ps_endpoint_row_get_address (row));
  g_signal_emit (self, signals[OPEN_CHAIN], 0, chain, ps_endpoint_row_get_host (row), title,
                 self->trust_store);
}

static void
column_view_activate_cb (PsEndpointsPage *self,
                         guint            position)
{
  ps_endpoints_page_activate_row (self, position);
}

static void
host_entry_activate_cb (PsEndpointsPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "endpoints.add", NULL);
}

/* Actions */

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  PsEndpointsPage *self = PS_ENDPOINTS_PAGE (widget);
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_entry)));

  /* Typed hosts may be separated by blanks or commas: each becomes a line. */
  g_strdelimit (text, " \t,;", '\n');
  ps_endpoints_page_add_hosts (self, text);
  /* The entry keeps what could not be read, so that it can be corrected. */
  if (self->error == NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->host_entry), "");
}

static void
add_list_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  PsEndpointsPage *self = PS_ENDPOINTS_PAGE (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->paste_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  ps_endpoints_page_add_hosts (self, text);
  gtk_text_buffer_set_text (buffer, "", 0);
  gtk_menu_button_popdown (self->paste_button);
}

static void
add_pinset_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  ps_endpoints_page_add_pinset_domains (PS_ENDPOINTS_PAGE (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  ps_endpoints_page_cancel (PS_ENDPOINTS_PAGE (widget));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  ps_endpoints_page_refresh (PS_ENDPOINTS_PAGE (widget));
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  ps_endpoints_page_clear (PS_ENDPOINTS_PAGE (widget));
}

static void
dismiss_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  ps_endpoints_page_set_error (PS_ENDPOINTS_PAGE (widget), NULL);
}

/* Properties */

GtkWidget *
ps_endpoints_page_new (void)
{
  return g_object_new (PS_TYPE_ENDPOINTS_PAGE, NULL);
}

void
ps_endpoints_page_set_settings (PsEndpointsPage *self,
                                GSettings       *settings)
{
  g_return_if_fail (PS_IS_ENDPOINTS_PAGE (self));

  g_set_object (&self->settings, settings);
}

static void
pinset_changed_cb (PsEndpointsPage *self)
{
  /* A pin added or removed changes what matches: the rows match again. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->rows)); i++)
    {
      g_autoptr(PsEndpointRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      ps_endpoint_row_set_pinset (row, NULL);
      ps_endpoint_row_set_pinset (row, self->pinset);
    }
  ps_endpoints_page_update (self);
}

void
ps_endpoints_page_set_pinset (PsEndpointsPage *self,
                              PsPinset        *pinset)
{
  g_return_if_fail (PS_IS_ENDPOINTS_PAGE (self));
  g_return_if_fail (pinset == NULL || PS_IS_PINSET (pinset));

  if (self->pinset == pinset)
    return;

  if (self->pinset != NULL)
    g_signal_handlers_disconnect_by_data (self->pinset, self);
  g_set_object (&self->pinset, pinset);
  if (pinset != NULL)
    g_signal_connect_object (pinset, "changed", G_CALLBACK (pinset_changed_cb), self,
                             G_CONNECT_SWAPPED);
  pinset_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINSET]);
}

PsPinset *
ps_endpoints_page_get_pinset (PsEndpointsPage *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINTS_PAGE (self), NULL);

  return self->pinset;
}

void
ps_endpoints_page_set_notation (PsEndpointsPage *self,
                                PsPinNotation    notation)
{
  g_return_if_fail (PS_IS_ENDPOINTS_PAGE (self));

  if (self->notation == notation)
    return;

  self->notation = notation;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->rows)); i++)
    {
      g_autoptr(PsEndpointRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      ps_endpoint_row_set_notation (row, notation);
    }
  ps_endpoints_page_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTATION]);
}

PsPinNotation
ps_endpoints_page_get_notation (PsEndpointsPage *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINTS_PAGE (self), PS_PIN_NOTATION_OKHTTP);

  return self->notation;
}

gboolean
ps_endpoints_page_get_running (PsEndpointsPage *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINTS_PAGE (self), FALSE);

  return self->running;
}

GListModel *
ps_endpoints_page_get_rows (PsEndpointsPage *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINTS_PAGE (self), NULL);

  return G_LIST_MODEL (self->rows);
}

const char *
ps_endpoints_page_get_error (PsEndpointsPage *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINTS_PAGE (self), NULL);

  return self->error;
}

const char *
ps_endpoints_page_get_divergence (PsEndpointsPage *self)
{
  g_return_val_if_fail (PS_IS_ENDPOINTS_PAGE (self), NULL);

  return self->divergence;
}

static void
ps_endpoints_page_dispose (GObject *object)
{
  PsEndpointsPage *self = PS_ENDPOINTS_PAGE (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  ps_widget_cancel_work (GTK_WIDGET (self));
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PS_TYPE_ENDPOINTS_PAGE);
  if (self->rows != NULL)
    ps_endpoints_page_drop_fleet (self);
  if (self->pinset != NULL)
    g_signal_handlers_disconnect_by_data (self->pinset, self);
  g_clear_object (&self->pinset);
  g_clear_object (&self->settings);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (ps_endpoints_page_parent_class)->dispose (object);
}

static void
ps_endpoints_page_finalize (GObject *object)
{
  PsEndpointsPage *self = PS_ENDPOINTS_PAGE (object);

  g_ptr_array_unref (self->hosts);
  g_ptr_array_unref (self->resolves);
  g_hash_table_unref (self->seen);
  g_free (self->error);
  g_free (self->divergence);
  g_free (self->trust_store);

  G_OBJECT_CLASS (ps_endpoints_page_parent_class)->finalize (object);
}

static void
ps_endpoints_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PsEndpointsPage *self = PS_ENDPOINTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_PINSET:
      ps_endpoints_page_set_pinset (self, g_value_get_object (value));
      break;
    case PROP_NOTATION:
      ps_endpoints_page_set_notation (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_endpoints_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PsEndpointsPage *self = PS_ENDPOINTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_PINSET:
      g_value_set_object (value, self->pinset);
      break;
    case PROP_NOTATION:
      g_value_set_enum (value, self->notation);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_endpoints_page_class_init (PsEndpointsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ps_endpoints_page_dispose;
  object_class->finalize = ps_endpoints_page_finalize;
  object_class->set_property = ps_endpoints_page_set_property;
  object_class->get_property = ps_endpoints_page_get_property;

  properties[PROP_PINSET] =
    g_param_spec_object ("pinset", NULL, NULL, PS_TYPE_PINSET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTATION] =
    g_param_spec_enum ("notation", NULL, NULL, PS_TYPE_PIN_NOTATION, PS_PIN_NOTATION_OKHTTP,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PsEndpointsPage::open-chain:
   * @chain: the chain an endpoint sent
   * @host: its host ("name" or "name:port")
   * @title: a title for it, naming the address
   * @trust_store: (nullable): the name of the CA file it was verified against, or NULL
   */
  signals[OPEN_CHAIN] =
    g_signal_new ("open-chain", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 4, PS_TYPE_CHAIN, G_TYPE_STRING, G_TYPE_STRING,
                  G_TYPE_STRING);

  g_type_ensure (PS_TYPE_ENDPOINT_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pinscope/Pinscope/"
                                               "ps-endpoints-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PsEndpointsPage, host_entry);
  gtk_widget_class_bind_template_child (widget_class, PsEndpointsPage, pinset_button);
  gtk_widget_class_bind_template_child (widget_class, PsEndpointsPage, paste_button);
  gtk_widget_class_bind_template_child (widget_class, PsEndpointsPage, paste_view);
  gtk_widget_class_bind_template_child (widget_class, PsEndpointsPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, PsEndpointsPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, PsEndpointsPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PsEndpointsPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PsEndpointsPage, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, PsEndpointsPage, clear_button);
  gtk_widget_class_bind_template_child (widget_class, PsEndpointsPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, PsEndpointsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, PsEndpointsPage, divergence_revealer);
  gtk_widget_class_bind_template_child (widget_class, PsEndpointsPage, divergence_title);
  gtk_widget_class_bind_template_child (widget_class, PsEndpointsPage, divergence_detail);
  gtk_widget_class_bind_template_child (widget_class, PsEndpointsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PsEndpointsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PsEndpointsPage, empty_pinset_button);
  gtk_widget_class_bind_template_child (widget_class, PsEndpointsPage, column_view);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, host_entry_activate_cb);

  gtk_widget_class_install_action (widget_class, "endpoints.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "endpoints.add-list", NULL, add_list_action);
  gtk_widget_class_install_action (widget_class, "endpoints.add-pinset", NULL,
                                   add_pinset_action);
  gtk_widget_class_install_action (widget_class, "endpoints.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "endpoints.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "endpoints.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "endpoints.dismiss", NULL, dismiss_action);
}

static void
ps_endpoints_page_init (PsEndpointsPage *self)
{
  self->notation = PS_PIN_NOTATION_OKHTTP;
  self->hosts = g_ptr_array_new_with_free_func (g_free);
  self->resolves = g_ptr_array_new_with_free_func (g_free);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rows = g_list_store_new (PS_TYPE_ENDPOINT_ROW);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  /* The empty state, with the actions that apply. */
  ps_endpoints_page_update (self);
}
