/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-arsc.h"
#include "ps-axml.h"
#include "ps-build-private.h"
#include "ps-error.h"
#include "ps-format.h"
#include "ps-material.h"

/* An APK: AndroidManifest.xml names the Network Security Config by resource id
 * (android:networkSecurityConfig, API 24+); resources.arsc turns it into a file, which is
 * compiled XML read by the same reader as the text format. Its <certificates src="@raw/…">
 * are bundled trust anchors. See
 * https://developer.android.com/privacy-and-security/security-config */

/* An App Bundle (.aab) holds the same per module, in protobuf form rather than binary:
 * base/manifest/AndroidManifest.xml, base/resources.pb, base/res/…, base/dex/classes*.dex,
 * base/lib/ABI/…, base/assets/…; see
 * https://developer.android.com/guide/app-bundle/app-bundle-format. Paths in its resource
 * table are relative to the module. */

#define MAX_NAMED_MODULES 16

typedef struct
{
  PsBuild    *self;
  PsZip      *zip;
  PsArsc     *arsc;    /* may be NULL */
  const char *config;  /* path of the configuration file */
  const char *prefix;  /* "" in an APK, "base/" in a bundle */
  gboolean    bundle;  /* protobuf XML and resources.pb */
} Apk;

typedef struct
{
  guint    depth;
  guint    line;
  char    *kind;       /* element name */
  GString *domains;
} Scope;

static void
scope_free (Scope *scope)
{
  g_free (scope->kind);
  g_string_free (scope->domains, TRUE);
  g_free (scope);
}

static char *
name_reference (guint32  id,
                gpointer user_data)
{
  return ps_arsc_get_name (user_data, id, NULL);
}

static PsAxmlDocument *
read_xml (Apk         *apk,
          const char  *path,
          GError     **error)
{
  g_autoptr(GBytes) bytes = ps_zip_read (apk->zip, path, error);
  PsAxmlDocument *doc;

  if (bytes == NULL)
    {
      /* A file that the manifest or resource table names is missing: the build is broken. */
      if (error != NULL && g_error_matches (*error, PS_ERROR, PS_ERROR_NOTHING_FOUND))
        (*error)->code = PS_ERROR_INVALID_DATA;
      return NULL;
    }
  if (apk->bundle)
    doc = ps_axml_parse_proto (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
  else
    doc = ps_axml_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
  if (doc == NULL)
    g_prefix_error (error, "%s: ", path);
  return doc;
}

typedef struct
{
  Apk         *apk;
  const char  *path;
  const char  *scope;
  gboolean     override_pins;
} AnchorContext;

static gboolean
add_anchor_material (PsMaterial *material,
                     guint       index,
                     gpointer    user_data)
{
  AnchorContext *context = user_data;
  PsCertificate *certificate = ps_material_get_certificate (material);
  g_autoptr(PsPinsetPin) pin = NULL;

  if (certificate == NULL || ps_material_get_pin (material) == NULL)
    return TRUE;
  pin = ps_pinset_pin_new (ps_material_get_pin (material),
                           ps_certificate_get_display_name (certificate),
                           ps_certificate_get_is_ca (certificate) ? PS_PIN_ROLE_ROOT
                                                                  : PS_PIN_ROLE_LEAF);
  ps_pinset_pin_set_origin (pin, PS_PIN_ORIGIN_FILE, context->path, index);
  ps_pinset_pin_set_not_after (pin, ps_certificate_get_not_after (certificate));
  _ps_build_add_anchor (context->apk->self, pin, context->path, context->scope,
                        context->override_pins);
  return TRUE;
}

/* <certificates src="@raw/…">: the certificates of that file become anchors. */
static void
read_certificates (Apk                   *apk,
                   const PsAxmlAttribute *src,
                   const char            *scope,
                   gboolean               override_pins)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  guint32 id = 0;
  AnchorContext context = { apk, NULL, scope, override_pins };

  if (src->type == PS_AXML_TYPE_REFERENCE || src->type == PS_AXML_TYPE_DYNAMIC_REFERENCE)
    id = src->data;
  else if (g_str_has_prefix (src->value, "@raw/") && apk->arsc != NULL)
    id = ps_arsc_find (apk->arsc, "raw", src->value + strlen ("@raw/"));
  else
    return; /* "system", "user": not bundled */
  if (apk->arsc == NULL || id == 0)
    {
      _ps_build_note (apk->self, _("%s: the certificates “%s” cannot be found in the build"),
                      apk->config, src->value);
      return;
    }
  name = ps_arsc_resolve_string (apk->arsc, id, &error);
  if (name != NULL)
    {
      path = g_strconcat (apk->prefix, name, NULL);
      bytes = ps_zip_read (apk->zip, path, &error);
    }
  if (bytes == NULL)
    {
      _ps_build_note (apk->self, _("%s: the certificates “%s” cannot be read: %s"),
                      apk->config, src->value, error->message);
      return;
    }
  context.path = path;
  if (ps_material_parse_bytes (bytes, add_anchor_material, &context, NULL, &error) == 0)
    _ps_build_note (apk->self, _("%s: no certificate in %s: %s"), apk->config, path,
                    error ? error->message : "");
}

static const char *
scope_label (GPtrArray *scopes)
{
  Scope *top;

  if (scopes->len == 0)
    return "network-security-config";
  top = g_ptr_array_index (scopes, scopes->len - 1);
  return top->domains->len > 0 ? top->domains->str : top->kind;
}

/* Walks the configuration for bundled trust anchors, and notes the line of the
 * domain-config where each domain first appears (for provenance). */
static void
walk_config (Apk            *apk,
             PsAxmlDocument *doc,
             GHashTable     *domain_lines)
{
  GPtrArray *nodes = ps_axml_document_get_nodes (doc);
  g_autoptr(GPtrArray) scopes = g_ptr_array_new_with_free_func ((GDestroyNotify) scope_free);
  gboolean in_domain = FALSE;

  for (guint i = 0; i < nodes->len; i++)
    {
      PsAxmlNode *node = g_ptr_array_index (nodes, i);
      Scope *top = scopes->len ? g_ptr_array_index (scopes, scopes->len - 1) : NULL;

      if (node->kind == PS_AXML_NODE_START)
        {
          if (g_str_equal (node->name, "base-config") ||
              g_str_equal (node->name, "debug-overrides") ||
              g_str_equal (node->name, "domain-config"))
            {
              Scope *scope = g_new0 (Scope, 1);

              scope->depth = node->depth;
              scope->line = node->line;
              scope->kind = g_strdup (node->name);
              scope->domains = g_string_new (NULL);
              g_ptr_array_add (scopes, scope);
            }
          else if (g_str_equal (node->name, "domain"))
            in_domain = TRUE;
          else if (g_str_equal (node->name, "certificates"))
            {
              const PsAxmlAttribute *src = ps_axml_node_find (node, NULL, "src", 0);
              const PsAxmlAttribute *override = ps_axml_node_find (node, NULL, "overridePins",
                                                                   0);

              if (src != NULL)
                read_certificates (apk, src, scope_label (scopes),
                                   override && g_str_equal (override->value, "true"));
            }
        }
      else if (node->kind == PS_AXML_NODE_TEXT && in_domain && top != NULL)
        {
          g_autofree char *name = g_strstrip (g_strdup (node->text));

          if (top->domains->len > 0)
            g_string_append (top->domains, ", ");
          g_string_append (top->domains, name);
          if (!g_hash_table_contains (domain_lines, name))
            g_hash_table_insert (domain_lines, g_strdup (name), GUINT_TO_POINTER (top->line));
        }
      else if (node->kind == PS_AXML_NODE_END)
        {
          if (g_strcmp0 (node->name, "domain") == 0)
            in_domain = FALSE;
          if (top != NULL && top->depth == node->depth)
            g_ptr_array_remove_index (scopes, scopes->len - 1);
        }
    }
}

static GArray *
rule_lines (PsPinset   *pinset,
            GHashTable *domain_lines)
{
  GListModel *rules = ps_pinset_get_rules (pinset);
  GArray *lines = g_array_new (FALSE, TRUE, sizeof (guint));

  for (guint i = 0; i < g_list_model_get_n_items (rules); i++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, i);
      g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (ps_pinset_rule_get_domains (rule),
                                                                0);
      guint line = domain ? GPOINTER_TO_UINT (g_hash_table_lookup (
                              domain_lines, ps_pinset_domain_get_name (domain))) : 0;

      g_array_append_val (lines, line);
    }
  return lines;
}

static gboolean
read_config (Apk      *apk,
             guint32   id,
             GError  **error)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(PsAxmlDocument) doc = NULL;
  g_autofree char *xml = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(PsPinset) pinset = NULL;
  g_autoptr(GHashTable) domain_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                              NULL);
  g_autoptr(GArray) lines = NULL;

  if (apk->arsc == NULL)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("The manifest names a network security config (0x%08x), but the build "
                     "has no readable resource table (%s) to find it in"), id,
                   apk->bundle ? "base/resources.pb" : "resources.arsc");
      return FALSE;
    }
  name = ps_arsc_resolve_string (apk->arsc, id, error);
  if (name == NULL)
    return FALSE;
  path = g_strconcat (apk->prefix, name, NULL);
  doc = read_xml (apk, path, error);
  if (doc == NULL)
    return FALSE;
  apk->config = path;
  xml = ps_axml_document_to_xml_full (doc, name_reference, apk->arsc);
  pinset = ps_format_import (ps_format_lookup ("android"), xml, -1, &notes, error);
  if (pinset == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  _ps_build_take_notes (apk->self, path, notes);
  walk_config (apk, doc, domain_lines);
  lines = rule_lines (pinset, domain_lines);
  _ps_build_add_source (apk->self, _("Network security config"), path, 0, -1);
  _ps_build_take_rules (apk->self, pinset, _("domain-config"), path, lines);
  apk->config = NULL;
  return TRUE;
}

static const char *
table_path (Apk *apk)
{
  return apk->bundle ? "base/resources.pb" : "resources.arsc";
}

/* The app's name: android:label as written, or the string it refers to in the default
 * configuration of resources.arsc. Not finding it is no error: the build has no name. */
static void
read_label (Apk                  *apk,
            const PsAxmlManifest *manifest)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;

  if (manifest->label != NULL)
    {
      if (!_ps_build_set_name (apk->self, manifest->label))
        _ps_build_note (apk->self, _("The app’s label in the manifest is empty or not text: "
                                     "the build has no name"));
      return;
    }
  /* A label from the framework (@android:string/…) is not in the APK's table, and is a
   * generic word at best: no name, and nothing worth a note. */
  if (manifest->label_id == 0 || manifest->label_id >> 24 == 0x01)
    return;
  if (apk->arsc == NULL && ps_zip_has_entry (apk->zip, table_path (apk)))
    return; /* a broken table has its own note */
  if (apk->arsc == NULL)
    g_set_error (&error, PS_ERROR, PS_ERROR_INVALID_DATA, _("the build has no %s"),
                 table_path (apk));
  else
    {
      /* A file resource resolves to its path: only a string resource is a name. */
      g_autofree char *what = ps_arsc_get_name (apk->arsc, manifest->label_id, &error);

      if (what != NULL && !g_str_has_prefix (what, "@string/"))
        g_set_error (&error, PS_ERROR, PS_ERROR_INVALID_DATA, _("%s is not a string"), what);
      else if (what != NULL)
        label = ps_arsc_resolve_string (apk->arsc, manifest->label_id, &error);
    }
  if (label == NULL)
    _ps_build_note (apk->self, _("The app’s name (label 0x%08x) cannot be read: %s"),
                    manifest->label_id, error->message);
  else if (!_ps_build_set_name (apk->self, label))
    _ps_build_note (apk->self, _("The app’s name (label 0x%08x) is empty or not text: the "
                                 "build has no name"), manifest->label_id);
}

/* Code that may hold pin literals: DEX string tables, Flutter's AOT snapshot and the React
 * Native bundle, in an APK at the top, in a bundle under each module (MODULE/dex/…). */
static gboolean
is_code (const char *name,
         gboolean    bundle,
         gboolean   *dex)
{
  const char *slash;

  if (bundle)
    {
      slash = strchr (name, '/');
      if (slash == NULL || slash == name)
        return FALSE;
      name = slash + 1;
      if (g_str_has_prefix (name, "dex/"))
        name += strlen ("dex/");
      else if (g_str_has_prefix (name, "classes"))
        return FALSE; /* a bundle keeps its DEX under dex/ */
    }
  *dex = !strchr (name, '/') && g_str_has_prefix (name, "classes") &&
         g_str_has_suffix (name, ".dex");
  return *dex ||
         (g_str_has_prefix (name, "lib/") && g_str_has_suffix (name, "/libapp.so")) ||
         g_str_equal (name, "assets/index.android.bundle");
}

static void
read_table (Apk    *apk,
            PsArsc **arsc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) table = NULL;
  const char *path = table_path (apk);

  if (!ps_zip_has_entry (apk->zip, path))
    return;
  table = ps_zip_read (apk->zip, path, &error);
  if (table != NULL && apk->bundle)
    *arsc = ps_arsc_parse_proto (g_bytes_get_data (table, NULL), g_bytes_get_size (table),
                                 &error);
  else if (table != NULL)
    *arsc = ps_arsc_parse (g_bytes_get_data (table, NULL), g_bytes_get_size (table), &error);
  if (*arsc == NULL)
    _ps_build_note (apk->self, "%s: %s", path, error->message);
}

/* The feature modules of a bundle: every MODULE/manifest/AndroidManifest.xml but base's.
 * (That the build is a bundle is said by the source of its identity.) */
static void
note_modules (Apk *apk)
{
  g_autoptr(GString) modules = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; i < ps_zip_get_n_entries (apk->zip); i++)
    {
      const char *name = ps_zip_get_name (apk->zip, i);
      const char *slash = strchr (name, '/');

      if (slash == NULL || g_str_has_prefix (name, "base/") ||
          !g_str_equal (slash, "/manifest/AndroidManifest.xml"))
        continue;
      if (++n > MAX_NAMED_MODULES)
        continue;
      if (modules->len > 0)
        g_string_append (modules, ", ");
      g_string_append_len (modules, name, slash - name);
    }
  if (n > MAX_NAMED_MODULES)
    g_string_append (modules, ", …");
  if (modules->len > 0)
    /* The network security config is the app's, in the base module's manifest; a feature
     * module's manifest cannot name another one. Their code is scanned like the base's. */
    _ps_build_note (apk->self, _("Feature modules (their code is scanned for pins, their "
                                 "manifests cannot name a network security config): %s"),
                    modules->str);
}

static gboolean
read_android (PsBuild   *self,
              PsZip     *zip,
              gboolean   bundle,
              GError   **error)
{
  Apk apk = { self, zip, NULL, NULL, bundle ? "base/" : "", bundle };
  const char *manifest_path = bundle ? "base/manifest/AndroidManifest.xml"
                                     : "AndroidManifest.xml";
  g_autoptr(PsAxmlDocument) doc = read_xml (&apk, manifest_path, error);
  g_auto(PsAxmlManifest) manifest = { 0 };
  g_autoptr(PsArsc) arsc = NULL;

  if (doc == NULL || !ps_axml_get_manifest (doc, &manifest, error))
    return FALSE;
  _ps_build_set_identity (self, PS_BUILD_PLATFORM_ANDROID, manifest.package,
                          manifest.version_name, manifest.version_code);
  _ps_build_add_source (self, bundle ? _("Package name and version (App Bundle)")
                                     : _("Package name and version"), manifest_path, 0, -1);
  if (bundle)
    note_modules (&apk);

  read_table (&apk, &arsc);
  apk.arsc = arsc;
  read_label (&apk, &manifest);

  if (manifest.network_security_config == 0)
    _ps_build_note (self, _("The manifest names no network security config: the app pins "
                            "nothing in its configuration"));
  else if (!read_config (&apk, manifest.network_security_config, error))
    return FALSE;

  for (guint i = 0; i < ps_zip_get_n_entries (zip); i++)
    {
      gboolean dex;

      if (is_code (ps_zip_get_name (zip, i), bundle, &dex))
        _ps_build_scan_code (self, zip, ps_zip_get_name (zip, i), dex);
    }
  return TRUE;
}

gboolean
_ps_build_read_apk (PsBuild  *self,
                    PsZip    *zip,
                    GError  **error)
{
  return read_android (self, zip, FALSE, error);
}

gboolean
_ps_build_read_aab (PsBuild  *self,
                    PsZip    *zip,
                    GError  **error)
{
  return read_android (self, zip, TRUE, error);
}
