/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-build-page.h"
#include "ps-error.h"
#include "ps-format.h"
#include "ps-io.h"
#include "ps-material.h"
#include "ps-widget-work.h"
#include "ps-window-private.h"

/* Files */

/* The demo's chain and pinset are read at once. Whichever is read first waits for the
 * other, so that both land in the same frame and in the same order every time: the chain
 * first in the sidebar and the page one sees, the pinset joining behind it with no page
 * transition. */
typedef struct _OpenData OpenData;

typedef struct
{
  PsWindow     *self;
  GFile        *pinset_file;
  PsPinset     *pinset;
  GError       *pinset_error;
  gboolean      pinset_done;
  gboolean      chain_done;
  gboolean      chain_shown;
  /* The chain, read before the pinset, waiting for it. */
  OpenData     *chain_data;
  GAsyncResult *chain_result;
} DemoData;

static void
demo_data_clear (DemoData *demo)
{
  /* A GTask always calls back: a waiting chain was shown when the pinset came. */
  g_assert (demo->chain_data == NULL && demo->chain_result == NULL);
  g_clear_object (&demo->self);
  g_clear_object (&demo->pinset_file);
  g_clear_object (&demo->pinset);
  g_clear_error (&demo->pinset_error);
}

static void
demo_data_unref (DemoData *demo)
{
  g_rc_box_release_full (demo, (GDestroyNotify) demo_data_clear);
}

struct _OpenData
{
  PsWindow *self;
  GFile    *file;
  /* A CA file to verify the chain against instead of the system store (the demo's root). */
  GFile    *anchors;
  /* When this is the demo's chain, the demo it belongs to. */
  DemoData *demo;
  /* While a file of certificates is read (ps_window_load_materials). */
  GTask        *load_task;
  guint         progress_id;
  gboolean      shown;
  GCancellable *window_cancellable;
  gulong        cancel_id;
};

static void
open_data_free (OpenData *data)
{
  g_assert (data->progress_id == 0 && data->cancel_id == 0);
  g_clear_object (&data->self);
  g_clear_object (&data->file);
  g_clear_object (&data->anchors);
  g_clear_pointer (&data->demo, demo_data_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenData, open_data_free)

static void
ps_window_show_open_error (PsWindow   *self,
                           GFile      *file,
                           const GError *error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Errors about the file itself already name it ("Cannot open “x”: No such file…"). */
  if (name != NULL && strstr (error->message, name) != NULL)
    message = g_strdup (error->message);
  else
    /* Translators: %s is a file name, then the reason it could not be opened. */
    message = g_strdup_printf (_("Could not open “%s”: %s"), name, error->message);
  ps_window_show_toast (self, message);
}

static void
import_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(OpenData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPinset) pinset = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *contents;
  gsize length = 0;

  bytes = ps_io_read_file_bounded_finish (G_FILE (source), result, &error);
  if (bytes == NULL)
    {
      ps_window_show_open_error (data->self, data->file, error);
      return;
    }
  contents = g_bytes_get_data (bytes, &length);
  if (contents == NULL)
    contents = "";

  /* Any format of the registry that can be read back becomes a (new, unsaved) pinset. */
  pinset = ps_format_import (NULL, contents, length, NULL, &error);
  if (pinset == NULL)
    {
      g_autoptr(GError) nothing = g_error_new_literal (PS_ERROR, PS_ERROR_NOTHING_FOUND,
                                                       _("No certificate, key, CSR or pinset "
                                                         "could be read from it"));
      ps_window_show_open_error (data->self, data->file,
                                 g_error_matches (error, PS_ERROR, PS_ERROR_UNSUPPORTED)
                                 ? nothing : error);
      return;
    }

  if (ps_pinset_get_name (pinset) == NULL || *ps_pinset_get_name (pinset) == '\0')
    {
      g_autofree char *name = g_file_get_basename (data->file);

      ps_pinset_set_name (pinset, name);
    }

  _ps_window_add_pinset (data->self, pinset, NULL);
}

/* When a file is neither key material nor a native pinset, it may be an exported
 * configuration (Android, OkHttp, TrustKit...): try the formats registry. */
static void
ps_window_try_import (OpenData *data)
{
  /* Configurations are a few KB: the same cap as the command line's, on the bytes read. */
  ps_io_read_file_bounded_async (data->file, PS_IO_MAX_CONFIGURATION,
                                 ps_widget_get_cancellable (GTK_WIDGET (data->self)),
                                 import_loaded_cb, data);
}

static void
pinset_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(OpenData) data = user_data;
  g_autoptr(PsPinset) pinset = NULL;
  g_autoptr(GError) error = NULL;

  pinset = ps_pinset_load_finish (result, &error);
  if (pinset == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (error, PS_ERROR, PS_ERROR_NEWER_VERSION) ||
          error->domain == G_IO_ERROR)
        ps_window_show_open_error (data->self, data->file, error);
      else
        ps_window_try_import (g_steal_pointer (&data));
      return;
    }

  _ps_window_add_pinset (data->self, pinset, data->file);
}

static void
demo_finish (DemoData *demo)
{
  if (!demo->pinset_done || !demo->chain_done)
    return;
  /* The window is going away. */
  if (g_cancellable_is_cancelled (ps_widget_get_cancellable (GTK_WIDGET (demo->self))))
    return;

  /* A copy: saving it asks where, never over the bundled file. */
  if (demo->pinset != NULL)
    _ps_window_add_pinset_full (demo->self, demo->pinset, NULL, !demo->chain_shown);
  else
    ps_window_show_open_error (demo->self, demo->pinset_file, demo->pinset_error);
}

static gboolean materials_loaded (OpenData     *owned,
                                  GAsyncResult *result);

static void
demo_pinset_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  DemoData *demo = user_data;

  demo->pinset = ps_pinset_load_finish (result, &demo->pinset_error);
  demo->pinset_done = TRUE;
  if (demo->chain_data != NULL)
    {
      g_autoptr(GAsyncResult) chain_result = g_steal_pointer (&demo->chain_result);

      demo->chain_shown = materials_loaded (g_steal_pointer (&demo->chain_data), chain_result);
    }
  demo_finish (demo);
  demo_data_unref (demo);
}

/* Reading a file and building its chain run in a thread: a CA bundle of thousands of
 * certificates takes seconds, during which the window keeps answering, says how far it is
 * and offers Cancel. */
typedef struct
{
  GFile        *file;
  GFile        *anchors;
  GCancellable *cancellable;
  /* Progress, read by the main thread while the thread writes it. */
  guint         n_read;
  gboolean      building;
  /* Results. */
  GPtrArray    *certificates;
  GPtrArray    *others;
  PsTrustStore *store;
  GError       *anchors_error;
  PsChain      *chain;
  /* An APK or IPA (a zip archive) is read as a build, never as certificates. */
  gboolean      is_build;
  PsBuild      *build;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->file);
  g_clear_object (&data->anchors);
  g_clear_object (&data->cancellable);
  g_clear_pointer (&data->certificates, g_ptr_array_unref);
  g_clear_pointer (&data->others, g_ptr_array_unref);
  g_clear_object (&data->store);
  g_clear_error (&data->anchors_error);
  g_clear_object (&data->chain);
  g_clear_object (&data->build);
  g_free (data);
}

static gboolean
collect_material_cb (PsMaterial *material,
                     guint       index,
                     gpointer    user_data)
{
  LoadData *data = user_data;
  PsCertificate *certificate = ps_material_get_certificate (material);

  if (certificate != NULL)
    g_ptr_array_add (data->certificates, g_object_ref (certificate));
  else
    g_ptr_array_add (data->others, g_object_ref (material));
  g_atomic_int_inc (&data->n_read);

  return !g_cancellable_is_cancelled (data->cancellable);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;

  if (ps_build_page_sniff_file (data->file, cancellable))
    {
      g_atomic_int_set (&data->is_build, TRUE);
      data->build = ps_build_page_read_file (data->file, cancellable, &error);
      if (data->build == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE);
      return;
    }

  if (ps_material_parse_file (data->file, collect_material_cb, data, NULL, &error) == 0)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  if (data->anchors != NULL)
    data->store = ps_trust_store_new_from_file (data->anchors, &data->anchors_error);

  g_atomic_int_set (&data->building, TRUE);
  if (data->certificates->len > 0)
    data->chain = ps_chain_new (data->certificates, data->store, NULL);
  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_boolean (task, TRUE);
}

/* After this long, a bar below the host bar says what is being read, with Cancel. */
#define PROGRESS_DELAY_MS 250

static gboolean
load_progress_cb (gpointer user_data)
{
  OpenData *open = user_data;
  LoadData *data = g_task_get_task_data (open->load_task);
  g_autofree char *name = g_file_get_basename (data->file);
  g_autofree char *title = NULL;
  guint n = g_atomic_int_get (&data->n_read);

  if (g_atomic_int_get (&data->is_build))
    /* Translators: %s is a file name. */
    title = g_strdup_printf (_("Reading the build “%s”…"), name);
  else if (g_atomic_int_get (&data->building))
    /* Translators: %u is a number of certificates. */
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Building the chain of %u certificate…",
                                          "Building the chain of %u certificates…",
                                          data->certificates->len),
                             data->certificates->len);
  else
    /* Translators: %s is a file name, %u the number of items read so far. */
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Reading “%s”: %u item…",
                                          "Reading “%s”: %u items…", n), name, n);

  /* The window is going away: its template children are gone. */
  if (open->self->load_label == NULL)
    return G_SOURCE_CONTINUE;

  /* The latest file read is the one shown, and the one Cancel stops. */
  if (!open->shown)
    {
      PsWindow *self = open->self;

      g_signal_handlers_disconnect_matched (self->load_cancel_button, G_SIGNAL_MATCH_FUNC, 0, 0,
                                            NULL, g_cancellable_cancel, NULL);
      g_signal_connect_swapped (self->load_cancel_button, "clicked",
                                G_CALLBACK (g_cancellable_cancel), data->cancellable);
      gtk_revealer_set_reveal_child (self->load_revealer, TRUE);
      open->shown = TRUE;
    }
  gtk_label_set_label (open->self->load_label, title);

  return G_SOURCE_CONTINUE;
}

static void
load_progress_stop (OpenData *open)
{
  LoadData *data = g_task_get_task_data (open->load_task);

  g_clear_handle_id (&open->progress_id, g_source_remove);
  if (open->self->load_cancel_button != NULL &&
      g_signal_handlers_disconnect_matched (open->self->load_cancel_button,
                                            G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0,
                                            NULL, g_cancellable_cancel, data->cancellable) > 0)
    gtk_revealer_set_reveal_child (open->self->load_revealer, FALSE);
  open->shown = FALSE;
}

/* Shows what was read, and says whether it did (not on an error, nor when the file is
 * tried as an exported configuration instead). */
static gboolean
materials_loaded (OpenData     *owned,
                  GAsyncResult *result)
{
  g_autoptr(OpenData) data = owned;
  g_autoptr(GError) error = NULL;
  LoadData *load = g_task_get_task_data (G_TASK (result));
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  PsChainView *view;

  load_progress_stop (data);
  g_cancellable_disconnect (data->window_cancellable, data->cancel_id);
  data->cancel_id = 0;
  g_clear_object (&data->window_cancellable);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (error->domain == PS_ERROR && !load->is_build)
        ps_window_try_import (g_steal_pointer (&data));
      else
        ps_window_show_open_error (data->self, data->file, error);
      return FALSE;
    }

  if (load->build != NULL)
    {
      _ps_window_add_build (data->self, load->build, data->file);
      return TRUE;
    }

  if (load->anchors_error != NULL)
    ps_window_show_open_error (data->self, data->anchors, load->anchors_error);

  name = g_file_get_basename (data->file);
  path = g_file_get_path (data->file);
  view = _ps_window_add_chain_view (data->self, load->chain, PS_PIN_ORIGIN_FILE,
                                   path != NULL ? path : name, name);
  if (load->store != NULL)
    {
      g_autofree char *anchors = g_file_get_basename (data->anchors);

      ps_chain_view_set_trust_store (view, anchors);
    }
  ps_chain_view_set_materials (view, load->others);

  return TRUE;
}

static void
materials_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  OpenData *data = user_data;
  DemoData *demo = g_steal_pointer (&data->demo);

  if (demo == NULL)
    {
      materials_loaded (data, result);
      return;
    }

  demo->chain_done = TRUE;
  if (demo->pinset_done)
    demo->chain_shown = materials_loaded (data, result);
  else
    {
      /* The pinset shows it when it comes (demo_pinset_loaded_cb). */
      demo->chain_data = data;
      demo->chain_result = g_object_ref (result);
    }
  demo_finish (demo);
  demo_data_unref (demo);
}

static void
cancel_load_cb (GCancellable *window_cancellable,
                GCancellable *load_cancellable)
{
  g_cancellable_cancel (load_cancellable);
}

static void
ps_window_load_materials (OpenData *data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *load = g_new0 (LoadData, 1);

  load->file = g_object_ref (data->file);
  load->anchors = data->anchors != NULL ? g_object_ref (data->anchors) : NULL;
  load->certificates = g_ptr_array_new_with_free_func (g_object_unref);
  load->others = g_ptr_array_new_with_free_func (g_object_unref);
  /* Its own cancellable, so that the bar's Cancel stops this file only; the window's
   * going away stops it too. */
  load->cancellable = g_cancellable_new ();
  data->window_cancellable = g_object_ref (ps_widget_get_cancellable (GTK_WIDGET (data->self)));
  data->cancel_id = g_cancellable_connect (data->window_cancellable, G_CALLBACK (cancel_load_cb),
                                           g_object_ref (load->cancellable), g_object_unref);

  task = g_task_new (data->self, load->cancellable, materials_loaded_cb, data);
  g_task_set_source_tag (task, ps_window_load_materials);
  g_task_set_task_data (task, load, (GDestroyNotify) load_data_free);
  data->load_task = task;
  data->progress_id = g_timeout_add (PROGRESS_DELAY_MS, load_progress_cb, data);
  g_task_run_in_thread (task, load_thread);
}

static gboolean
ps_window_file_is_pinset (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  return name != NULL && g_str_has_suffix (name, ".json");
}

static void
ps_window_open_file_full (PsWindow *self,
                          GFile    *file,
                          GFile    *anchors,
                          DemoData *demo)
{
  OpenData *data;

  g_return_if_fail (PS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (OpenData, 1);
  data->self = g_object_ref (self);
  data->file = g_object_ref (file);
  data->anchors = anchors != NULL ? g_object_ref (anchors) : NULL;
  data->demo = demo != NULL ? g_rc_box_acquire (demo) : NULL;

  if (ps_window_file_is_pinset (file))
    ps_pinset_load_async (file, ps_widget_get_cancellable (GTK_WIDGET (self)), pinset_loaded_cb,
                          data);
  else
    ps_window_load_materials (data);
}

void
ps_window_open_file (PsWindow *self,
                     GFile    *file)
{
  ps_window_open_file_full (self, file, NULL, NULL);
}

void
ps_window_open_demo (PsWindow *self)
{
  g_autoptr(GFile) chain = ps_application_dup_demo_file ("demo-chain.pem");
  g_autoptr(GFile) root = ps_application_dup_demo_file ("demo-root-ca.pem");
  DemoData *demo;

  g_return_if_fail (PS_IS_WINDOW (self));

  demo = g_rc_box_new0 (DemoData);
  demo->self = g_object_ref (self);
  demo->pinset_file = ps_application_dup_demo_file ("demo.pinset.json");
  ps_pinset_load_async (demo->pinset_file, ps_widget_get_cancellable (GTK_WIDGET (self)),
                        demo_pinset_loaded_cb, g_rc_box_acquire (demo));
  /* The demo's root is its own anchor, as a private CA's would be: the demo chain is
   * verified against it rather than against the system store, which does not know it. */
  ps_window_open_file_full (self, chain, root, demo);
  demo_data_unref (demo);
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  PsWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          ps_window_open_file (self, file);
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

void
_ps_window_open_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  PsWindow *self = PS_WINDOW (widget);
  GtkFileChooserNative *native;
  GtkFileFilter *filter;

  native = gtk_file_chooser_native_new (_("Open Certificates, Keys or Pinsets"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Certificates, Keys, CSRs, Pinsets and Builds"));
  for (const char * const *p = (const char * const[]) { "*.pem", "*.crt", "*.cer", "*.der",
                                                         "*.key", "*.pub", "*.csr", "*.p7b",
                                                         "*.p7c", "*.json", "*.apk", "*.aab",
                                                         "*.ipa", NULL };
       *p != NULL; p++)
    gtk_file_filter_add_pattern (filter, *p);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All Files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);

  g_signal_connect (native, "response", G_CALLBACK (open_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

gboolean
_ps_window_drop_cb (GtkDropTarget *target,
                    const GValue  *value,
                    double         x,
                    double         y,
                    PsWindow      *self)
{
  GSList *files;
  gboolean any;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    ps_window_open_file (self, l->data);
  any = files != NULL;
  g_slist_free (files);

  return any;
}

/* Saving */

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PsWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ps_pinset_editor_save_finish (PS_PINSET_EDITOR (source), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s is the reason. */
      message = g_strdup_printf (_("Could not save the pinset: %s"), error->message);
      ps_window_show_toast (self, message);
      return;
    }

  ps_window_show_toast (self, _("Pinset saved"));

  if (self->close_confirmed)
    gtk_window_close (GTK_WINDOW (self));
}

static void
save_as_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr(PsPinsetEditor) editor = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (editor));

      if (PS_IS_WINDOW (root))
        ps_pinset_editor_save_async (editor, file, ps_widget_get_cancellable (GTK_WIDGET (root)),
                                     save_done_cb, g_object_ref (root));
    }
  else if (PS_IS_WINDOW (gtk_widget_get_root (GTK_WIDGET (editor))))
    PS_WINDOW (gtk_widget_get_root (GTK_WIDGET (editor)))->close_confirmed = FALSE;

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

void
_ps_window_save_editor (PsWindow       *self,
                       PsPinsetEditor *editor,
                       gboolean        save_as)
{
  GFile *file = ps_pinset_editor_get_file (editor);
  GtkFileChooserNative *native;
  g_autofree char *name = NULL;

  if (file != NULL && !save_as)
    {
      ps_pinset_editor_save_async (editor, file, ps_widget_get_cancellable (GTK_WIDGET (self)),
                                   save_done_cb, g_object_ref (self));
      return;
    }

  native = gtk_file_chooser_native_new (_("Save Pinset"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  name = g_strdup_printf ("%s.pinset.json",
                          ps_pinset_get_name (ps_pinset_editor_get_pinset (editor)));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  g_signal_connect (native, "response", G_CALLBACK (save_as_response_cb),
                    g_object_ref (editor));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
_ps_window_save_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  PsWindow *self = PS_WINDOW (widget);
  GtkWidget *visible = gtk_stack_get_visible_child (self->item_stack);

  if (PS_IS_PINSET_EDITOR (visible))
    _ps_window_save_editor (self, PS_PINSET_EDITOR (visible),
                           g_str_equal (action_name, "win.save-as"));
}

