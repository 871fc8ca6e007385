/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ps-chain.h"

G_BEGIN_DECLS

#define PS_TYPE_HOST_BAR (ps_host_bar_get_type ())

G_DECLARE_FINAL_TYPE (PsHostBar, ps_host_bar, PS, HOST_BAR, AdwBin)

/* Settings (timeout, default CA file, host history) may be NULL: defaults then. */
void        ps_host_bar_set_settings  (PsHostBar  *self,
                                       GSettings  *settings);
/* Starts retrieving the chain of @host ("host[:port]"); emits "chain-loaded" on success
 * and shows the error in place otherwise. */
void        ps_host_bar_inspect       (PsHostBar  *self,
                                       const char *host);
void        ps_host_bar_cancel        (PsHostBar  *self);
void        ps_host_bar_retry         (PsHostBar  *self);
void        ps_host_bar_focus         (PsHostBar  *self);
gboolean    ps_host_bar_get_busy      (PsHostBar  *self);
/* The error shown in place, or NULL. */
const char *ps_host_bar_get_error     (PsHostBar  *self);
GtkWidget  *ps_host_bar_get_entry     (PsHostBar  *self);

G_END_DECLS
