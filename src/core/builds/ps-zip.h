/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Limits on what a zip may make us decompress. A zip bomb fails with a clear error
 * before anything large is decompressed: the sizes the central directory declares are
 * checked when the zip is opened, and reading an entry stops at its declared size. */
typedef struct
{
  guint   max_entries;     /* files in the archive */
  guint64 max_entry_size;  /* uncompressed bytes of one file */
  guint64 max_total_size;  /* uncompressed bytes of all files */
  guint   max_ratio;       /* uncompressed total / archive size, once past 1 MiB */
} PsZipLimits;

#define PS_ZIP_DEFAULT_MAX_ENTRIES    65536
#define PS_ZIP_DEFAULT_MAX_ENTRY_SIZE (G_GUINT64_CONSTANT (256) * 1024 * 1024)
#define PS_ZIP_DEFAULT_MAX_TOTAL_SIZE (G_GUINT64_CONSTANT (2) * 1024 * 1024 * 1024)
#define PS_ZIP_DEFAULT_MAX_RATIO      100

void        ps_zip_limits_init_default (PsZipLimits       *limits);

/* A zip archive read in memory, never extracted to disk. */
typedef struct _PsZip PsZip;

/* @limits NULL means the defaults. Errors are PS_ERROR_INVALID_DATA (not a zip, truncated,
 * corrupt) or PS_ERROR_UNSUPPORTED (over a limit). Entries whose names climb out of the
 * archive ("../", absolute paths) are left out, with a note. */
PsZip      *ps_zip_new                 (GBytes            *bytes,
                                        const PsZipLimits *limits,
                                        GError           **error);
void        ps_zip_free                (PsZip             *zip);
/* File entries (directories are not listed), in archive order. */
guint       ps_zip_get_n_entries       (PsZip             *zip);
const char *ps_zip_get_name            (PsZip             *zip,
                                        guint              index);
guint64     ps_zip_get_size            (PsZip             *zip,
                                        guint              index);
gboolean    ps_zip_has_entry           (PsZip             *zip,
                                        const char        *name);
/* The uncompressed contents of @name, or NULL with PS_ERROR_NOTHING_FOUND when absent. */
GBytes     *ps_zip_read                (PsZip             *zip,
                                        const char        *name,
                                        GError           **error);
/* Translated sentences about what was left out; owned by @zip. */
GPtrArray  *ps_zip_get_notes           (PsZip             *zip);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsZip, ps_zip_free)

G_END_DECLS
