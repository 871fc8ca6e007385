/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ps-pinset.h"

G_BEGIN_DECLS

#define PS_TYPE_EXPORT_VIEW (ps_export_view_get_type ())

G_DECLARE_FINAL_TYPE (PsExportView, ps_export_view, PS, EXPORT_VIEW, AdwBin)

GtkWidget  *ps_export_view_new            (void);
void        ps_export_view_set_pinset     (PsExportView *self,
                                           PsPinset     *pinset);
/* The chains open beside the pinset (a GListModel of PsChain): when the export fails for
 * pins with no known role and one of them knows some, the error offers to resolve them. */
void        ps_export_view_set_chains     (PsExportView *self,
                                           GListModel   *chains);
/* The date the export names; NULL (the default) for the current time. */
void        ps_export_view_set_now        (PsExportView *self,
                                           GDateTime    *now);
void        ps_export_view_set_format_id  (PsExportView *self,
                                           const char   *id);
const char *ps_export_view_get_format_id  (PsExportView *self);
/* The text the preview shows (NULL when the export failed). */
const char *ps_export_view_get_text       (PsExportView *self);
guint       ps_export_view_get_n_warnings (PsExportView *self);

G_END_DECLS
