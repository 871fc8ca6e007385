/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shared by the binary XML and resource table readers: chunks and string pools, as laid
 * out in AOSP's ResourceTypes.h. All multi-byte values are little-endian. */

#define PS_RES_NO_INDEX 0xffffffffu

enum
{
  PS_RES_STRING_POOL_TYPE  = 0x0001,
  PS_RES_TABLE_TYPE        = 0x0002,
  PS_RES_XML_TYPE          = 0x0003,
  PS_RES_XML_START_NS      = 0x0100,
  PS_RES_XML_END_NS        = 0x0101,
  PS_RES_XML_START_ELEMENT = 0x0102,
  PS_RES_XML_END_ELEMENT   = 0x0103,
  PS_RES_XML_CDATA         = 0x0104,
  PS_RES_XML_RESOURCE_MAP  = 0x0180,
  PS_RES_TABLE_PACKAGE     = 0x0200,
  PS_RES_TABLE_TYPE_TYPE   = 0x0201,
  PS_RES_TABLE_TYPE_SPEC   = 0x0202,
  PS_RES_TABLE_LIBRARY     = 0x0203,
};

static inline guint16
_ps_res_u16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static inline guint32
_ps_res_u32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) |
         ((guint32) p[3] << 24);
}

/* A chunk inside [@data, @data + @len) at @offset: its type, header size and size, all
 * checked against the bounds. */
typedef struct
{
  guint16 type;
  guint16 header_size;
  guint32 size;
  const guint8 *start;
} PsResChunk;

gboolean    _ps_res_chunk_read        (const guint8  *data,
                                       gsize          len,
                                       gsize          offset,
                                       PsResChunk    *chunk,
                                       GError       **error);

typedef struct
{
  guint   n_strings;
  char  **strings;  /* UTF-8, decoded when the pool is read */
} PsResStringPool;

gboolean    _ps_res_string_pool_read  (const PsResChunk *chunk,
                                       PsResStringPool  *pool,
                                       GError          **error);
void        _ps_res_string_pool_clear (PsResStringPool  *pool);
/* The string at @index, or NULL with PS_ERROR_INVALID_DATA naming @what when out of range. */
const char *_ps_res_string_pool_get   (const PsResStringPool *pool,
                                       guint32                index,
                                       const char            *what,
                                       GError               **error);

/* Renders a Res_value as text: "true", "@0x7f0a0001", "12", "0x1f"... */
char       *_ps_res_value_to_string   (guint8  type,
                                       guint32 data);

G_END_DECLS
