/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A minimal reader of the protocol buffers wire format
 * (https://protobuf.dev/programming-guides/encoding/), enough for the files of an Android
 * App Bundle: varints, 64- and 32-bit values and length-delimited fields. Every length is
 * checked against the bytes left; groups (wire types 3 and 4, deprecated) are refused.
 * Nothing is copied: a field's bytes point into the input. */

typedef enum
{
  PS_PROTO_VARINT  = 0,
  PS_PROTO_FIXED64 = 1,
  PS_PROTO_LEN     = 2,
  PS_PROTO_FIXED32 = 5,
} PsProtoWireType;

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
} PsProtoReader;

typedef struct
{
  guint32          number;
  PsProtoWireType  wire_type;
  guint64          value;  /* VARINT, FIXED64, FIXED32 */
  const guint8    *data;   /* LEN: the field's bytes, @len of them */
  gsize            len;
} PsProtoField;

void      ps_proto_reader_init (PsProtoReader      *reader,
                                const guint8       *data,
                                gsize               len);
gboolean  ps_proto_at_end      (const PsProtoReader *reader);
/* The next field; FALSE with PS_ERROR_INVALID_DATA when it is malformed or runs past the
 * end. Call only when not at the end. */
gboolean  ps_proto_next        (PsProtoReader      *reader,
                                PsProtoField       *field,
                                GError            **error);
/* A length-delimited field as UTF-8 text without NUL, newly allocated; NULL with
 * PS_ERROR_INVALID_DATA naming @what otherwise. */
char     *ps_proto_dup_string  (const PsProtoField *field,
                                const char         *what,
                                GError            **error);
/* A field that must be a varint (a uint32 or a bool): FALSE with an error naming @what
 * when it has another wire type or does not fit in 32 bits. */
gboolean  ps_proto_get_uint32  (const PsProtoField *field,
                                const char         *what,
                                guint32            *out,
                                GError            **error);

G_END_DECLS
