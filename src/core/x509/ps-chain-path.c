/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ps-chain-private.h"

/* Path building over the certificates a server sent, in time linear in their number:
 * duplicates are found with a hash of their DER, issuers with an index of the subject
 * names, and the path stops at PS_CHAIN_MAX_PATH certificates, the depth OpenSSL verifies
 * at most (its X509_VERIFY_PARAM depth of 100). */

typedef struct
{
  GPtrArray *certs;
  guint n_sent;
  const char *hostname;
  GArray *first_copy;       /* int per sent certificate */
  GHashTable *by_subject;   /* subject DN text -> GArray of indices (first copies only) */
  GHashTable *by_issuer;    /* issuer DN text -> GArray of indices (first copies only) */
  guint8 *on_path;          /* per sent certificate */
} Builder;

static PsCertificate *
cert_at (Builder *b,
         guint    index)
{
  return g_ptr_array_index (b->certs, index);
}

static void
index_add (GHashTable *table,
           const char *key,
           guint       index)
{
  GArray *indices = g_hash_table_lookup (table, key != NULL ? key : "");

  if (indices == NULL)
    {
      indices = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (table, g_strdup (key != NULL ? key : ""), indices);
    }
  g_array_append_val (indices, index);
}

static GArray *
index_find (GHashTable *table,
            const char *key)
{
  return g_hash_table_lookup (table, key != NULL ? key : "");
}

/* Copies of one certificate, and the names the others are found by. */
static void
builder_init (Builder   *b,
              GPtrArray *certs,
              guint      n_sent,
              const char *hostname,
              GArray    *first_copy)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_bytes_hash, g_bytes_equal);

  b->certs = certs;
  b->n_sent = n_sent;
  b->hostname = hostname;
  b->first_copy = first_copy;
  b->by_subject = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_array_unref);
  b->by_issuer = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_array_unref);
  b->on_path = g_new0 (guint8, MAX (n_sent, 1));

  g_array_set_size (first_copy, n_sent);
  for (guint i = 0; i < n_sent; i++)
    {
      PsCertificate *cert = cert_at (b, i);
      GBytes *der = ps_certificate_get_der (cert);
      gpointer first = NULL;

      if (g_hash_table_lookup_extended (seen, der, NULL, &first))
        {
          g_array_index (first_copy, int, i) = GPOINTER_TO_INT (first);
          continue;
        }
      g_array_index (first_copy, int, i) = -1;
      g_hash_table_insert (seen, der, GINT_TO_POINTER (i));
      index_add (b->by_subject, ps_certificate_get_subject (cert), i);
      index_add (b->by_issuer, ps_certificate_get_issuer (cert), i);
    }
}

static void
builder_clear (Builder *b)
{
  g_clear_pointer (&b->by_subject, g_hash_table_unref);
  g_clear_pointer (&b->by_issuer, g_hash_table_unref);
  g_clear_pointer (&b->on_path, g_free);
}

static gboolean
same_der (PsCertificate *a,
          PsCertificate *b)
{
  return a == b || g_bytes_equal (ps_certificate_get_der (a), ps_certificate_get_der (b));
}

/* Whether the first certificate, a CA, issued another one that was sent. */
static gboolean
first_issued_another (Builder *b)
{
  PsCertificate *first = cert_at (b, 0);
  GArray *issued = index_find (b->by_issuer, ps_certificate_get_subject (first));

  for (guint k = 0; issued != NULL && k < issued->len; k++)
    {
      guint i = g_array_index (issued, guint, k);

      if (i >= 1 && !same_der (cert_at (b, i), first) &&
          ps_certificate_is_issued_by (cert_at (b, i), first))
        return TRUE;
    }

  /* Names GnuTLS matches although their text differs (string types...). */
  if (issued == NULL || issued->len == 0)
    for (guint i = 1; i < b->n_sent; i++)
      if (!same_der (cert_at (b, i), first) && ps_certificate_is_issued_by (cert_at (b, i), first))
        return TRUE;

  return FALSE;
}

/* Whether another certificate sent names @index as its issuer (its subject as theirs). */
static gboolean
names_another_issued (Builder *b,
                      guint    index)
{
  GArray *issued = index_find (b->by_issuer, ps_certificate_get_subject (cert_at (b, index)));

  for (guint k = 0; issued != NULL && k < issued->len; k++)
    if (g_array_index (issued, guint, k) != index)
      return TRUE;
  return FALSE;
}

/* The leaf is the first certificate, unless that one is a CA that issued another of the
 * certificates sent (the order is wrong): then it is the first one that is not a CA,
 * matching the host name if one does. Those whose name another one gives as its issuer
 * are passed over without parsing them: they are the CAs of a reversed chain. */
static guint
find_leaf (Builder *b)
{
  int first_non_ca = -1;

  if (b->n_sent == 0 || !ps_certificate_get_is_ca (cert_at (b, 0)) || !first_issued_another (b))
    return 0;

  for (guint i = 0; i < b->n_sent; i++)
    {
      PsCertificate *cert = cert_at (b, i);

      if (names_another_issued (b, i) || ps_certificate_get_is_ca (cert))
        continue;
      if (first_non_ca < 0)
        first_non_ca = i;
      if (b->hostname == NULL || ps_certificate_matches_hostname (cert, b->hostname))
        return i;
    }

  return first_non_ca >= 0 ? (guint) first_non_ca : 0;
}

static gboolean
can_be_next (Builder       *b,
             guint          current,
             PsCertificate *cert,
             guint          j)
{
  return j != current && !b->on_path[j] && g_array_index (b->first_copy, int, j) < 0 &&
         !same_der (cert_at (b, j), cert) && ps_certificate_is_issued_by (cert, cert_at (b, j));
}

/* The issuer of @current among those sent: the one right after it, else the next one in
 * the order sent (wrapping around); -1 if none. */
static int
find_issuer (Builder *b,
             guint    current)
{
  PsCertificate *cert = cert_at (b, current);
  GArray *candidates = index_find (b->by_subject, ps_certificate_get_issuer (cert));
  guint best_distance = G_MAXUINT;
  int best = -1;

  for (guint k = 0; candidates != NULL && k < candidates->len; k++)
    {
      guint j = g_array_index (candidates, guint, k);
      guint distance = (j + b->n_sent - current - 1) % b->n_sent;

      if (distance < best_distance && can_be_next (b, current, cert, j))
        {
          best = j;
          best_distance = distance;
        }
    }
  if (best >= 0)
    return best;

  /* Names GnuTLS matches although their text differs: one scan, at the end of the path. */
  for (guint i = current + 1; i < b->n_sent + current + 1; i++)
    {
      guint j = i % b->n_sent;

      if (can_be_next (b, current, cert, j))
        return j;
    }

  return -1;
}

/**
 * _ps_chain_build_path:
 * @certs: (element-type PsCertificate): the certificates sent; the anchor from @store
 *   that completes the path, if any, is appended
 * @n_sent: how many of @certs were sent
 * @hostname: (nullable): the name the leaf should match, to find it among several
 * @store: (nullable): the anchors
 * @path: (element-type guint): filled with the path, indices into @certs, leaf first
 * @first_copy: (element-type int): filled with, per sent certificate, the index of the
 *   first certificate identical to it, or -1 if it is the first
 *
 * Returns: %TRUE if the path stopped at PS_CHAIN_MAX_PATH certificates sent, with more to
 *   follow and no anchor to end it
 */
gboolean
_ps_chain_build_path (GPtrArray    *certs,
                      guint         n_sent,
                      const char   *hostname,
                      PsTrustStore *store,
                      GArray       *path,
                      GArray       *first_copy)
{
  Builder b = { NULL, };
  gboolean too_long = FALSE;
  guint current;

  builder_init (&b, certs, n_sent, hostname, first_copy);
  if (n_sent == 0)
    goto out;

  current = find_leaf (&b);
  g_array_append_val (path, current);
  b.on_path[current] = TRUE;

  for (;;)
    {
      PsCertificate *cert = cert_at (&b, current);
      g_autoptr(PsCertificate) anchor = NULL;
      int next;

      if (ps_certificate_get_is_self_signed (cert))
        break;

      next = find_issuer (&b, current);
      if (next >= 0 && path->len < PS_CHAIN_MAX_PATH)
        {
          current = next;
          g_array_append_val (path, current);
          b.on_path[current] = TRUE;
          continue;
        }

      /* The end of what was sent, or of what is followed: an anchor may end it. */
      if (store != NULL && ps_trust_store_contains (store, cert))
        break;
      if (store != NULL && (anchor = ps_trust_store_find_issuer (store, cert)) != NULL)
        {
          guint index = certs->len;

          g_ptr_array_add (certs, g_object_ref (anchor));
          g_array_append_val (path, index);
        }
      else if (next >= 0)
        too_long = TRUE;
      break;
    }

out:
  builder_clear (&b);
  return too_long;
}
