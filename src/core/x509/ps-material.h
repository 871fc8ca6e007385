/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-certificate.h"
#include "ps-pin.h"

G_BEGIN_DECLS

/* Key material: anything a pin can come from. A private key is read only to derive its
 * public key; the private key itself is never kept, logged or printed. */
typedef enum
{
  PS_MATERIAL_CERTIFICATE,
  PS_MATERIAL_PUBLIC_KEY,
  PS_MATERIAL_CSR,
  PS_MATERIAL_PRIVATE_KEY,
} PsMaterialKind;

#define PS_TYPE_MATERIAL (ps_material_get_type ())

G_DECLARE_FINAL_TYPE (PsMaterial, ps_material, PS, MATERIAL, GObject)

PsMaterialKind  ps_material_get_kind        (PsMaterial *self);
const char     *ps_material_kind_to_string  (PsMaterialKind kind);
/* Subject for certificates and CSRs, a description of the key ("RSA 2048 public key")
 * otherwise. */
const char     *ps_material_get_label       (PsMaterial *self);
const char     *ps_material_get_key_description (PsMaterial *self);
const PsPin    *ps_material_get_pin         (PsMaterial *self);
/* Only for certificates, else NULL. */
PsCertificate  *ps_material_get_certificate (PsMaterial *self);
/* What could not be read, or NULL. */
const char     *ps_material_get_problem     (PsMaterial *self);

/* Called for every item found, in order, as it is found. Return FALSE to stop. */
typedef gboolean (*PsMaterialFunc) (PsMaterial *material,
                                    guint       index,
                                    gpointer    user_data);

/* Reads everything in @data, whatever its kind (PEM with any number of blocks and text
 * between them, DER certificate/SPKI/CSR/key, PKCS#7 in PEM or DER). Returns the number
 * of items found; 0 with @error set when nothing usable is there. Items that are broken
 * while others are fine are reported through @error only if nothing at all was found;
 * otherwise @problems (if non-NULL) receives one message per skipped block. */
guint      ps_material_parse_bytes  (GBytes          *data,
                                     PsMaterialFunc   func,
                                     gpointer         user_data,
                                     GPtrArray      **problems,
                                     GError         **error);
/* The same for a local file, read through a mapping whose pages are given back as the
 * reading goes, so that memory stays flat whatever the file's size. */
guint      ps_material_parse_file   (GFile           *file,
                                     PsMaterialFunc   func,
                                     gpointer         user_data,
                                     GPtrArray      **problems,
                                     GError         **error);
/* Convenience: all items of a file as a GPtrArray of PsMaterial. Synchronous. */
GPtrArray *ps_material_load_file    (GFile           *file,
                                     GPtrArray      **problems,
                                     GError         **error);
void       ps_material_load_file_async  (GFile               *file,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GPtrArray *ps_material_load_file_finish (GFile               *file,
                                         GAsyncResult        *result,
                                         GError             **error);
/* Certificates only, in file order. */
GPtrArray *ps_material_load_certificates (GFile   *file,
                                          GError **error);

G_END_DECLS
