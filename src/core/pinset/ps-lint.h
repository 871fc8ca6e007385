/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-chain.h"
#include "ps-pinset.h"
#include "ps-finding.h"

G_BEGIN_DECLS

/* Days before a matched certificate's expiry from which expiring-soon is reported. */
#define PS_LINT_EXPIRING_SOON_DAYS 30

/* Lints @pinset, optionally against @chains (of PsChain; NULL or empty: checks that need a
 * chain are reported as not done, with the no-chain finding). @now: NULL for the current
 * time. Returns a list of PsFinding, errors first, then warnings, then information. */
GListModel   *ps_lint_pinset            (PsPinset      *pinset,
                                         GPtrArray     *chains,
                                         GDateTime     *now);
/* The most severe severity in @findings, or -1 when there are none. */
int           ps_lint_max_severity      (GListModel    *findings);

G_END_DECLS
