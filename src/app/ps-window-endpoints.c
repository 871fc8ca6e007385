/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's side of the Endpoints page: opening it, and opening the chains it shows. */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-endpoints-page.h"
#include "ps-window-private.h"

/* An endpoint's chain opens as a host's chain does; opened once, it is shown again. */
static void
endpoints_open_chain_cb (PsWindow   *self,
                         PsChain    *chain,
                         const char *host,
                         const char *title,
                         const char *trust_store)
{
  PsChainView *view;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->item_stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (PS_IS_CHAIN_VIEW (child) && ps_chain_view_get_chain (PS_CHAIN_VIEW (child)) == chain)
        {
          gtk_stack_set_visible_child (self->item_stack, child);
          return;
        }
    }

  view = _ps_window_add_chain_view (self, chain, PS_PIN_ORIGIN_HOST, host, title);
  ps_chain_view_set_trust_store (view, trust_store);
}

/* The pinset last worked on is the one whose domains and pins the page uses: it follows
 * each time the page is shown. */
static void
endpoints_follow_pinset_cb (PsWindow *self)
{
  GtkWidget *visible = gtk_stack_get_visible_child (self->item_stack);

  if (PS_IS_ENDPOINTS_PAGE (visible) && self->last_editor != NULL)
    ps_endpoints_page_set_pinset (PS_ENDPOINTS_PAGE (visible),
                                  ps_pinset_editor_get_pinset (
                                    PS_PINSET_EDITOR (self->last_editor)));
}

void
_ps_window_endpoints_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  PsWindow *self = PS_WINDOW (widget);
  GtkWidget *page = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->item_stack));
       child != NULL && page == NULL;
       child = gtk_widget_get_next_sibling (child))
    if (PS_IS_ENDPOINTS_PAGE (child))
      page = child;

  if (page == NULL)
    {
      page = ps_endpoints_page_new ();
      ps_endpoints_page_set_settings (PS_ENDPOINTS_PAGE (page), self->settings);
      if (self->settings != NULL)
        g_settings_bind (self->settings, "notation", page, "notation", G_SETTINGS_BIND_GET);
      g_signal_connect_object (page, "open-chain", G_CALLBACK (endpoints_open_chain_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->item_stack, "notify::visible-child",
                               G_CALLBACK (endpoints_follow_pinset_cb), self,
                               G_CONNECT_SWAPPED);
      _ps_window_add_item (self, page, _("Endpoints"), "network-workgroup-symbolic");
    }

  gtk_stack_set_visible_child (self->item_stack, page);
  endpoints_follow_pinset_cb (self);
}
