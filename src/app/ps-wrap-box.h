/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PS_TYPE_WRAP_BOX (ps_wrap_box_get_type ())

G_DECLARE_FINAL_TYPE (PsWrapBox, ps_wrap_box, PS, WRAP_BOX, GtkWidget)

GtkWidget *ps_wrap_box_new        (void);
void       ps_wrap_box_append     (PsWrapBox *self,
                                   GtkWidget *child);
void       ps_wrap_box_remove_all (PsWrapBox *self);

G_END_DECLS
