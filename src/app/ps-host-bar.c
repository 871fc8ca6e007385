/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-host-bar.h"
#include "ps-widget-work.h"
#include "ps-probe.h"

#define MAX_HISTORY 20

struct _PsHostBar
{
  AdwBin          parent_instance;

  GSettings      *settings;
  gboolean        busy;
  GFile          *ca_file;
  char           *host;
  char           *error;
  GtkListStore   *history;

  GtkEntry       *entry;
  GtkDropDown    *starttls_dropdown;
  GtkEntry       *sni_entry;
  GtkLabel       *ca_label;
  GtkStack       *action_stack;
  GtkSpinner     *spinner;
  GtkRevealer    *error_revealer;
  GtkLabel       *error_label;
  GtkWidget      *retry_button;
};

G_DEFINE_FINAL_TYPE (PsHostBar, ps_host_bar, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum {
  CHAIN_LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

gboolean
ps_host_bar_get_busy (PsHostBar *self)
{
  g_return_val_if_fail (PS_IS_HOST_BAR (self), FALSE);

  return self->busy;
}

const char *
ps_host_bar_get_error (PsHostBar *self)
{
  g_return_val_if_fail (PS_IS_HOST_BAR (self), NULL);

  return self->error;
}

GtkWidget *
ps_host_bar_get_entry (PsHostBar *self)
{
  g_return_val_if_fail (PS_IS_HOST_BAR (self), NULL);

  return GTK_WIDGET (self->entry);
}

void
ps_host_bar_focus (PsHostBar *self)
{
  g_return_if_fail (PS_IS_HOST_BAR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
}

static void
ps_host_bar_load_history (PsHostBar *self)
{
  g_auto(GStrv) hosts = NULL;

  gtk_list_store_clear (self->history);
  if (self->settings == NULL)
    return;

  hosts = g_settings_get_strv (self->settings, "host-history");
  for (guint i = 0; hosts[i] != NULL; i++)
    gtk_list_store_insert_with_values (self->history, NULL, -1, 0, hosts[i], -1);
}

static void
ps_host_bar_remember (PsHostBar  *self,
                      const char *host)
{
  g_auto(GStrv) hosts = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  if (self->settings == NULL)
    return;

  hosts = g_settings_get_strv (self->settings, "host-history");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, host);
  for (guint i = 0; hosts[i] != NULL && n < MAX_HISTORY; i++)
    {
      if (g_str_equal (hosts[i], host))
        continue;
      g_strv_builder_add (builder, hosts[i]);
      n++;
    }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "host-history", (const char * const *) updated);
  ps_host_bar_load_history (self);
}

void
ps_host_bar_set_settings (PsHostBar *self,
                          GSettings *settings)
{
  g_return_if_fail (PS_IS_HOST_BAR (self));

  if (!g_set_object (&self->settings, settings))
    return;

  ps_host_bar_load_history (self);
}

static void
ps_host_bar_set_busy (PsHostBar *self,
                      gboolean   busy)
{
  self->busy = busy;
  gtk_stack_set_visible_child_name (self->action_stack, busy ? "busy" : "idle");
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "host.cancel", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "host.inspect", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "host.retry", !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
ps_host_bar_set_error (PsHostBar  *self,
                       const char *error)
{
  g_free (self->error);
  self->error = g_strdup (error);
  gtk_label_set_label (self->error_label, error != NULL ? error : "");
  gtk_widget_set_visible (self->retry_button, TRUE);
  gtk_revealer_set_reveal_child (self->error_revealer, error != NULL);
}

typedef struct
{
  PsHostBar *self;
  char      *host;
  /* The name of the CA file the chain is verified against, or NULL for the system store. */
  char      *trust_store;
} ProbeData;

static void
probe_data_free (ProbeData *data)
{
  g_clear_object (&data->self);
  g_free (data->host);
  g_free (data->trust_store);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProbeData, probe_data_free)

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ProbeData) data = user_data;
  PsHostBar *self = data->self;
  g_autoptr(PsChain) chain = NULL;
  g_autoptr(GError) error = NULL;

  chain = ps_probe_run_finish (PS_PROBE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  ps_host_bar_set_busy (self, FALSE);

  if (chain == NULL)
    {
      g_autofree char *message = NULL;

      /* The probe's messages usually name the host already. */
      if (strstr (error->message, data->host) != NULL)
        message = g_strdup (error->message);
      else
        /* Translators: the first %s is a host, the second the reason. */
        message = g_strdup_printf (_("Could not retrieve the chain of %s: %s"),
                                   data->host, error->message);

      ps_host_bar_set_error (self, message);
      return;
    }

  ps_host_bar_remember (self, data->host);
  g_signal_emit (self, signals[CHAIN_LOADED], 0, chain, data->host, data->trust_store);
}

void
ps_host_bar_cancel (PsHostBar *self)
{
  g_return_if_fail (PS_IS_HOST_BAR (self));

  if (!self->busy)
    return;

  ps_widget_cancel_work (GTK_WIDGET (self));
  ps_host_bar_set_busy (self, FALSE);
}

void
ps_host_bar_inspect (PsHostBar  *self,
                     const char *host)
{
  g_autoptr(PsProbe) probe = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *parsed_host = NULL;
  g_autofree char *trust_store = NULL;
  const char *sni;
  guint16 port;
  ProbeData *data;

  g_return_if_fail (PS_IS_HOST_BAR (self));
  g_return_if_fail (host != NULL);

  ps_host_bar_cancel (self);

  stripped = g_strstrip (g_strdup (host));
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->entry)), stripped) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), stripped);
  g_free (self->host);
  self->host = g_strdup (stripped);

  if (!ps_probe_parse_host (stripped, 443, &parsed_host, &port, &error))
    {
      /* Retrying the same text fails the same way: the text is what to fix. */
      ps_host_bar_set_error (self, error->message);
      gtk_widget_set_visible (self->retry_button, FALSE);
      return;
    }

  ps_host_bar_set_error (self, NULL);

  probe = ps_probe_new ();
  ps_probe_set_starttls (probe, gtk_drop_down_get_selected (self->starttls_dropdown));
  sni = gtk_editable_get_text (GTK_EDITABLE (self->sni_entry));
  if (sni != NULL && *sni != '\0')
    ps_probe_set_servername (probe, sni);
  if (self->settings != NULL)
    ps_probe_set_timeout (probe, g_settings_get_uint (self->settings, "timeout-seconds"));

  if (self->ca_file != NULL ||
      (self->settings != NULL && *g_settings_get_string (self->settings, "default-cafile")))
    {
      g_autoptr(GFile) ca = NULL;
      g_autoptr(PsTrustStore) store = NULL;

      if (self->ca_file != NULL)
        ca = g_object_ref (self->ca_file);
      else
        {
          g_autofree char *path = g_settings_get_string (self->settings, "default-cafile");
          ca = g_file_new_for_path (path);
        }

      store = ps_trust_store_new_from_file (ca, &error);
      if (store == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Could not read the CA file: %s"),
                                                      error->message);
          ps_host_bar_set_error (self, message);
          return;
        }
      ps_probe_set_trust_store (probe, store);
      trust_store = g_file_get_basename (ca);
    }

  /* A new request replaces the one under way. */
  ps_widget_cancel_work (GTK_WIDGET (self));
  ps_host_bar_set_busy (self, TRUE);

  data = g_new0 (ProbeData, 1);
  data->self = g_object_ref (self);
  data->host = g_strdup (stripped);
  data->trust_store = g_steal_pointer (&trust_store);
  ps_probe_run_async (probe, stripped, ps_widget_get_cancellable (GTK_WIDGET (self)),
                      probe_done_cb, data);
}

void
ps_host_bar_retry (PsHostBar *self)
{
  g_return_if_fail (PS_IS_HOST_BAR (self));

  if (self->host != NULL)
    ps_host_bar_inspect (self, self->host);
}

/* Inspect is the suggested action once there is a host to inspect; until then the empty
 * state's own button is, and one screen has one suggested action. */
static void
entry_changed_cb (PsHostBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  GtkWidget *button = gtk_stack_get_child_by_name (self->action_stack, "idle");

  if (text != NULL && *text != '\0')
    gtk_widget_add_css_class (button, "suggested-action");
  else
    gtk_widget_remove_css_class (button, "suggested-action");
}

static void
entry_activate_cb (PsHostBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  if (text != NULL && *text != '\0' && !self->busy)
    ps_host_bar_inspect (self, text);
}

static void
inspect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PsHostBar *self = PS_HOST_BAR (widget);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  if (text == NULL || *text == '\0')
    {
      ps_host_bar_focus (self);
      return;
    }

  ps_host_bar_inspect (self, text);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  ps_host_bar_cancel (PS_HOST_BAR (widget));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  ps_host_bar_retry (PS_HOST_BAR (widget));
}

static void
dismiss_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  ps_host_bar_set_error (PS_HOST_BAR (widget), NULL);
}

static void
ps_host_bar_set_ca_file (PsHostBar *self,
                         GFile     *file)
{
  g_autofree char *name = NULL;

  g_set_object (&self->ca_file, file);
  if (file != NULL)
    name = g_file_get_basename (file);
  gtk_label_set_label (self->ca_label, name != NULL ? name : _("System trust store"));
}

static void
ca_response_cb (GtkNativeDialog *dialog,
                int              response,
                gpointer         user_data)
{
  g_autoptr(PsHostBar) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      ps_host_bar_set_ca_file (self, file);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose_ca_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Choose a CA File"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Choose"), _("_Cancel"));
  g_signal_connect (native, "response", G_CALLBACK (ca_response_cb), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
clear_ca_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  ps_host_bar_set_ca_file (PS_HOST_BAR (widget), NULL);
}

static void
ps_host_bar_dispose (GObject *object)
{
  PsHostBar *self = PS_HOST_BAR (object);

  /* The completion is not a child: take it off the entry before the entry goes. */
  if (self->entry != NULL)
    gtk_entry_set_completion (self->entry, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), PS_TYPE_HOST_BAR);

  g_clear_object (&self->settings);
  g_clear_object (&self->ca_file);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (ps_host_bar_parent_class)->dispose (object);
}

static void
ps_host_bar_finalize (GObject *object)
{
  PsHostBar *self = PS_HOST_BAR (object);

  g_free (self->host);
  g_free (self->error);

  G_OBJECT_CLASS (ps_host_bar_parent_class)->finalize (object);
}

static void
ps_host_bar_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PsHostBar *self = PS_HOST_BAR (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, ps_host_bar_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_host_bar_class_init (PsHostBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ps_host_bar_dispose;
  object_class->finalize = ps_host_bar_finalize;
  object_class->get_property = ps_host_bar_get_property;


  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PsHostBar::chain-loaded:
   * @chain: the chain the server sent, with its verdict
   * @host: the host as typed
   * @trust_store: (nullable): the name of the CA file the chain was verified against, or
   *   %NULL for the system's store
   */
  signals[CHAIN_LOADED] =
    g_signal_new ("chain-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, PS_TYPE_CHAIN, G_TYPE_STRING,
                  G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pinscope/Pinscope/ps-host-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, PsHostBar, entry);
  gtk_widget_class_bind_template_child (widget_class, PsHostBar, starttls_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PsHostBar, sni_entry);
  gtk_widget_class_bind_template_child (widget_class, PsHostBar, ca_label);
  gtk_widget_class_bind_template_child (widget_class, PsHostBar, action_stack);
  gtk_widget_class_bind_template_child (widget_class, PsHostBar, spinner);
  gtk_widget_class_bind_template_child (widget_class, PsHostBar, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, PsHostBar, error_label);
  gtk_widget_class_bind_template_child (widget_class, PsHostBar, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);

  gtk_widget_class_install_action (widget_class, "host.inspect", NULL, inspect_action);
  gtk_widget_class_install_action (widget_class, "host.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "host.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "host.dismiss", NULL, dismiss_action);
  gtk_widget_class_install_action (widget_class, "host.choose-ca", NULL, choose_ca_action);
  gtk_widget_class_install_action (widget_class, "host.clear-ca", NULL, clear_ca_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "host.cancel", NULL);
}

static void
ps_host_bar_init (PsHostBar *self)
{
  GtkEntryCompletion *completion;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->history = gtk_list_store_new (1, G_TYPE_STRING);
  completion = gtk_entry_completion_new ();
  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (self->history));
  gtk_entry_completion_set_text_column (completion, 0);
  gtk_entry_completion_set_inline_completion (completion, TRUE);
  gtk_entry_completion_set_popup_single_match (completion, FALSE);
  gtk_entry_set_completion (self->entry, completion);
  g_object_unref (completion);

  ps_host_bar_set_busy (self, FALSE);

  g_signal_connect_object (self->entry, "changed", G_CALLBACK (entry_changed_cb), self,
                           G_CONNECT_SWAPPED);
  entry_changed_cb (self);
}
