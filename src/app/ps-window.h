/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ps-application.h"

G_BEGIN_DECLS

#define PS_TYPE_WINDOW (ps_window_get_type ())

G_DECLARE_FINAL_TYPE (PsWindow, ps_window, PS, WINDOW, AdwApplicationWindow)

PsWindow   *ps_window_new               (PsApplication *application);
void        ps_window_open_file         (PsWindow      *self,
                                         GFile         *file);
void        ps_window_inspect_host      (PsWindow      *self,
                                         const char    *host);
void        ps_window_open_demo         (PsWindow      *self);
GtkWidget  *ps_window_new_pinset        (PsWindow      *self);
void        ps_window_show_toast        (PsWindow      *self,
                                         const char    *title);

/* The open items (chain views and pinset editors), as the sidebar shows them. */
GtkSelectionModel *ps_window_get_items  (PsWindow      *self);
GtkWidget  *ps_window_get_visible_item  (PsWindow      *self);
void        ps_window_set_visible_item  (PsWindow      *self,
                                         GtkWidget     *item);
GtkWidget  *ps_window_get_host_bar      (PsWindow      *self);

G_END_DECLS
