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

#include "ps-io.h"

#define CHUNK_SIZE (64 * 1024)

static char *
format_cap (gsize bytes)
{
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
    return g_strdup_printf (_("%lu MiB"), (gulong) (bytes / (1024 * 1024)));
  if (bytes >= 1024 && bytes % 1024 == 0)
    return g_strdup_printf (_("%lu KiB"), (gulong) (bytes / 1024));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu byte", "%lu bytes", bytes),
                          (gulong) bytes);
}

static char *
display_name (const char *path)
{
  if (g_strcmp0 (path, "-") == 0)
    return g_strdup (_("standard input"));
  return g_filename_display_name (path);
}

static void
set_too_large (GError     **error,
               const char  *name,
               gsize        max_bytes,
               const char  *why)
{
  g_autofree char *cap = format_cap (max_bytes);

  if (why != NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                 _("“%s” is larger than %s: %s"), name, cap, why);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                 _("“%s” is larger than %s, the most Pinscope reads of such a file"), name, cap);
}

static void set_errno (GError     **error,
                       int          saved_errno,
                       const char  *format,
                       ...) G_GNUC_PRINTF (3, 4);

static void
set_errno (GError     **error,
           int          saved_errno,
           const char  *format,
           ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s", what,
               g_strerror (saved_errno));
}

/* Says what a file that is not a regular file is. */
static void
set_not_regular (GError     **error,
                 const char  *name,
                 mode_t       mode)
{
  if (S_ISDIR (mode))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                 _("“%s” is a directory, not a file"), name);
  else if (S_ISCHR (mode) || S_ISBLK (mode))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                 _("“%s” is a device, not a regular file"), name);
  else if (S_ISFIFO (mode))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                 _("“%s” is a named pipe (FIFO), not a regular file"), name);
  else if (S_ISSOCK (mode))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                 _("“%s” is a socket, not a regular file"), name);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                 _("“%s” is not a regular file"), name);
}

/* A pipe that a process already holds open, such as the /dev/fd/63 that bash passes for
 * "<(command)", is read like standard input. A named pipe in the file system is refused:
 * nothing may ever write to it. Linux names an anonymous pipe "pipe:[inode]" in the
 * descriptor's link under /proc (proc(5)); elsewhere every pipe is refused. */
static gboolean
is_anonymous_pipe (int fd)
{
  g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", fd);
  char link[64];
  ssize_t n;

  n = readlink (proc, link, sizeof link - 1);
  if (n < 0)
    return FALSE;
  link[n] = '\0';
  return g_str_has_prefix (link, "pipe:[");
}

/* Opens @path without blocking (a named pipe with no writer would block forever) and
 * refuses anything but a regular file or an anonymous pipe. */
static int
open_input (const char   *path,
            const char   *name,
            gsize        *size_hint,
            GError      **error)
{
  struct stat st;
  int flags;
  int fd;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      /* Opening a socket fails with ENXIO: say what it is. */
      if (saved_errno == ENXIO && g_stat (path, &st) == 0)
        set_not_regular (error, name, st.st_mode);
      else
        set_errno (error, saved_errno, _("Cannot open “%s”"), name);
      return -1;
    }

  if (fstat (fd, &st) != 0)
    {
      set_errno (error, errno, _("Cannot read “%s”"), name);
      close (fd);
      return -1;
    }
  if (!S_ISREG (st.st_mode) && !(S_ISFIFO (st.st_mode) && is_anonymous_pipe (fd)))
    {
      set_not_regular (error, name, st.st_mode);
      close (fd);
      return -1;
    }

  flags = fcntl (fd, F_GETFL);
  if (flags >= 0)
    fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);
  *size_hint = S_ISREG (st.st_mode) ? (gsize) st.st_size : 0;
  return fd;
}

/* Reads @fd to its end, refusing it as soon as more than @max_bytes came: the size a
 * file claims is only a hint for the first allocation. */
static GBytes *
read_fd (int            fd,
         const char    *name,
         gsize          max_bytes,
         gsize          size_hint,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(GByteArray) buffer = NULL;
  gsize len;

  buffer = g_byte_array_sized_new (MIN (size_hint, max_bytes) + 1);
  for (;;)
    {
      gsize old_len = buffer->len;
      gsize want = MIN (CHUNK_SIZE, max_bytes + 1 - old_len);
      gssize n;
      int saved_errno;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      g_byte_array_set_size (buffer, old_len + want);
      n = read (fd, buffer->data + old_len, want);
      saved_errno = errno;
      g_byte_array_set_size (buffer, old_len + MAX (n, 0));
      if (n < 0 && saved_errno == EINTR)
        continue;
      if (n < 0 && saved_errno == EAGAIN)
        {
          /* Standard input left non-blocking by the caller: wait for data. */
          GPollFD poll_fd = { fd, G_IO_IN | G_IO_HUP | G_IO_ERR, 0 };

          g_poll (&poll_fd, 1, -1);
          continue;
        }
      if (n < 0)
        {
          set_errno (error, saved_errno, _("Cannot read “%s”"), name);
          return NULL;
        }
      if (n == 0)
        break;
      if (buffer->len > max_bytes)
        {
          set_too_large (error, name, max_bytes, NULL);
          return NULL;
        }
    }

  len = buffer->len;
  g_byte_array_append (buffer, (const guint8 *) "", 1);
  return g_bytes_new_take (g_byte_array_free (g_steal_pointer (&buffer), FALSE), len);
}

static GBytes *
read_path (const char    *path,
           gsize          max_bytes,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *name = display_name (path);
  gsize size_hint = 0;
  GBytes *bytes;
  int fd;

  if (g_str_equal (path, "-"))
    {
      struct stat st;

      if (fstat (STDIN_FILENO, &st) == 0 && S_ISDIR (st.st_mode))
        {
          set_not_regular (error, name, st.st_mode);
          return NULL;
        }
      return read_fd (STDIN_FILENO, name, max_bytes, 0, cancellable, error);
    }

  fd = open_input (path, name, &size_hint, error);
  if (fd < 0)
    return NULL;
  bytes = read_fd (fd, name, max_bytes, size_hint, cancellable, error);
  close (fd);
  return bytes;
}

/**
 * ps_io_read_bounded:
 * @path_or_dash: a file name, or "-" for standard input
 * @max_bytes: the most that is read
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the contents, NUL-terminated beyond their size, or %NULL
 */
GBytes *
ps_io_read_bounded (const char    *path_or_dash,
                    gsize          max_bytes,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_return_val_if_fail (path_or_dash != NULL, NULL);
  g_return_val_if_fail (max_bytes < G_MAXSIZE, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return read_path (path_or_dash, max_bytes, cancellable, error);
}

/* Files with no local path (a remote location): GIO says what they are and reads them. */
static GBytes *
read_stream (GFile         *file,
             gsize          max_bytes,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autofree char *name = g_file_get_parse_name (file);
  gsize len;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                            cancellable, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      set_not_regular (error, name,
                       g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY ? S_IFDIR : 0);
      return NULL;
    }

  input = g_file_read (file, cancellable, error);
  if (input == NULL)
    return NULL;
  for (;;)
    {
      gsize old_len = buffer->len;
      gsize want = MIN (CHUNK_SIZE, max_bytes + 1 - old_len);
      gssize n;

      g_byte_array_set_size (buffer, old_len + want);
      n = g_input_stream_read (G_INPUT_STREAM (input), buffer->data + old_len, want,
                               cancellable, error);
      if (n < 0)
        return NULL;
      g_byte_array_set_size (buffer, old_len + n);
      if (n == 0)
        break;
      if (buffer->len > max_bytes)
        {
          set_too_large (error, name, max_bytes, NULL);
          return NULL;
        }
    }

  len = buffer->len;
  g_byte_array_append (buffer, (const guint8 *) "", 1);
  return g_bytes_new_take (g_byte_array_free (g_steal_pointer (&buffer), FALSE), len);
}

/**
 * ps_io_read_file_bounded:
 * @file: a file
 * @max_bytes: the most that is read
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the contents, NUL-terminated beyond their size, or %NULL
 */
GBytes *
ps_io_read_file_bounded (GFile         *file,
                         gsize          max_bytes,
                         GCancellable  *cancellable,
                         GError       **error)
{
  const char *path;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (max_bytes < G_MAXSIZE, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A local path is never "-": g_file_peek_path() gives absolute names. */
  path = g_file_peek_path (file);
  if (path != NULL)
    return read_path (path, max_bytes, cancellable, error);
  return read_stream (file, max_bytes, cancellable, error);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GBytes *bytes;

  bytes = ps_io_read_file_bounded (source_object, *(gsize *) task_data, cancellable, &error);
  if (bytes != NULL)
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, error);
}

void
ps_io_read_file_bounded_async (GFile               *file,
                               gsize                max_bytes,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (max_bytes < G_MAXSIZE);

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_io_read_file_bounded_async);
  g_task_set_task_data (task, g_memdup2 (&max_bytes, sizeof max_bytes), g_free);
  g_task_run_in_thread (task, read_thread);
}

GBytes *
ps_io_read_file_bounded_finish (GFile         *file,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, file), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        ps_io_read_file_bounded_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
ps_io_is_regular_file (const char *path)
{
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);

  return g_stat (path, &st) == 0 && S_ISREG (st.st_mode);
}

gboolean
ps_io_check_regular_file (const char  *path,
                          const char  *name,
                          GError     **error)
{
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (g_stat (path, &st) != 0)
    {
      set_errno (error, errno, _("Cannot open “%s”"), name);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      set_not_regular (error, name, st.st_mode);
      return FALSE;
    }
  return TRUE;
}

gboolean
ps_io_check_size (GBytes      *bytes,
                  const char  *name,
                  gsize        max_bytes,
                  const char  *why,
                  GError     **error)
{
  g_autofree char *display = NULL;

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (g_bytes_get_size (bytes) <= max_bytes)
    return TRUE;
  display = display_name (name);
  set_too_large (error, display, max_bytes, why);
  return FALSE;
}

/* Saving */

/* Follows the link @path to the regular file it names; refuses anything else. */
static char *
resolve_link (const char   *path,
              const char   *name,
              struct stat  *st,
              GError      **error)
{
  g_autofree char *real = NULL;
  struct stat real_st;

  if (g_stat (path, st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ELOOP)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS,
                     _("“%s” is a loop of symbolic links, not a file that can be written"),
                     name);
      else if (saved_errno == ENOENT)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("“%s” is a symbolic link to a file that does not exist; write to the "
                       "file itself"), name);
      else
        set_errno (error, saved_errno, _("Cannot write “%s”"), name);
      return NULL;
    }
  if (!S_ISREG (st->st_mode))
    {
      set_not_regular (error, name, st->st_mode);
      return NULL;
    }

  /* A link under /proc to a deleted file resolves to no file with the same identity. */
  real = realpath (path, NULL);
  if (real == NULL || g_stat (real, &real_st) != 0 || real_st.st_dev != st->st_dev ||
      real_st.st_ino != st->st_ino)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” does not lead to a file that can be replaced"), name);
      return NULL;
    }
  return g_steal_pointer (&real);
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

/* Writes a temporary file beside @target and renames it over @target. */
static gboolean
replace_file (const char         *target,
              const char         *name,
              const void         *data,
              gsize               len,
              const struct stat  *old,
              GError            **error)
{
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *temp_name = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *temp = g_build_filename (dir, temp_name, NULL);
  int saved_errno;
  int fd;

  fd = g_mkstemp_full (temp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      set_errno (error, errno, _("Cannot write “%s”"), name);
      return FALSE;
    }

  if (old != NULL)
    {
      /* Keep who may read it: a 0600 file stays 0600. */
      if (fchmod (fd, old->st_mode & 07777) != 0)
        goto fail;
      if ((old->st_uid != getuid () || old->st_gid != getgid ()) &&
          fchown (fd, old->st_uid, old->st_gid) != 0)
        {
          /* Only root may give a file away; the mode is still kept. */
        }
    }

  if (!write_all (fd, data, len) || fsync (fd) != 0)
    goto fail;
  if (close (fd) != 0)
    {
      fd = -1;
      goto fail;
    }
  fd = -1;

  if (g_rename (temp, target) != 0)
    goto fail;
  return TRUE;

fail:
  saved_errno = errno;
  if (fd >= 0)
    close (fd);
  g_unlink (temp);
  set_errno (error, saved_errno, _("Cannot write “%s”"), name);
  return FALSE;
}

/**
 * ps_io_save_atomic:
 * @path: the file to write
 * @data: (array length=len): the bytes
 * @len: their number
 * @error: return location for a #GError
 *
 * Returns: whether the file was written
 */
gboolean
ps_io_save_atomic (const char  *path,
                   const void  *data,
                   gsize        len,
                   GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *target = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_filename_display_name (path);
  if (g_lstat (path, &st) != 0)
    {
      if (errno != ENOENT)
        {
          set_errno (error, errno, _("Cannot write “%s”"), name);
          return FALSE;
        }
      return replace_file (path, name, data, len, NULL, error);
    }

  if (S_ISLNK (st.st_mode))
    {
      target = resolve_link (path, name, &st, error);
      if (target == NULL)
        return FALSE;
    }
  else if (!S_ISREG (st.st_mode))
    {
      set_not_regular (error, name, st.st_mode);
      return FALSE;
    }
  else
    target = g_strdup (path);

  return replace_file (target, name, data, len, &st, error);
}

gboolean
ps_io_save_file_atomic (GFile         *file,
                        const void    *data,
                        gsize          len,
                        GCancellable  *cancellable,
                        GError       **error)
{
  const char *path;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  path = g_file_peek_path (file);
  if (path != NULL)
    return ps_io_save_atomic (path, data, len, error);
  return g_file_replace_contents (file, data, len, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                  cancellable, error);
}
