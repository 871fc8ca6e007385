/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-material-chooser.h"
#include "ps-material.h"

typedef struct
{
  GtkWidget *widget;
  GCancellable *cancellable;
  GAsyncReadyCallback callback;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->widget);
  g_clear_object (&request->cancellable);
  g_free (request);
}

static void
response_cb (GtkNativeDialog *dialog,
             int              response,
             gpointer         user_data)
{
  Request *request = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      ps_material_load_file_async (file, request->cancellable, request->callback,
                                   g_steal_pointer (&request->widget));
    }

  request_free (request);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

void
ps_material_chooser_open (GtkWidget           *widget,
                          const char          *title,
                          const char          *accept_label,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback)
{
  GtkRoot *root;
  GtkFileChooserNative *native;
  Request *request;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (callback != NULL);

  root = gtk_widget_get_root (widget);
  native = gtk_file_chooser_native_new (title,
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        accept_label, _("_Cancel"));

  request = g_new0 (Request, 1);
  request->widget = g_object_ref (widget);
  request->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  request->callback = callback;

  g_signal_connect (native, "response", G_CALLBACK (response_cb), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
