/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shipped builds: the zip reader (libarchive, in memory), Android binary XML and resource
 * tables against real aapt-built APKs, DEX string tables accepted by dexdump, pin literals
 * in code, and whole APK and IPA builds. Bad input of each kind must give a clear error. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ps-error.h"
#include "ps-test-util.h"
#include "ps-zip.h"

/* Zip archives written in memory with libarchive, so that names no zip tool accepts
 * ("../x") can be tested. @files is NULL-terminated pairs of name and contents; a
 * contents starting with "ZEROS:" is that many zero bytes. */
static GBytes *
make_zip (const char * const *files)
{
  struct archive *a = archive_write_new ();
  gsize size = 64 * 1024 * 1024 + 4096, used = 0;
  guint8 *buffer = g_malloc (size);

  archive_write_set_format_zip (a);
  archive_write_zip_set_compression_deflate (a);
  g_assert_cmpint (archive_write_open_memory (a, buffer, size, &used), ==, ARCHIVE_OK);
  for (guint i = 0; files[i] != NULL; i += 2)
    {
      struct archive_entry *ae = archive_entry_new ();
      g_autofree guint8 *data = NULL;
      gsize len;

      if (g_str_has_prefix (files[i + 1], "ZEROS:"))
        {
          len = g_ascii_strtoull (files[i + 1] + 6, NULL, 10);
          data = g_malloc0 (len);
        }
      else
        {
          len = strlen (files[i + 1]);
          data = g_memdup2 (files[i + 1], len);
        }
      archive_entry_set_pathname (ae, files[i]);
      archive_entry_set_filetype (ae, AE_IFREG);
      archive_entry_set_perm (ae, 0644);
      archive_entry_set_size (ae, len);
      g_assert_cmpint (archive_write_header (a, ae), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_data (a, data, len), ==, (gssize) len);
      archive_entry_free (ae);
    }
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
  return g_bytes_new_take (g_realloc (buffer, used), used);
}

static void
test_zip_read (void)
{
  const char *files[] = { "a.txt", "hello", "dir/b.bin", "ZEROS:5000", NULL };
  g_autoptr(GBytes) zip_bytes = make_zip (files);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsZip) zip = ps_zip_new (zip_bytes, NULL, &error);
  g_autoptr(GBytes) a = NULL, b = NULL, c = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (ps_zip_get_n_entries (zip), ==, 2);
  g_assert_cmpstr (ps_zip_get_name (zip, 0), ==, "a.txt");
  g_assert_cmpstr (ps_zip_get_name (zip, 1), ==, "dir/b.bin");
  g_assert_true (ps_zip_has_entry (zip, "dir/b.bin"));
  a = ps_zip_read (zip, "a.txt", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (a, NULL), g_bytes_get_size (a), "hello", 5);
  b = ps_zip_read (zip, "dir/b.bin", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (b), ==, 5000);
  c = ps_zip_read (zip, "missing", &error);
  g_assert_error (error, PS_ERROR, PS_ERROR_NOTHING_FOUND);
  g_assert_null (c);
}

static void
test_zip_bomb (void)
{
  const char *files[] = { "bomb.bin", "ZEROS:60000000", NULL };
  g_autoptr(GBytes) zip_bytes = make_zip (files);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsZip) zip = NULL;
  PsZipLimits limits;

  /* 60 MB of zeros in about 60 KB: over the default expansion ratio. */
  g_assert_cmpuint (g_bytes_get_size (zip_bytes), <, 200000);
  zip = ps_zip_new (zip_bytes, NULL, &error);
  g_assert_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "zip bomb"));
  g_assert_null (zip);
  g_clear_error (&error);

  /* The per-entry cap, the total cap and the entry count, each alone. */
  ps_zip_limits_init_default (&limits);
  limits.max_ratio = G_MAXUINT;
  limits.max_entry_size = 1024 * 1024;
  zip = ps_zip_new (zip_bytes, &limits, &error);
  g_assert_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "bomb.bin"));
  g_clear_error (&error);

  ps_zip_limits_init_default (&limits);
  limits.max_ratio = G_MAXUINT;
  limits.max_total_size = 1024 * 1024;
  zip = ps_zip_new (zip_bytes, &limits, &error);
  g_assert_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  {
    const char *many[] = { "1", "a", "2", "b", "3", "c", NULL };
    g_autoptr(GBytes) many_bytes = make_zip (many);

    ps_zip_limits_init_default (&limits);
    limits.max_entries = 2;
    zip = ps_zip_new (many_bytes, &limits, &error);
    g_assert_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED);
    g_assert_null (zip);
  }
}

static void
test_zip_traversal (void)
{
  const char *files[] = { "../evil.txt", "x", "/etc/evil", "y", "ok/../../z", "z",
                          "good.txt", "fine", NULL };
  g_autoptr(GBytes) zip_bytes = make_zip (files);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsZip) zip = ps_zip_new (zip_bytes, NULL, &error);
  GPtrArray *notes;

  g_assert_no_error (error);
  g_assert_cmpuint (ps_zip_get_n_entries (zip), ==, 1);
  g_assert_cmpstr (ps_zip_get_name (zip, 0), ==, "good.txt");
  g_assert_false (ps_zip_has_entry (zip, "../evil.txt"));
  notes = ps_zip_get_notes (zip);
  g_assert_cmpuint (notes->len, ==, 3);
  g_assert_nonnull (strstr (g_ptr_array_index (notes, 0), "../evil.txt"));
  g_assert_nonnull (strstr (g_ptr_array_index (notes, 0), "outside the archive"));
}

static void
test_zip_truncated (void)
{
  const char *files[] = { "a.txt", "hello hello hello", "b.txt", "ZEROS:3000", NULL };
  g_autoptr(GBytes) zip_bytes = make_zip (files);
  gsize len = g_bytes_get_size (zip_bytes);

  /* Every prefix, and a few corruptions: an error each time, never a crash. */
  for (gsize cut = 0; cut < len; cut++)
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (zip_bytes, 0, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(PsZip) zip = ps_zip_new (part, NULL, &error);

      g_assert_null (zip);
      g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_DATA);
    }
  {
    g_autoptr(GBytes) part = g_bytes_new_from_bytes (zip_bytes, 0, len / 2);
    g_autoptr(GError) error = NULL;
    g_autoptr(PsZip) zip = ps_zip_new (part, NULL, &error);

    g_assert_nonnull (strstr (error->message, "truncated"));
  }
  for (gsize at = 0; at < len; at += 7)
    {
      g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (zip_bytes, NULL), len);
      g_autoptr(GBytes) bad = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(PsZip) zip = NULL;

      copy[at] ^= 0x5a;
      bad = g_bytes_new (copy, len);
      zip = ps_zip_new (bad, NULL, &error);
      if (zip != NULL)
        for (guint i = 0; i < ps_zip_get_n_entries (zip); i++)
          {
            g_autoptr(GError) read_error = NULL;
            g_autoptr(GBytes) data = ps_zip_read (zip, ps_zip_get_name (zip, i), &read_error);
            g_assert_true ((data == NULL) == (read_error != NULL));
          }
      else
        g_assert_nonnull (error);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/builds/zip/read", test_zip_read);
  g_test_add_func ("/builds/zip/bomb", test_zip_bomb);
  g_test_add_func ("/builds/zip/traversal", test_zip_traversal);
  g_test_add_func ("/builds/zip/truncated", test_zip_truncated);

  return g_test_run ();
}
