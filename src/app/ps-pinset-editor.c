/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-x509-enums.h"
#include "ps-compare-view.h"
#include "ps-export-view.h"
#include "ps-findings-list.h"
#include "ps-lint.h"
#include "ps-pinset-editor.h"
#include "ps-rule-editor.h"

struct _PsPinsetEditor
{
  AdwBin          parent_instance;

  PsPinset       *pinset;
  GFile          *file;
  GListModel     *chains;
  char           *title;
  gboolean        modified;
  guint           lint_id;
  PsPinNotation    notation;

  AdwViewStack   *stack;
  GtkRevealer    *banner_revealer;
  GtkWidget      *banner_box;
  GtkImage       *banner_icon;
  GtkLabel       *banner_title;
  GtkLabel       *banner_fix;
  AdwEntryRow    *name_row;
  GtkWidget      *rules_box;
  PsFindingsList *findings_list;
  PsCompareView  *compare_view;
  PsExportView   *export_view;
};

G_DEFINE_FINAL_TYPE (PsPinsetEditor, ps_pinset_editor, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PINSET,
  PROP_FILE,
  PROP_MODIFIED,
  PROP_TITLE,
  PROP_NOTATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
ps_pinset_editor_new (PsPinset *pinset,
                      GFile    *file)
{
  g_return_val_if_fail (PS_IS_PINSET (pinset), NULL);

  return g_object_new (PS_TYPE_PINSET_EDITOR, "pinset", pinset, "file", file, NULL);
}

PsPinset *
ps_pinset_editor_get_pinset (PsPinsetEditor *self)
{
  g_return_val_if_fail (PS_IS_PINSET_EDITOR (self), NULL);

  return self->pinset;
}

GFile *
ps_pinset_editor_get_file (PsPinsetEditor *self)
{
  g_return_val_if_fail (PS_IS_PINSET_EDITOR (self), NULL);

  return self->file;
}

gboolean
ps_pinset_editor_get_modified (PsPinsetEditor *self)
{
  g_return_val_if_fail (PS_IS_PINSET_EDITOR (self), FALSE);

  return self->modified;
}

const char *
ps_pinset_editor_get_title (PsPinsetEditor *self)
{
  g_return_val_if_fail (PS_IS_PINSET_EDITOR (self), NULL);

  return self->title;
}

GtkWidget *
ps_pinset_editor_get_findings_list (PsPinsetEditor *self)
{
  g_return_val_if_fail (PS_IS_PINSET_EDITOR (self), NULL);

  return GTK_WIDGET (self->findings_list);
}

GtkWidget *
ps_pinset_editor_get_export_view (PsPinsetEditor *self)
{
  g_return_val_if_fail (PS_IS_PINSET_EDITOR (self), NULL);

  return GTK_WIDGET (self->export_view);
}

GtkWidget *
ps_pinset_editor_get_compare_list (PsPinsetEditor *self)
{
  g_return_val_if_fail (PS_IS_PINSET_EDITOR (self), NULL);

  return GTK_WIDGET (self->compare_view);
}

void
ps_pinset_editor_show_page (PsPinsetEditor *self,
                            const char     *name)
{
  g_return_if_fail (PS_IS_PINSET_EDITOR (self));

  adw_view_stack_set_visible_child_name (self->stack, name);
}

/* A hidden banner leaves no gap: the revealer goes once it has slid up. */
static void
banner_child_revealed_cb (GtkRevealer *revealer)
{
  if (!gtk_revealer_get_reveal_child (revealer) && !gtk_revealer_get_child_revealed (revealer))
    gtk_widget_set_visible (GTK_WIDGET (revealer), FALSE);
}

void
ps_pinset_editor_set_notation (PsPinsetEditor *self,
                               PsPinNotation  notation)
{
  g_return_if_fail (PS_IS_PINSET_EDITOR (self));

  if (self->notation == notation)
    return;

  self->notation = notation;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTATION]);
}

PsPinNotation
ps_pinset_editor_get_notation (PsPinsetEditor *self)
{
  g_return_val_if_fail (PS_IS_PINSET_EDITOR (self), PS_PIN_NOTATION_OKHTTP);

  return self->notation;
}

const char *
ps_pinset_editor_get_page (PsPinsetEditor *self)
{
  g_return_val_if_fail (PS_IS_PINSET_EDITOR (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

static void
ps_pinset_editor_update_title (PsPinsetEditor *self)
{
  const char *name = ps_pinset_get_name (self->pinset);
  g_autofree char *title = NULL;

  if (name == NULL || *name == '\0')
    name = _("Untitled Pinset");

  /* A dot marks unsaved changes, as in GNOME Text Editor. */
  title = self->modified ? g_strdup_printf ("• %s", name) : g_strdup (name);
  if (g_strcmp0 (title, self->title) == 0)
    return;

  g_free (self->title);
  self->title = g_steal_pointer (&title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
ps_pinset_editor_set_modified (PsPinsetEditor *self,
                               gboolean        modified)
{
  if (self->modified == modified)
    return;

  self->modified = modified;
  ps_pinset_editor_update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

/* Findings */

static void
ps_pinset_editor_lint (PsPinsetEditor *self)
{
  g_autoptr(GPtrArray) chains = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) findings = NULL;
  g_autoptr(PsFinding) first = NULL;
  const char *severity_class;

  g_clear_handle_id (&self->lint_id, g_source_remove);

  for (guint i = 0; self->chains != NULL && i < g_list_model_get_n_items (self->chains); i++)
    g_ptr_array_add (chains, g_list_model_get_item (self->chains, i));

  findings = ps_lint_pinset (self->pinset, chains, NULL);
  ps_findings_list_set_findings (self->findings_list, findings);

  /* Findings come errors first: the first one is the banner, unless it is only advice. */
  if (g_list_model_get_n_items (findings) > 0)
    first = g_list_model_get_item (findings, 0);

  if (first == NULL || ps_finding_get_severity (first) == PS_SEVERITY_INFO)
    {
      gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
      return;
    }

  severity_class = ps_severity_to_string (ps_finding_get_severity (first));
  gtk_widget_remove_css_class (self->banner_box, "severity-error");
  gtk_widget_remove_css_class (self->banner_box, "severity-warning");
  gtk_widget_add_css_class (self->banner_box,
                            ps_finding_get_severity (first) == PS_SEVERITY_ERROR
                            ? "severity-error" : "severity-warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->banner_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->banner_icon), "warning");
  gtk_widget_add_css_class (GTK_WIDGET (self->banner_icon), severity_class);
  gtk_image_set_from_icon_name (self->banner_icon,
                                ps_findings_list_severity_icon (ps_finding_get_severity (first)));
  gtk_label_set_label (self->banner_title, ps_finding_get_message (first));
  gtk_label_set_label (self->banner_fix, ps_finding_get_fix (first));
  gtk_widget_set_visible (GTK_WIDGET (self->banner_fix), ps_finding_get_fix (first) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static gboolean
lint_idle_cb (gpointer user_data)
{
  PsPinsetEditor *self = user_data;

  self->lint_id = 0;
  ps_pinset_editor_lint (self);

  return G_SOURCE_REMOVE;
}

static void
queue_lint (PsPinsetEditor *self)
{
  if (self->lint_id == 0)
    self->lint_id = g_idle_add_full (G_PRIORITY_LOW, lint_idle_cb, self, NULL);
}

static void
pinset_changed_cb (PsPinsetEditor *self)
{
  ps_pinset_editor_set_modified (self, TRUE);
  ps_pinset_editor_update_title (self);
  queue_lint (self);
}

void
ps_pinset_editor_set_chains (PsPinsetEditor *self,
                             GListModel     *chains)
{
  g_return_if_fail (PS_IS_PINSET_EDITOR (self));

  if (self->chains != NULL)
    g_signal_handlers_disconnect_by_func (self->chains, queue_lint, self);
  if (!g_set_object (&self->chains, chains))
    return;
  if (chains != NULL)
    g_signal_connect_object (chains, "items-changed", G_CALLBACK (queue_lint), self,
                             G_CONNECT_SWAPPED);

  ps_compare_view_set_chains (self->compare_view, chains);
  ps_export_view_set_chains (self->export_view, chains);
  ps_pinset_editor_lint (self);
}

/* Rules */

static void
rules_changed_cb (PsPinsetEditor *self)
{
  GListModel *rules = ps_pinset_get_rules (self->pinset);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->rules_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->rules_box), child);

  for (guint i = 0; i < g_list_model_get_n_items (rules); i++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, i);

      GtkWidget *rule_editor = ps_rule_editor_new (rule, i);

      g_object_bind_property (self, "notation", rule_editor, "notation", G_BINDING_SYNC_CREATE);
      ps_rule_editor_set_pinset (PS_RULE_EDITOR (rule_editor), self->pinset);
      gtk_box_append (GTK_BOX (self->rules_box), rule_editor);
    }
}

static PsPinsetRule *
ps_pinset_editor_ensure_rule (PsPinsetEditor *self)
{
  GListModel *rules = ps_pinset_get_rules (self->pinset);
  g_autoptr(PsPinsetRule) rule = NULL;

  if (g_list_model_get_n_items (rules) > 0)
    {
      rule = g_list_model_get_item (rules, 0);
      return rule; /* borrowed: the pinset keeps it */
    }

  rule = ps_pinset_rule_new ();
  ps_pinset_add_rule (self->pinset, rule);

  return rule;
}

gboolean
ps_pinset_editor_add_certificate (PsPinsetEditor *self,
                                  PsCertificate  *certificate,
                                  PsPinOrigin     origin,
                                  const char     *detail,
                                  int             depth,
                                  const char     *domain)
{
  g_autoptr(PsPinsetPin) pin = NULL;
  PsPinsetRule *rule;
  PsPinRole role;

  g_return_val_if_fail (PS_IS_PINSET_EDITOR (self), FALSE);
  g_return_val_if_fail (PS_IS_CERTIFICATE (certificate), FALSE);

  rule = ps_pinset_editor_ensure_rule (self);

  if (domain != NULL && *domain != '\0' &&
      g_list_model_get_n_items (ps_pinset_rule_get_domains (rule)) == 0)
    {
      g_autoptr(PsPinsetDomain) item = ps_pinset_domain_new (domain, FALSE);

      ps_pinset_rule_add_domain (rule, item);
    }

  if (ps_certificate_get_is_ca (certificate) && ps_certificate_get_is_self_signed (certificate))
    role = PS_PIN_ROLE_ROOT;
  else if (ps_certificate_get_is_ca (certificate))
    role = PS_PIN_ROLE_INTERMEDIATE;
  else
    role = PS_PIN_ROLE_LEAF;

  /* A pin read with no role (NSC, OkHttp, HPKP) learns it from the chain it is found in,
   * in every rule that holds it. */
  {
    GListModel *rules = ps_pinset_get_rules (self->pinset);
    gboolean resolved = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (rules); i++)
      {
        g_autoptr(PsPinsetRule) other = g_list_model_get_item (rules, i);
        PsPinsetPin *existing = ps_pinset_rule_find_pin (other,
                                                         ps_certificate_get_spki_pin (certificate));

        if (existing != NULL && ps_pinset_pin_get_role (existing) == PS_PIN_ROLE_UNKNOWN)
          {
            ps_pinset_pin_set_role (existing, role);
            resolved = TRUE;
          }
      }

    if (resolved &&
        ps_pinset_rule_find_pin (rule, ps_certificate_get_spki_pin (certificate)) != NULL)
      return TRUE;
  }

  pin = ps_pinset_pin_new (ps_certificate_get_spki_pin (certificate),
                           ps_certificate_get_display_name (certificate), role);
  ps_pinset_pin_set_origin (pin, origin, detail, depth);
  ps_pinset_pin_set_not_after (pin, ps_certificate_get_not_after (certificate));

  return ps_pinset_rule_add_pin (rule, pin);
}

gboolean
ps_pinset_editor_add_pin_text (PsPinsetEditor *self,
                               const char     *text,
                               GError        **error)
{
  GtkWidget *first;

  g_return_val_if_fail (PS_IS_PINSET_EDITOR (self), FALSE);

  ps_pinset_editor_ensure_rule (self);
  first = gtk_widget_get_first_child (self->rules_box);
  g_assert (PS_IS_RULE_EDITOR (first));

  return ps_rule_editor_add_pin_text (PS_RULE_EDITOR (first), text, error);
}

gboolean
ps_pinset_editor_add_material (PsPinsetEditor *self,
                               PsMaterial     *material,
                               const char     *path)
{
  GtkWidget *first;

  g_return_val_if_fail (PS_IS_PINSET_EDITOR (self), FALSE);

  ps_pinset_editor_ensure_rule (self);
  first = gtk_widget_get_first_child (self->rules_box);
  g_assert (PS_IS_RULE_EDITOR (first));

  return ps_rule_editor_add_material (PS_RULE_EDITOR (first), material, path, -1);
}

static void
add_rule_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  PsPinsetEditor *self = PS_PINSET_EDITOR (widget);
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();

  ps_pinset_add_rule (self->pinset, rule);
}

static void
remove_rule_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  PsPinsetEditor *self = PS_PINSET_EDITOR (widget);
  guint index = g_variant_get_uint32 (param);
  g_autoptr(PsPinsetRule) rule = g_list_model_get_item (ps_pinset_get_rules (self->pinset), index);

  if (rule != NULL)
    ps_pinset_remove_rule (self->pinset, rule);
}

/* Saving */

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PsPinsetEditor *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!ps_pinset_save_finish (PS_PINSET (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_set_object (&self->file, g_task_get_task_data (task));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  ps_pinset_editor_set_modified (self, FALSE);
  g_task_return_boolean (task, TRUE);
}

void
ps_pinset_editor_save_async (PsPinsetEditor      *self,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PS_IS_PINSET_EDITOR (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_pinset_editor_save_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  ps_pinset_save_async (self->pinset, file, cancellable, save_cb, task);
}

gboolean
ps_pinset_editor_save_finish (PsPinsetEditor  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject */

/* An entry cannot show NULL (imported documents may have no name). */
static gboolean
name_to_text (GBinding     *binding,
              const GValue *from,
              GValue       *to,
              gpointer      user_data)
{
  const char *name = g_value_get_string (from);

  g_value_set_string (to, name != NULL ? name : "");

  return TRUE;
}

static void
ps_pinset_editor_constructed (GObject *object)
{
  PsPinsetEditor *self = PS_PINSET_EDITOR (object);

  G_OBJECT_CLASS (ps_pinset_editor_parent_class)->constructed (object);

  g_assert (self->pinset != NULL);

  g_object_bind_property_full (self->pinset, "name", self->name_row, "text",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               name_to_text, NULL, NULL, NULL);
  g_signal_connect_object (self->pinset, "changed", G_CALLBACK (pinset_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (ps_pinset_get_rules (self->pinset), "items-changed",
                           G_CALLBACK (rules_changed_cb), self, G_CONNECT_SWAPPED);
  rules_changed_cb (self);

  ps_compare_view_set_pinset (self->compare_view, self->pinset);
  ps_export_view_set_pinset (self->export_view, self->pinset);

  /* A new pinset is not worth a "save changes?" question until something is added. */
  self->modified = FALSE;
  ps_pinset_editor_update_title (self);
  ps_pinset_editor_lint (self);
}

static void
ps_pinset_editor_dispose (GObject *object)
{
  PsPinsetEditor *self = PS_PINSET_EDITOR (object);

  g_clear_handle_id (&self->lint_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), PS_TYPE_PINSET_EDITOR);
  g_clear_object (&self->pinset);
  g_clear_object (&self->file);
  g_clear_object (&self->chains);

  G_OBJECT_CLASS (ps_pinset_editor_parent_class)->dispose (object);
}

static void
ps_pinset_editor_finalize (GObject *object)
{
  PsPinsetEditor *self = PS_PINSET_EDITOR (object);

  g_free (self->title);

  G_OBJECT_CLASS (ps_pinset_editor_parent_class)->finalize (object);
}

static void
ps_pinset_editor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PsPinsetEditor *self = PS_PINSET_EDITOR (object);

  switch (prop_id)
    {
    case PROP_NOTATION:
      g_value_set_enum (value, self->notation);
      break;
    case PROP_PINSET:
      g_value_set_object (value, self->pinset);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_pinset_editor_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PsPinsetEditor *self = PS_PINSET_EDITOR (object);

  switch (prop_id)
    {
    case PROP_NOTATION:
      ps_pinset_editor_set_notation (self, g_value_get_enum (value));
      break;
    case PROP_PINSET:
      self->pinset = g_value_dup_object (value);
      break;
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_pinset_editor_class_init (PsPinsetEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ps_pinset_editor_constructed;
  object_class->dispose = ps_pinset_editor_dispose;
  object_class->finalize = ps_pinset_editor_finalize;
  object_class->get_property = ps_pinset_editor_get_property;
  object_class->set_property = ps_pinset_editor_set_property;

  properties[PROP_PINSET] =
    g_param_spec_object ("pinset", NULL, NULL, PS_TYPE_PINSET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* How pins are shown, bound to the "notation" setting. */
  properties[PROP_NOTATION] =
    g_param_spec_enum ("notation", NULL, NULL, PS_TYPE_PIN_NOTATION, PS_PIN_NOTATION_OKHTTP,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PS_TYPE_FINDINGS_LIST);
  g_type_ensure (PS_TYPE_COMPARE_VIEW);
  g_type_ensure (PS_TYPE_EXPORT_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pinscope/Pinscope/ps-pinset-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, PsPinsetEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, PsPinsetEditor, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, PsPinsetEditor, banner_box);
  gtk_widget_class_bind_template_child (widget_class, PsPinsetEditor, banner_icon);
  gtk_widget_class_bind_template_child (widget_class, PsPinsetEditor, banner_title);
  gtk_widget_class_bind_template_child (widget_class, PsPinsetEditor, banner_fix);
  gtk_widget_class_bind_template_child (widget_class, PsPinsetEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, PsPinsetEditor, rules_box);
  gtk_widget_class_bind_template_child (widget_class, PsPinsetEditor, findings_list);
  gtk_widget_class_bind_template_child (widget_class, PsPinsetEditor, compare_view);
  gtk_widget_class_bind_template_child (widget_class, PsPinsetEditor, export_view);

  gtk_widget_class_install_action (widget_class, "editor.add-rule", NULL, add_rule_action);
  gtk_widget_class_install_action (widget_class, "editor.remove-rule", "u", remove_rule_action);
}

static void
ps_pinset_editor_init (PsPinsetEditor *self)
{
  self->notation = PS_PIN_NOTATION_OKHTTP;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_object_bind_property (self, "notation", self->compare_view, "notation",
                          G_BINDING_SYNC_CREATE);

  gtk_widget_set_visible (GTK_WIDGET (self->banner_revealer), FALSE);
  g_signal_connect (self->banner_revealer, "notify::child-revealed",
                    G_CALLBACK (banner_child_revealed_cb), NULL);
}
