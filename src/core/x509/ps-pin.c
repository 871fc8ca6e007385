/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <gnutls/crypto.h>
#include <string.h>

#include "ps-error.h"
#include "ps-pin.h"

#define SHA256_LEN 32
#define SHA1_LEN   20

struct _PsPin
{
  PsPinAlgorithm algorithm;
  guint8 digest[SHA256_LEN];
};

G_DEFINE_BOXED_TYPE (PsPin, ps_pin, ps_pin_copy, ps_pin_free)

/* Roles */

/* Roles and origins */

static const GEnumValue role_values[] = {
  { PS_PIN_ROLE_LEAF, "PS_PIN_ROLE_LEAF", "leaf" },
  { PS_PIN_ROLE_INTERMEDIATE, "PS_PIN_ROLE_INTERMEDIATE", "intermediate" },
  { PS_PIN_ROLE_ROOT, "PS_PIN_ROLE_ROOT", "root" },
  { PS_PIN_ROLE_BACKUP, "PS_PIN_ROLE_BACKUP", "backup" },
  { PS_PIN_ROLE_UNKNOWN, "PS_PIN_ROLE_UNKNOWN", "unknown" },
  { 0, NULL, NULL },
};

GType
ps_pin_role_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("PsPinRole", role_values));
  return type;
}

const char *
ps_pin_role_to_string (PsPinRole role)
{
  g_return_val_if_fail (role <= PS_PIN_ROLE_UNKNOWN, NULL);
  return role_values[role].value_nick;
}

gboolean
ps_pin_role_from_string (const char *text,
                         PsPinRole  *role)
{
  for (guint i = 0; text != NULL && role_values[i].value_nick != NULL; i++)
    {
      if (g_ascii_strcasecmp (text, role_values[i].value_nick) == 0)
        {
          if (role != NULL)
            *role = role_values[i].value;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
ps_pin_role_to_label (PsPinRole role)
{
  switch (role)
    {
    case PS_PIN_ROLE_LEAF:
      return _("Leaf");
    case PS_PIN_ROLE_INTERMEDIATE:
      return _("Intermediate");
    case PS_PIN_ROLE_ROOT:
      return _("Root");
    case PS_PIN_ROLE_BACKUP:
      return _("Backup");
    case PS_PIN_ROLE_UNKNOWN:
      return _("Unknown role");
    default:
      g_return_val_if_reached (NULL);
    }
}


static gsize
digest_len (PsPinAlgorithm algorithm)
{
  return algorithm == PS_PIN_SHA1 ? SHA1_LEN : SHA256_LEN;
}

PsPin *
ps_pin_new_for_spki (const guint8 *spki_der,
                     gsize         len)
{
  PsPin *pin = g_new0 (PsPin, 1);

  g_return_val_if_fail (spki_der != NULL, NULL);

  pin->algorithm = PS_PIN_SHA256;
  gnutls_hash_fast (GNUTLS_DIG_SHA256, spki_der, len, pin->digest);
  return pin;
}

PsPin *
ps_pin_new_from_digest (PsPinAlgorithm  algorithm,
                        const guint8   *digest,
                        gsize           len)
{
  PsPin *pin;

  g_return_val_if_fail (digest != NULL, NULL);
  g_return_val_if_fail (len == digest_len (algorithm), NULL);

  pin = g_new0 (PsPin, 1);
  pin->algorithm = algorithm;
  memcpy (pin->digest, digest, len);
  return pin;
}

PsPin *
ps_pin_copy (const PsPin *pin)
{
  return g_memdup2 (pin, sizeof *pin);
}

void
ps_pin_free (PsPin *pin)
{
  g_free (pin);
}

PsPinAlgorithm
ps_pin_get_algorithm (const PsPin *pin)
{
  return pin->algorithm;
}

const guint8 *
ps_pin_get_digest (const PsPin *pin,
                   gsize       *len)
{
  if (len != NULL)
    *len = digest_len (pin->algorithm);
  return pin->digest;
}

gboolean
ps_pin_equal (gconstpointer a,
              gconstpointer b)
{
  const PsPin *pa = a;
  const PsPin *pb = b;

  return pa->algorithm == pb->algorithm &&
         memcmp (pa->digest, pb->digest, digest_len (pa->algorithm)) == 0;
}

guint
ps_pin_hash (gconstpointer pin)
{
  const PsPin *p = pin;
  guint h;

  memcpy (&h, p->digest, sizeof h);
  return h ^ p->algorithm;
}

char *
ps_pin_to_base64 (const PsPin *pin)
{
  return g_base64_encode (pin->digest, digest_len (pin->algorithm));
}

static char *
to_hex (const PsPin *pin,
        gboolean     upper,
        gboolean     colons)
{
  static const char lower_digits[] = "0123456789abcdef";
  static const char upper_digits[] = "0123456789ABCDEF";
  const char *digits = upper ? upper_digits : lower_digits;
  gsize len = digest_len (pin->algorithm);
  GString *s = g_string_sized_new (len * 3);

  for (gsize i = 0; i < len; i++)
    {
      if (colons && i > 0)
        g_string_append_c (s, ':');
      g_string_append_c (s, digits[pin->digest[i] >> 4]);
      g_string_append_c (s, digits[pin->digest[i] & 0xf]);
    }
  return g_string_free (s, FALSE);
}

char *
ps_pin_to_hex (const PsPin *pin)
{
  return to_hex (pin, FALSE, FALSE);
}

char *
ps_pin_to_string (const PsPin   *pin,
                  PsPinNotation  notation)
{
  g_autofree char *b64 = NULL;
  g_autofree char *hex = NULL;
  const char *alg = pin->algorithm == PS_PIN_SHA1 ? "sha1" : "sha256";

  switch (notation)
    {
    case PS_PIN_NOTATION_BASE64:
      return ps_pin_to_base64 (pin);
    case PS_PIN_NOTATION_OKHTTP:
      b64 = ps_pin_to_base64 (pin);
      return g_strdup_printf ("%s/%s", alg, b64);
    case PS_PIN_NOTATION_CURL:
      b64 = ps_pin_to_base64 (pin);
      return g_strdup_printf ("%s//%s", alg, b64);
    case PS_PIN_NOTATION_HPKP:
      b64 = ps_pin_to_base64 (pin);
      return g_strdup_printf ("pin-%s=\"%s\"", alg, b64);
    case PS_PIN_NOTATION_HEX:
      return to_hex (pin, FALSE, FALSE);
    case PS_PIN_NOTATION_HEX_COLONS:
      return to_hex (pin, TRUE, TRUE);
    case PS_PIN_NOTATION_TLSA:
      hex = to_hex (pin, TRUE, FALSE);
      return g_strdup_printf ("3 1 %d %s", pin->algorithm == PS_PIN_SHA1 ? 0 : 1, hex);
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Placeholders. A SHA-256 (or SHA-1) output has, with overwhelming probability, no short
 * period, no counting run and nearly as many distinct bytes as it is long (32 random bytes
 * show fewer than 12 distinct values with a probability far below 2^-80). */
#define PLACEHOLDER_MAX_PERIOD   8
#define PLACEHOLDER_MIN_DISTINCT 12

gboolean
ps_pin_digest_is_placeholder (const guint8 *digest,
                              gsize         len)
{
  gboolean seen[256] = { FALSE, };
  guint distinct = 0;
  gboolean counting = TRUE;

  g_return_val_if_fail (digest != NULL || len == 0, FALSE);

  if (len < 2)
    return TRUE;

  /* A unit of 1 to 8 bytes repeated (the trailing bytes may be a partial unit). */
  for (gsize period = 1; period <= PLACEHOLDER_MAX_PERIOD && period * 2 <= len; period++)
    {
      gboolean repeats = TRUE;

      for (gsize i = period; repeats && i < len; i++)
        repeats = digest[i] == digest[i - period];
      if (repeats)
        return TRUE;
    }

  for (gsize i = 1; counting && i < len; i++)
    counting = digest[i] == (guint8) (digest[i - 1] + 1) ||
               digest[i] == (guint8) (digest[i - 1] - 1);
  if (counting)
    return TRUE;

  for (gsize i = 0; i < len; i++)
    if (!seen[digest[i]])
      {
        seen[digest[i]] = TRUE;
        distinct++;
      }
  return distinct < MIN (PLACEHOLDER_MIN_DISTINCT, len / 2);
}

/* Base64 with padding that is right or, when @lenient, absent. */
guint8 *
ps_base64_decode (const char *text,
                  gboolean    lenient,
                  gsize      *out_len)
{
  g_autofree char *padded = NULL;
  gsize n;
  gsize pad = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (out_len != NULL, NULL);

  *out_len = 0;
  n = strlen (text);
  if (n == 0)
    return NULL;
  for (gsize i = 0; i < n; i++)
    {
      char c = text[i];

      if (c == '=')
        {
          if (i < n - 2)
            return NULL;
          pad++;
        }
      else if (pad > 0 || !(g_ascii_isalnum (c) || c == '+' || c == '/'))
        return NULL;
    }

  if (n % 4 != 0)
    {
      /* One leftover character is never a whole byte; padding, if any, must be complete. */
      if (!lenient || pad > 0 || n % 4 == 1)
        return NULL;
      padded = g_strnfill (n + 4 - n % 4, '=');
      memcpy (padded, text, n);
      text = padded;
    }

  return g_base64_decode (text, out_len);
}

static gboolean
all_hex (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text; text++)
    if (!g_ascii_isxdigit (*text))
      return FALSE;
  return TRUE;
}

static guint8 *
decode_hex (const char *text,
            gsize      *out_len)
{
  gsize n = strlen (text);
  guint8 *out;

  if (n % 2 != 0 || !all_hex (text))
    return NULL;
  out = g_malloc (n / 2);
  for (gsize i = 0; i < n / 2; i++)
    out[i] = (g_ascii_xdigit_value (text[2 * i]) << 4) | g_ascii_xdigit_value (text[2 * i + 1]);
  *out_len = n / 2;
  return out;
}

static PsPin *
pin_from_bytes (const guint8    *bytes,
                gsize            len,
                gboolean         sha1_declared,
                PsPinParseFlags  flags,
                const char      *original,
                GError         **error)
{
  PsPinAlgorithm algorithm = PS_PIN_SHA256;

  if (sha1_declared || len == SHA1_LEN)
    {
      if (!(flags & PS_PIN_PARSE_ALLOW_SHA1))
        {
          g_set_error (error, PS_ERROR, PS_ERROR_SHA1_PIN,
                       _("“%s” is a SHA-1 hash; pins must be SHA-256 hashes of the public key"),
                       original);
          return NULL;
        }
      if (len != SHA1_LEN)
        {
          g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PIN,
                       _("“%s” is %lu bytes long; a SHA-1 pin is 20 bytes"),
                       original, (gulong) len);
          return NULL;
        }
      algorithm = PS_PIN_SHA1;
    }
  else if (len != SHA256_LEN)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PIN,
                   _("“%s” is %lu bytes long; a SHA-256 pin is 32 bytes"),
                   original, (gulong) len);
      return NULL;
    }

  if (!(flags & PS_PIN_PARSE_ALLOW_PLACEHOLDER) && ps_pin_digest_is_placeholder (bytes, len))
    {
      g_set_error (error, PS_ERROR, PS_ERROR_PLACEHOLDER_PIN,
                   _("“%s” is a placeholder, not the hash of a real key"), original);
      return NULL;
    }

  return ps_pin_new_from_digest (algorithm, bytes, len);
}

static PsPin *
parse_tlsa (const char       *text,
            const char       *original,
            PsPinParseFlags   flags,
            GError          **error)
{
  g_auto(GStrv) parts = g_strsplit_set (text, " \t", -1);
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GString) hex = g_string_new (NULL);
  g_autofree guint8 *bytes = NULL;
  gsize len = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_ptr_array_add (fields, parts[i]);

  if (fields->len < 4)
    return NULL;

  for (guint i = 3; i < fields->len; i++)
    g_string_append (hex, g_ptr_array_index (fields, i));

  if (!g_str_equal (g_ptr_array_index (fields, 1), "1"))
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PIN,
                   _("“%s” is a TLSA record of the whole certificate (selector 0), "
                     "not of its public key"), original);
      return NULL;
    }
  if (!g_str_equal (g_ptr_array_index (fields, 2), "1"))
    {
      g_set_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED,
                   _("“%s” uses TLSA matching type %s; only SHA-256 (1) is supported"),
                   original, (char *) g_ptr_array_index (fields, 2));
      return NULL;
    }

  bytes = decode_hex (hex->str, &len);
  if (bytes == NULL)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PIN,
                   _("“%s” does not end in a hexadecimal hash"), original);
      return NULL;
    }
  return pin_from_bytes (bytes, len, FALSE, flags, original, error);
}

/* After "sha256/": curl writes a second slash, but OkHttp's base64 may itself begin with
 * "/". Base64 comes in groups of four, which tells the two apart. Without padding, a
 * 20- or 32-byte digest never ends in "=" while its padded form always does. */
static gsize
skip_slashes (const char      *rest,
              PsPinParseFlags  flags)
{
  gsize n = strlen (rest);

  while (n > 0 && g_ascii_isspace (rest[n - 1]))
    n--;
  if (rest[0] != '/' || n < 2)
    return 0;
  if ((n - 1) % 4 == 0)
    return 1;
  if ((flags & PS_PIN_PARSE_LENIENT_BASE64) && rest[n - 1] != '=' && (n - 1) % 4 == 3)
    return 1;
  return 0;
}

PsPin *
ps_pin_parse (const char  *text,
              GError     **error)
{
  return ps_pin_parse_with_flags (text, PS_PIN_PARSE_DEFAULT, error);
}

PsPin *
ps_pin_parse_with_flags (const char       *text,
                         PsPinParseFlags   flags,
                         GError          **error)
{
  g_autofree char *copy = NULL;
  g_autofree guint8 *bytes = NULL;
  g_autofree char *original = NULL;
  char *s;
  gsize len = 0;
  gboolean sha1 = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  copy = g_strstrip (g_strdup (text));
  original = g_strdup (copy);
  s = copy;

  if (*s == '\0')
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_PIN, _("The pin is empty"));
      return NULL;
    }

  /* pin-sha256="B64" (HPKP) */
  if (g_ascii_strncasecmp (s, "pin-sha256=", 11) == 0)
    s += 11;
  else if (g_ascii_strncasecmp (s, "pin-sha1=", 9) == 0)
    {
      s += 9;
      sha1 = TRUE;
    }
  /* sha256//B64 (curl) and sha256/B64 (OkHttp) */
  else if (g_ascii_strncasecmp (s, "sha256/", 7) == 0)
    s += skip_slashes (s + 7, flags) + 7;
  else if (g_ascii_strncasecmp (s, "sha1/", 5) == 0)
    {
      s += skip_slashes (s + 5, flags) + 5;
      sha1 = TRUE;
    }
  else if (g_regex_match_simple ("^[0-3][ \\t]+[01][ \\t]+[0-2][ \\t]+", s, 0, 0))
    {
      PsPin *pin = parse_tlsa (s, original, flags, error);

      if (pin != NULL || (error != NULL && *error != NULL))
        return pin;
    }

  s = g_strstrip (s);
  if (*s == '"' || *s == '\'')
    {
      gsize n = strlen (s);

      if (n < 2 || s[n - 1] != s[0])
        {
          g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PIN,
                       _("“%s” has an unterminated quote"), original);
          return NULL;
        }
      s[n - 1] = '\0';
      s++;
    }

  /* Hex, with or without colons or spaces. */
  if (strchr (s, ':') != NULL || strchr (s, ' ') != NULL || (all_hex (s) && strlen (s) >= 40))
    {
      g_autoptr(GString) hex = g_string_new (NULL);

      for (const char *p = s; *p; p++)
        if (*p != ':' && *p != ' ')
          g_string_append_c (hex, *p);

      bytes = decode_hex (hex->str, &len);
      if (bytes != NULL)
        return pin_from_bytes (bytes, len, sha1, flags, original, error);

      if (strchr (s, ':') != NULL || strchr (s, ' ') != NULL)
        {
          g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PIN,
                       _("“%s” is neither valid hexadecimal nor base64"), original);
          return NULL;
        }
    }

  bytes = ps_base64_decode (s, (flags & PS_PIN_PARSE_LENIENT_BASE64) != 0, &len);
  if (bytes == NULL)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_PIN,
                   _("“%s” is not valid base64 or hexadecimal"), original);
      return NULL;
    }

  return pin_from_bytes (bytes, len, sha1, flags, original, error);
}

GPtrArray *
ps_pin_parse_list (const char  *text,
                   GError     **error)
{
  g_autoptr(GPtrArray) pins = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_pin_free);
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  parts = g_strsplit_set (text, ";,\n\r", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      PsPin *pin;

      if (*g_strstrip (parts[i]) == '\0')
        continue;
      pin = ps_pin_parse (parts[i], error);
      if (pin == NULL)
        return NULL;
      g_ptr_array_add (pins, pin);
    }

  if (pins->len == 0)
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_PIN, _("No pin was given"));
      return NULL;
    }

  return g_steal_pointer (&pins);
}
