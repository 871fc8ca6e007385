/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n.h>
#include <string.h>

#include "ps-error.h"
#include "ps-zip.h"

/* Zip archives (APK, IPA) read with libarchive from memory. The end of central directory
 * record is looked for first, so that a truncated download is named as such instead of
 * being read half-way by the streaming reader. */

#define EOCD_SIZE        22
#define EOCD_MAX_COMMENT 0xffff
#define ONE_MIB          (G_GUINT64_CONSTANT (1024) * 1024)

typedef struct
{
  char    *name;
  guint64  size;   /* declared uncompressed size, or G_MAXUINT64 when not declared */
  guint    index;  /* position among all headers of the archive */
} Entry;

struct _PsZip
{
  GBytes      *bytes;
  PsZipLimits  limits;
  GArray      *entries;  /* Entry */
  GHashTable  *by_name;  /* name -> position in @entries + 1 */
  GPtrArray   *notes;
  /* Reads go forward through the archive: an open reader and the index of the next header
   * it gives, so that reading entries in archive order is one pass. */
  struct archive *reader;
  guint           cursor;
};

void
ps_zip_limits_init_default (PsZipLimits *limits)
{
  limits->max_entries = PS_ZIP_DEFAULT_MAX_ENTRIES;
  limits->max_entry_size = PS_ZIP_DEFAULT_MAX_ENTRY_SIZE;
  limits->max_total_size = PS_ZIP_DEFAULT_MAX_TOTAL_SIZE;
  limits->max_ratio = PS_ZIP_DEFAULT_MAX_RATIO;
}

static void
entry_clear (Entry *entry)
{
  g_free (entry->name);
}

void
ps_zip_free (PsZip *zip)
{
  if (zip == NULL)
    return;
  if (zip->reader != NULL)
    archive_read_free (zip->reader);
  g_bytes_unref (zip->bytes);
  g_array_unref (zip->entries);
  g_hash_table_unref (zip->by_name);
  g_ptr_array_unref (zip->notes);
  g_free (zip);
}

static gboolean
has_end_record (const guint8 *data,
                gsize         len)
{
  gsize first;

  if (len < EOCD_SIZE)
    return FALSE;
  first = len > EOCD_SIZE + EOCD_MAX_COMMENT ? len - EOCD_SIZE - EOCD_MAX_COMMENT : 0;
  for (gsize i = len - EOCD_SIZE + 1; i-- > first;)
    if (memcmp (data + i, "PK\005\006", 4) == 0)
      {
        guint comment_len = data[i + 20] | (data[i + 21] << 8);
        if (i + EOCD_SIZE + comment_len <= len)
          return TRUE;
      }
  return FALSE;
}

/* Whether @name stays inside the archive: no absolute path, drive letter, backslash or
 * ".." component. */
static gboolean
name_is_safe (const char *name)
{
  g_auto(GStrv) parts = NULL;

  if (*name == '\0' || *name == '/' || strchr (name, '\\') != NULL ||
      (g_ascii_isalpha (name[0]) && name[1] == ':'))
    return FALSE;
  parts = g_strsplit (name, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (parts[i], ".."))
      return FALSE;
  return TRUE;
}

static struct archive *
open_archive (GBytes  *bytes,
              GError **error)
{
  struct archive *a = archive_read_new ();
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);

  archive_read_support_format_zip (a);
  if (archive_read_open_memory (a, data, len) != ARCHIVE_OK)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("Not a readable zip archive: %s"), archive_error_string (a));
      archive_read_free (a);
      return NULL;
    }
  return a;
}

static void
set_archive_error (GError         **error,
                   struct archive  *a)
{
  const char *message = archive_error_string (a);

  g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
               _("The zip archive is corrupt or truncated: %s"),
               message ? message : _("unknown error"));
}

static gboolean
check_limits (PsZip    *zip,
              guint64   total,
              GError  **error)
{
  gsize len = g_bytes_get_size (zip->bytes);

  if (total > zip->limits.max_total_size)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED,
                   _("The zip archive would expand to %lu MiB, more than the %lu MiB "
                     "allowed (a zip bomb?)"),
                   (gulong) (total / ONE_MIB), (gulong) (zip->limits.max_total_size / ONE_MIB));
      return FALSE;
    }
  if (total > ONE_MIB && len > 0 && total / len > zip->limits.max_ratio)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED,
                   _("The zip archive would expand %lu times, more than the %u times "
                     "allowed (a zip bomb?)"),
                   (gulong) (total / len), zip->limits.max_ratio);
      return FALSE;
    }
  return TRUE;
}

/* Whether the entry just read by @a is stored or deflated, the only methods Android's
 * libziparchive (kCompressStored, kCompressDeflated) and iOS install from. Others are left
 * out: LZMA, for one, would make libarchive allocate the dictionary size the entry declares,
 * up to 4 GiB. libarchive names the method only in the format name, "ZIP 2.0 (deflation)". */
static gboolean
method_is_supported (struct archive *a)
{
  const char *format = archive_format_name (a);

  return format != NULL && (g_str_has_suffix (format, " (uncompressed)") ||
                            g_str_has_suffix (format, " (deflation)"));
}

static gboolean
add_entry (PsZip                *zip,
           struct archive       *a,
           struct archive_entry *ae,
           guint                 index,
           guint64              *total,
           GError              **error)
{
  const char *name = archive_entry_pathname_utf8 (ae);
  Entry entry = { 0 };

  if (name == NULL)
    name = archive_entry_pathname (ae);
  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_ptr_array_add (zip->notes, g_strdup (_("An entry whose name is not UTF-8 was left out")));
      return TRUE;
    }
  if (!name_is_safe (name))
    {
      char *note = g_strdup_printf (_("The entry “%s” points outside the archive: left out"),
                                    name);
      g_ptr_array_add (zip->notes, note);
      return TRUE;
    }
  if (archive_entry_filetype (ae) == AE_IFDIR || g_str_has_suffix (name, "/"))
    return TRUE;
  if (!method_is_supported (a))
    {
      g_ptr_array_add (zip->notes,
                       g_strdup_printf (_("The entry “%s” is compressed with a method other "
                                          "than deflate: left out"), name));
      return TRUE;
    }
  if (g_hash_table_contains (zip->by_name, name))
    {
      g_ptr_array_add (zip->notes,
                       g_strdup_printf (_("The entry “%s” appears twice; the first is read"),
                                        name));
      return TRUE;
    }

  entry.size = archive_entry_size_is_set (ae) ? (guint64) archive_entry_size (ae)
                                              : G_MAXUINT64;
  if (entry.size != G_MAXUINT64 && entry.size > zip->limits.max_entry_size)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED,
                   _("The entry “%s” would expand to %lu MiB, more than the %lu MiB allowed "
                     "(a zip bomb?)"),
                   name, (gulong) (entry.size / ONE_MIB),
                   (gulong) (zip->limits.max_entry_size / ONE_MIB));
      return FALSE;
    }
  if (zip->entries->len >= zip->limits.max_entries)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED,
                   _("The zip archive has more than %u files"), zip->limits.max_entries);
      return FALSE;
    }
  if (entry.size != G_MAXUINT64)
    *total += entry.size;
  if (!check_limits (zip, *total, error))
    return FALSE;

  entry.name = g_strdup (name);
  entry.index = index;
  g_array_append_val (zip->entries, entry);
  g_hash_table_insert (zip->by_name, entry.name, GUINT_TO_POINTER (zip->entries->len));
  return TRUE;
}

PsZip *
ps_zip_new (GBytes            *bytes,
            const PsZipLimits *limits,
            GError           **error)
{
  g_autoptr(PsZip) zip = g_new0 (PsZip, 1);
  struct archive *a;
  struct archive_entry *ae;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  guint64 total = 0;
  guint index = 0;
  int r;

  zip->bytes = g_bytes_ref (bytes);
  zip->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (zip->entries, (GDestroyNotify) entry_clear);
  zip->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  zip->notes = g_ptr_array_new_with_free_func (g_free);
  if (limits != NULL)
    zip->limits = *limits;
  else
    ps_zip_limits_init_default (&zip->limits);

  if (len < 4 || memcmp (data, "PK", 2) != 0)
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                           _("Not a zip archive"));
      return NULL;
    }
  if (!has_end_record (data, len))
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                           _("The zip archive is truncated: its central directory is missing"));
      return NULL;
    }

  a = open_archive (bytes, error);
  if (a == NULL)
    return NULL;
  while ((r = archive_read_next_header (a, &ae)) == ARCHIVE_OK || r == ARCHIVE_WARN)
    {
      if (!add_entry (zip, a, ae, index++, &total, error))
        {
          archive_read_free (a);
          return NULL;
        }
    }
  if (r != ARCHIVE_EOF)
    {
      set_archive_error (error, a);
      archive_read_free (a);
      return NULL;
    }
  archive_read_free (a);
  return g_steal_pointer (&zip);
}

guint
ps_zip_get_n_entries (PsZip *zip)
{
  return zip->entries->len;
}

const char *
ps_zip_get_name (PsZip *zip,
                 guint  index)
{
  g_return_val_if_fail (index < zip->entries->len, NULL);
  return g_array_index (zip->entries, Entry, index).name;
}

guint64
ps_zip_get_size (PsZip *zip,
                 guint  index)
{
  g_return_val_if_fail (index < zip->entries->len, 0);
  return g_array_index (zip->entries, Entry, index).size;
}

gboolean
ps_zip_has_entry (PsZip      *zip,
                  const char *name)
{
  return g_hash_table_contains (zip->by_name, name);
}

GPtrArray *
ps_zip_get_notes (PsZip *zip)
{
  return zip->notes;
}

static GBytes *
read_data (PsZip          *zip,
           struct archive *a,
           const Entry    *entry,
           GError        **error)
{
  guint64 cap = MIN (MIN (entry->size, zip->limits.max_entry_size), G_MAXUINT32);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 buffer[16384];
  gssize n;

  while ((n = archive_read_data (a, buffer, sizeof buffer)) > 0)
    {
      if (out->len + (guint64) n > cap)
        {
          g_set_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED,
                       _("The entry “%s” expands to more than its declared size or the "
                         "%lu MiB allowed (a zip bomb?)"),
                       entry->name, (gulong) (zip->limits.max_entry_size / ONE_MIB));
          return NULL;
        }
      g_byte_array_append (out, buffer, n);
    }
  if (n < 0)
    {
      set_archive_error (error, a);
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* The reader, positioned at the data of the header numbered @index. */
static struct archive *
seek_to (PsZip   *zip,
         guint    index,
         GError **error)
{
  struct archive_entry *ae;
  int r;

  if (zip->reader != NULL && zip->cursor > index)
    g_clear_pointer (&zip->reader, archive_read_free);
  if (zip->reader == NULL)
    {
      zip->reader = open_archive (zip->bytes, error);
      zip->cursor = 0;
      if (zip->reader == NULL)
        return NULL;
    }
  while (zip->cursor <= index)
    {
      r = archive_read_next_header (zip->reader, &ae);
      if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
        {
          set_archive_error (error, zip->reader);
          g_clear_pointer (&zip->reader, archive_read_free);
          return NULL;
        }
      zip->cursor++;
    }
  return zip->reader;
}

GBytes *
ps_zip_read (PsZip       *zip,
             const char  *name,
             GError     **error)
{
  guint position = GPOINTER_TO_UINT (g_hash_table_lookup (zip->by_name, name));
  const Entry *entry;
  struct archive *a;
  GBytes *result;

  if (position == 0)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_NOTHING_FOUND,
                   _("The archive has no file “%s”"), name);
      return NULL;
    }
  entry = &g_array_index (zip->entries, Entry, position - 1);
  a = seek_to (zip, entry->index, error);
  if (a == NULL)
    return NULL;
  result = read_data (zip, a, entry, error);
  if (result == NULL)
    g_clear_pointer (&zip->reader, archive_read_free);
  return result;
}
