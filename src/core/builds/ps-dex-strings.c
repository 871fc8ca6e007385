/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-dex-strings.h"
#include "ps-error.h"
#include "ps-res-private.h"

/* DEX layout: https://source.android.com/docs/core/runtime/dex-format (header_item,
 * string_id_item, string_data_item; MUTF-8 as in that page's "MUTF-8 encoding"). */

#define DEX_HEADER_SIZE   0x70
#define DEX_ENDIAN_TAG    0x12345678u
#define MAX_HOST_DISTANCE 512
#define SHA256_B64_LEN    44
#define SHA1_B64_LEN      28

static gboolean
read_uleb128 (const guint8 **p,
              const guint8  *end,
              guint32       *value)
{
  *value = 0;
  for (guint shift = 0; shift < 35; shift += 7)
    {
      if (*p >= end)
        return FALSE;
      *value |= (guint32) (**p & 0x7f) << shift;
      if ((*(*p)++ & 0x80) == 0)
        return TRUE;
    }
  return FALSE;
}

/* MUTF-8 to UTF-8 through UTF-16: NUL is C0 80, supplementary characters are surrogate
 * pairs of three bytes each. NULL when the bytes are not MUTF-8. */
static char *
mutf8_to_utf8 (const guint8 *p,
               const guint8 *end)
{
  g_autoptr(GArray) units = g_array_new (FALSE, FALSE, sizeof (gunichar2));

  while (p < end)
    {
      gunichar2 unit;

      if (p[0] < 0x80)
        unit = *p++;
      else if ((p[0] & 0xe0) == 0xc0 && end - p >= 2 && (p[1] & 0xc0) == 0x80)
        {
          unit = ((p[0] & 0x1f) << 6) | (p[1] & 0x3f);
          p += 2;
        }
      else if ((p[0] & 0xf0) == 0xe0 && end - p >= 3 && (p[1] & 0xc0) == 0x80 &&
               (p[2] & 0xc0) == 0x80)
        {
          unit = ((p[0] & 0x0f) << 12) | ((p[1] & 0x3f) << 6) | (p[2] & 0x3f);
          p += 3;
        }
      else
        return NULL;
      g_array_append_val (units, unit);
    }
  if (units->len == 0)
    return g_strdup ("");
  return g_utf16_to_utf8 ((gunichar2 *) units->data, units->len, NULL, NULL, NULL);
}

GPtrArray *
ps_dex_read_strings (const guint8  *data,
                     gsize          len,
                     guint         *n_skipped,
                     GError       **error)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  guint32 file_size, count, ids_off;
  guint skipped = 0;

  if (len < DEX_HEADER_SIZE || memcmp (data, "dex\n", 4) != 0 || data[7] != '\0')
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                           _("Not a DEX file"));
      return NULL;
    }
  file_size = _ps_res_u32 (data + 32);
  if (_ps_res_u32 (data + 40) != DEX_ENDIAN_TAG)
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_UNSUPPORTED,
                           _("The DEX file is not little-endian"));
      return NULL;
    }
  if (file_size < DEX_HEADER_SIZE || file_size > len)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("The DEX file says it is %u bytes long, but %lu bytes are there "
                     "(truncated?)"), file_size, (gulong) len);
      return NULL;
    }
  count = _ps_res_u32 (data + 56);
  ids_off = _ps_res_u32 (data + 60);
  if (count > 0 && (ids_off > file_size || count > (file_size - ids_off) / 4))
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("The DEX string table (%u strings at byte %u) runs past the file"),
                   count, ids_off);
      return NULL;
    }
  for (guint32 i = 0; i < count; i++)
    {
      guint32 off = _ps_res_u32 (data + ids_off + 4 * i), n_units;
      const guint8 *p = data + off, *end = data + file_size, *nul;
      char *s;

      if (off >= file_size || !read_uleb128 (&p, end, &n_units) ||
          (nul = memchr (p, 0, end - p)) == NULL)
        {
          g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                       _("DEX string %u lies outside the file"), i);
          return NULL;
        }
      s = mutf8_to_utf8 (p, nul);
      if (s == NULL)
        skipped++;
      else
        g_ptr_array_add (strings, s);
    }
  if (n_skipped != NULL)
    *n_skipped = skipped;
  return g_steal_pointer (&strings);
}

/* Pin literals. */

void
ps_pin_literal_free (PsPinLiteral *literal)
{
  g_free (literal->text);
  g_clear_pointer (&literal->pin, ps_pin_free);
  g_free (literal->host);
  g_free (literal);
}

/* The base64 alphabet and padding, as a table: the scanner reads every byte of large
 * binaries through it. */
static const guint8 b64_table[256] = {
  ['+'] = 1, ['/'] = 1, ['='] = 1,
  ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
  ['8'] = 1, ['9'] = 1,
  ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
  ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
  ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
  ['Y'] = 1, ['Z'] = 1,
  ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
  ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
  ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
  ['y'] = 1, ['z'] = 1,
};

static inline gboolean
is_b64 (guint8 c)
{
  return b64_table[c];
}

static gboolean
is_host_char (guint8 c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '-' || c == '*';
}

gboolean
ps_pin_scan_is_host_like (const char *text,
                          gsize       len)
{
  gsize last_dot = 0;
  guint dots = 0;

  if (len < 4 || len > 253 || text[0] == '.' || text[len - 1] == '.' || text[0] == '-')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!is_host_char (text[i]) || (text[i] == '.' && i > 0 && text[i - 1] == '.'))
        return FALSE;
      if (text[i] == '.')
        {
          dots++;
          last_dot = i;
        }
    }
  if (dots == 0 || len - last_dot - 1 < 2)
    return FALSE;
  for (gsize i = last_dot + 1; i < len; i++)
    if (!g_ascii_isalpha (text[i]))
      return FALSE;
  return TRUE;
}

/* The pin that @text (@len base64 characters) decodes to, when it is canonical base64 of
 * exactly @want bytes. */
static PsPin *
decode_pin (const guint8   *text,
            gsize           len,
            PsPinAlgorithm  algorithm)
{
  gsize want = algorithm == PS_PIN_SHA256 ? 32 : 20, out_len;
  g_autofree char *copy = NULL;
  g_autofree guchar *digest = NULL;
  g_autofree char *again = NULL;

  if (len != (algorithm == PS_PIN_SHA256 ? SHA256_B64_LEN : SHA1_B64_LEN))
    return NULL;
  copy = g_strndup ((const char *) text, len);
  digest = g_base64_decode (copy, &out_len);
  if (out_len != want)
    return NULL;
  again = g_base64_encode (digest, out_len);
  if (!g_str_equal (again, copy))
    return NULL;
  return ps_pin_new_from_digest (algorithm, digest, out_len);
}

/* The quoted string that ends just before @at (after a comma and spaces), as
 * [start, end) of its contents. */
static gboolean
previous_quoted (const guint8  *data,
                 gsize          at,
                 gsize         *start,
                 gsize         *end)
{
  gsize i = at;
  guint8 quote;

  while (i > 0 && g_ascii_isspace (data[i - 1]))
    i--;
  if (i == 0 || data[i - 1] != ',')
    return FALSE;
  i--;
  while (i > 0 && g_ascii_isspace (data[i - 1]))
    i--;
  if (i == 0 || (data[i - 1] != '"' && data[i - 1] != '\''))
    return FALSE;
  quote = data[--i];
  *end = i;
  while (i > 0 && data[i - 1] != quote && *end - i < 256)
    i--;
  if (i == 0 || data[i - 1] != quote)
    return FALSE;
  *start = i;
  return TRUE;
}

/* The host proven by the text around a quoted pin at [@start, …): the quoted arguments
 * before it, pins all, back to a quoted host. */
static char *
proven_host (const guint8 *data,
             gsize         start)
{
  gsize at = start, s, e;

  if (start == 0 || (data[start - 1] != '"' && data[start - 1] != '\''))
    return NULL;
  at = start - 1;
  for (guint hops = 0; hops < 64 && previous_quoted (data, at, &s, &e); hops++)
    {
      if (ps_pin_scan_is_host_like ((const char *) data + s, e - s))
        return g_strndup ((const char *) data + s, e - s);
      if (!g_str_has_prefix ((const char *) data + s, "sha256/") &&
          !g_str_has_prefix ((const char *) data + s, "sha1/"))
        return NULL;
      at = s - 1;
    }
  return NULL;
}

static gboolean
host_near (const guint8 *data,
           gsize         len,
           gsize         at)
{
  gsize from = at > MAX_HOST_DISTANCE ? at - MAX_HOST_DISTANCE : 0;
  gsize to = MIN (len, at + MAX_HOST_DISTANCE);

  for (gsize i = from; i < to;)
    {
      gsize j = i;

      while (j < to && is_host_char (data[j]))
        j++;
      if (j > i && ps_pin_scan_is_host_like ((const char *) data + i, j - i))
        return TRUE;
      i = j + 1;
    }
  return FALSE;
}

static void
add_literal (GPtrArray    *found,
             const guint8 *data,
             gsize         start,
             gsize         end,
             PsPin        *pin,
             char         *host)
{
  PsPinLiteral *literal = g_new0 (PsPinLiteral, 1);

  literal->text = g_strndup ((const char *) data + start, end - start);
  literal->pin = pin;
  literal->host = host;
  literal->offset = start;
  g_ptr_array_add (found, literal);
}

/* Bare base64 must look random: upper and lower case letters and a digit. */
static gboolean
looks_random (const guint8 *p,
              gsize         len)
{
  gboolean upper = FALSE, lower = FALSE, digit = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      upper |= g_ascii_isupper (p[i]);
      lower |= g_ascii_islower (p[i]);
      digit |= g_ascii_isdigit (p[i]);
    }
  return upper && lower && digit;
}

static void
scan (const guint8 *data,
      gsize         len,
      gboolean      need_host_nearby,
      gboolean      table_has_host,
      GPtrArray    *found)
{
  gsize i = 0, run_end = 0;

  while (i < len)
    {
      gsize run, prefix = 0;
      PsPinAlgorithm algorithm = PS_PIN_SHA256;
      PsPin *pin;

      if (!is_b64 (data[i]))
        {
          while (++i < len && !is_b64 (data[i]))
            ;
          continue;
        }
      /* Computed once per run, so that a long run full of prefixes stays linear. */
      if (i >= run_end)
        for (run_end = i; run_end < len && is_b64 (data[run_end]); run_end++)
          ;
      run = run_end;
      /* [i, run) is one run of base64 characters; "sha256/" is part of it, maybe after
       * bytes of a length or other data. */
      for (gsize p = i; p < run && prefix == 0; p++)
        {
          if (run - p > 7 && memcmp (data + p, "sha256/", 7) == 0)
            prefix = 7;
          else if (run - p > 5 && memcmp (data + p, "sha1/", 5) == 0)
            {
              prefix = 5;
              algorithm = PS_PIN_SHA1;
            }
          if (prefix > 0)
            i = p;
        }
      if (prefix > 0)
        {
          /* In binary files the literal may run into the next bytes: the base64 of a
           * digest has a fixed length, ending in its padding. */
          gsize want = algorithm == PS_PIN_SHA256 ? SHA256_B64_LEN : SHA1_B64_LEN;
          gsize end = MIN (run, i + prefix + want);

          if ((pin = decode_pin (data + i + prefix, end - i - prefix, algorithm)))
            add_literal (found, data, i, end, pin, proven_host (data, i));
          i = end;
          continue;
        }
      if (run - i == SHA256_B64_LEN && looks_random (data + i, run - i) &&
          (need_host_nearby ? host_near (data, len, i) : table_has_host) &&
          (pin = decode_pin (data + i, run - i, PS_PIN_SHA256)))
        add_literal (found, data, i, run, pin, NULL);
      i = run;
    }
}

GPtrArray *
ps_pin_scan_bytes (const guint8 *data,
                   gsize         len)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_pin_literal_free);

  scan (data, len, TRUE, FALSE, found);
  return found;
}

GPtrArray *
ps_pin_scan_strings (GPtrArray *strings)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_pin_literal_free);
  gboolean has_host = FALSE;

  for (guint i = 0; i < strings->len && !has_host; i++)
    {
      const char *s = g_ptr_array_index (strings, i);
      has_host = ps_pin_scan_is_host_like (s, strlen (s));
    }
  for (guint i = 0; i < strings->len; i++)
    {
      const char *s = g_ptr_array_index (strings, i);
      guint before = found->len;

      scan ((const guint8 *) s, strlen (s), FALSE, has_host, found);
      for (guint k = before; k < found->len; k++)
        {
          PsPinLiteral *literal = g_ptr_array_index (found, k);

          /* A DEX string is one constant: nothing in it proves a host. */
          g_clear_pointer (&literal->host, g_free);
          literal->offset = i;
        }
    }
  return found;
}
