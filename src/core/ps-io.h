/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Caps on what Pinscope reads, enforced on the bytes actually read. */

/* Network security configurations, plists, OkHttp code, curl or TLSA lines: real ones are a
 * few KB, so a megabyte is already far beyond any of them. */
#define PS_IO_MAX_CONFIGURATION (1024 * 1024)
/* Native pinsets, certificate bundles and CA files. */
#define PS_IO_MAX_DOCUMENT      (16 * 1024 * 1024)

/* Reads the whole of @path_or_dash ("-" is standard input) when it is at most @max_bytes
 * long. Only regular files are opened, plus a pipe the shell already opened, as with
 * "<(command)"; a directory, device, named pipe or socket is refused before anything is
 * read. The data of the returned bytes is followed by a NUL byte that its size does not
 * count, so that it can be read as a string. */
GBytes   *ps_io_read_bounded              (const char           *path_or_dash,
                                           gsize                 max_bytes,
                                           GCancellable         *cancellable,
                                           GError              **error);
/* The same for a GFile (never standard input). */
GBytes   *ps_io_read_file_bounded         (GFile                *file,
                                           gsize                 max_bytes,
                                           GCancellable         *cancellable,
                                           GError              **error);
/* The same in a worker thread. */
void      ps_io_read_file_bounded_async   (GFile                *file,
                                           gsize                 max_bytes,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GBytes   *ps_io_read_file_bounded_finish  (GFile                *file,
                                           GAsyncResult         *result,
                                           GError              **error);

/* Whether @path names a regular file (following links); no error is reported. */
gboolean  ps_io_is_regular_file           (const char           *path);
/* The same, saying why not: the file is missing or unreadable (the system's reason), or what
 * it is instead (a directory, a device, a pipe). @name is the file's name in the message. */
gboolean  ps_io_check_regular_file        (const char           *path,
                                           const char           *name,
                                           GError              **error);

/* Refuses @bytes when they are longer than @max_bytes, a lower cap than the one they were
 * read with: the error names @name, the cap and @why ("real configurations are a few KB"). */
gboolean  ps_io_check_size                (GBytes               *bytes,
                                           const char           *name,
                                           gsize                 max_bytes,
                                           const char           *why,
                                           GError              **error);

/* Writes @data to @path atomically, through a temporary file renamed over it: the previous
 * file is never left truncated. An existing file keeps its mode. A symbolic link to a
 * regular file is followed and the file it names is replaced; a target that exists and is
 * not a regular file or a link to one (a device, a pipe, a dangling link, a loop of links)
 * is refused. */
gboolean  ps_io_save_atomic               (const char           *path,
                                           const void           *data,
                                           gsize                 len,
                                           GError              **error);
/* The same for a GFile; a non-local file is replaced through GIO. */
gboolean  ps_io_save_file_atomic          (GFile                *file,
                                           const void           *data,
                                           gsize                 len,
                                           GCancellable         *cancellable,
                                           GError              **error);

G_END_DECLS
