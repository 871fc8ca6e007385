/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-build-page.h"
#include "ps-chain-view.h"
#include "ps-list-util.h"
#include "ps-material-chooser.h"
#include "ps-material.h"
#include "ps-pinset-editor.h"
#include "ps-probe.h"
#include "ps-readiness-page.h"
#include "ps-widget-work.h"

struct _PsReadinessPage
{
  AdwBin       parent_instance;

  GListModel  *items;
  /* Candidates added on the page: their labels and chains, in order. */
  GPtrArray   *own_labels;
  GPtrArray   *own_chains;
  /* The pinsets whose "changed" this page follows. */
  GPtrArray   *watched;
  /* What each subject is ("Pinset", "Shipped Android build"), in row order. */
  GPtrArray   *kinds;
  PsReadiness *readiness;
  char        *summary;
  guint        update_id;

  GtkRevealer *banner_revealer;
  GtkWidget   *banner_box;
  GtkImage    *banner_icon;
  GtkLabel    *banner_title;
  GtkLabel    *banner_detail;
  GtkListBox  *candidates_list;
  AdwEntryRow *host_row;
  GtkSpinner  *host_spinner;
  GtkBox      *matrix_box;
};

G_DEFINE_FINAL_TYPE (PsReadinessPage, ps_readiness_page, ADW_TYPE_BIN)

static void ps_readiness_page_queue_update (PsReadinessPage *self);

GtkWidget *
ps_readiness_page_new (void)
{
  return g_object_new (PS_TYPE_READINESS_PAGE, NULL);
}

PsReadiness *
ps_readiness_page_get_readiness (PsReadinessPage *self)
{
  g_return_val_if_fail (PS_IS_READINESS_PAGE (self), NULL);

  return self->readiness;
}

const char *
ps_readiness_page_get_summary (PsReadinessPage *self)
{
  g_return_val_if_fail (PS_IS_READINESS_PAGE (self), NULL);

  return self->summary;
}

/* How each verdict looks: an icon, its colour, and a word. */
static void
verdict_style (PsReadinessVerdict   verdict,
               const char         **icon,
               const char         **style,
               const char         **label)
{
  switch (verdict)
    {
    case PS_READINESS_ACCEPTED:
      *icon = "emblem-ok-symbolic";
      *style = "success";
      *label = _("Accepted");
      break;
    case PS_READINESS_NOT_COVERED:
      *icon = "dialog-information-symbolic";
      *style = "accent";
      *label = _("Not pinned");
      break;
    case PS_READINESS_CHAIN_INVALID:
      *icon = "dialog-error-symbolic";
      *style = "error";
      *label = _("Invalid chain");
      break;
    case PS_READINESS_REJECTED:
    default:
      *icon = "dialog-error-symbolic";
      *style = "error";
      *label = _("Rejected");
      break;
    }
}

static void
clear_children (GtkWidget *box)
{
  GtkWidget *child;

  if (GTK_IS_LIST_BOX (box))
    ps_list_box_remove_all (GTK_LIST_BOX (box));
  else
    while ((child = gtk_widget_get_first_child (box)) != NULL)
      gtk_box_remove (GTK_BOX (box), child);
}

/* The tooltip of a cell: the pin that decides it, and the rule it belongs to. */
static char *
cell_tooltip (PsReadinessCell *cell)
{
  const char *pin = ps_readiness_cell_get_pin_text (cell);
  const char *domains = ps_readiness_cell_get_domains (cell);
  GString *text = g_string_new (NULL);

  if (pin != NULL)
    {
      /* Translators: a pin, then its role ("Root"). */
      g_string_append_printf (text, _("Deciding pin: %s (%s)"), pin,
                              ps_pin_role_to_label (ps_readiness_cell_get_pin_role (cell)));
      if (ps_readiness_cell_get_depth (cell) >= 0)
        /* Translators: where in the chain the pin matched; 0 is the server's certificate. */
        g_string_append_printf (text, _(", level %d of the chain"),
                                ps_readiness_cell_get_depth (cell));
    }
  else if (ps_readiness_cell_get_verdict (cell) == PS_READINESS_REJECTED)
    g_string_append (text, _("No pin of the rule matches the chain"));
  if (domains != NULL)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: the domain names of the deciding rule. */
      g_string_append_printf (text, _("Rule: %s"), domains);
    }

  return g_string_free (text, text->len == 0);
}

static GtkWidget *
cell_row_new (PsReadinessCandidate *candidate,
              PsReadinessCell      *cell)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  GtkWidget *badge;
  const char *icon_name, *style, *label;
  g_autofree char *tooltip = cell_tooltip (cell);

  verdict_style (ps_readiness_cell_get_verdict (cell), &icon_name, &style, &label);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 ps_readiness_candidate_get_label (candidate));
  if (ps_readiness_cell_get_reason (cell) != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), ps_readiness_cell_get_reason (cell));
  gtk_widget_set_tooltip_text (row, tooltip);

  icon = gtk_image_new_from_icon_name (icon_name);
  gtk_widget_add_css_class (icon, "finding-icon");
  gtk_widget_add_css_class (icon, g_str_equal (style, "accent") ? "info" : style);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  badge = gtk_label_new (label);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "badge");
  gtk_widget_add_css_class (badge, style);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
  gtk_widget_set_name (row, ps_readiness_verdict_to_string (ps_readiness_cell_get_verdict (cell)));

  return row;
}

static void
show_matrix (PsReadinessPage *self)
{
  GListModel *subjects = ps_readiness_get_subjects (self->readiness);
  GListModel *candidates = ps_readiness_get_candidates (self->readiness);
  guint n_subjects = g_list_model_get_n_items (subjects);
  guint n_candidates = g_list_model_get_n_items (candidates);

  clear_children (GTK_WIDGET (self->matrix_box));

  if (n_subjects == 0)
    {
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *list = gtk_list_box_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Builds and Pinsets"));
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_list_box_set_placeholder (GTK_LIST_BOX (list),
                                    ps_list_placeholder_new (_("No build or pinset is open: open an "
                                                       "APK, an IPA or a pinset to check it")));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
      gtk_box_append (self->matrix_box, group);
      return;
    }

  for (guint row = 0; row < n_subjects; row++)
    {
      g_autoptr(PsReadinessSubject) subject = g_list_model_get_item (subjects, row);
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *list = gtk_list_box_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                       ps_readiness_subject_get_label (subject));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                             g_ptr_array_index (self->kinds, row));
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_list_box_set_placeholder (GTK_LIST_BOX (list),
                                    ps_list_placeholder_new (_("No candidate chain yet")));
      for (guint column = 0; column < n_candidates; column++)
        {
          g_autoptr(PsReadinessCandidate) candidate = g_list_model_get_item (candidates, column);
          PsReadinessCell *cell = ps_readiness_get_cell (self->readiness, row, column);

          gtk_list_box_append (GTK_LIST_BOX (list), cell_row_new (candidate, cell));
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
      gtk_box_append (self->matrix_box, group);
    }
}

static void
set_banner (PsReadinessPage *self,
            const char      *severity,
            const char      *icon,
            const char      *icon_style,
            const char      *title,
            const char      *detail)
{
  gtk_widget_remove_css_class (self->banner_box, "severity-error");
  gtk_widget_remove_css_class (self->banner_box, "severity-info");
  gtk_widget_add_css_class (self->banner_box, severity);
  gtk_widget_remove_css_class (GTK_WIDGET (self->banner_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->banner_icon), "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->banner_icon), icon_style);
  gtk_image_set_from_icon_name (self->banner_icon, icon);
  gtk_label_set_label (self->banner_title, title);
  gtk_label_set_label (self->banner_detail, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_detail), detail != NULL);
  g_free (self->summary);
  self->summary = g_strdup (title);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

/* The worst cell sums the matrix up. */
static void
show_banner (PsReadinessPage *self)
{
  GListModel *subjects = ps_readiness_get_subjects (self->readiness);
  GListModel *candidates = ps_readiness_get_candidates (self->readiness);
  guint n = g_list_model_get_n_items (subjects) * g_list_model_get_n_items (candidates);
  guint row, column, n_bad, n_open;
  PsReadinessVerdict worst;
  g_autoptr(PsReadinessSubject) subject = NULL;
  g_autoptr(PsReadinessCandidate) candidate = NULL;
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  PsReadinessCell *cell;

  if (n == 0)
    {
      g_clear_pointer (&self->summary, g_free);
      gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
      return;
    }

  worst = ps_readiness_get_worst (self->readiness, &row, &column);
  if (ps_readiness_verdict_is_ok (worst))
    {
      n_open = ps_readiness_count (self->readiness, PS_READINESS_NOT_COVERED);
      if (n_open > 0)
        /* Translators: %u is a number of build-and-chain pairs. */
        detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u pair is not pinned: no rule covers the "
                                               "chain’s names",
                                               "%u pairs are not pinned: no rule covers the "
                                               "chains’ names", n_open), n_open);
      set_banner (self, "severity-info", "emblem-ok-symbolic", "success",
                  _("Ready: every build and pinset accepts the candidate chains"), detail);
      return;
    }

  subject = g_list_model_get_item (subjects, row);
  candidate = g_list_model_get_item (candidates, column);
  cell = ps_readiness_get_cell (self->readiness, row, column);
  n_bad = ps_readiness_count (self->readiness, PS_READINESS_REJECTED) +
          ps_readiness_count (self->readiness, PS_READINESS_CHAIN_INVALID);
  /* Translators: the first %u counts the pairs that would break, the second all pairs. */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "Not ready: %u of %u pairs would break",
                                        "Not ready: %u of %u pairs would break", n),
                           n_bad, n);
  if (worst == PS_READINESS_CHAIN_INVALID)
    /* Translators: a candidate chain, then why it does not validate. */
    detail = g_strdup_printf (_("“%s” does not validate: %s"),
                              ps_readiness_candidate_get_label (candidate),
                              ps_readiness_cell_get_reason (cell));
  else
    /* Translators: a build or pinset, a candidate chain, then why the chain is refused. */
    detail = g_strdup_printf (_("“%s” refuses “%s”: %s"),
                              ps_readiness_subject_get_label (subject),
                              ps_readiness_candidate_get_label (candidate),
                              ps_readiness_cell_get_reason (cell));
  set_banner (self, "severity-error", "dialog-error-symbolic", "error", title, detail);
}

static void
show_candidates (PsReadinessPage *self)
{
  GListModel *candidates = ps_readiness_get_candidates (self->readiness);
  guint n = g_list_model_get_n_items (candidates);
  guint first_own = n - self->own_chains->len;

  clear_children (GTK_WIDGET (self->candidates_list));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PsReadinessCandidate) candidate = g_list_model_get_item (candidates, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     ps_readiness_candidate_get_label (candidate));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   i < first_own ? _("Open in the window") : _("Added here"));
      if (i >= first_own)
        {
          GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

          gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (remove, "flat");
          gtk_widget_set_tooltip_text (remove, _("Remove"));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "readiness.remove");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "u", i - first_own);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
        }
      gtk_list_box_append (self->candidates_list, row);
    }
}

static void
watch_pinset (PsReadinessPage *self,
              PsPinset        *pinset)
{
  g_signal_connect_object (pinset, "changed", G_CALLBACK (ps_readiness_page_queue_update), self,
                           G_CONNECT_SWAPPED);
  g_ptr_array_add (self->watched, g_object_ref (pinset));
}

static void
unwatch_pinsets (PsReadinessPage *self)
{
  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->watched, i),
                                          ps_readiness_page_queue_update, self);
  g_ptr_array_set_size (self->watched, 0);
}

/* One subject or candidate of the window's item @child, named @title. */
static void
add_item (PsReadinessPage *self,
          GtkWidget       *child,
          const char      *title)
{
  if (PS_IS_PINSET_EDITOR (child))
    {
      PsPinset *pinset = ps_pinset_editor_get_pinset (PS_PINSET_EDITOR (child));
      const char *name = ps_pinset_get_name (pinset);

      ps_readiness_add_subject (self->readiness,
                                name != NULL && *name != '\0' ? name : _("Untitled Pinset"),
                                PS_READINESS_SUBJECT_PINSET, pinset);
      g_ptr_array_add (self->kinds, g_strdup (_("Pinset")));
      watch_pinset (self, pinset);
    }
  else if (PS_IS_BUILD_PAGE (child))
    {
      PsBuild *build = ps_build_page_get_build (PS_BUILD_PAGE (child));
      const char *platform = ps_build_platform_to_label (ps_build_get_platform (build));

      /* The same app id and version may ship on both platforms: the platform tells them
       * apart, in the group's description. */
      ps_readiness_add_subject (self->readiness, ps_build_page_get_title (PS_BUILD_PAGE (child)),
                                PS_READINESS_SUBJECT_BUILD, ps_build_get_pinset (build));
      /* Translators: %s is a platform ("Android"). */
      g_ptr_array_add (self->kinds, g_strdup_printf (_("Shipped %s build"), platform));
    }
  else if (PS_IS_CHAIN_VIEW (child) && ps_chain_view_get_chain (PS_CHAIN_VIEW (child)) != NULL)
    ps_readiness_add_candidate (self->readiness, title,
                                ps_chain_view_get_chain (PS_CHAIN_VIEW (child)));
}

static void
ps_readiness_page_update (PsReadinessPage *self)
{
  guint n = self->items != NULL ? g_list_model_get_n_items (self->items) : 0;

  unwatch_pinsets (self);
  g_ptr_array_set_size (self->kinds, 0);
  g_clear_object (&self->readiness);
  self->readiness = ps_readiness_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->items, i);

      if (GTK_IS_STACK_PAGE (item))
        add_item (self, gtk_stack_page_get_child (GTK_STACK_PAGE (item)),
                  gtk_stack_page_get_title (GTK_STACK_PAGE (item)));
    }
  for (guint i = 0; i < self->own_chains->len; i++)
    ps_readiness_add_candidate (self->readiness, g_ptr_array_index (self->own_labels, i),
                                g_ptr_array_index (self->own_chains, i));
  ps_readiness_compute (self->readiness);

  show_candidates (self);
  show_matrix (self);
  show_banner (self);
}

static gboolean
update_idle_cb (gpointer user_data)
{
  PsReadinessPage *self = user_data;

  self->update_id = 0;
  ps_readiness_page_update (self);

  return G_SOURCE_REMOVE;
}

/* Edits come in bursts (typing a name): the matrix follows once they stop. */
static void
ps_readiness_page_queue_update (PsReadinessPage *self)
{
  if (self->update_id == 0)
    self->update_id = g_idle_add_full (G_PRIORITY_LOW, update_idle_cb, self, NULL);
}

void
ps_readiness_page_set_items (PsReadinessPage *self,
                             GListModel      *items)
{
  g_return_if_fail (PS_IS_READINESS_PAGE (self));
  g_return_if_fail (items == NULL || G_IS_LIST_MODEL (items));

  if (self->items != NULL)
    g_signal_handlers_disconnect_by_func (self->items, ps_readiness_page_queue_update, self);
  if (!g_set_object (&self->items, items))
    return;
  if (items != NULL)
    g_signal_connect_object (items, "items-changed",
                             G_CALLBACK (ps_readiness_page_queue_update), self,
                             G_CONNECT_SWAPPED);
  ps_readiness_page_update (self);
}

void
ps_readiness_page_add_candidate (PsReadinessPage *self,
                                 const char      *label,
                                 PsChain         *chain)
{
  g_return_if_fail (PS_IS_READINESS_PAGE (self));
  g_return_if_fail (label != NULL);
  g_return_if_fail (PS_IS_CHAIN (chain));

  g_ptr_array_add (self->own_labels, g_strdup (label));
  g_ptr_array_add (self->own_chains, g_object_ref (chain));
  ps_readiness_page_update (self);
}

/* Adding candidates */

static void
file_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PsReadinessPage) self = user_data;
  g_autoptr(GPtrArray) materials = NULL;
  g_autoptr(GPtrArray) certificates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PsChain) chain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

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
  name = g_file_get_basename (G_FILE (source));
  ps_readiness_page_add_candidate (self, name, chain);
}

static void
add_file_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  ps_material_chooser_open (widget, _("Choose a Candidate Chain"), _("_Add"),
                            ps_widget_get_cancellable (widget), file_loaded_cb);
}

static void
host_probed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PsReadinessPage) self = user_data;
  g_autoptr(PsChain) chain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;

  chain = ps_probe_run_finish (PS_PROBE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_set_spinning (self->host_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->host_spinner), FALSE);
  if (chain == NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", error->message);
      return;
    }

  host = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_row)));
  gtk_editable_set_text (GTK_EDITABLE (self->host_row), "");
  ps_readiness_page_add_candidate (self, *host != '\0' ? host : ps_chain_get_hostname (chain),
                                   chain);
}

static void
host_apply_cb (PsReadinessPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->host_row));
  g_autoptr(PsProbe) probe = NULL;

  if (text == NULL || *text == '\0')
    return;

  /* A new request replaces the one under way. */
  ps_widget_cancel_work (GTK_WIDGET (self));

  probe = ps_probe_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->host_spinner), TRUE);
  gtk_spinner_set_spinning (self->host_spinner, TRUE);
  ps_probe_run_async (probe, text, ps_widget_get_cancellable (GTK_WIDGET (self)),
                      host_probed_cb, g_object_ref (self));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PsReadinessPage *self = PS_READINESS_PAGE (widget);
  guint index = g_variant_get_uint32 (param);

  if (index >= self->own_chains->len)
    return;
  g_ptr_array_remove_index (self->own_labels, index);
  g_ptr_array_remove_index (self->own_chains, index);
  ps_readiness_page_queue_update (self);
}

/* GObject */

static void
ps_readiness_page_dispose (GObject *object)
{
  PsReadinessPage *self = PS_READINESS_PAGE (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->watched != NULL)
    unwatch_pinsets (self);
  if (self->items != NULL)
    g_signal_handlers_disconnect_by_func (self->items, ps_readiness_page_queue_update, self);
  g_clear_object (&self->items);
  gtk_widget_dispose_template (GTK_WIDGET (self), PS_TYPE_READINESS_PAGE);
  g_clear_object (&self->readiness);

  G_OBJECT_CLASS (ps_readiness_page_parent_class)->dispose (object);
}

static void
ps_readiness_page_finalize (GObject *object)
{
  PsReadinessPage *self = PS_READINESS_PAGE (object);

  g_ptr_array_unref (self->own_labels);
  g_ptr_array_unref (self->own_chains);
  g_ptr_array_unref (self->watched);
  g_ptr_array_unref (self->kinds);
  g_free (self->summary);

  G_OBJECT_CLASS (ps_readiness_page_parent_class)->finalize (object);
}

static void
ps_readiness_page_class_init (PsReadinessPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ps_readiness_page_dispose;
  object_class->finalize = ps_readiness_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pinscope/Pinscope/"
                                               "ps-readiness-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PsReadinessPage, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, PsReadinessPage, banner_box);
  gtk_widget_class_bind_template_child (widget_class, PsReadinessPage, banner_icon);
  gtk_widget_class_bind_template_child (widget_class, PsReadinessPage, banner_title);
  gtk_widget_class_bind_template_child (widget_class, PsReadinessPage, banner_detail);
  gtk_widget_class_bind_template_child (widget_class, PsReadinessPage, candidates_list);
  gtk_widget_class_bind_template_child (widget_class, PsReadinessPage, host_row);
  gtk_widget_class_bind_template_child (widget_class, PsReadinessPage, host_spinner);
  gtk_widget_class_bind_template_child (widget_class, PsReadinessPage, matrix_box);
  gtk_widget_class_bind_template_callback (widget_class, host_apply_cb);

  gtk_widget_class_install_action (widget_class, "readiness.add-file", NULL, add_file_action);
  gtk_widget_class_install_action (widget_class, "readiness.remove", "u", remove_action);
}

static void
ps_readiness_page_init (PsReadinessPage *self)
{
  self->own_labels = g_ptr_array_new_with_free_func (g_free);
  self->own_chains = g_ptr_array_new_with_free_func (g_object_unref);
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->kinds = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_placeholder (self->candidates_list,
                                ps_list_placeholder_new (_("No chain is open: open a chain file or "
                                                   "inspect a host, or add one below")));
  ps_readiness_page_update (self);
}
