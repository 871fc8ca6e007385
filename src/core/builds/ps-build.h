/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-build-anchor.h"
#include "ps-build-pin.h"
#include "ps-build-source.h"
#include "ps-pin.h"
#include "ps-pinset.h"

G_BEGIN_DECLS

/* A shipped build (APK, Android App Bundle or IPA), read in memory: its identity, the pinset its
 * configuration declares, the certificates it bundles as trust anchors, the pin literals
 * in its code, where each came from, and notes on what could not be read. */

typedef enum
{
  PS_BUILD_PLATFORM_ANDROID,
  PS_BUILD_PLATFORM_IOS,
} PsBuildPlatform;

#define PS_TYPE_BUILD_PLATFORM (ps_build_platform_get_type ())
GType       ps_build_platform_get_type  (void) G_GNUC_CONST;
const char *ps_build_platform_to_string (PsBuildPlatform platform); /* "android", "ios" */
const char *ps_build_platform_to_label  (PsBuildPlatform platform); /* translated */

#define PS_TYPE_BUILD (ps_build_get_type ())
G_DECLARE_FINAL_TYPE (PsBuild, ps_build, PS, BUILD, GObject)

/* Builds larger than this are refused before they are read. */
#define PS_BUILD_MAX_FILE_SIZE (G_GUINT64_CONSTANT (2) * 1024 * 1024 * 1024)

/* Detects APK (a zip with AndroidManifest.xml), App Bundle (base/manifest/AndroidManifest.xml
 * or BundleConfig.pb; its base module is read) or IPA (a zip with
 * Payload/NAME.app/Info.plist) by content. Errors: PS_ERROR_UNSUPPORTED when it is
 * neither, PS_ERROR_INVALID_DATA when it is broken (the message names the file inside). */
PsBuild         *ps_build_new_from_bytes   (GBytes     *bytes,
                                            GError    **error);
PsBuild         *ps_build_new_from_file    (GFile      *file,
                                            GError    **error);
/* Whether @bytes look like a build (a zip archive), for detection before a full read. */
gboolean         ps_build_sniff            (const guint8 *data,
                                            gsize         len);

PsBuildPlatform  ps_build_get_platform     (PsBuild    *self);
const char      *ps_build_get_id           (PsBuild    *self); /* package or bundle id */
/* The name users see (android:label, CFBundleDisplayName or CFBundleName), sanitized by
 * ps_build_sanitize_name(), or NULL when the build names none that can be read. */
const char      *ps_build_get_name         (PsBuild    *self);
const char      *ps_build_get_version      (PsBuild    *self); /* versionName / short version */
const char      *ps_build_get_version_code (PsBuild    *self); /* versionCode / CFBundleVersion */
/* The pins of the configuration, named "ID VERSION". Never NULL (empty when the build
 * declares no pins). */
PsPinset        *ps_build_get_pinset       (PsBuild    *self);
GListModel      *ps_build_get_anchors      (PsBuild    *self); /* of PsBuildAnchor */
GListModel      *ps_build_get_code_pins    (PsBuild    *self); /* of PsBuildPin */
GListModel      *ps_build_get_sources      (PsBuild    *self); /* of PsBuildSource */
/* Translated sentences: what was ignored or could not be read. */
const char * const *ps_build_get_notes     (PsBuild    *self);

/* Names longer than this many characters are cut (ending in "…"). */
#define PS_BUILD_MAX_NAME_CHARS 200

/* A name read from an untrusted file as display text: NULL for NULL, invalid UTF-8 or
 * nothing left; otherwise line breaks and tabs become spaces, other control characters and
 * bidirectional overrides are dropped, runs of spaces are joined, and the result is cut to
 * PS_BUILD_MAX_NAME_CHARS characters. */
char            *ps_build_sanitize_name    (const char *text);

/* Everything above as one JSON document, for `import --json` and CI: platform, id, name
 * (null when unknown), version, version_code, pinset (the native pinset document),
 * anchors, code_pins (host null when unknown), sources and notes. */
char            *ps_build_to_json          (PsBuild    *self);

G_END_DECLS
