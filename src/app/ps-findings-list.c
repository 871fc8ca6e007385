/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-findings-list.h"
#include "ps-lint.h"

struct _PsFindingsList
{
  AdwBin      parent_instance;

  GListModel *findings;

  GtkListBox *list_box;
};

G_DEFINE_FINAL_TYPE (PsFindingsList, ps_findings_list, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_FINDINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
ps_findings_list_new (void)
{
  return g_object_new (PS_TYPE_FINDINGS_LIST, NULL);
}

GListModel *
ps_findings_list_get_findings (PsFindingsList *self)
{
  g_return_val_if_fail (PS_IS_FINDINGS_LIST (self), NULL);

  return self->findings;
}

const char *
ps_findings_list_severity_icon (int severity)
{
  switch (severity)
    {
    case PS_SEVERITY_ERROR:
      return "dialog-error-symbolic";
    case PS_SEVERITY_WARNING:
      return "dialog-warning-symbolic";
    default:
      return "dialog-information-symbolic";
    }
}

gboolean
ps_findings_list_has_id (PsFindingsList *self,
                         const char     *id)
{
  g_return_val_if_fail (PS_IS_FINDINGS_LIST (self), FALSE);

  for (guint i = 0; self->findings != NULL && i < g_list_model_get_n_items (self->findings); i++)
    {
      g_autoptr(PsFinding) finding = g_list_model_get_item (self->findings, i);

      if (g_strcmp0 (ps_finding_get_id (finding), id) == 0)
        return TRUE;
    }

  return FALSE;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  PsFinding *finding = item;
  PsSeverity severity = ps_finding_get_severity (finding);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (ps_findings_list_severity_icon (severity));
  g_autofree char *tooltip = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ps_finding_get_message (finding));
  if (ps_finding_get_fix (finding) != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), ps_finding_get_fix (finding));

  gtk_widget_add_css_class (icon, "finding-icon");
  gtk_widget_add_css_class (icon, ps_severity_to_string (severity));
  /* Translators: a severity ("Warning"), then the finding's stable id. */
  tooltip = g_strdup_printf (_("%s (%s)"), ps_severity_to_label (severity),
                             ps_finding_get_id (finding));
  gtk_widget_set_tooltip_text (icon, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, ps_severity_to_label (severity),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_set_name (row, ps_finding_get_id (finding));

  return row;
}

void
ps_findings_list_set_findings (PsFindingsList *self,
                               GListModel     *findings)
{
  g_return_if_fail (PS_IS_FINDINGS_LIST (self));

  if (!g_set_object (&self->findings, findings))
    return;

  gtk_list_box_bind_model (self->list_box, findings, create_row, NULL, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINDINGS]);
}

static void
ps_findings_list_dispose (GObject *object)
{
  PsFindingsList *self = PS_FINDINGS_LIST (object);

  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  /* The list is the bin's child and has an id: dispose_template would unparent it behind
   * the bin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PS_TYPE_FINDINGS_LIST);
  g_clear_object (&self->findings);

  G_OBJECT_CLASS (ps_findings_list_parent_class)->dispose (object);
}

static void
ps_findings_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PsFindingsList *self = PS_FINDINGS_LIST (object);

  switch (prop_id)
    {
    case PROP_FINDINGS:
      g_value_set_object (value, self->findings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_findings_list_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PsFindingsList *self = PS_FINDINGS_LIST (object);

  switch (prop_id)
    {
    case PROP_FINDINGS:
      ps_findings_list_set_findings (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_findings_list_class_init (PsFindingsListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ps_findings_list_dispose;
  object_class->get_property = ps_findings_list_get_property;
  object_class->set_property = ps_findings_list_set_property;

  properties[PROP_FINDINGS] =
    g_param_spec_object ("findings", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pinscope/Pinscope/ps-findings-list.ui");
  gtk_widget_class_bind_template_child (widget_class, PsFindingsList, list_box);
}

static void
ps_findings_list_init (PsFindingsList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
