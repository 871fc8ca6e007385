/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-x509-enums.h"
#include "ps-error.h"
#include "ps-material-chooser.h"
#include "ps-material.h"
#include "ps-rule-editor.h"
#include "ps-rule-semantics.h"
#include "ps-widget-work.h"

struct _PsRuleEditor
{
  AdwBin         parent_instance;

  PsPinsetRule  *rule;
  guint          index;
  GPtrArray     *domain_rows;
  GPtrArray     *pin_rows;
  PsPinNotation   notation;

  GtkLabel      *title_label;
  GtkListBox    *domains_list;
  AdwEntryRow   *add_domain_row;
  AdwActionRow  *expiration_row;
  GtkMenuButton *expiration_button;
  GtkCalendar   *calendar;
  GtkTextView   *notes_view;
  GtkListBox    *pins_list;
  AdwEntryRow   *add_pin_row;
  GtkWidget     *semantics;
};

G_DEFINE_FINAL_TYPE (PsRuleEditor, ps_rule_editor, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_RULE,
  PROP_INDEX,
  PROP_NOTATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
ps_rule_editor_new (PsPinsetRule *rule,
                    guint         index)
{
  g_return_val_if_fail (PS_IS_PINSET_RULE (rule), NULL);

  return g_object_new (PS_TYPE_RULE_EDITOR, "rule", rule, "index", index, NULL);
}

PsPinsetRule *
ps_rule_editor_get_rule (PsRuleEditor *self)
{
  g_return_val_if_fail (PS_IS_RULE_EDITOR (self), NULL);

  return self->rule;
}

guint
ps_rule_editor_get_n_pin_rows (PsRuleEditor *self)
{
  g_return_val_if_fail (PS_IS_RULE_EDITOR (self), 0);

  return self->pin_rows->len;
}

static void
ps_rule_editor_update_title (PsRuleEditor *self)
{
  GListModel *domains = ps_pinset_rule_get_domains (self->rule);
  g_autoptr(GString) title = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, i);

      g_string_append_printf (title, "%s%s", i > 0 ? ", " : "", ps_pinset_domain_get_name (domain));
    }

  if (title->len == 0)
    /* Translators: a rule of a pinset without domains yet; %u is its number. */
    g_string_printf (title, _("Rule %u"), self->index + 1);

  gtk_label_set_label (self->title_label, title->str);
}

/* Domains */

static void
remove_domain_cb (GtkButton    *button,
                  PsRuleEditor *self)
{
  PsPinsetDomain *domain = g_object_get_data (G_OBJECT (button), "domain");

  ps_pinset_rule_remove_domain (self->rule, domain);
}

static void
domain_changed_cb (PsPinsetDomain *domain,
                   GParamSpec     *pspec,
                   AdwActionRow   *row)
{
  const char *subtitle;

  /* ATS NSIncludesSubdomains and OkHttp "*." reach one label down; Android, TrustKit and
   * HPKP any depth (see ps-pinset-domain.h). */
  switch (ps_pinset_domain_get_subdomains (domain))
    {
    case PS_SUBDOMAINS_ONE_LABEL:
      subtitle = _("Subdomains included, one level only");
      break;
    case PS_SUBDOMAINS_ANY:
      subtitle = _("Subdomains included, any depth");
      break;
    case PS_SUBDOMAINS_NONE:
    default:
      subtitle = _("This name only");
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ps_pinset_domain_get_name (domain));
  adw_action_row_set_subtitle (row, subtitle);
}

static GtkWidget *
domain_row_new (PsRuleEditor   *self,
                PsPinsetDomain *domain)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (toggle, _("Include subdomains"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Include subdomains"), -1);
  g_object_bind_property (domain, "include-subdomains", toggle, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove Domain"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove Domain"), -1);
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data_full (G_OBJECT (remove), "domain", g_object_ref (domain), g_object_unref);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_domain_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  g_signal_connect_object (domain, "notify", G_CALLBACK (domain_changed_cb), row, 0);
  domain_changed_cb (domain, NULL, ADW_ACTION_ROW (row));

  return row;
}

static void
domains_changed_cb (PsRuleEditor *self)
{
  GListModel *domains = ps_pinset_rule_get_domains (self->rule);

  for (guint i = 0; i < self->domain_rows->len; i++)
    gtk_list_box_remove (self->domains_list, g_ptr_array_index (self->domain_rows, i));
  g_ptr_array_set_size (self->domain_rows, 0);

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, i);
      GtkWidget *row = domain_row_new (self, domain);

      gtk_list_box_insert (self->domains_list, row, i);
      g_ptr_array_add (self->domain_rows, row);
    }

  ps_rule_editor_update_title (self);
}

static void
add_domain_apply_cb (PsRuleEditor *self)
{
  g_autofree char *name = NULL;
  g_autoptr(PsPinsetDomain) domain = NULL;

  name = g_strstrip (g_ascii_strdown (gtk_editable_get_text (GTK_EDITABLE (self->add_domain_row)),
                                      -1));
  if (*name == '\0')
    return;

  domain = ps_pinset_domain_new (name, FALSE);
  ps_pinset_rule_add_domain (self->rule, domain);
  gtk_editable_set_text (GTK_EDITABLE (self->add_domain_row), "");
}

/* Expiration */

static void
expiration_changed_cb (PsRuleEditor *self)
{
  GDateTime *expiration = ps_pinset_rule_get_expiration (self->rule);
  g_autofree char *text = NULL;

  if (expiration != NULL)
    /* Translators: a g_date_time_format() format. xgettext:no-c-format */
    text = g_date_time_format (expiration, _("%-d %b %Y"));

  adw_action_row_set_subtitle (self->expiration_row, text != NULL ? text : _("Never"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rule.clear-expiration", expiration != NULL);
}

static void
calendar_day_selected_cb (PsRuleEditor *self)
{
  g_autoptr(GDateTime) selected = gtk_calendar_get_date (self->calendar);
  g_autoptr(GDateTime) date = NULL;

  date = g_date_time_new_utc (g_date_time_get_year (selected),
                              g_date_time_get_month (selected),
                              g_date_time_get_day_of_month (selected), 0, 0, 0);
  ps_pinset_rule_set_expiration (self->rule, date);
  gtk_menu_button_popdown (self->expiration_button);
}

static void
clear_expiration_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  PsRuleEditor *self = PS_RULE_EDITOR (widget);

  ps_pinset_rule_set_expiration (self->rule, NULL);
  gtk_menu_button_popdown (self->expiration_button);
}

/* Pins */

static char *
origin_text (PsPinsetPin *pin)
{
  const char *detail = ps_pinset_pin_get_origin_detail (pin);
  int depth = ps_pinset_pin_get_depth (pin);

  switch (ps_pinset_pin_get_origin (pin))
    {
    case PS_PIN_ORIGIN_HOST:
      if (depth >= 0)
        /* Translators: a host, then the depth in its chain. */
        return g_strdup_printf (_("From %s, level %d"), detail, depth);
      return g_strdup_printf (_("From %s"), detail);
    case PS_PIN_ORIGIN_FILE:
    case PS_PIN_ORIGIN_KEY:
    case PS_PIN_ORIGIN_CSR:
      {
        g_autofree char *base = detail != NULL ? g_path_get_basename (detail) : NULL;

        return g_strdup_printf (_("From the file %s"), base != NULL ? base : _("unknown"));
      }
    case PS_PIN_ORIGIN_TYPED:
    default:
      return g_strdup (_("Typed in"));
    }
}

static void
pin_changed_cb (PsPinsetPin    *pin,
                GParamSpec     *pspec,
                AdwExpanderRow *row)
{
  const char *label = ps_pinset_pin_get_label (pin);
  g_autofree char *title = NULL;

  if (label != NULL && *label != '\0')
    /* Translators: a pin's label, then its role ("Leaf", "Backup"). */
    title = g_strdup_printf (_("%s · %s"), label,
                             ps_pin_role_to_label (ps_pinset_pin_get_role (pin)));
  else
    title = g_strdup (ps_pin_role_to_label (ps_pinset_pin_get_role (pin)));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* Without a label the title already is the role. */
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "unknown-badge"),
                          ps_pinset_pin_get_role (pin) == PS_PIN_ROLE_UNKNOWN &&
                          label != NULL && *label != '\0');
  adw_action_row_set_subtitle (g_object_get_data (G_OBJECT (row), "role-row"),
                               ps_pinset_pin_get_role (pin) == PS_PIN_ROLE_UNKNOWN
                               ? _("Not known from the file; adding the pin from a chain "
                                   "sets it")
                               : "");
}

/* An entry cannot show NULL; an empty label is no label. */
static gboolean
label_to_text (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      user_data)
{
  const char *label = g_value_get_string (from);

  g_value_set_string (to, label != NULL ? label : "");

  return TRUE;
}

static gboolean
text_to_label (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      user_data)
{
  const char *text = g_value_get_string (from);

  g_value_set_string (to, text != NULL && *text != '\0' ? text : NULL);

  return TRUE;
}

static void
remove_pin_cb (GtkButton    *button,
               PsRuleEditor *self)
{
  PsPinsetPin *pin = g_object_get_data (G_OBJECT (button), "pin");

  ps_pinset_rule_remove_pin (self->rule, pin);
}

static void
role_selected_cb (AdwComboRow *combo,
                  GParamSpec  *pspec,
                  PsPinsetPin *pin)
{
  PsPinRole role = adw_combo_row_get_selected (combo);

  if (role != ps_pinset_pin_get_role (pin))
    ps_pinset_pin_set_role (pin, role);
}

static GtkWidget *
pin_row_new (PsRuleEditor *self,
             PsPinsetPin  *pin)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkWidget *label_row = adw_entry_row_new ();
  GtkWidget *role_row = adw_combo_row_new ();
  GtkWidget *origin_row = adw_action_row_new ();
  GtkWidget *unknown_badge = gtk_label_new (_("Unknown role"));
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
  const PsPin *value = ps_pinset_pin_get_pin (pin);
  /* An unparsed entry of an imported file is shown as written (the linter says why). */
  g_autofree char *pin_text = value != NULL ? ps_pin_to_string (value, self->notation)
                                            : ps_pinset_pin_dup_display (pin);
  g_autofree char *origin = origin_text (pin);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), pin_text);
  gtk_widget_add_css_class (row, "pin-row");

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove Pin"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove Pin"), -1);
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data_full (G_OBJECT (remove), "pin", g_object_ref (pin), g_object_unref);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_pin_cb), self);
  /* NSC, OkHttp and HPKP pins say nothing of where the key sits: say so, not "Leaf". */
  gtk_widget_set_valign (unknown_badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (unknown_badge, "badge");
  gtk_widget_add_css_class (unknown_badge, "warning");
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), unknown_badge);
  g_object_set_data (G_OBJECT (row), "unknown-badge", unknown_badge);
  if (value == NULL)
    {
      GtkWidget *unusable = gtk_label_new (_("Not a usable pin"));

      gtk_widget_set_valign (unusable, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (unusable, "badge");
      gtk_widget_add_css_class (unusable, "error");
      gtk_widget_set_tooltip_text (unusable, ps_pinset_pin_get_problem (pin));
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), unusable);
    }
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), remove);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (label_row), _("Label"));
  g_object_bind_property_full (pin, "label", label_row, "text",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               label_to_text, text_to_label, NULL, NULL);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), label_row);

  for (PsPinRole role = PS_PIN_ROLE_LEAF; role <= PS_PIN_ROLE_UNKNOWN; role++)
    gtk_string_list_append (roles, ps_pin_role_to_label (role));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (role_row), _("Role"));
  adw_combo_row_set_model (ADW_COMBO_ROW (role_row), G_LIST_MODEL (roles));
  adw_combo_row_set_selected (ADW_COMBO_ROW (role_row), ps_pinset_pin_get_role (pin));
  g_signal_connect_object (role_row, "notify::selected", G_CALLBACK (role_selected_cb), pin, 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), role_row);
  g_object_set_data (G_OBJECT (row), "role-row", role_row);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (origin_row), _("Source"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (origin_row), origin);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), origin_row);

  g_signal_connect_object (pin, "notify", G_CALLBACK (pin_changed_cb), row, 0);
  pin_changed_cb (pin, NULL, ADW_EXPANDER_ROW (row));

  return row;
}

static void
pins_changed_cb (PsRuleEditor *self)
{
  GListModel *pins = ps_pinset_rule_get_pins (self->rule);

  for (guint i = 0; i < self->pin_rows->len; i++)
    gtk_list_box_remove (self->pins_list, g_ptr_array_index (self->pin_rows, i));
  g_ptr_array_set_size (self->pin_rows, 0);

  for (guint i = 0; i < g_list_model_get_n_items (pins); i++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, i);
      GtkWidget *row = pin_row_new (self, pin);

      gtk_list_box_insert (self->pins_list, row, i);
      g_ptr_array_add (self->pin_rows, row);
    }
}

void
ps_rule_editor_set_notation (PsRuleEditor  *self,
                             PsPinNotation  notation)
{
  g_return_if_fail (PS_IS_RULE_EDITOR (self));

  if (self->notation == notation)
    return;

  self->notation = notation;
  pins_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTATION]);
}

PsPinNotation
ps_rule_editor_get_notation (PsRuleEditor *self)
{
  g_return_val_if_fail (PS_IS_RULE_EDITOR (self), PS_PIN_NOTATION_OKHTTP);

  return self->notation;
}

void
ps_rule_editor_set_pinset (PsRuleEditor *self,
                           PsPinset     *pinset)
{
  g_return_if_fail (PS_IS_RULE_EDITOR (self));

  ps_rule_semantics_set_pinset (PS_RULE_SEMANTICS (self->semantics), pinset);
}

gboolean
ps_rule_editor_add_pin_text (PsRuleEditor *self,
                             const char   *text,
                             GError      **error)
{
  g_autoptr(PsPin) pin = NULL;
  g_autoptr(PsPinsetPin) item = NULL;

  g_return_val_if_fail (PS_IS_RULE_EDITOR (self), FALSE);

  pin = ps_pin_parse (text, error);
  if (pin == NULL)
    return FALSE;

  item = ps_pinset_pin_new (pin, NULL, PS_PIN_ROLE_BACKUP);
  ps_pinset_pin_set_origin (item, PS_PIN_ORIGIN_TYPED, NULL, -1);
  if (!ps_pinset_rule_add_pin (self->rule, item))
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_PIN,
                           _("This pin is already in the rule"));
      return FALSE;
    }

  return TRUE;
}

static void
add_pin_changed_cb (PsRuleEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->add_pin_row));
  g_autoptr(PsPin) pin = NULL;
  g_autoptr(GError) error = NULL;

  if (text == NULL || *text == '\0')
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->add_pin_row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->add_pin_row), NULL);
      return;
    }

  pin = ps_pin_parse (text, &error);
  if (pin == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->add_pin_row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->add_pin_row), error->message);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->add_pin_row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->add_pin_row), NULL);
    }
}

static void
add_pin_apply_cb (PsRuleEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->add_pin_row));
  g_autoptr(GError) error = NULL;

  if (text == NULL || *text == '\0')
    return;

  if (!ps_rule_editor_add_pin_text (self, text, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->add_pin_row), "error");
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", error->message);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->add_pin_row), "");
}

gboolean
ps_rule_editor_add_material (PsRuleEditor *self,
                             PsMaterial   *material,
                             const char   *path,
                             int           index)
{
  g_autoptr(PsPinsetPin) pin = NULL;
  PsPinOrigin origin;

  g_return_val_if_fail (PS_IS_RULE_EDITOR (self), FALSE);
  g_return_val_if_fail (PS_IS_MATERIAL (material), FALSE);

  switch (ps_material_get_kind (material))
    {
    case PS_MATERIAL_CSR:
      origin = PS_PIN_ORIGIN_CSR;
      break;
    case PS_MATERIAL_CERTIFICATE:
      origin = PS_PIN_ORIGIN_FILE;
      break;
    default:
      origin = PS_PIN_ORIGIN_KEY;
    }

  /* A key kept aside (or a request for the next certificate) is what a backup pin is. */
  pin = ps_pinset_pin_new (ps_material_get_pin (material), ps_material_get_label (material),
                           PS_PIN_ROLE_BACKUP);
  ps_pinset_pin_set_origin (pin, origin, path, origin == PS_PIN_ORIGIN_FILE ? index : -1);
  if (ps_material_get_certificate (material) != NULL)
    ps_pinset_pin_set_not_after (pin, ps_certificate_get_not_after (
                                        ps_material_get_certificate (material)));

  return ps_pinset_rule_add_pin (self->rule, pin);
}

static void
materials_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PsRuleEditor) self = user_data;
  g_autoptr(GPtrArray) materials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (G_FILE (source));
  guint added = 0;

  materials = ps_material_load_file_finish (G_FILE (source), result, &error);
  if (materials == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", error->message);
      return;
    }

  for (guint i = 0; i < materials->len; i++)
    if (ps_rule_editor_add_material (self, g_ptr_array_index (materials, i), path, i))
      added++;

  if (added == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s",
                                _("These pins are already in the rule"));
}

static void
add_from_file_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  ps_material_chooser_open (widget, _("Add Backup Pins From a File"), _("_Add"),
                            ps_widget_get_cancellable (widget), materials_loaded_cb);
}

static void
remove_rule_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  PsRuleEditor *self = PS_RULE_EDITOR (widget);

  gtk_widget_activate_action (widget, "editor.remove-rule", "u", self->index);
}

static gboolean
notes_view_resize_cb (gpointer user_data)
{
  gtk_widget_queue_resize (GTK_WIDGET (user_data));

  return G_SOURCE_REMOVE;
}

static void
notes_view_map_cb (GtkWidget *view)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, notes_view_resize_cb, g_object_ref (view),
                   g_object_unref);
}

static void
ps_rule_editor_constructed (GObject *object)
{
  PsRuleEditor *self = PS_RULE_EDITOR (object);

  G_OBJECT_CLASS (ps_rule_editor_parent_class)->constructed (object);

  g_signal_connect_object (ps_pinset_rule_get_domains (self->rule), "items-changed",
                           G_CALLBACK (domains_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ps_pinset_rule_get_pins (self->rule), "items-changed",
                           G_CALLBACK (pins_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rule, "notify::expiration",
                           G_CALLBACK (expiration_changed_cb), self, G_CONNECT_SWAPPED);
  g_object_bind_property_full (self->rule, "notes", gtk_text_view_get_buffer (self->notes_view),
                               "text",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               label_to_text, text_to_label, NULL, NULL);
  /* GtkTextView only knows its height once it has laid its text out for a width; ask for
   * a new size then, or the row keeps the empty view's zero height. */
  g_signal_connect (self->notes_view, "map", G_CALLBACK (notes_view_map_cb), NULL);
  /* Enforcement, ATS requirements and trust anchors, between the domains and the pins. */
  self->semantics = ps_rule_semantics_new (self->rule);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->domains_list))),
                              self->semantics, GTK_WIDGET (self->domains_list));
  domains_changed_cb (self);
  pins_changed_cb (self);
  expiration_changed_cb (self);
}

static void
ps_rule_editor_dispose (GObject *object)
{
  PsRuleEditor *self = PS_RULE_EDITOR (object);

  g_ptr_array_set_size (self->domain_rows, 0);
  g_ptr_array_set_size (self->pin_rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), PS_TYPE_RULE_EDITOR);
  g_clear_object (&self->rule);

  G_OBJECT_CLASS (ps_rule_editor_parent_class)->dispose (object);
}

static void
ps_rule_editor_finalize (GObject *object)
{
  PsRuleEditor *self = PS_RULE_EDITOR (object);

  g_ptr_array_unref (self->domain_rows);
  g_ptr_array_unref (self->pin_rows);

  G_OBJECT_CLASS (ps_rule_editor_parent_class)->finalize (object);
}

static void
ps_rule_editor_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PsRuleEditor *self = PS_RULE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_NOTATION:
      g_value_set_enum (value, self->notation);
      break;
    case PROP_RULE:
      g_value_set_object (value, self->rule);
      break;
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_rule_editor_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PsRuleEditor *self = PS_RULE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_NOTATION:
      ps_rule_editor_set_notation (self, g_value_get_enum (value));
      break;
    case PROP_RULE:
      self->rule = g_value_dup_object (value);
      break;
    case PROP_INDEX:
      self->index = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_rule_editor_class_init (PsRuleEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ps_rule_editor_constructed;
  object_class->dispose = ps_rule_editor_dispose;
  object_class->finalize = ps_rule_editor_finalize;

  object_class->get_property = ps_rule_editor_get_property;
  object_class->set_property = ps_rule_editor_set_property;

  properties[PROP_RULE] =
    g_param_spec_object ("rule", NULL, NULL, PS_TYPE_PINSET_RULE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* How pins are shown, bound to the "notation" setting. */
  properties[PROP_NOTATION] =
    g_param_spec_enum ("notation", NULL, NULL, PS_TYPE_PIN_NOTATION, PS_PIN_NOTATION_OKHTTP,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pinscope/Pinscope/ps-rule-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, PsRuleEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, PsRuleEditor, domains_list);
  gtk_widget_class_bind_template_child (widget_class, PsRuleEditor, add_domain_row);
  gtk_widget_class_bind_template_child (widget_class, PsRuleEditor, expiration_row);
  gtk_widget_class_bind_template_child (widget_class, PsRuleEditor, expiration_button);
  gtk_widget_class_bind_template_child (widget_class, PsRuleEditor, calendar);
  gtk_widget_class_bind_template_child (widget_class, PsRuleEditor, notes_view);
  gtk_widget_class_bind_template_child (widget_class, PsRuleEditor, pins_list);
  gtk_widget_class_bind_template_child (widget_class, PsRuleEditor, add_pin_row);
  gtk_widget_class_bind_template_callback (widget_class, add_domain_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, calendar_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_pin_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_pin_apply_cb);

  gtk_widget_class_install_action (widget_class, "rule.clear-expiration", NULL,
                                   clear_expiration_action);
  gtk_widget_class_install_action (widget_class, "rule.add-from-file", NULL,
                                   add_from_file_action);
  gtk_widget_class_install_action (widget_class, "rule.remove", NULL, remove_rule_action);
}

static void
ps_rule_editor_init (PsRuleEditor *self)
{
  self->domain_rows = g_ptr_array_new ();
  self->pin_rows = g_ptr_array_new ();
  self->notation = PS_PIN_NOTATION_OKHTTP;

  gtk_widget_init_template (GTK_WIDGET (self));
}
