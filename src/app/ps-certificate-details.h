/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ps-certificate.h"

G_BEGIN_DECLS

#define PS_TYPE_CERTIFICATE_DETAILS (ps_certificate_details_get_type ())

G_DECLARE_FINAL_TYPE (PsCertificateDetails, ps_certificate_details, PS, CERTIFICATE_DETAILS,
                      AdwWindow)

/* @notation: the PsPinNotation the SPKI pin is shown in. */
PsCertificateDetails *ps_certificate_details_new             (PsCertificate        *certificate,
                                                              PsPinNotation         notation);
PsCertificate        *ps_certificate_details_get_certificate (PsCertificateDetails *self);

G_END_DECLS
