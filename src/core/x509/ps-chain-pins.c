/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <string.h>

#include "ps-chain-private.h"

/* Pins against the chain */

int
ps_chain_find_pin (PsChain        *self,
                   const PsPin    *pin,
                   PsCertificate **certificate)
{
  g_autofree guint8 *spki_sha1 = NULL;
  const guint *path;
  guint n_path = 0;

  g_return_val_if_fail (PS_IS_CHAIN (self), -1);

  if (certificate != NULL)
    *certificate = NULL;
  if (pin == NULL)
    return -1;

  path = ps_chain_get_path (self, &n_path);
  for (guint depth = 0; depth < n_path; depth++)
    {
      PsCertificate *cert = ps_chain_get_certificate (self, path[depth]);
      gboolean match;

      if (ps_pin_get_algorithm (pin) == PS_PIN_SHA1)
        {
          /* OkHttp and Android also accept SHA-1 pins: the SHA-1 of the same SPKI. */
          g_autoptr(GBytes) spki = ps_certificate_get_spki_der (cert);
          guint8 digest[20];
          gsize len = 0;
          const guint8 *want = ps_pin_get_digest (pin, &len);

          match = spki != NULL &&
                  gnutls_hash_fast (GNUTLS_DIG_SHA1, g_bytes_get_data (spki, NULL),
                                    g_bytes_get_size (spki), digest) == 0 &&
                  len == sizeof digest && memcmp (digest, want, len) == 0;
        }
      else
        match = ps_pin_equal (ps_certificate_get_spki_pin (cert), pin);

      if (match)
        {
          if (certificate != NULL)
            *certificate = cert;
          return depth;
        }
    }
  return -1;
}

PsPinRole
ps_chain_role_at (PsChain *self,
                  int      depth)
{
  const guint *path;
  guint n_path = 0;
  PsCertificate *cert;

  g_return_val_if_fail (PS_IS_CHAIN (self), PS_PIN_ROLE_LEAF);

  path = ps_chain_get_path (self, &n_path);
  if (depth <= 0 || (guint) depth >= n_path)
    return PS_PIN_ROLE_LEAF;

  cert = ps_chain_get_certificate (self, path[depth]);
  if ((guint) depth == n_path - 1 &&
      (ps_certificate_get_is_self_signed (cert) ||
       ps_chain_get_source (self, path[depth]) == PS_CHAIN_SOURCE_TRUST_STORE))
    return PS_PIN_ROLE_ROOT;
  return PS_PIN_ROLE_INTERMEDIATE;
}

char *
ps_chain_dup_display_name (PsChain    *self,
                           const char *fallback)
{
  g_return_val_if_fail (PS_IS_CHAIN (self), NULL);

  if (ps_chain_get_hostname (self) != NULL)
    return g_strdup (ps_chain_get_hostname (self));
  if (fallback != NULL)
    return g_strdup (fallback);
  if (ps_chain_get_n_certificates (self) > 0)
    return g_strdup (ps_certificate_get_display_name (ps_chain_get_certificate (self, 0)));
  return NULL;
}
