/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Work a widget starts (reading files, probing hosts) holds a reference to it, so its
 * dispose would come too late to stop that work. The work takes this cancellable instead: it
 * is cancelled, and replaced by a fresh one, as soon as the widget leaves its window (unroot;
 * for a window, unrealize) and when the widget is destroyed. */
GCancellable *ps_widget_get_cancellable (GtkWidget *widget);
/* Cancels the widget's work now, as leaving the window does. */
void          ps_widget_cancel_work     (GtkWidget *widget);

G_END_DECLS
