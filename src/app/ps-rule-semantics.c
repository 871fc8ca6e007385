/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-rule-semantics.h"

struct _PsRuleSemantics
{
  AdwBin        parent_instance;

  PsPinsetRule *rule;
  PsPinset     *pinset;
  GPtrArray    *anchor_rows;

  GtkListBox   *list;
  AdwComboRow  *enforcement_row;
  GtkWidget    *enforcement_icon;
  AdwActionRow *requires_row;
  AdwActionRow *overridden_row;
};

G_DEFINE_FINAL_TYPE (PsRuleSemantics, ps_rule_semantics, ADW_TYPE_BIN)

static GtkWidget *
badge_new (const char *text,
           const char *style)
{
  GtkWidget *badge = gtk_label_new (text);

  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "badge");
  gtk_widget_add_css_class (badge, style);

  return badge;
}

static GtkWidget *
warning_icon_new (void)
{
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  gtk_widget_add_css_class (icon, "finding-icon");
  gtk_widget_add_css_class (icon, "warning");

  return icon;
}

/* Enforcement: TrustKit's kTSKEnforcePinning and kTSKExcludeSubdomainFromParentPolicy. */

static void
policy_changed_cb (PsRuleSemantics *self)
{
  PsRulePolicy policy = ps_pinset_rule_get_policy (self->rule);
  const char *subtitle;

  if (adw_combo_row_get_selected (self->enforcement_row) != (guint) policy)
    adw_combo_row_set_selected (self->enforcement_row, policy);

  switch (policy)
    {
    case PS_RULE_REPORT_ONLY:
      subtitle = _("A mismatch is reported, the connection goes on");
      break;
    case PS_RULE_EXCLUDED:
      subtitle = _("These domains are not pinned, whatever a parent rule says");
      break;
    case PS_RULE_ENFORCE:
    default:
      subtitle = _("A mismatch refuses the connection");
    }

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->enforcement_row), subtitle);
  gtk_widget_set_visible (self->enforcement_icon, policy != PS_RULE_ENFORCE);
  /* The row's prefix box keeps its spacing while it is shown, even empty. */
  gtk_widget_set_visible (gtk_widget_get_parent (self->enforcement_icon),
                          policy != PS_RULE_ENFORCE);
}

static void
enforcement_selected_cb (PsRuleSemantics *self)
{
  guint selected = adw_combo_row_get_selected (self->enforcement_row);

  if (selected <= PS_RULE_EXCLUDED && selected != (guint) ps_pinset_rule_get_policy (self->rule))
    ps_pinset_rule_set_policy (self->rule, selected);
}

/* ATS NSPinnedLeafIdentities / NSPinnedCAIdentities: when both are present, both must match
 * (Apple: Information Property List, NSPinnedDomains). */

static void
requires_changed_cb (PsRuleSemantics *self)
{
  PsRuleRequires requires = ps_pinset_rule_get_requires (self->rule);
  const char *subtitle = NULL;

  if ((requires & PS_RULE_REQUIRES_LEAF) && (requires & PS_RULE_REQUIRES_CA))
    subtitle = _("Requires a leaf pin and a CA pin");
  else if (requires & PS_RULE_REQUIRES_LEAF)
    subtitle = _("Requires a leaf pin");
  else if (requires & PS_RULE_REQUIRES_CA)
    subtitle = _("Requires a CA pin");

  gtk_widget_set_visible (GTK_WIDGET (self->requires_row), subtitle != NULL);
  adw_action_row_set_subtitle (self->requires_row, subtitle != NULL ? subtitle : "");
}

/* Trust anchors: Android <certificates src="…" overridePins="…"/>. */

static void
update_overridden (PsRuleSemantics *self)
{
  gboolean overridden = FALSE;

  if (self->pinset != NULL)
    {
      overridden = ps_pinset_rule_pins_overridden (self->rule, self->pinset, FALSE);
    }
  else
    {
      GListModel *anchors = ps_pinset_rule_get_anchors (self->rule);

      for (guint i = 0; i < g_list_model_get_n_items (anchors) && !overridden; i++)
        {
          g_autoptr(PsPinsetAnchor) anchor = g_list_model_get_item (anchors, i);

          overridden = ps_pinset_anchor_get_override_pins (anchor);
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->overridden_row), overridden);
}

static GtkWidget *
anchor_row_new (PsPinsetAnchor *anchor)
{
  GtkWidget *row = adw_action_row_new ();
  gboolean overrides = ps_pinset_anchor_get_override_pins (anchor);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ps_pinset_anchor_get_source (anchor));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               overrides ? _("Trust anchor, pins overridden")
                                         : _("Trust anchor"));
  if (overrides)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge_new (_("Pins overridden"), "warning"));

  return row;
}

static void
anchors_changed_cb (PsRuleSemantics *self)
{
  GListModel *anchors = ps_pinset_rule_get_anchors (self->rule);

  for (guint i = 0; i < self->anchor_rows->len; i++)
    gtk_list_box_remove (self->list, g_ptr_array_index (self->anchor_rows, i));
  g_ptr_array_set_size (self->anchor_rows, 0);

  for (guint i = 0; i < g_list_model_get_n_items (anchors); i++)
    {
      g_autoptr(PsPinsetAnchor) anchor = g_list_model_get_item (anchors, i);
      GtkWidget *row = anchor_row_new (anchor);

      /* After the enforcement and requires rows, before the warning. */
      gtk_list_box_insert (self->list, row, 2 + i);
      g_ptr_array_add (self->anchor_rows, row);
    }

  update_overridden (self);
}

void
ps_rule_semantics_set_pinset (PsRuleSemantics *self,
                              PsPinset        *pinset)
{
  g_return_if_fail (PS_IS_RULE_SEMANTICS (self));
  g_return_if_fail (pinset == NULL || PS_IS_PINSET (pinset));

  if (self->pinset == pinset)
    return;

  if (self->pinset != NULL)
    g_signal_handlers_disconnect_by_data (ps_pinset_get_base_anchors (self->pinset), self);
  g_set_object (&self->pinset, pinset);
  if (pinset != NULL)
    g_signal_connect_object (ps_pinset_get_base_anchors (pinset), "items-changed",
                             G_CALLBACK (update_overridden), self, G_CONNECT_SWAPPED);

  update_overridden (self);
}

GtkWidget *
ps_rule_semantics_new (PsPinsetRule *rule)
{
  PsRuleSemantics *self;

  g_return_val_if_fail (PS_IS_PINSET_RULE (rule), NULL);

  self = g_object_new (PS_TYPE_RULE_SEMANTICS, NULL);
  self->rule = g_object_ref (rule);

  g_signal_connect_object (rule, "notify::policy", G_CALLBACK (policy_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (rule, "notify::requires", G_CALLBACK (requires_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (ps_pinset_rule_get_anchors (rule), "items-changed",
                           G_CALLBACK (anchors_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->enforcement_row, "notify::selected",
                            G_CALLBACK (enforcement_selected_cb), self);
  policy_changed_cb (self);
  requires_changed_cb (self);
  anchors_changed_cb (self);

  return GTK_WIDGET (self);
}

static void
ps_rule_semantics_dispose (GObject *object)
{
  PsRuleSemantics *self = PS_RULE_SEMANTICS (object);

  if (self->pinset != NULL)
    g_signal_handlers_disconnect_by_data (ps_pinset_get_base_anchors (self->pinset), self);
  g_clear_object (&self->pinset);
  if (self->anchor_rows != NULL)
    g_ptr_array_set_size (self->anchor_rows, 0);
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->rule);

  G_OBJECT_CLASS (ps_rule_semantics_parent_class)->dispose (object);
}

static void
ps_rule_semantics_finalize (GObject *object)
{
  PsRuleSemantics *self = PS_RULE_SEMANTICS (object);

  g_ptr_array_unref (self->anchor_rows);

  G_OBJECT_CLASS (ps_rule_semantics_parent_class)->finalize (object);
}

static void
ps_rule_semantics_class_init (PsRuleSemanticsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ps_rule_semantics_dispose;
  object_class->finalize = ps_rule_semantics_finalize;
}

static void
ps_rule_semantics_init (PsRuleSemantics *self)
{
  /* In PsRulePolicy order. */
  const char *policies[] = { _("Enforced"), _("Report only"), _("Excluded"), NULL };
  g_autoptr(GtkStringList) model = gtk_string_list_new (policies);
  GtkWidget *icon;

  self->anchor_rows = g_ptr_array_new ();

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->list));

  self->enforcement_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->enforcement_row), _("Enforcement"));
  adw_combo_row_set_model (self->enforcement_row, G_LIST_MODEL (model));
  /* An icon, not a badge: at 360 px a badge leaves the chosen value no room. */
  self->enforcement_icon = warning_icon_new ();
  gtk_widget_set_tooltip_text (self->enforcement_icon, _("Not enforced"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->enforcement_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Not enforced"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (self->enforcement_row), self->enforcement_icon);
  gtk_list_box_append (self->list, GTK_WIDGET (self->enforcement_row));

  self->requires_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->requires_row), _("Required pins"));
  gtk_list_box_append (self->list, GTK_WIDGET (self->requires_row));

  self->overridden_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->overridden_row),
                                 _("Pins not enforced"));
  adw_action_row_set_subtitle (self->overridden_row,
                               _("A chain to a trust anchor with overridePins is accepted "
                                 "without the pins"));
  icon = warning_icon_new ();
  adw_action_row_add_prefix (self->overridden_row, icon);
  gtk_list_box_append (self->list, GTK_WIDGET (self->overridden_row));
}
