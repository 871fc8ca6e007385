/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ps-pin-match.h"
#include "ps-rotation.h"
#include "ps-pinset.h"

G_BEGIN_DECLS

#define PS_TYPE_COMPARE_VIEW (ps_compare_view_get_type ())

G_DECLARE_FINAL_TYPE (PsCompareView, ps_compare_view, PS, COMPARE_VIEW, AdwBin)

GtkWidget        *ps_compare_view_new             (void);
void              ps_compare_view_set_pinset      (PsCompareView *self,
                                                   PsPinset      *pinset);
/* A GListModel of PsChain: the chains open in the window. */
void              ps_compare_view_set_chains      (PsCompareView *self,
                                                   GListModel    *chains);
/* The PsPinNotation pins without a label are shown in. */
/* How pins are shown (the "notation" property). */
void          ps_compare_view_set_notation (PsCompareView *self,
                                            PsPinNotation  notation);
PsPinNotation ps_compare_view_get_notation (PsCompareView *self);
/* The current comparison (a GListModel of PsPinMatch), or NULL. */
GListModel       *ps_compare_view_get_matches     (PsCompareView *self);
/* Rotation readiness of @candidate against the pinset. */
void              ps_compare_view_check_candidate (PsCompareView *self,
                                                   PsChain       *candidate);
PsRotationReport *ps_compare_view_get_report      (PsCompareView *self);

G_END_DECLS
