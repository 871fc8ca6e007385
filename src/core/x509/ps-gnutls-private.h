/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Automatic cleanup of GnuTLS handles, so that every early return frees what it holds:
 *
 *   g_auto(gnutls_x509_crt_t) crt = NULL;
 *   g_auto(ps_gnutls_datum_t) der = { NULL, 0 };
 *
 * The handle types are pointers, hence g_auto(), not g_autoptr(). */

#include <glib.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs7.h>
#include <gnutls/x509-ext.h>
#include <gnutls/x509.h>

G_BEGIN_DECLS

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crq_t, gnutls_x509_crq_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_privkey_t, gnutls_x509_privkey_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_pubkey_t, gnutls_pubkey_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_privkey_t, gnutls_privkey_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_pkcs7_t, gnutls_pkcs7_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_session_t, gnutls_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_certificate_credentials_t,
                                 gnutls_certificate_free_credentials, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_subject_alt_names_t, gnutls_subject_alt_names_deinit,
                                 NULL)

/* A trust list owns the certificates added to it: deinit with all = 1. */
static inline void
ps_gnutls_trust_list_free (gnutls_x509_trust_list_t list)
{
  gnutls_x509_trust_list_deinit (list, 1);
}
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_trust_list_t, ps_gnutls_trust_list_free, NULL)

/* A datum whose data GnuTLS allocated (gnutls_x509_crt_get_raw_dn... with _export2). */
typedef gnutls_datum_t ps_gnutls_datum_t;

static inline void
ps_gnutls_datum_clear (ps_gnutls_datum_t *datum)
{
  if (datum->data != NULL)
    gnutls_free (datum->data);   /* a macro: also sets it to NULL */
  datum->size = 0;
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ps_gnutls_datum_t, ps_gnutls_datum_clear)

G_END_DECLS
