/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shipped builds: the zip reader (libarchive, in memory), Android binary XML and resource
 * tables against real aapt-built APKs, DEX string tables accepted by dexdump, pin literals
 * in code, and whole APK and IPA builds. Bad input of each kind must give a clear error. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ps-arsc.h"
#include "ps-axml.h"
#include "ps-build.h"
#include "ps-dex-strings.h"
#include "ps-error.h"
#include "ps-format.h"
#include "ps-macho.h"
#include "ps-pinset.h"
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

/* Entries compressed with another method than stored or deflate are left out with a note,
 * unread: bzip2-lzma.zip of tests/data/fuzz/builds-zip/ has one of each, and the oom- file
 * next to it (found by fuzzing) an LZMA entry whose declared 2.5 GB dictionary libarchive
 * would allocate. */
static PsZip *
read_fuzz_zip (const char *name)
{
  g_autofree char *path = g_build_filename (ps_test_testdata (), "fuzz", "builds-zip", name,
                                            NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GBytes) bytes = NULL;
  PsZip *zip;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
  zip = ps_zip_new (bytes, NULL, &error);
  g_assert_no_error (error);
  return zip;
}

static gboolean
notes_name (PsZip      *zip,
            const char *entry)
{
  GPtrArray *notes = ps_zip_get_notes (zip);

  for (guint i = 0; i < notes->len; i++)
    if (strstr (g_ptr_array_index (notes, i), entry) != NULL &&
        strstr (g_ptr_array_index (notes, i), "other than deflate") != NULL)
      return TRUE;
  return FALSE;
}

static void
test_zip_methods (void)
{
  g_autoptr(PsZip) zip = read_fuzz_zip ("bzip2-lzma.zip");
  g_autoptr(PsZip) bomb = read_fuzz_zip ("oom-2796cf0eb4256e7769721140084db8c4ef82f9ce");

  g_assert_cmpuint (ps_zip_get_n_entries (zip), ==, 0);
  g_assert_cmpuint (ps_zip_get_notes (zip)->len, ==, 2);
  g_assert_true (notes_name (zip, "b.txt"));
  g_assert_true (notes_name (zip, "l.txt"));

  g_assert_false (ps_zip_has_entry (bomb, "l.txt"));
  g_assert_true (notes_name (bomb, "l.txt"));
  for (guint i = 0; i < ps_zip_get_n_entries (bomb); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) data = ps_zip_read (bomb, ps_zip_get_name (bomb, i), &error);

      g_assert_true ((data == NULL) == (error != NULL));
    }
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

/* Real APKs, compiled by Debian's aapt from tests/data/builds/apk with a certificate of
 * the corpus as res/raw/pinned_ca.crt. */

#define FRAMEWORK_RES "/usr/share/android-framework-res/framework-res.apk"

static char *apk_dir;

static GBytes *build_dex (const char * const *strings);
static const char * const dex_strings[];

#define PIN_A "7HIpactkIAq2Y49orFOOQKurWxmmSFZhBCoQYcRhJ3Y="
#define PIN_B "fwza0LRMXouZHRC8Ei+4PyuldPDcf3UKgO/04cDM1oE="
#define PIN_C "C5+lpZ7tcVwmwQIMcRtPbsQtWLABXhQzejna0wHFr8M="
#define SHA1_PIN "kZwN96eHtZftBWrOZUsd6cA4es8="

/* A React Native bundle with an OkHttp-style pinner: the host is proven. */
#define RN_BUNDLE \
  "__d(function(g,r,i,a,m,e,d){var p=new P.Builder().add(\"rn.example.com\",\"sha256/" \
  PIN_B "\").build();},42);\n"

static gboolean
have_aapt (void)
{
  g_autofree char *aapt = g_find_program_in_path ("aapt");

  if (aapt == NULL || !g_file_test (FRAMEWORK_RES, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("aapt or android-framework-res is not installed");
      return FALSE;
    }
  return TRUE;
}

/* The path of the sample APK, built once per run. */
static const char *
sample_apk (void)
{
  static char *path;

  if (path == NULL)
    {
      g_autofree char *cmd = NULL;
      g_autofree char *out = NULL;
      g_autofree char *dex_path = NULL;
      g_autofree char *bundle_path = NULL;
      g_autoptr(GBytes) dex = build_dex (dex_strings);
      int status;

      apk_dir = ps_test_mkdtemp ();
      dex_path = g_build_filename (apk_dir, "classes.dex", NULL);
      g_assert_true (g_file_set_contents (dex_path, g_bytes_get_data (dex, NULL),
                                          g_bytes_get_size (dex), NULL));
      bundle_path = g_build_filename (apk_dir, "assets", "index.android.bundle", NULL);
      g_assert_cmpint (g_mkdir_with_parents (bundle_path, 0700), ==, 0);
      g_assert_cmpint (g_rmdir (bundle_path), ==, 0);
      g_assert_true (g_file_set_contents (bundle_path, RN_BUNDLE, -1, NULL));
      {
        /* A Dart snapshot keeps strings with length bytes around them. */
        static const char libapp[] = "\x7f" "ELF\x02\x01\x01\0\x2c" "sha256/" PIN_C
                                     "\x12" "flutter.example.com\0";
        g_autofree char *lib_dir = g_build_filename (apk_dir, "lib", "arm64-v8a", NULL);
        g_autofree char *lib_path = g_build_filename (lib_dir, "libapp.so", NULL);

        g_assert_cmpint (g_mkdir_with_parents (lib_dir, 0700), ==, 0);
        g_assert_true (g_file_set_contents (lib_path, libapp, sizeof libapp, NULL));
      }
      cmd = g_strdup_printf ("cp -r '%s/builds/apk/.' '%s/' && mkdir -p '%s/res/raw' && "
                             "cp '%s/realworld/badssl/interception-roots/ca-edellroot.crt' "
                             "'%s/res/raw/pinned_ca.crt' && cd '%s' && "
                             "aapt package -M AndroidManifest.xml -S res -I " FRAMEWORK_RES
                             " -A assets -F sample.apk && "
                             "aapt add sample.apk classes.dex lib/arm64-v8a/libapp.so 2>&1",
                             ps_test_testdata (), apk_dir, apk_dir, ps_test_testdata (), apk_dir,
                             apk_dir);
      out = ps_test_sh (cmd, &status);
      if (status != 0)
        g_error ("aapt failed: %s", out);
      path = g_build_filename (apk_dir, "sample.apk", NULL);
    }
  return path;
}

static GBytes *
apk_entry (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = g_mapped_file_new (sample_apk (), FALSE, &error);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PsZip) zip = NULL;
  GBytes *entry;

  g_assert_no_error (error);
  bytes = g_mapped_file_get_bytes (file);
  zip = ps_zip_new (bytes, NULL, &error);
  g_assert_no_error (error);
  entry = ps_zip_read (zip, name, &error);
  g_assert_no_error (error);
  return entry;
}

static PsAxmlDocument *
apk_xml (const char *name)
{
  g_autoptr(GBytes) bytes = apk_entry (name);
  g_autoptr(GError) error = NULL;
  PsAxmlDocument *doc = ps_axml_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                       &error);
  g_assert_no_error (error);
  return doc;
}

/* `aapt dump xmltree` normalised: one line per element, attribute and text, values as
 * the decoder renders them (typed booleans true/false, integers decimal, references
 * @0xXXXXXXXX). */
static char *
normalise_aapt_value (const char *value)
{
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GRegex) typed = g_regex_new ("^\\(type (0x[0-9a-f]+)\\)(0x[0-9a-f]+)", 0, 0, NULL);
  g_autoptr(GRegex) quoted = g_regex_new ("^\"(.*)\" \\(Raw", 0, 0, NULL);

  if (g_regex_match (typed, value, 0, &match))
    {
      g_autofree char *type = g_match_info_fetch (match, 1);
      g_autofree char *data = g_match_info_fetch (match, 2);
      guint32 t = g_ascii_strtoull (type, NULL, 16), d = g_ascii_strtoull (data, NULL, 16);

      if (t == 0x12)
        return g_strdup (d ? "true" : "false");
      if (t == 0x10)
        return g_strdup_printf ("%d", (gint32) d);
      return g_strdup_printf ("0x%x", d);
    }
  g_clear_pointer (&match, g_match_info_unref);
  if (g_regex_match (quoted, value, 0, &match))
    return g_match_info_fetch (match, 1);
  if (value[0] == '@')
    return g_strndup (value, strcspn (value, " "));
  return g_strdup (value);
}

static char *
aapt_xmltree (const char *entry)
{
  g_autofree char *cmd = g_strdup_printf ("aapt dump xmltree '%s' '%s'", sample_apk (), entry);
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  GString *norm = g_string_new (NULL);
  int status;

  out = ps_test_sh (cmd, &status);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i] + strspn (lines[i], " ");
      guint depth = (strspn (lines[i], " ") / 2);

      if (g_str_has_prefix (l, "E: "))
        {
          g_autofree char *name = g_strndup (l + 3, strcspn (l + 3, " "));
          const char *at = strstr (l, "(line=");
          g_string_append_printf (norm, "%u E %s %s\n", depth, name,
                                  at ? at + 6 : "?");
        }
      else if (g_str_has_prefix (l, "A: "))
        {
          const char *eq = strchr (l, '=');
          g_autofree char *name = g_strndup (l + 3, eq - l - 3);
          g_autofree char *value = normalise_aapt_value (eq + 1);
          char *paren = strchr (name, '(');

          if (paren)
            *paren = '\0';
          g_string_append_printf (norm, "A %s=%s\n", name, value);
        }
      else if (g_str_has_prefix (l, "C: "))
        g_string_append_printf (norm, "C %s\n", l + 3);
    }
  return g_string_free (norm, FALSE);
}

static char *
decoder_tree (PsAxmlDocument *doc,
              gboolean        manifest)
{
  GPtrArray *nodes = ps_axml_document_get_nodes (doc);
  GString *norm = g_string_new (NULL);

  for (guint i = 0; i < nodes->len; i++)
    {
      PsAxmlNode *node = g_ptr_array_index (nodes, i);

      /* aapt indents the manifest one more level, under its namespace line. */
      if (node->kind == PS_AXML_NODE_START)
        {
          g_string_append_printf (norm, "%u E %s %u)\n", node->depth + (manifest ? 1 : 0),
                                  node->name, node->line);
          for (guint a = 0; a < node->attributes->len; a++)
            {
              PsAxmlAttribute *attr = g_ptr_array_index (node->attributes, a);
              g_string_append_printf (norm, "A %s%s=%s\n",
                                      attr->ns ? "android:" : "", attr->name, attr->value);
            }
        }
      else if (node->kind == PS_AXML_NODE_TEXT)
        g_string_append_printf (norm, "C \"%s\"\n", node->text);
    }
  return g_string_free (norm, FALSE);
}

static void
test_axml_aapt (void)
{
  const char *entries[] = { "AndroidManifest.xml", "res/xml/network_security_config.xml" };

  if (!have_aapt ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      g_autoptr(PsAxmlDocument) doc = apk_xml (entries[i]);
      g_autofree char *expected = aapt_xmltree (entries[i]);
      g_autofree char *got = decoder_tree (doc, i == 0);

      g_assert_cmpstr (got, ==, expected);
    }
}

static void
test_axml_manifest (void)
{
  g_autoptr(PsAxmlDocument) doc = NULL;
  g_auto(PsAxmlManifest) manifest = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;

  if (!have_aapt ())
    return;
  doc = apk_xml ("AndroidManifest.xml");
  g_assert_true (ps_axml_get_manifest (doc, &manifest, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (manifest.package, ==, "io.github.pinscope.sample");
  g_assert_cmpstr (manifest.version_name, ==, "1.4.2");
  g_assert_cmpstr (manifest.version_code, ==, "42");
  g_assert_cmphex (manifest.network_security_config >> 24, ==, 0x7f);

  /* The text form is well-formed XML with the android: prefix declared. */
  xml = ps_axml_document_to_xml (doc);
  g_assert_nonnull (strstr (xml, "xmlns:android=\"" PS_AXML_ANDROID_NS "\""));
  g_assert_nonnull (strstr (xml, "android:versionCode=\"42\""));
  g_assert_nonnull (strstr (xml, "android:allowBackup=\"false\""));
  {
    GMarkupParser parser = { 0 };
    g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
    g_assert_true (g_markup_parse_context_parse (context, xml, -1, &error));
    g_assert_true (g_markup_parse_context_end_parse (context, &error));
    g_assert_no_error (error);
  }
}

static char *
name_reference (guint32  id,
                gpointer user_data)
{
  return ps_arsc_get_name (user_data, id, NULL);
}

/* The resource table of the APK against `aapt dump resources`. */
static void
test_arsc_aapt (void)
{
  g_autoptr(GBytes) table = NULL;
  g_autoptr(PsArsc) arsc = NULL;
  g_autoptr(PsAxmlDocument) doc = NULL;
  g_auto(PsAxmlManifest) manifest = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *name = NULL, *raw = NULL, *cmd = NULL, *dump = NULL;
  g_autofree char *expected = NULL;
  guint32 raw_id;
  int status;

  if (!have_aapt ())
    return;
  table = apk_entry ("resources.arsc");
  arsc = ps_arsc_parse (g_bytes_get_data (table, NULL), g_bytes_get_size (table), &error);
  g_assert_no_error (error);
  doc = apk_xml ("AndroidManifest.xml");
  g_assert_true (ps_axml_get_manifest (doc, &manifest, &error));

  path = ps_arsc_resolve_string (arsc, manifest.network_security_config, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, "res/xml/network_security_config.xml");
  name = ps_arsc_get_name (arsc, manifest.network_security_config, &error);
  g_assert_cmpstr (name, ==, "@xml/network_security_config");

  raw_id = ps_arsc_find (arsc, "raw", "pinned_ca");
  g_assert_cmphex (raw_id, !=, 0);
  raw = ps_arsc_resolve_string (arsc, raw_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (raw, ==, "res/raw/pinned_ca.crt");

  /* aapt agrees on the ids. */
  cmd = g_strdup_printf ("aapt dump resources '%s'", sample_apk ());
  dump = ps_test_sh (cmd, &status);
  g_assert_cmpint (status, ==, 0);
  expected = g_strdup_printf ("resource 0x%08x io.github.pinscope.sample:raw/pinned_ca", raw_id);
  g_assert_nonnull (strstr (dump, expected));
  g_free (expected);
  expected = g_strdup_printf ("resource 0x%08x io.github.pinscope.sample:xml/"
                              "network_security_config", manifest.network_security_config);
  g_assert_nonnull (strstr (dump, expected));

  /* Out of range: another package, another type, an entry past the end. */
  for (guint i = 0; i < 3; i++)
    {
      guint32 bad[] = { 0x7e020000, 0x7f7f0000, manifest.network_security_config + 0x100 };
      g_autoptr(GError) bad_error = NULL;
      g_autofree char *none = ps_arsc_resolve_string (arsc, bad[i], &bad_error);

      g_assert_null (none);
      g_assert_error (bad_error, PS_ERROR, PS_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (bad_error->message, "out of range"));
    }
}

/* The compiled Network Security Config, read by the same reader as the source file, gives
 * the same pinset and the same notes (at the same lines). */
static void
test_axml_nsc_same_semantics (void)
{
  g_autoptr(PsAxmlDocument) doc = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *source = NULL;
  g_autofree char *source_path = NULL;
  g_autoptr(GPtrArray) notes_bin = NULL, notes_src = NULL;
  g_autoptr(PsPinset) from_bin = NULL, from_src = NULL;
  g_autoptr(GError) error = NULL;
  const PsFormat *android = ps_format_lookup ("android");

  if (!have_aapt ())
    return;
  doc = apk_xml ("res/xml/network_security_config.xml");
  {
    g_autoptr(GBytes) table = apk_entry ("resources.arsc");
    g_autoptr(PsArsc) arsc = ps_arsc_parse (g_bytes_get_data (table, NULL),
                                            g_bytes_get_size (table), &error);
    g_autofree char *plain = ps_axml_document_to_xml (doc);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (plain, "src=\"@0x7f"));
    xml = ps_axml_document_to_xml_full (doc, name_reference, arsc);
  }
  source_path = g_build_filename (ps_test_testdata (), "builds", "apk", "res", "xml",
                                  "network_security_config.xml", NULL);
  g_assert_true (g_file_get_contents (source_path, &source, NULL, &error));
  from_bin = ps_format_import (android, xml, -1, &notes_bin, &error);
  g_assert_no_error (error);
  from_src = ps_format_import (android, source, -1, &notes_src, &error);
  g_assert_no_error (error);
  g_assert_true (ps_pinset_equal (from_bin, from_src));
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (from_bin)), ==, 2);
  g_assert_cmpuint (notes_bin->len, ==, notes_src->len);
  for (guint i = 0; i < notes_bin->len; i++)
    g_assert_cmpstr (g_ptr_array_index (notes_bin, i), ==, g_ptr_array_index (notes_src, i));
  g_assert_nonnull (strstr (xml, "src=\"@raw/pinned_ca\""));
}

/* Hand-built binary XML and resource tables, for what aapt never writes. */

static void
put16 (GByteArray *out,
       guint16     v)
{
  guint8 b[2] = { v & 0xff, v >> 8 };
  g_byte_array_append (out, b, 2);
}

static void
put32 (GByteArray *out,
       guint32     v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };
  g_byte_array_append (out, b, 4);
}

static void
set32 (GByteArray *out,
       guint       at,
       guint32     v)
{
  out->data[at] = v & 0xff;
  out->data[at + 1] = (v >> 8) & 0xff;
  out->data[at + 2] = (v >> 16) & 0xff;
  out->data[at + 3] = v >> 24;
}

/* A UTF-16 string pool chunk. */
static void
put_pool (GByteArray         *out,
          const char * const *strings)
{
  guint start = out->len, n = g_strv_length ((char **) strings), data_at;

  put16 (out, 0x0001);
  put16 (out, 28);
  put32 (out, 0);
  put32 (out, n);
  put32 (out, 0);
  put32 (out, 0);
  put32 (out, 28 + 4 * n);
  put32 (out, 0);
  data_at = out->len + 4 * n;
  for (guint i = 0; i < n; i++)
    put32 (out, 0);
  for (guint i = 0; i < n; i++)
    {
      glong len;
      g_autofree gunichar2 *u = g_utf8_to_utf16 (strings[i], -1, NULL, &len, NULL);

      set32 (out, start + 28 + 4 * i, out->len - data_at);
      put16 (out, len);
      for (glong c = 0; c < len; c++)
        put16 (out, u[c]);
      put16 (out, 0);
    }
  while (out->len % 4)
    g_byte_array_append (out, (guint8 *) "", 1);
  set32 (out, start + 4, out->len - start);
}

/* Nodes: "S name" start, "E name" end, "T text" text; an attribute follows its start as
 * "A name type data raw" (indexes into @strings, raw -1 for none). */
static GBytes *
build_axml (const char * const *strings,
            const char * const *nodes)
{
  GByteArray *out = g_byte_array_new ();

  put16 (out, 0x0003);
  put16 (out, 8);
  put32 (out, 0);
  put_pool (out, strings);
  for (guint i = 0; nodes[i] != NULL; i++)
    {
      guint start = out->len, n_attrs = 0;
      guint32 arg = g_ascii_strtoull (nodes[i] + 2, NULL, 10);

      for (guint j = i + 1; nodes[j] != NULL && nodes[j][0] == 'A'; j++)
        n_attrs++;
      put16 (out, nodes[i][0] == 'S' ? 0x0102 : nodes[i][0] == 'E' ? 0x0103 : 0x0104);
      put16 (out, 16);
      put32 (out, 0);
      put32 (out, i + 1);
      put32 (out, 0xffffffff);
      if (nodes[i][0] == 'T')
        {
          put32 (out, arg);
          put32 (out, 0x03000008);
          put32 (out, arg);
        }
      else
        {
          put32 (out, 0xffffffff);
          put32 (out, arg);
        }
      if (nodes[i][0] == 'S')
        {
          put16 (out, 20);
          put16 (out, 20);
          put16 (out, n_attrs);
          put16 (out, 0);
          put16 (out, 0);
          put16 (out, 0);
          for (guint a = 0; a < n_attrs; a++)
            {
              g_auto(GStrv) f = g_strsplit (nodes[++i], " ", -1);

              put32 (out, 0xffffffff);
              put32 (out, g_ascii_strtoull (f[1], NULL, 0));
              put32 (out, (guint32) g_ascii_strtoll (f[4], NULL, 0));
              put16 (out, 8);
              g_byte_array_append (out, (guint8 *) "", 1);
              {
                guint8 type = g_ascii_strtoull (f[2], NULL, 0);
                g_byte_array_append (out, &type, 1);
              }
              put32 (out, g_ascii_strtoull (f[3], NULL, 0));
            }
        }
      set32 (out, start + 4, out->len - start);
    }
  set32 (out, 4, out->len);
  return g_byte_array_free_to_bytes (out);
}

static const char * const nsc_strings[] = {
  "network-security-config", "domain-config", "domain", "includeSubdomains",
  "example.com", "pin-set", "pin", "digest", "SHA-256",
  "7HIpactkIAq2Y49orFOOQKurWxmmSFZhBCoQYcRhJ3Y=", NULL,
};

/* A boolean typed value with no raw string, as aapt2 writes them. */
static void
test_axml_typed_boolean (void)
{
  const char *nodes[] = {
    "S 0", "S 1", "S 2", "A 3 0x12 0xffffffff -1", "T 4", "E 2",
    "S 5", "S 6", "A 7 0x03 8 -1", "T 9", "E 6", "E 5", "E 1", "E 0", NULL,
  };
  g_autoptr(GBytes) bytes = build_axml (nsc_strings, nodes);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsAxmlDocument) doc = ps_axml_parse (g_bytes_get_data (bytes, NULL),
                                                 g_bytes_get_size (bytes), &error);
  g_autofree char *xml = NULL;
  g_autoptr(PsPinset) pinset = NULL;
  g_autoptr(PsPinsetRule) rule = NULL;
  g_autoptr(PsPinsetDomain) domain = NULL;

  g_assert_no_error (error);
  xml = ps_axml_document_to_xml (doc);
  g_assert_nonnull (strstr (xml, "<domain includeSubdomains=\"true\">example.com</domain>"));
  pinset = ps_format_import (ps_format_lookup ("android"), xml, -1, NULL, &error);
  g_assert_no_error (error);
  rule = g_list_model_get_item (ps_pinset_get_rules (pinset), 0);
  domain = g_list_model_get_item (ps_pinset_rule_get_domains (rule), 0);
  g_assert_cmpstr (ps_pinset_domain_get_name (domain), ==, "example.com");
  g_assert_true (ps_pinset_domain_get_include_subdomains (domain));
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_pins (rule)), ==, 1);
}

static void
assert_axml_error (const char * const *nodes,
                   const char         *expected)
{
  g_autoptr(GBytes) bytes = build_axml (nsc_strings, nodes);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsAxmlDocument) doc = ps_axml_parse (g_bytes_get_data (bytes, NULL),
                                                 g_bytes_get_size (bytes), &error);

  g_assert_null (doc);
  g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_DATA);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected);
}

static void
test_axml_bad (void)
{
  const char *bad_name[] = { "S 0", "A 99 0x12 0 -1", "E 0", NULL };
  const char *bad_value[] = { "S 0", "A 3 0x03 42 -1", "E 0", NULL };
  const char *bad_raw[] = { "S 0", "A 3 0x12 0 77", "E 0", NULL };
  const char *bad_element[] = { "S 12", "E 12", NULL };
  const char *bad_text[] = { "S 0", "T 1000", "E 0", NULL };
  const char *unclosed[] = { "S 0", "S 1", "E 1", NULL };
  const char *unopened[] = { "S 0", "E 0", "E 0", NULL };

  assert_axml_error (bad_name, "refers to string 99, but the string pool has 10 strings");
  assert_axml_error (bad_value, "string 42");
  assert_axml_error (bad_raw, "string 77");
  assert_axml_error (bad_element, "string 12");
  assert_axml_error (bad_text, "string 1000");
  assert_axml_error (unclosed, "ends inside an element");
  assert_axml_error (unopened, "not started");
}

/* Every truncation and many corruptions of real compiled files: an error or a document,
 * never a crash (the same entry points serve the fuzzers). */
static void
test_res_corrupt (void)
{
  const char *entries[] = { "AndroidManifest.xml", "res/xml/network_security_config.xml",
                            "resources.arsc" };

  if (!have_aapt ())
    return;
  for (guint e = 0; e < G_N_ELEMENTS (entries); e++)
    {
      g_autoptr(GBytes) bytes = apk_entry (entries[e]);
      gsize len;
      const guint8 *data = g_bytes_get_data (bytes, &len);
      g_autofree guint8 *copy = g_memdup2 (data, len);
      gboolean arsc = e == 2;

      for (gsize cut = 0; cut < len; cut++)
        for (guint flip = 0; flip < 2; flip++)
          {
            g_autoptr(GError) error = NULL;
            gsize n = flip ? len : cut;

            if (flip)
              copy[cut] ^= 0xa5;
            if (arsc)
              {
                g_autoptr(PsArsc) table = ps_arsc_parse (copy, n, &error);
                if (table != NULL)
                  {
                    g_autofree char *s = ps_arsc_resolve_string (table, 0x7f020000, NULL);
                    g_autofree char *name = ps_arsc_get_name (table, 0x7f030000, NULL);
                  }
                else
                  g_assert_nonnull (error);
              }
            else
              {
                g_autoptr(PsAxmlDocument) doc = ps_axml_parse (copy, n, &error);
                if (doc != NULL)
                  g_free (ps_axml_document_to_xml (doc));
                else
                  g_assert_nonnull (error);
              }
            if (flip)
              copy[cut] ^= 0xa5;
          }
    }
}

/* A table with one package 0x7f, one type "xml" (id 1) and an entry per value. */
static GBytes *
build_arsc (const guint32 *values,  /* type << 24 | data for strings; full id for refs */
            const guint8  *types,
            guint          n)
{
  const char *globals[] = { "res/xml/a.xml", NULL };
  const char *type_names[] = { "xml", NULL };
  const char *keys[] = { "a", "b", "c", "d", NULL };
  GByteArray *out = g_byte_array_new ();
  guint package, type_at, entries_at;

  put16 (out, 0x0002);
  put16 (out, 12);
  put32 (out, 0);
  put32 (out, 1);
  put_pool (out, globals);
  package = out->len;
  put16 (out, 0x0200);
  put16 (out, 288);
  put32 (out, 0);
  put32 (out, 0x7f);
  for (guint i = 0; i < 128; i++)
    put16 (out, 0);
  put32 (out, 288);
  put32 (out, 1);
  put32 (out, 0);
  put32 (out, 4);
  put32 (out, 0);
  put_pool (out, type_names);
  set32 (out, package + 276, out->len - package);
  put_pool (out, keys);
  type_at = out->len;
  put16 (out, 0x0201);
  put16 (out, 20 + 64);
  put32 (out, 0);
  g_byte_array_append (out, (guint8 *) "\001\0\0\0", 4);
  put32 (out, n);
  put32 (out, 84 + 4 * n);
  put32 (out, 64);
  for (guint i = 0; i < 60; i++)
    g_byte_array_append (out, (guint8 *) "", 1);
  for (guint i = 0; i < n; i++)
    put32 (out, 16 * i);
  entries_at = out->len;
  for (guint i = 0; i < n; i++)
    {
      put16 (out, 8);
      put16 (out, 0);
      put32 (out, i);
      put16 (out, 8);
      g_byte_array_append (out, (guint8 *) "", 1);
      g_byte_array_append (out, &types[i], 1);
      put32 (out, values[i]);
    }
  g_assert_cmpuint (out->len - entries_at, ==, 16 * n);
  set32 (out, type_at + 4, out->len - type_at);
  set32 (out, package + 4, out->len - package);
  set32 (out, 4, out->len);
  return g_byte_array_free_to_bytes (out);
}

static void
test_arsc_bad (void)
{
  const guint32 values[] = { 0x7f010001, 0x7f010000, 0x7f010009, 0, 5, 0x7f010003 };
  const guint8 types[] = { 1, 1, 1, 3, 3, 7 };
  const guint32 self[] = { 0x7f010000 };
  g_autoptr(GBytes) bytes = build_arsc (values, types, 6);
  g_autoptr(GBytes) self_bytes = build_arsc (self, types, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsArsc) arsc = ps_arsc_parse (g_bytes_get_data (bytes, NULL),
                                          g_bytes_get_size (bytes), &error);
  g_autoptr(PsArsc) self_arsc = ps_arsc_parse (g_bytes_get_data (self_bytes, NULL),
                                               g_bytes_get_size (self_bytes), &error);
  char *s;

  g_assert_no_error (error);
  s = ps_arsc_resolve_string (arsc, 0x7f010003, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s, ==, "res/xml/a.xml");
  g_free (s);
  s = ps_arsc_get_name (arsc, 0x7f010003, &error);
  g_assert_cmpstr (s, ==, "@xml/d");
  g_free (s);
  /* A dynamic reference (into a shared library package) is followed too. */
  s = ps_arsc_resolve_string (arsc, 0x7f010005, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s, ==, "res/xml/a.xml");
  g_free (s);

  /* a -> b -> a */
  s = ps_arsc_resolve_string (arsc, 0x7f010000, &error);
  g_assert_null (s);
  g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "cycle"));
  g_clear_error (&error);
  s = ps_arsc_resolve_string (self_arsc, 0x7f010000, &error);
  g_assert_nonnull (strstr (error->message, "cycle"));
  g_clear_error (&error);
  /* c -> an entry past the end */
  s = ps_arsc_resolve_string (arsc, 0x7f010002, &error);
  g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "0x7f010009 is out of range"));
  g_clear_error (&error);
  /* a string index past the value pool */
  s = ps_arsc_resolve_string (arsc, 0x7f010004, &error);
  g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "string 5"));
  g_clear_error (&error);
  /* a key past the key pool: entry 4 has key 4, the pool holds 4 keys */
  s = ps_arsc_get_name (arsc, 0x7f010004, &error);
  g_assert_null (s);
  g_assert_nonnull (strstr (error->message, "string 4"));
}

/* DEX: a minimal valid file (header, string_ids, string data, map list) with the given
 * strings, which must be sorted and unique. dexdump must accept it. */
static GBytes *
build_dex (const char * const *strings)
{
  GByteArray *out = g_byte_array_new ();
  guint n = g_strv_length ((char **) strings), data_off = 0x70 + 4 * n, map_off;
  guint32 a = 1, b = 0;
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize digest_len = sizeof digest;

  g_byte_array_append (out, (guint8 *) "dex\n035\0", 8);
  while (out->len < 0x70)
    g_byte_array_append (out, (guint8 *) "", 1);
  for (guint i = 0; i < n; i++)
    put32 (out, 0);
  for (guint i = 0; i < n; i++)
    {
      guint8 len = strlen (strings[i]);

      g_assert_cmpuint (strlen (strings[i]), <, 128);
      if (i > 0)
        g_assert_cmpint (strcmp (strings[i - 1], strings[i]), <, 0);
      set32 (out, 0x70 + 4 * i, out->len);
      g_byte_array_append (out, &len, 1);
      g_byte_array_append (out, (guint8 *) strings[i], len + 1);
    }
  while (out->len % 4)
    g_byte_array_append (out, (guint8 *) "", 1);
  map_off = out->len;
  put32 (out, 4);
  put16 (out, 0x0000); put16 (out, 0); put32 (out, 1); put32 (out, 0);
  put16 (out, 0x0001); put16 (out, 0); put32 (out, n); put32 (out, 0x70);
  put16 (out, 0x2002); put16 (out, 0); put32 (out, n); put32 (out, data_off);
  put16 (out, 0x1000); put16 (out, 0); put32 (out, 1); put32 (out, map_off);

  set32 (out, 32, out->len);
  set32 (out, 36, 0x70);
  set32 (out, 40, 0x12345678);
  set32 (out, 52, map_off);
  set32 (out, 56, n);
  set32 (out, 60, 0x70);
  set32 (out, 104, out->len - data_off);
  set32 (out, 108, data_off);
  g_checksum_update (sha1, out->data + 32, out->len - 32);
  g_checksum_get_digest (sha1, digest, &digest_len);
  memcpy (out->data + 12, digest, 20);
  for (guint i = 12; i < out->len; i++)
    {
      a = (a + out->data[i]) % 65521;
      b = (b + a) % 65521;
    }
  set32 (out, 8, (b << 16) | a);
  return g_byte_array_free_to_bytes (out);
}

static const char * const dex_strings[] = {
  "<init>", PIN_C, "Lokhttp3/CertificatePinner$Builder;", "api.example.com",
  "hello world", "sha1/" SHA1_PIN, "sha256/" PIN_A, "sha256/tooshort=", NULL,
};

static void
test_dex_strings (void)
{
  g_autoptr(GBytes) dex = build_dex (dex_strings);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) strings = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *dexdump = g_find_program_in_path ("dexdump");
  guint skipped = 1;
  PsPinLiteral *literal;
  g_autofree char *b64 = NULL;

  strings = ps_dex_read_strings (g_bytes_get_data (dex, NULL), g_bytes_get_size (dex), &skipped,
                                 &error);
  g_assert_no_error (error);
  g_assert_cmpuint (skipped, ==, 0);
  g_assert_cmpuint (strings->len, ==, g_strv_length ((char **) dex_strings));
  for (guint i = 0; i < strings->len; i++)
    g_assert_cmpstr (g_ptr_array_index (strings, i), ==, dex_strings[i]);

  found = ps_pin_scan_strings (strings);
  g_assert_cmpuint (found->len, ==, 3);
  literal = g_ptr_array_index (found, 0);
  g_assert_cmpstr (literal->text, ==, PIN_C);   /* bare, with a host-like string in the table */
  g_assert_null (literal->host);
  g_assert_cmpuint (literal->offset, ==, 1);
  literal = g_ptr_array_index (found, 1);
  g_assert_cmpstr (literal->text, ==, "sha1/" SHA1_PIN);
  g_assert_cmpint (ps_pin_get_algorithm (literal->pin), ==, PS_PIN_SHA1);
  literal = g_ptr_array_index (found, 2);
  g_assert_cmpstr (literal->text, ==, "sha256/" PIN_A);
  b64 = ps_pin_to_base64 (literal->pin);
  g_assert_cmpstr (b64, ==, PIN_A);
  g_assert_null (literal->host);

  /* dexdump (ART's) accepts the file: checksum, header and map list are right. */
  if (dexdump == NULL)
    g_test_skip ("dexdump is not installed");
  else
    {
      g_autofree char *dir = ps_test_mkdtemp ();
      g_autofree char *path = g_build_filename (dir, "classes.dex", NULL);
      g_autofree char *cmd = g_strdup_printf ("dexdump -f '%s' 2>&1", path);
      g_autofree char *out = NULL;
      int status;

      g_assert_true (g_file_set_contents (path, g_bytes_get_data (dex, NULL),
                                          g_bytes_get_size (dex), &error));
      out = ps_test_sh (cmd, &status);
      if (status != 0 || strstr (out, "string_ids_size     : 8") == NULL)
        g_error ("dexdump refused the DEX file: %s", out);
      ps_test_rm_rf (dir);
    }
}

static void
test_dex_bad (void)
{
  g_autoptr(GBytes) dex = build_dex (dex_strings);
  gsize len;
  const guint8 *data = g_bytes_get_data (dex, &len);
  g_autofree guint8 *copy = g_memdup2 (data, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = NULL;

  /* The string table points past the end. */
  copy[63] = 0x10;
  none = ps_dex_read_strings (copy, len, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "runs past the file"));
  g_clear_error (&error);
  copy[63] = data[63];
  /* A string offset past the end. */
  copy[0x70 + 3] = 0x7f;
  none = ps_dex_read_strings (copy, len, NULL, &error);
  g_assert_nonnull (strstr (error->message, "DEX string 0 lies outside the file"));
  g_clear_error (&error);
  copy[0x70 + 3] = 0;
  /* Truncated. */
  none = ps_dex_read_strings (copy, len - 10, NULL, &error);
  g_assert_nonnull (strstr (error->message, "truncated"));
  g_clear_error (&error);

  for (gsize at = 0; at < len; at++)
    for (guint flip = 0; flip < 2; flip++)
      {
        g_autoptr(GPtrArray) strings = NULL;

        if (flip)
          copy[at] ^= 0xff;
        strings = ps_dex_read_strings (copy, flip ? len : at, NULL, NULL);
        if (strings != NULL)
          g_ptr_array_unref (ps_pin_scan_strings (strings));
        if (flip)
          copy[at] ^= 0xff;
      }
}

static void
test_scan_bytes (void)
{
  const char *bundle =
    "var a=require(7);new a.CertificatePinner.Builder().add(\"api.example.com\", "
    "\"sha256/" PIN_A "\",\n  'sha256/" PIN_B "').build();"
    "var lonely=\"sha256/" PIN_C "\";var bad=\"sha256/" PIN_A "xyz\";"
    "var s='sha256/notbase64!';";
  g_autoptr(GPtrArray) found = ps_pin_scan_bytes ((const guint8 *) bundle, strlen (bundle));
  g_autoptr(GByteArray) binary = g_byte_array_new ();
  g_autoptr(GPtrArray) in_binary = NULL;
  PsPinLiteral *literal;

  g_assert_cmpuint (found->len, ==, 4);
  literal = g_ptr_array_index (found, 0);
  g_assert_cmpstr (literal->text, ==, "sha256/" PIN_A);
  g_assert_cmpstr (literal->host, ==, "api.example.com");
  g_assert_cmpuint (literal->offset, ==, strstr (bundle, "sha256/") - bundle);
  literal = g_ptr_array_index (found, 1);
  g_assert_cmpstr (literal->text, ==, "sha256/" PIN_B);
  g_assert_cmpstr (literal->host, ==, "api.example.com");
  literal = g_ptr_array_index (found, 2);
  g_assert_cmpstr (literal->text, ==, "sha256/" PIN_C);
  g_assert_null (literal->host);   /* nothing proves a host */
  /* The fixed-length literal is found even when text runs on after it. */
  literal = g_ptr_array_index (found, 3);
  g_assert_cmpstr (literal->text, ==, "sha256/" PIN_A);
  g_assert_null (literal->host);

  /* Binary: length-prefixed strings as in a Dart snapshot (libapp.so); a bare pin counts
   * only with a host-like string near it. */
  g_byte_array_append (binary, (guint8 *) "\x7f" "ELF\x02\x01", 6);
  g_byte_array_append (binary, (guint8 *) "Xsha256/" PIN_B "Q", 53);
  for (guint i = 0; i < 600; i++)
    g_byte_array_append (binary, (guint8 *) "\x01", 1);
  g_byte_array_append (binary, (guint8 *) "\x00" PIN_C "\x00", 46);
  for (guint i = 0; i < 600; i++)
    g_byte_array_append (binary, (guint8 *) "\x02", 1);
  g_byte_array_append (binary, (guint8 *) "\x00pins.example.net\x00" PIN_A "\x00", 63);
  in_binary = ps_pin_scan_bytes (binary->data, binary->len);
  g_assert_cmpuint (in_binary->len, ==, 2);
  literal = g_ptr_array_index (in_binary, 0);
  g_assert_cmpstr (literal->text, ==, "sha256/" PIN_B);
  g_assert_null (literal->host);
  literal = g_ptr_array_index (in_binary, 1);
  g_assert_cmpstr (literal->text, ==, PIN_A);
  g_assert_null (literal->host);

  g_assert_true (ps_pin_scan_is_host_like ("api.example.com", 15));
  g_assert_true (ps_pin_scan_is_host_like ("*.example.com", 13));
  g_assert_false (ps_pin_scan_is_host_like ("example", 7));
  g_assert_false (ps_pin_scan_is_host_like ("1.2.3.4", 7));
  g_assert_false (ps_pin_scan_is_host_like ("a..b.com", 8));
}

/* Whole builds. */

static void
assert_has_note (PsBuild    *build,
                 const char *part)
{
  const char * const *notes = ps_build_get_notes (build);

  for (guint i = 0; notes[i] != NULL; i++)
    if (strstr (notes[i], part) != NULL)
      return;
  for (guint i = 0; notes[i] != NULL; i++)
    g_printerr ("note: %s\n", notes[i]);
  g_error ("no note says “%s”", part);
}

static PsBuildPin *
find_code_pin (PsBuild    *build,
               const char *text,
               const char *file)
{
  GListModel *pins = ps_build_get_code_pins (build);

  for (guint i = 0; i < g_list_model_get_n_items (pins); i++)
    {
      g_autoptr(PsBuildPin) pin = g_list_model_get_item (pins, i);

      if (g_str_equal (ps_build_pin_get_text (pin), text) &&
          g_str_equal (ps_build_pin_get_file (pin), file))
        return pin;
    }
  g_error ("no code pin %s in %s", text, file);
  return NULL;
}

static void
test_build_apk (void)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(PsBuild) build = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPinsetRule) rule = NULL;
  g_autoptr(PsPinsetDomain) domain = NULL;
  g_autoptr(PsBuildAnchor) anchor = NULL;
  g_autoptr(PsBuildSource) source = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *expected_pin = NULL;
  g_autofree char *anchor_pin = NULL;
  g_autofree char *expiration = NULL;
  PsPinset *pinset;
  PsBuildPin *pin;

  if (!have_aapt ())
    return;
  file = g_file_new_for_path (sample_apk ());
  build = ps_build_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ps_build_get_platform (build), ==, PS_BUILD_PLATFORM_ANDROID);
  g_assert_cmpstr (ps_build_get_id (build), ==, "io.github.pinscope.sample");
  g_assert_cmpstr (ps_build_get_version (build), ==, "1.4.2");
  g_assert_cmpstr (ps_build_get_version_code (build), ==, "42");
  /* android:label="@string/app_name", through resources.arsc: the default configuration's
   * value, not res/values-de's "Pinscope-Beispiel". */
  g_assert_cmpstr (ps_build_get_name (build), ==, "Pinscope sample");

  pinset = ps_build_get_pinset (build);
  g_assert_cmpstr (ps_pinset_get_name (pinset), ==, "io.github.pinscope.sample 1.4.2");
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (pinset)), ==, 2);
  rule = g_list_model_get_item (ps_pinset_get_rules (pinset), 0);
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_domains (rule)), ==, 2);
  domain = g_list_model_get_item (ps_pinset_rule_get_domains (rule), 0);
  g_assert_cmpstr (ps_pinset_domain_get_name (domain), ==, "api.example.com");
  g_assert_true (ps_pinset_domain_get_include_subdomains (domain));
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_pins (rule)), ==, 2);
  expiration = g_date_time_format (ps_pinset_rule_get_expiration (rule), "%Y-%m-%d");
  g_assert_cmpstr (expiration, ==, "2027-06-30");
  g_clear_object (&rule);
  g_clear_object (&domain);
  /* The nested domain-config inherits the pin-set. */
  rule = g_list_model_get_item (ps_pinset_get_rules (pinset), 1);
  domain = g_list_model_get_item (ps_pinset_rule_get_domains (rule), 0);
  g_assert_cmpstr (ps_pinset_domain_get_name (domain), ==, "eu.api.example.com");
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_pins (rule)), ==, 2);

  /* Provenance: the file and the line of each rule's domain-config. */
  source = g_list_model_get_item (ps_build_get_sources (build), 2);
  g_assert_cmpint (ps_build_source_get_rule (source), ==, 0);
  g_assert_cmpstr (ps_build_source_get_path (source), ==, "res/xml/network_security_config.xml");
  g_assert_cmpuint (ps_build_source_get_line (source), ==, 9);
  g_clear_object (&source);
  source = g_list_model_get_item (ps_build_get_sources (build), 3);
  g_assert_cmpint (ps_build_source_get_rule (source), ==, 1);
  g_assert_cmpuint (ps_build_source_get_line (source), ==, 19);

  /* The bundled certificate is a trust anchor that overrides the pins; its pin agrees
   * with openssl's. */
  g_assert_cmpuint (g_list_model_get_n_items (ps_build_get_anchors (build)), ==, 1);
  anchor = g_list_model_get_item (ps_build_get_anchors (build), 0);
  g_assert_cmpstr (ps_build_anchor_get_file (anchor), ==, "res/raw/pinned_ca.crt");
  g_assert_cmpstr (ps_build_anchor_get_scope (anchor), ==, "api.example.com, auth.example.com");
  g_assert_true (ps_build_anchor_get_override_pins (anchor));
  cert = g_build_filename (ps_test_testdata (), "realworld", "badssl", "interception-roots",
                           "ca-edellroot.crt", NULL);
  expected_pin = ps_test_openssl_pin (cert);
  anchor_pin = ps_pin_to_base64 (ps_pinset_pin_get_pin (ps_build_anchor_get_pin (anchor)));
  g_assert_cmpstr (anchor_pin, ==, expected_pin);
  /* The bundled anchor with overridePins is kept in the model, where check and lint see it. */
  {
    g_autoptr(PsPinsetRule) first = g_list_model_get_item (ps_pinset_get_rules (pinset), 0);
    GListModel *anchors = ps_pinset_rule_get_anchors (first);
    gboolean overriding = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (anchors); i++)
      {
        g_autoptr(PsPinsetAnchor) a = g_list_model_get_item (anchors, i);

        if (g_strcmp0 (ps_pinset_anchor_get_source (a), "@raw/pinned_ca") == 0)
          overriding = ps_pinset_anchor_get_override_pins (a);
      }
    g_assert_true (overriding);
  }

  /* Pins in code: the DEX table (host unknown) and the React Native bundle (host proven). */
  g_assert_cmpuint (g_list_model_get_n_items (ps_build_get_code_pins (build)), ==, 5);
  pin = find_code_pin (build, "sha256/" PIN_A, "classes.dex");
  g_assert_null (ps_build_pin_get_host (pin));
  pin = find_code_pin (build, "sha1/" SHA1_PIN, "classes.dex");
  g_assert_cmpint (ps_pin_get_algorithm (ps_build_pin_get_pin (pin)), ==, PS_PIN_SHA1);
  find_code_pin (build, PIN_C, "classes.dex");
  pin = find_code_pin (build, "sha256/" PIN_B, "assets/index.android.bundle");
  g_assert_cmpstr (ps_build_pin_get_host (pin), ==, "rn.example.com");
  /* Flutter: a host string next to the pin proves nothing. */
  pin = find_code_pin (build, "sha256/" PIN_C, "lib/arm64-v8a/libapp.so");
  g_assert_null (ps_build_pin_get_host (pin));
  g_assert_cmpuint (ps_build_pin_get_offset (pin), ==, 9);

  /* The JSON form carries the same, and its pinset reads back equal. */
  {
    g_autofree char *json = ps_build_to_json (build);
    g_autoptr(JsonNode) node = json_from_string (json, &error);
    JsonObject *object;
    JsonArray *code_pins;
    g_autofree char *pinset_json = NULL;
    g_autoptr(PsPinset) back = NULL;

    g_assert_no_error (error);
    object = json_node_get_object (node);
    g_assert_cmpstr (json_object_get_string_member (object, "platform"), ==, "android");
    g_assert_cmpstr (json_object_get_string_member (object, "id"), ==,
                     "io.github.pinscope.sample");
    g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Pinscope sample");
    code_pins = json_object_get_array_member (object, "code_pins");
    g_assert_cmpuint (json_array_get_length (code_pins), ==, 5);
    for (guint i = 0; i < json_array_get_length (code_pins); i++)
      {
        JsonObject *code_pin = json_array_get_object_element (code_pins, i);
        gboolean bundle = g_str_equal (json_object_get_string_member (code_pin, "file"),
                                       "assets/index.android.bundle");

        g_assert_true (json_object_get_null_member (code_pin, "host") != bundle);
      }
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "anchors")),
                      ==, 1);
    pinset_json = json_to_string (json_object_get_member (object, "pinset"), FALSE);
    back = ps_pinset_new_from_json (pinset_json, -1, &error);
    g_assert_no_error (error);
    g_assert_true (ps_pinset_equal (back, pinset));
  }
}

/* The command line reads a build like any configuration: import writes its pinset, and the
 * notes on standard error say where each part was found and which pins sit in code. */
static void
test_build_cli (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(PsPinset) pinset = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!have_aapt ())
    return;

  status = ps_test_cli (&out, &err, "import", sample_apk (), NULL);
  g_assert_cmpint (status, ==, 0);
  pinset = ps_pinset_new_from_json (out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ps_pinset_get_name (pinset), ==, "io.github.pinscope.sample 1.4.2");
  g_assert_cmpstr (ps_pinset_get_source_format (pinset), ==, "android");
  g_assert_nonnull (strstr (err, "Android build “Pinscope sample” (io.github.pinscope.sample), "
                                 "version 1.4.2"));
  g_assert_nonnull (strstr (err, "res/xml/network_security_config.xml"));
  g_assert_nonnull (strstr (err, "pin in code, host unknown: sha256/" PIN_A " (in classes.dex)"));
  g_assert_nonnull (strstr (err, "pin in code for rn.example.com: sha256/" PIN_B));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* check lints the build's pinset directly. */
  status = ps_test_cli (&out, &err, "check", "--json", sample_apk (), NULL);
  g_assert_cmpint (status, !=, 2);
  g_assert_nonnull (strstr (out, "\"findings\""));
}

/* Corrupted and truncated copies of the real APK: a build or an error, never a crash. */
static void
test_build_corrupt (void)
{
  g_autofree char *contents = NULL;
  gsize len;
  guint n_builds = 0, n_errors = 0;

  if (!have_aapt ())
    return;
  g_assert_true (g_file_get_contents (sample_apk (), &contents, &len, NULL));
  for (gsize at = 0; at < len; at += 11)
    for (guint kind = 0; kind < 2; kind++)
      {
        g_autoptr(GBytes) bytes = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(PsBuild) build = NULL;

        if (kind == 0)
          contents[at] ^= 0x41;
        bytes = g_bytes_new (contents, kind == 0 ? len : at);
        build = ps_build_new_from_bytes (bytes, &error);
        g_assert_true ((build == NULL) == (error != NULL));
        if (build != NULL)
          n_builds++;
        else
          n_errors++;
        if (kind == 0)
          contents[at] ^= 0x41;
      }
  g_test_message ("%u builds, %u errors", n_builds, n_errors);
  g_assert_cmpuint (n_errors, >, 0);
  g_assert_cmpuint (n_builds, >, 0);
}

/* A Mach-O 64 executable with an LC_ENCRYPTION_INFO_64 command and some text. */
static GBytes *
build_macho (guint32     cryptid,
             const char *text)
{
  GByteArray *out = g_byte_array_new ();

  put32 (out, 0xfeedfacf);
  put32 (out, 0x0100000c);  /* arm64 */
  put32 (out, 0);
  put32 (out, 2);           /* MH_EXECUTE */
  put32 (out, 1);
  put32 (out, 24);
  put32 (out, 0);
  put32 (out, 0);
  put32 (out, 0x2c);
  put32 (out, 24);
  put32 (out, 0x4000);
  put32 (out, 0x1000);
  put32 (out, cryptid);
  put32 (out, 0);
  g_byte_array_append (out, (const guint8 *) text, strlen (text) + 1);
  return g_byte_array_free_to_bytes (out);
}

#define INFO_PLIST \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\"><dict>" \
  "<key>CFBundleIdentifier</key><string>io.github.pinscope.ios</string>" \
  "<key>CFBundleDisplayName</key><string>\t Pinscope&#x202E; iOS\n</string>" \
  "<key>CFBundleName</key><string>PinscopeiOS</string>" \
  "<key>CFBundleShortVersionString</key><string>2.0</string>" \
  "<key>CFBundleVersion</key><string>200</string>" \
  "<key>CFBundleExecutable</key><string>Sample</string>" \
  "<key>NSAppTransportSecurity</key><dict><key>NSPinnedDomains</key><dict>" \
  "<key>api.example.com</key><dict><key>NSIncludesSubdomains</key><true/>" \
  "<key>NSPinnedLeafIdentities</key><array>" \
  "<dict><key>SPKI-SHA256-BASE64</key><string>" PIN_A "</string></dict>" \
  "<dict><key>SPKI-SHA256-BASE64</key><string>" PIN_B "</string></dict>" \
  "</array></dict></dict></dict>" \
  "<key>TSKConfiguration</key><dict><key>TSKPinnedDomains</key><dict>" \
  "<key>pay.example.net</key><dict><key>TSKPublicKeyHashes</key><array>" \
  "<string>" PIN_C "</string><string>" PIN_A "</string></array></dict>" \
  "</dict></dict></dict></plist>\n"

static void
test_build_ipa (void)
{
  g_autofree char *zip_tool = g_find_program_in_path ("zip");
  g_autofree char *plistutil = g_find_program_in_path ("plistutil");
  g_autofree char *dir = NULL, *app = NULL, *cmd = NULL, *out = NULL, *ipa = NULL;
  g_autofree char *plist = NULL, *bin = NULL, *fw = NULL;
  g_autoptr(GBytes) exe = build_macho (1, "sha256/" PIN_C " api.example.com");
  g_autoptr(GBytes) lib = build_macho (0, "pin\001sha256/" PIN_B "\001hosts.example.org");
  g_autoptr(GFile) file = NULL;
  g_autoptr(PsBuild) build = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPinsetRule) rule = NULL;
  g_autoptr(PsBuildSource) source = NULL;
  PsBuildPin *pin;
  int status;

  if (zip_tool == NULL || plistutil == NULL)
    {
      g_test_skip ("zip or plistutil is not installed");
      return;
    }
  dir = ps_test_mkdtemp ();
  app = g_build_filename (dir, "Payload", "Sample.app", NULL);
  fw = g_build_filename (app, "Frameworks", "Net.framework", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fw, 0700), ==, 0);
  plist = g_build_filename (dir, "Info.xml", NULL);
  bin = g_build_filename (app, "Info.plist", NULL);
  g_assert_true (g_file_set_contents (plist, INFO_PLIST, -1, NULL));
  g_free (cmd);
  cmd = g_strdup_printf ("plistutil -f bin -i '%s' -o '%s' && head -c 8 '%s'", plist, bin, bin);
  out = ps_test_sh (cmd, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "bplist00");
  g_free (ipa);
  ipa = g_build_filename (app, "Sample", NULL);
  g_assert_true (g_file_set_contents (ipa, g_bytes_get_data (exe, NULL), g_bytes_get_size (exe),
                                      NULL));
  g_free (ipa);
  ipa = g_build_filename (fw, "Net", NULL);
  g_assert_true (g_file_set_contents (ipa, g_bytes_get_data (lib, NULL), g_bytes_get_size (lib),
                                      NULL));
  g_free (ipa);
  ipa = g_build_filename (dir, "sample.ipa", NULL);
  g_free (cmd);
  g_free (out);
  cmd = g_strdup_printf ("cd '%s' && zip -qr sample.ipa Payload 2>&1", dir);
  out = ps_test_sh (cmd, &status);
  g_assert_cmpint (status, ==, 0);

  file = g_file_new_for_path (ipa);
  build = ps_build_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ps_build_get_platform (build), ==, PS_BUILD_PLATFORM_IOS);
  g_assert_cmpstr (ps_build_get_id (build), ==, "io.github.pinscope.ios");
  g_assert_cmpstr (ps_build_get_version (build), ==, "2.0");
  g_assert_cmpstr (ps_build_get_version_code (build), ==, "200");
  /* CFBundleDisplayName before CFBundleName; its tab, line break and right-to-left
   * override are gone. */
  g_assert_cmpstr (ps_build_get_name (build), ==, "Pinscope iOS");
  g_assert_cmpstr (ps_pinset_get_name (ps_build_get_pinset (build)), ==,
                   "io.github.pinscope.ios 2.0");

  /* ATS first, then TrustKit, each rule with its source. */
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (ps_build_get_pinset (build))),
                    ==, 2);
  rule = g_list_model_get_item (ps_pinset_get_rules (ps_build_get_pinset (build)), 0);
  g_assert_true (ps_pinset_rule_covers (rule, "eu.api.example.com"));
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_rule_get_pins (rule)), ==, 2);
  g_clear_object (&rule);
  rule = g_list_model_get_item (ps_pinset_get_rules (ps_build_get_pinset (build)), 1);
  g_assert_true (ps_pinset_rule_covers (rule, "pay.example.net"));
  source = g_list_model_get_item (ps_build_get_sources (build), 2);
  g_assert_cmpint (ps_build_source_get_rule (source), ==, 1);
  g_assert_cmpstr (ps_build_source_get_path (source), ==, "Payload/Sample.app/Info.plist");
  g_assert_nonnull (strstr (ps_build_source_get_what (source), "TSKConfiguration"));

  /* The encrypted executable is not scanned and says so; the framework is. */
  assert_has_note (build, "Payload/Sample.app/Sample is FairPlay-encrypted");
  g_assert_cmpuint (g_list_model_get_n_items (ps_build_get_code_pins (build)), ==, 1);
  pin = find_code_pin (build, "sha256/" PIN_B, "Payload/Sample.app/Frameworks/Net.framework/Net");
  g_assert_null (ps_build_pin_get_host (pin));
  ps_test_rm_rf (dir);
}

#define EXTENSION_PLIST \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\"><dict>" \
  "<key>CFBundleIdentifier</key><string>io.github.pinscope.ios.share</string>" \
  "<key>NSAppTransportSecurity</key><dict><key>NSPinnedDomains</key><dict>" \
  "<key>share.example.com</key><dict><key>NSPinnedCAIdentities</key><array>" \
  "<dict><key>SPKI-SHA256-BASE64</key><string>" PIN_C "</string></dict>" \
  "</array></dict></dict></dict></dict></plist>\n"

/* An XML Info.plist, an app extension with its own ATS pins, no executable. */
static void
test_build_ipa_extension (void)
{
  const char *files[] = {
    "Payload/Sample.app/Info.plist", INFO_PLIST,
    "Payload/Sample.app/PlugIns/Share.appex/Info.plist", EXTENSION_PLIST,
    NULL,
  };
  g_autoptr(GBytes) bytes = make_zip (files);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsBuild) build = ps_build_new_from_bytes (bytes, &error);
  g_autoptr(PsPinsetRule) rule = NULL;
  g_autoptr(PsBuildSource) source = NULL;
  GListModel *sources;

  g_assert_no_error (error);
  g_assert_cmpstr (ps_build_get_id (build), ==, "io.github.pinscope.ios");
  g_assert_cmpstr (ps_build_get_name (build), ==, "Pinscope iOS");
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (ps_build_get_pinset (build))),
                    ==, 3);
  rule = g_list_model_get_item (ps_pinset_get_rules (ps_build_get_pinset (build)), 2);
  g_assert_true (ps_pinset_rule_covers (rule, "share.example.com"));
  sources = ps_build_get_sources (build);
  source = g_list_model_get_item (sources, g_list_model_get_n_items (sources) - 1);
  g_assert_cmpint (ps_build_source_get_rule (source), ==, 2);
  g_assert_cmpstr (ps_build_source_get_path (source), ==,
                   "Payload/Sample.app/PlugIns/Share.appex/Info.plist");
  assert_has_note (build, "The executable Payload/Sample.app/Sample is not in the build");
}

static void
test_build_bad (void)
{
  /* A binary plist whose array holds itself. */
  static const guint8 loop[] = {
    'b', 'p', 'l', 'i', 's', 't', '0', '0', 0xa1, 0x00, 8,
    0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 10,
  };
  g_autofree char *loop_text = g_strndup ((const char *) loop, sizeof loop);
  const char *files[] = { "Payload/Loop.app/Info.plist", loop_text, NULL };
  const char *neither[] = { "README", "hello", NULL };
  const char *bad_manifest[] = { "AndroidManifest.xml", "<manifest/>", NULL };
  const char *aab[] = { "base/manifest/AndroidManifest.xml", "protobuf", NULL };
  const char *cases[][5] = {
    { "Payload/Loop.app/Info.plist", "reference loops" },
    { "README", "neither an APK" },
    { "AndroidManifest.xml", "Not Android binary XML" },
    { "base/manifest/AndroidManifest.xml", "Android protobuf XML" },
  };
  const char * const *zips[] = { files, neither, bad_manifest, aab };

  for (guint i = 0; i < G_N_ELEMENTS (zips); i++)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(PsBuild) build = NULL;

      /* The loop plist holds NUL bytes: written by length, not as a C string. */
      if (i == 0)
        {
          struct archive *a = archive_write_new ();
          struct archive_entry *ae = archive_entry_new ();
          gsize size = 4096, used = 0;
          guint8 *buffer = g_malloc (size);

          archive_write_set_format_zip (a);
          archive_write_open_memory (a, buffer, size, &used);
          archive_entry_set_pathname (ae, files[0]);
          archive_entry_set_filetype (ae, AE_IFREG);
          archive_entry_set_size (ae, sizeof loop);
          archive_write_header (a, ae);
          archive_write_data (a, loop, sizeof loop);
          archive_entry_free (ae);
          archive_write_close (a);
          archive_write_free (a);
          bytes = g_bytes_new_take (buffer, used);
        }
      else
        bytes = make_zip (zips[i]);
      build = ps_build_new_from_bytes (bytes, &error);
      g_assert_null (build);
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i][1]) == NULL)
        g_error ("“%s” does not say “%s”", error->message, cases[i][1]);
    }
  {
    const char *bomb[] = { "AndroidManifest.xml", "ZEROS:60000000", NULL };
    g_autoptr(GBytes) bytes = make_zip (bomb);
    g_autoptr(GError) error = NULL;
    g_autoptr(PsBuild) build = ps_build_new_from_bytes (bytes, &error);

    g_assert_null (build);
    g_assert_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED);
    g_assert_nonnull (strstr (error->message, "zip bomb"));
  }
  {
    g_autoptr(GBytes) text = g_bytes_new_static ("not a zip", 9);
    g_autoptr(GError) error = NULL;
    g_autoptr(PsBuild) build = ps_build_new_from_bytes (text, &error);

    g_assert_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED);
  }
}

static void
put32be (GByteArray *out,
         guint32     v)
{
  guint8 b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };
  g_byte_array_append (out, b, 4);
}

static void
test_macho (void)
{
  g_autoptr(GBytes) plain = build_macho (0, "text");
  g_autoptr(GBytes) encrypted = build_macho (1, "text");
  g_autoptr(GByteArray) fat = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  const guint8 java[] = { 0xca, 0xfe, 0xba, 0xbe, 0x00, 0x00, 0x00, 0x34, 0, 0 };
  gsize plain_len = g_bytes_get_size (plain);

  g_assert_cmpint (ps_macho_check (g_bytes_get_data (plain, NULL), plain_len, &error), ==,
                   PS_MACHO_PLAIN);
  g_assert_cmpint (ps_macho_check (g_bytes_get_data (encrypted, NULL),
                                   g_bytes_get_size (encrypted), &error), ==,
                   PS_MACHO_ENCRYPTED);
  g_assert_no_error (error);

  /* A universal file: a plain slice and an encrypted one. */
  put32be (fat, 0xcafebabe);
  put32be (fat, 2);
  for (guint i = 0; i < 2; i++)
    {
      put32be (fat, 0x0100000c);
      put32be (fat, 0);
      put32be (fat, 4096 * (i + 1));
      put32be (fat, plain_len);
      put32be (fat, 12);
    }
  g_byte_array_set_size (fat, 4096 * 2 + plain_len);
  memcpy (fat->data + 4096, g_bytes_get_data (plain, NULL), plain_len);
  memcpy (fat->data + 8192, g_bytes_get_data (encrypted, NULL), plain_len);
  g_assert_cmpint (ps_macho_check (fat->data, fat->len, &error), ==, PS_MACHO_ENCRYPTED);
  g_assert_no_error (error);
  /* A slice past the end of the file. */
  g_assert_cmpint (ps_macho_check (fat->data, fat->len - 10, &error), ==, PS_MACHO_NONE);
  g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_DATA);
  g_clear_error (&error);
  /* Load commands cut short. */
  g_assert_cmpint (ps_macho_check (g_bytes_get_data (plain, NULL), 40, &error), ==,
                   PS_MACHO_NONE);
  g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_DATA);
  g_clear_error (&error);
  /* A Java class file shares the fat magic. */
  g_assert_cmpint (ps_macho_check (java, sizeof java, &error), ==, PS_MACHO_NONE);
  g_assert_no_error (error);
  for (gsize cut = 0; cut < fat->len; cut += 97)
    {
      ps_macho_check (fat->data, cut, &error);
      g_clear_error (&error);
    }
}

/* A manifest without android:networkSecurityConfig: an empty pinset and a note. */
static void
test_build_no_config (void)
{
  g_autofree char *dir = NULL, *cmd = NULL, *out = NULL, *apk = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(PsBuild) build = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!have_aapt ())
    return;
  dir = ps_test_mkdtemp ();
  cmd = g_strdup_printf ("cd '%s' && printf '%%s' '<manifest xmlns:android=\""
                         PS_AXML_ANDROID_NS "\" package=\"org.example.plain\" "
                         "android:versionName=\"3\"><application/></manifest>' "
                         "> AndroidManifest.xml && aapt package -M AndroidManifest.xml -I "
                         FRAMEWORK_RES " -F plain.apk 2>&1", dir);
  out = ps_test_sh (cmd, &status);
  g_assert_cmpint (status, ==, 0);
  apk = g_build_filename (dir, "plain.apk", NULL);
  file = g_file_new_for_path (apk);
  build = ps_build_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ps_build_get_id (build), ==, "org.example.plain");
  g_assert_cmpstr (ps_pinset_get_name (ps_build_get_pinset (build)), ==, "org.example.plain 3");
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (ps_build_get_pinset (build))),
                    ==, 0);
  assert_has_note (build, "names no network security config");
  ps_test_rm_rf (dir);
}

/* Names are display text from an untrusted file. */
static void
test_build_sanitize_name (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "Example", "Example" },
    { "  Spaced \t out\r\n  app  ", "Spaced out app" },
    { "Line\xe2\x80\xa8" "break", "Line break" },         /* U+2028 */
    { "\x1b[31mRed\x07", "[31mRed" },                    /* escape sequences lose ESC */
    { "gpj.\xe2\x80\xae" "exe", "gpj.exe" },              /* U+202E right-to-left override */
    { "\xe2\x81\xa6" "Isolated\xe2\x81\xa9", "Isolated" }, /* U+2066, U+2069 */
    { "\xef\xbb\xbf" "Bom", "Bom" },                      /* U+FEFF */
    { "Caf\xc3\xa9 \xe2\x98\x95", "Caf\xc3\xa9 \xe2\x98\x95" },
    { "", NULL },
    { " \t\n", NULL },
    { "\x01\x02\x7f", NULL },
    { "Bad \xff byte", NULL },                            /* invalid UTF-8: no name at all */
    { "Cut \xe2\x82", NULL },                             /* a sequence cut short */
    { "\xed\xa0\x80", NULL },                             /* a UTF-16 surrogate */
  };
  g_autoptr(GString) long_name = g_string_new (NULL);
  g_autofree char *cut = NULL;

  g_assert_null (ps_build_sanitize_name (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = ps_build_sanitize_name (cases[i].in);

      g_test_message ("case %u", i);
      g_assert_cmpstr (out, ==, cases[i].out);
    }

  /* Long names are cut to 200 characters on a character boundary, ending in "…". */
  for (guint i = 0; i < 300; i++)
    g_string_append (long_name, "\xc3\xa9");  /* é, two bytes */
  cut = ps_build_sanitize_name (long_name->str);
  g_assert_true (g_utf8_validate (cut, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (cut, -1), ==, PS_BUILD_MAX_NAME_CHARS);
  g_assert_true (g_str_has_suffix (cut, "\xc3\xa9\xe2\x80\xa6"));
  g_clear_pointer (&cut, g_free);
  g_string_truncate (long_name, 2 * PS_BUILD_MAX_NAME_CHARS);
  cut = ps_build_sanitize_name (long_name->str);
  g_assert_cmpstr (cut, ==, long_name->str);
}

#define NAMED_PLIST(keys) \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\"><dict>" \
  "<key>CFBundleIdentifier</key><string>org.example.named</string>" keys "</dict></plist>\n"

/* CFBundleDisplayName, else CFBundleName, else no name; JSON "name" follows. */
static void
test_build_ipa_names (void)
{
  const struct { const char *plist, *name; } cases[] = {
    { NAMED_PLIST ("<key>CFBundleDisplayName</key><string>Shown</string>"
                   "<key>CFBundleName</key><string>Short</string>"), "Shown" },
    /* Blank or not a string: the bundle name instead. */
    { NAMED_PLIST ("<key>CFBundleDisplayName</key><string> \t </string>"
                   "<key>CFBundleName</key><string>Short</string>"), "Short" },
    { NAMED_PLIST ("<key>CFBundleDisplayName</key><integer>7</integer>"
                   "<key>CFBundleName</key><string>Short</string>"), "Short" },
    { NAMED_PLIST ("<key>CFBundleName</key><string>Only &amp; short</string>"), "Only & short" },
    { NAMED_PLIST (""), NULL },
    { NAMED_PLIST ("<key>CFBundleName</key><array/>"), NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *files[] = { "Payload/Named.app/Info.plist", cases[i].plist, NULL };
      g_autoptr(GBytes) bytes = make_zip (files);
      g_autoptr(GError) error = NULL;
      g_autoptr(PsBuild) build = ps_build_new_from_bytes (bytes, &error);
      g_autofree char *json = NULL;
      g_autoptr(JsonNode) node = NULL;
      JsonObject *object;

      g_test_message ("case %u", i);
      g_assert_no_error (error);
      g_assert_cmpstr (ps_build_get_id (build), ==, "org.example.named");
      g_assert_cmpstr (ps_build_get_name (build), ==, cases[i].name);
      json = ps_build_to_json (build);
      node = json_from_string (json, &error);
      g_assert_no_error (error);
      object = json_node_get_object (node);
      g_assert_true (json_object_has_member (object, "name"));
      if (cases[i].name == NULL)
        g_assert_true (json_object_get_null_member (object, "name"));
      else
        g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, cases[i].name);
      /* The name sits between the id and the version. */
      g_assert_nonnull (strstr (json, "\"id\" : \"org.example.named\",\n  \"name\" : "));
    }
}

/* An APK whose manifest has @label (the attribute text, or NULL for none) and whose
 * res/values/strings.xml has @strings (resources' contents), with a res/xml/config.xml,
 * compiled by aapt. */
static PsBuild *
label_apk (const char *dir,
           const char *label,
           const char *strings)
{
  g_autofree char *manifest = NULL, *values = NULL, *path = NULL, *cmd = NULL, *out = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  PsBuild *build;
  int status;

  ps_test_rm_rf (dir);
  values = g_build_filename (dir, "res", "values", NULL);
  g_assert_cmpint (g_mkdir_with_parents (values, 0700), ==, 0);
  path = g_build_filename (values, "strings.xml", NULL);
  out = g_strdup_printf ("<resources>%s<string name=\"other\">Wrong string</string>"
                         "</resources>", strings);
  g_assert_true (g_file_set_contents (path, out, -1, NULL));
  g_free (path);
  g_free (values);
  values = g_build_filename (dir, "res", "xml", NULL);
  g_assert_cmpint (g_mkdir_with_parents (values, 0700), ==, 0);
  path = g_build_filename (values, "config.xml", NULL);
  g_assert_true (g_file_set_contents (path, "<config/>", -1, NULL));
  g_free (path);
  path = g_build_filename (dir, "AndroidManifest.xml", NULL);
  manifest = g_strdup_printf ("<manifest xmlns:android=\"" PS_AXML_ANDROID_NS "\" "
                              "package=\"org.example.label\" android:versionName=\"1.4\">"
                              "<application %s%s%s/></manifest>",
                              label ? "android:label=\"" : "", label ? label : "",
                              label ? "\"" : "");
  g_assert_true (g_file_set_contents (path, manifest, -1, NULL));
  cmd = g_strdup_printf ("cd '%s' && aapt package -M AndroidManifest.xml -S res -I "
                         FRAMEWORK_RES " -F label.apk 2>&1", dir);
  g_free (out);
  out = ps_test_sh (cmd, &status);
  if (status != 0)
    g_error ("aapt failed: %s", out);
  g_free (path);
  path = g_build_filename (dir, "label.apk", NULL);
  file = g_file_new_for_path (path);
  build = ps_build_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ps_build_get_id (build), ==, "org.example.label");
  return build;
}

static gboolean
has_note (PsBuild    *build,
          const char *text)
{
  const char * const *notes = ps_build_get_notes (build);

  for (guint i = 0; notes[i] != NULL; i++)
    if (strstr (notes[i], text) != NULL)
      return TRUE;
  return FALSE;
}

/* android:label as a literal, as a reference through resources.arsc (also through another
 * reference), to the framework, to a file, and none at all. */
static void
test_build_apk_labels (void)
{
  const struct { const char *label, *strings, *name, *note; } cases[] = {
    { "Plain label", "", "Plain label", NULL },
    { "@string/app_name", "<string name=\"app_name\">Referenced</string>", "Referenced", NULL },
    { "@string/app_name", "<string name=\"app_name\">@string/real</string>"
                          "<string name=\"real\">Twice referenced</string>",
      "Twice referenced", NULL },
    { "@string/app_name", "<string name=\"app_name\">\"  Tab\\tand\\nbreak  \"</string>",
      "Tab and break", NULL },
    { "@android:string/ok", "", NULL, NULL },
    { "@xml/config", "", NULL, "@xml/config is not a string" },
    { NULL, "", NULL, NULL },
  };
  g_autofree char *dir = NULL;

  if (!have_aapt ())
    return;
  dir = ps_test_mkdtemp ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *case_dir = g_strdup_printf ("%s/%u", dir, i);
      g_autoptr(PsBuild) build = NULL;
      g_autofree char *json = NULL;
      g_autoptr(JsonNode) node = NULL;
      JsonObject *object;

      g_test_message ("case %u: %s", i, cases[i].label ? cases[i].label : "(none)");
      build = label_apk (case_dir, cases[i].label, cases[i].strings);
      g_assert_cmpstr (ps_build_get_name (build), ==, cases[i].name);
      if (cases[i].note != NULL)
        g_assert_true (has_note (build, cases[i].note));
      else
        g_assert_false (has_note (build, "label"));
      json = ps_build_to_json (build);
      node = json_from_string (json, NULL);
      object = json_node_get_object (node);
      if (cases[i].name == NULL)
        g_assert_true (json_object_get_null_member (object, "name"));
      else
        g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, cases[i].name);
    }
  ps_test_rm_rf (dir);
}

/* Android App Bundles: the sample app linked by aapt2 in protobuf form and repacked into the
 * bundle layout by tests/data/builds/make-aab.py, with the APK's code under base/. */

static gboolean
have_aapt2 (void)
{
  g_autofree char *aapt2 = g_find_program_in_path ("aapt2");
  g_autofree char *python = g_find_program_in_path ("python3");

  if (!have_aapt ())
    return FALSE;
  if (aapt2 == NULL || python == NULL)
    {
      g_test_skip ("aapt2 or python3 is not installed");
      return FALSE;
    }
  return TRUE;
}

/* @name in the sample APK's directory: "sample.aab", or with @feature a bundle that also has
 * a feature module "pay" with its own manifest and DEX. */
static const char *
sample_aab (gboolean feature)
{
  static char *paths[2];

  if (paths[feature] == NULL)
    {
      g_autofree char *cmd = NULL;
      g_autofree char *out = NULL;
      g_autofree char *script = g_build_filename (ps_test_testdata (), "builds", "make-aab.py",
                                                  NULL);
      const char *name = feature ? "feature.aab" : "sample.aab";
      int status;

      sample_apk ();  /* the sources, certificate and code in apk_dir */
      cmd = g_strdup_printf ("cd '%s' && rm -rf compiled.zip proto.apk %s && "
                             "aapt2 compile --dir res -o compiled.zip && "
                             "aapt2 link --proto-format -I " FRAMEWORK_RES " -A assets "
                             "--manifest AndroidManifest.xml -o proto.apk compiled.zip && "
                             "python3 '%s' proto.apk %s base/dex/classes.dex=classes.dex "
                             "base/lib/arm64-v8a/libapp.so=lib/arm64-v8a/libapp.so %s 2>&1",
                             apk_dir, name, script, name,
                             feature ? "pay/manifest/AndroidManifest.xml=classes.dex "
                                       "pay/dex/classes2.dex=classes.dex" : "");
      out = ps_test_sh (cmd, &status);
      if (status != 0)
        g_error ("aapt2 or make-aab.py failed: %s", out);
      paths[feature] = g_build_filename (apk_dir, name, NULL);
    }
  return paths[feature];
}

static PsBuild *
read_build (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  PsBuild *build = ps_build_new_from_file (file, &error);

  g_assert_no_error (error);
  return build;
}

static void
replace_all (GString    *text,
             const char *from,
             const char *to)
{
  g_string_replace (text, from, to, 0);
}

/* ps_build_to_json() without the pinset's timestamps and the notes (compared apart); with
 * @apk, the APK's paths written as the bundle's. */
static JsonNode *
comparable_json (PsBuild   *build,
                 gboolean   apk,
                 GPtrArray *notes)
{
  g_autofree char *json = ps_build_to_json (build);
  g_autoptr(GString) text = g_string_new (json);
  JsonNode *node;
  JsonObject *object, *pinset;
  JsonArray *array;

  if (apk)
    {
      replace_all (text, "\"AndroidManifest.xml\"", "\"base/manifest/AndroidManifest.xml\"");
      replace_all (text, "\"res/", "\"base/res/");
      replace_all (text, "\"classes.dex\"", "\"base/dex/classes.dex\"");
      replace_all (text, "\"lib/", "\"base/lib/");
      replace_all (text, "\"assets/", "\"base/assets/");
      replace_all (text, "\"Package name and version\"",
                   "\"Package name and version (App Bundle)\"");
    }
  node = json_from_string (text->str, NULL);
  g_assert_nonnull (node);
  object = json_node_get_object (node);
  pinset = json_object_get_object_member (object, "pinset");
  json_object_remove_member (pinset, "created");
  json_object_remove_member (pinset, "modified");
  array = json_object_get_array_member (object, "notes");
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (notes, g_strdup (json_array_get_string_element (array, i)));
  json_object_remove_member (object, "notes");
  return node;
}

/* The bundle gives what the APK built from the same sources gives: identity, name, rules,
 * pins, expirations, provenance (file and line), anchors and code pins. */
static void
test_build_aab (void)
{
  g_autoptr(PsBuild) apk = NULL;
  g_autoptr(PsBuild) aab = NULL;
  g_autoptr(JsonNode) apk_json = NULL;
  g_autoptr(JsonNode) aab_json = NULL;
  g_autoptr(GPtrArray) apk_notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) aab_notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PsBuildSource) source = NULL;
  g_autoptr(PsBuildAnchor) anchor = NULL;
  PsBuildPin *pin;

  if (!have_aapt2 ())
    return;
  apk = read_build (sample_apk ());
  aab = read_build (sample_aab (FALSE));

  g_assert_cmpint (ps_build_get_platform (aab), ==, PS_BUILD_PLATFORM_ANDROID);
  g_assert_cmpstr (ps_build_get_id (aab), ==, "io.github.pinscope.sample");
  g_assert_cmpstr (ps_build_get_version (aab), ==, "1.4.2");
  g_assert_cmpstr (ps_build_get_version_code (aab), ==, "42");
  g_assert_cmpstr (ps_build_get_name (aab), ==, "Pinscope sample");
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (ps_build_get_pinset (aab))),
                    ==, 2);
  source = g_list_model_get_item (ps_build_get_sources (aab), 0);
  g_assert_cmpstr (ps_build_source_get_path (source), ==, "base/manifest/AndroidManifest.xml");
  g_clear_object (&source);
  source = g_list_model_get_item (ps_build_get_sources (aab), 2);
  g_assert_cmpstr (ps_build_source_get_path (source), ==,
                   "base/res/xml/network_security_config.xml");
  g_assert_cmpuint (ps_build_source_get_line (source), ==, 9);
  g_clear_object (&source);
  source = g_list_model_get_item (ps_build_get_sources (aab), 3);
  g_assert_cmpuint (ps_build_source_get_line (source), ==, 19);
  anchor = g_list_model_get_item (ps_build_get_anchors (aab), 0);
  g_assert_cmpstr (ps_build_anchor_get_file (anchor), ==, "base/res/raw/pinned_ca.crt");
  g_assert_true (ps_build_anchor_get_override_pins (anchor));
  pin = find_code_pin (aab, "sha256/" PIN_A, "base/dex/classes.dex");
  g_assert_null (ps_build_pin_get_host (pin));
  pin = find_code_pin (aab, "sha256/" PIN_B, "base/assets/index.android.bundle");
  g_assert_cmpstr (ps_build_pin_get_host (pin), ==, "rn.example.com");
  find_code_pin (aab, "sha256/" PIN_C, "base/lib/arm64-v8a/libapp.so");
  g_clear_object (&source);
  source = g_list_model_get_item (ps_build_get_sources (aab), 0);
  g_assert_cmpstr (ps_build_source_get_what (source), ==, "Package name and version (App Bundle)");
  g_assert_false (has_note (aab, "Feature modules"));

  /* All of it equal to the APK's, paths aside. */
  apk_json = comparable_json (apk, TRUE, apk_notes);
  aab_json = comparable_json (aab, FALSE, aab_notes);
  if (!json_node_equal (apk_json, aab_json))
    g_error ("the bundle reads differently from the APK:\n%s\n%s",
             json_to_string (apk_json, TRUE), json_to_string (aab_json, TRUE));
  /* The same notes, their paths mapped above. */
  for (guint i = 0; i < apk_notes->len; i++)
    {
      const char *note = apk_notes->pdata[i];

      if (!g_ptr_array_find_with_equal_func (aab_notes, note, g_str_equal, NULL))
        {
          for (guint j = 0; j < aab_notes->len; j++)
            g_printerr ("bundle note: %s\n", (char *) aab_notes->pdata[j]);
          g_error ("the bundle lacks the APK's note “%s”", note);
        }
    }
  g_assert_cmpuint (aab_notes->len, ==, apk_notes->len);
}

/* A feature module is named in a note, and its code is scanned like the base's. */
static void
test_build_aab_feature (void)
{
  g_autoptr(PsBuild) aab = NULL;

  if (!have_aapt2 ())
    return;
  aab = read_build (sample_aab (TRUE));
  g_assert_cmpstr (ps_build_get_id (aab), ==, "io.github.pinscope.sample");
  assert_has_note (aab, "Feature modules");
  assert_has_note (aab, ": pay");
  find_code_pin (aab, "sha256/" PIN_A, "pay/dex/classes2.dex");
  find_code_pin (aab, "sha256/" PIN_A, "base/dex/classes.dex");
}

/* The resource table of the bundle names and resolves what the APK's does, the default
 * configuration first (not res/values-de). */
static void
test_arsc_proto (void)
{
  g_autoptr(GBytes) arsc_bytes = NULL;
  g_autoptr(GBytes) pb = NULL;
  g_autoptr(PsArsc) arsc = NULL;
  g_autoptr(PsArsc) proto = NULL;
  g_autoptr(PsZip) zip = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *names[][2] = {
    { "xml", "network_security_config" }, { "string", "app_name" }, { "raw", "pinned_ca" },
  };

  if (!have_aapt2 ())
    return;
  file = g_mapped_file_new (sample_aab (FALSE), FALSE, &error);
  g_assert_no_error (error);
  bytes = g_mapped_file_get_bytes (file);
  zip = ps_zip_new (bytes, NULL, &error);
  g_assert_no_error (error);
  pb = ps_zip_read (zip, "base/resources.pb", &error);
  g_assert_no_error (error);
  proto = ps_arsc_parse_proto (g_bytes_get_data (pb, NULL), g_bytes_get_size (pb), &error);
  g_assert_no_error (error);
  arsc_bytes = apk_entry ("resources.arsc");
  arsc = ps_arsc_parse (g_bytes_get_data (arsc_bytes, NULL), g_bytes_get_size (arsc_bytes),
                        &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      guint32 a = ps_arsc_find (arsc, names[i][0], names[i][1]);
      guint32 p = ps_arsc_find (proto, names[i][0], names[i][1]);
      g_autofree char *name = ps_arsc_get_name (proto, p, &error);
      g_autofree char *from_arsc = ps_arsc_resolve_string (arsc, a, NULL);
      g_autofree char *from_proto = ps_arsc_resolve_string (proto, p, &error);
      g_autofree char *expected = g_strdup_printf ("@%s/%s", names[i][0], names[i][1]);

      g_assert_no_error (error);
      g_assert_cmphex (a, !=, 0);
      g_assert_cmphex (p >> 24, ==, 0x7f);
      g_assert_cmpstr (name, ==, expected);
      g_assert_cmpstr (from_proto, ==, from_arsc);
    }
  g_assert_cmphex (ps_arsc_find (proto, "raw", "missing"), ==, 0);
  g_assert_null (ps_arsc_resolve_string (proto, 0x7f7f0000, &error));
  g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_DATA);
}

/* The sample bundle with entry @name replaced by @contents (NULL: left out), in memory. */
static GBytes *
aab_with (const char *name,
          GBytes     *contents)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = g_mapped_file_new (sample_aab (FALSE), FALSE, &error);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PsZip) zip = NULL;
  struct archive *a = archive_write_new ();
  gsize size = 4 * 1024 * 1024, used = 0;
  guint8 *buffer = g_malloc (size);

  g_assert_no_error (error);
  bytes = g_mapped_file_get_bytes (file);
  zip = ps_zip_new (bytes, NULL, &error);
  g_assert_no_error (error);
  archive_write_set_format_zip (a);
  g_assert_cmpint (archive_write_open_memory (a, buffer, size, &used), ==, ARCHIVE_OK);
  for (guint i = 0; i < ps_zip_get_n_entries (zip); i++)
    {
      const char *entry = ps_zip_get_name (zip, i);
      g_autoptr(GBytes) data = NULL;
      struct archive_entry *ae;

      if (g_str_equal (entry, name) && contents == NULL)
        continue;
      data = g_str_equal (entry, name) ? g_bytes_ref (contents)
                                       : ps_zip_read (zip, entry, &error);
      g_assert_no_error (error);
      ae = archive_entry_new ();
      archive_entry_set_pathname (ae, entry);
      archive_entry_set_filetype (ae, AE_IFREG);
      archive_entry_set_perm (ae, 0644);
      archive_entry_set_size (ae, g_bytes_get_size (data));
      g_assert_cmpint (archive_write_header (a, ae), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_data (a, g_bytes_get_data (data, NULL),
                                           g_bytes_get_size (data)),
                       ==, (gssize) g_bytes_get_size (data));
      archive_entry_free (ae);
    }
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
  return g_bytes_new_take (g_realloc (buffer, used), used);
}

static GBytes *
aab_entry (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = g_mapped_file_new (sample_aab (FALSE), FALSE, &error);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PsZip) zip = NULL;
  GBytes *entry;

  g_assert_no_error (error);
  bytes = g_mapped_file_get_bytes (file);
  zip = ps_zip_new (bytes, NULL, &error);
  g_assert_no_error (error);
  entry = ps_zip_read (zip, name, &error);
  g_assert_no_error (error);
  return entry;
}

/* A length-delimited protobuf field. */
static void
put_field (GByteArray   *out,
           guint8        number,
           const guint8 *data,
           gsize         len)
{
  guint8 key = (guint8) (number << 3 | 2);

  g_byte_array_append (out, &key, 1);
  for (gsize rest = len; ; rest >>= 7)
    {
      guint8 byte = (rest & 0x7f) | (rest >= 0x80 ? 0x80 : 0);

      g_byte_array_append (out, &byte, 1);
      if (rest < 0x80)
        break;
    }
  g_byte_array_append (out, data, len);
}

/* An XmlNode whose element <a> holds @depth more of them. */
static GBytes *
nested_xml (guint depth)
{
  GByteArray *node = g_byte_array_new ();

  for (guint i = 0; i <= depth; i++)
    {
      GByteArray *element = g_byte_array_new ();
      GByteArray *wrapped = g_byte_array_new ();
      guint8 name[] = { 0x1a, 0x01, 'a' };

      g_byte_array_append (element, name, sizeof name);
      if (node->len > 0)
        put_field (element, 5, node->data, node->len);
      put_field (wrapped, 1, element->data, element->len);
      g_byte_array_unref (element);
      g_byte_array_unref (node);
      node = wrapped;
    }
  return g_byte_array_free_to_bytes (node);
}

/* Bad bundles: a clear error, never a crash or a hang. */
static void
test_build_aab_bad (void)
{
  static const guint8 past_end[] = { 0x0a, 0x7f, 0x1a, 0x01, 'a' };
  static const guint8 long_varint[] = { 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                        0xff, 0xff, 0x01 };
  g_autoptr(GBytes) manifest = NULL;
  g_autoptr(GBytes) table = NULL;
  g_autoptr(GBytes) deep = NULL;
  g_autoptr(GBytes) shallow = NULL;
  const char *manifest_path = "base/manifest/AndroidManifest.xml";
  struct { const char *entry; GBytes *contents; const char *error; } cases[] = {
    { manifest_path, g_bytes_new_static ("<manifest/>", 11), "Android protobuf XML" },
    { manifest_path, g_bytes_new_static (past_end, sizeof past_end), "runs past the end" },
    { manifest_path, g_bytes_new_static (long_varint, sizeof long_varint), "longer than 64" },
    { manifest_path, g_bytes_new_static ("", 0), "no element" },
    { manifest_path, NULL, "base/manifest/AndroidManifest.xml" },
    { manifest_path, NULL, "base/manifest/AndroidManifest.xml" },
    { "base/resources.pb", NULL, "no readable resource table (base/resources.pb)" },
  };

  if (!have_aapt2 ())
    return;
  deep = nested_xml (300);
  cases[4].contents = g_bytes_ref (deep);
  cases[4].error = "nested more than 256";
  cases[5].entry = "base/res/xml/network_security_config.xml";
  cases[5].contents = g_bytes_new_static ("\x12\x02", 2);
  cases[5].error = "base/res/xml/network_security_config.xml";
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) zip = aab_with (cases[i].entry, cases[i].contents);
      g_autoptr(GError) error = NULL;
      g_autoptr(PsBuild) build = ps_build_new_from_bytes (zip, &error);

      g_assert_null (build);
      g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_DATA);
      if (strstr (error->message, cases[i].error) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].error);
      g_clear_pointer (&cases[i].contents, g_bytes_unref);
    }
  /* BundleConfig.pb alone makes a bundle, whose base module is then missing. */
  {
    const char *files[] = { "BundleConfig.pb", "x", NULL };
    g_autoptr(GBytes) zip = make_zip (files);
    g_autoptr(GError) error = NULL;
    g_autoptr(PsBuild) build = ps_build_new_from_bytes (zip, &error);

    g_assert_null (build);
    g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_DATA);
    g_assert_nonnull (strstr (error->message, "base/manifest/AndroidManifest.xml"));
  }
  /* Nesting just under the cap is read. */
  shallow = nested_xml (200);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PsAxmlDocument) doc = ps_axml_parse_proto (g_bytes_get_data (shallow, NULL),
                                                         g_bytes_get_size (shallow), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (ps_axml_document_get_nodes (doc)->len, ==, 2 * 201);
  }

  /* Every truncation of the real manifest and resource table: a result or an error. A
   * truncated resources.pb is a note, and then the configuration cannot be found. */
  manifest = aab_entry (manifest_path);
  table = aab_entry ("base/resources.pb");
  for (gsize len = 0; len < g_bytes_get_size (manifest); len++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PsAxmlDocument) doc = ps_axml_parse_proto (g_bytes_get_data (manifest, NULL),
                                                           len, &error);

      g_assert_true ((doc == NULL) == (error != NULL));
    }
  for (gsize len = 0; len < g_bytes_get_size (table); len++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PsArsc) arsc = ps_arsc_parse_proto (g_bytes_get_data (table, NULL), len, &error);

      g_assert_true ((arsc == NULL) == (error != NULL));
    }
  {
    g_autoptr(GBytes) cut = g_bytes_new_from_bytes (table, 0, g_bytes_get_size (table) / 2);
    g_autoptr(GBytes) zip = aab_with ("base/resources.pb", cut);
    g_autoptr(GError) error = NULL;
    g_autoptr(PsBuild) build = ps_build_new_from_bytes (zip, &error);

    g_assert_null (build);
    g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_DATA);
    g_assert_nonnull (strstr (error->message, "base/resources.pb"));
  }
}

/* The command line reads a bundle like an APK. */
static void
test_build_aab_cli (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(PsPinset) pinset = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!have_aapt2 ())
    return;
  status = ps_test_cli (&out, &err, "import", sample_aab (FALSE), NULL);
  g_assert_cmpint (status, ==, 0);
  pinset = ps_pinset_new_from_json (out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ps_pinset_get_name (pinset), ==, "io.github.pinscope.sample 1.4.2");
  g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (pinset)), ==, 2);
  g_assert_nonnull (strstr (err, "base/res/xml/network_security_config.xml"));
  g_assert_nonnull (strstr (err, "pin in code, host unknown: sha256/" PIN_A
                                 " (in base/dex/classes.dex)"));
  g_assert_nonnull (strstr (err, "pin in code for rn.example.com: sha256/" PIN_B));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = ps_test_cli (&out, &err, "check", "--json", sample_aab (FALSE), NULL);
  g_assert_cmpint (status, !=, 2);
  g_assert_nonnull (strstr (out, "\"findings\""));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/builds/zip/read", test_zip_read);
  g_test_add_func ("/builds/zip/bomb", test_zip_bomb);
  g_test_add_func ("/builds/zip/traversal", test_zip_traversal);
  g_test_add_func ("/builds/zip/truncated", test_zip_truncated);
  g_test_add_func ("/builds/zip/methods", test_zip_methods);

  g_test_add_func ("/builds/axml/aapt", test_axml_aapt);
  g_test_add_func ("/builds/axml/manifest", test_axml_manifest);
  g_test_add_func ("/builds/arsc/aapt", test_arsc_aapt);
  g_test_add_func ("/builds/axml/typed-boolean", test_axml_typed_boolean);
  g_test_add_func ("/builds/axml/bad", test_axml_bad);
  g_test_add_func ("/builds/arsc/bad", test_arsc_bad);
  g_test_add_func ("/builds/res/corrupt", test_res_corrupt);
  g_test_add_func ("/builds/dex/strings", test_dex_strings);
  g_test_add_func ("/builds/dex/bad", test_dex_bad);
  g_test_add_func ("/builds/scan/bytes", test_scan_bytes);
  g_test_add_func ("/builds/macho", test_macho);
  g_test_add_func ("/builds/build/apk", test_build_apk);
  g_test_add_func ("/builds/build/no-config", test_build_no_config);
  g_test_add_func ("/builds/build/cli", test_build_cli);
  g_test_add_func ("/builds/build/corrupt", test_build_corrupt);
  g_test_add_func ("/builds/build/ipa", test_build_ipa);
  g_test_add_func ("/builds/build/ipa-extension", test_build_ipa_extension);
  g_test_add_func ("/builds/build/bad", test_build_bad);
  g_test_add_func ("/builds/build/sanitize-name", test_build_sanitize_name);
  g_test_add_func ("/builds/build/ipa-names", test_build_ipa_names);
  g_test_add_func ("/builds/build/apk-labels", test_build_apk_labels);
  g_test_add_func ("/builds/arsc/proto", test_arsc_proto);
  g_test_add_func ("/builds/build/aab", test_build_aab);
  g_test_add_func ("/builds/build/aab-feature", test_build_aab_feature);
  g_test_add_func ("/builds/build/aab-bad", test_build_aab_bad);
  g_test_add_func ("/builds/build/aab-cli", test_build_aab_cli);
  g_test_add_func ("/builds/axml/nsc-same-semantics", test_axml_nsc_same_semantics);

  {
    int status = g_test_run ();

    if (apk_dir != NULL)
      ps_test_rm_rf (apk_dir);
    g_free (apk_dir);
    return status;
  }
}
