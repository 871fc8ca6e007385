/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "ps-chain-private.h"
#include "ps-gnutls-private.h"

struct _PsChain
{
  GObject parent_instance;

  GPtrArray *certificates;  /* PsCertificate: the sent ones, then trust store ones */
  GArray *sources;          /* PsChainSource, parallel to certificates */
  GArray *path;             /* guint indices into certificates, leaf first */
  GArray *depths;           /* int per certificate: its place on the path, or -1 */
  GArray *first_copy;       /* int per sent certificate: the first identical one, or -1 */
  guint n_sent;
  guint n_received;

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

  GListStore *certificate_list; /* made on first use by ps_chain_list_certificates() */
};

G_DEFINE_FINAL_TYPE (PsChain, ps_chain, G_TYPE_OBJECT)

/* Read-only, so that a .ui template can bind them. */
enum {
  PROP_0,
  PROP_CERTIFICATES,
  PROP_N_CERTIFICATES,
  PROP_HOSTNAME,
  PROP_TRUSTED,
  PROP_VERDICTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The too-long sentence below spells these out. */
G_STATIC_ASSERT (PS_CHAIN_MAX_CERTIFICATES == 1000);
G_STATIC_ASSERT (PS_CHAIN_MAX_PATH == 100);

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
  g_clear_pointer (&self->depths, g_array_unref);
  g_clear_pointer (&self->first_copy, g_array_unref);
  g_clear_pointer (&self->hostname, g_free);
  g_clear_pointer (&self->tls_version, g_free);
  g_clear_pointer (&self->cipher_suite, g_free);
  g_clear_pointer (&self->key_exchange_group, g_free);
  g_clear_pointer (&self->alpn, g_free);
  g_clear_pointer (&self->peer_address, g_free);
  g_clear_object (&self->certificate_list);

  G_OBJECT_CLASS (ps_chain_parent_class)->finalize (object);
}

static void
ps_chain_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PsChain *self = PS_CHAIN (object);

  switch (prop_id)
    {
    case PROP_CERTIFICATES:
      g_value_take_object (value, ps_chain_list_certificates (self));
      break;
    case PROP_N_CERTIFICATES:
      g_value_set_uint (value, ps_chain_get_n_certificates (self));
      break;
    case PROP_HOSTNAME:
      g_value_set_string (value, ps_chain_get_hostname (self));
      break;
    case PROP_TRUSTED:
      g_value_set_boolean (value, ps_chain_get_trusted (self));
      break;
    case PROP_VERDICTS:
      g_value_take_boxed (value, ps_chain_dup_verdicts (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_chain_class_init (PsChainClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ps_chain_finalize;
  object_class->get_property = ps_chain_get_property;

  /* The certificates (PsCertificate) in the order of ps_chain_get_certificate(). */
  properties[PROP_CERTIFICATES] =
    g_param_spec_object ("certificates", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_N_CERTIFICATES] =
    g_param_spec_uint ("n-certificates", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_HOSTNAME] = g_param_spec_string ("hostname", NULL, NULL, NULL, flags);
  properties[PROP_TRUSTED] = g_param_spec_boolean ("trusted", NULL, NULL, FALSE, flags);
  /* The verdict sentences of ps_chain_dup_verdicts(). */
  properties[PROP_VERDICTS] = g_param_spec_boxed ("verdicts", NULL, NULL, G_TYPE_STRV, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

GListModel *
ps_chain_list_certificates (PsChain *self)
{
  g_return_val_if_fail (PS_IS_CHAIN (self), NULL);

  if (self->certificate_list == NULL)
    {
      self->certificate_list = g_list_store_new (PS_TYPE_CERTIFICATE);
      g_list_store_splice (self->certificate_list, 0, 0, self->certificates->pdata,
                           self->certificates->len);
    }

  return g_object_ref (G_LIST_MODEL (self->certificate_list));
}

static void
ps_chain_init (PsChain *self)
{
  self->certificates = g_ptr_array_new_with_free_func (g_object_unref);
  self->sources = g_array_new (FALSE, FALSE, sizeof (PsChainSource));
  self->path = g_array_new (FALSE, FALSE, sizeof (guint));
  self->depths = g_array_new (FALSE, FALSE, sizeof (int));
  self->first_copy = g_array_new (FALSE, FALSE, sizeof (int));
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
  return g_array_index (self->depths, int, index) >= 0;
}

/* Builds the path (ps-chain-path.c) and records where each certificate is on it. */
static void
build_path (PsChain      *self,
            PsTrustStore *store)
{
  if (_ps_chain_build_path (self->certificates, self->n_sent, self->hostname, store,
                            self->path, self->first_copy))
    self->problems |= PS_CHAIN_PROBLEM_TOO_LONG;

  /* The anchor the store added, if any. */
  for (guint i = self->sources->len; i < self->certificates->len; i++)
    {
      PsChainSource source = PS_CHAIN_SOURCE_TRUST_STORE;

      g_array_append_val (self->sources, source);
    }

  g_array_set_size (self->depths, self->certificates->len);
  for (guint i = 0; i < self->depths->len; i++)
    g_array_index (self->depths, int, i) = -1;
  for (guint i = 0; i < self->path->len; i++)
    g_array_index (self->depths, int, g_array_index (self->path, guint, i)) = i;
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

/* GnuTLS's verdict on the path as sent (anchors come from the list). @leaf is set to the
 * first certificate given to GnuTLS, or NULL. */
static guint
gnutls_verify (PsChain            *self,
               PsTrustStore       *store,
               gnutls_x509_crt_t  *leaf)
{
  g_autofree gnutls_x509_crt_t *crts = NULL;
  g_auto(gnutls_x509_trust_list_t) empty = NULL;
  gnutls_typed_vdata_st vdata[2];
  gnutls_x509_trust_list_t list = NULL;
  guint n_crts = 0;
  guint n_vdata = 0;
  unsigned int status = 0;
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
  *leaf = crts[0];

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
    return GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND;

  ret = gnutls_x509_trust_list_verify_crt2 (list, crts, n_crts, vdata, n_vdata, 0, &status,
                                            NULL);
  if (ret < 0)
    {
      g_debug ("Verification failed: %s", gnutls_strerror (ret));
      status |= GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND;
    }

  return status;
}

/* What GnuTLS does not say: dates and names after an unknown issuer, weak signatures. */
static void
add_own_findings (PsChain           *self,
                  gnutls_x509_crt_t  leaf)
{
  /* GnuTLS stops at an unknown issuer and does not look at the dates; the user still wants
   * to know that a certificate expired. */
  if (self->status & STATUS_STOPPED_EARLY)
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

      if (self->hostname != NULL && leaf != NULL &&
          !gnutls_x509_crt_check_hostname2 (leaf, self->hostname, 0))
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
}

static void
verify_chain (PsChain      *self,
              PsTrustStore *store)
{
  gnutls_x509_crt_t leaf = NULL;
  PsCertificate *last = NULL;

  self->status = gnutls_verify (self, store, &leaf);
  self->effective_status = self->status;
  add_own_findings (self, leaf);

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

  /* The path stops short of an anchor: a certificate is missing (unless the path was cut
   * for its length). */
  if (self->path->len > 0 && !(self->problems & PS_CHAIN_PROBLEM_TOO_LONG))
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
      if (g_array_index (self->first_copy, int, i) >= 0)
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
  self->n_received = self->n_sent;

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

/**
 * _ps_chain_new_from_server:
 * @kept: (element-type PsCertificate): the first certificates the server sent
 * @n_received: how many it sent in all
 *
 * Returns: (transfer full): the chain of @kept (see ps_chain_new()), with
 *   PS_CHAIN_PROBLEM_TOO_LONG when some were dropped
 */
PsChain *
_ps_chain_new_from_server (GPtrArray    *kept,
                           guint         n_received,
                           PsTrustStore *store,
                           const char   *hostname)
{
  PsChain *self = ps_chain_new (kept, store, hostname);

  g_return_val_if_fail (n_received >= kept->len, self);

  self->n_received = n_received;
  if (n_received > kept->len)
    self->problems |= PS_CHAIN_PROBLEM_TOO_LONG;

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

guint
ps_chain_get_n_received (PsChain *self)
{
  g_return_val_if_fail (PS_IS_CHAIN (self), 0);

  return self->n_received;
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

  if (index >= self->depths->len)
    return -1;
  return g_array_index (self->depths, int, index);
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
  /* The numbers are PS_CHAIN_MAX_CERTIFICATES and PS_CHAIN_MAX_PATH. */
  { PS_CHAIN_PROBLEM_TOO_LONG, "too-long",
    N_("The chain is too long: Pinscope keeps at most 1000 certificates from a server and "
       "follows a path of at most 100, the depth OpenSSL verifies.") },
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
    PS_CHAIN_PROBLEM_TOO_LONG,
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

  if (self->n_received > self->n_sent)
    builder_take (builder,
                  g_strdup_printf (_("The server sent %u certificates; only the first %u "
                                     "were read."), self->n_received, self->n_sent));

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
