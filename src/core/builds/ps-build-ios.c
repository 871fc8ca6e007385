/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <plist/plist.h>
#include <stdlib.h>
#include <string.h>

#include "ps-build-private.h"
#include "ps-error.h"
#include "ps-format.h"
#include "ps-macho.h"

/* An IPA: Payload/NAME.app/Info.plist (binary or XML, read with libplist, which refuses
 * reference loops) holds the bundle id and version, App Transport Security's
 * NSPinnedDomains and TrustKit's TSKConfiguration. Each of those dictionaries is written
 * back as an XML property list and read by the same reader as the text formats. */

static char *
dict_string (plist_t     dict,
             const char *key)
{
  plist_t node = plist_dict_get_item (dict, key);
  char *value = NULL, *copy;

  if (node == NULL || plist_get_node_type (node) != PLIST_STRING)
    return NULL;
  plist_get_string_val (node, &value);
  copy = g_strdup (value);
  free (value);
  return copy;
}

/* Reads the dictionary @key of @root through @format_id, as {@key: dict} in XML. */
static gboolean
read_dictionary (PsBuild     *self,
                 plist_t      root,
                 const char  *key,
                 const char  *inner_key,
                 const char  *format_id,
                 const char  *path,
                 GError     **error)
{
  plist_t dict = plist_dict_get_item (root, key);
  plist_t wrapper;
  char *xml = NULL;
  uint32_t len = 0;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(PsPinset) pinset = NULL;
  g_autofree char *where = g_strdup_printf ("%s: %s", path, key);

  if (dict == NULL)
    return TRUE;
  if (plist_get_node_type (dict) != PLIST_DICT)
    {
      _ps_build_note (self, _("%s is not a dictionary: ignored"), where);
      return TRUE;
    }
  if (plist_dict_get_item (dict, inner_key) == NULL)
    {
      _ps_build_note (self, _("%s has no %s: nothing is pinned there"), where, inner_key);
      return TRUE;
    }
  wrapper = plist_new_dict ();
  plist_dict_set_item (wrapper, key, plist_copy (dict));
  plist_to_xml (wrapper, &xml, &len);
  plist_free (wrapper);
  if (xml == NULL)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA, _("%s cannot be read"), where);
      return FALSE;
    }
  pinset = ps_format_import (ps_format_lookup (format_id), xml, len, &notes, error);
  plist_to_xml_free (xml);
  if (pinset == NULL)
    {
      g_prefix_error (error, "%s: ", where);
      return FALSE;
    }
  _ps_build_take_notes (self, where, notes);
  _ps_build_take_rules (self, pinset, key, path, NULL);
  return TRUE;
}

static void
scan_binary (PsBuild    *self,
             PsZip      *zip,
             const char *path,
             gboolean    must_be_macho)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = ps_zip_read (zip, path, &error);
  PsMachoKind kind;

  if (bytes == NULL)
    {
      _ps_build_note (self, _("%s could not be scanned for pins: %s"), path, error->message);
      return;
    }
  kind = ps_macho_check (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  if (kind == PS_MACHO_ENCRYPTED)
    {
      _ps_build_note (self, _("%s is FairPlay-encrypted (LC_ENCRYPTION_INFO with cryptid 1): "
                              "its code cannot be scanned for pins; scan a decrypted or "
                              "development build"), path);
      return;
    }
  if (kind == PS_MACHO_NONE && error != NULL)
    _ps_build_note (self, "%s: %s", path, error->message);
  else if (kind == PS_MACHO_NONE && must_be_macho)
    _ps_build_note (self, _("%s is not a Mach-O executable"), path);
  if (kind == PS_MACHO_NONE && !must_be_macho)
    return;
  _ps_build_scan_bytes (self, path, bytes);
}

/* Frameworks/NAME.framework/NAME and Frameworks/NAME.dylib of the app. */
static gboolean
is_framework_binary (const char *name,
                     const char *frameworks)
{
  const char *rest, *slash;
  gsize base_len;

  if (!g_str_has_prefix (name, frameworks))
    return FALSE;
  rest = name + strlen (frameworks);
  if (strchr (rest, '/') == NULL)
    return g_str_has_suffix (rest, ".dylib");
  slash = strchr (rest, '/');
  if (slash - rest <= (gssize) strlen (".framework") ||
      strncmp (slash - strlen (".framework"), ".framework", strlen (".framework")) != 0)
    return FALSE;
  base_len = slash - rest - strlen (".framework");
  return strlen (slash + 1) == base_len && strncmp (slash + 1, rest, base_len) == 0;
}

/* Reads @path as a property list dictionary; NULL with an error otherwise. */
static plist_t
read_plist (PsZip       *zip,
            const char  *path,
            GError     **error)
{
  g_autoptr(GBytes) bytes = ps_zip_read (zip, path, error);
  plist_t root = NULL;

  if (bytes == NULL)
    return NULL;
  if (g_bytes_get_size (bytes) > G_MAXUINT32)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED, _("%s is too large"), path);
      return NULL;
    }
  plist_from_memory (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &root);
  if (root == NULL || plist_get_node_type (root) != PLIST_DICT)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("%s is not a readable property list dictionary (corrupt, or with "
                     "reference loops)"), path);
      if (root != NULL)
        plist_free (root);
      return NULL;
    }
  return root;
}

/* App extensions (PlugIns/NAME.appex/Info.plist) have their own ATS and TrustKit
 * dictionaries; their rules join the build's pinset with their own source. */
static void
read_extensions (PsBuild    *self,
                 PsZip      *zip,
                 const char *app_dir)
{
  g_autofree char *plugins = g_strconcat (app_dir, "PlugIns/", NULL);

  for (guint i = 0; i < ps_zip_get_n_entries (zip); i++)
    {
      const char *name = ps_zip_get_name (zip, i);
      const char *rest;
      g_autoptr(GError) error = NULL;
      plist_t root;

      if (!g_str_has_prefix (name, plugins))
        continue;
      rest = name + strlen (plugins);
      if (!g_str_has_suffix (rest, ".appex/Info.plist") ||
          strchr (rest, '/') != rest + strlen (rest) - strlen ("/Info.plist"))
        continue;
      root = read_plist (zip, name, &error);
      if (root == NULL ||
          !read_dictionary (self, root, "NSAppTransportSecurity", "NSPinnedDomains",
                            "ats-plist", name, &error) ||
          !read_dictionary (self, root, "TSKConfiguration", "TSKPinnedDomains",
                            "trustkit-plist", name, &error))
        _ps_build_note (self, "%s", error->message);
      if (root != NULL)
        plist_free (root);
    }
}

static gboolean
read_info (PsBuild     *self,
           plist_t      root,
           const char  *path,
           GError     **error)
{
  g_autofree char *id = dict_string (root, "CFBundleIdentifier");
  g_autofree char *version = dict_string (root, "CFBundleShortVersionString");
  g_autofree char *code = dict_string (root, "CFBundleVersion");
  g_autofree char *display_name = dict_string (root, "CFBundleDisplayName");
  g_autofree char *bundle_name = dict_string (root, "CFBundleName");

  if (id == NULL || *id == '\0')
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("%s has no CFBundleIdentifier"), path);
      return FALSE;
    }
  _ps_build_set_identity (self, PS_BUILD_PLATFORM_IOS, id, version ? version : code, code);
  /* The name under the icon is CFBundleDisplayName, else CFBundleName (localized copies in
   * InfoPlist.strings are not read): https://developer.apple.com/documentation/
   * bundleresources/information_property_list/cfbundledisplayname */
  if (!_ps_build_set_name (self, display_name))
    _ps_build_set_name (self, bundle_name);
  _ps_build_add_source (self, _("Bundle id and version"), path, 0, -1);
  /* https://developer.apple.com/documentation/bundleresources/information_property_list/
   * nsapptransportsecurity/nspinneddomains */
  return read_dictionary (self, root, "NSAppTransportSecurity", "NSPinnedDomains", "ats-plist",
                          path, error) &&
         read_dictionary (self, root, "TSKConfiguration", "TSKPinnedDomains", "trustkit-plist",
                          path, error);
}

gboolean
_ps_build_read_ipa (PsBuild     *self,
                    PsZip       *zip,
                    const char  *app_dir,
                    GError     **error)
{
  g_autofree char *path = g_strconcat (app_dir, "Info.plist", NULL);
  g_autofree char *frameworks = g_strconcat (app_dir, "Frameworks/", NULL);
  g_autofree char *executable = NULL;
  plist_t root = read_plist (zip, path, error);
  gboolean ok;

  if (root == NULL)
    return FALSE;
  ok = read_info (self, root, path, error);
  executable = dict_string (root, "CFBundleExecutable");
  plist_free (root);
  if (!ok)
    return FALSE;
  read_extensions (self, zip, app_dir);

  if (executable != NULL && strchr (executable, '/') == NULL)
    {
      g_autofree char *exe_path = g_strconcat (app_dir, executable, NULL);

      if (ps_zip_has_entry (zip, exe_path))
        scan_binary (self, zip, exe_path, TRUE);
      else
        _ps_build_note (self, _("The executable %s is not in the build"), exe_path);
    }
  for (guint i = 0; i < ps_zip_get_n_entries (zip); i++)
    if (is_framework_binary (ps_zip_get_name (zip, i), frameworks))
      scan_binary (self, zip, ps_zip_get_name (zip, i), FALSE);
  return TRUE;
}
