/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ps-certificate.h"

G_BEGIN_DECLS

#define PS_TYPE_CERTIFICATE_SECTION (ps_certificate_section_get_type ())
#define PS_TYPE_CERTIFICATE_FIELD (ps_certificate_field_get_type ())

G_DECLARE_FINAL_TYPE (PsCertificateSection, ps_certificate_section, PS, CERTIFICATE_SECTION,
                      GObject)
G_DECLARE_FINAL_TYPE (PsCertificateField, ps_certificate_field, PS, CERTIFICATE_FIELD, GObject)

/* What a certificate says, as gcr models it: sections ("Subject", "Validity"…) of typed
 * fields, in display order. The details window shows them and the CLI prints them, so the
 * list of fields is written once, here. */
GListModel         *ps_certificate_list_sections        (PsCertificate        *certificate,
                                                         PsPinNotation         notation);

const char         *ps_certificate_section_get_title    (PsCertificateSection *self);
/* The PsCertificateField of the section. */
GListModel         *ps_certificate_section_get_fields   (PsCertificateSection *self);

/* The stable machine name of a field (a JSON member name), or NULL when the field is only
 * something to show (such as the pin in the chosen notation). */
const char         *ps_certificate_field_get_key        (PsCertificateField   *self);
/* The translated label; NULL for fields that are only printed as data. */
const char         *ps_certificate_field_get_label      (PsCertificateField   *self);
/* The value as shown to people, or NULL when there is nothing to show. */
const char         *ps_certificate_field_get_text       (PsCertificateField   *self);
/* The typed value ("s", "u", "i", "b" or "as"), or NULL when the certificate lacks it. A
 * list ("as") is shown one row per item, each item its own text. */
GVariant           *ps_certificate_field_get_value      (PsCertificateField   *self);
/* Hex, pins and fingerprints read best in a monospace font. */
gboolean            ps_certificate_field_get_monospace  (PsCertificateField   *self);

G_END_DECLS
