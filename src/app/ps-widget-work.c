/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ps-widget-work.h"

static GQuark
work_quark (void)
{
  return g_quark_from_static_string ("ps-widget-work");
}

static void
cancel_and_unref (gpointer data)
{
  g_cancellable_cancel (data);
  g_object_unref (data);
}

static void
root_changed_cb (GtkWidget *widget)
{
  if (gtk_widget_get_root (widget) == NULL)
    ps_widget_cancel_work (widget);
}

GCancellable *
ps_widget_get_cancellable (GtkWidget *widget)
{
  GCancellable *cancellable;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  cancellable = g_object_get_qdata (G_OBJECT (widget), work_quark ());
  if (cancellable != NULL)
    return cancellable;

  cancellable = g_cancellable_new ();
  g_object_set_qdata_full (G_OBJECT (widget), work_quark (), cancellable, cancel_and_unref);
  /* A window is its own root: it leaves the screen when it is unrealized. */
  if (GTK_IS_ROOT (widget))
    g_signal_connect (widget, "unrealize", G_CALLBACK (ps_widget_cancel_work), NULL);
  else
    g_signal_connect (widget, "notify::root", G_CALLBACK (root_changed_cb), NULL);
  g_signal_connect (widget, "destroy", G_CALLBACK (ps_widget_cancel_work), NULL);

  return cancellable;
}

void
ps_widget_cancel_work (GtkWidget *widget)
{
  GCancellable *cancellable;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  cancellable = g_object_get_qdata (G_OBJECT (widget), work_quark ());
  if (cancellable == NULL)
    return;

  /* Replacing the data runs cancel_and_unref on the old one. */
  g_object_set_qdata_full (G_OBJECT (widget), work_quark (), g_cancellable_new (),
                           cancel_and_unref);
}
