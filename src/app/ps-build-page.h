/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ps-build.h"

G_BEGIN_DECLS

/* The Build page: what a shipped APK or IPA carries, each part with where in the build it
 * was found; the linter's findings on its pinset; "Open as Pinset" hands a copy of the pinset
 * on through the "open-pinset" signal. */
#define PS_TYPE_BUILD_PAGE (ps_build_page_get_type ())

G_DECLARE_FINAL_TYPE (PsBuildPage, ps_build_page, PS, BUILD_PAGE, AdwBin)

/* Builds are far more than a configuration (native libraries, assets): the same cap as the
 * command line's on what is read into memory. */
#define PS_BUILD_PAGE_MAX_FILE_SIZE (512 * 1024 * 1024)

GtkWidget     *ps_build_page_new               (PsBuild      *build,
                                                GFile        *file);
PsBuild       *ps_build_page_get_build         (PsBuildPage  *self);
GFile         *ps_build_page_get_file          (PsBuildPage  *self);
/* "NAME VERSION" when the build names the app, else "ID VERSION" (the name of the build's
 * pinset); the page shows the id either way. */
const char    *ps_build_page_get_title         (PsBuildPage  *self);
/* How pins are shown (the "notation" property, a PsPinNotation). */
void           ps_build_page_set_notation      (PsBuildPage  *self,
                                                PsPinNotation notation);
PsPinNotation  ps_build_page_get_notation      (PsBuildPage  *self);
GtkWidget     *ps_build_page_get_findings_list (PsBuildPage  *self);

/* Whether the file starts as a build does (a zip archive). Blocking: for worker threads. */
gboolean       ps_build_page_sniff_file        (GFile        *file,
                                                GCancellable *cancellable);
/* Reads @file (a regular file of at most PS_BUILD_PAGE_MAX_FILE_SIZE bytes) as a build.
 * Blocking: for worker threads. */
PsBuild       *ps_build_page_read_file         (GFile        *file,
                                                GCancellable *cancellable,
                                                GError      **error);

G_END_DECLS
