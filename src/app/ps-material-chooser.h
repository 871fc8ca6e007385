/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Asks for a file of certificates, keys or CSRs with the native (portal) chooser, then
 * reads it with ps_material_load_file_async(). @callback gets that call's result and a new
 * reference to @widget as its user data, which it owns. Nothing happens when the user
 * cancels. */
void ps_material_chooser_open (GtkWidget           *widget,
                               const char          *title,
                               const char          *accept_label,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback);

G_END_DECLS
