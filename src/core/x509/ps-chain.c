/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "ps-chain-private.h"

struct _PsChain
{
  GObject parent_instance;

  GPtrArray *certificates;  /* PsCertificate: the sent ones, then trust store ones */
  GArray *sources;          /* PsChainSource, parallel to certificates */
  GArray *path;             /* guint indices into certificates, leaf first */
  guint n_sent;

  char *hostname;
  guint status;             /* as GnuTLS returned it */
  guint effective_status;   /* with what we found ourselves (see verify_chain) */
  PsChainProblem problems;
  gboolean trusted;

  char *tls_version;
  char *cipher_suite;
  char *key_exchange_group;
  char *alpn;
  char *peer_address;
  double handshake_seconds;
};

G_DEFINE_FINAL_TYPE (PsChain, ps_chain, G_TYPE_OBJECT)

/* Flags after which GnuTLS stops checking the rest of the chain (times in particular). */
#define STATUS_STOPPED_EARLY (GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_SIGNER_NOT_CA)

/* Flags that each make a chain untrusted by themselves, beyond expired, hostname and weak
 * signature which have their own problem ids. */
#define STATUS_UNTRUSTED (GNUTLS_CERT_REVOKED | GNUTLS_CERT_SIGNER_NOT_FOUND | \
                          GNUTLS_CERT_SIGNER_NOT_CA | GNUTLS_CERT_NOT_ACTIVATED | \
                          GNUTLS_CERT_SIGNATURE_FAILURE | \
                          GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE | GNUTLS_CERT_MISMATCH | \
                          GNUTLS_CERT_PURPOSE_MISMATCH | GNUTLS_CERT_MISSING_OCSP_STATUS | \
                          GNUTLS_CERT_INVALID_OCSP_STATUS | \
                          GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS | \
                          GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED | \
                          GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE)

static void
ps_chain_finalize (GObject *object)
{
  PsChain *self = (PsChain *)object;

  g_clear_pointer (&self->certificates, g_ptr_array_unref);
  g_clear_pointer (&self->sources, g_array_unref);
  g_clear_pointer (&self->path, g_array_unref);
  g_clear_pointer (&self->hostname, g_free);
  g_clear_pointer (&self->tls_version, g_free);
  g_clear_pointer (&self->cipher_suite, g_free);
  g_clear_pointer (&self->key_exchange_group, g_free);
  g_clear_pointer (&self->alpn, g_free);
  g_clear_pointer (&self->peer_address, g_free);

  G_OBJECT_CLASS (ps_chain_parent_class)->finalize (object);
}

static void
ps_chain_class_init (PsChainClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ps_chain_finalize;
}

static void
ps_chain_init (PsChain *self)
{
  self->certificates = g_ptr_array_new_with_free_func (g_object_unref);
  self->sources = g_array_new (FALSE, FALSE, sizeof (PsChainSource));
  self->path = g_array_new (FALSE, FALSE, sizeof (guint));
}

static gboolean
same_der (PsCertificate *a,
          PsCertificate *b)
{
  return a == b || g_bytes_equal (ps_certificate_get_der (a), ps_certificate_get_der (b));
}

static void
add_certificate (PsChain       *self,
                 PsCertificate *cert,
                 PsChainSource  source)
{
  g_ptr_array_add (self->certificates, g_object_ref (cert));
  g_array_append_val (self->sources, source);
}

static PsCertificate *
cert_at (PsChain *self,
         guint    index)
{
  return g_ptr_array_index (self->certificates, index);
}

static gboolean
path_contains (PsChain *self,
               guint    index)
{
  for (guint i = 0; i < self->path->len; i++)
    if (g_array_index (self->path, guint, i) == index)
      return TRUE;
  return FALSE;
}

/* The first sent certificate that is a copy of an earlier one, or -1. */
static int
first_copy_of (PsChain *self,
               guint    index)
{
  for (guint i = 0; i < index; i++)
    if (same_der (cert_at (self, i), cert_at (self, index)))
      return i;
  return -1;
}

/* The leaf is the first certificate, unless that one is a CA that issued another of the
 * certificates sent (the order is wrong): then it is the first one that is not a CA,
 * matching the host name if one does. */
static guint
find_leaf (PsChain *self)
{
  PsCertificate *first;
  gboolean first_issued_another = FALSE;
  int first_non_ca = -1;

  if (self->n_sent == 0)
    return 0;

  first = cert_at (self, 0);
  if (!ps_certificate_get_is_ca (first))
    return 0;
  for (guint i = 1; i < self->n_sent && !first_issued_another; i++)
    first_issued_another = !same_der (cert_at (self, i), first) &&
                           ps_certificate_is_issued_by (cert_at (self, i), first);
  if (!first_issued_another)
    return 0;

  for (guint i = 0; i < self->n_sent; i++)
    {
      PsCertificate *cert = cert_at (self, i);

      if (ps_certificate_get_is_ca (cert))
        continue;
      if (first_non_ca < 0)
        first_non_ca = i;
      if (self->hostname == NULL || ps_certificate_matches_hostname (cert, self->hostname))
        return i;
    }

  return first_non_ca >= 0 ? (guint) first_non_ca : 0;
}

static void
build_path (PsChain      *self,
            PsTrustStore *store)
{
  guint current;

  if (self->n_sent == 0)
    return;

  current = find_leaf (self);
  g_array_append_val (self->path, current);

  while (self->path->len <= self->n_sent)
    {
      PsCertificate *cert = cert_at (self, current);
      g_autoptr(PsCertificate) anchor = NULL;
      int next = -1;

      if (ps_certificate_get_is_self_signed (cert))
        return;

      /* Prefer the certificate right after this one, then any other the server sent. */
      for (guint i = current + 1; i < self->n_sent + current + 1 && next < 0; i++)
        {
          guint j = i % self->n_sent;

          if (j != current && !path_contains (self, j) && first_copy_of (self, j) < 0 &&
              !same_der (cert_at (self, j), cert) &&
              ps_certificate_is_issued_by (cert, cert_at (self, j)))
            next = j;
        }

      if (next >= 0)
        {
          current = next;
          g_array_append_val (self->path, current);
          continue;
        }

      if (store == NULL || ps_trust_store_contains (store, cert))
        return;

      anchor = ps_trust_store_find_issuer (store, cert);
      if (anchor != NULL)
        {
          guint index = self->certificates->len;

          add_certificate (self, anchor, PS_CHAIN_SOURCE_TRUST_STORE);
          g_array_append_val (self->path, index);
        }
      return;
    }
}

static gboolean
path_is_sorted (PsChain *self)
{
  for (guint i = 0; i < self->path->len; i++)
    {
      guint index = g_array_index (self->path, guint, i);

      if (index >= self->n_sent)
        break;
      if (i > 0 && index < g_array_index (self->path, guint, i - 1))
        return FALSE;
    }

  return self->path->len == 0 || g_array_index (self->path, guint, 0) == 0;
}

static void
verify_chain (PsChain      *self,
              PsTrustStore *store)
{
  g_autofree gnutls_x509_crt_t *crts = NULL;
  gnutls_typed_vdata_st vdata[2];
  gnutls_x509_trust_list_t list = NULL;
  gnutls_x509_trust_list_t empty = NULL;
  guint n_crts = 0;
  guint n_vdata = 0;
  unsigned int status = 0;
  PsCertificate *last = NULL;
  int ret;

  crts = g_new0 (gnutls_x509_crt_t, self->path->len + 1);
  for (guint i = 0; i < self->path->len; i++)
    {
      guint index = g_array_index (self->path, guint, i);
      gnutls_x509_crt_t crt;

      if (g_array_index (self->sources, PsChainSource, index) != PS_CHAIN_SOURCE_SERVER)
        break;
      crt = ps_certificate_get_gnutls (cert_at (self, index));
      if (crt == NULL)
        break;
      crts[n_crts++] = crt;
    }

  if (self->hostname != NULL)
    {
      vdata[n_vdata].type = GNUTLS_DT_DNS_HOSTNAME;
      vdata[n_vdata].data = (unsigned char *) self->hostname;
      vdata[n_vdata].size = 0;
      n_vdata++;
    }
  vdata[n_vdata].type = GNUTLS_DT_KEY_PURPOSE_OID;
  vdata[n_vdata].data = (unsigned char *) GNUTLS_KP_TLS_WWW_SERVER;
  vdata[n_vdata].size = 0;
  n_vdata++;

  if (store != NULL)
    list = ps_trust_store_get_gnutls (store);
  else if (gnutls_x509_trust_list_init (&empty, 0) >= 0)
    list = empty;

  if (n_crts == 0 || list == NULL)
    status = GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND;
  else
    {
      ret = gnutls_x509_trust_list_verify_crt2 (list, crts, n_crts, vdata, n_vdata, 0,
                                                &status, NULL);
      if (ret < 0)
        {
          g_debug ("Verification failed: %s", gnutls_strerror (ret));
          status |= GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND;
        }
    }

  if (empty != NULL)
    gnutls_x509_trust_list_deinit (empty, 1);

  self->status = status;
  self->effective_status = status;

  /* GnuTLS stops at an unknown issuer and does not look at the dates; the user still wants
   * to know that a certificate expired. */
  if (status & STATUS_STOPPED_EARLY)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      for (guint i = 0; i < self->path->len; i++)
        {
          PsCertificate *cert = cert_at (self, g_array_index (self->path, guint, i));
          GDateTime *not_before = ps_certificate_get_not_before (cert);
          GDateTime *not_after = ps_certificate_get_not_after (cert);

          if (not_after != NULL && g_date_time_compare (not_after, now) < 0)
            self->effective_status |= GNUTLS_CERT_EXPIRED;
          if (not_before != NULL && g_date_time_compare (not_before, now) > 0)
            self->effective_status |= GNUTLS_CERT_NOT_ACTIVATED;
        }

      if (self->hostname != NULL && n_crts > 0 &&
          !gnutls_x509_crt_check_hostname2 (crts[0], self->hostname, 0))
        self->effective_status |= GNUTLS_CERT_UNEXPECTED_OWNER;
    }

  /* A weak signature anywhere but on a root's own self-signature matters. */
  for (guint i = 0; i < self->path->len; i++)
    {
      PsCertificate *cert = cert_at (self, g_array_index (self->path, guint, i));

      if (ps_certificate_get_signature_is_weak (cert) &&
          !ps_certificate_get_is_self_signed (cert))
        self->effective_status |= GNUTLS_CERT_INSECURE_ALGORITHM;
    }

  if (self->effective_status != 0)
    self->effective_status |= GNUTLS_CERT_INVALID;

  if (self->effective_status & GNUTLS_CERT_EXPIRED)
    self->problems |= PS_CHAIN_PROBLEM_EXPIRED;
  if (self->effective_status & GNUTLS_CERT_UNEXPECTED_OWNER)
    self->problems |= PS_CHAIN_PROBLEM_HOSTNAME_MISMATCH;
  if (self->effective_status & GNUTLS_CERT_INSECURE_ALGORITHM)
    self->problems |= PS_CHAIN_PROBLEM_WEAK_SIGNATURE;
  if ((self->effective_status & STATUS_UNTRUSTED) ||
      (self->effective_status != 0 &&
       !(self->effective_status & (GNUTLS_CERT_EXPIRED | GNUTLS_CERT_UNEXPECTED_OWNER |
                                   GNUTLS_CERT_INSECURE_ALGORITHM))))
    self->problems |= PS_CHAIN_PROBLEM_UNTRUSTED;

  /* The path stops short of an anchor: a certificate is missing. */
  if (self->path->len > 0)
    {
      guint index = g_array_index (self->path, guint, self->path->len - 1);

      last = cert_at (self, index);
      if (g_array_index (self->sources, PsChainSource, index) == PS_CHAIN_SOURCE_SERVER &&
          !ps_certificate_get_is_self_signed (last) &&
          (store == NULL || !ps_trust_store_contains (store, last)))
        self->problems |= PS_CHAIN_PROBLEM_INCOMPLETE_CHAIN;
    }

  self->trusted = self->path->len > 0 && self->effective_status == 0;
}

static void
find_structure_problems (PsChain *self)
{
  if (!path_is_sorted (self))
    self->problems |= PS_CHAIN_PROBLEM_WRONG_ORDER;

  for (guint i = 1; i < self->path->len; i++)
    {
      guint index = g_array_index (self->path, guint, i);

      if (index < self->n_sent && ps_certificate_get_is_self_signed (cert_at (self, index)))
        self->problems |= PS_CHAIN_PROBLEM_ROOT_SENT;
    }

  for (guint i = 0; i < self->n_sent; i++)
    {
      if (first_copy_of (self, i) >= 0)
        self->problems |= PS_CHAIN_PROBLEM_DUPLICATE_CERTIFICATES;
      else if (!path_contains (self, i))
        self->problems |= PS_CHAIN_PROBLEM_EXTRA_CERTIFICATES;
    }
}

/**
 * ps_chain_new:
 * @sent_certificates: (element-type PsCertificate): the certificates, in the order sent
 * @store: (nullable): the anchors; %NULL for the system's
 * @hostname: (nullable): the name to check (ASCII; an IP address is checked as one)
 *
 * Returns: (transfer full): the chain with its path and verdict
 */
PsChain *
ps_chain_new (GPtrArray    *sent_certificates,
              PsTrustStore *store,
              const char   *hostname)
{
  g_autoptr(PsTrustStore) system = NULL;
  g_autoptr(GError) error = NULL;
  PsChain *self;

  g_return_val_if_fail (sent_certificates != NULL, NULL);
  g_return_val_if_fail (store == NULL || PS_IS_TRUST_STORE (store), NULL);

  self = g_object_new (PS_TYPE_CHAIN, NULL);
  self->hostname = (hostname != NULL && hostname[0] != '\0') ? g_strdup (hostname) : NULL;

  for (guint i = 0; i < sent_certificates->len; i++)
    add_certificate (self, g_ptr_array_index (sent_certificates, i), PS_CHAIN_SOURCE_SERVER);
  self->n_sent = sent_certificates->len;

  if (store == NULL)
    {
      system = ps_trust_store_get_system (&error);
      if (system == NULL)
        g_warning ("%s", error->message);
      store = system;
    }

  build_path (self, store);
  verify_chain (self, store);
  find_structure_problems (self);

  return self;
}

guint
ps_chain_get_n_certificates (PsChain *self)
{
  g_return_val_if_fail (PS_IS_CHAIN (self), 0);

  return self->certificates->len;
}

guint
ps_chain_get_n_sent (PsChain *self)
{
  g_return_val_if_fail (PS_IS_CHAIN (self), 0);

  return self->n_sent;
}

/**
 * ps_chain_get_certificate:
 *
 * Returns: (transfer none): the certificate at @index
 */
PsCertificate *
ps_chain_get_certificate (PsChain *self,
                          guint    index)
{
  g_return_val_if_fail (PS_IS_CHAIN (self), NULL);
  g_return_val_if_fail (index < self->certificates->len, NULL);

  return cert_at (self, index);
}

PsChainSource
ps_chain_get_source (PsChain *self,
                     guint    index)
{
  g_return_val_if_fail (PS_IS_CHAIN (self), PS_CHAIN_SOURCE_SERVER);
  g_return_val_if_fail (index < self->sources->len, PS_CHAIN_SOURCE_SERVER);

  return g_array_index (self->sources, PsChainSource, index);
}

int
ps_chain_get_depth (PsChain *self,
                    guint    index)
{
  g_return_val_if_fail (PS_IS_CHAIN (self), -1);

  for (guint i = 0; i < self->path->len; i++)
    if (g_array_index (self->path, guint, i) == index)
      return i;

  return -1;
}

const guint *
ps_chain_get_path (PsChain *self,
                   guint   *n_path)
{
  g_return_val_if_fail (PS_IS_CHAIN (self), NULL);

  if (n_path != NULL)
    *n_path = self->path->len;

  return (const guint *) self->path->data;
}

const char *
ps_chain_get_hostname (PsChain *self)
{
  g_return_val_if_fail (PS_IS_CHAIN (self), NULL);

  return self->hostname;
}

gboolean
ps_chain_get_trusted (PsChain *self)
{
  g_return_val_if_fail (PS_IS_CHAIN (self), FALSE);

  return self->trusted;
}

/* The status GnuTLS returned (gnutls_certificate_status_t flags). */
guint
ps_chain_get_gnutls_status (PsChain *self)
{
  g_return_val_if_fail (PS_IS_CHAIN (self), 0);

  return self->status;
}

PsChainProblem
ps_chain_get_problems (PsChain *self)
{
  g_return_val_if_fail (PS_IS_CHAIN (self), 0);

  return self->problems;
}

static const struct
{
  PsChainProblem problem;
  const char *id;
  const char *text;
} problem_info[] = {
  { PS_CHAIN_PROBLEM_INCOMPLETE_CHAIN, "incomplete-chain",
    N_("The server does not send every intermediate certificate needed to reach a trusted root.") },
  { PS_CHAIN_PROBLEM_WRONG_ORDER, "wrong-order",
    N_("The server sends its certificates out of order; each should be followed by its issuer.") },
  { PS_CHAIN_PROBLEM_ROOT_SENT, "root-sent",
    N_("The server sends a root certificate, which clients already have and ignore.") },
  { PS_CHAIN_PROBLEM_EXTRA_CERTIFICATES, "extra-certificates",
    N_("The server sends certificates that are not part of the path to the root.") },
  { PS_CHAIN_PROBLEM_DUPLICATE_CERTIFICATES, "duplicate-certificates",
    N_("The server sends the same certificate more than once.") },
  { PS_CHAIN_PROBLEM_UNTRUSTED, "untrusted",
    N_("The chain does not lead to a trusted root.") },
  { PS_CHAIN_PROBLEM_EXPIRED, "expired",
    N_("A certificate of the chain has expired.") },
  { PS_CHAIN_PROBLEM_HOSTNAME_MISMATCH, "hostname-mismatch",
    N_("The certificate is not valid for the host name.") },
  { PS_CHAIN_PROBLEM_WEAK_SIGNATURE, "weak-signature",
    N_("A certificate of the chain is signed with a weak algorithm.") },
};

/**
 * ps_chain_problem_to_id:
 * @problem: one problem flag
 *
 * Returns: the stable id of @problem, or %NULL if it is not a single known flag
 */
const char *
ps_chain_problem_to_id (PsChainProblem problem)
{
  for (guint i = 0; i < G_N_ELEMENTS (problem_info); i++)
    if (problem_info[i].problem == problem)
      return problem_info[i].id;

  return NULL;
}

/**
 * ps_chain_problem_to_string:
 * @problem: one problem flag
 *
 * Returns: a translated sentence for @problem
 */
const char *
ps_chain_problem_to_string (PsChainProblem problem)
{
  for (guint i = 0; i < G_N_ELEMENTS (problem_info); i++)
    if (problem_info[i].problem == problem)
      return _(problem_info[i].text);

  return NULL;
}

static void
builder_take (GStrvBuilder *builder,
              char         *text)
{
  g_strv_builder_add (builder, text);
  g_free (text);
}

static gboolean
path_ends_self_signed (PsChain *self)
{
  PsCertificate *last;

  if (self->path->len == 0)
    return FALSE;
  last = g_ptr_array_index (self->certificates,
                            g_array_index (self->path, guint, self->path->len - 1));
  return ps_certificate_get_is_self_signed (last);
}

/**
 * ps_chain_dup_verdicts:
 *
 * One translated sentence per verification status flag, then one per structural problem
 * (order, extras...). A trusted chain with no problem gets one sentence that says so.
 *
 * Returns: (transfer full): the sentences
 */
GStrv
ps_chain_dup_verdicts (PsChain *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint status;
  const struct
  {
    guint flag;
    const char *text;
  } status_text[] = {
    { GNUTLS_CERT_SIGNER_NOT_FOUND,
      N_("The issuer is unknown: the chain does not lead to a trusted anchor.") },
    { GNUTLS_CERT_SIGNER_NOT_CA,
      N_("A certificate that signs another one is not a certificate authority.") },
    { GNUTLS_CERT_EXPIRED, N_("A certificate of the chain has expired.") },
    { GNUTLS_CERT_NOT_ACTIVATED, N_("A certificate of the chain is not yet valid.") },
    { GNUTLS_CERT_INSECURE_ALGORITHM,
      N_("A certificate is signed with an insecure signature algorithm.") },
    { GNUTLS_CERT_SIGNATURE_FAILURE, N_("A signature in the chain does not verify.") },
    { GNUTLS_CERT_REVOKED, N_("A certificate of the chain has been revoked.") },
    { GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE,
      N_("A certificate authority’s constraints forbid a certificate of the chain.") },
    { GNUTLS_CERT_PURPOSE_MISMATCH,
      N_("The certificate is not meant for a TLS server.") },
    { GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS,
      N_("A certificate has a critical extension that is not understood.") },
    { GNUTLS_CERT_MISSING_OCSP_STATUS | GNUTLS_CERT_INVALID_OCSP_STATUS,
      N_("The OCSP status of the certificate is missing or invalid.") },
    { GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED | GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE,
      N_("The revocation data is out of date.") },
  };
  const PsChainProblem structural[] = {
    PS_CHAIN_PROBLEM_INCOMPLETE_CHAIN,
    PS_CHAIN_PROBLEM_WRONG_ORDER,
    PS_CHAIN_PROBLEM_ROOT_SENT,
    PS_CHAIN_PROBLEM_EXTRA_CERTIFICATES,
    PS_CHAIN_PROBLEM_DUPLICATE_CERTIFICATES,
  };

  g_return_val_if_fail (PS_IS_CHAIN (self), NULL);

  status = self->effective_status;

  if (self->certificates->len == 0)
    g_strv_builder_add (builder, _("The server sent no certificate."));

  for (guint i = 0; i < G_N_ELEMENTS (status_text); i++)
    {
      if (!(status & status_text[i].flag))
        continue;

      /* "Unknown issuer" misleads when the path ends in a self-signed certificate: the
       * issuer is known, it is the certificate itself, and the store does not hold it. */
      if (status_text[i].flag == GNUTLS_CERT_SIGNER_NOT_FOUND && path_ends_self_signed (self))
        g_strv_builder_add (builder,
                            self->path->len == 1
                              ? _("The certificate is self-signed and not in the trust store.")
                              : _("The chain ends in a self-signed certificate that is not in "
                                  "the trust store."));
      else
        builder_take (builder, g_strdup (_(status_text[i].text)));
    }

  if (status & GNUTLS_CERT_UNEXPECTED_OWNER)
    builder_take (builder,
                         g_strdup_printf (_("The certificate is not valid for “%s”."),
                                          self->hostname != NULL ? self->hostname : ""));

  if (status != 0 && !(status & ~(GNUTLS_CERT_INVALID)))
    g_strv_builder_add (builder, _("The chain is not valid."));

  for (guint i = 0; i < G_N_ELEMENTS (structural); i++)
    if (self->problems & structural[i])
      g_strv_builder_add (builder, ps_chain_problem_to_string (structural[i]));

  if (self->trusted && self->problems == 0)
    {
      if (self->hostname != NULL)
        builder_take (builder,
                             g_strdup_printf (_("The chain is trusted and valid for “%s”."),
                                              self->hostname));
      else
        g_strv_builder_add (builder, _("The chain is trusted."));
    }

  return g_strv_builder_end (builder);
}

void
_ps_chain_set_connection_info (PsChain    *self,
                               const char *tls_version,
                               const char *cipher_suite,
                               const char *key_exchange_group,
                               const char *alpn,
                               const char *peer_address,
                               double      handshake_seconds)
{
  g_return_if_fail (PS_IS_CHAIN (self));

  g_free (self->tls_version);
  self->tls_version = g_strdup (tls_version);
  g_free (self->cipher_suite);
  self->cipher_suite = g_strdup (cipher_suite);
  g_free (self->key_exchange_group);
  self->key_exchange_group = g_strdup (key_exchange_group);
  g_free (self->alpn);
  self->alpn = g_strdup (alpn);
  g_free (self->peer_address);
  self->peer_address = g_strdup (peer_address);
  self->handshake_seconds = handshake_seconds;
}

const char *
ps_chain_get_tls_version (PsChain *self)
{
  g_return_val_if_fail (PS_IS_CHAIN (self), NULL);

  return self->tls_version;
}

const char *
ps_chain_get_cipher_suite (PsChain *self)
{
  g_return_val_if_fail (PS_IS_CHAIN (self), NULL);

  return self->cipher_suite;
}

const char *
ps_chain_get_key_exchange_group (PsChain *self)
{
  g_return_val_if_fail (PS_IS_CHAIN (self), NULL);

  return self->key_exchange_group;
}

const char *
ps_chain_get_alpn (PsChain *self)
{
  g_return_val_if_fail (PS_IS_CHAIN (self), NULL);

  return self->alpn;
}

const char *
ps_chain_get_peer_address (PsChain *self)
{
  g_return_val_if_fail (PS_IS_CHAIN (self), NULL);

  return self->peer_address;
}

double
ps_chain_get_handshake_seconds (PsChain *self)
{
  g_return_val_if_fail (PS_IS_CHAIN (self), 0.0);

  return self->handshake_seconds;
}

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
