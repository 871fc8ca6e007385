/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by ps-window.c (layout, items, actions) and ps-window-files.c (opening, importing
 * and saving files). */
#pragma once

#include "ps-build.h"
#include "ps-chain-view.h"
#include "ps-host-bar.h"
#include "ps-pinset-editor.h"
#include "ps-window.h"

G_BEGIN_DECLS

struct _PsWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  /* Cancelled when the window closes: every file or network task of the window uses it. */
  /* The chains open in this window (PsChain), for the pinsets' compare views. */
  GListStore           *chains;
  /* The pinset editor that "Add to pinset" adds to (weak). */
  GtkWidget            *last_editor;
  /* The open items as GtkStackPages, in the sidebar's order. GTK 4.8's own pages model
   * trips an assertion of GtkListView when pages go, so the window keeps its own. */
  GListStore           *items;
  GtkSingleSelection   *selection;
  gboolean              close_confirmed;

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *sidebar_separator;
  GtkListView          *sidebar_list;
  GtkWidget            *content;
  AdwWindowTitle       *content_title;
  GtkWidget            *back_button;
  GtkWidget            *save_button;
  GtkWidget            *inspect_host_button;
  PsHostBar            *host_bar;
  GtkRevealer          *load_revealer;
  GtkLabel             *load_label;
  GtkButton            *load_cancel_button;
  GtkStack             *view_stack;
  GtkStack             *item_stack;
};

void         _ps_window_add_item       (PsWindow       *self,
                                        GtkWidget      *item,
                                        const char     *title,
                                        const char     *icon_name);
void         _ps_window_remove_item    (PsWindow       *self,
                                        GtkWidget      *item);
/* ps-window-close.c: the unsaved-changes guard. TRUE when closing must wait for an answer. */
gboolean     _ps_window_guard_close    (PsWindow       *self);
void         _ps_window_close_item_action (GtkWidget   *widget,
                                        const char     *action_name,
                                        GVariant       *param);
void         _ps_window_endpoints_action (GtkWidget    *widget,
                                        const char     *action_name,
                                        GVariant       *param);
PsChainView *_ps_window_add_chain_view (PsWindow       *self,
                                        PsChain        *chain,
                                        PsPinOrigin     origin,
                                        const char     *detail,
                                        const char     *title);
GtkWidget   *_ps_window_add_pinset     (PsWindow       *self,
                                        PsPinset       *pinset,
                                        GFile          *file);
/* The same; unless @show, the pinset joins the sidebar behind the page one sees. */
GtkWidget   *_ps_window_add_pinset_full (PsWindow      *self,
                                        PsPinset       *pinset,
                                        GFile          *file,
                                        gboolean        show);
void         _ps_window_open_action    (GtkWidget      *widget,
                                        const char     *action_name,
                                        GVariant       *param);
void         _ps_window_save_action    (GtkWidget      *widget,
                                        const char     *action_name,
                                        GVariant       *param);
void         _ps_window_save_editor    (PsWindow       *self,
                                        PsPinsetEditor *editor,
                                        gboolean        save_as);
gboolean     _ps_window_drop_cb        (GtkDropTarget  *target,
                                        const GValue   *value,
                                        double          x,
                                        double          y,
                                        PsWindow       *self);

/* ps-window-builds.c: Build pages and the Release Readiness page. */
GtkWidget   *_ps_window_add_build      (PsWindow       *self,
                                        PsBuild        *build,
                                        GFile          *file);
GtkWidget   *_ps_window_show_readiness (PsWindow       *self);
const char  *_ps_window_item_kind      (GtkWidget      *item);
void         _ps_window_builds_class_init (GtkWidgetClass *widget_class);

G_END_DECLS
