/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ps-error.h"

G_DEFINE_QUARK (ps-error-quark, ps_error)
G_DEFINE_QUARK (ps-probe-error-quark, ps_probe_error)
