/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ps-error.h"
#include "ps-io.h"
#include "ps-pinset.h"

/* Files */

static gboolean
write_all (int            fd,
           const char    *data,
           gsize          len,
           const char    *path,
           GCancellable  *cancellable,
           GError       **error)
{
  gsize done = 0;

  while (done < len)
    {
      gsize chunk = MIN (len - done, 64 * 1024);
      ssize_t n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      n = write (fd, data + done, chunk);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = n < 0 ? errno : ENOSPC;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not write “%s”: %s"), path, g_strerror (saved));
          return FALSE;
        }
      done += n;
    }
  return TRUE;
}

/* Writes @data next to @path and renames it over @path once it is complete and on disk,
 * so that the previous file stays whole whatever happens before the rename. */
static gboolean
replace_file_atomically (const char    *path,
                         const char    *data,
                         gsize          len,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autofree char *target = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  struct stat st;
  int fd;
  int dir_fd;

  /* Saving through a symbolic link replaces the file it points to, not the link. */
  target = realpath (path, NULL);
  if (target == NULL)
    target = g_strdup (path);

  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  tmp = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create a temporary file in “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  /* Keep the permissions of the file being replaced. */
  if (stat (target, &st) == 0)
    (void) fchmod (fd, st.st_mode & 07777);

  if (!write_all (fd, data, len, target, cancellable, error))
    goto failed;

  if (fsync (fd) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s” to disk: %s"), target, g_strerror (saved));
      goto failed;
    }

  if (close (fd) != 0)
    {
      int saved = errno;
      fd = -1;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), target, g_strerror (saved));
      goto failed;
    }
  fd = -1;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto failed;

  if (rename (tmp, target) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not replace “%s”: %s"), target, g_strerror (saved));
      goto failed;
    }

  /* Make the rename itself durable. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      (void) fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;

failed:
  if (fd >= 0)
    close (fd);
  g_unlink (tmp);
  return FALSE;
}

static gboolean
save_data (const char    *data,
           gsize          len,
           GFile         *file,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    return replace_file_atomically (path, data, len, cancellable, error);

  /* Not a local file: GIO writes a temporary file and renames it where it can. */
  return g_file_replace_contents (file, data, len, NULL, TRUE, G_FILE_CREATE_NONE, NULL,
                                  cancellable, error);
}

gboolean
ps_pinset_save (PsPinset      *self,
                GFile         *file,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (PS_IS_PINSET (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  json = ps_pinset_to_json (self);
  return save_data (json, strlen (json), file, cancellable, error);
}

PsPinset *
ps_pinset_load (GFile         *file,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  PsPinset *pinset;
  gsize len = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Regular files only, and the cap counted on the bytes read (ps-io). */
  bytes = ps_io_read_file_bounded (file, PS_PINSET_MAX_FILE_SIZE, cancellable, &local_error);
  if (bytes == NULL)
    {
      /* Too large is a property of the document, as its callers expect. */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
        g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_PINSET, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  data = g_bytes_get_data (bytes, &len);
  if (data == NULL)
    data = "";

  pinset = ps_pinset_new_from_json (data, len, &local_error);
  if (pinset == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, local_error->domain, local_error->code, "%s: %s",
                   name, local_error->message);
    }
  return pinset;
}

/* Async */

typedef struct
{
  char *json;
  GFile *file;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_free (data->json);
  g_clear_object (&data->file);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;

  if (save_data (data->json, strlen (data->json), data->file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ps_pinset_save_async (PsPinset            *self,
                      GFile               *file,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (PS_IS_PINSET (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_pinset_save_async);

  /* The model is not thread-safe: serialize here, write in the thread. */
  data = g_new0 (SaveData, 1);
  data->json = ps_pinset_to_json (self);
  data->file = g_object_ref (file);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
ps_pinset_save_finish (PsPinset      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (PS_IS_PINSET (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ps_pinset_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  PsPinset *pinset = ps_pinset_load (G_FILE (task_data), cancellable, &error);

  if (pinset != NULL)
    g_task_return_pointer (task, pinset, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
ps_pinset_load_async (GFile               *file,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_pinset_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

PsPinset *
ps_pinset_load_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ps_pinset_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

