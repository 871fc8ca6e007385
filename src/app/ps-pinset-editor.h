/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ps-certificate.h"
#include "ps-material.h"
#include "ps-pinset.h"

G_BEGIN_DECLS

#define PS_TYPE_PINSET_EDITOR (ps_pinset_editor_get_type ())

G_DECLARE_FINAL_TYPE (PsPinsetEditor, ps_pinset_editor, PS, PINSET_EDITOR, AdwBin)

GtkWidget  *ps_pinset_editor_new              (PsPinset       *pinset,
                                               GFile          *file);
PsPinset   *ps_pinset_editor_get_pinset       (PsPinsetEditor *self);
GFile      *ps_pinset_editor_get_file         (PsPinsetEditor *self);
gboolean    ps_pinset_editor_get_modified     (PsPinsetEditor *self);
const char *ps_pinset_editor_get_title        (PsPinsetEditor *self);
/* Open chains (a GListModel of PsChain) for lint, the compare view and the export view
 * (which resolves unknown pin roles from them). */
void        ps_pinset_editor_set_chains       (PsPinsetEditor *self,
                                               GListModel     *chains);
/* Adds the certificate's SPKI pin to the first rule (creating it, with @domain when
 * given); a pin of role unknown already in the pinset takes the certificate's role instead.
 * Returns FALSE when the pin was already there with a known role. */
gboolean    ps_pinset_editor_add_certificate  (PsPinsetEditor *self,
                                               PsCertificate  *certificate,
                                               PsPinOrigin     origin,
                                               const char     *detail,
                                               int             depth,
                                               const char     *domain);
/* Adds the pin of a key, CSR or certificate read from @path as a backup pin of the
 * first rule. */
gboolean    ps_pinset_editor_add_material     (PsPinsetEditor *self,
                                               PsMaterial     *material,
                                               const char     *path);
/* Adds a pin typed in any notation as a backup pin. */
gboolean    ps_pinset_editor_add_pin_text     (PsPinsetEditor *self,
                                               const char     *text,
                                               GError        **error);
void        ps_pinset_editor_save_async       (PsPinsetEditor      *self,
                                               GFile               *file,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    ps_pinset_editor_save_finish      (PsPinsetEditor      *self,
                                               GAsyncResult        *result,
                                               GError             **error);
/* Which tab shows: "pins", "compare" or "export". */
/* The PsPinNotation pins are shown in, on the Pins and Compare pages. */
/* How pins are shown (the "notation" property). */
void          ps_pinset_editor_set_notation (PsPinsetEditor *self,
                                             PsPinNotation   notation);
PsPinNotation ps_pinset_editor_get_notation (PsPinsetEditor *self);
void        ps_pinset_editor_show_page        (PsPinsetEditor *self,
                                               const char     *name);
const char *ps_pinset_editor_get_page         (PsPinsetEditor *self);
GtkWidget  *ps_pinset_editor_get_findings_list (PsPinsetEditor *self);
GtkWidget  *ps_pinset_editor_get_export_view  (PsPinsetEditor *self);
GtkWidget  *ps_pinset_editor_get_compare_list (PsPinsetEditor *self);

G_END_DECLS
