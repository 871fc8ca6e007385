/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ps-build.h"
#include "ps-zip.h"

G_BEGIN_DECLS

/* Shared by ps-build.c, its list items and the per-platform readers. */
PsBuildPin    *_ps_build_pin_new     (const char      *text,
                                      const PsPin     *pin,
                                      const char      *file,
                                      const char      *host,
                                      guint64          offset);
PsBuildAnchor *_ps_build_anchor_new  (PsPinsetPin     *pin,
                                      const char      *file,
                                      const char      *scope,
                                      gboolean         override_pins);
PsBuildSource *_ps_build_source_new  (const char      *what,
                                      const char      *path,
                                      guint            line,
                                      int              rule);

void      _ps_build_set_identity   (PsBuild         *self,
                                    PsBuildPlatform  platform,
                                    const char      *id,
                                    const char      *version,
                                    const char      *version_code);
/* Sets the name through ps_build_sanitize_name(); FALSE (and no name) when nothing of
 * @name is left. */
gboolean  _ps_build_set_name       (PsBuild         *self,
                                    const char      *name);
void      _ps_build_note           (PsBuild         *self,
                                    const char      *format,
                                    ...) G_GNUC_PRINTF (2, 3);
void      _ps_build_add_source     (PsBuild         *self,
                                    const char      *what,
                                    const char      *path,
                                    guint            line,
                                    int              rule);
void      _ps_build_add_anchor     (PsBuild         *self,
                                    PsPinsetPin     *pin,
                                    const char      *file,
                                    const char      *scope,
                                    gboolean         override_pins);
/* Moves the rules of @from into the build's pinset, each with a source naming @what and
 * @path; @lines (may be NULL) gives the line of each rule. */
void      _ps_build_take_rules     (PsBuild         *self,
                                    PsPinset        *from,
                                    const char      *what,
                                    const char      *path,
                                    GArray          *lines);
/* Notes of a format reader, each prefixed with the path it is about. */
void      _ps_build_take_notes     (PsBuild         *self,
                                    const char      *path,
                                    GPtrArray       *notes);
/* Reads @path from @zip and adds the pin literals in it; @dex for classes*.dex. Problems
 * become notes. */
void      _ps_build_scan_code      (PsBuild         *self,
                                    PsZip           *zip,
                                    const char      *path,
                                    gboolean         dex);

/* Adds the pin literals in @bytes, the contents of @path. */
void      _ps_build_scan_bytes     (PsBuild         *self,
                                    const char      *path,
                                    GBytes          *bytes);

gboolean  _ps_build_read_apk       (PsBuild         *self,
                                    PsZip           *zip,
                                    GError         **error);
/* An Android App Bundle: its base module, in protobuf form. */
gboolean  _ps_build_read_aab       (PsBuild         *self,
                                    PsZip           *zip,
                                    GError         **error);
/* @app_dir is "Payload/NAME.app/". */
gboolean  _ps_build_read_ipa       (PsBuild         *self,
                                    PsZip           *zip,
                                    const char      *app_dir,
                                    GError         **error);

G_END_DECLS
