/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-build-private.h"
#include "ps-dex-strings.h"
#include "ps-error.h"

/* The build model: identity, pinset, anchors, code pins, sources and notes. The readers
 * for each platform are ps-build-android.c (APK and App Bundle) and ps-build-ios.c; the
 * items of its lists are ps-build-pin.c, ps-build-anchor.c and ps-build-source.c. */

G_DEFINE_ENUM_TYPE (PsBuildPlatform, ps_build_platform,
                    G_DEFINE_ENUM_VALUE (PS_BUILD_PLATFORM_ANDROID, "android"),
                    G_DEFINE_ENUM_VALUE (PS_BUILD_PLATFORM_IOS, "ios"))

const char *
ps_build_platform_to_string (PsBuildPlatform platform)
{
  return platform == PS_BUILD_PLATFORM_IOS ? "ios" : "android";
}

const char *
ps_build_platform_to_label (PsBuildPlatform platform)
{
  return platform == PS_BUILD_PLATFORM_IOS ? _("iOS") : _("Android");
}

/* PsBuild */

struct _PsBuild
{
  GObject          parent_instance;
  PsBuildPlatform  platform;
  char            *id;
  char            *name;
  char            *version;
  char            *version_code;
  PsPinset        *pinset;
  GListStore      *anchors;
  GListStore      *code_pins;
  GListStore      *sources;
  GPtrArray       *notes;  /* NULL-terminated */
};

G_DEFINE_FINAL_TYPE (PsBuild, ps_build, G_TYPE_OBJECT)

enum { PROP_0, PROP_PLATFORM, PROP_ID, PROP_NAME, PROP_VERSION, PROP_PINSET, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
ps_build_finalize (GObject *object)
{
  PsBuild *self = PS_BUILD (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->version);
  g_free (self->version_code);
  g_clear_object (&self->pinset);
  g_clear_object (&self->anchors);
  g_clear_object (&self->code_pins);
  g_clear_object (&self->sources);
  g_ptr_array_unref (self->notes);
  G_OBJECT_CLASS (ps_build_parent_class)->finalize (object);
}

static void
ps_build_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PsBuild *self = PS_BUILD (object);

  switch (prop_id)
    {
    case PROP_PLATFORM: g_value_set_enum (value, self->platform); break;
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_VERSION: g_value_set_string (value, self->version); break;
    case PROP_PINSET: g_value_set_object (value, self->pinset); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_build_class_init (PsBuildClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = ps_build_finalize;
  object_class->get_property = ps_build_get_property;
  properties[PROP_PLATFORM] = g_param_spec_enum ("platform", NULL, NULL, PS_TYPE_BUILD_PLATFORM,
                                            PS_BUILD_PLATFORM_ANDROID, flags);
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_VERSION] = g_param_spec_string ("version", NULL, NULL, NULL, flags);
  properties[PROP_PINSET] = g_param_spec_object ("pinset", NULL, NULL, PS_TYPE_PINSET, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ps_build_init (PsBuild *self)
{
  self->anchors = g_list_store_new (PS_TYPE_BUILD_ANCHOR);
  self->code_pins = g_list_store_new (PS_TYPE_BUILD_PIN);
  self->sources = g_list_store_new (PS_TYPE_BUILD_SOURCE);
  self->notes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->notes, NULL);
  self->pinset = ps_pinset_new ("");
}

PsBuildPlatform
ps_build_get_platform (PsBuild *self)
{
  g_return_val_if_fail (PS_IS_BUILD (self), PS_BUILD_PLATFORM_ANDROID);

  return self->platform;
}

const char *
ps_build_get_id (PsBuild *self)
{
  g_return_val_if_fail (PS_IS_BUILD (self), NULL);

  return self->id;
}

const char *
ps_build_get_name (PsBuild *self)
{
  g_return_val_if_fail (PS_IS_BUILD (self), NULL);

  return self->name;
}

const char *
ps_build_get_version (PsBuild *self)
{
  g_return_val_if_fail (PS_IS_BUILD (self), NULL);

  return self->version;
}

const char *
ps_build_get_version_code (PsBuild *self)
{
  g_return_val_if_fail (PS_IS_BUILD (self), NULL);

  return self->version_code;
}

PsPinset *
ps_build_get_pinset (PsBuild *self)
{
  g_return_val_if_fail (PS_IS_BUILD (self), NULL);

  return self->pinset;
}

GListModel *
ps_build_get_anchors (PsBuild *self)
{
  g_return_val_if_fail (PS_IS_BUILD (self), NULL);

  return G_LIST_MODEL (self->anchors);
}

GListModel *
ps_build_get_code_pins (PsBuild *self)
{
  g_return_val_if_fail (PS_IS_BUILD (self), NULL);

  return G_LIST_MODEL (self->code_pins);
}

GListModel *
ps_build_get_sources (PsBuild *self)
{
  g_return_val_if_fail (PS_IS_BUILD (self), NULL);

  return G_LIST_MODEL (self->sources);
}


const char * const *
ps_build_get_notes (PsBuild *self)
{
  return (const char * const *) self->notes->pdata;
}

/* Bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069) can
 * make a name read as another one beside it ("Trojan Source", CVE-2021-42574). */
static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

char *
ps_build_sanitize_name (const char *text)
{
  g_autoptr(GString) out = NULL;
  gboolean space = FALSE;
  glong n_chars;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;
  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Tabs, line and paragraph breaks, and other spaces: one plain space. */
      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (g_unichar_iscntrl (c) || is_bidi_control (c) || c == 0xfeff)
        continue;
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  if (out->len == 0)
    return NULL;
  n_chars = g_utf8_strlen (out->str, -1);
  if (n_chars > PS_BUILD_MAX_NAME_CHARS)
    {
      const char *end = g_utf8_offset_to_pointer (out->str, PS_BUILD_MAX_NAME_CHARS - 1);

      g_string_truncate (out, end - out->str);
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append (out, "…");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Shared helpers. */

gboolean
_ps_build_set_name (PsBuild    *self,
                    const char *name)
{
  g_free (self->name);
  self->name = ps_build_sanitize_name (name);
  return self->name != NULL;
}

void
_ps_build_set_identity (PsBuild         *self,
                        PsBuildPlatform  platform,
                        const char      *id,
                        const char      *version,
                        const char      *version_code)
{
  g_autofree char *name = NULL;

  self->platform = platform;
  g_free (self->id);
  self->id = g_strdup (id);
  g_free (self->version);
  self->version = g_strdup (version);
  g_free (self->version_code);
  self->version_code = g_strdup (version_code);
  name = version ? g_strdup_printf ("%s %s", id, version) : g_strdup (id);
  ps_pinset_set_name (self->pinset, name);
}

void
_ps_build_note (PsBuild    *self,
                const char *format,
                ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_insert (self->notes, self->notes->len - 1, g_strdup_vprintf (format, args));
  va_end (args);
}

void
_ps_build_add_source (PsBuild    *self,
                      const char *what,
                      const char *path,
                      guint       line,
                      int         rule)
{
  g_autoptr(PsBuildSource) source = _ps_build_source_new (what, path, line, rule);

  g_list_store_append (self->sources, source);
}

void
_ps_build_add_anchor (PsBuild     *self,
                      PsPinsetPin *pin,
                      const char  *file,
                      const char  *scope,
                      gboolean     override_pins)
{
  g_autoptr(PsBuildAnchor) anchor = _ps_build_anchor_new (pin, file, scope, override_pins);

  g_list_store_append (self->anchors, anchor);
}

void
_ps_build_take_rules (PsBuild    *self,
                      PsPinset   *from,
                      const char *what,
                      const char *path,
                      GArray     *lines)
{
  GListModel *rules = ps_pinset_get_rules (from);
  guint n = g_list_model_get_n_items (rules);
  g_autoptr(GPtrArray) moved = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (moved, g_list_model_get_item (rules, i));

  /* What the configuration says beside its rules travels with them: the format it came
   * from (what the linter knows the platform can express) and its base-config and
   * debug-overrides trust anchors, whose overridePins decide whether pins are enforced. */
  if (ps_pinset_get_source_format (self->pinset) == NULL)
    ps_pinset_set_source_format (self->pinset, ps_pinset_get_source_format (from));
  for (guint i = 0; i < g_list_model_get_n_items (ps_pinset_get_base_anchors (from)); i++)
    {
      g_autoptr(PsPinsetAnchor) anchor =
        g_list_model_get_item (ps_pinset_get_base_anchors (from), i);

      ps_pinset_add_base_anchor (self->pinset, anchor);
    }
  for (guint i = 0; i < g_list_model_get_n_items (ps_pinset_get_debug_anchors (from)); i++)
    {
      g_autoptr(PsPinsetAnchor) anchor =
        g_list_model_get_item (ps_pinset_get_debug_anchors (from), i);

      ps_pinset_add_debug_anchor (self->pinset, anchor);
    }

  for (guint i = 0; i < moved->len; i++)
    {
      PsPinsetRule *rule = g_ptr_array_index (moved, i);
      g_autofree char *label = ps_pinset_rule_dup_label (rule);
      g_autofree char *phrase = g_strdup_printf ("%s: %s", what, label);
      guint index = g_list_model_get_n_items (ps_pinset_get_rules (self->pinset));

      ps_pinset_remove_rule (from, rule);
      ps_pinset_add_rule (self->pinset, rule);
      _ps_build_add_source (self, phrase, path,
                            lines && i < lines->len ? g_array_index (lines, guint, i) : 0,
                            index);
    }
}

void
_ps_build_take_notes (PsBuild    *self,
                      const char *path,
                      GPtrArray  *notes)
{
  for (guint i = 0; notes != NULL && i < notes->len; i++)
    _ps_build_note (self, "%s: %s", path, (char *) g_ptr_array_index (notes, i));
}

static void
add_code_pins (PsBuild    *self,
               const char *path,
               GPtrArray  *literals)
{
  for (guint i = 0; i < literals->len; i++)
    {
      PsPinLiteral *literal = g_ptr_array_index (literals, i);
      g_autoptr(PsBuildPin) pin = _ps_build_pin_new (literal->text, literal->pin, path,
                                                     literal->host, literal->offset);

      g_list_store_append (self->code_pins, pin);
    }
}

void
_ps_build_scan_code (PsBuild    *self,
                     PsZip      *zip,
                     const char *path,
                     gboolean    dex)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = ps_zip_read (zip, path, &error);
  g_autoptr(GPtrArray) literals = NULL;
  gsize len;
  const guint8 *data;

  if (bytes == NULL)
    {
      _ps_build_note (self, _("%s could not be scanned for pins: %s"), path, error->message);
      return;
    }
  data = g_bytes_get_data (bytes, &len);
  if (dex)
    {
      g_autoptr(GPtrArray) strings = ps_dex_read_strings (data, len, NULL, &error);

      if (strings == NULL)
        {
          _ps_build_note (self, _("%s could not be scanned for pins: %s"), path,
                          error->message);
          return;
        }
      literals = ps_pin_scan_strings (strings);
    }
  else
    literals = ps_pin_scan_bytes (data, len);
  add_code_pins (self, path, literals);
}

void
_ps_build_scan_bytes (PsBuild    *self,
                      const char *path,
                      GBytes     *bytes)
{
  g_autoptr(GPtrArray) literals = ps_pin_scan_bytes (g_bytes_get_data (bytes, NULL),
                                                     g_bytes_get_size (bytes));
  add_code_pins (self, path, literals);
}

/* Detection. */

gboolean
ps_build_sniff (const guint8 *data,
                gsize         len)
{
  return len >= 4 && memcmp (data, "PK\003\004", 4) == 0;
}

/* "Payload/NAME.app/" of the app's own Info.plist (not of an extension or framework). */
static char *
find_app_dir (PsZip *zip)
{
  for (guint i = 0; i < ps_zip_get_n_entries (zip); i++)
    {
      const char *name = ps_zip_get_name (zip, i);
      const char *app;

      if (!g_str_has_prefix (name, "Payload/") || !g_str_has_suffix (name, ".app/Info.plist"))
        continue;
      app = name + strlen ("Payload/");
      if (strchr (app, '/') == app + strlen (app) - strlen ("/Info.plist"))
        return g_strndup (name, strlen (name) - strlen ("Info.plist"));
    }
  return NULL;
}

PsBuild *
ps_build_new_from_bytes (GBytes  *bytes,
                         GError **error)
{
  g_autoptr(PsBuild) self = NULL;
  g_autoptr(PsZip) zip = NULL;
  g_autofree char *app_dir = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  if (!ps_build_sniff (data, len))
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_UNSUPPORTED,
                           _("Not an app build: APK, AAB and IPA files are zip archives"));
      return NULL;
    }
  zip = ps_zip_new (bytes, NULL, error);
  if (zip == NULL)
    return NULL;
  self = g_object_new (PS_TYPE_BUILD, NULL);
  for (guint i = 0; i < ps_zip_get_notes (zip)->len; i++)
    _ps_build_note (self, "%s", (char *) g_ptr_array_index (ps_zip_get_notes (zip), i));

  if (ps_zip_has_entry (zip, "AndroidManifest.xml"))
    {
      if (!_ps_build_read_apk (self, zip, error))
        return NULL;
    }
  else if ((app_dir = find_app_dir (zip)) != NULL)
    {
      if (!_ps_build_read_ipa (self, zip, app_dir, error))
        return NULL;
    }
  else if (ps_zip_has_entry (zip, "base/manifest/AndroidManifest.xml") ||
           ps_zip_has_entry (zip, "BundleConfig.pb"))
    {
      if (!_ps_build_read_aab (self, zip, error))
        return NULL;
    }
  else
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_UNSUPPORTED,
                           _("This zip archive is neither an APK (no AndroidManifest.xml), an "
                             "App Bundle (no base/manifest/AndroidManifest.xml) nor an IPA (no "
                             "Payload/NAME.app/Info.plist)"));
      return NULL;
    }
  return g_steal_pointer (&self);
}

PsBuild *
ps_build_new_from_file (GFile   *file,
                        GError **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (path == NULL)
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_UNSUPPORTED,
                           _("Only local files can be read as builds"));
      return NULL;
    }
  mapped = g_mapped_file_new (path, FALSE, error);
  if (mapped == NULL)
    return NULL;
  if (g_mapped_file_get_length (mapped) > PS_BUILD_MAX_FILE_SIZE)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED,
                   _("The build is larger than %lu MiB"),
                   (gulong) (PS_BUILD_MAX_FILE_SIZE / (1024 * 1024)));
      return NULL;
    }
  bytes = g_mapped_file_get_bytes (mapped);
  return ps_build_new_from_bytes (bytes, error);
}
