/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-axml.h"
#include "ps-error.h"
#include "ps-res-private.h"

/* Chunks and string pools of Android's compiled resources (ResourceTypes.h in AOSP's
 * frameworks/base/libs/androidfw). */

#define POOL_UTF8_FLAG (1u << 8)
#define POOL_HEADER    28

gboolean
_ps_res_chunk_read (const guint8  *data,
                    gsize          len,
                    gsize          offset,
                    PsResChunk    *chunk,
                    GError       **error)
{
  if (offset > len || len - offset < 8)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("A resource chunk at byte %lu is cut short"), (gulong) offset);
      return FALSE;
    }
  chunk->start = data + offset;
  chunk->type = _ps_res_u16 (chunk->start);
  chunk->header_size = _ps_res_u16 (chunk->start + 2);
  chunk->size = _ps_res_u32 (chunk->start + 4);
  if (chunk->header_size < 8 || chunk->size < chunk->header_size ||
      chunk->size > len - offset)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("The resource chunk of type 0x%04x at byte %lu has sizes out of range "
                     "(header %u, size %u, %lu bytes left)"),
                   chunk->type, (gulong) offset, chunk->header_size, chunk->size,
                   (gulong) (len - offset));
      return FALSE;
    }
  return TRUE;
}

static void
pool_error (GError **error,
            guint    index,
            const char *why)
{
  g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
               _("String %u of the string pool is unreadable: %s"), index, why);
}

/* Lengths are one or two units; with the high bit set, the value spans both. */
static gboolean
read_length8 (const guint8 **p,
              const guint8  *end,
              guint32       *value)
{
  if (*p >= end)
    return FALSE;
  *value = **p;
  (*p)++;
  if (*value & 0x80)
    {
      if (*p >= end)
        return FALSE;
      *value = ((*value & 0x7f) << 8) | **p;
      (*p)++;
    }
  return TRUE;
}

static gboolean
read_length16 (const guint8 **p,
               const guint8  *end,
               guint32       *value)
{
  if (end - *p < 2)
    return FALSE;
  *value = _ps_res_u16 (*p);
  *p += 2;
  if (*value & 0x8000)
    {
      if (end - *p < 2)
        return FALSE;
      *value = ((*value & 0x7fff) << 16) | _ps_res_u16 (*p);
      *p += 2;
    }
  return TRUE;
}

static char *
decode_string (const guint8  *p,
               const guint8  *end,
               gboolean       utf8,
               guint          index,
               GError       **error)
{
  guint32 n;

  if (utf8)
    {
      guint32 n_utf16;

      if (!read_length8 (&p, end, &n_utf16) || !read_length8 (&p, end, &n) ||
          (gsize) (end - p) < n)
        {
          pool_error (error, index, _("its length runs past the pool"));
          return NULL;
        }
      /* Modified UTF-8 may hold what strict UTF-8 refuses; keep it readable. */
      return g_utf8_make_valid ((const char *) p, n);
    }
  else
    {
      g_autofree gunichar2 *units = NULL;
      g_autoptr(GError) local_error = NULL;
      char *text;

      if (!read_length16 (&p, end, &n) || (gsize) (end - p) / 2 < n)
        {
          pool_error (error, index, _("its length runs past the pool"));
          return NULL;
        }
      units = g_new (gunichar2, n + 1);
      for (guint32 i = 0; i < n; i++)
        units[i] = _ps_res_u16 (p + 2 * i);
      text = g_utf16_to_utf8 (units, n, NULL, NULL, &local_error);
      if (text == NULL)
        pool_error (error, index, local_error->message);
      return text;
    }
}

gboolean
_ps_res_string_pool_read (const PsResChunk *chunk,
                          PsResStringPool  *pool,
                          GError          **error)
{
  guint32 count, flags, strings_start;
  const guint8 *end = chunk->start + chunk->size;

  memset (pool, 0, sizeof *pool);
  if (chunk->type != PS_RES_STRING_POOL_TYPE || chunk->header_size < POOL_HEADER)
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                           _("A string pool was expected"));
      return FALSE;
    }
  count = _ps_res_u32 (chunk->start + 8);
  flags = _ps_res_u32 (chunk->start + 16);
  strings_start = _ps_res_u32 (chunk->start + 20);
  if (count > (chunk->size - chunk->header_size) / 4 ||
      (count > 0 && (strings_start > chunk->size ||
                     strings_start < chunk->header_size + 4 * (gsize) count)))
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("The string pool declares %u strings, more than its %u bytes hold"),
                   count, chunk->size);
      return FALSE;
    }
  pool->strings = g_new0 (char *, count + 1);
  pool->n_strings = count;
  for (guint32 i = 0; i < count; i++)
    {
      guint32 offset = _ps_res_u32 (chunk->start + chunk->header_size + 4 * i);

      if (offset >= chunk->size - strings_start)
        {
          pool_error (error, i, _("its offset is past the pool"));
          _ps_res_string_pool_clear (pool);
          return FALSE;
        }
      pool->strings[i] = decode_string (chunk->start + strings_start + offset, end,
                                        (flags & POOL_UTF8_FLAG) != 0, i, error);
      if (pool->strings[i] == NULL)
        {
          _ps_res_string_pool_clear (pool);
          return FALSE;
        }
    }
  return TRUE;
}

void
_ps_res_string_pool_clear (PsResStringPool *pool)
{
  g_clear_pointer (&pool->strings, g_strfreev);
  pool->n_strings = 0;
}

const char *
_ps_res_string_pool_get (const PsResStringPool *pool,
                         guint32                index,
                         const char            *what,
                         GError               **error)
{
  if (index >= pool->n_strings)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("%s: refers to string %u, but the string pool has %u strings"),
                   _(what), index, pool->n_strings);
      return NULL;
    }
  return pool->strings[index];
}

char *
_ps_res_value_to_string (guint8  type,
                         guint32 data)
{
  switch (type)
    {
    case PS_AXML_TYPE_NULL:
      return g_strdup ("");
    case PS_AXML_TYPE_REFERENCE:
    case PS_AXML_TYPE_DYNAMIC_REFERENCE:
      return data == 0 ? g_strdup ("@null") : g_strdup_printf ("@0x%08x", data);
    case PS_AXML_TYPE_ATTRIBUTE:
      return g_strdup_printf ("?0x%08x", data);
    case PS_AXML_TYPE_FLOAT:
      {
        union { guint32 u; float f; } value = { .u = data };
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];
        return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value.f));
      }
    case PS_AXML_TYPE_INT_DEC:
      return g_strdup_printf ("%d", (gint32) data);
    case PS_AXML_TYPE_INT_HEX:
      return g_strdup_printf ("0x%x", data);
    case PS_AXML_TYPE_BOOLEAN:
      return g_strdup (data != 0 ? "true" : "false");
    default:
      if (type >= 0x1c && type <= 0x1f)
        return g_strdup_printf ("#%08x", data);
      return g_strdup_printf ("0x%08x", data);
    }
}
