/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ps-error.h"
#include "ps-proto.h"

/* Wire format: each field is a varint key (field number << 3 | wire type) followed by its
 * value; varints are little-endian groups of 7 bits, at most 10 bytes. See
 * https://protobuf.dev/programming-guides/encoding/ */

#define MAX_VARINT_BYTES 10
#define MAX_FIELD_NUMBER ((1u << 29) - 1)

void
ps_proto_reader_init (PsProtoReader *reader,
                      const guint8  *data,
                      gsize          len)
{
  reader->data = data;
  reader->len = data != NULL ? len : 0;
  reader->pos = 0;
}

gboolean
ps_proto_at_end (const PsProtoReader *reader)
{
  return reader->pos >= reader->len;
}

static gboolean
read_varint (PsProtoReader  *reader,
             guint64        *out,
             GError        **error)
{
  guint64 value = 0;

  for (guint i = 0; i < MAX_VARINT_BYTES; i++)
    {
      guint8 byte;

      if (reader->pos >= reader->len)
        {
          g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                               _("A protocol buffer number runs past the end"));
          return FALSE;
        }
      byte = reader->data[reader->pos++];
      /* The tenth byte holds only the 64th bit. */
      if (i == MAX_VARINT_BYTES - 1 && byte > 1)
        break;
      value |= (guint64) (byte & 0x7f) << (7 * i);
      if ((byte & 0x80) == 0)
        {
          *out = value;
          return TRUE;
        }
    }
  g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                       _("A protocol buffer number is longer than 64 bits"));
  return FALSE;
}

static gboolean
read_fixed (PsProtoReader  *reader,
            guint           size,
            guint64        *out,
            GError        **error)
{
  if (reader->len - reader->pos < size)
    {
      g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                           _("A protocol buffer number runs past the end"));
      return FALSE;
    }
  *out = 0;
  for (guint i = 0; i < size; i++)
    *out |= (guint64) reader->data[reader->pos + i] << (8 * i);
  reader->pos += size;
  return TRUE;
}

gboolean
ps_proto_next (PsProtoReader  *reader,
               PsProtoField   *field,
               GError        **error)
{
  guint64 key, length;

  if (!read_varint (reader, &key, error))
    return FALSE;
  if ((key >> 3) == 0 || (key >> 3) > MAX_FIELD_NUMBER)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, key >> 3);

      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("A protocol buffer field has the invalid number %s"), number);
      return FALSE;
    }
  field->number = (guint32) (key >> 3);
  field->wire_type = key & 7;
  field->value = 0;
  field->data = NULL;
  field->len = 0;
  switch (field->wire_type)
    {
    case PS_PROTO_VARINT:
      return read_varint (reader, &field->value, error);
    case PS_PROTO_FIXED64:
      return read_fixed (reader, 8, &field->value, error);
    case PS_PROTO_FIXED32:
      return read_fixed (reader, 4, &field->value, error);
    case PS_PROTO_LEN:
      if (!read_varint (reader, &length, error))
        return FALSE;
      if (length > reader->len - reader->pos)
        {
          g_autofree char *size = g_strdup_printf ("%" G_GUINT64_FORMAT, length);
          g_autofree char *left = g_strdup_printf ("%" G_GSIZE_FORMAT,
                                                   reader->len - reader->pos);

          g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                       _("A protocol buffer field of %s bytes runs past the end (%s bytes "
                         "left)"), size, left);
          return FALSE;
        }
      field->data = reader->data + reader->pos;
      field->len = (gsize) length;
      reader->pos += (gsize) length;
      return TRUE;
    default:
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("A protocol buffer field has the unsupported wire type %u"),
                   (guint) field->wire_type);
      return FALSE;
    }
}

char *
ps_proto_dup_string (const PsProtoField  *field,
                     const char          *what,
                     GError             **error)
{
  if (field->wire_type != PS_PROTO_LEN)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("%s: a string was expected, found wire type %u"), _(what),
                   (guint) field->wire_type);
      return NULL;
    }
  /* g_utf8_validate() with a length refuses NUL bytes too. */
  if (field->len > 0 && !g_utf8_validate ((const char *) field->data, field->len, NULL))
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA, _("%s: not UTF-8 text"), _(what));
      return NULL;
    }
  return g_strndup ((const char *) field->data, field->len);
}

gboolean
ps_proto_get_uint32 (const PsProtoField  *field,
                     const char          *what,
                     guint32             *out,
                     GError             **error)
{
  if (field->wire_type != PS_PROTO_VARINT)
    {
      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("%s: a number was expected, found wire type %u"), _(what),
                   (guint) field->wire_type);
      return FALSE;
    }
  /* A negative int32 is written sign-extended to 64 bits. */
  if (field->value > G_MAXUINT32 && (field->value >> 31) != G_GUINT64_CONSTANT (0x1ffffffff))
    {
      g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, field->value);

      g_set_error (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                   _("%s: the number %s does not fit in 32 bits"), _(what), number);
      return FALSE;
    }
  *out = (guint32) field->value;
  return TRUE;
}
