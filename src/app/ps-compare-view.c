/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-x509-enums.h"
#include "ps-compare-view.h"
#include "ps-material-chooser.h"
#include "ps-material.h"
#include "ps-probe.h"
#include "ps-widget-work.h"

struct _PsCompareView
{
  AdwBin            parent_instance;

  PsPinset         *pinset;
  GListModel       *chains;
  GListModel       *matches;
  PsRotationReport *report;
  GListStore       *rotation_items;  /* the report, then its PsRotationRules */
  GtkBuilderScope  *row_scope;
  guint             update_id;
  PsPinNotation      notation;

  GtkListBox       *match_list;
  GtkListBox       *rotation_list;
  AdwEntryRow      *candidate_row;
  GtkSpinner       *candidate_spinner;
};

G_DEFINE_FINAL_TYPE (PsCompareView, ps_compare_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_NOTATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
ps_compare_view_new (void)
{
  return g_object_new (PS_TYPE_COMPARE_VIEW, NULL);
}

GListModel *
ps_compare_view_get_matches (PsCompareView *self)
{
  g_return_val_if_fail (PS_IS_COMPARE_VIEW (self), NULL);

  return self->matches;
}

PsRotationReport *
ps_compare_view_get_report (PsCompareView *self)
{
  g_return_val_if_fail (PS_IS_COMPARE_VIEW (self), NULL);

  return self->report;
}

/* The rows are built from .ui templates (ps-compare-*-row.ui) bound to the items of the
 * models; these closures turn the items' properties into the rows' texts and icons. */

static gboolean
match_is_good (PsPinsetPin *pin,
               PsChain     *chain)
{
  return chain != NULL;
}

static gboolean
match_is_neutral (PsPinsetPin *pin,
                  PsChain     *chain)
{
  return chain == NULL && pin != NULL && ps_pinset_pin_get_role (pin) == PS_PIN_ROLE_BACKUP;
}

static const char *
status_icon_name (gboolean good,
                  gboolean neutral)
{
  return good ? "emblem-ok-symbolic"
              : neutral ? "dialog-information-symbolic" : "dialog-warning-symbolic";
}

static GStrv
status_icon_classes (gboolean good,
                     gboolean neutral)
{
  const char *classes[] = {
    "finding-icon", good ? "success" : neutral ? "info" : "warning", NULL
  };

  return g_strdupv ((char **) classes);
}

static char *
match_title_cb (GtkWidget     *row,
                PsPinsetPin   *pin,
                PsPinNotation  notation)
{
  g_autofree char *text = NULL;
  const char *label;

  if (pin == NULL)
    return NULL;
  text = ps_pin_to_string (ps_pinset_pin_get_pin (pin), notation);
  label = ps_pinset_pin_get_label (pin);
  /* Translators: a role ("Backup"), then a pin's label or value. */
  return g_strdup_printf (_("%s: %s"), ps_pin_role_to_label (ps_pinset_pin_get_role (pin)),
                          label != NULL && *label != '\0' ? label : text);
}

static const char *
chain_name (PsChain *chain)
{
  const char *host = ps_chain_get_hostname (chain);

  if (host != NULL)
    return host;
  if (ps_chain_get_n_certificates (chain) > 0)
    return ps_certificate_get_display_name (ps_chain_get_certificate (chain, 0));

  return _("a chain");
}

static char *
match_subtitle (PsPinsetPin   *pin,
                PsChain       *chain,
                int            depth,
                PsCertificate *certificate)
{
  if (chain != NULL && certificate != NULL)
    /* Translators: the depth in the chain, the certificate's name, then the chain. */
    return g_strdup_printf (_("Matches level %d (%s) of %s"), depth,
                            ps_certificate_get_display_name (certificate), chain_name (chain));
  if (match_is_neutral (pin, chain))
    return g_strdup (_("A backup: not in use by the open chains, as expected"));
  return g_strdup (_("Matches none of the open chains"));
}

static char *
match_icon_name_cb (GtkWidget   *icon,
                    PsPinsetPin *pin,
                    PsChain     *chain)
{
  return g_strdup (status_icon_name (match_is_good (pin, chain), match_is_neutral (pin, chain)));
}

static GStrv
match_icon_classes_cb (GtkWidget   *icon,
                       PsPinsetPin *pin,
                       PsChain     *chain)
{
  return status_icon_classes (match_is_good (pin, chain), match_is_neutral (pin, chain));
}

static char *
report_title_cb (GtkWidget *row,
                 gboolean   accepted)
{
  return g_strdup (accepted ? _("The candidate chain would be accepted")
                            : _("The candidate chain would break pinning clients"));
}

/* A rule is known by its first domain, as in the Pins page; by its number otherwise. */
static char *
rotation_title_cb (GtkWidget    *row,
                   PsPinsetRule *rule,
                   guint         rule_index,
                   gboolean      accepted)
{
  GListModel *domains = rule != NULL ? ps_pinset_rule_get_domains (rule) : NULL;

  if (domains != NULL && g_list_model_get_n_items (domains) > 0)
    {
      g_autoptr(PsPinsetDomain) first = g_list_model_get_item (domains, 0);

      /* Translators: %s is the first domain of a rule of the pinset. */
      return g_strdup_printf (accepted ? _("The rule for %s accepts it")
                                       : _("The rule for %s would break"),
                              ps_pinset_domain_get_name (first));
    }
  /* Translators: %u is the number of a rule of the pinset. */
  return g_strdup_printf (accepted ? _("Rule %u accepts it") : _("Rule %u would break"),
                          rule_index + 1);
}

static char *
verdict_icon_name_cb (GtkWidget *icon,
                      gboolean   accepted)
{
  return g_strdup (status_icon_name (accepted, FALSE));
}

static GStrv
verdict_icon_classes_cb (GtkWidget *icon,
                         gboolean   accepted)
{
  return status_icon_classes (accepted, FALSE);
}

/* Builds the row of @item from its template. */
static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  PsCompareView *self = user_data;
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  const char *resource;
  gboolean good;
  GObject *icon;
  GObject *row;

  if (PS_IS_PIN_MATCH (item))
    {
      resource = "/io/github/pinscope/Pinscope/ps-compare-match-row.ui";
      good = ps_pin_match_get_chain (item) != NULL;
      subtitle = match_subtitle (ps_pin_match_get_pin (item),
                                 ps_pin_match_get_chain (item),
                                 ps_pin_match_get_depth (item),
                                 ps_pin_match_get_certificate (item));
    }
  else if (PS_IS_ROTATION_RULE (item))
    {
      resource = "/io/github/pinscope/Pinscope/ps-compare-rotation-row.ui";
      good = ps_rotation_rule_get_accepted (item);
      subtitle = g_strdup (ps_rotation_rule_get_reason (item));
    }
  else
    {
      resource = "/io/github/pinscope/Pinscope/ps-compare-report-row.ui";
      good = ps_rotation_report_get_accepted (item);
      subtitle = g_strdup (ps_rotation_report_get_chain_problem (item));
    }

  gtk_builder_set_scope (builder, self->row_scope);
  gtk_builder_expose_object (builder, "item", item);
  gtk_builder_expose_object (builder, "view", G_OBJECT (self));
  if (!gtk_builder_add_from_resource (builder, resource, &error))
    g_error ("%s: %s", resource, error->message);

  row = gtk_builder_get_object (builder, "row");
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  icon = gtk_builder_get_object (builder, "icon");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  good ? _("Matches") : _("No match"), -1);
  return g_object_ref (GTK_WIDGET (row));
}

static void
ps_compare_view_update (PsCompareView *self)
{
  g_autoptr(GPtrArray) chains = g_ptr_array_new_with_free_func (g_object_unref);

  g_clear_handle_id (&self->update_id, g_source_remove);
  gtk_list_box_bind_model (self->match_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->matches);

  if (self->pinset == NULL || self->chains == NULL ||
      g_list_model_get_n_items (self->chains) == 0)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (self->chains); i++)
    g_ptr_array_add (chains, g_list_model_get_item (self->chains, i));

  self->matches = ps_compare_pinset_chains (self->pinset, chains);
  gtk_list_box_bind_model (self->match_list, self->matches, create_row_cb, self, NULL);
}

static void
ps_compare_view_show_report (PsCompareView *self)
{
  GListModel *rules;

  g_list_store_remove_all (self->rotation_items);
  if (self->report == NULL)
    return;

  rules = ps_rotation_report_get_rules (self->report);
  g_list_store_append (self->rotation_items, self->report);
  for (guint i = 0; i < g_list_model_get_n_items (rules); i++)
    {
      g_autoptr(GObject) rule = g_list_model_get_item (rules, i);

      g_list_store_append (self->rotation_items, rule);
    }
}

void
ps_compare_view_set_notation (PsCompareView *self,
                              PsPinNotation  notation)
{
  g_return_if_fail (PS_IS_COMPARE_VIEW (self));

  if (self->notation == notation)
    return;

  /* The match rows bind the notation: they update themselves. */
  self->notation = notation;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTATION]);
}

PsPinNotation
ps_compare_view_get_notation (PsCompareView *self)
{
  g_return_val_if_fail (PS_IS_COMPARE_VIEW (self), PS_PIN_NOTATION_OKHTTP);

  return self->notation;
}

void
ps_compare_view_check_candidate (PsCompareView *self,
                                 PsChain       *candidate)
{
  g_return_if_fail (PS_IS_COMPARE_VIEW (self));
  g_return_if_fail (PS_IS_CHAIN (candidate));

  g_clear_object (&self->report);
  if (self->pinset != NULL)
    self->report = ps_compare_rotation (self->pinset, candidate);
  ps_compare_view_show_report (self);
}

static void
candidate_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PsCompareView) self = user_data;
  g_autoptr(GPtrArray) materials = NULL;
  g_autoptr(GPtrArray) certificates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PsChain) chain = NULL;
  g_autoptr(GError) error = NULL;

  materials = ps_material_load_file_finish (G_FILE (source), result, &error);
  if (materials == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", error->message);
      return;
    }

  for (guint i = 0; i < materials->len; i++)
    {
      PsCertificate *certificate = ps_material_get_certificate (g_ptr_array_index (materials, i));

      if (certificate != NULL)
        g_ptr_array_add (certificates, g_object_ref (certificate));
    }

  if (certificates->len == 0)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s",
                                  _("The file holds no certificate"));
      return;
    }

  chain = ps_chain_new (certificates, NULL, NULL);
  ps_compare_view_check_candidate (self, chain);
}

static void
candidate_file_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  ps_material_chooser_open (widget, _("Choose a Candidate Chain"), _("_Check"),
                            ps_widget_get_cancellable (widget), candidate_loaded_cb);
}

static void
candidate_probed_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PsCompareView) self = user_data;
  g_autoptr(PsChain) chain = NULL;
  g_autoptr(GError) error = NULL;

  chain = ps_probe_run_finish (PS_PROBE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_set_spinning (self->candidate_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->candidate_spinner), FALSE);

  if (chain == NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", error->message);
      return;
    }

  ps_compare_view_check_candidate (self, chain);
}

static void
candidate_host_apply_cb (PsCompareView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->candidate_row));
  g_autoptr(PsProbe) probe = NULL;

  if (text == NULL || *text == '\0')
    return;

  /* A new request replaces the one under way. */
  ps_widget_cancel_work (GTK_WIDGET (self));

  probe = ps_probe_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->candidate_spinner), TRUE);
  gtk_spinner_set_spinning (self->candidate_spinner, TRUE);
  ps_probe_run_async (probe, text, ps_widget_get_cancellable (GTK_WIDGET (self)),
                      candidate_probed_cb, g_object_ref (self));
}

static gboolean
update_idle_cb (gpointer user_data)
{
  PsCompareView *self = user_data;

  self->update_id = 0;
  ps_compare_view_update (self);

  return G_SOURCE_REMOVE;
}

static void
queue_update (PsCompareView *self)
{
  if (self->update_id == 0)
    self->update_id = g_idle_add_full (G_PRIORITY_LOW, update_idle_cb, self, NULL);
}

void
ps_compare_view_set_pinset (PsCompareView *self,
                            PsPinset      *pinset)
{
  g_return_if_fail (PS_IS_COMPARE_VIEW (self));

  if (self->pinset != NULL)
    g_signal_handlers_disconnect_by_func (self->pinset, queue_update, self);
  if (!g_set_object (&self->pinset, pinset))
    return;
  if (pinset != NULL)
    g_signal_connect_object (pinset, "changed", G_CALLBACK (queue_update), self,
                             G_CONNECT_SWAPPED);
  ps_compare_view_update (self);
}

void
ps_compare_view_set_chains (PsCompareView *self,
                            GListModel    *chains)
{
  g_return_if_fail (PS_IS_COMPARE_VIEW (self));

  if (self->chains != NULL)
    g_signal_handlers_disconnect_by_func (self->chains, queue_update, self);
  if (!g_set_object (&self->chains, chains))
    return;
  if (chains != NULL)
    g_signal_connect_object (chains, "items-changed", G_CALLBACK (queue_update), self,
                             G_CONNECT_SWAPPED);
  ps_compare_view_update (self);
}

static void
ps_compare_view_dispose (GObject *object)
{
  PsCompareView *self = PS_COMPARE_VIEW (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->match_list != NULL)
    {
      gtk_list_box_bind_model (self->match_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->rotation_list, NULL, NULL, NULL, NULL);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), PS_TYPE_COMPARE_VIEW);
  g_clear_object (&self->rotation_items);
  g_clear_object (&self->row_scope);
  g_clear_object (&self->pinset);
  g_clear_object (&self->chains);
  g_clear_object (&self->matches);
  g_clear_object (&self->report);

  G_OBJECT_CLASS (ps_compare_view_parent_class)->dispose (object);
}

static void
ps_compare_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PsCompareView *self = PS_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_NOTATION:
      g_value_set_enum (value, self->notation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_compare_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PsCompareView *self = PS_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_NOTATION:
      ps_compare_view_set_notation (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_compare_view_class_init (PsCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ps_compare_view_dispose;
  object_class->get_property = ps_compare_view_get_property;
  object_class->set_property = ps_compare_view_set_property;

  /* How pins are shown, bound to the "notation" setting. */
  properties[PROP_NOTATION] =
    g_param_spec_enum ("notation", NULL, NULL, PS_TYPE_PIN_NOTATION, PS_PIN_NOTATION_OKHTTP,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);


  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pinscope/Pinscope/ps-compare-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PsCompareView, match_list);
  gtk_widget_class_bind_template_child (widget_class, PsCompareView, rotation_list);
  gtk_widget_class_bind_template_child (widget_class, PsCompareView, candidate_row);
  gtk_widget_class_bind_template_child (widget_class, PsCompareView, candidate_spinner);
  gtk_widget_class_bind_template_callback (widget_class, candidate_host_apply_cb);

  gtk_widget_class_install_action (widget_class, "compare.candidate-file", NULL,
                                   candidate_file_action);
}

static void
ps_compare_view_init (PsCompareView *self)
{
  self->notation = PS_PIN_NOTATION_OKHTTP;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->row_scope = gtk_builder_cscope_new ();
  gtk_builder_cscope_add_callback_symbols (GTK_BUILDER_CSCOPE (self->row_scope),
                                           "match_title_cb", G_CALLBACK (match_title_cb),
                                           "match_icon_name_cb", G_CALLBACK (match_icon_name_cb),
                                           "match_icon_classes_cb",
                                           G_CALLBACK (match_icon_classes_cb),
                                           "report_title_cb", G_CALLBACK (report_title_cb),
                                           "rotation_title_cb", G_CALLBACK (rotation_title_cb),
                                           "verdict_icon_name_cb",
                                           G_CALLBACK (verdict_icon_name_cb),
                                           "verdict_icon_classes_cb",
                                           G_CALLBACK (verdict_icon_classes_cb),
                                           NULL);
  self->rotation_items = g_list_store_new (G_TYPE_OBJECT);
  gtk_list_box_bind_model (self->rotation_list, G_LIST_MODEL (self->rotation_items),
                           create_row_cb, self, NULL);
}
