/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PS_TYPE_PIN_ROW (ps_pin_row_get_type ())

G_DECLARE_FINAL_TYPE (PsPinRow, ps_pin_row, PS, PIN_ROW, GtkWidget)

GtkWidget *ps_pin_row_new        (void);
/* Whether the buttons sit below the pin (the row was too narrow for both on one line). */
gboolean   ps_pin_row_get_folded (PsPinRow *self);

G_END_DECLS
