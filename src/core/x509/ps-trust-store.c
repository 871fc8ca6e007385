/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <gnutls/gnutls.h>
#include <string.h>

#include "ps-error.h"
#include "ps-gnutls-private.h"
#include "ps-io.h"
#include "ps-trust-store.h"

struct _PsTrustStore
{
  GObject parent_instance;

  gnutls_x509_trust_list_t list;
  /* SHA-256 fingerprints (hex) of the anchors loaded from a file; NULL for the system
   * store, whose anchors GnuTLS may keep outside memory (PKCS #11). */
  GHashTable *file_anchors;
  char *description;
};

G_DEFINE_FINAL_TYPE (PsTrustStore, ps_trust_store, G_TYPE_OBJECT)

static void
ps_trust_store_finalize (GObject *object)
{
  PsTrustStore *self = (PsTrustStore *)object;

  g_clear_pointer (&self->list, ps_gnutls_trust_list_free);
  g_clear_pointer (&self->file_anchors, g_hash_table_unref);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (ps_trust_store_parent_class)->finalize (object);
}

static void
ps_trust_store_class_init (PsTrustStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ps_trust_store_finalize;
}

static void
ps_trust_store_init (PsTrustStore *self)
{
}

static PsTrustStore *
trust_store_new (GError **error)
{
  g_autoptr(PsTrustStore) self = g_object_new (PS_TYPE_TRUST_STORE, NULL);
  int ret;

  ret = gnutls_x509_trust_list_init (&self->list, 0);
  if (ret < 0)
    {
      self->list = NULL;
      g_set_error (error, PS_ERROR, PS_ERROR_FAILED, "%s", gnutls_strerror (ret));
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * ps_trust_store_get_system:
 *
 * The system's anchors, loaded once (the first call may read many files) and shared.
 *
 * Returns: (transfer full): a new reference to the shared store, or %NULL
 */
PsTrustStore *
ps_trust_store_get_system (GError **error)
{
  static GMutex mutex;
  static PsTrustStore *system_store;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&mutex);
  g_autoptr(PsTrustStore) self = NULL;
  int ret;

  if (system_store != NULL)
    return g_object_ref (system_store);

  self = trust_store_new (error);
  if (self == NULL)
    return NULL;

  ret = gnutls_x509_trust_list_add_system_trust (self->list, 0, 0);
  if (ret < 0)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_FAILED,
                   _("Cannot load the system’s trusted certificates: %s"),
                   gnutls_strerror (ret));
      return NULL;
    }

  g_debug ("Loaded %d system anchors", ret);
  self->description = g_strdup (_("System trust store"));
  system_store = g_object_ref (self);

  return g_steal_pointer (&self);
}

static char *
der_fingerprint (GBytes *der)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, der);
}

/**
 * ps_trust_store_new_from_file:
 * @file: a file of one or more CA certificates, PEM or DER
 *
 * A store whose anchors are exactly the certificates of @file (the system's are not
 * included).
 *
 * Returns: (transfer full): the store, or %NULL when the file cannot be read or holds no
 *   certificate
 */
PsTrustStore *
ps_trust_store_new_from_file (GFile   *file,
                              GError **error)
{
  g_autoptr(PsTrustStore) self = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *name = NULL;
  gnutls_x509_crt_t *crts = NULL;
  unsigned int n_crts = 0;
  gnutls_datum_t datum;
  gsize len;
  int ret;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  contents = ps_io_read_file_bounded (file, PS_IO_MAX_DOCUMENT, NULL, error);
  if (contents == NULL)
    return NULL;

  name = g_file_get_parse_name (file);
  datum.data = (unsigned char *) g_bytes_get_data (contents, &len);
  datum.size = len;

  ret = gnutls_x509_crt_list_import2 (&crts, &n_crts, &datum, GNUTLS_X509_FMT_PEM, 0);
  if (ret < 0 || n_crts == 0)
    {
      if (crts != NULL)
        {
          for (guint i = 0; i < n_crts; i++)
            gnutls_x509_crt_deinit (crts[i]);
          gnutls_free (crts);
          crts = NULL;
        }
      n_crts = 0;
      ret = gnutls_x509_crt_list_import2 (&crts, &n_crts, &datum, GNUTLS_X509_FMT_DER, 0);
    }
  if (ret < 0 || n_crts == 0)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_NOTHING_FOUND,
                   _("No CA certificate found in “%s”"), name);
      return NULL;
    }

  self = trust_store_new (error);
  if (self == NULL)
    {
      for (guint i = 0; i < n_crts; i++)
        gnutls_x509_crt_deinit (crts[i]);
      gnutls_free (crts);
      return NULL;
    }

  self->file_anchors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < n_crts; i++)
    {
      g_auto(ps_gnutls_datum_t) der = { NULL, 0 };

      if (gnutls_x509_crt_export2 (crts[i], GNUTLS_X509_FMT_DER, &der) >= 0)
        {
          g_autoptr(GBytes) bytes = g_bytes_new (der.data, der.size);
          g_hash_table_add (self->file_anchors, der_fingerprint (bytes));
        }
    }

  /* The list takes the certificates; only the array is ours to free. */
  ret = gnutls_x509_trust_list_add_cas (self->list, crts, n_crts, 0);
  gnutls_free (crts);
  if (ret < 0)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_FAILED, "%s", gnutls_strerror (ret));
      return NULL;
    }

  self->description = g_steal_pointer (&name);

  return g_steal_pointer (&self);
}

/**
 * ps_trust_store_get_gnutls:
 *
 * Returns: (transfer none): the GnuTLS trust list, owned by @self
 */
gnutls_x509_trust_list_t
ps_trust_store_get_gnutls (PsTrustStore *self)
{
  g_return_val_if_fail (PS_IS_TRUST_STORE (self), NULL);

  return self->list;
}

/**
 * ps_trust_store_get_description:
 *
 * Returns: "System trust store" or the file the anchors came from
 */
const char *
ps_trust_store_get_description (PsTrustStore *self)
{
  g_return_val_if_fail (PS_IS_TRUST_STORE (self), NULL);

  return self->description;
}

static PsCertificate *
certificate_from_crt (gnutls_x509_crt_t crt)
{
  g_auto(ps_gnutls_datum_t) der = { NULL, 0 };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  PsCertificate *cert;

  if (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &der) < 0)
    return NULL;

  bytes = g_bytes_new (der.data, der.size);

  cert = ps_certificate_new_from_der (bytes, &error);
  if (cert == NULL)
    g_debug ("Cannot read an anchor: %s", error->message);

  return cert;
}

/**
 * ps_trust_store_find_issuer:
 * @cert: a certificate
 *
 * Returns: (transfer full) (nullable): the anchor of @self that issued @cert
 */
PsCertificate *
ps_trust_store_find_issuer (PsTrustStore  *self,
                            PsCertificate *cert)
{
  gnutls_x509_crt_t crt;
  g_auto(gnutls_x509_crt_t) issuer = NULL;

  g_return_val_if_fail (PS_IS_TRUST_STORE (self), NULL);
  g_return_val_if_fail (PS_IS_CERTIFICATE (cert), NULL);

  crt = ps_certificate_get_gnutls (cert);
  if (crt == NULL)
    return NULL;

  if (gnutls_x509_trust_list_get_issuer (self->list, crt, &issuer, GNUTLS_TL_GET_COPY) < 0)
    return NULL;

  return certificate_from_crt (issuer);
}

/**
 * ps_trust_store_contains:
 * @cert: a certificate
 *
 * Returns: whether @cert itself (the same DER) is an anchor of @self
 */
gboolean
ps_trust_store_contains (PsTrustStore  *self,
                         PsCertificate *cert)
{
  g_auto(gnutls_x509_crt_t) found = NULL;
  g_auto(ps_gnutls_datum_t) dn = { NULL, 0 };
  g_auto(ps_gnutls_datum_t) found_der = { NULL, 0 };
  gnutls_x509_crt_t crt;
  GBytes *der;
  gboolean same = FALSE;

  g_return_val_if_fail (PS_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (PS_IS_CERTIFICATE (cert), FALSE);

  der = ps_certificate_get_der (cert);

  if (self->file_anchors != NULL)
    {
      g_autofree char *fpr = der_fingerprint (der);
      return g_hash_table_contains (self->file_anchors, fpr);
    }

  crt = ps_certificate_get_gnutls (cert);
  if (crt == NULL || gnutls_x509_crt_get_raw_dn (crt, &dn) < 0)
    return FALSE;

  /* The anchor with this subject, if any, must also be byte for byte the same. */
  if (gnutls_x509_trust_list_get_issuer_by_dn (self->list, &dn, &found, 0) >= 0 &&
      gnutls_x509_crt_export2 (found, GNUTLS_X509_FMT_DER, &found_der) >= 0)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (der, &len);

      same = len == found_der.size && memcmp (data, found_der.data, len) == 0;
    }

  return same;
}
