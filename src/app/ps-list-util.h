/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Removes every row of @list (gtk_list_box_remove_all() is GTK 4.12); the placeholder
 * stays. */
void       ps_list_box_remove_all  (GtkListBox *list);
/* A dim, wrapping label that says why a boxed list has no rows. */
GtkWidget *ps_list_placeholder_new (const char *text);

G_END_DECLS
