/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PS_TYPE_FINDINGS_LIST (ps_findings_list_get_type ())

G_DECLARE_FINAL_TYPE (PsFindingsList, ps_findings_list, PS, FINDINGS_LIST, AdwBin)

GtkWidget  *ps_findings_list_new          (void);
/* A GListModel of PsFinding, or NULL. */
void        ps_findings_list_set_findings (PsFindingsList *self,
                                           GListModel     *findings);
GListModel *ps_findings_list_get_findings (PsFindingsList *self);
/* Whether a finding with this stable id is shown. */
gboolean    ps_findings_list_has_id       (PsFindingsList *self,
                                           const char     *id);
/* An icon name for a PsSeverity. */
const char *ps_findings_list_severity_icon (int             severity);

G_END_DECLS
