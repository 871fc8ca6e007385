/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-app-resources.h"
#include "ps-chain-view.h"
#include "ps-endpoints-page.h"
#include "ps-host-bar.h"
#include "ps-pinset-editor.h"
#include "ps-widget-work.h"
#include "ps-window-private.h"


G_DEFINE_FINAL_TYPE (PsWindow, ps_window, ADW_TYPE_APPLICATION_WINDOW)

static void ps_window_refresh_pinned (PsWindow *self);
static void visible_item_changed_cb (PsWindow *self);

PsWindow *
ps_window_new (PsApplication *application)
{
  return g_object_new (PS_TYPE_WINDOW,
                       "application", application,
                       "settings", ps_application_get_settings (application),
                       NULL);
}

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
ps_window_show_toast (PsWindow   *self,
                      const char *title)
{
  g_return_if_fail (PS_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

GtkSelectionModel *
ps_window_get_items (PsWindow *self)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

GtkWidget *
ps_window_get_visible_item (PsWindow *self)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child (self->item_stack);
}

void
ps_window_set_visible_item (PsWindow  *self,
                            GtkWidget *item)
{
  g_return_if_fail (PS_IS_WINDOW (self));

  gtk_stack_set_visible_child (self->item_stack, item);
}

GtkWidget *
ps_window_get_host_bar (PsWindow *self)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->host_bar);
}

/* Chain views and pinset editors show pins in the notation chosen in Preferences. */
static void
bind_notation (PsWindow  *self,
               GtkWidget *item)
{
  if (self->settings != NULL)
    g_settings_bind (self->settings, "notation", item, "notation", G_SETTINGS_BIND_GET);
}

/* Items */

static void
add_item_full (PsWindow   *self,
               GtkWidget  *item,
               const char *title,
               const char *icon_name,
               gboolean    show)
{
  GtkStackPage *page;

  page = gtk_stack_add_child (self->item_stack, item);
  gtk_stack_page_set_title (page, title);
  gtk_stack_page_set_icon_name (page, icon_name);

  if (PS_IS_PINSET_EDITOR (item))
    g_object_bind_property (item, "title", page, "title", G_BINDING_SYNC_CREATE);

  g_list_store_append (self->items, page);
  if (show)
    gtk_stack_set_visible_child (self->item_stack, item);
  /* The first page becomes visible as it is added, before it has a title. */
  visible_item_changed_cb (self);
}

void
_ps_window_add_item (PsWindow   *self,
                     GtkWidget  *item,
                     const char *title,
                     const char *icon_name)
{
  add_item_full (self, item, title, icon_name, TRUE);
}

void
_ps_window_remove_item (PsWindow  *self,
                        GtkWidget *item)
{
  if (PS_IS_CHAIN_VIEW (item))
    {
      PsChain *chain = ps_chain_view_get_chain (PS_CHAIN_VIEW (item));
      guint position;

      if (chain != NULL && g_list_store_find (self->chains, chain, &position))
        g_list_store_remove (self->chains, position);
    }

  if (item == self->last_editor)
    g_clear_weak_pointer (&self->last_editor);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->items)); i++)
    {
      g_autoptr(GObject) page = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      guint n;

      if (gtk_stack_page_get_child (GTK_STACK_PAGE (page)) != item)
        continue;

      g_list_store_remove (self->items, i);
      /* Closing the page one sees shows its neighbour in the sidebar (the next one, else
       * the one before), as closing a tab does, rather than no page at all. */
      n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
      if (gtk_stack_get_visible_child (self->item_stack) == item && n > 0)
        {
          g_autoptr(GObject) next = g_list_model_get_item (G_LIST_MODEL (self->items),
                                                           MIN (i, n - 1));

          gtk_stack_set_visible_child (self->item_stack,
                                       gtk_stack_page_get_child (GTK_STACK_PAGE (next)));
        }
      break;
    }

  gtk_stack_remove (self->item_stack, item);

  /* The chain cards no longer count the pins of a closed pinset. */
  ps_window_refresh_pinned (self);
}

static GtkWidget *
ps_window_find_host_view (PsWindow   *self,
                          const char *host)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->item_stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (PS_IS_CHAIN_VIEW (child) &&
          ps_chain_view_get_origin (PS_CHAIN_VIEW (child)) == PS_PIN_ORIGIN_HOST &&
          g_strcmp0 (ps_chain_view_get_origin_detail (PS_CHAIN_VIEW (child)), host) == 0)
        return child;
    }

  return NULL;
}

static void
ps_window_update_state (PsWindow *self)
{
  GtkWidget *visible = gtk_stack_get_visible_child (self->item_stack);
  gboolean is_pinset = PS_IS_PINSET_EDITOR (visible);
  gboolean has_items = visible != NULL;

  gtk_stack_set_visible_child_name (self->view_stack, has_items ? "items" : "empty");
  /* The Endpoints page has its own entry for hosts: one entry on screen is enough. */
  gtk_widget_set_visible (GTK_WIDGET (self->host_bar), !PS_IS_ENDPOINTS_PAGE (visible));
  gtk_widget_set_visible (self->sidebar, has_items);
  gtk_widget_set_visible (self->sidebar_separator, has_items);

  if (visible != NULL)
    {
      GtkStackPage *page = gtk_stack_get_page (self->item_stack, visible);

      /* The page's title follows the editor's through a binding that may not have run yet. */
      if (is_pinset)
        adw_window_title_set_title (self->content_title,
                                    ps_pinset_editor_get_title (PS_PINSET_EDITOR (visible)));
      else
        adw_window_title_set_title (self->content_title, gtk_stack_page_get_title (page));
      if (PS_IS_CHAIN_VIEW (visible))
        adw_window_title_set_subtitle (self->content_title,
                                       ps_chain_view_get_origin (PS_CHAIN_VIEW (visible))
                                       == PS_PIN_ORIGIN_HOST ? _("Host") : _("File"));
      else
        adw_window_title_set_subtitle (self->content_title, _ps_window_item_kind (visible));
    }
  else
    {
      adw_window_title_set_title (self->content_title, _("Pinscope"));
      adw_window_title_set_subtitle (self->content_title, NULL);
    }

  /* "Add to Pinset" on the chain cards now adds to this pinset: they show what it holds. */
  if (is_pinset && visible != self->last_editor)
    {
      g_set_weak_pointer (&self->last_editor, visible);
      ps_window_refresh_pinned (self);
    }

  /* Folded to a narrow window, the title needs the room: Save stays in the main menu. */
  gtk_widget_set_visible (self->save_button,
                          is_pinset && !adw_leaflet_get_folded (self->leaflet));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->content_title),
                               adw_window_title_get_title (self->content_title));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", is_pinset);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", is_pinset);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", is_pinset);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-item", has_items);
}

static void
item_title_changed_cb (PsWindow *self)
{
  ps_window_update_state (self);
}

static void
visible_item_changed_cb (PsWindow *self)
{
  GtkWidget *visible = gtk_stack_get_visible_child (self->item_stack);
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0;
       visible != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->items));
       i++)
    {
      g_autoptr(GObject) page = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (gtk_stack_page_get_child (GTK_STACK_PAGE (page)) == visible)
        position = i;
    }
  if (gtk_single_selection_get_selected (self->selection) != position)
    gtk_single_selection_set_selected (self->selection, position);

  ps_window_update_state (self);

  if (gtk_stack_get_visible_child (self->item_stack) != NULL)
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
selection_changed_cb (PsWindow *self)
{
  GtkStackPage *page = gtk_single_selection_get_selected_item (self->selection);

  if (page != NULL &&
      gtk_stack_get_visible_child (self->item_stack) != gtk_stack_page_get_child (page))
    gtk_stack_set_visible_child (self->item_stack, gtk_stack_page_get_child (page));
}

static void
sidebar_activate_cb (PsWindow *self,
                     guint     position)
{
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
back_clicked_cb (PsWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Once a host is typed, the host bar's Inspect is the suggested action: the empty state's
 * "Inspect a Host" (which only focuses the entry) steps back, so one screen has one. */
static void
host_entry_changed_cb (PsWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (ps_host_bar_get_entry (self->host_bar)));

  if (text != NULL && *text != '\0')
    gtk_widget_remove_css_class (self->inspect_host_button, "suggested-action");
  else
    gtk_widget_add_css_class (self->inspect_host_button, "suggested-action");
}

static void
leaflet_child_changed_cb (PsWindow *self)
{
  /* Folded, the sidebar is a list to pick from: with nothing selected, a click on the
   * item shown before still navigates to it. */
  if (adw_leaflet_get_folded (self->leaflet) &&
      adw_leaflet_get_visible_child (self->leaflet) == self->sidebar)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

static void
folded_changed_cb (PsWindow *self)
{
  if (!adw_leaflet_get_folded (self->leaflet))
    visible_item_changed_cb (self);
  ps_window_update_state (self);

  gtk_widget_set_visible (self->back_button,
                          adw_leaflet_get_folded (self->leaflet) &&
                          gtk_widget_get_visible (self->sidebar));
}

/* Chains */

static void
chain_view_add_to_pinset_cb (PsWindow      *self,
                             PsCertificate *certificate,
                             int            depth,
                             PsChainView   *view)
{
  GtkWidget *editor = self->last_editor;
  PsChain *chain = ps_chain_view_get_chain (view);
  const char *domain = chain != NULL ? ps_chain_get_hostname (chain) : NULL;

  /* A chain read from a file has no host name: the leaf's first name stands in, so that
   * the new rule covers the chain it came from. */
  if (domain == NULL && chain != NULL && ps_chain_get_n_certificates (chain) > 0)
    {
      const char * const *sans = ps_certificate_get_sans (ps_chain_get_certificate (chain, 0));

      if (sans != NULL && sans[0] != NULL)
        domain = sans[0];
    }
  g_autofree char *message = NULL;
  gboolean added;

  if (editor == NULL)
    {
      editor = ps_window_new_pinset (self);
      gtk_stack_set_visible_child (self->item_stack, GTK_WIDGET (view));
    }

  added = ps_pinset_editor_add_certificate (PS_PINSET_EDITOR (editor), certificate,
                                            ps_chain_view_get_origin (view),
                                            ps_chain_view_get_origin_detail (view),
                                            depth, domain);
  if (added)
    /* Translators: %s is the name of a pinset. */
    message = g_strdup_printf (_("Pin added to “%s”"),
                               ps_pinset_get_name (
                                 ps_pinset_editor_get_pinset (PS_PINSET_EDITOR (editor))));
  else
    message = g_strdup (_("This pin is already in the pinset"));

  ps_window_show_toast (self, message);
}

static void
chain_view_add_material_cb (PsWindow    *self,
                            PsMaterial  *material,
                            PsChainView *view)
{
  GtkWidget *editor = self->last_editor;
  g_autofree char *message = NULL;

  if (editor == NULL)
    {
      editor = ps_window_new_pinset (self);
      gtk_stack_set_visible_child (self->item_stack, GTK_WIDGET (view));
    }

  if (ps_pinset_editor_add_material (PS_PINSET_EDITOR (editor), material,
                                     ps_chain_view_get_origin_detail (view)))
    /* Translators: %s is the name of a pinset. */
    message = g_strdup_printf (_("Backup pin added to “%s”"),
                               ps_pinset_get_name (
                                 ps_pinset_editor_get_pinset (PS_PINSET_EDITOR (editor))));
  else
    message = g_strdup (_("This pin is already in the pinset"));

  ps_window_show_toast (self, message);
}

PsChainView *
_ps_window_add_chain_view (PsWindow    *self,
                          PsChain     *chain,
                          PsPinOrigin  origin,
                          const char  *detail,
                          const char  *title)
{
  GtkWidget *view = ps_chain_view_new ();

  ps_chain_view_set_origin (PS_CHAIN_VIEW (view), origin, detail);
  bind_notation (self, view);
  ps_chain_view_set_chain (PS_CHAIN_VIEW (view), chain);
  g_signal_connect_object (view, "add-to-pinset",
                           G_CALLBACK (chain_view_add_to_pinset_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "add-material",
                           G_CALLBACK (chain_view_add_material_cb), self,
                           G_CONNECT_SWAPPED);

  if (chain != NULL)
    g_list_store_append (self->chains, chain);

  _ps_window_add_item (self, view, title,
                       origin == PS_PIN_ORIGIN_HOST ? "network-server-symbolic"
                                                    : "application-certificate-symbolic");
  ps_window_refresh_pinned (self);

  return PS_CHAIN_VIEW (view);
}

static void
host_bar_chain_loaded_cb (PsWindow   *self,
                          PsChain    *chain,
                          const char *host,
                          const char *trust_store)
{
  GtkWidget *view = ps_window_find_host_view (self, host);
  PsChainView *chain_view;

  if (view != NULL)
    _ps_window_remove_item (self, view);

  chain_view = _ps_window_add_chain_view (self, chain, PS_PIN_ORIGIN_HOST, host, host);
  ps_chain_view_set_trust_store (chain_view, trust_store);
}

void
ps_window_inspect_host (PsWindow   *self,
                        const char *host)
{
  g_return_if_fail (PS_IS_WINDOW (self));
  g_return_if_fail (host != NULL);

  ps_host_bar_inspect (self->host_bar, host);
}

/* Pinsets */

static void
ps_window_refresh_pinned (PsWindow *self)
{
  g_autoptr(GHashTable) pins = g_hash_table_new (ps_pin_hash, ps_pin_equal);
  g_autoptr(GHashTable) target = g_hash_table_new (ps_pin_hash, ps_pin_equal);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->item_stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      PsPinset *pinset;
      GListModel *rules;

      if (!PS_IS_PINSET_EDITOR (child))
        continue;

      pinset = ps_pinset_editor_get_pinset (PS_PINSET_EDITOR (child));
      rules = ps_pinset_get_rules (pinset);
      for (guint i = 0; i < g_list_model_get_n_items (rules); i++)
        {
          g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, i);
          GListModel *rule_pins = ps_pinset_rule_get_pins (rule);

          for (guint j = 0; j < g_list_model_get_n_items (rule_pins); j++)
            {
              g_autoptr(PsPinsetPin) pin = g_list_model_get_item (rule_pins, j);

              /* An unparsed entry pins no key. */
              if (ps_pinset_pin_get_pin (pin) == NULL)
                continue;
              g_hash_table_add (pins, (gpointer) ps_pinset_pin_get_pin (pin));
              /* A pin of unknown role stays addable: adding it from the chain sets its role
               * (ps_pinset_editor_add_certificate()). */
              if (child == self->last_editor &&
                  ps_pinset_pin_get_role (pin) != PS_PIN_ROLE_UNKNOWN)
                g_hash_table_add (target, (gpointer) ps_pinset_pin_get_pin (pin));
            }
        }
    }

  /* The pins stay alive while the views are updated: no pinset changes meanwhile. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->item_stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (PS_IS_CHAIN_VIEW (child))
        ps_chain_view_set_pinned (PS_CHAIN_VIEW (child), pins, target);
    }
}

GtkWidget *
_ps_window_add_pinset_full (PsWindow *self,
                           PsPinset *pinset,
                           GFile    *file,
                           gboolean  show)
{
  GtkWidget *editor = ps_pinset_editor_new (pinset, file);

  ps_pinset_editor_set_chains (PS_PINSET_EDITOR (editor), G_LIST_MODEL (self->chains));
  bind_notation (self, editor);
  g_signal_connect_object (pinset, "changed", G_CALLBACK (ps_window_refresh_pinned), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "notify::title", G_CALLBACK (item_title_changed_cb), self,
                           G_CONNECT_SWAPPED);
  add_item_full (self, editor, ps_pinset_editor_get_title (PS_PINSET_EDITOR (editor)),
                 "view-pin-symbolic", show);
  g_set_weak_pointer (&self->last_editor, editor);
  ps_window_refresh_pinned (self);

  return editor;
}

GtkWidget *
_ps_window_add_pinset (PsWindow *self,
                      PsPinset *pinset,
                      GFile    *file)
{
  return _ps_window_add_pinset_full (self, pinset, file, TRUE);
}

GtkWidget *
ps_window_new_pinset (PsWindow *self)
{
  g_autoptr(PsPinset) pinset = NULL;

  g_return_val_if_fail (PS_IS_WINDOW (self), NULL);

  pinset = ps_pinset_new (_("New Pinset"));

  return _ps_window_add_pinset (self, pinset, NULL);
}

/* Other actions */

static void
ps_window_focus_host_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  PsWindow *self = PS_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->content);
  ps_host_bar_focus (self->host_bar);
}

static void
ps_window_open_demo_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  ps_window_open_demo (PS_WINDOW (widget));
}

static void
ps_window_new_pinset_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  ps_window_new_pinset (PS_WINDOW (widget));
}

static void
ps_window_export_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  PsWindow *self = PS_WINDOW (widget);
  GtkWidget *visible = gtk_stack_get_visible_child (self->item_stack);

  if (PS_IS_PINSET_EDITOR (visible))
    ps_pinset_editor_show_page (PS_PINSET_EDITOR (visible), "export");
}

static void
ps_window_show_toast_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  ps_window_show_toast (PS_WINDOW (widget), g_variant_get_string (param, NULL));
}

static gboolean
ps_window_close_request (GtkWindow *window)
{
  PsWindow *self = PS_WINDOW (window);

  if (_ps_window_guard_close (self))
    return TRUE;

  ps_widget_cancel_work (GTK_WIDGET (self));
  ps_host_bar_cancel (self->host_bar);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (ps_window_parent_class)->close_request (window);
}

static void
ps_window_constructed (GObject *object)
{
  PsWindow *self = PS_WINDOW (object);

  G_OBJECT_CLASS (ps_window_parent_class)->constructed (object);

  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  ps_host_bar_set_settings (self->host_bar, self->settings);
}

static void
ps_window_dispose (GObject *object)
{
  PsWindow *self = PS_WINDOW (object);

  g_clear_weak_pointer (&self->last_editor);

  if (self->sidebar_list != NULL)
    gtk_list_view_set_model (self->sidebar_list, NULL);
  if (self->items != NULL)
    g_list_store_remove_all (self->items);
  gtk_widget_dispose_template (GTK_WIDGET (self), PS_TYPE_WINDOW);

  g_clear_object (&self->selection);
  g_clear_object (&self->items);

  g_clear_object (&self->chains);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ps_window_parent_class)->dispose (object);
}

static void
ps_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PsWindow *self = PS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PsWindow *self = PS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_window_class_init (PsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  /* The resources live in a static library: referencing them keeps them linked in. */
  g_resources_register (ps_app_get_resource ());

  object_class->constructed = ps_window_constructed;
  object_class->dispose = ps_window_dispose;
  object_class->set_property = ps_window_set_property;
  object_class->get_property = ps_window_get_property;

  window_class->close_request = ps_window_close_request;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PS_TYPE_HOST_BAR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pinscope/Pinscope/ps-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, sidebar_separator);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, content);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, inspect_host_button);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, host_bar);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, load_revealer);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, load_label);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, load_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, item_stack);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, host_bar_chain_loaded_cb);

  gtk_widget_class_install_action (widget_class, "win.focus-host", NULL,
                                   ps_window_focus_host_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, _ps_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL,
                                   ps_window_open_demo_action);
  gtk_widget_class_install_action (widget_class, "win.new-pinset", NULL,
                                   ps_window_new_pinset_action);
  gtk_widget_class_install_action (widget_class, "win.endpoints", NULL,
                                   _ps_window_endpoints_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, _ps_window_save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, _ps_window_save_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, ps_window_export_action);
  gtk_widget_class_install_action (widget_class, "win.close-item", NULL,
                                   _ps_window_close_item_action);
  gtk_widget_class_install_action (widget_class, "win.show-toast", "s",
                                   ps_window_show_toast_action);
  _ps_window_builds_class_init (widget_class);
}

static void
ps_window_init (PsWindow *self)
{
  GtkDropTarget *drop;

  self->chains = g_list_store_new (PS_TYPE_CHAIN);

  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->items = g_list_store_new (GTK_TYPE_STACK_PAGE);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->items)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->sidebar_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->item_stack, "notify::visible-child",
                           G_CALLBACK (visible_item_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::folded",
                           G_CALLBACK (folded_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::visible-child",
                           G_CALLBACK (leaflet_child_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "notify::visible",
                           G_CALLBACK (folded_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (ps_host_bar_get_entry (self->host_bar), "changed",
                           G_CALLBACK (host_entry_changed_cb), self, G_CONNECT_SWAPPED);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (_ps_window_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  ps_window_update_state (self);
}
