/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ps-certificate.h"
#include "ps-chain.h"

G_BEGIN_DECLS

#define PS_TYPE_CERTIFICATE_CARD (ps_certificate_card_get_type ())

G_DECLARE_FINAL_TYPE (PsCertificateCard, ps_certificate_card, PS, CERTIFICATE_CARD, AdwBin)

/* One level of a chain: @level is its depth (0 = leaf). */
GtkWidget     *ps_certificate_card_new              (PsCertificate     *certificate,
                                                     PsChainSource      source,
                                                     guint              level);
PsCertificate *ps_certificate_card_get_certificate  (PsCertificateCard *self);
void           ps_certificate_card_set_certificate  (PsCertificateCard *self,
                                                     PsCertificate     *certificate);
void           ps_certificate_card_set_source       (PsCertificateCard *self,
                                                     PsChainSource      source);
guint          ps_certificate_card_get_level        (PsCertificateCard *self);
void           ps_certificate_card_set_level        (PsCertificateCard *self,
                                                     guint              level);
/* The pin as shown (in the chosen notation). */
const char    *ps_certificate_card_get_pin_text     (PsCertificateCard *self);
/* How pins are shown (the "notation" property). */
void          ps_certificate_card_set_notation (PsCertificateCard *self,
                                                PsPinNotation      notation);
PsPinNotation ps_certificate_card_get_notation (PsCertificateCard *self);
/* Marks the level as matched by a pin of an open pinset (the compare view). */
gboolean       ps_certificate_card_get_matched      (PsCertificateCard *self);
void           ps_certificate_card_set_matched      (PsCertificateCard *self,
                                                     gboolean           matched);

/* Whether the pinset that "Add to Pinset" adds to already holds this level's pin. */
gboolean       ps_certificate_card_get_in_pinset    (PsCertificateCard *self);
void           ps_certificate_card_set_in_pinset    (PsCertificateCard *self,
                                                     gboolean           in_pinset);

G_END_DECLS
