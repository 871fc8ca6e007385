/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer targets for the readers of shipped builds (src/core/builds), one per reader,
 * chosen at build time by PS_FUZZ_BUILDS: "axml" (Android binary XML, then its XML text and
 * manifest facts), "arsc" (the resource table, then every id it names resolved), "dex" (the
 * DEX string table, then the pin scanner over it), "scan" (the pin scanner over raw bytes,
 * as for libapp.so or a React Native bundle), "macho" (the FairPlay check), "zip" (the zip
 * entry handling: bombs, names that climb out, truncation), "build" (a whole APK, AAB or IPA
 * read from a zip, and the sniffing before it), "proto-xml" and "proto-arsc" (the protobuf
 * forms of an App Bundle's XML and resource table, checked like "axml" and "arsc"). Any
 * bytes: an error or a result, never a crash, a hang or a leak. */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "ps-arsc.h"
#include "ps-axml.h"
#include "ps-build.h"
#include "ps-dex-strings.h"
#include "ps-error.h"
#include "ps-fuzz.h"
#include "ps-macho.h"
#include "ps-zip.h"

#ifndef PS_FUZZ_BUILDS
#error "PS_FUZZ_BUILDS names the reader"
#endif

/* Start and end elements pair up, with depths that match; text lies inside an element. */
static void
check_nodes (PsAxmlDocument *doc)
{
  GPtrArray *nodes = ps_axml_document_get_nodes (doc);
  guint depth = 0;

  PS_FUZZ_CHECK (nodes->len > 0);
  for (guint i = 0; i < nodes->len; i++)
    {
      PsAxmlNode *node = g_ptr_array_index (nodes, i);

      if (node->kind == PS_AXML_NODE_START)
        {
          PS_FUZZ_CHECK (node->depth == depth && node->name != NULL && node->name[0] != '\0');
          PS_FUZZ_CHECK (node->attributes != NULL);
          depth++;
        }
      else if (node->kind == PS_AXML_NODE_END)
        PS_FUZZ_CHECK (depth > 0 && node->depth == --depth);
      else
        PS_FUZZ_CHECK (depth > 0 && node->text != NULL);
    }
  PS_FUZZ_CHECK (depth == 0);
}

static void
fuzz_axml (const guint8 *data,
           gsize         len,
           gboolean      proto)
{
  g_autoptr(GError) error = NULL;
  PsAxmlDocument *doc = proto ? ps_axml_parse_proto (data, len, &error)
                              : ps_axml_parse (data, len, &error);
  g_auto(PsAxmlManifest) manifest = { 0 };
  g_autoptr(GError) manifest_error = NULL;
  g_autofree char *xml = NULL;

  PS_FUZZ_CHECK ((doc == NULL) == (error != NULL));
  if (doc == NULL)
    return;
  if (proto)
    check_nodes (doc);
  xml = ps_axml_document_to_xml (doc);
  PS_FUZZ_CHECK (xml != NULL && g_utf8_validate (xml, -1, NULL));
  if (!ps_axml_get_manifest (doc, &manifest, &manifest_error))
    PS_FUZZ_CHECK (manifest_error != NULL);
  else
    PS_FUZZ_CHECK (manifest.label == NULL || manifest.label_id == 0);
  ps_axml_document_free (doc);
}

static void
fuzz_arsc (const guint8 *data,
           gsize         len,
           gboolean      proto)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsArsc) arsc = proto ? ps_arsc_parse_proto (data, len, &error)
                                 : ps_arsc_parse (data, len, &error);

  PS_FUZZ_CHECK ((arsc == NULL) == (error != NULL));
  if (arsc == NULL)
    return;
  /* Ids of the application package and of the framework, in the ranges that matter. */
  for (guint32 type = 1; type <= 8; type++)
    for (guint32 entry = 0; entry < 8; entry++)
      {
        guint32 ids[] = { 0x7f000000 | type << 16 | entry, 0x01000000 | type << 16 | entry };

        for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
          {
            g_autoptr(GError) resolve_error = NULL;
            g_autoptr(GError) name_error = NULL;
            g_autofree char *value = ps_arsc_resolve_string (arsc, ids[i], &resolve_error);
            g_autofree char *name = ps_arsc_get_name (arsc, ids[i], &name_error);

            PS_FUZZ_CHECK ((value == NULL) == (resolve_error != NULL));
            PS_FUZZ_CHECK ((name == NULL) == (name_error != NULL));
          }
      }
  /* What is found by name has that name. */
  {
    guint32 id = ps_arsc_find (arsc, "raw", "pinned_ca");
    g_autofree char *name = id != 0 ? ps_arsc_get_name (arsc, id, NULL) : NULL;

    PS_FUZZ_CHECK (id == 0 || g_strcmp0 (name, "@raw/pinned_ca") == 0);
  }
}

static void
fuzz_dex (const guint8 *data,
          gsize         len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) strings = ps_dex_read_strings (data, len, NULL, &error);
  g_autoptr(GPtrArray) literals = NULL;

  PS_FUZZ_CHECK ((strings == NULL) == (error != NULL));
  if (strings == NULL)
    return;
  for (guint i = 0; i < strings->len; i++)
    PS_FUZZ_CHECK (g_utf8_validate (g_ptr_array_index (strings, i), -1, NULL));
  literals = ps_pin_scan_strings (strings);
  for (guint i = 0; i < literals->len; i++)
    {
      PsPinLiteral *literal = g_ptr_array_index (literals, i);

      /* A DEX table never proves a host. */
      PS_FUZZ_CHECK (literal->pin != NULL && literal->host == NULL);
    }
}

static void
fuzz_scan (const guint8 *data,
           gsize         len)
{
  g_autoptr(GPtrArray) literals = ps_pin_scan_bytes (data, len);

  for (guint i = 0; i < literals->len; i++)
    {
      PsPinLiteral *literal = g_ptr_array_index (literals, i);

      PS_FUZZ_CHECK (literal->pin != NULL && literal->text != NULL);
      PS_FUZZ_CHECK (literal->offset < len);
    }
}

static void
fuzz_macho (const guint8 *data,
            gsize         len)
{
  g_autoptr(GError) error = NULL;
  PsMachoKind kind = ps_macho_check (data, len, &error);

  PS_FUZZ_CHECK (error == NULL || kind == PS_MACHO_NONE);
}

/* A path inside the archive, as the zip reader lets through: no absolute path, backslash or
 * ".." component, so that nothing named by a build points outside it. */
static void
check_inside_name (const char *name)
{
  g_auto(GStrv) parts = NULL;

  PS_FUZZ_CHECK (name != NULL && name[0] != '\0' && name[0] != '/');
  PS_FUZZ_CHECK (g_utf8_validate (name, -1, NULL) && strchr (name, '\\') == NULL);
  parts = g_strsplit (name, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    PS_FUZZ_CHECK (!g_str_equal (parts[i], ".."));
}

static void
check_notes (const char * const *notes,
             guint               n)
{
  for (guint i = 0; i < n; i++)
    PS_FUZZ_CHECK (notes[i] != NULL && g_utf8_validate (notes[i], -1, NULL));
}

/* Reads entry @i; the result must be the same as @before when that is not NULL. */
static GBytes *
read_entry (PsZip             *zip,
            guint              i,
            const PsZipLimits *limits,
            GBytes            *before)
{
  g_autoptr(GError) error = NULL;
  GBytes *data = ps_zip_read (zip, ps_zip_get_name (zip, i), &error);
  guint64 declared = ps_zip_get_size (zip, i);

  PS_FUZZ_CHECK ((data == NULL) == (error != NULL));
  if (data == NULL)
    {
      PS_FUZZ_CHECK (error->domain == PS_ERROR && error->code != PS_ERROR_NOTHING_FOUND);
      PS_FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      return NULL;
    }
  PS_FUZZ_CHECK (g_bytes_get_size (data) <= limits->max_entry_size);
  PS_FUZZ_CHECK (declared == G_MAXUINT64 || g_bytes_get_size (data) <= declared);
  if (before != NULL)
    PS_FUZZ_CHECK (g_bytes_equal (data, before));
  return data;
}

static void
fuzz_zip (const guint8 *data,
          gsize         len)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contents = g_ptr_array_new_with_free_func (
    (GDestroyNotify) g_bytes_unref);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(PsZip) zip = NULL;
  g_autoptr(GError) missing_error = NULL;
  g_autoptr(GBytes) missing = NULL;
  /* Small limits, so that bombs and the many-files limit are within the fuzzer's reach. */
  const PsZipLimits limits = { 64, 256 * 1024, 1024 * 1024, 100 };
  GPtrArray *notes;
  guint n;

  zip = ps_zip_new (bytes, &limits, &error);
  PS_FUZZ_CHECK ((zip == NULL) == (error != NULL));
  if (zip == NULL)
    {
      PS_FUZZ_CHECK (error->domain == PS_ERROR && (error->code == PS_ERROR_INVALID_DATA ||
                                                   error->code == PS_ERROR_UNSUPPORTED));
      PS_FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  notes = ps_zip_get_notes (zip);
  check_notes ((const char * const *) notes->pdata, notes->len);

  /* Every file listed, with a name that stays inside, once; read forward, then backward (a
   * new pass over the archive), with the same bytes each time. */
  n = ps_zip_get_n_entries (zip);
  PS_FUZZ_CHECK (n <= limits.max_entries);
  for (guint i = 0; i < n; i++)
    {
      const char *name = ps_zip_get_name (zip, i);
      guint64 size = ps_zip_get_size (zip, i);

      check_inside_name (name);
      PS_FUZZ_CHECK (!g_str_has_suffix (name, "/"));
      PS_FUZZ_CHECK (ps_zip_has_entry (zip, name));
      PS_FUZZ_CHECK (g_hash_table_add (names, (gpointer) name));
      PS_FUZZ_CHECK (size == G_MAXUINT64 || size <= limits.max_entry_size);
      g_ptr_array_add (contents, read_entry (zip, i, &limits, NULL));
    }
  for (guint i = n; i-- > 0;)
    {
      GBytes *before = g_ptr_array_index (contents, i);

      if (before != NULL)
        g_bytes_unref (read_entry (zip, i, &limits, before));
    }

  missing = ps_zip_read (zip, "no such entry/", &missing_error);
  PS_FUZZ_CHECK (missing == NULL);
  PS_FUZZ_CHECK (g_error_matches (missing_error, PS_ERROR, PS_ERROR_NOTHING_FOUND));
}

static void
check_build (PsBuild *build)
{
  const char * const *notes = ps_build_get_notes (build);
  PsPinset *pinset = ps_build_get_pinset (build);
  GListModel *anchors = ps_build_get_anchors (build);
  GListModel *code_pins = ps_build_get_code_pins (build);
  GListModel *sources = ps_build_get_sources (build);
  g_autofree char *json = ps_build_to_json (build);
  g_autofree char *pinset_json = NULL;
  g_autoptr(PsPinset) again = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  PS_FUZZ_CHECK (ps_build_get_id (build) != NULL && ps_build_get_id (build)[0] != '\0');
  PS_FUZZ_CHECK (g_utf8_validate (ps_build_get_id (build), -1, NULL));
  PS_FUZZ_CHECK (ps_build_get_version (build) == NULL ||
                 g_utf8_validate (ps_build_get_version (build), -1, NULL));
  /* The name is display text: valid, capped, without control characters. */
  if (ps_build_get_name (build) != NULL)
    {
      const char *name = ps_build_get_name (build);

      PS_FUZZ_CHECK (name[0] != '\0' && g_utf8_validate (name, -1, NULL));
      PS_FUZZ_CHECK (g_utf8_strlen (name, -1) <= PS_BUILD_MAX_NAME_CHARS);
      for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
        PS_FUZZ_CHECK (!g_unichar_iscntrl (g_utf8_get_char (p)));
    }
  check_notes (notes, notes != NULL ? g_strv_length ((char **) notes) : 0);

  /* The pinset is a pinset like any other: it reads back from its JSON. */
  PS_FUZZ_CHECK (pinset != NULL);
  pinset_json = ps_pinset_to_json (pinset);
  again = ps_pinset_new_from_json (pinset_json, -1, &error);
  if (again == NULL)
    fprintf (stderr, "the build's pinset does not read back: %s\n", error->message);
  PS_FUZZ_CHECK (again != NULL && ps_pinset_equal (pinset, again));

  for (guint i = 0; i < g_list_model_get_n_items (anchors); i++)
    {
      g_autoptr(PsBuildAnchor) anchor = g_list_model_get_item (anchors, i);

      PS_FUZZ_CHECK (ps_build_anchor_get_pin (anchor) != NULL);
      check_inside_name (ps_build_anchor_get_file (anchor));
    }
  for (guint i = 0; i < g_list_model_get_n_items (code_pins); i++)
    {
      g_autoptr(PsBuildPin) pin = g_list_model_get_item (code_pins, i);

      PS_FUZZ_CHECK (ps_build_pin_get_pin (pin) != NULL);
      PS_FUZZ_CHECK (g_utf8_validate (ps_build_pin_get_text (pin), -1, NULL));
      check_inside_name (ps_build_pin_get_file (pin));
    }
  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(PsBuildSource) source = g_list_model_get_item (sources, i);

      check_inside_name (ps_build_source_get_path (source));
    }

  PS_FUZZ_CHECK (json != NULL);
  if (!json_parser_load_from_data (parser, json, -1, &error))
    fprintf (stderr, "ps_build_to_json wrote no JSON: %s\n", error->message);
  PS_FUZZ_CHECK (error == NULL);
}

static void
fuzz_build (const guint8 *data,
            gsize         len)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsBuild) build = ps_build_new_from_bytes (bytes, &error);
  gboolean sniffed = ps_build_sniff (data, len);

  PS_FUZZ_CHECK ((build == NULL) == (error != NULL));
  /* Only what sniffs as a build can be one. */
  PS_FUZZ_CHECK (sniffed || g_error_matches (error, PS_ERROR, PS_ERROR_UNSUPPORTED));
  if (build == NULL)
    {
      if (error->domain != PS_ERROR || (error->code != PS_ERROR_INVALID_DATA &&
                                        error->code != PS_ERROR_UNSUPPORTED))
        fprintf (stderr, "error %s %d: %s\n", g_quark_to_string (error->domain), error->code,
                 error->message);
      PS_FUZZ_CHECK (error->domain == PS_ERROR && (error->code == PS_ERROR_INVALID_DATA ||
                                                   error->code == PS_ERROR_UNSUPPORTED));
      PS_FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  check_build (build);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  ps_fuzz_init ();
  if (strcmp (PS_FUZZ_BUILDS, "axml") == 0 || strcmp (PS_FUZZ_BUILDS, "proto-xml") == 0)
    fuzz_axml (data, size, strcmp (PS_FUZZ_BUILDS, "proto-xml") == 0);
  else if (strcmp (PS_FUZZ_BUILDS, "arsc") == 0 || strcmp (PS_FUZZ_BUILDS, "proto-arsc") == 0)
    fuzz_arsc (data, size, strcmp (PS_FUZZ_BUILDS, "proto-arsc") == 0);
  else if (strcmp (PS_FUZZ_BUILDS, "dex") == 0)
    fuzz_dex (data, size);
  else if (strcmp (PS_FUZZ_BUILDS, "scan") == 0)
    fuzz_scan (data, size);
  else if (strcmp (PS_FUZZ_BUILDS, "macho") == 0)
    fuzz_macho (data, size);
  else if (strcmp (PS_FUZZ_BUILDS, "zip") == 0)
    fuzz_zip (data, size);
  else
    fuzz_build (data, size);
  return 0;
}
