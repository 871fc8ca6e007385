/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The benchmark's baseline: the least a program can do to print a pin for every certificate
 * of a PEM bundle with GnuTLS: import each certificate and take its SHA-256 key id. */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main (int    argc,
      char **argv)
{
  FILE *f;
  char *data = NULL;
  size_t len = 0, cap = 0, n;
  const char *begin_marker = "-----BEGIN CERTIFICATE-----";
  const char *end_marker = "-----END CERTIFICATE-----";
  char *p;
  unsigned count = 0;

  if (argc != 2 || (f = fopen (argv[1], "rb")) == NULL)
    return 2;
  do
    {
      if (len + 65536 > cap)
        data = realloc (data, cap = (cap + 65536) * 2);
      n = fread (data + len, 1, 65536, f);
      len += n;
    }
  while (n > 0);
  fclose (f);
  data[len] = '\0';

  for (p = data; (p = strstr (p, begin_marker)) != NULL; )
    {
      char *end = strstr (p, end_marker);
      gnutls_x509_crt_t crt;
      gnutls_datum_t pem, b64;
      unsigned char id[32];
      size_t id_size = sizeof id;

      if (end == NULL)
        break;
      end += strlen (end_marker);
      pem.data = (unsigned char *) p;
      pem.size = end - p;
      gnutls_x509_crt_init (&crt);
      if (gnutls_x509_crt_import (crt, &pem, GNUTLS_X509_FMT_PEM) == 0 &&
          gnutls_x509_crt_get_key_id (crt, GNUTLS_KEYID_USE_SHA256, id, &id_size) == 0)
        {
          gnutls_datum_t raw = { id, id_size };

          gnutls_base64_encode2 (&raw, &b64);
          printf ("%u %.*s\n", count, (int) b64.size, b64.data);
          gnutls_free (b64.data);
        }
      gnutls_x509_crt_deinit (crt);
      count++;
      p = end;
    }

  free (data);
  return 0;
}
